//! A dataset's page: its tabs, its breadcrumb, its button to register a reuse, and what is
//! left of it once the catalog removed it.

use chrono::TimeZone;
use entity::datasets;
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use vitrine::cache::GALLERY;

use super::{Catalog, catalog, titles};
use crate::support::web::{element, page};

#[tokio::test]
async fn a_dataset_page_has_a_tab_for_its_reuses_discussions_and_files() {
    let Catalog {
        app, hospital_slug, ..
    } = catalog().await;
    let path = format!("/datasets/{hospital_slug}/");
    let tab = |html: &str, id: &str| element(html, &format!("tab-{id}")).to_owned();

    let (status, html) = page(&app, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        tab(&html, "reuses").ends_with(&format!(
            "href=\"{path}\" aria-current=\"page\">Réutilisations (1)"
        )),
        "the first tab is the default: {html}"
    );
    assert!(
        tab(&html, "discussions")
            .ends_with(&format!("href=\"{path}?tab=discussions\">Discussions (1)")),
        "{html}"
    );
    assert!(
        tab(&html, "resources").ends_with(&format!("href=\"{path}?tab=resources\">Fichiers (2)")),
        "{html}"
    );
    assert_eq!(
        html.matches("aria-current=\"page\"").count(),
        2,
        "the tab and the crumb"
    );
    let reuses = &html[html.find("id=\"dataset-reuses\"").expect(&html)..];
    assert!(reuses.contains("Carte des urgences"), "{reuses}");
    assert!(!html.contains("id=\"thread-list\""));
    assert!(!html.contains("id=\"dataset-resources\""));

    let (status, html) = page(&app, &format!("{path}?tab=discussions")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        tab(&html, "discussions").contains("aria-current=\"page\""),
        "{html}"
    );
    assert!(!tab(&html, "reuses").contains("aria-current"), "{html}");
    let threads = &html[html.find("id=\"thread-list\"").expect(&html)..];
    assert!(threads.contains("Données par commune"), "{threads}");
    assert!(html.contains("id=\"ask-question\""), "{html}");
    assert!(!html.contains("Carte des urgences"), "one tab at a time");

    let (status, html) = page(&app, &format!("{path}?tab=resources")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        tab(&html, "resources").contains("aria-current=\"page\""),
        "{html}"
    );
    let files = &html[html.find("id=\"dataset-resources\"").expect(&html)..];
    assert!(
        files.contains("Hospitalisations par département"),
        "{files}"
    );
    assert!(files.contains(">CSV</span>"), "{files}");
    assert!(files.contains(">1,2\u{a0}Mo</span>"), "{files}");
    assert!(files.contains(">830 octets</span>"), "{files}");
    assert!(
        files.contains("href=\"https://files.example/hosp.csv\""),
        "{files}"
    );
    assert!(!html.contains("Carte des urgences"));

    let (_, html) = page(&app, &format!("{path}?tab=resources&lang=en")).await;
    assert!(tab(&html, "reuses").ends_with(">Reuses (1)"), "{html}");
    assert!(tab(&html, "resources").ends_with(">Files (2)"), "{html}");
    assert!(html.contains(">1.2 MB</span>"), "{html}");
    assert!(html.contains(">830 bytes</span>"), "{html}");

    let (_, html) = page(&app, &format!("{path}?tab=nonsense")).await;
    assert!(
        tab(&html, "reuses").contains("aria-current=\"page\""),
        "{html}"
    );
}

#[tokio::test]
async fn a_dataset_page_offers_to_register_a_reuse_and_says_where_it_sits() {
    let Catalog {
        app,
        spf_slug,
        hospital_slug,
        ..
    } = catalog().await;
    let (_, html) = page(&app, &format!("/datasets/{hospital_slug}/")).await;
    let button = element(&html, "register-reuse");
    assert!(
        button.ends_with("href=\"/reuses/new?dataset=ds-hosp\">Réutiliser ce jeu de données"),
        "{button}"
    );
    let crumbs = &html[html.find("class=\"breadcrumb\"").expect(&html)..];
    let crumbs = &crumbs[..crumbs.find("</nav>").unwrap()];
    let datasets = crumbs
        .find("<a href=\"/datasets/\">Jeux de données</a>")
        .expect(crumbs);
    let org = crumbs
        .find(&format!(
            "<a href=\"/organizations/{spf_slug}/\">Santé publique France</a>"
        ))
        .expect(crumbs);
    let here = crumbs
        .find("<span aria-current=\"page\">Données hospitalières</span>")
        .expect(crumbs);
    assert!(datasets < org && org < here, "{crumbs}");
    let (_, html) = page(&app, &format!("/datasets/{hospital_slug}/?lang=en")).await;
    assert!(
        element(&html, "register-reuse").ends_with(">Register a reuse of this dataset"),
        "{html}"
    );

    let (_, html) = page(&app, "/datasets/").await;
    let crumbs = &html[html.find("class=\"breadcrumb\"").expect(&html)..];
    assert!(
        crumbs[..crumbs.find("</nav>").unwrap()]
            .contains("<span aria-current=\"page\">Jeux de données</span>"),
        "{crumbs}"
    );
}

#[tokio::test]
async fn a_removed_dataset_keeps_its_reuses_and_files_but_no_discussions_or_button() {
    let Catalog { app, .. } = catalog().await;
    let row = datasets::Entity::find_by_id("ds-hosp")
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    let slug = row.slug.clone();
    let mut active = row.into_active_model();
    active.deleted = Set(true);
    active.deleted_at = Set(Some(
        chrono::Utc.with_ymd_and_hms(2026, 3, 14, 9, 0, 0).unwrap(),
    ));
    active.update(app.db()).await.unwrap();
    app.state.cache.bump(GALLERY).await;

    let (status, html) = page(&app, &format!("/datasets/{slug}/?tab=discussions")).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(!html.contains("id=\"tab-discussions\""), "{html}");
    assert!(
        element(&html, "tab-reuses").contains("aria-current=\"page\""),
        "its threads went with it: {html}"
    );
    assert!(html.contains("Carte des urgences"));
    assert!(!html.contains("id=\"register-reuse\""), "{html}");
    let (status, html) = page(&app, &format!("/datasets/{slug}/?tab=resources")).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(html.contains("Hospitalisations par département"));

    let (_, html) = page(&app, "/datasets/").await;
    let mut found = titles(&html);
    found.sort();
    assert_eq!(
        found,
        ["Comptages vélo", "Vaccination"],
        "gone from the list"
    );
}
