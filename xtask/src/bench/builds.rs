//! The build side of the bench: `cargo check`, a dev build and a release
//! build of one crate, its dependencies built beforehand, for the generated
//! crate and for the yardstick, async-openai at a pinned version fetched from
//! crates.io into `target/bench/` (nothing of it is committed).

use std::path::{Path, PathBuf};
use std::process::Command;

use super::process::{run_logged, Usage};

/// The yardstick: the most used hand-written OpenAI client crate.
pub const YARDSTICK_VERSION: &str = "0.43.0";

/// The three builds a user waits for.
#[derive(Clone, Copy)]
pub enum Stage {
    Check,
    Dev,
    Release,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::Check, Stage::Dev, Stage::Release];

    fn args(self) -> &'static [&'static str] {
        match self {
            Stage::Check => &["check"],
            Stage::Dev => &["build"],
            Stage::Release => &["build", "--release"],
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Stage::Check => "cargo check",
            Stage::Dev => "dev build",
            Stage::Release => "release build",
        }
    }
}

/// One crate whose own compilation is timed.
pub struct Subject<'a> {
    pub manifest: PathBuf,
    /// The packages whose artifacts are removed before each measured build:
    /// the generated crate (and its type and runtime crates under `parts/`,
    /// when its spec is split), or async-openai under its wrapper.
    pub packages: Vec<String>,
    /// Feature arguments (`--no-default-features`, `--features chat`).
    pub features: Vec<String>,
    /// Writes the crate's sources: `false` a stub with the same dependencies
    /// (so the warm-up builds only those), `true` the real ones.
    pub write: &'a dyn Fn(bool) -> Result<(), String>,
}

/// Shared by every subject, so dependencies are built once per feature set.
pub struct Builder {
    pub target_dir: PathBuf,
    pub log: PathBuf,
}

impl Builder {
    fn cargo(&self, subject: &Subject, args: &[&str]) -> Command {
        let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        command
            .args(args)
            .arg("--manifest-path")
            .arg(&subject.manifest)
            .env("CARGO_TARGET_DIR", &self.target_dir)
            // A user's first build of a dependency is never incremental.
            .env("CARGO_INCREMENTAL", "0");
        command
    }

    /// Times `stages` of `subject`: for each, a warm-up build (dependencies,
    /// and the stub), then the subject's own artifacts removed, then the
    /// measured build.
    pub fn time(&self, subject: &Subject, stages: &[Stage]) -> Result<Vec<Usage>, String> {
        let mut usages = Vec::new();
        for &stage in stages {
            (subject.write)(false)?;
            let mut warm: Vec<&str> = stage.args().to_vec();
            warm.extend(subject.features.iter().map(String::as_str));
            run_logged(self.cargo(subject, &warm), &self.log)?;
            (subject.write)(true)?;
            let mut clean = vec!["clean"];
            for package in &subject.packages {
                clean.extend(["--package", package.as_str()]);
            }
            if matches!(stage, Stage::Release) {
                clean.push("--release");
            }
            run_logged(self.cargo(subject, &clean), &self.log)?;
            let usage = run_logged(self.cargo(subject, &warm), &self.log)?;
            println!(
                "  {:<14} {:>9.2} s wall, {:>7.2} s CPU, peak {:.2} GB",
                stage.label(),
                usage.wall.as_secs_f64(),
                usage.cpu.as_secs_f64(),
                usage.max_rss as f64 / 1e9
            );
            usages.push(usage);
        }
        Ok(usages)
    }
}

/// Writes the yardstick's wrapper crate: async-openai pinned, its API
/// features behind two features of ours, `full` (all of them) and `chat`
/// (`chat-completion` only), with its default TLS (rustls).
pub fn write_yardstick(dir: &Path) -> Result<PathBuf, String> {
    let manifest = format!(
        "[package]\nname = \"yardstick\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nasync-openai = \"={YARDSTICK_VERSION}\"\n\n\
         [features]\nfull = [\"async-openai/full\"]\nchat = [\"async-openai/chat-completion\"]\n\n\
         [workspace]\n"
    );
    let src = dir.join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    let write = |path: PathBuf, text: &str| std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()));
    write(dir.join("Cargo.toml"), &manifest)?;
    write(src.join("lib.rs"), "//! Builds async-openai, the bench's yardstick.\npub use async_openai;\n")?;
    Ok(dir.join("Cargo.toml"))
}
