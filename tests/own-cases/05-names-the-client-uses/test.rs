// Names the generated code uses itself, as spec names: everything compiles and stays reachable.
use generated::spec::models;
use serde_json::json;

#[test]
fn operations_reachable() {
    let c = generated::spec::Client::builder().base_url("http://127.0.0.1:9").api_from_env("k").timeout_2("t").timeout(std::time::Duration::from_secs(1)).build().unwrap();
    // The trait methods keep their meaning; the spec's names move aside.
    let copy = c.clone();
    assert_eq!(copy.api_clone().list().path(), "/clone");
    assert_eq!(c.api_new().things().list().path(), "/new/things");
    let body = models::D2 { a: models::D2a::X, into: Some(models::Into2::None), meta: Default::default() };
    assert_eq!(c.api_into().update("a b", &body, &models::IntoQuery { query: None }).path(), "/into/a%20b");
    assert_eq!(c.files().api_from_file("f").path(), "/files/f/from_file");
    assert_eq!(c.files().api_into_list("f").path(), "/files/f/into_list");
    assert_eq!(c.default().api_into().option().result().list().path(), "/Default/Into/Option/Result");
}

#[test]
fn models_named_like_macro_parameters() {
    let a: models::A2 = serde_json::from_value(json!({"self": "s", "self_": "t", "extra": "e", "n": 1})).unwrap();
    assert_eq!((a.self_.as_deref(), a.self_2.as_deref(), a.extra_2.as_deref()), (Some("s"), Some("t"), Some("e")));
    assert_eq!(a.extra.get("n"), Some(&1), "additional properties stay in `extra`");
    let d: models::Default2 = serde_json::from_value(json!(["Some", "Default", "other"])).unwrap();
    assert_eq!(d[0], models::Into2::Some);
    assert_eq!(d[2], models::Into2::Unknown("other".into()));
}
