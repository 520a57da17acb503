//! One visit to one link: HEAD, then GET when HEAD is not answered well (many servers refuse
//! or mishandle HEAD), redirects followed by hand so each hop's address is checked again, at
//! most [`MAX_REDIRECTS`] of them, each request bounded by the timeout.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode, Url};

use super::guard::{GuardedResolver, PrivateAccess, Refused};

/// Redirects followed before a link counts as broken.
pub const MAX_REDIRECTS: usize = 5;

/// How a visit ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The page answers.
    Works,
    /// The page does not answer, or answers that it is gone.
    Fails,
    /// The server answered without saying either (it asked the checker to slow down): the
    /// visit counts neither way.
    Unknown,
}

/// What one visit found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Probe {
    /// Works, fails, or neither.
    pub verdict: Verdict,
    /// Why, as a short code kept in the check history: `ok`, `http_404`, `timeout`,
    /// `unreachable`, `private_address`, `too_many_redirects`, `bad_redirect`, `not_http`.
    pub reason: String,
    /// The last HTTP status received, if any.
    pub status: Option<u16>,
    /// Where the visit ended, after redirects.
    pub final_url: String,
    /// How long the visit took, redirects included.
    pub elapsed: Duration,
}

/// How the checker visits links: its limits, its name, whether private addresses are allowed.
#[derive(Clone, Debug)]
pub struct ProbeSettings {
    /// Bound on each request, connection included.
    pub timeout: Duration,
    /// The shortest gap between two requests to the same host.
    pub host_gap: Duration,
    /// The public address of the site, named in the User-Agent so a webmaster knows who visits.
    pub site_url: String,
    /// The private addresses let through (tests and benchmarks only).
    pub private: PrivateAccess,
}

/// Visits links; one per checker, shared by its concurrent visits.
pub struct Prober {
    http: reqwest::Client,
    guard: GuardedResolver,
    pacer: Pacer,
}

impl Prober {
    /// A prober with its own HTTP client (no redirects followed by the client, names resolved
    /// through the guard).
    pub fn new(settings: &ProbeSettings) -> Result<Self, reqwest::Error> {
        let guard = GuardedResolver {
            private: Arc::new(settings.private.clone()),
        };
        let http = reqwest::Client::builder()
            .user_agent(format!(
                "Vitrine/{} (link checker; +{})",
                env!("CARGO_PKG_VERSION"),
                settings.site_url
            ))
            .redirect(reqwest::redirect::Policy::none())
            // Never through a proxy from the environment: the proxy would resolve the names,
            // out of the guard's sight.
            .no_proxy()
            .dns_resolver(Arc::new(guard.clone()))
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout)
            .pool_max_idle_per_host(2)
            .tcp_nodelay(true)
            .build()?;
        Ok(Self {
            http,
            guard,
            pacer: Pacer::new(settings.host_gap),
        })
    }

    /// Visits `url`, following its redirects.
    pub async fn check(&self, url: &str) -> Probe {
        let started = Instant::now();
        let mut status = None;
        let ended = |verdict, reason: &str, status, at: &str| Probe {
            verdict,
            reason: reason.to_owned(),
            status,
            final_url: at.to_owned(),
            elapsed: started.elapsed(),
        };
        let Ok(mut current) = Url::parse(url) else {
            return ended(Verdict::Fails, "not_http", None, url);
        };
        for _ in 0..=MAX_REDIRECTS {
            if let Some(reason) = self.inadmissible(&current) {
                return ended(Verdict::Fails, reason, status, current.as_str());
            }
            let answer = match self.request(Method::HEAD, &current).await {
                Ok((code, to)) if code.is_success() || code.is_redirection() => Ok((code, to)),
                Ok(_) => self.request(Method::GET, &current).await,
                Err(err) if err.is_timeout() || refused(&err) => Err(err),
                Err(_) => self.request(Method::GET, &current).await,
            };
            let (code, location) = match answer {
                Ok(answer) => answer,
                Err(err) => {
                    let reason = if refused(&err) {
                        "private_address"
                    } else if err.is_timeout() {
                        "timeout"
                    } else {
                        "unreachable"
                    };
                    return ended(Verdict::Fails, reason, status, current.as_str());
                }
            };
            status = Some(code.as_u16());
            if !code.is_redirection() {
                let (verdict, reason) = judge(code);
                return ended(verdict, &reason, status, current.as_str());
            }
            match location.and_then(|to| current.join(&to).ok()) {
                Some(next) => current = next,
                None => return ended(Verdict::Fails, "bad_redirect", status, current.as_str()),
            }
        }
        ended(
            Verdict::Fails,
            "too_many_redirects",
            status,
            current.as_str(),
        )
    }

    /// Why `url` is not visited at all: not http(s), or an address given as a number that the
    /// guard refuses (the client resolves no name then, so the guard would not see it).
    fn inadmissible(&self, url: &Url) -> Option<&'static str> {
        if !matches!(url.scheme(), "http" | "https") {
            return Some("not_http");
        }
        let literal = match url.host()? {
            url::Host::Ipv4(ip) => std::net::IpAddr::V4(ip),
            url::Host::Ipv6(ip) => std::net::IpAddr::V6(ip),
            url::Host::Domain(_) => return None,
        };
        (!self.guard.allows(literal)).then_some("private_address")
    }

    /// One request, paced per host; the status and any `Location`. The body is not read.
    async fn request(
        &self,
        method: Method,
        url: &Url,
    ) -> Result<(StatusCode, Option<String>), reqwest::Error> {
        let host = format!(
            "{}:{}",
            url.host_str().unwrap_or_default(),
            url.port_or_known_default().unwrap_or_default()
        );
        self.pacer.wait(&host).await;
        let response = self.http.request(method, url.clone()).send().await?;
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        Ok((response.status(), location))
    }
}

/// What a final status says of a link. A login wall (401, 403) is a page that exists; "too
/// many requests" says nothing of the page.
fn judge(code: StatusCode) -> (Verdict, String) {
    match code.as_u16() {
        200..=299 => (Verdict::Works, "ok".to_owned()),
        401 | 403 => (Verdict::Works, format!("http_{}", code.as_u16())),
        429 => (Verdict::Unknown, "http_429".to_owned()),
        other => (Verdict::Fails, format!("http_{other}")),
    }
}

/// Whether the guard refused every address of the name.
fn refused(err: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(cause) = source {
        if cause.downcast_ref::<Refused>().is_some() {
            return true;
        }
        source = cause.source();
    }
    false
}

/// Spaces requests to the same host by at least a gap, whatever the number of visits under way.
struct Pacer {
    gap: Duration,
    next: Mutex<HashMap<String, Instant>>,
}

/// Hosts remembered before those whose slot has passed are forgotten.
const PACER_MEMORY: usize = 4096;

impl Pacer {
    fn new(gap: Duration) -> Self {
        Self {
            gap,
            next: Mutex::new(HashMap::new()),
        }
    }

    /// Waits for `host`'s next slot, and books the one after it.
    async fn wait(&self, host: &str) {
        let slot = {
            let Ok(mut next) = self.next.lock() else {
                return;
            };
            let now = Instant::now();
            if next.len() >= PACER_MEMORY {
                next.retain(|_, at| *at > now);
            }
            let slot = next.get(host).map_or(now, |at| (*at).max(now));
            next.insert(host.to_owned(), slot + self.gap);
            slot
        };
        tokio::time::sleep_until(slot.into()).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_judged_as_a_reader_would() {
        assert_eq!(judge(StatusCode::OK).0, Verdict::Works);
        assert_eq!(judge(StatusCode::FORBIDDEN).0, Verdict::Works);
        assert_eq!(
            judge(StatusCode::NOT_FOUND),
            (Verdict::Fails, "http_404".to_owned())
        );
        assert_eq!(judge(StatusCode::GONE).0, Verdict::Fails);
        assert_eq!(judge(StatusCode::BAD_GATEWAY).0, Verdict::Fails);
        assert_eq!(judge(StatusCode::TOO_MANY_REQUESTS).0, Verdict::Unknown);
    }

    #[tokio::test]
    async fn the_pacer_spaces_one_host_but_not_two() {
        // Wide margins: the suite runs on a loaded machine.
        let pacer = Pacer::new(Duration::from_millis(600));
        let started = Instant::now();
        pacer.wait("a:80").await;
        pacer.wait("b:80").await;
        assert!(started.elapsed() < Duration::from_millis(300));
        pacer.wait("a:80").await;
        assert!(started.elapsed() >= Duration::from_millis(600));
    }
}
