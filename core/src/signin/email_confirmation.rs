//! Confirming an address by mail: the one mail an unverified address ever gets.
//!
//! An account made from an identity whose provider did not vouch for its address must not
//! claim that address, nor send mail to someone who never asked for it. It gets one link,
//! signed for the account, the address and an expiry; the page behind it asks before it
//! confirms (a mail scanner that follows links must not confirm anything).

use askama::Template;
use chrono::Duration;
use entity::users;
use hmac::{Hmac, Mac};
use sea_orm::ConnectionTrait;
use sha2::Sha256;

use crate::config::Config;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::mail::{Mail, outbox, render};
use crate::signin::constant_time_eq;
use crate::urls::link;

/// How long a confirmation link works.
pub const LINK_DAYS: i64 = 7;

/// A confirmation link, as its path carries it.
#[derive(Clone, Debug)]
pub struct ConfirmationLink {
    /// The account.
    pub user_id: String,
    /// Until when it works (Unix seconds).
    pub expires: i64,
    /// Its signature.
    pub signature: String,
}

impl ConfirmationLink {
    /// The page's path.
    pub fn path(&self) -> String {
        format!(
            "confirm-email/{}/{}/{}",
            self.user_id, self.expires, self.signature
        )
    }

    /// Whether it was made for this account's current address and has not expired.
    pub fn is_valid_for(&self, secret: &str, user: &users::Model) -> bool {
        let expected = signature(secret, &user.id, &user.email, self.expires);
        self.user_id == user.id
            && self.expires > crate::clock::now().timestamp()
            && !expected.is_empty()
            && constant_time_eq(expected.as_bytes(), self.signature.as_bytes())
    }
}

fn signature(secret: &str, user_id: &str, email: &str, expires: i64) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(format!("confirm-email\n{user_id}\n{email}\n{expires}").as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..16])
}

/// A new link for `user`'s current address.
pub fn new_link(secret: &str, user: &users::Model) -> ConfirmationLink {
    let expires = (crate::clock::now() + Duration::days(LINK_DAYS)).timestamp();
    ConfirmationLink {
        user_id: user.id.clone(),
        expires,
        signature: signature(secret, &user.id, &user.email, expires),
    }
}

#[derive(Template)]
#[template(path = "email/confirm_email.txt")]
struct TextMail<'a> {
    greeting: &'a str,
    intro: &'a str,
    action: &'a str,
    url: &'a str,
    why: &'a str,
    footer: &'a str,
}

#[derive(Template)]
#[template(path = "email/confirm_email.html")]
struct HtmlMail<'a> {
    lang: &'a str,
    greeting: &'a str,
    intro: &'a str,
    action: &'a str,
    url: &'a str,
    why: &'a str,
    footer: &'a str,
}

/// Queues the confirmation mail of `user` (at most one a day: asking again the same day sends
/// nothing more), saying which provider the account was made through.
pub async fn send_confirmation(
    db: &impl ConnectionTrait,
    config: &Config,
    user: &users::Model,
    provider: &str,
    lang: Lang,
) -> AppResult<()> {
    let url = link(
        &config.public_url,
        &new_link(&config.secret_key, user).path(),
    );
    let fill = |key: &str| {
        lang.t_args(
            key,
            &[
                ("name", user.name.as_str().into()),
                ("email", user.email.as_str().into()),
                ("provider", provider.into()),
                ("days", LINK_DAYS.into()),
                ("site", config.site.name.as_str().into()),
            ],
        )
    };
    let (greeting, intro, why) = (
        fill("mail.greeting"),
        fill("publish.mail_confirm_intro"),
        fill("publish.mail_confirm_why"),
    );
    let action = lang.t("confirm.mail_action");
    let footer = render::footer(lang, &config.site.name);
    let failed = |err: askama::Error| AppError::Internal(format!("mail template: {err}"));
    let text = TextMail {
        greeting: &greeting,
        intro: &intro,
        action,
        url: &url,
        why: &why,
        footer: &footer,
    }
    .render()
    .map_err(failed)?;
    let html = HtmlMail {
        lang: lang.code(),
        greeting: &greeting,
        intro: &intro,
        action,
        url: &url,
        why: &why,
        footer: &footer,
    }
    .render()
    .map_err(failed)?;
    let key = format!(
        "confirm_email:{}:{}:{}",
        user.id,
        user.email,
        crate::clock::now().date_naive()
    );
    let mail = Mail {
        to: user.email.clone(),
        to_name: user.name.clone(),
        subject: render::subject_line(&config.site.name, lang.t("confirm.mail_subject")),
        text,
        html,
        message_id: render::message_id(&key, &config.public_url),
        thread_id: None,
        unsubscribe: None,
        url,
        lang: lang.code().to_owned(),
    };
    outbox::enqueue(db, &mail, "confirm_email", &key, false).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(email: &str) -> users::Model {
        users::Model {
            id: "u1".into(),
            email: email.into(),
            email_verified: false,
            name: "Camille".into(),
            first_name: None,
            last_name: None,
            avatar_url: None,
            role: "user".into(),
            active: true,
            locale: None,
            created_at: crate::clock::now(),
            last_login_at: None,
        }
    }

    #[test]
    fn a_link_confirms_only_the_address_it_was_made_for() {
        let secret = "s".repeat(32);
        let camille = user("camille@example.org");
        let made = new_link(&secret, &camille);
        assert!(made.is_valid_for(&secret, &camille));
        assert!(!made.is_valid_for(&secret, &user("other@example.org")));
        assert!(!made.is_valid_for(&"t".repeat(32), &camille));
        let past = crate::clock::now().timestamp() - 1;
        let expired = ConfirmationLink {
            expires: past,
            signature: signature(&secret, "u1", "camille@example.org", past),
            ..made.clone()
        };
        assert!(!expired.is_valid_for(&secret, &camille));
        let tampered = ConfirmationLink {
            expires: made.expires + 1,
            ..made
        };
        assert!(!tampered.is_valid_for(&secret, &camille));
    }
}
