//! The language of an HTTP request.

use poem::Request;

use crate::i18n::{LANG_COOKIE, Lang};

/// The reader's language: the switch's cookie, else the best of `Accept-Language`, else French.
pub fn of_request(req: &Request) -> Lang {
    if let Some(lang) = req
        .cookie()
        .get(LANG_COOKIE)
        .and_then(|cookie| Lang::from_code(cookie.value_str()))
    {
        return lang;
    }
    let header = req
        .headers()
        .get(poem::http::header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    Lang::from_accept_language(header).unwrap_or_default()
}
