//! What the generated SDK helpers share: adding up a stream's events into the
//! value the same request returns without streaming, and reading structured
//! output (a model's JSON text) into the caller's type. Which types get them
//! is decided by the generator from the spec's shapes.

use std::marker::PhantomData;

use futures::StreamExt;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::runtime::{Error, EventStream};

/// A generated accumulator: takes a stream's events in order and gives the
/// value the operation returns without streaming.
pub trait Accumulate: Default {
    /// The stream's event type.
    type Event;
    /// What the stream adds up to (the non-streaming answer's type).
    type Output;
    /// Takes the next event.
    fn push_event(&mut self, event: &Self::Event) -> Result<(), Error>;
    /// The value the events added up to; `Error::Stream` when they never
    /// carried one.
    fn finish_output(self) -> Result<Self::Output, Error>;
}

/// An event type whose stream a generated accumulator adds up.
pub trait StreamEvent: Sized {
    /// The accumulator of this event type.
    type Accumulator: Accumulate<Event = Self>;
}

impl<E: StreamEvent> EventStream<E> {
    /// Reads the whole stream and returns what it adds up to (the final
    /// chat completion with its tool calls, the completed response); the
    /// first error item ends it.
    pub async fn final_output(
        mut self,
    ) -> Result<<E::Accumulator as Accumulate>::Output, Error> {
        let mut accumulator = E::Accumulator::default();
        while let Some(event) = self.next().await {
            accumulator.push_event(&event?)?;
        }
        accumulator.finish_output()
    }
}

/// Merges streamed chunks into one JSON value, as the official SDKs do:
/// top-level keys take their latest non-null value; the items of the list
/// `list` are matched by their `index`, each item's `delta` object is merged
/// into its `into` object (strings joined, objects merged, lists of objects
/// merged by their `index`, other lists extended, other values replaced; `index`
/// and `type` replaced); the result is decoded as the output type.
#[derive(Debug, Clone)]
pub struct DeltaMerge<T> {
    value: Map<String, Value>,
    list: &'static str,
    delta: &'static str,
    into: &'static str,
    output: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> DeltaMerge<T> {
    /// An empty merge of the `delta`s of `list`'s items into their `into`.
    pub fn new(list: &'static str, delta: &'static str, into: &'static str) -> Self {
        DeltaMerge {
            value: Map::new(),
            list,
            delta,
            into,
            output: PhantomData,
        }
    }

    /// Merges one chunk.
    pub fn push(&mut self, chunk: &impl Serialize) -> Result<(), Error> {
        let Value::Object(chunk) = serde_json::to_value(chunk).map_err(|e| Error::Request(e.to_string()))?
        else {
            return Ok(());
        };
        for (key, value) in chunk {
            if key != self.list {
                if !value.is_null() {
                    self.value.insert(key, value);
                }
                continue;
            }
            let Value::Array(items) = value else { continue };
            let list = self.value.entry(key).or_insert_with(|| Value::Array(Vec::new()));
            let Value::Array(merged) = list else { continue };
            for item in items {
                let Value::Object(item) = item else { continue };
                let index = item.get("index").and_then(Value::as_u64).unwrap_or(0) as usize;
                let at = match merged.iter().position(|m| m.get("index").and_then(Value::as_u64) == Some(index as u64)) {
                    Some(at) => at,
                    None => {
                        merged.push(Value::Object(Map::new()));
                        merged.len() - 1
                    }
                };
                let Value::Object(target) = &mut merged[at] else { continue };
                for (key, value) in item {
                    if key == self.delta {
                        let into = target.entry(self.into).or_insert_with(|| Value::Object(Map::new()));
                        merge_delta(into, value);
                    } else if !value.is_null() || !target.contains_key(&key) {
                        target.insert(key, value);
                    }
                }
            }
        }
        Ok(())
    }

    /// The merged value, decoded as the output (tolerant, as an answer is).
    pub fn finish(&self) -> Result<T, Error> {
        if self.value.is_empty() {
            return Err(Error::Stream("the stream ended before any chunk".into()));
        }
        let body = serde_json::to_vec(&self.value).map_err(|e| Error::Request(e.to_string()))?;
        crate::runtime::decode_json(&body)
    }
}

/// Merges `delta` into `acc` (the rule of [`DeltaMerge`]).
pub fn merge_delta(acc: &mut Value, delta: Value) {
    match (acc, delta) {
        (_, Value::Null) => {}
        (Value::Object(acc), Value::Object(delta)) => {
            for (key, value) in delta {
                match acc.get_mut(&key) {
                    Some(old) if !old.is_null() && key != "index" && key != "type" => merge_delta(old, value),
                    _ => {
                        acc.insert(key, value);
                    }
                }
            }
        }
        (Value::String(acc), Value::String(delta)) => acc.push_str(&delta),
        (Value::Array(acc), Value::Array(delta)) => {
            for entry in delta {
                let index = entry.get("index").and_then(Value::as_u64);
                let existing = index.and_then(|i| acc.iter_mut().find(|a| a.get("index").and_then(Value::as_u64) == Some(i)));
                match existing {
                    Some(existing) => merge_delta(existing, entry),
                    None => acc.push(entry),
                }
            }
        }
        (acc, delta) => *acc = delta,
    }
}

/// Why structured output could not be read into the caller's type.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// The model refused; its explanation.
    #[error("the model refused: {0}")]
    Refusal(String),
    /// The answer holds no text (no content, or no text parts).
    #[error("the answer holds no text to parse")]
    NoContent,
    /// The text is not JSON of the expected shape; the JSON path of the failure.
    #[error("structured output does not match the type at {path}: {source}")]
    Json {
        /// Where in the JSON it failed, like `steps[0].output`.
        path: String,
        /// serde's error.
        #[source]
        source: serde_json::Error,
    },
}

/// Reads `text` (a model's JSON output) into `T`, naming the JSON path of a mismatch.
pub fn parse_json<T: DeserializeOwned>(text: &str) -> Result<T, ParseError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| ParseError::Json {
        path: e.path().to_string(),
        source: e.into_inner(),
    })
}
