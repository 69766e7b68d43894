#!/usr/bin/env bash
# Mutation testing of src/ (not in .ci/run: it takes about an hour on 2 cores).
# Usage: scripts/mutants.sh [extra cargo-mutants arguments, e.g. -f src/lifecycle.rs]
# Results land in mutants.out/ (caught.txt, missed.txt, timeout.txt, unviable.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-mutants >/dev/null || cargo install --locked cargo-mutants
command -v cargo-nextest >/dev/null || cargo install --locked cargo-nextest
exec cargo mutants --package bunq-onboarding --all-features --profile mutants --test-tool nextest --jobs 2 "$@"
