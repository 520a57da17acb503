//! Unsubscribe links: signed for one recipient and one kind, so the one-click POST (RFC 8058)
//! works without signing in and for nobody else.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use url::Url;

use crate::notifications::kinds::Kind;
use crate::urls::link;

fn signature(secret: &str, user_id: &str, kind: Kind) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(format!("unsubscribe\n{user_id}\n{}", kind.as_str()).as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..16])
}

/// The unsubscribe URL of `user_id` for `kind`.
pub fn url(public_url: &Url, secret: &str, user_id: &str, kind: Kind) -> String {
    link(
        public_url,
        &format!(
            "unsubscribe/{user_id}/{}/{}",
            kind.as_str(),
            signature(secret, user_id, kind)
        ),
    )
}

/// Whether `token` is the signature of this user and kind.
pub fn verify(secret: &str, user_id: &str, kind: Kind, token: &str) -> bool {
    let expected = signature(secret, user_id, kind);
    !expected.is_empty()
        && expected.len() == token.len()
        && expected
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}
