//! Every case of `../shared/cases` (the folders `NN-name` with `spec.yaml`
//! and `test.rs`), the project's own cases of the same kinds
//! (`tests/own-cases/NN-name`, same layout), the codegen fixtures, `specs/`,
//! the robust specs that must compile and a spec of every reserved name,
//! generated as modules of ONE crate in `target/cases/crate` and built once:
//! `cargo clippy -D warnings` on the crate (every spec's code warning-free),
//! then every case's `test.rs` as a module of one integration test.
//!
//! A case's `test.rs` is written for a crate of its own (`generated::spec`,
//! `env!("CASE_DIR")`); it is read from its folder at test time and those two
//! spellings are pointed at the case's module and folder. A case passes when
//! all its tests pass. `tests/known-case-failures.txt` lists the cases
//! expected to fail, each with its reason; it is a contract both ways: an
//! unlisted failure fails this test, and so does a listed case that passes.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use codegen::ir::names::reserved;
use serde_json::{json, Map, Value};
use tests::harness::{full_specs_target, root, run_bounded, tail, write_if_changed, Report};

/// A cold build of the crate's dependencies takes a few minutes on two cores.
const TIMEOUT: Duration = Duration::from_secs(20 * 60);

/// Robust inputs (`../shared/cases/robust`) whose spec must generate a crate
/// that compiles warning-free; they have no `test.rs`.
const ROBUST_COMPILE: &[&str] = &[
    "07-block-scalar-at-eof-panic",
    "10-path-segment-shadows-runtime-names",
    "11-method-names-client-new-builder-collide",
    "13-description-with-bare-cr",
    "14-doctest-injection-from-descriptions",
    "18-parameter-ref-to-ref-rejected",
];

/// Lines of a case's `test.rs` that assume a shape this generator chose
/// differently, on purpose, each rewritten to the same check in our shape:
/// `(case folder, text, replacement)`. An adaptation that no longer matches
/// fails the test, so none outlives the line it was written for.
///
/// Case 18 reads a JSON answer's field off the call's value. An answer that
/// may come in several media types is an enum here, one variant per media
/// type, chosen by the answer's `Content-Type` (issue 10: "typed by the
/// answer's content type"), so the JSON variant is matched first.
///
/// Case 03's `UpdateRequest` is also the 200 answer, so it is decoded from a
/// server and carries `meta` (what the server sent beyond the spec), as does
/// its field `Label`: the literals get an empty one.
const ADAPTATIONS: &[(&str, &str, &str)] = &[
    (
        "18-multiple-response-media-types",
        "r.expect(\"json\").text",
        "match r.expect(\"json\") { generated::spec::models::CreateTranscriptionResponse::Json(t) => t.text, other => panic!(\"not the JSON variant: {other:?}\") }",
    ),
    ("03-nullable-optional-matrix", "Label { text: \"t\".into() }", "Label { text: \"t\".into(), meta: Default::default() }"),
    ("03-nullable-optional-matrix", "optional_nullable_allof: None,\n", "optional_nullable_allof: None,\n        meta: Default::default(),\n"),
];

/// One module of the crate.
struct Module {
    /// Rust module name, e.g. `case_07_discriminator_enum_partial_mapping`.
    name: String,
    /// Where the spec is, or what the harness wrote it from.
    spec: PathBuf,
    /// The spec's text, when the harness writes it.
    text: Option<String>,
    /// The case folder, when the module has a `test.rs` to run.
    case_dir: Option<PathBuf>,
}

fn module_name(prefix: &str, folder: &str) -> String {
    let tail: String =
        folder.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    format!("{prefix}_{tail}")
}

/// The case folders under `dir`: `NN-name` with `spec.yaml` and `test.rs`.
fn case_folders(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else { return Vec::new() };
    let mut found: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("spec.yaml").is_file() && p.join("test.rs").is_file())
        .collect();
    found.sort();
    found
}

fn modules() -> Vec<Module> {
    let shared = root().join("../shared/cases");
    let mut modules = Vec::new();
    for (prefix, dir) in [("case", shared.clone()), ("own", root().join("tests/own-cases"))] {
        for folder in case_folders(&dir) {
            let name = module_name(prefix, &folder.file_name().unwrap().to_string_lossy());
            modules.push(Module { name, spec: folder.join("spec.yaml"), case_dir: Some(folder), text: None });
        }
    }
    for robust in ROBUST_COMPILE {
        let folder = shared.join("robust").join(robust);
        let spec = ["spec.yaml", "spec.json"].iter().map(|f| folder.join(f)).find(|p| p.is_file());
        if let Some(spec) = spec {
            modules.push(Module { name: module_name("robust", robust), spec, case_dir: None, text: None });
        }
    }
    // The project's own specs: the fixtures, and `specs/` (also built as `generated/`).
    for (prefix, dir) in [("fixture", "codegen/tests/fixtures"), ("specs", "specs")] {
        let mut specs: Vec<PathBuf> = fs::read_dir(root().join(dir)).unwrap().map(|e| e.unwrap().path()).collect();
        specs.sort();
        for spec in specs.into_iter().filter(|p| p.extension().is_some_and(|e| e == "yaml")) {
            let stem = spec.file_stem().unwrap().to_string_lossy().into_owned();
            modules.push(Module { name: module_name(prefix, &stem), spec, case_dir: None, text: None });
        }
    }
    let registry = PathBuf::from("<every name of codegen::ir::names::reserved>");
    let text = Some(reserved_names_spec());
    modules.push(Module { name: "reserved_names".into(), spec: registry.clone(), case_dir: None, text });
    // Specs whose file stems are the crate's own module names.
    let empty = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}"#;
    for module in reserved::MODULES {
        modules.push(Module {
            name: module.to_string(),
            spec: registry.clone(),
            case_dir: None,
            text: Some(empty.into()),
        });
    }
    modules
}

/// A spec made of every name of the registry (`codegen::ir::names::reserved`)
/// wherever a spec name can land: schemas, enum values, properties, path
/// segments, operationIds, parameters and credentials. It must generate a
/// crate that builds warning-free.
fn reserved_names_spec() -> String {
    let types = reserved::types();
    let methods: Vec<&str> = reserved::METHODS
        .iter()
        .chain(reserved::BUILDER_METHODS)
        .chain(reserved::MODULES)
        .chain(reserved::ARGUMENTS)
        .copied()
        .chain(reserved::METHOD_LINT_PREFIXES.iter().chain(reserved::BUILDER_LINT_PREFIXES).map(|p| &p[..p.len() - 1]))
        .chain([
            "from_x",
            "into_x",
            "to_x",
            "as_x",
            "is_x",
            "client",
            "builder",
            "default",
            "call",
            "method",
            "transport",
        ])
        .collect();
    let field_names: Vec<&str> =
        methods.iter().copied().chain([reserved::EXTRA_FIELD, reserved::META_FIELD, "self", "Self", "self_"]).collect();
    let mut schemas = Map::new();
    let props: Map<String, Value> = field_names.iter().map(|n| (n.to_string(), json!({"type": "string"}))).collect();
    for (i, name) in types.iter().enumerate() {
        let mut props = props.clone();
        // Each refers to the next, so every name is used as a type too.
        let next = types[(i + 1) % types.len()];
        props.insert("next".into(), json!({"$ref": format!("#/components/schemas/{next}")}));
        schemas.insert(name.to_string(), json!({"type": "object", "properties": props, "additionalProperties": true}));
    }
    let values: Vec<&str> = types.iter().copied().chain([reserved::UNKNOWN_VARIANT]).collect();
    schemas.insert("Values".into(), json!({"type": "string", "enum": values}));
    let mut paths = Map::new();
    let answer = |schema: &str| {
        let schema = format!("#/components/schemas/{schema}");
        json!({"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": schema}}}}})
    };
    for name in &methods {
        paths.insert(format!("/{name}"), json!({"get": {"operationId": name, "responses": answer("Values")}}));
        let action = json!({"post": {"operationId": format!("{name}_action"), "responses": answer("Values")}});
        paths.insert(format!("/things/{{id}}/{name}"), action);
    }
    for name in &types {
        paths.insert(format!("/{name}/x"), json!({"get": {"operationId": name, "responses": answer(name)}}));
    }
    let parameters: Vec<Value> = reserved::ARGUMENTS
        .iter()
        .map(|n| json!({"name": n, "in": "path", "required": true, "schema": {"type": "string"}}))
        .chain(reserved::ARGUMENTS.iter().map(|n| json!({"name": n, "in": "query", "schema": {"type": "string"}})))
        .chain(reserved::ARGUMENTS.iter().map(|n| json!({"name": n, "in": "header", "schema": {"type": "string"}})))
        .collect();
    let template: String = reserved::ARGUMENTS.iter().map(|n| format!("/{{{n}}}")).collect();
    let body =
        json!({"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/D"}}}});
    let op =
        json!({"operationId": "arguments", "parameters": parameters, "requestBody": body, "responses": answer("A")});
    paths.insert(format!("/arguments{template}"), json!({ "put": op }));
    let schemes: Map<String, Value> = methods
        .iter()
        .enumerate()
        .map(|(i, n)| (n.to_string(), json!({"type": "apiKey", "in": "header", "name": format!("x-key-{i}")})))
        .collect();
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "Every reserved name", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": schemes},
    });
    serde_json::to_string_pretty(&spec).unwrap()
}

/// A case's `test.rs`, pointed at its module and folder, as a module of the integration test.
fn adapt(module: &str, case_dir: &Path) -> Result<String, String> {
    let file = case_dir.join("test.rs");
    let text = fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    // Anything else naming the crate would be left pointing at no module: refuse it.
    let other =
        text.match_indices("generated::").filter(|(at, _)| !text[*at..].starts_with("generated::spec::")).count();
    if other > 0 || text.contains("#![") {
        return Err(format!(
            "{}: names the crate other than `generated::spec::`, or has inner attributes",
            file.display()
        ));
    }
    let dir = format!("{:?}", case_dir.to_str().ok_or("case path is not UTF-8")?);
    let mut text = text;
    let folder = case_dir.file_name().and_then(|f| f.to_str()).unwrap_or_default();
    for (case, from, to) in ADAPTATIONS.iter().filter(|(case, ..)| *case == folder) {
        if !text.contains(from) {
            return Err(format!("{}: adaptation for {case} no longer applies: `{from}` is gone", file.display()));
        }
        text = text.replace(from, to);
    }
    let text = text.replace("generated::spec::", &format!("generated::{module}::")).replace("env!(\"CASE_DIR\")", &dir);
    Ok(format!("mod {module} {{\n{text}\n}}\n"))
}

/// `NN-name` → reason, from `tests/known-case-failures.txt` (`<prefix>/<folder> — <reason>`).
fn known_failures() -> BTreeMap<String, String> {
    let path = root().join("tests/known-case-failures.txt");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut known = BTreeMap::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        match line.split_once(" — ").filter(|(_, why)| !why.trim().is_empty()) {
            Some((case, why)) => known.insert(case.trim().to_string(), why.trim().to_string()),
            None => panic!("{}: `{line}` is not `<case> — <reason>`", path.display()),
        };
    }
    known
}

fn cargo(dir: &Path, args: &[&str], log: &str) -> (bool, String) {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args(args)
        .current_dir(dir)
        // Shared with the full-spec crates: the dependencies are built once for both.
        .env("CARGO_TARGET_DIR", full_specs_target())
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
    run_bounded(cmd, &dir.with_extension(log), TIMEOUT)
}

/// Generates the crate of every module into `target/cases/crate` (only the
/// files that changed, so cargo keeps its build), with the cases' checks as
/// its integration test `tests/cases.rs`.
fn write_crate(modules: &[Module]) -> PathBuf {
    let sources: Vec<codegen::SpecSource> = modules
        .iter()
        .map(|m| codegen::SpecSource {
            file: m.spec.display().to_string(),
            module: m.name.clone(),
            text: m
                .text
                .clone()
                .unwrap_or_else(|| fs::read_to_string(&m.spec).unwrap_or_else(|e| panic!("{}: {e}", m.spec.display()))),
            // A case may bring the generator config a user would put beside its spec.
            config: m.case_dir.as_ref().and_then(|_| codegen::config::beside(&m.spec).unwrap()),
        })
        .collect();
    let options = codegen::CrateOptions { name: "generated".into(), standalone: true, ..Default::default() };
    let generated = codegen::generate(&sources, &options).unwrap_or_else(|e| panic!("generation failed: {e}"));

    let dir = root().join("target/cases/crate");
    let mut files = generated.files;
    let manifest = files.get_mut("Cargo.toml").unwrap();
    manifest.push_str("\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"rt\"] }\n");
    let mut test =
        String::from("//! The cases' own checks, one module each (see the `cases` test of the `tests` crate).\n");
    for m in modules {
        if let Some(case_dir) = &m.case_dir {
            test.push_str(&adapt(&m.name, case_dir).unwrap_or_else(|e| panic!("{e}")));
        }
    }
    files.insert("tests/cases.rs".into(), test);
    // Cargo resolves the lock as for the full-spec crates, so the shared target builds the dependencies once.
    let stale = codegen::output::diff(&dir, &files).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for rel in stale.removed.iter().filter(|r| *r != "Cargo.lock") {
        fs::remove_file(dir.join(rel)).unwrap();
    }
    for (rel, text) in &files {
        write_if_changed(&dir.join(rel), text);
    }
    dir
}

#[test]
fn cases() {
    if !root().join("../shared/cases").is_dir() {
        println!("skipped: ../shared/cases not found");
        return;
    }
    let report = Report::new("cases");
    let modules = modules();
    let dir = write_crate(&modules);

    let (ok, clippy) =
        cargo(&dir, &["clippy", "--lib", "--message-format=short", "--", "-D", "warnings"], "clippy.log");
    assert!(ok, "the generated code of the cases does not pass clippy -D warnings:\n{}", tail(&clippy, 60));
    report.line(&format!("clippy -D warnings: {} specs in one crate, clean", modules.len()));

    let (_, output) = cargo(&dir, &["test", "--test", "cases", "--no-fail-fast"], "test.log");
    let results = results(&output);
    let errors: Vec<&str> = output.lines().filter(|l| l.starts_with("error[") || l.starts_with("error:")).collect();
    assert!(!results.is_empty(), "the cases' tests did not build:\n{}", errors.join("\n"));
    let known = known_failures();
    let mut problems = Vec::new();
    let mut passed = 0;
    let mut listed = BTreeSet::new();
    for m in modules.iter().filter(|m| m.case_dir.is_some()) {
        let folder = m.case_dir.as_ref().unwrap();
        let key = match m.name.starts_with("own_") {
            true => format!("own/{}", folder.file_name().unwrap().to_string_lossy()),
            false => folder.file_name().unwrap().to_string_lossy().into_owned(),
        };
        listed.insert(key.clone());
        let tests = results.get(&m.name).cloned().unwrap_or_default();
        let failed: Vec<&String> = tests.iter().filter(|(_, ok)| !ok).map(|(t, _)| t).collect();
        let pass = !tests.is_empty() && failed.is_empty();
        let line = match pass {
            true => format!("PASS {key} ({} tests)", tests.len()),
            false if tests.is_empty() => format!("FAIL {key}: no test ran"),
            false => format!("FAIL {key}: {} of {} tests failed: {failed:?}", failed.len(), tests.len()),
        };
        report.line(&line);
        passed += usize::from(pass);
        match (pass, known.get(&key)) {
            (false, None) => problems.push(format!("{line} (not in tests/known-case-failures.txt)")),
            (true, Some(_)) => problems.push(format!("{key} passes but is listed in tests/known-case-failures.txt")),
            _ => {}
        }
    }
    for case in known.keys().filter(|k| !listed.contains(*k)) {
        problems.push(format!("{case} is listed in tests/known-case-failures.txt but is no case"));
    }
    report.line(&format!("cases: {} run, {passed} pass, {} expected to fail", listed.len(), known.len()));
    if !problems.is_empty() {
        println!("{}", tail(&output, 200));
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// Module → (test name, passed) from libtest's `test module::name ... ok` lines.
fn results(output: &str) -> BTreeMap<String, Vec<(String, bool)>> {
    let mut results: BTreeMap<String, Vec<(String, bool)>> = BTreeMap::new();
    for line in output.lines() {
        let Some(rest) = line.strip_prefix("test ") else { continue };
        let Some((name, outcome)) = rest.split_once(" ... ") else { continue };
        let Some((module, test)) = name.split_once("::") else { continue };
        results.entry(module.to_string()).or_default().push((test.to_string(), outcome.trim() == "ok"));
    }
    results
}
