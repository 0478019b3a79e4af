use serde_json::json;

use super::*;
use crate::SpecSource;

fn api(components: &str, paths: &str) -> Api {
    let text = format!(
        "openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\npaths:\n{paths}\ncomponents:\n  schemas:\n{components}"
    );
    crate::lower(&SpecSource { file: "t.yaml".into(), module: "t".into(), text, config: None }).unwrap()
}

fn named(api: &Api, name: &str) -> Value {
    value(api, &Type::Named(api.types.id_of(name).unwrap()))
}

#[test]
fn required_fields_enums_formats_and_bounds() {
    let api = api(
        r#"
    Thing:
      type: object
      required: [id, kind, when, mail, site, count, ratio, tags, meta, short, key]
      properties:
        id: {type: string, format: uuid}
        kind: {type: string, enum: [first, second]}
        when: {type: string, format: date-time}
        mail: {type: string, format: email}
        site: {type: string, format: uri}
        count: {type: integer, minimum: 5, maximum: 10}
        ratio: {type: number, exclusiveMinimum: 0, exclusiveMaximum: 0.5}
        tags: {type: array, minItems: 2, items: {type: string, maxLength: 3}}
        meta: {type: object, additionalProperties: {type: integer, maximum: -2}}
        short: {type: string, minLength: 8}
        key: {type: string, pattern: '^tunnel_[a-z0-9]{4}$'}
        optional: {type: string}
"#,
        "  {}",
    );
    assert_eq!(
        named(&api, "Thing"),
        json!({
            "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "kind": "first", "when": "2024-01-01T00:00:00Z",
            "mail": "user@example.com", "site": "https://example.com/", "count": 5, "ratio": 0.25,
            "tags": ["str", "str"], "meta": {"key": -2}, "short": "stringxx", "key": "tunnel_aaaa"
        })
    );
}

#[test]
fn unions_take_a_variant_no_other_accepts() {
    let api = api(
        r#"
    Wide:
      type: object
      required: [a, b]
      properties: {a: {type: string}, b: {type: string}}
    Narrow:
      type: object
      required: [a]
      properties: {a: {type: string}}
    Either:
      oneOf: [{$ref: '#/components/schemas/Wide'}, {$ref: '#/components/schemas/Narrow'}]
    Cat:
      type: object
      required: [name]
      properties: {kind: {type: string}, name: {type: string}}
    Dog:
      type: object
      required: [bark]
      properties: {kind: {type: string}, bark: {type: boolean}}
    AtLeastOne:
      type: object
      minProperties: 1
      properties: {p: {type: boolean}, q: {type: boolean}}
    OneOfTwo:
      type: object
      properties: {x: {type: string}, y: {type: string}}
      anyOf: [{required: [x]}, {required: [y]}]
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind, mapping: {cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog'}}
"#,
        "  {}",
    );
    // {a, b} is also a Narrow; {a} is only a Narrow.
    assert_eq!(named(&api, "Either"), json!({"a": "string"}));
    assert_eq!(named(&api, "AtLeastOne"), json!({"p": false}));
    // `anyOf` of `required` sets: the first set is written.
    assert_eq!(named(&api, "OneOfTwo"), json!({"x": "string"}));
    // The tag is written even though the variant does not require it.
    assert_eq!(named(&api, "Pet"), json!({"kind": "cat", "name": "string"}));
    assert!(matches(&api, &Type::Named(api.types.id_of("Pet").unwrap()), &json!({"kind": "dog", "bark": true})));
    assert!(!matches(&api, &Type::Named(api.types.id_of("Wide").unwrap()), &json!({"a": "x"})));
}

#[test]
fn recursive_types_end() {
    let api = api(
        r#"
    Node:
      type: object
      required: [children, parent]
      properties:
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        parent:
          nullable: true
          allOf: [{$ref: '#/components/schemas/Node'}]
"#,
        "  {}",
    );
    let v = named(&api, "Node");
    assert!(matches(&api, &Type::Named(api.types.id_of("Node").unwrap()), &v), "{v}");
}

#[test]
fn patterns() {
    assert_eq!(pattern_sample("^[a-zA-Z0-9_-]+$").as_deref(), Some("a"));
    assert_eq!(pattern_sample("^tunnel_[a-z0-9]{32}$"), Some(format!("tunnel_{}", "a".repeat(32))));
    assert_eq!(
        pattern_sample(r"^(?!latest$)(?!default$)(?!\d+$)[a-zA-Z0-9_-]*[^@\s]?[a-zA-Z0-9_-]*$").as_deref(),
        Some("aa")
    );
    assert_eq!(pattern_sample(r"^(ab|cd)\.[^a]{2,3}x?$").as_deref(), Some("ab.xx"));
    assert_eq!(pattern_sample(r"(a)\1"), None);
    assert_eq!(pattern_sample("a{2"), None);
}

#[test]
fn operation_arguments() {
    let api = api(
        "    Empty: {type: object}",
        r#"
  /things/{thing_id}/files:
    post:
      operationId: uploadFile
      parameters:
        - {name: thing_id, in: path, required: true, schema: {type: integer, minimum: 3}}
        - {name: since, in: query, required: true, schema: {type: string, format: date}}
        - {name: limit, in: query, schema: {type: integer}}
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file, purpose]
              properties:
                file: {type: string, format: binary}
                purpose: {type: string, enum: [assistants]}
      responses:
        '200': {description: OK}
  /videos:
    post:
      operationId: editVideo
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                video:
                  oneOf:
                    - type: object
                      required: [id]
                      properties: {id: {type: string}}
                    - {type: string, format: binary}
                prompt: {type: string}
      responses:
        '200': {description: OK}
"#,
    );
    let args = operation_args(&api, &api.operations[0]);
    assert_eq!(
        Value::Object(args),
        json!({
            "thing_id": 3,
            "body": {"file": "file content", "purpose": "assistants"},
            "query": {"since": "2024-01-01"}
        })
    );
    let args = operation_args(&api, &api.operations[1]);
    assert_eq!(Value::Object(args), json!({"body": {"video": "file content"}}));
    let keys: Vec<String> = operation_args(&api, &api.operations[0]).keys().cloned().collect();
    assert_eq!(keys, ["thing_id", "body", "query"]);
}
