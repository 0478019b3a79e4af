//! The decoding benchmark (criterion), not part of `cargo test`: a release
//! build of the 3,600-type crate takes minutes. Run it with
//!
//! ```sh
//! cargo test -p tests --test decode_bench -- --ignored --nocapture
//! ```
//!
//! It writes the crate `target/full-specs/decode-bench` (the bench
//! `tests/decode_bench/decode.rs`, depending on the shared
//! `target/full-specs/openai`), runs `cargo bench` there, prints each mean
//! and the ratios tolerant / strict and tolerant / derive, and fails if
//! tolerant decoding costs more than 1.3 × strict.

use std::process::Command;
use std::time::Duration;

use tests::harness::*;

const MANIFEST: &str = r#"[package]
name = "decode-bench"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
full-specs-openai = { path = "../openai" }
criterion = { version = "0.5", default-features = false }
futures = { version = "0.3", features = ["executor"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"

[[bench]]
name = "decode"
harness = false

[workspace]
"#;

const LIMIT: f64 = 1.3;

/// Criterion's mean estimate for `group/function`, in nanoseconds.
fn mean_ns(group: &str, function: &str) -> f64 {
    let file = full_specs_target().join("criterion").join(group).join(function).join("new/estimates.json");
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["mean"]["point_estimate"].as_f64().expect("mean estimate")
}

#[test]
#[ignore = "minutes: a release build of the full OpenAI crate; run by hand"]
fn tolerant_decoding_costs_at_most_1_3_times_strict() {
    let Some(spec) = spec("openai") else { return };
    let (crate_dir, _) = full_spec_crate(&spec, "openai").unwrap_or_else(|e| panic!("{e}"));
    let bench_dir = crate_dir.with_file_name("decode-bench");
    write_if_changed(&bench_dir.join("Cargo.toml"), MANIFEST);
    write_if_changed(&bench_dir.join("src/lib.rs"), "//! Only the `decode` bench.\n");
    let source = std::fs::read_to_string(root().join("tests/decode_bench/decode.rs")).unwrap();
    write_if_changed(&bench_dir.join("benches/decode.rs"), &source);

    let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cargo
        .args(["bench", "--bench", "decode", "--", "--warm-up-time", "2", "--measurement-time", "8"])
        .current_dir(&bench_dir)
        .env("CARGO_TARGET_DIR", full_specs_target())
        .env("REAL_ANSWERS", root().join("../shared/real-answers"));
    let (ok, output) = run_bounded(cargo, &bench_dir.join("bench.log"), Duration::from_secs(60 * 60));
    assert!(ok, "cargo bench failed:\n{}", tail(&output, 40));

    let mut worst: f64 = 0.0;
    for group in ["response", "chat_stream"] {
        let [tolerant, strict, derive] = ["tolerant", "strict", "derive"].map(|f| mean_ns(group, f));
        let ratio = tolerant / strict;
        worst = worst.max(ratio);
        println!(
            "{group}: tolerant {:.3} ms, strict {:.3} ms, derive {:.3} ms; tolerant/strict {ratio:.2}, tolerant/derive {:.2}",
            tolerant / 1e6,
            strict / 1e6,
            derive / 1e6,
            tolerant / derive
        );
    }
    assert!(worst <= LIMIT, "tolerant decoding costs {worst:.2} × strict (limit {LIMIT})");
}
