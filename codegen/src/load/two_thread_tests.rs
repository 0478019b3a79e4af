//! A big spec is read on two threads (the YAML parsed while it is composed;
//! the schemas split across threads for openapiv3): the result, every line
//! and every error must be what one thread gives.

use serde::Deserialize;
use serde_json::Value;

use super::*;

const SPECS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/specs");

/// A valid spec of `count` schemas: far past the size read on two threads.
fn big_spec(count: usize) -> String {
    let mut text = String::from("openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\ncomponents:\n  schemas:\n");
    for i in 0..count {
        text.push_str(&format!(
            "    S{i}:\n      type: object\n      description: &d{i} \"schema {i}, long enough to take some room in the text\"\n      properties:\n        a: {{type: string, description: *d{i}}}\n        b: {{type: integer, format: int64}}\n"
        ));
    }
    text
}

/// Every pointer in `value`, in document order.
fn pointers(value: &Value, at: &mut String, out: &mut Vec<String>) {
    out.push(at.clone());
    let base = at.len();
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                push_token(at, key);
                pointers(child, at, out);
                at.truncate(base);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                at.push_str(&format!("/{i}"));
                pointers(child, at, out);
                at.truncate(base);
            }
        }
        _ => {}
    }
}

type Outcome = Result<(Value, Vec<(String, Option<usize>)>), (String, Option<usize>, String)>;

fn outcome(result: Result<(Value, SourceMap), yaml::YamlError>) -> Outcome {
    match result {
        Ok((value, source)) => {
            let mut all = Vec::new();
            pointers(&value, &mut String::new(), &mut all);
            let lines = all.into_iter().map(|p| {
                let line = source.line_of(&p);
                (p, line)
            });
            Ok((value, lines.collect()))
        }
        Err(e) => Err((e.pointer, e.line, e.message)),
    }
}

fn assert_parsed_alike(text: &str) -> Outcome {
    assert!(text.len() >= 256 << 10, "the text must be big enough for two threads");
    let two = outcome(parse_yaml(text));
    let one = outcome(parse_yaml_on_one_thread(text));
    assert!(two == one, "two threads: {:?}\none thread: {:?}", two.as_ref().err(), one.as_ref().err());
    two
}

#[test]
fn a_big_spec_parses_on_two_threads_as_on_one() {
    let text = big_spec(3000);
    let (value, lines) = assert_parsed_alike(&text).expect("valid");
    assert_eq!(
        value["components"]["schemas"]["S2999"]["properties"]["a"]["description"],
        "schema 2999, long enough to take some room in the text"
    );
    let last = lines.iter().find(|(p, _)| p == "/components/schemas/S2999/properties/b/format").expect("recorded");
    assert_eq!(last.1, Some(text.lines().count()));
}

#[test]
fn real_specs_parse_on_two_threads_as_on_one() {
    for name in ["openai.yaml", "openai-3.0.yaml", "portkey.yaml", "portkey-2024.yaml"] {
        let Ok(text) = std::fs::read_to_string(format!("{SPECS}/{name}")) else {
            eprintln!("skipped {name}: ../shared/specs is absent");
            continue;
        };
        assert_parsed_alike(&text).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    }
}

#[test]
fn errors_in_a_big_spec_are_the_same_on_two_threads() {
    let big = big_spec(3000);
    let early = big.replacen("    S1:\n", "    S0:\n", 1);
    let faults: Vec<(&str, String)> = vec![
        ("syntax error at the end", format!("{big}    Z: [unclosed\n")),
        ("unknown anchor", format!("{big}    Z: *nowhere\n")),
        ("control character", format!("{big}    Z: {{description: \"bell \u{7}\"}}\n")),
        ("libyaml-safer panic (upstream issue #6)", format!("{big}    Z: ''|\n 0\n")),
        ("second document", format!("{big}---\nb: 1\n")),
        // The composer stops at once, while the parser thread still has most of the text to go.
        ("duplicate key near the start", early),
    ];
    for (what, text) in faults {
        let e = assert_parsed_alike(&text).err().unwrap_or_else(|| panic!("{what}: parsed"));
        assert!(e.1.is_some(), "{what}: no line in {e:?}");
    }
}

/// The model read in parts equals the model read whole.
#[test]
fn the_model_read_in_parts_is_the_model_read_whole() {
    let (value, source) = parse_yaml(&big_spec(500)).expect("valid");
    let whole = openapiv3::OpenAPI::deserialize(&value).expect("model");
    let parts = to_model("t.yaml", value, &source).expect("model");
    assert_eq!(parts, whole);
    assert_eq!(parts.components.as_ref().map(|c| c.schemas.len()), Some(500));
    assert_eq!(parts.components.as_ref().and_then(|c| c.schemas.keys().nth(499)).map(String::as_str), Some("S499"));
}

/// A fault in any part is reported at its place, with its line, as one read
/// of the whole document reports it (openapiv3's flattened schema fields make
/// serde name the schema, not the keyword).
#[test]
fn a_fault_in_any_part_names_its_place() {
    let text = big_spec(500);
    let cases = [
        (
            "    S10:\n      type: object\n",
            "    S10:\n      type: object\n      maxLength: many\n",
            "/components/schemas/S10",
            "    S10:",
        ),
        (
            "    S400:\n      type: object\n",
            "    S400:\n      type: object\n      maxLength: many\n",
            "/components/schemas/S400",
            "    S400:",
        ),
        ("      responses:\n", "      parameters: 3\n      responses:\n", "/paths", "paths:"),
    ];
    for (from, to, pointer, line_start) in cases {
        let text = text.replacen(from, to, 1);
        let (value, source) = parse_yaml(&text).expect("valid YAML");
        assert!(openapiv3::OpenAPI::deserialize(&value).is_err(), "{pointer}: openapiv3 takes it");
        let e = to_model("t.yaml", value, &source).err().unwrap_or_else(|| panic!("{pointer}: no error"));
        assert_eq!(e.pointer, pointer, "{e}");
        let line = text.lines().position(|l| l.starts_with(line_start)).map(|i| i + 1);
        assert_eq!(e.line, line, "{e}");
    }
}
