//! Which types the client decodes from what servers send: the fact behind
//! tolerant decoding and the `meta` field (`TypeDef::decoded`).

use super::graph::{reachable, Types};
use super::model::Operation;

/// Marks every type reachable from a response body (any status, any media
/// type) or a stream event as `decoded`, and every other type as not.
pub fn mark(types: &mut Types, operations: &[Operation]) {
    let roots = operations
        .iter()
        .flat_map(|op| op.responses.iter().flat_map(|r| r.contents.iter().map(|(_, ty)| ty)).chain(&op.stream));
    let decoded = reachable(types, roots);
    for (id, def) in types.iter_mut() {
        def.decoded = decoded.contains(&id);
    }
}
