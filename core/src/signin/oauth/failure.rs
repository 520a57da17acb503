//! Why a sign-in did not happen, as a status and a text in each language.

use crate::error::{AppError, ErrorKind};
use crate::i18n::Lang;

/// Why a sign-in did not happen; each has a text in both languages (`signin.*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInFailure {
    /// No provider by that name.
    UnknownProvider,
    /// The provider cannot be reached.
    Unreachable,
    /// The provider refused.
    Refused,
    /// A wrong, replayed or expired `state`, or a sign-in without its PKCE verifier.
    InvalidLink,
    /// The answer does not belong to this sign-in (`nonce`, subject).
    Mismatch,
    /// The provider's answer cannot be used.
    BadAnswer,
    /// The provider shared no email address.
    NoEmail,
    /// The account is deactivated.
    Deactivated,
}

impl SignInFailure {
    /// What kind of failure it is (the status of the page).
    pub fn kind(self) -> ErrorKind {
        match self {
            Self::UnknownProvider => ErrorKind::NotFound,
            Self::Unreachable => ErrorKind::Unavailable,
            Self::Refused | Self::BadAnswer | Self::NoEmail => ErrorKind::Upstream,
            Self::InvalidLink | Self::Mismatch => ErrorKind::Invalid,
            Self::Deactivated => ErrorKind::Forbidden,
        }
    }

    /// Key of its text in [`crate::i18n`].
    pub fn key(self) -> &'static str {
        match self {
            Self::UnknownProvider => "signin.unknown_provider",
            Self::Unreachable => "signin.unreachable",
            Self::Refused => "signin.refused",
            Self::InvalidLink => "signin.invalid_link",
            Self::Mismatch => "signin.mismatch",
            Self::BadAnswer => "signin.bad_answer",
            Self::NoEmail => "signin.no_email",
            Self::Deactivated => "signin.deactivated",
        }
    }

    /// The error, for the provider labelled `provider`, with an optional detail.
    pub fn with(self, provider: &str, detail: Option<String>) -> AppError {
        AppError::SignIn {
            failure: self,
            provider: provider.to_owned(),
            detail,
        }
    }

    /// Its text in `lang`.
    pub fn message(self, lang: Lang, provider: &str, detail: Option<&str>) -> String {
        let text = lang.t_args(self.key(), &[("provider", provider.into())]);
        match detail {
            Some(detail) => format!("{text} ({detail})"),
            None => text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_failure_is_said_in_both_languages() {
        use SignInFailure::*;
        for failure in [
            UnknownProvider,
            Unreachable,
            Refused,
            InvalidLink,
            Mismatch,
            BadAnswer,
            NoEmail,
            Deactivated,
        ] {
            for lang in Lang::ALL {
                assert_ne!(lang.t(failure.key()), "…", "{failure:?} in {lang:?}");
            }
        }
        assert_eq!(
            Refused.message(Lang::Fr, "Mock ID", Some("invalid_grant")),
            "Mock ID a refusé la connexion. (invalid_grant)"
        );
    }
}
