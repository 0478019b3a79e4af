//! Streams a spec documents without declaring them. Portkey's copy of the
//! OpenAI spec gives `createChatCompletion` no `text/event-stream` response,
//! yet its reference groups (`x-code-samples`, OpenAI's `x-oaiMeta`) list the
//! stream's event object beside the endpoint (`type: object, path: streaming`). An operation in such a group
//! whose JSON body has a boolean `stream` field gets that object as its events,
//! and the generator says so among the spec issues.

use std::collections::HashMap;

use super::model::{struct_of, BodyKind, Operation, Type, Types};
use super::schema::SchemaLowerer;

pub(super) fn add(s: &mut SchemaLowerer, operations: &mut [Operation]) {
    let streams = documented(s);
    for op in operations.iter_mut().filter(|op| op.stream.is_none()) {
        let Some(component) = streams.get(op.id.as_str()) else { continue };
        let Some(events) = s.component_type(component) else { continue };
        if !has_stream_flag(op, &s.types) {
            continue;
        }
        s.report.spec_issues.push((
            format!("operationId `{}`", op.id),
            format!("no text/event-stream response; `stream: true` events typed as `{component}`, the object the spec's reference groups list as its streaming section"),
        ));
        op.stream = Some(events);
    }
}

/// operationId → the component its `x-oaiMeta` group documents as streaming.
fn documented<'a>(s: &SchemaLowerer<'a>) -> HashMap<&'a str, &'a str> {
    // OpenAI's spec names the block `x-oaiMeta`; Portkey's copy `x-code-samples`.
    let meta = ["x-oaiMeta", "x-code-samples"].iter().find_map(|key| s.loaded.doc.extensions.get(*key));
    let groups = meta.and_then(|m| m.get("groups")).and_then(|g| g.as_array());
    let mut streams = HashMap::new();
    for sections in groups.into_iter().flatten().filter_map(|g| g.get("sections")?.as_array()) {
        let field = |section: &'a serde_json::Value, name: &str| section.get(name).and_then(|v| v.as_str());
        let streaming = sections
            .iter()
            .find(|sec| field(sec, "type") == Some("object") && field(sec, "path") == Some("streaming"))
            .and_then(|sec| field(sec, "key"));
        let Some(streaming) = streaming else { continue };
        for endpoint in sections.iter().filter(|sec| field(sec, "type") == Some("endpoint")) {
            if let Some(key) = field(endpoint, "key") {
                streams.insert(key, streaming);
            }
        }
    }
    streams
}

/// Whether the operation's JSON body is a struct with a boolean `stream` field.
fn has_stream_flag(op: &Operation, types: &Types) -> bool {
    let Some((_, BodyKind::Json, body)) = op.main_body() else { return false };
    struct_of(types, body).is_some_and(|s| s.fields.iter().any(|f| f.json_name == "stream" && f.ty == Type::Boolean))
}
