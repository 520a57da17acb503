//! `/datasets/`: cards, search, filters with their counts and chips, numbered pages.

use reqwest::StatusCode;
use serde_json::json;
use vitrine::models::users::Role;

use super::{Catalog, cards, catalog, chip_href, titles};
use crate::support::TestApp;
use crate::support::api::create;
use crate::support::web::{element, page};

#[tokio::test]
async fn the_list_shows_each_dataset_as_a_card() {
    let Catalog {
        app,
        spf_slug,
        hospital_slug,
        ..
    } = catalog().await;
    let (status, html) = page(&app, "/datasets/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        element(&html, "results-count").ends_with(">3 jeux de données dans le catalogue"),
        "{html}"
    );
    let mut found = titles(&html);
    found.sort();
    assert_eq!(
        found,
        ["Comptages vélo", "Données hospitalières", "Vaccination"]
    );
    let card = cards(&html)
        .into_iter()
        .find(|card| card.contains("Données hospitalières"))
        .unwrap();
    assert!(
        card.contains(&format!("href=\"/datasets/{hospital_slug}/\"")),
        "{card}"
    );
    assert!(
        card.contains(&format!(
            "<a href=\"/organizations/{spf_slug}/\">Santé publique France</a>"
        )),
        "{card}"
    );
    assert!(
        card.contains("Les passages aux urgences et les hospitalisations"),
        "the description's first words, as text: {card}"
    );
    assert!(card.contains(">1 réutilisation<"), "{card}");
    assert!(card.contains(">1 discussion<"), "{card}");
    assert!(card.contains("Mis à jour le <time datetime=\""), "{card}");
    assert!(
        card.contains("<a class=\"tag\" href=\"/datasets/?tag=covid\">covid</a>"),
        "{card}"
    );
    assert!(card.contains(">hopital</a>"), "{card}");
    let (_, html) = page(&app, "/datasets/?lang=en").await;
    assert!(
        element(&html, "results-count").ends_with(">3 datasets in the catalog"),
        "{html}"
    );
    assert!(html.contains(">1 reuse<"), "{html}");
}

#[tokio::test]
async fn search_finds_titles_descriptions_and_publishers() {
    let Catalog { app, .. } = catalog().await;
    let (_, html) = page(&app, "/datasets/?q=hospitali%C3%A8res").await;
    assert_eq!(titles(&html), ["Données hospitalières"], "by title");
    let (_, html) = page(&app, "/datasets/?q=URGENCES").await;
    assert_eq!(titles(&html), ["Données hospitalières"], "by description");
    let (_, html) = page(&app, "/datasets/?q=sant%C3%A9+publique").await;
    let mut found = titles(&html);
    found.sort();
    assert_eq!(
        found,
        ["Données hospitalières", "Vaccination"],
        "by the publisher's name"
    );
    assert!(
        element(&html, "results-count").ends_with(">2 jeux de données dans le catalogue"),
        "{html}"
    );
    assert!(
        html.contains("value=\"santé publique\""),
        "the box keeps the words"
    );
    let (_, html) = page(&app, "/datasets/?q=lyon+cyclistes").await;
    assert_eq!(titles(&html), ["Comptages vélo"], "every word, anywhere");
    let (_, html) = page(&app, "/datasets/?q=introuvable").await;
    assert!(titles(&html).is_empty());
    assert!(
        element(&html, "no-datasets").contains("Aucun jeu de données ne correspond"),
        "{html}"
    );
}

#[tokio::test]
async fn each_filter_narrows_the_list_shows_its_counts_and_becomes_a_chip() {
    let Catalog { app, spf_slug, .. } = catalog().await;
    let (_, html) = page(&app, "/datasets/").await;
    assert!(
        html.contains(&format!(
            "<option value=\"{spf_slug}\">Santé publique France (2)</option>"
        )),
        "{html}"
    );
    assert!(html.contains(">Ville de Lyon (1)</option>"), "{html}");
    assert!(
        html.contains("<option value=\"covid\">covid (2)</option>"),
        "{html}"
    );
    assert!(html.contains(">Déjà réutilisés (1)</label>"), "{html}");
    assert!(
        !html.contains("id=\"active-filters\""),
        "no filter, no chip"
    );

    let (_, html) = page(&app, &format!("/datasets/?organization={spf_slug}")).await;
    let mut found = titles(&html);
    found.sort();
    assert_eq!(found, ["Données hospitalières", "Vaccination"]);
    assert!(
        html.contains(&format!(
            "<option value=\"{spf_slug}\" selected>Santé publique France (2)</option>"
        )),
        "the filter stays chosen: {html}"
    );
    assert_eq!(
        chip_href(&html, "Organisation : Santé publique France"),
        "/datasets/"
    );

    let (_, html) = page(&app, "/datasets/?tag=mobilite").await;
    assert_eq!(titles(&html), ["Comptages vélo"]);
    assert_eq!(chip_href(&html, "Mot-clé : mobilite"), "/datasets/");

    let (_, html) = page(&app, "/datasets/?reuses=1").await;
    assert_eq!(titles(&html), ["Données hospitalières"]);
    assert!(html.contains("name=\"reuses\" type=\"checkbox\" value=\"1\" checked"));
    assert_eq!(
        chip_href(&html, "Réutilisation : Déjà réutilisés"),
        "/datasets/"
    );

    let (_, html) = page(&app, "/datasets/?q=donn%C3%A9es&tag=covid&reuses=1").await;
    assert_eq!(titles(&html), ["Données hospitalières"]);
    assert!(element(&html, "results-count").ends_with(">1 jeu de données dans le catalogue"));
    assert_eq!(
        chip_href(&html, "Mot-clé : covid"),
        "/datasets/?q=donn%C3%A9es&reuses=1",
        "removing one filter keeps the others"
    );
    assert_eq!(
        chip_href(&html, "Mots à chercher : données"),
        "/datasets/?tag=covid&reuses=1"
    );
    assert!(
        html.contains("<details class=\"filters-fold\" open>"),
        "the filters fold on phones, open when some are on"
    );

    let (status, html) = page(&app, "/datasets/?organization=inconnue").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "an unknown organization matches nothing"
    );
    assert!(titles(&html).is_empty());
    assert!(html.contains("id=\"no-datasets\""));
}

#[tokio::test]
async fn pages_are_numbered_and_a_page_past_the_end_says_so() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    for n in 1..=23 {
        create(
            &app,
            &admin,
            "/api/1/datasets/",
            json!({"id": format!("ds-{n}"), "title": format!("Relevés {n}")}),
        )
        .await;
    }
    let (_, html) = page(&app, "/datasets/").await;
    assert_eq!(cards(&html).len(), 20);
    assert!(
        html.contains("<a href=\"/datasets/?page=2\" rel=\"next\">"),
        "{html}"
    );
    let (_, html) = page(&app, "/datasets/?page=2").await;
    assert_eq!(cards(&html).len(), 3);
    assert!(
        html.contains(
            "<a href=\"/datasets/?page=2\" aria-current=\"page\"><span class=\"visually-hidden\">Page </span>2</a>"
        ),
        "{html}"
    );
    assert!(
        element(&html, "results-count").ends_with(">23 jeux de données dans le catalogue"),
        "{html}"
    );
    let (status, html) = page(&app, "/datasets/?page=9&q=relev%C3%A9s").await;
    assert_eq!(status, StatusCode::OK);
    assert!(cards(&html).is_empty());
    assert!(
        !html.contains("id=\"results-count\""),
        "no count above nothing"
    );
    let past = element(&html, "past-end");
    assert!(
        past.replace("&#39;", "'")
            .contains("Cette page n'existe pas : il y a 2 pages."),
        "{past}"
    );
    assert!(
        html.contains(
            "<a href=\"/datasets/?q=relev%C3%A9s&#38;page=2\">Aller à la dernière page</a>"
        ),
        "{html}"
    );
}
