//! The one place that parses YAML (and JSON, which is YAML's flow subset).
//!
//! Events come from `libyaml-safer` (a safe-Rust port of libyaml, see
//! ARCHITECTURE.md, "Loading real specs"); this module composes them into a `serde_json::Value`
//! (key order kept) and records the 1-based line of every node under its JSON
//! pointer. Plain scalars are resolved with the YAML 1.2 core schema: `yes`,
//! `on`, `y` and dates stay strings, integers too big for 64 bits become
//! floats, `.inf`/`.nan` (which JSON cannot hold) stay strings. Anchors,
//! aliases and `<<` merge keys are supported; duplicate keys are errors.

use libyaml_safer::{Event, EventData, Parser, ScalarStyle};
use serde_json::{Map, Number, Value};

use super::{push_token, SourceMap};

/// Deeper nesting than this is refused: later stages recurse over the tree.
pub const MAX_DEPTH: usize = 64;

/// Aliases may add at most this many nodes to the document (or as many as
/// the file has bytes, when that is more): guards against "billion laughs".
pub const MAX_ALIAS_NODES: usize = 1_000_000;

/// Aliases may add at most this many bytes of keys and scalars (or 4 times
/// the file's size, when that is more): one long string aliased many times.
pub const MAX_ALIAS_BYTES: usize = 32 << 20;

#[derive(Debug)]
pub struct YamlError {
    /// Pointer of the node at fault, empty when unknown.
    pub pointer: String,
    pub line: Option<usize>,
    pub message: String,
}

impl YamlError {
    fn new(pointer: &str, line: usize, message: impl Into<String>) -> Self {
        YamlError { pointer: pointer.to_string(), line: Some(line), message: message.into() }
    }
}

/// One open collection while composing.
enum Frame {
    Seq {
        items: Vec<Value>,
        anchor: Option<String>,
        /// Length of `Composer::path` at this collection.
        base: usize,
    },
    Map {
        map: Map<String, Value>,
        anchor: Option<String>,
        base: usize,
        /// The key read, waiting for its value.
        key: Option<Key>,
        /// `<<` merge sources with the line of their `<<` key, applied at the end.
        merges: Vec<(Value, usize)>,
    },
}

enum Key {
    Plain(String),
    Merge(usize),
}

struct Composer {
    stack: Vec<Frame>,
    /// JSON pointer of the node being read.
    path: String,
    source: SourceMap,
    /// Anchor → its value, node count and nesting depth.
    anchors: std::collections::HashMap<String, (Value, Shape)>,
    /// Nodes and bytes materialized by alias expansion so far (guards "billion laughs").
    expanded: Shape,
    expand_limit: Shape,
    root: Option<Value>,
}

/// Parses `text` into a JSON value and the line of every node; a text of
/// 256 KiB or more on two threads, one parsing while the other composes.
pub fn parse(text: &str) -> Result<(Value, SourceMap), YamlError> {
    parse_on(text, text.len() >= PIPELINE_BYTES)
}

/// [`parse`] on the calling thread alone, whatever the size: what any loader
/// must at least do, the floor `cargo xtask bench` compares generation with.
pub fn parse_on_one_thread(text: &str) -> Result<(Value, SourceMap), YamlError> {
    parse_on(text, false)
}

fn parse_on(text: &str, two_threads: bool) -> Result<(Value, SourceMap), YamlError> {
    // libyaml-safer 0.3 panics on a block scalar that ends the input without
    // a line break (valid YAML): the break is added, no line number moves.
    let with_break;
    let text = if text.ends_with(['\n', '\r']) || text.is_empty() {
        text
    } else {
        with_break = format!("{text}\n");
        &with_break
    };
    let escaped;
    let text = match json_escapes(text) {
        Some(copy) => {
            escaped = copy;
            &escaped
        }
        None => text,
    };
    // It also panics on a few malformed inputs (upstream issues #6
    // `a: ''|\n 0` and #7 `[!,`); such a panic becomes an error here.
    let line = std::cell::Cell::new(1usize);
    crate::quiet_panic::catch(|| compose(text, two_threads, &line)).unwrap_or_else(|_| Err(gave_up(line.get())))
}

/// A JSON spec (YAML's flow style, all but a few characters) with the
/// characters JSON allows raw in a string and YAML refuses (DEL, the C1
/// controls, U+FFFE, U+FFFF) written as `\uXXXX` escapes, which mean the same
/// in a double-quoted YAML scalar; `None` when the text needs none. Lines do
/// not move.
fn json_escapes(text: &str) -> Option<String> {
    let json = text.trim_start_matches('\u{feff}').trim_start().starts_with(['{', '[']);
    let json_only = |c: char| matches!(c, '\u{7f}'..='\u{84}' | '\u{86}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}');
    if !json || !text.contains(json_only) {
        return None;
    }
    Some(text.chars().map(|c| if json_only(c) { format!("\\u{:04x}", c as u32) } else { c.to_string() }).collect())
}

/// YAML's printable set (`c-printable`, as libyaml checks it), plus the BOM.
fn allowed_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

fn first_forbidden_char(text: &str) -> Option<(usize, char)> {
    // A spec is nearly all printable ASCII: its bytes are checked as bytes,
    // and only the rest decoded.
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let c = match b {
            b' '..=b'~' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            0..=0x7f => char::from(b),
            _ => text.get(i..).and_then(|rest| rest.chars().next())?,
        };
        if !allowed_char(c) {
            return Some((i, c));
        }
        i += c.len_utf8();
    }
    None
}

/// An error at byte `offset` of the raw text, found before parsing: its line
/// and column, and the pointer of the node there (the node being read where
/// the text up to the fault stops, or the last one begun on its line).
pub(super) fn raw_text_error(text: &str, offset: usize, problem: &str) -> YamlError {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(before.chars().count(), |nl| before[nl + 1..].chars().count()) + 1;
    let pointer = match parse(before) {
        Ok((_, source)) => source.pointer_at_line(line).unwrap_or_default().to_string(),
        Err(e) => e.pointer,
    };
    YamlError { pointer, line: Some(line), message: format!("invalid spec text: {problem} (column {column})") }
}

/// Inputs of at least this many bytes are parsed on a second thread while
/// this one composes: parsing takes a little longer than composing, so a big
/// spec is read in about two thirds of the time. Below it a thread costs more than it saves.
const PIPELINE_BYTES: usize = 256 << 10;

/// Events the parser thread hands over at a time, and batches it may run ahead.
const BATCH_EVENTS: usize = 512;
const BATCHES_AHEAD: usize = 8;

/// Why the event stream stopped early.
enum Fault {
    Syntax(libyaml_safer::Error),
    /// libyaml-safer panicked (see [`parse`]).
    GaveUp,
}

fn gave_up(line: usize) -> YamlError {
    YamlError {
        pointer: String::new(),
        line: Some(line),
        message: "invalid YAML: the parser gave up here (libyaml-safer failure)".into(),
    }
}

/// Checks the characters of `text`, then composes its events.
fn compose(text: &str, two_threads: bool, last_line: &std::cell::Cell<usize>) -> Result<(Value, SourceMap), YamlError> {
    let check_chars = || match first_forbidden_char(text) {
        Some((offset, c)) => {
            Err(raw_text_error(text, offset, &format!("control character {c:?} is not allowed in YAML")))
        }
        None => Ok(()),
    };
    let here = || compose_events(text.len(), parse_events(text), last_line);
    if !two_threads {
        check_chars()?;
        return here();
    }
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Result<Event, Fault>>>(BATCHES_AHEAD);
        let spawned =
            std::thread::Builder::new().name("yaml".into()).spawn_scoped(scope, move || send_events(text, sender));
        // The check runs while the parser thread starts; whatever that thread found is not read then.
        check_chars()?;
        match spawned {
            // The receiver is dropped when composing stops, early or not, which stops the parser thread.
            Ok(_) => compose_events(text.len(), receiver.into_iter().flatten(), last_line),
            Err(_) => here(),
        }
    })
}

/// libyaml-safer's events for `text`.
fn parse_events(text: &str) -> impl Iterator<Item = Result<Event, Fault>> + '_ {
    let mut parser = Parser::new();
    parser.set_input(text.as_bytes());
    parser.map(|event| event.map_err(Fault::Syntax))
}

/// The parser thread: sends the events in batches, up to the stream's end or
/// its first fault, and stops early when the composer has stopped listening.
fn send_events(text: &str, sender: std::sync::mpsc::SyncSender<Vec<Result<Event, Fault>>>) {
    let mut batch = Vec::with_capacity(BATCH_EVENTS);
    let finished = crate::quiet_panic::catch(|| {
        for event in parse_events(text) {
            let last = matches!(&event, Err(_) | Ok(Event { data: EventData::StreamEnd, .. }));
            batch.push(event);
            if last {
                break;
            }
            if batch.len() == BATCH_EVENTS
                && sender.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH_EVENTS))).is_err()
            {
                return;
            }
        }
    });
    if finished.is_err() {
        batch.push(Err(Fault::GaveUp));
    }
    // The composer may have stopped listening already: nothing left to do then.
    let _ = sender.send(batch);
}

/// Composes the events of a text of `len` bytes into its value and source
/// map, keeping in `last_line` the line of the event being composed.
fn compose_events(
    len: usize,
    events: impl Iterator<Item = Result<Event, Fault>>,
    last_line: &std::cell::Cell<usize>,
) -> Result<(Value, SourceMap), YamlError> {
    let mut c = Composer {
        stack: Vec::new(),
        path: String::new(),
        source: SourceMap::with_capacity(len / 24),
        anchors: Default::default(),
        expanded: Shape { nodes: 0, depth: 0, bytes: 0 },
        expand_limit: Shape {
            nodes: MAX_ALIAS_NODES.max(len),
            depth: MAX_DEPTH,
            bytes: MAX_ALIAS_BYTES.max(len.saturating_mul(4)),
        },
        root: None,
    };
    let mut documents = 0usize;
    for event in events {
        let event = event.map_err(|fault| match fault {
            Fault::Syntax(e) => syntax_error(e, &c.path),
            Fault::GaveUp => gave_up(last_line.get()),
        })?;
        let line = usize::try_from(event.start_mark.line).unwrap_or(usize::MAX).saturating_add(1);
        last_line.set(line);
        match event.data {
            EventData::StreamStart { .. } | EventData::DocumentEnd { .. } => {}
            EventData::StreamEnd => break,
            EventData::DocumentStart { .. } => {
                documents += 1;
                if documents > 1 {
                    return Err(YamlError::new("", line, "a spec must be one YAML document, found a second one"));
                }
            }
            EventData::Alias { anchor } => {
                c.begin_node(line, false)?;
                let Some((value, shape)) = c.anchors.get(&anchor) else {
                    return Err(YamlError::new(&c.path, line, format!("unknown anchor `*{anchor}`")));
                };
                c.expanded.nodes = c.expanded.nodes.saturating_add(shape.nodes);
                c.expanded.bytes = c.expanded.bytes.saturating_add(shape.bytes);
                if c.expanded.nodes > c.expand_limit.nodes {
                    return Err(YamlError::new(&c.path, line, "aliases expand to too many nodes"));
                }
                if c.expanded.bytes > c.expand_limit.bytes {
                    return Err(YamlError::new(
                        &c.path,
                        line,
                        format!("aliases expand to too much text (more than {} MiB)", c.expand_limit.bytes >> 20),
                    ));
                }
                if c.stack.len() + shape.depth > MAX_DEPTH {
                    return Err(YamlError::new(
                        &c.path,
                        line,
                        format!("nesting deeper than {MAX_DEPTH} levels (through `*{anchor}`)"),
                    ));
                }
                let value = value.clone();
                c.end_node(value, None, line)?;
            }
            EventData::Scalar { anchor, tag, value, style, .. } => {
                let is_key = c.begin_node(line, true)?;
                if is_key {
                    c.set_key(value, style, line)?;
                } else {
                    let value = resolve_scalar(value, style, tag.as_deref());
                    c.end_node(value, anchor, line)?;
                }
            }
            EventData::SequenceStart { anchor, .. } => {
                c.begin_node(line, false)?;
                c.open(Frame::Seq { items: Vec::new(), anchor, base: c.path.len() }, line)?;
            }
            EventData::MappingStart { anchor, .. } => {
                c.begin_node(line, false)?;
                let frame = Frame::Map { map: Map::new(), anchor, base: c.path.len(), key: None, merges: Vec::new() };
                c.open(frame, line)?;
            }
            EventData::SequenceEnd => {
                if let Some(Frame::Seq { items, anchor, .. }) = c.stack.pop() {
                    c.end_node(Value::Array(items), anchor, line)?;
                }
            }
            EventData::MappingEnd => {
                if let Some(Frame::Map { mut map, anchor, merges, base, .. }) = c.stack.pop() {
                    for (source, merge_line) in merges {
                        let sources = match source {
                            Value::Array(items) => items,
                            other => vec![other],
                        };
                        for source in sources {
                            let Value::Object(entries) = source else {
                                continue;
                            };
                            for (k, v) in entries {
                                if !map.contains_key(&k) {
                                    c.path.truncate(base);
                                    push_token(&mut c.path, &k);
                                    c.source.insert(&c.path, merge_line);
                                    map.insert(k, v);
                                }
                            }
                        }
                    }
                    c.path.truncate(base);
                    c.end_node(Value::Object(map), anchor, line)?;
                }
            }
        }
    }
    match c.root {
        Some(root) => Ok((root, c.source)),
        None => Err(YamlError { pointer: String::new(), line: Some(1), message: "the spec is empty".into() }),
    }
}

/// `pointer`: the node being read when the parser stopped.
fn syntax_error(e: libyaml_safer::Error, pointer: &str) -> YamlError {
    let line = e.problem_mark().map(|m| usize::try_from(m.line).unwrap_or(usize::MAX).saturating_add(1));
    let column = e.problem_mark().map(|m| m.column.saturating_add(1));
    let mut message = format!("invalid YAML: {}", e.problem());
    if let Some(col) = column {
        message.push_str(&format!(" (column {col})"));
    }
    if let (Some(context), Some(mark)) = (e.context(), e.context_mark()) {
        message.push_str(&format!(", {context} at line {}", mark.line.saturating_add(1)));
    }
    YamlError { pointer: pointer.to_string(), line, message }
}

impl Composer {
    /// Positions `path` on the node that starts here and records its line.
    /// Returns true when the node is a mapping key (which must be a scalar).
    fn begin_node(&mut self, line: usize, scalar: bool) -> Result<bool, YamlError> {
        match self.stack.last_mut() {
            None => {
                if self.root.is_some() {
                    return Err(YamlError::new("", line, "a spec must be one YAML document, found a second one"));
                }
                self.source.insert("", line);
                Ok(false)
            }
            Some(Frame::Seq { items, base, .. }) => {
                let index = items.len();
                self.path.truncate(*base);
                self.path.push('/');
                self.path.push_str(&index.to_string());
                self.source.insert(&self.path, line);
                Ok(false)
            }
            Some(Frame::Map { key: None, .. }) => {
                if scalar {
                    Ok(true)
                } else {
                    Err(YamlError::new(
                        &self.path,
                        line,
                        "mapping keys must be plain strings, not collections or aliases",
                    ))
                }
            }
            Some(Frame::Map { key: Some(_), .. }) => Ok(false),
        }
    }

    fn set_key(&mut self, key: String, style: ScalarStyle, line: usize) -> Result<(), YamlError> {
        let Some(Frame::Map { map, base, key: slot, .. }) = self.stack.last_mut() else {
            return Ok(());
        };
        self.path.truncate(*base);
        if key == "<<" && style == ScalarStyle::Plain {
            *slot = Some(Key::Merge(line));
            return Ok(());
        }
        push_token(&mut self.path, &key);
        if map.contains_key(&key) {
            return Err(YamlError::new(&self.path, line, format!("duplicate key `{key}`")));
        }
        self.source.insert(&self.path, line);
        *slot = Some(Key::Plain(key));
        Ok(())
    }

    fn open(&mut self, frame: Frame, line: usize) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(YamlError::new(&self.path, line, format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        self.stack.push(frame);
        Ok(())
    }

    /// Hands a finished node to its parent.
    fn end_node(&mut self, value: Value, anchor: Option<String>, line: usize) -> Result<(), YamlError> {
        if let Some(name) = anchor {
            let shape = shape(&value);
            self.anchors.insert(name, (value.clone(), shape));
        }
        match self.stack.last_mut() {
            None => {
                self.root = Some(value);
            }
            Some(Frame::Seq { items, base, .. }) => {
                items.push(value);
                self.path.truncate(*base);
            }
            Some(Frame::Map { map, base, key, merges, .. }) => {
                match key.take() {
                    Some(Key::Plain(k)) => {
                        map.insert(k, value);
                    }
                    Some(Key::Merge(merge_line)) => {
                        let ok = match &value {
                            Value::Object(_) => true,
                            Value::Array(items) => items.iter().all(Value::is_object),
                            _ => false,
                        };
                        if !ok {
                            return Err(YamlError::new(
                                &self.path,
                                line,
                                "a `<<` merge key needs a mapping or a list of mappings",
                            ));
                        }
                        merges.push((value, merge_line));
                    }
                    None => {}
                }
                self.path.truncate(*base);
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy)]
struct Shape {
    nodes: usize,
    /// Collections nested in the value (0 for a scalar).
    depth: usize,
    /// Bytes of its keys and scalars (a number or literal counts 8).
    bytes: usize,
}

fn shape(value: &Value) -> Shape {
    let (children, keys): (Box<dyn Iterator<Item = &Value>>, usize) = match value {
        Value::Array(items) => (Box::new(items.iter()), 0),
        Value::Object(map) => (Box::new(map.values()), map.keys().map(String::len).sum()),
        Value::String(text) => return Shape { nodes: 1, depth: 0, bytes: text.len() },
        _ => return Shape { nodes: 1, depth: 0, bytes: 8 },
    };
    children.map(shape).fold(Shape { nodes: 1, depth: 1, bytes: keys }, |acc, s| Shape {
        nodes: acc.nodes.saturating_add(s.nodes),
        depth: acc.depth.max(s.depth + 1),
        bytes: acc.bytes.saturating_add(s.bytes),
    })
}

const TAG_PREFIX: &str = "tag:yaml.org,2002:";

/// YAML 1.2 core schema resolution of one scalar.
/// A scalar's value; a string keeps the parser's allocation.
fn resolve_scalar(text: String, style: ScalarStyle, tag: Option<&str>) -> Value {
    if let Some(tag) = tag {
        match tag.strip_prefix(TAG_PREFIX) {
            Some("str") => return Value::String(text),
            Some("null") => return Value::Null,
            Some("bool") => return resolve_bool(&text).map_or(Value::String(text), Value::Bool),
            Some("int") => return resolve_int(&text).unwrap_or_else(|| Value::String(text)),
            Some("float") => {
                return resolve_int(&text)
                    .and_then(|v| v.as_f64())
                    .and_then(Number::from_f64)
                    .map(Value::Number)
                    .or_else(|| resolve_float(&text))
                    .unwrap_or_else(|| Value::String(text))
            }
            // `!` (non-specific) means "string"; other tags are not ours to know.
            _ if tag == "!" => return Value::String(text),
            _ => {}
        }
    }
    if style != ScalarStyle::Plain {
        return Value::String(text);
    }
    resolve_plain(text)
}

fn resolve_plain(text: String) -> Value {
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        _ => {}
    }
    if let Some(b) = resolve_bool(&text) {
        return Value::Bool(b);
    }
    // Cheap filter: every number starts with a digit, sign or dot.
    let first = text.as_bytes().first().copied().unwrap_or(b' ');
    if first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.') {
        if let Some(v) = resolve_int(&text).or_else(|| resolve_float(&text)) {
            return v;
        }
    }
    Value::String(text)
}

fn resolve_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`; beyond 64 bits → float.
fn resolve_int(text: &str) -> Option<Value> {
    if let Some(oct) = text.strip_prefix("0o") {
        return radix(oct, 8);
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return radix(hex, 16);
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let trimmed = text.strip_prefix('+').unwrap_or(text);
    if let Ok(i) = trimmed.parse::<i64>() {
        return Some(Value::Number(i.into()));
    }
    if let Ok(u) = trimmed.parse::<u64>() {
        return Some(Value::Number(u.into()));
    }
    trimmed.parse::<f64>().ok().and_then(Number::from_f64).map(Value::Number)
}

fn radix(digits: &str, radix: u32) -> Option<Value> {
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    match u64::from_str_radix(digits, radix) {
        Ok(u) => Some(Value::Number(u.into())),
        // Too big for 64 bits: approximate as a float.
        Err(_) => {
            let f = digits
                .chars()
                .filter_map(|c| c.to_digit(radix))
                .fold(0f64, |acc, d| acc * f64::from(radix) + f64::from(d));
            Number::from_f64(f).map(Value::Number)
        }
    }
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`; `.inf`/`.nan` have
/// no JSON form and stay strings.
fn resolve_float(text: &str) -> Option<Value> {
    let b = text.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let frac_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        frac_digits = i - frac_start;
    }
    if int_digits == 0 && frac_digits == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        let exp_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    // Rust's parser rejects "1." and "-.5"-style forms less often than YAML's
    // grammar allows; normalize the two it can refuse.
    let mut normalized = text.strip_prefix('+').unwrap_or(text).to_string();
    if normalized.ends_with('.') {
        normalized.push('0');
    }
    let f: f64 = normalized.parse().ok()?;
    // Out of f64 range → infinite → no JSON form: keep the text.
    Number::from_f64(f).map(Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn value(text: &str) -> Value {
        match parse(text) {
            Ok((v, _)) => v,
            Err(e) => panic!("{text:?}: {e:?}"),
        }
    }

    #[test]
    fn core_schema_scalars() {
        let v = value(
            "a: y\nb: yes\nc: on\nd: no\ne: 2024-10-01\nf: 1e3\ng: .inf\nh: -.INF\ni: .nan\nj: true\nk: ~\nl:\nm: 0x1F\nn: 0o17\no: 012\np: '12'\nq: -9223372036854776000\nr: 18446744073709551615\ns: 1.5\nt: .5\nu: 1.\nv: +3\nw: 1_000\nx: !!str 12\ny: !!int 7\nz: !!float 3\n",
        );
        assert_eq!(
            v,
            json!({
                "a": "y", "b": "yes", "c": "on", "d": "no", "e": "2024-10-01",
                "f": 1000.0, "g": ".inf", "h": "-.INF", "i": ".nan", "j": true, "k": null, "l": null,
                "m": 31, "n": 15, "o": 12, "p": "12", "q": -9223372036854776000.0_f64,
                "r": 18446744073709551615u64, "s": 1.5, "t": 0.5, "u": 1.0, "v": 3, "w": "1_000",
                "x": "12", "y": 7, "z": 3.0
            })
        );
    }

    #[test]
    fn big_integers_become_floats() {
        let v = value("a: -9223372036854776000\nb: 99999999999999999999999\nc: 0xFFFFFFFFFFFFFFFFFF\n");
        assert!(v["a"].is_f64());
        assert_eq!(v["a"].as_f64(), Some(-9.223372036854776e18));
        assert!(v["b"].is_f64());
        assert!(v["c"].is_f64());
    }

    #[test]
    fn keys_keep_order_and_text() {
        let v = value("z: 1\n200: ok\na: 2\ntrue: x\n");
        let keys: Vec<&String> = v.as_object().map(|m| m.keys().collect()).unwrap_or_default();
        assert_eq!(keys, ["z", "200", "a", "true"]);
    }

    #[test]
    fn anchors_aliases_and_merge_keys() {
        let v = value(
            "base: &b\n  x: 1\n  y: 2\nlist: &l [1, 2]\nuse: *b\nuse_list: *l\nmerged:\n  <<: *b\n  y: 3\n  z: 4\n",
        );
        assert_eq!(v["use"], json!({"x": 1, "y": 2}));
        assert_eq!(v["use_list"], json!([1, 2]));
        assert_eq!(v["merged"], json!({"y": 3, "z": 4, "x": 1}));
    }

    #[test]
    fn lines_of_every_node() {
        let text = "openapi: 3.0.0\npaths:\n  /a/b:\n    get:\n      tags:\n        - x\n        - y\n";
        let (_, source) = parse(text).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(source.line_of(""), Some(1));
        assert_eq!(source.line_of("/openapi"), Some(1));
        assert_eq!(source.line_of("/paths"), Some(2));
        assert_eq!(source.line_of("/paths/~1a~1b"), Some(3));
        assert_eq!(source.line_of("/paths/~1a~1b/get"), Some(4));
        assert_eq!(source.line_of("/paths/~1a~1b/get/tags/0"), Some(6));
        assert_eq!(source.line_of("/paths/~1a~1b/get/tags/1"), Some(7));
        assert_eq!(source.line_of("/paths/~1a~1b/get/tags/9/deeper"), Some(5));
    }

    #[test]
    fn json_text_parses() {
        let v = value("{\n\t\"a\": [1, 2.5, \"x\", null, true],\n\t\"b\": {\"c\": \"d\"}\n}\n");
        assert_eq!(v, json!({"a": [1, 2.5, "x", null, true], "b": {"c": "d"}}));
    }

    #[test]
    fn errors_have_lines() {
        let cases: &[(&str, usize, &str)] = &[
            ("a: 1\nb: [1, 2\nc: 3\n", 3, "invalid YAML"),
            ("a: 1\nb:\n  c: 1\n  c: 2\n", 4, "duplicate key `c`"),
            ("a: *nope\n", 1, "unknown anchor"),
            ("? [a]\n: 1\n", 1, "mapping keys"),
            ("a: 1\n---\nb: 2\n", 2, "one YAML document"),
            ("", 1, "empty"),
            ("a: 'x\n", 2, "invalid YAML"),
        ];
        for (text, line, needle) in cases {
            match parse(text) {
                Ok(v) => panic!("{text:?} parsed: {:?}", v.0),
                Err(e) => {
                    assert!(e.message.contains(needle), "{text:?}: {e:?}");
                    assert_eq!(e.line, Some(*line), "{text:?}: {e:?}");
                }
            }
        }
        let e = parse("a:\n  b: 1\n  b: 2\n").err().map(|e| e.pointer);
        assert_eq!(e.as_deref(), Some("/a/b"));
    }

    #[test]
    fn billion_laughs_and_deep_nesting_are_refused() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..9u8 {
            let prev = (b'a' + i) as char;
            let next = (b'b' + i) as char;
            text.push_str(&format!("{next}: &{next} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        assert!(parse(&text).is_err());
        // Deep through aliases: each anchor wraps the previous one.
        let mut chain = String::from("a0: &a0 [x]\n");
        for i in 1..40 {
            chain.push_str(&format!("a{i}: &a{i} [[[*a{}]]]\n", i - 1));
        }
        assert!(parse(&chain).err().is_some_and(|e| e.message.contains("nesting")));
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse(&deep).err().is_some_and(|e| e.message.contains("nesting")));
    }

    #[test]
    fn aliases_of_long_strings_are_counted_in_bytes() {
        // 64 KiB aliased 1,000 times, that aliased 1,000 times: few nodes, ~64 GB of text.
        let payload = "x".repeat(64 << 10);
        let mut text = format!("a: &a {payload}\nb: &b [");
        text.push_str(&vec!["*a"; 1000].join(", "));
        text.push_str("]\nc: [");
        text.push_str(&vec!["*b"; 1000].join(", "));
        text.push_str("]\n");
        let e = parse(&text).err().map(|e| (e.message, e.line, e.pointer));
        let (message, line, pointer) = e.unwrap_or_default();
        assert!(message.contains("too much text"), "{message}");
        assert_eq!(line, Some(2));
        assert!(pointer.starts_with("/b/"), "{pointer}");
        // A modest use of aliases of long strings is fine.
        let ok = format!("a: &a {payload}\nb: [{}]\n", vec!["*a"; 100].join(", "));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn block_scalar_at_the_end_without_a_line_break() {
        assert_eq!(value("a: |\n  text"), json!({"a": "text\n"}));
        assert_eq!(value("a: >-\n  folded\n  text"), json!({"a": "folded text"}));
        let (_, source) = parse("x: 1\ny: |\n  a\n  b").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(source.line_of("/y"), Some(2));
    }

    #[test]
    fn control_characters_have_a_line_and_a_node() {
        for (text, line, pointer) in [
            ("a: 1\nb:\n  c: x\u{b}y\n", 3, "/b/c"),
            ("a: 1\nb: \u{1b}[2J\n", 2, "/b"),
            ("\u{0}", 1, ""),
            ("a: [1,\n  2, \u{7f}]\n", 2, "/a"),
        ] {
            let e = parse(text).err().unwrap_or_else(|| panic!("{text:?} parsed"));
            assert_eq!((e.line, e.pointer.as_str()), (Some(line), pointer), "{text:?}: {e:?}");
            assert!(e.message.contains("control character"), "{e:?}");
        }
    }
}
