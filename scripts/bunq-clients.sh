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
. scripts/fake-lib.sh
log=$(mktemp)
trap 'stop_fake; rm -f "$log"' EXIT
# Runs "$@" against a fresh fake, its base URL last.
against_fake() {
  stop_fake
  start_fake "$log"
  "$@" "$FAKE_URL"
}
against_fake "$venv/bin/python" fake/tests/sdk/bunq_sdk_flow.py
against_fake "$venv/bin/python" fake/tests/spec/check.py
