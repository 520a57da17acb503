//! Reading the catalog's API gently: requests paced to the configured rate, a timeout on each,
//! a 429 waited out as its `Retry-After` says, 5xx answers and network failures tried again with
//! growing waits, and a User-Agent that names Vitrine and the site.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};
use tokio::sync::Mutex;
use tokio::time::Instant;
use url::Url;

use crate::config::{CatalogKind, CatalogSync};

/// The longest a `Retry-After` is waited (well within the sync's lease); a catalog asking for
/// more is treated as failing, at once.
const LONGEST_RETRY_AFTER: Duration = Duration::from_secs(120);
/// The wait after a first failure, doubled at each further one.
const FIRST_BACKOFF: Duration = Duration::from_secs(1);

/// Why a request gave nothing usable, after its retries.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The catalog kept failing or could not be reached.
    #[error("{url}: {reason} (after {attempts} attempts)")]
    Unavailable {
        /// What was asked.
        url: String,
        /// The last failure.
        reason: String,
        /// Attempts made.
        attempts: u32,
    },
    /// The catalog refused the request for good (a 4xx other than 403, 404, 410 and 429).
    #[error("{url}: the catalog answered {status}: {body}")]
    Refused {
        /// What was asked.
        url: String,
        /// Its status.
        status: u16,
        /// The start of its body.
        body: String,
    },
    /// The answer is not JSON.
    #[error("{url}: the answer is not JSON: {reason}")]
    NotJson {
        /// What was asked.
        url: String,
        /// Why.
        reason: String,
    },
}

/// An answer worth reading: 200, or 403 / 404 / 410 (the thing asked for is not there, or no
/// longer public).
pub struct Answer {
    /// 200, 403, 404 or 410.
    pub status: u16,
    /// The body, read as JSON (`Null` when a 404 or 410 had none).
    pub json: serde_json::Value,
}

/// Counts of what the client did, for the run's report.
#[derive(Clone, Copy, Debug, Default)]
pub struct Traffic {
    /// Requests sent, retries included.
    pub requests: u64,
    /// Retries after a failure or a 429.
    pub retries: u64,
}

/// The catalog's HTTP client.
pub struct Client {
    http: reqwest::Client,
    retries: u32,
    gap: Duration,
    next_slot: Mutex<Instant>,
    traffic: std::sync::Mutex<Traffic>,
}

impl Client {
    /// A client for `catalog`, naming `site` in its User-Agent.
    pub fn new(catalog: &CatalogSync, site: &Url) -> Result<Self, FetchError> {
        let mut headers = HeaderMap::new();
        headers.insert(
            reqwest::header::ACCEPT,
            HeaderValue::from_static("application/json"),
        );
        if let Some(key) = &catalog.api_key {
            let name = match catalog.kind {
                CatalogKind::Udata => "X-API-KEY",
                CatalogKind::Ckan => "Authorization",
            };
            let mut value = HeaderValue::from_str(key).map_err(|_| FetchError::Refused {
                url: redacted(&catalog.url),
                status: 0,
                body: "VITRINE_CATALOG_API_KEY holds characters a header cannot".to_owned(),
            })?;
            value.set_sensitive(true);
            headers.insert(name, value);
        }
        let agent = format!(
            "Vitrine/{} (catalog sync; +{site})",
            env!("CARGO_PKG_VERSION")
        );
        // The key goes to the catalog's host alone: a redirect elsewhere is not followed.
        let host = catalog.url.host_str().map(str::to_owned);
        let redirects = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() >= 5 || attempt.url().host_str() != host.as_deref() {
                attempt.stop()
            } else {
                attempt.follow()
            }
        });
        let http = reqwest::Client::builder()
            .user_agent(agent)
            .redirect(redirects)
            .default_headers(headers)
            .timeout(catalog.timeout)
            .connect_timeout(catalog.timeout.min(Duration::from_secs(10)))
            .tcp_nodelay(true)
            .build()
            .map_err(|err| FetchError::Unavailable {
                url: redacted(&catalog.url),
                reason: err.to_string(),
                attempts: 0,
            })?;
        Ok(Self {
            http,
            retries: catalog.retries,
            gap: Duration::from_secs_f64(1.0 / catalog.rate),
            next_slot: Mutex::new(Instant::now()),
            traffic: std::sync::Mutex::new(Traffic::default()),
        })
    }

    /// What the client did so far.
    pub fn traffic(&self) -> Traffic {
        self.traffic.lock().map(|t| *t).unwrap_or_default()
    }

    fn count(&self, retry: bool) {
        if let Ok(mut traffic) = self.traffic.lock() {
            traffic.requests += 1;
            traffic.retries += u64::from(retry);
        }
    }

    /// Waits for the next request's turn at the configured rate.
    async fn pace(&self) {
        let mut slot = self.next_slot.lock().await;
        let now = Instant::now();
        let at = (*slot).max(now);
        *slot = at + self.gap;
        drop(slot);
        tokio::time::sleep_until(at).await;
    }

    /// GETs `url` as JSON.
    pub async fn get(&self, url: &Url) -> Result<Answer, FetchError> {
        let mut attempt = 0u32;
        let mut throttled = 0u32;
        loop {
            self.pace().await;
            self.count(attempt + throttled > 0);
            let failure = match self.http.get(url.clone()).send().await {
                Ok(response) => {
                    let status = response.status();
                    if status == StatusCode::TOO_MANY_REQUESTS && throttled < self.retries.max(3) {
                        throttled += 1;
                        let wait = retry_after(response.headers()).unwrap_or(FIRST_BACKOFF * 30);
                        if wait > LONGEST_RETRY_AFTER {
                            return Err(FetchError::Unavailable {
                                url: redacted(url),
                                reason: format!(
                                    "the catalog asks to wait {} s (429)",
                                    wait.as_secs()
                                ),
                                attempts: attempt + throttled,
                            });
                        } else {
                            tracing::info!(%url, seconds = wait.as_secs_f64(), "catalog asks to slow down (429)");
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                    } else if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
                        format!("the catalog answered {status}")
                    } else {
                        return read(url, response).await;
                    }
                }
                Err(err) if err.is_timeout() => "no answer in time".to_owned(),
                Err(err) => format!("cannot reach the catalog: {}", root_cause(&err)),
            };
            if attempt >= self.retries {
                return Err(FetchError::Unavailable {
                    url: redacted(url),
                    reason: failure,
                    attempts: attempt + throttled + 1,
                });
            }
            let wait = FIRST_BACKOFF * 2u32.saturating_pow(attempt);
            tracing::warn!(%url, reason = %failure, wait_seconds = wait.as_secs(), "catalog request failed; trying again");
            attempt += 1;
            tokio::time::sleep(wait).await;
        }
    }
}

/// Reads a final answer: JSON for 200, 403, 404 and 410; a refusal otherwise.
async fn read(url: &Url, response: reqwest::Response) -> Result<Answer, FetchError> {
    let status = response.status().as_u16();
    let body = response
        .bytes()
        .await
        .map_err(|err| FetchError::Unavailable {
            url: redacted(url),
            reason: format!("the answer was cut: {}", root_cause(&err)),
            attempts: 1,
        })?;
    match status {
        200..=299 => serde_json::from_slice(&body)
            .map(|json| Answer { status, json })
            .map_err(|err| FetchError::NotJson {
                url: redacted(url),
                reason: err.to_string(),
            }),
        403 | 404 | 410 => Ok(Answer {
            status,
            json: serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
        }),
        _ => Err(FetchError::Refused {
            url: redacted(url),
            status,
            body: String::from_utf8_lossy(&body).chars().take(200).collect(),
        }),
    }
}

/// `url` without the user name and password it may hold, for messages and logs.
pub fn redacted(url: &Url) -> String {
    let mut shown = url.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.to_string()
}

/// `Retry-After` in seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = at.with_timezone(&chrono::Utc) - crate::clock::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

/// The innermost cause of an error, which says what went wrong ("connection refused").
fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("3"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(3)));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
    }
}
