//! The three journeys of the portal's people, end to end in headless Chromium, each page kept as
//! a screenshot at 320 and 1280 pixels wide (`target/test-artifacts/journey-*`): a reuser
//! registers a reuse, finding its datasets by title, and is told it is published; a producer
//! answers a question from the mail it sent them; an animator puts the reuse first on the home
//! page. A citizen's journey to an organization it follows is in [`super::following`].

use reqwest::{Method, StatusCode};
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::browser::{Browser, browser, login_url};
use crate::support::datasets::dataset;
use crate::support::images::png_file;
use crate::support::peers::oauth_issuer;
use crate::support::smtp::SmtpServer;
use crate::support::world::catalog;

/// Asserts every image of the page matching `css` has a text alternative.
async fn assert_images_described(browser: &Browser, css: &str) {
    let images = browser
        .client
        .find_all(fantoccini::Locator::Css(css))
        .await
        .unwrap();
    assert!(!images.is_empty(), "no {css} at {}", browser.path().await);
    for image in images {
        let alt = image.attr("alt").await.unwrap().unwrap_or_default();
        assert!(!alt.trim().is_empty(), "{css} without alt text");
    }
}

#[tokio::test]
async fn a_reuser_registers_a_reuse_with_a_picture_and_two_datasets() {
    let Some(_) = oauth_issuer() else { return };
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::new().await;
    let unique = uuid::Uuid::new_v4().simple().to_string();
    let admin = catalog(&app, &format!("producteur-{unique}@example.org")).await;
    dataset(&app, &admin, "ds-air", "Qualité de l'air").await;
    let dir = tempfile::tempdir().unwrap();
    let picture = png_file(dir.path(), "couverture.png", 1200, 800);

    // Signed in, the reuser fills the form: a picture, two datasets.
    browser
        .goto(&login_url(
            &app,
            &format!("camille-{unique}@example.org"),
            "/reuses/new",
        ))
        .await;
    browser.wait_for_path("/reuses/new").await;
    browser
        .fill("#title", "Hospitalisations et qualité de l'air")
        .await;
    browser
        .fill(
            "#description",
            "Une carte qui croise les **hospitalisations** et la qualité de l'air, département par département.",
        )
        .await;
    browser
        .fill("#url", "https://air-sante.example/carte")
        .await;
    for (select, value) in [("#type", "visualization"), ("#topic", "health")] {
        browser
            .find(select)
            .await
            .select_by_value(value)
            .await
            .unwrap();
    }
    browser.fill("#tags", "santé, air, carte").await;
    // The picker finds datasets by title; what was typed and ticked stays through each search.
    for (words, id) in [("hospitalisations", "ds-hosp"), ("air", "ds-air")] {
        browser.fill("#dataset_q", words).await;
        browser.click_to_new_page("#dataset-search-button").await;
        browser
            .click(&format!("#dataset-choices input[value='{id}']"))
            .await;
    }
    assert_eq!(
        browser
            .find("#title")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("Hospitalisations et qualité de l'air")
    );
    let chosen = browser.text("#dataset-chosen").await;
    assert!(chosen.contains("Hospitalisations"), "{chosen}");
    browser
        .find("#image")
        .await
        .send_keys(picture.to_str().unwrap())
        .await
        .unwrap();
    browser.screenshots("journey-1-reuse-form").await;
    browser.click_to_new_page("#submit-reuse").await;
    assert_eq!(
        browser.path().await,
        "/reuses/hospitalisations-et-qualite-de-l-air/"
    );
    assert_eq!(
        browser.text("h1").await,
        "Hospitalisations et qualité de l'air"
    );
    // Told it is published, once.
    let told = browser.text("#page-notice").await;
    assert!(told.contains("publiée"), "{told}");
    let datasets = browser.text("#reuse-datasets").await;
    assert!(
        datasets.contains("Hospitalisations") && datasets.contains("Qualité de l'air"),
        "{datasets}"
    );
    assert_images_described(&browser, "img.reuse-image").await;
    browser.screenshots("journey-1-reuse-page").await;

    // The gallery shows it with its thumbnail; so do both datasets' pages.
    browser.goto(&format!("{}reuses/", app.url)).await;
    let card = browser.text("#gallery .card").await;
    assert!(
        card.contains("Hospitalisations et qualité de l'air"),
        "{card}"
    );
    assert!(card.contains("2 jeux de données"), "{card}");
    let src = browser
        .find("#gallery .card img")
        .await
        .attr("src")
        .await
        .unwrap()
        .unwrap();
    assert!(src.contains("/media/images/"), "{src}");
    assert_images_described(&browser, "#gallery .card img").await;
    browser.screenshots("journey-1-gallery").await;
    for dataset in ["hospitalisations", "qualite-de-l-air"] {
        browser
            .goto(&format!("{}datasets/{dataset}/", app.url))
            .await;
        let reuses = browser.text("#dataset-reuses").await;
        assert!(
            reuses.contains("Hospitalisations et qualité de l'air"),
            "{dataset}: {reuses}"
        );
    }
    browser.screenshots("journey-1-dataset-page").await;
    browser.close().await;
}

#[tokio::test]
async fn a_producer_follows_the_mail_to_the_question_answers_and_marks_the_answer() {
    let Some(_) = oauth_issuer() else { return };
    let Some(browser) = browser().await else {
        return;
    };
    let Some(smtp) = SmtpServer::start().await else {
        return;
    };
    let app = TestApp::with_env(&[("VITRINE_SMTP_URL", smtp.url().as_str())]).await;
    let unique = uuid::Uuid::new_v4().simple().to_string();
    let producer_email = format!("producteur-{unique}@example.org");
    let asker_email = format!("camille-{unique}@example.org");
    catalog(&app, &producer_email).await;

    // A reuser asks about the dataset.
    browser
        .goto(&login_url(
            &app,
            &asker_email,
            "/datasets/hospitalisations/?tab=discussions",
        ))
        .await;
    browser.wait_for_path("/datasets/hospitalisations/").await;
    browser.click_to_new_page("#ask-question").await;
    browser.fill("#title", "Données par commune ?").await;
    browser
        .fill(
            "#comment",
            "Bonjour, existe-t-il une version de ces données **par commune** ?",
        )
        .await;
    browser.click_to_new_page("#submit-question").await;
    let thread_path = browser.path().await;
    assert!(thread_path.starts_with("/discussions/"), "{thread_path}");
    browser.sign_out().await;

    // The producer's mail links to the thread.
    let mails = smtp.wait_for_to(&producer_email, 1, 15).await;
    let mail = &mails[0];
    assert_eq!(
        mail.subject,
        "[Vitrine] Nouvelle question sur « Hospitalisations »"
    );
    let start = mail
        .text
        .find(&format!("{}discussions/", app.url))
        .unwrap_or_else(|| panic!("no link to the thread in {}", mail.text));
    let link: String = mail.text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let link_path = url::Url::parse(&link).unwrap().path().to_owned();
    assert_eq!(link_path, thread_path, "{link}");
    assert!(
        mail.html.contains(&format!("href=\"{link}\"")),
        "the HTML part links there too"
    );

    // Following it, they read the question, sign in and come back to it.
    browser.goto(&link).await;
    assert_eq!(
        browser.text("#thread-title").await,
        "Données par commune\u{202F}?"
    );
    assert!(browser.has("#signin-to-reply").await);
    browser
        .goto(&login_url(&app, &producer_email, &link_path))
        .await;
    browser.wait_for_path(&link_path).await;
    browser.find("#reply-form").await;
    browser
        .find("#organization")
        .await
        .select_by_label("Santé publique")
        .await
        .unwrap();
    browser
        .fill(
            "#comment",
            "Oui : le fichier *par commune* est publié chaque lundi sur la même page.",
        )
        .await;
    browser.click_to_new_page("#post-reply").await;
    let reply = ".message:not(.is-question)";
    assert!(
        browser
            .text(&format!("{reply} .message-meta"))
            .await
            .contains("Santé publique")
    );
    browser
        .click_to_new_page(&format!("{reply} .mark-answer"))
        .await;
    let answer = browser.text(".message.is-answer").await;
    assert!(answer.contains("Réponse retenue"), "{answer}");
    assert!(answer.contains("publié chaque lundi"), "{answer}");
    assert!(browser.text("#thread-status").await.contains("Résolue"));
    browser.screenshots("journey-2-thread-answered").await;

    // The asker hears of the answer, then of its marking.
    let to_asker = smtp.wait_for_to(&asker_email, 2, 15).await;
    assert!(
        to_asker
            .iter()
            .any(|mail| mail.text.contains("publié chaque lundi")),
        "{:?}",
        to_asker.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
    browser.close().await;
}

#[tokio::test]
async fn an_animator_features_the_reuse_and_puts_it_first_on_the_home_page() {
    let Some(_) = oauth_issuer() else { return };
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::new().await;
    let unique = uuid::Uuid::new_v4().simple().to_string();
    let animator_email = format!("animatrice-{unique}@example.org");
    app.account(&animator_email, "Alex Animatrice", Role::Moderator)
        .await;
    let admin = catalog(&app, &format!("producteur-{unique}@example.org")).await;
    let owner = app.user("Camille", Role::User).await;
    let mut ids = Vec::new();
    for (n, title) in ["Indice du jour", "Carte des urgences", "Capteurs citoyens"]
        .into_iter()
        .enumerate()
    {
        let (status, reuse) = app
            .call(
                Method::POST,
                "/api/1/reuses/",
                Some(&owner),
                Some(json!({
                    "title": title,
                    "description": "Une réutilisation des données hospitalières.",
                    "url": format!("https://reuse-{n}.example"),
                    "type": "visualization",
                    "topic": "health",
                    "datasets": ["ds-hosp"],
                })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{reuse}");
        ids.push(reuse["id"].as_str().unwrap().to_owned());
    }
    for id in &ids[..2] {
        let (status, _) = app
            .call(
                Method::POST,
                &format!("/api/1/reuses/{id}/featured/"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
    }

    // From the reuse's page, the animator features it: it joins the showcase, last.
    browser
        .goto(&login_url(
            &app,
            &animator_email,
            "/reuses/capteurs-citoyens/",
        ))
        .await;
    browser.wait_for_path("/reuses/capteurs-citoyens/").await;
    browser.click_to_new_page("#feature-reuse").await;
    assert_eq!(browser.path().await, "/moderation/featured");
    let target = format!("f-{}", ids[2]);
    let last = browser
        .find("#featured-order > li:last-child")
        .await
        .attr("id")
        .await
        .unwrap();
    assert_eq!(last.as_deref(), Some(target.as_str()));

    // Then moves it to the top in one step.
    browser
        .click_to_new_page(&format!("#{target} .move-top"))
        .await;
    let first = browser
        .find("#featured-order > li:first-child")
        .await
        .attr("id")
        .await
        .unwrap();
    assert_eq!(first.as_deref(), Some(target.as_str()));
    browser.screenshots("journey-3-moderation-featured").await;

    // The home page shows it first.
    browser.goto(&app.url).await;
    let titles: Vec<String> = {
        let mut titles = Vec::new();
        for card in browser
            .client
            .find_all(fantoccini::Locator::Css("#featured .card-title"))
            .await
            .unwrap()
        {
            titles.push(card.text().await.unwrap());
        }
        titles
    };
    assert_eq!(
        titles,
        ["Capteurs citoyens", "Indice du jour", "Carte des urgences"]
    );
    browser.screenshots("journey-3-home").await;
    browser.sign_out().await;
    let (_, featured) = app.get("/api/1/reuses/featured/").await;
    assert_eq!(featured[0]["id"], ids[2].as_str(), "{featured}");
    browser.close().await;
}
