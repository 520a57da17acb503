//! Markdown to HTML: the one module through which user text becomes HTML.
//!
//! pulldown-cmark parses CommonMark with tables, strikethrough and autolinks; the events are then
//! rewritten before they become HTML:
//! - raw HTML typed by the user is shown as text (`<b>` reads `<b>`, as on GitHub comments), so
//!   nothing the user typed is ever markup, whatever ammonia would have let through;
//! - headings go down two levels (`#` becomes `<h3>`) so user headings never compete with the
//!   page's own `<h1>` and `<h2>`;
//! - images become plain links to the image: no tracking pixels, no SVG, nothing loaded unasked;
//! - table alignment is dropped (pulldown-cmark writes it as `style`, which is not allowed);
//! - bare `http(s)://` URLs and known `@mentions` in text (never in code) become links.
//!
//! Nesting is capped at [`MAX_NESTING`] before and after parsing: html5ever (under ammonia) takes
//! time in the square of the depth of nested blocks, so `>` typed 49,000 times took 6.5 s to render.
//! A linear pass over the lines (`cap_nesting`) turns the container markers past the cap into
//! text, and the events of containers still deeper (nested by indentation) are dropped.
//!
//! The HTML then goes through ammonia with a small allow-list: every link gets
//! `rel="nofollow ugc noopener"`, hrefs are http, https, mailto or relative, and the only classes
//! are `mention` on links and `language-…` on code.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// The `rel` every link in user content carries.
pub const LINK_REL: &str = "nofollow ugc noopener";

/// Every tag user content may contain; `h1` and `h2` never do, headings being downgraded by two.
pub const ALLOWED_TAGS: &[&str] = &[
    "p",
    "br",
    "hr",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
];

/// Deepest nesting of block quotes and lists (and, apart, of emphasis) that user text renders
/// with; deeper ones are flattened into the one at this depth.
pub const MAX_NESTING: usize = 16;

/// Most bytes of one piece of Markdown that are read: well above what any field takes (a reuse's
/// 100,000 characters), so that only a preview of an over-long form or a catalog's description is
/// cut, and no request renders more than this in one call.
pub const MAX_INPUT: usize = 1 << 20;

/// The allow-list cleaner, built once.
static CLEANER: LazyLock<Builder<'static>> = LazyLock::new(cleaner);

/// Markdown to safe HTML; `mentions` maps a handle to its profile URL, or `None` when unknown.
pub fn render(markdown: &str, mentions: &dyn Fn(&str) -> Option<String>) -> String {
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    parsed(markdown, |events| {
        html::push_html(&mut unsafe_html, rewrite(events, mentions).into_iter());
    });
    CLEANER.clean(&unsafe_html).to_string()
}

/// The distinct handles `render` would ask about, to look the users up in one query beforehand.
pub fn mentioned_handles(markdown: &str) -> Vec<String> {
    let handles = RefCell::new(Vec::<String>::new());
    parsed(markdown, |events| {
        rewrite(events, &|handle| {
            let mut handles = handles.borrow_mut();
            if !handles.iter().any(|known| known == handle) {
                handles.push(handle.to_owned());
            }
            None
        });
    });
    handles.into_inner()
}

/// How many links to other sites `markdown` shows, as rendered (bare URLs and images included).
///
/// Any link with a scheme counts, and so do `//host`, `/\host` and `\\host`, which browsers
/// resolve to another host; a path on this site (`/reuses/a/`, `#top`) does not.
pub fn external_links(markdown: &str) -> usize {
    parsed(markdown, |events| {
        rewrite(events, &|_| None)
            .iter()
            .filter(|event| {
                matches!(event, Event::Start(Tag::Link { dest_url, .. }) if is_external(dest_url))
            })
            .count()
    })
}

/// Whether a link's destination leaves the site: a scheme, or a network path however spelled.
fn is_external(url: &str) -> bool {
    // Browsers drop leading spaces and controls and every tab and newline, and read `\` as `/`.
    let mut chars = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'));
    match chars.next() {
        Some('/' | '\\') => matches!(chars.next(), Some('/' | '\\')),
        // A scheme: a letter, then letters, digits, `+`, `-` or `.`, then `:`.
        Some(first) if first.is_ascii_alphabetic() => {
            chars.find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
                == Some(':')
        }
        _ => false,
    }
}

/// `text` shown as typed, escaped, in paragraphs, without Markdown: for what a page shows past
/// its rendering budget, at a small part of rendering's cost.
pub fn text_html(text: &str) -> String {
    let mut html = String::with_capacity(text.len() + text.len() / 8);
    for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        html.push_str("<p>");
        html.push_str(&escape_attribute(paragraph).replace('\n', "<br>\n"));
        html.push_str("</p>\n");
    }
    html
}

/// Markdown to safe HTML, with `@mentions` left as text.
pub fn render_plain(markdown: &str) -> String {
    render(markdown, &|_| None)
}

/// Plain text of at most `max_chars` characters (with the "…"), cut at a word boundary.
///
/// For card descriptions and meta tags: no markup, whitespace collapsed; raw HTML the user typed
/// stays as the text it shows as on the page. The caller still escapes it like any text.
pub fn excerpt(markdown: &str, max_chars: usize) -> String {
    shorten(&plain_text(markdown), max_chars)
}

/// The whole text of `markdown` as [`excerpt`] shows it, before it is cut.
pub fn plain_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    parsed(markdown, |events| {
        for event in events {
            match event {
                Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                    text.push_str(&t);
                }
                Event::Start(tag) if !is_inline(&tag) => text.push(' '),
                Event::End(tag) if !is_inline_end(tag) => text.push(' '),
                Event::SoftBreak | Event::HardBreak | Event::Rule => text.push(' '),
                _ => {}
            }
        }
    });
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parses `markdown` with its nesting capped and hands the events to `read`: every reading of
/// user Markdown goes through here, so none builds a tree deeper than [`MAX_NESTING`].
fn parsed<R>(markdown: &str, read: impl FnOnce(Flattened<Parser<'_>>) -> R) -> R {
    let capped = cap_nesting(head(markdown, MAX_INPUT));
    read(Flattened::new(Parser::new_ext(&capped, options())))
}

/// Parser events with the rewrites of the module documentation applied.
fn rewrite<'a>(
    events: impl Iterator<Item = Event<'a>>,
    mentions: &dyn Fn(&str) -> Option<String>,
) -> Vec<Event<'a>> {
    let mut rewriter = Rewriter::new(mentions);
    for event in events {
        rewriter.push(event);
    }
    rewriter.finish()
}

mod corpus;
mod nesting;
mod rewriter;
#[cfg(test)]
mod tests;

pub use corpus::XSS_CORPUS;
use nesting::{Flattened, cap_nesting, head};
use rewriter::{Rewriter, escape_attribute};

/// Extensions users expect from GitHub-like comment boxes; nothing that writes `input`, ids or classes.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// The allow-list. Relative hrefs pass (they carry no scheme) so mentions may link within the site.
fn cleaner() -> Builder<'static> {
    let mut builder = Builder::empty();
    builder
        .tags(ALLOWED_TAGS.iter().copied().collect())
        .clean_content_tags(HashSet::from(["script", "style"]))
        .generic_attributes(HashSet::new())
        .tag_attributes(HashMap::from([
            ("a", HashSet::from(["href", "title"])),
            ("ol", HashSet::from(["start"])),
            ("code", HashSet::from(["class"])),
        ]))
        .allowed_classes(HashMap::from([("a", HashSet::from(["mention"]))]))
        .attribute_filter(keep_attribute)
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .url_relative(UrlRelative::Custom(Box::new(keep_relative_url)))
        .link_rel(Some(LINK_REL))
        .strip_comments(true);
    builder
}

/// Keeps a relative URL unless its first segment holds a `:`, as `java%09script:x` does.
///
/// Such a reference is invalid (RFC 3986 §4.2) and the one place a browser quirk could read a scheme.
fn keep_relative_url(url: &str) -> Option<Cow<'_, str>> {
    let first_segment = url.split(['/', '?', '#']).next().unwrap_or_default();
    (!first_segment.contains(':')).then_some(Cow::Borrowed(url))
}

/// Keeps `class` on `code` only when it is one `language-…` token of safe characters.
fn keep_attribute<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    if (element, attribute) != ("code", "class") {
        return Some(Cow::Borrowed(value));
    }
    let language = value.strip_prefix("language-")?;
    let safe = !language.is_empty()
        && language
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '#' | '.'));
    safe.then_some(Cow::Borrowed(value))
}

/// Whether a tag stays inside a run of text (a word boundary is not implied).
fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
    )
}

/// [`is_inline`] for closing tags.
fn is_inline_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
}

/// `#` becomes `<h3>`: the page keeps `<h1>` and `<h2>` for itself.
fn downgrade(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H3,
        HeadingLevel::H2 => HeadingLevel::H4,
        HeadingLevel::H3 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// `text` if it fits in `max_chars`, else its longest run of whole words that fits with "…".
pub fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let Some(budget) = max_chars.checked_sub(1) else {
        return String::new();
    };
    let end = text
        .char_indices()
        .nth(budget)
        .map_or(text.len(), |(i, _)| i);
    let head = &text[..end];
    let words = if text[end..].starts_with(' ') {
        head
    } else {
        head.rfind(' ').map_or("", |space| &head[..space])
    };
    let words = words.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.' | '-' | '–' | '—')
    });
    // One word longer than the room: cut inside it rather than show nothing.
    let kept = if words.is_empty() { head } else { words };
    format!("{kept}…")
}
