//! The DSFR theme (`VITRINE_THEME=dsfr`) in headless Chromium: every page passes axe-core as in
//! the default theme ([`super::accessibility`]), the Marianne font loads, and nothing the
//! pages' styles ask for is refused by the Content-Security-Policy (no `data:` image, nothing
//! from another site).

use serde_json::Value;

use super::accessibility::{every_page_passes, portal_with};
use crate::support::browser::{Browser, axe, browser};
use crate::support::peers::oauth_issuer;

/// Every `url(…)` the page's computed styles use (backgrounds, masks, list markers, generated
/// content, on every element and its `::before` and `::after`), and the faces of Marianne the
/// page has loaded.
async fn styles_and_fonts(browser: &Browser) -> (Vec<String>, Vec<String>) {
    let found = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             document.fonts.ready.then(() => {
               const urls = new Set();
               const props = ['background-image', 'mask-image', '-webkit-mask-image', 'list-style-image', 'content'];
               for (const element of document.querySelectorAll('*')) {
                 for (const pseudo of [null, '::before', '::after']) {
                   const style = getComputedStyle(element, pseudo);
                   for (const prop of props) {
                     for (const match of style.getPropertyValue(prop).matchAll(/url\\(\"?([^\")]*)\"?\\)/g)) {
                       urls.add(match[1]);
                     }
                   }
                 }
               }
               const fonts = [...document.fonts]
                 .filter(face => face.family.replace(/\"/g, '') === 'Marianne' && face.status === 'loaded')
                 .map(face => face.weight + ' ' + face.style);
               done([[...urls], fonts]);
             });",
            vec![],
        )
        .await
        .unwrap();
    let lists: Vec<Vec<String>> = match found {
        Value::Array(_) => serde_json::from_value(found).unwrap(),
        other => panic!("no styles: {other}"),
    };
    let mut lists = lists.into_iter();
    (
        lists.next().unwrap_or_default(),
        lists.next().unwrap_or_default(),
    )
}

#[tokio::test]
async fn every_page_passes_axe_in_the_dsfr_theme_with_its_fonts_and_the_strict_policy() {
    let Some(_) = oauth_issuer() else { return };
    let Some(axe) = axe() else { return };
    let Some(browser) = browser().await else {
        return;
    };
    let portal = portal_with(&[("VITRINE_THEME", "dsfr")]).await;
    let app = &portal.app;
    for width in [1280, 375] {
        browser.set_width(width).await;
        for path in ["/", "/reuses/", "/login"] {
            browser
                .goto(&format!("{}{}", app.url, path.trim_start_matches('/')))
                .await;
            browser.find("header .fr-logo").await;
            let (urls, fonts) = styles_and_fonts(&browser).await;
            let site = app.url.trim_end_matches('/');
            for url in &urls {
                assert!(
                    url.starts_with(&format!("{site}/static/dsfr/")),
                    "{path} at {width}: the policy refuses {url}"
                );
            }
            assert!(
                urls.iter().any(|url| url.ends_with("/marianne.svg")),
                "{path}: the block's Marianne, as a file: {urls:?}"
            );
            assert!(
                fonts.iter().any(|face| face.starts_with("400 normal")),
                "{path}: Marianne not loaded: {fonts:?}"
            );
        }
    }
    every_page_passes(&browser, &axe, &portal, "dsfr").await;
    browser.close().await;
}
