//! What a request carries: path, query, credentials, bodies, files, and the calls' shapes.

use super::streams::ListPage;
use super::*;

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

/// HTTP basic credentials (RFC 7617): `user:password`, base64-encoded.
#[tokio::test]
async fn basic_credentials_are_sent_encoded() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(header("authorization", "Basic dXNlcjpzZWNyZXQ="))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "ok"})))
            .expect(1)
            .mount(&server)
            .await;
        let t = Arc::new(Config::new(server.uri()).basic_auth("user:secret").build().unwrap());
        let item: Item = Call::json(&t, Method::GET, "/me").await.unwrap();
        assert_eq!(item.id, "ok");
        assert!(!format!("{t:?}").contains("dXNlcjpzZWNyZXQ"), "the credentials stay out of Debug");
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
    // The retry names the 429 (its `response` event can be missed: tracing's callsite cache
    // races when other tests of this binary first hit that callsite with no subscriber).
    assert!(log.contains("attempt=2") && log.contains("429") && log.contains("path=/chat"), "{log}");
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

/// Cookie parameters travel together in one `Cookie` header (RFC 6265),
/// each value percent-encoded; the other members stay headers.
#[tokio::test]
async fn cookie_parameters_share_the_cookie_header() {
    use generated::runtime::{ParamStyle, Style};
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(header("cookie", "session_id=a%20b%3Bc; theme=dark"))
            .and(header("x-trace", "t1"))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
        let t = transport(&server.uri());
        let cookie = |name| ParamStyle { name, style: Style::Cookie, explode: false };
        let params = json!({"session_id": "a b;c", "X-Trace": "t1", "theme": "dark"});
        Call::empty(&t, Method::GET, "/cart")
            .header_params_styled(&params, &[cookie("session_id"), cookie("theme")])
            .await
            .unwrap();
    })
    .await
}
