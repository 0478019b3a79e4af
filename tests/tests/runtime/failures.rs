//! Retries, API errors, undecodable answers, timeouts and servers that hang up.

use super::*;

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

/// One call's answer read strictly (`Call::strict`), the process staying
/// tolerant: the same answer missing a required key is a filler and a
/// deviation in `meta` by default, an error naming the key for that call.
#[tokio::test]
async fn one_call_can_decode_strictly() {
    use generated::openai::models::VectorStoreFileBatchObject as Batch;
    bounded(async {
        let server = MockServer::start().await;
        let partial = json!({"object": "vector_store.files_batch", "created_at": 1, "vector_store_id": "vs",
            "status": "completed", "file_counts": {"in_progress": 0, "completed": 1, "failed": 0, "cancelled": 0, "total": 1}});
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(partial)).mount(&server).await;
        let t = transport(&server.uri());
        let tolerant: Batch = Call::json(&t, Method::GET, "/b").await.unwrap();
        assert!(tolerant.meta.deviation("id").is_some(), "{:?}", tolerant.meta.deviations());
        let err = Call::<Batch>::json(&t, Method::GET, "/b").strict().await.unwrap_err();
        assert!(err.to_string().contains("`id`"), "{err}");
        assert!(!runtime::strict(), "the process stays tolerant");
        let again: Batch = Call::json(&t, Method::GET, "/b").await.unwrap();
        assert_eq!(again.id, "");
    })
    .await
}
