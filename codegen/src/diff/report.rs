//! What a diff finds: changes to the generated Rust API, each judged for a
//! Rust user and for the wire, and the semver bump they add up to.

use serde::Serialize;

/// The report of one spec update (one `Api` against another).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// How the two sides are named in the report (file names, usually).
    pub old: String,
    /// The new side's name.
    pub new: String,
    /// Changes to the Rust API, grouped (resource or type) in report order.
    pub changes: Vec<Change>,
    /// Changes of docs, deprecation, defaults, validation or spec version only:
    /// code that compiled still compiles and means the same.
    pub docs: Vec<DocChange>,
    /// The bump the generated crate needs.
    pub semver: Bump,
}

/// Where a change is shown: under the resource of an operation or under a type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// Resource path as the client spells it (`chat.completions`, `(root)`).
    Resource(String),
    /// Type name in `models` (the new name when it was renamed).
    Type(String),
}

/// One change to the generated Rust API.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// Resource or type it is listed under.
    pub group: Group,
    /// What changed, e.g. `field shutdown_date`, `method list`, `type Model`.
    pub subject: String,
    /// The class of change (`field_added`, …): what tools filter on.
    pub kind: ChangeKind,
    /// The change in Rust terms (`Option<String>` → `String`).
    pub detail: String,
    /// For code written against the old generated crate.
    pub rust: Verdict,
    /// For a client built from the old spec talking to a server of the new one.
    pub wire: Verdict,
}

/// Breaking or not, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Verdict {
    /// Breaking (`true`) or additive.
    pub breaking: bool,
    /// Why, in the terms of the generated crate.
    pub reason: String,
}

impl Verdict {
    /// A breaking verdict with its reason.
    pub fn breaking(reason: impl Into<String>) -> Self {
        Verdict { breaking: true, reason: reason.into() }
    }

    /// An additive (non-breaking) verdict with its reason.
    pub fn additive(reason: impl Into<String>) -> Self {
        Verdict { breaking: false, reason: reason.into() }
    }
}

/// The classes of change a report names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    OperationAdded,
    OperationRemoved,
    MethodRenamed,
    /// The same operation (by operationId) at another method or path.
    EndpointChanged,
    MethodAdded,
    MethodRemoved,
    ParameterAdded,
    ParameterRemoved,
    ParameterChanged,
    BodyChanged,
    ReturnChanged,
    ErrorResponseAdded,
    ErrorResponseRemoved,
    TypeAdded,
    TypeRemoved,
    TypeRenamed,
    TypeChanged,
    FieldAdded,
    FieldRemoved,
    FieldRenamed,
    FieldChanged,
    EnumValueAdded,
    EnumValueRemoved,
    VariantAdded,
    VariantRemoved,
    VariantRenamed,
    VariantChanged,
    /// A bound on a value a request sends was added or narrowed.
    ValidationChanged,
}

impl ChangeKind {
    /// Whether a non-breaking change of this kind adds to what a Rust user can
    /// name or call (a minor bump); error answers and bounds only change docs.
    pub fn adds_to_rust_api(self) -> bool {
        !matches!(
            self,
            ChangeKind::ErrorResponseAdded | ChangeKind::ErrorResponseRemoved | ChangeKind::ValidationChanged
        )
    }
}

/// A change that leaves code meaning the same: docs, deprecation, defaults, bounds.
#[derive(Debug, Clone, Serialize)]
pub struct DocChange {
    /// Resource or type it is listed under.
    pub group: Group,
    /// What it is about (`field id`, `parameter `limit` of `things.list()``).
    pub subject: String,
    /// What changed (`description changed`, `bounds: maximum 100.0 → 200.0`).
    pub what: String,
}

/// Semver bump of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    /// Nothing a user can see changed.
    None,
    /// Docs, documented error answers or bounds only: the Rust API is the same.
    Patch,
    /// Additions only: code that compiled still compiles.
    Minor,
    /// Something breaking for a Rust user.
    Major,
}

impl Report {
    pub(super) fn finish(old: String, new: String, mut changes: Vec<Change>, mut docs: Vec<DocChange>) -> Self {
        changes.sort_by(|a, b| (&a.group, &a.subject).cmp(&(&b.group, &b.subject)));
        docs.sort_by(|a, b| (&a.group, &a.subject).cmp(&(&b.group, &b.subject)));
        let semver = if changes.iter().any(|c| c.rust.breaking) {
            Bump::Major
        } else if changes.iter().any(|c| c.kind.adds_to_rust_api()) {
            Bump::Minor
        } else if !changes.is_empty() || !docs.is_empty() {
            Bump::Patch
        } else {
            Bump::None
        };
        Report { old, new, changes, docs, semver }
    }

    /// How many changes break code written against the old crate.
    pub fn breaking_for_rust(&self) -> usize {
        self.changes.iter().filter(|c| c.rust.breaking).count()
    }

    /// How many changes break a client of the old spec on the wire.
    pub fn breaking_on_wire(&self) -> usize {
        self.changes.iter().filter(|c| c.wire.breaking).count()
    }

    /// One line: counts and the verdict.
    pub fn summary(&self) -> String {
        let n = self.changes.len();
        format!(
            "{} → {}: {n} change{} ({} breaking for Rust users, {} breaking on the wire), {} docs-only; semver: {}",
            self.old,
            self.new,
            if n == 1 { "" } else { "s" },
            self.breaking_for_rust(),
            self.breaking_on_wire(),
            self.docs.len(),
            self.semver.describe()
        )
    }
}

impl Bump {
    /// `none`, `patch`, `minor` or `major`.
    pub fn describe(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}
