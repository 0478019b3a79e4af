//! Requests as people write them, against the crates generated from the full
//! specs: (1) how many request bodies `new(required…)` builds (every struct
//! body, in both OpenAI and Portkey); (2) the everyday tasks of
//! `tests/requests/tasks.rs`, built against the full OpenAI crate, set up with
//! `Client::from_env()` (variables set for the child process only) and run
//! against a recording loopback server whose requests are checked here; (3)
//! the README's usage blocks, written for the seed crate, built against the
//! full OpenAI and Portkey crates, and its "Writing requests" block found line
//! by line in `tasks.rs`. Skipped without `../shared/specs`.

use std::process::Command;
use std::time::Duration;

use codegen::ir::{BodyKind, TypeKind};
use serde_json::{json, Value};
use tests::harness::*;
use wiremock::matchers::{body_partial_json, body_string_contains, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk-requests-test";

/// Request bodies of `stem` whose type is a struct, and how many of them have
/// `new(required…)` (which also stands for `Default` when nothing is required).
fn constructible_bodies(stem: &str) -> Option<(usize, usize, Vec<String>)> {
    let spec = spec(stem)?;
    let source = codegen::SpecSource {
        file: format!("../shared/specs/{stem}.yaml"),
        module: stem.to_string(),
        text: std::fs::read_to_string(spec).unwrap(),
        config: None,
    };
    let api = codegen::ir::lower(&codegen::load::load(&source.file, &source.text).unwrap(), stem).unwrap();
    let mut bodies: Vec<&str> = api
        .operations
        .iter()
        .flat_map(|op| op.body.iter().flat_map(|b| b.contents.iter()))
        .filter(|(_, kind, _)| matches!(kind, BodyKind::Json | BodyKind::Multipart | BodyKind::Form))
        .filter_map(|(_, _, ty)| match ty {
            codegen::ir::Type::Named(n) => api.types.get(*n),
            _ => None,
        })
        .filter(|d| matches!(d.kind, TypeKind::Struct(_)))
        .map(|d| d.name.as_str())
        .collect();
    bodies.sort();
    bodies.dedup();
    let missing: Vec<String> = bodies
        .iter()
        .filter(|n| {
            let id = api.types.id_of(n).expect("a body type is in the arena");
            api.conveniences.get(&id).and_then(|c| c.constructor.as_ref()).is_none()
        })
        .map(|n| n.to_string())
        .collect();
    Some((bodies.len(), bodies.len() - missing.len(), missing))
}

#[test]
fn every_request_body_has_a_constructor() {
    let report = Report::new("requests");
    for stem in ["openai", "portkey"] {
        let Some((total, built, missing)) = constructible_bodies(stem) else { return };
        let line = format!("{stem}: {built} of {total} struct request bodies built with new(required…)");
        println!("{line}");
        report.line(&line);
        assert!(missing.is_empty(), "{stem}: no constructor for {missing:?}");
        assert!(total > 50, "{stem}: only {total} bodies found");
    }
}

/// Server-sent events, one `data:` line per value, then `[DONE]`.
fn sse(events: &[Value]) -> ResponseTemplate {
    let mut body: String = events.iter().map(|e| format!("data: {e}\n\n")).collect();
    body.push_str("data: [DONE]\n\n");
    ResponseTemplate::new(200).set_body_raw(body, "text/event-stream")
}

/// Answers the tasks need beyond the canned ones (mounted first, at a higher
/// priority): tool calls streamed in fragments, structured output, a response
/// whose text is spread over several parts, two pages of files.
async fn mount_task_answers(server: &MockServer) {
    let chunk = |delta: Value, finish: Value| {
        json!({"id": "chatcmpl-t", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})
    };
    let call = |index: u32, head: Option<(&str, &str)>, arguments: &str| {
        let mut call = json!({"index": index, "function": {"arguments": arguments}});
        if let Some((id, name)) = head {
            call["id"] = json!(id);
            call["type"] = json!("function");
            call["function"]["name"] = json!(name);
        }
        json!({"tool_calls": [call]})
    };
    let weather = Some(("call_1", "get_current_weather"));
    let mut first = call(0, weather, "");
    first["role"] = json!("assistant");
    let chunks = [
        chunk(first, Value::Null),
        chunk(call(0, None, "{\"location\": "), Value::Null),
        chunk(call(1, Some(("call_2", "get_current_weather")), "{\"location\": \"Atl"), Value::Null),
        chunk(call(0, None, "\"Boston\"}"), Value::Null),
        chunk(call(1, None, "anta\"}"), Value::Null),
        chunk(json!({}), json!("tool_calls")),
        json!({"id": "chatcmpl-t", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o", "choices": [],
            "usage": {"prompt_tokens": 9, "completion_tokens": 20, "total_tokens": 29}}),
    ];
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .and(body_string_contains("get_current_weather"))
        .and(body_partial_json(json!({"stream": true})))
        .respond_with(sse(&chunks))
        .with_priority(1)
        .mount(server)
        .await;
    let completion = |content: &str| {
        json!({"id": "chatcmpl-s", "object": "chat.completion", "created": 1, "model": "gpt-4o",
            "choices": [{"index": 0, "finish_reason": "stop", "logprobs": null,
                "message": {"role": "assistant", "content": content, "refusal": null}}]})
    };
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .and(body_string_contains("math_reasoning"))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion("{\"final_answer\": \"x = -15/4\"}")))
        .with_priority(1)
        .mount(server)
        .await;
    let text = |t: &str| json!({"type": "output_text", "text": t, "annotations": [], "logprobs": []});
    let message = |content: Value| json!({"type": "message", "id": "msg_1", "status": "completed", "role": "assistant", "content": content});
    let response = json!({"id": "resp_mcp", "object": "response", "created_at": 1, "status": "completed",
        "model": "gpt-4.1", "tools": [], "tool_choice": "auto", "parallel_tool_calls": true,
        "output": [
            {"type": "mcp_list_tools", "id": "mcpl_1", "server_label": "deepwiki", "tools": []},
            message(json!([text("Streamable HTTP"), {"type": "refusal", "refusal": "not this"}, text(" and stdio")])),
            message(json!([text(".")]))]});
    Mock::given(method("POST"))
        .and(path("/v1/responses"))
        .and(body_string_contains("deepwiki"))
        .respond_with(ResponseTemplate::new(200).set_body_json(response))
        .with_priority(1)
        .mount(server)
        .await;
    let file = |id: &str| {
        json!({"id": id, "object": "file", "bytes": 1, "created_at": 1, "filename": "a.jsonl", "purpose": "batch",
            "status": "processed"})
    };
    let page = |id: &str, more: bool| json!({"object": "list", "data": [file(id)], "first_id": id, "last_id": id, "has_more": more});
    // A 429 once (retried after 10 ms), then the canned answer.
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .and(body_partial_json(json!({"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}]})))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after-ms", "10").set_body_json(
            json!({"error": {"message": "Rate limit reached", "type": "requests", "param": null, "code": "rate_limit_exceeded"}}),
        ))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/models/no-such-model"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"error": {
            "message": "The model `no-such-model` does not exist", "type": "invalid_request_error",
            "param": null, "code": "model_not_found"}})))
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/files"))
        .and(query_param("after", "file-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page("file-2", false)))
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/files"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page("file-1", true)))
        .with_priority(2)
        .mount(server)
        .await;
}

#[test]
fn everyday_tasks_against_the_full_openai_crate() {
    let Some(spec) = spec("openai") else { return };
    let (crate_dir, _) = full_spec_crate(&spec, "openai").unwrap_or_else(|e| panic!("{e}"));
    let program = build_example(&crate_dir, "tasks", &root().join("tests/requests/tasks.rs"));
    build_readme_usage(&crate_dir, "## Using the generated crate", "openai");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        mount_task_answers(&server).await;
        mount_canned(&server).await;
        server
    });
    let mut cmd = Command::new(&program);
    // Set for the child only: the test process stays untouched.
    cmd.env("OPENAI_API_KEY", KEY)
        .env("OPENAI_BASE_URL", format!("{}/v1", server.uri()))
        .env("OPENAI_ORG_ID", "org-test")
        .env("OPENAI_PROJECT_ID", "proj_test");
    let log = root().join("target/full-specs/tasks.log");
    let (ok, output) = run_bounded(cmd, &log, Duration::from_secs(60));
    assert!(ok, "tasks failed:\n{}", tail(&output, 40));
    let lines = [
        "chat: ",
        "chat stream: ",
        "tool call: ",
        "no content to parse",
        r#"tool stream: call_1 get_current_weather({"location": "Boston"})"#,
        r#"tool stream: call_2 get_current_weather({"location": "Atlanta"})"#,
        "structured: x = -15/4",
        "embeddings: ",
        "images: ",
        r#"responses: resp_mcp "Streamable HTTP and stdio.""#,
        r#"responses stream: "Hi!""#,
        r#"completed: "Hi!""#,
        "A test.",
        "batch: batch_abc123",
        r#"files: ["file-1", "file-2"]"#,
        "tuned: 1 choices",
        r#"typed error: Some(404) Some("model_not_found")"#,
    ];
    for line in lines {
        assert!(output.contains(line), "no `{line}` in:\n{output}");
    }
    let requests = runtime.block_on(server.received_requests()).unwrap_or_default();
    let bodies: Vec<(String, Value, String)> = requests
        .iter()
        .map(|r| {
            let header = |name: &str| r.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
            assert_eq!(header("authorization"), Some(format!("Bearer {KEY}")));
            assert_eq!(header("openai-organization").as_deref(), Some("org-test"));
            assert_eq!(header("openai-project").as_deref(), Some("proj_test"));
            // The crate's own name, not `generated` (no `user_agent` in the config).
            assert_eq!(header("user-agent").as_deref(), Some("full-specs-openai/0.1.0"));
            let json = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
            (format!("{} {}", r.method, r.url.path()), json, String::from_utf8_lossy(&r.body).into_owned())
        })
        .collect();
    let nth = |path: &str, i: usize| {
        bodies.iter().filter(|(p, ..)| p == path).nth(i).unwrap_or_else(|| panic!("no request {i} to {path}"))
    };
    let sent = |path: &str, i: usize| -> &Value { &nth(&format!("POST {path}"), i).1 };
    let user = |text: &str| json!({"role": "user", "content": text});
    assert_eq!(
        sent("/v1/chat/completions", 0),
        &json!({"model": "gpt-3.5-turbo", "messages": [
            {"role": "system", "content": "You are a helpful assistant."},
            user("Who won the world series in 2020?"),
            {"role": "assistant", "content": "The Los Angeles Dodgers won the World Series in 2020."},
            user("Where was it played?")]})
    );
    assert_eq!(
        sent("/v1/chat/completions", 1),
        &json!({"model": "gpt-3.5-turbo", "stream": true,
            "messages": [user("write a song if Coldplay and AR Rahman collaborated together")]})
    );
    let tool_call = sent("/v1/chat/completions", 2);
    assert_eq!(tool_call["max_completion_tokens"], json!(512));
    assert_eq!(tool_call["messages"], json!([user("What's the weather like in Boston and Atlanta?")]));
    assert_eq!(tool_call["tools"][0]["type"], "function");
    assert_eq!(tool_call["tools"][0]["function"]["name"], "get_current_weather");
    assert_eq!(tool_call["tools"][0]["function"]["parameters"]["required"], json!(["location"]));
    assert_eq!(
        sent("/v1/chat/completions", 3),
        &json!({"model": "gpt-4o", "stream": true, "messages": [user("Weather in Boston and Atlanta?")],
            "tools": [{"type": "function", "function": {"name": "get_current_weather", "parameters": {}}}]})
    );
    let structured = sent("/v1/chat/completions", 4);
    assert_eq!(structured["max_completion_tokens"], json!(512));
    assert_eq!(structured["response_format"]["type"], "json_schema");
    assert_eq!(structured["response_format"]["json_schema"]["name"], "math_reasoning");
    assert_eq!(structured["response_format"]["json_schema"]["strict"], true);
    assert_eq!(structured["response_format"]["json_schema"]["schema"]["required"], json!(["final_answer"]));
    assert_eq!(
        sent("/v1/embeddings", 0),
        &json!({"model": "text-embedding-ada-002", "input": [
            "Why do programmers hate nature? It has too many bugs.",
            "Why was the computer cold? It left its Windows open."]})
    );
    assert_eq!(
        sent("/v1/images/generations", 0),
        &json!({"prompt": "cats on sofa and carpet in living room", "model": "gpt-image-1", "n": 2,
            "size": "auto", "user": "async-openai"})
    );
    assert_eq!(
        sent("/v1/responses", 0),
        &json!({"max_output_tokens": 512, "model": "gpt-4.1",
            "text": {"format": {"type": "text"}, "verbosity": "medium"},
            "input": "What transport protocols does the 2025-03-26 version of the MCP spec (modelcontextprotocol/modelcontextprotocol) support?",
            "tools": [{"type": "web_search_preview"},
                {"type": "mcp", "server_label": "deepwiki", "server_url": "https://mcp.deepwiki.com/mcp",
                    "require_approval": "never", "allowed_tools": ["ask_question"]}]})
    );
    assert_eq!(
        sent("/v1/responses", 1),
        &json!({"model": "gpt-4.1", "input": "Write a haiku about programming.", "stream": true})
    );
    // Multipart bodies: each field a part, the file a part with its name.
    let transcription = &nth("POST /v1/audio/transcriptions", 0).2;
    for part in
        ["name=\"model\"\r\n\r\nwhisper-1\r\n", "name=\"response_format\"\r\n\r\njson\r\n", "filename=\"speech.mp3\""]
    {
        assert!(transcription.contains(part), "no {part:?} in the transcription body:\n{transcription}");
    }
    let upload = &nth("POST /v1/files", 0).2;
    for part in ["name=\"purpose\"\r\n\r\nbatch\r\n", "filename=\"batch.jsonl\"", "{\"custom_id\": \"r1\"}"] {
        assert!(upload.contains(part), "no {part:?} in the upload body:\n{upload}");
    }
    // The batch names the file the upload answered with.
    assert_eq!(
        sent("/v1/batches", 0),
        &json!({"input_file_id": "file-abc123", "endpoint": "/v1/chat/completions", "completion_window": "24h"})
    );
    // Every page: the second asks for what follows the first page's last id.
    let pages: Vec<Option<&str>> = requests
        .iter()
        .filter(|r| r.method.as_str() == "GET" && r.url.path() == "/v1/files")
        .map(|r| r.url.query())
        .collect();
    assert_eq!(pages, [Some("limit=1"), Some("limit=1&after=file-1")]);
    // The 429 was retried with the same body.
    let tuned = json!({"model": "gpt-4o", "messages": [user("Hi")]});
    assert_eq!((sent("/v1/chat/completions", 5), sent("/v1/chat/completions", 6)), (&tuned, &tuned));
    assert_eq!(bodies.iter().filter(|(p, ..)| p == "POST /v1/chat/completions").count(), 7);
}

#[test]
fn portkey_client_from_the_environment() {
    let Some(spec) = spec("portkey") else { return };
    let (crate_dir, _) = full_spec_crate(&spec, "portkey").unwrap_or_else(|e| panic!("{e}"));
    let program = build_example(&crate_dir, "from_env", &root().join("tests/requests/portkey_env.rs"));
    build_readme_usage(&crate_dir, "Portkey, through a self-hosted gateway", "portkey");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        mount_canned(&server).await;
        server
    });
    let run = |vars: &[(&str, String)]| {
        let mut cmd = Command::new(&program);
        cmd.env_remove("PORTKEY_API_KEY").env_remove("PORTKEY_BASE_URL");
        for (k, v) in vars {
            cmd.env(k, v);
        }
        run_bounded(cmd, &root().join("target/full-specs/portkey-env.log"), Duration::from_secs(60))
    };
    let (ok, output) =
        run(&[("PORTKEY_API_KEY", "pk-env".into()), ("PORTKEY_BASE_URL", format!("{}/v1", server.uri()))]);
    assert!(ok && output.contains("cancelled: batch_abc123"), "{output}");
    let requests = runtime.block_on(server.received_requests()).unwrap_or_default();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.path(), "/v1/batches/batch_abc123/cancel");
    assert_eq!(requests[0].headers.get("x-portkey-api-key").and_then(|v| v.to_str().ok()), Some("pk-env"));
    // Without the key, from_env is a configuration error naming the variable.
    let (ok, output) = run(&[]);
    assert!(!ok && output.contains("PORTKEY_API_KEY is not set"), "{output}");
}

/// The README's "Writing requests" block is not compiled where it stands
/// (the README's crate has no chat); it is `readme_writing_requests` of
/// `tests/requests/tasks.rs`, which the tasks test builds: every line of the
/// block is a line of that file, in the same order.
#[test]
fn readme_writing_requests_is_the_compiled_program() {
    let block = readme_block("### Writing requests");
    let tasks = std::fs::read_to_string(root().join("tests/requests/tasks.rs")).unwrap();
    let mut lines = tasks.lines().map(str::trim);
    let missing: Vec<&String> = block.iter().filter(|wanted| !lines.any(|l| l == wanted.as_str())).collect();
    assert!(block.len() >= 8 && missing.is_empty(), "README lines not in tasks.rs, in order: {missing:#?}");
}

/// The README's usage block after `heading`, written for the seed crate,
/// builds warning-free against the full-spec crate of `stem` too.
fn build_readme_usage(crate_dir: &std::path::Path, heading: &str, stem: &str) {
    let file = crate_dir.with_extension("readme_usage.rs");
    std::fs::write(&file, readme_program(heading, stem)).unwrap();
    build_example(crate_dir, "readme_usage", &file);
}
