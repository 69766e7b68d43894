//! Explains bunq's answer to the onboarding PUT: what blocks ACTIVE / VERIFIED, what is due later,
//! what is in review and what is done. With `--facts`, builds a user's record from a stream of
//! facts and says what to do next.
//!
//! ```text
//! cargo run --example explain -- [--json] [--now "YYYY-MM-DD hh:mm:ss.ffffff"] [--max-bytes N] [FILE|-]
//! cargo run --example explain -- --facts FILE|- [--json] [--now …] [--max-bytes N]
//! ```
//!
//! Reads FILE, or standard input with `-`, or else the bundled example answer from bunq's docs.
//! `--now` defaults to the system clock (UTC). Exit status: 0 when nothing blocks (with
//! `--facts`: when the next step is `done`), 1 otherwise, 2 when the input cannot be read or
//! parsed (with `--facts`: a line that is not a fact, named by its number), is larger than
//! `--max-bytes`, or the arguments are wrong.

use std::io::Read;
use std::io::Write as _;
use std::process::ExitCode;
use std::time::SystemTime;

use bunq_onboarding::record::FactCounts;
use bunq_onboarding::{FactLine, PutAnswer, RecordReport, Report, Timestamp, UserRecord};
use clap::Parser;

const SEED_NAME: &str = "tests/fixtures/put-onboarding-error.json";
const SEED: &str = include_str!("../tests/fixtures/put-onboarding-error.json");

/// The default input limit: far above any answer bunq sends (its example is 6 KB).
const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Explains bunq's answer to the onboarding PUT: what blocks ACTIVE / VERIFIED, what is due later,
/// what is in review and what is done.
#[derive(Parser)]
#[command(name = "explain")]
struct Args {
    /// Print the machine report (one JSON object) instead of the table.
    #[arg(long)]
    json: bool,
    /// When to judge deadlines, UTC, as bunq writes it: "YYYY-MM-DD hh:mm:ss.ffffff" [default:
    /// the system clock].
    #[arg(long, value_name = "TIMESTAMP", value_parser = Timestamp::parse)]
    now: Option<Timestamp>,
    /// Refuse input larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BYTES)]
    max_bytes: u64,
    /// A stream of facts about one user, one JSON object a line ({"received", "request"?,
    /// "body"}): a file, or - for standard input.
    #[arg(long, value_name = "FILE|-", conflicts_with = "input")]
    facts: Option<String>,
    /// bunq's answer: a file, or - for standard input [default: bunq's example answer, bundled].
    input: Option<String>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("explain: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<ExitCode, String> {
    if let Some(facts) = &args.facts {
        return run_facts(args, facts);
    }
    let (name, bytes) = read_input(args.input.as_deref(), args.max_bytes)?;
    let answer = PutAnswer::from_slice(&bytes).map_err(|error| format!("{name}: {error}"))?;
    let now = now(args)?;
    let report = Report::new(&answer, now);
    print(args.json, &report)?;
    Ok(if report.outcome().is_success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Prints a report as JSON or as text. A reader that closed the pipe (`explain | head`) is no
/// error: the exit status still says the outcome.
fn print(json: bool, report: &(impl serde::Serialize + std::fmt::Display)) -> Result<(), String> {
    let text = if json {
        serde_json::to_string(report).map_err(|error| error.to_string())?
    } else {
        report.to_string()
    };
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{text}") {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(error.to_string()),
        _ => Ok(()),
    }
}

/// `--facts`: the record built from every line, and its next step.
fn run_facts(args: &Args, input: &str) -> Result<ExitCode, String> {
    let (name, bytes) = read_input(Some(input), args.max_bytes)?;
    let mut record = UserRecord::new();
    let mut counts = FactCounts::default();
    for (number, line) in (1..).zip(bytes.split(|byte| *byte == b'\n')) {
        if std::str::from_utf8(line).is_ok_and(|line| line.trim().is_empty()) {
            continue;
        }
        let line =
            FactLine::from_slice(line).map_err(|error| format!("{name} line {number}: {error}"))?;
        for fact in line.facts() {
            counts.count(&record.apply(&fact));
        }
    }
    let report = RecordReport::new(&record, now(args)?, counts);
    print(args.json, &report)?;
    Ok(if report.summary().next_step.is_done() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `--now`, or the system clock.
fn now(args: &Args) -> Result<Timestamp, String> {
    match args.now {
        Some(now) => Ok(now),
        None => {
            Timestamp::try_from(SystemTime::now()).map_err(|error| format!("system clock: {error}"))
        }
    }
}

/// The input's name (for messages) and its bytes, at most `max_bytes` of them.
fn read_input(input: Option<&str>, max_bytes: u64) -> Result<(String, Vec<u8>), String> {
    let (name, reader): (&str, Box<dyn Read>) = match input {
        None => return Ok((SEED_NAME.to_owned(), SEED.as_bytes().to_vec())),
        Some("-") => ("standard input", Box::new(std::io::stdin().lock())),
        Some(path) => (
            path,
            Box::new(std::fs::File::open(path).map_err(|error| format!("{path}: {error}"))?),
        ),
    };
    let mut bytes = Vec::new();
    reader
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| format!("{name}: {error}"))?;
    if bytes.len() as u64 > max_bytes {
        return Err(format!(
            "{name}: larger than the limit of {max_bytes} bytes; raise it with --max-bytes"
        ));
    }
    Ok((name.to_owned(), bytes))
}
