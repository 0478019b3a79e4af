//! Loader tests: normalization rules, errors, and the four real specs.

use serde_json::{json, Map, Value};

use super::*;

const SPECS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/specs");

/// The normalized tree of a small spec whose only schema is `schema`.
fn normalized(schema: &str) -> (Value, LoadReport) {
    let text = format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    S:\n{}",
        indent(schema, 6)
    );
    let (mut value, source) = yaml::parse(&text).unwrap_or_else(|e| panic!("{e:?}"));
    let (_, report) = normalize::normalize("t.yaml", &mut value, source).unwrap_or_else(|e| panic!("{e}"));
    // The result must also be accepted by the model.
    if let Err(e) = to_model("t.yaml", value.clone(), &SourceMap::default()) {
        panic!("model rejects {value}: {e}");
    }
    (value["components"]["schemas"]["S"].clone(), report)
}

fn indent(text: &str, by: usize) -> String {
    text.lines().map(|l| format!("{}{l}\n", " ".repeat(by))).collect()
}

fn load_err(text: &str) -> Error {
    match load("specs/bad.yaml", text) {
        Ok(_) => panic!("loaded: {text}"),
        Err(e) => e,
    }
}

const HEAD: &str = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths: {}\n";

#[test]
fn type_list_with_null_becomes_nullable() {
    let (s, report) = normalized("type: [string, 'null']\nmaxLength: 3\n");
    assert_eq!(s, json!({"type": "string", "nullable": true, "maxLength": 3}));
    assert_eq!(report.rewritten.get("type [X, null] → nullable"), Some(&1));
}

#[test]
fn type_null_alone_becomes_nullable() {
    let (s, _) = normalized("type: 'null'\ndescription: nothing\n");
    assert_eq!(s, json!({"description": "nothing", "nullable": true}));
}

#[test]
fn null_branches_of_any_of_and_one_of_are_removed() {
    let (s, _) = normalized("anyOf:\n  - $ref: '#/components/schemas/S'\n  - type: 'null'\n");
    assert_eq!(s, json!({"anyOf": [{"$ref": "#/components/schemas/S"}], "nullable": true}));
    let (s, _) = normalized("oneOf:\n  - type: 'null'\n  - type: string\n  - type: integer\n");
    assert_eq!(s, json!({"oneOf": [{"type": "string"}, {"type": "integer"}], "nullable": true}));
    let (s, _) = normalized("anyOf:\n  - type: 'null'\n");
    assert_eq!(s, json!({"nullable": true}));
    // allOf keeps its parts: a null part there is not an alternative.
    let (s, _) = normalized("allOf:\n  - type: string\n");
    assert_eq!(s, json!({"allOf": [{"type": "string"}]}));
}

#[test]
fn several_types_become_any_of() {
    let (s, _) =
        normalized("type: [string, integer, 'null']\nminimum: 1\nmaxLength: 4\nenum: [a, 1, null]\ndescription: d\n");
    assert_eq!(
        s,
        json!({
            "nullable": true,
            "description": "d",
            "anyOf": [
                {"type": "string", "maxLength": 4, "enum": ["a"]},
                {"type": "integer", "minimum": 1, "enum": [1]}
            ]
        })
    );
}

#[test]
fn unknown_type_in_a_list_is_an_error() {
    let e = load_err(&format!("{HEAD}components:\n  schemas:\n    Foo:\n      type: [string, nul]\n"));
    assert_eq!(e.pointer, "/components/schemas/Foo/type/1");
    assert_eq!(e.line, Some(9));
}

#[test]
fn const_becomes_enum_with_marker() {
    let (s, _) = normalized("const: auto\n");
    assert_eq!(s, json!({"type": "string", "enum": ["auto"], "x-const": true}));
    let (s, _) = normalized("type: integer\nconst: 3\n");
    assert_eq!(s, json!({"type": "integer", "enum": [3], "x-const": true}));
    let (s, _) = normalized("const: true\n");
    assert_eq!(s, json!({"type": "boolean", "enum": [true], "x-const": true}));
    // x-stainless-const is an extension: left alone.
    let (s, _) = normalized("type: string\nenum: [a]\nx-stainless-const: true\n");
    assert_eq!(s, json!({"type": "string", "enum": ["a"], "x-stainless-const": true}));
}

#[test]
fn schema_examples_list_is_kept_as_extension() {
    let (s, report) = normalized("type: string\nexample: a\nexamples: [a, b]\n");
    assert_eq!(s, json!({"type": "string", "example": "a", "x-examples": ["a", "b"]}));
    assert_eq!(report.rewritten.get("examples → x-examples"), Some(&1));
    assert!(report.not_understood.is_empty());
}

#[test]
fn numeric_exclusive_bounds_become_boolean() {
    let (s, _) = normalized("type: number\nexclusiveMinimum: 0\nexclusiveMaximum: 1.5\n");
    assert_eq!(
        s,
        json!({"type": "number", "exclusiveMinimum": true, "exclusiveMaximum": true, "minimum": 0, "maximum": 1.5})
    );
    // The 3.0 form stays as it is.
    let (s, _) = normalized("type: number\nminimum: 0\nexclusiveMinimum: true\n");
    assert_eq!(s, json!({"type": "number", "minimum": 0, "exclusiveMinimum": true}));
    // Both forms: the stricter bound wins.
    let (s, _) = normalized("type: number\nminimum: 5\nexclusiveMinimum: 1\n");
    assert_eq!(s, json!({"type": "number", "minimum": 5}));
}

#[test]
fn ref_with_siblings_becomes_all_of() {
    let (s, report) = normalized("$ref: '#/components/schemas/S'\ndescription: d\nnullable: true\nx-a: 1\n");
    assert_eq!(
        s,
        json!({"allOf": [{"$ref": "#/components/schemas/S"}], "description": "d", "nullable": true, "x-a": 1})
    );
    assert_eq!(report.rewritten.get("$ref with siblings → allOf"), Some(&1));
    let (s, _) = normalized("$ref: '#/components/schemas/S'\n");
    assert_eq!(s, json!({"$ref": "#/components/schemas/S"}));
}

#[test]
fn ref_siblings_keep_their_lines() {
    let text = format!("{HEAD}components:\n  schemas:\n    A:\n      description: d\n      $ref: '#/components/schemas/B'\n    B: {{}}\n");
    let loaded = load("t.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.source.line_of("/components/schemas/A/allOf/0/$ref"), Some(10));
    assert_eq!(loaded.source.line_of("/components/schemas/A/description"), Some(9));
}

#[test]
fn moved_nodes_keep_their_lines() {
    let text =
        format!("{HEAD}components:\n  schemas:\n    A:\n      type: [string, integer]\n      exclusiveMinimum: 3\n");
    let loaded = load("t.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.source.line_of("/components/schemas/A/anyOf/1"), Some(9));
    assert_eq!(loaded.source.line_of("/components/schemas/A/anyOf/1/minimum"), Some(10));
    let text = format!("{HEAD}components:\n  schemas:\n    A:\n      type: number\n      exclusiveMinimum: 3\n");
    let loaded = load("t.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.source.line_of("/components/schemas/A/minimum"), Some(10));
}

#[test]
fn recursive_ref_points_at_its_component() {
    let text = format!(
        "{HEAD}components:\n  schemas:\n    Filter:\n      $recursiveAnchor: true\n      type: object\n      properties:\n        filters:\n          type: array\n          items:\n            oneOf:\n              - type: string\n              - $recursiveRef: '#'\n"
    );
    let loaded = load("t.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
    let value = serde_json::to_value(&loaded.doc.components).unwrap_or_default();
    assert_eq!(
        value["schemas"]["Filter"]["properties"]["filters"]["items"]["oneOf"][1],
        json!({"$ref": "#/components/schemas/Filter"})
    );
    assert!(loaded.report.not_understood.is_empty(), "{:?}", loaded.report.not_understood);
}

#[test]
fn integer_bounds_fit_i64() {
    let (s, _) = normalized("type: integer\nminimum: -9223372036854776000\nmaximum: 9223372036854776000\n");
    assert_eq!(s, json!({"type": "integer", "minimum": i64::MIN, "maximum": i64::MAX}));
    let (s, _) = normalized("type: integer\nminimum: 0.5\nmaximum: 10.0\nmultipleOf: 2.0\n");
    assert_eq!(s, json!({"type": "integer", "minimum": 1, "maximum": 10, "multipleOf": 2}));
    let (s, _) = normalized("type: integer\nminimum: 18446744073709551615\n");
    assert_eq!(s, json!({"type": "integer", "minimum": i64::MAX}));
    let (s, _) = normalized("type: number\nmaximum: .inf\n");
    assert_eq!(s, json!({"type": "number"}));
}

#[test]
fn boolean_schemas() {
    let (s, _) = normalized("type: object\nproperties:\n  a: true\n  b: false\nadditionalProperties: false\n");
    assert_eq!(s, json!({"type": "object", "properties": {"a": {}, "b": {"not": {}}}, "additionalProperties": false}));
}

#[test]
fn unknown_keywords_are_counted_and_located() {
    let (s, report) = normalized("type: object\npropertyNames: {pattern: x}\nproperties:\n  a:\n    type: string\n    contentMediaType: image/png\n    $comment: c\n    x-keep: 1\n");
    assert_eq!(s, json!({"type": "object", "properties": {"a": {"type": "string", "x-keep": 1}}}));
    assert_eq!(report.not_understood.get("propertyNames"), Some(&1));
    assert_eq!(report.not_understood.get("contentMediaType"), Some(&1));
    assert_eq!(report.not_understood.get("$comment"), Some(&1));
    assert_eq!(
        report.not_understood_at.get("contentMediaType").map(String::as_str),
        Some("/components/schemas/S/properties/a/contentMediaType")
    );
}

#[test]
fn non_schema_objects_count_unknown_fields() {
    let text = "openapi: 3.1.0\ninfo: {title: t, version: 1.0, summary: s}\nwebhooks: {}\npaths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/P'\n          description: d\n      responses:\n        '200':\n          description: ok\n          headers:\n            X-A:\n              schema: {type: string}\n              explode: true\n";
    let loaded = load("t.yaml", text).unwrap_or_else(|e| panic!("{e}"));
    let nu = &loaded.report.not_understood;
    assert_eq!(nu.get("info.summary"), Some(&1));
    assert_eq!(nu.get("document.webhooks"), Some(&1));
    assert_eq!(nu.get("reference.description"), Some(&1));
    assert_eq!(nu.get("header.explode"), Some(&1));
    assert_eq!(loaded.doc.info.version, "1.0");
}

#[test]
fn extension_like_names_are_names_in_maps() {
    let text = format!(
        "{HEAD}components:\n  schemas:\n    x-thing:\n      type: [string, 'null']\n  securitySchemes:\n    x-api-key: {{type: apiKey, in: header, name: x-api-key}}\n  responses:\n    R:\n      description: r\n      headers:\n        x-request-id:\n          schema:\n            type: [string, 'null']\n"
    );
    let loaded = load("t.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
    let value = serde_json::to_value(&loaded.doc.components).unwrap_or_default();
    assert_eq!(value["schemas"]["x-thing"], json!({"type": "string", "nullable": true}));
    assert_eq!(
        value["responses"]["R"]["headers"]["x-request-id"]["schema"],
        json!({"type": "string", "nullable": true})
    );
    assert_eq!(value["securitySchemes"]["x-api-key"]["name"], json!("x-api-key"));
}

#[test]
fn empty_values_read_as_absent() {
    let text = "openapi: 3.0.0\ninfo: {title: t, version: '1', description: }\npaths:\n  /a:\n    get:\n      description:\n      deprecated:\n      parameters:\n        - {name: q, in: query, required: , explode: , schema: {type: string, description: , nullable: , properties: , default: }}\n      responses: {}\n";
    let loaded = load("t.yaml", text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.doc.info.description, None);
    assert!(loaded.report.not_understood.is_empty());
    let e = load_err("openapi: 3.0.0\ninfo: {title: , version: '1'}\npaths: {}\n");
    assert!(e.message.contains("`title`"), "{e}");
}

#[test]
fn yaml_1_2_scalars_reach_the_model() {
    let text = format!(
        "{HEAD}components:\n  schemas:\n    E:\n      type: string\n      enum: [y, yes, on, no, off, n]\n    D:\n      type: string\n      default: 2024-10-01\n"
    );
    let loaded = load("t.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
    let value = serde_json::to_value(&loaded.doc.components).unwrap_or_default();
    assert_eq!(value["schemas"]["E"]["enum"], json!(["y", "yes", "on", "no", "off", "n"]));
    assert_eq!(value["schemas"]["D"]["default"], json!("2024-10-01"));
}

// ----- errors ---------------------------------------------------------------

#[test]
fn error_unknown_type_names_file_pointer_and_line() {
    let text = format!("{HEAD}components:\n  schemas:\n    Foo:\n      type: object\n      properties:\n        a:\n          type: strin\n");
    let e = load_err(&text);
    assert_eq!(
        e.to_string(),
        "specs/bad.yaml:12: at /components/schemas/Foo/properties/a/type: unknown type \"strin\" (expected one of string, number, integer, boolean, array, object, null)"
    );
}

#[test]
fn error_wrong_field_types() {
    let cases: &[(&str, &str, usize, &str)] = &[
        ("    Foo:\n      required: yes\n", "/components/schemas/Foo/required", 9, "list of property names"),
        ("    Foo:\n      properties: 3\n", "/components/schemas/Foo/properties", 9, "mapping of schemas"),
        (
            "    Foo:\n      type: string\n      maxLength: -1\n",
            "/components/schemas/Foo/maxLength",
            10,
            "non-negative integer",
        ),
        (
            "    Foo:\n      type: string\n      nullable: 'true'\n",
            "/components/schemas/Foo/nullable",
            10,
            "true or false",
        ),
        (
            "    Foo:\n      type: number\n      minimum: ten\n",
            "/components/schemas/Foo/minimum",
            10,
            "expected a number",
        ),
        ("    Foo:\n      type: 3\n", "/components/schemas/Foo/type", 9, "string or a list"),
        ("    Foo: [a]\n", "/components/schemas/Foo", 8, "expected a schema"),
        ("    Foo:\n      $ref: 3\n", "/components/schemas/Foo/$ref", 9, "must be a string"),
    ];
    for (schemas, pointer, line, needle) in cases {
        let e = load_err(&format!("{HEAD}components:\n  schemas:\n{schemas}"));
        assert_eq!(e.file, "specs/bad.yaml");
        assert_eq!(&e.pointer, pointer, "{e}");
        assert_eq!(e.line, Some(*line), "{e}");
        assert!(e.message.contains(needle), "{e}");
    }
}

#[test]
fn error_wrong_operation_fields() {
    let text = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - name: q\n          in: query\n          required: yes\n          schema: {type: string}\n      responses: {}\n";
    let e = load_err(text);
    assert_eq!(e.pointer, "/paths/~1a/get/parameters/0/required");
    assert_eq!(e.line, Some(9));
    assert!(e.message.contains("\"yes\""), "{e}");

    let text = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - name: q\n          in: body\n          schema: {type: string}\n      responses: {}\n";
    let e = load_err(text);
    assert_eq!((e.pointer.as_str(), e.line), ("/paths/~1a/get/parameters/0/in", Some(8)));

    let text = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '20O': {description: x}\n";
    let e = load_err(text);
    assert_eq!((e.pointer.as_str(), e.line), ("/paths/~1a/get/responses/20O", Some(7)));

    let text = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  a: {}\n";
    let e = load_err(text);
    assert_eq!((e.pointer.as_str(), e.line), ("/paths/a", Some(4)));

    let e = load_err("openapi: 3.0.0\npaths: {}\n");
    assert!(e.message.contains("`info`"), "{e}");
    let e = load_err("swagger: '2.0'\n");
    assert!(e.message.contains("Swagger"), "{e}");
    let e = load_err("- a\n");
    assert!(e.message.contains("mapping"), "{e}");
}

#[test]
fn error_yaml_syntax_and_duplicates() {
    let e = load_err("openapi: 3.0.0\ninfo:\n  title: [a\n  version: '1'\n");
    assert_eq!(e.file, "specs/bad.yaml");
    assert!(e.line.is_some_and(|l| l >= 3), "{e}");
    assert!(e.to_string().starts_with("specs/bad.yaml:"), "{e}");
    assert!(e.message.contains("invalid YAML"), "{e}");
    assert!(e.pointer.starts_with("/info"), "{e}");

    let e = load_err("openapi: 3.0.0\ninfo:\n  title: a\n  title: b\n");
    assert_eq!(e.to_string(), "specs/bad.yaml:4: at /info/title: duplicate key `title`");
}

#[test]
fn never_panics_on_odd_input() {
    let inputs = [
        "",
        "~",
        "3",
        "[]",
        "{}",
        "openapi: 3.0.0",
        "openapi: [3]",
        "openapi: 3.1.0\ninfo: 1",
        "openapi: 3.1.0\ninfo: {title: t, version: v}\npaths: 3",
        "openapi: 3.1.0\ninfo: {title: t, version: v}\ncomponents: {schemas: {A: {type: [[]]}}}",
        "openapi: 3.1.0\ninfo: {title: t, version: v}\ncomponents: {schemas: {A: {$recursiveRef: 1}}}",
        "openapi: 3.1.0\ninfo: {title: t, version: v}\ncomponents: {schemas: {A: {anyOf: [{type: null}]}}}",
        "openapi: 3.1.0\ninfo: {title: t, version: v}\ncomponents: {schemas: {A: {items: [1]}}}",
        "openapi: 3.1.0\ninfo: {title: t, version: v}\ncomponents: {schemas: {A: {exclusiveMinimum: x}}}",
        "openapi: 3.1.0\ninfo: {title: t, version: v}\ncomponents: {securitySchemes: {m: {type: mutualTLS}}}",
        "\t",
        "a: b: c",
        "? a",
        "&a a: *a",
        "*x",
        "!!int x",
        "- &a [*a]",
        "\u{feff}openapi: 3.0.0",
        "\0",
    ];
    for text in inputs {
        let _ = load("odd.yaml", text);
    }
    // Truncations of a valid spec, at every byte.
    let spec = format!("{HEAD}components:\n  schemas:\n    A:\n      type: [string, 'null']\n      examples: [a]\n    B:\n      $ref: '#/components/schemas/A'\n      description: x\n");
    for end in 0..spec.len() {
        if spec.is_char_boundary(end) {
            let _ = load("cut.yaml", &spec[..end]);
        }
    }
}

// ----- the real specs ---------------------------------------------------------

fn load_real(name: &str) -> Option<Loaded> {
    let dir = std::path::Path::new(SPECS);
    if !dir.is_dir() {
        println!("skipped: ../shared/specs not found");
        return None;
    }
    let text = std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let start = std::time::Instant::now();
    let loaded = load(&format!("specs/{name}"), &text).unwrap_or_else(|e| panic!("{e}"));
    println!("{name}: loaded in {:?}", start.elapsed());
    println!("{name}: not_understood = {:?}", loaded.report.not_understood);
    println!("{name}: first seen at = {:?}", loaded.report.not_understood_at);
    println!("{name}: rewritten = {:?}", loaded.report.rewritten);
    Some(loaded)
}

fn facts(loaded: &Loaded) -> (usize, usize) {
    let operations = loaded.doc.operations().count();
    let schemas = loaded.doc.components.as_ref().map_or(0, |c| c.schemas.len());
    (operations, schemas)
}

#[test]
fn real_openai_3_1() {
    let Some(loaded) = load_real("openai.yaml") else {
        return;
    };
    let (operations, schemas) = facts(&loaded);
    assert!(operations >= 280, "{operations} operations");
    assert!(schemas >= 1400, "{schemas} schemas");
    assert!(loaded.doc.openapi.starts_with("3.1"));
    // The line 33420 seed bounds, clamped into i64.
    let seed = loaded.source.line_of("/components/schemas/CreateChatCompletionRequest/allOf/1/properties/seed/minimum");
    assert_eq!(seed, Some(33420));
    assert!(loaded.report.rewritten.get("null branch → nullable").is_some_and(|n| *n > 800));
    assert!(!loaded.report.not_understood.contains_key("$recursiveRef"));
}

#[test]
fn real_openai_3_0() {
    let Some(loaded) = load_real("openai-3.0.yaml") else {
        return;
    };
    let (operations, schemas) = facts(&loaded);
    assert!(operations >= 150, "{operations} operations");
    assert!(schemas >= 490, "{schemas} schemas");
}

#[test]
fn real_portkey() {
    let Some(loaded) = load_real("portkey.yaml") else {
        return;
    };
    let (operations, schemas) = facts(&loaded);
    assert!(operations >= 230, "{operations} operations");
    assert!(schemas >= 500, "{schemas} schemas");
    // Path-level servers come from YAML aliases.
    let with_servers =
        loaded.doc.paths.iter().filter_map(|(_, p)| p.as_item()).filter(|p| !p.servers.is_empty()).count();
    assert!(with_servers > 50, "{with_servers} paths with servers");
}

#[test]
fn real_portkey_2024() {
    let Some(loaded) = load_real("portkey-2024.yaml") else {
        return;
    };
    let (operations, schemas) = facts(&loaded);
    assert!(operations >= 90, "{operations} operations");
    assert!(schemas >= 170, "{schemas} schemas");
}

/// Phase timings on the real specs; run with
/// `cargo test --release -p codegen --lib load::tests::timings -- --ignored --nocapture`.
#[test]
#[ignore]
fn timings() {
    let dir = std::path::Path::new(SPECS);
    if !dir.is_dir() {
        println!("skipped: ../shared/specs not found");
        return;
    }
    for name in ["openai.yaml", "openai-3.0.yaml", "portkey.yaml", "portkey-2024.yaml"] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        let mut best = [f64::MAX; 4];
        for _ in 0..5 {
            let t0 = std::time::Instant::now();
            let (mut value, source) = yaml::parse(&text).unwrap_or_else(|e| panic!("{e:?}"));
            let t1 = std::time::Instant::now();
            let (source, _) = normalize::normalize(name, &mut value, source).unwrap_or_else(|e| panic!("{e}"));
            let t2 = std::time::Instant::now();
            let doc = to_model(name, value, &source).unwrap_or_else(|e| panic!("{e}"));
            let t3 = std::time::Instant::now();
            drop(doc);
            drop(source);
            let t4 = std::time::Instant::now();
            let ms = |a: std::time::Instant, b: std::time::Instant| (b - a).as_secs_f64() * 1000.0;
            for (slot, v) in best.iter_mut().zip([ms(t0, t1), ms(t1, t2), ms(t2, t3), ms(t0, t4)]) {
                *slot = slot.min(v);
            }
        }
        let mut whole = f64::MAX;
        for _ in 0..5 {
            let t0 = std::time::Instant::now();
            let loaded = load(name, &text).unwrap_or_else(|e| panic!("{e}"));
            drop(loaded);
            whole = whole.min(t0.elapsed().as_secs_f64() * 1000.0);
        }
        println!(
            "{name}: yaml {:.1} ms, normalize {:.1} ms, model {:.1} ms, phases+drop {:.1} ms, load()+drop {whole:.1} ms",
            best[0], best[1], best[2], best[3]
        );
    }
}

/// Every key of the normalized tree must survive into the model: whatever
/// openapiv3 would drop has to be rewritten or counted by `normalize`.
#[test]
fn real_specs_lose_nothing_in_the_model() {
    let dir = std::path::Path::new(SPECS);
    if !dir.is_dir() {
        println!("skipped: ../shared/specs not found");
        return;
    }
    for name in ["openai.yaml", "openai-3.0.yaml", "portkey.yaml", "portkey-2024.yaml"] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        let (mut value, source) = yaml::parse(&text).unwrap_or_else(|e| panic!("{e:?}"));
        let (source, _) = normalize::normalize(name, &mut value, source).unwrap_or_else(|e| panic!("{e}"));
        let doc = to_model(name, value.clone(), &source).unwrap_or_else(|e| panic!("{e}"));
        let back = serde_json::to_value(&doc).unwrap_or_default();
        let mut lost = Vec::new();
        missing_keys(&value, &back, &mut String::new(), &mut lost);
        assert!(lost.is_empty(), "{name}: the model drops {} keys, e.g. {:?}", lost.len(), &lost[..lost.len().min(20)]);
    }
}

fn missing_keys(input: &Value, model: &Value, path: &mut String, lost: &mut Vec<String>) {
    match (input, model) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                let len = path.len();
                push_token(path, k);
                match b.get(k) {
                    Some(w) => missing_keys(v, w, path, lost),
                    None => {
                        // `default: null` reads as "no default" (Option<Value>).
                        let default = matches!(v, Value::Bool(false) | Value::Null)
                            || v.as_array().is_some_and(Vec::is_empty)
                            || v.as_object().is_some_and(Map::is_empty)
                            || k == "style";
                        if !default {
                            lost.push(path.clone());
                        }
                    }
                }
                path.truncate(len);
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                let len = path.len();
                path.push_str(&format!("/{i}"));
                missing_keys(v, w, path, lost);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// Random byte edits of a small spec must give `Ok` or `Err`, never a panic.
/// Bounded; a longer run: `LOAD_FUZZ=200000 cargo test --release -p codegen
/// --lib load::tests::mutations -- --nocapture`.
#[test]
fn mutations_never_panic() {
    let base = "openapi: 3.1.0\ninfo: {title: t, version: 1}\npaths:\n  /a/{id}:\n    parameters: [{$ref: '#/components/parameters/p'}]\n    post:\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: [integer, string]}}\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/A', nullable: true}\n            encoding: {a: {style: form}}\n      responses:\n        2XX:\n          description: ok\n          headers: {x-id: {schema: {type: string}}}\n          links: {l: {operationId: o}}\n        default: {$ref: '#/components/responses/R'}\n      callbacks:\n        c: {'{$url}': {get: {responses: {}}}}\ncomponents:\n  schemas:\n    A:\n      type: [string, 'null']\n      examples: [a]\n      const: x\n    B:\n      $ref: '#/components/schemas/A'\n      description: x\n    C:\n      anyOf: [{type: 'null'}, {$ref: '#/components/schemas/B'}]\n      exclusiveMinimum: 3\n    D: &d {type: integer, minimum: 1.5, maximum: 1e30}\n    E: *d\n    F:\n      $recursiveAnchor: true\n      properties: {a: {$recursiveRef: '#'}, b: true}\n  parameters:\n    p: {name: p, in: query, schema: {type: string}, style: form}\n  securitySchemes:\n    k: {type: apiKey, in: header, name: k}\n    o: {type: oauth2, flows: {implicit: {authorizationUrl: u, scopes: {}}}}\n";
    if let Err(e) = load("fuzz.yaml", base) {
        panic!("the unmutated spec must load: {e}");
    }
    let alphabet: &[u8] = b" \n\t-:[]{},&*!|>'\"#?%@`0123456789.aeinlrtuxy$/~<";
    let runs: usize = std::env::var("LOAD_FUZZ").ok().and_then(|v| v.parse().ok()).unwrap_or(3000);
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..runs {
        let mut bytes = base.as_bytes().to_vec();
        for _ in 0..1 + next() % 4 {
            let at = (next() as usize) % bytes.len();
            let c = alphabet[(next() as usize) % alphabet.len()];
            match next() % 3 {
                0 => bytes[at] = c,
                1 => bytes.insert(at, c),
                _ => {
                    bytes.remove(at);
                }
            }
        }
        if let Ok(text) = String::from_utf8(bytes) {
            if std::env::var("LOAD_FUZZ_SHOW").is_ok() {
                if let Err(e) = load("fuzz.yaml", &text) {
                    if e.message.contains("gave up") {
                        println!("{text:?}");
                    }
                }
            } else {
                let _ = load("fuzz.yaml", &text);
            }
        }
    }
}

#[test]
fn deepest_accepted_nesting_does_not_overflow() {
    // Schemas nested through `properties` up to the parser's depth limit.
    let levels = (yaml::MAX_DEPTH - 6) / 2;
    let mut schema = String::from("{type: string}");
    for _ in 0..levels {
        schema = format!("{{type: object, properties: {{a: {schema}}}}}");
    }
    let text = format!(
        "openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents: {{schemas: {{Deep: {schema}}}}}\n"
    );
    let loaded = load("deep.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.doc.components.map(|c| c.schemas.len()), Some(1));
    // One level more is refused with an error, not a crash.
    let mut schema = String::from("{type: string}");
    for _ in 0..yaml::MAX_DEPTH {
        schema = format!("{{type: object, properties: {{a: {schema}}}}}");
    }
    let text = format!(
        "openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents: {{schemas: {{Deep: {schema}}}}}\n"
    );
    assert!(load("deep.yaml", &text).err().is_some_and(|e| e.message.contains("nesting")));
    // Shapes that nest one schema per YAML level: the densest.
    for shape in [
        "{type: array, items: S}",
        "{type: object, additionalProperties: S}",
        "{not: S}",
        "{nullable: true, $ref: '#/x', description: S}",
        "{anyOf: [S]}",
    ] {
        let mut schema = String::from("{type: string}");
        for _ in 0..yaml::MAX_DEPTH - 5 {
            schema = shape.replace('S', &schema);
        }
        let text = format!("openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents: {{schemas: {{Deep: {schema}}}}}\n");
        let _ = load("deep.yaml", &text);
    }
}

/// JSON allows DEL, the C1 controls and U+FFFE raw in a string; YAML refuses
/// them: a JSON spec holding them loads, the value unchanged, and a YAML one
/// is still refused at its line.
#[test]
fn json_strings_keep_the_characters_yaml_refuses() {
    let json = "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\", \"version\": \"1\",\n\"description\": \"a\u{7f}b\u{9b}c\u{fffe}\"}, \"paths\": {}}";
    let loaded = load("t.json", json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.doc.info.description.as_deref(), Some("a\u{7f}b\u{9b}c\u{fffe}"));
    let Err(e) =
        load("t.yaml", "openapi: 3.0.3\ninfo: {title: t, version: '1', description: \"a\u{7f}b\"}\npaths: {}\n")
    else {
        panic!("YAML with DEL accepted")
    };
    assert_eq!(e.line, Some(2), "{e}");
}
