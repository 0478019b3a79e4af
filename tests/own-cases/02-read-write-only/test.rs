// readOnly: read as declared, never written. writeOnly: written, and an answer without it still decodes.
use generated::spec::models::{Admin, User};
use serde_json::json;

#[test]
fn read_only_not_written() {
    let user = User { login: "ada".into(), password: Some("pw".into()), ..Default::default() };
    let sent = serde_json::to_value(&user).unwrap();
    assert_eq!(sent, json!({"login": "ada", "password": "pw"}));
}

#[test]
fn write_only_not_required_in_an_answer() {
    let answer = json!({"uid": "0b7e3c52-4c9b-4b1e-9a6f-1f3e2a8d9c01", "revision": null, "etag": "e1", "login": "ada"});
    let user: User = serde_json::from_value(answer).expect("an answer without the writeOnly password");
    assert_eq!(user.uid, "0b7e3c52-4c9b-4b1e-9a6f-1f3e2a8d9c01");
    assert_eq!(user.revision, None);
    assert_eq!(user.etag.as_deref(), Some("e1"));
    assert_eq!(user.password, None);
    // A required readOnly field is still required in an answer.
    assert!(serde_json::from_value::<User>(json!({"login": "ada", "revision": 1})).is_err());
}

#[test]
fn through_all_of_with_extra_properties() {
    let answer = json!({"uid": "u", "revision": 3, "login": "root", "level": 9, "team": "ops"});
    let admin: Admin = serde_json::from_value(answer).expect("an answer without password and pin");
    assert_eq!((admin.revision, admin.level, admin.pin.as_deref()), (Some(3), 9, None));
    let sent = serde_json::to_value(&admin).unwrap();
    assert_eq!(sent, json!({"login": "root", "level": 9, "team": "ops"}), "readOnly fields left out, extra kept");
}
