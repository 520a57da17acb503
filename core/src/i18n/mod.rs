//! French and English: the one way user-facing text is chosen. Templates call `lang.t("key")`;
//! texts with variables or a count go through `lang.t_args(…)` and `lang.count(…)`. The texts
//! themselves are in Fluent, in `locales/` (see [`messages`]).

mod fields;
pub mod format;
mod messages;
mod moderation;

#[cfg(test)]
mod coverage;

pub use messages::Arg;

/// Name of the cookie the language switch sets.
pub const LANG_COOKIE: &str = "vitrine_lang";

/// A language the site speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// French, the portal's first language.
    #[default]
    Fr,
    /// English.
    En,
}

impl Lang {
    /// Every language, in the switch's order.
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    /// ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Fr => "fr",
            Self::En => "en",
        }
    }

    /// The language a code names, if the site speaks it.
    pub fn from_code(code: &str) -> Option<Self> {
        match code.trim().to_ascii_lowercase().get(..2)? {
            "fr" => Some(Self::Fr),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// The preferred language of an `Accept-Language` header among those the site speaks.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut best: Option<(f32, Self)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let Some(lang) = pieces.next().and_then(Self::from_code) else {
                continue;
            };
            let quality = pieces
                .find_map(|piece| piece.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, lang));
            }
        }
        best.map(|(_, lang)| lang)
    }

    /// A field error of the models (written in English, as the API gives them) in this language.
    pub fn field_message(self, message: &str) -> String {
        if self == Self::En {
            return message.to_owned();
        }
        if let Some(max) = message
            .strip_prefix("must be at most ")
            .and_then(|rest| rest.strip_suffix(" characters"))
        {
            return format!("{max} caractères au plus");
        }
        match message {
            "is required" => "est obligatoire".to_owned(),
            "must not be empty" => "ne doit pas être vide".to_owned(),
            "must not contain control characters" => {
                "ne doit pas contenir de caractères de contrôle".to_owned()
            }
            "you are not a member of this organization" => {
                "vous n'êtes pas membre de cette organisation".to_owned()
            }
            "This discussion is closed: it takes no more comments." => {
                "Cette discussion est close : elle n'accepte plus de messages.".to_owned()
            }
            other => other.to_owned(),
        }
    }

    /// The name of this language in itself, for the switch.
    pub fn name(self) -> &'static str {
        match self {
            Self::Fr => "Français",
            Self::En => "English",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_best_spoken_language() {
        assert_eq!(
            Lang::from_accept_language("en-GB,en;q=0.9,fr;q=0.8"),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_accept_language("de-DE,fr;q=0.5,en;q=0.4"),
            Some(Lang::Fr)
        );
        assert_eq!(Lang::from_accept_language("de, it"), None);
    }
}
