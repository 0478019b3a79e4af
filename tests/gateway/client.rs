//! The generated Portkey client's half of `tests/tests/gateway.rs`.
//!
//! Built as an example of the Portkey client generated from the full
//! `../shared/specs/portkey.yaml` (`target/full-specs/portkey`). It calls a real,
//! self-hosted Portkey gateway (`GATEWAY_URL`), authenticated as the spec's
//! security schemes say: `x-portkey-api-key`, `x-portkey-provider`, the
//! provider's key as `Authorization: Bearer`, and `x-portkey-custom-host`
//! pointing the gateway at the test's OpenAI-shaped server (`UPSTREAM_URL`).
//! It checks the typed answers and prints one `RESULT <call> <json>` line per
//! call, for the test to check what reached the upstream server.

use std::time::Duration;

use futures::StreamExt;
use full_specs_portkey::portkey::{models, Client, ClientBuilder};
use full_specs_portkey::runtime;
use serde_json::{json, Value};

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"))
}

fn builder() -> ClientBuilder {
    Client::builder()
        .base_url(env("GATEWAY_URL"))
        .api_key(env("PORTKEY_API_KEY"))
        .provider_name("openai")
        .provider_auth(env("PROVIDER_API_KEY"))
        .custom_host(env("UPSTREAM_URL"))
        .timeout(Duration::from_secs(30))
        .max_retries(0)
}

/// The chat request the test gives (`CHAT_REQUEST`), read into the generated type.
fn chat_request() -> models::CreateChatCompletionRequest {
    serde_json::from_str(&env("CHAT_REQUEST")).expect("a valid chat request")
}

/// Response headers the gateway adds, by name.
fn gateway_headers(headers: &runtime::HeaderMap) -> Value {
    let mut out = serde_json::Map::new();
    for (name, value) in headers {
        if name.as_str().starts_with("x-portkey-") || name.as_str() == "x-request-id" {
            out.insert(name.to_string(), json!(value.to_str().unwrap_or("?")));
        }
    }
    Value::Object(out)
}

fn result(call: &str, value: Value) {
    println!("RESULT {call} {value}");
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), runtime::Error> {
    let client = builder().build()?;

    // Chat completion, with a trace id (a header parameter of the operation).
    let headers =
        models::CreateChatCompletionHeaders { x_portkey_trace_id: Some("trace-parity-1".into()), ..Default::default() };
    let chat = client.chat().completions().create(&headers, &chat_request()).send_with_response().await?;
    let choice = &chat.value.choices[0];
    let call = &choice.message.tool_calls.as_ref().expect("tool calls")[0];
    assert_eq!(call.function.name, "get_weather");
    assert_eq!(call.function.arguments, r#"{"city":"Paris"}"#);
    result(
        "chat",
        json!({
            "id": chat.value.id,
            "finish_reason": format!("{:?}", choice.finish_reason),
            "tool": call.function.name,
            "total_tokens": chat.value.usage.as_ref().map(|u| u.total_tokens),
            "headers": gateway_headers(&chat.headers),
        }),
    );

    // The same, streamed. The spec declares no event stream for this operation;
    // the generator takes the event type from the spec's reference groups.
    let streamed = client.chat().completions().create_stream(&headers, &chat_request());
    let response = streamed.send_with_response().await?;
    let content_type = response.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let mut stream = response.value;
    let (mut chunks, mut text) = (0, String::new());
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        chunks += 1;
        for choice in &chunk.choices {
            text.push_str(choice.delta.content.as_deref().unwrap_or(""));
        }
    }
    assert_eq!(text, "Hello there");
    result("stream", json!({ "chunks": chunks, "text": text, "content_type": content_type }));

    // Embeddings.
    let body = serde_json::from_value(json!({
        "model": "text-embedding-3-small",
        "input": ["hello", "world"],
        "encoding_format": "float",
        "dimensions": 3
    }))
    .expect("a valid embeddings request");
    let embeddings = client.embeddings().create(&body).await?;
    assert_eq!(embeddings.data.len(), 2);
    assert_eq!(embeddings.data[1].embedding, vec![0.4, 0.5, -0.6]);
    result("embeddings", json!({ "vectors": embeddings.data.len(), "dimensions": embeddings.data[0].embedding.len() }));

    // Batch cancel.
    let batch = client.batches().cancel("batch_abc123").send_with_response().await?;
    assert_eq!(batch.value.id, "batch_abc123");
    assert_eq!(batch.value.status, models::BatchStatus::Cancelling);
    result(
        "batch_cancel",
        json!({ "id": batch.value.id, "status": format!("{:?}", batch.value.status), "headers": gateway_headers(&batch.headers) }),
    );
    Ok(())
}
