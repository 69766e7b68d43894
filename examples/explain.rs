//! Explains bunq's answer to the onboarding PUT: what blocks ACTIVE / VERIFIED, what is due later,
//! what is in review and what is done.
//!
//! ```text
//! cargo run --example explain -- [--json] [--now "YYYY-MM-DD hh:mm:ss.ffffff"] [FILE|-]
//! ```
//!
//! Reads FILE, or standard input with `-`, or else the bundled example answer from bunq's docs.
//! `--now` defaults to the system clock (UTC). Exit status: 0 when nothing blocks, 1 when
//! something blocks or bunq rejected the request, 2 when the input cannot be read or parsed.

use std::io::Read;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use bunq_onboarding::{PutAnswer, Report, Timestamp};

const USAGE: &str = "usage: explain [--json] [--now \"YYYY-MM-DD hh:mm:ss.ffffff\"] [FILE|-]";
const SEED_NAME: &str = "tests/fixtures/put-onboarding-error.json";
const SEED: &str = include_str!("../tests/fixtures/put-onboarding-error.json");

struct Options {
    json: bool,
    now: Option<Timestamp>,
    input: Option<String>,
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(message) => {
            eprintln!("explain: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode, String> {
    let Some(options) = parse_args(std::env::args().skip(1))? else {
        println!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    };
    let (name, text) = read_input(options.input.as_deref())?;
    let answer = PutAnswer::from_json(&text).map_err(|error| format!("{name}: {error}"))?;
    let now = match options.now {
        Some(now) => now,
        None => system_now()?,
    };
    let report = Report::new(&answer, now);
    if options.json {
        let json = serde_json::to_string(&report).map_err(|error| error.to_string())?;
        println!("{json}");
    } else {
        println!("{report}");
    }
    Ok(if report.outcome().is_success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The options, or `None` when help was asked for.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut options = Options {
        json: false,
        now: None,
        input: None,
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--json" => options.json = true,
            "--now" => {
                let text = args
                    .next()
                    .ok_or_else(|| format!("--now needs a value; {USAGE}"))?;
                let now = text.parse().map_err(|error| format!("--now: {error}"))?;
                options.now = Some(now);
            }
            flag if flag.starts_with("--") => {
                return Err(format!("unknown option {flag}; {USAGE}"));
            }
            _ if options.input.is_some() => return Err(format!("more than one input; {USAGE}")),
            _ => options.input = Some(arg),
        }
    }
    Ok(Some(options))
}

/// The input's name (for messages) and its text.
fn read_input(input: Option<&str>) -> Result<(String, String), String> {
    let bytes = match input {
        None => return Ok((SEED_NAME.to_owned(), SEED.to_owned())),
        Some("-") => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|error| format!("standard input: {error}"))?;
            bytes
        }
        Some(path) => std::fs::read(path).map_err(|error| format!("{path}: {error}"))?,
    };
    let name = input.map_or(
        SEED_NAME,
        |name| if name == "-" { "standard input" } else { name },
    );
    let text = String::from_utf8(bytes).map_err(|error| {
        format!(
            "{name}: not UTF-8 (byte {})",
            error.utf8_error().valid_up_to()
        )
    })?;
    Ok((name.to_owned(), text))
}

fn system_now() -> Result<Timestamp, String> {
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|error| format!("system clock: {error}"))?;
    let micros =
        i64::try_from(since_epoch.as_micros()).map_err(|error| format!("system clock: {error}"))?;
    Timestamp::from_unix_micros(micros).map_err(|error| format!("system clock: {error}"))
}
