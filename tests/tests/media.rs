//! Answers in several media types, decoded by their `Content-Type`, against
//! wiremock on 127.0.0.1. The enums here are what the generator emits for
//! `codegen/tests/fixtures/responses.yaml` (see its snapshot); case 18 of
//! `../shared/cases` is the transcription one.

use std::sync::Arc;
use std::time::Duration;

use generated::runtime::{Bytes, Call, Config, Error, FromMedia, MediaBody, Method};
use serde::Deserialize;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Transcription {
    text: String,
}

#[derive(Debug, Clone, PartialEq)]
enum CreateTranscriptionResponse {
    Text(String),
    Json(Transcription),
}

impl FromMedia for CreateTranscriptionResponse {
    const MEDIA_TYPES: &'static [&'static str] = &["text/plain", "application/json"];
    fn decode(index: usize, body: &MediaBody<'_>) -> Result<Self, Error> {
        match index {
            0 => Ok(Self::Text(body.text())),
            _ => body.json().map(Self::Json),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum GetReportResponse {
    Json(Transcription),
    VndReportJson(Vec<String>),
    TextCsv(String),
    Any(Bytes),
}

impl FromMedia for GetReportResponse {
    const MEDIA_TYPES: &'static [&'static str] =
        &["application/json", "application/vnd.report+json", "text/csv", "*/*"];
    fn decode(index: usize, body: &MediaBody<'_>) -> Result<Self, Error> {
        match index {
            0 => body.json().map(Self::Json),
            1 => body.json().map(Self::VndReportJson),
            2 => Ok(Self::TextCsv(body.text())),
            _ => Ok(Self::Any(body.bytes())),
        }
    }
}

/// A server answering `body` with `content_type` (none when `None`).
async fn answering(content_type: Option<&str>, body: &str) -> MockServer {
    let server = MockServer::start().await;
    let mut template = ResponseTemplate::new(200).set_body_bytes(body.as_bytes().to_vec());
    if let Some(ct) = content_type {
        template = template.insert_header("content-type", ct);
    }
    Mock::given(method("POST")).respond_with(template).mount(&server).await;
    server
}

async fn call<T: FromMedia + Send + 'static>(content_type: Option<&str>, body: &str) -> (Result<T, Error>, String) {
    let server = answering(content_type, body).await;
    let t = Arc::new(Config::new(server.uri()).max_retries(0).build().unwrap());
    let result =
        tokio::time::timeout(Duration::from_secs(10), Call::<T>::media(&t, Method::POST, "/x")).await.expect("hung");
    let requests = server.received_requests().await.unwrap();
    let accept = requests[0].headers.get("accept").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (result, accept)
}

#[tokio::test]
async fn each_listed_media_type_reads_as_its_variant() {
    use CreateTranscriptionResponse as R;
    let (json, accept) = call::<R>(Some("application/json"), r#"{"text":"hello world"}"#).await;
    assert_eq!(json.unwrap(), R::Json(Transcription { text: "hello world".into() }));
    assert_eq!(accept, "text/plain, application/json", "the Accept header lists every media type");
    let (text, _) = call::<R>(Some("text/plain; charset=utf-8"), "hello world").await;
    assert_eq!(text.unwrap(), R::Text("hello world".into()));
    // Media types are case-insensitive; a JSON-looking text answer stays text.
    let (text, _) = call::<R>(Some("Text/Plain"), r#"{"text":"x"}"#).await;
    assert_eq!(text.unwrap(), R::Text(r#"{"text":"x"}"#.into()));
    // A JSON answer that does not match its type is a decode error, not text.
    let (bad, _) = call::<R>(Some("application/json"), r#"{"words":1}"#).await;
    assert!(matches!(bad, Err(Error::Decode(_))), "{bad:?}");
}

#[tokio::test]
async fn unlisted_or_missing_content_types_fall_back_in_spec_order() {
    use CreateTranscriptionResponse as R;
    // Another JSON type reads as the listed JSON one.
    let (json, _) = call::<R>(Some("application/vnd.api+json"), r#"{"text":"a"}"#).await;
    assert_eq!(json.unwrap(), R::Json(Transcription { text: "a".into() }));
    // No Content-Type, or one not listed: the first listed type that reads it.
    let (none, _) = call::<R>(None, "plain words").await;
    assert_eq!(none.unwrap(), R::Text("plain words".into()));
    let (html, _) = call::<R>(Some("text/html"), "<p>hi</p>").await;
    assert_eq!(html.unwrap(), R::Text("<p>hi</p>".into()));

    use GetReportResponse as G;
    let (report, _) = call::<G>(Some("application/vnd.report+json"), r#"["a","b"]"#).await;
    assert_eq!(report.unwrap(), G::VndReportJson(vec!["a".into(), "b".into()]));
    let (csv, _) = call::<G>(Some("text/csv"), "a,b\n1,2\n").await;
    assert_eq!(csv.unwrap(), G::TextCsv("a,b\n1,2\n".into()));
    let (png, _) = call::<G>(Some("image/png"), "\u{89}PNG").await;
    assert_eq!(png.unwrap(), G::Any(Bytes::from("\u{89}PNG")), "`*/*` takes what nothing else lists");
    // Without a Content-Type the JSON variant is tried first; bytes take the rest.
    let (unlabelled, _) = call::<G>(None, r#"{"text":"t"}"#).await;
    assert_eq!(unlabelled.unwrap(), G::Json(Transcription { text: "t".into() }));
    let (unlabelled, _) = call::<G>(None, "raw").await;
    assert_eq!(unlabelled.unwrap(), G::TextCsv("raw".into()));
}
