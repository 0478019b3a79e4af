//! The four full public specs in `../shared/specs`: each is generated into
//! `target/full-specs/<stem>` with the example harness, must pass clippy with
//! `-D warnings`, and may fail only the examples listed (with the spec bug) in
//! `tests/known-example-failures.txt`; and its per-type code keeps the
//! `#[inline]` rule of `tests::inline_rule`. Skipped when the folder is absent.
//!
//! One test builds the specs one after another: the machine has two cores.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use tests::harness::{full_spec_crate, full_specs_target, root, run_bounded, tail, Report};
use tests::inline_rule::functions_not_inline;

const SPECS: [&str; 4] = ["openai", "openai-3.0", "portkey", "portkey-2024"];

/// Untyped fallbacks tolerated: `(stem, where, why it cannot be typed)`. None today.
const ALLOWED_UNTYPED: &[(&str, &str, &str)] = &[];

/// A cold build of the openai crate takes minutes; a hung one must not hang the suite.
const TIMEOUT: Duration = Duration::from_secs(20 * 60);

#[test]
fn full_specs() {
    let specs = root().join("../shared/specs");
    if !specs.is_dir() {
        println!("skipped: ../shared/specs not found");
        return;
    }
    let started = Instant::now();
    let known = known_failures(&root().join("tests/known-example-failures.txt"));
    let mut problems = Vec::new();
    let report = Report::new("full_specs");
    for stem in SPECS {
        let spec_started = Instant::now();
        let known = known.get(stem).map(Vec::as_slice).unwrap_or_default();
        if let Err(problem) = check_spec(&specs, stem, known, &report) {
            problems.push(format!("{stem}: {problem}"));
        }
        println!("{stem}: done in {:.0?}", spec_started.elapsed());
    }
    println!("full specs: {:.0?} in all", started.elapsed());
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// `stem` → the pointers listed for it.
fn known_failures(path: &Path) -> BTreeMap<String, Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut known: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let entry = line.split_once(" — ").filter(|(_, why)| !why.trim().is_empty());
        let Some((stem, pointer)) = entry.and_then(|(key, _)| key.split_once(' ')) else {
            panic!("{}: `{line}` is not `<stem> <pointer> — <spec bug>`", path.display());
        };
        known.entry(stem.to_owned()).or_default().push(pointer.to_owned());
    }
    known
}

fn check_spec(specs: &Path, stem: &str, known: &[String], report: &Report) -> Result<(), String> {
    let (out, generated) = full_spec_crate(&specs.join(format!("{stem}.yaml")), stem)?;
    let api = &generated.apis[0];
    report.line(&api.summary(false));
    println!("{}", api.summary(true));
    let untyped: Vec<String> = api
        .report
        .untyped
        .iter()
        .filter(|(at, _)| !ALLOWED_UNTYPED.iter().any(|(s, a, _)| *s == stem && a == at))
        .map(|(at, why)| format!("untyped {at}: {why}"))
        .collect();
    if !untyped.is_empty() {
        return Err(format!("untyped fallbacks not allowed:\n  {}", untyped.join("\n  ")));
    }

    not_inline(&generated.files, &api.module)?;

    let target = full_specs_target();
    cargo(&out, &target, &["clippy", "--all-targets", "--", "-D", "warnings"], "clippy")?;
    let output = cargo(&out, &target, &["test", "--test", "examples", "--", "--nocapture"], "test")?;
    judge(&output, &api.module, known, report)
}

/// The per-type and per-operation files keep `tests::inline_rule`: no
/// function there that a build of the crate alone would compile. A big spec's
/// types are in its type crates' `parts/*/src/lib.rs`.
fn not_inline(files: &BTreeMap<String, String>, module: &str) -> Result<(), String> {
    let mut found = Vec::new();
    let parts =
        files.keys().filter(|p| p.starts_with("parts/") && p.ends_with("/src/lib.rs") && !p.contains("/runtime/"));
    let paths: Vec<String> =
        ["models.rs", "resources.rs"].iter().map(|name| format!("src/{module}/{name}")).chain(parts.cloned()).collect();
    for path in paths {
        let source = files.get(&path).ok_or_else(|| format!("{path} was not generated"))?;
        let functions = functions_not_inline(source).map_err(|e| format!("{path}: {e}"))?;
        found.extend(functions.into_iter().map(|f| format!("{path}: {f}")));
    }
    match found.len() {
        0 => Ok(()),
        n => Err(format!("{n} non-generic functions without #[inline], first: {}", found[..n.min(10)].join(", "))),
    }
}

/// Runs cargo in the generated crate with a deadline; its output on success.
fn cargo(dir: &Path, target: &Path, args: &[&str], what: &str) -> Result<String, String> {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.args(args).current_dir(dir).env("CARGO_TARGET_DIR", target);
    // Beside the crate, not in it: `target/full-specs/<stem>.<what>.log`.
    let stem = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let log = dir.with_file_name(format!("{stem}.{what}.log"));
    let (ok, output) = run_bounded(cmd, &log, TIMEOUT);
    if !ok {
        return Err(format!("`cargo {}` failed; see {}:\n{}", args.join(" "), log.display(), tail(&output, 40)));
    }
    if what == "clippy" && output.contains("warning:") {
        return Err(format!("clippy warnings; see {}", log.display()));
    }
    Ok(output)
}

/// Every FAIL must be listed, and every listed example must still fail.
fn judge(output: &str, module: &str, known: &[String], report: &Report) -> Result<(), String> {
    let counts = output
        .lines()
        .find(|l| l.starts_with(&format!("{module}: examples found: ")))
        .ok_or_else(|| format!("no counts line in the examples test output:\n{output}"))?;
    report.line(counts);
    let fails: Vec<&str> = output.lines().filter(|l| l.starts_with("FAIL ")).collect();
    let listed = |line: &str| known.iter().any(|p| line.starts_with(&format!("FAIL {module} {p}: ")));
    let new: Vec<&str> = fails.iter().copied().filter(|l| !listed(l)).collect();
    let stale: Vec<&String> =
        known.iter().filter(|p| !fails.iter().any(|l| l.starts_with(&format!("FAIL {module} {p}: ")))).collect();
    for line in &fails {
        println!("  {line}");
    }
    let mut problems = Vec::new();
    if !new.is_empty() {
        problems.push(format!(
            "{} failures not in tests/known-example-failures.txt:\n  {}",
            new.len(),
            new.join("\n  ")
        ));
    }
    if !stale.is_empty() {
        let stale: Vec<&str> = stale.iter().map(|s| s.as_str()).collect();
        problems.push(format!("listed but no longer failing (remove them):\n  {}", stale.join("\n  ")));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}
