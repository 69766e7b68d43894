"""Schemathesis hooks: bunq's API context for the spec check of the fake.

Before the first generated request, the hooks make what a partner has: an installation, the
partner's session, one provisioned user with its own session, onboarding, compliance inquiry and
attachment, and an OAuth client.
Every generated request then carries the token its path needs (the installation's for
device-server and session-server, the user's on the user's paths, else the partner's), and its
path ids name those objects, so that valid requests reach the fake's rules rather than its 404s.
A generated X-Bunq-Client-Signature is dropped: it is random text, and the fake checks a signature
when one is sent (bunq requires none on these calls).
"""

import json
import os
import pathlib

import requests
import schemathesis

BASE = os.environ["FAKE_BASE_URL"].rstrip("/")
KEY = (pathlib.Path(__file__).parent.parent / "keys" / "client-public.pem").read_text()
PARTNER_ID = 1360
CONTEXT = {}


def bunq(method, path, body=None, token=None):
    headers = {"X-Bunq-Client-Authentication": token} if token else {}
    answer = requests.request(method, f"{BASE}/v1/{path}", json=body, headers=headers, timeout=30)
    assert answer.status_code == 200, (path, answer.status_code, answer.text)
    return answer.json()["Response"]


def context():
    """The partner's and one user's context, made once."""
    if CONTEXT:
        return CONTEXT
    requests.put(f"{BASE}/_fake/faults", json={"rate_limits": False}, timeout=30).raise_for_status()
    installation = bunq("POST", "installation", {"client_public_key": KEY})[1]["Token"]["token"]
    secret = {"secret": "fake-partner-api-key"}
    bunq("POST", "device-server", {**secret, "description": "spec", "permitted_ips": []}, installation)
    partner = bunq("POST", "session-server", secret, installation)[1]["Token"]["token"]
    provision = bunq("POST", "partner-user-provision", {}, partner)[0]["PartnerUserProvision"]["id"]
    requests.post(f"{BASE}/_fake/clock", json={"advance_seconds": 3}, timeout=30).raise_for_status()
    credential = bunq("GET", f"partner-user-provision/{provision}", token=partner)[0]
    secret = {"secret": credential["PartnerUserProvision"]["credential"]["token_value"]}
    session = bunq("POST", "session-server", secret, installation)
    user, key = session[1]["Token"]["token"], session[2]["UserApiKey"]["id"]
    person = session[2]["UserApiKey"]["granted_by_user"]["UserPerson"]["id"]
    onboarding = bunq("POST", f"user/{key}/user-onboarding", {"type": "PARTNER_USER"}, user)
    oauth = bunq("POST", "oauth-client", {"status": "ACTIVE"}, partner)
    asked = {"purpose": "ONBOARDING", "title": "Your passport",
             "entries": [{"type": "IDENTIFICATION_DOCUMENT_VERIFY", "description": "A scan."}]}
    inquiry = requests.post(f"{BASE}/_fake/users/{person}/inquiries", json=asked, timeout=30)
    inquiry.raise_for_status()
    inquiry = inquiry.json()["UserInformationInquiry"]
    attachment = requests.post(f"{BASE}/v1/user/{key}/attachment", data=b"%PDF-1.4", timeout=30,
                               headers={"X-Bunq-Client-Authentication": user,
                                        "Content-Type": "application/pdf"})
    assert attachment.status_code == 200, attachment.text
    CONTEXT.update(installation=installation, partner=partner, user=user, key=key,
                   provision=provision, onboarding=onboarding[0]["Id"]["id"],
                   oauth=oauth[0]["Id"]["id"], inquiry=inquiry["id"],
                   entry=inquiry["all_entry"][0]["UserInformationInquiryEntry"]["id"],
                   attachment=attachment.json()["Response"][0]["Id"]["id"])
    return CONTEXT


def partner_path(path):
    """Paths whose userId is the partner's own (bunq's spec: its UserCompany id)."""
    return "notification-filter" in path


@schemathesis.hook
def map_path_parameters(ctx, path_parameters):
    ids = context()
    path = ctx.operation.path
    if path_parameters is None:
        return path_parameters
    if "userId" in path_parameters:
        path_parameters["userId"] = PARTNER_ID if partner_path(path) else ids["key"]
    for name, value in (("provisionId", "provision"), ("onboardingId", "onboarding"),
                        ("oauthClientId", "oauth"), ("inquiryId", "inquiry"), ("entryId", "entry"),
                        ("attachmentId", "attachment")):
        if name in path_parameters:
            path_parameters[name] = ids[value]
    return path_parameters


@schemathesis.auth()
class BunqSession:
    def get(self, case, ctx):
        return context()

    def set(self, case, data, ctx):
        path = case.operation.path
        user = str((case.path_parameters or {}).get("userId"))
        if path in ("/device-server", "/session-server"):
            token = data["installation"]
        elif user == str(data["key"]):
            token = data["user"]
        else:
            token = data["partner"]
        headers = dict(case.headers or {})
        headers.pop("X-Bunq-Client-Signature", None)
        if path != "/installation":
            headers["X-Bunq-Client-Authentication"] = token
        case.headers = headers
