//! `codegen::diff` on the project's own fixture pairs (`tests/diff/<name>/{old,new}.yaml`,
//! Markdown reports snapshotted) and on the real OpenAI history in
//! `../shared/spec-history` (findings asserted, nothing written into the repo).

use std::path::{Path, PathBuf};

use codegen::diff::{Bump, ChangeKind, Group, Report};
use codegen::SpecSource;

fn lower(path: &Path, module: &str) -> codegen::ir::Api {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    codegen::lower(&SpecSource { file: path.display().to_string(), module: module.into(), text, config: None })
        .unwrap_or_else(|e| panic!("{e}"))
}

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("old.yaml").exists())
        .collect();
    dirs.sort();
    dirs
}

fn fixture_report(dir: &Path) -> Report {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let old = lower(&dir.join("old.yaml"), &name);
    let new = lower(&dir.join("new.yaml"), &name);
    codegen::diff::diff(&old, &new, &format!("{name}/old.yaml"), &format!("{name}/new.yaml"))
}

#[test]
fn fixture_reports() {
    for dir in fixtures() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let report = fixture_report(&dir);
        insta::with_settings!({ snapshot_path => "diff/snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(name, codegen::diff::markdown(&report));
        });
    }
}

/// Each class of change appears, with its verdicts, and each fixture gets its bump.
#[test]
fn fixture_classes_and_verdicts() {
    let mut seen = Vec::new();
    for dir in fixtures() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let report = fixture_report(&dir);
        let expected = if name == "docs_only" { Bump::Patch } else { Bump::Major };
        assert_eq!(report.semver, expected, "{name}: {}", report.summary());
        seen.extend(report.changes.iter().map(|c| (c.kind, c.rust.breaking, c.wire.breaking)));
    }
    use ChangeKind as K;
    let wanted = [
        // (class, breaking for Rust, breaking on the wire)
        (K::FieldAdded, false, false),  // to an answer, or to a request struct with Default
        (K::FieldAdded, true, false),   // optional, to a request struct without Default
        (K::FieldAdded, true, true),    // required, to a request struct
        (K::FieldRemoved, true, false), // optional, from an answer
        (K::FieldChanged, true, true),  // retyped; made required in a request; optional in an answer
        (K::FieldChanged, true, false), // a union narrowed to one variant, in an answer
        (K::EnumValueAdded, false, false), // open enums
        (K::EnumValueRemoved, true, true), // from a request enum
        (K::EnumValueRemoved, true, false), // from an answer enum
        (K::TypeChanged, false, true),  // a request constant's value changed (`runtime::Constant`)
        (K::TypeChanged, true, false),  // an answer constant became an enum
        (K::VariantAdded, false, false), // tagged (open) union
        (K::VariantAdded, true, true),  // untagged union in an answer
        (K::TypeAdded, false, false),
        (K::TypeRenamed, true, false), // a hoisted name shifted by a new component
        (K::OperationAdded, false, false),
        (K::OperationRemoved, true, true),
        (K::ParameterAdded, false, false), // optional, query struct with Default
        (K::ParameterAdded, true, false),  // the method gains a `query` argument
        (K::ParameterAdded, true, true),   // required
        (K::ReturnChanged, true, true),
        (K::ErrorResponseAdded, false, false),
        (K::ValidationChanged, false, true), // a request bound tightened
        (K::TypeRemoved, true, false),
        (K::BodyChanged, true, true),
        (K::VariantRemoved, true, false), // from an answer union
        (K::FieldRenamed, true, false),   // a Rust name taken by a new field
        (K::MethodRenamed, true, false),  // the operation moved to another resource
        (K::EndpointChanged, false, true),
    ];
    for w in wanted {
        assert!(seen.contains(&w), "no fixture shows {w:?}");
    }
}

/// The real history: each pair names exactly what its commit message says.
#[test]
fn spec_history_findings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/spec-history");
    if !dir.join("openai-5.yaml").exists() {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    }
    let apis: Vec<_> = (1..=5).map(|i| lower(&dir.join(format!("openai-{i}.yaml")), "openai")).collect();
    let report = |i: usize| codegen::diff::diff(&apis[i - 1], &apis[i], "old", "new");
    let shown = |r: &Report| r.changes.iter().map(|c| format!("{:?} {}", c.kind, c.detail)).collect::<Vec<_>>();

    // 1 → 2: "Add 429 Too Many Requests response to all endpoints".
    let r = report(1);
    assert_eq!(r.changes.len(), 161, "{:#?}", shown(&r));
    assert!(r.changes.iter().all(|c| c.kind == ChangeKind::ErrorResponseAdded
        && c.detail.contains("error `429` (`ErrorResponse`)")
        && !c.rust.breaking
        && !c.wire.breaking));
    let methods: std::collections::HashSet<_> = r.changes.iter().map(|c| &c.detail).collect();
    assert_eq!(methods.len(), 161, "one change per operation");
    assert!(r.docs.is_empty(), "{:?}", r.docs);
    assert_eq!(r.semver, Bump::Patch, "no signature changes");

    // 2 → 3: "Add shutdown_date field to model object".
    let r = report(2);
    assert_eq!(shown(&r), ["FieldAdded `Model.shutdown_date: Option<String>` added"]);
    assert!(!r.changes[0].rust.breaking && !r.changes[0].wire.breaking, "Model is only an answer");
    assert!(r.docs.is_empty(), "{:?}", r.docs);
    assert_eq!(r.semver, Bump::Minor);

    // 3 → 4: "Remove deprecated string error type from tool call responses".
    // (Hoisted names such as `McpToolCallError2` belong to the naming scheme; the
    // components, fields and the lost member are what the commit describes.)
    let r = report(3);
    let found: Vec<_> = r.changes.iter().map(|c| (c.kind, c.group.clone(), c.subject.as_str())).collect();
    assert_eq!(
        found,
        [
            (ChangeKind::FieldChanged, Group::Type("BetaMcpToolCall".into()), "field error"),
            (ChangeKind::FieldChanged, Group::Type("McpToolCall".into()), "field error"),
        ],
        "{:#?}",
        shown(&r)
    );
    for (c, component) in r.changes.iter().zip(["BetaMcpToolCallError", "McpToolCallError"]) {
        assert!(c.detail.contains("lost `String`"), "{}", c.detail);
        assert!(c.detail.contains(&format!("→ `Option<Option<{component}>>`")), "{}", c.detail);
    }
    assert!(r.changes.iter().all(|c| c.rust.breaking));
    assert!(r.changes.iter().all(|c| c.wire.breaking), "both tool calls are also sent back as request input");
    let docs: Vec<_> = r.docs.iter().map(|d| format!("{:?} {}: {}", d.group, d.subject, d.what)).collect();
    assert_eq!(
        docs,
        [
            "Type(\"BetaMcpToolCall\") field error: description changed",
            "Type(\"McpToolCall\") field error: description changed"
        ]
    );
    assert_eq!(r.semver, Bump::Major);

    // 4 → 5: "Add metadata field to chat completion response".
    let r = report(4);
    assert_eq!(shown(&r), ["FieldAdded `CreateChatCompletionResponse.metadata: Option<Metadata>` added"]);
    assert!(!r.changes[0].rust.breaking && !r.changes[0].wire.breaking);
    assert!(r.docs.is_empty(), "{:?}", r.docs);
    assert_eq!(r.semver, Bump::Minor);
}

/// Every report snapshot belongs to a fixture pair that still exists.
#[test]
fn no_orphaned_report_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff");
    let mut wanted: Vec<String> =
        fixtures().iter().map(|d| format!("{}.snap", d.file_name().unwrap().to_string_lossy())).collect();
    wanted.sort();
    let mut present: Vec<String> = std::fs::read_dir(root.join("snapshots"))
        .map(|d| d.filter_map(|e| e.ok()?.file_name().into_string().ok()).collect())
        .unwrap_or_default();
    present.sort();
    assert_eq!(present, wanted, "report snapshots without a fixture pair (or pending .snap.new files)");
}
