//! Moves of an inquiry or an entry that their lifecycles do not make (`docs/rules.md` Q12): bunq's
//! word is recorded all the same, and the move is reported.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{
    CanonicalJson, INQUIRY_ENTRY_LIFECYCLE, INQUIRY_LIFECYCLE, InquiryEntryStatus, InquiryStatus,
    ObjectKey, RecordChange, RecordEvent, Timestamp,
};

/// A status that changed along no entry of its lifecycle, e.g. an entry `APPROVED` then
/// `PENDING`. Between two statuses the crate knows; a status it does not know has no lifecycle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anomaly {
    /// The inquiry or the entry.
    pub object: ObjectKey,
    /// Its status before.
    pub from: String,
    /// Its status after.
    pub to: String,
    /// When the fact that moved it was received.
    pub received: Timestamp,
}

/// The anomalies of a history, in the order the facts arrived.
pub(crate) fn anomalies(events: &[RecordEvent]) -> Vec<Anomaly> {
    let mut statuses: BTreeMap<ObjectKey, String> = BTreeMap::new();
    let mut found = Vec::new();
    for event in events {
        let Some(RecordChange::Object { key, change }) = &event.change else {
            continue;
        };
        let Some(status) = change.set.get("status").map(CanonicalJson::to_value) else {
            continue;
        };
        let Some(to) = status.as_str() else {
            continue;
        };
        if let Some(from) = statuses.insert(*key, to.to_owned())
            && !allowed(key, &from, to)
        {
            found.push(Anomaly {
                object: *key,
                from,
                to: to.to_owned(),
                received: event.received,
            });
        }
    }
    found
}

/// Whether the lifecycle of `key`'s kind allows the move; a kind or a status without a
/// lifecycle allows anything.
fn allowed(key: &ObjectKey, from: &str, to: &str) -> bool {
    match key {
        ObjectKey::InquiryEntry { .. } => {
            let (from, to) = (InquiryEntryStatus::new(from), InquiryEntryStatus::new(to));
            !(from.is_known() && to.is_known()) || INQUIRY_ENTRY_LIFECYCLE.allows(&from, &to)
        }
        ObjectKey::Inquiry { .. } => {
            let (from, to) = (InquiryStatus::new(from), InquiryStatus::new(to));
            !(from.is_known() && to.is_known()) || INQUIRY_LIFECYCLE.allows(&from, &to)
        }
        _ => true,
    }
}
