//! Finding a reuse in the gallery: the active filters as chips that remove them, the filters
//! the form has no field for (dataset, organization, owner) shown by name and kept by it,
//! numbered pages, a page past the last, and the filters folding on phones.

use reqwest::StatusCode;
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::datasets::dataset;
use crate::support::reuses::reuse;
use crate::support::web::{page, page_as, signed_in};
use crate::support::world::organization;

fn count_cards(html: &str) -> usize {
    html.matches("<li class=\"card\">").count()
}

/// An attribute's value as the page escapes it back to text.
fn unescape(value: &str) -> String {
    value
        .replace("&#38;", "&")
        .replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace("&#43;", "+")
}

/// The link of the chip labelled « Retirer le filtre `filter` », if there is one.
fn chip_href(html: &str, filter: &str) -> Option<String> {
    let label = format!("aria-label=\"Retirer le filtre {filter}\"");
    let at = html.find(&label)?;
    let open = html[..at].rfind("<a ")?;
    let tag = &html[open..at];
    let start = tag.find("href=\"")? + "href=\"".len();
    let end = start + tag[start..].find('"')?;
    Some(unescape(&tag[start..end]))
}

#[tokio::test]
async fn active_filters_are_chips_that_remove_them_and_the_form_keeps_hidden_ones() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    let owner = app.user("Camille", Role::User).await;
    dataset(&app, &admin, "ds-air", "Qualité de l'air").await;
    dataset(&app, &admin, "ds-sante", "Données hospitalières").await;
    let org = organization(&app, &admin, "Ville de Lyon", &owner.id).await;
    reuse(
        &app,
        &owner,
        "Appli santé",
        json!({"type": "application", "datasets": ["ds-sante"]}),
    )
    .await;
    reuse(
        &app,
        &owner,
        "Carte santé",
        json!({"datasets": ["ds-sante", "ds-air"], "organization": org}),
    )
    .await;
    reuse(&app, &admin, "Appli air", json!({"type": "application"})).await;

    // From « all reuses of this dataset »: the dataset is shown by its title, and kept.
    let (status, html) = page(&app, "/reuses/?dataset=ds-sante").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(count_cards(&html), 2);
    assert!(
        html.contains("Jeu de données : Données hospitalières"),
        "{html}"
    );
    assert_eq!(
        chip_href(&html, "Jeu de données : Données hospitalières").as_deref(),
        Some("/reuses/")
    );
    assert!(
        html.contains("<input type=\"hidden\" name=\"dataset\" value=\"ds-sante\">"),
        "« Apply » keeps the dataset"
    );
    assert!(
        html.contains("<details class=\"filters-fold\" open>"),
        "the filters are unfolded when one is active"
    );

    // What « Apply » then sends: the hidden dataset and the form's fields.
    let path = format!(
        "/reuses/?dataset=ds-sante&owner={}&q=&type=application&topic=&tag=carte&sort=-created",
        owner.id
    );
    let (status, html) = page(&app, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(count_cards(&html), 1);
    assert!(html.contains("Appli santé"));
    for (name, value) in [("dataset", "ds-sante"), ("owner", owner.id.as_str())] {
        assert!(
            html.contains(&format!(
                "<input type=\"hidden\" name=\"{name}\" value=\"{value}\">"
            )),
            "{name} is kept by the form"
        );
    }
    assert!(
        !html.contains("type=\"hidden\" name=\"type\""),
        "the form's own fields are not doubled"
    );
    let chips = [
        ("Type : Application", "type"),
        ("Mot-clé : carte", "tag"),
        ("Jeu de données : Données hospitalières", "dataset"),
        ("Publiée par : Camille", "owner"),
    ];
    for (filter, key) in chips {
        let href = chip_href(&html, filter).unwrap_or_else(|| panic!("no chip {filter}"));
        assert!(!href.contains(&format!("{key}=")), "{href} drops {key}");
        assert!(href.contains("sort=-created"), "{href} keeps the sort");
        let (status, without) = page(&app, &href).await;
        assert_eq!(status, StatusCode::OK, "{href}");
        assert!(chip_href(&without, filter).is_none(), "{filter} is removed");
        for (other, _) in chips.iter().filter(|(other, _)| *other != filter) {
            assert!(chip_href(&without, other).is_some(), "{other} stays");
        }
    }
    // Removing the owner shows the other application on the dataset.
    let href = chip_href(&html, "Publiée par : Camille").unwrap();
    let (_, html) = page(&app, &href).await;
    assert_eq!(count_cards(&html), 1);
    assert!(html.contains("Appli santé"));

    // An organization, by its name; removing it shows the dataset's other reuse.
    let (_, html) = page(
        &app,
        &format!("/reuses/?organization={org}&dataset=ds-sante"),
    )
    .await;
    assert_eq!(count_cards(&html), 1);
    assert!(html.contains("Carte santé"));
    assert!(html.contains(&format!(
        "<input type=\"hidden\" name=\"organization\" value=\"{org}\">"
    )));
    let href = chip_href(&html, "Organisation : Ville de Lyon").expect("an organization chip");
    assert_eq!(href, "/reuses/?dataset=ds-sante");
    let (_, html) = page(&app, &href).await;
    assert_eq!(count_cards(&html), 2);

    // No filter, no chip; the filters fold on phones.
    let (_, html) = page(&app, "/reuses/").await;
    assert!(!html.contains("id=\"active-filters\""));
    assert!(html.contains("<details class=\"filters-fold\"><summary"));
    assert!(!html.contains("type=\"hidden\""));
}

#[tokio::test]
async fn pages_are_numbered_and_a_page_past_the_end_says_so() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    dataset(&app, &admin, "ds-air", "Air").await;
    // Five pages of 24.
    for n in 0..97 {
        reuse(&app, &admin, &format!("Carte {n}"), json!({})).await;
    }
    let pager = |html: &str| -> String {
        let start = html.find("<nav class=\"pager\"").expect("a pager");
        let end = start + html[start..].find("</nav>").unwrap();
        html[start..end].to_owned()
    };
    let (_, html) = page(&app, "/reuses/?dataset=ds-air").await;
    let nav = pager(&html);
    assert!(nav.contains("aria-label=\"Pagination\""));
    assert!(nav.contains(
        "<a href=\"/reuses/?dataset=ds-air\" aria-current=\"page\"><span class=\"visually-hidden\">Page </span>1</a>"
    ));
    assert!(nav.contains("href=\"/reuses/?dataset=ds-air&#38;page=3\""));
    assert!(!nav.contains("page=4\""), "4 is out of the window: {nav}");
    assert!(nav.contains("<li aria-hidden=\"true\">…</li>"));
    assert!(nav.contains("Page suivante") && nav.contains("Dernière page"));
    assert!(!nav.contains("Page précédente") && !nav.contains("Première page"));
    assert_eq!(nav.matches("aria-current").count(), 1);

    let (_, html) = page(&app, "/reuses/?dataset=ds-air&page=5").await;
    assert_eq!(count_cards(&html), 1);
    let nav = pager(&html);
    assert!(
        nav.contains("aria-current=\"page\"><span class=\"visually-hidden\">Page </span>5</a>")
    );
    assert!(nav.contains("page=3\"") && !nav.contains("page=2\""));
    assert!(nav.contains("Première page") && nav.contains("Page précédente"));
    assert!(!nav.contains("Page suivante") && !nav.contains("Dernière page"));

    let (status, html) = page(&app, "/reuses/?dataset=ds-air&page=99").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Cette page n&#39;existe pas : il y a 5 pages."),
        "{html}"
    );
    assert!(
        html.contains(
            "<a href=\"/reuses/?dataset=ds-air&#38;page=5\">Aller à la dernière page</a>"
        )
    );
    assert!(!html.contains("97 réutilisations"));
    assert!(!html.contains("Aucune réutilisation ne correspond"));
    assert_eq!(count_cards(&html), 0);
    assert!(!pager(&html).contains("aria-current"), "no page is current");

    // One page: no pager; past it, one page.
    let (_, html) = page(&app, "/reuses/?q=introuvable&page=2").await;
    assert!(!html.contains("class=\"pager\""));
    assert!(html.contains("Cette page n&#39;existe pas : il y a 1 page."));
}

#[tokio::test]
async fn type_options_count_the_reuses_the_other_filters_keep_from_the_gallery_index() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    let owner = app.user("Camille", Role::User).await;
    dataset(&app, &admin, "ds-air", "Air").await;
    dataset(&app, &admin, "ds-sante", "Santé").await;
    for (title, kind, datasets) in [
        ("Appli santé", "application", json!(["ds-sante"])),
        (
            "Carte santé",
            "visualization",
            json!(["ds-sante", "ds-air"]),
        ),
        ("Autre carte santé", "visualization", json!(["ds-sante"])),
        ("Appli air", "application", json!(["ds-air"])),
    ] {
        reuse(
            &app,
            &owner,
            title,
            json!({"type": kind, "datasets": datasets}),
        )
        .await;
    }
    // Served to anonymous visitors once built: the first list starts the build.
    let generation = app.state.cache.generation("gallery").await.unwrap();
    page(&app, "/reuses/").await;
    let mut built = false;
    for _ in 0..100 {
        if app.state.gallery.of(generation).is_some() {
            built = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(built, "the gallery index was never built");
    let (_, html) = page(&app, "/reuses/?dataset=ds-sante&type=application").await;
    assert_eq!(count_cards(&html), 1);
    for option in [
        "<option value=\"application\" selected>Application (1)</option>",
        "<option value=\"visualization\">Visualisation (2)</option>",
        "<option value=\"api\">API (0)</option>",
    ] {
        assert!(html.contains(option), "{option}");
    }
    // (A page anonymous visitors saw before the index was built stays cached as it was.)
    let (_, html) = page(&app, "/reuses/?sort=title").await;
    assert!(html.contains("<option value=\"application\">Application (2)</option>"));
    // Signed in, the list comes from the database: no counts rather than a count per type.
    let cookie = signed_in(&app, &owner.id).await;
    let html = page_as(&app, "/reuses/?dataset=ds-sante", &cookie).await;
    assert!(html.contains("<option value=\"application\">Application</option>"));
}
