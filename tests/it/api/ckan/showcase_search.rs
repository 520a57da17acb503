//! Showcases are packages too, as ckanext-showcase makes them: `package_search` with
//! `fq=dataset_type:showcase` searches them (as harvesters of showcases ask), and
//! `package_show` finds one by its name. What each caller sees is what the site shows them.

use reqwest::StatusCode;
use serde_json::{Value, json};
use vitrine::models::users::Role;

use super::calls::{assert_failure, get, get_as, get_ok, post_ok, showcase};
use crate::support::world::world;

fn names(found: &Value) -> Vec<&str> {
    found["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|package| package["name"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn a_package_search_finds_showcases_when_asked_for_them() {
    let w = world(&[]).await;
    let app = &w.app;
    let ada = app.user("Ada", Role::User).await;
    for (name, title, tags, dataset) in [
        (
            "bike-counts-map",
            "Bike counts map",
            json!([{"name": "cycling"}]),
            Some("ds-velo"),
        ),
        (
            "air-quality-app",
            "Air quality app",
            json!([{"name": "pollution"}]),
            Some("ds-air"),
        ),
        ("draft-idea", "Draft idea", json!([]), None),
    ] {
        let mut body = showcase(name, title);
        body["tags"] = tags;
        post_ok(app, "ckanext_showcase_create", &ada, body).await;
        if let Some(dataset) = dataset {
            let link = json!({"showcase_id": name, "package_id": dataset});
            post_ok(
                app,
                "ckanext_showcase_package_association_create",
                &ada,
                link,
            )
            .await;
        }
    }

    // Anonymous callers see the two showcases that use a dataset, never the datasets.
    let all = get_ok(
        app,
        "package_search?fq=dataset_type:showcase&sort=title_string%20asc",
    )
    .await;
    assert_eq!(all["count"], 2, "{all}");
    assert_eq!(names(&all), ["air-quality-app", "bike-counts-map"]);
    for package in all["results"].as_array().unwrap() {
        assert_eq!(package["type"], "showcase", "{package}");
        assert_eq!(package["num_datasets"], 1, "{package}");
    }
    // Their owner sees her draft too.
    let hers = get_as(app, "package_search?fq=dataset_type:showcase&rows=10", &ada).await;
    assert_eq!(hers["count"], 3, "{hers}");

    // Words, tags, windows and order, as for datasets.
    let words = get_ok(app, "package_search?q=bike&fq=dataset_type:showcase").await;
    assert_eq!(names(&words), ["bike-counts-map"]);
    let tagged = get_ok(
        app,
        "package_search?fq=dataset_type:showcase%20tags:pollution",
    )
    .await;
    assert_eq!(names(&tagged), ["air-quality-app"]);
    let second = get_ok(
        app,
        "package_search?fq=dataset_type:showcase&sort=title_string%20asc&rows=1&start=1",
    )
    .await;
    assert_eq!(second["count"], 2);
    assert_eq!(names(&second), ["bike-counts-map"]);

    // Without the filter, a package search gives datasets only.
    let datasets = get_ok(app, "package_search?q=bike").await;
    assert_eq!(datasets["count"], 0, "{datasets}");
    let datasets = get_ok(app, "package_search?rows=100").await;
    assert!(
        datasets["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["type"] == "dataset"),
        "{datasets}"
    );
}

#[tokio::test]
async fn package_show_finds_a_showcase_by_its_name() {
    let w = world(&[]).await;
    let app = &w.app;
    let ada = app.user("Ada", Role::User).await;
    let created = post_ok(
        app,
        "ckanext_showcase_create",
        &ada,
        showcase("air-map", "Air map"),
    )
    .await;

    // A dataset wins over a showcase; a showcase is found where no dataset is.
    let dataset = get_ok(app, "package_show?id=ds-air").await;
    assert_eq!(dataset["type"], "dataset");
    let shown = get_as(app, "package_show?id=air-map", &ada).await;
    assert_eq!(shown["type"], "showcase");
    assert_eq!(shown, created);

    // Not yet using a dataset, it is its owner's alone: others are told it is not found.
    let (status, answer) = get(app, "package_show?id=air-map", None).await;
    assert_failure(status, &answer, StatusCode::NOT_FOUND, "Not Found Error");
    let (status, answer) = get(app, "package_show?id=nothing-here", Some(&ada)).await;
    assert_failure(status, &answer, StatusCode::NOT_FOUND, "Not Found Error");
}
