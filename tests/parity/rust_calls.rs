//! The generated Rust client's half of `tests/tests/parity.rs`.
//!
//! Built as `src/main.rs` of a small crate that depends on the OpenAI client
//! generated from the full `../shared/specs/openai.yaml`. It makes the calls of
//! `tests/parity/calls.py`, in the same order and with the same arguments,
//! against `PARITY_BASE_URL` (a recording server). Each request carries
//! `x-parity-call: <name>` so the recordings of both sides can be paired.
//! Prints one line per call: `CALL <name> ok <summary>` or `CALL <name> error <why>`.
//!
//! Request bodies with many optional members are written as the JSON a user
//! would send and read into the generated types, so a member the types do not
//! know (a wrong name, a missing field) is dropped and shows up as a difference.

use std::future::Future;
use std::time::Duration;

use futures::StreamExt;
use full_specs_openai::openai::{models, Client};
use full_specs_openai::runtime::{Error, FileUpload};
use serde_json::{json, Value};

const FILE_JSONL: &[u8] =
    b"{\"custom_id\": \"r1\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\": {}}\n";
const AUDIO: &[u8] = b"ID3\x03\x00\x00\x00\x00\x00\x00parity-audio";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\nparity-image";

/// Reads `value` into a generated type; a value the type rejects is a bug of this program.
fn typed<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{e}: {value}"))
}

fn tools() -> Value {
    json!([{
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Current weather of a city",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
            "strict": true
        }
    }])
}

fn messages() -> Value {
    json!([
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": "Weather in Paris?"}
    ])
}

/// A client whose every request is tagged with the call's name.
fn client(name: &str) -> Client {
    Client::builder()
        .base_url(std::env::var("PARITY_BASE_URL").expect("PARITY_BASE_URL"))
        .api_key(std::env::var("PARITY_API_KEY").expect("PARITY_API_KEY"))
        .header("x-parity-call", name)
        .timeout(Duration::from_secs(30))
        .max_retries(0)
        .build()
        .expect("client")
}

async fn run<F, Fut>(name: &str, call: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = Result<String, Error>>,
{
    match call(client(name)).await {
        Ok(summary) => println!("CALL {name} ok {summary}"),
        Err(e) => {
            let message: String = e.to_string().split_whitespace().collect::<Vec<_>>().join(" ");
            let message: String = message.chars().take(300).collect();
            println!("CALL {name} error {message}");
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    println!("SDK generated openai");
    run("chat.completions.create.tools", |c| async move {
        let body = typed(json!({
            "model": "gpt-4o",
            "messages": messages(),
            "tools": tools(),
            "tool_choice": "auto",
            "temperature": 0.2,
            "max_completion_tokens": 64,
            "metadata": {"suite": "parity"}
        }));
        let r = c.chat().completions().create(&body).await?;
        let calls = r.choices[0].message.tool_calls.clone().unwrap_or_default();
        Ok(match calls.first() {
            Some(models::ChatCompletionMessageToolCallsItem::Function(call)) => call.function.name.clone(),
            other => format!("{other:?}"),
        })
    })
    .await;
    run("chat.completions.create.stream", |c| async move {
        let body = typed(json!({
            "model": "gpt-4o",
            "messages": messages(),
            "stream_options": {"include_usage": true}
        }));
        let mut stream = c.chat().completions().create_stream(&body).await?;
        let mut chunks = 0;
        while let Some(chunk) = stream.next().await {
            chunk?;
            chunks += 1;
        }
        Ok(format!("{chunks} chunks"))
    })
    .await;
    run("chat.completions.list", |c| async move {
        let query = typed(json!({"limit": 5, "order": "asc", "metadata": {"suite": "parity"}}));
        let page = c.chat().completions().list(&query).await?;
        Ok(format!("{} items", page.data.len()))
    })
    .await;
    run("responses.create", |c| async move {
        let body = typed(json!({
            "model": "gpt-4.1",
            "input": "Say hi",
            "instructions": "Be brief.",
            "max_output_tokens": 32,
            "metadata": {"suite": "parity"},
            "tools": [{"type": "function", "name": "get_weather", "parameters": {"type": "object"}, "strict": false}]
        }));
        Ok(c.responses().create(&body).await?.id)
    })
    .await;
    run("responses.create.stream", |c| async move {
        let body = typed(json!({"model": "gpt-4.1", "input": "Say hi"}));
        let mut stream = c.responses().create_stream(&body).await?;
        let mut events = 0;
        while let Some(event) = stream.next().await {
            event?;
            events += 1;
        }
        Ok(format!("{events} events"))
    })
    .await;
    run("responses.retrieve", |c| async move {
        let query = typed(json!({"include": ["message.output_text.logprobs"]}));
        Ok(c.responses().retrieve("resp_123", &query).await?.id)
    })
    .await;
    run("embeddings.create", |c| async move {
        let body = typed(json!({
            "model": "text-embedding-3-small",
            "input": ["hello", "world"],
            "dimensions": 3,
            "encoding_format": "float"
        }));
        Ok(format!("{} vectors", c.embeddings().create(&body).await?.data.len()))
    })
    .await;
    run("embeddings.create.default_encoding", |c| async move {
        let body = typed(json!({"model": "text-embedding-3-small", "input": "hello"}));
        Ok(format!("{} vectors", c.embeddings().create(&body).await?.data.len()))
    })
    .await;
    run("files.create", |c| async move {
        let body = models::CreateFileRequest {
            file: FileUpload::new("batch.jsonl", FILE_JSONL),
            purpose: models::CreateFileRequestPurpose::Batch,
            expires_after: Some(typed(json!({"anchor": "created_at", "seconds": 3600}))),
        };
        Ok(c.files().create(&body).await?.id)
    })
    .await;
    run("files.list", |c| async move {
        let query = typed(json!({"purpose": "batch", "limit": 10, "order": "desc", "after": "file-000"}));
        Ok(format!("{} files", c.files().list(&query).await?.data.len()))
    })
    .await;
    run("files.retrieve", |c| async move { Ok(c.files().retrieve("file-abc123").await?.filename) }).await;
    run("files.content", |c| async move { Ok(format!("{} bytes", c.files().content("file-abc123").await?.len())) })
        .await;
    run("files.delete", |c| async move { Ok(c.files().delete("file-abc123").await?.deleted.to_string()) }).await;
    run("audio.transcriptions.create", |c| async move {
        let mut body: models::CreateTranscriptionRequest = typed(json!({
            "file": "",
            "model": "whisper-1",
            "language": "en",
            "prompt": "A test.",
            "response_format": "verbose_json",
            "temperature": 0,
            "timestamp_granularities": ["word", "segment"]
        }));
        body.file = FileUpload::new("speech.mp3", AUDIO);
        Ok(format!("{:?}", c.audio().transcriptions().create(&body).await?).chars().take(60).collect())
    })
    .await;
    run("audio.speech.create", |c| async move {
        let body = typed(json!({
            "model": "gpt-4o-mini-tts",
            "input": "Hello",
            "voice": "alloy",
            "response_format": "mp3",
            "speed": 1.25
        }));
        Ok(format!("{} bytes", c.audio().speech().create(&body).await?.len()))
    })
    .await;
    run("images.edit", |c| async move {
        let mut body: models::CreateImageEditRequest = typed(json!({
            "image": "",
            "prompt": "Add a hat",
            "model": "gpt-image-1",
            "n": 1,
            "size": "1024x1024",
            "quality": "low"
        }));
        body.image = models::CreateImageEditRequestImage::Binary(FileUpload::new("image.png", PNG));
        let r = c.images().edits().create_multipart(&body).await?;
        Ok(format!("{} images", r.data.map_or(0, |d| d.len())))
    })
    .await;
    run("images.generate", |c| async move {
        let body = typed(json!({
            "model": "gpt-image-1",
            "prompt": "A red circle",
            "n": 1,
            "size": "1024x1024",
            "output_format": "png"
        }));
        let r = c.images().generations().create(&body).await?;
        Ok(format!("{} images", r.data.map_or(0, |d| d.len())))
    })
    .await;
    run("batches.create", |c| async move {
        let body = typed(json!({
            "input_file_id": "file-abc123",
            "endpoint": "/v1/chat/completions",
            "completion_window": "24h",
            "metadata": {"suite": "parity"}
        }));
        Ok(format!("{:?}", c.batches().create(&body).await?.status))
    })
    .await;
    run("batches.retrieve", |c| async move { Ok(format!("{:?}", c.batches().retrieve("batch_abc123").await?.status)) })
        .await;
    run("batches.cancel", |c| async move { Ok(format!("{:?}", c.batches().cancel("batch_abc123").await?.status)) })
        .await;
    run("batches.list", |c| async move {
        let query = models::ListBatchesQuery { after: Some("batch_abc000".into()), limit: Some(2) };
        Ok(format!("{} batches", c.batches().list(&query).await?.data.len()))
    })
    .await;
    run("vector_stores.create", |c| async move {
        let body = typed(json!({
            "name": "parity",
            "file_ids": ["file-abc123"],
            "metadata": {"suite": "parity"},
            "expires_after": {"anchor": "last_active_at", "days": 7}
        }));
        Ok(c.vector_stores().create(&body).await?.id)
    })
    .await;
    run("vector_stores.file_batches.create", |c| async move {
        let body = typed(json!({"file_ids": ["file-abc123", "file-def456"], "attributes": {"lang": "en"}}));
        Ok(format!("{:?}", c.vector_stores().file_batches().create("vs_abc123", &body).await?.status))
    })
    .await;
    run("vector_stores.file_batches.cancel", |c| async move {
        Ok(format!("{:?}", c.vector_stores().file_batches().cancel("vs_abc123", "vsfb_abc123").await?.status))
    })
    .await;
    run("vector_stores.files.list", |c| async move {
        let query = typed(json!({"filter": "completed", "limit": 3, "order": "asc"}));
        Ok(format!("{} files", c.vector_stores().files().list("vs_abc123", &query).await?.data.len()))
    })
    .await;
    run("models.list", |c| async move { Ok(format!("{} models", c.models().list().await?.data.len())) }).await;
    run("models.retrieve", |c| async move { Ok(c.models().retrieve("gpt-4o").await?.id) }).await;
    run("models.delete", |c| async move {
        Ok(c.models().delete("ft:gpt-4o-mini:acme:parity:abc123").await?.deleted.to_string())
    })
    .await;
    run("moderations.create", |c| async move {
        let body = typed(json!({"model": "omni-moderation-latest", "input": ["hello", "world"]}));
        Ok(c.moderations().create(&body).await?.results[0].flagged.to_string())
    })
    .await;
    run("completions.create", |c| async move {
        let body = typed(json!({
            "model": "gpt-3.5-turbo-instruct",
            "prompt": "Say hi",
            "max_tokens": 5,
            "temperature": 0,
            "stop": ["\n"]
        }));
        Ok(c.completions().create(&body).await?.choices[0].text.clone())
    })
    .await;
    run("containers.files.create", |c| async move {
        let mut body: models::CreateContainerFileBody = typed(json!({}));
        body.file = Some(FileUpload::new("notes.txt", &b"parity notes"[..]));
        Ok(c.containers().files().create_multipart("cntr_abc123", &body).await?.id)
    })
    .await;
    run("beta.assistants.list", |c| async move {
        let query = typed(json!({"limit": 2, "order": "desc"}));
        #[allow(deprecated)]
        let page = c.assistants().list(&query).await?;
        Ok(format!("{} assistants", page.data.len()))
    })
    .await;
}
