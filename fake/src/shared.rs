//! What the HTTP handlers and the delivery of callbacks share.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use crate::bunq::Bunq;
use crate::signing::ServerKey;

/// What the handlers share: bunq's state, the client for callbacks, the delivery lock, and what
/// answers are signed with.
pub(crate) struct Shared {
    pub(crate) bunq: Mutex<Bunq>,
    pub(crate) client: reqwest::Client,
    pub(crate) delivering: tokio::sync::Mutex<()>,
    /// Whether bunq's routes need the API context (fixed when the fake starts).
    pub(crate) authentication: bool,
    /// The key that signs successful answers, when they are signed.
    pub(crate) server_key: Option<ServerKey>,
    /// The count of answers given, for their `X-Bunq-Client-Response-Id`.
    pub(crate) answers: AtomicU64,
}

impl Shared {
    /// bunq's state. A panic while it was locked (there is none: the state's methods do not
    /// panic) would leave it as it was, so a poisoned lock is used as it stands.
    pub(crate) fn lock(&self) -> MutexGuard<'_, Bunq> {
        self.bunq
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A new `X-Bunq-Client-Response-Id`: unique in this fake, shaped as bunq's (a UUID).
    pub(crate) fn response_id(&self) -> String {
        let n = self.answers.fetch_add(1, Ordering::Relaxed) + 1;
        format!("00000000-0000-4000-a000-{n:012x}")
    }
}
