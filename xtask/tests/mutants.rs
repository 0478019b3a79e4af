//! Bounded mutation test of the whole generator (load, IR, emit, output).
//!
//! Mutants of every spec of ours (`specs/`, `codegen/tests/fixtures/`), of the
//! four full specs in `../shared/specs` and of the small specs in
//! `../shared/cases` (when present): byte edits, truncation, lines dropped or
//! doubled, bytes that are not text, and structural edits (a schema made a
//! `$ref` to itself, two-schema rings, allOf/anyOf holding themselves,
//! references moved, keys dropped, values retyped, deep wrapping). Plus inputs
//! past every documented limit. Every mutant must give `Ok` or a clean error
//! (one line, with a line number, no control characters), never a panic or a
//! hang; a subset runs through the `xtask` binary, whose process must exit 0
//! or 1 with no panic message, and leave the output directory as it was.
//!
//! Bounded by time (`MUTANTS_SECONDS`, default 25, at least 50 mutants of
//! the small specs after the fixed part) on a deterministic sequence
//! (`MUTANTS_SEED`); the counts go to `target/test-reports/mutants.txt`.

mod common;
use common::listing;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// Longest any one mutant may take (a debug build generates openai.yaml in ~4 s).
const HANG_BOUND: Duration = Duration::from_secs(90);
/// Stack of the thread a mutant runs on: the main thread of `xtask` has 8 MiB.
const STACK: usize = 4 << 20;

static PANICS: AtomicUsize = AtomicUsize::new(0);

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

struct Seed {
    name: String,
    text: String,
    /// Large: mutated once each, not run through the binary.
    full: bool,
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() && depth > 0 {
            yaml_files(&path, out, depth - 1);
        } else if path.extension().is_some_and(|x| x == "yaml" || x == "json") {
            out.push(path);
        }
    }
}

fn seeds() -> Vec<Seed> {
    let root = root();
    let mut paths = Vec::new();
    yaml_files(&root.join("specs"), &mut paths, 0);
    yaml_files(&root.join("codegen/tests/fixtures"), &mut paths, 0);
    yaml_files(&root.join("../shared/cases"), &mut paths, 2);
    let mut seeds: Vec<Seed> = paths
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            // Inputs that are hostile by design (bombs, chains) are mutated below by hand.
            (text.len() < 64 << 10).then(|| Seed {
                name: p.strip_prefix(&root).unwrap_or(&p).display().to_string(),
                text,
                full: false,
            })
        })
        .collect();
    let mut full = Vec::new();
    yaml_files(&root.join("../shared/specs"), &mut full, 0);
    if full.is_empty() {
        eprintln!("../shared/specs is absent: its specs were skipped");
    }
    for p in full {
        let text = std::fs::read_to_string(&p).unwrap();
        seeds.push(Seed { name: p.file_name().unwrap().to_string_lossy().into_owned(), text, full: true });
    }
    seeds
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One mutant of `text`: bytes (possibly not UTF-8) and what was done.
fn mutate(text: &str, rng: &mut Rng) -> (Vec<u8>, &'static str) {
    let mut bytes = text.as_bytes().to_vec();
    let alphabet: &[u8] = b" \n\t-:[]{},&*!|>'\"#?%@`0123456789.aeinlrtuxy$/~<";
    match rng.below(8) {
        0 => {
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(bytes.len());
                let c = alphabet[rng.below(alphabet.len())];
                match rng.below(3) {
                    _ if bytes.is_empty() => bytes.push(c),
                    0 => bytes[at] = c,
                    1 => bytes.insert(at, c),
                    _ => {
                        bytes.remove(at);
                    }
                }
            }
            (bytes, "byte edits")
        }
        1 => {
            bytes.truncate(rng.below(bytes.len()));
            (bytes, "truncated")
        }
        2 | 3 => {
            let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
            let at = rng.below(lines.len());
            if lines.is_empty() {
                lines.push("\n");
            } else if rng.below(2) == 0 {
                lines.remove(at);
            } else {
                lines.insert(at, lines[at]);
            }
            (lines.concat().into_bytes(), "line dropped or doubled")
        }
        4 => {
            let bad: &[&[u8]] =
                &[b"\xff", b"\xc3", b"\x00", b"\x1b[2J", b"\r", b"\x0b", b"\xef\xbf\xbe", b"\xe2\x80\xae"];
            let at = rng.below(bytes.len());
            let insert = bad[rng.below(bad.len())];
            bytes.splice(at..at, insert.iter().copied());
            (bytes, "not text")
        }
        _ => match codegen::load::parse_yaml(text) {
            Ok((mut value, _)) => {
                let what = structural(&mut value, rng);
                (serde_json::to_vec(&value).unwrap(), what)
            }
            Err(_) => (bytes, "unparsable seed"),
        },
    }
}

/// The JSON pointer of every node of `value`.
fn pointers(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending = vec![(String::new(), value)];
    while let Some((at, v)) = pending.pop() {
        match v {
            Value::Object(map) => pending
                .extend(map.iter().map(|(k, v)| (format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), v))),
            Value::Array(items) => pending.extend(items.iter().enumerate().map(|(i, v)| (format!("{at}/{i}"), v))),
            _ => {}
        }
        out.push(at);
    }
    out
}

/// One structural edit of a parsed spec.
fn structural(doc: &mut Value, rng: &mut Rng) -> &'static str {
    let names: Vec<String> = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let reference =
        |name: &str| json!({ "$ref": format!("#/components/schemas/{}", name.replace('~', "~0").replace('/', "~1")) });
    if !names.is_empty() && rng.below(2) == 0 {
        let a = names[rng.below(names.len())].clone();
        let b = names[rng.below(names.len())].clone();
        let schemas = doc.pointer_mut("/components/schemas").and_then(Value::as_object_mut).unwrap();
        match rng.below(6) {
            0 => {
                schemas.insert(a.clone(), reference(&a));
                return "self $ref";
            }
            1 => {
                schemas.insert(a.clone(), reference(&b));
                schemas.insert(b.clone(), reference(&a));
                return "two-schema ring";
            }
            2 => {
                let own = schemas.get(&a).cloned().unwrap_or(json!({}));
                schemas.insert(a.clone(), json!({ "allOf": [reference(&a), own] }));
                return "allOf holding itself";
            }
            3 => {
                schemas.insert(a.clone(), json!({ "anyOf": [reference(&a)] }));
                return "anyOf of only itself";
            }
            4 => {
                schemas.insert(a.clone(), json!({ "allOf": [reference(&b)], "description": "x" }));
                schemas.insert(b.clone(), json!({ "oneOf": [reference(&a)] }));
                return "alias ring";
            }
            _ => {
                schemas.insert(a.clone(), json!({ "type": "array", "items": reference(&a) }));
                return "list of itself";
            }
        }
    }
    let all = pointers(doc);
    let Some(target) = doc.pointer_mut(&all[rng.below(all.len())]) else { return "no node" };
    match rng.below(5) {
        0 => {
            if let Value::Object(map) = target {
                if !map.is_empty() {
                    let key = map.keys().nth(rng.below(map.len())).cloned().unwrap_or_default();
                    map.shift_remove(&key);
                }
            }
            "key dropped"
        }
        1 => {
            let replacements = [json!(null), json!(7), json!("x"), json!([]), json!({}), json!(true), json!(-1.5e300)];
            *target = replacements[rng.below(replacements.len())].clone();
            "value retyped"
        }
        2 => {
            if let Value::Object(map) = target {
                let name = names.get(rng.below(names.len().max(1))).cloned().unwrap_or_else(|| "Nope".into());
                map.insert("$ref".into(), reference(&name)["$ref"].clone());
            }
            "$ref moved"
        }
        3 => {
            // Up to past the nesting limit, through a keyword that nests schemas.
            let (levels, how) = (1 + rng.below(80), rng.below(4));
            let mut wrapped = target.take();
            for _ in 0..levels {
                wrapped = match how {
                    0 => json!({ "allOf": [wrapped] }),
                    1 => json!({ "type": "array", "items": wrapped }),
                    2 => json!({ "type": "object", "additionalProperties": wrapped }),
                    _ => json!({ "type": "object", "properties": { "p": wrapped } }),
                };
            }
            *target = wrapped;
            "wrapped deep"
        }
        _ => {
            if let Value::Object(map) = target {
                map.insert("$defs".into(), json!({ "D": { "$ref": "#/$defs/D" } }));
                map.insert("items".into(), json!({ "$ref": "#/$defs/D" }));
            }
            "local $defs ring"
        }
    }
}

/// Inputs past every limit: deeper, longer and larger than any bound.
fn beyond_limits() -> Vec<(String, Vec<u8>)> {
    let head = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n";
    let chain = |n: usize, link: &dyn Fn(usize) -> String| {
        let mut text = head.to_string();
        for i in 0..n {
            text.push_str(&link(i));
        }
        text.push_str(&format!("    S{n}: {{type: object, properties: {{end: {{type: string}}}}}}\n"));
        text.into_bytes()
    };
    let nested = |n: usize| {
        let schema = format!("{}{{type: string}}{}", "{type: object, properties: {a: ".repeat(n), "}}".repeat(n));
        format!("{head}    Deep: {schema}\n").into_bytes()
    };
    let mut bomb = format!("{head}x-a: &a {}\nx-b: &b [", "x".repeat(1 << 20));
    bomb.push_str(&vec!["*a"; 64].join(", "));
    bomb.push_str("]\nx-c: [");
    bomb.push_str(&vec!["*b"; 64].join(", "));
    bomb.push_str("]\n");
    vec![
        (
            "allOf chain of 300 links".into(),
            chain(300, &|i| {
                format!("    S{i}: {{allOf: [{{$ref: '#/components/schemas/S{}'}}, {{properties: {{f{i}: {{type: string}}}}}}]}}\n", i + 1)
            }),
        ),
        (
            "$ref chain of 3,000".into(),
            chain(3_000, &|i| format!("    S{i}: {{$ref: '#/components/schemas/S{}'}}\n", i + 1)),
        ),
        (
            "alias chain of 3,000".into(),
            chain(3_000, &|i| format!("    S{i}: {{allOf: [{{$ref: '#/components/schemas/S{}'}}]}}\n", i + 1)),
        ),
        (
            "property chain of 1,500 types".into(),
            chain(1_500, &|i| {
                format!(
                    "    S{i}: {{type: object, properties: {{next: {{$ref: '#/components/schemas/S{}'}}}}}}\n",
                    i + 1
                )
            }),
        ),
        (
            "union chain of 1,500 types".into(),
            chain(1_500, &|i| {
                format!("    S{i}: {{oneOf: [{{$ref: '#/components/schemas/S{}'}}, {{type: integer}}]}}\n", i + 1)
            }),
        ),
        ("properties nested 100,000 deep".into(), nested(100_000)),
        (
            "flow lists nested 1,000,000 deep".into(),
            format!("{}{}", "[".repeat(1_000_000), "]".repeat(1_000_000)).into_bytes(),
        ),
        (
            "JSON nested 200,000 deep".into(),
            format!("{{\"openapi\": \"3.0.0\", \"x\": {}1{}}}", "{\"a\": ".repeat(200_000), "}".repeat(200_000))
                .into_bytes(),
        ),
        ("anchors nested through aliases".into(), {
            let mut text = format!("{head}    A0: &a0 {{type: string}}\n");
            for i in 1..200 {
                text.push_str(&format!("    A{i}: &a{i} {{allOf: [*a{}]}}\n", i - 1));
            }
            text.into_bytes()
        }),
        ("alias bomb of 1 MiB strings".into(), bomb.into_bytes()),
    ]
}

enum Outcome {
    Accepted,
    CleanError,
    /// An error without a line, or not on one line.
    UncleanError(String),
    Crash(String),
}

/// Generates `bytes` as xtask does (decode, generate), on a small stack, bounded in time.
fn run_in_process(bytes: Vec<u8>) -> Outcome {
    let (send, receive) = mpsc::channel();
    let worker = std::thread::Builder::new().stack_size(STACK).spawn(move || {
        let panics = PANICS.load(Ordering::SeqCst);
        let result = std::panic::catch_unwind(|| {
            let text = codegen::load::decode("mutant.yaml", bytes)?;
            let source =
                codegen::SpecSource { file: "mutant.yaml".into(), module: "mutant".into(), text, config: None };
            codegen::generate(
                &[source],
                &codegen::CrateOptions { name: "mutant".into(), standalone: true, ..Default::default() },
            )
            .map(|g| g.files.len())
        });
        let outcome = match result {
            Err(_) => Outcome::Crash("panicked".into()),
            Ok(_) if PANICS.load(Ordering::SeqCst) != panics => Outcome::Crash("printed a panic".into()),
            Ok(Ok(_)) => Outcome::Accepted,
            Ok(Err(e)) => {
                let shown = e.to_string();
                if e.line.is_none() || shown.lines().count() != 1 || shown.contains(|c: char| c.is_control()) {
                    Outcome::UncleanError(shown)
                } else {
                    Outcome::CleanError
                }
            }
        };
        let _ = send.send(outcome);
    });
    if let Err(e) = worker {
        return Outcome::Crash(format!("no thread: {e}"));
    }
    receive.recv_timeout(HANG_BOUND).unwrap_or_else(|_| Outcome::Crash(format!("no answer within {HANG_BOUND:?}")))
}

/// Runs the `xtask` binary on `bytes` into `out` (a crate it wrote before).
fn run_binary(bytes: &[u8], scratch: &Path, out: &Path) -> Outcome {
    let spec = scratch.join("mutant.yaml");
    std::fs::write(&spec, bytes).unwrap();
    let before = listing(out);
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["generate", "--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    match output.status.code() {
        Some(0) if stderr.is_empty() => Outcome::Accepted,
        Some(1) if stderr.lines().count() == 1 && !stderr.contains("panicked") => {
            if listing(out) != before {
                Outcome::Crash(format!("refused but changed the output directory: {stderr}"))
            } else if stderr.trim_end().contains(|c: char| c.is_control()) {
                Outcome::UncleanError(stderr)
            } else {
                Outcome::CleanError
            }
        }
        code => Outcome::Crash(format!("exit {code:?}: {stderr}")),
    }
}

#[test]
fn mutants_of_every_spec_give_ok_or_a_clean_error() {
    std::panic::set_hook(Box::new(|info| {
        PANICS.fetch_add(1, Ordering::SeqCst);
        eprintln!("PANIC: {info}");
    }));
    codegen::install_panic_hook();
    let budget = Duration::from_secs(std::env::var("MUTANTS_SECONDS").ok().and_then(|v| v.parse().ok()).unwrap_or(25));
    let mut rng = Rng(std::env::var("MUTANTS_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0x9E37_79B9_7F4A_7C15));
    let seeds = seeds();
    let started = Instant::now();
    let (mut run, mut clean, mut accepted, mut through_binary) = (0usize, 0usize, 0usize, 0usize);
    let mut failures: Vec<String> = Vec::new();
    let mut tally = |outcome: Outcome, what: &str, failures: &mut Vec<String>| {
        run += 1;
        match outcome {
            Outcome::Accepted => accepted += 1,
            Outcome::CleanError => clean += 1,
            Outcome::UncleanError(e) => failures.push(format!("{what}: unclean error: {e:?}")),
            Outcome::Crash(e) => failures.push(format!("{what}: CRASH: {e}")),
        }
    };

    let limits = beyond_limits();
    let past_limits = limits.len();
    for (what, bytes) in limits {
        tally(run_in_process(bytes), &what, &mut failures);
    }
    // The full specs: one mutant each (a few seconds apiece in a debug build).
    for seed in seeds.iter().filter(|s| s.full) {
        let (bytes, how) = mutate(&seed.text, &mut rng);
        tally(run_in_process(bytes), &format!("{} ({how})", seed.name), &mut failures);
    }
    // Some through the binary: exit code, stderr and the output directory as a user sees them.
    let scratch = root().join("target/mutants");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    let out = scratch.join("out");
    let small: Vec<&Seed> = seeds.iter().filter(|s| !s.full).collect();
    assert!(!small.is_empty(), "no specs to mutate");
    let first = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args([
            "generate",
            "--spec",
            &root().join(&small[0].name).display().to_string(),
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    for i in 0..40 {
        let seed = small[i % small.len()];
        let (bytes, how) = mutate(&seed.text, &mut rng);
        // Accepted mutants replace `out`: keep it a crate of the generator's.
        tally(run_binary(&bytes, &scratch, &out), &format!("xtask {} ({how})", seed.name), &mut failures);
        through_binary += 1;
    }
    // The rest of the budget: mutants of the small specs, in process.
    let mut i = 0;
    while started.elapsed() < budget || i < 50 {
        let seed = small[rng.below(small.len())];
        let (bytes, how) = mutate(&seed.text, &mut rng);
        tally(run_in_process(bytes), &format!("{} ({how}, #{i})", seed.name), &mut failures);
        i += 1;
    }

    let crashes = failures.iter().filter(|f| f.contains("CRASH")).count();
    let dir = root().join("target/test-reports");
    std::fs::create_dir_all(&dir).unwrap();
    let mut report = format!(
        "mutants run: {run}, clean errors: {clean}, accepted: {accepted}, crashes: {crashes}, unclean errors: {}\n\
         ({through_binary} through the xtask binary, {} specs mutated, {:.0} s, {} past every limit)\n",
        failures.len() - crashes,
        seeds.len(),
        started.elapsed().as_secs_f64(),
        past_limits,
    );
    for failure in &failures {
        report.push_str(&format!("  {failure}\n"));
    }
    print!("{report}");
    std::fs::write(dir.join("mutants.txt"), &report).unwrap();
    assert!(failures.is_empty(), "{report}");
}
