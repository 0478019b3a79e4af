//! A call is decided once, in the IR (`ir/method.rs`): the emitter, the
//! contract harness and the sample builder print `Operation::methods` and
//! re-derive no part of a call. Two checks hold them to it:
//!
//! - `PathTemplate` has private fields and a constructor private to `ir`, so
//!   no code outside `ir` can parse a path into one (the doctest on
//!   `PathTemplate` fails to compile when tried).
//! - [`emit_and_sample_read_methods_only`] scans the sources of `emit/` and
//!   `sample.rs` (and `sample/`) for the ways a call used to be rebuilt there.

use std::path::Path;

use codegen::ir::names::reserved::ARGUMENTS;
use codegen::ir::{ArgPlace, MethodVariant};
use codegen::SpecSource;

/// Source text that rebuilds a call instead of reading its `Method`
/// (compared with spaces removed), and why each is refused.
const FORBIDDEN: &[(&str, &str)] = &[
    (".path_params", "path arguments are `Method::args`"),
    (".header_type", "the headers argument is `Method::args`"),
    (".query_type", "the query argument is `Method::args`"),
    ("main_body(", "the body a method sends is its `Body` argument"),
    ("multipart_body(", "the body a method sends is its `Body` argument"),
    ("op.body", "the body a method sends is its `Body` argument"),
    ("op.stream", "a streaming method is `MethodVariant::Stream` with `Decoder::Events`"),
    ("PathTemplate::parse", "the path template is parsed in `ir` only"),
    (".path.split", "the path template is `Method::path`"),
    (".path.find", "the path template is `Method::path`"),
    (".path.chars", "the path template is `Method::path`"),
    (".path.strip_", "the path template is `Method::path`"),
    (".path.trim", "the path template is `Method::path`"),
    (".path.as_str", "the path template is `Method::path`"),
    ("split('{')", "the path template is `Method::path`"),
    ("find('{')", "the path template is `Method::path`"),
    ("split_once('{')", "the path template is `Method::path`"),
    ("split('?')", "the path's query is `PathTemplate::query`"),
    ("split_once('?')", "the path's query is `PathTemplate::query`"),
    ("find('?')", "the path's query is `PathTemplate::query`"),
    ("reserved::", "names are claimed against the registry in `ir` only"),
];

/// `(line number, pattern, reason)` of every forbidden pattern in `source`,
/// outside `//` comments.
fn rederivations(source: &str) -> Vec<(usize, &'static str, &'static str)> {
    let mut found = Vec::new();
    for (i, line) in source.lines().enumerate() {
        let code: String = line.split("//").next().unwrap_or_default().split_whitespace().collect();
        for &(pattern, reason) in FORBIDDEN {
            if code.contains(pattern) {
                found.push((i + 1, pattern, reason));
            }
        }
    }
    found
}

#[test]
fn emit_and_sample_read_methods_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files: Vec<_> = std::fs::read_dir(src.join("emit")).unwrap().map(|e| e.unwrap().path()).collect();
    files.push(src.join("sample.rs"));
    files.extend(std::fs::read_dir(src.join("sample")).unwrap().map(|e| e.unwrap().path()));
    files.sort();
    let mut problems = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (line, pattern, reason) in rederivations(&text) {
            problems.push(format!("{}:{line}: `{pattern}`: {reason}", file.display()));
        }
    }
    assert!(files.len() > 5, "the emit sources were not found: {files:?}");
    assert!(problems.is_empty(), "emit or sample rebuilds a call:\n{}", problems.join("\n"));
}

/// The scan sees what the emitter did before the methods were in the IR.
#[test]
fn the_scan_finds_rederivations() {
    let before = r#"
        for p in &op.path_params {
        if let Some(h) = &op.header_type {
        let mut rest = op.path.split('?').next().unwrap_or_default();
        while let Some(start) = rest.find('{') {
        let (ret, ctor) = match (&op.returns, &op.stream) {
        // op.path_params in a comment is fine
    "#;
    let found: Vec<(usize, &str)> = rederivations(before).into_iter().map(|(line, p, _)| (line, p)).collect();
    let want = [
        (2, ".path_params"),
        (3, ".header_type"),
        (4, ".path.split"),
        (4, "split('?')"),
        (5, "find('{')"),
        (6, "op.stream"),
    ];
    assert_eq!(found, want);
}

fn lower(paths: &str) -> codegen::ir::Api {
    let text = format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n{paths}");
    let spec = SpecSource { file: "t.yaml".into(), module: "t".into(), text, config: Default::default() };
    codegen::lower(&spec).unwrap()
}

/// Path parameters named like the other arguments or the harness's locals
/// take other names; every method's arguments are distinct.
#[test]
fn argument_names_clear_the_registry() {
    let params: String = ARGUMENTS
        .iter()
        .map(|n| format!("        - {{name: {n}, in: path, required: true, schema: {{type: string}}}}\n"))
        .collect();
    let template: String = ARGUMENTS.iter().map(|n| format!("/{{{n}}}")).collect();
    let api = lower(&format!(
        "  {template}:
    post:
      operationId: everything
      parameters:
{params}        - {{name: q, in: query, schema: {{type: string}}}}
        - {{name: h, in: header, schema: {{type: string}}}}
      requestBody:
        content:
          application/json: {{schema: {{type: object, properties: {{stream: {{type: boolean}}}}}}}}
          multipart/form-data: {{schema: {{type: object, properties: {{file: {{type: string, format: binary}}}}}}}}
      responses:
        '200':
          description: OK
          content:
            application/json: {{schema: {{type: object}}}}
            text/event-stream: {{schema: {{type: object}}}}
"
    ));
    let op = &api.operations[0];
    let variants: Vec<MethodVariant> = op.methods.iter().map(|m| m.variant).collect();
    assert_eq!(variants, [MethodVariant::Plain, MethodVariant::Stream, MethodVariant::Multipart]);
    for method in &op.methods {
        let names: Vec<&str> = method.args.iter().map(|a| a.rust_name.as_str()).collect();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{}: {names:?}", method.name);
        let path_args: Vec<&str> = method
            .args
            .iter()
            .filter(|a| matches!(a.place, ArgPlace::Path { .. }))
            .map(|a| a.rust_name.as_str())
            .collect();
        assert_eq!(path_args.len(), ARGUMENTS.len());
        for name in path_args {
            assert!(!ARGUMENTS.contains(&name), "{}: path argument `{name}`", method.name);
        }
        // The template's every parameter has its argument.
        for param in method.path.params() {
            assert!(method.path_arg(param).is_some(), "{}: `{{{param}}}`", method.name);
        }
    }
}
