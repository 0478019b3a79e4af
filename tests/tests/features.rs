//! Per-resource cargo features never break the build: the OpenAI crate of
//! `../shared/specs/openai.yaml` passes `cargo clippy -D warnings` with no
//! feature at all (runtime and client only) and with each of a sample of
//! resource features alone. The feature-complete build is the `full_specs`
//! test's; this one shares its crate directory and target directory, and runs
//! `clippy` (a check, no code generation) on the library only.

use std::process::Command;
use std::time::{Duration, Instant};

use tests::harness::{full_spec_crate, full_specs_target, run_bounded, spec, tail, Report};

/// A sample of OpenAI's root namespaces: big and small closures, streams, uploads, binary answers.
const SAMPLE: [&str; 5] = ["chat", "responses", "files", "batches", "audio"];

/// One check of the crate (dependencies already checked) takes seconds to a minute.
const TIMEOUT: Duration = Duration::from_secs(20 * 60);

#[test]
fn each_resource_feature_builds_alone() {
    let Some(spec) = spec("openai") else { return };
    let started = Instant::now();
    let (dir, generated) = full_spec_crate(&spec, "openai").unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = generated.apis[0].features.resources.iter().map(|f| f.name.as_str()).collect();
    for feature in SAMPLE {
        assert!(names.contains(&feature), "no feature `{feature}` among {names:?}");
    }
    let report = Report::new("features");
    let runs = std::iter::once(None).chain(SAMPLE.map(Some));
    let mut failures = Vec::new();
    for feature in runs {
        let run_started = Instant::now();
        let mut args = vec!["clippy", "--message-format=short", "--no-default-features"];
        if let Some(feature) = feature {
            args.extend(["--features", feature]);
        }
        args.extend(["--", "-D", "warnings"]);
        let mut cargo = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        cargo.args(&args).current_dir(&dir).env("CARGO_TARGET_DIR", full_specs_target()).env_remove("RUSTFLAGS");
        let label = feature.unwrap_or("none");
        let log = dir.with_file_name(format!("openai.features-{label}.log"));
        let (ok, output) = run_bounded(cargo, &log, TIMEOUT);
        if !ok || output.contains("warning:") {
            failures.push(format!("`cargo {}`; see {}:\n{}", args.join(" "), log.display(), tail(&output, 30)));
        }
        report.line(&format!(
            "openai --no-default-features, features [{label}]: clippy in {:.1?}",
            run_started.elapsed()
        ));
    }
    report.line(&format!("features: {:.1?} in all", started.elapsed()));
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// A crate of a split spec (Portkey's, 1,357 types) beside one that is not
/// (Portkey's of 2024, 571 types) builds: the runtime is then a crate of its
/// own, and the unsplit spec's models, in the main crate, still find its
/// macros at the crate root. Clippy `-D warnings`, library only.
#[test]
fn a_split_spec_beside_an_unsplit_one_builds() {
    let (Some(big), Some(small)) = (spec("portkey"), spec("portkey-2024")) else { return };
    let source = |path: &std::path::Path, module: &str| codegen::SpecSource {
        file: path.display().to_string(),
        module: module.to_string(),
        text: std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        config: None,
    };
    let options = codegen::CrateOptions { name: "mixed-specs".into(), standalone: true, ..Default::default() };
    let generated = codegen::generate(&[source(&big, "portkey"), source(&small, "portkey_2024")], &options)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(generated.apis[0].parts.is_some(), "Portkey's spec is no longer split");
    assert!(generated.apis[1].parts.is_none(), "Portkey's spec of 2024 is split");
    let dir = tests::harness::root().join("target/full-specs/mixed-specs");
    codegen::output::write_all(&dir, &generated.files).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    std::fs::copy(tests::harness::root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("Cargo.lock");
    let mut cargo = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cargo
        .args(["clippy", "--lib", "--message-format=short", "--", "-D", "warnings"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", full_specs_target())
        .env_remove("RUSTFLAGS");
    let log = dir.with_file_name("mixed-specs.clippy.log");
    let (ok, output) = run_bounded(cargo, &log, TIMEOUT);
    assert!(ok && !output.contains("warning:"), "see {}:\n{}", log.display(), tail(&output, 30));
}
