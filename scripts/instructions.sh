#!/usr/bin/env bash
# Instructions per call of each contender of benches/instructions.rs, under callgrind:
# (instructions for CALLS+1000 calls - instructions for CALLS calls) / 1000. Deterministic.
# Then the ratios the targets name: the crate against the tokenizing floor and the `Value` peer.
# An argument keeps only the contenders whose names contain it (no ratios then).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)"; exit 1; }
cargo bench -p bunq-onboarding --bench instructions --no-run 2>/dev/null
binary=$(cargo bench -p bunq-onboarding --bench instructions --no-run --message-format=json 2>/dev/null \
  | grep -o '"executable":"[^"]*"' | tail -1 | cut -d'"' -f4)
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$binary" "$1" "$2" 2>&1 \
    | grep -o 'Collected : [0-9]*' | grep -o '[0-9]*'
}
declare -A per_call
printf '%-40s %15s\n' contender instructions/call
for contender in $("$binary" --list-contenders | grep -F -- "${1:-}"); do
  base=$(count "$contender" 10)
  more=$(count "$contender" 1010)
  per_call[$contender]=$(( (more - base) / 1000 ))
  printf '%-40s %15d\n' "$contender" "${per_call[$contender]}"
done
[ -z "${1:-}" ] || exit 0
echo
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
for input in compact rows pretty; do
  crate=${per_call[parse-crate-blockers/$input]}
  printf '%-8s parse + blocking types: %s x the floor, %s x fewer than the Value peer' "$input" \
    "$(ratio "$crate" "${per_call[parse-floor/$input]}")" "$(ratio "${per_call[parse-peer-blockers/$input]}" "$crate")"
  if [ -n "${per_call[parse-crate-blockers-slice/$input]:-}" ]; then
    printf '; from_slice %s x from_json' "$(ratio "${per_call[parse-crate-blockers-slice/$input]}" "$crate")"
  fi
  echo
done
