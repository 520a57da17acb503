//! `VITRINE_EMBED_ORIGINS`: the portals whose pages may frame the reuse widget
//! (`/embed/datasets/{id}/reuses/`).

use super::ConfigError;
use super::cors::origin;
use super::sources::Values;

/// The sites allowed to frame the embeddable pages; every other page may be framed by none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EmbedConfig {
    /// Origins as browsers write them (`https://host[:port]`); none by default: the widget
    /// still answers a direct visit, but no site may frame it.
    pub origins: Vec<String>,
}

impl EmbedConfig {
    /// Reads `VITRINE_EMBED_ORIGINS`: a comma-separated list of origins, checked as
    /// `VITRINE_CORS_ORIGINS`'s are (no `*`: framing is granted site by site).
    pub(super) fn from_values(values: &Values) -> Result<Self, ConfigError> {
        let refuse = |reason: String| ConfigError::new("VITRINE_EMBED_ORIGINS", reason);
        let Some(text) = values.get("EMBED_ORIGINS") else {
            return Ok(Self::default());
        };
        let mut origins = Vec::new();
        for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            if entry == "*" {
                return Err(refuse(
                    "`*` is not allowed: list the portals that may frame the widget".into(),
                ));
            }
            let found = origin(entry).map_err(refuse)?;
            if !origins.contains(&found) {
                origins.push(found);
            }
        }
        if origins.is_empty() {
            return Err(refuse(format!("{text:?} names no origin")));
        }
        Ok(Self { origins })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::Config;

    fn embed(value: Option<&str>) -> Result<Vec<String>, String> {
        let env: BTreeMap<String, String> = value
            .map(|v| ("VITRINE_EMBED_ORIGINS".to_owned(), v.to_owned()))
            .into_iter()
            .collect();
        Config::from_sources(&env, None)
            .map(|config| config.embed.origins)
            .map_err(|err| err.to_string())
    }

    #[test]
    fn embed_origins_are_none_by_default_or_a_list_of_bare_origins() {
        assert_eq!(embed(None), Ok(Vec::new()));
        assert_eq!(embed(Some("  ")), Ok(Vec::new()));
        assert_eq!(
            embed(Some(
                "https://www.data.gouv.fr, https://Data.Example.org:8443/,https://www.data.gouv.fr"
            )),
            Ok(vec![
                "https://www.data.gouv.fr".to_owned(),
                "https://data.example.org:8443".to_owned(),
            ])
        );
        for bad in [
            "*",
            "https://a.example,*",
            "data.example.org",
            "https://data.example.org/datasets/",
            "ftp://data.example.org",
            ",",
        ] {
            let err = embed(Some(bad)).unwrap_err();
            assert!(err.starts_with("VITRINE_EMBED_ORIGINS: "), "{bad}: {err}");
        }
    }
}
