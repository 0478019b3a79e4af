//! The generator config as the IR applies it: `[rename]` (types by generated
//! name, methods by operationId) and `quick_start`; what they change, what
//! follows, and the errors.

use codegen::config::ConfigSource;
use codegen::{generate, CrateOptions, SpecSource};

fn spec(config: &str) -> SpecSource {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/operations.yaml");
    SpecSource {
        file: "specs/operations.yaml".into(),
        module: "operations".into(),
        text: std::fs::read_to_string(path).unwrap(),
        config: Some(ConfigSource { file: "specs/operations.toml".into(), text: config.into() }),
    }
}

fn generated(config: &str) -> Result<codegen::Generated, String> {
    generate(&[spec(config)], &CrateOptions { name: "ops".into(), ..Default::default() }).map_err(|e| e.to_string())
}

fn error(config: &str) -> String {
    generated(config).err().expect("the config is refused")
}

#[test]
fn types_and_methods_take_the_configured_names() {
    let plain = generated("").unwrap();
    let types: Vec<&String> = plain.apis[0].types.keys().collect();
    assert!(types.iter().any(|t| *t == "Thing") && types.iter().any(|t| *t == "UploadFileRequestPurpose"), "{types:?}");

    let renamed = generated(
        "[rename.types]\nThing = \"Widget\"\nUploadFileRequest = \"Upload\"\n\
         [rename.methods]\nlistThings = \"all\"\ncreateUpload = \"start\"\n",
    )
    .unwrap();
    let api = &renamed.apis[0];
    let types: Vec<&String> = api.types.keys().collect();
    assert!(!types.iter().any(|t| *t == "Thing" || t.starts_with("UploadFileRequest")), "{types:?}");
    // An inline type named after a renamed one follows it; other components keep their names.
    assert!(
        ["Widget", "Upload", "UploadPurpose", "ThingList"].iter().all(|n| types.contains(&&n.to_string())),
        "{types:?}"
    );
    let methods_of = |id: &str| -> Vec<&str> {
        let op = api.operations.iter().find(|op| op.id == id).unwrap();
        op.methods.iter().map(|m| m.name.as_str()).collect()
    };
    assert_eq!(methods_of("listThings"), ["all"]);
    assert_eq!(methods_of("createUpload"), ["start", "start_multipart"], "variants follow the new name");
    assert_eq!(methods_of("createThing"), ["create"], "the other methods keep theirs");
    let code = &renamed.files["src/operations/models.rs"];
    assert!(code.contains("pub struct Widget {") && code.contains("pub data: Vec<Widget>,"), "references follow");
    assert!(!code.contains("Thing {") && !code.contains("<Thing>"), "no old name left in the models");
    let resources = &renamed.files["src/operations/resources.rs"];
    assert!(resources.contains("pub fn all(") && resources.contains("pub fn start_multipart("));
}

#[test]
fn renames_that_name_nothing_or_clash_are_errors_at_their_line() {
    let e = error("\n[rename.types]\nThingy = \"Widget\"\n");
    assert!(e.starts_with("specs/operations.toml:3:") && e.contains("/rename/types/Thingy"), "{e}");
    assert!(e.contains("no type `Thingy`"), "{e}");
    let e = error("[rename.types]\nThing = \"ThingList\"\n");
    assert!(e.starts_with("specs/operations.toml:2:") && e.contains("`ThingList`"), "{e}");
    let e = error("[rename.methods]\nlistThing = \"all\"\n");
    assert!(
        e.starts_with("specs/operations.toml:2:") && e.contains("no operation has the operationId `listThing`"),
        "{e}"
    );
    // `create` is the name of `createThing` in the same namespace.
    let e = error("[rename.methods]\nlistThings = \"create\"\n");
    assert!(e.contains("/rename/methods/listThings") && e.contains("already a method or namespace"), "{e}");
    let e = error("[rename.methods]\nlistThings = \"Bad Name\"\n");
    assert!(e.starts_with("specs/operations.toml:2:") && e.contains("not a method name"), "{e}");
    let e = error("[rename.types]\nThing = \"Client\"\n");
    assert!(e.contains("/rename/types/Thing") && e.contains("not a type name the crate can use"), "{e}");
}

#[test]
fn the_quick_start_is_the_configured_call_or_the_first_built_request() {
    let by_rule = generated("").unwrap();
    let quick = by_rule.apis[0].quick_start.as_ref().unwrap();
    assert_eq!((quick.operation.as_str(), quick.method.as_str()), ("createThing", "create"));
    let docs = &by_rule.files["src/operations/mod.rs"];
    assert!(docs.contains("//! let request = models::CreateThingRequest::new(\"name\");"), "{docs}");
    assert!(docs.contains("//! let answer = client.things().create(&request).await?;"), "{docs}");
    let crate_docs = &by_rule.files["src/lib.rs"];
    assert!(crate_docs.contains("//! # Quick start (`operations`)"), "the crate page shows it too: {crate_docs}");
    assert!(crate_docs.contains("//! let answer = client.things().create(&request).await?;"), "{crate_docs}");

    let configured = generated("quick_start = \"getThing\"\n").unwrap();
    let docs = &configured.files["src/operations/mod.rs"];
    assert!(
        docs.contains("//! let answer = client.things().retrieve(\"thing_id\", &Default::default()).await?;"),
        "{docs}"
    );
    assert!(docs.contains("//! use ops::operations::Client;"), "no unused `models` import: {docs}");

    let e = error("\nquick_start = \"getThings\"\n");
    assert!(
        e.starts_with("specs/operations.toml:2:") && e.contains("/quick_start") && e.contains("`getThings`"),
        "{e}"
    );
    let e = error("quick_start = \"uploadFile\"\n");
    assert!(e.contains("cannot be written by rule"), "{e}");
}
