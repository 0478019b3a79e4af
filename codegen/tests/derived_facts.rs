//! The facts derived from the type graph (`Default`, pagination, the keys an
//! untagged union matches on, its filler) are decided once, in the IR
//! (`ir/derived.rs`), and emit only prints them: change the fact in the IR
//! and the generated code follows, whatever the types' shapes say.

use codegen::ir::{Api, Cursor, TypeKind};
use codegen::{CrateOptions, SpecSource};

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Facts, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ThingList'}
    post:
      operationId: createThing
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NewThing'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Shape'}
components:
  schemas:
    Thing:
      type: object
      required: [id]
      properties:
        id: {type: string}
    ThingList:
      type: object
      required: [data, has_more]
      properties:
        data: {type: array, items: {$ref: '#/components/schemas/Thing'}}
        has_more: {type: boolean}
    NewThing:
      type: object
      properties:
        label: {type: string}
    Holder:
      type: object
      required: [shape]
      properties:
        shape: {$ref: '#/components/schemas/Shape'}
    Shape:
      anyOf:
        - type: object
          required: [radius]
          properties:
            radius: {type: number}
        - type: string
"#;

fn lower() -> Api {
    lower_text("facts", SPEC)
}

fn lower_text(module: &str, text: &str) -> Api {
    let source = SpecSource { file: format!("{module}.yaml"), module: module.into(), text: text.into(), config: None };
    codegen::lower(&source).unwrap()
}

fn models(api: Api) -> String {
    let options = CrateOptions { name: "facts".into(), standalone: true, example_tests: false, contract_tests: false };
    let files = codegen::emit::emit_crate(&[api], &options).unwrap();
    files["src/facts/models.rs"].split_whitespace().collect::<Vec<_>>().join(" ")
}

fn kind_mut<'a>(api: &'a mut Api, name: &str) -> &'a mut TypeKind {
    &mut api.types.by_name_mut(name).unwrap().kind
}

#[test]
fn the_ir_holds_the_derived_facts() {
    let api = lower();
    assert!(api.types["NewThing"].derives_default, "a struct with no required field has Default");
    assert!(!api.types["Holder"].derives_default, "a struct requiring a union (no Default) has none");
    let TypeKind::Struct(list) = &api.types["ThingList"].kind else { panic!("ThingList is a struct") };
    let page = list.page.as_ref().expect("ThingList pages");
    assert_eq!((page.data.as_str(), page.has_more.as_str(), page.has_more_always), ("data", "has_more", true));
    assert!(matches!(&page.cursor, Cursor::ItemId { field } if field == "id"), "{:?}", page.cursor);
    let TypeKind::Union(shape) = &api.types["Shape"].kind else { panic!("Shape is a union") };
    let keys: Vec<_> = shape.variants.iter().map(|v| v.keys.as_ref().map(|k| k.required.clone())).collect();
    assert_eq!(keys, vec![Some(vec!["radius".to_string()]), None]);
    assert_eq!(
        shape.filler.as_deref(),
        Some(shape.variants[1].rust_name.as_str()),
        "decoded: the string variant fills in"
    );
}

#[test]
fn emit_prints_the_facts_it_is_given() {
    let before = models(lower());
    assert!(before.contains("impl crate::runtime::Page for ThingList"), "{before}");
    assert!(before.contains("#[derive(Clone, Default)] pub struct NewThing"), "{before}");
    assert!(before.contains("= [\"radius\"] / [\"radius\"]"), "{before}");

    let mut api = lower();
    let TypeKind::Struct(list) = kind_mut(&mut api, "ThingList") else { panic!() };
    list.page = None;
    api.types.by_name_mut("NewThing").unwrap().derives_default = false;
    let TypeKind::Union(shape) = kind_mut(&mut api, "Shape") else { panic!() };
    shape.variants[0].keys.as_mut().unwrap().required.clear();
    shape.filler = None;
    let after = models(api);
    assert!(!after.contains("impl crate::runtime::Page for ThingList"), "emit found a page the IR does not hold");
    assert!(after.contains("#[derive(Clone)] pub struct NewThing"), "{after}");
    assert!(after.contains("= [\"radius\"] / []"), "emit re-derived the required keys: {after}");
    assert!(!after.contains("impl crate::runtime::Filler for Shape"), "emit chose a filler the IR does not hold");
}

/// Every struct is read into its filler, so every union has one, and it must
/// end: `Expr`'s first variant requires an `Expr`, so `Leaf` fills in.
const RECURSIVE: &str = r#"
openapi: 3.0.3
info: {title: Facts, version: "1"}
paths:
  /eval:
    post:
      operationId: evaluate
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Expr'}
      responses:
        '204': {description: done}
components:
  schemas:
    Expr:
      oneOf:
        - $ref: '#/components/schemas/Pair'
        - $ref: '#/components/schemas/Leaf'
    Pair:
      type: object
      required: [left, right]
      properties:
        left: {$ref: '#/components/schemas/Expr'}
        right: {$ref: '#/components/schemas/Expr'}
    Leaf:
      type: object
      required: [name]
      properties:
        name: {type: string}
"#;

#[test]
fn a_union_filler_never_calls_itself() {
    let api = lower_text("rec", RECURSIVE);
    assert!(!api.types["Expr"].decoded, "request-only, and still given a filler");
    let TypeKind::Union(expr) = &api.types["Expr"].kind else { panic!("Expr is a union") };
    assert_eq!(expr.variants[0].rust_name, "Pair");
    assert_eq!(expr.filler.as_deref(), Some("Leaf"), "not Pair, whose filler needs Expr's");
}
