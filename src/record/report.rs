//! The report on a record: what `explain --facts` prints, as a table for people and as JSON.

use std::fmt;

use serde::{Deserialize, Serialize, Serializer};

use crate::record::fact::Ids;
use crate::report::answer::ClassLists;
use crate::report::table::MAX_WIDTH;
use crate::text::{Shown, Word};
use crate::{
    ActionRequired, DueLater, FactCounts, FulfillmentType, InquiryEntryId, InquiryEntryStatus,
    InquiryEntryType, InquiryId, InquiryPurpose, InquiryStatus, NextStep, ProvisionStatus,
    ProvisionSubStatus, Timestamp, UserRecord, WaitingType,
};

/// The report on a record at `now`, with the counts of what the facts did.
///
/// `Display` writes a text for people (bunq's text escaped); `Serialize` writes
/// [`RecordSummary`].
///
/// ```
/// use bunq_onboarding::{FactLine, RecordReport, UserRecord};
/// use bunq_onboarding::record::FactCounts;
///
/// let mut record = UserRecord::new();
/// let mut counts = FactCounts::default();
/// let line = r#"{"received":"2025-08-13 14:45:18.621550","request":"PUT /v1/user/1364/user-onboarding/260","body":{"Response":[{"Id":{"id":260}}]}}"#;
/// for fact in FactLine::from_json(line)?.facts() {
///     counts.count(&record.apply(&fact));
/// }
/// let report = RecordReport::new(&record, "2025-08-13 15:00:00.000000".parse()?, counts);
/// let json = serde_json::to_value(&report)?;
/// assert_eq!(json["next_step"]["step"], "wait_for_bunq");
/// assert_eq!(json["facts"]["applied"], 1);
/// assert_eq!(json["onboarding"], serde_json::Value::Null); // no onboarding object read yet
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct RecordReport<'a> {
    record: &'a UserRecord,
    now: Timestamp,
    counts: FactCounts,
}

/// The machine report on a record, owned: what `explain --facts --json` prints, and reads back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RecordSummary {
    /// What to do next.
    pub next_step: NextStep,
    /// The blocking types of the latest fulfillment list.
    pub blocking: Vec<FulfillmentType>,
    /// Its types due later, with their deadlines.
    pub due_later: Vec<DueLater>,
    /// Its types in review.
    pub in_review: Vec<FulfillmentType>,
    /// Its satisfied types.
    pub satisfied: Vec<FulfillmentType>,
    /// Whether the latest fulfillment list is bunq's acceptance of the target.
    pub accepted: bool,
    /// The provision, once a fact carried it.
    pub provision: Option<ProvisionSummary>,
    /// The onboarding object, once a fact carried it.
    pub onboarding: Option<OnboardingSummary>,
    /// The record's ids.
    pub ids: Ids,
    /// bunq's latest error without fulfillments: its descriptions.
    pub bunq_error: Vec<String>,
    /// Every compliance inquiry, by id ascending.
    #[serde(default)]
    pub inquiries: Vec<InquirySummary>,
    /// What the facts did.
    pub facts: FactCounts,
}

/// The provision's state in a [`RecordSummary`]; a member no fact carried is `null`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisionSummary {
    /// Its status.
    pub status: Option<ProvisionStatus>,
    /// Its sub-status.
    pub sub_status: Option<ProvisionSubStatus>,
    /// Who acts next.
    pub action_required: Option<ActionRequired>,
}

/// The onboarding's state in a [`RecordSummary`]; a member no fact carried is `null`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnboardingSummary {
    /// Who acts next.
    pub action_required: Option<ActionRequired>,
    /// Its status (free text).
    pub status: Option<String>,
    /// How bunq processes it.
    pub waiting_type: Option<WaitingType>,
}

/// A compliance inquiry in a [`RecordSummary`]; a member no fact carried is `null`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InquirySummary {
    /// Its id.
    pub id: InquiryId,
    /// Why bunq asks.
    pub purpose: Option<InquiryPurpose>,
    /// Where it stands.
    pub status: Option<InquiryStatus>,
    /// Its deadline.
    pub time_expiry: Option<Timestamp>,
    /// Its entries, by id ascending.
    pub entries: Vec<InquiryEntrySummary>,
}

/// An inquiry's entry in an [`InquirySummary`]; a member no fact carried is `null`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InquiryEntrySummary {
    /// Its id.
    pub id: InquiryEntryId,
    /// What it asks (`type` in JSON).
    #[serde(rename = "type")]
    pub entry_type: Option<InquiryEntryType>,
    /// Where it stands.
    pub status: Option<InquiryEntryStatus>,
    /// Why bunq rejected the answer.
    pub reject_reason: Option<String>,
}

impl InquirySummary {
    /// Every inquiry of `record`, by id ascending.
    fn of(record: &UserRecord) -> Vec<Self> {
        record
            .inquiry_ids()
            .into_iter()
            .map(|id| {
                let inquiry = record.read_inquiry(id).unwrap_or_default();
                Self {
                    id,
                    purpose: inquiry.purpose.get().cloned(),
                    status: inquiry.status.get().cloned(),
                    time_expiry: inquiry.time_expiry.get().copied(),
                    entries: record
                        .read_inquiry_entries(id)
                        .into_iter()
                        .map(|(id, entry)| InquiryEntrySummary {
                            id,
                            entry_type: entry.entry_type.get().cloned(),
                            status: entry.status.get().cloned(),
                            reject_reason: entry.reject_reason.get().cloned(),
                        })
                        .collect(),
                }
            })
            .collect()
    }
}

impl<'a> RecordReport<'a> {
    /// The report on `record` at `now`.
    pub fn new(record: &'a UserRecord, now: Timestamp, counts: FactCounts) -> Self {
        Self {
            record,
            now,
            counts,
        }
    }

    /// The machine report, owned.
    pub fn summary(&self) -> RecordSummary {
        let record = self.record;
        let ClassLists {
            blocking,
            due_later,
            in_review,
            satisfied,
        } = ClassLists::of(record.assess(self.now).as_ref());
        RecordSummary {
            next_step: record.next_step(self.now),
            blocking,
            due_later,
            in_review,
            satisfied,
            accepted: record.is_accepted(),
            provision: record.read_provision().map(|provision| ProvisionSummary {
                status: provision.status.get().cloned(),
                sub_status: provision.sub_status.get().cloned(),
                action_required: provision.action_required.get().cloned(),
            }),
            onboarding: record
                .read_onboarding()
                .map(|onboarding| OnboardingSummary {
                    action_required: onboarding.action_required.get().cloned(),
                    status: onboarding.status.get().cloned(),
                    waiting_type: onboarding.waiting_type.get().cloned(),
                }),
            ids: record.ids(),
            bunq_error: record
                .bunq_error()
                .unwrap_or_default()
                .iter()
                .map(|error| error.description.clone())
                .collect(),
            inquiries: InquirySummary::of(record),
            facts: self.counts,
        }
    }
}

impl Serialize for RecordReport<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.summary().serialize(serializer)
    }
}

/// A value of bunq's, or `unknown` when no fact carried it.
fn known<T: AsRef<str>>(value: Option<&T>) -> String {
    value.map_or_else(
        || "unknown".to_owned(),
        |value| Word(value.as_ref()).to_string(),
    )
}

fn id(value: Option<impl fmt::Display>) -> String {
    value.map_or_else(|| "unknown".to_owned(), |value| value.to_string())
}

impl fmt::Display for RecordReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let record = self.record;
        let ids = record.ids();
        writeln!(
            f,
            "provision {}, user {}, onboarding {}",
            id(ids.provision),
            id(ids.user),
            id(ids.onboarding)
        )?;
        match record.read_provision() {
            Some(provision) => writeln!(
                f,
                "provision: status {}, sub-status {}, action required {}",
                known(provision.status.get()),
                known(provision.sub_status.get()),
                known(provision.action_required.get())
            )?,
            None => writeln!(f, "provision: not read yet")?,
        }
        match record.read_onboarding() {
            Some(onboarding) => writeln!(
                f,
                "onboarding: action required {}, status {}, waiting type {}",
                known(onboarding.action_required.get()),
                known(onboarding.status.get()),
                known(onboarding.waiting_type.get())
            )?,
            None if record.is_onboarding_known() => {
                writeln!(f, "onboarding: created, not read yet")?;
            }
            None => writeln!(f, "onboarding: none yet")?,
        }
        match (record.is_accepted(), record.assess(self.now)) {
            (true, _) => writeln!(f, "fulfillments: bunq accepted the target")?,
            (false, Some(assessment)) => writeln!(f, "fulfillments:\n{assessment}")?,
            (false, None) => writeln!(f, "fulfillments: no list yet")?,
        }
        for error in record.bunq_error().unwrap_or_default() {
            writeln!(
                f,
                "bunq's latest error: {}",
                Shown::prose(&error.description, MAX_WIDTH)
            )?;
        }
        for inquiry in InquirySummary::of(record) {
            write!(
                f,
                "inquiry {} ({}): {}",
                inquiry.id,
                known(inquiry.purpose.as_ref()),
                known(inquiry.status.as_ref())
            )?;
            if let Some(deadline) = inquiry.time_expiry {
                write!(f, ", deadline {deadline}")?;
            }
            for entry in &inquiry.entries {
                write!(
                    f,
                    "\n  entry {} {}: {}",
                    entry.id,
                    known(entry.entry_type.as_ref()),
                    known(entry.status.as_ref())
                )?;
                if let Some(reason) = &entry.reject_reason {
                    write!(f, ", rejected: {}", Shown::prose(reason, MAX_WIDTH))?;
                }
            }
            writeln!(f)?;
        }
        for anomaly in record.anomalies() {
            writeln!(
                f,
                "anomaly: {} went {} -> {}, a move its lifecycle does not make (received {})",
                anomaly.object,
                Word(&anomaly.from),
                Word(&anomaly.to),
                anomaly.received
            )?;
        }
        let FactCounts {
            applied,
            duplicate,
            stale,
            refused,
            ignored,
        } = self.counts;
        writeln!(
            f,
            "facts: {applied} applied, {duplicate} duplicate, {stale} stale, {refused} refused, {ignored} ignored"
        )?;
        write!(f, "next step: {}", record.next_step(self.now))
    }
}
