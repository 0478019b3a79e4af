//! `object_serde!`, the serde impls of the generated structs: written and read
//! as serde's derives do, with field names that would clash without macro hygiene.

use serde_json::json;

#[derive(Debug, PartialEq)]
struct Thing {
    map: String,
    /// Required, but may be `null`.
    label: Option<String>,
    key: Option<i64>,
    r#type: Option<Option<String>>,
    nested: Vec<Thing>,
}

generated::object_serde!(Thing {
    "map" => map required,
    "label" => label nullable,
    "key" => key optional,
    "type" => r#type optional_nullable,
    "nested" => nested required,
});

fn read(value: serde_json::Value) -> Result<Thing, String> {
    serde_json::from_str(&value.to_string()).map_err(|e| e.to_string())
}

#[test]
fn fields_by_kind_unknown_keys_skipped() {
    let thing = read(json!({"map": "m", "key": 3, "type": "t", "nested": [], "extra": {"deep": [1]}})).unwrap();
    assert_eq!(
        thing,
        Thing { map: "m".into(), label: None, key: Some(3), r#type: Some(Some("t".into())), nested: vec![] }
    );

    // Optional and nullable: absent and null are both `None`. Optional nullable: null is `Some(None)`, absent `None`.
    let thing = read(json!({"map": "m", "key": null, "type": null, "nested": []})).unwrap();
    assert_eq!((thing.key, thing.r#type), (None, Some(None)));
    let thing = read(json!({"map": "m", "nested": [{"map": "inner", "nested": []}]})).unwrap();
    assert_eq!((thing.key, thing.r#type), (None, None));
    assert_eq!(thing.nested[0].map, "inner");
}

#[test]
fn errors_name_the_field_as_serde_does() {
    let missing = read(json!({"key": 1, "nested": []})).unwrap_err();
    assert!(missing.starts_with("missing field `map`"), "{missing}");
    let wrong = read(json!({"map": 5, "nested": []})).unwrap_err();
    assert!(wrong.starts_with("invalid type: integer `5`, expected a string"), "{wrong}");
    let not_object = read(json!(["m"])).unwrap_err();
    assert!(not_object.contains("expected struct Thing"), "{not_object}");
    // Through serde_path_to_error (as the client decodes), the path reaches inside.
    let text = json!({"map": "m", "nested": [{"map": 1, "nested": []}]}).to_string();
    let error =
        serde_path_to_error::deserialize::<_, Thing>(&mut serde_json::Deserializer::from_str(&text)).unwrap_err();
    assert_eq!(error.path().to_string(), "nested[0].map");
}

#[test]
fn written_as_read_none_left_out_null_kept_apart() {
    let inner = Thing { map: "i".into(), label: None, key: None, r#type: None, nested: vec![] };
    let thing =
        Thing { map: "m".into(), label: Some("l".into()), key: Some(2), r#type: Some(None), nested: vec![inner] };
    let written = serde_json::to_value(&thing).unwrap();
    let expected = json!({
        "map": "m", "label": "l", "key": 2, "type": null,
        "nested": [{"map": "i", "label": null, "nested": []}],
    });
    assert_eq!(written, expected);
    assert_eq!(read(written).unwrap(), thing);
}
