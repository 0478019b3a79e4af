//! The client runtime against real HTTP servers on 127.0.0.1: wiremock for
//! well-behaved ones, raw sockets for servers that stall or hang up.

use std::future::{Future, IntoFuture};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use generated::runtime::{self, Call, Config, Error, EventStream, FileUpload, Method, Multipart, Page, Transport};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk-test-7c1e9d";

/// Every test is bounded: a hang fails instead of stalling the suite.
async fn bounded<F: Future>(test: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(20), test).await.expect("test timed out")
}

fn transport(base: &str) -> Arc<Transport> {
    Arc::new(Config::new(base).bearer_auth(KEY).build().expect("config"))
}

async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.expect("recording on")
}

#[derive(Debug, Deserialize, PartialEq)]
struct Item {
    id: String,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Event {
    n: u32,
}

#[tokio::test]
async fn path_segment_stays_one_segment() {
    bounded(async {
        assert_eq!(runtime::encode_path("../files?x=1"), "..%2Ffiles%3Fx%3D1");
        assert_eq!(runtime::encode_path("a b/é#%"), "a%20b%2F%C3%A9%23%25");
        assert_eq!(runtime::encode_path("file-abc_1.2~3"), "file-abc_1.2~3");

        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "x"})))
            .mount(&server)
            .await;
        // Trailing slash on the base URL is tolerated.
        let t = transport(&format!("{}/v1/", server.uri()));
        let path = format!("/files/{}", runtime::encode_path("../files?x=1"));
        let item: Item = Call::json(&t, Method::GET, path).await.unwrap();
        assert_eq!(item.id, "x");

        let reqs = received(&server).await;
        assert_eq!(reqs[0].url.path(), "/v1/files/..%2Ffiles%3Fx%3D1");
        assert_eq!(reqs[0].url.path_segments().unwrap().count(), 3);
        assert_eq!(reqs[0].url.query(), None);
    })
    .await
}

#[derive(Serialize)]
struct ListParams {
    limit: Option<u32>,
    order: Option<String>,
    include: Option<Vec<String>>,
    stream: Option<bool>,
    metadata: Option<Value>,
}

#[tokio::test]
async fn query_serialization_rules() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "x"})))
            .mount(&server)
            .await;
        let t = transport(&server.uri());
        let params = ListParams {
            limit: Some(10),
            order: None,
            include: Some(vec!["a b".into(), "c&d".into()]),
            stream: Some(false),
            metadata: Some(json!({"k": "v"})),
        };
        // `metadata` as the spec declares it (deepObject); the rest in the default style.
        let styles = [runtime::ParamStyle { name: "metadata", style: runtime::Style::DeepObject, explode: true }];
        let _: Item = Call::json(&t, Method::GET, "/things").query_styled(&params, &styles).await.unwrap();

        let reqs = received(&server).await;
        let mut pairs: Vec<(String, String)> = reqs[0].url.query_pairs().into_owned().collect();
        pairs.sort();
        let expected =
            [("include", "a b"), ("include", "c&d"), ("limit", "10"), ("metadata[k]", "v"), ("stream", "false")];
        let expected: Vec<(String, String)> = expected.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        assert_eq!(pairs, expected);
    })
    .await
}

#[tokio::test]
async fn credentials_and_headers_are_sent() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(header("authorization", format!("Bearer {KEY}").as_str()))
            .and(header("x-portkey-api-key", "pk-secret-1"))
            .and(header("x-custom", "v"))
            .and(header("openai-beta", "assistants=v2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "ok"})))
            .expect(1)
            .mount(&server)
            .await;
        let t = Config::new("http://unused.invalid")
            .base_url(server.uri())
            .bearer_auth(KEY)
            .api_key_header("x-portkey-api-key", "pk-secret-1")
            .header("x-custom", "v")
            .build()
            .unwrap();
        let t = Arc::new(t);
        let item: Item = Call::json(&t, Method::GET, "/me").header_param("openai-beta", "assistants=v2").await.unwrap();
        assert_eq!(item.id, "ok");
    })
    .await
}

#[tokio::test]
async fn secrets_stay_out_of_debug_output() {
    let config = Config::new("https://api.example.com/v1")
        .bearer_auth("sk-very-secret")
        .api_key_header("x-portkey-api-key", "pk-very-secret")
        .header("x-api-key", "plain-header-secret");
    let config_debug = format!("{config:?}");
    let transport_debug = format!("{:?}", config.build().unwrap());
    let secret_debug = format!("{:?}", runtime::Secret::new("sk-very-secret"));
    for text in [&config_debug, &transport_debug, &secret_debug] {
        for secret in ["sk-very-secret", "pk-very-secret", "plain-header-secret"] {
            assert!(!text.contains(secret), "{secret} leaked in {text}");
        }
    }
    assert!(transport_debug.contains("api.example.com"));
    assert_eq!(secret_debug, "***");
}

/// Collects the fields of the runtime's own tracing events.
struct Capture(Arc<std::sync::Mutex<String>>);

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!("{}={value:?} ", field.name()));
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        if event.metadata().target().starts_with("generated::runtime") {
            let mut log = self.0.lock().unwrap();
            event.record(&mut Fields(&mut log));
            log.push('\n');
        }
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn tracing_events_carry_no_secrets() {
    let log = Arc::new(std::sync::Mutex::new(String::new()));
    let _guard = tracing::subscriber::set_default(Capture(Arc::clone(&log)));
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(429).insert_header("retry-after-ms", "1"))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "ok"})))
            .mount(&server)
            .await;
        let t = Arc::new(
            Config::new(server.uri())
                .bearer_auth(KEY)
                .api_key_header("x-portkey-api-key", "pk-secret-9")
                .build()
                .unwrap(),
        );
        let _: Item = Call::json(&t, Method::POST, "/chat").json_body(&json!({"a": 1})).await.unwrap();
    })
    .await;
    let log = log.lock().unwrap();
    assert!(log.contains("attempt=2") && log.contains("status=429") && log.contains("path=/chat"), "{log}");
    assert!(!log.contains(KEY) && !log.contains("pk-secret-9"), "{log}");
}

#[tokio::test]
async fn bodies_arrive_as_sent() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "ok"})))
            .mount(&server)
            .await;
        let t = transport(&server.uri());

        let body = json!({"model": "gpt-x", "n": 2, "tags": ["a"]});
        let _: Item = Call::json(&t, Method::POST, "/json").json_body(&body).await.unwrap();
        let _: Item = Call::json(&t, Method::POST, "/form")
            .form(&json!({"grant": "code", "scope": ["a", "b"], "n": 1}))
            .await
            .unwrap();
        let form = Multipart::new()
            .text("purpose", "batch")
            .json("expires_after", &json!({"anchor": "created_at", "seconds": 3600}))
            .json("skip", &Value::Null)
            .file("file", FileUpload::new("data.txt", b"hello\nworld".to_vec()));
        let _: Item = Call::json(&t, Method::POST, "/multipart").multipart(form).await.unwrap();
        let _: Item = Call::json(&t, Method::POST, "/raw")
            .body(runtime::Bytes::from(vec![0u8, 1, 2, 255]), "application/octet-stream")
            .await
            .unwrap();

        let reqs = received(&server).await;
        let content_type = |r: &wiremock::Request| r.headers.get("content-type").unwrap().to_str().unwrap().to_owned();

        assert_eq!(reqs[0].url.path(), "/json");
        assert_eq!(content_type(&reqs[0]), "application/json");
        assert_eq!(reqs[0].body_json::<Value>().unwrap(), body);

        assert_eq!(content_type(&reqs[1]), "application/x-www-form-urlencoded");
        let form = String::from_utf8_lossy(&reqs[1].body);
        let mut fields: Vec<&str> = form.split('&').collect();
        fields.sort();
        assert_eq!(fields, ["grant=code", "n=1", "scope%5B%5D=a", "scope%5B%5D=b"]);

        assert!(content_type(&reqs[2]).starts_with("multipart/form-data; boundary="));
        let text = String::from_utf8_lossy(&reqs[2].body);
        assert!(text.contains("name=\"purpose\"\r\n\r\nbatch\r\n"), "{text}");
        assert!(text.contains("name=\"expires_after[anchor]\"\r\n\r\ncreated_at\r\n"), "{text}");
        assert!(text.contains("name=\"expires_after[seconds]\"\r\n\r\n3600\r\n"), "{text}");
        assert!(!text.contains("name=\"skip\""), "{text}");
        assert!(
            text.contains("name=\"file\"; filename=\"data.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\nworld\r\n"),
            "{text}"
        );

        assert_eq!(content_type(&reqs[3]), "application/octet-stream");
        assert_eq!(reqs[3].body, vec![0u8, 1, 2, 255]);
    })
    .await
}

#[derive(Serialize)]
struct UploadRequest {
    file: FileUpload,
    images: Vec<FileUpload>,
    purpose: String,
    chunking: Option<Value>,
    note: Option<String>,
}

#[tokio::test]
async fn multipart_from_a_struct_with_files() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "ok"})))
            .mount(&server)
            .await;
        let t = transport(&server.uri());
        let body = UploadRequest {
            file: FileUpload::new("batch.jsonl", "{}\n").with_content_type("application/jsonl"),
            images: vec![FileUpload::new("a.png", vec![137u8, 80]), FileUpload::new("b.png", vec![1u8])],
            purpose: "batch".into(),
            chunking: Some(json!({"type": "static", "static": {"max_chunk_size_tokens": 800}})),
            note: None,
        };
        let _: Item = Call::json(&t, Method::POST, "/files")
            .multipart(Multipart::from_serialize(&body))
            .optional_header_param("x-skipped", None::<String>)
            .optional_header_param("x-sent", Some(3))
            .await
            .unwrap();

        let req = &received(&server).await[0];
        assert!(req.headers.get("x-skipped").is_none());
        assert_eq!(req.headers.get("x-sent").unwrap(), "3");
        let text = String::from_utf8_lossy(&req.body);
        assert!(
            text.contains("name=\"file\"; filename=\"batch.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n{}\n\r\n"),
            "{text}"
        );
        assert!(text.contains("name=\"images[]\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n"), "{text}");
        assert!(text.contains("name=\"images[]\"; filename=\"b.png\""), "{text}");
        assert!(text.contains("name=\"purpose\"\r\n\r\nbatch\r\n"), "{text}");
        assert!(text.contains("name=\"chunking[static][max_chunk_size_tokens]\"\r\n\r\n800\r\n"), "{text}");
        assert!(!text.contains("name=\"note\""), "{text}");
        assert!(!text.contains("runtime-file"), "{text}");

        // Outside a multipart body a file serializes as its content.
        assert_eq!(serde_json::to_value(FileUpload::new("x.txt", "hi")).unwrap(), json!("hi"));
    })
    .await
}

#[tokio::test]
async fn file_upload_from_path() {
    bounded(async {
        let dir = std::env::temp_dir().join(format!("rt-upload-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("notes.json");
        std::fs::write(&file, b"{}").unwrap();
        let upload = FileUpload::from_path(&file).await.unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(upload.filename, "notes.json");
        assert_eq!(&upload.bytes[..], b"{}");
        assert!(FileUpload::from_path(dir.join("missing")).await.is_err());
    })
    .await
}

#[tokio::test]
async fn retries_429_honoring_retry_after_ms() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(429).insert_header("retry-after-ms", "20"))
            .up_to_n_times(2)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "ok"})))
            .mount(&server)
            .await;
        let t = transport(&server.uri());
        let started = Instant::now();
        let item: Item = Call::json(&t, Method::GET, "/x").await.unwrap();
        assert_eq!(item.id, "ok");
        assert_eq!(received(&server).await.len(), 3);
        // Backoff alone would wait at least 0.375 s + 0.75 s.
        assert!(started.elapsed() < Duration::from_millis(1000), "{:?}", started.elapsed());
    })
    .await
}

#[tokio::test]
async fn retries_503_then_succeeds() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("POST")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&server).await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "ok"})))
            .mount(&server)
            .await;
        let t = transport(&server.uri());
        let started = Instant::now();
        let item: Item = Call::json(&t, Method::POST, "/x").json_body(&json!({"a": 1})).await.unwrap();
        assert_eq!(item.id, "ok");
        let reqs = received(&server).await;
        assert_eq!(reqs.len(), 2);
        // The body is re-sent whole on the retry.
        assert_eq!(reqs[1].body_json::<Value>().unwrap(), json!({"a": 1}));
        // Exponential backoff: 0.5 s less up to 25 % jitter.
        assert!(started.elapsed() >= Duration::from_millis(375), "{:?}", started.elapsed());
    })
    .await
}

#[tokio::test]
async fn no_retry_on_400() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(400)).mount(&server).await;
        let t = transport(&server.uri());
        let err = Call::<Item>::json(&t, Method::GET, "/x").await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
        assert!(!err.is_retryable());
        assert_eq!(received(&server).await.len(), 1);
    })
    .await
}

#[tokio::test]
async fn max_retries_zero_per_request() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(503).insert_header("retry-after-ms", "1"))
            .mount(&server)
            .await;
        let t = transport(&server.uri());
        let err = Call::empty(&t, Method::GET, "/x").max_retries(0).await.unwrap_err();
        assert!(err.is_retryable());
        assert_eq!(received(&server).await.len(), 1);
        // The transport default (2 retries) still applies to other calls.
        Call::empty(&t, Method::GET, "/x").await.unwrap_err();
        assert_eq!(received(&server).await.len(), 4);
    })
    .await
}

#[tokio::test]
async fn api_error_is_parsed() {
    bounded(async {
        let server = MockServer::start().await;
        let body = json!({"error": {"message": "Incorrect API key provided", "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}});
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(401).insert_header("x-request-id", "req_123").set_body_json(body))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(422).set_body_json(json!({"error": {"message": "bad", "code": 42}})))
            .mount(&server)
            .await;
        let t = transport(&server.uri());

        let err = Call::<Item>::json(&t, Method::GET, "/x").await.unwrap_err();
        assert_eq!(err.request_id(), Some("req_123"));
        let api = err.as_api().expect("api error");
        assert_eq!(api.status.as_u16(), 401);
        let e = api.error.as_ref().expect("parsed body");
        assert_eq!(e.message, "Incorrect API key provided");
        assert_eq!(e.r#type.as_deref(), Some("invalid_request_error"));
        assert_eq!(e.param, None);
        assert_eq!(e.code.as_deref(), Some("invalid_api_key"));
        let line = err.to_string();
        assert!(!line.contains('\n'));
        assert!(line.contains("401") && line.contains("req_123") && line.contains("Incorrect API key provided"), "{line}");

        let err = Call::<Item>::json(&t, Method::POST, "/x").await.unwrap_err();
        assert_eq!(err.as_api().unwrap().error.as_ref().unwrap().code.as_deref(), Some("42"));
    })
    .await
}

#[tokio::test]
async fn html_error_page_keeps_a_bounded_excerpt() {
    bounded(async {
        let server = MockServer::start().await;
        let page = format!("<html><body><h1>502 Bad Gateway</h1>{}</body></html>", "é".repeat(2_000_000));
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(502).set_body_raw(page, "text/html"))
            .mount(&server)
            .await;
        let t = transport(&server.uri());
        let err = Call::<Item>::json(&t, Method::GET, "/x").max_retries(0).await.unwrap_err();
        let api = err.as_api().expect("api error");
        assert_eq!(api.status.as_u16(), 502);
        assert!(api.error.is_none());
        assert!(api.body_excerpt.starts_with("<html><body><h1>502 Bad Gateway"));
        assert!(api.body_excerpt.len() <= 1024 && api.body_excerpt.len() > 1000, "{}", api.body_excerpt.len());
        assert!(!api.body_excerpt.contains('\u{FFFD}'), "cut inside a character");
        let line = err.to_string();
        assert!(line.contains("502 Bad Gateway") && line.len() < 400, "{line}");
    })
    .await
}

#[derive(Debug, Deserialize)]
struct Listing {
    id: String,
    items: Vec<u32>,
}

#[tokio::test]
async fn bad_json_is_a_decode_error_with_excerpt_and_path() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(path("/truncated"))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("x-request-id", "req_t")
                    .set_body_raw(r#"{"id": "x", "items": [1, 2"#, "application/json"),
            )
            .mount(&server)
            .await;
        Mock::given(path("/wrong"))
            .respond_with(
                ResponseTemplate::new(200).set_body_raw(r#"{"id": "x", "items": [1, "two"]}"#, "application/json"),
            )
            .mount(&server)
            .await;
        Mock::given(path("/ok"))
            .respond_with(
                ResponseTemplate::new(200).set_body_raw(r#"{"id": "x", "items": [1, 2]}"#, "application/json"),
            )
            .mount(&server)
            .await;
        let t = transport(&server.uri());

        let ok = Call::<Listing>::json(&t, Method::GET, "/ok").await.unwrap();
        assert_eq!((ok.id.as_str(), ok.items), ("x", vec![1, 2]));

        let err = Call::<Listing>::json(&t, Method::GET, "/truncated").await.unwrap_err();
        let Error::Decode(d) = &err else { panic!("{err:?}") };
        assert_eq!(d.status.as_u16(), 200);
        assert_eq!(d.request_id.as_deref(), Some("req_t"));
        assert_eq!(d.body_excerpt, r#"{"id": "x", "items": [1, 2"#);
        assert!(d.source.is_eof());

        let err = Call::<Listing>::json(&t, Method::GET, "/wrong").await.unwrap_err();
        let Error::Decode(d) = &err else { panic!("{err:?}") };
        assert_eq!(d.path, "items[1]");
        assert!(err.to_string().contains("items[1]"), "{err}");
        // Decoding errors are not retried.
        assert_eq!(received(&server).await.len(), 3);
    })
    .await
}

/// A server on 127.0.0.1 that runs `serve` on each connection after reading the request head.
async fn raw_server<F, Fut>(serve: F) -> String
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let serve = Arc::new(serve);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let serve = Arc::clone(&serve);
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                serve(socket).await;
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn timeout_is_honored_when_headers_never_come() {
    bounded(async {
        let base = raw_server(|socket| async move {
            tokio::time::sleep(Duration::from_secs(30)).await;
            drop(socket);
        })
        .await;
        let t = transport(&base);
        let started = Instant::now();
        let err = Call::<Item>::json(&t, Method::GET, "/slow")
            .timeout(Duration::from_millis(200))
            .max_retries(0)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Timeout(_)), "{err:?}");
        assert!(err.is_timeout() && err.is_retryable());
        assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());

        // The transport-wide timeout applies the same way.
        let t = Arc::new(Config::new(&base).timeout(Duration::from_millis(100)).max_retries(0).build().unwrap());
        let err = Call::empty(&t, Method::GET, "/slow").await.unwrap_err();
        assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    })
    .await
}

#[tokio::test]
async fn connection_dropped_mid_body_is_a_transport_error() {
    bounded(async {
        let base = raw_server(|mut socket| async move {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n";
            socket.write_all(head.as_bytes()).await.unwrap();
            socket.write_all(br#"{"id": "abc"#).await.unwrap();
            socket.flush().await.unwrap();
            // Dropping the socket closes it with 990 bytes still owed.
        })
        .await;
        let t = transport(&base);
        let err = Call::<Item>::json(&t, Method::GET, "/x").max_retries(0).await.unwrap_err();
        assert!(matches!(err, Error::Transport(_)), "{err:?}");
        assert!(err.is_retryable());
        assert!(!err.to_string().contains('\n'));
    })
    .await
}

fn sse_response(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.to_owned(), "text/event-stream")
}

#[tokio::test]
async fn sse_typed_events_until_done() {
    bounded(async {
        let server = MockServer::start().await;
        let body = ": keep-alive\n\ndata: {\"n\":1}\n\nevent: message\r\ndata: {\"n\":\r\ndata: 2}\r\n\r\ndata: [DONE]\n\ndata: {\"n\":3}\n\n";
        Mock::given(method("POST")).and(header("accept", "text/event-stream")).respond_with(sse_response(body)).mount(&server).await;
        let t = transport(&server.uri());
        let stream: EventStream<Event> = Call::sse(&t, Method::POST, "/chat").json_body(&json!({"stream": true})).await.unwrap();
        let events: Vec<_> = stream.collect().await;
        let events: Vec<Event> = events.into_iter().map(Result::unwrap).collect();
        assert_eq!(events, vec![Event { n: 1 }, Event { n: 2 }]);
    })
    .await
}

#[tokio::test]
async fn sse_error_events_are_api_error_items_and_the_stream_goes_on() {
    bounded(async {
        let server = MockServer::start().await;
        let named = "data: {\"n\":1}\n\nevent: error\ndata: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}\n\ndata: {\"n\":2}\n\n";
        let inline = "data: {\"n\":1}\n\ndata: {\"error\":{\"message\":\"quota\",\"code\":\"insufficient_quota\"}}\n\n";
        let null_error = "data: {\"n\":7,\"error\":null}\n\n";
        Mock::given(path("/named")).respond_with(sse_response(named).insert_header("x-request-id", "req_s")).mount(&server).await;
        Mock::given(path("/inline")).respond_with(sse_response(inline)).mount(&server).await;
        Mock::given(path("/null")).respond_with(sse_response(null_error)).mount(&server).await;
        let t = transport(&server.uri());

        // What the server sends after an in-band error (OpenAI: `response.failed`) still arrives.
        let events: Vec<_> = Call::<EventStream<Event>>::sse(&t, Method::GET, "/named").await.unwrap().collect().await;
        assert_eq!(events.len(), 3, "{events:?}");
        assert_eq!(events[0].as_ref().unwrap(), &Event { n: 1 });
        let err = events[1].as_ref().unwrap_err();
        assert_eq!(err.request_id(), Some("req_s"));
        assert_eq!(err.as_api().and_then(|a| a.message()), Some("overloaded"));
        assert_eq!(events[2].as_ref().unwrap(), &Event { n: 2 });

        let events: Vec<_> = Call::<EventStream<Event>>::sse(&t, Method::GET, "/inline").await.unwrap().collect().await;
        assert_eq!(events.len(), 2, "{events:?}");
        let api = events[1].as_ref().unwrap_err().as_api().expect("api error");
        assert_eq!(api.error.as_ref().unwrap().code.as_deref(), Some("insufficient_quota"));

        // A null `error` member is no error.
        let events: Vec<_> = Call::<EventStream<Event>>::sse(&t, Method::GET, "/null").await.unwrap().collect().await;
        assert_eq!(events.into_iter().map(Result::unwrap).collect::<Vec<_>>(), vec![Event { n: 7 }]);
    })
    .await
}

#[tokio::test]
async fn sse_bad_event_is_an_error_and_the_stream_goes_on() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(sse_response("data: {\"n\":\"x\"}\n\ndata: {\"n\":2}\n\n"))
            .mount(&server)
            .await;
        let t = transport(&server.uri());
        let events: Vec<_> = Call::<EventStream<Event>>::sse(&t, Method::GET, "/s").await.unwrap().collect().await;
        assert_eq!(events.len(), 2);
        assert!(
            matches!(&events[0], Err(Error::Decode(d)) if d.path == "n" && d.body_excerpt == r#"{"n":"x"}"#),
            "{events:?}"
        );
        assert_eq!(events[1].as_ref().unwrap(), &Event { n: 2 });
    })
    .await
}

#[tokio::test]
async fn sse_cut_mid_event_is_an_error_not_a_hang() {
    bounded(async {
        // Body delimited by connection close: a clean close inside an event.
        let closed = raw_server(|mut socket| async move {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n";
            socket.write_all(head.as_bytes()).await.unwrap();
            socket.write_all(b"data: {\"n\":1}\n\ndata: {\"n\":").await.unwrap();
            socket.shutdown().await.unwrap();
        })
        .await;
        // Chunked body whose last chunk never comes.
        let chunked = raw_server(|mut socket| async move {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
            socket.write_all(head.as_bytes()).await.unwrap();
            socket.write_all(b"e\r\ndata: {\"n\":1}\n\r\n").await.unwrap();
            socket.shutdown().await.unwrap();
        })
        .await;
        // Headers, one event, then silence.
        let silent = raw_server(|mut socket| async move {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
            socket.write_all(head.as_bytes()).await.unwrap();
            socket.write_all(b"f\r\ndata: {\"n\":1}\n\n\r\n").await.unwrap();
            tokio::time::sleep(Duration::from_secs(30)).await;
        })
        .await;

        let collect = |base: String| async move {
            let t = transport(&base);
            let call = Call::<EventStream<Event>>::sse(&t, Method::GET, "/s").timeout(Duration::from_millis(300));
            call.await.unwrap().collect::<Vec<_>>().await
        };

        let events = collect(closed).await;
        assert_eq!(events.len(), 2, "{events:?}");
        assert_eq!(events[0].as_ref().unwrap(), &Event { n: 1 });
        assert!(matches!(events[1], Err(Error::Stream(_))), "{events:?}");

        let events = collect(chunked).await;
        assert_eq!(events.len(), 1, "{events:?}");
        assert!(matches!(events[0], Err(Error::Transport(_))), "{events:?}");

        let events = collect(silent).await;
        assert_eq!(events.len(), 2, "{events:?}");
        assert!(matches!(events[1], Err(Error::Timeout(_))), "{events:?}");
    })
    .await
}

#[derive(Debug, Deserialize)]
struct ListPage {
    data: Vec<Item>,
    has_more: bool,
    last_id: Option<String>,
}

impl Page for ListPage {
    type Item = Item;
    fn into_items(self) -> Vec<Item> {
        self.data
    }
    fn has_more(&self) -> bool {
        self.has_more
    }
    fn next_after(&self) -> Option<String> {
        self.last_id.clone()
    }
}

#[tokio::test]
async fn pagination_follows_after_across_three_pages() {
    bounded(async {
        let server = MockServer::start().await;
        let page = |ids: &[&str], more: bool| {
            let data: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
            ResponseTemplate::new(200)
                .set_body_json(json!({"object": "list", "data": data, "has_more": more, "last_id": ids.last()}))
        };
        Mock::given(query_param_is_missing("after")).respond_with(page(&["a", "b"], true)).mount(&server).await;
        Mock::given(query_param("after", "b")).respond_with(page(&["c", "d"], true)).mount(&server).await;
        Mock::given(query_param("after", "d")).respond_with(page(&["e"], false)).mount(&server).await;
        let t = transport(&server.uri());

        #[derive(Serialize)]
        struct Params {
            limit: Option<u32>,
        }
        let call = Call::<ListPage>::json(&t, Method::GET, "/files").query(&Params { limit: Some(2) });
        let ids: Vec<String> = call.paginate().map(|item| item.unwrap().id).collect().await;
        assert_eq!(ids, ["a", "b", "c", "d", "e"]);
        let reqs = received(&server).await;
        assert_eq!(reqs.len(), 3);
        for r in &reqs {
            assert_eq!(r.url.query_pairs().filter(|(k, _)| k == "limit").count(), 1, "{}", r.url);
            assert!(r.url.query_pairs().filter(|(k, _)| k == "after").count() <= 1, "{}", r.url);
        }
    })
    .await
}

#[tokio::test]
async fn send_with_response_exposes_status_and_headers() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(201)
                    .insert_header("x-request-id", "req_42")
                    .insert_header("openai-processing-ms", "17")
                    .set_body_json(json!({"id": "new"})),
            )
            .mount(&server)
            .await;
        let t = transport(&server.uri());
        let resp = Call::<Item>::json(&t, Method::POST, "/things").send_with_response().await.unwrap();
        assert_eq!(resp.value.id, "new");
        assert_eq!(resp.status.as_u16(), 201);
        assert_eq!(resp.request_id(), Some("req_42"));
        assert_eq!(resp.headers.get("openai-processing-ms").unwrap(), "17");
    })
    .await
}

#[tokio::test]
async fn extra_query_body_and_header_reach_the_server() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(query_param("debug", "1"))
            .and(header("x-extra", "yes"))
            .and(body_json(json!({"model": "m", "temperature": 0.5, "extra": {"k": [1, 2]}})))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "ok"})))
            .expect(1)
            .mount(&server)
            .await;
        let t = transport(&server.uri());
        let item: Item = Call::json(&t, Method::POST, "/x")
            .json_body(&json!({"model": "m", "temperature": 1.0}))
            .extra_query("debug", 1)
            .extra_body("temperature", json!(0.5))
            .extra_body("extra", json!({"k": [1, 2]}))
            .extra_header("x-extra", "yes")
            .await
            .unwrap();
        assert_eq!(item.id, "ok");
    })
    .await
}

#[tokio::test]
async fn text_bytes_and_empty_calls() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(path("/text"))
            .respond_with(ResponseTemplate::new(200).set_body_string("hello é"))
            .mount(&server)
            .await;
        Mock::given(path("/bytes"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(vec![0u8, 159, 255], "audio/mpeg"))
            .mount(&server)
            .await;
        Mock::given(path("/empty")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
        let t = transport(&server.uri());
        assert_eq!(Call::text(&t, Method::GET, "/text").await.unwrap(), "hello é");
        assert_eq!(&Call::bytes(&t, Method::GET, "/bytes").await.unwrap()[..], &[0u8, 159, 255]);
        Call::empty(&t, Method::DELETE, "/empty").await.unwrap();
    })
    .await
}

#[tokio::test]
async fn builder_errors_surface_when_sent() {
    bounded(async {
        assert!(matches!(Config::new("not a url").build(), Err(Error::Config(_))));
        assert!(matches!(Config::new("ftp://x").build(), Err(Error::Config(_))));
        let err = Config::new("http://x").api_key_header("x-key", "bad\nvalue").build().unwrap_err();
        assert!(!err.to_string().contains("bad"), "{err}");

        let t = transport("http://127.0.0.1:9");
        let err = Call::empty(&t, Method::GET, "/x").header_param("bad header", "v").await.unwrap_err();
        assert!(matches!(err, Error::Request(_)), "{err:?}");
        let err = Call::empty(&t, Method::GET, "/x").query(&"not a struct").await.unwrap_err();
        assert!(matches!(err, Error::Request(_)), "{err:?}");
    })
    .await
}

#[test]
fn calls_are_clone_and_their_futures_send() {
    fn assert_send<T: Send>(_: &T) {}
    fn assert_clone<T: Clone>(_: &T) {}
    let t = Arc::new(Config::new("http://127.0.0.1:9").build().unwrap());
    let call = Call::<Item>::json(&t, Method::GET, "/x");
    assert_clone(&call);
    assert_send(&call.clone().into_future());
    assert_send(&call.clone().send_with_response());
    assert_send(&Call::<ListPage>::json(&t, Method::GET, "/x").paginate());
    assert_send(&Call::<EventStream<Event>>::sse(&t, Method::GET, "/x").into_future());
}

#[tokio::test]
async fn dot_segments_are_refused_before_sending() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "x"})))
            .mount(&server)
            .await;
        let t = transport(&format!("{}/v1", server.uri()));

        for (id, segment) in [("..", ".."), (".", "."), ("", ""), ("%2E%2e", "%2E%2e"), (".%2E", ".%2E")] {
            // `encode_path` leaves dots alone and encodes `%`, so a literal
            // `%2E` arrives as `%252E`; the raw forms test paths given as is.
            let encoded = if id.contains('%') { id.to_owned() } else { runtime::encode_path(id) };
            let call_path = format!("/vector_stores/{encoded}/file_batches");
            let err = Call::<Item>::json(&t, Method::GET, call_path).await.unwrap_err();
            let Error::Request(message) = &err else { panic!("{id:?}: {err:?}") };
            assert!(message.contains(&format!("segment {segment:?}")), "{message}");
        }
        for path in ["//files", "/files/", "/files/..\\x"] {
            let err = Call::<Item>::json(&t, Method::GET, path).await.unwrap_err();
            assert!(matches!(err, Error::Request(_)), "{path}: {err:?}");
        }
        assert!(received(&server).await.is_empty(), "nothing was sent");

        // Dots inside a segment, or three of them, are ordinary names.
        for id in ["...", "a..b", ".env", "%2e"] {
            let call_path = format!("/files/{}", runtime::encode_path(id));
            let item: Item = Call::json(&t, Method::GET, call_path).await.unwrap();
            assert_eq!(item.id, "x");
        }
        let paths: Vec<String> = received(&server).await.iter().map(|r| r.url.path().to_owned()).collect();
        assert_eq!(paths, ["/v1/files/...", "/v1/files/a..b", "/v1/files/.env", "/v1/files/%252e"]);
    })
    .await
}
