//! Sending callbacks: the only outgoing I/O of the fake. bunq's side decides what to send and
//! when; this posts each attempt and reports the result back.

use std::time::Duration;

use crate::bunq::{Attempt, Undelivered};
use crate::shared::Shared;

/// How long a partner's endpoint may take to answer a callback.
const TIMEOUT: Duration = Duration::from_secs(5);

/// How many callbacks are sent at once when their order does not matter.
const AT_ONCE: usize = 32;

/// Sends every attempt ready now (or, `all`, the held ones too) until none is left: one after
/// the other when their order is a fault under test, else up to 32 at once. One delivery runs at
/// a time, so a flush waits for any under way.
pub(crate) async fn deliver(shared: &Shared, all: bool) {
    let _one_at_a_time = shared.delivering.lock().await;
    loop {
        let (attempts, in_order) = {
            let mut bunq = shared.lock();
            let attempts = if all {
                bunq.take_all_attempts()
            } else {
                bunq.take_attempts()
            };
            (attempts, bunq.in_order())
        };
        if attempts.is_empty() {
            return;
        }
        let at_once = if in_order { 1 } else { AT_ONCE };
        for batch in attempts.chunks(at_once) {
            let mut sending = tokio::task::JoinSet::new();
            for attempt in batch.iter().cloned() {
                let client = shared.client.clone();
                sending.spawn(async move {
                    let result = send(&client, &attempt).await;
                    (attempt, result)
                });
            }
            while let Some(sent) = sending.join_next().await {
                if let Ok((attempt, result)) = sent {
                    shared.lock().delivered(&attempt, result);
                }
            }
        }
    }
}

async fn send(client: &reqwest::Client, attempt: &Attempt) -> Result<(), Undelivered> {
    let unanswered = |message: String| Undelivered {
        message,
        response_code: None,
    };
    if attempt.simulated_failure {
        return Err(unanswered(
            "the fake failed this attempt, as the test asked".to_owned(),
        ));
    }
    let response = client
        .post(&attempt.target)
        .timeout(TIMEOUT)
        .json(&attempt.body)
        .send()
        .await
        .map_err(|error| unanswered(error.to_string()))?;
    let status = response.status();
    if status.is_success() {
        Ok(())
    } else {
        Err(Undelivered {
            message: format!("the endpoint answered {status}"),
            response_code: Some(status.as_u16()),
        })
    }
}
