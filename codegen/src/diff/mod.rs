//! Stage beside emit: what a spec update changes in the generated Rust API.
//!
//! [`diff`] compares two lowered specs (`ir::Api`) and names each change to
//! the crate's types and methods, judged twice: for code written against
//! the old crate (does it still compile and mean the same?) and on the wire
//! (does a client built from the old spec still work against the new API?).
//! The rules follow how the generated crate works: enums and tagged unions
//! are open (`Unknown`), structs have public fields and are built by literal,
//! answers ignore unknown fields. See ARCHITECTURE.md, "Diff".

mod matching;
mod operations;
mod render;
mod report;
mod types;
mod usage;
mod validation;
mod wire;

pub use render::{json, markdown};
pub use report::{Bump, Change, ChangeKind, DocChange, Group, Report, Verdict};

use std::collections::HashSet;

use crate::ir::Api;
use matching::TypeMap;
use usage::Usage;

/// Compares two versions of one API; `old_label` and `new_label` name them in the report.
pub fn diff(old: &Api, new: &Api, old_label: &str, new_label: &str) -> Report {
    let ops = matching::match_operations(old, new);
    let map = TypeMap::build(old, new, &ops);
    let mut cx = Cx {
        old,
        new,
        old_use: Usage::of(old),
        new_use: Usage::of(new),
        map,
        changes: Vec::new(),
        docs: Vec::new(),
        explained: HashSet::new(),
    };
    operations::compare(&mut cx, &ops);
    types::compare(&mut cx);
    Report::finish(old_label.to_string(), new_label.to_string(), cx.changes, cx.docs)
}

/// What the comparison knows and what it has found so far.
pub(crate) struct Cx<'a> {
    pub old: &'a Api,
    pub new: &'a Api,
    /// Who builds and who decodes each type, on each side.
    pub old_use: Usage,
    pub new_use: Usage,
    pub map: TypeMap,
    pub changes: Vec<Change>,
    pub docs: Vec<DocChange>,
    /// New types a reported change already names as new (`(a new type)`).
    pub explained: HashSet<String>,
}

impl Cx<'_> {
    /// Whether the type named `name` implements `Default` on each side (the IR's fact).
    pub fn has_default(&self, old: &str, new: &str) -> bool {
        let has = |api: &Api, name: &str| api.types.by_name(name).is_some_and(|d| d.derives_default);
        has(self.old, old) && has(self.new, new)
    }

    /// Records a change.
    pub fn push(
        &mut self,
        group: Group,
        subject: String,
        kind: ChangeKind,
        detail: String,
        rust: Verdict,
        wire: Verdict,
    ) {
        self.changes.push(Change { group, subject, kind, detail, rust, wire });
    }

    /// Changed bounds: a change when a request may now be refused, else a docs entry.
    pub fn bounds(
        &mut self,
        group: Group,
        subject: String,
        old: &crate::ir::Constraints,
        new: &crate::ir::Constraints,
        request: bool,
    ) {
        if old == new {
            return;
        }
        let what = validation::describe(old, new);
        if request && validation::tightened(old, new) {
            self.push(
                group,
                subject.clone(),
                ChangeKind::ValidationChanged,
                format!("{subject}: bounds tightened: {what}"),
                Verdict::additive("the Rust type is the same"),
                Verdict::breaking("the API may refuse a value the old client sends"),
            );
        } else {
            self.doc(group, subject, format!("bounds: {what}"));
        }
    }

    /// Records a docs-only change.
    pub fn doc(&mut self, group: Group, subject: String, what: String) {
        self.docs.push(DocChange { group, subject, what });
    }

    /// Whether the old type (or its new match) is in a request.
    pub fn in_request(&self, old: &str, new: &str) -> bool {
        self.old_use.in_request(old) || self.new_use.in_request(new)
    }

    /// Whether the old type (or its new match) is in an answer.
    pub fn in_response(&self, old: &str, new: &str) -> bool {
        self.old_use.in_response(old) || self.new_use.in_response(new)
    }
}
