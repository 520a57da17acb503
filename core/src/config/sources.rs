//! Where the values come from: `VITRINE_*` variables over the keys of `vitrine.toml`.

use std::collections::BTreeMap;
use std::path::Path;

use url::Url;

use super::{Config, ConfigError, PREFIX};

impl Config {
    /// Reads the process environment and `vitrine.toml` (or the file named by `VITRINE_CONFIG`).
    pub fn load() -> Result<Self, ConfigError> {
        let env: BTreeMap<String, String> = std::env::vars()
            .filter(|(key, _)| key.starts_with(PREFIX))
            .collect();
        let file = match env.get("VITRINE_CONFIG") {
            Some(path) => read_toml(Path::new(path), true)?,
            None => read_toml(Path::new("vitrine.toml"), false)?,
        };
        Self::from_sources(&env, file.as_ref())
    }
}

/// Reads a `vitrine.toml`; a missing file is an error only when it was asked for by name.
fn read_toml(path: &Path, required: bool) -> Result<Option<toml::Table>, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound && !required => return Ok(None),
        Err(err) => {
            return Err(ConfigError::new(
                "VITRINE_CONFIG",
                format!("cannot read {}: {err}", path.display()),
            ));
        }
    };
    text.parse::<toml::Table>().map(Some).map_err(|err| {
        ConfigError::new(
            "VITRINE_CONFIG",
            format!("{} is not valid TOML: {}", path.display(), err.message()),
        )
    })
}

/// Every key without its prefix, upper-case, environment over file.
pub(super) struct Values(pub(super) BTreeMap<String, String>);

impl Values {
    pub(super) fn merge(
        env: &BTreeMap<String, String>,
        file: Option<&toml::Table>,
    ) -> Result<Self, ConfigError> {
        let mut values = BTreeMap::new();
        for (key, value) in file.into_iter().flatten() {
            let name = key.to_ascii_uppercase();
            let text = match value {
                toml::Value::String(text) => text.clone(),
                toml::Value::Integer(number) => number.to_string(),
                toml::Value::Boolean(flag) => flag.to_string(),
                _ => {
                    return Err(ConfigError::new(
                        &format!("{PREFIX}{name}"),
                        "must be a string, a number or a boolean in vitrine.toml",
                    ));
                }
            };
            values.insert(name, text);
        }
        for (key, value) in env {
            if let Some(name) = key.strip_prefix(PREFIX) {
                values.insert(name.to_owned(), value.clone());
            }
        }
        values.retain(|_, value| !value.trim().is_empty());
        Ok(Self(values))
    }

    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|value| value.trim())
    }

    pub(super) fn url(&self, name: &str) -> Result<Option<Url>, ConfigError> {
        self.get(name)
            .map(|text| {
                Url::parse(text).map_err(|err| {
                    ConfigError::new(
                        &format!("{PREFIX}{name}"),
                        format!("{text:?} is not a URL: {err}"),
                    )
                })
            })
            .transpose()
    }
}
