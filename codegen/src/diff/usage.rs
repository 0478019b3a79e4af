//! Where each type is used: in what a user sends (request bodies and
//! parameters, which the user builds) or in what the API answers (which the
//! client decodes), or both.

use std::collections::{HashMap, HashSet};

use crate::ir::{Api, Type, TypeKind};

/// Types a user builds (requests) and types the client decodes (answers).
#[derive(Debug, Default)]
pub struct Usage {
    /// Reachable from a request body or a parameter.
    pub request: HashSet<String>,
    /// Reachable from an answer (success, error or event).
    pub response: HashSet<String>,
}

impl Usage {
    /// Walks every operation of `api`.
    pub fn of(api: &Api) -> Self {
        let mut request = Vec::new();
        let mut response = Vec::new();
        for op in &api.operations {
            for b in op.body.iter().flat_map(|b| &b.contents) {
                request.push(&b.2);
            }
            for p in op.path_params.iter().chain(&op.query_params).chain(&op.header_params) {
                request.push(&p.ty);
            }
            for r in &op.responses {
                response.extend(r.contents.iter().map(|(_, t)| t));
            }
            response.extend(op.stream.iter());
        }
        let mut query_structs: Vec<Type> = Vec::new();
        for op in &api.operations {
            query_structs.extend(op.query_type.iter().chain(&op.header_type).map(|n| Type::Named(n.clone())));
        }
        request.extend(query_structs.iter());
        Usage { request: reach(api, request), response: reach(api, response) }
    }

    /// Whether a user may build a value of the type: used in a request, or
    /// in nothing the operations use (a component a user may take as a building block).
    pub fn built_by_user(&self, name: &str) -> bool {
        self.request.contains(name) || !self.response.contains(name)
    }

    /// Whether the client decodes values of the type.
    pub fn in_response(&self, name: &str) -> bool {
        self.response.contains(name)
    }

    /// Whether requests carry values of the type.
    pub fn in_request(&self, name: &str) -> bool {
        self.request.contains(name)
    }
}

/// Every type name reachable from the roots.
fn reach<'t>(api: &'t Api, roots: Vec<&'t Type>) -> HashSet<String> {
    let mut seen = HashSet::new();
    let mut stack: Vec<&Type> = roots;
    let mut memo: HashMap<&str, ()> = HashMap::new();
    while let Some(ty) = stack.pop() {
        match ty {
            Type::Named(n) => {
                if memo.insert(n, ()).is_some() {
                    continue;
                }
                seen.insert(n.clone());
                match api.types.get(n).map(|d| &d.kind) {
                    Some(TypeKind::Struct(s)) => {
                        stack.extend(s.fields.iter().map(|f| &f.ty));
                        stack.extend(s.additional.iter());
                    }
                    Some(TypeKind::Union(u)) => stack.extend(u.variants.iter().map(|v| &v.ty)),
                    Some(TypeKind::Alias(t)) => stack.push(t),
                    _ => {}
                }
            }
            Type::Array(t) | Type::Map(t) | Type::Nullable(t) => stack.push(t),
            _ => {}
        }
    }
    seen
}
