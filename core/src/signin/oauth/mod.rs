//! Sign-in with OAuth 2.0 (authorization code + PKCE + `state`) and OpenID Connect (discovery,
//! `nonce`, ID tokens checked by the `openidconnect` crate: signature with the provider's keys
//! and the algorithms it announces, issuer, audience, expiry, `at_hash`).

mod authorize;
mod callback;
mod failure;
mod identity;
mod linking;
mod providers;

pub use authorize::start_sign_in;
pub use callback::{Callback, finish_sign_in};
pub use failure::SignInFailure;
pub use providers::{Provider, Providers};

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Cookie binding a sign-in in progress to the browser that started it.
pub const STATE_COOKIE: &str = "vitrine_oauth_state";
/// How long a sign-in may take at the provider.
pub const PENDING_TTL: Duration = Duration::from_secs(600);

/// What is remembered between the redirect to the provider and its callback.
#[derive(Serialize, Deserialize)]
struct PendingSignIn {
    provider: String,
    pkce_verifier: String,
    nonce: String,
    next: String,
}

fn pending_key(state_token: &str) -> String {
    format!("oauth:{state_token}")
}
