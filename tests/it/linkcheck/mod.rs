//! The link checker against local websites: a link breaks after three failed checks over two
//! days and its owner is told once, it comes back silently, nothing is visited twice a day,
//! private addresses are refused directly and after a redirect, and what is private, archived,
//! changed or gone follows. Passes run in the test, the app's clock moved between them.

mod pages;
pub(crate) mod site;

use chrono::TimeDelta;
use reqwest::{Method, StatusCode};
use sea_orm::EntityTrait;
use serde_json::{Value, json};
use vitrine::linkcheck::Tally;
use vitrine::linkcheck::pass::{prober, run_once};

use crate::support::api::create;
use crate::support::app::{TestApp, TestUser};
use crate::support::mail::outbox_of;
use crate::support::reuses::reuse;
use crate::support::world::{world, world_with_mail};
use site::Site;

/// The local servers listen on 127.0.0.1, which the checker may visit; 127.0.0.2 stays refused.
pub(super) const ALLOW: (&str, &str) = ("VITRINE_LINKCHECK_ALLOW_PRIVATE", "127.0.0.1/32");
/// No pacing between the local requests.
pub(super) const NO_GAP: (&str, &str) = ("VITRINE_LINKCHECK_HOST_GAP", "0");

/// One pass, as `vitrine linkcheck --once` runs it, at the app's clock.
pub(super) async fn pass(app: &TestApp) -> Tally {
    let prober = prober(&app.state).unwrap();
    run_once(&app.state, &prober).await.unwrap()
}

/// `GET /api/1/reuses/{id}/link-checks/` as `by`.
async fn history(app: &TestApp, by: Option<&TestUser>, id: &str) -> (StatusCode, Value) {
    app.call(
        Method::GET,
        &format!("/api/1/reuses/{id}/link-checks/"),
        by,
        None,
    )
    .await
}

/// The reason of the latest check of reuse `id`, read by `by`.
async fn latest_reason(app: &TestApp, by: &TestUser, id: &str) -> String {
    let (status, body) = history(app, Some(by), id).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["checks"]["data"][0]["reason"]
        .as_str()
        .unwrap_or_else(|| panic!("no check of {id}: {body}"))
        .to_owned()
}

#[tokio::test]
async fn a_link_breaks_after_three_failures_over_two_days_is_told_once_and_recovers_silently() {
    let Some((world, smtp)) = world_with_mail(&[ALLOW, NO_GAP]).await else {
        return;
    };
    let app = &world.app;
    let site = Site::start("127.0.0.1", None).await;
    let id = reuse(
        app,
        &world.owner,
        "Carte des pollens",
        json!({"url": site.url("/flaky")}),
    )
    .await;

    let first = pass(app).await;
    assert_eq!((first.checked, first.failed, first.broken), (1, 1, 0));
    let visits = site.hits_on("/flaky");
    assert!(visits >= 1, "{:?}", site.hits());
    // Nothing is visited twice in a day: not at once, not 23 hours later.
    assert_eq!(pass(app).await.checked, 0);
    app.state.clock.advance(TimeDelta::hours(23));
    assert_eq!(pass(app).await.checked, 0);
    assert_eq!(site.hits_on("/flaky"), visits, "{:?}", site.hits());

    // Three failures, but only 24 hours apart: failing, not broken.
    app.state.clock.advance(TimeDelta::hours(1));
    assert_eq!(pass(app).await.broken, 0);
    let (_, body) = history(app, Some(&world.owner), &id).await;
    assert_eq!(body["link"]["state"], "failing", "{body}");
    assert_eq!(body["link"]["failures"], 2, "{body}");
    // The third, 48 hours after the first: broken, and its owner is told.
    app.state.clock.advance(TimeDelta::hours(24));
    let third = pass(app).await;
    assert_eq!((third.checked, third.broken), (1, 1), "{third:?}");
    let mails = smtp.wait_for_to(&world.owner.email, 1, 30).await;
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0].subject.contains("Carte des pollens"),
        "{}",
        mails[0].subject
    );
    assert!(
        mails[0].text.contains(&site.url("/flaky"))
            && mails[0]
                .text
                .contains("parce que vous publiez cette réutilisation"),
        "the address, and why this mail: {}",
        mails[0].text
    );
    // Still broken a day later: not told again.
    app.state.clock.advance(TimeDelta::hours(24));
    assert_eq!(pass(app).await.broken, 0);
    let told: Vec<String> = outbox_of(app, &world.owner)
        .await
        .into_iter()
        .map(|(_, template)| template)
        .filter(|template| template == "link_broken")
        .collect();
    assert_eq!(told.len(), 1, "{told:?}");

    // Who may read the history: the owner and animators, nobody else.
    let (status, body) = history(app, Some(&world.owner), &id).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["link"]["state"], "broken", "{body}");
    assert_eq!(body["link"]["url"], site.url("/flaky"));
    assert!(body["link"]["owner_told_at"].is_string(), "{body}");
    assert_eq!(body["checks"]["total"], 4, "{body}");
    assert_eq!(body["checks"]["data"][0]["reason"], "http_404", "{body}");
    assert_eq!(body["checks"]["data"][0]["status"], 404, "{body}");
    assert_eq!(history(app, None, &id).await.0, StatusCode::UNAUTHORIZED);
    let stranger = history(app, Some(&world.org_editor), &id).await;
    assert_eq!(stranger.0, StatusCode::FORBIDDEN, "{}", stranger.1);
    assert_eq!(
        history(app, Some(&world.moderator), &id).await.0,
        StatusCode::OK
    );

    // It works again: cleared, and nobody is told.
    site.answer_flaky(200);
    app.state.clock.advance(TimeDelta::hours(24));
    let back = pass(app).await;
    assert_eq!((back.works, back.recovered), (1, 1), "{back:?}");
    let (_, body) = history(app, Some(&world.owner), &id).await;
    assert_eq!(body["link"]["state"], "works", "{body}");
    assert_eq!(body["link"]["failures"], 0, "{body}");
    assert_eq!(body["checks"]["data"][0]["verdict"], "works", "{body}");
    let mails = outbox_of(app, &world.owner).await;
    assert_eq!(
        mails.iter().filter(|(_, t)| t == "link_broken").count(),
        1,
        "{mails:?}"
    );
}

#[tokio::test]
async fn private_addresses_are_refused_directly_and_after_a_redirect() {
    let world = world(&[ALLOW, NO_GAP, ("VITRINE_LINKCHECK_TIMEOUT", "1s")]).await;
    let app = &world.app;
    let private = Site::start("127.0.0.2", None).await;
    let site = Site::start("127.0.0.1", Some(private.addr)).await;
    let mut cases = Vec::new();
    for (path, reason) in [
        ("/ok", "ok"),
        ("/gone", "http_404"),
        ("/hang", "timeout"),
        ("/loop", "too_many_redirects"),
        ("/no-head", "ok"),
        ("/private", "private_address"),
    ] {
        let id = reuse(app, &world.owner, path, json!({"url": site.url(path)})).await;
        cases.push((id, reason));
    }
    let direct = reuse(
        app,
        &world.owner,
        "direct",
        json!({"url": private.url("/ok")}),
    )
    .await;
    cases.push((direct, "private_address"));

    let tally = pass(app).await;
    assert_eq!(tally.checked, cases.len(), "{tally:?}");
    assert_eq!(tally.works, 2, "{tally:?}");
    for (id, reason) in &cases {
        assert_eq!(latest_reason(app, &world.owner, id).await, *reason, "{id}");
    }
    assert!(private.hits().is_empty(), "{:?}", private.hits());
    // A server refusing HEAD is asked again with GET.
    assert!(site.hits().contains(&"GET /no-head".to_owned()));

    // With no exception at all, the loopback address is refused too.
    let strict = TestApp::new().await;
    let admin = strict
        .user("Root", vitrine::models::users::Role::Admin)
        .await;
    create(
        &strict,
        &admin,
        "/api/1/datasets/",
        json!({"id": "ds-air", "title": "Air"}),
    )
    .await;
    let id = reuse(&strict, &admin, "local", json!({"url": site.url("/ok")})).await;
    let before = site.hits_on("/ok");
    assert_eq!(pass(&strict).await.failed, 1);
    assert_eq!(latest_reason(&strict, &admin, &id).await, "private_address");
    assert_eq!(site.hits_on("/ok"), before);
}

#[tokio::test]
async fn private_archived_changed_and_gone_links_follow_their_reuses_and_resources_are_checked() {
    let world = world(&[ALLOW, NO_GAP]).await;
    let app = &world.app;
    let site = Site::start("127.0.0.1", None).await;
    create(
        app,
        &world.admin,
        "/api/1/datasets/",
        json!({"id": "ds-files", "title": "Fichiers", "resources": [
            {"id": "r-ok", "title": "ok.csv", "url": site.url("/no-head")},
            {"id": "r-gone", "title": "gone.csv", "url": site.url("/gone")},
        ]}),
    )
    .await;
    let id = reuse(app, &world.owner, "Carte", json!({"url": site.url("/ok")})).await;
    let hidden = reuse(app, &world.owner, "Brouillon", json!({"private": true})).await;
    let tally = pass(app).await;
    assert_eq!(
        (tally.checked, tally.works, tally.failed),
        (3, 2, 1),
        "{tally:?}"
    );
    let resources = entity::links::Entity::find().all(app.db()).await.unwrap();
    let state_of = |id: &str| {
        resources
            .iter()
            .find(|link| link.id == id)
            .map(|link| link.state.clone())
    };
    assert_eq!(state_of("resource:r-ok").as_deref(), Some("works"));
    assert_eq!(state_of("resource:r-gone").as_deref(), Some("failing"));
    assert_eq!(
        state_of(&format!("reuse:{hidden}")),
        None,
        "private: not watched"
    );
    // The dataset's page says which of its files answer.
    let (_, html) = crate::support::web::page(app, "/datasets/ds-files/?tab=resources").await;
    assert_eq!(
        html.matches("Fichier joignable (vérifié le").count(),
        1,
        "{html}"
    );
    assert_eq!(
        html.matches("Fichier injoignable depuis le").count(),
        1,
        "{html}"
    );
    assert!(html.contains("le serveur répond 404"), "{html}");

    // A new address is checked at once, from a clean slate.
    let (status, body) = app
        .call(
            Method::PUT,
            &format!("/api/1/reuses/{id}/"),
            Some(&world.owner),
            Some(json!({"url": site.url("/gone")})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(pass(app).await.checked, 1);
    let (_, body) = history(app, Some(&world.owner), &id).await;
    assert_eq!(body["link"]["url"], site.url("/gone"), "{body}");
    assert_eq!(body["link"]["failures"], 1, "{body}");
    assert_eq!(
        body["checks"]["total"], 2,
        "the old address's visit is kept: {body}"
    );

    // Archived, it waits (its history kept); unarchived, it is due again.
    let archive = format!("/api/1/reuses/{id}/archive/");
    let (status, _) = app
        .call(Method::POST, &archive, Some(&world.moderator), None)
        .await;
    assert!(status.is_success());
    app.state.clock.advance(TimeDelta::hours(25));
    assert_eq!(pass(app).await.checked, 2, "the two resources only");
    let (_, body) = history(app, Some(&world.owner), &id).await;
    assert!(body["link"]["next_check_at"].is_null(), "{body}");
    assert_eq!(body["checks"]["total"], 2, "{body}");
    // Resting past the 90 days its visits are kept: forgotten, though never visited again.
    app.state.clock.advance(TimeDelta::days(91));
    assert_eq!(pass(app).await.checked, 2, "the two resources only");
    let (_, body) = history(app, Some(&world.owner), &id).await;
    assert_eq!(body["checks"]["total"], 0, "{body}");
    assert_eq!(body["link"]["url"], site.url("/gone"), "{body}");
    let (status, _) = app
        .call(Method::DELETE, &archive, Some(&world.moderator), None)
        .await;
    assert!(status.is_success());
    assert_eq!(pass(app).await.checked, 1);

    // Deleted: forgotten, with its history.
    let (status, _) = app
        .call(
            Method::DELETE,
            &format!("/api/1/reuses/{id}/"),
            Some(&world.owner),
            None,
        )
        .await;
    assert!(status.is_success());
    app.state.clock.advance(TimeDelta::hours(25));
    assert_eq!(pass(app).await.checked, 2, "the two resources only");
    let left = entity::link_checks::Entity::find()
        .all(app.db())
        .await
        .unwrap();
    assert!(
        left.iter()
            .all(|check| check.link_id.starts_with("resource:")),
        "{left:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_visits_what_is_due_once_and_prints_what_it_found() {
    let world = world(&[ALLOW, NO_GAP]).await;
    let app = &world.app;
    let site = Site::start("127.0.0.1", None).await;
    reuse(app, &world.owner, "Carte", json!({"url": site.url("/ok")})).await;
    let run = || app.command_json(&["linkcheck", "--once"]);
    let first = run();
    assert_eq!(first["checked"], 1, "{first}");
    assert_eq!(first["works"], 1, "{first}");
    let visits = site.hits().len();
    let second = run();
    assert_eq!(second["checked"], 0, "nothing twice in a day: {second}");
    assert_eq!(site.hits().len(), visits);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visit_of_a_link_changed_meanwhile_is_dropped_and_enrolments_may_race() {
    use vitrine::linkcheck::queue::{claim, enrol};
    use vitrine::linkcheck::record::record;
    use vitrine::notifications::Notifier;

    let world = world(&[ALLOW, NO_GAP]).await;
    let app = &world.app;
    let site = Site::start("127.0.0.1", None).await;
    let id = reuse(
        app,
        &world.owner,
        "Carte",
        json!({"url": site.url("/gone")}),
    )
    .await;
    let now = app.state.clock.now();
    // Two checkers enrolling at once: both succeed, one row.
    let (first, second) = tokio::join!(enrol(app.db(), now), enrol(app.db(), now));
    first.unwrap();
    second.unwrap();
    let claimed = claim(app.db(), now, 10, TimeDelta::minutes(30))
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    // Claimed: another checker gets nothing.
    assert!(
        claim(app.db(), now, 10, TimeDelta::minutes(30))
            .await
            .unwrap()
            .is_empty()
    );

    // The owner fixes the address while the old one is being visited.
    let (status, body) = app
        .call(
            Method::PUT,
            &format!("/api/1/reuses/{id}/"),
            Some(&world.owner),
            Some(json!({"url": site.url("/ok")})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    enrol(app.db(), now).await.unwrap();
    let probe = prober(&app.state).unwrap().check(&claimed[0].url).await;
    let notifier = Notifier::of(&app.state.config);
    let tally = record(app.db(), &notifier, vec![(claimed[0].clone(), probe)], now)
        .await
        .unwrap();
    assert_eq!(tally.checked, 0, "the old address's visit is dropped");
    let (_, body) = history(app, Some(&world.owner), &id).await;
    assert_eq!(body["link"]["url"], site.url("/ok"), "{body}");
    assert_eq!(body["link"]["state"], "unknown", "{body}");
    assert_eq!(body["checks"]["total"], 0, "{body}");
    // The new address is due at once.
    assert_eq!(pass(app).await.works, 1);
}
