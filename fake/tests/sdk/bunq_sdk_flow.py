"""bunq's own Python SDK (bunq-sdk 1.28.0), unchanged, takes a user to ACTIVE / VERIFIED on the fake.

Usage: python bunq_sdk_flow.py BASE_URL   (a fake started with --start "2025-09-03 08:00:00.000000")

The one change from a sandbox run is the base URL: the SDK keeps it in
`ApiEnvironmentType.SANDBOX._uri_base`, set below. Everything else is the SDK's own code: its API
context (installation, device, session), its signing, its check of bunq's server signature on every
answer, its `ApiClient` and its generated endpoint classes. The script also checks every answer's
`X-Bunq-Server-Signature` itself. It stops with a traceback on any unexpected answer or exception.

The fake's control routes (`/_fake/...`: the virtual clock) are not bunq's; they are called with
`requests`, the SDK's own HTTP library.
"""

import json
import sys

import requests
from bunq.sdk.context.api_context import ApiContext
from bunq.sdk.context.api_environment_type import ApiEnvironmentType
from bunq.sdk.context.bunq_context import BunqContext
from bunq.sdk.exception.bad_request_exception import BadRequestException
from bunq.sdk.http.api_client import ApiClient
from bunq.sdk.model.generated.endpoint import (
    NotificationFilterFailureApiObject,
    OauthClientApiObject,
)
from bunq.sdk.security import security

BASE = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8080"
ApiEnvironmentType.SANDBOX._uri_base = BASE + "/v1/"

PARTNER_API_KEY = "fake-partner-api-key"
# Nobody listens here: the callbacks fail, and bunq lists them as failures (step 12).
DEAD_URL = "http://127.0.0.1:9/bunq-callbacks"
TARGET = {"user_status_desired": "ACTIVE", "user_verification_status_desired": "VERIFIED"}
ADDRESS = {"street": "Keizersgracht", "house_number": "116", "postal_code": "1015 CW",
           "city": "Amsterdam", "country": "NL"}
STEPS = []


def step(name):
    STEPS.append(name)
    print(f"{len(STEPS):2}. {name}", flush=True)


def advance(seconds):
    """Moves the fake's virtual clock (its control API, not bunq's)."""
    answer = requests.post(f"{BASE}/_fake/clock", json={"advance_seconds": seconds}, timeout=30)
    answer.raise_for_status()


def signed(context, raw):
    """The answer's JSON, once its server signature is checked with the installation's key."""
    key = context.installation_context.public_key_server
    assert security.is_valid_response_body(key, raw.body_bytes, raw.headers), "bad signature"
    return json.loads(raw.body_bytes)


def objects(body, name):
    return [item[name] for item in body["Response"] if name in item]


def only(body, name):
    found = objects(body, name)
    assert len(found) == 1, body
    return found[0]


def send(context, method, path, body=None, params=None):
    """A call through the SDK's own `ApiClient`: its session, its signing, its checks."""
    client = ApiClient(context)
    if method == "GET":
        raw = client.get(path, params or {}, {})
    elif method == "POST":
        raw = client.post(path, json.dumps(body).encode(), {})
    else:
        raw = client.put(path, json.dumps(body).encode(), {})
    return signed(context, raw)


def raw_refusal(context, path, body):
    """A `PUT` whose 400 carries more than the SDK's exception keeps: sent with the SDK's session
    token and signature, its raw body read."""
    data = json.dumps(body).encode()
    headers = {
        "X-Bunq-Client-Authentication": context.token,
        "X-Bunq-Client-Signature": security.sign_request(
            context.installation_context.private_key_client, data).decode(),
        "Content-Type": "application/json",
    }
    answer = requests.put(f"{BASE}/v1/{path}", data=data, headers=headers, timeout=30)
    assert answer.status_code == 400, (answer.status_code, answer.text)
    return answer.json()


step("the partner's ApiContext.create, and BunqContext.load_api_context")
partner = ApiContext.create(ApiEnvironmentType.SANDBOX, PARTNER_API_KEY, "partner")
BunqContext.load_api_context(partner)
partner_id = partner.session_context.user_id
assert partner.session_context.user_company is not None

step("provision: create, read, and list with comma-separated filters (ApiClient)")
created = only(send(partner, "POST", "partner-user-provision",
                    {"external_uuid": "6ecb48d1-0568-47ff-bfd3-9e6703669b02"}),
               "PartnerUserProvision")
provision_id = created["id"]
advance(3)
ready = only(send(partner, "GET", f"partner-user-provision/{provision_id}"), "PartnerUserProvision")
assert ready["status"] == "ACTIVE" and ready["credential"]["status"] == "PENDING_FIRST_USE", ready
listed = objects(send(partner, "GET", "partner-user-provision",
                      params={"status": "CREATED,ACTIVE",
                              "external_uuid": "6ecb48d1-0568-47ff-bfd3-9e6703669b02"}),
                 "PartnerUserProvision")
assert [p["id"] for p in listed] == [provision_id], listed

step("the user's ApiContext.create with the provision's credential")
user = ApiContext.create(ApiEnvironmentType.SANDBOX, ready["credential"]["token_value"], "user")
key = user.session_context.user_id
assert user.session_context.user_api_key is not None
used = only(send(partner, "GET", f"partner-user-provision/{provision_id}"), "PartnerUserProvision")
assert used["credential"]["status"] == "ACTIVE" and used["credential"]["token_value"] is None, used

step("notification filters: the partner's and the user's")
filters = [{"category": category, "notification_target": DEAD_URL}
           for category in ("PARTNER_USER_PROVISION", "USER_ONBOARDING")]
send(partner, "POST", f"user/{partner_id}/notification-filter-url",
     {"notification_filters": filters})
# bunq's spec lists one NotificationFilterUrl per filter; the SDK's generated
# NotificationFilterUrlApiObject expects them wrapped in one object, so the list is read raw.
categories = {f["category"] for f in objects(
    send(partner, "GET", f"user/{partner_id}/notification-filter-url"), "NotificationFilterUrl")}
assert categories == {"PARTNER_USER_PROVISION", "USER_ONBOARDING"}, categories
send(user, "POST", f"user/{key}/notification-filter-url",
     {"notification_filters": [{"category": "USER_ONBOARDING", "notification_target": DEAD_URL}]})

step("onboarding create")
onboarding_id = only(send(user, "POST", f"user/{key}/user-onboarding", {"type": "PARTNER_USER"}),
                     "Id")["id"]

step("the target PUT: refused, its fulfillments read from the raw body")
try:
    send(user, "PUT", f"user/{key}/user-onboarding/{onboarding_id}", TARGET)
    raise AssertionError("the target was accepted before anything was provided")
except BadRequestException as refused:
    assert refused.response_code == 400
refusal = raw_refusal(user, f"user/{key}/user-onboarding/{onboarding_id}", TARGET)
blocking = {row["type"] for error in refusal["Error"]
            for parameter in error["error_additional_parameter"]
            for row in parameter["AdditionalFulfillmentParameter"]["all_fulfillment"]}
assert {"ADDRESS_MAIN", "DATE_OF_BIRTH", "IDENTIFICATION_VERIFICATION"} <= blocking, refusal
advance(3)

step("address and person data")
send(user, "POST", f"user/{key}/address-main", {"address_main": ADDRESS})
send(user, "POST", f"user/{key}/address-postal", {"address_postal": ADDRESS})
# The id bunq's SDK puts in user-person/{id} is its session's user: the UserApiKey.
send(user, "PUT", f"user-person/{key}",
     {"first_name": "Jan", "last_name": "de Vries", "date_of_birth": "1990-05-15"})

step("identity verification, and bunq's decision")
session = only(send(user, "POST", f"user/{key}/identity-verification-session",
                    {"purpose": "VERIFICATION", "provider": "INCODE"}), "Id")["id"]
send(user, "PUT", f"user/{key}/identity-verification-session/{session}", {"status": "SUBMITTED"})
advance(60)
decided = send(user, "GET", f"user/{key}/identity-verification-session/{session}")
assert json.dumps(decided).count("APPROVED") >= 1, decided

step("the target again, then GET the onboarding: VERIFIED / NONE")
send(user, "PUT", f"user/{key}/user-onboarding/{onboarding_id}", TARGET)
advance(60)
onboarding = only(send(user, "GET", f"user/{key}/user-onboarding/{onboarding_id}"),
                  "UserOnboarding")
assert (onboarding["status"], onboarding["action_required"]) == ("VERIFIED", "NONE"), onboarding
BunqContext.load_api_context(user)  # an ACTIVE user has its account now
BunqContext.load_api_context(partner)

step("reset_session(), and a call after it")
before = user.token
user.reset_session()
assert user.token != before
again = only(send(user, "GET", f"user/{key}/user-onboarding/{onboarding_id}"), "UserOnboarding")
assert again["id"] == onboarding_id

step("OauthClientApiObject.create()")
client_id = OauthClientApiObject.create().value
assert client_id in [c.id_ for c in OauthClientApiObject.list().value]

step("the failed callbacks: the list, and their retry")
for _ in range(6):  # bunq retries a failed callback 5 times, a minute apart, then lists it
    advance(60)
failures = NotificationFilterFailureApiObject.list().value
assert failures and all(f.exception_message for f in failures), failures
# The SDK's NotificationFilterFailure keeps no id; the ids to retry come from the raw list.
path = f"user/{partner_id}/notification-filter-failure"
ids = [f["id"] for f in objects(send(partner, "GET", path), "NotificationFilterFailure")]
assert len(ids) == len(failures), ids
# bunq's spec answers the retry with an empty Response; the SDK's generated create() expects an
# Id, so the retry goes through the SDK's ApiClient.
retried = send(partner, "POST", path,
               {"notification_filter_failed_ids": ",".join(map(str, ids))})
assert retried == {"Response": []}, retried
left = [f["id"] for f in objects(send(partner, "GET", path), "NotificationFilterFailure")]
assert not set(left) & set(ids), left

step("a compliance inquiry: listed and answered with an attachment (ApiClient)")
person = user.session_context.user_api_key.granted_by_user.get_referenced_object().id_
asked = {"purpose": "DOCUMENT_EXPIRY_RENEWAL", "title": "Your passport expired",
         "entries": [{"type": "IDENTIFICATION_DOCUMENT_VERIFY", "description": "A new scan."}],
         "due_in_seconds": 86400}
requests.post(f"{BASE}/_fake/users/{person}/inquiries", json=asked, timeout=30).raise_for_status()
inquiries = objects(send(user, "GET", f"user/{key}/user-information-inquiry",
                         params={"status": "EXPECTING_REPLY_FROM_USER",
                                 "purpose": "ONBOARDING,DOCUMENT_EXPIRY_RENEWAL"}),
                    "UserInformationInquiry")
assert len(inquiries) == 1, inquiries
inquiry = inquiries[0]
entry = inquiry["all_entry"][0]["UserInformationInquiryEntry"]
assert entry["status"] == "PENDING", entry
upload = ApiClient(user).post(f"user/{key}/attachment", b"%PDF-1.4 a passport scan",
                              {"Content-Type": "application/pdf",
                               "X-Bunq-Attachment-Description": "Passport scan"})
attachment = only(signed(user, upload), "Id")["id"]
answered = send(user, "PUT", f"user/{key}/user-information-inquiry/{inquiry['id']}"
                f"/partner-user-information-inquiry-entry/{entry['id']}",
                {"answer": "Here is my new passport.", "all_attachment_id": [attachment]})
assert only(answered, "Id")["id"] == entry["id"], answered
read = only(send(user, "GET", f"user/{key}/user-information-inquiry/{inquiry['id']}"),
            "UserInformationInquiry")
assert read["status"] == "EXPECTING_REPLY_FROM_BUNQ", read

print(f"bunq's Python SDK ran {len(STEPS)} steps against the fake.")
