//! Discussion pages in headless Chromium: a question asked, answered, marked and closed through
//! the pages; hostile Markdown rendered with no script running.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::markdown::XSS_CORPUS;
use vitrine::models::users::{Role, find_user_by_email};

use crate::app::{TestApp, TestUser};
use crate::browser::{Browser, browser, login_url, oauth_issuer};

/// An organization publishing one dataset, its admin signing in as `producer_email`.
async fn catalog(app: &TestApp, producer_email: &str) -> TestUser {
    let admin = app.user("Admin", Role::Admin).await;
    let producer = vitrine::models::users::create_user(
        app.db(),
        vitrine::models::users::NewUser {
            email: producer_email.to_owned(),
            name: "Dominique Producteur".to_owned(),
            role: Role::User,
        },
    )
    .await
    .unwrap();
    let (status, org) = app
        .call(
            Method::POST,
            "/api/1/organizations/",
            Some(&admin),
            Some(json!({"name": "Santé publique"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{org}");
    let org_id = org["id"].as_str().unwrap();
    let (status, answer) = app
        .call(
            Method::PUT,
            &format!("/api/1/organizations/{org_id}/member/{}/", producer.id),
            Some(&admin),
            Some(json!({"role": "editor"})),
        )
        .await;
    assert!(status.is_success(), "{answer}");
    let (status, answer) = app
        .call(
            Method::POST,
            "/api/1/datasets/",
            Some(&admin),
            Some(json!({"id": "ds-hosp", "title": "Hospitalisations", "organization": org_id})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    admin
}

async fn sign_out(browser: &Browser) {
    browser.click("header form[action='/logout'] button").await;
    browser.wait_for_path("/").await;
}

#[tokio::test]
async fn a_question_is_asked_answered_marked_and_closed_through_the_pages() {
    let Some(_) = oauth_issuer() else { return };
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::new().await;
    let unique = uuid::Uuid::new_v4().simple().to_string();
    let producer_email = format!("producteur-{unique}@example.org");
    let asker_email = format!("camille-{unique}@example.org");
    catalog(&app, &producer_email).await;

    // A reuser asks from the dataset page; a missing title comes back beside its field, the
    // question kept; the preview renders the Markdown.
    browser
        .goto(&login_url(
            &app,
            &asker_email,
            "/datasets/hospitalisations/",
        ))
        .await;
    browser.wait_for_path("/datasets/hospitalisations/").await;
    assert!(
        browser
            .text("#discussions-title")
            .await
            .contains("discussions")
    );
    browser.click("#ask-question").await;
    browser.wait_for_path("/discussions/new").await;
    let question = "Bonjour, à quelle **fréquence** ces données sont-elles mises à jour ?";
    browser.fill("#comment", question).await;
    browser.click("#submit-question").await;
    assert_eq!(browser.text("#title-error").await, "ne doit pas être vide");
    assert_eq!(
        browser.find("#comment").await.prop("value").await.unwrap(),
        Some(question.to_owned())
    );
    browser.fill("#title", "Fréquence de mise à jour").await;
    browser.click("#preview-question").await;
    let preview = browser.find("#question-preview strong").await;
    assert_eq!(preview.text().await.unwrap(), "fréquence");
    browser.screenshot("discussion-new-preview-1280").await;
    browser.click("#submit-question").await;
    browser.find("#thread-title").await;
    let thread_path = url::Url::parse(&browser.current_url().await)
        .unwrap()
        .path()
        .to_owned();
    assert!(thread_path.starts_with("/discussions/"), "{thread_path}");
    assert_eq!(
        browser.text("#thread-title").await,
        "Fréquence de mise à jour"
    );
    // The asker may close their own question, but not mark an answer.
    assert!(
        browser
            .client
            .find(fantoccini::Locator::Css("#close-discussion"))
            .await
            .is_ok()
    );
    assert!(
        browser
            .client
            .find(fantoccini::Locator::Css(".mark-answer"))
            .await
            .is_err()
    );
    sign_out(&browser).await;

    // The producer answers for the organization, marks the answer and closes.
    browser
        .goto(&login_url(&app, &producer_email, &thread_path))
        .await;
    browser.wait_for_path(&thread_path).await;
    browser
        .fill("#comment", "Chaque semaine, le lundi. Merci @camille !")
        .await;
    browser.click("#post-reply").await;
    browser
        .find(".message:not(.is-question) .mark-answer")
        .await;
    assert!(
        browser
            .text(".message:not(.is-question) .badge.producer")
            .await
            .contains("Producteur")
    );
    browser
        .click(".message:not(.is-question) .mark-answer")
        .await;
    browser.find(".message.is-answer").await;
    browser.click("#close-discussion").await;
    browser.find("#closed-notice").await;
    assert!(browser.text("#thread-status").await.contains("Close"));
    assert!(
        browser
            .text(".message.is-answer")
            .await
            .contains("Chaque semaine")
    );
    browser.screenshot("discussion-answered-closed-1280").await;
    assert!(
        browser
            .client
            .find(fantoccini::Locator::Css("#reply-form"))
            .await
            .is_err(),
        "a closed thread offers no reply form"
    );

    // The API shows the same thread, and the dataset's counters follow.
    let id = thread_path
        .trim_start_matches("/discussions/")
        .trim_end_matches('/');
    let (status, thread) = app.get(&format!("/api/1/discussions/{id}/")).await;
    assert_eq!(status, StatusCode::OK);
    let messages = thread["discussion"].as_array().unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0]["content"], question, "raw Markdown in the API");
    assert_eq!(thread["answer"], messages[1]["id"]);
    assert_eq!(thread["answered"], true);
    assert!(thread["closed"].is_string());
    let producer = find_user_by_email(app.db(), &producer_email)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(thread["closed_by"]["id"], producer.id.as_str());
    assert_eq!(
        messages[1]["posted_by_organization"]["name"],
        "Santé publique"
    );
    let (_, dataset) = app.get("/api/1/datasets/ds-hosp/").await;
    assert_eq!(dataset["metrics"]["discussions"], 1);
    assert_eq!(dataset["metrics"]["discussions_open"], 0);
    browser
        .goto(&format!("{}datasets/hospitalisations/", app.url))
        .await;
    let list = browser.text("#thread-list").await;
    assert!(
        list.contains("Fréquence de mise à jour") && list.contains("Répondue"),
        "{list}"
    );
    browser.close().await;
}

#[tokio::test]
async fn hostile_markdown_runs_no_script_in_the_browser() {
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    let (status, _) = app
        .call(
            Method::POST,
            "/api/1/datasets/",
            Some(&admin),
            Some(json!({"id": "ds-x", "title": "Cible"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    // Each vector as written, and once more setting a flag instead of opening an alert.
    let vectors: Vec<String> = XSS_CORPUS
        .iter()
        .flat_map(|v| [v.to_string(), v.replace("alert(1)", "window.__xss=1")])
        .collect();
    let (status, created) = app
        .call(
            Method::POST,
            "/api/1/discussions/",
            Some(&admin),
            Some(json!({
                "title": "<script>window.__xss=1</script><img src=x onerror=window.__xss=1>",
                "comment": vectors[..vectors.len() / 2].join("\n\n"),
                "subject": {"class": "Dataset", "id": "ds-x"},
            })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap();
    for vector in &vectors[vectors.len() / 2..] {
        let (status, answer): (StatusCode, Value) = app
            .call(
                Method::POST,
                &format!("/api/1/discussions/{id}/"),
                Some(&admin),
                Some(json!({"comment": vector})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{answer}");
    }
    for page in [
        format!("{}discussions/{id}/", app.url),
        format!("{}datasets/cible/", app.url),
    ] {
        browser.goto(&page).await;
        browser.find("main h1").await;
        assert!(
            browser.client.get_alert_text().await.is_err(),
            "an alert opened on {page}"
        );
        let found = browser
            .client
            .execute(
                "return {
                   flag: window.__xss === 1,
                   scripts: document.querySelectorAll('main script, main iframe, main svg, main object, main embed').length,
                   handlers: [...document.querySelectorAll('main *')].filter(e =>
                     [...e.attributes].some(a => a.name.startsWith('on') || a.name === 'style')).length,
                   bad_links: [...document.querySelectorAll('main a[href]')].filter(a =>
                     !/^(https?:|mailto:|\\/)/.test(a.getAttribute('href'))).map(a => a.getAttribute('href')),
                 };",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(found["flag"], false, "a script ran on {page}");
        assert_eq!(found["scripts"], 0, "{page}: {found}");
        assert_eq!(found["handlers"], 0, "{page}: {found}");
        assert_eq!(found["bad_links"], json!([]), "{page}: {found}");
    }
    browser.screenshot("discussion-xss-corpus-1280").await;
    browser.close().await;
}
