//! The error page: a title and a sentence for people in the reader's language, whatever the
//! developer message of the error (which the JSON API keeps giving as it is).

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;

use crate::error::{AppError, HttpError};
use crate::web::Frame;

/// The error page.
#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub(super) frame: Frame,
    pub(super) title: &'static str,
    pub(super) message: String,
    pub(super) offer_sign_in: bool,
}

/// The title of a page answering `status`.
pub(super) fn title(frame: &Frame, status: StatusCode) -> &'static str {
    let key = match status.as_u16() {
        400 => "error.400",
        401 => "error.401",
        403 => "error.403",
        404 => "error.404",
        408 => "error.408",
        409 => "error.409",
        410 => "error.410",
        413 => "error.413",
        415 => "error.415",
        429 => "error.429",
        500 => "error.500",
        502 => "error.502",
        503 => "error.503",
        _ => "error.title",
    };
    frame.t(key)
}

/// What the page says of an error: never the developer message, but what was not found (or what
/// went wrong) in plain words. `app` is the domain error behind the failure, when there is one.
pub(super) fn message(frame: &Frame, err: &poem::Error) -> String {
    let status = err.status();
    let app = err.downcast_ref::<HttpError>().map(|http| &http.0);
    match app {
        Some(AppError::Csrf) => return frame.t("error.csrf").to_owned(),
        Some(AppError::SignIn {
            failure,
            provider,
            detail,
        }) => return failure.message(frame.lang, provider, detail.as_deref()),
        Some(AppError::Unauthenticated(_)) => return frame.t("error.signin_required").to_owned(),
        // Written for the reader already by the page that refused (a confirmation link).
        Some(AppError::NotFound(text)) if text == frame.t("confirm.invalid") => {
            return text.clone();
        }
        Some(AppError::NotFound(text)) => return frame.t(not_found_key(text)).to_owned(),
        Some(AppError::Gone(text)) => return frame.t(gone_key(text)).to_owned(),
        // An address poem could not read (a parameter repeated, of the wrong shape): which one.
        None if status == StatusCode::BAD_REQUEST => {
            let text = err.to_string();
            if let Some(name) = text.split('`').nth(1).filter(|name| !name.is_empty()) {
                return frame.t_args("error.bad_parameter", &[("name", name.into())]);
            }
        }
        _ => {}
    }
    let key = match status.as_u16() {
        401 => "error.signin_required",
        400 => "error.text.400",
        403 => "error.text.403",
        404 => "error.not_found",
        408 => "error.text.408",
        409 => "error.text.409",
        410 => "error.gone",
        413 => "error.text.413",
        415 => "error.text.415",
        429 => "error.text.429",
        502 => "error.text.502",
        503 => "error.text.503",
        code if code >= 500 => "error.text.500",
        _ => "error.text.other",
    };
    frame.t(key).to_owned()
}

/// What kind of thing a developer message is about: `reuse "x" not found` → `reuse`.
fn subject(text: &str) -> String {
    text.split([' ', '"'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

fn not_found_key(text: &str) -> &'static str {
    match subject(text).as_str() {
        "reuse" => "error.not_found.reuse",
        "dataset" => "error.not_found.dataset",
        "discussion" => "error.not_found.discussion",
        "message" => "error.not_found.message",
        "user" => "error.not_found.user",
        "organization" => "error.not_found.organization",
        "notification" => "error.not_found.notification",
        "report" => "error.not_found.report",
        _ => "error.not_found",
    }
}

fn gone_key(text: &str) -> &'static str {
    match subject(text).as_str() {
        "reuse" => "error.gone.reuse",
        "dataset" => "error.gone.dataset",
        "user" => "error.gone.user",
        _ => "error.gone",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn developer_messages_name_their_subject() {
        assert_eq!(
            not_found_key(r#"reuse "x" not found"#),
            "error.not_found.reuse"
        );
        assert_eq!(
            not_found_key("API token \"t\" not found"),
            "error.not_found"
        );
        assert_eq!(
            gone_key(r#"dataset "d" has been deleted"#),
            "error.gone.dataset"
        );
        assert_eq!(gone_key("User is not active"), "error.gone.user");
    }
}
