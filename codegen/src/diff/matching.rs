//! Which old type is which new type. Names may shift between spec versions
//! (hoisted names carry numeric suffixes), so types are matched by origin
//! (the schema's JSON pointer) first, then where they are used (the same
//! field of matched structs, the same variant of matched unions, the same
//! operation's body or answer), and only then by name.

use std::collections::HashMap;

use crate::ir::{Api, Operation, Type, TypeDef, TypeId, TypeKind, Types};

/// Old type name ↔ new type name.
#[derive(Debug, Default)]
pub struct TypeMap {
    /// Old name → its new name.
    pub old_to_new: HashMap<String, String>,
    /// New name → its old name.
    pub new_to_old: HashMap<String, String>,
    /// Old type id → the new one: the same links, in each side's arena.
    ids: HashMap<TypeId, TypeId>,
}

impl TypeMap {
    /// Matches the types of `old` and `new`; `ops` are the matched operations.
    pub fn build(old: &Api, new: &Api, ops: &[(usize, usize)]) -> Self {
        let mut map = TypeMap::default();
        let by_origin: HashMap<&str, &str> = new.types.values().map(|t| (t.origin.as_str(), t.name.as_str())).collect();
        for t in old.types.values() {
            if let Some(n) = by_origin.get(t.origin.as_str()) {
                map.link(&t.name, n);
            }
        }
        // Use sites: repeated, as each new pair can match the types it uses.
        loop {
            let before = map.old_to_new.len();
            // Sorted: which link wins a conflict must not depend on hash order.
            let mut pairs: Vec<(String, String)> = map.old_to_new.iter().map(|(a, b)| (a.clone(), b.clone())).collect();
            pairs.sort();
            for (o, n) in pairs {
                if let (Some(o), Some(n)) = (old.types.by_name(&o), new.types.by_name(&n)) {
                    for (a, b) in used_pairs(o, n) {
                        map.link_types(old, new, a, b);
                    }
                }
            }
            for &(i, j) in ops {
                for (a, b) in operation_pairs(&old.operations[i], &new.operations[j]) {
                    map.link_types(old, new, a, b);
                }
            }
            if map.old_to_new.len() == before {
                break;
            }
        }
        for name in old.types.names() {
            if new.types.contains_name(name) {
                map.link(name, name);
            }
        }
        let id = |types: &Types, name: &str| types.id_of(name);
        map.ids = map.old_to_new.iter().filter_map(|(a, b)| Some((id(&old.types, a)?, id(&new.types, b)?))).collect();
        map
    }

    /// Links two names when neither is linked yet.
    fn link(&mut self, old: &str, new: &str) {
        if self.old_to_new.contains_key(old) || self.new_to_old.contains_key(new) {
            return;
        }
        self.old_to_new.insert(old.to_string(), new.to_string());
        self.new_to_old.insert(new.to_string(), old.to_string());
    }

    /// Links the names two type references use in the same place.
    fn link_types(&mut self, old_api: &Api, new_api: &Api, old: &Type, new: &Type) {
        match (old, new) {
            (Type::Named(a), Type::Named(b)) => self.link(old_api.types.name(*a), new_api.types.name(*b)),
            (Type::Array(a), Type::Array(b))
            | (Type::Map(a), Type::Map(b))
            | (Type::Nullable(a), Type::Nullable(b)) => self.link_types(old_api, new_api, a, b),
            _ => {}
        }
    }

    /// Whether two references denote the same Rust type.
    pub fn same(&self, old: &Type, new: &Type) -> bool {
        match (old, new) {
            (Type::Named(a), Type::Named(b)) => self.ids.get(a) == Some(b),
            (Type::Array(a), Type::Array(b))
            | (Type::Map(a), Type::Map(b))
            | (Type::Nullable(a), Type::Nullable(b)) => self.same(a, b),
            _ => old == new,
        }
    }
}

/// Type references in the same place of a matched pair of definitions.
fn used_pairs<'t>(old: &'t TypeDef, new: &'t TypeDef) -> Vec<(&'t Type, &'t Type)> {
    match (&old.kind, &new.kind) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => {
            let mut pairs: Vec<_> = a
                .fields
                .iter()
                .filter_map(|f| {
                    let g = b.fields.iter().find(|g| g.json_name == f.json_name && g.flatten == f.flatten)?;
                    Some((&f.ty, &g.ty))
                })
                .collect();
            if let (Some(x), Some(y)) = (&a.additional, &b.additional) {
                pairs.push((x, y));
            }
            pairs
        }
        (TypeKind::Union(a), TypeKind::Union(b)) => {
            let by_tag = a.variants.iter().filter_map(|v| {
                let tag = v.tag_value.as_ref()?;
                let w = b.variants.iter().find(|w| w.tag_value.as_ref() == Some(tag))?;
                Some((&v.ty, &w.ty))
            });
            let mut pairs: Vec<_> = by_tag.collect();
            if a.variants.len() == b.variants.len() {
                pairs.extend(a.variants.iter().zip(&b.variants).map(|(v, w)| (&v.ty, &w.ty)));
            }
            pairs
        }
        (TypeKind::Alias(a), TypeKind::Alias(b)) => vec![(a, b)],
        _ => vec![],
    }
}

/// Type references in the same place of a matched pair of operations.
fn operation_pairs<'t>(old: &'t Operation, new: &'t Operation) -> Vec<(&'t Type, &'t Type)> {
    let mut pairs = Vec::new();
    if let (Some(a), Some(b)) = (&old.body, &new.body) {
        for (ct, _, ty) in &a.contents {
            if let Some((_, _, u)) = b.contents.iter().find(|(c, _, _)| c == ct) {
                pairs.push((ty, u));
            }
        }
    }
    for r in &old.responses {
        if let Some(s) = new.responses.iter().find(|s| s.status == r.status) {
            for (ct, ty) in &r.contents {
                if let Some((_, u)) = s.contents.iter().find(|(c, _)| c == ct) {
                    pairs.push((ty, u));
                }
            }
        }
    }
    let params = |o: &'t [crate::ir::Param], n: &'t [crate::ir::Param]| {
        o.iter().filter_map(move |p| Some((&p.ty, &n.iter().find(|q| q.name == p.name)?.ty)))
    };
    pairs.extend(params(&old.path_params, &new.path_params));
    pairs.extend(params(&old.query_params, &new.query_params));
    pairs.extend(params(&old.header_params, &new.header_params));
    if let (Some(a), Some(b)) = (&old.stream, &new.stream) {
        pairs.push((a, b));
    }
    pairs
}

/// `Vec<Option<Model>>`: a type reference as the generated crate spells it.
pub fn rust(types: &Types, ty: &Type) -> String {
    rust_with(ty, &|id| types.name(id).to_string())
}

/// [`rust`], with `name` writing a named type.
pub fn rust_with(ty: &Type, name: &dyn Fn(TypeId) -> String) -> String {
    let rust = |ty: &Type| rust_with(ty, name);
    match ty {
        Type::Named(n) => name(*n),
        Type::String => "String".into(),
        Type::Integer(format) => format.rust_name().into(),
        Type::Number => "f64".into(),
        Type::Boolean => "bool".into(),
        Type::Array(t) => format!("Vec<{}>", rust(t)),
        Type::Map(t) => format!("BTreeMap<String, {}>", rust(t)),
        Type::Nullable(t) => format!("Option<{}>", rust(t)),
        Type::Binary => "FileUpload".into(),
        Type::Json => "serde_json::Value".into(),
    }
}

/// Operations matched by method and path, then by operationId: (old index, new index).
pub fn match_operations(old: &Api, new: &Api) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut taken = vec![false; new.operations.len()];
    let key = |op: &Operation| format!("{:?} {}", op.http_method, op.path);
    let by_key: HashMap<_, usize> = new.operations.iter().enumerate().map(|(i, op)| (key(op), i)).collect();
    let mut unmatched = Vec::new();
    for (i, op) in old.operations.iter().enumerate() {
        match by_key.get(&key(op)) {
            Some(&j) if !taken[j] => {
                taken[j] = true;
                pairs.push((i, j));
            }
            _ => unmatched.push(i),
        }
    }
    for i in unmatched {
        let found = new.operations.iter().enumerate().find(|(j, op)| !taken[*j] && op.id == old.operations[i].id);
        if let Some((j, _)) = found {
            taken[j] = true;
            pairs.push((i, j));
        }
    }
    pairs
}
