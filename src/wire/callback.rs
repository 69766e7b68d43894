//! The callback envelope, `NotificationUrl`.

use crate::wire::object::wire_object;
use crate::{NotificationCategory, NotificationEvent, ResponseItem};

wire_object! {
    /// A callback: `{"NotificationUrl":{"target_url","category","event_type","object":{…}}}`.
    ///
    /// A callback carries no event id: bunq retries it up to 5 times, so the same one arrives
    /// several times and deliveries overtake each other. Its `object` is read like an item of a
    /// `Response`: the objects the crate models are typed, any other (a payment, a card) is kept.
    ///
    /// ```
    /// use bunq_onboarding::vocabulary::NotificationCategory;
    /// use bunq_onboarding::wire::{NotificationUrl, ResponseItem};
    ///
    /// let callback: NotificationUrl = serde_json::from_str(r#"{"target_url":"https://partner.example/hook",
    ///     "category":"PAYMENT","event_type":"PAYMENT_CREATED","object":{"Payment":{"id":1}}}"#)?;
    /// assert_eq!(callback.category.get(), Some(&NotificationCategory::new("PAYMENT")));
    /// assert!(matches!(callback.object.get(), Some(ResponseItem::Other(other)) if other.name == "Payment"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct NotificationUrl {
        /// Where bunq sent it.
        target_url: String = "target_url",
        /// What it is about: `PARTNER_USER_PROVISION`, `USER_ONBOARDING`, …
        category: NotificationCategory = "category",
        /// What happened.
        event_type: NotificationEvent = "event_type",
        /// The object, wrapped in its type name.
        object: ResponseItem = "object",
    }
}
