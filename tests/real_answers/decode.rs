//! The generated OpenAI client's half of `tests/tests/real_answers.rs`.
//!
//! Built as an example of the client generated from the full
//! `../shared/specs/openai.yaml` (`target/full-specs/openai`). Usage:
//! `real_answers DIR tolerant|strict`. DIR holds answers real servers sent and
//! an `INDEX.md` whose table names, per file, the spec schema the body (a
//! `.json`) or each `data:` event (a `.sse`) answers to. Every answer goes
//! through the client's own decode path: `runtime::decode_json` (what a call
//! does with a body) and `EventStream::from_bytes` (what a streaming call does
//! with its bytes). Prints, per file, `OK`/`FAIL`, one `DEVIATION` line per
//! deviation reported through `runtime::collect_deviations`, one `LOSS` line
//! per key of the original that re-encoding does not give back, one
//! `STREAM-ERROR` line per in-band error item, and at the end
//! `real answers: N decoded, M failed, K deviations reported`.

use std::path::Path;

use full_specs_openai::openai::models;
use full_specs_openai::runtime::{self, Deviation, DeviationKind, Error, EventStream};
use futures::StreamExt;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// What one file gave.
#[derive(Default)]
struct Outcome {
    failures: Vec<String>,
    deviations: Vec<Deviation>,
    losses: Vec<String>,
    stream_errors: Vec<String>,
}

/// `file` → schema, from INDEX.md's table.
fn index(dir: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(dir.join("INDEX.md")).expect("INDEX.md");
    text.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let file = cells.get(1)?;
            let schema = cells.get(3)?;
            (file.ends_with(".json") || file.ends_with(".sse")).then(|| (file.to_string(), schema.to_string()))
        })
        .collect()
}

/// The `data` of each event of an SSE body, `[DONE]` left out (the reference
/// for re-encoding; the client's own parser is checked against its count).
fn event_data(text: &str) -> Vec<String> {
    let mut events = Vec::new();
    let mut data: Option<String> = None;
    for line in text.lines().chain(std::iter::once("")) {
        if line.is_empty() {
            if let Some(d) = data.take() {
                if d.trim() != "[DONE]" && !d.trim().is_empty() {
                    events.push(d);
                }
            }
        } else if let Some(rest) = line.strip_prefix("data:") {
            let rest = rest.strip_prefix(' ').unwrap_or(rest);
            match &mut data {
                Some(d) => {
                    d.push('\n');
                    d.push_str(rest);
                }
                None => data = Some(rest.to_owned()),
            }
        }
    }
    events
}

/// Every key of `original` is in `back` with an equal value (numbers compared as numbers).
fn covers(original: &Value, back: &Value, path: &str, losses: &mut Vec<String>) {
    match (original, back) {
        (Value::Object(o), Value::Object(b)) => {
            for (key, value) in o {
                match b.get(key) {
                    Some(other) => covers(value, other, &format!("{path}.{key}"), losses),
                    None => losses.push(format!("{path}.{key}: missing after re-encoding")),
                }
            }
        }
        (Value::Array(o), Value::Array(b)) if o.len() == b.len() => {
            for (i, (value, other)) in o.iter().zip(b).enumerate() {
                covers(value, other, &format!("{path}[{i}]"), losses);
            }
        }
        (Value::Number(o), Value::Number(b)) if o.as_f64() == b.as_f64() => {}
        _ if original == back => {}
        _ => losses.push(format!("{path}: {original} became {back}")),
    }
}

/// Decodes one JSON text as `T` the way a call does; records deviations and losses.
fn decode_one<T: DeserializeOwned + Serialize>(text: &str, what: &str, out: &mut Outcome) {
    let (decoded, deviations) = runtime::collect_deviations(|| runtime::decode_json::<T>(text.as_bytes()));
    out.deviations.extend(deviations);
    match decoded {
        Ok(value) => {
            let original: Value = serde_json::from_str(text).expect("recorded JSON");
            let back = serde_json::to_value(&value).expect("re-encoding");
            covers(&original, &back, what, &mut out.losses);
        }
        Err(e) => out.failures.push(format!("{what}: {e}")),
    }
}

async fn check<T: DeserializeOwned + Serialize + Send + 'static>(path: &Path) -> Outcome {
    let mut out = Outcome::default();
    let text = std::fs::read_to_string(path).expect("answer file");
    if path.extension().is_some_and(|e| e == "json") {
        decode_one::<T>(&text, "$", &mut out);
        return out;
    }
    let events = event_data(&text);
    for (i, data) in events.iter().enumerate() {
        decode_one::<T>(data, &format!("event {i}"), &mut out);
    }
    // The stream as a streaming call yields it: every event an item, in-band errors typed.
    let items: Vec<Result<T, Error>> = EventStream::<T>::from_bytes(text.into_bytes()).collect().await;
    if items.len() != events.len() {
        out.failures.push(format!("stream gave {} items for {} events", items.len(), events.len()));
    }
    for (i, item) in items.into_iter().enumerate() {
        match item {
            Ok(_) => {}
            Err(Error::Api(e)) if e.message().is_some_and(|m| !m.is_empty()) => {
                out.stream_errors.push(format!("event {i}: {}", e.message().unwrap_or_default()));
            }
            Err(e) => out.failures.push(format!("stream item {i}: {e}")),
        }
    }
    out
}

/// The schemas INDEX.md may name, as generated types.
macro_rules! dispatch {
    ($schema:expr, $path:expr, [$($name:ident),* $(,)?]) => {
        match $schema {
            $( stringify!($name) => Some(check::<models::$name>($path).await), )*
            _ => None,
        }
    };
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: real_answers DIR tolerant|strict");
    let strict = args.next().as_deref() == Some("strict");
    runtime::set_strict(strict);
    let dir = Path::new(&dir);
    let (mut decoded, mut failed, mut reported) = (0, 0, 0);
    for (file, schema) in index(dir) {
        let path = dir.join(&file);
        let outcome = dispatch!(schema.as_str(), &path, [
            Batch, ChatCompletionList, CreateChatCompletionResponse, CreateChatCompletionStreamResponse,
            CreateCompletionResponse, CreateEmbeddingResponse, CreateModerationResponse,
            CreateTranscriptionResponseJson, CreateTranscriptionResponseStreamEvent,
            CreateTranscriptionResponseVerboseJson, CreateTranslationResponseJson, DeleteModelResponse,
            Embedding, ErrorResponse, FineTuningJob, ImageEditStreamEvent, ImageGenStreamEvent, ImagesResponse,
            ListBatchesResponse, ListFilesResponse, ListModelsResponse, Model, Response, ResponseItemList,
            ResponseStreamEvent, VectorStoreObject,
        ]);
        let Some(outcome) = outcome else {
            println!("FAIL {file}: schema `{schema}` is not one this program knows");
            failed += 1;
            continue;
        };
        for d in &outcome.deviations {
            let kind = match d.kind {
                DeviationKind::Missing => "missing",
                DeviationKind::Null => "null",
                DeviationKind::Invalid(_) => "invalid",
                DeviationKind::Coerced(_) => "coerced",
            };
            println!("DEVIATION {file} {kind} {d}");
        }
        reported += outcome.deviations.len();
        for loss in &outcome.losses {
            println!("LOSS {file} {loss}");
        }
        for e in &outcome.stream_errors {
            println!("STREAM-ERROR {file} {e}");
        }
        if outcome.failures.is_empty() && (strict || outcome.losses.is_empty()) {
            println!("OK {file} ({schema}, {} deviations)", outcome.deviations.len());
            decoded += 1;
        } else {
            println!("FAIL {file} ({schema}): {}", outcome.failures.first().or(outcome.losses.first()).unwrap());
            failed += 1;
        }
    }
    let mode = if strict { " (strict)" } else { "" };
    println!("real answers{mode}: {decoded} decoded, {failed} failed, {reported} deviations reported");
}
