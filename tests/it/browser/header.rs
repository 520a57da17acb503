//! The header as phones and desktops show it, in the operator's colours: one line at 375 pixels,
//! the menu folded behind « Menu » and unfolded by a tap (no script), inline at 1280; axe finds
//! nothing serious in a light primary colour either.

use crate::support::TestApp;
use crate::support::browser::{Browser, axe, browser};

/// The header's height, and whether the menu's summary and the main navigation are shown.
async fn header_state(browser: &Browser) -> (f64, bool, bool) {
    let state = browser
        .client
        .execute(
            "const shown = e => !!e && e.checkVisibility({visibilityProperty: true});
             return [document.querySelector('header.site-header').getBoundingClientRect().height,
                     shown(document.querySelector('.menu > summary')),
                     shown(document.querySelector('nav[aria-label] a[href=\"/reuses/\"]'))];",
            vec![],
        )
        .await
        .unwrap();
    (
        state[0].as_f64().unwrap(),
        state[1].as_bool().unwrap(),
        state[2].as_bool().unwrap(),
    )
}

#[tokio::test]
async fn the_header_is_one_line_on_a_phone_and_its_menu_unfolds_without_script() {
    let Some(browser) = browser().await else {
        return;
    };
    // A light primary colour: its buttons need dark text, its links a darker shade.
    let app = TestApp::with_env(&[
        ("VITRINE_SITE_NAME", "Open Data Lyon"),
        ("VITRINE_PRIMARY_COLOR", "#ffcc00"),
        ("VITRINE_LEGAL_URL", "https://data.example.org/mentions"),
    ])
    .await;
    let axe = axe();
    browser.set_width(375).await;
    browser.goto(&format!("{}reuses/", app.url)).await;
    browser.find("main h1").await;
    let (height, summary, nav) = header_state(&browser).await;
    assert!(height < 80.0, "the header is {height} px high at 375");
    assert!(
        summary && !nav,
        "folded at 375: summary {summary}, nav {nav}"
    );
    browser.assert_no_horizontal_scroll().await;
    if let Some(axe) = &axe {
        browser.assert_accessible(axe).await;
    }
    browser.screenshot_page("header-folded").await;

    browser.click(".menu > summary").await;
    let (height_open, _, nav) = header_state(&browser).await;
    assert!(nav, "the navigation shows once the menu is open");
    assert!(height_open < 80.0, "the open menu lies over the page");
    for link in ["a[href^='/login?next=']", "a[hreflang='en']"] {
        assert!(
            browser.find(link).await.is_displayed().await.unwrap(),
            "{link}"
        );
    }
    if let Some(axe) = &axe {
        browser.assert_accessible(axe).await;
    }
    browser.screenshot_page("header-unfolded").await;

    browser.set_width(1280).await;
    browser.goto(&format!("{}reuses/", app.url)).await;
    browser.find("main h1").await;
    let (height, summary, nav) = header_state(&browser).await;
    assert!(
        !summary && nav,
        "inline at 1280: summary {summary}, nav {nav}"
    );
    assert!(height < 80.0, "the header is {height} px high at 1280");
    browser.screenshot_page("header-inline").await;
    if let Some(axe) = &axe {
        browser.assert_accessible(axe).await;
    }
    browser.close().await;
}
