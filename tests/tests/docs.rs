//! Docs a user reads, on the crates generated from the full OpenAI and
//! Portkey specs (the full-spec harness's crates): `cargo doc` with
//! `-D warnings -D missing_docs -D rustdoc::broken_intra_doc_links` succeeds:
//! no public item is undocumented, no intra-doc link is broken, and rustdoc
//! has nothing else to say (no stray HTML tags); and, where the
//! generator config sets `docs_base_url` (OpenAI), no link in the generated
//! docs is relative (`](/docs/…)`). Skipped without `../shared/specs`.

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
    let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cargo
        .args(["doc", "--no-deps", "--lib", "--message-format=short"])
        .current_dir(&crate_dir)
        .env("CARGO_TARGET_DIR", full_specs_target())
        .env("RUSTDOCFLAGS", "-D warnings -D missing_docs -D rustdoc::broken_intra_doc_links")
        .env_remove("RUSTFLAGS");
    let (ok, output) = run_bounded(cargo, &crate_dir.with_extension("doc.log"), BUILD_TIMEOUT);
    let problems = output.lines().filter(|l| l.contains(": error") || l.contains(": warning")).count();
    report.line(&format!("{stem}: cargo doc -D warnings -D missing_docs: {problems} problems"));
    assert!(ok && problems == 0, "cargo doc of the {stem} crate failed:\n{}", tail(&output, 40));
}

#[test]
fn full_crates_are_documented() {
    let report = Report::new("docs");
    check("openai", Some("https://platform.openai.com"), &report);
    check("portkey", None, &report);
}
