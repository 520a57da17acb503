//! Where a broken link shows: on the reuse's page and in `/me/` for those who may fix it, in the
//! animators' list (with the archive button) and dashboard (which proposes the reuses worth
//! featuring instead), and nowhere for anybody else.

use chrono::TimeDelta;
use reqwest::StatusCode;
use reqwest::header::COOKIE;
use serde_json::json;

use super::site::Site;
use super::{ALLOW, NO_GAP, pass};
use crate::support::reuses::reuse;
use crate::support::web::{client, csrf_from, page, page_as, signed_in};
use crate::support::world::world;

#[tokio::test]
async fn a_broken_link_shows_to_its_owner_and_animators_who_can_archive_it() {
    let world = world(&[ALLOW, NO_GAP]).await;
    let app = &world.app;
    let site = Site::start("127.0.0.1", None).await;
    let id = reuse(
        app,
        &world.owner,
        "Carte <des> pollens",
        json!({"url": site.url("/gone")}),
    )
    .await;
    let fine = reuse(
        app,
        &world.owner,
        "Carte qui répond",
        json!({"url": site.url("/ok")}),
    )
    .await;
    let (_, view) = app.get(&format!("/api/1/reuses/{id}/")).await;
    let path = format!("/reuses/{}/", view["slug"].as_str().unwrap());
    let owner = signed_in(app, &world.owner.id).await;
    let moderator = signed_in(app, &world.moderator.id).await;
    let stranger = signed_in(app, &world.org_editor.id).await;

    // Failing for a day only: nothing shows yet.
    pass(app).await;
    app.state.clock.advance(TimeDelta::hours(24));
    pass(app).await;
    assert!(
        !page_as(app, &path, &owner)
            .await
            .contains("id=\"link-alert\"")
    );
    let empty = page_as(app, "/moderation/links", &moderator).await;
    assert!(empty.contains("id=\"no-broken\""), "{empty}");

    app.state.clock.advance(TimeDelta::hours(24));
    assert_eq!(pass(app).await.broken, 1);
    let mine = page_as(app, &path, &owner).await;
    assert!(mine.contains("id=\"link-alert\""), "{mine}");
    assert!(mine.contains("le serveur répond 404"), "{mine}");
    assert!(
        page_as(app, &path, &moderator)
            .await
            .contains("id=\"link-alert\"")
    );
    assert!(
        !page_as(app, &path, &stranger)
            .await
            .contains("id=\"link-alert\"")
    );
    let (status, anonymous) = page(app, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!anonymous.contains("link-alert"));
    let me = page_as(app, "/me/", &owner).await;
    assert_eq!(
        me.matches("state-broken").count(),
        1,
        "only the broken one: {me}"
    );

    // The animators' list: the broken reuse (its title escaped), not the one that answers.
    let list = page_as(app, "/moderation/links", &moderator).await;
    assert!(list.contains(&format!("id=\"broken-{id}\"")), "{list}");
    assert!(
        list.contains("Carte &#60;des&#62; pollens") || list.contains("Carte &lt;des&gt; pollens"),
        "{list}"
    );
    assert!(!list.contains(&format!("broken-{fine}")));
    assert!(list.contains(&site.url("/gone")));
    // The animators' dashboard: the broken one to archive, the working one to feature.
    let dashboard = page_as(app, "/moderation/", &moderator).await;
    assert!(
        dashboard.contains(&format!("id=\"dashboard-broken-{id}\"")),
        "{dashboard}"
    );
    assert!(
        dashboard.contains(&format!("id=\"candidate-{fine}\"")),
        "{dashboard}"
    );
    assert!(
        !dashboard.contains(&format!("candidate-{id}")),
        "broken: not proposed"
    );
    let featured = client()
        .post(format!("{}moderation/featured/{fine}/feature", app.url))
        .header(COOKIE, &moderator)
        .form(&[("csrf_token", csrf_from(&dashboard))])
        .send()
        .await
        .unwrap();
    assert_eq!(featured.status(), StatusCode::SEE_OTHER);
    let dashboard = page_as(app, "/moderation/", &moderator).await;
    assert!(
        !dashboard.contains(&format!("candidate-{fine}")),
        "featured: no longer proposed"
    );
    // Not for others.
    let refused = client()
        .get(format!("{}moderation/links", app.url))
        .header(COOKIE, &stranger)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    // Archived from the list: gone from it, and from the checker's queue.
    let archived = client()
        .post(format!("{}moderation/links/{id}/archive", app.url))
        .header(COOKIE, &moderator)
        .form(&[("csrf_token", csrf_from(&list))])
        .send()
        .await
        .unwrap();
    assert_eq!(archived.status(), StatusCode::SEE_OTHER);
    let back = archived.headers()["location"].to_str().unwrap().to_owned();
    let after = page_as(app, &back, &moderator).await;
    assert!(after.contains("id=\"archived-notice\""), "{after}");
    assert!(after.contains("id=\"no-broken\""), "{after}");
    let (_, view) = app.get(&format!("/api/1/reuses/{id}/")).await;
    assert!(view["archived"].is_string(), "{view}");
    // Without the form's token, nothing is archived.
    let forged = client()
        .post(format!("{}moderation/links/{fine}/archive", app.url))
        .header(COOKIE, &moderator)
        .form(&[("csrf_token", "x".repeat(40))])
        .send()
        .await
        .unwrap();
    assert!(forged.status().is_client_error());
}
