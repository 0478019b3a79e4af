//! `untagged_union_impl!`: an untagged union reads the input once and gives an
//! object to the struct whose fields it names, even when every struct variant
//! would accept it (no required fields, unknown keys ignored).

use generated::runtime::{DeviationKind, ObjectMeta};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
enum Operand {
    Operation(Operation),
    Value(Value),
    Named(Named),
    Number(f64),
    Text(String),
}
generated::untagged_union_impl!(Operand {
    Operation = ["operator", "operands"] / [],
    Value = ["value"] / [],
    Named = ["name", "value"] / ["name"],
    Number,
    Text,
});

#[derive(Clone, Default)]
struct Operation {
    operator: Option<String>,
    operands: Option<Vec<Operand>>,
    meta: ObjectMeta,
}
generated::object_serde!(Operation { 0 "operator" => operator optional, 1 "operands" => operands optional });

#[derive(Clone, Default)]
struct Value {
    value: Option<f64>,
    meta: ObjectMeta,
}
generated::object_serde!(Value { 0 "value" => value optional });

#[derive(Clone, Default)]
struct Named {
    name: String,
    value: Option<f64>,
    meta: ObjectMeta,
}
generated::object_serde!(Named { 0 "name" => name required, 1 "value" => value optional });

fn read(value: serde_json::Value) -> Result<Operand, String> {
    serde_json::from_value(value).map_err(|e| e.to_string())
}

#[test]
fn objects_go_to_the_struct_naming_their_keys() {
    // serde's `untagged` would take the first struct, `Operation`, and drop `value`.
    assert_eq!(read(json!({"value": 2.5})).unwrap(), Operand::Value(Value { value: Some(2.5), ..Default::default() }));
    let nested = read(json!({"operator": "+", "operands": [{"value": 1.0}, 3.0, "x"]})).unwrap();
    let Operand::Operation(op) = nested else { panic!("{nested:?}") };
    assert_eq!(
        op.operands.unwrap(),
        [
            Operand::Value(Value { value: Some(1.0), ..Default::default() }),
            Operand::Number(3.0),
            Operand::Text("x".into())
        ]
    );
    // Both keys of `Named`, and its required one: it wins over `Value`.
    assert_eq!(
        read(json!({"name": "n", "value": 1.0})).unwrap(),
        Operand::Named(Named { name: "n".into(), value: Some(1.0), ..Default::default() })
    );
}

#[test]
fn a_key_added_later_does_not_change_the_choice_and_is_kept() {
    let input = json!({"value": 4.0, "unit": "ms"});
    let read_back = read(input.clone()).unwrap();
    let Operand::Value(value) = &read_back else { panic!("{read_back:?}") };
    assert_eq!((value.value, value.meta.extra("unit")), (Some(4.0), Some(&json!("ms"))));
    assert_eq!(serde_json::to_value(&read_back).unwrap(), input);
}

#[test]
fn no_match_names_the_union_and_the_best_candidates_error() {
    let error = read(json!(true)).unwrap_err();
    assert!(error.starts_with("no variant of Operand matches: "), "{error}");
}

#[test]
fn an_object_naming_a_variants_key_goes_there_even_with_a_value_of_another_type() {
    // Tolerant on the client's decode path: the struct takes it, keeps the string and reports it.
    let read_back: Operand = generated::runtime::decode_json(br#"{"value": "high"}"#).unwrap();
    let Operand::Value(value) = &read_back else { panic!("{read_back:?}") };
    assert_eq!(value.value, None);
    assert_eq!(value.meta.deviation("value"), Some(&DeviationKind::Invalid(json!("high"))));
    assert_eq!(serde_json::to_value(&read_back).unwrap(), json!({"value": "high"}));
}

/// A string variant with a `format` takes only strings of that format.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
enum When {
    At(String),
    Day(String),
    Host(String),
    Other(String),
}
generated::untagged_union_impl!(When { At ~ "date-time", Day ~ "date", Host ~ "ipv4", Other });

#[test]
fn string_variants_by_format() {
    let when = |v: &str| serde_json::from_value::<When>(json!(v)).unwrap();
    assert_eq!(when("2026-01-02T03:04:05Z"), When::At("2026-01-02T03:04:05Z".into()));
    assert_eq!(when("2026-01-02"), When::Day("2026-01-02".into()));
    assert_eq!(when("10.0.0.1"), When::Host("10.0.0.1".into()));
    assert_eq!(when("2026-1-2"), When::Other("2026-1-2".into()));
    assert_eq!(when("2026-01-02Tnoon"), When::Other("2026-01-02Tnoon".into()));
    assert_eq!(when("é2026-01-02T03:04:05Z"), When::Other("é2026-01-02T03:04:05Z".into()));
    use generated::runtime::matches_format;
    assert!(matches_format("uuid", "0b7e3c52-4c9b-4b1e-9a6f-1f3e2a8d9c01"));
    assert!(!matches_format("uuid", "0b7e3c52-4c9b-4b1e-9a6f-1f3e2a8d9c0"));
    assert!(!matches_format("uuid", "0b7e3c52x4c9b-4b1e-9a6f-1f3e2a8d9c01"));
    assert!(matches_format("ipv6", "::1") && !matches_format("ipv6", "1.2.3.4"));
    assert!(matches_format("email", "a@b.c") && !matches_format("email", "@b.c"));
    assert!(matches_format("hostname-or-anything", "whatever"));
}

/// A dispatch property: its value picks the variant tried first, whatever keys the object has.
/// Its variants are request-only structs (the strict form, no `meta`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
enum Shape {
    Circle(Circle),
    Square(Square),
}
generated::untagged_union_impl!(Shape, "kind" {
    Circle = ["kind", "r"] / ["kind"] @ "round",
    Square = ["kind", "side"] / ["kind"] @ "box",
});

#[derive(Clone)]
struct Circle {
    kind: String,
    r: Option<f64>,
}
generated::object_serde!(strict Circle { 0 "kind" => kind required, 1 "r" => r optional });

#[derive(Clone)]
struct Square {
    kind: String,
    side: Option<f64>,
}
generated::object_serde!(strict Square { 0 "kind" => kind required, 1 "side" => side optional });

#[test]
fn dispatch_property_picks_the_variant() {
    let shape = |v| serde_json::from_value::<Shape>(v).unwrap();
    assert!(matches!(shape(json!({"kind": "box", "r": 1.0})), Shape::Square(_)));
    assert!(matches!(shape(json!({"kind": "round", "side": 1.0})), Shape::Circle(_)));
    // An unlisted value: the keys decide, as in any untagged union.
    assert!(matches!(shape(json!({"kind": "hexagon", "side": 1.0})), Shape::Square(_)));
}
