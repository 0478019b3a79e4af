//! The generator config as the IR applies it: `[rename]` (types by generated
//! name, methods by operationId) and `quick_start`; what they change, what
//! follows, and the errors.

use codegen::config::ConfigSource;
use codegen::{generate, CrateOptions, SpecSource};

fn spec(config: &str) -> SpecSource {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/operations.yaml");
    spec_text(&std::fs::read_to_string(path).unwrap(), config)
}

fn spec_text(text: &str, config: &str) -> SpecSource {
    SpecSource {
        file: "specs/operations.yaml".into(),
        module: "operations".into(),
        text: text.into(),
        config: Some(ConfigSource { file: "specs/operations.toml".into(), text: config.into() }),
    }
}

fn generated(config: &str) -> Result<codegen::Generated, String> {
    generate(&[spec(config)], &CrateOptions { name: "ops".into(), ..Default::default() }).map_err(|e| e.to_string())
}

fn generated_from(text: &str, config: &str) -> Result<codegen::Generated, String> {
    let options = CrateOptions { name: "ops".into(), ..Default::default() };
    generate(&[spec_text(text, config)], &options).map_err(|e| e.to_string())
}

fn error(config: &str) -> String {
    generated(config).err().expect("the config is refused")
}

#[test]
fn types_and_methods_take_the_configured_names() {
    let plain = generated("").unwrap();
    let types: Vec<&String> = plain.apis[0].types.names().collect();
    assert!(types.iter().any(|t| *t == "Thing") && types.iter().any(|t| *t == "UploadFileRequestPurpose"), "{types:?}");

    let renamed = generated(
        "[rename.types]\nThing = \"Widget\"\nUploadFileRequest = \"Upload\"\n\
         [rename.methods]\nlistThings = \"all\"\ncreateUpload = \"start\"\n",
    )
    .unwrap();
    let api = &renamed.apis[0];
    let types: Vec<&String> = api.types.names().collect();
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

#[test]
fn new_names_are_ascii_identifiers_and_errors_point_at_their_key() {
    for bad in ["\"\"", "\"Foo\u{b2}\"", "\"\u{391}\"", "\"\u{dc}bung\""] {
        let e = error(&format!("[rename.types]\nThing = {bad}\n"));
        assert!(e.starts_with("specs/operations.toml:2:") && e.contains("not a type name"), "{bad}: {e}");
    }
    let e = error("[rename.methods]\nlistThings = \"add\u{b2}\"\n");
    assert!(e.contains("not a method name"), "{e}");
    // The line of the key in its table, not the first line that mentions it.
    let e = error("[rename.methods]\nlistThings = \"all\"\n[rename.types]\nThing = \"Client\"\n");
    assert!(e.starts_with("specs/operations.toml:4:") && e.contains("/rename/types/Thing"), "{e}");
    // A TOML type error names the whole key.
    let e = error("[rename.types]\nThing = 3\n");
    assert!(e.starts_with("specs/operations.toml:2:") && e.contains("/rename/types/Thing"), "{e}");
}

#[test]
fn a_swap_is_a_clash_and_a_rename_to_itself_is_nothing() {
    let e = error("[rename.types]\nThing = \"ThingList\"\nThingList = \"Thing\"\n");
    assert!(e.contains("/rename/types/Thing:") && e.contains("`ThingList`") && e.contains("another type"), "{e}");
    let e = error("[rename.types]\nUploadFileRequest = \"Upload\"\nUploadFileRequestPurpose = \"Purpose\"\n");
    assert!(e.contains("its key is `UploadPurpose`"), "the message names the key to use: {e}");
    let same = generated("[rename.types]\nThing = \"Thing\"\n").unwrap();
    assert_eq!(same.files, generated("").unwrap().files);
}

/// `Pet`'s inline `query` is `PetQuery`, the `thing` operation's query struct `ThingQuery`.
const MOVES: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /thing:
    get:
      operationId: thing
      parameters: [{in: query, name: q, schema: {type: string}}]
      responses: {'200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}}
  /runs:
    post:
      operationId: createRun
      requestBody: {required: true, content: {application/json: {schema: {type: object, properties: {stream: {type: boolean}}}}}}
      responses:
        '200':
          description: OK
          content:
            application/json: {schema: {$ref: '#/components/schemas/Pet'}}
            text/event-stream: {schema: {$ref: '#/components/schemas/Pet'}}
    get:
      operationId: listRuns
      responses: {'200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}}
  /runs/{id}:
    delete:
      operationId: deleteRun
      parameters: [{in: path, name: id, required: true, schema: {type: string}}]
      responses: {'204': {description: gone}}
components:
  schemas:
    Pet:
      type: object
      properties:
        query: {type: object, properties: {q: {type: string}}}
"#;

#[test]
fn a_rename_that_would_move_another_name_is_an_error() {
    let plain = generated_from(MOVES, "").unwrap();
    assert!(plain.apis[0].types.values().any(|t| t.name == "ThingQuery"));
    // `Pet` → `Thing` makes its inline type `ThingQuery`, the name of `thing`'s query struct.
    let e = generated_from(MOVES, "[rename.types]\nPet = \"Thing\"\n").err().unwrap();
    assert!(
        e.starts_with("specs/operations.toml:2:") && e.contains("/rename/types/Pet") && e.contains("`ThingQuery`"),
        "{e}"
    );
    // A method renamed to another method's streaming variant.
    let e = generated_from(MOVES, "[rename.methods]\nlistRuns = \"create_stream\"\n").err().unwrap();
    assert!(e.contains("/rename/methods/listRuns") && e.contains("already a method"), "{e}");
}

#[test]
fn a_call_that_answers_nothing_is_awaited_not_printed() {
    let quick = generated_from(MOVES, "quick_start = \"deleteRun\"\n").unwrap();
    let docs = &quick.files["src/operations/mod.rs"];
    assert!(docs.contains("//! client.runs().delete(\"id\").await?;"), "{docs}");
    assert!(!docs.contains("let answer"), "{docs}");
}

#[test]
fn a_spec_named_after_a_keyword_gets_a_plain_module() {
    let mut source = spec("");
    source.module = "type".into();
    let generated = generate(&[source], &CrateOptions { name: "ops".into(), ..Default::default() }).unwrap();
    assert_eq!(generated.apis[0].module, "type_");
    assert!(
        generated.files.contains_key("src/type_/mod.rs") && generated.files["src/lib.rs"].contains("pub mod type_;")
    );
}

#[test]
fn a_type_renamed_to_a_helpers_name_is_an_error() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sdk_helpers.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    assert!(generated_from(&text, "").unwrap().files["src/operations/models.rs"]
        .contains("pub struct ResponseAccumulator {"));
    let e = generated_from(&text, "\n[rename.types]\nMessage = \"ResponseAccumulator\"\n").err().unwrap();
    assert!(e.starts_with("specs/operations.toml:3:") && e.contains("/rename/types/Message"), "{e}");
    assert!(e.contains("stream accumulator of `Response`"), "{e}");
}

#[test]
fn a_helper_is_renamed_through_its_output_type_not_by_its_own_name() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sdk_helpers.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    let e = generated_from(&text, "\n[rename.types]\nResponseAccumulator = \"Collector\"\n").err().unwrap();
    assert!(e.starts_with("specs/operations.toml:3:") && e.contains("/rename/types/ResponseAccumulator"), "{e}");
    assert!(e.contains("stream accumulator of `Response`, a helper the generator adds"), "{e}");
    // Renaming the output type renames its accumulator with it.
    let models =
        &generated_from(&text, "\n[rename.types]\nResponse = \"Reply\"\n").unwrap().files["src/operations/models.rs"];
    assert!(models.contains("pub struct ReplyAccumulator {") && !models.contains("ResponseAccumulator"), "{models}");
}
