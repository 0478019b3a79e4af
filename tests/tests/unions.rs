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

#[derive(Debug, Clone, PartialEq, Default)]
struct Operation {
    operator: Option<String>,
    operands: Option<Vec<Operand>>,
    meta: ObjectMeta,
}
generated::object_serde!(Operation { "operator" => operator optional, "operands" => operands optional });

#[derive(Debug, Clone, PartialEq, Default)]
struct Value {
    value: Option<f64>,
    meta: ObjectMeta,
}
generated::object_serde!(Value { "value" => value optional });

#[derive(Debug, Clone, PartialEq, Default)]
struct Named {
    name: String,
    value: Option<f64>,
    meta: ObjectMeta,
}
generated::object_serde!(Named { "name" => name required, "value" => value optional });

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
    // Tolerant: the struct takes it, keeps the string and reports it.
    let read_back = read(json!({"value": "high"})).unwrap();
    let Operand::Value(value) = &read_back else { panic!("{read_back:?}") };
    assert_eq!(value.value, None);
    assert_eq!(value.meta.deviation("value"), Some(&DeviationKind::Invalid(json!("high"))));
    assert_eq!(serde_json::to_value(&read_back).unwrap(), json!({"value": "high"}));
}
