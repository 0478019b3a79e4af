// `round` and `box` by the mapping, `poly-gon` by its schema's name in the spec (not its Rust name).
use generated::spec::models::{CircleV2, PolyGon, Shape, Square};
use serde_json::json;

#[test]
fn each_value_goes_to_its_schema() {
    let input = json!([{"kind": "round", "r": 1.0}, {"kind": "box"}, {"kind": "poly-gon", "sides": 5}, {"kind": "box", "side": 2.0}]);
    let shapes: Vec<Shape> = serde_json::from_value(input.clone()).expect("decode");
    assert!(matches!(&shapes[0], Shape::CircleV2(CircleV2 { .. })), "{:?}", shapes[0]);
    assert!(matches!(&shapes[1], Shape::Square(Square { side: None, .. })), "{:?}", shapes[1]);
    assert!(matches!(&shapes[2], Shape::PolyGon(PolyGon { sides: Some(5), .. })), "{:?}", shapes[2]);
    assert!(matches!(&shapes[3], Shape::Square(Square { side: Some(_), .. })), "{:?}", shapes[3]);
    assert_eq!(serde_json::to_value(&shapes).unwrap(), input);
    // The tag decides, not the keys: `r` belongs to circles, the value `box` to squares.
    let boxed: Shape = serde_json::from_value(json!({"kind": "box", "r": 2.0})).unwrap();
    assert!(matches!(boxed, Shape::Square(_)), "{boxed:?}");
}
