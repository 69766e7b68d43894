#!/usr/bin/env bash
# Fuzz each target for SECONDS (default 600) with the nightly toolchain and libFuzzer.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]; findings land in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(put_answer timestamp onboarding record)
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
for target in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$target"
  [ -d "fuzz/seeds/$target" ] && cp -n fuzz/seeds/"$target"/* "fuzz/corpus/$target/" 2>/dev/null || true
  dict=()
  [ "$target" = put_answer ] && dict=(-dict=fuzz/bunq.dict)
  echo "== $target for ${seconds}s"
  cargo +nightly fuzz run -O "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=4096 "${dict[@]}" 2>&1 | tail -n 4
done
