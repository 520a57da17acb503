//! CKAN's own client works with Vitrine's Action API unchanged: `ckanapi` (pinned in
//! `tests/clients/requirements-ckanapi.txt`, installed by `scripts/test`), as its Python API
//! (`RemoteCKAN`) and as its command line, drives `tests/clients/ckanapi_client.py` with a
//! plain user's key: it creates a showcase, links two datasets, reads, updates, lists and
//! searches, and meets CKAN's errors; then, once the other faces have been checked, deletes it.
//!
//! Both ways: what ckanapi wrote is in the database once and shows through the udata API
//! (`/api/1/`) and the pages; what the udata API wrote (a reuse, a new title) ckanapi sees.

use std::process::Command;

use entity::{reuse_datasets, reuse_tags, reuses, users};
use reqwest::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::api::{create, id_of};
use crate::support::app::repo_file;
use crate::support::peers::skip;
use crate::support::web::page;

/// The Python of the virtualenv with ckanapi; `None` ("skipped") outside CI.
fn client_python() -> Option<String> {
    match std::env::var("VITRINE_TEST_CKANAPI_PYTHON") {
        Ok(python) if !python.is_empty() => Some(python),
        _ => {
            skip("VITRINE_TEST_CKANAPI_PYTHON is not set");
            None
        }
    }
}

fn text(seen: &Value, pointer: &str) -> String {
    seen.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("the script reported no {pointer}: {seen}"))
        .to_owned()
}

/// The ids at `pointer` (a list of ids, or of objects with an `id`).
fn ids_at(seen: &Value, pointer: &str) -> Vec<String> {
    seen.pointer(pointer)
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("the script reported no list at {pointer}: {seen}"))
        .iter()
        .map(|item| item.get("id").unwrap_or(item).as_str().unwrap().to_owned())
        .collect()
}

/// Runs `tests/clients/ckanapi_client.py` with `args`, off the runtime (the app answers it
/// meanwhile); what it saw, once it succeeded.
async fn run_script(python: &str, args: Vec<String>) -> Value {
    let mut command = Command::new(python);
    command
        .arg(repo_file("tests/clients/ckanapi_client.py"))
        .args(args);
    let output = tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "ckanapi found differences from CKAN:\n{stderr}\n--- what it saw:\n{stdout}"
    );
    let seen: Value = serde_json::from_str(&stdout).unwrap();
    eprintln!("{seen}");
    seen
}

#[tokio::test]
async fn the_ckanapi_client_works_against_vitrine() {
    let Some(python) = client_python() else {
        return;
    };
    let app = TestApp::new().await;
    let admin = app.user("Root", Role::Admin).await;
    let writer = app.user("Grace Hopper", Role::User).await;
    let reuser = app.user("Olivia", Role::User).await;

    // An organization publishing three datasets about water and one about air; a fifth about
    // water with no organization.
    let org = create(
        &app,
        &admin,
        "/api/1/organizations/",
        json!({"name": "Observatoire des eaux"}),
    )
    .await;
    let org_id = id_of(&org);
    let org_slug = org["slug"].as_str().unwrap().to_owned();
    let mut slugs = std::collections::BTreeMap::new();
    for (id, title, tags, in_org) in [
        (
            "ds-eau-potable",
            "Qualité de l'eau potable",
            vec!["eau"],
            true,
        ),
        (
            "ds-captages",
            "Captages d'eau",
            vec!["eau", "captages"],
            true,
        ),
        ("ds-rivieres", "Eau des rivières", vec!["eau"], true),
        ("ds-air", "Qualité de l'air", vec!["air"], true),
        ("ds-pluie", "Eau de pluie", vec!["eau"], false),
    ] {
        let mut body = json!({"id": id, "title": title, "tags": tags});
        if in_org {
            body["organization"] = json!(org_id);
        }
        let created = create(&app, &admin, "/api/1/datasets/", body).await;
        slugs.insert(id, created["slug"].as_str().unwrap().to_owned());
    }

    // Written through the udata API before ckanapi runs: ckanapi must see it.
    let earlier = create(
        &app,
        &reuser,
        "/api/1/reuses/",
        json!({
            "title": "Tableau de bord des eaux",
            "description": "Les relevés, mois par mois.",
            "url": "https://tableau.example.org/eaux",
            "type": "application",
            "topic": "others",
            "datasets": ["ds-eau-potable"],
        }),
    )
    .await;
    let earlier_id = id_of(&earlier);

    // The first dataset by id, the second by name, as CKAN clients name them.
    let base = app.url.trim_end_matches('/').to_owned();
    let args = vec![
        base.clone(),
        writer.token.clone(),
        "ds-eau-potable".to_owned(),
        slugs["ds-captages"].clone(),
        admin.token.clone(),
        "--keep-going".to_owned(),
    ];
    let seen = run_script(&python, args).await;
    let db = app.db();

    // One reuse row for the one create, the user's, with what ckanapi sent and then updated.
    let name = text(&seen, "/names/showcase");
    let title = text(&seen, "/names/title_updated");
    let showcase_id = text(&seen, "/created/id");
    let named = reuses::Entity::find()
        .filter(reuses::Column::Slug.eq(name.as_str()))
        .all(db)
        .await
        .unwrap();
    assert_eq!(named.len(), 1, "one reuse row for one create");
    let reuse = &named[0];
    assert_eq!(reuse.id, showcase_id);
    assert_eq!(
        reuse.title, title,
        "ckanext_showcase_update wrote the title"
    );
    assert_eq!(reuse.url, text(&seen, "/names/url"));
    assert_eq!(
        reuse.description,
        "Les **captages** d'eau potable et leurs relevés."
    );
    assert_eq!(reuse.r#type, "visualization", "from the reuse_type extra");
    assert_eq!(reuse.topic, "others", "the default topic");
    assert_eq!(reuse.owner_id.as_deref(), Some(writer.id.as_str()));
    assert!(reuse.organization_id.is_none());
    assert!(reuse.deleted.is_none());
    assert_eq!(reuse.datasets_count, 2);
    let mut linked: Vec<String> = reuse_datasets::Entity::find()
        .filter(reuse_datasets::Column::ReuseId.eq(showcase_id.as_str()))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|link| link.dataset_id)
        .collect();
    linked.sort();
    assert_eq!(
        linked,
        ["ds-captages", "ds-eau-potable"],
        "two links, once each"
    );
    let mut tags: Vec<String> = reuse_tags::Entity::find()
        .filter(reuse_tags::Column::ReuseId.eq(showcase_id.as_str()))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|tag| tag.tag)
        .collect();
    tags.sort();
    assert_eq!(tags, ["carte", "eau"]);
    // The refused creates (no url, a wrong key, no key) wrote nothing.
    assert_eq!(reuses::Entity::find().count(db).await.unwrap(), 2);
    // Appointed showcase admin, then dismissed: a plain user again.
    let person = users::Entity::find_by_id(writer.id.as_str())
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(person.role, Role::User.as_str());
    assert_eq!(seen["showcase_admins"]["during"], 1, "{seen}");
    assert_eq!(seen["showcase_admins"]["after"], 0, "{seen}");

    // Through the udata API.
    let (status, shown) = app.get(&format!("/api/1/reuses/{showcase_id}/")).await;
    assert_eq!(status, StatusCode::OK, "{shown}");
    assert_eq!(shown["title"], title.as_str());
    assert_eq!(shown["slug"], name.as_str());
    assert_eq!(shown["type"], "visualization");
    assert_eq!(shown["owner"]["id"], writer.id.as_str());
    let mut in_api: Vec<String> = shown["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(id_of)
        .collect();
    in_api.sort();
    assert_eq!(in_api, ["ds-captages", "ds-eau-potable"]);
    let (_, of_dataset) = app.get("/api/1/reuses/?dataset=ds-captages").await;
    let listed: Vec<String> = of_dataset["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(id_of)
        .collect();
    assert_eq!(listed, [showcase_id.as_str()]);
    let (_, dataset) = app.get("/api/1/datasets/ds-eau-potable/").await;
    assert_eq!(dataset["metrics"]["reuses"], 2, "{dataset}");

    // Through the pages.
    let (status, html) = page(&app, &format!("/reuses/{name}/")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&title), "the reuse page shows the title");
    let captages = format!("href=\"/datasets/{}/\"", slugs["ds-captages"]);
    assert!(html.contains(&captages), "the reuse page links the dataset");
    let (status, html) = page(&app, &format!("/datasets/{}/", slugs["ds-captages"])).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&title), "the dataset page shows the reuse");

    // What ckanapi saw of what the udata API wrote: the earlier reuse, in the list and among
    // the first dataset's showcases (not the second's).
    let all = ids_at(&seen, "/showcase_list");
    assert!(all.contains(&earlier_id), "ckanext_showcase_list: {all:?}");
    assert!(all.contains(&showcase_id), "ckanext_showcase_list: {all:?}");
    assert_eq!(all.len(), 2, "{all:?}");
    let mut first = ids_at(&seen, "/package_showcase_list/first");
    first.sort();
    let mut both = vec![earlier_id.clone(), showcase_id.clone()];
    both.sort();
    assert_eq!(first, both, "the showcases of ds-eau-potable");
    assert_eq!(
        ids_at(&seen, "/package_showcase_list/second"),
        [showcase_id.as_str()],
        "the showcases of {}",
        slugs["ds-captages"]
    );
    let mut packages = ids_at(&seen, "/showcase_package_list");
    packages.sort();
    assert_eq!(packages, ["ds-captages", "ds-eau-potable"]);

    // The searches, against what is stored.
    assert_eq!(seen["organization"], org_slug.as_str(), "{seen}");
    assert_eq!(seen["search"]["organization"]["count"], 3, "{seen}");
    let mut in_org = ids_at(&seen, "/search/organization/ids");
    in_org.sort();
    assert_eq!(in_org, ["ds-captages", "ds-eau-potable", "ds-rivieres"]);
    assert_eq!(seen["search"]["organization"]["pages"], json!([2, 1]));
    assert_eq!(ids_at(&seen, "/search/tags_captages"), ["ds-captages"]);
    assert_eq!(seen["search"]["q_eau_count"], 4, "{seen}");
    assert_eq!(seen["cli"]["search_count"], 4, "{seen}");
    assert_eq!(seen["cli"]["show"], showcase_id.as_str());
    assert_eq!(seen["cli"]["show_get"], showcase_id.as_str());
    // The Python API posted the create once (the refused three besides).
    assert_eq!(
        seen["requests"]["POST /api/action/ckanext_showcase_create"], 4,
        "the create, and the three refused: {seen}"
    );

    // Renamed through the udata API (the slug follows the title, as udata's does): ckanapi,
    // by the name it gave, shows the new title and slug, then deletes the showcase.
    let renamed = format!("{title} (udata)");
    let put = app
        .call_ok(
            Method::PUT,
            &format!("/api/1/reuses/{showcase_id}/"),
            &writer,
            Some(json!({"title": renamed})),
        )
        .await;
    let slug = put["slug"].as_str().unwrap().to_owned();
    let args = vec![
        base,
        writer.token.clone(),
        "ds-eau-potable".to_owned(),
        slugs["ds-captages"].clone(),
        admin.token.clone(),
        "--delete".to_owned(),
        name.clone(),
    ];
    let seen = run_script(&python, args).await;
    assert_eq!(seen["before_delete"]["title"], renamed.as_str(), "{seen}");
    assert_eq!(seen["before_delete"]["name"], slug.as_str(), "{seen}");
    assert_eq!(seen["before_delete"]["num_datasets"], 2, "{seen}");
    assert_eq!(seen["deleted"], name.as_str());
    assert_eq!(
        ids_at(&seen, "/after_delete/showcase_list"),
        [earlier_id.as_str()]
    );
    assert_eq!(
        ids_at(&seen, "/after_delete/package_showcase_list"),
        [earlier_id.as_str()]
    );

    // Deleted softly, as udata deletes: the row is kept, marked; the API answers 410.
    let reuse = reuses::Entity::find_by_id(showcase_id.as_str())
        .one(db)
        .await
        .unwrap()
        .expect("the deleted reuse is kept, marked deleted");
    assert!(reuse.deleted.is_some());
    let (status, _) = app.get(&format!("/api/1/reuses/{showcase_id}/")).await;
    assert_eq!(status, StatusCode::GONE);
    let (status, _) = page(&app, &format!("/reuses/{slug}/")).await;
    assert!(
        matches!(status, StatusCode::NOT_FOUND | StatusCode::GONE),
        "the deleted reuse's page: {status}"
    );
    let (status, _) = app.get(&format!("/api/1/reuses/{earlier_id}/")).await;
    assert_eq!(status, StatusCode::OK, "the other reuse stays");
}
