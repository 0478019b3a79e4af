#!/usr/bin/env bash
# Times `cargo check` of the crate generated from one spec (default: the full
# OpenAI spec), dependencies built once first; prints CPU seconds (user+sys)
# and the peak RSS of the largest process (rustc) for each of N runs.
# usage: scripts/check-cost.sh [SPEC] [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
spec=${1:-$root/../shared/specs/openai.yaml}
runs=${2:-3}
out=$root/target/check-cost/crate
export CARGO_TARGET_DIR=$root/target/check-cost/target CARGO_INCREMENTAL=0
cd "$root"
cargo xtask generate --spec "$spec" --out "$out" >/dev/null
cp Cargo.lock "$out/Cargo.lock"
cd "$out"
cargo check --quiet 2>/dev/null || cargo check   # dependencies (and a first check)
for i in $(seq "$runs"); do
  touch src/lib.rs
  /usr/bin/time -f "run $i: %U s user + %S s sys CPU, %e s wall, peak %M KB" cargo check --quiet
done
