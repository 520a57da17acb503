//! Behind a reverse proxy: Debian's nginx in front of Vitrine, which trusts it
//! (`VITRINE_TRUSTED_PROXIES=127.0.0.1`). Clients reach nginx from addresses of their own on
//! the loopback (all of 127.0.0.0/8 is the loopback on Linux), so the `X-Forwarded-For` nginx
//! writes differs per client, as it would per visitor on the Internet.
//!
//! - Limits count per real client: one client over its limit, another still passes.
//! - A client cannot pass for another: an `X-Forwarded-For` it writes itself comes before the
//!   address nginx appends, and Vitrine believes the right-most hop that is not a proxy of its
//!   own; sent straight to Vitrine from an address it does not trust, the header (and
//!   `X-Forwarded-Proto`) is not read at all.
//! - Cookies are `Secure`, and HSTS is sent, when nginx says the visitor came over https, and
//!   only then (the app's own public URL being `http://` here).

use std::net::IpAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::StatusCode;
use reqwest::header::{SET_COOKIE, STRICT_TRANSPORT_SECURITY};
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::datasets::dataset;
use crate::support::nginx::Nginx;
use crate::support::world::AIR;

/// Reports an address may send an hour, here.
const REPORTS_PER_HOUR: usize = 3;

/// Vitrine behind nginx on the loopback, with a small reports limit.
async fn app_behind_a_proxy() -> TestApp {
    TestApp::with_env(&[
        ("VITRINE_TRUSTED_PROXIES", "127.0.0.1"),
        ("VITRINE_RATE_REPORTS_PER_HOUR", "3"),
    ])
    .await
}

/// A client whose connections come from `ip`, following no redirect.
fn client_from(ip: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(ip.parse::<IpAddr>().unwrap())
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .unwrap()
}

/// Sends an anonymous report of dataset `ds-air` to `base` (an URL ending with `/`), with the
/// headers given; its status.
async fn report(client: &reqwest::Client, base: &str, headers: &[(&str, String)]) -> StatusCode {
    let mut request = client
        .post(format!("{base}api/1/reports/"))
        .json(&json!({"subject": {"class": "Dataset", "id": "ds-air"}, "reason": "spam"}));
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    request.send().await.unwrap().status()
}

/// Waits, if need be, until at least 15 s are left in the current hour: the limits count per
/// fixed window of the clock, so what a test sends from now on is counted in one window.
async fn clear_of_the_hour_end() {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis();
    let left = 3_600_000 - now % 3_600_000;
    if left < 15_000 {
        tokio::time::sleep(Duration::from_millis(u64::try_from(left).unwrap() + 500)).await;
    }
}

/// An app with dataset `ds-air` to report, clear of the hour's end.
async fn app_with_a_dataset() -> TestApp {
    let app = app_behind_a_proxy().await;
    let admin = app.user("Root", Role::Admin).await;
    dataset(&app, &admin, "ds-air", AIR).await;
    clear_of_the_hour_end().await;
    app
}

#[tokio::test]
async fn limits_count_per_client_behind_nginx_and_a_forged_forwarded_for_changes_nothing() {
    let app = app_with_a_dataset().await;
    let Some(nginx) = Nginx::in_front_of(&app).await else {
        return;
    };
    let (a, b) = (client_from("127.0.0.2"), client_from("127.0.0.3"));

    assert_eq!(
        one_over_the_limit(&a, &nginx.url()).await,
        LIMITED_AFTER_THREE,
        "client A through nginx, three reports an hour:\n{}",
        nginx.error_log()
    );

    // A writes an X-Forwarded-For of its own, a new address each time: nginx appends A's real
    // address after it, and that is the one Vitrine counts. Through either server block.
    for n in 1..=3 {
        let forged = [("X-Forwarded-For", format!("203.0.113.{n}"))];
        for base in [nginx.url(), nginx.tls_url()] {
            assert_eq!(
                report(&a, &base, &forged).await,
                StatusCode::TOO_MANY_REQUESTS,
                "client A as 203.0.113.{n} through {base}"
            );
        }
    }

    // B, another visitor behind the same proxy, has its own count.
    assert_eq!(
        one_over_the_limit(&b, &nginx.url()).await,
        LIMITED_AFTER_THREE,
        "client B through nginx, after A was limited"
    );
}

/// What [`one_over_the_limit`] gives a client with its own count.
const LIMITED_AFTER_THREE: [StatusCode; 4] = [
    StatusCode::CREATED,
    StatusCode::CREATED,
    StatusCode::CREATED,
    StatusCode::TOO_MANY_REQUESTS,
];

/// The statuses of one report more than the hour allows, from `client` through `base`.
async fn one_over_the_limit(client: &reqwest::Client, base: &str) -> Vec<StatusCode> {
    let mut statuses = Vec::new();
    for _ in 0..=REPORTS_PER_HOUR {
        statuses.push(report(client, base, &[]).await);
    }
    statuses
}

#[tokio::test]
async fn a_forged_forwarded_for_sent_straight_to_vitrine_is_ignored() {
    let app = app_with_a_dataset().await;
    // 127.0.0.5 is not a trusted proxy: what it says of the client is not believed, however
    // often it changes, and it is counted as itself.
    let c = client_from("127.0.0.5");
    let mut statuses = Vec::new();
    for n in 1..=5 {
        let forged = [
            ("X-Forwarded-For", format!("203.0.113.{n}, 127.0.0.1")),
            ("X-Forwarded-Proto", "https".to_owned()),
        ];
        statuses.push(report(&c, &app.url, &forged).await);
    }
    assert_eq!(
        statuses,
        [
            StatusCode::CREATED,
            StatusCode::CREATED,
            StatusCode::CREATED,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::TOO_MANY_REQUESTS
        ],
        "an untrusted peer counted as itself"
    );
    // Another address straight to Vitrine is not held back by C's count.
    let d = client_from("127.0.0.6");
    assert_eq!(report(&d, &app.url, &[]).await, StatusCode::CREATED);

    // Nor is its word on the scheme believed: no `Secure`, no HSTS.
    let home = c
        .get(&app.url)
        .header("X-Forwarded-Proto", "https")
        .send()
        .await
        .unwrap();
    assert_eq!(home.status(), StatusCode::OK);
    let cookies = set_cookies(&home);
    assert!(!cookies.is_empty(), "a page sets the CSRF cookie");
    for cookie in &cookies {
        assert!(!is_secure(cookie), "{cookie}");
    }
    assert!(home.headers().get(STRICT_TRANSPORT_SECURITY).is_none());
}

/// The `Set-Cookie` headers of a response.
fn set_cookies(response: &reqwest::Response) -> Vec<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|value| value.to_str().unwrap().to_owned())
        .collect()
}

/// Whether a `Set-Cookie` value carries the `Secure` attribute.
fn is_secure(cookie: &str) -> bool {
    cookie
        .split(';')
        .skip(1)
        .any(|attribute| attribute.trim().eq_ignore_ascii_case("secure"))
}

#[tokio::test]
async fn cookies_are_secure_and_hsts_sent_when_nginx_says_https() {
    let app = app_behind_a_proxy().await;
    assert_eq!(
        app.state.config.public_url.scheme(),
        "http",
        "the app's own public URL is http: only nginx can say https"
    );
    let Some(nginx) = Nginx::in_front_of(&app).await else {
        return;
    };
    let visitor = client_from("127.0.0.2");
    for (base, https) in [(nginx.url(), false), (nginx.tls_url(), true)] {
        // The home page hands the CSRF cookie; choosing a language sets another and redirects.
        let home = visitor.get(&base).send().await.unwrap();
        assert_eq!(
            home.status(),
            StatusCode::OK,
            "{base}:\n{}",
            nginx.error_log()
        );
        let lang = visitor
            .get(format!("{base}lang/en?next=/"))
            .send()
            .await
            .unwrap();
        assert!(lang.status().is_redirection(), "{base}: {}", lang.status());
        let cookies: Vec<String> = [&home, &lang].into_iter().flat_map(set_cookies).collect();
        for name in ["vitrine_csrf=", "vitrine_lang="] {
            assert!(
                cookies.iter().any(|cookie| cookie.starts_with(name)),
                "{base}: {name} in {cookies:?}"
            );
        }
        for cookie in &cookies {
            assert_eq!(is_secure(cookie), https, "{base}: {cookie}");
        }
        for response in [&home, &lang] {
            let hsts = response.headers().get(STRICT_TRANSPORT_SECURITY);
            assert_eq!(
                hsts.map(|value| value.to_str().unwrap()),
                https.then_some("max-age=31536000"),
                "{base}: HSTS"
            );
        }
    }
    // Straight to Vitrine from its trusted proxy's address, with no header: plain http.
    let direct = client_from("127.0.0.1").get(&app.url).send().await.unwrap();
    assert!(direct.headers().get(STRICT_TRANSPORT_SECURITY).is_none());
    assert!(set_cookies(&direct).iter().all(|cookie| !is_secure(cookie)));
}
