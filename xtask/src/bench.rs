//! `cargo xtask bench [--spec FILE] [--runs N] [--skip-build]`
//!
//! How fast generation is on a full public spec, and how heavy the crate it
//! generates is to build, each figure printed beside its target:
//!
//! - YAML parsing alone, the load stage, load + IR, and the whole
//!   `codegen::generate` (load, normalize, IR, emit, format): best and median
//!   of N runs, and the peak memory (max RSS) of this process;
//! - the generated crate, written standalone to `target/bench/<spec>`: its
//!   lines of Rust, its operations, and one `cargo build` (dev profile) of the
//!   crate alone with its dependencies already built, with its wall time, CPU
//!   time and the peak memory of the largest process (rustc).
//!
//! Timings mean something only for an optimized generator, so a debug build
//! of xtask (what the `cargo xtask` alias runs) re-runs itself through
//! `cargo run --release`.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use codegen::{CrateOptions, SpecSource};

const USAGE: &str = "usage: cargo xtask bench [--spec FILE] [--runs N] [--skip-build]";

/// The spec measured by default, relative to the workspace root.
const DEFAULT_SPEC: &str = "../shared/specs/openai.yaml";

/// Set in the environment of the release re-run, so it never re-runs again.
const RELEASE_RUN: &str = "XTASK_BENCH_RELEASE_RUN";

const GENERATION_TARGET: Duration = Duration::from_millis(1000);
const GENERATION_PEAK_TARGET: u64 = 600_000_000;
const BUILD_TARGET: Duration = Duration::from_secs(40);
const BUILD_PEAK_TARGET: u64 = 2_000_000_000;
const LINES_TARGET: usize = 100_000;

struct Args {
    spec: PathBuf,
    runs: usize,
    skip_build: bool,
}

fn parse_args(raw: &[String]) -> Result<Args, String> {
    let mut args = Args { spec: PathBuf::from(DEFAULT_SPEC), runs: 5, skip_build: false };
    let mut raw = raw.iter();
    while let Some(arg) = raw.next() {
        let mut value = |flag: &str| raw.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--spec" => args.spec = value("--spec")?.into(),
            "--runs" => {
                let runs = value("--runs")?;
                args.runs = runs
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or_else(|| format!("--runs needs a positive number, not `{runs}`\n{USAGE}"))?;
            }
            "--skip-build" => args.skip_build = true,
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    Ok(args)
}

/// Entry point of `cargo xtask bench`; `args` follow the subcommand.
pub fn run(args: impl Iterator<Item = String>, root: &Path) -> Result<(), String> {
    let raw: Vec<String> = args.collect();
    let args = parse_args(&raw)?;
    // A relative --spec is relative to where the command was started; the
    // default one to the workspace root (cargo runs xtask from anywhere).
    let spec = if raw.iter().any(|a| a == "--spec") { args.spec.clone() } else { root.join(&args.spec) };
    if !spec.is_file() {
        return Err(format!(
            "spec `{}` not found: the full public specs are in `../shared/specs/` beside the workspace; \
             pass another with --spec FILE",
            spec.display()
        ));
    }
    if cfg!(debug_assertions) && std::env::var_os(RELEASE_RUN).is_none() {
        return rerun_in_release(&raw, root);
    }
    let spec = std::fs::canonicalize(&spec).unwrap_or(spec);
    bench(&args, &spec, root)
}

/// Runs this subcommand again from an optimized build of xtask.
fn rerun_in_release(raw: &[String], root: &Path) -> Result<(), String> {
    eprintln!("bench: running from a release build of xtask (the first time builds it, about 2 minutes)");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    // Same working directory, so a relative --spec still names the same file.
    let status = Command::new(cargo)
        .args(["run", "--quiet", "--release", "--manifest-path"])
        .arg(root.join("xtask").join("Cargo.toml"))
        .args(["--", "bench"])
        .args(raw)
        .env(RELEASE_RUN, "1")
        .status()
        .map_err(|e| format!("cargo run: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err("the release run of `xtask bench` failed (see above)".into())
    }
}

fn bench(args: &Args, spec: &Path, root: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    let module = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let sources = [SpecSource { file: spec.display().to_string(), module: module.clone(), text, config: None }];
    let crate_name = crate_name(&module);
    let options = CrateOptions { name: crate_name.clone(), standalone: true, ..Default::default() };
    let runs = args.runs;

    println!(
        "spec {} ({:.2} MB), {runs} runs, release build of xtask",
        spec.display(),
        mb(sources[0].text.len() as u64)
    );
    println!("{:<38} {:>10} {:>10}   target", "", "best", "median");

    let yaml = measure(runs, || codegen::load::parse_yaml(&sources[0].text).map(drop).map_err(|e| e.message))?;
    row("YAML parse", &yaml, None);
    let load = measure(runs, || codegen::load::load(&sources[0].file, &sources[0].text).map(drop).map_err(err))?;
    row("load (YAML, normalize, openapiv3)", &load, None);
    let lower = measure(runs, || codegen::lower(&sources[0]).map(drop).map_err(err))?;
    row("load + IR", &lower, None);
    let mut generated = None;
    let whole = measure(runs, || {
        generated = Some(codegen::generate(&sources, &options).map_err(err)?);
        Ok(())
    })?;
    row("generation (load, IR, emit, format)", &whole, Some(GENERATION_TARGET));
    println!("{:<38} {:>9.1}% {:>9.1}%", "YAML parse / generation", ratio(&yaml, &whole, 0), ratio(&yaml, &whole, 1));
    let peak = max_rss(libc::RUSAGE_SELF)?;
    println!("{:<38} {:>10} {:>10}   {}", "peak memory (max RSS of xtask)", "", fmt_bytes(peak), verdict_bytes(peak));

    let generated = generated.ok_or("nothing was generated")?;
    let rust_files: Vec<&String> = generated.files.iter().filter(|(p, _)| p.ends_with(".rs")).map(|(_, t)| t).collect();
    let lines: usize = rust_files.iter().map(|t| t.lines().count()).sum();
    let operations: usize = generated.apis.iter().map(|a| a.operations.len()).sum();
    let types: usize = generated.apis.iter().map(|a| a.types.len()).sum();
    println!();
    println!("generated crate: {operations} operations, {types} types, {} .rs files", rust_files.len());
    println!(
        "{:<38} {:>10} {:>10}   < {} {}",
        "lines of Rust",
        "",
        thousands(lines),
        thousands(LINES_TARGET),
        if lines < LINES_TARGET { "ok" } else { "MISSED" }
    );
    if args.skip_build {
        return Ok(());
    }
    build(&generated.files, &crate_name, &module, root)
}

/// `cargo build` (dev profile) of the generated crate alone, its dependencies
/// built beforehand.
fn build(files: &codegen::Files, crate_name: &str, module: &str, root: &Path) -> Result<(), String> {
    let dir = root.join("target").join("bench").join(module);
    // Not inside `dir`: writing the crate replaces that directory whole.
    let target_dir = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir).join("bench"),
        None => root.join("target").join("bench").join("target"),
    };
    let log_path = target_dir.join("build.log");
    std::fs::create_dir_all(&target_dir).map_err(|e| format!("{}: {e}", target_dir.display()))?;
    File::create(&log_path).map_err(|e| format!("{}: {e}", log_path.display()))?;
    let manifest = dir.join("Cargo.toml");
    let cargo = |args: &[&str]| {
        let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        command.args(args).arg("--manifest-path").arg(&manifest).env("CARGO_TARGET_DIR", &target_dir);
        command
    };
    let write = |files: &codegen::Files| {
        codegen::output::write_all(&dir, files).map_err(|e| format!("{}: {e}", dir.display()))?;
        // The workspace's lock file pins the same dependency versions it
        // builds with, and spares a resolution against the registry.
        let lock = root.join("Cargo.lock");
        if lock.is_file() {
            std::fs::copy(&lock, dir.join("Cargo.lock")).map_err(|e| format!("{}: {e}", lock.display()))?;
        }
        Ok::<_, String>(())
    };

    // Warm-up: the dependencies, under an empty lib.rs; then the crate's own
    // artifacts are removed so the measured build starts from nothing.
    println!("building the dependencies in {} (warm-up)...", target_dir.display());
    let mut stub = files.clone();
    stub.insert("src/lib.rs".into(), String::new());
    write(&stub)?;
    let warm_up = Instant::now();
    run_logged(cargo(&["build"]), &log_path)?;
    run_logged(cargo(&["clean", "--package", crate_name]), &log_path)?;
    println!("{:<38} {:>10}", "warm-up", fmt_duration(warm_up.elapsed()));

    write(files)?;
    println!("cargo build of {} (dev profile, dependencies built)...", dir.display());
    let measured = run_logged(cargo(&["build"]), &log_path)?;
    println!(
        "{:<38} {:>10} {:>10}   < {} {}",
        "crate build (wall)",
        "",
        fmt_duration(measured.wall),
        fmt_duration(BUILD_TARGET),
        if measured.wall < BUILD_TARGET { "ok" } else { "MISSED" }
    );
    println!("{:<38} {:>10} {:>10}", "crate build (CPU, user + system)", "", fmt_duration(measured.cpu));
    println!(
        "{:<38} {:>10} {:>10}   < {} {}",
        "peak compiler memory (max RSS)",
        "",
        fmt_bytes(measured.max_rss),
        fmt_bytes(BUILD_PEAK_TARGET),
        if measured.max_rss < BUILD_PEAK_TARGET { "ok" } else { "MISSED" }
    );
    Ok(())
}

/// What one child process cost.
struct Usage {
    wall: Duration,
    /// User + system time of the child and all its waited-for descendants.
    cpu: Duration,
    /// Max RSS of the largest process among the child and its descendants.
    max_rss: u64,
}

/// Runs `command` with its output appended to `log`; an error quotes the log's end.
fn run_logged(mut command: Command, log: &Path) -> Result<Usage, String> {
    let out = File::options().create(true).append(true).open(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let err = out.try_clone().map_err(|e| format!("{}: {e}", log.display()))?;
    command.stdin(std::process::Stdio::null()).stdout(out).stderr(err);
    let start = Instant::now();
    let child = command.spawn().map_err(|e| format!("{command:?}: {e}"))?;
    let (status, usage) = wait_with_usage(child.id())?;
    let wall = start.elapsed();
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(30).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!("{command:?} failed (log: {}):\n{}", log.display(), tail.join("\n")));
    }
    Ok(Usage { wall, cpu: cpu_time(&usage), max_rss: kib(usage.ru_maxrss) })
}

/// `wait4`: the exit status and the resource usage of this one child (its
/// own descendants included, as they were waited for).
fn wait_with_usage(pid: u32) -> Result<(libc::c_int, libc::rusage), String> {
    let pid = libc::pid_t::try_from(pid).map_err(|e| e.to_string())?;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero `rusage` is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: both pointers are to live, writable locals of the right type.
        let done = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if done == pid {
            return Ok((status, usage));
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(format!("wait4: {e}"));
        }
    }
}

/// Max RSS in bytes of this process (`RUSAGE_SELF`) or of its largest waited-for child.
fn max_rss(who: libc::c_int) -> Result<u64, String> {
    // SAFETY: an all-zero `rusage` is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is a live, writable `rusage`.
    if unsafe { libc::getrusage(who, &mut usage) } != 0 {
        return Err(format!("getrusage: {}", std::io::Error::last_os_error()));
    }
    Ok(kib(usage.ru_maxrss))
}

/// `ru_maxrss` is in KiB on Linux.
fn kib(value: libc::c_long) -> u64 {
    u64::try_from(value).unwrap_or(0) * 1024
}

fn cpu_time(usage: &libc::rusage) -> Duration {
    let time = |t: libc::timeval| {
        Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
    };
    time(usage.ru_utime) + time(usage.ru_stime)
}

/// Best and median of `runs` runs of `f`.
fn measure(runs: usize, mut f: impl FnMut() -> Result<(), String>) -> Result<[Duration; 2], String> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        f()?;
        times.push(start.elapsed());
    }
    times.sort();
    let median = if runs % 2 == 1 { times[runs / 2] } else { (times[runs / 2 - 1] + times[runs / 2]) / 2 };
    Ok([times[0], median])
}

fn row(label: &str, times: &[Duration; 2], target: Option<Duration>) {
    let verdict = match target {
        Some(target) => {
            format!("< {} {}", fmt_duration(target), if times[1] < target { "ok" } else { "MISSED" })
        }
        None => String::new(),
    };
    let line = format!("{label:<38} {:>10} {:>10}   {verdict}", fmt_duration(times[0]), fmt_duration(times[1]));
    println!("{}", line.trim_end());
}

fn ratio(part: &[Duration; 2], whole: &[Duration; 2], i: usize) -> f64 {
    100.0 * part[i].as_secs_f64() / whole[i].as_secs_f64().max(f64::MIN_POSITIVE)
}

fn verdict_bytes(peak: u64) -> String {
    let verdict = if peak < GENERATION_PEAK_TARGET { "ok" } else { "MISSED" };
    format!("< {} {verdict}", fmt_bytes(GENERATION_PEAK_TARGET))
}

fn fmt_duration(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{:.1} ms", d.as_secs_f64() * 1000.0)
    } else {
        format!("{:.2} s", d.as_secs_f64())
    }
}

/// `61454` → `61,454`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn fmt_bytes(bytes: u64) -> String {
    if bytes >= 1_000_000_000 {
        format!("{:.2} GB", bytes as f64 / 1e9)
    } else {
        format!("{:.0} MB", mb(bytes))
    }
}

fn err(e: codegen::Error) -> String {
    e.to_string()
}

/// A package name from a spec's file stem (`openai-3.0` → `openai_3_0`).
fn crate_name(module: &str) -> String {
    let name: String = module.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("spec_{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments() {
        let args = |s: &[&str]| parse_args(&s.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        let parsed = args(&[]).unwrap();
        assert_eq!((parsed.spec.as_path(), parsed.runs, parsed.skip_build), (Path::new(DEFAULT_SPEC), 5, false));
        let parsed = args(&["--runs", "3", "--skip-build", "--spec", "x.yaml"]).unwrap();
        assert_eq!((parsed.spec.as_path(), parsed.runs, parsed.skip_build), (Path::new("x.yaml"), 3, true));
        assert!(args(&["--runs", "0"]).is_err());
        assert!(args(&["--runs"]).is_err());
        assert!(args(&["--fast"]).is_err());
    }

    #[test]
    fn median_and_names() {
        let mut n = 0;
        let times = measure(4, || {
            n += 1;
            std::thread::sleep(Duration::from_millis(n));
            Ok(())
        })
        .unwrap();
        assert!(times[0] <= times[1]);
        assert_eq!(crate_name("openai-3.0"), "openai_3_0");
        assert_eq!(crate_name("3d"), "spec_3d");
        assert_eq!([thousands(61454), thousands(100_000), thousands(999)], ["61,454", "100,000", "999"]);
    }

    #[test]
    fn missing_spec_is_a_clear_error() {
        let e =
            run(["--spec".to_string(), "/nonexistent/spec.yaml".to_string()].into_iter(), Path::new(".")).unwrap_err();
        assert!(e.contains("/nonexistent/spec.yaml") && e.contains("not found"), "{e}");
    }
}
