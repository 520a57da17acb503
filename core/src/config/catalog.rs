//! The live sync from the portal's catalog: where it is, which API it speaks, how often and how
//! fast to read it.

use std::time::Duration;

use url::Url;

use super::ConfigError;
use super::sources::Values;

/// Which API the catalog speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CatalogKind {
    /// udata's API v1 (`/api/1/datasets/`), as data.gouv.fr.
    Udata,
    /// CKAN's Action API (`/api/3/action/package_search`).
    Ckan,
}

impl CatalogKind {
    /// Its name in settings and in the sync's state.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Udata => "udata",
            Self::Ckan => "ckan",
        }
    }
}

/// The catalog the sync mirrors, and how it reads it.
#[derive(Clone, Debug)]
pub struct CatalogSync {
    /// The catalog's root (`https://www.data.gouv.fr/`); API paths are joined to it.
    pub url: Url,
    /// Its API.
    pub kind: CatalogKind,
    /// Sent as `X-API-KEY` (udata) or `Authorization` (CKAN) when set.
    pub api_key: Option<String>,
    /// Between scheduled runs; zero turns the scheduled job off (`vitrine sync` still runs).
    pub interval: Duration,
    /// Requests a second at most.
    pub rate: f64,
    /// The longest a request may take.
    pub timeout: Duration,
    /// Attempts after the first at a request that failed for a reason that may pass (a 5xx,
    /// a timeout, a refused connection), waiting 1 s, 2 s, 4 s… between them.
    pub retries: u32,
}

/// `VITRINE_CATALOG_*` and `VITRINE_SYNC_*`: `None` when no catalog URL is set.
pub(super) fn catalog_sync(values: &Values) -> Result<Option<CatalogSync>, ConfigError> {
    let Some(url) = values.url("CATALOG_URL")? else {
        return Ok(None);
    };
    if !matches!(url.scheme(), "http" | "https") {
        return Err(ConfigError::new(
            "VITRINE_CATALOG_URL",
            "must be an http:// or https:// URL",
        ));
    }
    let kind = match values.get("CATALOG_KIND") {
        Some("udata") => CatalogKind::Udata,
        Some("ckan") => CatalogKind::Ckan,
        Some(other) => {
            return Err(ConfigError::new(
                "VITRINE_CATALOG_KIND",
                format!("{other:?} is not a catalog kind: use udata or ckan"),
            ));
        }
        None => {
            return Err(ConfigError::new(
                "VITRINE_CATALOG_KIND",
                "must be set (udata or ckan) when VITRINE_CATALOG_URL is",
            ));
        }
    };
    let interval = match values.get("SYNC_INTERVAL") {
        None => Duration::from_secs(15 * 60),
        Some(text) => parse_duration(text).ok_or_else(|| {
            ConfigError::new(
                "VITRINE_SYNC_INTERVAL",
                format!("{text:?} is not a duration like 15m, 900s or 1h (0 turns the job off)"),
            )
        })?,
    };
    let rate = match values.get("SYNC_RATE") {
        None => 5.0,
        Some(text) => text
            .parse::<f64>()
            .ok()
            .filter(|rate| rate.is_finite() && *rate > 0.0)
            .ok_or_else(|| {
                ConfigError::new(
                    "VITRINE_SYNC_RATE",
                    format!("{text:?} is not a positive number of requests a second"),
                )
            })?,
    };
    let timeout = match values.get("SYNC_TIMEOUT") {
        None => Duration::from_secs(30),
        Some(text) => parse_duration(text)
            .filter(|timeout| !timeout.is_zero())
            .ok_or_else(|| {
                ConfigError::new(
                    "VITRINE_SYNC_TIMEOUT",
                    format!("{text:?} is not a positive duration like 30s"),
                )
            })?,
    };
    let retries = match values.get("SYNC_RETRIES") {
        None => 5,
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= 20)
            .ok_or_else(|| {
                ConfigError::new(
                    "VITRINE_SYNC_RETRIES",
                    format!("{text:?} is not a number of retries from 0 to 20"),
                )
            })?,
    };
    Ok(Some(CatalogSync {
        url,
        kind,
        api_key: values
            .get("CATALOG_API_KEY")
            .filter(|key| !key.is_empty())
            .map(str::to_owned),
        interval,
        rate,
        timeout,
        retries,
    }))
}

/// `900`, `900s`, `15m`, `1h` or `500ms`.
pub(super) fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().ok()?;
    let seconds = match unit.trim() {
        "ms" => return Some(Duration::from_millis(number)),
        "" | "s" => number,
        "m" | "min" => number.checked_mul(60)?,
        "h" => number.checked_mul(3600)?,
        _ => return None,
    };
    Some(Duration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use super::parse_duration;
    use std::time::Duration;

    #[test]
    fn durations_read_as_people_write_them() {
        assert_eq!(parse_duration("15m"), Some(Duration::from_secs(900)));
        assert_eq!(parse_duration("900"), Some(Duration::from_secs(900)));
        assert_eq!(parse_duration("2s"), Some(Duration::from_secs(2)));
        assert_eq!(parse_duration("1h"), Some(Duration::from_secs(3600)));
        assert_eq!(parse_duration("250ms"), Some(Duration::from_millis(250)));
        assert_eq!(parse_duration("0"), Some(Duration::ZERO));
        assert_eq!(parse_duration("soon"), None);
        assert_eq!(parse_duration("5 days"), None);
    }
}
