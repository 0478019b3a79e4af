//! Name stability: a spec change renames nothing it did not touch. Checked on
//! the consecutive real OpenAI versions of `../shared/spec-history` and on
//! changes of our own; generation only (the IR), nothing is built.

use std::collections::BTreeMap;

use codegen::SpecSource;

fn types_of(text: &str) -> BTreeMap<String, String> {
    let spec = SpecSource {
        file: "openai.yaml".into(),
        module: "openai".into(),
        text: text.into(),
        config: Default::default(),
    };
    let api = codegen::lower(&spec).unwrap();
    let _names = api.types.naming();
    api.types.values().map(|def| (def.name.clone(), serde_yaml::to_string(&def.kind).unwrap())).collect()
}

/// Types of `old` that `new` holds, unchanged, under another name.
fn renamed(old: &BTreeMap<String, String>, new: &BTreeMap<String, String>) -> Vec<(String, String)> {
    let gone = old.iter().filter(|(n, _)| !new.contains_key(*n));
    gone.filter_map(|(name, kind)| {
        let moved = new.iter().find(|(n, k)| !old.contains_key(*n) && *k == kind)?;
        Some((name.clone(), moved.0.clone()))
    })
    .collect()
}

#[test]
fn real_history_renames_nothing() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/spec-history");
    let Ok(first) = std::fs::read_to_string(dir.join("openai-1.yaml")) else {
        eprintln!("skipped: ../shared/spec-history is absent");
        return;
    };
    let mut old = types_of(&first);
    for i in 2..=5 {
        let new = types_of(&std::fs::read_to_string(dir.join(format!("openai-{i}.yaml"))).unwrap());
        assert_eq!(renamed(&old, &new), vec![], "openai-{} → openai-{i}", i - 1);
        let removed = old.keys().filter(|n| !new.contains_key(*n)).count();
        let added = new.keys().filter(|n| !old.contains_key(*n)).count();
        let changed = old.iter().filter(|(n, k)| new.get(*n).is_some_and(|nk| nk != *k)).count();
        eprintln!("openai-{} → openai-{i}: {removed} types removed, {added} added, {changed} changed", i - 1);
        // Each real change touched one schema (and its inline parts), not the rest.
        assert!(removed + added + changed <= 12, "openai-{} → openai-{i}: {removed}/{added}/{changed}", i - 1);
        old = new;
    }
}

const BASE: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Alpha:
      type: object
      properties:
        kind: {type: string, enum: [a, b]}
        content:
          oneOf:
            - {type: string}
            - {type: object, properties: {text: {type: string}}}
    Omega:
      type: object
      properties:
        kind: {type: string, enum: [x, y]}
        shape:
          oneOf:
            - {type: object, properties: {radius: {type: number}}}
            - {type: object, properties: {side: {type: number}}}
"#;

/// `BASE` changed as `edit` says; no type of `BASE` may change name, and
/// only the types `touched` may change at all.
fn check_own(edit: impl Fn(&str) -> String, touched: &[&str]) {
    let old = types_of(BASE);
    let new = types_of(&edit(BASE));
    for (name, kind) in &old {
        let now = new.get(name).unwrap_or_else(|| panic!("{name} renamed or lost: {:?}", new.keys()));
        assert!(now == kind || touched.contains(&name.as_str()), "{name} changed:\n{kind}\n→\n{now}");
    }
}

#[test]
fn a_schema_inserted_in_the_middle_renames_nothing() {
    let middle = "    Middle:\n      type: object\n      properties:\n        kind: {type: string, enum: [a, b]}\n        shape:\n          oneOf:\n            - {type: object, properties: {radius: {type: integer}}}\n            - {type: string}\n    Omega:";
    check_own(|s| s.replacen("    Omega:", middle, 1), &[]);
}

#[test]
fn an_inline_schema_beside_a_same_named_one_renames_nothing() {
    // `AlphaKind` exists; a sibling `alpha_kind` would want the name `AlphaAlphaKind`,
    // and an inline `Alpha.content2` wants names beside `AlphaContent…`.
    let added = "    Alpha:\n      type: object\n      properties:\n        content2:\n          oneOf:\n            - {type: integer}\n            - {type: object, properties: {text: {type: string}}}";
    check_own(|s| s.replacen("    Alpha:\n      type: object\n      properties:", added, 1), &["Alpha"]);
}

#[test]
fn an_enum_value_added_changes_only_that_enum() {
    check_own(|s| s.replacen("enum: [x, y]", "enum: [x, y, z]", 1), &["OmegaKind"]);
}

#[test]
fn allof_of_two_unions_keeps_both() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/allof_two_unions.yaml")).unwrap();
    let spec = SpecSource { file: "f.yaml".into(), module: "f".into(), text, config: Default::default() };
    let api = codegen::lower(&spec).unwrap();
    for (name, unions) in [("PaintedShape", ["Shape", "Paint"]), ("Mark", ["MarkUnion", "MarkEmphasis"])] {
        let codegen::ir::TypeKind::Struct(s) = &api.types[name].kind else { panic!("{name} is not a struct") };
        let flattened: Vec<String> = s.fields.iter().filter(|f| f.flatten).map(|f| api.types.show(&f.ty)).collect();
        assert_eq!(flattened, unions, "{name}");
    }
}

#[test]
fn inline_constants_share_one_type_named_by_value() {
    let text = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    ToolCall:\n      type: object\n      properties:\n        type: {type: string, enum: [function]}\n        object: {type: string, enum: [assistant]}\n        status: {type: string, enum: [active]}\n    ToolChoice:\n      type: object\n      properties:\n        type: {type: string, enum: [function]}\n        status: {type: string, enum: [ACTIVE]}\n    AssistantObject:\n      type: object\n      properties:\n        id: {type: string}\n";
    let types = types_of(text);
    let names: Vec<&str> = types.keys().map(String::as_str).collect();
    // One `TypeFunction` for both fields, named field word first: the
    // `assistant` constant does not meet the component `AssistantObject`.
    // `active` and `ACTIVE` want one name but are two types.
    assert_eq!(
        names,
        [
            "AssistantObject",
            "ObjectAssistant",
            "StatusActive",
            "StatusActiveKind",
            "ToolCall",
            "ToolChoice",
            "TypeFunction"
        ]
    );
    for owner in ["ToolCall", "ToolChoice"] {
        assert!(types[owner].contains("ty: TypeFunction"), "{owner}: {}", types[owner]);
    }
}
