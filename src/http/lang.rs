//! The language of an HTTP request.

use poem::Request;

use crate::i18n::{LANG_COOKIE, Lang};

/// The reader's language: the `lang` query parameter (udata's API takes it on every call), else
/// the switch's cookie, else the best of `Accept-Language`, else French. A `lang` the site does
/// not speak is ignored, as udata ignores it.
pub fn of_request(req: &Request) -> Lang {
    if let Some(lang) = asked_in_query(req) {
        return lang;
    }
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

/// The language the `lang` query parameter names, if the site speaks it.
fn asked_in_query(req: &Request) -> Option<Lang> {
    let query = req.uri().query()?;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == "lang")
        .and_then(|(_, code)| Lang::from_code(&code))
}
