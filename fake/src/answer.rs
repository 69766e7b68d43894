//! bunq's answers as the fake writes them: `{"Response":[…]}`, or `{"Error":[…]}` with a 4xx or
//! 5xx code, built from the core crate's types so they are byte-compatible with bunq's.

use bunq_onboarding::wire::{
    BareId, Content, ErrorDescription, JsonValue, Members, Pagination, ResponseItem,
};
use bunq_onboarding::{Envelope, PutAnswer};

/// One answer: an HTTP status and bunq's JSON body, its members in bunq's order.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    /// The HTTP status code.
    pub status: u16,
    /// The body's JSON text.
    pub body: String,
}

impl Answer {
    /// `200` with these objects.
    pub fn objects(items: Vec<ResponseItem>) -> Self {
        Self::envelope(&Envelope {
            content: Content::Response(items),
            pagination: None,
            members: Members::new(),
        })
    }

    /// `200` with a list of objects, and bunq's `Pagination` (the fake answers every list in one
    /// page).
    pub fn list(items: Vec<ResponseItem>) -> Self {
        Self::envelope(&Envelope {
            content: Content::Response(items),
            pagination: Some(Pagination::default()),
            members: Members::new(),
        })
    }

    /// `200` with `{"Id":{"id":id}}`.
    pub fn id(id: impl Into<u64>) -> Self {
        Self::objects(vec![ResponseItem::Id(BareId { id: id.into() })])
    }

    /// An `Error` answer with `status`: the description in English, also as the translation.
    pub fn error(status: u16, description: impl Into<String>) -> Self {
        let description = description.into();
        let refusal = PutAnswer::Rejected {
            errors: vec![ErrorDescription {
                translated: description.clone(),
                description,
            }],
        };
        Self {
            status,
            body: to_text(&refusal),
        }
    }

    /// `400` with any body the core writes as bunq's `Error` envelope (a blocked target).
    pub fn refusal(body: &impl serde::Serialize) -> Self {
        Self {
            status: 400,
            body: to_text(body),
        }
    }

    fn envelope(envelope: &Envelope) -> Self {
        Self {
            status: 200,
            body: to_text(envelope),
        }
    }

    /// The body as JSON.
    pub fn json(&self) -> JsonValue {
        serde_json::from_str(&self.body).unwrap_or(JsonValue::Null)
    }
}

/// The core crate's types always serialize to JSON.
fn to_text(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}
