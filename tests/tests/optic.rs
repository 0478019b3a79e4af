//! Our report against Optic's (`@useoptic/optic`, pinned in `tests/optic/`)
//! on the diff fixture pairs of `codegen/tests/diff`: every breaking change
//! Optic reports must be breaking on the wire in ours too, or be listed with
//! the reason it is not breaking for this client in
//! `tests/optic-known-differences.txt`. Optic takes about 2 s per small pair.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use tests::harness::{find_program, npm_install, root, run_bounded, Report};

const OPTIC_TIMEOUT: Duration = Duration::from_secs(120);

/// One breaking change as Optic prints it under `--check`.
#[derive(Debug)]
struct Finding {
    rule: String,
    message: String,
    /// The property, parameter or value it is about (else the operation's path).
    name: String,
    /// The operation it is under: HTTP method and path.
    operation: (String, String),
}

/// Reads Optic's text output: operation headers, the property or parameter
/// being described, and `x [rule] message` lines for failed checks.
fn findings(output: &str) -> Vec<Finding> {
    const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    let (mut operation, mut removed, mut context) = ((String::new(), String::new()), false, None::<String>);
    let mut found = Vec::new();
    for line in output.lines().map(str::trim) {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.len() >= 3 && METHODS.contains(&words[1]) {
            operation = (words[1].to_string(), words[2].trim_end_matches(':').to_string());
            // Everything Optic lists under a removed operation is that removal.
            removed = words.get(3) == Some(&"removed");
            context = None;
        } else if let Some(rest) = line.strip_prefix("- property ") {
            let pointer = rest.split(':').next().unwrap_or_default();
            context = pointer.rsplit('/').next().filter(|n| !n.is_empty()).map(str::to_string);
        } else if words.len() >= 3 && words[0] == "-" && words[2].starts_with("parameter") {
            context = words.get(3).map(|w| w.trim_end_matches(':').to_string());
        } else if let Some(rest) = line.strip_prefix("x [") {
            let (rule, message) = rest.split_once("] ").unwrap_or((rest, ""));
            let quoted = message.split('\'').nth(1).filter(|_| message.matches('\'').count() >= 2);
            let name = match (removed, quoted, &context) {
                (true, _, _) => operation.1.clone(),
                (false, Some(q), _) => q.to_string(),
                (false, None, Some(c)) => c.clone(),
                (false, None, None) => operation.1.clone(),
            };
            found.push(Finding {
                rule: rule.to_string(),
                message: message.to_string(),
                name,
                operation: operation.clone(),
            });
        }
    }
    found
}

/// What our report may call the finding: its name, and for a finding about a
/// whole operation (a path) also the method the client has for it (`things.create()`).
fn names(f: &Finding, apis: [&codegen::ir::Api; 2]) -> Vec<String> {
    let mut names = vec![f.name.clone()];
    if f.name.starts_with('/') {
        let ops = apis.iter().flat_map(|api| &api.operations);
        for op in
            ops.filter(|op| op.path == f.operation.1 && format!("{:?}", op.http_method).to_uppercase() == f.operation.0)
        {
            let mut parts = op.resource.clone();
            parts.push(op.method_name().to_string());
            names.push(format!("{}()", parts.join(".")));
        }
    }
    names
}

/// Whether `name` appears in `text` as a whole word.
fn mentions(text: &str, name: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(name).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + name.len()..].chars().next();
        !before.is_some_and(ident) && !after.is_some_and(ident)
    })
}

/// `(fixture, rule, name)` → reason.
fn known_differences() -> Vec<(String, String, String)> {
    let file = root().join("tests/optic-known-differences.txt");
    let text = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let parts: Vec<&str> = l.split(" | ").map(str::trim).collect();
            assert_eq!(parts.len(), 4, "{}: `{l}` is not `fixture | rule | name | reason`", file.display());
            (parts[0].to_string(), parts[1].to_string(), parts[2].to_string())
        })
        .collect()
}

fn fixtures() -> Vec<PathBuf> {
    let dir = root().join("codegen/tests/diff");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("old.yaml").exists())
        .collect();
    dirs.sort();
    dirs
}

fn lower(dir: &Path, file: &str, name: &str) -> codegen::ir::Api {
    let path = dir.join(file);
    let text = fs::read_to_string(&path).unwrap();
    codegen::lower(&codegen::SpecSource { file: path.display().to_string(), module: name.into(), text, config: None })
        .unwrap()
}

#[test]
fn optic_breaking_changes_are_ours_or_explained() {
    if find_program(&["npm"]).is_none() {
        return;
    }
    let work = root().join("target/optic");
    npm_install(&work, &root().join("tests/optic"));
    let optic = work.join("node_modules/.bin/optic");
    let known = known_differences();
    let mut used = BTreeSet::new();
    let (mut failures, mut total, mut explained) = (Vec::new(), 0, 0);
    let report = Report::new("optic");
    for dir in fixtures() {
        let fixture = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut cmd = Command::new(&optic);
        cmd.arg("diff").arg(dir.join("old.yaml")).arg(dir.join("new.yaml"));
        cmd.args(["--check", "--validation", "loose"]).current_dir(&work);
        let (_, output) = run_bounded(cmd, &work.join(format!("{fixture}.log")), OPTIC_TIMEOUT);
        assert!(output.contains("Operations:"), "optic did not compare {fixture}:\n{output}");
        let (old, new) = (lower(&dir, "old.yaml", &fixture), lower(&dir, "new.yaml", &fixture));
        let ours = codegen::diff::diff(&old, &new, "old", "new");
        let found = findings(&output);
        for f in &found {
            total += 1;
            let names = names(f, [&old, &new]);
            let covered = ours.changes.iter().any(|c| c.wire.breaking && names.iter().any(|n| mentions(&c.detail, n)));
            let listed = known.iter().position(|(fx, rule, name)| *fx == fixture && *rule == f.rule && *name == f.name);
            match (covered, listed) {
                (true, _) => {}
                (false, Some(i)) => {
                    explained += 1;
                    used.insert(i);
                }
                (false, None) => failures.push(format!("{fixture}: [{}] {} ({})", f.rule, f.message, f.name)),
            }
        }
        report.line(&format!(
            "{fixture}: Optic {} breaking; ours {} breaking on the wire, {} for Rust users",
            found.len(),
            ours.breaking_on_wire(),
            ours.breaking_for_rust()
        ));
    }
    let stale: Vec<_> = known.iter().enumerate().filter(|(i, _)| !used.contains(i)).map(|(_, k)| k).collect();
    report.line(&format!(
        "Optic: {total} breaking findings, {} also breaking on the wire in ours, {explained} explained in tests/optic-known-differences.txt, {} neither",
        total - explained - failures.len(),
        failures.len()
    ));
    assert!(failures.is_empty(), "Optic findings neither breaking in ours nor explained:\n{}", failures.join("\n"));
    assert!(stale.is_empty(), "listed in tests/optic-known-differences.txt but no longer reported by Optic: {stale:?}");
}
