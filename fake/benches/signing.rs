//! What one `X-Bunq-Server-Signature` costs beside writing the answer it signs: a provision, as
//! the fake answers `GET /v1/partner-user-provision/{id}` (compact JSON, 700 bytes).

use std::hint::black_box;

use bunq_onboarding_fake::ServerKey;
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};

fn provision() -> Value {
    json!({"Response": [{"PartnerUserProvision": {
        "id": 1, "created": "2025-09-03 08:00:00.000000", "updated": "2025-09-03 08:00:03.000000",
        "external_uuid": "f8b69bdd-e2fa-4161-9ff7-f4c597f8be8e", "status": "ACTIVE",
        "sub_status": "PENDING_PROCESS_USER_ONBOARDING", "action_required": "USER",
        "products": ["USER_VERIFIED"],
        "label_user": {"country": "NL", "display_name": "New bunqer", "type": "PERSON",
            "uuid": "00000000-0000-4000-8000-000000001363"},
        "oauth_request": {"id": 2_412_203, "status": "ACCEPTED"},
        "credential": {"id": 2_412_203, "created": "2025-09-03 08:00:03.000000",
            "updated": "2025-09-03 08:00:03.000000", "status": "PENDING_FIRST_USE",
            "expiry_time": "2025-09-03 09:00:03.000000",
            "token_value": "fake-credential-0000000000000000000000000000000000000000000000000000000003",
            "permitted_device": null}}}]})
}

fn answer(c: &mut Criterion) {
    let key = ServerKey::load().expect("the bundled key loads");
    let answer = provision();
    let body = serde_json::to_vec(&answer).expect("JSON");
    let mut group = c.benchmark_group("answer");
    group.bench_function("write the provision (JSON)", |b| {
        b.iter(|| serde_json::to_vec(black_box(&answer)));
    });
    group.bench_function("sign it (RSA-2048, PKCS#1 v1.5, SHA-256)", |b| {
        b.iter(|| key.sign(black_box(&body)));
    });
    group.finish();
}

criterion_group!(benches, answer);
criterion_main!(benches);
