//! Holes of the attack review in user Markdown: nesting that costs quadratic time (and held a
//! write transaction), links that escaped the new-account limit.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::markdown::MAX_NESTING;
use vitrine::models::users::Role;

use crate::support::api::assert_refused;
use crate::support::datasets::dataset;
use crate::support::discussions::{open, post};
use crate::support::web::page;
use crate::support::{TestApp, TestUser};

/// Longest any request here may take: a guard against a hang, not a measure of speed.
const HANG_GUARD: Duration = Duration::from_secs(120);

/// Nested Markdown as an attacker types it, 50,000 levels deep, by the way it nests.
fn nested_50_000() -> [(&'static str, String); 3] {
    [
        ("quotes", format!("{} deep", ">".repeat(50_000))),
        ("bullets", format!("{}deep", "- ".repeat(50_000))),
        ("numbers", format!("{}deep", "1. ".repeat(50_000))),
    ]
}

/// The same, cut to fit in `max` characters: these must be accepted.
fn nested_to_fit(max: usize) -> [(&'static str, String); 3] {
    [
        ("quotes", format!("{} deep", ">".repeat(max - 5))),
        ("bullets", format!("{}deep", "- ".repeat((max - 4) / 2))),
        ("numbers", format!("{}deep", "1. ".repeat((max - 4) / 3))),
    ]
}

/// How deep block quotes and lists nest in a page.
fn nesting(html: &str) -> usize {
    let (mut depth, mut deepest) = (0_usize, 0);
    for (at, _) in html.match_indices('<') {
        let tag = &html[at + 1..];
        let is = |name: &str| {
            tag.strip_prefix(name)
                .is_some_and(|rest| rest.starts_with(['>', ' ']))
        };
        if is("blockquote") || is("ul") || is("ol") {
            depth += 1;
            deepest = deepest.max(depth);
        } else if is("/blockquote") || is("/ul") || is("/ol") {
            depth = depth.saturating_sub(1);
        }
    }
    deepest
}

async fn guarded<T>(what: &str, work: impl Future<Output = T>) -> T {
    tokio::time::timeout(HANG_GUARD, work)
        .await
        .unwrap_or_else(|_| panic!("{what} did not answer within {HANG_GUARD:?}"))
}

/// Creates a reuse of `ds-nested` with `description`; `Err` holds a refusal's body.
async fn nested_reuse(
    app: &TestApp,
    author: &TestUser,
    n: usize,
    description: &str,
) -> Result<Value, Value> {
    let (status, body) = guarded(
        "creating a reuse",
        app.call(
            Method::POST,
            "/api/1/reuses/",
            Some(author),
            Some(json!({
                "title": format!("Réutilisation imbriquée {n}"),
                "description": description,
                "url": format!("https://nested-{n}.example/"),
                "type": "api", "topic": "others", "datasets": ["ds-nested"],
            })),
        ),
    )
    .await;
    match status {
        StatusCode::CREATED => Ok(body),
        StatusCode::BAD_REQUEST => Err(body),
        _ => panic!("reuse {n}: {status} {body}"),
    }
}

#[tokio::test]
async fn a_reuse_description_nested_50_000_deep_renders_flattened_or_is_refused() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    let author = app.user("Nicolas", Role::User).await;
    dataset(&app, &admin, "ds-nested", "Jeu ds-nested").await;
    let fitting = nested_to_fit(100_000);
    let cases = nested_50_000().into_iter().map(|case| (case, false));
    let cases = cases.chain(fitting.into_iter().map(|case| (case, true)));
    for (n, ((how, description), must_fit)) in cases.enumerate() {
        let created = match nested_reuse(&app, &author, n, &description).await {
            Ok(created) => created,
            Err(refused) => {
                assert!(!must_fit, "{how}, {} chars: {refused}", description.len());
                assert_refused(StatusCode::BAD_REQUEST, &refused, "description", how);
                continue;
            }
        };
        let slug = created["slug"].as_str().unwrap();
        // The campaign-tagged page is computed on every view, never cached.
        for path in [
            format!("/reuses/{slug}/"),
            format!("/reuses/{slug}/?from=newsletter"),
        ] {
            let (status, html) = guarded(&path, page(&app, &path)).await;
            assert_eq!(status, StatusCode::OK, "{how} {path}");
            let depth = nesting(&html);
            assert!(depth <= MAX_NESTING, "{how} {path}: nested {depth} deep");
            assert!(
                depth >= MAX_NESTING - 1,
                "{how}: the nesting up to the cap is kept"
            );
            assert!(html.contains("deep"), "{how}: the text is kept");
        }
        // Pages and feeds that show its excerpt.
        for path in [
            "/reuses/".to_owned(),
            "/reuses/?q=imbriquee".to_owned(),
            "/reuses/feed.atom".to_owned(),
            "/api/1/reuses/recent.atom".to_owned(),
            format!("/datasets/{}/", "ds-nested"),
        ] {
            let (status, _) = guarded(&path, page(&app, &path)).await;
            assert!(
                status.is_success() || status.is_redirection(),
                "{path}: {status}"
            );
        }
    }
}

#[tokio::test]
async fn a_comment_nested_50_000_deep_renders_flattened_and_holds_up_no_other_write() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    dataset(&app, &admin, "ds-nested", "Jeu ds-nested").await;
    dataset(&app, &admin, "ds-other", "Jeu ds-other").await;
    let asker = app.user("Camille", Role::User).await;
    let thread = guarded(
        "opening a discussion",
        open(
            &app,
            &asker,
            "ds-nested",
            "Une question",
            "Où sont les données ?",
        ),
    )
    .await;
    let id = thread["id"].as_str().unwrap().to_owned();
    // People in the thread, each to be told of every new comment.
    for n in 0..8 {
        let person = app.user(&format!("Participant{n}"), Role::User).await;
        let (status, body) = guarded(
            "commenting",
            post(&app, Some(&person), &id, json!({"comment": "Moi aussi."})),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    // The page's own lists (the messages are one) around what the messages nest.
    let (_, before) = guarded(
        &format!("/discussions/{id}/"),
        page(&app, &format!("/discussions/{id}/")),
    )
    .await;
    let around = nesting(&before);
    let attacker = app.user("Mallory", Role::User).await;
    let bystander = app.user("Bob", Role::User).await;
    let fitting = nested_to_fit(50_000);
    let cases = nested_50_000().into_iter().map(|case| (case, false));
    let cases = cases.chain(fitting.into_iter().map(|case| (case, true)));
    for (n, ((how, text), must_fit)) in cases.enumerate() {
        // Another user's unrelated write while the nested comment is posted.
        let (posted, other) = tokio::join!(
            guarded(
                "commenting",
                post(&app, Some(&attacker), &id, json!({"comment": &text}))
            ),
            guarded(
                "an unrelated write",
                app.call(
                    Method::POST,
                    "/api/1/discussions/",
                    Some(&bystander),
                    Some(json!({
                        "title": format!("Autre question {n}"),
                        "comment": "Rien à voir.",
                        "subject": {"class": "Dataset", "id": "ds-other"},
                    })),
                ),
            ),
        );
        assert_eq!(other.0, StatusCode::CREATED, "{how}: {}", other.1);
        match posted {
            (StatusCode::OK, _) => {}
            (StatusCode::BAD_REQUEST, refused) if !must_fit => {
                assert_refused(StatusCode::BAD_REQUEST, &refused, "comment", how);
            }
            (status, body) => panic!("{how}, {} chars: {status} {body}", text.len()),
        }
    }
    let (status, html) = guarded(
        &format!("/discussions/{id}/"),
        page(&app, &format!("/discussions/{id}/")),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let depth = nesting(&html) - around;
    assert!(depth <= MAX_NESTING, "nested {depth} deep in the messages");
    assert!(
        depth >= MAX_NESTING - 1,
        "the nesting up to the cap is kept"
    );
    assert!(html.matches("deep").count() >= 3, "the text is kept");
    // Those in the thread were told, with an excerpt.
    let (status, inbox) = app
        .call(Method::GET, "/api/1/notifications/", Some(&asker), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{inbox}");
    let excerpts: Vec<&str> = inbox["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|notification| notification["details"]["excerpt"].as_str())
        .filter(|excerpt| excerpt.ends_with('…'))
        .collect();
    assert!(excerpts.len() >= 3, "{inbox}");
}

#[tokio::test]
async fn a_thread_page_renders_a_bounded_amount_of_markdown() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    dataset(&app, &admin, "ds-nested", "Jeu ds-nested").await;
    let asker = app.user("Camille", Role::User).await;
    let id = guarded(
        "opening a discussion",
        open(&app, &asker, "ds-nested", "Une question", "**question**"),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let long = "mot ".repeat(12_000);
    let replies = vitrine::markdown::MAX_INPUT / long.len() + 2;
    for n in 0..replies {
        let (status, body) = guarded(
            "commenting",
            post(
                &app,
                Some(&admin),
                &id,
                json!({"comment": &format!("**gras{n}** {long}")}),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, html) = guarded(
        &format!("/discussions/{id}/"),
        page(&app, &format!("/discussions/{id}/")),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<strong>question</strong>"));
    assert!(html.contains("<strong>gras0</strong>"));
    // Past the page's budget, messages show as typed.
    let last = replies - 1;
    assert!(html.contains(&format!("**gras{last}**")), "the last reply");
    assert!(!html.contains(&format!("<strong>gras{last}</strong>")));
}

#[tokio::test]
async fn a_write_while_the_database_is_locked_answers_503_to_retry() {
    let app = TestApp::new().await;
    let Some(path) = app.env["VITRINE_DATABASE_URL"]
        .strip_prefix("sqlite://")
        .map(|url| url.split('?').next().unwrap_or_default().to_owned())
    else {
        return; // PostgreSQL writes wait for row locks: nothing to time out.
    };
    let admin = app.user("Admin", Role::Admin).await;
    let asker = app.user("Camille", Role::User).await;
    dataset(&app, &admin, "ds-nested", "Jeu ds-nested").await;
    // Another process holds SQLite's write lock for longer than the app waits for it.
    let holder = sea_orm::Database::connect(format!("sqlite://{path}"))
        .await
        .unwrap();
    let lock = sea_orm::TransactionTrait::begin_with_options(
        &holder,
        sea_orm::TransactionOptions {
            sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let response = guarded(
        "a write behind a lock",
        app.request(Method::POST, "/api/1/discussions/")
            .header("X-API-KEY", &asker.token)
            .json(&json!({
                "title": "Une question",
                "comment": "Bloquée ?",
                "subject": {"class": "Dataset", "id": "ds-nested"},
            }))
            .send(),
    )
    .await
    .unwrap();
    let status = response.status();
    let retry_after = response.headers().get("Retry-After").cloned();
    let body: Value = response.json().await.unwrap();
    lock.rollback().await.unwrap();
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(retry_after.is_some(), "no Retry-After");
    assert!(body["message"].as_str().unwrap().contains("busy"), "{body}");
    // Once the lock is gone, the same write goes through.
    guarded(
        "opening a discussion",
        open(&app, &asker, "ds-nested", "Une question", "Et maintenant ?"),
    )
    .await;
}

/// Whether `text`, replied by `by` in thread `id`, is held for a moderator.
async fn is_held(app: &TestApp, by: &TestUser, id: &str, text: &str) -> bool {
    let (status, view) = guarded(
        "commenting",
        post(app, Some(by), id, json!({"comment": text})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}: {view}");
    let last = view["discussion"].as_array().unwrap().last().unwrap();
    last["pending"].as_bool().unwrap()
}

#[tokio::test]
async fn links_to_other_sites_count_against_a_new_account_however_written() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    dataset(&app, &admin, "ds-nested", "Jeu ds-nested").await;
    let id = guarded(
        "opening a discussion",
        open(&app, &admin, "ds-nested", "Une question", "Une question ?"),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let newcomer = app.user("Nouveau", Role::User).await;
    for text in [
        "[x](//evil.example/p) ".repeat(5),
        "[x](/\\evil.example/p) ".repeat(5),
        "[x](/&#92;evil.example/p) ".repeat(3),
        "[x](\\\\\\\\evil.example/p) ".repeat(3),
        "<https://evil.example/p> ".repeat(3),
        "https://evil.example/p ".repeat(3),
        "![x](//evil.example/i.png) ".repeat(3),
        format!("{} [x](//evil.example/p)", ">".repeat(40)).repeat(3),
    ] {
        assert!(
            is_held(&app, &newcomer, &id, &text).await,
            "not held: {text}"
        );
    }
    for text in [
        "[x](/reuses/a/) ".repeat(5),
        "[x](/reuses/a/) [y](#top) [z](?page=2) [w](../b)".to_owned(),
        "[a](https://a.example) et [b](//b.example)".to_owned(),
        "`https://a.example` `https://b.example` `//c.example`".to_owned(),
    ] {
        assert!(!is_held(&app, &newcomer, &id, &text).await, "held: {text}");
    }
    // The same in a new thread's question.
    let (status, thread) = app
        .call(
            Method::POST,
            "/api/1/discussions/",
            Some(&newcomer),
            Some(json!({
                "title": "Promo",
                "comment": "[x](//evil.example/p) ".repeat(5),
                "subject": {"class": "Dataset", "id": "ds-nested"},
            })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{thread}");
    assert_eq!(thread["pending"], true, "{thread}");
}
