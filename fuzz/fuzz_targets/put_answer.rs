//! Any bytes into the PUT-answer parser: never a panic; an accepted answer reads back the same
//! from its own JSON, assesses without panicking, and its error (if any) has a position.
#![no_main]

use bunq_onboarding::{Envelope, PutAnswer, Report, Timestamp};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let from_bytes = PutAnswer::from_slice(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        let from_text = PutAnswer::from_json(text);
        assert_eq!(
            from_bytes.is_ok(),
            from_text.is_ok(),
            "bytes and text disagree"
        );
    }
    match from_bytes {
        Ok(answer) => {
            let now = Timestamp::from_unix_micros(1_755_096_318_621_550).unwrap();
            let report = Report::new(&answer, now);
            let _ = serde_json::to_string(&report).unwrap();
            let _ = report.to_string();
        }
        Err(error) => assert!(!error.message().is_empty()),
    }
    if let Ok(envelope) = Envelope::from_slice(bytes) {
        let written = serde_json::to_string(&envelope).unwrap();
        let again = Envelope::from_json(&written).unwrap();
        assert_eq!(
            serde_json::to_value(&again).unwrap(),
            serde_json::to_value(&envelope).unwrap()
        );
    }
});
