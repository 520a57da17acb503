//! The French State's design system (`VITRINE_THEME=dsfr`): its stylesheet, Marianne fonts and
//! the few icons the theme shows, vendored at a pinned version in `vendor/dsfr/`, built into
//! the binary and served under [`ASSETS_PATH`] with a year of cache (the version is in the
//! path), and the bridge stylesheet that gives Vitrine's components the DSFR's look.
//! Under the default theme none of it is served: the State keeps its identity for its sites.

use poem::http::StatusCode;
use poem::web::{Data, Path};
use poem::{Response, handler};

use crate::state::AppState;

/// The vendored release of npm `@gouvfr/dsfr` (see `vendor/dsfr/README.md`).
pub const DSFR_VERSION: &str = "1.15.3";

/// Where the vendored files are served: the version is part of the path, so a new release is
/// a new address and browsers may keep each file for a year.
pub const ASSETS_PATH: &str = "/static/dsfr/1.15.3/";

/// Where the bridge stylesheet is served.
pub const BRIDGE_PATH: &str = "/static/vitrine-dsfr.css";

/// A year, unchanging: the files under [`ASSETS_PATH`] never change at one address.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The bridge changes with Vitrine, as `vitrine.css` does.
const BRIDGE_CACHE: &str = "public, max-age=3600";

/// Vitrine's components in the DSFR's look, loaded after the DSFR's stylesheet.
const BRIDGE: &str = include_str!("../../templates/static/dsfr/bridge.css");

/// The media types of the vendored files.
const CSS: &str = "text/css; charset=utf-8";
const WOFF2: &str = "font/woff2";
const SVG: &str = "image/svg+xml";

/// Each vendored file: its path under [`ASSETS_PATH`], its media type, its bytes.
macro_rules! vendored {
    ($(($path:literal, $kind:expr)),* $(,)?) => {
        &[$(($path, $kind, include_bytes!(concat!("../../vendor/dsfr/", $path)) as &[u8])),*]
    };
}

/// The files the theme serves, and nothing else of the package.
const FILES: &[(&str, &str, &[u8])] = vendored![
    ("dsfr.min.css", CSS),
    ("fonts/Marianne-Light.woff2", WOFF2),
    ("fonts/Marianne-Light_Italic.woff2", WOFF2),
    ("fonts/Marianne-Regular.woff2", WOFF2),
    ("fonts/Marianne-Regular_Italic.woff2", WOFF2),
    ("fonts/Marianne-Medium.woff2", WOFF2),
    ("fonts/Marianne-Medium_Italic.woff2", WOFF2),
    ("fonts/Marianne-Bold.woff2", WOFF2),
    ("fonts/Marianne-Bold_Italic.woff2", WOFF2),
    ("marianne.svg", SVG),
    ("devise.svg", SVG),
    ("icons/system/fr--info-fill.svg", SVG),
    ("icons/system/fr--success-fill.svg", SVG),
    ("icons/system/fr--warning-fill.svg", SVG),
    ("icons/system/fr--error-fill.svg", SVG),
    ("icons/system/external-link-line.svg", SVG),
    ("icons/system/menu-fill.svg", SVG),
    ("icons/system/close-line.svg", SVG),
    ("icons/arrows/arrow-right-s-line.svg", SVG),
    ("icons/arrows/arrow-down-s-line.svg", SVG),
];

/// The vendored file at `path` under [`ASSETS_PATH`]: its media type and bytes.
fn vendored_file(path: &str) -> Option<(&'static str, &'static [u8])> {
    FILES
        .iter()
        .find(|(name, _, _)| *name == path)
        .map(|(_, kind, bytes)| (*kind, *bytes))
}

/// A plain 404, as for any other static file that is not there.
fn not_found() -> Response {
    Response::builder().status(StatusCode::NOT_FOUND).finish()
}

/// `/static/dsfr/:version/*path`: a vendored file, under the DSFR theme only.
#[handler]
pub fn asset(state: Data<&AppState>, Path((version, path)): Path<(String, String)>) -> Response {
    if !state.config.site.theme.is_dsfr() || version != DSFR_VERSION {
        return not_found();
    }
    match vendored_file(&path) {
        Some((kind, bytes)) => Response::builder()
            .content_type(kind)
            .header("Cache-Control", IMMUTABLE)
            .body(bytes),
        None => not_found(),
    }
}

/// `/static/vitrine-dsfr.css`: the bridge, under the DSFR theme only.
#[handler]
pub fn bridge(state: Data<&AppState>) -> Response {
    if !state.config.site.theme.is_dsfr() {
        return not_found();
    }
    Response::builder()
        .content_type(CSS)
        .header("Cache-Control", BRIDGE_CACHE)
        .body(BRIDGE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_assets_path_names_the_vendored_version() {
        assert_eq!(ASSETS_PATH, format!("/static/dsfr/{DSFR_VERSION}/"));
    }

    #[test]
    fn every_url_of_the_bridge_is_a_vendored_file() {
        for url in BRIDGE.split("url(").skip(1) {
            let target = url.split(')').next().unwrap_or_default();
            let file = target.trim_matches('"').strip_prefix(ASSETS_PATH);
            assert!(file.and_then(vendored_file).is_some(), "{target}");
        }
    }
}
