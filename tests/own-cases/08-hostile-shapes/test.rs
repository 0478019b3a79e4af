// Inputs of the hostile run's kinds: discriminator mappings by bare name,
// several keys for one schema, integer tags, variants without the tag
// property; a union listing itself; a struct without fields; HTTP basic
// credentials beside schemes the client cannot send. The crate passing
// clippy and rustdoc `-D warnings` covers the struct and the description.
use generated::spec::models::{Ack, Bird, Inner, Leaf, Msg, Outer, Pet, SelfType, Tagless};
use generated::spec::Client;
use serde_json::json;

#[test]
fn mapping_values_by_bare_name_and_several_keys_select_their_schema() {
    for (tag, dog) in [("kitty", false), ("doggo", true), ("puppy", true)] {
        let pet: Pet = serde_json::from_value(json!({"petType": tag})).unwrap();
        // Variants are named after their first tag value.
        assert_eq!(matches!(pet, Pet::Doggo(_)), dog, "{tag}: {pet:?}");
        assert!(!matches!(pet, Pet::Unknown(_)), "{tag}: {pet:?}");
    }
}

#[test]
fn an_integer_tag_selects_its_variant() {
    let one: Msg = serde_json::from_value(json!({"v": 1, "a": "x"})).unwrap();
    let two: Msg = serde_json::from_value(json!({"v": 2, "b": "y"})).unwrap();
    assert!(!matches!(one, Msg::Unknown(_)) && !matches!(two, Msg::Unknown(_)), "{one:?} {two:?}");
    assert_ne!(std::mem::discriminant(&one), std::mem::discriminant(&two));
}

#[test]
fn a_variant_without_the_tag_property_is_written_with_its_tag() {
    let bird = serde_json::to_value(Tagless::Bird(Bird::new().wings(2))).unwrap();
    assert_eq!(bird, json!({"kind": "bird", "wings": 2}));
    let back: Tagless = serde_json::from_value(bird).unwrap();
    assert!(matches!(back, Tagless::Bird(_)), "{back:?}");
}

#[test]
fn a_union_listing_itself_decodes_what_its_other_variants_take_and_ends_otherwise() {
    let text: SelfType = serde_json::from_value(json!("x")).unwrap();
    assert_eq!(serde_json::to_value(&text).unwrap(), json!("x"));
    // Before: each try of the self variant tried the union again, until the stack overflowed.
    assert!(serde_json::from_value::<SelfType>(json!(5)).is_err());
}

#[test]
fn a_struct_without_fields_reads_and_writes_an_object() {
    let ack: Ack = serde_json::from_value(json!({"seen": true})).unwrap();
    assert_eq!(serde_json::to_value(&ack).unwrap(), json!({"seen": true}));
}

#[test]
fn basic_credentials_are_the_client_key_and_other_schemes_leave_the_spec_usable() {
    // The spec-wide scheme is the primary one: `Client::new`, `api_key`, `SPEC_API_KEY`.
    let client = Client::builder().api_key("user:secret").build().unwrap();
    assert!(!format!("{client:?}").contains("secret"), "credentials stay out of Debug");
}

/// A variant's type converts into the union holding its union: one `into()`,
/// not `Outer::from(Inner::from(leaf))`.
#[test]
fn a_nested_unions_variant_converts_in_one_step() {
    let outer: Outer = Leaf::new().n(3).into();
    assert!(matches!(outer, Outer::Inner(Inner::Leaf(_))), "{outer:?}");
    assert_eq!(serde_json::to_value(&outer).unwrap(), json!({"type": "leaf", "n": 3}));
}
