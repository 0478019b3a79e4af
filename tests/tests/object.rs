//! `object_serde!`, the serde impls of the generated structs, in the default
//! (tolerant) mode: fields by kind, field names that would clash without macro
//! hygiene, and what a server sends beyond the spec, kept and written back.
//! Strict decoding (a process-wide switch) is tested in `strict.rs`.

use generated::runtime::{self, DeviationKind, ObjectMeta};
use serde_json::json;

pub struct Thing {
    map: String,
    /// Required, but may be `null`.
    label: Option<String>,
    key: Option<i64>,
    r#type: Option<Option<String>>,
    nested: Vec<Thing>,
    meta: ObjectMeta,
}

generated::object_serde!(Thing {
    0 "map" => map required,
    1 "label" => label nullable,
    2 "key" => key optional,
    3 "type" => r#type optional_nullable,
    4 "nested" => nested required,
});

fn thing(map: &str, nested: Vec<Thing>) -> Thing {
    Thing { map: map.into(), label: None, key: None, r#type: None, nested, meta: ObjectMeta::default() }
}

/// Through the client's decode path, where tolerance applies.
fn read(value: serde_json::Value) -> Result<Thing, String> {
    generated::runtime::decode_json(value.to_string().as_bytes()).map_err(|e| e.to_string())
}

#[test]
fn fields_by_kind_unknown_keys_kept() {
    let input = json!({"map": "m", "label": null, "key": 3, "type": "t", "nested": [], "extra": {"deep": [1]}});
    let thing = read(input.clone()).unwrap();
    assert_eq!((thing.key, thing.r#type.clone()), (Some(3), Some(Some("t".into()))));
    assert_eq!(thing.meta.extra("extra"), Some(&json!({"deep": [1]})));
    assert!(thing.meta.deviations().is_empty());
    // Written back, undeclared key included.
    assert_eq!(serde_json::to_value(&thing).unwrap(), input);

    // Optional and nullable: absent and null are both `None`. Optional nullable: null is `Some(None)`, absent `None`.
    let sent = json!({"map": "m", "label": null, "key": null, "type": null, "nested": []});
    let thing = read(sent.clone()).unwrap();
    assert_eq!((thing.key, thing.r#type.clone()), (None, Some(None)));
    // An optional field sent as `null` is written back as `null`, not left out.
    assert_eq!(serde_json::to_value(&thing).unwrap(), sent);
    assert!(thing.meta.deviations().is_empty());
    let thing =
        read(json!({"map": "m", "label": "l", "nested": [{"map": "inner", "label": null, "nested": []}]})).unwrap();
    assert_eq!((thing.key, thing.r#type), (None, None));
    assert_eq!(thing.nested[0].map, "inner");
    assert!(thing.meta.is_empty() && thing.nested[0].meta.is_empty());
}

#[test]
fn missing_null_and_other_types_are_filled_recorded_and_written_back_as_read() {
    // No `map` (required), no `label` (required nullable), `nested` null, `key` an object.
    let input = json!({"key": {"n": 1}, "nested": null});
    let (thing, all) = runtime::collect_deviations(|| read(input.clone()));
    let thing = thing.unwrap();
    assert_eq!((thing.map.as_str(), &thing.label, thing.key, thing.nested.len()), ("", &None, None, 0));
    assert_eq!(thing.meta.deviation("map"), Some(&DeviationKind::Missing));
    assert_eq!(thing.meta.deviation("label"), Some(&DeviationKind::Missing));
    assert_eq!(thing.meta.deviation("nested"), Some(&DeviationKind::Null));
    assert_eq!(thing.meta.deviation("key"), Some(&DeviationKind::Invalid(json!({"n": 1}))));
    assert_eq!(all.len(), 4, "{all:?}");
    assert_eq!(all[0].object, "Thing");
    // Missing keys stay out, null and the raw object come back.
    assert_eq!(serde_json::to_value(&thing).unwrap(), input);

    // Once the user sets a field and clears its deviation, the new value is written.
    let mut thing = thing;
    thing.map = "set".into();
    thing.meta.clear_deviation("map");
    assert_eq!(serde_json::to_value(&thing).unwrap()["map"], "set");
}

#[test]
fn lossless_readings_are_taken_and_recorded_as_coerced() {
    // A number where a string is declared is its text; a numeric string where a number is declared its number.
    let thing = read(json!({"map": 12.5, "label": 7, "key": "42", "nested": []})).unwrap();
    assert_eq!((thing.map.as_str(), thing.label.as_deref(), thing.key), ("12.5", Some("7"), Some(42)));
    assert_eq!(thing.meta.deviation("map"), Some(&DeviationKind::Coerced(json!(12.5))));
    assert_eq!(serde_json::to_value(&thing).unwrap(), json!({"map": 12.5, "label": 7, "key": "42", "nested": []}));
    // A whole number written as a float where an integer is declared.
    let thing = read(json!({"map": "m", "label": null, "key": 1.7e9, "nested": []})).unwrap();
    assert_eq!(thing.key, Some(1_700_000_000));
    assert_eq!(thing.meta.deviation("key"), Some(&DeviationKind::Coerced(json!(1.7e9))));
    // An array inside an array of structs: each element is read on its own.
    let thing = read(json!({"map": "m", "label": null, "nested": [{"map": [1, "a"], "nested": []}]})).unwrap();
    assert_eq!(thing.nested[0].meta.deviation("map"), Some(&DeviationKind::Invalid(json!([1, "a"]))));
}

#[test]
fn base64_floats_read_as_the_same_numbers() {
    struct Embedding {
        embedding: Vec<f64>,
        meta: ObjectMeta,
    }
    generated::object_serde!(Embedding { 0 "embedding" => embedding required });
    let floats = [0.5f32, -1.25, 3.0e-3];
    let bytes: Vec<u8> = floats.iter().flat_map(|f| f.to_le_bytes()).collect();
    use base64::Engine;
    let text = base64::engine::general_purpose::STANDARD.encode(bytes);
    let read: Embedding = generated::runtime::decode_json(json!({ "embedding": text }).to_string().as_bytes()).unwrap();
    assert_eq!(read.embedding, floats.iter().map(|f| f64::from(*f)).collect::<Vec<_>>());
    assert!(matches!(read.meta.deviation("embedding"), Some(DeviationKind::Coerced(_))));
    let plain: Embedding = serde_json::from_value(json!({ "embedding": [0.5, -1.25] })).unwrap();
    assert_eq!(plain.embedding, [0.5, -1.25]);
}

#[test]
fn written_as_read_none_left_out_null_kept_apart() {
    let inner = thing("i", vec![]);
    let mut outer = thing("m", vec![inner]);
    (outer.label, outer.key, outer.r#type) = (Some("l".into()), Some(2), Some(None));
    let written = serde_json::to_value(&outer).unwrap();
    let expected = json!({
        "map": "m", "label": "l", "key": 2, "type": null,
        "nested": [{"map": "i", "label": null, "nested": []}],
    });
    assert_eq!(written, expected);
    assert_eq!(read(written).unwrap(), outer);
}

#[test]
fn a_non_object_is_still_an_error() {
    let not_object = read(json!(["m"])).unwrap_err();
    assert!(not_object.contains("expected struct Thing"), "{not_object}");
}

/// A struct only sent (no response reaches it): the strict form, no `meta`.
struct Request {
    name: String,
    label: Option<String>,
    note: Option<String>,
    tag: Option<Option<String>>,
}

generated::object_serde!(strict Request {
    0 "name" => name required,
    1 "label" => label nullable,
    2 "note" => note optional,
    3 "tag" => tag optional_nullable,
});

#[test]
fn request_only_structs_read_strictly_while_the_switch_is_tolerant() {
    assert!(!runtime::strict(), "this binary runs tolerant");
    let read = |value: serde_json::Value| serde_json::from_value::<Request>(value).map_err(|e| e.to_string());
    let missing = read(json!({"name": "n"})).unwrap_err();
    assert!(missing.starts_with("missing field `label`"), "{missing}");
    let null = read(json!({"name": null, "label": null})).unwrap_err();
    assert!(null.starts_with("invalid type: null, expected a string"), "{null}");
    let wrong = read(json!({"name": 5, "label": null})).unwrap_err();
    assert!(wrong.starts_with("invalid type: integer `5`, expected a string"), "{wrong}");

    // Undeclared keys are skipped (as serde's derive does) and not written back.
    let read_back = read(json!({"name": "n", "label": null, "note": null, "tag": null, "x_extra": 1})).unwrap();
    assert_eq!(read_back, Request { name: "n".into(), label: None, note: None, tag: Some(None) });
    assert_eq!(serde_json::to_value(&read_back).unwrap(), json!({"name": "n", "label": null, "tag": null}));
    let full = Request { name: "n".into(), label: Some("l".into()), note: Some("o".into()), tag: None };
    assert_eq!(serde_json::to_value(&full).unwrap(), json!({"name": "n", "label": "l", "note": "o"}));
}

/// `object_serde!` writes `Debug` and `PartialEq` from its walk over the
/// fields; they must say what std's derives say of the same struct.
mod as_derived {
    use generated::runtime::ObjectMeta;
    use serde_json::json;

    #[derive(Debug, PartialEq)]
    struct Thing {
        map: String,
        label: Option<String>,
        key: Option<i64>,
        r#type: Option<Option<String>>,
        nested: Vec<Thing>,
        meta: ObjectMeta,
    }

    fn derived(thing: &super::Thing) -> Thing {
        Thing {
            map: thing.map.clone(),
            label: thing.label.clone(),
            key: thing.key,
            r#type: thing.r#type.clone(),
            nested: thing.nested.iter().map(derived).collect(),
            meta: thing.meta.clone(),
        }
    }

    fn things() -> Vec<super::Thing> {
        [
            json!({"map": "m", "label": null, "nested": []}),
            json!({"map": "m", "label": "l", "key": 3, "type": null, "nested": [{"map": "n", "label": null, "nested": []}]}),
            json!({"map": "m", "label": "l", "key": 3, "type": "t", "nested": [{"map": "n", "label": null, "nested": []}]}),
            json!({"map": "m", "label": "l", "key": 4, "type": "t", "nested": []}),
            json!({"map": "m", "label": null, "nested": [], "undeclared": 1}),
            json!({"map": 5, "label": null, "nested": []}),
        ]
        .into_iter()
        .map(|value| super::read(value).unwrap())
        .collect()
    }

    #[test]
    fn debug_prints_as_the_derive_does() {
        for thing in things() {
            assert_eq!(format!("{thing:?}"), format!("{:?}", derived(&thing)));
            assert_eq!(format!("{thing:#?}"), format!("{:#?}", derived(&thing)));
        }
        // The raw identifier is printed as the derive prints it.
        assert!(format!("{:?}", things()[2]).contains("type: Some(Some(\"t\"))"));
    }

    #[test]
    fn equality_is_the_derives() {
        let (ours, theirs) = (things(), things());
        for (i, a) in ours.iter().enumerate() {
            for (j, b) in theirs.iter().enumerate() {
                assert_eq!(a == b, derived(a) == derived(b), "things {i} and {j}");
                assert_eq!(a == b, i == j, "things {i} and {j}");
            }
        }
    }
}
