//! `bunq-onboarding-fake --port 8080`: a fake of bunq's partner onboarding API on 127.0.0.1.

use std::net::{IpAddr, SocketAddr};
use std::time::SystemTime;

use bunq_onboarding::Timestamp;
use bunq_onboarding_fake::{DEFAULT_PARTNER_API_KEY, Settings, start_on};
use clap::Parser;

/// A stateful fake of bunq's partner onboarding API, with callbacks, a virtual clock and faults.
/// bunq's routes are under /v1 and need bunq's API context (installation, device, session), as
/// bunq's SDKs make it; the control API is under /_fake.
#[derive(Parser)]
#[command(name = "bunq-onboarding-fake")]
struct Args {
    /// The port to listen on (0: any free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// The virtual clock's start, UTC, "YYYY-MM-DD hh:mm:ss.ffffff" [default: the system clock].
    #[arg(long, value_name = "TIMESTAMP", value_parser = Timestamp::parse)]
    start: Option<Timestamp>,
    /// Seconds between a provision's steps.
    #[arg(long, default_value_t = 1)]
    provision_step_seconds: i64,
    /// How long a credential waits for its first use, in seconds.
    #[arg(long, default_value_t = 3_600)]
    credential_lifetime_seconds: i64,
    /// Seconds between a failed callback and its retry.
    #[arg(long, default_value_t = 60)]
    callback_retry_seconds: i64,
    /// How many times a failed callback is retried.
    #[arg(long, default_value_t = 5)]
    callback_retries: u32,
    /// The partner's own API key: its session reaches provisions and OAuth clients.
    #[arg(long, default_value = DEFAULT_PARTNER_API_KEY)]
    partner_api_key: String,
    /// How long a session lasts, in seconds of the virtual clock.
    #[arg(long, default_value_t = 604_800)]
    session_timeout_seconds: i64,
    /// Answer every bunq route without a token, for quick exploration with curl.
    #[arg(long)]
    no_auth: bool,
    /// Leave answers unsigned (no X-Bunq-Server-Signature); bunq's SDKs then refuse them.
    #[arg(long)]
    no_signatures: bool,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let start = match args.start {
        Some(start) => start,
        None => Timestamp::try_from(SystemTime::now()).map_err(std::io::Error::other)?,
    };
    let settings = Settings {
        start,
        provision_step_seconds: args.provision_step_seconds,
        credential_lifetime_seconds: args.credential_lifetime_seconds,
        callback_retry_seconds: args.callback_retry_seconds,
        callback_retries: args.callback_retries,
        partner_api_key: args.partner_api_key,
        session_timeout_seconds: args.session_timeout_seconds,
        authentication: !args.no_auth,
        signatures: !args.no_signatures,
    };
    let fake = start_on(SocketAddr::new(args.host, args.port), settings).await?;
    println!(
        "bunq-onboarding-fake listening on {} (clock at {start})",
        fake.base_url()
    );
    tokio::signal::ctrl_c().await?;
    fake.stop().await;
    Ok(())
}
