// A uuid-or-slug union: written into the path as the value, decoded by format.
use generated::spec::models::{Project, ProjectRef};
use serde_json::json;

const ID: &str = "0b7e3c52-4c9b-4b1e-9a6f-1f3e2a8d9c01";

#[test]
fn decodes_by_format() {
    let p: ProjectRef = serde_json::from_value(json!(ID)).unwrap();
    assert!(matches!(p, ProjectRef::Uuid(_)), "{p:?}");
    let p: ProjectRef = serde_json::from_value(json!("my-project")).unwrap();
    assert!(matches!(p, ProjectRef::String(_)), "{p:?}");
    let p: Project = serde_json::from_value(json!({"ref": ID, "created": "2026-01-01T00:00:00Z"})).unwrap();
    assert!(matches!(p.r#ref, ProjectRef::Uuid(_)), "{p:?}");
    assert_eq!(serde_json::to_value(&p).unwrap(), json!({"ref": ID, "created": "2026-01-01T00:00:00Z"}));
}

#[test]
fn path_parameter_is_the_value() {
    let c = generated::spec::Client::builder().base_url("http://127.0.0.1:9").build().unwrap();
    let by_id: ProjectRef = serde_json::from_value(json!(ID)).unwrap();
    assert_eq!(by_id.to_string(), ID);
    assert_eq!(c.projects().retrieve(&by_id).path(), format!("/projects/{ID}"));
    let by_slug: ProjectRef = serde_json::from_value(json!("my-project")).unwrap();
    assert_eq!(c.projects().retrieve(&by_slug).path(), "/projects/my-project");
}
