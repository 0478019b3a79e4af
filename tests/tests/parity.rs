//! Parity with the official SDK: the OpenAI Python SDK (pinned in
//! `tests/parity/requirements.txt`, installed into a venv under `target/`) and
//! the Rust client generated from the full `../shared/specs/openai.yaml` make the
//! same calls (`tests/parity/calls.py`, `tests/parity/rust_calls.rs`) against two
//! recording loopback servers with the same canned answers
//! (`tests/parity/responses.json`). For each call, the recorded requests must
//! agree: method, path, query, content type (boundary aside), body (JSON as
//! values; multipart as fields with their names, file names, content types and
//! bytes; order aside), credentials and API headers, and both sides must decode
//! the answer. Differences must be listed with a reason in
//! `tests/parity-known-differences.txt`; a listed difference that no longer
//! occurs is stale and fails the test too. Skipped without `../shared/specs`,
//! Python or pip access.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::process::Command;
use std::time::Instant;

use serde_json::Value;
use tests::harness::*;
use wiremock::{MockServer, Request};

const API_KEY: &str = "sk-parity-0123456789";
/// Request headers that belong to the API contract (credentials and options);
/// SDK telemetry (`x-stainless-*`, user agent) and transport headers are not compared.
const API_HEADERS: [&str; 4] = ["authorization", "openai-beta", "openai-organization", "openai-project"];

#[test]
fn rust_client_and_python_sdk_send_the_same_requests() {
    let started = Instant::now();
    let Some(spec) = spec("openai") else { return };
    let Some(python) = find_program(&["python3.11", "python3"]) else { return };
    let work = root().join("target/parity");
    let venv = work.join("venv");
    install_venv(python, &venv);

    let (crate_dir, _) = full_spec_crate(&spec, "openai").unwrap_or_else(|e| panic!("{e}"));
    let program = build_example(&crate_dir, "parity_calls", &root().join("tests/parity/rust_calls.rs"));

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (python_server, rust_server) = runtime.block_on(async {
        let (a, b) = (MockServer::start().await, MockServer::start().await);
        mount_canned(&a).await;
        mount_canned(&b).await;
        (a, b)
    });

    let mut cmd = Command::new(venv.join("bin/python"));
    cmd.env("PYTHONDONTWRITEBYTECODE", "1");
    cmd.arg(root().join("tests/parity/calls.py"));
    let python_out = run_side(cmd, &python_server, &work.join("python.log"));
    let rust_out = run_side(Command::new(&program), &rust_server, &work.join("rust.log"));

    let python_calls = outcomes(&python_out);
    let rust_calls = outcomes(&rust_out);
    let python_requests = runtime.block_on(python_server.received_requests()).unwrap_or_default();
    let rust_requests = runtime.block_on(rust_server.received_requests()).unwrap_or_default();

    let mut names: Vec<String> = python_calls.iter().map(|(n, _)| n.clone()).collect();
    for (name, _) in &rust_calls {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    let mut differences: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut agreeing = 0;
    for name in &names {
        let found = compare_call(name, &python_calls, &rust_calls, &python_requests, &rust_requests);
        if found.is_empty() {
            agreeing += 1;
        }
        for (aspect, detail) in found {
            differences.insert((name.clone(), aspect), detail);
        }
    }

    let known = known_differences();
    for ((call, aspect), detail) in &differences {
        let mark = if known.contains_key(&(call.clone(), aspect.clone())) { "known" } else { "NEW" };
        println!("{mark} {call} {aspect}: {detail}");
    }
    Report::new("parity").line(&format!("parity calls: {}, agreeing: {agreeing}", names.len()));
    println!("parity test: {:.0?}", started.elapsed());

    let unlisted: Vec<String> = differences
        .iter()
        .filter(|(key, _)| !known.contains_key(*key))
        .map(|((call, aspect), detail)| format!("  {call} {aspect}: {detail}"))
        .collect();
    let stale: Vec<String> = known
        .keys()
        .filter(|key| !differences.contains_key(*key))
        .map(|(call, aspect)| format!("  {call} {aspect}"))
        .collect();
    let mut problems = String::new();
    if names.len() < 20 {
        problems.push_str(&format!("only {} calls made:\npython:\n{python_out}\nrust:\n{rust_out}\n", names.len()));
    }
    if !unlisted.is_empty() {
        problems
            .push_str(&format!("differences not in tests/parity-known-differences.txt:\n{}\n", unlisted.join("\n")));
    }
    if !stale.is_empty() {
        problems.push_str(&format!(
            "stale entries in tests/parity-known-differences.txt (these agree now):\n{}\n",
            stale.join("\n")
        ));
    }
    assert!(problems.is_empty(), "{problems}");
}

/// Creates `venv` with the pinned SDK, once per `requirements.txt`.
fn install_venv(python: &str, venv: &std::path::Path) {
    let requirements = root().join("tests/parity/requirements.txt");
    let pinned = fs::read_to_string(&requirements).unwrap();
    install_once(venv, "requirements.installed", &pinned, |dir| {
        let log = dir.with_extension("install.log");
        let mut cmd = Command::new(python);
        cmd.args(["-m", "venv", "--clear"]).arg(dir);
        let (ok, out) = run_bounded(cmd, &log, INSTALL_TIMEOUT);
        assert!(ok, "{python} -m venv failed:\n{}", tail(&out, 30));
        let mut pip = Command::new(dir.join("bin/python"));
        pip.args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "-r"])
            .arg(&requirements);
        let (ok, out) = run_bounded(pip, &log, INSTALL_TIMEOUT);
        assert!(ok, "pip install -r tests/parity/requirements.txt failed:\n{}", tail(&out, 30));
    });
}

/// Runs one side's program against `server`; its output.
fn run_side(mut cmd: Command, server: &MockServer, log: &std::path::Path) -> String {
    let started = Instant::now();
    cmd.env("PARITY_BASE_URL", format!("{}/v1", server.uri())).env("PARITY_API_KEY", API_KEY);
    let (ok, out) = run_bounded(cmd, log, RUN_TIMEOUT);
    assert!(ok, "{} failed:\n{}", log.display(), tail(&out, 40));
    println!("{}: {:.1?}", out.lines().next().unwrap_or("?"), started.elapsed());
    out
}

/// `CALL <name> ok|error <detail>` lines, in order.
fn outcomes(output: &str) -> Vec<(String, Result<String, String>)> {
    output
        .lines()
        .filter_map(|l| l.strip_prefix("CALL "))
        .map(|rest| {
            let (name, rest) = rest.split_once(' ').unwrap_or((rest, ""));
            let (status, detail) = rest.split_once(' ').unwrap_or((rest, ""));
            let outcome = if status == "ok" { Ok(detail.to_string()) } else { Err(detail.to_string()) };
            (name.to_string(), outcome)
        })
        .collect()
}

/// The differences of one call: aspect → what each side did.
fn compare_call(
    name: &str,
    python_calls: &[(String, Result<String, String>)],
    rust_calls: &[(String, Result<String, String>)],
    python_requests: &[Request],
    rust_requests: &[Request],
) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let outcome = |calls: &[(String, Result<String, String>)]| {
        calls.iter().find(|(n, _)| n == name).map(|(_, o)| o.clone()).unwrap_or(Err("not called".into()))
    };
    let (py, rs) = (outcome(python_calls), outcome(rust_calls));
    if py.is_err() || rs.is_err() {
        found.push(("outcome".to_string(), format!("python {py:?} / rust {rs:?}")));
    }
    let tagged = |requests: &[Request]| -> Vec<Seen> {
        requests
            .iter()
            .filter(|r| r.headers.get("x-parity-call").and_then(|v| v.to_str().ok()) == Some(name))
            .map(Seen::from)
            .collect()
    };
    let (py, rs) = (tagged(python_requests), tagged(rust_requests));
    if py.len() != 1 || rs.len() != 1 {
        found.push(("requests".to_string(), format!("python sent {} / rust sent {}", py.len(), rs.len())));
    }
    let (Some(py), Some(rs)) = (py.first(), rs.first()) else { return found };
    let mut aspect = |aspect: &str, a: String, b: String| {
        if a != b {
            found.push((aspect.to_string(), format!("python {a} / rust {b}")));
        }
    };
    aspect("method", py.method.clone(), rs.method.clone());
    aspect("path", py.path.clone(), rs.path.clone());
    aspect("query", format!("{:?}", py.query), format!("{:?}", rs.query));
    aspect("content-type", format!("{:?}", py.content_type), format!("{:?}", rs.content_type));
    aspect("headers", format!("{:?}", py.api_headers), format!("{:?}", rs.api_headers));
    aspect("body", py.body.to_string(), rs.body.to_string());
    found
}

/// What is compared of one recorded request.
struct Seen {
    method: String,
    /// As sent, percent-encoding included.
    path: String,
    /// Decoded pairs, sorted.
    query: Vec<(String, String)>,
    /// Media type and parameters, lowercase, `boundary` left out.
    content_type: Option<String>,
    api_headers: BTreeMap<String, String>,
    body: Body,
}

enum Body {
    None,
    Json(Value),
    /// Sorted parts.
    Multipart(BTreeSet<Part>),
    Other(String),
}

#[derive(PartialEq, Eq, PartialOrd, Ord, Debug)]
struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    data: String,
}

impl std::fmt::Display for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Body::None => f.write_str("(none)"),
            Body::Json(v) => write!(f, "json {}", canonical(v)),
            Body::Multipart(parts) => {
                let parts: Vec<String> = parts
                    .iter()
                    .map(|p| match &p.filename {
                        Some(file) => {
                            format!("{}=@{file}({}, {:?})", p.name, p.content_type.as_deref().unwrap_or("-"), p.data)
                        }
                        None => format!("{}={:?}", p.name, p.data),
                    })
                    .collect();
                write!(f, "multipart [{}]", parts.join(", "))
            }
            Body::Other(text) => write!(f, "raw {text:?}"),
        }
    }
}

impl From<&Request> for Seen {
    fn from(r: &Request) -> Seen {
        let header = |name: &str| r.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        let mut query: Vec<(String, String)> = r.url.query_pairs().into_owned().collect();
        query.sort();
        let raw_type = header("content-type");
        let content_type = raw_type.as_deref().map(|ct| {
            let mut pieces = ct.split(';').map(|p| p.trim().to_ascii_lowercase());
            let mut out = pieces.next().unwrap_or_default();
            let mut params: Vec<String> = pieces.filter(|p| !p.is_empty() && !p.starts_with("boundary=")).collect();
            params.sort();
            for p in params {
                out.push_str("; ");
                out.push_str(&p);
            }
            out
        });
        let api_headers = API_HEADERS.iter().filter_map(|h| header(h).map(|v| (h.to_string(), v))).collect();
        let body = if r.body.is_empty() {
            Body::None
        } else if content_type.as_deref().is_some_and(|ct| ct.starts_with("multipart/form-data")) {
            match multipart(raw_type.as_deref().unwrap_or_default(), &r.body) {
                Ok(parts) => Body::Multipart(parts),
                Err(e) => Body::Other(format!("unparsable multipart ({e}): {}", String::from_utf8_lossy(&r.body))),
            }
        } else {
            match serde_json::from_slice(&r.body) {
                Ok(v) => Body::Json(v),
                Err(_) => Body::Other(String::from_utf8_lossy(&r.body).into_owned()),
            }
        };
        Seen { method: r.method.to_string(), path: r.url.path().to_string(), query, content_type, api_headers, body }
    }
}

/// JSON text with object keys sorted and numbers compared as numbers (`0` is `0.0`).
fn canonical(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let members: BTreeMap<&String, String> = map.iter().map(|(k, v)| (k, canonical(v))).collect();
            let members: Vec<String> =
                members.iter().map(|(k, v)| format!("{}:{v}", Value::from(k.as_str()))).collect();
            format!("{{{}}}", members.join(","))
        }
        Value::Array(items) => format!("[{}]", items.iter().map(canonical).collect::<Vec<_>>().join(",")),
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// The parts of a multipart/form-data body.
fn multipart(content_type: &str, body: &[u8]) -> Result<BTreeSet<Part>, String> {
    let boundary = content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("boundary="))
        .next()
        .ok_or("no boundary")?
        .trim_matches('"');
    let delimiter = format!("--{boundary}").into_bytes();
    let mut parts = BTreeSet::new();
    let mut chunks = split(body, &delimiter).into_iter();
    chunks.next(); // the preamble
    for chunk in chunks {
        if chunk.starts_with(b"--") {
            return Ok(parts); // the closing delimiter
        }
        let chunk = chunk.strip_prefix(b"\r\n").ok_or("no CRLF after a delimiter")?;
        let chunk = chunk.strip_suffix(b"\r\n").ok_or("no CRLF before a delimiter")?;
        let end = chunk.windows(4).position(|w| w == b"\r\n\r\n").ok_or("part without a blank line")?;
        let head = String::from_utf8_lossy(&chunk[..end]);
        let data = String::from_utf8_lossy(&chunk[end + 4..]).into_owned();
        let (mut name, mut filename, mut part_type) = (None, None, None);
        for line in head.split("\r\n") {
            let (key, value) = line.split_once(':').ok_or("header without a colon")?;
            match key.trim().to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    for param in value.split(';').skip(1) {
                        if let Some((k, v)) = param.trim().split_once('=') {
                            let v = v.trim_matches('"').to_string();
                            match k {
                                "name" => name = Some(v),
                                "filename" => filename = Some(v),
                                _ => {}
                            }
                        }
                    }
                }
                "content-type" => part_type = Some(value.trim().to_ascii_lowercase()),
                _ => {}
            }
        }
        parts.insert(Part { name: name.ok_or("part without a name")?, filename, content_type: part_type, data });
    }
    Err("no closing delimiter".into())
}

/// `haystack` split at each occurrence of `needle`.
fn split<'a>(haystack: &'a [u8], needle: &[u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i + needle.len() <= haystack.len() {
        if &haystack[i..i + needle.len()] == needle {
            out.push(&haystack[start..i]);
            i += needle.len();
            start = i;
        } else {
            i += 1;
        }
    }
    out.push(&haystack[start..]);
    out
}

/// `<call> <aspect> — <reason>` lines; `#` comments and blank lines skipped.
fn known_differences() -> BTreeMap<(String, String), String> {
    let path = root().join("tests/parity-known-differences.txt");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut known = BTreeMap::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let entry = line.split_once(" — ").filter(|(_, why)| !why.trim().is_empty());
        let Some((call, aspect)) = entry.and_then(|(key, _)| key.split_once(' ')) else {
            panic!("{}: `{line}` is not `<call> <aspect> — <reason>`", path.display());
        };
        let old = known.insert((call.to_string(), aspect.trim().to_string()), line.to_string());
        assert!(old.is_none(), "listed twice: {call} {aspect}");
    }
    known
}
