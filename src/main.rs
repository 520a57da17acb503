//! The `vitrine` command line.

mod sync_command;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;
use vitrine::config::{Config, ConfigError, LogFormat};
use vitrine::import::{self, Format};
use vitrine::models::users::{NewUser, Role};
use vitrine::models::{api_tokens, catalog, demo, users};
use vitrine::{StartError, build_state, db, mail, serve};

/// Vitrine: the showcase of reuses and the discussions of an open-data portal.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database, then serve HTTP.
    Serve,
    /// Serve on loopback with the sample catalog loaded (embedded defaults).
    Demo,
    /// Bring the database schema up to date.
    Migrate,
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Import catalog exports.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Send the mail outbox and run the scheduled jobs (catalog sync, link checker, escalation of
    /// unanswered questions, impact indicators), alone (`serve` runs the same mail worker unless
    /// VITRINE_MAIL_WORKER=false, and the same jobs).
    Worker {
        /// Send what is due, then exit, instead of running until stopped.
        #[arg(long)]
        once: bool,
    },
    /// Check the reuses' and resources' links (a pass every VITRINE_LINKCHECK_INTERVAL, as
    /// `serve` and `worker` do), until stopped.
    Linkcheck {
        /// Visit what is due, print what the pass found as JSON, then exit.
        #[arg(long)]
        once: bool,
    },
    /// Count the impact indicators now (`serve` and `worker` do it every
    /// VITRINE_IMPACT_INTERVAL), print what was written as JSON, then exit.
    Impact,
    /// Write today's daily digests now (held mails of before now), then exit.
    Digest,
    /// Send the questions left unanswered to the organizations' admins and the community
    /// animators (VITRINE_ESCALATE_DAYS; `serve` and `worker` do it every few minutes), then exit.
    Escalate,
    /// Sync the datasets from the catalog (VITRINE_CATALOG_URL) once, from the last checkpoint.
    Sync {
        /// Read the whole catalog and mark deleted what it no longer has (done once a day anyway).
        #[arg(long, conflicts_with = "status")]
        full: bool,
        /// Print the sync's state as JSON instead (last success, next run, counts, errors).
        #[arg(long)]
        status: bool,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user and print its id and a new API key as JSON.
    Create {
        /// Email address (unique).
        #[arg(long)]
        email: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// Site-wide role.
        #[arg(long, value_enum, default_value = "user")]
        role: Role,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Upsert datasets (and their organizations) from a catalog export.
    Datasets {
        /// The export file.
        file: PathBuf,
        /// Its layout.
        #[arg(long, value_enum, default_value = "udata-csv")]
        format: Format,
    },
}

/// What ends a command early.
#[derive(Debug, thiserror::Error)]
enum Failure {
    #[error("{0}")]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Start(#[from] StartError),
    #[error("{0}")]
    App(#[from] vitrine::error::AppError),
    #[error("{0}")]
    Import(#[from] import::ImportError),
}

impl From<sea_orm::DbErr> for Failure {
    fn from(err: sea_orm::DbErr) -> Self {
        Self::Start(err.into())
    }
}

/// The demo's sample catalog, built into the binary so the demo runs from anywhere.
const SAMPLE_CATALOG: &[u8] = include_bytes!("../demo/catalog-sample.udata.csv");
/// The demo's 16 reuses of that catalog.
const DEMO_REUSES: &[u8] = include_bytes!("../demo/demo-reuses.json");

/// mimalloc rather than the system's allocator: pages are built of many short-lived strings,
/// which glibc's allocator served with a quarter of the server's time (measured with perf on the
/// random gallery of scripts/bench), and it hands freed memory back to the system.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::load() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("error: configuration: {err}");
            return ExitCode::from(2);
        }
    };
    start_logs(config.server.log_format);
    match run(cli.command, config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Config(err)) => {
            eprintln!("error: configuration: {err}");
            ExitCode::from(2)
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Logs to standard error, filtered by `RUST_LOG`: lines for people, or one JSON object per
/// line (`VITRINE_LOG_FORMAT=json`) with the event's fields at the top level.
fn start_logs(format: LogFormat) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .init(),
    }
}

async fn run(command: Command, mut config: Config) -> Result<(), Failure> {
    match command {
        Command::Serve => {
            let state = build_state(config).await?;
            db::migrate(&state.db).await?;
            serve(state, shutdown_signal()).await?;
        }
        Command::Demo => {
            if !config.bind.ip().is_loopback() {
                return Err(ConfigError {
                    key: "VITRINE_BIND".into(),
                    reason: "the demo listens on loopback only".into(),
                }
                .into());
            }
            config.redis_url = None;
            let mut state = build_state(config).await?;
            state.demo = true;
            db::migrate(&state.db).await?;
            let parsed = import::parse_bytes(SAMPLE_CATALOG, Format::UdataCsv)?;
            let report = catalog::import_catalog(&state.db, parsed, "demo", None).await?;
            demo::ensure_demo_users(&state.db).await?;
            let reuses = demo::ensure_demo_reuses(&state.db, DEMO_REUSES).await?;
            tracing::info!(
                created = report.created,
                updated = report.updated,
                skipped = report.skipped,
                reuses,
                "sample catalog loaded"
            );
            eprintln!(
                "Vitrine demo: open {} (API docs at {}api/1/docs)",
                state.config.public_url, state.config.public_url
            );
            serve(state, shutdown_signal()).await?;
        }
        Command::Worker { once } => {
            let state = build_state(config).await?;
            db::migrate(&state.db).await?;
            if once {
                let transport = mail::worker::Transport::from_config(&state.config)?;
                let sent = mail::worker::send_due(&state.db, &transport, &state.config).await?;
                println!("sent {sent}");
            } else {
                let _metrics = vitrine::http::metrics::listen(&state).await?;
                let jobs = vitrine::jobs::Jobs::start(&state);
                let (stop_jobs, stop) = vitrine::shutdown::stop_signal();
                let worker = mail::worker::run(state.db.clone(), state.config.clone(), stop);
                let signal = shutdown_signal();
                tokio::pin!(worker);
                tokio::select! {
                    () = &mut worker => {},
                    () = signal => {
                        // Claims nothing more, sends what it claimed, then returns.
                        stop_jobs.stop();
                        if tokio::time::timeout(state.config.server.drain_timeout, worker).await.is_err() {
                            tracing::warn!("mails still being sent after the drain timeout were cut");
                        }
                    },
                }
                jobs.stop();
            }
        }
        Command::Linkcheck { once } => {
            let state = build_state(config).await?;
            db::migrate(&state.db).await?;
            if once {
                let prober = vitrine::linkcheck::pass::prober(&state)?;
                let tally = vitrine::linkcheck::pass::run_once(&state, &prober).await?;
                println!("{}", serde_json::json!(tally));
            } else {
                tokio::select! {
                    () = vitrine::linkcheck::pass::schedule(state) => {},
                    () = shutdown_signal() => {},
                }
            }
        }
        Command::Impact => {
            let state = build_state(config).await?;
            db::migrate(&state.db).await?;
            let refreshed = vitrine::impact::refresh(&state).await?;
            println!("{}", serde_json::json!(refreshed));
        }
        Command::Digest => {
            let state = build_state(config).await?;
            db::migrate(&state.db).await?;
            let now = chrono::Utc::now();
            let written = mail::outbox::compose_digests(
                &state.db,
                now.date_naive(),
                now,
                &state.config.public_url,
                &state.config.site.name,
            )
            .await?;
            println!("digests written {written}");
        }
        Command::Escalate => {
            let state = build_state(config).await?;
            db::migrate(&state.db).await?;
            let done = vitrine::escalation::run(&state).await?;
            println!(
                "escalated admins {} animators {}",
                done.admins, done.animators
            );
        }
        Command::Sync { full, status } => {
            let state = build_state(config).await?;
            db::migrate(&state.db).await?;
            if status {
                sync_command::print_status(&state).await?;
            } else {
                sync_command::run_once(&state, full).await?;
            }
        }
        Command::Migrate => {
            let state = build_state(config).await?;
            db::migrate(&state.db).await?;
            eprintln!("database is up to date");
        }
        Command::User {
            command: UserCommand::Create { email, name, role },
        } => {
            let state = build_state(config).await?;
            db::migrate(&state.db).await?;
            let user = users::create_user(&state.db, NewUser { email, name, role }).await?;
            let issued = api_tokens::issue_token(&state.db, &user.id, "command line", None).await?;
            let out = serde_json::json!({
                "id": user.id,
                "email": user.email,
                "name": user.name,
                "role": user.role,
                "api_token": issued.plaintext,
            });
            println!("{out}");
        }
        Command::Import {
            command: ImportCommand::Datasets { file, format },
        } => {
            // Read and parse the whole file before touching the database.
            let parsed = import::parse_file(&file, format)?;
            let state = build_state(config).await?;
            db::migrate(&state.db).await?;
            let notifier = vitrine::notifications::Notifier::of(&state.config);
            let report =
                catalog::import_catalog(&state.db, parsed, source_name(format), Some(&notifier))
                    .await?;
            state.cache.bump(vitrine::cache::GALLERY).await;
            for row in &report.rejected {
                eprintln!("{}: {}: {}", file.display(), row.location, row.reason);
            }
            println!(
                "created {}, updated {}, skipped {}, rejected {}, organizations created {}",
                report.created,
                report.updated,
                report.skipped,
                report.rejected.len(),
                report.organizations_created
            );
        }
    }
    Ok(())
}

fn source_name(format: Format) -> &'static str {
    match format {
        Format::UdataCsv | Format::UdataJson => "udata",
        Format::CkanJson => "ckan",
    }
}

/// Resolves on Ctrl-C or SIGTERM. The handlers are installed when this is called, not when it is
/// first polled, so a signal that comes as soon as the server answers is not lost (and does not
/// kill the process the default way).
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let signals = {
        use tokio::signal::unix::{SignalKind, signal};
        (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        )
    };
    async move {
        #[cfg(unix)]
        match signals {
            (Ok(mut term), Ok(mut interrupt)) => {
                tokio::select! {
                    _ = term.recv() => {},
                    _ = interrupt.recv() => {},
                }
            }
            (Err(err), _) | (_, Err(err)) => {
                tracing::error!(error = %err, "cannot listen for SIGTERM / SIGINT");
                std::future::pending::<()>().await;
            }
        }
        #[cfg(not(unix))]
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
        tracing::info!("shutting down");
    }
}
