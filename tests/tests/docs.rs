//! Docs a user reads, on the crates generated from the full OpenAI and
//! Portkey specs (the full-spec harness's crates): `cargo doc` with
//! `-D warnings -D missing_docs -D rustdoc::broken_intra_doc_links` succeeds:
//! no public item is undocumented, no intra-doc link is broken, and rustdoc
//! has nothing else to say (no stray HTML tags); and, where the
//! generator config sets `docs_base_url` (OpenAI), no link in the generated
//! docs is relative (`](/docs/…)`); and the quick start of the module docs
//! (chosen by the IR, set by `tests/configs/*.toml` to chat completions)
//! compiles warning-free as a program. Skipped without `../shared/specs`.

use std::process::Command;

use tests::harness::*;

/// Markdown link targets starting with `/` in the doc comments of `text`.
fn relative_links(text: &str) -> usize {
    let docs = text.lines().map(str::trim_start).filter(|l| l.starts_with("//") || l.starts_with("#[doc"));
    docs.map(|l| l.matches("](/").count() - l.matches("](//").count()).sum()
}

fn check(stem: &str, absolute_base: Option<&str>, report: &Report) {
    let Some(spec) = spec(stem) else { return };
    let (crate_dir, generated) = full_spec_crate(&spec, stem).unwrap_or_else(|e| panic!("{e}"));
    let sources: Vec<&String> =
        generated.files.iter().filter(|(path, _)| path.ends_with(".rs")).map(|(_, text)| text).collect();
    let relative: usize = sources.iter().map(|t| relative_links(t)).sum();
    if let Some(base) = absolute_base {
        let absolute: usize = sources.iter().map(|t| t.matches(&format!("]({base}/")).count()).sum();
        report.line(&format!("{stem}: {relative} relative links left, {absolute} made absolute against {base}"));
        assert_eq!(relative, 0, "{stem}: relative links left in the generated docs");
        assert!(absolute > 100, "{stem}: only {absolute} links point at {base}");
    }
    let module_docs = &generated.files[&format!("src/{}/mod.rs", generated.apis[0].module)];
    let program =
        quick_start_program(module_docs).unwrap_or_else(|| panic!("{stem}: no quick start in the module docs"));
    assert!(program.contains(".chat().completions().create("), "{stem}: the config's quick start:\n{program}");
    let file = crate_dir.with_extension("quick_start.rs");
    std::fs::write(&file, &program).unwrap();
    build_example(&crate_dir, "quick_start", &file);
    report.line(&format!("{stem}: the quick start of the module docs builds warning-free"));
    if stem == "openai" {
        let shown = readme_block("Each spec's module page starts with a quick start");
        let lines: Vec<&str> = program.lines().map(str::trim).collect();
        let stale: Vec<&String> =
            shown.iter().filter(|l| !l.starts_with("use ") && !lines.contains(&l.as_str())).collect();
        assert!(stale.is_empty(), "README's quick start differs from the generated one: {stale:#?}\n{program}");
    }
    let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cargo
        // `--workspace`: a split spec's type crates under `parts/` hold most of the docs.
        .args(["doc", "--workspace", "--no-deps", "--lib", "--message-format=short"])
        .current_dir(&crate_dir)
        .env("CARGO_TARGET_DIR", full_specs_target())
        .env("RUSTDOCFLAGS", "-D warnings -D missing_docs -D rustdoc::broken_intra_doc_links")
        .env_remove("RUSTFLAGS");
    let (ok, output) = run_bounded(cargo, &crate_dir.with_extension("doc.log"), BUILD_TIMEOUT);
    let problems = output.lines().filter(|l| l.contains(": error") || l.contains(": warning")).count();
    report.line(&format!("{stem}: cargo doc -D warnings -D missing_docs: {problems} problems"));
    assert!(ok && problems == 0, "cargo doc of the {stem} crate failed:\n{}", tail(&output, 40));
}

/// The ```` ```no_run ```` block of `//!` docs as a program (`harness::doc_program`).
fn quick_start_program(module: &str) -> Option<String> {
    let docs: Vec<&str> =
        module.lines().filter_map(|l| l.strip_prefix("//!")).map(|l| l.strip_prefix(' ').unwrap_or(l)).collect();
    let start = docs.iter().position(|l| *l == "```no_run")? + 1;
    let end = start + docs[start..].iter().position(|l| *l == "```")?;
    Some(doc_program("The quick start of the module docs.", &docs[start..end], "quick_start"))
}

#[test]
fn full_crates_are_documented() {
    let report = Report::new("docs");
    check("openai", Some("https://platform.openai.com"), &report);
    check("portkey", None, &report);
}
