//! The site's identity as citizens see it: its name, logo and colour, and the links its footer
//! owes them (legal notice, accessibility statement, contact, terms of use).

use std::path::Path;
use std::sync::Arc;

use url::Url;

use super::ConfigError;
use super::look::Theme;
use super::sources::Values;
use super::theme::Color;

/// The largest logo file read from the disk.
pub const LOGO_MAX_BYTES: u64 = 1024 * 1024;

/// The longest site name, in characters: it sits in the header of a phone's screen.
const NAME_MAX_CHARS: usize = 80;

/// `VITRINE_SITE_NAME`, `VITRINE_SITE_LOGO`, `VITRINE_PRIMARY_COLOR`, the footer's links and
/// `VITRINE_THEME`.
#[derive(Clone, Debug)]
pub struct SiteConfig {
    /// The site's name: the header's brand, every page's title, mails, share cards.
    pub name: String,
    /// The header's logo, if any.
    pub logo: Option<SiteLogo>,
    /// The colour of links, buttons and focus rings.
    pub primary_color: Color,
    /// The legal notice (`VITRINE_LEGAL_URL`).
    pub legal_url: Option<Url>,
    /// The accessibility statement (`VITRINE_ACCESSIBILITY_URL`).
    pub accessibility_url: Option<Url>,
    /// Where to write to the team: `mailto:` or a web page (`VITRINE_CONTACT_URL`).
    pub contact_url: Option<Url>,
    /// The terms of use (`VITRINE_TERMS_URL`).
    pub terms_url: Option<Url>,
    /// The design the pages wear (`VITRINE_THEME`).
    pub theme: Theme,
}

impl Default for SiteConfig {
    fn default() -> Self {
        Self {
            name: "Vitrine".to_owned(),
            logo: None,
            primary_color: Color::default(),
            legal_url: None,
            accessibility_url: None,
            contact_url: None,
            terms_url: None,
            theme: Theme::Default,
        }
    }
}

/// The header's logo: an image elsewhere, or a file read at start-up and served by Vitrine.
#[derive(Clone)]
pub enum SiteLogo {
    /// An `https://` image.
    Remote(Url),
    /// A local file's content, served at `/static/<file_name>`.
    Local {
        /// `logo.png`, `logo.svg`, `logo.jpg` or `logo.webp`, after what the content is.
        file_name: &'static str,
        /// Its media type.
        content_type: &'static str,
        /// The file's bytes.
        bytes: Arc<[u8]>,
    },
}

impl std::fmt::Debug for SiteLogo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Remote(url) => f.debug_tuple("Remote").field(&url.as_str()).finish(),
            Self::Local {
                file_name, bytes, ..
            } => f
                .debug_struct("Local")
                .field("file_name", file_name)
                .field("bytes", &bytes.len())
                .finish(),
        }
    }
}

impl SiteLogo {
    /// Where pages take it from: its URL, or its path on this site.
    pub fn src(&self) -> String {
        match self {
            Self::Remote(url) => url.to_string(),
            Self::Local { file_name, .. } => format!("/static/{file_name}"),
        }
    }
}

impl SiteConfig {
    /// Reads and checks the settings; a local logo is read here, once.
    pub(super) fn from_values(values: &Values) -> Result<Self, ConfigError> {
        let defaults = Self::default();
        let name = match values.get("SITE_NAME") {
            None => defaults.name,
            Some(name) if name.chars().count() > NAME_MAX_CHARS => {
                return Err(ConfigError::new(
                    "VITRINE_SITE_NAME",
                    format!("is longer than {NAME_MAX_CHARS} characters"),
                ));
            }
            Some(name) if name.chars().any(char::is_control) => {
                return Err(ConfigError::new(
                    "VITRINE_SITE_NAME",
                    "must not contain control characters",
                ));
            }
            Some(name) => name.to_owned(),
        };
        let primary_color = match values.get("PRIMARY_COLOR") {
            None => defaults.primary_color,
            Some(text) => Color::parse(text).ok_or_else(|| {
                ConfigError::new(
                    "VITRINE_PRIMARY_COLOR",
                    format!("{text:?} is not a hex colour like #1f4e79 or #26a"),
                )
            })?,
        };
        Ok(Self {
            name,
            logo: values.get("SITE_LOGO").map(read_logo).transpose()?,
            primary_color,
            legal_url: web_link(values, "LEGAL_URL", false)?,
            accessibility_url: web_link(values, "ACCESSIBILITY_URL", false)?,
            contact_url: web_link(values, "CONTACT_URL", true)?,
            terms_url: web_link(values, "TERMS_URL", false)?,
            theme: Theme::from_values(values)?,
        })
    }
}

/// An `http(s)://` URL with a host (or a `mailto:` address when `mail` allows it).
fn web_link(values: &Values, key: &str, mail: bool) -> Result<Option<Url>, ConfigError> {
    let Some(url) = values.url(key)? else {
        return Ok(None);
    };
    let name = format!("VITRINE_{key}");
    match url.scheme() {
        "http" | "https" if url.host_str().is_some_and(|host| !host.is_empty()) => Ok(Some(url)),
        "mailto" if mail && url.path().contains('@') => Ok(Some(url)),
        _ if mail => Err(ConfigError::new(
            &name,
            "must be an http://, https:// or mailto:someone@example.org URL",
        )),
        _ => Err(ConfigError::new(
            &name,
            "must be an http:// or https:// URL",
        )),
    }
}

/// `VITRINE_SITE_LOGO`: an `https://` URL, or a PNG, SVG, JPEG or WebP file of 1 MB at most.
fn read_logo(text: &str) -> Result<SiteLogo, ConfigError> {
    const KEY: &str = "VITRINE_SITE_LOGO";
    if text.contains("://") {
        let url = Url::parse(text)
            .map_err(|err| ConfigError::new(KEY, format!("{text:?} is not a URL: {err}")))?;
        if url.scheme() != "https" || url.host_str().is_none() {
            return Err(ConfigError::new(
                KEY,
                "must be an https:// URL or the path of an image file",
            ));
        }
        return Ok(SiteLogo::Remote(url));
    }
    let path = Path::new(text);
    let metadata = std::fs::metadata(path)
        .map_err(|err| ConfigError::new(KEY, format!("cannot read {}: {err}", path.display())))?;
    if !metadata.is_file() {
        return Err(ConfigError::new(
            KEY,
            format!("{} is not a file", path.display()),
        ));
    }
    let size = metadata.len();
    if size > LOGO_MAX_BYTES {
        return Err(ConfigError::new(
            KEY,
            format!(
                "{} is {size} bytes: a logo may weigh 1 MB at most",
                path.display()
            ),
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|err| ConfigError::new(KEY, format!("cannot read {}: {err}", path.display())))?;
    let (file_name, content_type) = image_kind(&bytes).ok_or_else(|| {
        ConfigError::new(
            KEY,
            format!("{} is not a PNG, SVG, JPEG or WebP image", path.display()),
        )
    })?;
    Ok(SiteLogo::Local {
        file_name,
        content_type,
        bytes: bytes.into(),
    })
}

/// The logo's name and media type after its content (its file's name may say anything).
fn image_kind(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(("logo.png", "image/png"));
    }
    if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        return Some(("logo.jpg", "image/jpeg"));
    }
    if bytes.len() > 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        return Some(("logo.webp", "image/webp"));
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.trim_start_matches('\u{feff}').trim_start();
    (text.starts_with('<') && text.contains("<svg") && text.trim_end().ends_with('>'))
        .then_some(("logo.svg", "image/svg+xml"))
}

#[cfg(test)]
#[path = "site_tests.rs"]
mod tests;
