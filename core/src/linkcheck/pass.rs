//! One pass of the checker over what is due, and the scheduled job that runs passes. A pass
//! claims links a batch at a time as it goes, visits them with bounded concurrency (the hosts of
//! a batch interleaved, so one host's pacing does not hold every slot), and records the visits
//! as they end, in small transactions: memory stays bounded whatever the number of links.

use std::collections::{BTreeMap, VecDeque};

use chrono::TimeDelta;
use entity::links;
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;

use super::probe::{Probe, ProbeSettings, Prober};
use super::queue::{claim, enrol};
use super::record::{Tally, record};
use crate::error::{AppError, AppResult};
use crate::notifications::Notifier;
use crate::state::AppState;

/// Links claimed at once.
const CLAIM_BATCH: u64 = 200;

/// Visits recorded per transaction.
const RECORD_BATCH: usize = 100;

/// How long claimed links stay with their checker: more than a batch can take (200 links,
/// however many on one host; a visit a link written after its lease ran out is dropped).
const LEASE: TimeDelta = TimeDelta::minutes(30);

/// The prober the configuration describes.
pub fn prober(app: &AppState) -> AppResult<Prober> {
    let settings = ProbeSettings {
        timeout: app.config.linkcheck.timeout,
        host_gap: app.config.linkcheck.host_gap,
        site_url: app.config.public_url.to_string(),
        private: app.config.linkcheck.private.clone(),
    };
    Prober::new(&settings).map_err(|err| AppError::Internal(format!("link checker: {err}")))
}

/// Enrols what is new, then visits every link due now, as of the application's clock.
///
/// Links are claimed a batch at a time as the visits need them, so the visits flow without a
/// pause between batches; visiting goes on while the visits that ended are being written (both
/// are polled together), so a slow write never stalls requests in flight into false timeouts.
pub async fn run_once(app: &AppState, prober: &Prober) -> AppResult<Tally> {
    enrol(&app.db, app.clock.now()).await?;
    let notifier = Notifier::of(&app.config);
    let concurrency = app.config.linkcheck.concurrency;
    let mut claim_failed = None;
    let (found, mut ended) = tokio::sync::mpsc::unbounded_channel();
    let visiting = async {
        let mut in_flight = FuturesUnordered::new();
        let mut queue: VecDeque<links::Model> = VecDeque::new();
        let mut exhausted = false;
        loop {
            while in_flight.len() < concurrency {
                if queue.is_empty() && !exhausted {
                    match claim(&app.db, app.clock.now(), CLAIM_BATCH, LEASE).await {
                        Ok(batch) if batch.is_empty() => exhausted = true,
                        Ok(batch) => queue.extend(interleave_hosts(batch)),
                        Err(err) => {
                            claim_failed = Some(err);
                            exhausted = true;
                        }
                    }
                }
                let Some(link) = queue.pop_front() else {
                    break;
                };
                in_flight.push(visit(prober, link));
            }
            match in_flight.next().await {
                Some(visit) => {
                    if found.send(visit).is_err() {
                        break;
                    }
                }
                None => break,
            }
        }
        drop(found);
    };
    let recording = async {
        let mut tally = Tally::default();
        while let Some(first) = ended.recv().await {
            let mut chunk = vec![first];
            while chunk.len() < RECORD_BATCH {
                match ended.try_recv() {
                    Ok(visit) => chunk.push(visit),
                    Err(_) => break,
                }
            }
            tally += record(&app.db, &notifier, chunk, app.clock.now()).await?;
        }
        Ok::<Tally, AppError>(tally)
    };
    let ((), recorded) = tokio::join!(visiting, recording);
    let tally = recorded?;
    super::record::prune_resting(&app.db, app.clock.now()).await?;
    match claim_failed {
        Some(err) => Err(err),
        None => Ok(tally),
    }
}

/// One visit, with the link it is of.
async fn visit(prober: &Prober, link: links::Model) -> (links::Model, Probe) {
    let probe = prober.check(&link.url).await;
    (link, probe)
}

/// The scheduled job: a pass every `VITRINE_LINKCHECK_INTERVAL`, until the process ends.
/// Several instances may run it: each claims its own links.
pub async fn schedule(app: AppState) {
    let interval = app.config.linkcheck.interval;
    if interval.is_zero() {
        tracing::info!("link checker: the scheduled job is off (VITRINE_LINKCHECK_INTERVAL=0)");
        return;
    }
    let prober = match prober(&app) {
        Ok(prober) => prober,
        Err(err) => {
            tracing::error!(error = %err, "link checker: cannot start");
            return;
        }
    };
    loop {
        match run_once(&app, &prober).await {
            Ok(tally) if tally.checked > 0 => tracing::info!(
                checked = tally.checked,
                works = tally.works,
                failed = tally.failed,
                broken = tally.broken,
                recovered = tally.recovered,
                "link check pass done"
            ),
            Ok(_) => {}
            Err(err) => tracing::error!(error = %err, "link check pass failed"),
        }
        tokio::time::sleep(interval).await;
    }
}

/// `links` reordered so that consecutive links are on different hosts as far as possible.
fn interleave_hosts(links: Vec<links::Model>) -> Vec<links::Model> {
    let total = links.len();
    let mut by_host: BTreeMap<String, VecDeque<links::Model>> = BTreeMap::new();
    for link in links {
        let host = url::Url::parse(&link.url)
            .ok()
            .and_then(|url| url.host_str().map(str::to_owned))
            .unwrap_or_default();
        by_host.entry(host).or_default().push_back(link);
    }
    let mut spread = Vec::with_capacity(total);
    while spread.len() < total {
        for queue in by_host.values_mut() {
            if let Some(link) = queue.pop_front() {
                spread.push(link);
            }
        }
    }
    spread
}

#[cfg(test)]
mod tests {
    use super::interleave_hosts;

    fn link(url: &str) -> entity::links::Model {
        entity::links::Model {
            id: url.to_owned(),
            kind: "reuse".to_owned(),
            target_id: url.to_owned(),
            url: url.to_owned(),
            state: "unknown".to_owned(),
            failures: 0,
            failing_since: None,
            owner_told_at: None,
            last_checked_at: None,
            last_reason: None,
            next_check_at: None,
            lease_until: None,
        }
    }

    #[test]
    fn one_hosts_links_are_spread_among_the_others() {
        let links = [
            "http://a/1",
            "http://a/2",
            "http://a/3",
            "http://b/1",
            "nonsense",
        ]
        .map(link)
        .to_vec();
        let spread: Vec<String> = interleave_hosts(links)
            .into_iter()
            .map(|link| link.url)
            .collect();
        assert_eq!(
            spread,
            [
                "nonsense",
                "http://a/1",
                "http://b/1",
                "http://a/2",
                "http://a/3"
            ]
        );
    }
}
