//! Which types the client decodes from what servers send: the fact behind
//! tolerant decoding and the `meta` field (`TypeDef::decoded`).

use std::collections::{BTreeMap, HashSet};

use super::model::{Operation, Type, TypeDef, TypeKind};

/// Marks every type reachable from a response body (any status, any media
/// type) or a stream event as `decoded`, and every other type as not.
pub fn mark(types: &mut BTreeMap<String, TypeDef>, operations: &[Operation]) {
    let roots = operations
        .iter()
        .flat_map(|op| op.responses.iter().flat_map(|r| r.contents.iter().map(|(_, ty)| ty)).chain(&op.stream));
    let decoded = reachable(types, roots);
    for (name, def) in types.iter_mut() {
        def.decoded = decoded.contains(name);
    }
}

/// Every type name reachable from `roots` through struct fields (flattened
/// ones too), additional properties, array items, map values, union variants
/// and aliases.
pub(crate) fn reachable<'t>(
    types: &'t BTreeMap<String, TypeDef>,
    roots: impl IntoIterator<Item = &'t Type>,
) -> HashSet<String> {
    let mut seen = HashSet::new();
    let mut stack: Vec<&Type> = roots.into_iter().collect();
    while let Some(ty) = stack.pop() {
        match ty {
            Type::Named(name) => {
                if !seen.insert(name.clone()) {
                    continue;
                }
                match types.get(name).map(|def| &def.kind) {
                    Some(TypeKind::Struct(s)) => {
                        stack.extend(s.fields.iter().map(|f| &f.ty));
                        stack.extend(s.additional.iter());
                    }
                    Some(TypeKind::Union(u)) => stack.extend(u.variants.iter().map(|v| &v.ty)),
                    Some(TypeKind::Alias(target)) => stack.push(target),
                    Some(TypeKind::Enum(_)) | None => {}
                }
            }
            Type::Array(item) | Type::Map(item) | Type::Nullable(item) => stack.push(item),
            _ => {}
        }
    }
    seen
}
