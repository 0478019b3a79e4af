//! serde → openapiv3: the last step of loading.
//!
//! openapiv3's `OpenAPI`, `Components` and `Paths` each have a
//! `#[serde(flatten)]` field, so serde buffers every entry below them before
//! reading it. The two big maps, `paths` and `components/schemas`, are read
//! directly instead, and the schemas split across two threads; any failure
//! puts the document back together and reads it whole, so an error names the
//! same place either way.

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{push_token, SourceMap, STACK_BYTES};
use crate::Error;

type Schemas = indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::Schema>>;

/// The share of `components/schemas` read on this thread, beside `paths`
/// (which is about as much again as the schemas' other three fifths).
const SCHEMAS_HERE: (usize, usize) = (2, 5);

/// serde → openapiv3, naming the place of a failure.
pub(super) fn to_model(file: &str, mut value: Value, source: &SourceMap) -> Result<openapiv3::OpenAPI, Error> {
    // openapiv3 has an `expect` on a path that should be unreachable; a
    // panic there must still come out as an error, not a crash.
    let result = crate::quiet_panic::catch(move || match read_in_parts(&mut value) {
        Some(doc) => Ok(doc),
        // Tracking the path costs about half the deserialization: only a
        // failure pays for it, to name the place.
        None => openapiv3::OpenAPI::deserialize(&value)
            .or_else(|_| serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(value)),
    });
    match result {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(e)) => {
            let mut pointer = String::new();
            for segment in e.path().iter() {
                match segment {
                    serde_path_to_error::Segment::Seq { index } => {
                        pointer.push('/');
                        pointer.push_str(&index.to_string());
                    }
                    serde_path_to_error::Segment::Map { key } => push_token(&mut pointer, key),
                    serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
                }
            }
            let message = e.into_inner().to_string();
            Err(Error::new(file, pointer.clone(), message).at_line(source.line_of(&pointer)))
        }
        Err(_) => Err(Error::new(file, "", "the OpenAPI model could not be built from this spec")),
    }
}

/// The model read in parts: `paths`, the first schemas and the rest of the
/// document here, the other schemas on a second thread. `None`, with `value`
/// as it was, when a part fails (or no thread can be started).
fn read_in_parts(value: &mut Value) -> Option<openapiv3::OpenAPI> {
    // Each part is swapped for an empty object, which keeps its key's place.
    let paths = take_object(value.get_mut("paths"))?;
    let Some(schemas) = take_object(value.get_mut("components").and_then(|c| c.get_mut("schemas"))) else {
        put_back(value.get_mut("paths"), paths);
        return None;
    };
    let here = schemas.len() * SCHEMAS_HERE.0 / SCHEMAS_HERE.1;
    let (mut first, mut rest) = (Map::new(), Map::new());
    for (i, (key, schema)) in schemas.into_iter().enumerate() {
        if i < here { &mut first } else { &mut rest }.insert(key, schema);
    }
    let doc = std::thread::scope(|scope| {
        let other = std::thread::Builder::new()
            .name("load".into())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, || crate::quiet_panic::catch(|| Schemas::deserialize(&rest).ok()).ok().flatten());
        let doc = other.is_ok().then(|| read_doc(value, &paths, &first)).flatten();
        let rest_read = other.ok().and_then(|handle| handle.join().ok().flatten());
        doc.zip(rest_read)
    });
    match doc {
        Some((mut doc, rest_read)) => {
            doc.components.get_or_insert_with(Default::default).schemas.extend(rest_read);
            Some(doc)
        }
        None => {
            first.extend(rest);
            put_back(value.get_mut("components").and_then(|c| c.get_mut("schemas")), first);
            put_back(value.get_mut("paths"), paths);
            None
        }
    }
}

/// The document without its big maps, then `paths` and the first schemas put in.
fn read_doc(value: &Value, paths: &Map<String, Value>, first: &Map<String, Value>) -> Option<openapiv3::OpenAPI> {
    crate::quiet_panic::catch(|| {
        let mut doc = openapiv3::OpenAPI::deserialize(value).ok()?;
        doc.paths = openapiv3::Paths::deserialize(paths).ok()?;
        doc.components.get_or_insert_with(Default::default).schemas = Schemas::deserialize(first).ok()?;
        Some(doc)
    })
    .ok()
    .flatten()
}

/// The object at `slot`, an empty one left in its place; `None` when it is not an object.
fn take_object(slot: Option<&mut Value>) -> Option<Map<String, Value>> {
    match slot? {
        Value::Object(map) => Some(std::mem::take(map)),
        _ => None,
    }
}

fn put_back(slot: Option<&mut Value>, map: Map<String, Value>) {
    if let Some(slot) = slot {
        *slot = Value::Object(map);
    }
}
