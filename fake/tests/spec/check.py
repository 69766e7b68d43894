"""The fake checked against bunq's Partner API spec by schemathesis.

Usage: python check.py BASE_URL   (a fresh fake, authentication on)

Schemathesis generates requests for every operation of bunq's spec that the fake serves, sends
them with bunq's API context (hooks.py), and runs three checks on every answer: no server error,
a status code the spec documents, and a body that validates against the spec's schema for it.

Where the fake departs from the spec on purpose, the spec is adjusted before the run, and each
departure below says what and why; nothing else is changed. The run fails on any check that fails.
"""

import copy
import json
import os
import pathlib
import subprocess
import sys
import tempfile

import yaml

HERE = pathlib.Path(__file__).parent
SPEC = HERE.parents[2] / "tests" / "fixtures" / "bunq-published" / "partner-api-swagger.yaml"
BASE = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8080"

# Operations the fake does not serve: left out of the check.
NOT_SERVED = {
    "cards, payments, external accounts, challenges: not part of onboarding": [
        "/user/{userId}/card", "/user/{userId}/monetary-account/", "/user/{userId}/challenge-request",
        "/user/{userId}/monetary-account-external",
    ],
}
NOT_SERVED_METHODS = {
    "listing installations and devices: no client calls it in onboarding": [
        ("get", "/installation"), ("get", "/device-server"),
    ],
    "monetary accounts: only the listing that bunq's SDK needs to load its context": [
        ("post", "/user/{userId}/monetary-account-bank"),
        ("get", "/user/{userId}/monetary-account-bank/{accountId}"),
        ("put", "/user/{userId}/monetary-account-bank/{accountId}"),
    ],
}

# The statuses bunq answers with its Error envelope on any route (bad input, a missing or wrong
# token, another user's path, an unknown id or route, a large body, its rate limit, a wrong
# signature); the spec documents most operations with their 200 only.
ERROR_STATUSES = ["400", "401", "403", "404", "405", "413", "429", "466"]

# Objects bunq writes as null before they exist (its own published provision, created:
# "label_user", "oauth_request", "credential" are null); the spec types them as objects.
NULLABLE_SCHEMAS = ["UserLabel", "OauthRequest", "UserCredential"]
# Fields bunq leaves null: the onboarding's waiting_type until a review starts; the provision's
# external_uuid when the partner gave none.
NULLABLE_FIELDS = [("UserOnboarding", "waiting_type"), ("PartnerUserProvision", "external_uuid")]

DEPARTURES = [
    "an inquiry's all_entry items are wrapped in UserInformationInquiryEntry, as bunq's docs and "
    "the spec's own examples show (its schema lists them bare)",
    "timestamps: bunq writes \"YYYY-MM-DD hh:mm:ss.ffffff\" (its spec's own examples too); the "
    "spec's format date-time (RFC 3339) is dropped",
    f"error answers: {', '.join(ERROR_STATUSES)} with bunq's Error are documented on every operation",
    f"null before an object exists: {', '.join(NULLABLE_SCHEMAS)}",
    "null fields: " + ", ".join(f"{schema}.{field}" for schema, field in NULLABLE_FIELDS),
    *[f"not served ({why}): {', '.join(paths)}" for why, paths in NOT_SERVED.items()],
    *[f"not served ({why}): " + ", ".join(f"{m.upper()} {p}" for m, p in ops)
      for why, ops in NOT_SERVED_METHODS.items()],
]


def without_date_time(node):
    if isinstance(node, dict):
        if node.get("format") == "date-time":
            del node["format"]
        for value in node.values():
            without_date_time(value)
    elif isinstance(node, list):
        for value in node:
            without_date_time(value)


def nullable(schema):
    kind = schema.get("type")
    if isinstance(kind, str):
        schema["type"] = [kind, "null"]
    if "enum" in schema:
        schema["enum"] = [*schema["enum"], None]


def adjusted(spec):
    spec = copy.deepcopy(spec)
    without_date_time(spec)
    schemas = spec["components"]["schemas"]
    for name in NULLABLE_SCHEMAS:
        nullable(schemas[name])
    for name, field in NULLABLE_FIELDS:
        nullable(schemas[name]["properties"][field])
    schemas["UserInformationInquiry"]["properties"]["all_entry"]["items"] = {
        "type": "object", "required": ["UserInformationInquiryEntry"],
        "properties": {"UserInformationInquiryEntry": {
            "$ref": "#/components/schemas/UserInformationInquiryEntry"}}}
    paths = spec["paths"]
    for prefixes in NOT_SERVED.values():
        for path in [p for p in paths if any(p.startswith(prefix) for prefix in prefixes)]:
            del paths[path]
    for operations in NOT_SERVED_METHODS.values():
        for method, path in operations:
            del paths[path][method]
    error = {"description": "bunq's Error", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Error"}}}}
    for operations in paths.values():
        for method, operation in operations.items():
            if method in ("get", "post", "put", "delete"):
                for status in ERROR_STATUSES:
                    operation["responses"].setdefault(status, error)
    return spec


def main():
    spec = yaml.safe_load(SPEC.read_text())
    print("The spec check's departures from bunq's spec:")
    for departure in DEPARTURES:
        print(f"  - {departure}")
    with tempfile.TemporaryDirectory() as work:
        schema = pathlib.Path(work) / "partner-api.json"
        schema.write_text(json.dumps(adjusted(spec)))
        env = {**os.environ, "FAKE_BASE_URL": BASE, "SCHEMATHESIS_HOOKS": "hooks",
               "PYTHONPATH": str(HERE)}
        run = [sys.executable, "-m", "schemathesis.cli", "run", str(schema), "--url", f"{BASE}/v1",
               "--checks", "not_a_server_error,status_code_conformance,response_schema_conformance",
               "--mode", "all", "--max-examples", os.environ.get("SPEC_EXAMPLES", "30"),
               "--seed", "1", "--no-color"]
        return subprocess.run(run, env=env, cwd=work, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
