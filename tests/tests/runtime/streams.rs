//! Server-sent event streams and pagination.

use super::*;

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
        // Not "API error 200 OK": the answer's status was a success, the error came inside it.
        assert!(err.to_string().starts_with("API error in the event stream (request id req_s): overloaded"), "{err}");
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
pub(super) struct ListPage {
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
