//! `cargo xtask bench [--spec FILE] [--runs N] [--skip-build] [--no-yardstick] [--no-scale]`
//!
//! The figures of issue 12, each printed beside its target and beside a
//! yardstick measured in the same run:
//!
//! - generation: YAML parsing alone (the floor), load, load + IR and the
//!   whole `codegen::generate`, best and median of N runs, and the peak
//!   memory of this process;
//! - scale: `xtask generate` of a spec of four renamed copies of the spec
//!   (`scale.rs`) and of one copy made alike, each in fresh processes, as a
//!   ratio, and the `cargo check` of its crate as a ratio to the spec's;
//! - builds (`builds.rs`): `cargo check`, dev and release builds of the
//!   generated crate, all features and the `chat` resource alone, beside
//!   async-openai (pinned, fetched from crates.io) with all its API features
//!   and with `chat-completion` alone; dependencies are built first, so
//!   only the crate itself is timed.
//!
//! Timings mean something only for an optimized generator, so a debug build
//! of xtask (what the `cargo xtask` alias runs) re-runs itself through
//! `cargo run --release`.

mod builds;
mod process;
mod scale;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use builds::Stage;

use codegen::{CrateOptions, SpecSource};

const USAGE: &str = "usage: cargo xtask bench [--spec FILE] [--runs N] [--skip-build] [--no-yardstick] [--no-scale]";

/// The spec measured by default, relative to the workspace root.
const DEFAULT_SPEC: &str = "../shared/specs/openai.yaml";

/// Set in the environment of the release re-run, so it never re-runs again.
const RELEASE_RUN: &str = "XTASK_BENCH_RELEASE_RUN";

const GENERATION_TARGET: Duration = Duration::from_millis(250);
/// Generation within this many times the YAML parse alone, on one thread
/// (generation itself parses a big spec on two).
const GENERATION_FLOOR_RATIO: f64 = 3.0;
const GENERATION_PEAK_TARGET: u64 = 200_000_000;
/// Copies in the scale spec, and the most its figures may grow over one copy.
const SCALE_COPIES: usize = 4;
const SCALE_RATIO_TARGET: f64 = 4.4;
/// Whole crate, all features: check, dev build, release build.
const FULL_TARGETS: [Duration; 3] = [Duration::from_secs(10), Duration::from_secs(15), Duration::from_secs(25)];
const FULL_PEAK_TARGET: u64 = 1_000_000_000;
/// Ours over the yardstick, all features.
const YARDSTICK_RATIO_TARGET: f64 = 0.4;
/// One resource (`chat`): dev build.
const ONE_RESOURCE_DEV_TARGET: Duration = Duration::from_secs(5);
/// The resource built alone, ours and the yardstick's name for it.
const ONE_RESOURCE: (&str, &str) = ("chat", "chat-completion");

struct Args {
    spec: PathBuf,
    runs: usize,
    skip_build: bool,
    yardstick: bool,
    scale: bool,
}

fn parse_args(raw: &[String]) -> Result<Args, String> {
    let mut args = Args { spec: PathBuf::from(DEFAULT_SPEC), runs: 5, skip_build: false, yardstick: true, scale: true };
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
            "--no-yardstick" => args.yardstick = false,
            "--no-scale" => args.scale = false,
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

/// A figure and its verdict, printed under the table.
struct Target {
    what: String,
    measured: String,
    met: bool,
}

/// The closing table: one row per subject, columns as in issue 12.
#[derive(Default)]
struct Table {
    rows: Vec<[String; 7]>,
    targets: Vec<Target>,
}

impl Table {
    fn row(&mut self, label: &str, cells: [&str; 6]) {
        let [a, b, c, d, e, f] = cells.map(str::to_string);
        self.rows.push([label.to_string(), a, b, c, d, e, f]);
    }

    fn target(&mut self, what: impl Into<String>, measured: impl Into<String>, met: bool) {
        self.targets.push(Target { what: what.into(), measured: measured.into(), met });
    }

    fn print(&self) {
        println!();
        println!("| | generation (median) | peak RSS | `cargo check` | dev build | release build | peak rustc |");
        println!("|---|---|---|---|---|---|---|");
        for row in &self.rows {
            println!("| {} |", row.join(" | "));
        }
        println!();
        println!("| target | measured | |");
        println!("|---|---|---|");
        for t in &self.targets {
            println!("| {} | {} | {} |", t.what, t.measured, if t.met { "ok" } else { "MISSED" });
        }
    }
}

fn bench(args: &Args, spec: &Path, root: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    let module = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let source = SpecSource { file: spec.display().to_string(), module: module.clone(), text, config: None };
    let crate_name = crate_name(&module);
    let options = CrateOptions { name: crate_name.clone(), standalone: true, ..Default::default() };
    let runs = args.runs;
    let mut table = Table::default();

    println!("spec {} ({:.2} MB), {runs} runs, release build of xtask", spec.display(), mb(source.text.len() as u64));
    println!("{:<38} {:>10} {:>10}", "", "best", "median");
    let (yaml, _) = measure(runs, || codegen::load::parse_yaml_on_one_thread(&source.text).map_err(|e| e.message))?;
    row("YAML parse, one thread (the floor)", &yaml);
    let (yaml_two, _) = measure(runs, || codegen::load::parse_yaml(&source.text).map_err(|e| e.message))?;
    row("YAML parse, as loading runs it", &yaml_two);
    let (load, _) = measure(runs, || codegen::load::load(&source.file, &source.text).map_err(err))?;
    row("load (YAML, normalize, openapiv3)", &load);
    let (lower, _) = measure(runs, || codegen::lower(&source).map_err(err))?;
    row("load + IR", &lower);
    let sources = [source];
    let (whole, generated) = measure(runs, || codegen::generate(&sources, &options).map_err(err))?;
    row("generation (load, IR, emit, format)", &whole);
    let peak = process::max_rss(libc::RUSAGE_SELF)?;
    let floor_ratio = whole[1].as_secs_f64() / yaml[1].as_secs_f64().max(f64::MIN_POSITIVE);
    table.target(
        "generation, median",
        format!("{} (≤ {})", fmt_duration(whole[1]), fmt_duration(GENERATION_TARGET)),
        whole[1] <= GENERATION_TARGET,
    );
    table.target(
        "generation ÷ YAML parse alone (one thread)",
        format!("{floor_ratio:.1}× (≤ {GENERATION_FLOOR_RATIO}×)"),
        floor_ratio <= GENERATION_FLOOR_RATIO,
    );
    table.target(
        "peak memory of generation",
        format!("{} (≤ {})", fmt_bytes(peak), fmt_bytes(GENERATION_PEAK_TARGET)),
        peak <= GENERATION_PEAK_TARGET,
    );

    let lines: usize = generated.files.iter().filter(|(p, _)| p.ends_with(".rs")).map(|(_, t)| t.lines().count()).sum();
    let operations: usize = generated.apis.iter().map(|a| a.operations.len()).sum();
    let types: usize = generated.apis.iter().map(|a| a.types.len()).sum();
    println!("generated crate: {operations} operations, {types} types, {} lines of Rust", thousands(lines));

    let bench_dir = root.join("target").join("bench");
    let scaled = if args.scale {
        Some(scale_generation(&sources[0], &options, runs, &bench_dir.join("scale"), &mut table)?)
    } else {
        None
    };

    let gen_cells = [fmt_duration(whole[1]), fmt_bytes(peak)];
    if args.skip_build {
        table.row(&format!("ours, {module}"), [&gen_cells[0], &gen_cells[1], "", "", "", ""]);
        table.row("YAML parse alone (one thread)", [&fmt_duration(yaml[1]), "", "", "", "", ""]);
        table.print();
        return Ok(());
    }

    // Not inside a crate's directory: writing a crate replaces it whole.
    let target_dir = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir).join("bench"),
        None => bench_dir.join("target"),
    };
    std::fs::create_dir_all(&target_dir).map_err(|e| format!("{}: {e}", target_dir.display()))?;
    let log = target_dir.join("build.log");
    std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
    let builder = builds::Builder { target_dir, log };
    println!("builds: output in {}", builder.log.display());

    let dir = bench_dir.join(&module);
    let write = crate_writer(&dir, &generated.files, root);
    let ours = |features: &[&str]| builds::Subject {
        manifest: dir.join("Cargo.toml"),
        packages: packages(&crate_name, &generated.apis),
        features: features.iter().map(|s| s.to_string()).collect(),
        write: &write,
    };
    println!("timing the generated crate, all features...");
    let ours_full = builder.time(&ours(&[]), &Stage::ALL)?;
    table.row(&format!("ours ({module}), all features"), cells(&gen_cells, &ours_full).each_ref().map(String::as_str));
    for (stage, (usage, target)) in Stage::ALL.iter().zip(ours_full.iter().zip(FULL_TARGETS)) {
        table.target(
            format!("all features, {}", stage.label()),
            format!("{} (≤ {})", fmt_duration(usage.wall), fmt_duration(target)),
            usage.wall <= target,
        );
    }
    let peak_rustc = ours_full.iter().map(|u| u.max_rss).max().unwrap_or(0);
    table.target(
        "all features, peak rustc memory",
        format!("{} (≤ {})", fmt_bytes(peak_rustc), fmt_bytes(FULL_PEAK_TARGET)),
        peak_rustc <= FULL_PEAK_TARGET,
    );

    let (resource, their_resource) = ONE_RESOURCE;
    // The IR says which features the crate has; its Cargo.toml only prints them.
    let has_resource = generated.apis.iter().any(|api| api.features.resources.iter().any(|f| f.name == resource));
    let ours_one = if has_resource {
        println!("timing the generated crate, `{resource}` alone...");
        let one = builder.time(&ours(&["--no-default-features", "--features", resource]), &Stage::ALL)?;
        table.target(
            format!("`{resource}` alone, dev build"),
            format!("{} (≤ {})", fmt_duration(one[1].wall), fmt_duration(ONE_RESOURCE_DEV_TARGET)),
            one[1].wall <= ONE_RESOURCE_DEV_TARGET,
        );
        Some(one)
    } else {
        println!("the generated crate has no `{resource}` feature: no one-resource figures");
        None
    };

    if args.yardstick {
        let yard_dir = bench_dir.join("yardstick");
        let manifest = builds::write_yardstick(&yard_dir)?;
        let none = |_: bool| Ok(());
        let theirs = |feature: &str| builds::Subject {
            manifest: manifest.clone(),
            packages: vec!["async-openai".into()],
            features: vec!["--features".into(), feature.into()],
            write: &none,
        };
        println!("timing async-openai {}, all API features (`full`)...", builds::YARDSTICK_VERSION);
        let their_full = builder.time(&theirs("full"), &Stage::ALL)?;
        table.row(
            &format!("async-openai {}, `full`", builds::YARDSTICK_VERSION),
            cells(&["–".into(), "–".into()], &their_full).each_ref().map(String::as_str),
        );
        let ratios = ratio_cells(&ours_full, &their_full, wall);
        table.row("ours ÷ async-openai (wall)", ["", "", &ratios[0], &ratios[1], &ratios[2], &ratios[3]]);
        let ratios = ratio_cells(&ours_full, &their_full, cpu);
        table.row("ours ÷ async-openai (CPU)", ["", "", &ratios[0], &ratios[1], &ratios[2], &ratios[3]]);
        // Judged on the time a user waits: a split spec's crates are built
        // side by side, so its wall time is below its CPU time (both printed).
        for (i, stage) in Stage::ALL.iter().enumerate() {
            let ratio = |by: fn(&process::Usage) -> f64| by(&ours_full[i]) / by(&their_full[i]).max(f64::MIN_POSITIVE);
            let (r, r_cpu) = (ratio(wall), ratio(cpu));
            table.target(
                format!("all features, {} ÷ async-openai (wall; CPU beside)", stage.label()),
                format!("{r:.2} (≤ {YARDSTICK_RATIO_TARGET}; CPU {r_cpu:.2})"),
                r <= YARDSTICK_RATIO_TARGET,
            );
        }
        if let Some(one) = &ours_one {
            table.row(
                &format!("ours, `{resource}` alone"),
                cells(&["".into(), "".into()], one).each_ref().map(String::as_str),
            );
        }
        println!("timing async-openai, `{their_resource}` alone...");
        let their_one = builder.time(&theirs(resource), &Stage::ALL)?;
        table.row(
            &format!("async-openai, `{their_resource}` alone"),
            cells(&["–".into(), "–".into()], &their_one).each_ref().map(String::as_str),
        );
        if let Some(one) = &ours_one {
            let ratios = ratio_cells(one, &their_one, wall);
            table.row("ours ÷ async-openai (wall)", ["", "", &ratios[0], &ratios[1], &ratios[2], &ratios[3]]);
            let ratios = ratio_cells(one, &their_one, cpu);
            table.row("ours ÷ async-openai (CPU)", ["", "", &ratios[0], &ratios[1], &ratios[2], &ratios[3]]);
        }
    } else if let Some(one) = &ours_one {
        table.row(
            &format!("ours, `{resource}` alone"),
            cells(&["".into(), "".into()], one).each_ref().map(String::as_str),
        );
    }
    table.row("YAML parse alone (our loader, one thread)", [&fmt_duration(yaml[1]), "", "", "", "", ""]);

    if let Some((scaled, gen_ratio, gen_median)) = scaled {
        let name = format!("{crate_name}_x{SCALE_COPIES}");
        let dir = bench_dir.join(format!("{module}-x{SCALE_COPIES}"));
        let write = crate_writer(&dir, &scaled.files, root);
        println!("timing `cargo check` of the crate of {SCALE_COPIES} copies...");
        let subject = builds::Subject {
            manifest: dir.join("Cargo.toml"),
            packages: packages(&name, &scaled.apis),
            features: vec![],
            write: &write,
        };
        let check = builder.time(&subject, &[Stage::Check])?;
        let check_ratio = check[0].cpu.as_secs_f64() / ours_full[0].cpu.as_secs_f64().max(f64::MIN_POSITIVE);
        table.row(
            &format!("{SCALE_COPIES} renamed copies of {module} (generation: `xtask generate`, fresh process)"),
            [
                &format!("{} ({gen_ratio:.2}×)", fmt_duration(gen_median)),
                "",
                &format!("{} ({check_ratio:.2}×)", fmt_duration(check[0].wall)),
                "",
                "",
                &fmt_bytes(check[0].max_rss),
            ],
        );
        table.target(
            format!("{SCALE_COPIES} copies, `cargo check` ÷ one (CPU)"),
            format!("{check_ratio:.2}× (≤ {SCALE_RATIO_TARGET}×)"),
            check_ratio <= SCALE_RATIO_TARGET,
        );
    }
    table.print();
    Ok(())
}

/// Generation of the scale spec: its median, and its ratio to one copy's.
/// Both run as a user runs them, `xtask generate` in a fresh process that
/// reads the spec and writes the crate: in one process, run after run, the
/// allocator's reuse of what the runs before freed favours the smaller spec.
/// One copy is made and written the same way (renamed, as one line of JSON,
/// which YAML reads in flow style, slower per byte than the spec's block
/// style), so the ratio measures growth alone, not the text's form.
fn scale_generation(
    source: &SpecSource,
    options: &CrateOptions,
    runs: usize,
    dir: &Path,
    table: &mut Table,
) -> Result<(codegen::Generated, f64, Duration), String> {
    let (value, _) = codegen::load::parse_yaml(&source.text).map_err(|e| e.message)?;
    let exe = std::env::current_exe().map_err(|e| format!("this program's path: {e}"))?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let spec = |n: usize| -> Result<(SpecSource, PathBuf), String> {
        let text = serde_json::to_string(&scale::copies(&value, n)).map_err(|e| e.to_string())?;
        let module = format!("{}_x{n}", source.module);
        let path = dir.join(format!("{module}.json"));
        std::fs::write(&path, &text).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok((SpecSource { file: format!("{} ×{n}", source.file), module, text, config: None }, path))
    };
    // Every run writes the whole crate into an empty directory, as the first
    // generation does (a later one writes only what changed).
    let run = |module: &str, path: &Path| -> Result<Duration, String> {
        let out = dir.join(module);
        if out.exists() {
            std::fs::remove_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
        }
        let mut command = std::process::Command::new(&exe);
        command.arg("generate").arg("--spec").arg(path).arg("--out").arg(&out);
        Ok(process::run_logged(command, &dir.join(format!("{module}.log")))?.wall)
    };
    let (one_spec, one_path) = spec(1)?;
    let (copies, all_path) = spec(SCALE_COPIES)?;
    // Alternated, so a drift in the machine's speed falls on both alike.
    let (mut ones, mut alls) = (Vec::new(), Vec::new());
    for _ in 0..runs.max(1) {
        ones.push(run(&one_spec.module, &one_path)?);
        alls.push(run(&copies.module, &all_path)?);
    }
    let (one, all) = (best_and_median(ones), best_and_median(alls));
    row("`xtask generate`, 1 copy (JSON)", &one);
    row(&format!("`xtask generate`, {SCALE_COPIES} copies (JSON)"), &all);
    let (one, all) = (one[1], all[1]);
    let ratio = all.as_secs_f64() / one.as_secs_f64().max(f64::MIN_POSITIVE);
    table.target(
        format!("{SCALE_COPIES} copies, generation ÷ one"),
        format!("{ratio:.2}× (≤ {SCALE_RATIO_TARGET}×)"),
        ratio <= SCALE_RATIO_TARGET,
    );
    let options = CrateOptions { name: format!("{}_x{SCALE_COPIES}", options.name), ..options.clone() };
    let generated = codegen::generate(std::slice::from_ref(&copies), &options).map_err(err)?;
    Ok((generated, ratio, all))
}

/// The generated crate's packages: its own and those under `parts/` (a split spec's).
fn packages(crate_name: &str, apis: &[codegen::ir::Api]) -> Vec<String> {
    std::iter::once(crate_name.to_string()).chain(codegen::emit::side_packages(apis, crate_name)).collect()
}

/// Writes a generated crate standalone, or (`full == false`) the same crate
/// with an empty `lib.rs`, whose build is the dependencies alone.
fn crate_writer<'a>(
    dir: &'a Path,
    files: &'a codegen::Files,
    root: &'a Path,
) -> impl Fn(bool) -> Result<(), String> + 'a {
    move |full| {
        let mut files = files.clone();
        if !full {
            // Still marked as ours, so the real crate may replace it; a split
            // spec's type and runtime crates are stubbed too, so all of them are timed.
            for (path, text) in files.iter_mut() {
                if path.ends_with("src/lib.rs") {
                    *text = format!("{}\n", codegen::emit::HEADER);
                }
            }
        }
        codegen::output::write_all(dir, &files).map_err(|e| format!("{}: {e}", dir.display()))?;
        // The workspace's lock file pins the dependency versions it builds
        // with, and spares a resolution against the registry.
        let lock = root.join("Cargo.lock");
        if lock.is_file() {
            std::fs::copy(&lock, dir.join("Cargo.lock")).map_err(|e| format!("{}: {e}", lock.display()))?;
        }
        Ok(())
    }
}

/// Table cells: generation and peak RSS as given, then check, dev, release
/// and the peak rustc memory of the three.
fn cells(generation: &[String; 2], usages: &[process::Usage]) -> [String; 6] {
    let peak = usages.iter().map(|u| u.max_rss).max().unwrap_or(0);
    let time = |i: usize| {
        let Some(u) = usages.get(i) else { return String::new() };
        format!("{} ({} CPU)", fmt_duration(u.wall), fmt_duration(u.cpu))
    };
    [generation[0].clone(), generation[1].clone(), time(0), time(1), time(2), fmt_bytes(peak)]
}

/// Ours ÷ theirs for check, dev, release (CPU time: wall time swings with
/// whatever else the machine runs between two builds) and peak memory.
fn wall(usage: &process::Usage) -> f64 {
    usage.wall.as_secs_f64()
}

fn cpu(usage: &process::Usage) -> f64 {
    usage.cpu.as_secs_f64()
}

/// Check, dev and release build times of `ours` over `theirs`, each `by` wall or CPU time, and peak memory.
fn ratio_cells(ours: &[process::Usage], theirs: &[process::Usage], by: fn(&process::Usage) -> f64) -> [String; 4] {
    let r = |a: f64, b: f64| format!("{:.2}", a / b.max(f64::MIN_POSITIVE));
    let peak = |u: &[process::Usage]| u.iter().map(|u| u.max_rss).max().unwrap_or(0) as f64;
    [
        r(by(&ours[0]), by(&theirs[0])),
        r(by(&ours[1]), by(&theirs[1])),
        r(by(&ours[2]), by(&theirs[2])),
        r(peak(ours), peak(theirs)),
    ]
}

/// Best and median of `runs` runs of `f`, and what the last run returned.
/// Each result is dropped before the next run starts its clock: a stage's
/// time is its work, not the freeing of what it built (the CLI exits without
/// freeing), and no two results are held at once.
fn measure<T>(runs: usize, mut f: impl FnMut() -> Result<T, String>) -> Result<([Duration; 2], T), String> {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs.max(1) {
        drop(last.take());
        let start = Instant::now();
        let value = f()?;
        times.push(start.elapsed());
        last = Some(value);
    }
    Ok((best_and_median(times), last.ok_or("no run")?))
}

/// The shortest and the median of `times` (the mean of the middle two when
/// their number is even); `times` is not empty.
fn best_and_median(mut times: Vec<Duration>) -> [Duration; 2] {
    times.sort();
    let n = times.len();
    let median = if n % 2 == 1 { times[n / 2] } else { (times[n / 2 - 1] + times[n / 2]) / 2 };
    [times[0], median]
}

fn row(label: &str, times: &[Duration; 2]) {
    println!("{label:<38} {:>10} {:>10}", fmt_duration(times[0]), fmt_duration(times[1]));
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
        assert_eq!(
            (parsed.spec.as_path(), parsed.runs, parsed.skip_build, parsed.yardstick, parsed.scale),
            (Path::new(DEFAULT_SPEC), 5, false, true, true)
        );
        let parsed =
            args(&["--runs", "3", "--skip-build", "--spec", "x.yaml", "--no-yardstick", "--no-scale"]).unwrap();
        assert_eq!(
            (parsed.spec.as_path(), parsed.runs, parsed.skip_build, parsed.yardstick, parsed.scale),
            (Path::new("x.yaml"), 3, true, false, false)
        );
        assert!(args(&["--runs", "0"]).is_err());
        assert!(args(&["--runs"]).is_err());
        assert!(args(&["--fast"]).is_err());
    }

    #[test]
    fn median_and_names() {
        let mut n = 0;
        let (times, last) = measure(4, || {
            n += 1;
            std::thread::sleep(Duration::from_millis(n));
            Ok(n)
        })
        .unwrap();
        assert!(times[0] <= times[1]);
        assert_eq!(last, 4);
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
