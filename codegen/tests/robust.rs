//! Hostile and unusual specs through the whole generator: `$ref` cycles and
//! chains, self-aliases, long inheritance, references to references, local
//! `$defs`, spec text in docs. Each kind with several instances of our own;
//! the cases in `../shared/cases/robust` run too when present.

use std::path::{Path, PathBuf};

use codegen::{CrateOptions, Error, Generated, SpecSource};

fn generate(text: &str) -> Result<Generated, Error> {
    let source = SpecSource { file: "robust.yaml".into(), module: "robust".into(), text: text.into(), config: None };
    codegen::generate(&[source], &CrateOptions { name: "robust".into(), ..Default::default() })
}

fn with_schemas(schemas: &str) -> String {
    format!("openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}")
}

/// The error `text` gives, shown as the user sees it.
fn refused(text: &str) -> String {
    match generate(text) {
        Ok(g) => panic!("accepted:\n{text}\n{}", g.files["src/robust/models.rs"]),
        Err(e) => {
            assert!(e.line.is_some(), "a line: {e}");
            assert!(!e.pointer.is_empty(), "a pointer: {e}");
            e.to_string()
        }
    }
}

fn accepted(text: &str) -> Generated {
    generate(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn shared_case(rel: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/cases/robust").join(rel);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped {rel}: ../shared/cases is absent");
        None
    }
}

fn shared_text(rel: &str) -> Option<String> {
    shared_case(rel).map(|p| std::fs::read_to_string(p).unwrap())
}

#[test]
fn ref_rings_are_errors_naming_the_ring() {
    for (schemas, at, ring) in [
        ("    A: {$ref: '#/components/schemas/A'}\n", "at /components/schemas/A:", "A → A"),
        (
            "    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/C'}\n    C: {$ref: '#/components/schemas/A'}\n",
            "robust.yaml:6: at /components/schemas/A:",
            "B → C → A → B",
        ),
        (
            "    X: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}}\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n",
            "at /components/schemas/X/properties/a:",
            "A → B → A",
        ),
    ] {
        let e = refused(&with_schemas(schemas));
        assert!(e.contains(at) && e.contains("$ref cycle") && e.contains(ring), "{e}");
    }
    for rel in ["01-ref-cycle-stack-overflow/spec.yaml", "01-ref-cycle-stack-overflow/self.yaml"] {
        if let Some(text) = shared_text(rel) {
            assert!(refused(&text).contains("at /components/schemas/A: $ref cycle"));
        }
    }
}

#[test]
fn allof_cycles_are_errors_naming_the_ring() {
    for (schemas, ring) in [
        ("    A:\n      allOf:\n        - $ref: '#/components/schemas/A'\n        - {type: object, properties: {x: {type: string}}}\n", "A → A"),
        (
            "    A: {allOf: [{$ref: '#/components/schemas/B'}, {properties: {a: {type: string}}}]}\n    B: {allOf: [{$ref: '#/components/schemas/C'}, {properties: {b: {type: string}}}]}\n    C: {allOf: [{$ref: '#/components/schemas/A'}, {properties: {c: {type: string}}}]}\n",
            "B → C → A → B",
        ),
        // The ring is reached through an inline allOf of a property.
        (
            "    X: {properties: {p: {allOf: [{$ref: '#/components/schemas/A'}, {properties: {z: {type: string}}}]}}}\n    A: {allOf: [{$ref: '#/components/schemas/A'}, {properties: {a: {type: string}}}]}\n",
            "A → A",
        ),
    ] {
        let e = refused(&with_schemas(schemas));
        assert!(e.contains("allOf cycle") && e.contains(ring), "{e}");
    }
    for rel in ["02-allof-self-cycle-stack-overflow/spec.yaml", "02-allof-self-cycle-stack-overflow/two.yaml"] {
        if let Some(text) = shared_text(rel) {
            assert!(refused(&text).contains("allOf cycle"));
        }
    }
}

#[test]
fn recursion_through_data_is_still_accepted() {
    // Legitimate recursion: a union holding a list of itself, a tree, allOf of a
    // recursive parent. (The union's variant that is itself adds nothing and goes.)
    let g = accepted(&with_schemas(
        "    Node: {anyOf: [{$ref: '#/components/schemas/Node'}, {type: string}, {type: array, items: {$ref: '#/components/schemas/Node'}}]}\n    Tree: {type: object, properties: {children: {type: array, items: {$ref: '#/components/schemas/Tree'}}, parent: {$ref: '#/components/schemas/Tree'}}}\n    Sub: {allOf: [{$ref: '#/components/schemas/Tree'}, {properties: {x: {type: string}}}]}\n",
    ));
    let models = &g.files["src/robust/models.rs"];
    assert!(models.contains("pub parent: Option<Box<Tree>>"), "{models}");
    assert!(models.contains("NodeArray(Vec<Node>)") && !models.contains("Node(Box<Node>)"), "{models}");
}

#[test]
fn schemas_that_only_name_themselves_are_errors() {
    for (schemas, ring) in [
        ("    A: {allOf: [{$ref: '#/components/schemas/A'}]}\n", "(A → A)"),
        ("    B: {anyOf: [{$ref: '#/components/schemas/B'}], description: x}\n", "(B → B)"),
        ("    C: {oneOf: [{$ref: '#/components/schemas/D'}]}\n    D: {oneOf: [{$ref: '#/components/schemas/C'}]}\n", "(C → D → C)"),
        ("    E: {allOf: [{$ref: '#/components/schemas/F'}], nullable: true}\n    F: {anyOf: [{$ref: '#/components/schemas/E'}]}\n", "(E → F → E)"),
    ] {
        let e = refused(&with_schemas(schemas));
        assert!(e.contains("only a reference to itself") && e.contains(ring), "{e}");
    }
    if let Some(text) = shared_text("04-self-alias-generates-non-compiling-code/spec.yaml") {
        assert!(refused(&text).contains("robust.yaml:6: at /components/schemas/A: schema is only a reference"));
    }
}

#[test]
fn aliases_nesting_themselves_through_lists_become_json_with_a_report() {
    let g = accepted(&with_schemas(
        "    L: {type: array, items: {$ref: '#/components/schemas/L'}}\n    M: {type: object, additionalProperties: {$ref: '#/components/schemas/N'}}\n    N: {type: array, items: {$ref: '#/components/schemas/M'}}\n    Uses: {type: object, properties: {l: {$ref: '#/components/schemas/L'}}}\n",
    ));
    let models = &g.files["src/robust/models.rs"];
    for alias in
        ["pub type L = serde_json::Value;", "pub type M = serde_json::Value;", "pub type N = serde_json::Value;"]
    {
        assert!(models.contains(alias), "{alias}\n{models}");
    }
    let untyped: Vec<&str> = g.apis[0].report.untyped.iter().map(|(at, _)| at.as_str()).collect();
    assert_eq!(untyped, ["/components/schemas/L", "/components/schemas/M", "/components/schemas/N"]);
}

/// `S0 allOf [S1, own field]`, …, `S{n-1} allOf [Sn, …]`, `Sn` an object.
fn allof_chain(links: usize) -> String {
    let mut schemas = String::new();
    for i in 0..links {
        schemas.push_str(&format!(
            "    S{i}: {{allOf: [{{$ref: '#/components/schemas/S{}'}}, {{type: object, properties: {{f{i}: {{type: string}}}}}}]}}\n",
            i + 1
        ));
    }
    schemas.push_str(&format!("    S{links}: {{type: object, properties: {{end: {{type: string}}}}}}\n"));
    with_schemas(&schemas)
}

fn field_count(g: &Generated) -> usize {
    g.apis[0]
        .types
        .values()
        .map(|t| match &t.kind {
            codegen::ir::TypeKind::Struct(s) => s.fields.len(),
            _ => 0,
        })
        .sum()
}

#[test]
fn long_allof_chains_take_linear_room_and_no_deep_stack() {
    // Lowering only (emit is linear and tested elsewhere), on a 1 MiB stack.
    let lower = |text: String| {
        std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || {
                let source = SpecSource { file: "chain.yaml".into(), module: "chain".into(), text, config: None };
                codegen::lower(&source).map(|api| {
                    api.types
                        .values()
                        .map(|t| matches!(&t.kind, codegen::ir::TypeKind::Struct(s) if !s.fields.is_empty()) as usize)
                        .sum::<usize>()
                })
            })
            .unwrap()
            .join()
            .expect("no crash")
    };
    let structs = lower(allof_chain(3000)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(structs, 3001);
    // Fields: each type merges at most MAX_MERGE_DEPTH ancestors, then embeds the next whole.
    let g = accepted(&allof_chain(40));
    let depth = codegen::ir::MAX_MERGE_DEPTH;
    assert!(field_count(&g) <= 41 * (depth + 2), "{}", field_count(&g));
    let s0 = &g.files["src/robust/models.rs"];
    let embedded = depth + 1;
    assert!(s0.contains(&format!("pub s{embedded}: S{embedded},")), "S0 embeds S{embedded} whole:\n{s0}");
    // A diamond of depth 40 (2^40 paths) merges each ancestor once.
    let mut schemas = String::new();
    for i in 0..40 {
        for side in ["L", "R"] {
            schemas.push_str(&format!(
                "    {side}{i}: {{allOf: [{{$ref: '#/components/schemas/L{n}'}}, {{$ref: '#/components/schemas/R{n}'}}, {{properties: {{{side}{i}: {{type: string}}}}}}]}}\n",
                n = i + 1
            ));
        }
    }
    schemas.push_str("    L40: {properties: {l: {type: string}}}\n    R40: {properties: {r: {type: string}}}\n");
    let started = std::time::Instant::now();
    accepted(&with_schemas(&schemas));
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    if let Some(path) = shared_case("05-deep-allof-chain-memory-and-stack/chain-2000.yaml") {
        assert_eq!(lower(std::fs::read_to_string(path).unwrap()).unwrap_or_else(|e| panic!("{e}")), 2001);
    }
}

#[test]
fn chains_of_aliases_and_refs_past_the_limit_are_errors() {
    let limit = codegen::ir::MAX_ALIAS_DEPTH;
    let chain = |n: usize, form: &str| {
        let mut schemas = String::new();
        for i in 0..n {
            let next = format!("'#/components/schemas/A{}'", i + 1);
            schemas.push_str(&match form {
                "ref" => format!("    A{i}: {{$ref: {next}}}\n"),
                _ => format!("    A{i}: {{allOf: [{{$ref: {next}}}], description: link}}\n"),
            });
        }
        schemas.push_str(&format!("    A{n}: {{type: string}}\n"));
        with_schemas(&schemas)
    };
    accepted(&chain(limit - 1, "ref"));
    accepted(&chain(limit - 1, "allOf"));
    let e = refused(&chain(5000, "ref"));
    assert!(e.contains("at /components/schemas/A0:") && e.contains("$ref chain longer than"), "{e}");
    let e = refused(&chain(5000, "allOf"));
    assert!(e.contains("aliases nest deeper than"), "{e}");
}

fn with_paths(paths: &str, components: &str) -> String {
    format!("openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}components:\n{components}")
}

#[test]
fn refs_to_refs_are_followed_for_parameters_responses_and_bodies() {
    let paths = "  /a/{id}:\n    post:\n      operationId: postA\n      parameters:\n        - $ref: '#/components/parameters/P'\n      requestBody: {$ref: '#/components/requestBodies/B1'}\n      responses:\n        '200': {$ref: '#/components/responses/R1'}\n";
    let components = "  parameters:\n    P: {$ref: '#/components/parameters/Q'}\n    Q: {$ref: '#/components/parameters/Id'}\n    Id: {name: id, in: path, required: true, schema: {type: string}}\n  requestBodies:\n    B1: {$ref: '#/components/requestBodies/B2'}\n    B2: {content: {application/json: {schema: {type: object, properties: {x: {type: string}}}}}}\n  responses:\n    R1: {$ref: '#/components/responses/R2'}\n    R2: {description: ok, content: {application/json: {schema: {type: object, properties: {y: {type: integer}}}}}}\n";
    let g = accepted(&with_paths(paths, components));
    let op = &g.apis[0].operations[0];
    assert_eq!(op.path_params.len(), 1);
    assert!(op.body.is_some());
    assert!(matches!(op.returns, codegen::ir::Returns::Json(_)), "{:?}", op.returns);
    for (broken, expected) in [
        (
            components.replace("Q: {$ref: '#/components/parameters/Id'}", "Q: {$ref: '#/components/parameters/P'}"),
            "$ref cycle that never reaches a parameter: #/components/parameters/P → #/components/parameters/Q → #/components/parameters/P",
        ),
        (
            components.replace("B2: {content", "B2: {$ref: '#/components/requestBodies/B1'}\n    B3: {content"),
            "$ref cycle that never reaches a request body",
        ),
        (
            components.replace("R2: {description", "R2: {$ref: '#/components/responses/R2'}\n    R3: {description"),
            "$ref cycle that never reaches a response",
        ),
        (
            components.replace("'#/components/parameters/Id'", "'#/components/parameters/Nope'"),
            "(reached through #/components/parameters/P) does not resolve",
        ),
    ] {
        let e = refused(&with_paths(paths, &broken));
        assert!(e.contains(expected), "{expected}: {e}");
    }
    if let Some(text) = shared_text("18-parameter-ref-to-ref-rejected/spec.yaml") {
        assert_eq!(accepted(&text).apis[0].operations[0].path_params.len(), 1);
    }
}

#[test]
fn schema_local_defs_resolve_against_their_schema_and_are_reported() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/local_defs.yaml")).unwrap();
    let g = accepted(&text);
    let api = &g.apis[0];
    assert_eq!(api.report.local_defs, ["/components/schemas/ChatRequest", "/components/schemas/ToolCall"]);
    assert!(api.summary(false).contains("relied on schema-local `$defs`"), "{}", api.summary(false));
    // ChatRequest's Message is not the spec's own Message; ToolCall's Role is not ChatRequest's.
    let names: Vec<&str> = api.types.names().map(String::as_str).collect();
    for name in ["ChatRequestMessage", "Message", "Role", "ToolCallRole", "Arguments"] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    // An error inside a definition names the line it is on.
    let broken = text.replace("content: {type: string}", "content: {$ref: '#/$defs/Nope'}");
    let line = text.lines().position(|l| l.contains("content: {type: string}")).unwrap() + 1;
    let e = refused(&broken);
    assert!(e.starts_with(&format!("robust.yaml:{line}: ")) && e.contains("#/$defs/Nope"), "{e}");
}

#[test]
fn spec_text_in_docs_never_runs_and_never_breaks_the_build() {
    let fences = [
        "~~~\nrun();\n~~~",
        "````\nrun();\n````",
        "```rust,edition2021\nrun();\n```",
        "```should_panic\nrun(); panic!();\n```",
        "``` no_run\nrun();\n```",
        "~~~~compile_fail\nrun();\n~~~~",
        "> ```rust\n> run();\n> ```",
        "````text\n```\nprose\n```\n````",
        "```\nnever closed",
    ];
    let mut props = String::new();
    for (i, fence) in fences.iter().enumerate() {
        let description = serde_json::to_string(&format!("Before.\n\n{fence}\n\nAfter.\rbare CR\r\nCRLF")).unwrap();
        props.push_str(&format!("        p{i}: {{type: string, description: {description}}}\n"));
    }
    let text = with_schemas(&format!(
        "    Doc:\n      type: object\n      title: \"Title\\r```rust\"\n      description: \"first\\rsecond\"\n      properties:\n{props}"
    ))
    .replace("title: t", "title: \"t\\r\\n```rust\\nrun();\"");
    let g = accepted(&text);
    assert_docs_inert(&g);
    assert!(g.files["Cargo.toml"].contains("[lib]\ndoctest = false\n"));
    for rel in ["13-description-with-bare-cr/spec.json", "14-doctest-injection-from-descriptions/spec.json"] {
        if let Some(text) = shared_text(rel) {
            assert_docs_inert(&accepted(&text));
        }
    }
}

/// No bare CR anywhere; every code block in doc comments opens as `text`
/// (read as rustdoc reads fences) and is closed.
fn assert_docs_inert(g: &Generated) {
    for (path, file) in &g.files {
        assert!(!file.contains('\r'), "{path} holds a bare CR");
        // The open fence's character and length, as rustdoc (CommonMark) reads them.
        let mut open: Option<(char, usize)> = None;
        for line in file.lines() {
            let doc = line.trim_start().strip_prefix("///").or_else(|| line.trim_start().strip_prefix("//!"));
            let Some(doc) = doc.map(|d| d.trim_start_matches([' ', '>'])) else { continue };
            let Some(c) = doc.chars().next().filter(|c| matches!(c, '`' | '~')) else { continue };
            let len = doc.chars().take_while(|&x| x == c).count();
            let info = doc[len..].trim();
            match open {
                _ if len < 3 => {}
                None => {
                    assert_eq!(info, "text", "{path}: {line}");
                    open = Some((c, len));
                }
                Some((open_c, open_len)) if c == open_c && len >= open_len && info.is_empty() => open = None,
                Some(_) => {}
            }
        }
        assert_eq!(open, None, "{path}: every block is closed");
    }
}

/// The deepest nesting the parser accepts (64 levels), through every
/// schema keyword that nests, generates on a 2 MiB stack (xtask's main thread
/// has 8); one level more is an error with a line.
#[test]
fn deepest_accepted_nesting_generates_on_a_small_stack() {
    let wrappers: [(&str, &str, usize); 5] = [
        ("{type: object, properties: {a: ", "}}", 2),
        ("{type: array, items: ", "}", 1),
        ("{allOf: [{properties: {x: {type: string}}}, ", "]}", 2),
        ("{anyOf: [{type: integer}, ", "]}", 2),
        ("{type: object, additionalProperties: ", "}", 1),
    ];
    for (open, close, levels_each) in wrappers {
        // `components/schemas/Deep` takes 3 levels, the innermost schemas a few more.
        let fit = (codegen::load::MAX_DEPTH - 8) / levels_each;
        let text =
            |n: usize| with_schemas(&format!("    Deep: {}{{type: string}}{}\n", open.repeat(n), close.repeat(n)));
        let run = |text: String| {
            std::thread::Builder::new()
                .stack_size(2 << 20)
                .spawn(move || generate(&text).map(|g| g.files.len()).map_err(|e| e.to_string()))
                .unwrap()
                .join()
                .expect("no crash")
        };
        run(text(fit)).unwrap_or_else(|e| panic!("{open}: {e}"));
        let e = run(text(codegen::load::MAX_DEPTH)).expect_err("too deep");
        assert!(e.contains("nesting deeper than 64 levels") && e.contains("robust.yaml:6:"), "{e}");
    }
}

#[test]
fn an_alias_bomb_of_long_strings_is_refused_by_its_size() {
    let mut text = String::from("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
    text.push_str(&format!(
        "x-a: &a {}\nx-b: &b [{}]\nx-c: [{}]\n",
        "y".repeat(256 << 10),
        ["*a"; 200].join(", "),
        ["*b"; 200].join(", ")
    ));
    let e = refused(&text);
    assert!(e.contains("aliases expand to too much text") && e.contains("robust.yaml:5: at /x-b/"), "{e}");
    if let Some(text) = shared_text("06-yaml-alias-string-bomb-oom/spec.yaml") {
        assert!(refused(&text).contains("aliases expand to too much text"));
    }
}

/// A union listing itself (directly, through an alias, or with `null`)
/// loses that variant, reported; one that lists nothing else is an error.
#[test]
fn unions_listing_themselves_lose_that_variant_or_are_errors() {
    let g = accepted(&with_schemas(
        "    U: {oneOf: [{type: string}, {$ref: '#/components/schemas/U'}, {$ref: '#/components/schemas/V'}]}\n    \
         V: {allOf: [{$ref: '#/components/schemas/U'}]}\n",
    ));
    let models = &g.files["src/robust/models.rs"];
    assert!(models.contains("untagged_union_impl!(U { String })"), "{models}");
    let issues = &g.apis[0].report.spec_issues;
    assert!(
        issues.iter().any(|(at, what)| at == "/components/schemas/U" && what.contains("union itself")),
        "{issues:?}"
    );
    let e = refused(&with_schemas(
        "    W: {oneOf: [{$ref: '#/components/schemas/W'}, {$ref: '#/components/schemas/W'}]}\n",
    ));
    assert!(e.contains("/components/schemas/W") && e.contains("only a union of itself"), "{e}");
}

/// A literal brace in a path (no parameter) is sent as written, not as
/// `format!`'s escape of it.
#[test]
fn a_literal_brace_in_a_path_is_sent_once() {
    let spec = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a/{id:\n    get:\n      \
                operationId: open\n      responses: {'204': {description: ok}}\n  /b/c}:\n    get:\n      \
                operationId: close\n      responses: {'204': {description: ok}}\n";
    let resources = &accepted(spec).files["src/robust/resources.rs"];
    assert!(
        resources.contains(r#""/a/{id".to_string()"#) && resources.contains(r#""/b/c}".to_string()"#),
        "{resources}"
    );
}

/// Credentials the client cannot send leave the spec usable, reported;
/// basic ones are a builder method.
#[test]
fn security_schemes_the_client_cannot_send_are_reported_not_refused() {
    let spec = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  securitySchemes:\n    \
                basic: {type: http, scheme: basic}\n    digest: {type: http, scheme: digest}\n    \
                cookie: {type: apiKey, in: cookie, name: session}\n";
    let g = accepted(spec);
    let client = &g.files["src/robust/mod.rs"];
    assert!(client.contains("basic_auth(value)") && client.contains("Authorization: Basic"), "{client}");
    let issues: Vec<&str> = g.apis[0].report.spec_issues.iter().map(|(at, _)| at.as_str()).collect();
    assert_eq!(issues, ["/components/securitySchemes/digest", "/components/securitySchemes/cookie"]);
}

/// The crate's name is checked before anything is generated.
#[test]
fn a_crate_name_cargo_refuses_is_an_error_not_a_panic() {
    let source =
        SpecSource { file: "robust.yaml".into(), module: "robust".into(), text: with_schemas(""), config: None };
    for name in ["123", "", "Generated", "my crate", "self"] {
        let options = CrateOptions { name: name.into(), ..Default::default() };
        let e = codegen::generate(std::slice::from_ref(&source), &options).err().unwrap_or_else(|| panic!("{name}"));
        assert!(e.to_string().contains("is not a crate name"), "{name}: {e}");
    }
}

/// What an operation answers is what its method returns: a JSON answer the
/// schema lets be `null` is an `Option`, a `default` response alone stands
/// for success, and an answer that is only an event stream is the stream.
#[test]
fn answers_typed_as_the_spec_writes_them() {
    let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  \
                /count:\n    get:\n      operationId: getCount\n      responses: {'200': {description: ok, content: {application/json: {schema: {type: [integer, 'null']}}}}}\n  \
                /pets:\n    get:\n      operationId: listPets\n      responses: {default: {description: any, content: {application/json: {schema: {type: array, items: {type: string}}}}}}\n  \
                /events:\n    get:\n      operationId: watch\n      responses: {'200': {description: events, content: {text/event-stream: {schema: {$ref: '#/components/schemas/Event'}}}}}\n\
                components:\n  schemas:\n    Event: {type: object, properties: {id: {type: string}}}\n";
    let resources = &accepted(spec).files["src/robust/resources.rs"];
    for signature in [
        "runtime::Call<Option<i64>>",
        "runtime::Call<Vec<String>>",
        "runtime::Call<runtime::EventStream<super::models::Event>>",
    ] {
        assert!(resources.contains(signature), "{signature}:\n{resources}");
    }
}

/// A `$ref` is a URI fragment holding a JSON pointer: a component's name
/// written percent-encoded or with `~1` / `~0` resolves.
#[test]
fn escaped_component_names_in_refs_resolve() {
    for (name, reference) in [("Pet-List", "Pet%2DList"), ("a/b", "a~1b"), ("c~d", "c~0d")] {
        let spec = format!(
            "openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /x:\n    get:\n      operationId: getX\n      \
             responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/{reference}'}}}}}}}}}}\n\
             components:\n  schemas:\n    '{name}': {{type: array, items: {{type: string}}}}\n"
        );
        let g = accepted(&spec);
        assert!(g.files["src/robust/resources.rs"].contains("runtime::Call<super::models::"), "{name}");
    }
}

/// An empty `anyOf` / `oneOf` / `allOf` is an error that says so, at its place.
#[test]
fn empty_combinators_are_errors_naming_them() {
    for combinator in ["anyOf", "oneOf", "allOf"] {
        let e = refused(&with_schemas(&format!("    Empty: {{{combinator}: []}}\n")));
        assert!(e.contains(&format!("/components/schemas/Empty/{combinator}")), "{e}");
        assert!(e.contains(&format!("`{combinator}` is an empty list")), "{e}");
    }
}

/// A request media type no method sends is reported at its place.
#[test]
fn request_media_types_no_method_sends_are_reported() {
    let spec =
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /up:\n    post:\n      operationId: upload\n      \
                requestBody:\n        content:\n          application/json: {schema: {type: object}}\n          \
                text/plain: {schema: {type: string}}\n      responses: {'204': {description: ok}}\n";
    let g = accepted(spec);
    let issues = &g.apis[0].report.spec_issues;
    let expected = (
        "/paths/~1up/post/requestBody/content/text~1plain".to_string(),
        "no method sends a body as `text/plain`; they send `application/json`".to_string(),
    );
    assert!(issues.contains(&expected), "{issues:?}");
}

/// A cookie parameter is a member of the headers' struct, sent in the
/// `Cookie` header; one named as a header parameter is reported instead.
#[test]
fn cookie_parameters_are_sent() {
    let spec = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /cart:\n    get:\n      operationId: getCart\n      \
                parameters:\n        - {name: session_id, in: cookie, required: true, schema: {type: string}}\n        \
                - {name: X-A, in: header, schema: {type: string}}\n        - {name: x-a, in: cookie, schema: {type: string}}\n      \
                responses: {'204': {description: ok}}\n";
    let g = accepted(spec);
    let (models, resources) = (&g.files["src/robust/models.rs"], &g.files["src/robust/resources.rs"]);
    assert!(models.contains("pub session_id: String") && models.contains("Header and cookie parameters"), "{models}");
    assert!(resources.contains("runtime::Style::Cookie"), "{resources}");
    let issues = &g.apis[0].report.spec_issues;
    assert!(
        issues.iter().any(|(at, what)| at.ends_with("/parameters/2") && what.contains("named as a header")),
        "{issues:?}"
    );
}
