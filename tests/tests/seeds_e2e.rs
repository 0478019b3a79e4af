//! The seed endpoints of the committed generated crate, called against a
//! real HTTP server on 127.0.0.1 (wiremock): method, path, auth headers,
//! empty body, the parsed answer, typed API errors and path encoding.

use std::time::Duration;

use generated::{openai, portkey, runtime};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Seed 001's example response, made valid JSON; the real API answers
/// `vector_store.file_batch` where the spec's constant says `files_batch`.
fn file_batch_json() -> serde_json::Value {
    json!({
        "id": "vsfb_abc123",
        "object": "vector_store.file_batch",
        "created_at": 1699061776,
        "vector_store_id": "vs_abc123",
        "status": "in_progress",
        "file_counts": {"in_progress": 12, "completed": 3, "failed": 0, "cancelled": 0, "total": 15}
    })
}

/// Seed 004's example response (a newer Batch than Portkey's spec describes).
fn batch_json() -> serde_json::Value {
    json!({
        "id": "batch_abc123", "completion_window": "24h", "created_at": 0, "endpoint": "/v1/chat/completions",
        "input_file_id": "file-1", "object": "batch", "status": "cancelling", "cancelled_at": 0,
        "cancelling_at": 0, "completed_at": 0, "error_file_id": "error_file_id",
        "errors": {"data": [{"code": "code", "line": 0, "message": "message", "param": "param"}], "object": "list"},
        "expired_at": 0, "expires_at": 0, "failed_at": 0, "finalizing_at": 0, "in_progress_at": 0,
        "metadata": {"foo": "string"}, "model": "model", "output_file_id": "output_file_id",
        "request_counts": {"completed": 0, "failed": 0, "total": 0},
        "usage": {"input_tokens": 0, "input_tokens_details": {"cached_tokens": 0}, "output_tokens": 0,
                  "output_tokens_details": {"reasoning_tokens": 0}, "total_tokens": 0}
    })
}

fn openai_client(server: &MockServer) -> openai::Client {
    openai::Client::builder()
        .base_url(server.uri())
        .api_key("sk-test-secret")
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "exactly one request reaches the server");
    requests.remove(0)
}

#[tokio::test]
async fn openai_cancel_vector_store_file_batch() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/vector_stores/vs_abc123/file_batches/vsfb_abc123/cancel"))
        .and(header("authorization", "Bearer sk-test-secret"))
        .respond_with(ResponseTemplate::new(200).set_body_json(file_batch_json()))
        .mount(&server)
        .await;

    let batch = openai_client(&server).vector_stores().file_batches().cancel("vs_abc123", "vsfb_abc123").await.unwrap();

    use openai::models::{ObjectVectorStoreFilesBatch as Object, VectorStoreFileBatchObjectStatus as Status};
    assert_eq!(batch.id, "vsfb_abc123");
    assert_eq!(batch.status, Status::InProgress);
    assert_eq!(batch.object.as_str(), "vector_store.file_batch", "a constant the server contradicts is kept");
    assert!(!batch.object.is_expected());
    assert_eq!(
        serde_json::to_value(&batch.object).unwrap(),
        json!("vector_store.file_batch"),
        "and written back unchanged"
    );
    assert_eq!(batch.file_counts.total, 15);
    assert_eq!(batch.file_counts.in_progress, 12);
    // The spec's constant is what a new value serializes as.
    assert_eq!(serde_json::to_value(Object::default()).unwrap(), json!("vector_store.files_batch"));

    let request = only_request(&server).await;
    assert!(request.body.is_empty(), "cancel sends no body");
}

#[tokio::test]
async fn portkey_cancel_batch_through_a_self_hosted_gateway() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/batches/batch_abc123/cancel"))
        .and(header("x-portkey-api-key", "pk-secret"))
        .and(header("x-portkey-provider", "openai"))
        .and(header("authorization", "Bearer sk-provider"))
        .respond_with(ResponseTemplate::new(200).set_body_json(batch_json()))
        .mount(&server)
        .await;

    let client = portkey::Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .api_key("pk-secret")
        .provider_name("openai")
        .provider_auth("sk-provider")
        .build()
        .unwrap();
    let batch = client.batches().cancel("batch_abc123").await.unwrap();

    assert_eq!(batch.id, "batch_abc123");
    assert_eq!(batch.status, portkey::models::BatchStatus::Cancelling);
    assert_eq!(batch.request_counts.as_ref().map(|c| c.total), Some(0));
    assert_eq!(batch.metadata.as_ref().and_then(|m| m.get("foo")), Some(&json!("string")));
    assert!(only_request(&server).await.body.is_empty());

    let debug = format!("{client:?}");
    assert!(!debug.contains("pk-secret") && !debug.contains("sk-provider"), "credentials leak into Debug: {debug}");
}

#[tokio::test]
async fn portkey_virtual_key_and_config_headers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/batches/b1/cancel"))
        .and(header("x-portkey-virtual-key", "vk-1"))
        .and(header("x-portkey-config", "cfg-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(batch_json()))
        .mount(&server)
        .await;
    let client = portkey::Client::builder()
        .base_url(server.uri())
        .api_key("pk")
        .virtual_key("vk-1")
        .config("cfg-1")
        .build()
        .unwrap();
    client.batches().cancel("b1").await.unwrap();
}

#[tokio::test]
async fn not_found_is_a_typed_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(404).insert_header("x-request-id", "req_123").set_body_json(json!({
                "error": {"message": "No batch found with id 'nope'.", "type": "invalid_request_error", "param": null, "code": null}
            })),
        )
        .mount(&server)
        .await;

    let err = openai_client(&server).vector_stores().file_batches().cancel("vs_1", "nope").await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.request_id(), Some("req_123"));
    match &err {
        runtime::Error::Api(api) => {
            let body = api.error.as_ref().expect("the OpenAI error body parses");
            assert_eq!(body.message, "No batch found with id 'nope'.");
            assert_eq!(body.r#type.as_deref(), Some("invalid_request_error"));
        }
        other => panic!("expected an API error, got {other:?}"),
    }
    assert!(err.to_string().contains("404"), "{err}");
}

#[tokio::test]
async fn hostile_ids_stay_one_path_segment() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(file_batch_json()))
        .mount(&server)
        .await;

    openai_client(&server).vector_stores().file_batches().cancel("../files?x=1", "a/b#c").await.unwrap();

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/vector_stores/..%2Ffiles%3Fx%3D1/file_batches/a%2Fb%23c/cancel");
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn dot_segment_ids_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(file_batch_json()))
        .mount(&server)
        .await;
    let client = openai_client(&server);

    for (vector_store, batch) in [("..", "b"), ("vs", "."), ("", "b")] {
        let result = client.vector_stores().file_batches().cancel(vector_store, batch).await;
        assert!(result.is_err(), "{vector_store:?}/{batch:?} must not address another resource");
    }
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing was sent");
}
