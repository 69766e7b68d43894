#!/usr/bin/env bash
# fake/README.md's curl session: bunq's API context made with curl and openssl, then one user
# walked to ACTIVE / VERIFIED against a running fake, authentication on.
# Usage: scripts/fake-session.sh [BASE_URL]   (default http://127.0.0.1:8080; start the fake with
# `cargo run -p bunq-onboarding-fake -- --port 8080 --start "2025-09-03 08:00:00.000000"`).
set -euo pipefail
B=${1:-http://127.0.0.1:8080}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
run() { printf '$ %s\n' "$1"; eval "$1" | tee last; echo; }
# The value of the last answer's first member called "$1" (bunq's answers are one line of JSON).
value() { grep -o "\"$1\":\"[^\"]*\"" last | head -n 1 | cut -d '"' -f 4; }
auth() { printf -- "-H 'X-Bunq-Client-Authentication: %s'" "$1"; }
target='{"user_status_desired":"ACTIVE","user_verification_status_desired":"VERIFIED"}'
address='"street":"Keizersgracht","house_number":"116","postal_code":"1015 CW","city":"Amsterdam","country":"NL"'

# The API context: a key pair, the installation, a device and a session for the partner's API key.
run "openssl genrsa -out client.pem 2048 2>/dev/null"
openssl rsa -in client.pem -pubout 2>/dev/null \
  | awk 'BEGIN { printf "{\"client_public_key\":\"" } { printf "%s\\n", $0 } END { print "\"}" }' >installation.json
echo '$ # installation.json: {"client_public_key":"<the PEM public half of client.pem>"}'
echo
run "curl -s -X POST $B/v1/installation -d @installation.json"
installation=$(value token)
run "curl -s -X POST $B/v1/device-server $(auth "$installation") -d '{\"description\":\"partner\",\"secret\":\"fake-partner-api-key\",\"permitted_ips\":[]}'"
run "curl -s -X POST $B/v1/session-server $(auth "$installation") -d '{\"secret\":\"fake-partner-api-key\"}'"
partner=$(value token)

# The partner provisions a user; its credential opens the user's own session.
run "curl -s -X POST $B/v1/partner-user-provision $(auth "$partner") -d '{\"external_uuid\":\"f8b69bdd-e2fa-4161-9ff7-f4c597f8be8e\"}'"
run "curl -s -X POST $B/_fake/clock -d '{\"advance_seconds\":3}'"
run "curl -s $B/v1/partner-user-provision/1 $(auth "$partner")"
credential=$(value token_value)
run "curl -s -X POST $B/v1/session-server $(auth "$installation") -d '{\"secret\":\"$credential\"}'"
user=$(value token)

# The user's onboarding, with the user's session token.
run "curl -s -X POST $B/v1/user/1364/user-onboarding $(auth "$user") -d '{\"type\":\"PARTNER_USER\"}'"
run "curl -s -X PUT $B/v1/user/1364/user-onboarding/260 $(auth "$user") -d '$target'"
run "curl -s -X POST $B/v1/user/1364/address-main $(auth "$user") -d '{\"address_main\":{$address}}'"
run "curl -s -X POST $B/v1/user/1364/address-postal $(auth "$user") -d '{\"address_postal\":{$address}}'"
run "curl -s -X PUT $B/v1/user-person/1364 $(auth "$user") -d '{\"first_name\":\"Jan\",\"last_name\":\"de Vries\",\"date_of_birth\":\"1990-05-15\"}'"
run "curl -s -X POST $B/v1/user/1364/identity-verification-session $(auth "$user") -d '{\"purpose\":\"VERIFICATION\",\"provider\":\"INCODE\"}'"
run "curl -s -X PUT $B/v1/user/1364/identity-verification-session/36 $(auth "$user") -d '{\"status\":\"SUBMITTED\"}'"
run "curl -s -X PUT $B/v1/user/1364/user-onboarding/260 $(auth "$user") -d '$target'"
run "curl -s -X POST $B/_fake/clock -d '{\"advance_seconds\":60}'"
run "curl -s $B/v1/user/1364/user-onboarding/260 $(auth "$user")"
run "curl -s $B/_fake/state | grep -o '\"user_status\":\"[A-Z]*\",\"verification_status\":\"[A-Z]*\"'"
