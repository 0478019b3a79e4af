//! The generated clients against Prism, a mock server that validates every
//! request against the spec and answers with schema-valid data (`-d --seed`).
//! For each full spec in `../shared/specs`, a crate is generated with its
//! contract test (`CrateOptions::contract_tests`) into `target/full-specs/<spec>`,
//! and that test calls every operation; its response must decode into the
//! generated type with strict enums. Failures must be listed, with the
//! reason, in `tests/prism-known-issues.txt`; a listed operation that passes
//! is a stale entry and fails the test too.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tests::harness::{
    find_program, free_port, full_spec_crate, full_specs_target, npm_install, root, run_bounded, tail, wait_listening,
    Killed, Report,
};

/// The specs, by stem (the module name).
const SPECS: [&str; 2] = ["openai", "portkey"];
const SEED: &str = "1";
const PRISM_START_TIMEOUT: Duration = Duration::from_secs(180);
/// Building a full-spec crate takes 2–4 minutes on a shared 2-core machine.
const CARGO_TIMEOUT: Duration = Duration::from_secs(1800);

#[test]
fn every_operation_against_prism() {
    let specs_dir = root().join("../shared/specs");
    if !specs_dir.is_dir() {
        println!("skipped: ../shared/specs not found");
        return;
    }
    let work = root().join("target/prism");
    fs::create_dir_all(&work).unwrap();
    let Some(prism) = install_prism(&work.join("node")) else { return };
    let known = known_issues();

    let started = Instant::now();
    let mut failures: BTreeMap<(String, String), String> = BTreeMap::new();
    let report = Report::new("prism");
    for stem in SPECS {
        let spec = specs_dir.join(format!("{stem}.yaml"));
        let (crate_dir, _) = full_spec_crate(&spec, stem).unwrap_or_else(|e| panic!("{e}"));
        let log = work.join(format!("{stem}.prism.log"));
        let (mut server, port) = start_prism(&prism, &spec, &log);
        let build = cargo(&crate_dir, &["--no-run"], None);
        assert!(build.0, "the generated {stem} crate does not build:\n{}", tail(&build.1, 60));
        wait_listening(&mut server, port, &log, PRISM_START_TIMEOUT);
        let (_, output) = cargo(&crate_dir, &["--", "--nocapture"], Some((stem, &format!("http://127.0.0.1:{port}"))));
        if let Ok(Some(status)) = server.0.try_wait() {
            panic!("Prism exited ({status}):\n{}", tail(&fs::read_to_string(&log).unwrap_or_default(), 30));
        }
        drop(server);
        let counts = output.lines().find(|l| l.starts_with(&format!("{stem}: operations called:")));
        let Some(counts) = counts else { panic!("no counts from the {stem} contract test:\n{}", tail(&output, 60)) };
        report.line(counts);
        for line in output.lines().filter_map(|l| l.strip_prefix("FAIL ")) {
            let (module, rest) = line.split_once(' ').unwrap_or((line, ""));
            let (id, reason) = rest.split_once(": ").unwrap_or((rest, ""));
            failures.insert((module.to_string(), id.to_string()), reason.to_string());
        }
    }

    let unlisted: Vec<String> = failures
        .iter()
        .filter(|(key, _)| !known.contains_key(*key))
        .map(|((spec, id), reason)| format!("  {spec} {id} — {reason}"))
        .collect();
    let stale: Vec<String> =
        known.keys().filter(|key| !failures.contains_key(*key)).map(|(spec, id)| format!("  {spec} {id}")).collect();
    report.line(&format!(
        "{} failures, all listed in tests/prism-known-issues.txt: {}; {:.0?}",
        failures.len(),
        unlisted.is_empty(),
        started.elapsed()
    ));
    let mut problems = String::new();
    if !unlisted.is_empty() {
        problems.push_str(&format!("failures not in tests/prism-known-issues.txt:\n{}\n", unlisted.join("\n")));
    }
    if !stale.is_empty() {
        problems.push_str(&format!(
            "stale entries in tests/prism-known-issues.txt (these pass now):\n{}\n",
            stale.join("\n")
        ));
    }
    assert!(problems.is_empty(), "{problems}");
}

/// `<spec> <operationId> — <reason>` lines; `#` comments and blank lines skipped.
fn known_issues() -> BTreeMap<(String, String), String> {
    let path = root().join("tests/prism-known-issues.txt");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut known = BTreeMap::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let (key, reason) =
            line.split_once(" — ").unwrap_or_else(|| panic!("not `<spec> <operationId> — <reason>`: {line}"));
        let (spec, id) = key.split_once(' ').unwrap_or_else(|| panic!("not `<spec> <operationId> — <reason>`: {line}"));
        let old = known.insert((spec.to_string(), id.trim().to_string()), reason.to_string());
        assert!(old.is_none(), "listed twice: {key}");
    }
    known
}

/// Prism as `tests/node` pins it, installed into `dir`; `None`, after saying
/// so, without npm.
fn install_prism(dir: &Path) -> Option<PathBuf> {
    find_program(&["npm"])?;
    npm_install(dir, &root().join("tests/node"));
    Some(dir.join("node_modules/.bin/prism"))
}

/// A Prism mock server on a free port of 127.0.0.1 (killed on drop), and its log.
fn start_prism(bin: &Path, spec: &Path, log: &Path) -> (Killed, u16) {
    let port = free_port();
    let out = fs::File::create(log).unwrap();
    let child = Command::new(bin)
        .args(["mock", "--dynamic", "--seed", SEED, "--errors", "--host", "127.0.0.1", "--port"])
        .arg(port.to_string())
        .arg(spec)
        .env("SCARF_ANALYTICS", "false")
        .stdin(Stdio::null())
        .stdout(out.try_clone().unwrap())
        .stderr(out)
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", bin.display()));
    (Killed(child), port)
}

/// `cargo test --test contract ARGS` in the generated
/// crate, with `<SPEC>_CONTRACT_URL` when given: success and output.
fn cargo(dir: &Path, args: &[&str], url: Option<(&str, &str)>) -> (bool, String) {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args(["test", "--quiet", "--test", "contract"])
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", full_specs_target());
    if let Some((stem, url)) = url {
        cmd.env(format!("{}_CONTRACT_URL", stem.to_uppercase()), url);
    }
    let log = dir.with_extension("cargo.log");
    run_bounded(cmd, &log, CARGO_TIMEOUT)
}
