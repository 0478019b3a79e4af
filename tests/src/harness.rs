//! What the tests against `../shared/specs` share: one generated crate per spec
//! under `target/full-specs`, programs built against it, installing pinned
//! tools, child processes that are killed on drop, commands bounded in time,
//! and the canned upstream answers of the parity and gateway tests.

use std::fs;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use wiremock::matchers::{body_partial_json, method, path, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Building a full-spec crate takes 2–4 minutes on a shared 2-core machine.
pub const BUILD_TIMEOUT: Duration = Duration::from_secs(30 * 60);
pub const INSTALL_TIMEOUT: Duration = Duration::from_secs(300);
/// One run of a program making a few dozen calls to loopback servers.
pub const RUN_TIMEOUT: Duration = Duration::from_secs(180);

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

/// `../shared/specs/<stem>.yaml`, or `None` after saying the test is skipped.
pub fn spec(stem: &str) -> Option<PathBuf> {
    let file = root().join("../shared/specs").join(format!("{stem}.yaml"));
    if !file.is_file() {
        println!("skipped: {} not found", file.display());
        return None;
    }
    Some(file)
}

/// The first of `programs` whose `--version` runs; `None` after saying the
/// test is skipped.
pub fn find_program<'a>(programs: &[&'a str]) -> Option<&'a str> {
    let runs = |p: &str| Command::new(p).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok();
    let found = programs.iter().copied().find(|p| runs(p));
    if found.is_none() {
        println!("skipped: none of {programs:?} found");
    }
    found
}

/// The target directory shared by generated crates and what depends on them.
pub fn full_specs_target() -> PathBuf {
    root().join("target/full-specs-target")
}

/// Writes `text` to `path` unless it is there already (cargo then keeps its build).
pub fn write_if_changed(path: &Path, text: &str) {
    if fs::read_to_string(path).ok().as_deref() == Some(text) {
        return;
    }
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// The crate every full-spec test shares for `stem`: generated from `spec` into
/// `target/full-specs/<stem>` as `full-specs-<stem>`, with the example and the
/// contract tests. Only files that changed are written, and the programs the
/// tests add under `examples/` stay, so cargo builds each spec's crate once for
/// all the tests.
pub fn full_spec_crate(spec: &Path, stem: &str) -> Result<(PathBuf, codegen::Generated), String> {
    let source = codegen::SpecSource {
        file: format!("../shared/specs/{stem}.yaml"),
        module: stem.to_string(),
        text: fs::read_to_string(spec).map_err(|e| format!("{}: {e}", spec.display()))?,
        // The project's own config for a public spec lives under tests/configs.
        config: codegen::config::beside(&root().join("tests/configs").join(format!("{stem}.yaml")))
            .map_err(|e| e.to_string())?,
    };
    let options = codegen::CrateOptions {
        name: format!("full-specs-{}", stem.replace('.', "-")),
        standalone: true,
        example_tests: true,
        contract_tests: true,
    };
    let generated = codegen::generate(&[source], &options).map_err(|e| e.to_string())?;
    let dir = root().join("target/full-specs").join(stem);
    let io = |e: std::io::Error| format!("{}: {e}", dir.display());
    let diff = codegen::output::diff(&dir, &generated.files).map_err(io)?;
    for rel in diff.changed.iter().chain(&diff.added) {
        write_if_changed(&dir.join(rel), &generated.files[rel]);
    }
    let ours = |rel: &&String| *rel != "Cargo.lock" && !rel.starts_with("examples/");
    for rel in diff.removed.iter().filter(ours) {
        fs::remove_file(dir.join(rel)).map_err(io)?;
    }
    Ok((dir, generated))
}

/// Adds `program` (a file of this repository) to the generated crate at
/// `crate_dir` as the example `name` and builds it in the target directory the
/// full-spec tests share (the same build of the crate); the path of the binary.
/// Warnings in the program fail the test.
pub fn build_example(crate_dir: &Path, name: &str, program: &Path) -> PathBuf {
    let source = fs::read_to_string(program).unwrap_or_else(|e| panic!("{}: {e}", program.display()));
    write_if_changed(&crate_dir.join("examples").join(format!("{name}.rs")), &source);
    let started = Instant::now();
    let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cargo
        .args(["build", "--message-format=short", "--example", name])
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", full_specs_target())
        .env_remove("RUSTFLAGS");
    let log = crate_dir.with_extension(format!("{name}.build.log"));
    let (ok, output) = run_bounded(cargo, &log, BUILD_TIMEOUT);
    assert!(ok, "building {name} failed:\n{}", tail(&output, 60));
    let file = format!("examples/{name}.rs");
    let warnings: Vec<&str> = output.lines().filter(|l| l.contains(&file) && l.contains("warning")).collect();
    assert!(warnings.is_empty(), "{} has warnings:\n{}", program.display(), warnings.join("\n"));
    println!("built {name} in {:.0?}", started.elapsed());
    full_specs_target().join("debug/examples").join(name)
}

/// Runs `cmd` with stdout and stderr into `log`, killed after `timeout`:
/// whether it succeeded, and the log.
pub fn run_bounded(mut cmd: Command, log: &Path, timeout: Duration) -> (bool, String) {
    let out = fs::File::create(log).unwrap_or_else(|e| panic!("{}: {e}", log.display()));
    let child = cmd
        .stdin(Stdio::null())
        .stdout(out.try_clone().unwrap())
        .stderr(out)
        .spawn()
        .unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    let mut child = Killed(child);
    let deadline = Instant::now() + timeout;
    let status = loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            drop(child);
            let text = fs::read_to_string(log).unwrap_or_default();
            panic!("{cmd:?} took longer than {timeout:?}:\n{}", tail(&text, 30));
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    (status.success(), fs::read_to_string(log).unwrap_or_default())
}

/// A child process, killed and reaped on drop (so also when a test panics).
pub struct Killed(pub Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits until `port` on 127.0.0.1 accepts connections; panics with the
/// process's log when it exits or `timeout` passes.
pub fn wait_listening(child: &mut Killed, port: u16, log: &Path, timeout: Duration) {
    let deadline = Instant::now() + timeout;
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.0.try_wait() {
            panic!("exited ({status}) before listening:\n{}", tail(&fs::read_to_string(log).unwrap_or_default(), 30));
        }
        assert!(Instant::now() < deadline, "not listening on {port} after {timeout:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A free loopback port (free when asked; nothing else here binds ports by number).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Runs an install step once per `marker_text`: when `dir/marker` already holds
/// it, nothing is done. The marker is written last, so it marks a finished install.
pub fn install_once(dir: &Path, marker: &str, marker_text: &str, install: impl FnOnce(&Path)) {
    let marker = dir.join(marker);
    if fs::read_to_string(&marker).ok().as_deref() == Some(marker_text) {
        return;
    }
    let _ = fs::remove_file(&marker);
    fs::create_dir_all(dir).unwrap();
    install(dir);
    fs::write(&marker, marker_text).unwrap();
}

/// Installs the npm packages `package.json` and `package-lock.json` in
/// `from` (a folder of this repository) pin, into `dir` with `npm ci`; once
/// per lock file.
pub fn npm_install(dir: &Path, from: &Path) {
    let lock = fs::read_to_string(from.join("package-lock.json")).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    install_once(dir, "package-lock.installed", &lock, |dir| {
        fs::copy(from.join("package.json"), dir.join("package.json")).unwrap();
        fs::write(dir.join("package-lock.json"), &lock).unwrap();
        let mut npm = Command::new("npm");
        npm.args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"]).current_dir(dir);
        let (ok, out) = run_bounded(npm, &dir.join("npm.log"), INSTALL_TIMEOUT);
        assert!(ok, "npm ci of {} failed:\n{}", from.display(), tail(&out, 30));
    });
}

/// The last `lines` lines of `text`.
pub fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Mounts the canned answers of `tests/parity/responses.json` on `server`.
pub async fn mount_canned(server: &MockServer) {
    let file = root().join("tests/parity/responses.json");
    let text = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    for answer in doc["responses"].as_array().expect("`responses` array") {
        let verb = answer["method"].as_str().expect("method");
        let mut mock = Mock::given(method(verb));
        mock = match (answer["path"].as_str(), answer["path_prefix"].as_str()) {
            (Some(exact), _) => mock.and(path(exact)),
            (None, Some(prefix)) => mock.and(path_regex(format!("^{}", regex_escape(prefix)))),
            _ => panic!("neither path nor path_prefix: {answer}"),
        };
        let streamed = answer["stream"].as_bool() == Some(true);
        if streamed {
            mock = mock.and(body_partial_json(serde_json::json!({ "stream": true })));
        }
        let response = if let Some(events) = answer["sse"].as_array() {
            let mut body = String::new();
            for event in events {
                if let Some(name) = event["event"].as_str() {
                    body.push_str(&format!("event: {name}\n"));
                }
                let data = match &event["data"] {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                body.push_str(&format!("data: {data}\n\n"));
            }
            ResponseTemplate::new(200).set_body_raw(body, "text/event-stream")
        } else if let Some(text) = answer["text"].as_str() {
            let content_type = answer["content_type"].as_str().unwrap_or("text/plain");
            ResponseTemplate::new(200).set_body_raw(text.as_bytes().to_vec(), content_type)
        } else {
            ResponseTemplate::new(200).set_body_json(&answer["json"])
        };
        let response = response.insert_header("x-request-id", "req_canned");
        // Streamed answers first: they match a subset of the plain ones' requests.
        mock.respond_with(response).with_priority(if streamed { 1 } else { 5 }).mount(server).await;
    }
}

fn regex_escape(text: &str) -> String {
    text.chars().fold(String::new(), |mut out, c| {
        if !c.is_alphanumeric() && c != '/' && c != '_' && c != '-' {
            out.push('\\');
        }
        out.push(c);
        out
    })
}

/// What a test reports: each line is printed (seen with `--nocapture`) and kept
/// in `target/test-reports/<test>.txt`, which CI prints after the run, so the
/// counts are in its log even when the tests pass quietly.
pub struct Report {
    file: PathBuf,
}

impl Report {
    /// Starts the report of `test`, replacing an earlier run's.
    pub fn new(test: &str) -> Report {
        let dir = root().join("target/test-reports");
        fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let file = dir.join(format!("{test}.txt"));
        fs::write(&file, "").unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        Report { file }
    }

    pub fn line(&self, line: &str) {
        use std::io::Write;
        println!("{line}");
        let mut file = fs::OpenOptions::new().append(true).open(&self.file).expect("report file");
        writeln!(file, "{line}").expect("report file");
    }
}

/// The lines of the first ```` ```rust ```` block after `heading` in README.md.
pub fn readme_block(heading: &str) -> Vec<String> {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let after = &readme[readme.find(heading).unwrap_or_else(|| panic!("README has no `{heading}`"))..];
    let start = after.find("```rust").expect("a rust block after the heading");
    let block = &after[start..];
    let body = &block[block.find('\n').unwrap() + 1..];
    body[..body.find("```").unwrap()].lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect()
}

/// The README block after `heading` as a program for the full-spec crate
/// `full-specs-<stem>`: rustdoc's hidden lines (`# …`) kept, `generated::` read
/// as that crate, a `main` added that names the `demo` function the block holds.
pub fn readme_program(heading: &str, stem: &str) -> String {
    let krate = format!("full_specs_{}", stem.replace(['.', '-'], "_"));
    let lines: Vec<String> =
        readme_block(heading).iter().map(|l| l.replace("generated::", &format!("{krate}::"))).collect();
    doc_program(&format!("README: the block after {heading:?}."), &lines, "demo")
}

/// A rustdoc code block as a program: its hidden lines (`# …`) kept, and a
/// `main` naming `entry`, the function the block defines.
pub fn doc_program(title: &str, lines: &[impl AsRef<str>], entry: &str) -> String {
    let code: Vec<&str> = lines.iter().map(|l| l.as_ref()).map(|l| l.strip_prefix("# ").unwrap_or(l)).collect();
    format!("//! {title}\n{}\nfn main() {{\n    let _ = {entry};\n}}\n", code.join("\n"))
}
