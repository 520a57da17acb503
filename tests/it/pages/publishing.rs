//! Registering a reuse as a citizen does it: a dataset required and searched for without
//! JavaScript, errors that say which field and why (in the reader's language) and link to it,
//! a confirmation once published, "my reuses" on `/me/`, a sign-in that says why and comes
//! back, and mails that name the site.

use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::{Method, StatusCode};
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::web::{client, csrf_from, element, page_as, signed_in, urlencode};
use crate::support::world::{AIR, VELO, World, world, world_with_mail};

/// Posts a url-encoded `body` to `path` as the browser holding `cookie`, reading `lang`.
async fn post_in(
    app: &TestApp,
    path: &str,
    cookie: &str,
    lang: &str,
    body: &str,
) -> reqwest::Response {
    client()
        .post(format!("{}{}", app.url, path.trim_start_matches('/')))
        .header(COOKIE, cookie)
        .header("Accept-Language", lang)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

/// A signed-in author of `world` (no organization) and a CSRF token of theirs.
async fn author(world: &World) -> (String, String) {
    let camille = world.app.user("Camille", Role::User).await;
    let cookie = signed_in(&world.app, &camille.id).await;
    let token = csrf_from(&page_as(&world.app, "/reuses/new", &cookie).await);
    (cookie, token)
}

/// A complete form body but for `datasets`, the ids given.
fn filled(token: &str, title: &str, datasets: &[&str]) -> String {
    let mut body = format!(
        "csrf_token={token}&title={}&description={}&url={}&type=visualization&topic=health&tags=air",
        urlencode(title),
        urlencode("Une carte des **mesures**."),
        urlencode(&format!("https://carte.example/{}", urlencode(title))),
    );
    for id in datasets {
        body.push_str(&format!("&datasets={id}"));
    }
    body
}

#[tokio::test]
async fn a_reuse_without_a_dataset_is_refused_beside_the_picker_in_both_languages() {
    let world = world(&[]).await;
    let app = &world.app;
    let (cookie, token) = author(&world).await;
    let body = filled(&token, "", &[]);
    let refused = post_in(app, "/reuses/new", &cookie, "fr", &body).await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let html = refused.text().await.unwrap();
    assert!(
        element(&html, "datasets-error").contains("Cochez au moins un jeu de données utilisé"),
        "{html}"
    );
    // The summary names each field and links to it; the other errors come with it at once.
    let summary = &html[html.find("id=\"form-errors\"").unwrap()..];
    let summary = &summary[..summary.find("</div>").unwrap()];
    assert!(
        html.contains("role=\"alert\" id=\"form-errors\" tabindex=\"-1\""),
        "{html}"
    );
    assert!(
        summary.contains("href=\"#datasets\">Jeux de données utilisés"),
        "{summary}"
    );
    assert!(
        summary.contains("href=\"#title\">Titre\u{a0}: Indiquez un titre."),
        "{summary}"
    );
    assert!(html.contains("id=\"datasets\""), "the link has its target");
    assert!(!html.contains("is required"), "no developer text: {html}");

    let english = post_in(app, "/reuses/new", &cookie, "en", &body).await;
    let html = english.text().await.unwrap();
    assert!(
        element(&html, "datasets-error").ends_with(
            "Tick at least one dataset the reuse uses: without one, nobody but you would find it."
        ),
        "{html}"
    );
    assert!(
        html.contains("href=\"#title\">Title: Enter a title."),
        "{html}"
    );
    let (_, list) = app.get("/api/1/reuses/").await;
    assert_eq!(list["total"], 0, "nothing was created");

    // The API keeps its own rules: a reuse without datasets is still accepted there.
    let (status, created) = app
        .call(
            Method::POST,
            "/api/1/reuses/",
            Some(&world.owner),
            Some(serde_json::json!({"title": "Par l'API", "description": "x", "url": "https://api.example/x", "type": "api", "topic": "health"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
}

#[tokio::test]
async fn the_dataset_search_keeps_everything_typed_and_the_datasets_ticked() {
    let world = world(&[]).await;
    let app = &world.app;
    let (cookie, token) = author(&world).await;
    let body = format!(
        "{}&dataset_q={}&search=1",
        filled(&token, "Ma carte des vélos", &["ds-velo"]),
        urlencode("qualité")
    );
    let searched = post_in(app, "/reuses/new", &cookie, "fr", &body).await;
    assert_eq!(
        searched.status(),
        StatusCode::OK,
        "a search is not an error"
    );
    let html = searched.text().await.unwrap();
    assert!(html.contains("value=\"Ma carte des vélos\""), "{html}");
    assert!(html.contains("Une carte des **mesures**.</textarea>"));
    assert!(html.contains("<option value=\"visualization\" selected>"));
    assert!(html.contains("value=\"qualité\""), "the search is kept");
    let chosen = &html[html.find("id=\"dataset-chosen\"").unwrap()..];
    let chosen = &chosen[..chosen.find("</ul>").unwrap()];
    assert!(
        chosen.contains("value=\"ds-velo\"") && chosen.contains(" checked"),
        "{chosen}"
    );
    let found = &html[html.find("id=\"dataset-choices\"").unwrap()..];
    let found = &found[..found.find("</ul>").unwrap()];
    assert!(
        found.contains("value=\"ds-air\"") && found.contains(AIR),
        "{found}"
    );
    assert!(
        !found.contains("ds-perso") && !found.contains("ds-velo"),
        "{found}"
    );
    assert!(
        !html.contains("id=\"form-errors\""),
        "no errors shown for a search"
    );
    let (_, list) = app.get("/api/1/reuses/").await;
    assert_eq!(list["total"], 0, "a search saves nothing");

    let none = post_in(
        app,
        "/reuses/new",
        &cookie,
        "fr",
        &format!("{}&dataset_q=zzzz&search=1", filled(&token, "X", &[])),
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(element(&none, "dataset-none").contains("Aucun jeu de données ne correspond"));
}

#[tokio::test]
async fn a_dataset_pages_link_ticks_its_dataset_by_id_or_slug() {
    let world = world(&[]).await;
    let app = &world.app;
    let (cookie, _) = author(&world).await;
    let (_, velo) = app.get("/api/1/datasets/ds-velo/").await;
    let slug = velo["slug"].as_str().unwrap().to_owned();
    for wanted in ["ds-velo", slug.as_str()] {
        let html = page_as(app, &format!("/reuses/new?dataset={wanted}"), &cookie).await;
        let chosen = &html[html.find("id=\"dataset-chosen\"").unwrap()..];
        assert!(
            chosen.contains("value=\"ds-velo\" id=\"ds-chosen-1\" checked"),
            "{wanted}: {html}"
        );
        assert!(chosen.contains(VELO));
    }
    let html = page_as(app, "/reuses/new?dataset=no-such-dataset", &cookie).await;
    assert!(
        !html.contains("id=\"dataset-chosen\""),
        "an unknown one is not ticked"
    );

    // Signed out, the sign-in comes back to the same prefilled form.
    let anonymous = client()
        .get(format!("{}reuses/new?dataset=ds-velo", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(
        anonymous.headers()[LOCATION],
        "/login?next=%2Freuses%2Fnew%3Fdataset%3Dds-velo"
    );
}

#[tokio::test]
async fn publishing_is_confirmed_on_the_reuse_page_once_and_listed_in_my_reuses() {
    let world = world(&[]).await;
    let app = &world.app;
    let (cookie, token) = author(&world).await;
    let me = page_as(app, "/me/", &cookie).await;
    assert!(
        me.contains("<span aria-current=\"page\">Mon espace</span>"),
        "{me}"
    );
    assert!(
        element(&me, "my-reuses-empty").contains("aucune réutilisation"),
        "{me}"
    );
    assert!(me.contains("id=\"my-reuses-first\""));
    assert!(me.contains("href=\"/reuses/new\""));

    let published = post_in(
        app,
        "/reuses/new",
        &cookie,
        "fr",
        &filled(&token, "Carte de l'air", &["ds-air"]),
    )
    .await;
    assert_eq!(published.status(), StatusCode::SEE_OTHER);
    let location = published.headers()[LOCATION].to_str().unwrap().to_owned();
    let flash = published
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|value| value.to_str().unwrap().to_owned())
        .find(|value| value.starts_with("vitrine_published="))
        .expect("a cookie for the reuse's page");
    let flash = flash.split(';').next().unwrap().to_owned();
    assert!(flash.len() > "vitrine_published=".len());

    let plain = page_as(app, &location, &cookie).await;
    assert!(
        !plain.contains("Votre réutilisation est publiée"),
        "only right after publishing"
    );
    let shown = client()
        .get(format!("{}{}", app.url, location.trim_start_matches('/')))
        .header(COOKIE, format!("{cookie}; {flash}"))
        .send()
        .await
        .unwrap();
    let spent = shown.headers().get_all(SET_COOKIE).iter().any(|value| {
        let value = value.to_str().unwrap();
        value.starts_with("vitrine_published=;") || value.starts_with("vitrine_published=\"\"")
    });
    assert!(spent, "the page spends the cookie");
    let html = shown.text().await.unwrap();
    assert!(
        element(&html, "page-notice").contains("Votre réutilisation est publiée"),
        "{html}"
    );
    // Someone else's browser given the cookie is told nothing.
    let other = world.app.user("Dominique", Role::User).await;
    let other_cookie = signed_in(app, &other.id).await;
    let html = client()
        .get(format!("{}{}", app.url, location.trim_start_matches('/')))
        .header(COOKIE, format!("{other_cookie}; vitrine_published=forged"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("Votre réutilisation est publiée"));

    let me = page_as(app, "/me/", &cookie).await;
    let mine = &me[me.find("id=\"my-reuses\"").unwrap()..];
    let mine = &mine[..mine.find("</section>").unwrap()];
    assert!(
        mine.contains(&format!("href=\"{location}\">Carte de l&#39;air</a>"))
            || mine.contains(&format!("href=\"{location}\">Carte de l'air</a>")),
        "{mine}"
    );
    assert!(mine.contains(">Publiée</span>"), "{mine}");
    assert!(mine.contains(&format!("href=\"{location}edit\"")), "{mine}");
    assert!(!mine.contains("my-reuses-empty"));
}

#[tokio::test]
async fn sign_in_says_why_and_returns_to_a_local_next_only() {
    let app = TestApp::new().await;
    let (status, html) =
        crate::support::web::page(&app, "/login?next=%2Freuses%2Fnew%3Fdataset%3Dds-air").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        element(&html, "login-reason").contains("Connectez-vous pour présenter une réutilisation"),
        "{html}"
    );
    assert!(
        html.contains("<span aria-current=\"page\">Se connecter</span>"),
        "the breadcrumb ends with the page: {html}"
    );
    let (_, html) =
        crate::support::web::page(&app, "/login?next=%2Fdiscussions%2Fnew%3Fclass%3DDataset").await;
    assert!(element(&html, "login-reason").contains("poser une question"));
    let (_, html) = crate::support::web::page(&app, "/login").await;
    assert!(
        !html.contains("id=\"login-reason\""),
        "no reason without a destination"
    );
    for foreign in [
        "//evil.example/x",
        "https://evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
    ] {
        let (_, html) =
            crate::support::web::page(&app, &format!("/login?next={}", urlencode(foreign))).await;
        // The address itself is echoed (escaped) by the language switch; no link or form
        // leads there.
        for shape in ["\"//evil", "\"https://evil", "\"/\\evil", "\"\\\\evil"] {
            assert!(!html.contains(shape), "{foreign}: {html}");
        }
    }
}

#[tokio::test]
async fn the_demo_sign_in_returns_where_the_visitor_was_heading() {
    let app = TestApp::new().await;
    let (mut demo, base) = app.spawn_server("demo", &[], false);
    let http = client();
    let mut login = None;
    // The demo seeds its catalog first: wait for it (a hang guard, not a timing).
    for _ in 0..600 {
        if let Ok(response) = http
            .get(format!("{base}login?next=%2Freuses%2Fnew"))
            .send()
            .await
        {
            login = Some(response);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let login = login.unwrap();
    let cookies: Vec<String> = login
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|value| {
            value
                .to_str()
                .unwrap()
                .split(';')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    let html = login.text().await.unwrap();
    assert!(
        html.contains("name=\"next\" value=\"/reuses/new\""),
        "{html}"
    );
    let token = csrf_from(&html);
    for (next, expected) in [("/reuses/new", "/reuses/new"), ("//evil.example/", "/me/")] {
        let entered = http
            .post(format!("{base}login/demo"))
            .header(COOKIE, cookies.join("; "))
            .form(&[
                ("csrf_token", token.as_str()),
                ("persona", "reuser"),
                ("next", next),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(entered.status(), StatusCode::SEE_OTHER, "{next}");
        assert_eq!(entered.headers()[LOCATION], expected, "{next}");
    }
    demo.kill().unwrap();
    demo.wait().unwrap();
}

#[tokio::test]
async fn account_form_errors_are_sentences_in_the_readers_language() {
    let app = TestApp::new().await;
    let camille = app.user("Camille", Role::User).await;
    let cookie = signed_in(&app, &camille.id).await;
    let token = csrf_from(&page_as(&app, "/me/", &cookie).await);
    let body = format!("csrf_token={token}&first_name=Ca%0Amille&last_name=");
    let html = post_in(&app, "/me/profile", &cookie, "fr", &body)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        element(&html, "first-name-error").ends_with("Ce texte doit tenir sur une seule ligne."),
        "{html}"
    );
    let html = post_in(
        &app,
        "/me/api_tokens",
        &cookie,
        "en",
        &format!("csrf_token={token}&name="),
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(
        element(&html, "token-name-error")
            .ends_with("Give the key a name, at most 100 characters."),
        "{html}"
    );
    assert!(!html.contains("is required"), "{html}");
}

#[tokio::test]
async fn a_real_mail_names_the_site_in_its_subject() {
    let Some((world, smtp)) = world_with_mail(&[("VITRINE_SITE_NAME", "Open Data Lyon")]).await
    else {
        return;
    };
    let app = &world.app;
    let (cookie, token) = author(&world).await;
    let published = post_in(
        app,
        "/reuses/new",
        &cookie,
        "fr",
        &filled(&token, "Carte de l'air à Lyon", &["ds-air"]),
    )
    .await;
    assert_eq!(published.status(), StatusCode::SEE_OTHER);
    let mails = smtp.wait_for_to(&world.org_admin.email, 1, 30).await;
    let mail = &mails[0];
    assert!(
        mail.subject.starts_with("[Open Data Lyon] "),
        "{}",
        mail.subject
    );
    assert!(!mail.subject.contains("[Vitrine]"), "{}", mail.subject);
    assert!(mail.text.contains("Open Data Lyon"), "{}", mail.text);
    assert!(mail.text.contains("Carte de l'air à Lyon"), "{}", mail.text);
}
