#!/usr/bin/env bash
# Instructions per call of each contender of benches/instructions.rs, under callgrind:
# (instructions for CALLS+1000 calls - instructions for CALLS calls) / 1000. Deterministic.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)"; exit 1; }
cargo bench --bench instructions --no-run 2>/dev/null
binary=$(cargo bench --bench instructions --no-run --message-format=json 2>/dev/null \
  | grep -o '"executable":"[^"]*"' | tail -1 | cut -d'"' -f4)
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$binary" "$1" "$2" 2>&1 \
    | grep -o 'Collected : [0-9]*' | grep -o '[0-9]*'
}
printf '%-22s %15s\n' contender instructions/call
for contender in parse-floor parse-crate parse-crate-blockers parse-peer-blockers \
  assess-crate assess-peer lifecycle-step; do
  base=$(count "$contender" 10)
  more=$(count "$contender" 1010)
  printf '%-22s %15d\n' "$contender" $(( (more - base) / 1000 ))
done
