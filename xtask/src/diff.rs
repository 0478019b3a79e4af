//! `cargo xtask diff OLD NEW [--format markdown|json] [--fail-on breaking|wire] [--exit-code N]`
//! (OLD and NEW: specs, or IRs saved by `cargo xtask ir`):
//! the changes a spec update makes to the generated Rust API (codegen::diff).

use std::path::{Path, PathBuf};

use codegen::SpecSource;

pub const USAGE: &str =
    "cargo xtask diff OLD NEW [--format markdown|json] [--fail-on breaking|wire] [--exit-code N] [--out FILE]";

/// `cargo xtask diff --help`.
pub const HELP: &str = "usage: cargo xtask diff OLD NEW [--format markdown|json] [--fail-on breaking|wire] [--exit-code N] [--out FILE]\n       cargo xtask ir SPEC [--out FILE]\n\n\
OLD and NEW are specs (YAML or JSON), or IRs saved by `cargo xtask ir`. The report lists the changes\n\
to the generated Rust API by resource and type, each breaking or additive for a Rust user and on\n\
the wire, and ends with the semver bump.\n\n\
options:\n  \
--format F         markdown (default, for a PR comment) or json (for tools)\n  \
--fail-on breaking exit with the fail code when a change breaks a Rust user\n  \
--fail-on wire     exit with the fail code when a change breaks a client of the old spec\n  \
--exit-code N      the fail code (default 2; 1 is an error)\n  \
--out FILE         write the report to FILE and print its summary line\n  \
--help, -h         print this";

/// Exit code when `--fail-on` matches and `--exit-code` is not given (1 is an error).
const DEFAULT_FAIL_CODE: u8 = 2;

struct Args {
    old: String,
    new: String,
    json: bool,
    fail_on: Option<FailOn>,
    exit_code: u8,
    out: Option<String>,
}

#[derive(Clone, Copy)]
enum FailOn {
    /// Breaking for a Rust user (the semver verdict is major).
    Breaking,
    /// Breaking for a client of the old spec on the wire.
    Wire,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut files = Vec::new();
    let (mut json, mut fail_on, mut exit_code, mut out) = (false, None, DEFAULT_FAIL_CODE, None);
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or_else(|| format!("{flag} needs a value\nusage: {USAGE}"));
        match arg.as_str() {
            "--format" => {
                json = match value("--format")?.as_str() {
                    "markdown" | "md" => false,
                    "json" => true,
                    other => return Err(format!("unknown format `{other}` (markdown or json)")),
                }
            }
            "--fail-on" => {
                fail_on = Some(match value("--fail-on")?.as_str() {
                    "breaking" => FailOn::Breaking,
                    "wire" => FailOn::Wire,
                    other => return Err(format!("unknown --fail-on `{other}` (breaking or wire)")),
                })
            }
            "--exit-code" => {
                exit_code = value("--exit-code")?.parse().map_err(|e| format!("--exit-code: {e}"))?;
            }
            "--out" => out = Some(value("--out")?),
            flag if flag.starts_with("--") => return Err(format!("unknown argument `{flag}`\nusage: {USAGE}")),
            file => files.push(file.to_string()),
        }
    }
    let [old, new]: [String; 2] =
        files.try_into().map_err(|_| format!("diff takes two spec files, OLD and NEW\nusage: {USAGE}"))?;
    Ok(Args { old, new, json, fail_on, exit_code, out })
}

/// Loads and lowers one spec; the module name is the file stem.
pub fn lower(path: &str, text: String) -> Result<codegen::ir::Api, String> {
    lower_with(path, text, None)
}

/// [`lower`] with the generator config that sits beside the spec.
fn lower_with(
    path: &str,
    text: String,
    config: Option<codegen::config::ConfigSource>,
) -> Result<codegen::ir::Api, String> {
    let module = Path::new(path).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    codegen::lower(&SpecSource { file: path.to_string(), module, text, config }).map_err(|e| e.to_string())
}

/// A spec (YAML or JSON), or an IR saved by `cargo xtask ir` (JSON with `types` and `operations`).
fn read(path: &str) -> Result<codegen::ir::Api, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    if path.ends_with(".json") {
        let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
        if value.get("openapi").is_none() && value.get("types").is_some() {
            return serde_json::from_value(value)
                .map_err(|e| format!("{path}: not an IR saved by `cargo xtask ir`: {e}"));
        }
    }
    lower(path, text)
}

/// `cargo xtask ir SPEC [--out FILE]`: the spec's IR as JSON, for a later `cargo xtask diff`.
pub fn save_ir(mut args: impl Iterator<Item = String>) -> Result<(), String> {
    let usage = "usage: cargo xtask ir SPEC [--out FILE]";
    let (mut spec, mut out) = (None, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" => out = Some(args.next().ok_or(usage)?),
            flag if flag.starts_with("--") => return Err(format!("unknown argument `{flag}`\n{usage}")),
            file => spec = Some(file.to_string()),
        }
    }
    let spec = spec.ok_or(usage)?;
    let api = read(&spec)?;
    let json = serde_json::to_string(&api).map_err(|e| e.to_string())?;
    match out {
        Some(file) => std::fs::write(&file, json).map_err(|e| format!("{file}: {e}")),
        None => {
            println!("{json}");
            Ok(())
        }
    }
}

/// The report's label for a file: its name, or the path when both names are the same.
fn label(path: &str, other: &str) -> String {
    let name = |p: &str| Path::new(p).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if name(path) == name(other) {
        path.to_string()
    } else {
        name(path)
    }
}

/// Runs the command; `Ok(code)` is the exit code (0, or the fail code).
pub fn run(args: impl Iterator<Item = String>) -> Result<u8, String> {
    let args = parse(args)?;
    let (old, new) = std::thread::scope(|s| {
        let old = s.spawn(|| read(&args.old));
        let new = read(&args.new);
        (old.join().unwrap_or_else(|_| Err("loading the old spec panicked".into())), new)
    });
    let report = codegen::diff::diff(&old?, &new?, &label(&args.old, &args.new), &label(&args.new, &args.old));
    let text = if args.json { codegen::diff::json(&report) } else { codegen::diff::markdown(&report) };
    match &args.out {
        Some(file) => {
            std::fs::write(file, &text).map_err(|e| format!("{file}: {e}"))?;
            println!("{}", report.summary());
        }
        None => print!("{text}"),
    }
    let failed = match args.fail_on {
        Some(FailOn::Breaking) => report.breaking_for_rust() > 0,
        Some(FailOn::Wire) => report.breaking_on_wire() > 0,
        None => false,
    };
    Ok(if failed { args.exit_code } else { 0 })
}

/// The file at `rel` as committed (`git show HEAD:<rel>`), if it is.
fn committed(root: &Path, rel: &Path) -> Option<String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .arg("show")
        .arg(format!("HEAD:{}", rel.display()))
        .output()
        .ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// For `cargo xtask generate --report FILE`: each spec's IR against the IR of
/// the spec as committed (`git show HEAD:<path>`), which is what the output
/// directory was generated from (`generate --check` in CI keeps them in step).
/// Markdown, or JSON (an array of reports) when `file` ends in `.json`.
pub fn generation_report(
    root: &Path,
    specs: &[(String, PathBuf, &codegen::ir::Api)],
    file: &Path,
) -> Result<Vec<String>, String> {
    let (mut markdown, mut reports, mut summaries) = (String::new(), Vec::new(), Vec::new());
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    for (shown, path, new) in specs {
        let absolute = path.canonicalize().unwrap_or_else(|_| path.clone());
        let rel = absolute.strip_prefix(&root).ok();
        let Some(text) = rel.and_then(|rel| committed(&root, rel)) else {
            let line = format!("{shown}: no committed version to compare with (a new spec): {}", new.summary(false));
            markdown.push_str(&format!("## `{shown}`\n\n{line}\n\n"));
            summaries.push(line);
            continue;
        };
        // The committed config beside it too: both sides lowered alike
        // (its `docs_base_url` rewrites links, for one).
        let config = rel.and_then(|rel| {
            let rel = rel.with_extension("toml");
            let text = committed(&root, &rel)?;
            Some(codegen::config::ConfigSource { file: format!("HEAD:{}", rel.display()), text })
        });
        let old = lower_with(&format!("HEAD:{shown}"), text, config)?;
        let report = codegen::diff::diff(&old, new, &format!("HEAD:{shown}"), shown);
        summaries.push(report.summary());
        markdown.push_str(&codegen::diff::markdown(&report));
        markdown.push('\n');
        reports.push(report);
    }
    let text = if file.extension().is_some_and(|e| e == "json") {
        serde_json::to_string_pretty(&reports).map_err(|e| e.to_string())?
    } else {
        markdown
    };
    std::fs::write(file, text).map_err(|e| format!("{}: {e}", file.display()))?;
    Ok(summaries)
}
