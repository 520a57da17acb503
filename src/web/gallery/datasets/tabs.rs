//! The tabs of a dataset's page: each a real address (`?tab=…`), reuses first and by default,
//! and what the resources tab lists.

use entity::{dataset_resources, links};

use crate::i18n::Lang;
use crate::web::Frame;
use crate::web::link_health::reason_words;

/// A tab of a dataset's page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Reuses,
    Discussions,
    Resources,
}

impl Tab {
    /// The tab `?tab=` asks for; the first one when it names none.
    pub fn asked(value: Option<&str>) -> Self {
        match value {
            Some("discussions") => Self::Discussions,
            Some("resources") => Self::Resources,
            _ => Self::Reuses,
        }
    }

    fn id(self) -> &'static str {
        match self {
            Self::Reuses => "reuses",
            Self::Discussions => "discussions",
            Self::Resources => "resources",
        }
    }
}

/// A tab's link, as the tab bar shows it.
pub struct TabLink {
    /// `reuses`, `discussions`, `resources`: the link's id is `tab-<id>`.
    pub id: &'static str,
    /// « Réutilisations (3) ».
    pub label: String,
    pub href: String,
    pub current: bool,
}

/// The tab bar of the dataset at `path`, `current` chosen: each tab with its count, the
/// discussions left out when the dataset is gone (its threads went with it).
pub fn tab_links(
    frame: &Frame,
    path: &str,
    current: Tab,
    counts: [(Tab, u64); 3],
    gone: bool,
) -> Vec<TabLink> {
    counts
        .into_iter()
        .filter(|(tab, _)| !(gone && *tab == Tab::Discussions))
        .map(|(tab, count)| TabLink {
            id: tab.id(),
            label: format!(
                "{} ({})",
                frame.t(&format!("datasets.tab_{}", tab.id())),
                frame.number(count)
            ),
            href: match tab {
                Tab::Reuses => path.to_owned(),
                other => format!("{path}?tab={}", other.id()),
            },
            current: tab == current,
        })
        .collect()
}

/// A file or API of the dataset, as the resources tab shows it.
pub struct ResourceView {
    pub title: String,
    /// Its format (`CSV`), else its kind in the reader's words.
    pub format: String,
    /// « 1,2 Mo », when the catalog tells.
    pub size: Option<String>,
    pub updated: String,
    pub updated_iso: String,
    /// The file's address, when it is an http(s) one (a catalog may hold anything there).
    pub url: Option<String>,
    /// First words of its description, as text.
    pub excerpt: String,
    /// What the link checker found: whether the file answered, in words, and the badge's class.
    pub health: Option<(String, &'static str)>,
}

impl ResourceView {
    /// The view of `resource` for `frame`'s reader.
    pub fn new(resource: &dataset_resources::Model, frame: &Frame) -> Self {
        Self {
            title: if resource.title.trim().is_empty() {
                frame.t("datasets.untitled_resource").to_owned()
            } else {
                resource.title.clone()
            },
            format: resource
                .format
                .as_deref()
                .filter(|format| !format.trim().is_empty())
                .map_or_else(
                    || frame.t("datasets.resource_file").to_owned(),
                    str::to_uppercase,
                ),
            size: resource
                .filesize
                .filter(|size| *size > 0)
                .map(|size| file_size(frame, size)),
            updated: frame.date(resource.last_modified),
            updated_iso: resource.last_modified.format("%Y-%m-%d").to_string(),
            url: crate::models::text::is_http_url(&resource.url).then(|| resource.url.clone()),
            excerpt: crate::markdown::excerpt(&resource.description, 200),
            health: None,
        }
    }

    /// The same, with what the link checker last found of its file.
    pub fn checked(mut self, link: Option<&links::Model>, frame: &Frame) -> Self {
        self.health = link.and_then(|link| {
            let checked = frame.date(link.last_checked_at?);
            Some(match link.state.as_str() {
                "works" => (
                    frame.t_args("links.resource_works", &[("date", checked.into())]),
                    "success",
                ),
                "failing" | "broken" => {
                    let reason =
                        reason_words(frame, link.last_reason.as_deref().unwrap_or_default());
                    let since = link
                        .failing_since
                        .map(|at| frame.date(at))
                        .unwrap_or(checked);
                    (
                        frame.t_args(
                            "links.resource_fails",
                            &[("since", since.into()), ("reason", reason.into())],
                        ),
                        "badge-broken",
                    )
                }
                _ => return None,
            })
        });
        self
    }
}

/// A size in bytes as people read it: « 830 octets », « 12 ko », « 1,2 Mo ».
fn file_size(frame: &Frame, bytes: i64) -> String {
    const UNITS: [&str; 4] = ["kb", "mb", "gb", "tb"];
    if bytes < 1000 {
        return frame.count(bytes, "datasets.size_bytes");
    }
    #[expect(clippy::cast_precision_loss, reason = "a size shown to one decimal")]
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    let shown = if value < 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.0}")
    };
    // French writes a decimal comma.
    let shown = match frame.lang {
        Lang::Fr => shown.replace('.', ","),
        Lang::En => shown,
    };
    frame.t_args(
        &format!("datasets.size_{}", UNITS[unit]),
        &[("size", shown.as_str().into())],
    )
}
