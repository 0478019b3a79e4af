//! The types of one spec in an arena: a `TypeDef` per `TypeId`, and
//! references between types (`Type::Named`) are ids. Names are looked up only
//! where a spec's name must be resolved (the lowerer, `diff` matching two specs
//! by name) and where code is printed.
//!
//! Ids are given in the order names are first met while lowering, which is
//! deterministic (components in spec order, then operations in spec order);
//! iteration is by name, so the emitted order is the name order.
//!
//! Serialized, the arena is a map from name to type and a `Type` its display
//! form with names (`[Thing]`), so IR snapshots and saved IRs read as before:
//! `Api`'s serde impls put the arena's names in scope for its `Type`s
//! ([`Types::naming`], [`interning`]).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::model::{Type, TypeDef};

/// A type's place in its spec's arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(u32);

impl TypeId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Every type of one spec; see the module docs.
#[derive(Debug, Clone, Default)]
pub struct Types {
    /// Per id: the name it was made for.
    names: Vec<String>,
    /// Per id: the definition, once there is one (a name can be referred to
    /// before its type is lowered; a name never defined stays empty).
    defs: Vec<Option<TypeDef>>,
    ids: HashMap<String, TypeId>,
    /// The defined types by name: the order of iteration and of emission.
    by_name: BTreeMap<String, TypeId>,
}

impl Types {
    /// The id of `name`, made when the name is new.
    pub fn id(&mut self, name: &str) -> TypeId {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = TypeId(self.names.len() as u32);
        self.names.push(name.to_string());
        self.defs.push(None);
        self.ids.insert(name.to_string(), id);
        id
    }

    /// A new id with no name yet: the lowerer's, named by `ir/naming.rs`.
    pub fn reserve(&mut self) -> TypeId {
        let id = TypeId(self.names.len() as u32);
        self.names.push(String::new());
        self.defs.push(None);
        id
    }

    /// Defines the type of a reserved id; it is found by name once named.
    pub fn define(&mut self, id: TypeId, def: TypeDef) {
        self.defs[id.index()] = Some(def);
    }

    /// Gives every id its name (one per id, in id order): the naming pass's
    /// result. Each definition's `name` follows.
    pub fn set_names(&mut self, names: Vec<String>) {
        debug_assert_eq!(names.len(), self.names.len());
        self.names = names;
        self.ids = self.names.iter().enumerate().map(|(i, n)| (n.clone(), TypeId(i as u32))).collect();
        self.by_name.clear();
        for (i, def) in self.defs.iter_mut().enumerate() {
            if let Some(def) = def {
                def.name = self.names[i].clone();
                self.by_name.insert(def.name.clone(), TypeId(i as u32));
            }
        }
    }

    /// Every id, defined or not, in id order.
    pub fn all_ids(&self) -> impl Iterator<Item = TypeId> {
        (0..self.names.len() as u32).map(TypeId)
    }

    /// A reference to the type named `name`.
    pub fn named(&mut self, name: &str) -> Type {
        Type::Named(self.id(name))
    }

    /// Defines (or redefines) the type named `def.name`.
    pub fn insert(&mut self, def: TypeDef) -> TypeId {
        let id = self.id(&def.name);
        self.by_name.insert(def.name.clone(), id);
        self.defs[id.index()] = Some(def);
        id
    }

    /// The id of an existing name, without making one.
    pub fn id_of(&self, name: &str) -> Option<TypeId> {
        self.ids.get(name).copied()
    }

    /// The name `id` was made for.
    pub fn name(&self, id: TypeId) -> &str {
        &self.names[id.index()]
    }

    pub fn get(&self, id: TypeId) -> Option<&TypeDef> {
        self.defs.get(id.index())?.as_ref()
    }

    pub fn get_mut(&mut self, id: TypeId) -> Option<&mut TypeDef> {
        self.defs.get_mut(id.index())?.as_mut()
    }

    /// The type defined under `name`.
    pub fn by_name(&self, name: &str) -> Option<&TypeDef> {
        self.get(*self.by_name.get(name)?)
    }

    pub fn by_name_mut(&mut self, name: &str) -> Option<&mut TypeDef> {
        let id = *self.by_name.get(name)?;
        self.get_mut(id)
    }

    /// Names of the defined types, in order.
    pub fn names(&self) -> impl Iterator<Item = &String> + '_ {
        self.by_name.keys()
    }

    pub fn contains_name(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    /// The defined types, by name.
    pub fn iter(&self) -> impl Iterator<Item = (TypeId, &TypeDef)> + '_ {
        self.by_name.values().filter_map(|&id| Some((id, self.get(id)?)))
    }

    /// The defined types, by name.
    pub fn values(&self) -> impl Iterator<Item = &TypeDef> + '_ {
        self.iter().map(|(_, def)| def)
    }

    /// Ids of the defined types, by name.
    pub fn ids(&self) -> Vec<TypeId> {
        self.by_name.values().copied().collect()
    }

    /// The defined types in id order (for changes that do not depend on order).
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut TypeDef> + '_ {
        self.defs.iter_mut().flatten()
    }

    /// The defined types with their ids, in id order (for changes that do not depend on order).
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (TypeId, &mut TypeDef)> + '_ {
        self.defs.iter_mut().enumerate().filter_map(|(i, d)| Some((TypeId(i as u32), d.as_mut()?)))
    }

    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// `ty` written with names: `[Thing]`, `{string: integer}`.
    pub fn show(&self, ty: &Type) -> String {
        ty.display_with(&|id| self.name(id).to_string())
    }
}

impl std::ops::Index<TypeId> for Types {
    type Output = TypeDef;

    fn index(&self, id: TypeId) -> &TypeDef {
        self.get(id).unwrap_or_else(|| panic!("type `{}` is referred to but not defined", self.name(id)))
    }
}

impl std::ops::Index<&str> for Types {
    type Output = TypeDef;

    /// The type defined under a name (a spec's name being resolved, or a test).
    fn index(&self, name: &str) -> &TypeDef {
        self.by_name(name).unwrap_or_else(|| panic!("no type `{name}`"))
    }
}

thread_local! {
    /// Names of the arenas being serialized on this thread, innermost last.
    static NAMES: RefCell<Vec<Vec<String>>> = const { RefCell::new(Vec::new()) };
    /// Arenas being deserialized on this thread, innermost last.
    static INTERNERS: RefCell<Vec<Types>> = const { RefCell::new(Vec::new()) };
}

impl Types {
    /// While the guard lives, `Type`s serialize with the names of this arena
    /// (an `Api` does this itself; needed to serialize a part of one alone).
    pub fn naming(&self) -> NamingGuard {
        NAMES.with(|n| n.borrow_mut().push(self.names.clone()));
        NamingGuard
    }
}

/// Ends what [`Types::naming`] started.
pub struct NamingGuard;

impl Drop for NamingGuard {
    fn drop(&mut self) {
        NAMES.with(|n| n.borrow_mut().pop());
    }
}

/// The name of `id` in the arena being serialized.
pub(crate) fn name_in_scope(id: TypeId) -> Option<String> {
    NAMES.with(|n| n.borrow().last().and_then(|names| names.get(id.index()).cloned()))
}

/// While deserializing an `Api`: names read are given ids in a fresh arena,
/// which [`take_interned`] hands over at the end.
pub(crate) fn interning() {
    INTERNERS.with(|i| i.borrow_mut().push(Types::default()));
}

/// The id of `name` in the arena being deserialized.
pub(crate) fn intern(name: &str) -> Option<TypeId> {
    INTERNERS.with(|i| i.borrow_mut().last_mut().map(|t| t.id(name)))
}

/// The arena [`interning`] started, with every name read since.
pub(crate) fn take_interned() -> Types {
    INTERNERS.with(|i| i.borrow_mut().pop()).unwrap_or_default()
}

impl Serialize for TypeId {
    /// As the name it stands for in the `Api` being serialized.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match name_in_scope(*self) {
            Some(name) => s.serialize_str(&name),
            None => Err(serde::ser::Error::custom(format!("type id {self:?} serialized outside its `Api`"))),
        }
    }
}

impl<'de> Deserialize<'de> for TypeId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        intern(&name).ok_or_else(|| serde::de::Error::custom(format!("type `{name}` read outside an `Api`")))
    }
}

impl Serialize for Types {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter().map(|(id, def)| (self.name(id), def)))
    }
}

impl<'de> Deserialize<'de> for Types {
    /// The definitions only; `Api`'s deserializer joins them to the names read
    /// everywhere in the IR ([`Types::adopt`]).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let defs: BTreeMap<String, TypeDef> = BTreeMap::deserialize(d)?;
        let mut types = Types::default();
        for (name, mut def) in defs {
            def.name = name;
            types.insert(def);
        }
        Ok(types)
    }
}

impl Types {
    /// Puts these definitions into `arena` (the names read while
    /// deserializing, with their ids) and returns it.
    pub(crate) fn adopt(self, mut arena: Types) -> Types {
        for def in self.defs.into_iter().flatten() {
            arena.insert(def);
        }
        arena
    }
}

/// Serde of a map keyed by type id as a map keyed by type name, in name
/// order (the order the arena iterates in), for IR snapshots that read alike.
pub(crate) mod by_name {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{name_in_scope, TypeId};

    pub fn serialize<V: Serialize, S: Serializer>(map: &BTreeMap<TypeId, V>, s: S) -> Result<S::Ok, S::Error> {
        let mut named = Vec::with_capacity(map.len());
        for (&id, value) in map {
            let name = name_in_scope(id)
                .ok_or_else(|| serde::ser::Error::custom(format!("type id {id:?} serialized outside its `Api`")))?;
            named.push((name, value));
        }
        named.sort_by(|a, b| a.0.cmp(&b.0));
        s.collect_map(named)
    }

    pub fn deserialize<'de, V: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<TypeId, V>, D::Error> {
        BTreeMap::<TypeId, V>::deserialize(d)
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, Type, TypeKind};

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}
components:
  schemas:
    Pet:
      type: object
      properties:
        owner: {$ref: '#/components/schemas/Owner'}
        friends: {type: array, items: {$ref: '#/components/schemas/Pet'}}
    Owner:
      type: object
      properties:
        name: {type: string}
"#;

    fn lower() -> Api {
        let source = crate::SpecSource { file: "t.yaml".into(), module: "t".into(), text: SPEC.into(), config: None };
        crate::lower(&source).unwrap()
    }

    #[test]
    fn references_are_ids_of_the_arena_and_iteration_is_by_name() {
        let api = lower();
        let TypeKind::Struct(pet) = &api.types["Pet"].kind else { panic!("Pet is a struct") };
        let Type::Named(owner) = pet.fields[0].ty else { panic!("owner is named") };
        assert_eq!(api.types[owner].name, "Owner");
        assert_eq!(api.types.id_of("Owner"), Some(owner));
        // Components are given ids first, in spec order; iteration is by name.
        assert!(api.types.id_of("Pet").unwrap() < owner);
        let names: Vec<&str> = api.types.values().map(|d| d.name.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
    }

    #[test]
    fn an_api_serializes_with_names_and_reads_back_to_the_same_graph() {
        let api = lower();
        let json = serde_json::to_string(&api).unwrap();
        assert!(json.contains(r#""ty":"[Pet]""#), "{json}");
        assert!(!json.contains("TypeId"), "{json}");
        let back: Api = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
        let TypeKind::Struct(pet) = &back.types["Pet"].kind else { panic!("Pet is a struct") };
        let Type::Named(owner) = pet.fields[0].ty else { panic!("owner is named") };
        assert_eq!(back.types[owner].name, "Owner");
        // A part of the IR alone has no names to write.
        assert!(serde_json::to_string(&pet.fields[0].ty).is_err());
        let _names = back.types.naming();
        assert_eq!(serde_json::to_string(&pet.fields[0].ty).unwrap(), r#""Owner""#);
    }
}
