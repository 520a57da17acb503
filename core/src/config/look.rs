//! The site's look (`VITRINE_THEME`): Vitrine's neutral design, or the French State's design
//! system (DSFR), which the State reserves for its own sites, so an operator turns it on.

use super::ConfigError;
use super::sources::Values;

/// Which design the pages wear.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Vitrine's own, neutral design, coloured by `VITRINE_PRIMARY_COLOR`.
    #[default]
    Default,
    /// The French State's design system: its header (« République Française »), footer,
    /// Marianne font and components, for the State's own portals.
    Dsfr,
}

impl Theme {
    /// The value of `VITRINE_THEME` that names it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Default => "default",
            Self::Dsfr => "dsfr",
        }
    }

    /// Whether pages wear the French State's design system.
    pub fn is_dsfr(self) -> bool {
        self == Self::Dsfr
    }

    /// Reads `VITRINE_THEME` (`default` when unset).
    pub(super) fn from_values(values: &Values) -> Result<Self, ConfigError> {
        match values.get("THEME") {
            None | Some("default") => Ok(Self::Default),
            Some("dsfr") => Ok(Self::Dsfr),
            Some(other) => Err(ConfigError::new(
                "VITRINE_THEME",
                format!("{other:?} is not a theme: \"default\" or \"dsfr\""),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(value: Option<&str>) -> Result<Theme, ConfigError> {
        let values = value.map(|value| ("THEME".to_owned(), value.to_owned()));
        Theme::from_values(&Values(values.into_iter().collect()))
    }

    #[test]
    fn reads_the_two_themes_and_refuses_others() {
        assert_eq!(theme(None), Ok(Theme::Default));
        assert_eq!(theme(Some("default")), Ok(Theme::Default));
        assert_eq!(theme(Some("dsfr")), Ok(Theme::Dsfr));
        let error = theme(Some("marianne")).err().map(|e| e.key);
        assert_eq!(error.as_deref(), Some("VITRINE_THEME"));
    }
}
