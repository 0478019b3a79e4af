//! `cargo xtask generate [--check] [--spec FILE]... [--out DIR] [--name NAME] [--example-tests] [--contract-tests] [--verbose] [--report FILE]`,
//! `cargo xtask diff OLD NEW …`, `cargo xtask ir SPEC`, `cargo xtask bench …`
//!
//! A thin command line over `codegen`: it picks the files, codegen does the rest.

mod bench;
mod diff;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::{CrateOptions, SpecSource};

// Generation allocates millions of small token and string values on every
// core; mimalloc's per-thread heaps take a third off glibc malloc's time there
// (`cargo xtask bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str =
    "usage: cargo xtask generate [--check] [--spec FILE]... [--out DIR] [--name CRATE] [--example-tests] [--contract-tests] [--verbose] [--report FILE]\n       cargo xtask bench [--spec FILE] [--runs N] [--skip-build] [--no-yardstick] [--no-scale]\n       cargo xtask diff OLD NEW [--format markdown|json] [--fail-on breaking|wire] [--exit-code N] [--out FILE]\n       cargo xtask ir SPEC [--out FILE]";

const HELP: &str = "cargo xtask: the project's command line\n\n\
commands:\n  \
generate   write the generated crate (see `cargo xtask generate --help`)\n  \
bench      time generation and the build of its output (see `cargo xtask bench --help`)\n  \
diff       what a spec update changes in the generated Rust API (see `cargo xtask diff --help`)\n  \
ir         a spec's IR as JSON, for `cargo xtask diff`";

const GENERATE_HELP: &str = "usage: cargo xtask generate [--check] [--spec FILE]... [--out DIR] [--name CRATE] [--example-tests] [--contract-tests] [--verbose] [--report FILE]\n\n\
Without --spec and --out: reads specs/*.yaml and rewrites generated/.\n\n\
options:\n  \
--check            change nothing; exit 1 naming the files that differ from what generation writes\n  \
--spec FILE        a spec to generate from (repeatable); its file stem names the module\n  \
--out DIR          where the crate goes (default generated/); an existing DIR must be empty or\n                     \
hold a crate this generator wrote (its Cargo.toml says so), else nothing is written\n  \
--name CRATE       the package name (default `generated`)\n  \
--example-tests    also write tests/examples.rs: every spec example decoded into its type\n  \
--contract-tests   also write tests/contract.rs: every operation called against a validating mock\n  \
--verbose, -v      also list every untyped fallback, worked-around spec issue and keyword not understood\n  \
--report FILE      also write what the generation changes in the Rust API, each spec against its\n                     \
committed version (git HEAD); Markdown, or JSON when FILE ends in .json\n  \
--help, -h         print this";

const BENCH_HELP: &str =
    "usage: cargo xtask bench [--spec FILE] [--runs N] [--skip-build] [--no-yardstick] [--no-scale]\n\n\
options:\n  \
--spec FILE     the spec to time (default ../shared/specs/openai.yaml)\n  \
--runs N        generation runs to time (default 5)\n  \
--skip-build    only time generation, not the builds\n  \
--no-yardstick  do not build async-openai beside the generated crate\n  \
--no-scale      skip the spec of four renamed copies";

/// `--help` or `-h` among the rest of the command line.
fn args_ask_for_help() -> bool {
    std::env::args().skip(2).any(|a| a == "--help" || a == "-h")
}

#[derive(Default)]
struct Args {
    check: bool,
    verbose: bool,
    /// Also emit `tests/examples.rs` (the spec examples checked against their types).
    example_tests: bool,
    /// Also emit `tests/contract.rs` (every operation called against a validating mock).
    contract_tests: bool,
    specs: Vec<PathBuf>,
    out: Option<PathBuf>,
    name: Option<String>,
    /// Also write the report of what the generation changes in the Rust API (against git HEAD's specs).
    report: Option<PathBuf>,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args::default();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--verbose" | "-v" => parsed.verbose = true,
            "--example-tests" => parsed.example_tests = true,
            "--contract-tests" => parsed.contract_tests = true,
            "--spec" => parsed.specs.push(value("--spec")?.into()),
            "--out" => parsed.out = Some(value("--out")?.into()),
            "--name" => parsed.name = Some(value("--name")?),
            "--report" => parsed.report = Some(value("--report")?.into()),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    Ok(parsed)
}

/// The largest spec read, in bytes: OpenAI's is 3 MB. A bigger input (a
/// device such as `/dev/zero`, a wrong file) is refused before it fills memory.
const MAX_SPEC_BYTES: u64 = 256 << 20;

/// The file's bytes, or an error when it holds more than [`MAX_SPEC_BYTES`].
fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    file.take(MAX_SPEC_BYTES + 1).read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_SPEC_BYTES {
        return Err(format!("larger than {} MB, more than any spec; not read", MAX_SPEC_BYTES >> 20));
    }
    Ok(bytes)
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// `specs/*.yaml` of the workspace, sorted, named relative to the root.
fn default_specs(root: &Path) -> Result<Vec<PathBuf>, String> {
    let dir = root.join("specs");
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut specs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .filter_map(|p| p.strip_prefix(root).ok().map(Path::to_path_buf))
        .collect();
    specs.sort();
    Ok(specs)
}

fn run(args: Args) -> Result<(), String> {
    let root = workspace_root();
    let default_run = args.specs.is_empty() && args.out.is_none();
    let (specs, base) =
        if args.specs.is_empty() { (default_specs(&root)?, root.clone()) } else { (args.specs, PathBuf::new()) };
    let out = args.out.unwrap_or_else(|| root.join("generated"));

    let mut sources = Vec::new();
    for spec in &specs {
        let file = spec.display().to_string();
        let bytes = read_bounded(&base.join(spec)).map_err(|e| format!("{file}: {e}"))?;
        let text = codegen::load::decode(&file, bytes).map_err(|e| e.to_string())?;
        let module = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let config = codegen::config::beside(&base.join(spec))
            .map_err(|e| format!("{}: {e}", spec.with_extension("toml").display()))?
            .map(|c| codegen::config::ConfigSource { file: spec.with_extension("toml").display().to_string(), ..c });
        sources.push(SpecSource { file, module, text, config });
    }
    let options = CrateOptions {
        name: match args.name {
            Some(name) => {
                codegen::config::check_crate_name(&name).map_err(|message| format!("--name: {message}"))?;
                name
            }
            None => codegen::crate_name(&sources).map_err(|e| e.to_string())?.unwrap_or_else(|| "generated".into()),
        },
        standalone: !default_run,
        example_tests: args.example_tests,
        contract_tests: args.contract_tests,
    };
    let generated = codegen::generate(&sources, &options).map_err(|e| e.to_string())?;

    if args.check {
        let diff = codegen::output::diff(&out, &generated.files).map_err(|e| format!("{}: {e}", out.display()))?;
        if diff.is_empty() {
            return Ok(());
        }
        let mut message = format!("{} is not what generation writes:", out.display());
        for (what, files) in [("changed", &diff.changed), ("missing", &diff.added), ("not generated", &diff.removed)] {
            for f in files {
                message.push_str(&format!("\n  {what}: {f}"));
            }
        }
        message.push_str("\nrun `cargo xtask generate` and commit the result");
        return Err(message);
    }
    codegen::output::write_all(&out, &generated.files).map_err(|e| format!("{}: {e}", out.display()))?;
    for api in &generated.apis {
        // Spec text (keys in pointers) is escaped, one line per line of the summary.
        for line in api.summary(args.verbose).lines() {
            println!("{}", codegen::escape_controls(line));
        }
    }
    println!("wrote {} files to {}", generated.files.len(), out.display());
    if let Some(file) = &args.report {
        let specs: Vec<(String, PathBuf, &codegen::ir::Api)> =
            specs.iter().zip(&generated.apis).map(|(s, api)| (s.display().to_string(), base.join(s), api)).collect();
        for line in diff::generation_report(&root, &specs, file)? {
            println!("{line}");
        }
        println!("wrote the Rust API report to {}", file.display());
    }
    // The process ends here: its memory goes back whole, faster than freed item by item.
    std::mem::forget(generated);
    Ok(())
}

fn main() -> ExitCode {
    codegen::install_panic_hook();
    let mut args = std::env::args().skip(1);
    let result = match args.next().as_deref() {
        Some("--help" | "-h" | "help") => {
            println!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Some("generate") if args_ask_for_help() => {
            println!("{GENERATE_HELP}");
            return ExitCode::SUCCESS;
        }
        Some("diff" | "ir") if args_ask_for_help() => {
            println!("{}", diff::HELP);
            return ExitCode::SUCCESS;
        }
        Some("bench") if args_ask_for_help() => {
            println!("{BENCH_HELP}");
            return ExitCode::SUCCESS;
        }
        Some("generate") => parse_args(args).and_then(run),
        Some("bench") => bench::run(args, &workspace_root()),
        Some("ir") => diff::save_ir(args),
        Some("diff") => match diff::run(args) {
            Ok(code) => return ExitCode::from(code),
            Err(message) => Err(message),
        },
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    /// `cargo test` alone catches a stale `generated/` (as `--check` does).
    #[test]
    fn generated_crate_is_fresh() {
        let args = super::Args { check: true, ..Default::default() };
        if let Err(message) = super::run(args) {
            panic!("{message}");
        }
    }
}
