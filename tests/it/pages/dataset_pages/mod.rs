//! The datasets pages: `/datasets/` as cards searched by title, description and publisher,
//! filtered by organization, tag and reuse with chips and counts, paged by number ([`list`]); a
//! dataset's page with its tabs (reuses, discussions, files), its breadcrumb and its button to
//! register a reuse of it ([`page`]).

mod list;
mod page;

use serde_json::json;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::api::create;
use crate::support::discussions::open;
use crate::support::reuses::reuse;
use crate::support::world::organization;

/// A catalog of two publishers: Santé publique France (two datasets, one reused and asked
/// about, with two files) and Ville de Lyon (one dataset).
struct Catalog {
    app: TestApp,
    spf_slug: String,
    hospital_slug: String,
}

async fn catalog() -> Catalog {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    let producer = app.user("Paula", Role::User).await;
    let editor = app.user("Edgar", Role::User).await;
    let reuser = app.user("Rémi", Role::User).await;
    let spf = organization(&app, &producer, "Santé publique France", &editor.id).await;
    let lyon = organization(&app, &producer, "Ville de Lyon", &editor.id).await;
    let hospital = create(
        &app,
        &admin,
        "/api/1/datasets/",
        json!({
            "id": "ds-hosp",
            "title": "Données hospitalières",
            "description": "Les **passages aux urgences** et les hospitalisations, jour par jour.",
            "organization": spf,
            "tags": ["covid", "hopital"],
            "resources": [
                {"title": "Hospitalisations par département", "format": "csv",
                 "url": "https://files.example/hosp.csv", "filesize": 1_234_567},
                {"title": "Documentation", "format": "pdf", "type": "documentation",
                 "url": "https://files.example/doc.pdf", "filesize": 830},
            ],
        }),
    )
    .await;
    create(
        &app,
        &admin,
        "/api/1/datasets/",
        json!({"id": "ds-vacc", "title": "Vaccination", "description": "Doses injectées.",
               "organization": spf, "tags": ["covid"]}),
    )
    .await;
    create(
        &app,
        &admin,
        "/api/1/datasets/",
        json!({"id": "ds-velo", "title": "Comptages vélo", "description": "Passages de cyclistes.",
               "organization": lyon, "tags": ["mobilite"]}),
    )
    .await;
    reuse(
        &app,
        &reuser,
        "Carte des urgences",
        json!({"datasets": ["ds-hosp"]}),
    )
    .await;
    open(
        &app,
        &reuser,
        "ds-hosp",
        "Données par commune",
        "Existe-t-il une version par commune ?",
    )
    .await;
    let (_, org) = app.get(&format!("/api/1/organizations/{spf}/")).await;
    Catalog {
        spf_slug: org["slug"].as_str().unwrap().to_owned(),
        hospital_slug: hospital["slug"].as_str().unwrap().to_owned(),
        app,
    }
}

/// The dataset cards of a list page, in order.
fn cards(html: &str) -> Vec<&str> {
    html.split("<li class=\"card dataset-card\">")
        .skip(1)
        .map(|card| &card[..card.find("\n  </li>").unwrap_or(card.len())])
        .collect()
}

/// The titles of the dataset cards of a list page, in order.
fn titles(html: &str) -> Vec<String> {
    cards(html)
        .iter()
        .map(|card| {
            let title = &card[card.find("dataset-card-title\"><a href=").unwrap()..];
            let title = &title[title.find("<a href=").unwrap()..];
            let title = &title[title.find("\">").unwrap() + 2..];
            title[..title.find('<').unwrap()].to_owned()
        })
        .collect()
}

/// The link of the chip labelled « Retirer le filtre `filter` ».
fn chip_href(html: &str, filter: &str) -> String {
    let label = format!("aria-label=\"Retirer le filtre {filter}\"");
    let at = html
        .find(&label)
        .unwrap_or_else(|| panic!("no chip {filter}: {html}"));
    let open = html[..at].rfind("<a ").unwrap();
    let tag = &html[open..at];
    let start = tag.find("href=\"").unwrap() + "href=\"".len();
    tag[start..start + tag[start..].find('"').unwrap()].replace("&#38;", "&")
}
