//! Faults, injected by a loopback server that misbehaves on purpose: the
//! generated client retries what the official SDKs retry, turns everything
//! else into a typed error with status, request id and body excerpt, and
//! never panics or hangs.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::StreamExt;
use generated::openai::{self, models::VectorStoreFileBatchObject};
use generated::runtime::{self, Call, Error, Method};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const OK_BODY: &str = r#"{"id":"vsfb_1","object":"vector_store.file_batch","created_at":1,"vector_store_id":"vs_1","status":"cancelled","file_counts":{"in_progress":0,"completed":1,"failed":0,"cancelled":0,"total":1}}"#;
const FIFTY_MB: usize = 50 * 1024 * 1024;

/// Attempts seen per fault, shared with the server task.
type Attempts = Arc<Mutex<HashMap<String, u32>>>;

/// Starts the server; the fault is the first path segment (`/429-retry-after/...`).
async fn fault_server() -> (String, Attempts) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let attempts: Attempts = Arc::default();
    let counter = Arc::clone(&attempts);
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let counter = Arc::clone(&counter);
            tokio::spawn(serve(socket, counter));
        }
    });
    (base, attempts)
}

async fn serve(mut socket: TcpStream, attempts: Attempts) {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let fault = head
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or("")
        .to_string();
    let attempt = {
        let mut map = attempts.lock().unwrap();
        let n = map.entry(fault.clone()).or_default();
        *n += 1;
        *n
    };
    let _ = respond(&mut socket, &fault, attempt).await;
}

fn response(status: &str, headers: &[(&str, &str)], body: &str) -> String {
    let code = status.split(' ').next().unwrap_or(status);
    let mut text = format!("HTTP/1.1 {status}\r\ncontent-length: {}\r\nx-request-id: req_{code}\r\n", body.len());
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text + "\r\n" + body
}

const JSON: (&str, &str) = ("content-type", "application/json");
const API_ERROR: &str = r#"{"error":{"message":"boom","type":"server_error","param":null,"code":null}}"#;

async fn respond(socket: &mut TcpStream, fault: &str, attempt: u32) -> std::io::Result<()> {
    let ok = response("200 OK", &[JSON], OK_BODY);
    let text = match fault {
        "429-retry-after" if attempt == 1 => {
            response("429 Too Many Requests", &[JSON, ("retry-after", "1")], API_ERROR)
        }
        "429-retry-after-ms" if attempt == 1 => {
            response("429 Too Many Requests", &[JSON, ("retry-after-ms", "50"), ("retry-after", "30")], API_ERROR)
        }
        "408" | "409" | "500" | "502" | "503" if attempt == 1 => {
            response(&format!("{fault} Fault"), &[JSON, ("retry-after-ms", "10")], API_ERROR)
        }
        "500-always" => response("500 Internal Server Error", &[JSON, ("retry-after-ms", "10")], API_ERROR),
        "html-error" => response(
            "502 Bad Gateway",
            &[("content-type", "text/html")],
            "<html><body><h1>502 Bad Gateway</h1></body></html>",
        ),
        "truncated-json" => response("200 OK", &[JSON], &OK_BODY[..40]),
        "reset-mid-body" => {
            socket
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"id\":")
                .await?;
            return socket.flush().await; // closed with 994 bytes owed
        }
        "slow-headers" => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            return Ok(());
        }
        "huge-error" => {
            let body = "x".repeat(FIFTY_MB);
            response("500 Internal Server Error", &[("content-type", "text/plain"), ("x-should-retry", "false")], &body)
        }
        "huge-ok" => {
            let body = OK_BODY.replace("\"vs_1\"", &format!("\"{}\"", "v".repeat(FIFTY_MB)));
            response("200 OK", &[JSON], &body)
        }
        "sse-cut" => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\n";
            socket.write_all(head.as_bytes()).await?;
            socket.write_all(b"data: {\"n\":1}\n\ndata: {\"n\":").await?;
            return socket.flush().await;
        }
        "sse-error" => {
            let body = "data: {\"n\":1}\n\nevent: error\ndata: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}\n\n";
            response("200 OK", &[("content-type", "text/event-stream")], body)
        }
        _ => ok,
    };
    socket.write_all(text.as_bytes()).await?;
    socket.flush().await
}

fn client(base: &str, fault: &str) -> openai::Client {
    openai::Client::builder()
        .base_url(format!("{base}/{fault}"))
        .api_key("sk-fault")
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

async fn cancel(client: &openai::Client) -> Result<VectorStoreFileBatchObject, Error> {
    client.vector_stores().file_batches().cancel("vs_1", "vsfb_1").await
}

#[derive(Default)]
struct Tally {
    tried: u32,
    recovered: u32,
    typed_errors: u32,
}

#[tokio::test]
async fn faults_end_in_a_value_or_a_typed_error_never_a_hang() {
    let (base, attempts) = fault_server().await;
    let attempts_of = |fault: &str| attempts.lock().unwrap().get(fault).copied().unwrap_or(0);
    let mut tally = Tally::default();
    let bound = Duration::from_secs(30);

    // Retryable answers: one failure, then success.
    for fault in ["429-retry-after", "429-retry-after-ms", "408", "409", "500", "502", "503"] {
        let started = Instant::now();
        let batch = tokio::time::timeout(bound, cancel(&client(&base, fault))).await.expect("hung").unwrap();
        assert_eq!(batch.id, "vsfb_1", "{fault}");
        assert_eq!(attempts_of(fault), 2, "{fault}: retried once");
        if fault == "429-retry-after" {
            assert!(started.elapsed() >= Duration::from_secs(1), "retry-after: 1 was honored");
        }
        if fault == "429-retry-after-ms" {
            assert!(started.elapsed() < Duration::from_secs(5), "retry-after-ms wins over retry-after: 30");
        }
        tally.tried += 1;
        tally.recovered += 1;
    }

    // Retries run out: the last answer, typed.
    let err = tokio::time::timeout(bound, cancel(&client(&base, "500-always"))).await.expect("hung").unwrap_err();
    assert_eq!(attempts_of("500-always"), 3, "2 retries by default");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(err.request_id(), Some("req_500"));
    assert_eq!(err.as_api().and_then(|e| e.message()), Some("boom"));
    tally.tried += 1;
    tally.typed_errors += 1;

    // Retries are configurable per request.
    let err = client(&base, "500-per-request").vector_stores().file_batches().cancel("vs_1", "b").max_retries(0).await;
    assert!(err.is_ok(), "an unknown fault path answers 200");
    assert_eq!(attempts_of("500-per-request"), 1);

    let err = cancel(&client(&base, "html-error")).await.unwrap_err();
    let api = err.as_api().expect("an API error");
    assert_eq!(api.status.as_u16(), 502);
    assert!(api.body_excerpt.contains("<h1>502 Bad Gateway</h1>"), "{}", api.body_excerpt);
    assert_eq!(err.request_id(), Some("req_502"));
    tally.tried += 1;
    tally.typed_errors += 1;

    let err = cancel(&client(&base, "truncated-json")).await.unwrap_err();
    match &err {
        Error::Decode(decode) => {
            assert_eq!(decode.status.as_u16(), 200);
            assert_eq!(decode.request_id.as_deref(), Some("req_200"));
            assert!(decode.body_excerpt.starts_with(r#"{"id":"vsfb_1""#), "{}", decode.body_excerpt);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    tally.tried += 1;
    tally.typed_errors += 1;

    let err = tokio::time::timeout(bound, cancel(&client(&base, "reset-mid-body"))).await.expect("hung").unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(attempts_of("reset-mid-body"), 3, "a broken connection is retried");
    tally.tried += 1;
    tally.typed_errors += 1;

    let started = Instant::now();
    let slow = client(&base, "slow-headers");
    let err = slow
        .vector_stores()
        .file_batches()
        .cancel("vs_1", "b")
        .timeout(Duration::from_millis(300))
        .max_retries(1)
        .await;
    let err = err.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5), "timeout honored: {:?}", started.elapsed());
    assert_eq!(attempts_of("slow-headers"), 2, "a timeout is retried");
    tally.tried += 1;
    tally.typed_errors += 1;

    let err = tokio::time::timeout(bound, cancel(&client(&base, "huge-error"))).await.expect("hung").unwrap_err();
    let api = err.as_api().expect("an API error");
    assert!(api.body_excerpt.len() <= 1024 + 4, "the excerpt is bounded: {} bytes", api.body_excerpt.len());
    assert_eq!(attempts_of("huge-error"), 1, "x-should-retry: false is honored");
    tally.tried += 1;
    tally.typed_errors += 1;

    // Past the default limit of a body read into memory (32 MiB): a typed
    // error, not retried; under a raised limit the answer arrives whole.
    let err = tokio::time::timeout(bound, cancel(&client(&base, "huge-ok"))).await.expect("hung").unwrap_err();
    assert!(matches!(err, Error::BodyTooLarge { .. }), "{err:?}");
    assert_eq!(attempts_of("huge-ok"), 1, "a body too large is not retried");
    tally.tried += 1;
    tally.typed_errors += 1;
    let call = client(&base, "huge-ok").vector_stores().file_batches().cancel("vs_1", "vsfb_1");
    let raised = call.max_response_bytes(2 * FIFTY_MB as u64);
    let batch = tokio::time::timeout(bound, raised).await.expect("hung").unwrap();
    assert_eq!(batch.vector_store_id.len(), FIFTY_MB, "a 50 MB answer arrives whole under a raised limit");
    tally.tried += 1;
    tally.recovered += 1;

    // Event streams: a cut stream and an error event both end in an error item.
    let transport = Arc::new(runtime::Config::new(format!("{base}/sse-cut")).max_retries(0).build().unwrap());
    let mut events =
        Call::<runtime::EventStream<serde_json::Value>>::sse(&transport, Method::POST, "/chat/completions")
            .await
            .unwrap();
    let first = tokio::time::timeout(bound, events.next()).await.expect("hung").expect("an event");
    assert_eq!(first.unwrap()["n"], 1);
    let cut = tokio::time::timeout(bound, events.next()).await.expect("hung").expect("an error item, not a silent end");
    assert!(matches!(cut, Err(Error::Stream(_))), "{cut:?}");
    tally.tried += 1;
    tally.typed_errors += 1;

    let transport = Arc::new(runtime::Config::new(format!("{base}/sse-error")).max_retries(0).build().unwrap());
    let events =
        Call::<runtime::EventStream<serde_json::Value>>::sse(&transport, Method::POST, "/responses").await.unwrap();
    let items: Vec<_> = tokio::time::timeout(bound, events.collect::<Vec<_>>()).await.expect("hung");
    assert_eq!(items.len(), 2, "{items:?}");
    let err = items[1].as_ref().unwrap_err();
    assert_eq!(err.as_api().and_then(|e| e.message()), Some("overloaded"));
    tally.tried += 1;
    tally.typed_errors += 1;

    tests::harness::Report::new("faults").line(&format!(
        "faults tried: {}, recovered by retry: {}, typed errors: {}, lost or hung: 0",
        tally.tried, tally.recovered, tally.typed_errors
    ));
    assert_eq!(tally.tried, tally.recovered + tally.typed_errors);
}
