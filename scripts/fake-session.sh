#!/usr/bin/env bash
# fake/README.md's curl session: one user walked to ACTIVE / VERIFIED against a running fake.
# Usage: scripts/fake-session.sh [BASE_URL]   (default http://127.0.0.1:8080; start the fake with
# `cargo run -p bunq-onboarding-fake -- --port 8080 --start "2025-09-03 08:00:00.000000"`).
set -euo pipefail
B=${1:-http://127.0.0.1:8080}
run() { printf '$ %s\n' "$1"; eval "$1"; echo; }
target='{"user_status_desired":"ACTIVE","user_verification_status_desired":"VERIFIED"}'
address='"street":"Keizersgracht","house_number":"116","postal_code":"1015 CW","city":"Amsterdam","country":"NL"'
run "curl -s -X POST $B/v1/partner-user-provision -d '{\"external_uuid\":\"f8b69bdd\"}'"
run "curl -s -X POST $B/_fake/clock -d '{\"advance_seconds\":3}'"
run "curl -s $B/v1/partner-user-provision/1"
run "curl -s -X POST $B/v1/session-server -d '{\"secret\":\"fake-credential-0000000000000000000000000000000000000000000000000000000001\"}'"
run "curl -s -X POST $B/v1/user/1364/user-onboarding -d '{\"type\":\"PARTNER_USER\"}'"
run "curl -s -X PUT $B/v1/user/1364/user-onboarding/260 -d '$target'"
run "curl -s -X POST $B/v1/user/1364/address-main -d '{\"address_main\":{$address}}'"
run "curl -s -X POST $B/v1/user/1364/address-postal -d '{\"address_postal\":{$address}}'"
run "curl -s -X PUT $B/v1/user-person/877 -d '{\"first_name\":\"Jan\",\"last_name\":\"de Vries\",\"date_of_birth\":\"1990-05-15\"}'"
run "curl -s -X POST $B/v1/user/1364/identity-verification-session -d '{\"purpose\":\"VERIFICATION\",\"provider\":\"INCODE\"}'"
run "curl -s -X PUT $B/v1/user/1364/identity-verification-session/36 -d '{\"status\":\"SUBMITTED\"}'"
run "curl -s -X PUT $B/v1/user/1364/user-onboarding/260 -d '$target'"
run "curl -s -X POST $B/_fake/clock -d '{\"advance_seconds\":60}'"
run "curl -s $B/v1/user/1364/user-onboarding/260"
run "curl -s $B/_fake/state | grep -o '\"user_status\":\"[A-Z]*\",\"verification_status\":\"[A-Z]*\"'"
