//! The language of an HTTP request: the one part of this module that knows HTTP.

use poem::Request;

use super::{LANG_COOKIE, Lang};

impl Lang {
    /// The reader's language: the switch's cookie, else the best of `Accept-Language`, else French.
    pub fn of_request(req: &Request) -> Self {
        if let Some(lang) = req
            .cookie()
            .get(LANG_COOKIE)
            .and_then(|cookie| Self::from_code(cookie.value_str()))
        {
            return lang;
        }
        let header = req
            .headers()
            .get(poem::http::header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        Self::from_accept_language(header).unwrap_or_default()
    }
}
