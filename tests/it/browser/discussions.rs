//! Discussion pages in headless Chromium: a question asked, answered, marked and closed through
//! the pages; hostile Markdown rendered with no script running.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::markdown::XSS_CORPUS;
use vitrine::models::users::{Role, find_user_by_email};

use crate::support::TestApp;
use crate::support::browser::{browser, login_url};
use crate::support::peers::oauth_issuer;
use crate::support::smtp::SmtpServer;
use crate::support::world::catalog;

#[tokio::test]
async fn a_question_is_asked_answered_marked_and_closed_through_the_pages() {
    let Some(_) = oauth_issuer() else { return };
    let Some(browser) = browser().await else {
        return;
    };
    let Some(smtp) = SmtpServer::start().await else {
        return;
    };
    let smtp_url = smtp.url();
    let app = TestApp::with_env(&[("VITRINE_SMTP_URL", smtp_url.as_str())]).await;
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
            "/datasets/hospitalisations/?tab=discussions",
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
    assert_eq!(browser.text("#title-error").await, "Indiquez un titre.");
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
    // One readable French mail in the producer's box.
    let to_producer = smtp.wait_for_to(&producer_email, 1, 15).await;
    assert_eq!(to_producer.len(), 1);
    assert_eq!(
        to_producer[0].subject,
        "[Vitrine] Nouvelle question sur « Hospitalisations »"
    );
    assert!(
        to_producer[0]
            .text
            .contains("à quelle fréquence ces données")
    );
    assert!(to_producer[0].html.contains("<strong>fréquence</strong>"));
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
    browser.sign_out().await;

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
    let to_asker = smtp.wait_for_to(&asker_email, 1, 15).await;
    assert_eq!(
        to_asker.len(),
        1,
        "the answer puts one mail in the asker's box"
    );
    assert_eq!(
        to_asker[0].subject,
        "[Vitrine] Nouvelle réponse : Fréquence de mise à jour"
    );
    assert!(to_asker[0].text.contains("Chaque semaine, le lundi."));
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
        .goto(&format!(
            "{}datasets/hospitalisations/?tab=discussions",
            app.url
        ))
        .await;
    let list = browser.text("#thread-list").await;
    assert!(
        list.contains("Fréquence de mise à jour") && list.contains("Résolue"),
        "{list}"
    );

    // The asker turns mail off for replies in their settings; the next reply mails them nothing
    // but shows in their inbox.
    browser.sign_out().await;
    browser
        .goto(&login_url(&app, &asker_email, "/me/notifications"))
        .await;
    browser.wait_for_path("/me/notifications").await;
    browser
        .find("#email_new_comment")
        .await
        .select_by_value("off")
        .await
        .unwrap();
    browser.click("#save-settings").await;
    browser.find("#settings-saved").await;
    browser.screenshot("notification-settings-1280").await;
    // The reply, the marked answer and the closing: three mails so far.
    let asker_mails = smtp.wait_for_to(&asker_email, 3, 15).await.len();
    assert_eq!(asker_mails, 3);
    browser
        .goto(&format!(
            "{}{}",
            app.url,
            thread_path.trim_start_matches('/')
        ))
        .await;
    // The reopening mails the producer: once it is there, the worker has caught up. (Counted
    // before the click: the mail may arrive before the next page is read.)
    let producer_mails = smtp.mails_to(&producer_email).len();
    browser.click_to_new_page("#reopen").await;
    browser.find("#reply-form").await;
    smtp.wait_for_to(&producer_email, producer_mails + 1, 15)
        .await;
    browser.sign_out().await;
    browser
        .goto(&login_url(&app, &producer_email, &thread_path))
        .await;
    browser.wait_for_path(&thread_path).await;
    browser
        .fill("#comment", "Précision : le lundi avant 9 h.")
        .await;
    browser.click("#post-reply").await;
    browser.find("#messages > li:nth-child(3)").await;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert_eq!(
        smtp.mails_to(&asker_email).len(),
        asker_mails,
        "no more mail for replies once turned off"
    );
    browser.sign_out().await;
    browser.goto(&login_url(&app, &asker_email, "/me/")).await;
    browser.wait_for_path("/me/").await;
    let inbox = browser.text("#inbox-list").await;
    assert!(
        inbox.contains("Dominique Producteur a répondu dans « Fréquence de mise à jour »"),
        "{inbox}"
    );
    // The three notifications before were read by opening the thread to reopen it: only the
    // last reply is unread.
    let unread = browser.find("#unread-count").await.text().await.unwrap();
    assert_eq!(unread.split_whitespace().next(), Some("1"), "{unread}");
    browser.screenshot("me-inbox-1280").await;
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
