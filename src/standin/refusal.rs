//! The refused target request, written as bunq's own `Error` envelope.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::{AdditionalFulfillmentParameter, Fulfillment, FulfillmentType};

/// The target was asked for while something blocks it.
///
/// It serializes (with any serde format) to bunq's own answer: `{"Error":[{"error_description":
/// …, "error_description_translated": …, "error_additional_parameter":[{
/// "AdditionalFulfillmentParameter": {…}}]}]}`, unsatisfied rows in `all_fulfillment` and satisfied
/// ones in `all_fulfillment_fulfilled`, so a partner's tests can use the crate as a stand-in for
/// bunq and read the refusal with [`PutAnswer::from_json`](crate::PutAnswer).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockedTarget {
    blocking: Vec<Fulfillment>,
    parameter: AdditionalFulfillmentParameter,
}

impl BlockedTarget {
    /// bunq's description of this refusal, word for word.
    pub const DESCRIPTION: &'static str =
        "You need to provide additional information in order to perform this action.";

    pub(crate) fn new(
        blocking: Vec<Fulfillment>,
        parameter: AdditionalFulfillmentParameter,
    ) -> Self {
        Self {
            blocking,
            parameter,
        }
    }

    /// The rows that block: unsatisfied and mandatory at the time of the request.
    pub fn blocking_rows(&self) -> &[Fulfillment] {
        &self.blocking
    }

    /// The blocking types, each once, in order.
    pub fn blocking_types(&self) -> Vec<&FulfillmentType> {
        let mut types: Vec<&FulfillmentType> = Vec::new();
        for row in &self.blocking {
            if !types.contains(&&row.fulfillment_type) {
                types.push(&row.fulfillment_type);
            }
        }
        types
    }

    /// The parameter bunq would send: every row, unsatisfied ones first.
    pub fn parameter(&self) -> &AdditionalFulfillmentParameter {
        &self.parameter
    }
}

impl fmt::Display for BlockedTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the target is blocked by ")?;
        for (i, fulfillment_type) in self.blocking_types().into_iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(fulfillment_type.as_str())?;
        }
        Ok(())
    }
}

impl std::error::Error for BlockedTarget {}

impl Serialize for BlockedTarget {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Envelope<'a> {
            #[serde(rename = "Error")]
            error: [BunqError<'a>; 1],
        }
        #[derive(Serialize)]
        struct BunqError<'a> {
            error_description: &'a str,
            error_description_translated: &'a str,
            error_additional_parameter: [Wrapped<'a>; 1],
        }
        #[derive(Serialize)]
        struct Wrapped<'a> {
            #[serde(rename = "AdditionalFulfillmentParameter")]
            parameter: &'a AdditionalFulfillmentParameter,
        }
        Envelope {
            error: [BunqError {
                error_description: Self::DESCRIPTION,
                error_description_translated: Self::DESCRIPTION,
                error_additional_parameter: [Wrapped {
                    parameter: &self.parameter,
                }],
            }],
        }
        .serialize(serializer)
    }
}
