//! Per-resource cargo features of the generated crate: which feature
//! compiles which namespace, operation and type.
//!
//! Rules:
//! - One feature per root namespace (`chat`, `vector_stores` → `vector-stores`:
//!   kebab case, clear of the crate's own features `default`, `full`, `strict`,
//!   `gzip`; a clash gets `-2`, `-3`, …). A crate of several specs prefixes
//!   each with the spec's module (`openai-chat`, `portkey-chat`), see [`for_crate`].
//! - A namespace, its children and its operations compile under its feature;
//!   operations at the root of the paths always compile.
//! - A type compiles under the features of every operation that reaches it
//!   (parameters, bodies, answers of any status, events), transitively through
//!   fields, extra properties, items, values, variants and aliases. Reached by
//!   every resource feature, or by an operation that always compiles: no gate.
//! - A type no operation reaches (an unused component) compiles under the
//!   spec's umbrella feature only (`full`, or the module's name in a crate of
//!   several specs): it is part of the complete API a user may build by hand,
//!   but no resource needs it, so a one-resource build skips it.
//!
//! Gates are monotone along references: a type's set contains the sets of the
//! types that refer to it, and the umbrella enables every resource feature, so
//! whenever a type compiles, all it names compiles too.

use std::collections::{BTreeMap, BTreeSet};

use super::graph::reachable;
use super::model::*;

/// The crate's own features, which no resource may take.
pub const RESERVED: &[&str] = &["default", "full", "strict", "gzip"];

/// The umbrella feature of a crate of one spec (and the default one).
pub const FULL: &str = "full";

/// A cargo feature name for an accessor: kebab case, raw-identifier prefix dropped.
fn feature_name(accessor: &str) -> String {
    accessor.trim_start_matches("r#").trim_matches('_').replace('_', "-")
}

/// `name`, else `name-2`, `name-3`, … whichever is not in `taken`; marks it taken.
fn claim(taken: &mut BTreeSet<String>, name: &str) -> String {
    let name = if name.is_empty() { "resource" } else { name };
    if taken.insert(name.to_string()) {
        return name.to_string();
    }
    (2..).map(|n| format!("{name}-{n}")).find(|c| taken.insert(c.clone())).expect("an unbounded range has a free name")
}

/// Decides the features of one spec (as the only spec of its crate) and sets
/// the gates of its namespaces, operations and types.
pub(super) fn assign(resources: &mut Resource, operations: &mut [Operation], types: &mut Types) -> CargoFeatures {
    let mut taken: BTreeSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    let mut features = Vec::new();
    for child in &mut resources.children {
        let name = claim(&mut taken, &feature_name(&child.accessor));
        set_gate(child, operations, &name);
        features.push(CargoFeature { name, accessor: child.accessor.clone() });
    }
    let roots = op_types;
    // Root operations compile always, and so does what they reach.
    let root_types: Vec<Type> = resources.operations.iter().flat_map(|&i| roots(&operations[i])).collect();
    let always = reachable(types, &root_types);
    let mut reached_by: BTreeMap<TypeId, Vec<String>> = BTreeMap::new();
    for feature in &features {
        let child = resources.children.iter().find(|c| c.accessor == feature.accessor).expect("a feature per child");
        let mut indices = Vec::new();
        collect_operations(child, &mut indices);
        let feature_types: Vec<Type> = indices.iter().flat_map(|&i| roots(&operations[i])).collect();
        for id in reachable(types, &feature_types) {
            reached_by.entry(id).or_default().push(feature.name.clone());
        }
    }
    for (id, def) in types.iter_mut() {
        def.features = if always.contains(&id) {
            Vec::new()
        } else {
            match reached_by.remove(&id) {
                None => vec![FULL.to_string()],
                Some(by) if by.len() == features.len() => Vec::new(),
                // In namespace order, as `features` lists them.
                Some(by) => by,
            }
        };
    }
    // The transport is read only by namespaces and root operations.
    resources.features = if resources.operations.is_empty() && !features.is_empty() {
        features.iter().map(|f| f.name.clone()).collect()
    } else {
        Vec::new()
    };
    CargoFeatures { resources: features, all: FULL.to_string() }
}

/// Gates `node`, its children and their operations under `feature`.
fn set_gate(node: &mut Resource, operations: &mut [Operation], feature: &str) {
    node.features = vec![feature.to_string()];
    for &i in &node.operations {
        operations[i].features = vec![feature.to_string()];
    }
    for child in &mut node.children {
        set_gate(child, operations, feature);
    }
}

fn collect_operations(node: &Resource, out: &mut Vec<usize>) {
    out.extend(&node.operations);
    for child in &node.children {
        collect_operations(child, out);
    }
}

/// Every type an operation's method names: parameters, their structs, bodies,
/// answers of every status and media type, events.
fn op_types(op: &Operation) -> Vec<Type> {
    let structs = op.query_type.iter().chain(&op.header_type).map(|&id| Type::Named(id));
    structs.chain(op_field_types(op).into_iter().cloned()).collect()
}

fn op_field_types(op: &Operation) -> Vec<&Type> {
    let params = op.path_params.iter().chain(&op.query_params).chain(&op.header_params).map(|p| &p.ty);
    let bodies = op.body.iter().flat_map(|b| b.contents.iter().map(|(_, _, ty)| ty));
    let answers = op.responses.iter().flat_map(|r| r.contents.iter().map(|(_, ty)| ty));
    let returned = match &op.returns {
        Returns::Json(ty) => vec![ty],
        Returns::ByContentType(media) => media
            .variants
            .iter()
            .filter_map(|v| match &v.shape {
                MediaShape::Json(ty) => Some(ty),
                _ => None,
            })
            .collect(),
        Returns::Bytes | Returns::Text | Returns::Empty => Vec::new(),
    };
    params.chain(bodies).chain(answers).chain(&op.stream).chain(returned).collect()
}

/// Makes the features of several specs one crate's: each resource feature is
/// prefixed with its spec's module (`openai-chat`) and each spec's umbrella is
/// the module's name (`openai`), which then gates that spec's unreached types;
/// `full` enables every umbrella. A crate of one spec keeps the plain names.
pub fn for_crate(apis: &mut [Api]) {
    if apis.len() < 2 {
        return;
    }
    let mut taken: BTreeSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    let umbrellas: Vec<String> =
        apis.iter().map(|api| claim(&mut taken, &feature_name(&api.module.replace('-', "_")))).collect();
    for (api, umbrella) in apis.iter_mut().zip(umbrellas) {
        let mut renamed: BTreeMap<String, String> = BTreeMap::new();
        renamed.insert(api.features.all.clone(), umbrella.clone());
        for feature in &mut api.features.resources {
            let name = claim(&mut taken, &format!("{umbrella}-{}", feature.name));
            renamed.insert(std::mem::replace(&mut feature.name, name.clone()), name);
        }
        api.features.all = umbrella;
        let rename = |names: &mut Vec<String>| {
            for name in names.iter_mut() {
                if let Some(new) = renamed.get(name) {
                    *name = new.clone();
                }
            }
        };
        for def in api.types.values_mut() {
            rename(&mut def.features);
        }
        for op in &mut api.operations {
            rename(&mut op.features);
        }
        rename_resources(&mut api.resources, &rename);
        for gates in api.helpers.gates_mut() {
            gates.iter_mut().for_each(&rename);
        }
    }
}

fn rename_resources(node: &mut Resource, rename: &impl Fn(&mut Vec<String>)) {
    rename(&mut node.features);
    for child in &mut node.children {
        rename_resources(child, rename);
    }
}

#[cfg(test)]
mod tests {
    use crate::{CrateOptions, SpecSource};

    const SPEC: &str = r#"
openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /chat/completions:
    post:
      operationId: chat
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/ChatRequest'}}}}
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Shared'}}}}}
  /files:
    get:
      operationId: listFiles
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Shared'}}}}}
  /full:
    get:
      operationId: getFull
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Leaf'}}}}}
  /fine_tuning/jobs:
    get:
      operationId: listJobs
      responses: {'204': {description: none}}
components:
  schemas:
    ChatRequest:
      type: object
      properties:
        messages: {type: array, items: {$ref: '#/components/schemas/Message'}}
    Message:
      type: object
      properties: {text: {type: string}}
    Shared:
      type: object
      properties: {leaf: {$ref: '#/components/schemas/Leaf'}}
    Leaf:
      type: object
      properties: {x: {type: string}}
    Unused:
      type: object
      properties: {message: {$ref: '#/components/schemas/Message'}}
"#;

    fn source(module: &str, text: &str) -> SpecSource {
        SpecSource { file: format!("{module}.yaml"), module: module.into(), text: text.into(), config: None }
    }

    fn gates(api: &crate::ir::Api) -> Vec<(&str, Vec<&str>)> {
        api.types.values().map(|d| (d.name.as_str(), d.features.iter().map(String::as_str).collect())).collect()
    }

    #[test]
    fn a_type_compiles_under_the_features_that_reach_it() {
        let api = crate::lower(&source("t", SPEC)).unwrap();
        let names: Vec<&str> = api.features.resources.iter().map(|f| f.name.as_str()).collect();
        // `full` is the crate's own: the namespace `/full` gets the next free name.
        assert_eq!(names, ["chat", "files", "full-2", "fine-tuning"]);
        assert_eq!(api.features.all, "full");
        assert_eq!(
            gates(&api),
            [
                ("ChatRequest", vec!["chat"]),
                // Reached through the request's items, and by an unused component.
                ("Leaf", vec!["chat", "files", "full-2"]),
                ("Message", vec!["chat"]),
                ("Shared", vec!["chat", "files"]),
                ("Unused", vec!["full"]),
            ]
        );
        let chat = &api.resources.children[0];
        assert_eq!(
            (chat.features.as_slice(), chat.children[0].features.as_slice()),
            (&["chat".to_string()][..], &["chat".to_string()][..])
        );
        assert_eq!(api.operations[0].features, ["chat"]);
        // Nothing at the root: the transport is read only under some resource feature.
        assert_eq!(api.resources.features, names);
    }

    #[test]
    fn reached_by_every_resource_or_a_root_operation_is_not_gated() {
        let jobs = "  /fine_tuning/jobs:\n    get:\n      operationId: listJobs\n      responses: {'204': {description: none}}\n";
        let root = "  /{id}:\n    get:\n      operationId: getOne\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Message'}}}}}\n";
        assert!(SPEC.contains(jobs));
        let api = crate::lower(&source("t", &SPEC.replace(jobs, root))).unwrap();
        // `/{id}` sits at the root: what it reaches always compiles, and so does the client's transport.
        assert!(gates(&api).contains(&("Message", vec![])), "{:?}", gates(&api));
        assert!(api.resources.features.is_empty());
        let only_two = SPEC.replace("  /full:", "  /files/more:").replace(jobs, "");
        let api = crate::lower(&source("t", &only_two)).unwrap();
        // Reached by both features of the spec: no gate.
        assert!(gates(&api).contains(&("Shared", vec![])), "{:?}", gates(&api));
        assert!(gates(&api).contains(&("Leaf", vec![])), "{:?}", gates(&api));
    }

    #[test]
    fn several_specs_prefix_their_features_with_the_module() {
        let options = CrateOptions { name: "x".into(), ..Default::default() };
        let generated = crate::generate(&[source("openai", SPEC), source("portkey", SPEC)], &options).unwrap();
        let portkey = &generated.apis[1];
        let names: Vec<&str> = portkey.features.resources.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["portkey-chat", "portkey-files", "portkey-full-2", "portkey-fine-tuning"]);
        assert_eq!(portkey.features.all, "portkey");
        assert_eq!(portkey.types["Unused"].features, ["portkey"]);
        assert_eq!(portkey.types["Shared"].features, ["portkey-chat", "portkey-files"]);
        assert_eq!(portkey.operations[0].features, ["portkey-chat"]);
        let toml = &generated.files["Cargo.toml"];
        for line in [
            "portkey-chat = []",
            "portkey = [\"portkey-chat\", \"portkey-files\", \"portkey-full-2\", \"portkey-fine-tuning\"]",
            "full = [\"openai\", \"portkey\"]",
            "default = [\"full\"]",
        ] {
            assert!(toml.lines().any(|l| l == line), "no `{line}` in\n{toml}");
        }
        let models = &generated.files["src/portkey/models.rs"];
        assert!(models.contains("#[cfg(any(feature = \"portkey-chat\", feature = \"portkey-files\"))]\n"), "{models}");
    }
}
