//! The links between showcases and datasets: made and unmade as on the site (the same checks,
//! the same permissions, the producers told the same way), listed both ways.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use super::calls::{
    assert_failure, assert_invalid, create_showcase, get_ok, post, post_ok, result_of,
};
use crate::support::notifications::inbox;
use crate::support::world::{AIR, world};
use crate::support::{TestApp, TestUser};

const CREATE: &str = "ckanext_showcase_package_association_create";
const DELETE: &str = "ckanext_showcase_package_association_delete";

/// The ids of the datasets reuse `id` uses, as udata shows them.
async fn linked(app: &TestApp, by: &TestUser, id: &str) -> Vec<String> {
    let (status, reuse) = app
        .call(Method::GET, &format!("/api/1/reuses/{id}/"), by.me(), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{reuse}");
    reuse["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|dataset| dataset["id"].as_str().unwrap().to_owned())
        .collect()
}

/// How many reuses dataset `id` counts.
async fn reuses_of(app: &TestApp, id: &str) -> Value {
    let (_, dataset) = app.get(&format!("/api/1/datasets/{id}/")).await;
    dataset["metrics"]["reuses"].clone()
}

#[tokio::test]
async fn a_link_is_made_once_and_unmade_and_listed_both_ways() {
    let w = world(&[]).await;
    let app = &w.app;
    let ada = app.user("Ada", Role::User).await;
    let created = create_showcase(app, &ada, "air-and-bikes").await;
    let id = created["id"].as_str().unwrap();
    let link = |package: &str| json!({"showcase_id": "air-and-bikes", "package_id": package});

    let made = post_ok(app, CREATE, &ada, link("ds-air")).await;
    assert_eq!(made, json!({"showcase_id": id, "package_id": "ds-air"}));
    let (status, answer) = post(app, CREATE, ada.me(), link("ds-air")).await;
    assert_failure(status, &answer, StatusCode::CONFLICT, "Validation Error");
    assert!(answer["error"]["message"].is_string(), "{answer}");
    let (status, answer) = post(app, CREATE, ada.me(), link("no-such-dataset")).await;
    assert_invalid(status, &answer, "package_id");
    let (status, answer) = post(
        app,
        CREATE,
        ada.me(),
        json!({"showcase_id": "no-such-showcase", "package_id": "ds-air"}),
    )
    .await;
    assert_invalid(status, &answer, "showcase_id");
    assert_eq!(
        linked(app, &ada, id).await,
        ["ds-air"],
        "nothing more written"
    );
    assert_eq!(reuses_of(app, "ds-air").await, 1);
    let shown = get_ok(app, "ckanext_showcase_show?id=air-and-bikes").await;
    assert_eq!(shown["num_datasets"], 1);

    // By the dataset's slug, as CKAN names packages.
    let (_, velo) = app.get("/api/1/datasets/ds-velo/").await;
    let velo_slug = velo["slug"].as_str().unwrap();
    post_ok(app, CREATE, &ada, link(velo_slug)).await;
    let packages = get_ok(
        app,
        "ckanext_showcase_package_list?showcase_id=air-and-bikes",
    )
    .await;
    let mut names: Vec<&str> = packages
        .as_array()
        .unwrap()
        .iter()
        .map(|package| package["id"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["ds-air", "ds-velo"]);
    let air = packages
        .as_array()
        .unwrap()
        .iter()
        .find(|package| package["id"] == "ds-air")
        .unwrap();
    assert_eq!(air["title"], AIR);
    assert_eq!(air["organization"]["id"], w.org_id.as_str());
    let showcases = get_ok(app, "ckanext_package_showcase_list?package_id=ds-air").await;
    assert_eq!(showcases.as_array().unwrap().len(), 1, "{showcases}");
    assert_eq!(showcases[0]["id"], id);
    assert_eq!(
        get_ok(app, "ckanext_package_showcase_list?package_id=ds-perso").await,
        json!([])
    );
    let (status, answer) = post(
        app,
        "ckanext_package_showcase_list",
        None,
        json!({"package_id": "no-such-dataset"}),
    )
    .await;
    assert_failure(status, &answer, StatusCode::NOT_FOUND, "Not Found Error");

    let (status, answer) = post(app, DELETE, ada.me(), link("ds-perso")).await;
    assert_failure(status, &answer, StatusCode::NOT_FOUND, "Not Found Error");
    let (status, answer) = post(app, DELETE, ada.me(), link("ds-air")).await;
    assert_eq!(result_of(status, &answer, "unlink"), Value::Null);
    assert_eq!(linked(app, &ada, id).await, ["ds-velo"]);
    assert_eq!(reuses_of(app, "ds-air").await, 0);
    assert_eq!(
        get_ok(app, "ckanext_package_showcase_list?package_id=ds-air").await,
        json!([])
    );
    let (status, answer) = post(app, DELETE, ada.me(), link("ds-air")).await;
    assert_failure(status, &answer, StatusCode::NOT_FOUND, "Not Found Error");
}

#[tokio::test]
async fn only_those_who_may_edit_the_showcase_link_its_datasets() {
    let w = world(&[]).await;
    let app = &w.app;
    let owner = app.user("Owner", Role::User).await;
    let other = app.user("Other", Role::User).await;
    let created = create_showcase(app, &owner, "owned").await;
    let id = created["id"].as_str().unwrap();
    let body = json!({"showcase_id": id, "package_id": "ds-air"});
    for by in [other.me(), None] {
        let (status, answer) = post(app, CREATE, by, body.clone()).await;
        assert_failure(
            status,
            &answer,
            StatusCode::FORBIDDEN,
            "Authorization Error",
        );
    }
    assert!(linked(app, &owner, id).await.is_empty(), "nothing linked");
    post_ok(app, CREATE, &w.moderator, body.clone()).await;
    for by in [other.me(), None] {
        let (status, answer) = post(app, DELETE, by, body.clone()).await;
        assert_failure(
            status,
            &answer,
            StatusCode::FORBIDDEN,
            "Authorization Error",
        );
    }
    assert_eq!(
        linked(app, &owner, id).await,
        ["ds-air"],
        "nothing unlinked"
    );
}

#[tokio::test]
async fn a_link_tells_the_datasets_producers_as_on_the_site() {
    let w = world(&[]).await;
    let app = &w.app;
    let reuser = app.user("Rémi", Role::User).await;
    let created = create_showcase(app, &reuser, "air-map").await;
    let id = created["id"].as_str().unwrap();
    for member in [&w.org_admin, &w.org_editor, &w.owner] {
        assert!(inbox(app, member, "").await.is_empty(), "{}", member.name);
    }
    post_ok(
        app,
        CREATE,
        &reuser,
        json!({"showcase_id": id, "package_id": "ds-air"}),
    )
    .await;
    for member in [&w.org_admin, &w.org_editor] {
        let list = inbox(app, member, "").await;
        assert_eq!(list.len(), 1, "{}: {list:?}", member.name);
        assert_eq!(list[0]["kind"], "reuse_linked", "{}", list[0]);
        let details = &list[0]["details"];
        assert!(
            details["key"]
                .as_str()
                .is_some_and(|key| key.starts_with(&format!("reuse_linked:{id}:"))),
            "{details}"
        );
        assert_eq!(details["title"], "Showcase air-map", "{details}");
        assert_eq!(details["actor"], "Rémi", "{details}");
    }
    assert!(
        inbox(app, &w.owner, "").await.is_empty(),
        "not ds-perso's producer"
    );
    assert!(inbox(app, &reuser, "").await.is_empty(), "not the reuser");

    // The second dataset of the same organization: they heard already. Another publisher's:
    // that publisher hears of it.
    for package in ["ds-velo", "ds-perso"] {
        post_ok(
            app,
            CREATE,
            &reuser,
            json!({"showcase_id": id, "package_id": package}),
        )
        .await;
    }
    assert_eq!(inbox(app, &w.org_admin, "").await.len(), 1);
    let perso = inbox(app, &w.owner, "").await;
    assert_eq!(perso.len(), 1, "{perso:?}");
    assert_eq!(perso[0]["kind"], "reuse_linked");
}
