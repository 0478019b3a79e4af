//! The generated Portkey client against a real gateway: the open-source Portkey
//! gateway (`@portkey-ai/gateway`, pinned in `tests/gateway/package-lock.json`,
//! installed under `target/gateway/node`) runs on 127.0.0.1; upstream of it, a
//! recording OpenAI-shaped server of this test answers with the canned answers
//! of `tests/parity/responses.json`. The client generated from the full
//! `../shared/specs/portkey.yaml` (`tests/gateway/client.rs`) calls through the
//! gateway, with `x-portkey-custom-host` pointing at that server: a chat
//! completion, the same streamed, embeddings and a batch cancel. It checks the
//! typed answers; this test checks what reached the upstream server.
//! Skipped without `../shared/specs` or npm.
//!
//! The lock was resolved with `npm install --before=2026-08-24` (the gateway
//! 1.15.2 was published on 2026-08-23), so its dependencies are those of its
//! release. `tests/gateway/preload.mjs` makes the gateway listen on 127.0.0.1
//! only and works around its failure to stream on Node (see there).

use std::fs;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tests::harness::*;
use wiremock::{MockServer, Request};

const PORTKEY_KEY: &str = "pk-gateway-test-key";
const PROVIDER_KEY: &str = "sk-upstream-provider-key";
const GATEWAY_START_TIMEOUT: Duration = Duration::from_secs(60);

/// The chat request the client sends (as `CHAT_REQUEST`), with tools.
fn chat_body() -> Value {
    json!({
        "model": "gpt-4o",
        "messages": [
            {"role": "system", "content": "You are terse."},
            {"role": "user", "content": "Weather in Paris?"}
        ],
        "tools": [{
            "type": "function",
            "function": {
                "name": "get_weather",
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
            }
        }],
        "temperature": 0.2
    })
}

#[test]
fn generated_portkey_client_through_a_real_gateway() {
    let started = Instant::now();
    let Some(spec) = spec("portkey") else { return };
    if find_program(&["npm"]).is_none() || find_program(&["node"]).is_none() {
        return;
    }
    let work = root().join("target/gateway");
    let node = work.join("node");
    npm_install(&node, &root().join("tests/gateway"));

    let (crate_dir, _) = full_spec_crate(&spec, "portkey").unwrap_or_else(|e| panic!("{e}"));
    let program = build_example(&crate_dir, "gateway_client", &root().join("tests/gateway/client.rs"));

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let upstream = runtime.block_on(async {
        let server = MockServer::start().await;
        mount_canned(&server).await;
        server
    });
    let port = free_port();
    let log = work.join("gateway.log");
    let mut gateway = Killed(
        Command::new("node")
            .arg("--import")
            .arg(root().join("tests/gateway/preload.mjs"))
            .arg(node.join("node_modules/@portkey-ai/gateway/build/start-server.js"))
            .arg(format!("--port={port}"))
            .arg("--headless")
            .stdin(Stdio::null())
            .stdout(fs::File::create(&log).unwrap())
            .stderr(fs::File::create(work.join("gateway.stderr.log")).unwrap())
            .spawn()
            .expect("node"),
    );
    wait_listening(&mut gateway, port, &log, GATEWAY_START_TIMEOUT);

    let mut client = Command::new(&program);
    client
        .env("GATEWAY_URL", format!("http://127.0.0.1:{port}/v1"))
        .env("UPSTREAM_URL", format!("{}/v1", upstream.uri()))
        .env("PORTKEY_API_KEY", PORTKEY_KEY)
        .env("PROVIDER_API_KEY", PROVIDER_KEY)
        .env("CHAT_REQUEST", chat_body().to_string());
    let calls_started = Instant::now();
    let (ok, output) = run_bounded(client, &work.join("client.log"), RUN_TIMEOUT);
    let calls_took = calls_started.elapsed();
    if let Ok(Some(status)) = gateway.0.try_wait() {
        panic!("the gateway exited ({status}):\n{}", tail(&fs::read_to_string(&log).unwrap_or_default(), 30));
    }
    drop(gateway);
    let requests = runtime.block_on(upstream.received_requests()).unwrap_or_default();
    for r in &requests {
        let names: Vec<&str> = r.headers.keys().map(|k| k.as_str()).collect();
        println!("upstream got {} {} headers {names:?}", r.method, r.url.path());
        println!("  body {}", String::from_utf8_lossy(&r.body));
    }
    assert!(ok, "the generated client failed through the gateway:\n{}", tail(&output, 40));

    let results: Vec<(String, Value)> = output
        .lines()
        .filter_map(|l| l.strip_prefix("RESULT "))
        .map(|l| {
            let (call, json) = l.split_once(' ').expect("RESULT <call> <json>");
            (call.to_string(), serde_json::from_str(json).expect("JSON result"))
        })
        .collect();
    for (call, value) in &results {
        println!("client {call}: {value}");
    }
    let result = |call: &str| &results.iter().find(|(c, _)| c == call).unwrap_or_else(|| panic!("no {call}")).1;

    // What reached the upstream server, in the order sent.
    assert_eq!(requests.len(), 4, "one upstream request per call");
    let (chat, stream, embeddings, cancel) = (&requests[0], &requests[1], &requests[2], &requests[3]);
    for r in &requests {
        // The provider key travels upstream as the provider's credential ...
        assert_eq!(header(r, "authorization").as_deref(), Some(&*format!("Bearer {PROVIDER_KEY}")), "{}", r.url);
        // ... and none of the gateway's own headers do: the Portkey key, the
        // provider name, the custom host and the trace id stay at the gateway.
        let portkey: Vec<&str> = r.headers.keys().map(|k| k.as_str()).filter(|k| k.starts_with("x-portkey-")).collect();
        assert!(portkey.is_empty(), "{} leaked upstream: {portkey:?}", r.url);
        assert!(!r.headers.values().any(|v| v.as_bytes() == PORTKEY_KEY.as_bytes()), "the Portkey key leaked upstream");
    }
    // `x-portkey-custom-host` is the base: its `/v1` prefix and the operation's path.
    assert_eq!((chat.method.as_str(), chat.url.path()), ("POST", "/v1/chat/completions"));
    assert_eq!((stream.method.as_str(), stream.url.path()), ("POST", "/v1/chat/completions"));
    assert_eq!((embeddings.method.as_str(), embeddings.url.path()), ("POST", "/v1/embeddings"));
    assert_eq!((cancel.method.as_str(), cancel.url.path()), ("POST", "/v1/batches/batch_abc123/cancel"));
    for r in [chat, stream, embeddings] {
        assert_eq!(header(r, "content-type").as_deref(), Some("application/json"), "{}", r.url);
    }
    // The bodies arrive as the client sent them, after its typed round trip
    // (an OpenAI provider is a pass-through).
    assert_eq!(body(chat), chat_body());
    let mut stream_body = chat_body();
    stream_body["stream"] = json!(true);
    assert_eq!(body(stream), stream_body);
    assert_eq!(
        body(embeddings),
        json!({"model": "text-embedding-3-small", "input": ["hello", "world"], "encoding_format": "float", "dimensions": 3})
    );
    assert!(
        cancel.body.is_empty() || body(cancel) == json!({}),
        "cancel body: {:?}",
        String::from_utf8_lossy(&cancel.body)
    );

    // The typed answers, and what the gateway says about itself.
    assert_eq!(result("chat")["tool"], "get_weather");
    assert_eq!(result("chat")["total_tokens"], 99);
    assert_eq!(result("chat")["headers"]["x-portkey-provider"], "openai");
    assert_eq!(result("chat")["headers"]["x-portkey-trace-id"], "trace-parity-1");
    assert_eq!(result("stream")["text"], "Hello there");
    assert!(result("stream")["content_type"].as_str().unwrap_or("").starts_with("text/event-stream"));
    assert_eq!(result("embeddings")["vectors"], 2);
    assert_eq!(result("batch_cancel")["status"], "Cancelling");
    Report::new("gateway")
        .line(&format!("gateway calls: 4 through @portkey-ai/gateway, all typed; calls {calls_took:.1?}"));
    println!("gateway test: {:.0?}", started.elapsed());
}

fn header(r: &Request, name: &str) -> Option<String> {
    r.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
}

fn body(r: &Request) -> Value {
    serde_json::from_slice(&r.body).unwrap_or_else(|e| panic!("{}: {e}: {:?}", r.url, String::from_utf8_lossy(&r.body)))
}
