//! What the HTTP handlers and the delivery of callbacks share.

use std::sync::{Mutex, MutexGuard};

use crate::bunq::Bunq;

/// What the handlers share: bunq's state, the client for callbacks, and the delivery lock.
pub(crate) struct Shared {
    pub(crate) bunq: Mutex<Bunq>,
    pub(crate) client: reqwest::Client,
    pub(crate) delivering: tokio::sync::Mutex<()>,
}

impl Shared {
    /// bunq's state. A panic while it was locked (there is none: the state's methods do not
    /// panic) would leave it as it was, so a poisoned lock is used as it stands.
    pub(crate) fn lock(&self) -> MutexGuard<'_, Bunq> {
        self.bunq
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
