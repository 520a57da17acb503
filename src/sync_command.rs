//! `vitrine sync`: one run of the catalog sync with a progress bar on a terminal (plain lines
//! otherwise), or `--status`, the sync's state as JSON.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};
use vitrine::state::AppState;
use vitrine::sync::{self, Options, Outcome, Progress};

/// Prints the sync's state as JSON.
pub async fn print_status(state: &AppState) -> Result<(), vitrine::error::AppError> {
    let status = sync::status(&state.db, &state.config).await?;
    let text = match status {
        Some(status) => serde_json::to_string_pretty(&status).unwrap_or_default(),
        None => "{\"configured\": false}".to_owned(),
    };
    println!("{text}");
    Ok(())
}

/// Runs one sync and prints what it did; `Ok(false)` when another instance was syncing.
pub async fn run_once(state: &AppState, full: bool) -> Result<bool, vitrine::error::AppError> {
    let report = Report::new();
    let outcome = sync::run(state, &sync::instance_name(), Options { full }, &|event| {
        report.show(event)
    })
    .await;
    report.finish();
    match outcome? {
        Outcome::Done(pass) => {
            let counts = &pass.counts;
            println!(
                "{} sync done: read {}, created {}, updated {}, unchanged {}, deleted {}, renamed {}, skipped {}, people told of {} changes, {} requests ({} retried)",
                if pass.full { "full" } else { "incremental" },
                counts.read,
                counts.created,
                counts.updated,
                counts.unchanged,
                counts.deleted,
                counts.rekeyed,
                counts.skipped,
                counts.notified,
                counts.requests,
                counts.retries,
            );
            if counts.skipped > 0 {
                eprintln!("skipped records: see `vitrine sync --status`");
            }
            Ok(true)
        }
        Outcome::Busy { owner, until } => {
            eprintln!(
                "another instance is syncing ({}, lease until {}): nothing done",
                owner.unwrap_or_default(),
                until.map(|at| at.to_rfc3339()).unwrap_or_default()
            );
            Ok(false)
        }
    }
}

/// A progress bar on a terminal, a line a page otherwise.
struct Report {
    bar: Option<ProgressBar>,
}

impl Report {
    fn new() -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {msg} [{elapsed_precise}] {wide_bar} {pos}/{len}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        });
        Self { bar }
    }

    fn show(&self, event: Progress) {
        let text = match event {
            Progress::Started { full, read } => {
                let kind = if full { "full" } else { "incremental" };
                if read > 0 {
                    format!("{kind} sync goes on from {read} datasets read")
                } else {
                    format!("{kind} sync")
                }
            }
            Progress::Page { read, total } => match total {
                Some(total) => format!("read {read} of {total} datasets"),
                None => format!("read {read} datasets"),
            },
            Progress::LookingUp { done } => {
                format!("looked up {done} datasets the listing no longer holds")
            }
        };
        match &self.bar {
            Some(bar) => {
                if let Progress::Page { read, total } = event {
                    if let Some(total) = total {
                        bar.set_length(total);
                    }
                    bar.set_position(read);
                }
                bar.set_message(text);
            }
            None => {
                eprintln!("{text}");
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
