//! Where each type is used: in what a user sends (request bodies and
//! parameters, which the user builds) or in what the API answers (which the
//! client decodes), or both.

use std::collections::HashSet;

use crate::ir::graph::reachable;
use crate::ir::{Api, Type};

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
        for op in &api.operations {
            for b in op.body.iter().flat_map(|b| &b.contents) {
                request.push(&b.2);
            }
            for p in op.path_params.iter().chain(&op.query_params).chain(&op.header_params) {
                request.push(&p.ty);
            }
        }
        let query_structs: Vec<Type> = api
            .operations
            .iter()
            .flat_map(|op| op.query_type.iter().chain(&op.header_type))
            .map(|&n| Type::Named(n))
            .collect();
        request.extend(query_structs.iter());
        // What the client decodes is the IR's fact (`TypeDef::decoded`), not recomputed here.
        let response = api.types.values().filter(|def| def.decoded).map(|def| def.name.clone()).collect();
        let request = reachable(&api.types, request).into_iter().map(|id| api.types.name(id).to_string()).collect();
        Usage { request, response }
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
