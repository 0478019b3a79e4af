//! `runtime::set_strict` switches the whole process, so it has a test binary
//! of its own, and one test, so no other test sees it switched: the other
//! binaries see the default (tolerant).

use generated::openai::models::{ObjectVectorStoreFilesBatch, VectorStoreFileBatchObjectStatus};
use generated::runtime::{self, ObjectMeta};
use serde_json::json;

struct Thing {
    map: String,
    /// Required, but may be `null`.
    label: Option<String>,
    key: Option<i64>,
    nested: Vec<Thing>,
    meta: ObjectMeta,
}

generated::object_serde!(Thing {
    0 "map" => map required,
    1 "label" => label nullable,
    2 "key" => key optional,
    3 "nested" => nested required,
});

fn read(value: serde_json::Value) -> Result<Thing, String> {
    serde_json::from_str(&value.to_string()).map_err(|e| e.to_string())
}

#[test]
fn strict_refuses_every_deviation_only_while_switched_on() {
    let status = |text: &str| serde_json::from_str::<VectorStoreFileBatchObjectStatus>(text);
    // Off by default (the workspace does not enable the `strict` feature).
    assert!(!runtime::strict() && !runtime::strict_enums());
    let missing_nullable = json!({"map": "m", "nested": []});
    // The client's decode path forgives it; plain serde holds the type to the spec.
    assert!(runtime::decode_json::<Thing>(missing_nullable.to_string().as_bytes()).is_ok());
    assert!(read(missing_nullable.clone()).is_err());

    runtime::set_strict(true);
    assert!(runtime::strict_enums(), "one switch");
    let refused = status(r#""paused""#).unwrap_err().to_string();
    assert!(refused.contains("unknown variant `paused`"), "{refused}");
    assert_eq!(status(r#""completed""#).unwrap(), VectorStoreFileBatchObjectStatus::Completed);
    // A constant the server answers differently (seed 001) is refused too.
    assert!(serde_json::from_str::<ObjectVectorStoreFilesBatch>(r#""vector_store.file_batch""#).is_err());

    // Required means the key is there, nullable or not (case 03-nullable-optional-matrix).
    let missing = read(missing_nullable).unwrap_err();
    assert!(missing.starts_with("missing field `label`"), "{missing}");
    let missing = read(json!({"label": null, "key": 1, "nested": []})).unwrap_err();
    assert!(missing.starts_with("missing field `map`"), "{missing}");
    let null = read(json!({"map": null, "label": null, "nested": []})).unwrap_err();
    assert!(null.starts_with("invalid type: null, expected a string"), "{null}");
    let wrong = read(json!({"map": 5, "label": null, "nested": []})).unwrap_err();
    assert!(wrong.starts_with("invalid type: integer `5`, expected a string"), "{wrong}");
    // Through serde_path_to_error (as the client decodes), the path reaches inside.
    let text = json!({"map": "m", "label": null, "nested": [{"map": 1, "label": null, "nested": []}]}).to_string();
    let error =
        serde_path_to_error::deserialize::<_, Thing>(&mut serde_json::Deserializer::from_str(&text)).unwrap_err();
    assert_eq!(error.path().to_string(), "nested[0].map");
    // Undeclared keys are skipped, not kept.
    let thing = read(json!({"map": "m", "label": "l", "nested": [], "x_groq": {"id": "q"}})).unwrap();
    assert!(thing.meta.is_empty());

    runtime::set_strict(false);
    assert_eq!(status(r#""paused""#).unwrap(), VectorStoreFileBatchObjectStatus::Unknown("paused".into()));
    let thing = read(json!({"map": "m", "label": "l", "nested": [], "x_groq": {"id": "q"}})).unwrap();
    assert_eq!(thing.meta.extra("x_groq"), Some(&json!({"id": "q"})));
}
