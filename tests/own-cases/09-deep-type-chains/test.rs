// A chain of 90 structs each holding the next, and a ring of 40: past
// rustc's default recursion limit (128) for drop check and auto traits, so
// the crate sets its own (`Api::recursion_limit`); it builds, passes clippy
// and documents, and values as deep as the chain decode and encode.
use generated::spec::models::{Link0, Ring0};
use serde_json::{json, Value};

#[test]
fn a_value_as_deep_as_the_chain_round_trips() {
    let mut value = json!({"depth": 89});
    for depth in (0..89).rev() {
        value = json!({"depth": depth, "next": value});
    }
    let chain: Link0 = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(chain.depth, Some(0));
    assert_eq!(serde_json::to_value(&chain).unwrap(), value);
}

#[test]
fn a_ring_decodes_around_itself() {
    let mut value: Value = json!({"name": "last"});
    for i in 0..45 {
        value = json!({"name": format!("r{i}"), "next": value});
    }
    let ring: Ring0 = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(serde_json::to_value(&ring).unwrap(), value);
}
