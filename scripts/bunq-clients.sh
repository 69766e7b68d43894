#!/usr/bin/env bash
# bunq's own artifacts against the fake, authentication on: bunq's Python SDK (bunq-sdk 1.28.0,
# unchanged) runs fake/tests/sdk/bunq_sdk_flow.py, and schemathesis checks the fake's answers
# against bunq's Partner API spec (fake/tests/spec/check.py). Each runs against a fresh fake.
# Usage: scripts/bunq-clients.sh   (installs the pinned packages into target/bunq-clients-venv)
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/bunq-clients-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check -r fake/tests/requirements.txt
cargo build -q -p bunq-onboarding-fake
port=18081
fake=
stop_fake() { [ -z "$fake" ] || { kill "$fake" 2>/dev/null || true; wait "$fake" 2>/dev/null || true; }; fake=; }
trap stop_fake EXIT
# Runs "$@" against a fresh fake, its base URL last.
against_fake() {
  stop_fake
  ./target/debug/bunq-onboarding-fake --port "$port" --start "2025-09-03 08:00:00.000000" >/dev/null &
  fake=$!
  for _ in $(seq 1 50); do
    curl -s "http://127.0.0.1:$port/_fake/clock" >/dev/null 2>&1 && break
    sleep 0.2
  done
  "$@" "http://127.0.0.1:$port"
}
against_fake "$venv/bin/python" fake/tests/sdk/bunq_sdk_flow.py
against_fake "$venv/bin/python" fake/tests/spec/check.py
