//! Mails from `templates/email/`: multipart text + HTML, in the recipient's language.

use askama::Template;
use sha2::{Digest, Sha256};
use url::Url;

use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::mail::Mail;

/// What a notification mail says, before it is put in the recipient's words.
#[derive(Clone, Debug)]
pub struct Message {
    /// `mail.<key>.subject` and `mail.<key>.intro` in the texts.
    pub key: &'static str,
    /// Who acted.
    pub actor: String,
    /// The dataset or reuse concerned.
    pub subject: String,
    /// The discussion's or reuse's title.
    pub title: String,
    /// The message concerned, if any, as its mails and notifications show it.
    pub excerpt: Option<Excerpt>,
    /// Absolute URL to open.
    pub url: String,
    /// Discussion id, for threading headers.
    pub thread: Option<String>,
}

/// A message's Markdown made into what mails and in-app notifications show of it: done once
/// for all its recipients, and before the transaction that tells them, which it would hold up.
#[derive(Clone, Debug, Default)]
pub struct Excerpt {
    /// Plain text for the text part of mails.
    pub text: String,
    /// Safe HTML for the HTML part of mails.
    pub html: String,
    /// A short plain text for in-app notifications.
    pub short: String,
}

impl Excerpt {
    /// Renders `markdown`.
    pub fn of(markdown: &str) -> Self {
        let plain = crate::markdown::plain_text(markdown);
        Self {
            text: crate::markdown::shorten(&plain, 1200),
            html: crate::markdown::render_plain(markdown),
            short: crate::markdown::shorten(&plain, 200),
        }
    }
}

/// The recipient.
#[derive(Clone, Debug)]
pub struct Recipient<'a> {
    /// Address.
    pub email: &'a str,
    /// Name.
    pub name: &'a str,
    /// Language.
    pub lang: Lang,
}

#[derive(Template)]
#[template(path = "email/notification.txt")]
struct TextMail<'a> {
    greeting: &'a str,
    intro: &'a str,
    excerpt: &'a str,
    action: &'a str,
    url: &'a str,
    why: &'a str,
    unsubscribe_label: &'a str,
    unsubscribe: &'a str,
    footer: &'a str,
}

#[derive(Template)]
#[template(path = "email/notification.html")]
struct HtmlMail<'a> {
    lang: &'a str,
    greeting: &'a str,
    intro: &'a str,
    excerpt_html: &'a str,
    action: &'a str,
    url: &'a str,
    why: &'a str,
    unsubscribe_label: &'a str,
    unsubscribe: &'a str,
    footer: &'a str,
}

/// The text of `key` in `lang`, about `message`, for the recipient `name`.
fn fill(lang: Lang, key: &str, message: &Message, name: &str) -> String {
    lang.t_args(
        key,
        &[
            ("actor", message.actor.as_str().into()),
            ("subject", message.subject.as_str().into()),
            ("title", message.title.as_str().into()),
            ("name", name.into()),
        ],
    )
}

/// The host part of Message-IDs.
pub fn mail_host(public_url: &Url) -> String {
    public_url.host_str().unwrap_or("localhost").to_owned()
}

/// A stable Message-ID for `key` (one mail of the outbox).
pub fn message_id(key: &str, public_url: &Url) -> String {
    let digest = Sha256::digest(key.as_bytes());
    format!("{}@{}", hex::encode(&digest[..16]), mail_host(public_url))
}

/// The thread root every mail of a discussion refers to.
pub fn thread_id(discussion_id: &str, public_url: &Url) -> String {
    format!("discussion-{discussion_id}@{}", mail_host(public_url))
}

/// The notification mail `message` for `to`, with its unsubscribe link, from the site named
/// `site`.
pub fn notification(
    message: &Message,
    to: &Recipient<'_>,
    key: &str,
    unsubscribe: &str,
    public_url: &Url,
    site: &str,
) -> AppResult<Mail> {
    let lang = to.lang;
    let footer = footer(lang, site);
    let of_kind = |part: &str| {
        let key = format!("mail.{}.{part}", message.key);
        fill(lang, &key, message, to.name)
    };
    let greeting = fill(lang, "mail.greeting", message, to.name);
    let intro = of_kind("intro");
    let (excerpt, excerpt_html) = message
        .excerpt
        .as_ref()
        .map_or(("", ""), |excerpt| (&*excerpt.text, &*excerpt.html));
    // Why this mail: the kind's own reason (your reuse, your question…), else the general one.
    let why = lang.t_or(&format!("mail.{}.why", message.key), "mail.why");
    let action = lang.t(if message.thread.is_some() {
        "mail.open_discussion"
    } else {
        "mail.open_page"
    });
    let failed = |err: askama::Error| AppError::Internal(format!("mail template: {err}"));
    let text = TextMail {
        greeting: &greeting,
        intro: &intro,
        excerpt,
        action,
        url: &message.url,
        why,
        unsubscribe_label: lang.t("mail.unsubscribe"),
        unsubscribe,
        footer: &footer,
    }
    .render()
    .map_err(failed)?;
    let html = HtmlMail {
        lang: lang.code(),
        greeting: &greeting,
        intro: &intro,
        excerpt_html,
        action,
        url: &message.url,
        why,
        unsubscribe_label: lang.t("mail.unsubscribe"),
        unsubscribe,
        footer: &footer,
    }
    .render()
    .map_err(failed)?;
    Ok(Mail {
        to: to.email.to_owned(),
        to_name: to.name.to_owned(),
        subject: subject_line(site, &of_kind("subject")),
        text,
        html,
        message_id: message_id(key, public_url),
        thread_id: message
            .thread
            .as_deref()
            .map(|id| thread_id(id, public_url)),
        unsubscribe: Some(unsubscribe.to_owned()),
        url: message.url.clone(),
        lang: lang.code().to_owned(),
    })
}

#[derive(Template)]
#[template(path = "email/digest.txt")]
struct TextDigest<'a> {
    greeting: &'a str,
    intro: &'a str,
    lines: &'a [(String, String)],
    why: &'a str,
    settings_label: &'a str,
    settings: &'a str,
    footer: &'a str,
}

#[derive(Template)]
#[template(path = "email/digest.html")]
struct HtmlDigest<'a> {
    lang: &'a str,
    greeting: &'a str,
    intro: &'a str,
    lines: &'a [(String, String)],
    why: &'a str,
    settings_label: &'a str,
    settings: &'a str,
    footer: &'a str,
}

/// A mail's subject: `text` after the site's name in brackets (« [Open Data Lyon] … »), so
/// the reader knows at a glance which site writes.
pub fn subject_line(site: &str, text: &str) -> String {
    format!("[{site}] {text}")
}

/// The signature closing every mail: the site's name (`VITRINE_SITE_NAME`) and what it is.
pub fn footer(lang: Lang, site: &str) -> String {
    lang.t_args("mail.footer", &[("site", site.into())])
}

/// The daily digest of `held` mails (their subjects and links) for one recipient, from the site
/// named `site`.
pub fn digest(held: &[Mail], key: &str, public_url: &Url, site: &str) -> AppResult<Option<Mail>> {
    let Some(first) = held.first() else {
        return Ok(None);
    };
    let lang = Lang::from_code(&first.lang).unwrap_or_default();
    let footer = footer(lang, site);
    let lines: Vec<(String, String)> = held
        .iter()
        .map(|mail| {
            (
                mail.subject
                    .strip_prefix(&subject_line(site, ""))
                    .unwrap_or(&mail.subject)
                    .to_owned(),
                mail.url.clone(),
            )
        })
        .collect();
    let greeting = lang.t_args("mail.greeting", &[("name", first.to_name.as_str().into())]);
    let settings = crate::urls::link(public_url, "me/notifications");
    let failed = |err: askama::Error| AppError::Internal(format!("mail template: {err}"));
    let text = TextDigest {
        greeting: &greeting,
        intro: lang.t("mail.digest.intro"),
        lines: &lines,
        why: lang.t("mail.digest.why"),
        settings_label: lang.t("mail.settings"),
        settings: &settings,
        footer: &footer,
    }
    .render()
    .map_err(failed)?;
    let html = HtmlDigest {
        lang: lang.code(),
        greeting: &greeting,
        intro: lang.t("mail.digest.intro"),
        lines: &lines,
        why: lang.t("mail.digest.why"),
        settings_label: lang.t("mail.settings"),
        settings: &settings,
        footer: &footer,
    }
    .render()
    .map_err(failed)?;
    Ok(Some(Mail {
        to: first.to.clone(),
        to_name: first.to_name.clone(),
        subject: subject_line(
            site,
            &lang.t_args("mail.digest.subject", &[("count", lines.len().into())]),
        ),
        text,
        html,
        message_id: message_id(key, public_url),
        thread_id: None,
        unsubscribe: None,
        url: settings.clone(),
        lang: lang.code().to_owned(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mails_are_signed_by_the_site_name() {
        let message = Message {
            key: "new_discussion",
            actor: "Camille".to_owned(),
            subject: "Vélos".to_owned(),
            title: "Horaires".to_owned(),
            excerpt: None,
            url: "https://data.example.org/discussions/1/".to_owned(),
            thread: None,
        };
        let to = Recipient {
            email: "ada@example.org",
            name: "Ada",
            lang: Lang::Fr,
        };
        let public_url = Url::parse("https://data.example.org/").unwrap();
        let mail = notification(
            &message,
            &to,
            "k",
            "https://data.example.org/unsubscribe",
            &public_url,
            "Open Data Lyon",
        )
        .unwrap();
        for part in [&mail.text, &mail.html] {
            assert!(
                part.contains("Open Data Lyon, la communauté des données ouvertes"),
                "{part}"
            );
        }
        let digest = digest(&[mail], "d", &public_url, "Open Data Lyon")
            .unwrap()
            .unwrap();
        assert!(
            digest.text.contains("Open Data Lyon, la communauté"),
            "{}",
            digest.text
        );
        assert_eq!(
            footer(Lang::En, "Open Data Lyon"),
            "Open Data Lyon, the open-data community"
        );
    }

    #[test]
    fn subjects_begin_with_the_site_name_in_both_languages() {
        let message = Message {
            key: "reuse_linked",
            actor: "Camille".to_owned(),
            subject: "Qualité de l'air".to_owned(),
            title: "Carte de l'air".to_owned(),
            excerpt: None,
            url: "https://data.example.org/reuses/carte/".to_owned(),
            thread: None,
        };
        let public_url = Url::parse("https://data.example.org/").unwrap();
        for (lang, subject, intro) in [
            (
                Lang::Fr,
                "[Open Data Lyon] Une réutilisation utilise « Qualité de l'air »",
                "Camille a publié « Carte de l'air »",
            ),
            (Lang::En, "[Open Data Lyon] ", "Camille published"),
        ] {
            let to = Recipient {
                email: "ada@example.org",
                name: "Ada",
                lang,
            };
            let mail = notification(
                &message,
                &to,
                "k",
                "https://u",
                &public_url,
                "Open Data Lyon",
            )
            .unwrap();
            let spaced = mail.subject.replace(['\u{a0}', '\u{202f}'], " ");
            assert!(spaced.starts_with(subject), "{lang:?}: {}", mail.subject);
            assert!(
                mail.text.replace('\u{a0}', " ").contains(intro),
                "{}",
                mail.text
            );
            let digest = digest(&[mail.clone(), mail], "d", &public_url, "Open Data Lyon")
                .unwrap()
                .unwrap();
            assert!(
                digest.subject.starts_with("[Open Data Lyon] "),
                "{}",
                digest.subject
            );
            assert_eq!(digest.subject.matches("Open Data Lyon").count(), 1);
            assert!(
                !digest.text.contains("[Open Data Lyon]"),
                "the digest lists the mails without the prefix: {}",
                digest.text
            );
            assert!(!digest.text.contains("Vitrine"), "{}", digest.text);
        }
    }
}
