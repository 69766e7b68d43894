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

use super::{Bunq, Counters, Job, after, bad_request, object};
use crate::answer::Answer;

/// One notification filter: callbacks of a category go to a URL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Filter {
    category: NotificationCategory,
    notification_target: String,
}

impl Filter {
    /// Why bunq would refuse this filter: a category its spec does not list, or a target it
    /// cannot call (an absolute `http` or `https` URL with a host).
    fn refusal(&self) -> Option<String> {
        let category = self.category.as_str();
        if !CATEGORIES.contains(&category) {
            return Some(format!(
                "The category {category:?} is not one of {}.",
                CATEGORIES.join(", ")
            ));
        }
        let callable = reqwest::Url::parse(&self.notification_target)
            .is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some());
        (!callable).then(|| {
            format!(
                "The notification_target {:?} is not an http or https URL.",
                self.notification_target
            )
        })
    }
}

/// One callback to deliver to one URL.
#[derive(Clone, Debug)]
pub(super) struct Delivery {
    /// The path id the filter was set under.
    owner: UserApiKeyId,
    target: String,
    body: JsonValue,
    category: NotificationCategory,
    event_type: NotificationEvent,
    object_id: Option<u64>,
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

/// A callback bunq gave up on, listed at `notification-filter-failure` until it is retried.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    /// Its id, for the retry.
    pub id: u64,
    /// When bunq gave up.
    pub created: Timestamp,
    /// The path id whose filter it was sent for.
    pub owner: UserApiKeyId,
    /// The category.
    pub category: NotificationCategory,
    /// The event.
    pub event_type: NotificationEvent,
    /// The id of the object the callback carried.
    pub object_id: Option<u64>,
    /// Where it was sent.
    pub notification_target: String,
    /// The last error.
    pub exception_message: String,
    /// The status the partner's endpoint answered, if it answered.
    pub response_code: Option<u16>,
    /// The `NotificationUrl` envelope, sent again on a retry.
    pub body: JsonValue,
}

/// Why an attempt failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Undelivered {
    /// What went wrong, in words.
    pub message: String,
    /// The status the endpoint answered, if it answered.
    pub response_code: Option<u16>,
}

/// The categories a filter may name: those bunq's Partner API spec lists.
const CATEGORIES: [&str; 8] = [
    "PARTNER_USER_PROVISION",
    "USER_ONBOARDING",
    "USER_INFORMATION_INQUIRY",
    "PAYMENT",
    "CARD",
    "CARD_TRANSACTION_SUCCESSFUL",
    "CARD_TRANSACTION_FAILED",
    "MUTATION",
];

/// The most failed callbacks one retry may name (bunq's limit).
const MOST_RETRIED: usize = 100;

impl Bunq {
    /// `POST /v1/user/{id}/notification-filter-url`: replaces all the user's filters.
    pub fn set_filters(&mut self, key_id: UserApiKeyId, body: &JsonValue) -> Answer {
        let filters = body
            .get("notification_filters")
            .cloned()
            .map(serde_json::from_value::<Vec<Filter>>);
        match filters {
            Some(Ok(filters)) => {
                if let Some(refusal) = filters.iter().find_map(Filter::refusal) {
                    return bad_request(refusal);
                }
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

    /// `GET /v1/user/{id}/notification-filter-failure`: the callbacks bunq gave up on; the
    /// partner's own id lists those of every user (as bunq's spec says).
    pub fn failures(&self, owner: UserApiKeyId) -> Answer {
        let items = self
            .failures
            .values()
            .rev()
            .filter(|failure| sees(owner, failure))
            .map(|failure| object("NotificationFilterFailure", self.failure_object(failure)))
            .collect();
        Answer::list(items)
    }

    fn failure_object(&self, failure: &Failure) -> JsonValue {
        let filters: Vec<&Filter> = self
            .filters
            .get(&failure.owner)
            .into_iter()
            .flatten()
            .filter(|filter| filter.category == failure.category)
            .collect();
        json!({
            "id": failure.id,
            "created": failure.created,
            "updated": failure.created,
            "notification_filters": filters,
            "category": failure.category,
            "event_type": failure.event_type,
            "object_id": failure.object_id,
            "exception_message": failure.exception_message,
            "response_code": failure.response_code,
            "notification_target": failure.notification_target,
        })
    }

    /// `POST /v1/user/{id}/notification-filter-failure` with `notification_filter_failed_ids`
    /// ("1,2", at most 100): those callbacks are delivered again. `400` when the list is
    /// malformed or too long, `404` when an id is not one of the caller's failures.
    pub fn retry_failures(&mut self, owner: UserApiKeyId, body: &JsonValue) -> Answer {
        let Some(list) = body
            .get("notification_filter_failed_ids")
            .and_then(JsonValue::as_str)
        else {
            return bad_request(
                "notification_filter_failed_ids (ids separated by commas) is missing.",
            );
        };
        let Ok(ids) = list
            .split(',')
            .map(|id| {
                id.parse::<u64>()
                    .ok()
                    .filter(|_| id.bytes().all(|byte| byte.is_ascii_digit()))
                    .ok_or(id)
            })
            .collect::<Result<Vec<u64>, &str>>()
        else {
            return bad_request(format!(
                "notification_filter_failed_ids must be ids separated by commas, not {list:?}."
            ));
        };
        if ids.len() > MOST_RETRIED {
            return bad_request(format!(
                "At most {MOST_RETRIED} failed notifications can be retried at once, not {}.",
                ids.len()
            ));
        }
        if let Some(unknown) = ids.iter().find(|id| {
            !self
                .failures
                .get(id)
                .is_some_and(|failure| sees(owner, failure))
        }) {
            return super::not_found(&format!("Notification filter failure {unknown}"));
        }
        for id in ids {
            if let Some(failure) = self.failures.remove(&id) {
                self.enqueue(Delivery {
                    owner: failure.owner,
                    target: failure.notification_target,
                    body: failure.body,
                    category: failure.category,
                    event_type: failure.event_type,
                    object_id: failure.object_id,
                    attempts: 0,
                });
            }
        }
        Answer::objects(Vec::new())
    }

    /// Sends `object` to every filter of `category`.
    pub(super) fn notify(
        &mut self,
        category: &NotificationCategory,
        event_type: &NotificationEvent,
        object: &ResponseItem,
    ) {
        let targets: Vec<(UserApiKeyId, String)> = self
            .filters
            .iter()
            .flat_map(|(owner, filters)| filters.iter().map(move |filter| (*owner, filter)))
            .filter(|(_, filter)| filter.category == *category)
            .map(|(owner, filter)| (owner, filter.notification_target.clone()))
            .collect();
        let object_id = serde_json::to_value(object)
            .ok()
            .and_then(|item| item.as_object()?.values().next()?.get("id")?.as_u64());
        for (owner, target) in targets {
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
            self.enqueue(Delivery {
                owner,
                target,
                body,
                category: category.clone(),
                event_type: event_type.clone(),
                object_id,
                attempts: 0,
            });
        }
    }

    /// A new delivery, attempted at once.
    fn enqueue(&mut self, delivery: Delivery) {
        let id = Counters::next(&mut self.ids.delivery);
        self.deliveries.insert(id, delivery);
        self.dispatch(id);
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
    pub fn delivered(&mut self, attempt: &Attempt, result: Result<(), Undelivered>) {
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
            Err(undelivered) => {
                delivery.attempts += 1;
                if delivery.attempts > self.settings.callback_retries {
                    let id = Counters::next(&mut self.ids.failure);
                    let failure = Failure {
                        id,
                        created: self.now,
                        owner: delivery.owner,
                        category: delivery.category.clone(),
                        event_type: delivery.event_type.clone(),
                        object_id: delivery.object_id,
                        notification_target: delivery.target.clone(),
                        exception_message: undelivered.message,
                        response_code: undelivered.response_code,
                        body: delivery.body.clone(),
                    };
                    self.deliveries.remove(&attempt.delivery);
                    self.failures.insert(id, failure);
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
        .map(|filter| object("NotificationFilterUrl", json!(filter)))
        .collect();
    Answer::list(items)
}

/// Whether the caller of path id `owner` sees `failure`: its own, or every one for the partner.
fn sees(owner: UserApiKeyId, failure: &Failure) -> bool {
    failure.owner == owner || u64::from(owner) == super::PARTNER_USER_ID
}
