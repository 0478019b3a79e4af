//! The command line as users run it: errors, all-or-nothing output, `--check`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).current_dir(root()).output().unwrap()
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// A scratch directory under `target/`, fresh for each test.
fn scratch(name: &str) -> PathBuf {
    let dir = root().join("target/xtask-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A broken spec: exit code 1, one line naming file, pointer (and line), and the output untouched.
fn assert_refused(spec: &str, expected: &[&str]) {
    let out = scratch(&format!("refused-{}", spec.replace(['/', '.'], "-")));
    std::fs::write(out.join("keep.txt"), "untouched").unwrap();
    let output = xtask(&["generate", "--spec", spec, "--out", out.to_str().unwrap()]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert_eq!(message.trim_end().lines().count(), 1, "one line: {message}");
    assert!(message.contains(spec), "names the file: {message}");
    for part in expected {
        assert!(message.contains(part), "mentions `{part}`: {message}");
    }
    let entries: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(entries, ["keep.txt"], "output directory untouched");
    assert_eq!(std::fs::read_to_string(out.join("keep.txt")).unwrap(), "untouched");
}

#[test]
fn bad_ref_names_file_pointer_and_line() {
    assert_refused(
        "xtask/tests/broken/bad_ref.yaml",
        &["/components/schemas/Thing/properties/other", ":10:", "#/components/schemas/Nope"],
    );
}

#[test]
fn wrong_type_names_file_pointer_and_line() {
    assert_refused(
        "xtask/tests/broken/wrong_type.yaml",
        &["/components/schemas/Thing/properties/id/type", ":10:", "strin"],
    );
}

#[test]
fn yaml_syntax_error_names_file_and_line() {
    assert_refused("xtask/tests/broken/bad_yaml.yaml", &[":5:", "invalid YAML"]);
}

#[test]
fn check_passes_on_fresh_output_and_fails_after_a_hand_edit() {
    let out = scratch("check");
    let out_str = out.to_str().unwrap();
    let args = ["generate", "--spec", "specs/openai.yaml", "--out", out_str];
    assert!(xtask(&args).status.success());
    let first = std::fs::read_to_string(out.join("src/openai/models.rs")).unwrap();

    let check = xtask(&[&args[..], &["--check"]].concat());
    assert!(check.status.success(), "{}", stderr(&check));

    // Deterministic: a second run writes the same bytes.
    assert!(xtask(&args).status.success());
    assert_eq!(std::fs::read_to_string(out.join("src/openai/models.rs")).unwrap(), first);

    std::fs::write(out.join("src/openai/models.rs"), first.replace("pub struct", "pub(crate) struct")).unwrap();
    std::fs::write(out.join("src/extra.rs"), "// not generated").unwrap();
    let check = xtask(&[&args[..], &["--check"]].concat());
    let message = stderr(&check);
    assert_eq!(check.status.code(), Some(1));
    assert!(message.contains("changed: src/openai/models.rs"), "{message}");
    assert!(message.contains("not generated: src/extra.rs"), "{message}");
    assert!(message.contains("cargo xtask generate"), "says how to fix it: {message}");
}

#[test]
fn standalone_crate_declares_its_own_workspace() {
    let out = scratch("standalone");
    assert!(xtask(&["generate", "--spec", "specs/portkey.yaml", "--out", out.to_str().unwrap()]).status.success());
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("\n[workspace]\n"), "{manifest}");
    assert!(out.join("src/portkey/mod.rs").exists() && !out.join("src/openai").exists());
}

const FIELDS_OLD: &str = "codegen/tests/diff/fields/old.yaml";
const FIELDS_NEW: &str = "codegen/tests/diff/fields/new.yaml";
const DOCS_OLD: &str = "codegen/tests/diff/docs_only/old.yaml";
const DOCS_NEW: &str = "codegen/tests/diff/docs_only/new.yaml";

/// `diff --fail-on breaking`: the chosen exit code only when something breaks a Rust user.
#[test]
fn diff_fails_on_breaking_only_when_asked() {
    let plain = xtask(&["diff", FIELDS_OLD, FIELDS_NEW]);
    assert_eq!(plain.status.code(), Some(0), "{}", stderr(&plain));
    let text = String::from_utf8_lossy(&plain.stdout);
    assert!(text.starts_with("## Rust API changes"), "{text}");
    assert!(text.contains("**Semver: major.**"), "{text}");

    let gated = xtask(&["diff", FIELDS_OLD, FIELDS_NEW, "--fail-on", "breaking"]);
    assert_eq!(gated.status.code(), Some(2), "default fail code");
    let chosen = xtask(&["diff", FIELDS_OLD, FIELDS_NEW, "--fail-on", "wire", "--exit-code", "7"]);
    assert_eq!(chosen.status.code(), Some(7));
    let docs = xtask(&["diff", DOCS_OLD, DOCS_NEW, "--fail-on", "breaking"]);
    assert_eq!(docs.status.code(), Some(0), "docs-only changes break nothing");

    let bad = xtask(&["diff", FIELDS_OLD]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("two spec files"), "{}", stderr(&bad));
}

/// JSON for tools, and IRs saved by `cargo xtask ir` diff as the specs do.
#[test]
fn diff_json_and_saved_irs() {
    let dir = scratch("diff-ir");
    let (old_ir, new_ir) = (dir.join("old.json"), dir.join("new.json"));
    for (spec, ir) in [(FIELDS_OLD, &old_ir), (FIELDS_NEW, &new_ir)] {
        let saved = xtask(&["ir", spec, "--out", ir.to_str().unwrap()]);
        assert!(saved.status.success(), "{}", stderr(&saved));
    }
    let from_specs = xtask(&["diff", FIELDS_OLD, FIELDS_NEW, "--format", "json"]);
    let from_irs = xtask(&["diff", old_ir.to_str().unwrap(), new_ir.to_str().unwrap(), "--format", "json"]);
    let parse = |o: &Output| -> serde_json::Value { serde_json::from_slice(&o.stdout).expect("JSON report") };
    let (a, b) = (parse(&from_specs), parse(&from_irs));
    assert_eq!(a["semver"], "major");
    let breaking = a["changes"].as_array().unwrap().iter().filter(|c| c["rust"]["breaking"] == true).count();
    assert!(breaking > 0);
    assert_eq!(a["breaking_for_rust"], breaking, "the count agrees with the list");
    assert_eq!(a["changes"], b["changes"], "the same changes from the specs and from their saved IRs");
    assert_eq!(a["docs"], b["docs"]);
}

/// `generate --report`: the committed specs against themselves change nothing.
#[test]
fn generate_report_against_committed_specs() {
    let dir = scratch("generate-report");
    let report = dir.join("report.md");
    let out = dir.join("crate");
    let output = xtask(&[
        "generate",
        "--spec",
        "specs/openai.yaml",
        "--out",
        out.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(text.contains("HEAD:specs/openai.yaml → specs/openai.yaml: 0 changes ("), "{text}");
    assert!(text.contains("**Semver: none.**"), "{text}");
}
