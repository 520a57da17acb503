//! The suite's peers, which `scripts/test` sets up: the OpenID Connect server, the SMTP server,
//! Chromium… A test whose peer is missing prints `skipped: …` on stderr and returns, except
//! under `CI=true`, where it fails.

/// Whether the suite runs in CI, where every peer must be there.
pub fn in_ci() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

/// Prints why a test is skipped; under `CI=true` a missing peer fails the test instead.
pub fn skip(why: &str) {
    assert!(
        !in_ci(),
        "{why}: required under CI=true (scripts/test sets it up)"
    );
    eprintln!("skipped: {why} (run scripts/test, which sets it up)");
}

/// A free TCP port on the loopback (free when asked: the caller binds it right after).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The real OpenID Connect server `scripts/test` starts, if any (required under `CI=true`).
pub fn oidc_issuer() -> Option<String> {
    match std::env::var("VITRINE_TEST_OIDC_ISSUER") {
        Ok(issuer) if !issuer.is_empty() => Some(issuer),
        _ => {
            assert!(
                !in_ci(),
                "VITRINE_TEST_OIDC_ISSUER must be set in CI (scripts/test starts the OAuth server)"
            );
            None
        }
    }
}

/// The issuer of the real OpenID Connect server, or `None` ("skipped") outside CI without one:
/// for the tests that sign in through it.
pub fn oauth_issuer() -> Option<String> {
    let issuer = oidc_issuer();
    if issuer.is_none() {
        skip("VITRINE_TEST_OIDC_ISSUER is not set");
    }
    issuer
}
