//! The site's identity on every page: its name and logo (`VITRINE_SITE_NAME`,
//! `VITRINE_SITE_LOGO`), the stylesheet of its colour (`/static/theme.css`, from
//! `VITRINE_PRIMARY_COLOR`), its favicons, and what each page says of itself to search engines
//! and share cards (`<meta name="description">`, OpenGraph, Twitter).

use poem::http::StatusCode;
use poem::web::{Data, Path};
use poem::{Request, Response, handler};

use crate::config::{Color, SiteConfig, SiteLogo};
use crate::i18n::Lang;
use crate::state::AppState;

/// How long browsers may keep the theme, the logo and the favicons.
const CACHE_CONTROL: &str = "public, max-age=3600";

/// The longest description a page gives, in characters (what search engines show).
pub const DESCRIPTION_CHARS: usize = 160;

/// What a page says of itself in its head.
#[derive(Clone, Debug)]
pub struct PageMeta {
    /// The share card's title: the page's subject, or the site's name.
    pub title: String,
    /// Plain text of [`DESCRIPTION_CHARS`] at most.
    pub description: String,
    /// The page's absolute URL, without its query.
    pub url: String,
    /// An absolute image URL: the page's own, or the site's logo.
    pub image: Option<String>,
    /// `summary_large_image` when the page has an image of its own, else `summary`.
    pub card: &'static str,
}

/// The site's settings and the generic head of the page answering `req`.
pub fn identity(req: &Request, lang: Lang) -> (SiteConfig, PageMeta) {
    let state = req.data::<AppState>();
    let site = state
        .map(|state| state.config.site.clone())
        .unwrap_or_default();
    let path = req.original_uri().path();
    let (url, image) = match state {
        Some(state) => (
            crate::urls::link(&state.config.public_url, path),
            site.logo
                .as_ref()
                .map(|image| absolute(&state.config.public_url, &image.src())),
        ),
        None => (path.to_owned(), None),
    };
    let meta = PageMeta {
        title: site.name.clone(),
        description: about(lang, &site.name),
        url,
        image,
        card: "summary",
    };
    (site, meta)
}

/// The site in a sentence, naming it: the footer's, and the description of generic pages.
fn about(lang: Lang, site: &str) -> String {
    lang.t_args("footer.about", &[("site", site.into())])
}

impl super::Frame {
    /// The site in a sentence, naming it (the footer's).
    pub fn about(&self) -> String {
        about(self.lang, &self.site.name)
    }

    /// Where the DSFR's files are served, when the site wears that theme (`VITRINE_THEME=dsfr`).
    pub fn dsfr_assets(&self) -> Option<&'static str> {
        self.site
            .theme
            .is_dsfr()
            .then_some(super::dsfr::ASSETS_PATH)
    }

    /// The title of a link back to the home page: « Accueil — <site> ».
    pub fn home_title(&self) -> String {
        self.lang.t_args(
            "theme.home_title",
            &[("site", self.site.name.as_str().into())],
        )
    }

    /// The title of a link to `name` that opens in a new window.
    pub fn new_window(&self, name: &str) -> String {
        self.lang
            .t_args("theme.new_window", &[("site", name.into())])
    }
}

impl PageMeta {
    /// The head of a page about one thing: its title, its description (Markdown, made plain
    /// and short) and its picture, if any (an absolute URL).
    pub fn describe(&mut self, title: &str, markdown: &str, image: Option<String>) {
        title.clone_into(&mut self.title);
        let description = crate::markdown::excerpt(markdown, DESCRIPTION_CHARS);
        if !description.is_empty() {
            self.description = description;
        }
        if let Some(image) = image {
            self.image = Some(image);
            self.card = "summary_large_image";
        }
    }
}

/// `path` made absolute on the site (absolute URLs are kept).
pub fn absolute(public_url: &url::Url, path: &str) -> String {
    if path.starts_with("http://") || path.starts_with("https://") {
        path.to_owned()
    } else {
        crate::urls::link(public_url, path)
    }
}

/// The colours `vitrine.css` takes from the site's primary colour, as custom properties.
pub fn theme_css(color: Color) -> String {
    let text = color.as_text_on_light();
    format!(
        "/* The site's colours (VITRINE_PRIMARY_COLOR), each readable where vitrine.css uses it. */\n\
         :root {{ --primary: {color}; --on-primary: {on}; --primary-text: {text}; --focus: {text}; }}\n",
        on = color.text_on(),
    )
}

/// `/static/theme.css`.
#[handler]
pub fn theme_stylesheet(state: Data<&AppState>) -> Response {
    Response::builder()
        .content_type("text/css; charset=utf-8")
        .header("Cache-Control", CACHE_CONTROL)
        .body(theme_css(state.config.site.primary_color))
}

/// `/static/logo.<ext>`: the logo file read at start-up; any other name is not found.
#[handler]
pub fn logo(state: Data<&AppState>, name: Path<String>) -> Response {
    match &state.config.site.logo {
        Some(SiteLogo::Local {
            file_name,
            content_type,
            bytes,
        }) if *file_name == name.as_str() => Response::builder()
            .content_type(*content_type)
            .header("Cache-Control", CACHE_CONTROL)
            .body(bytes.to_vec()),
        _ => Response::builder().status(StatusCode::NOT_FOUND).finish(),
    }
}

/// The favicon as SVG: a rounded square of the primary colour holding the name's initial.
pub fn favicon_svg(site: &SiteConfig) -> String {
    let color = site.primary_color;
    let initial = site
        .name
        .chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().collect::<String>())
        .unwrap_or_default();
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="{color}"/><text x="32" y="45" font-family="system-ui, Arial, sans-serif" font-size="38" font-weight="700" text-anchor="middle" fill="{on}">{initial}</text></svg>"##,
        on = color.text_on(),
    )
}

/// `/favicon.svg`.
#[handler]
pub fn favicon(state: Data<&AppState>) -> Response {
    Response::builder()
        .content_type("image/svg+xml")
        .header("Cache-Control", CACHE_CONTROL)
        .body(favicon_svg(&state.config.site))
}

/// `/favicon.ico`, for what asks for it by that name: a 32 × 32 PNG in an ICO file, the same
/// rounded square as the SVG (without the letter, which would need a font).
#[handler]
pub fn favicon_ico(state: Data<&AppState>) -> Response {
    match ico(state.config.site.primary_color) {
        Ok(bytes) => Response::builder()
            .content_type("image/x-icon")
            .header("Cache-Control", CACHE_CONTROL)
            .body(bytes),
        Err(err) => {
            tracing::error!(error = %err, "favicon.ico not drawn");
            Response::builder()
                .status(StatusCode::INTERNAL_SERVER_ERROR)
                .finish()
        }
    }
}

/// The ICO file: its header, one directory entry, and the PNG.
fn ico(color: Color) -> Result<Vec<u8>, image::ImageError> {
    use image::ImageEncoder;

    const SIZE: u32 = 32;
    let [r, g, b] = color.0;
    let [lr, lg, lb] = color.text_on().0;
    let pixels = image::RgbaImage::from_fn(SIZE, SIZE, |x, y| {
        // Rounded corners of radius 7: outside them, transparent.
        let corner = |v: u32| 7u32.saturating_sub(v).max(v.saturating_sub(SIZE - 8));
        let (dx, dy) = (corner(x), corner(y));
        if dx * dx + dy * dy > 49 {
            image::Rgba([0, 0, 0, 0])
        } else if (10..22).contains(&x) && (10..22).contains(&y) {
            image::Rgba([lr, lg, lb, 255])
        } else {
            image::Rgba([r, g, b, 255])
        }
    });
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png).write_image(
        pixels.as_raw(),
        SIZE,
        SIZE,
        image::ExtendedColorType::Rgba8,
    )?;
    let length = u32::try_from(png.len()).unwrap_or(u32::MAX);
    let mut file = Vec::with_capacity(22 + png.len());
    // ICONDIR: reserved, type 1 (icon), one image.
    file.extend_from_slice(&[0, 0, 1, 0, 1, 0]);
    // ICONDIRENTRY: 32 × 32, no palette, reserved, 1 plane, 32 bits, its length and offset.
    file.extend_from_slice(&[32, 32, 0, 0, 1, 0, 32, 0]);
    file.extend_from_slice(&length.to_le_bytes());
    file.extend_from_slice(&22u32.to_le_bytes());
    file.extend_from_slice(&png);
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_theme_gives_readable_colours() {
        let css = theme_css(Color([0xff, 0xcc, 0x00]));
        assert!(css.contains("--primary: #ffcc00;"), "{css}");
        assert!(css.contains("--on-primary: #111111;"), "{css}");
        assert!(!css.contains("--primary-text: #ffcc00;"), "{css}");
    }

    #[test]
    fn the_favicons_are_drawn_in_the_site_colour() {
        let site = SiteConfig {
            name: "« Open data »".to_owned(),
            ..SiteConfig::default()
        };
        let svg = favicon_svg(&site);
        assert!(svg.contains(">O</text>"), "{svg}");
        assert!(svg.contains(&site.primary_color.to_string()), "{svg}");
        let ico = ico(site.primary_color).unwrap_or_default();
        assert_eq!(&ico[..4], &[0, 0, 1, 0]);
        assert_eq!(&ico[22..26], b"\x89PNG");
    }
}
