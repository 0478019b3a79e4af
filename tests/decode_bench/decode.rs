//! Decoding speed, three ways in one run: the generated types tolerant (the
//! default), the same types strict, and plain `#[derive(Deserialize)]` types
//! of the same shape as a yardstick. Two inputs made from real answers
//! (`REAL_ANSWERS`, the `../shared/real-answers` folder): a large `Response`
//! body (the output items of `openai-responses-1.json` repeated to about
//! 1 MB, with the `cache_write_tokens` the spec requires added so strict
//! decodes it too) and a 1,000-event chat stream (the events of
//! `openai-chat-stream-1.sse` cycled), decoded through `EventStream`.
//! Written into the crate `target/full-specs/decode-bench` by
//! `tests/tests/decode_bench.rs`, which prints the ratios.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use full_specs_openai::openai::models;
use full_specs_openai::runtime::{self, EventStream};
use futures::StreamExt;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// The yardstick: serde's derives, the generated types' shape for what the inputs hold.
// The fields are decoded to be timed, never read.
#[allow(dead_code)]
mod plain {
    use serde::Deserialize;
    use serde_json::Value;
    use std::collections::BTreeMap;

    #[derive(Deserialize)]
    pub struct Response {
        pub id: String,
        pub object: String,
        pub created_at: f64,
        pub status: Option<String>,
        pub background: Option<bool>,
        pub error: Option<Value>,
        pub incomplete_details: Option<Value>,
        pub instructions: Option<Value>,
        pub max_output_tokens: Option<i64>,
        pub max_tool_calls: Option<i64>,
        pub model: String,
        pub output: Vec<OutputItem>,
        pub parallel_tool_calls: bool,
        pub previous_response_id: Option<String>,
        pub prompt_cache_key: Option<String>,
        pub prompt_cache_retention: Option<String>,
        pub reasoning: Option<Reasoning>,
        pub safety_identifier: Option<String>,
        pub service_tier: Option<String>,
        pub store: Option<bool>,
        pub temperature: Option<f64>,
        pub text: Option<Value>,
        pub tool_choice: Value,
        pub tools: Vec<Value>,
        pub top_logprobs: Option<i64>,
        pub top_p: Option<f64>,
        pub truncation: Option<String>,
        pub usage: Option<Usage>,
        pub user: Option<String>,
        pub metadata: Option<BTreeMap<String, String>>,
    }

    #[derive(Deserialize)]
    pub struct Reasoning {
        pub effort: Option<String>,
        pub summary: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(tag = "type")]
    pub enum OutputItem {
        #[serde(rename = "message")]
        Message { id: String, status: String, role: String, content: Vec<OutputContent> },
        #[serde(rename = "reasoning")]
        Reasoning { id: String, summary: Vec<Value> },
    }

    #[derive(Deserialize)]
    #[serde(tag = "type")]
    pub enum OutputContent {
        #[serde(rename = "output_text")]
        Text { text: String, annotations: Vec<Annotation>, logprobs: Option<Vec<Value>> },
    }

    #[derive(Deserialize)]
    #[serde(tag = "type")]
    pub enum Annotation {
        #[serde(rename = "url_citation")]
        Url { url: String, title: String, start_index: i64, end_index: i64 },
    }

    #[derive(Deserialize)]
    pub struct Usage {
        pub input_tokens: i64,
        pub input_tokens_details: BTreeMap<String, i64>,
        pub output_tokens: i64,
        pub output_tokens_details: BTreeMap<String, i64>,
        pub total_tokens: i64,
    }

    #[derive(Deserialize)]
    pub struct ChatChunk {
        pub id: String,
        pub object: String,
        pub created: i64,
        pub model: String,
        pub service_tier: Option<String>,
        pub system_fingerprint: Option<String>,
        pub choices: Vec<ChunkChoice>,
        pub usage: Option<Value>,
    }

    #[derive(Deserialize)]
    pub struct ChunkChoice {
        pub index: i64,
        pub delta: Delta,
        pub logprobs: Option<Value>,
        pub finish_reason: Option<String>,
    }

    #[derive(Deserialize)]
    pub struct Delta {
        pub role: Option<String>,
        pub content: Option<String>,
        pub refusal: Option<String>,
        pub tool_calls: Option<Vec<Value>>,
    }
}

fn answers(file: &str) -> String {
    let dir = std::env::var("REAL_ANSWERS").expect("REAL_ANSWERS: the real-answers folder");
    std::fs::read_to_string(std::path::Path::new(&dir).join(file)).expect("a real answer")
}

/// About 1 MB: the message and reasoning items of a real answer, repeated.
fn response_body() -> Vec<u8> {
    let mut body: Value = serde_json::from_str(&answers("openai-responses-1.json")).unwrap();
    let items: Vec<Value> = body["output"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["type"] == "message" || i["type"] == "reasoning")
        .cloned()
        .collect();
    let mut output = Vec::new();
    while serde_json::to_vec(&output).unwrap().len() < 1_000_000 {
        output.extend(items.iter().cloned());
    }
    body["output"] = Value::Array(output);
    body["usage"]["input_tokens_details"]["cache_write_tokens"] = json!(0);
    body["tools"] = json!([]);
    serde_json::to_vec(&body).unwrap()
}

/// 1,000 events of a real chat stream, cycled, then `[DONE]`.
fn chat_stream() -> Vec<u8> {
    let text = answers("openai-chat-stream-1.sse");
    let events: Vec<&str> = text.split("\n\n").map(str::trim).filter(|e| e.starts_with("data: {")).collect();
    let mut body = String::new();
    for event in events.iter().cycle().take(1000) {
        body.push_str(event);
        body.push_str("\n\n");
    }
    body.push_str("data: [DONE]\n\n");
    body.into_bytes()
}

fn decode_body<T: DeserializeOwned>(body: &[u8]) -> T {
    runtime::decode_json::<T>(body).expect("decodes")
}

fn decode_stream<T: DeserializeOwned + Send + 'static>(body: &[u8]) -> usize {
    let stream = EventStream::<T>::from_bytes(body.to_vec());
    futures::executor::block_on(stream.map(|item| item.expect("decodes")).count())
}

fn benches(c: &mut Criterion) {
    let body = response_body();
    let stream = chat_stream();
    // Every way must decode the inputs before it is timed.
    for strict in [false, true] {
        runtime::set_strict(strict);
        decode_body::<models::Response>(&body);
        assert_eq!(decode_stream::<models::CreateChatCompletionStreamResponse>(&stream), 1000);
    }
    decode_body::<plain::Response>(&body);
    assert_eq!(decode_stream::<plain::ChatChunk>(&stream), 1000);

    let mut group = c.benchmark_group("response");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("tolerant", |b| {
        runtime::set_strict(false);
        b.iter(|| black_box(decode_body::<models::Response>(black_box(&body))))
    });
    group.bench_function("strict", |b| {
        runtime::set_strict(true);
        b.iter(|| black_box(decode_body::<models::Response>(black_box(&body))))
    });
    group.bench_function("derive", |b| b.iter(|| black_box(decode_body::<plain::Response>(black_box(&body)))));
    group.finish();

    let mut group = c.benchmark_group("chat_stream");
    group.throughput(Throughput::Elements(1000));
    group.bench_function("tolerant", |b| {
        runtime::set_strict(false);
        b.iter(|| decode_stream::<models::CreateChatCompletionStreamResponse>(black_box(&stream)))
    });
    group.bench_function("strict", |b| {
        runtime::set_strict(true);
        b.iter(|| decode_stream::<models::CreateChatCompletionStreamResponse>(black_box(&stream)))
    });
    group.bench_function("derive", |b| b.iter(|| decode_stream::<plain::ChatChunk>(black_box(&stream))));
    group.finish();
    runtime::set_strict(false);
}

criterion_group!(decode, benches);
criterion_main!(decode);
