//! The command line as users run it: errors, all-or-nothing output, `--check`.

mod common;
use common::listing;

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

/// `../shared/cases/robust/<rel>`, when the shared inputs are there.
fn shared_case(rel: &str) -> Option<PathBuf> {
    let path = root().join("../shared/cases/robust").join(rel);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped {rel}: ../shared/cases is absent");
        None
    }
}

/// Runs generate on `spec` (a path) into a fresh directory holding one file
/// of ours; on refusal checks the one clean line and the untouched directory.
fn run_refused(name: &str, spec: &Path) -> String {
    let out = scratch(name);
    std::fs::write(out.join("keep.txt"), "untouched").unwrap();
    let output = xtask(&["generate", "--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert_eq!(message.lines().count(), 1, "one line: {message:?}");
    assert!(message.starts_with("error: "), "{message}");
    assert!(!message.trim_end().contains(|c: char| c.is_control()), "no control characters: {message:?}");
    assert!(!message.contains("panicked"), "{message}");
    assert_eq!(std::fs::read_to_string(out.join("keep.txt")).unwrap(), "untouched");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1, "output directory untouched");
    message
}

#[test]
fn bytes_that_are_not_text_name_line_and_node() {
    let dir = scratch("not-text");
    let cases: [(&str, &[u8], &str); 4] = [
        (
            "latin1.yaml",
            b"openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-note: caf\xe9\n",
            ":4: at /x-note: invalid spec text: byte 0xE9 is not UTF-8",
        ),
        (
            "vt.yaml",
            b"openapi: 3.0.0\ninfo:\n  title: \x0b\n  version: '1'\npaths: {}\n",
            ":3: at /info/title: invalid spec text: control character",
        ),
        (
            "esc.json",
            b"{\"openapi\": \"3.0.0\",\n \"info\": {\"title\": \"\x1b[2J\", \"version\": \"1\"}, \"paths\": {}}",
            ":2: at /info",
        ),
        ("nul.yaml", b"openapi: 3.0.0\x00\n", ":1: at /"),
    ];
    for (name, bytes, expected) in cases {
        let spec = dir.join(name);
        std::fs::write(&spec, bytes).unwrap();
        let message = run_refused(&format!("not-text-{name}"), &spec);
        assert!(message.contains(expected), "{expected}: {message}");
    }
    for (rel, expected) in [
        ("08-error-without-line-or-pointer/non-utf8.yaml", "non-utf8.yaml:4: at /x-note: invalid spec text: byte 0xFF"),
        (
            "08-error-without-line-or-pointer/control-char.yaml",
            "control-char.yaml:4: at /x-note: invalid spec text: control character",
        ),
    ] {
        if let Some(spec) = shared_case(rel) {
            let message = run_refused(&format!("shared-{}", rel.replace('/', "-")), &spec);
            assert!(message.contains(expected), "{message}");
        }
    }
}

#[test]
fn spec_text_in_an_error_cannot_forge_lines_or_drive_the_terminal() {
    let dir = scratch("escapes");
    let spec = dir.join("spec.json");
    let key = "X\\u001b]0;pwned\\u0007\\u001b[2J\\r\\nerror: fake.yaml:1: at /: all good\\u202e";
    std::fs::write(
        &spec,
        format!("{{\"openapi\": \"3.0.0\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}}, \"components\": {{\"schemas\": {{\"{key}\": {{\"$ref\": \"#/components/schemas/No\\u001bpe\"}}}}}}}}"),
    )
    .unwrap();
    let message = run_refused("escapes-out", &spec);
    assert!(message.contains("X\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\r\\nerror: fake.yaml"), "{message}");
    assert!(message.contains("No\\u{1b}pe") && message.contains("\\u{202e}"), "{message}");
    if let Some(spec) = shared_case("09-error-line-echoes-escapes-and-newlines/spec.json") {
        run_refused("escapes-shared", &spec);
    }
}

#[test]
fn a_block_scalar_ending_the_file_is_read_and_parser_panics_stay_quiet() {
    let dir = scratch("eof");
    let spec = dir.join("eof.yaml");
    std::fs::write(&spec, "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Thing:\n      type: string\n      description: |\n        A thing.").unwrap();
    let out = dir.join("out");
    let output = xtask(&["generate", "--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    assert!(std::fs::read_to_string(out.join("src/eof/models.rs")).unwrap().contains("/// A thing."));
    // libyaml-safer's own panic (upstream issue #7) is one error line, no panic message.
    let flow_tag = dir.join("flow-tag.yaml");
    std::fs::write(&flow_tag, "[!,").unwrap();
    assert!(run_refused("eof-flow-tag", &flow_tag).contains("flow-tag.yaml:1:"));
    if let Some(spec) = shared_case("07-block-scalar-at-eof-panic/spec.yaml") {
        let out = dir.join("shared-out");
        let output = xtask(&["generate", "--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap()]);
        assert!(output.status.success() && stderr(&output).is_empty(), "{}", stderr(&output));
    }
}

#[test]
fn out_never_deletes_what_the_generator_did_not_write() {
    let dir = scratch("out-dir");
    let spec = dir.join("spec.yaml");
    std::fs::write(&spec, "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap();
    // A user's project, with the spec inside it, run from inside it.
    let project = dir.join("proj");
    std::fs::create_dir_all(project.join(".git")).unwrap();
    std::fs::create_dir_all(project.join("src")).unwrap();
    std::fs::write(project.join(".git/config"), "[core]\n").unwrap();
    std::fs::write(project.join("NOTES.md"), "important\n").unwrap();
    std::fs::write(project.join("src/main.rs"), "fn main() {}\n").unwrap();
    std::fs::copy(&spec, project.join("spec.yaml")).unwrap();
    let project_before = listing(&project);
    for (args, cwd) in [
        (vec!["generate", "--spec", spec.to_str().unwrap(), "--out", project.to_str().unwrap()], root()),
        (vec!["generate", "--spec", "spec.yaml", "--out", "../proj"], project.clone()),
        (vec!["generate", "--spec", "spec.yaml", "--out", "."], project.clone()),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_xtask")).args(&args).current_dir(&cwd).output().unwrap();
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {message}");
        assert_eq!(message.lines().count(), 1, "{message}");
        assert!(
            message.contains("was not written by this generator") && message.contains("nothing was written"),
            "{message}"
        );
        assert_eq!(listing(&project), project_before, "{args:?} left the directory as it was");
    }
    // Its own output is replaced, again and again; a stranger's file in it stops that.
    let out = dir.join("generated");
    let out_str = out.to_str().unwrap();
    for _ in 0..2 {
        let output = xtask(&["generate", "--spec", spec.to_str().unwrap(), "--out", out_str]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    std::fs::write(out.join("src/mine.rs"), "// mine\n").unwrap();
    let before = listing(&out);
    let output = xtask(&["generate", "--spec", spec.to_str().unwrap(), "--out", out_str]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("holds files this generator did not write (src/mine.rs)"), "{}", stderr(&output));
    assert_eq!(listing(&out), before);
    if let Some(shared) = shared_case("15-out-dir-contents-deleted/spec.yaml") {
        let output = xtask(&["generate", "--spec", shared.to_str().unwrap(), "--out", project.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(1));
        assert_eq!(listing(&project), project_before);
    }
}

#[test]
fn help_prints_the_usage_of_every_flag_in_the_readme() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for args in [
        &["--help"][..],
        &["-h"],
        &["generate", "--help"],
        &["bench", "--help"],
        &["generate", "--spec", "x", "-h"],
        &["diff", "--help"],
    ] {
        let output = xtask(args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        let usage = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(usage.contains("usage") || usage.contains("commands"), "{args:?}: {usage}");
    }
    let usage = String::from_utf8_lossy(&xtask(&["generate", "--help"]).stdout).into_owned()
        + &String::from_utf8_lossy(&xtask(&["bench", "--help"]).stdout)
        + &String::from_utf8_lossy(&xtask(&["diff", "--help"]).stdout);
    for flag in [
        "--check",
        "--spec",
        "--out",
        "--name",
        "--example-tests",
        "--contract-tests",
        "--verbose",
        "--runs",
        "--skip-build",
        "--report",
        "--format",
        "--fail-on",
        "--exit-code",
    ] {
        assert!(usage.contains(flag), "{flag} in the usage");
        assert!(
            readme.lines().any(|l| l.starts_with("| `cargo xtask") && l.contains(flag)),
            "{flag} in the README's table"
        );
    }
}

/// `--name` is checked as a crate name before anything is generated: no
/// panic on a name that is no identifier, no crate cargo refuses or rustc
/// warns of (`Generated` is `non_snake_case`).
#[test]
fn a_crate_name_cargo_or_rustc_refuses_is_an_error() {
    for name in ["123", "", "my crate", "Generated", "self", "std", "a.b"] {
        let out = scratch("bad-name");
        let spec = root().join("specs/openai.yaml");
        let output =
            xtask(&["generate", "--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap(), "--name", name]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{name}: {message}");
        assert!(message.starts_with("error: --name: `") && !message.contains("panicked"), "{name}: {message}");
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0, "{name}: nothing written");
    }
}

/// A spec bigger than any real one (here an endless device) is refused by
/// its size before it fills memory.
#[test]
fn an_endless_input_is_refused_by_its_size() {
    if !Path::new("/dev/zero").exists() {
        return;
    }
    let out = scratch("endless");
    let output = xtask(&["generate", "--spec", "/dev/zero", "--out", out.to_str().unwrap()]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(message.contains("/dev/zero") && message.contains("larger than 256 MB"), "{message}");
}
