//! Any text into the timestamp parser: never a panic, and whatever parses is written back as the
//! same text and converts to Unix microseconds and back.
#![no_main]

use bunq_onboarding::Timestamp;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(timestamp) = Timestamp::parse(text) {
        assert_eq!(timestamp.to_string(), text);
        assert_eq!(
            Timestamp::from_unix_micros(timestamp.as_unix_micros()),
            Ok(timestamp)
        );
    }
});
