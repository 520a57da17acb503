//! The texts of the site, in Fluent: `locales/<code>/*.ftl` (one file per area), embedded in the binary at
//! compile time. A key as the code spells it (`me.email`) names the Fluent message whose id is
//! the key with its dots turned to dashes (`me-email`): Fluent ids cannot hold dots.

use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentError, FluentResource, FluentValue};

use super::Lang;

/// A value a message's variable takes: text (`"Alice".into()`) or a number (`3_u64.into()`),
/// which picks the plural form of a selector and is written as the reader writes numbers.
pub type Arg<'a> = FluentValue<'a>;

/// The Fluent files of one language, one per area of the site, joined into one source.
macro_rules! locale {
    ($code:literal) => {
        concat!(
            include_str!(concat!("../../../locales/", $code, "/vitrine.ftl")),
            "\n",
            include_str!(concat!("../../../locales/", $code, "/theme.ftl")),
            "\n",
            include_str!(concat!("../../../locales/", $code, "/cards.ftl")),
            "\n",
            include_str!(concat!("../../../locales/", $code, "/publish.ftl")),
            "\n",
            include_str!(concat!("../../../locales/", $code, "/portal.ftl")),
            "\n",
            include_str!(concat!("../../../locales/", $code, "/datasets.ftl")),
            "\n",
            include_str!(concat!("../../../locales/", $code, "/community.ftl")),
            "\n",
            include_str!(concat!("../../../locales/", $code, "/links.ftl")),
            "\n",
            include_str!(concat!("../../../locales/", $code, "/requests.ftl")),
            "\n",
            include_str!(concat!("../../../locales/", $code, "/stewards.ftl")),
            "\n",
            include_str!(concat!("../../../locales/", $code, "/impact.ftl")),
        )
    };
}

/// The Fluent source of each language, in [`Lang::ALL`]'s order.
pub(super) const SOURCES: [(Lang, &str); 2] =
    [(Lang::Fr, locale!("fr")), (Lang::En, locale!("en"))];

/// The Fluent id of `key`.
pub(super) fn fluent_id(key: &str) -> String {
    key.replace('.', "-")
}

/// The key of a Fluent id.
pub(super) fn key_of(id: &str) -> String {
    id.replace('-', ".")
}

struct Texts {
    bundle: FluentBundle<FluentResource>,
    /// Every message without variables, formatted once: what [`Lang::t`] hands out.
    plain: HashMap<String, String>,
}

static TEXTS: LazyLock<[Texts; 2]> =
    LazyLock::new(|| SOURCES.map(|(lang, source)| load(lang, source)));

/// Integers with their thousands grouped as the language does (Fluent's own formatting does not).
fn grouped(lang: Lang, value: &FluentValue<'_>) -> Option<String> {
    match value {
        FluentValue::Number(number)
            if number.value.fract() == 0.0 && number.options.minimum_fraction_digits.is_none() =>
        {
            #[expect(
                clippy::cast_possible_truncation,
                reason = "an integral count, far within i64"
            )]
            Some(lang.number(number.value as i64))
        }
        _ => None,
    }
}

fn french_numbers<M>(value: &FluentValue<'_>, _: &M) -> Option<String> {
    grouped(Lang::Fr, value)
}

fn english_numbers<M>(value: &FluentValue<'_>, _: &M) -> Option<String> {
    grouped(Lang::En, value)
}

fn load(lang: Lang, source: &'static str) -> Texts {
    let resource =
        FluentResource::try_new(source.to_owned()).unwrap_or_else(|(resource, errors)| {
            tracing::error!(lang = lang.code(), ?errors, "translations do not parse");
            resource
        });
    let ids: Vec<String> = message_ids(&resource);
    let locale = lang.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![locale]);
    // No Unicode isolation marks around variables: they would end up in pages, mails, subjects.
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(match lang {
        Lang::Fr => french_numbers,
        Lang::En => english_numbers,
    }));
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(lang = lang.code(), ?errors, "translations defined twice");
    }
    // A message with variables is kept too, with them as `{$name}`: said, if not filled.
    let mut plain = HashMap::new();
    for id in ids {
        let Some(pattern) = bundle.get_message(&id).and_then(|message| message.value()) else {
            continue;
        };
        let text = bundle.format_pattern(pattern, None, &mut Vec::new());
        plain.insert(key_of(&id), text.into_owned());
    }
    Texts { bundle, plain }
}

/// The ids of the messages of `resource`, in order.
pub(super) fn message_ids(resource: &FluentResource) -> Vec<String> {
    resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(message) => Some(message.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

impl Lang {
    fn texts(self) -> &'static Texts {
        &TEXTS[match self {
            Self::Fr => 0,
            Self::En => 1,
        }]
    }

    /// The text of `key`, a message without variables, in this language, formatted once at
    /// start-up; « … » (logged) when there is none.
    pub fn t(self, key: &str) -> &'static str {
        match self.texts().plain.get(key) {
            Some(text) => text,
            None => {
                tracing::warn!(key, lang = self.code(), "missing translation");
                "…"
            }
        }
    }

    /// The text of `key` when this language has it, else that of `fallback`: for a text some
    /// kinds of a thing have of their own.
    pub fn t_or(self, key: &str, fallback: &str) -> &'static str {
        match self.texts().plain.get(key) {
            Some(text) => text,
            None => self.t(fallback),
        }
    }

    /// The text of `key` with its variables filled: `lang.t_args("mail.greeting", &[("name",
    /// name.into())])`. A number picks the plural form of a selector on it.
    pub fn t_args(self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        let bundle = &self.texts().bundle;
        let Some(pattern) = bundle
            .get_message(&fluent_id(key))
            .and_then(|message| message.value())
        else {
            tracing::warn!(key, lang = self.code(), "missing translation");
            return "…".to_owned();
        };
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors: Vec<FluentError> = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        if !errors.is_empty() {
            tracing::warn!(
                key,
                lang = self.code(),
                ?errors,
                "translation misses a variable"
            );
        }
        text.into_owned()
    }

    /// The message `key` for the number `n` (its `$count`), which picks the plural form:
    /// `lang.count(2, "count.reuses")` is « 2 réutilisations », `lang.count(0, …)` « 0
    /// réutilisation » (French's `one` is 0 and 1), “0 reuses”.
    pub fn count<'a>(self, n: impl Into<Arg<'a>>, key: &str) -> String {
        self.t_args(key, &[("count", n.into())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_number() {
        assert_eq!(Lang::Fr.count(0, "count.reuses"), "0 réutilisation");
        assert_eq!(Lang::Fr.count(1, "count.reuses"), "1 réutilisation");
        assert_eq!(Lang::Fr.count(2_u64, "count.datasets"), "2 jeux de données");
        assert_eq!(
            Lang::Fr.count(12_345, "count.reuses"),
            "12\u{202f}345 réutilisations"
        );
        assert_eq!(Lang::En.count(0, "count.reuses"), "0 reuses");
        assert_eq!(Lang::En.count(1, "count.reuses"), "1 reuse");
        assert_eq!(Lang::En.count(1_usize, "count.datasets"), "1 dataset");
        assert_eq!(Lang::En.count(2_i64, "count.datasets"), "2 datasets");
        assert_eq!(Lang::En.count(12_345, "count.views"), "12,345 views");
        assert_eq!(Lang::Fr.count(1, "notifications.unread"), "non lue");
        assert_eq!(Lang::Fr.count(3, "notifications.unread"), "non lues");
    }

    #[test]
    fn variables_are_filled_without_isolation_marks() {
        let text = Lang::Fr.t_args("mail.greeting", &[("name", "Alice".into())]);
        assert_eq!(text, "Bonjour Alice,");
        let text = Lang::En.t_args(
            "signin.no_email",
            &[("provider", "GitHub".into()), ("unused", 3.into())],
        );
        assert!(text.starts_with("GitHub did not share"), "{text}");
        assert!(text.contains("Allow it at GitHub and"), "{text}");
        assert!(!text.contains(['\u{2068}', '\u{2069}']), "{text:?}");
        assert_eq!(
            Lang::Fr.t_args("mail.digest.subject", &[("count", 1_234.into())]),
            "Votre résumé quotidien (1\u{202f}234)"
        );
    }

    #[test]
    fn plain_texts_are_ready_and_unknown_keys_say_so() {
        assert_eq!(Lang::Fr.t("me.email"), "Adresse e-mail");
        assert_eq!(Lang::En.t("me.email"), "Email address");
        assert_eq!(Lang::En.t("no.such.key"), "…");
        assert_eq!(Lang::En.t_args("no.such.key", &[]), "…");
    }
}
