//! The report as Markdown (a PR comment) or JSON (for tools).

use std::collections::BTreeMap;
use std::fmt::Write;

use super::report::{Change, ChangeKind, Group, Report, Verdict};

/// More changes than this of one kind with the same verdicts are shown once, with a list.
const REPEATED: usize = 8;
/// Docs-only changes listed before "… and N more".
const DOCS_LISTED: usize = 30;

/// The report as pretty JSON: the [`Report`] fields plus `summary`.
pub fn json(report: &Report) -> String {
    let mut value = serde_json::to_value(report).unwrap_or_default();
    if let Some(map) = value.as_object_mut() {
        map.insert("summary".into(), report.summary().into());
        map.insert("breaking_for_rust".into(), report.breaking_for_rust().into());
        map.insert("breaking_on_wire".into(), report.breaking_on_wire().into());
    }
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

fn verdict(v: &Verdict) -> String {
    if v.breaking {
        format!("**breaking**: {}", v.reason)
    } else {
        format!("additive: {}", v.reason)
    }
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn group_title(g: &Group) -> String {
    match g {
        Group::Resource(r) => format!("resource `{r}`"),
        Group::Type(t) => format!("type `{t}`"),
    }
}

/// The report as Markdown: the summary, changes grouped by resource then by
/// type (one table each), repeated changes folded, docs-only changes last.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## Rust API changes: `{}` → `{}`\n", report.old, report.new);
    let _ = writeln!(out, "{}\n", report.summary());
    if report.changes.is_empty() {
        out.push_str("No change to the generated Rust API.\n\n");
    }
    // Same kind and verdicts many times (e.g. an error response added to every endpoint): one entry.
    let mut counts: BTreeMap<(ChangeKind, &Verdict, &Verdict), usize> = BTreeMap::new();
    for c in &report.changes {
        *counts.entry((c.kind, &c.rust, &c.wire)).or_default() += 1;
    }
    let repeated = |c: &Change| counts[&(c.kind, &c.rust, &c.wire)] > REPEATED;
    let mut groups: BTreeMap<&Group, Vec<&Change>> = BTreeMap::new();
    for c in report.changes.iter().filter(|c| !repeated(c)) {
        groups.entry(&c.group).or_default().push(c);
    }
    for (group, changes) in groups {
        let _ = writeln!(out, "### {}\n", group_title(group));
        out.push_str("| change | Rust user | wire |\n|---|---|---|\n");
        for c in changes {
            let _ =
                writeln!(out, "| {} | {} | {} |", cell(&c.detail), cell(&verdict(&c.rust)), cell(&verdict(&c.wire)));
        }
        out.push('\n');
    }
    let mut folded: BTreeMap<(ChangeKind, &Verdict, &Verdict), Vec<&Change>> = BTreeMap::new();
    for c in report.changes.iter().filter(|c| repeated(c)) {
        folded.entry((c.kind, &c.rust, &c.wire)).or_default().push(c);
    }
    for ((kind, rust, wire), changes) in folded {
        let kind = serde_json::to_value(kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let _ = writeln!(out, "### {} × `{kind}`\n", changes.len());
        let _ = writeln!(out, "Rust user: {}; wire: {}.\n", verdict(rust), verdict(wire));
        out.push_str("<details><summary>each change</summary>\n\n");
        for c in changes {
            let _ = writeln!(out, "- {}: {}", group_title(&c.group), c.detail);
        }
        out.push_str("\n</details>\n\n");
    }
    if !report.docs.is_empty() {
        let _ = writeln!(out, "### Docs only ({})\n", report.docs.len());
        out.push_str("<details><summary>docs, deprecation, defaults, bounds</summary>\n\n");
        for d in report.docs.iter().take(DOCS_LISTED) {
            let _ = writeln!(out, "- {} {}: {}", group_title(&d.group), d.subject, d.what);
        }
        if report.docs.len() > DOCS_LISTED {
            let _ = writeln!(out, "- … and {} more", report.docs.len() - DOCS_LISTED);
        }
        out.push_str("\n</details>\n\n");
    }
    let _ = writeln!(out, "**Semver: {}.**", report.semver.describe());
    out
}
