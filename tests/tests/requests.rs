//! Requests as people write them, against the crates generated from the full
//! specs: (1) how many request bodies `new(required…)` builds (every struct
//! body, in both OpenAI and Portkey); (2) the everyday tasks of
//! `tests/requests/tasks.rs`, built against the full OpenAI crate, set up with
//! `Client::from_env()` (variables set for the child process only) and run
//! against a recording loopback server whose requests are checked here.
//! Skipped without `../shared/specs`.

use std::process::Command;
use std::time::Duration;

use codegen::ir::{BodyKind, TypeKind};
use serde_json::{json, Value};
use tests::harness::*;
use wiremock::MockServer;

const KEY: &str = "sk-requests-test";

/// Request bodies of `stem` whose type is a struct, and how many of them have
/// `new(required…)` (which also stands for `Default` when nothing is required).
fn constructible_bodies(stem: &str) -> Option<(usize, usize, Vec<String>)> {
    let spec = spec(stem)?;
    let source = codegen::SpecSource {
        file: format!("../shared/specs/{stem}.yaml"),
        module: stem.to_string(),
        text: std::fs::read_to_string(spec).unwrap(),
        config: None,
    };
    let api = codegen::ir::lower(&codegen::load::load(&source.file, &source.text).unwrap(), stem).unwrap();
    let mut bodies: Vec<&str> = api
        .operations
        .iter()
        .flat_map(|op| op.body.iter().flat_map(|b| b.contents.iter()))
        .filter(|(_, kind, _)| matches!(kind, BodyKind::Json | BodyKind::Multipart | BodyKind::Form))
        .filter_map(|(_, _, ty)| match ty {
            codegen::ir::Type::Named(n) => Some(n.as_str()),
            _ => None,
        })
        .filter(|n| matches!(api.types.get(*n).map(|d| &d.kind), Some(TypeKind::Struct(_))))
        .collect();
    bodies.sort();
    bodies.dedup();
    let missing: Vec<String> = bodies
        .iter()
        .filter(|n| api.conveniences.get(**n).and_then(|c| c.constructor.as_ref()).is_none())
        .map(|n| n.to_string())
        .collect();
    Some((bodies.len(), bodies.len() - missing.len(), missing))
}

#[test]
fn every_request_body_has_a_constructor() {
    let report = Report::new("requests");
    for stem in ["openai", "portkey"] {
        let Some((total, built, missing)) = constructible_bodies(stem) else { return };
        let line = format!("{stem}: {built} of {total} struct request bodies built with new(required…)");
        println!("{line}");
        report.line(&line);
        assert!(missing.is_empty(), "{stem}: no constructor for {missing:?}");
        assert!(total > 50, "{stem}: only {total} bodies found");
    }
}

#[test]
fn everyday_tasks_against_the_full_openai_crate() {
    let Some(spec) = spec("openai") else { return };
    let (crate_dir, _) = full_spec_crate(&spec, "openai").unwrap_or_else(|e| panic!("{e}"));
    let program = build_example(&crate_dir, "tasks", &root().join("tests/requests/tasks.rs"));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        mount_canned(&server).await;
        server
    });
    let mut cmd = Command::new(&program);
    // Set for the child only: the test process stays untouched.
    cmd.env("OPENAI_API_KEY", KEY)
        .env("OPENAI_BASE_URL", format!("{}/v1", server.uri()))
        .env("OPENAI_ORG_ID", "org-test")
        .env("OPENAI_PROJECT_ID", "proj_test");
    let log = root().join("target/full-specs/tasks.log");
    let (ok, output) = run_bounded(cmd, &log, Duration::from_secs(60));
    assert!(ok, "tasks failed:\n{}", tail(&output, 40));
    let lines = ["chat: ", "chat stream: ", "tool call: ", "structured: ok", "embeddings: ", "images: ", "responses: "];
    for line in lines.into_iter().chain(["batch: ", "tuned: 1 choices"]) {
        assert!(output.contains(line), "no `{line}` in:\n{output}");
    }
    let requests = runtime.block_on(server.received_requests()).unwrap_or_default();
    let bodies: Vec<(String, Value)> = requests
        .iter()
        .map(|r| {
            let header = |name: &str| r.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
            assert_eq!(header("authorization"), Some(format!("Bearer {KEY}")));
            assert_eq!(header("openai-organization").as_deref(), Some("org-test"));
            assert_eq!(header("openai-project").as_deref(), Some("proj_test"));
            (r.url.path().to_string(), serde_json::from_slice(&r.body).unwrap_or(Value::Null))
        })
        .collect();
    let sent = |path: &str, i: usize| -> &Value {
        &bodies.iter().filter(|(p, _)| p == path).nth(i).unwrap_or_else(|| panic!("no request {i} to {path}")).1
    };
    let user = |text: &str| json!({"role": "user", "content": text});
    assert_eq!(
        sent("/v1/chat/completions", 0),
        &json!({"model": "gpt-3.5-turbo", "messages": [
            {"role": "system", "content": "You are a helpful assistant."},
            user("Who won the world series in 2020?"),
            {"role": "assistant", "content": "The Los Angeles Dodgers won the World Series in 2020."},
            user("Where was it played?")]})
    );
    assert_eq!(
        sent("/v1/chat/completions", 1),
        &json!({"model": "gpt-3.5-turbo", "stream": true,
            "messages": [user("write a song if Coldplay and AR Rahman collaborated together")]})
    );
    let tool_call = sent("/v1/chat/completions", 2);
    assert_eq!(tool_call["max_tokens"], json!(512));
    assert_eq!(tool_call["messages"], json!([user("What's the weather like in Boston and Atlanta?")]));
    assert_eq!(tool_call["tools"][0]["type"], "function");
    assert_eq!(tool_call["tools"][0]["function"]["name"], "get_current_weather");
    assert_eq!(tool_call["tools"][0]["function"]["parameters"]["required"], json!(["location"]));
    let structured = sent("/v1/chat/completions", 3);
    assert_eq!(structured["max_tokens"], json!(512));
    assert_eq!(structured["response_format"]["type"], "json_schema");
    assert_eq!(structured["response_format"]["json_schema"]["name"], "math_reasoning");
    assert_eq!(structured["response_format"]["json_schema"]["strict"], true);
    assert_eq!(structured["response_format"]["json_schema"]["schema"]["required"], json!(["final_answer"]));
    assert_eq!(
        sent("/v1/embeddings", 0),
        &json!({"model": "text-embedding-ada-002", "input": [
            "Why do programmers hate nature? It has too many bugs.",
            "Why was the computer cold? It left its Windows open."]})
    );
    assert_eq!(
        sent("/v1/images/generations", 0),
        &json!({"prompt": "cats on sofa and carpet in living room", "model": "gpt-image-1", "n": 2,
            "size": "auto", "user": "async-openai"})
    );
    assert_eq!(sent("/v1/responses", 0), &json!({"model": "gpt-4o", "input": "Say hi", "instructions": "Be brief"}));
    assert_eq!(
        sent("/v1/batches", 0),
        &json!({"input_file_id": "file-abc123", "endpoint": "/v1/chat/completions", "completion_window": "24h"})
    );
}

#[test]
fn portkey_client_from_the_environment() {
    let Some(spec) = spec("portkey") else { return };
    let (crate_dir, _) = full_spec_crate(&spec, "portkey").unwrap_or_else(|e| panic!("{e}"));
    let program = build_example(&crate_dir, "from_env", &root().join("tests/requests/portkey_env.rs"));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        mount_canned(&server).await;
        server
    });
    let run = |vars: &[(&str, String)]| {
        let mut cmd = Command::new(&program);
        cmd.env_remove("PORTKEY_API_KEY").env_remove("PORTKEY_BASE_URL");
        for (k, v) in vars {
            cmd.env(k, v);
        }
        run_bounded(cmd, &root().join("target/full-specs/portkey-env.log"), Duration::from_secs(60))
    };
    let (ok, output) =
        run(&[("PORTKEY_API_KEY", "pk-env".into()), ("PORTKEY_BASE_URL", format!("{}/v1", server.uri()))]);
    assert!(ok && output.contains("cancelled: batch_abc123"), "{output}");
    let requests = runtime.block_on(server.received_requests()).unwrap_or_default();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.path(), "/v1/batches/batch_abc123/cancel");
    assert_eq!(requests[0].headers.get("x-portkey-api-key").and_then(|v| v.to_str().ok()), Some("pk-env"));
    // Without the key, from_env is a configuration error naming the variable.
    let (ok, output) = run(&[]);
    assert!(!ok && output.contains("PORTKEY_API_KEY is not set"), "{output}");
}
