//! Callbacks: the partner's notification filters, the `NotificationUrl` envelopes bunq sends to
//! them, and their delivery: retried a few times at an interval, with the faults a test asks for
//! (several deliveries, out of order, failed attempts). Failures are listed for the partner.

use bunq_onboarding::ids::UserApiKeyId;
use bunq_onboarding::vocabulary::{NotificationCategory, NotificationEvent};
use bunq_onboarding::wire::{
    Content, JsonValue, Members, NotificationUrl, ResponseItem, WireField,
};
use bunq_onboarding::{Envelope, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{Bunq, Counters, Job, after, bad_request};
use crate::answer::Answer;

/// One notification filter: callbacks of a category go to a URL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Filter {
    category: NotificationCategory,
    notification_target: String,
}

/// One callback to deliver to one URL.
#[derive(Clone, Debug)]
pub(super) struct Delivery {
    target: String,
    body: JsonValue,
    category: NotificationCategory,
    event_type: NotificationEvent,
    attempts: u32,
}

/// One attempt to deliver a callback: the shell sends it (unless it is a simulated failure) and
/// reports the result with [`Bunq::delivered`].
#[derive(Clone, Debug, PartialEq)]
pub struct Attempt {
    /// The delivery it belongs to.
    pub delivery: u64,
    /// Where to `POST` it.
    pub target: String,
    /// The `NotificationUrl` envelope.
    pub body: JsonValue,
    /// A failure the fault asks for: not sent, reported failed.
    pub simulated_failure: bool,
    /// An extra copy (the fault "delivered N times"): its result does not count.
    pub copy: bool,
}

/// A callback bunq gave up on, listed at `notification-filter-failure`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Failure {
    /// The category.
    pub category: NotificationCategory,
    /// The event.
    pub event_type: NotificationEvent,
    /// Where it was sent.
    pub notification_target: String,
    /// The last error.
    pub exception_message: String,
    /// The envelope.
    pub object: JsonValue,
    /// When bunq gave up.
    pub created: Timestamp,
}

impl Bunq {
    /// `POST /v1/user/{id}/notification-filter-url`: replaces all the user's filters.
    pub fn set_filters(&mut self, key_id: UserApiKeyId, body: &JsonValue) -> Answer {
        let filters = body
            .get("notification_filters")
            .cloned()
            .map(serde_json::from_value::<Vec<Filter>>);
        match filters {
            Some(Ok(filters)) => {
                let answer = filters_answer(&filters);
                self.filters.insert(key_id, filters);
                answer
            }
            _ => bad_request(
                "notification_filters must be a list of {category, notification_target}.",
            ),
        }
    }

    /// `GET /v1/user/{id}/notification-filter-url`.
    pub fn filters(&self, key_id: UserApiKeyId) -> Answer {
        filters_answer(self.filters.get(&key_id).map_or(&[][..], Vec::as_slice))
    }

    /// `GET /v1/user/{id}/notification-filter-failure`: the callbacks bunq gave up on.
    pub fn failures(&self) -> Answer {
        let items = self
            .failures
            .iter()
            .map(|failure| other("NotificationFilterFailure", json!(failure)))
            .collect();
        Answer::list(items)
    }

    /// Sends `object` to every filter of `category`.
    pub(super) fn notify(
        &mut self,
        category: &NotificationCategory,
        event_type: &NotificationEvent,
        object: &ResponseItem,
    ) {
        let targets: Vec<String> = self
            .filters
            .values()
            .flatten()
            .filter(|filter| filter.category == *category)
            .map(|filter| filter.notification_target.clone())
            .collect();
        for target in targets {
            let mut callback = NotificationUrl::default();
            callback.target_url = WireField::Value(target.clone());
            callback.category = WireField::Value(category.clone());
            callback.event_type = WireField::Value(event_type.clone());
            callback.object = WireField::Value(object.clone());
            let body = serde_json::to_value(Envelope {
                content: Content::Callback(Box::new(callback)),
                pagination: None,
                members: Members::new(),
            })
            .unwrap_or(JsonValue::Null);
            let id = Counters::next(&mut self.ids.delivery);
            self.deliveries.insert(
                id,
                Delivery {
                    target,
                    body,
                    category: category.clone(),
                    event_type: event_type.clone(),
                    attempts: 0,
                },
            );
            self.dispatch(id);
        }
    }

    /// Attempts a delivery now: once, or as many times as the fault says.
    pub(super) fn dispatch(&mut self, id: u64) {
        let Some(delivery) = self.deliveries.get(&id) else {
            return;
        };
        let simulated_failure = delivery.attempts < self.faults.failed_first_attempts;
        let copies = self.faults.deliveries_per_callback.max(1);
        let attempts = (0..copies).map(|copy| Attempt {
            delivery: id,
            target: delivery.target.clone(),
            body: delivery.body.clone(),
            simulated_failure: simulated_failure && copy == 0,
            copy: copy > 0,
        });
        if self.faults.out_of_order {
            self.held.extend(attempts);
        } else {
            self.ready.extend(attempts);
        }
    }

    /// Held attempts (out of order) become ready, newest first.
    pub(super) fn release_held(&mut self) {
        let mut held = std::mem::take(&mut self.held);
        held.reverse();
        self.ready.extend(held);
    }

    /// Whether attempts are ready to make.
    pub fn has_attempts(&self) -> bool {
        !self.ready.is_empty()
    }

    /// Whether the order of attempts matters (the fault "out of order" is on): they are then
    /// sent one after the other.
    pub fn in_order(&self) -> bool {
        self.faults.out_of_order
    }

    /// The attempts to make now.
    pub fn take_attempts(&mut self) -> Vec<Attempt> {
        std::mem::take(&mut self.ready)
    }

    /// Releases held attempts and takes them with the rest (a flush).
    pub fn take_all_attempts(&mut self) -> Vec<Attempt> {
        self.release_held();
        self.take_attempts()
    }

    /// The result of an attempt: a failure is retried after the interval, up to the retries
    /// allowed, then listed as a failure.
    pub fn delivered(&mut self, attempt: &Attempt, result: Result<(), String>) {
        if attempt.copy {
            return;
        }
        let Some(delivery) = self.deliveries.get_mut(&attempt.delivery) else {
            return;
        };
        match result {
            Ok(()) => {
                self.deliveries.remove(&attempt.delivery);
            }
            Err(message) => {
                delivery.attempts += 1;
                if delivery.attempts > self.settings.callback_retries {
                    let failure = Failure {
                        category: delivery.category.clone(),
                        event_type: delivery.event_type.clone(),
                        notification_target: delivery.target.clone(),
                        exception_message: message,
                        object: delivery.body.clone(),
                        created: self.now,
                    };
                    self.deliveries.remove(&attempt.delivery);
                    self.failures.push(failure);
                } else {
                    let retry = after(self.now, self.settings.callback_retry_seconds);
                    self.schedule(retry, Job::Attempt(attempt.delivery));
                }
            }
        }
    }
}

fn filters_answer(filters: &[Filter]) -> Answer {
    let items = filters
        .iter()
        .map(|filter| other("NotificationFilterUrl", json!(filter)))
        .collect();
    Answer::list(items)
}

fn other(name: &str, value: JsonValue) -> ResponseItem {
    ResponseItem::Other(bunq_onboarding::wire::OtherObject {
        name: name.to_owned(),
        value,
    })
}
