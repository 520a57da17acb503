//! `VITRINE_CORS_ORIGINS`: the other sites whose scripts may read the API's answers.

use url::Url;

use super::ConfigError;
use super::sources::Values;

/// The origins the API answers with CORS headers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum CorsOrigins {
    /// Every origin (`*`): the API is public, and cookies never count cross-origin.
    #[default]
    Any,
    /// Only these, each written as browsers send it in `Origin` (`https://host[:port]`).
    Listed(Vec<String>),
}

impl CorsOrigins {
    /// Whether a script of `origin` (an `Origin` header as sent) may read the API's answers.
    pub fn allows(&self, origin: &str) -> bool {
        match self {
            Self::Any => true,
            Self::Listed(origins) => origins.iter().any(|listed| listed == origin),
        }
    }
}

/// Reads `VITRINE_CORS_ORIGINS`: unset or `*` for any origin, else a comma-separated list.
pub(super) fn cors_origins(values: &Values) -> Result<CorsOrigins, ConfigError> {
    let refuse = |reason: String| ConfigError::new("VITRINE_CORS_ORIGINS", reason);
    let Some(text) = values.get("CORS_ORIGINS") else {
        return Ok(CorsOrigins::Any);
    };
    let entries: Vec<&str> = text
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .collect();
    if entries == ["*"] {
        return Ok(CorsOrigins::Any);
    }
    if entries.contains(&"*") {
        return Err(refuse(
            "`*` stands alone: it already allows every origin".into(),
        ));
    }
    let origins = entries
        .into_iter()
        .map(|entry| origin(entry).map_err(refuse))
        .collect::<Result<Vec<_>, _>>()?;
    if origins.is_empty() {
        return Err(refuse(format!("{text:?} names no origin")));
    }
    Ok(CorsOrigins::Listed(origins))
}

/// `entry` as browsers write an origin: lower-case scheme and host, no default port, no path
/// (also read for `VITRINE_EMBED_ORIGINS`).
pub(super) fn origin(entry: &str) -> Result<String, String> {
    let url = Url::parse(entry)
        .map_err(|err| format!("{entry:?} is not an origin like https://example.org ({err})"))?;
    let bare = url.username().is_empty()
        && url.password().is_none()
        && url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none();
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() || !bare {
        return Err(format!(
            "{entry:?} is not an origin like https://example.org: an http:// or https:// \
             scheme, a host, an optional port and nothing else"
        ));
    }
    Ok(url.origin().ascii_serialization())
}
