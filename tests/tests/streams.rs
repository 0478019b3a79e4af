//! Event streams as real servers send them, replayed through
//! `EventStream::from_bytes` (the same parser and decoder a streaming call
//! uses): no `[DONE]`, `[DONE]` without its newline, comments, `event:` lines,
//! and in-band errors of several shapes becoming typed `Error::Api` items.

use futures::StreamExt;
use generated::runtime::{Error, EventStream};
use serde_json::{json, Value};

async fn items(body: &str) -> Vec<Result<Value, Error>> {
    EventStream::<Value>::from_bytes(body.to_owned()).collect().await
}

fn values(items: &[Result<Value, Error>]) -> Vec<&Value> {
    items.iter().filter_map(|i| i.as_ref().ok()).collect()
}

#[tokio::test]
async fn ends_cleanly_with_or_without_done_skipping_comments_and_event_lines() {
    let without_done = items("data: {\"n\":1}\n\n: keep-alive\n\nevent: delta\ndata: {\"n\":2}\n\n").await;
    assert_eq!(values(&without_done), [&json!({"n": 1}), &json!({"n": 2})]);
    assert_eq!(without_done.len(), 2);

    let done_unterminated = items("data: {\"n\":1}\n\ndata: [DONE]").await;
    assert_eq!(done_unterminated.len(), 1, "{done_unterminated:?}");
    assert!(done_unterminated[0].is_ok());

    // An empty `data:` keep-alive is no event.
    let keep_alive = items("data: \n\ndata: {\"n\":1}\n\n").await;
    assert_eq!(values(&keep_alive), [&json!({"n": 1})]);
    assert_eq!(keep_alive.len(), 1);

    let after_done = items("data: {\"n\":1}\n\ndata: [DONE]\n\ndata: {\"n\":2}\n\n").await;
    assert_eq!(after_done.len(), 1);

    // A body cut inside a JSON event is still an error.
    let cut = items("data: {\"n\":1}\n\ndata: {\"n\":").await;
    assert!(matches!(cut.last(), Some(Err(Error::Stream(_)))), "{cut:?}");
}

#[tokio::test]
async fn in_band_errors_of_any_shape_are_typed_items_and_the_stream_goes_on() {
    let body = [
        // OpenAI Responses: fields under `error`.
        r#"data: {"type":"error","sequence_number":2,"error":{"type":"insufficient_quota","code":"insufficient_quota","message":"quota","param":null}}"#,
        // The spec's shape: at the top level.
        r#"data: {"type":"error","code":"server_error","message":"top level","param":null}"#,
        // Inside an ordinary chat chunk, code a number.
        r#"data: {"id":"c","object":"chat.completion.chunk","choices":[],"error":{"message":"in chunk","code":500}}"#,
        // An `event: error` line with a bare string.
        "event: error\ndata: {\"error\":\"named event\"}",
        r#"data: {"type":"response.failed","n":5}"#,
        "event: error\ndata: upstream overloaded",
    ]
    .join("\n\n")
        + "\n\n";
    let all = items(&body).await;
    assert_eq!(all.len(), 6, "{all:?}");
    let messages: Vec<String> = all
        .iter()
        .filter_map(|i| match i {
            Err(Error::Api(e)) => e.message().map(str::to_owned),
            _ => None,
        })
        .collect();
    assert_eq!(messages, ["quota", "top level", "in chunk", "named event", "upstream overloaded"]);
    assert_eq!(all[4].as_ref().unwrap()["type"], "response.failed");
    if let Err(Error::Api(e)) = &all[2] {
        assert_eq!(e.error.as_ref().and_then(|b| b.code.as_deref()), Some("500"));
    }
}
