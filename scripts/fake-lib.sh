# Sourced by .ci/run and scripts/bunq-clients.sh: starts the fake on a free port of 127.0.0.1.
# start_fake LOG: starts ./target/debug/bunq-onboarding-fake (clock at 2025-09-03 08:00:00), sets
# FAKE (its pid) and FAKE_URL (its base URL, read from its first line); stop_fake stops it.
start_fake() {
  local log=$1
  ./target/debug/bunq-onboarding-fake --port 0 --start "2025-09-03 08:00:00.000000" >"$log" 2>&1 &
  FAKE=$!
  FAKE_URL=
  for _ in $(seq 1 100); do
    FAKE_URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -n 1 || true)
    [ -n "$FAKE_URL" ] && return 0
    kill -0 "$FAKE" 2>/dev/null || break
    sleep 0.1
  done
  echo "the fake did not start:" >&2
  cat "$log" >&2
  return 1
}

stop_fake() {
  [ -z "${FAKE:-}" ] || { kill "$FAKE" 2>/dev/null || true; wait "$FAKE" 2>/dev/null || true; }
  FAKE=
}
