//! What real servers sent (`../shared/real-answers`: OpenAI, Azure, xAI,
//! Mistral, Groq, DeepSeek, Perplexity, Alibaba, LM Studio, Ollama, GitHub
//! Copilot, Anthropic's compatible endpoint), decoded by the client generated
//! from the full `../shared/specs/openai.yaml`: the program
//! `tests/real_answers/decode.rs`, built as an example of the shared crate
//! `target/full-specs/openai`, decodes every file into the schema its
//! `INDEX.md` names, each event of a `.sse`, through the client's own decode
//! path. Tolerant (the default): every answer must decode, re-encoding must
//! give back every key of the original, and each kind of deviation real
//! servers show must be reported through `runtime::collect_deviations`.
//! Strict: the deviations are listed as a report, not a failure.
//! Also: every real error body, served with an error status, becomes
//! `Error::Api` with the server's message. Skipped without the folders.

use std::collections::BTreeMap;
use std::time::Instant;

use generated::runtime::Error;
use std::process::Command;
use tests::harness::*;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn answers_dir() -> Option<std::path::PathBuf> {
    let dir = root().join("../shared/real-answers");
    if !dir.join("INDEX.md").is_file() {
        println!("skipped: {} not found", dir.display());
        return None;
    }
    Some(dir)
}

/// The program's output for one mode; it must run to its summary line.
fn run(program: &std::path::Path, dir: &std::path::Path, mode: &str) -> String {
    let mut cmd = Command::new(program);
    cmd.arg(dir).arg(mode);
    let log = root().join(format!("target/full-specs/openai.real_answers.{mode}.log"));
    let (ok, output) = run_bounded(cmd, &log, RUN_TIMEOUT);
    assert!(ok, "real_answers {mode} failed:\n{}", tail(&output, 40));
    output
}

fn summary<'a>(output: &'a str, prefix: &str) -> &'a str {
    output
        .lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no `{prefix}` line:\n{}", tail(output, 20)))
}

#[test]
fn real_answers_decode_tolerantly_and_losslessly() {
    let started = Instant::now();
    let (Some(spec), Some(dir)) = (spec("openai"), answers_dir()) else { return };
    let (crate_dir, _) = full_spec_crate(&spec, "openai").unwrap_or_else(|e| panic!("{e}"));
    let program = build_example(&crate_dir, "real_answers", &root().join("tests/real_answers/decode.rs"));
    let report = Report::new("real_answers");

    let output = run(&program, &dir, "tolerant");
    let files = output.lines().filter(|l| l.starts_with("OK ") || l.starts_with("FAIL ")).count();
    let failures: Vec<&str> = output.lines().filter(|l| l.starts_with("FAIL ") || l.starts_with("LOSS ")).collect();
    // Deviations by kind, with one example each.
    let mut kinds: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    for line in output.lines().filter_map(|l| l.strip_prefix("DEVIATION ")) {
        let mut parts = line.splitn(3, ' ');
        let (_file, kind) = (parts.next().unwrap(), parts.next().unwrap());
        kinds.entry(kind).or_insert((0, line)).0 += 1;
    }
    let stream_errors: Vec<&str> = output.lines().filter(|l| l.starts_with("STREAM-ERROR ")).collect();
    for (kind, (count, example)) in &kinds {
        println!("{count} {kind}, e.g. {example}");
    }
    for line in &stream_errors {
        println!("{line}");
    }
    report.line(summary(&output, "real answers: "));

    let strict = run(&program, &dir, "strict");
    let strict_fails: Vec<&str> = strict.lines().filter(|l| l.starts_with("FAIL ")).collect();
    println!("strict, as a report ({} answers refused):", strict_fails.len());
    for line in &strict_fails {
        println!("  {line}");
    }
    report.line(summary(&strict, "real answers (strict): "));
    println!("real answers: {:.0?}", started.elapsed());

    assert!(files > 0, "no answers listed in INDEX.md:\n{}", tail(&output, 20));
    assert!(failures.is_empty(), "answers that did not decode or lost keys:\n{}", failures.join("\n"));
    // The kinds real servers show: a required field left out, `null` where the
    // spec forbids it, another JSON type; and an in-band stream error, typed.
    for kind in ["missing", "null", "invalid"] {
        assert!(kinds.contains_key(kind), "no `{kind}` deviation reported; kinds seen: {kinds:?}");
    }
    assert!(!stream_errors.is_empty(), "no in-band stream error became a typed error item");
    // Strict refuses what tolerant reports: the same answers cannot all decode strictly.
    assert!(!strict_fails.is_empty(), "strict mode refused no answer although deviations were reported");
}

#[tokio::test]
async fn real_error_bodies_become_api_errors_with_the_servers_message() {
    let Some(dir) = answers_dir() else { return };
    let index = std::fs::read_to_string(dir.join("INDEX.md")).unwrap();
    let mut bodies: Vec<(String, String)> = index
        .lines()
        .filter(|l| l.contains("| ErrorResponse |"))
        .filter_map(|l| l.split('|').nth(1).map(|f| f.trim().to_owned()))
        .map(|file| {
            let body = std::fs::read_to_string(dir.join(&file)).unwrap();
            (file, body)
        })
        .collect();
    assert!(!bodies.is_empty(), "INDEX.md lists no ErrorResponse bodies");
    // Shapes servers use besides `{"error": {...}}`, message of another JSON type included.
    for (name, body) in [
        ("detail", r#"{"detail": "Model not found"}"#),
        ("fastapi", r#"{"detail": [{"loc": ["body", "model"], "msg": "field required", "type": "missing"}]}"#),
        ("string error", r#"{"error": "model is required"}"#),
        ("numeric code", r#"{"error": {"message": "slow down", "code": 1302, "type": 7}}"#),
        ("numeric message", r#"{"message": 404, "status": "error"}"#),
    ] {
        bodies.push((name.to_owned(), body.to_owned()));
    }
    let server = MockServer::start().await;
    let client = generated::openai::Client::builder().base_url(server.uri()).api_key("k").build().unwrap();
    for (name, body) in &bodies {
        server.reset().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(400).set_body_raw(body.clone(), "application/json"))
            .mount(&server)
            .await;
        let error = client.vector_stores().file_batches().cancel("vs", "b").max_retries(0).await.unwrap_err();
        let Error::Api(api) = &error else { panic!("{name}: not an API error: {error}") };
        let message = api.message().unwrap_or_else(|| panic!("{name}: no message in {error}"));
        assert!(!message.is_empty(), "{name}");
        assert!(body.contains(message.trim_matches('"')), "{name}: message `{message}` not from the body {body}");
        assert!(!api.body_excerpt.is_empty(), "{name}");
        println!("{name}: {error}");
    }
}
