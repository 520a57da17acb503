//! The suite's peers themselves: Chromium renders a page, the real OpenID Connect server of
//! `tests/oauth` answers as a provider does (discovery, PKCE, `login_hint`), and a person it
//! names signs in through Chromium.

use serde_json::{Value, json};

use crate::support::TestApp;
use crate::support::browser::{browser, login_url, set_oauth_user};
use crate::support::peers::oauth_issuer;
use crate::support::web::client;

#[tokio::test]
async fn chromium_renders_a_page() {
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::new().await;
    browser.goto(&format!("{}healthz", app.url)).await;
    assert_eq!(browser.current_url().await, format!("{}healthz", app.url));
    let body = browser.text("body").await;
    assert!(body.contains("database"), "{body}");
    let png = browser.screenshot("chromium-healthz").await;
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    browser.close().await;
}

/// A sign-in at the OAuth server alone, as a client would: the code, then the tokens.
struct Exchange {
    status: reqwest::StatusCode,
    body: Value,
}

async fn authorize(issuer: &str, hint: Option<&str>, challenge: &str) -> String {
    let client = client();
    let mut query = vec![
        ("response_type", "code"),
        ("client_id", "vitrine"),
        ("redirect_uri", "http://127.0.0.1:9/callback"),
        ("scope", "openid email profile"),
        ("state", "the-state"),
        ("nonce", "the-nonce"),
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"),
    ];
    if let Some(hint) = hint {
        query.push(("login_hint", hint));
    }
    let answer = client
        .get(format!("{issuer}/authorize"))
        .query(&query)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), reqwest::StatusCode::FOUND);
    let back = url::Url::parse(answer.headers()["location"].to_str().unwrap()).unwrap();
    assert_eq!(back.path(), "/callback");
    let param = |name: &str| {
        back.query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    };
    assert_eq!(param("state").as_deref(), Some("the-state"));
    param("code").unwrap_or_else(|| panic!("no code: {back}"))
}

async fn exchange(issuer: &str, code: &str, verifier: Option<&str>) -> Exchange {
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", "http://127.0.0.1:9/callback"),
    ];
    if let Some(verifier) = verifier {
        form.push(("code_verifier", verifier));
    }
    let answer = reqwest::Client::new()
        .post(format!("{issuer}/token"))
        .basic_auth("vitrine", Some("secret"))
        .form(&form)
        .send()
        .await
        .unwrap();
    Exchange {
        status: answer.status(),
        body: answer.json().await.unwrap(),
    }
}

/// The claims of an ID token, checked against the server's keys, audience and issuer.
async fn verified_claims(issuer: &str, jwks_uri: &str, id_token: &str) -> Value {
    use openidconnect::core::{
        CoreIdToken, CoreIdTokenVerifier, CoreJsonWebKeySet, CoreJwsSigningAlgorithm,
    };
    let keys: CoreJsonWebKeySet = reqwest::get(jwks_uri).await.unwrap().json().await.unwrap();
    let verifier = CoreIdTokenVerifier::new_confidential_client(
        openidconnect::ClientId::new("vitrine".into()),
        openidconnect::ClientSecret::new("secret".into()),
        openidconnect::IssuerUrl::new(issuer.into()).unwrap(),
        keys,
    )
    .set_allowed_algs([CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256]);
    let token: CoreIdToken = id_token.parse().unwrap();
    let claims = token
        .claims(&verifier, |_: Option<&openidconnect::Nonce>| Ok(()))
        .unwrap();
    serde_json::to_value(claims).unwrap()
}

#[tokio::test]
async fn oauth_server_discovery_answers() {
    let Some(issuer) = oauth_issuer() else {
        return;
    };
    let discovery: Value = reqwest::get(format!("{issuer}/.well-known/openid-configuration"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(discovery["issuer"], json!(issuer));
    for key in [
        "authorization_endpoint",
        "token_endpoint",
        "userinfo_endpoint",
        "jwks_uri",
    ] {
        assert!(discovery[key].is_string(), "{key} in {discovery}");
    }
    let jwks_uri = discovery["jwks_uri"].as_str().unwrap();
    let (challenge, verifier) = oauth2::PkceCodeChallenge::new_random_sha256();

    // A code it never issued is refused with an OAuth error.
    let bogus = exchange(&issuer, "bogus-code", Some(verifier.secret())).await;
    assert!(bogus.status.is_client_error(), "{}", bogus.status);
    assert_eq!(bogus.body["error"], "invalid_grant", "{}", bogus.body);

    // PKCE: no verifier, or a wrong one, is refused; the code then serves no more.
    for wrong in [
        None,
        Some("a-verifier-that-does-not-match-the-challenge-0123456789"),
    ] {
        let code = authorize(&issuer, Some("pkce@example.org"), challenge.as_str()).await;
        let refused = exchange(&issuer, &code, wrong).await;
        assert_eq!(refused.status, reqwest::StatusCode::BAD_REQUEST);
        assert_eq!(refused.body["error"], "invalid_grant", "{}", refused.body);
        let again = exchange(&issuer, &code, Some(verifier.secret())).await;
        assert_eq!(
            again.status,
            reqwest::StatusCode::BAD_REQUEST,
            "codes serve once"
        );
    }

    // The login_hint names the person: an email, or JSON claims.
    let code = authorize(&issuer, Some("lea@example.org"), challenge.as_str()).await;
    let tokens = exchange(&issuer, &code, Some(verifier.secret())).await;
    assert_eq!(tokens.status, reqwest::StatusCode::OK, "{}", tokens.body);
    let claims =
        verified_claims(&issuer, jwks_uri, tokens.body["id_token"].as_str().unwrap()).await;
    assert_eq!(claims["sub"], "sub-lea@example.org");
    assert_eq!(claims["email"], "lea@example.org");
    assert_eq!(claims["email_verified"], true);
    assert_eq!(claims["name"], "Lea");
    assert_eq!(claims["nonce"], "the-nonce");
    let userinfo: Value = reqwest::Client::new()
        .get(discovery["userinfo_endpoint"].as_str().unwrap())
        .bearer_auth(tokens.body["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        userinfo,
        json!({"sub": "sub-lea@example.org", "email": "lea@example.org",
               "email_verified": true, "name": "Lea"})
    );
    let unknown = reqwest::Client::new()
        .get(discovery["userinfo_endpoint"].as_str().unwrap())
        .bearer_auth("not-a-token-it-issued")
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), reqwest::StatusCode::UNAUTHORIZED);

    let hint = json!({"email": "unverified@example.org", "email_verified": false}).to_string();
    let code = authorize(&issuer, Some(&hint), challenge.as_str()).await;
    let tokens = exchange(&issuer, &code, Some(verifier.secret())).await;
    let claims =
        verified_claims(&issuer, jwks_uri, tokens.body["id_token"].as_str().unwrap()).await;
    assert_eq!(claims["email"], "unverified@example.org");
    assert_eq!(claims["email_verified"], false);

    // Without a hint: the person of the user file (here the default one, as other tests expect).
    if std::env::var_os("VITRINE_TEST_OAUTH_USER_FILE").is_some() {
        set_oauth_user(json!({"sub": "mock-user-1", "email": "reuser@example.org",
                              "email_verified": true, "name": "Camille Reuser"}));
    }
    let code = authorize(&issuer, None, challenge.as_str()).await;
    let tokens = exchange(&issuer, &code, Some(verifier.secret())).await;
    let claims =
        verified_claims(&issuer, jwks_uri, tokens.body["id_token"].as_str().unwrap()).await;
    assert_eq!(claims["sub"], "mock-user-1");
    assert_eq!(claims["email"], "reuser@example.org");
}

#[tokio::test]
async fn a_person_named_by_login_hint_signs_in_through_chromium() {
    if oauth_issuer().is_none() {
        return;
    }
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::new().await;
    browser
        .goto(&login_url(&app, "hinted@example.org", "/me/"))
        .await;
    browser.wait_for_path("/me/").await;
    assert_eq!(browser.text("#profile-email").await, "hinted@example.org");
    // Signing out through the header's form, as a click on its button would.
    browser.submit("header form[action='/logout']").await;
    browser.wait_for_path("/").await;
    browser.goto(&format!("{}me/", app.url)).await;
    assert_eq!(
        url::Url::parse(&browser.current_url().await)
            .unwrap()
            .path(),
        "/login"
    );
    browser.close().await;
}
