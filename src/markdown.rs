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
use pulldown_cmark::{
    Alignment, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html,
};

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

/// Turns into text the container markers past [`MAX_NESTING`] at the start of each line, so the
/// parser never opens block quotes or lists deeper than that on one line. One pass; a copy only
/// when a line changes.
///
/// A line's markers are `>` and list markers (`-`, `*`, `+`, `1.`, `1)` and a space), spaces
/// between; the first past the cap gets a backslash, which makes it and the rest of its line the
/// text of a paragraph at the cap. A line that is a thematic break (`- - -`) stays one, and lines
/// inside fenced code are left alone. Depth reached over several lines (lists nested by
/// indentation) is the business of [`Flattened`], which sees what the parser built.
fn cap_nesting(markdown: &str) -> Cow<'_, str> {
    let mut capped = String::new();
    let mut copied = 0;
    let mut fence: Option<Fence> = None;
    let mut at = 0;
    for line in lines(markdown) {
        let start = at;
        at += line.len();
        if let Some(open) = &fence {
            match open.holds(line.as_bytes()) {
                Some(closes) => {
                    if closes {
                        fence = None;
                    }
                    continue;
                }
                None => fence = None, // Its container ended on this line, and the fence with it.
            }
        }
        let prefix = Prefix::scan(line.as_bytes());
        if let Some(cut) = prefix.cut {
            capped.push_str(&markdown[copied..start + cut]);
            capped.push('\\');
            copied = start + cut;
        } else {
            fence = Fence::opened_by(line.as_bytes(), &prefix);
        }
    }
    if capped.is_empty() {
        return Cow::Borrowed(markdown);
    }
    capped.push_str(&markdown[copied..]);
    Cow::Owned(capped)
}

/// The longest start of `text` of at most `max` bytes that ends a line (or, if none does, a
/// character).
fn head(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &text[..end];
    cut.rfind(['\n', '\r'])
        .map_or(cut, |line_end| &cut[..=line_end])
}

/// The lines of `text` with their endings (`\n`, `\r\n` or `\r`, as CommonMark reads them).
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = rest.find(['\n', '\r']).map_or(rest.len(), |at| {
            if rest[at..].starts_with("\r\n") {
                at + 2
            } else {
                at + 1
            }
        });
        let (line, tail) = rest.split_at(end);
        rest = tail;
        Some(line)
    })
}

/// What a line opens with: its container markers, and where its text starts.
struct Prefix {
    /// `>` markers among the leading markers.
    quotes: usize,
    /// List markers among them.
    lists: usize,
    /// Byte where a backslash turns the first marker past the cap into text, if there is one.
    cut: Option<usize>,
    /// Byte and column where the text after the markers starts.
    content: usize,
    content_col: usize,
}

impl Prefix {
    fn scan(line: &[u8]) -> Self {
        let (mut at, mut col) = skip_spaces(line, 0, 0);
        let (mut quotes, mut lists) = (0, 0);
        let mut cut = None;
        while let Some((width, quote)) = marker_at(line, at) {
            if quotes + lists == MAX_NESTING {
                if !is_thematic_break(&line[at..]) {
                    // Before the `.` of `1.`, before the marker's one character otherwise.
                    cut = Some(at + width - 1);
                }
                break;
            }
            if quote {
                quotes += 1;
            } else {
                lists += 1;
            }
            let (next, next_col) = skip_spaces(line, at + width, col + width);
            // Five spaces past a marker start indented code, in which markers are text.
            let blank = matches!(line.get(next), None | Some(b'\n' | b'\r'));
            if next_col - (col + width) >= 5 && !blank {
                (at, col) = (at + width, col + width);
                break;
            }
            (at, col) = (next, next_col);
        }
        Self {
            quotes,
            lists,
            cut,
            content: at,
            content_col: col,
        }
    }
}

/// Past spaces and tabs from byte `at` (column `col`): the byte and column reached.
fn skip_spaces(line: &[u8], mut at: usize, mut col: usize) -> (usize, usize) {
    while let Some(&b) = line.get(at) {
        match b {
            b' ' => col += 1,
            b'\t' => col += 4 - col % 4,
            _ => break,
        }
        at += 1;
    }
    (at, col)
}

/// The width of the container marker at `at`, and whether it is a `>`.
fn marker_at(line: &[u8], at: usize) -> Option<(usize, bool)> {
    let ends_marker = |after: usize| line.get(after).is_none_or(u8::is_ascii_whitespace);
    match *line.get(at)? {
        b'>' => Some((1, true)),
        b'-' | b'*' | b'+' if ends_marker(at + 1) => Some((1, false)),
        b'0'..=b'9' => {
            let digits = line[at..].iter().take_while(|b| b.is_ascii_digit()).count();
            let delimiter = line.get(at + digits).copied();
            (digits <= 9 && matches!(delimiter, Some(b'.' | b')')) && ends_marker(at + digits + 1))
                .then_some((digits + 1, false))
        }
        _ => None,
    }
}

/// Whether `rest` is a thematic break: three or more of one of `-`, `*`, `_`, spaces between.
fn is_thematic_break(rest: &[u8]) -> bool {
    let mut marks = rest.iter().filter(|b| !b.is_ascii_whitespace());
    let Some(&mark) = marks.next() else {
        return false;
    };
    matches!(mark, b'-' | b'*' | b'_') && marks.clone().all(|&b| b == mark) && marks.count() >= 2
}

/// An open fenced code block, as [`cap_nesting`] follows it.
struct Fence {
    mark: u8,
    len: usize,
    /// `>` markers of the line that opened it: a line with fewer has left its block quote.
    quotes: usize,
    /// Least column a line's text (past those `>`) starts at to stay inside the fence's container.
    min_col: usize,
}

impl Fence {
    /// The fence that `line` opens, if it opens one.
    fn opened_by(line: &[u8], prefix: &Prefix) -> Option<Self> {
        let rest = &line[prefix.content..];
        let mark = *rest.first().filter(|b| matches!(b, b'`' | b'~'))?;
        let len = rest.iter().take_while(|&&b| b == mark).count();
        if len < 3 || (mark == b'`' && rest[len..].contains(&b'`')) {
            return None;
        }
        // In a list item opened on this line its text column is the item's; otherwise the
        // fence may sit up to 3 columns right of its container's.
        let min_col = if prefix.lists > 0 {
            prefix.content_col
        } else {
            prefix.content_col.saturating_sub(3)
        };
        Some(Self {
            mark,
            len,
            quotes: prefix.quotes,
            min_col,
        })
    }

    /// Whether `line` is still inside the fence's container (`None` when it is not), and if so
    /// whether it closes the fence.
    fn holds(&self, line: &[u8]) -> Option<bool> {
        let (mut at, mut col) = skip_spaces(line, 0, 0);
        for _ in 0..self.quotes {
            if line.get(at) != Some(&b'>') {
                return None;
            }
            (at, col) = skip_spaces(line, at + 1, col + 1);
        }
        let text = &line[at..];
        if text.iter().all(u8::is_ascii_whitespace) {
            return Some(false);
        }
        if col < self.min_col {
            return None;
        }
        let len = text.iter().take_while(|&&b| b == self.mark).count();
        Some(len >= self.len && text[len..].iter().all(u8::is_ascii_whitespace))
    }
}

/// Drops the events of containers nested deeper than [`MAX_NESTING`], keeping what they hold
/// in the one at the cap; emphasis likewise. [`cap_nesting`] sees one line at a time, this what
/// the parser built over all of them (lists nested by indentation, line after line).
struct Flattened<I> {
    events: I,
    /// For each open tag, whether its events are kept.
    open: Vec<bool>,
    blocks: usize,
    inlines: usize,
}

impl<I> Flattened<I> {
    fn new(events: I) -> Self {
        Self {
            events,
            open: Vec::new(),
            blocks: 0,
            inlines: 0,
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Flattened<I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            let event = self.events.next()?;
            match &event {
                Event::Start(tag) => {
                    let kept = match tag {
                        Tag::BlockQuote(_) | Tag::List(_) => deeper(&mut self.blocks),
                        Tag::Item => self.open.last().copied().unwrap_or(true),
                        Tag::Emphasis | Tag::Strong | Tag::Strikethrough => {
                            deeper(&mut self.inlines)
                        }
                        _ => true,
                    };
                    self.open.push(kept);
                    if kept {
                        return Some(event);
                    }
                    if matches!(tag, Tag::Item) {
                        return Some(Event::SoftBreak); // Keeps the items' words apart.
                    }
                }
                Event::End(tag) => {
                    if self.open.pop().unwrap_or(true) {
                        match tag {
                            TagEnd::BlockQuote(_) | TagEnd::List(_) => self.blocks -= 1,
                            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                                self.inlines -= 1;
                            }
                            _ => {}
                        }
                        return Some(event);
                    }
                }
                _ => return Some(event),
            }
        }
    }
}

/// One level deeper at `depth` if the cap allows: whether it did.
fn deeper(depth: &mut usize) -> bool {
    let room = *depth < MAX_NESTING;
    if room {
        *depth += 1;
    }
    room
}

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

/// Rewrites parser events before they become HTML (see the module documentation).
struct Rewriter<'a, 'm> {
    mentions: &'m dyn Fn(&str) -> Option<String>,
    out: Vec<Event<'a>>,
    /// Consecutive text (the parser splits it at `_`, `*`, entities…), scanned as one piece.
    text: String,
    /// The character before `text`, to tell `@camille` from `a@b.org` across emphasis.
    before_text: Option<char>,
    in_code_block: bool,
    link_depth: usize,
    /// For each open image: whether it became a link, and where its output starts.
    images: Vec<(bool, usize, CowStr<'a>)>,
}

impl<'a, 'm> Rewriter<'a, 'm> {
    fn new(mentions: &'m dyn Fn(&str) -> Option<String>) -> Self {
        Self {
            mentions,
            out: Vec::new(),
            text: String::new(),
            before_text: None,
            in_code_block: false,
            link_depth: 0,
            images: Vec::new(),
        }
    }

    fn push(&mut self, event: Event<'a>) {
        match event {
            Event::Text(text) if self.in_code_block => self.out.push(Event::Text(text)),
            // Raw HTML is text like any other: shown, escaped, and scanned for mentions.
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => {
                self.text.push_str(&text);
            }
            event => {
                self.flush_text();
                self.push_other(event);
            }
        }
    }

    fn push_other(&mut self, event: Event<'a>) {
        let mut keeps_word = false;
        let event = match event {
            Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
            Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
            Event::Start(Tag::Heading { level, .. }) => Event::Start(Tag::Heading {
                level: downgrade(level),
                id: None,
                classes: Vec::new(),
                attrs: Vec::new(),
            }),
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(downgrade(level))),
            Event::Start(Tag::Table(alignments)) => {
                Event::Start(Tag::Table(vec![Alignment::None; alignments.len()]))
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                self.in_code_block = true;
                Event::Start(Tag::CodeBlock(kind))
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code_block = false;
                Event::End(TagEnd::CodeBlock)
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let as_link = self.link_depth == 0;
                self.images
                    .push((as_link, self.out.len(), dest_url.clone()));
                if !as_link {
                    return; // An image inside a link: its alt text only.
                }
                self.link_depth += 1;
                Event::Start(Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url,
                    title,
                    id: CowStr::Borrowed(""),
                })
            }
            Event::End(TagEnd::Image) => {
                let Some((true, start, dest_url)) = self.images.pop() else {
                    return;
                };
                if self.out.len() == start + 1 {
                    self.out.push(Event::Text(dest_url)); // No alt text: show where it points.
                }
                self.link_depth -= 1;
                Event::End(TagEnd::Link)
            }
            Event::Start(link @ Tag::Link { .. }) => {
                self.link_depth += 1;
                keeps_word = true;
                Event::Start(link)
            }
            Event::End(TagEnd::Link) => {
                self.link_depth = self.link_depth.saturating_sub(1);
                keeps_word = true;
                Event::End(TagEnd::Link)
            }
            Event::Code(code) => {
                self.before_text = code.chars().last();
                self.out.push(Event::Code(code));
                return;
            }
            Event::Start(tag) => {
                keeps_word = is_inline(&tag);
                Event::Start(tag)
            }
            Event::End(tag) => {
                keeps_word = is_inline_end(tag);
                Event::End(tag)
            }
            event => event,
        };
        if !keeps_word {
            self.before_text = None;
        }
        self.out.push(event);
    }

    /// Emits the pending text, with bare URLs and known mentions turned into links.
    fn flush_text(&mut self) {
        if self.text.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.text);
        let mut plain_from = 0;
        let mut before = self.before_text;
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let link = if self.link_depth > 0 || before.is_some_and(is_word_char) {
                None
            } else if c == '@' {
                self.mention_at(&text, at)
            } else if c == 'h' || c == 'H' {
                bare_url_at(&text, at).map(|url| (url.len(), link_events(url)))
            } else {
                None
            };
            before = Some(c);
            let Some((len, events)) = link else { continue };
            if plain_from < at {
                self.out
                    .push(Event::Text(text[plain_from..at].to_owned().into()));
            }
            self.out.extend(events);
            plain_from = at + len;
            while chars.peek().is_some_and(|&(next, _)| next < plain_from) {
                before = chars.next().map(|(_, c)| c);
            }
        }
        if plain_from < text.len() {
            self.out
                .push(Event::Text(text[plain_from..].to_owned().into()));
        }
        self.before_text = text.chars().last();
    }

    /// A mention link for `@handle` at `at`, with its length in bytes, when the handle is known.
    fn mention_at(&self, text: &str, at: usize) -> Option<(usize, Vec<Event<'a>>)> {
        let rest = &text[at + 1..];
        let run = rest
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
            .unwrap_or(rest.len());
        if rest[run..].starts_with('@') {
            return None; // `@user@elsewhere.org`: another site's handle, not ours.
        }
        let handle = rest[..run].trim_end_matches('.');
        if !handle.chars().next().is_some_and(char::is_alphanumeric) {
            return None;
        }
        let url = (self.mentions)(handle)?;
        let html = format!(
            r#"<a href="{}" class="mention">@{}</a>"#,
            escape_attribute(&url),
            escape_attribute(handle)
        );
        Some((1 + handle.len(), vec![Event::InlineHtml(html.into())]))
    }

    fn finish(mut self) -> Vec<Event<'a>> {
        self.flush_text();
        self.out
    }
}

/// Characters that glue to a following `@` or `http` (`a@b.org`, `xhttp://`, `/@user`).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(
            c,
            '_' | '-' | '.' | '@' | '/' | '+' | '=' | '&' | '%' | '\\'
        )
}

/// A bare `http://` or `https://` URL at `at`, without the punctuation that ends a sentence.
fn bare_url_at(text: &str, at: usize) -> Option<&str> {
    let rest = &text[at..];
    let scheme = ["https://", "http://"].into_iter().find(|s| {
        rest.get(..s.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(s))
    })?;
    // Checked before the URL is measured: text like `https://(https://(…` would otherwise be
    // measured to its end from each of its `https`.
    if !rest[scheme.len()..].starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    let end = rest
        .find(|c: char| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '`'))
        .unwrap_or(rest.len());
    let mut url = &rest[..end];
    // Counted once, so that a URL ending in thousands of `)` costs no more than its length.
    let opening = url.matches('(').count();
    let mut closing = url.matches(')').count();
    loop {
        let trimmed = url.trim_end_matches(['.', ',', ':', ';', '!', '?', '\'', '*', '_', '~']);
        let trimmed = match trimmed.strip_suffix(')') {
            Some(balanced) if opening < closing => {
                closing -= 1;
                balanced
            }
            _ => trimmed,
        };
        if trimmed.len() == url.len() {
            break;
        }
        url = trimmed;
    }
    Some(url)
}

/// A link to `url` showing `url`, as CommonMark's `<https://…>` would make.
fn link_events<'a>(url: &str) -> Vec<Event<'a>> {
    vec![
        Event::Start(Tag::Link {
            link_type: LinkType::Autolink,
            dest_url: url.to_owned().into(),
            title: CowStr::Borrowed(""),
            id: CowStr::Borrowed(""),
        }),
        Event::Text(url.to_owned().into()),
        Event::End(TagEnd::Link),
    ]
}

/// Escapes a value for a double-quoted attribute (or text) of the HTML we write ourselves.
fn escape_attribute(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
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

/// XSS vectors (OWASP cheat sheet and Markdown-specific ones) that must come out harmless.
pub const XSS_CORPUS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "<svg onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<iframe src=//evil>",
    "<div style=\"background:url(javascript:alert(1))\">",
    "![x](https://evil/x.png\" onerror=\"alert(1))",
    "<scr<script>ipt>alert(1)</script>",
    "<a href=x onmouseover=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<<script>script>",
    "[a](vbscript:msgbox)",
    "<details open ontoggle=alert(1)>",
    "<b onclick=alert(1)",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<javascript:alert(1)>",
    // OWASP XSS filter evasion cheat sheet.
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
    "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)\">x</a>",
    "<BODY ONLOAD=alert('XSS')>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.rocks/scriptlet.html\"></OBJECT>",
    "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
    "<form action=\"javascript:alert(1)\"><input type=submit>",
    "<STYLE>@import'http://xss.rocks/xss.css';</STYLE>",
    "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<svg><script>alert(1)</script></svg>",
    "<base href=\"javascript:/\">",
    "<xss onpointerenter=alert(1) style=display:block>x</xss>",
    // Markdown's own ways to write a link or an attribute.
    "[x](  javascript:alert(1)  )",
    "[x](<javascript:alert(1)>)",
    "[x](&#106;avascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](https://example.org \"t\\\" onmouseover=\\\"alert(1)\")",
    "[<img src=x onerror=alert(1)>](https://example.org)",
    "<https://example.org\" onmouseover=\"alert(1)>",
    "https://example.org/\"onmouseover=\"alert(1)",
    "https://example.org/<script>alert(1)</script>",
    "```\" onmouseover=\"alert(1)\nx\n```",
    "```rust onclick=alert(1)\nx\n```",
    "| a |\n|:-:|\n| <img src=x onerror=alert(1)> |",
    "hi @evil and @camille",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn known(handle: &str) -> Option<String> {
        (handle == "camille").then(|| "/users/camille".to_owned())
    }

    /// A resolver that tries to smuggle a script URL through a mention.
    fn hostile(handle: &str) -> Option<String> {
        Some(format!("javascript:alert('{handle}')\" onclick=\"alert(1)"))
    }

    /// Panics when `html` holds a forbidden tag, attribute or URL scheme.
    ///
    /// Text is escaped, so every `<` in the output opens a real tag; attribute checks look inside
    /// tags only, because escaped text may legitimately show `onerror=` to the reader.
    fn assert_neutralised(input: &str, html: &str) {
        let lower = html.to_lowercase();
        for tag in [
            "<script", "<iframe", "<svg", "<img", "<style", "<object", "<embed", "<form", "<input",
            "<math", "<base", "<link", "<meta", "<details", "<body", "<div",
        ] {
            assert!(!lower.contains(tag), "{tag} from {input:?}: {html}");
        }
        for tag in tags(&lower) {
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            assert!(
                ALLOWED_TAGS.contains(&name.as_str()),
                "<{name}> from {input:?}: {html}"
            );
            for (attribute, value) in attributes(&tag) {
                assert!(
                    !attribute.starts_with("on") && attribute != "style",
                    "{attribute}= from {input:?}: {html}"
                );
                let url: String = decode(&value)
                    .chars()
                    .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
                    .collect();
                for scheme in ["javascript:", "data:", "vbscript:"] {
                    assert!(!url.starts_with(scheme), "{scheme} from {input:?}: {html}");
                }
            }
        }
    }

    /// The inside of each tag (`a href="…"`), honouring double-quoted values.
    fn tags(html: &str) -> Vec<String> {
        let mut found = Vec::new();
        let mut current: Option<String> = None;
        let mut quoted = false;
        for c in html.chars() {
            match (&mut current, c) {
                (None, '<') => current = Some(String::new()),
                (None, _) => {}
                (Some(tag), '"') => {
                    quoted = !quoted;
                    tag.push(c);
                }
                (Some(_), '>') if !quoted => found.extend(current.take()),
                (Some(tag), c) => tag.push(c),
            }
        }
        assert!(current.is_none(), "unterminated tag in {html}");
        found
    }

    /// `name="value"` pairs of a tag as the serializer writes them.
    fn attributes(tag: &str) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        let mut rest = tag.split_once(' ').map_or("", |(_, rest)| rest);
        while let Some((name, after)) = rest.split_once("=\"") {
            let Some((value, next)) = after.split_once('"') else {
                break;
            };
            pairs.push((name.trim().to_owned(), value.to_owned()));
            rest = next;
        }
        pairs
    }

    /// Undoes character references in an attribute value (named ones a serializer writes, numeric).
    fn decode(value: &str) -> String {
        let mut decoded = String::with_capacity(value.len());
        let mut rest = value;
        while let Some(amp) = rest.find('&') {
            decoded.push_str(&rest[..amp]);
            rest = &rest[amp..];
            let Some(semicolon) = rest.find(';') else {
                break;
            };
            let entity = &rest[1..semicolon];
            let number = match entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
            {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => entity.strip_prefix('#').and_then(|dec| dec.parse().ok()),
            };
            let c = match (entity, number.and_then(char::from_u32)) {
                (_, Some(c)) => c,
                ("quot", _) => '"',
                ("amp", _) => '&',
                ("lt", _) => '<',
                ("gt", _) => '>',
                ("nbsp", _) => ' ',
                _ => {
                    decoded.push('&');
                    rest = &rest[1..];
                    continue;
                }
            };
            decoded.push(c);
            rest = &rest[semicolon + 1..];
        }
        decoded.push_str(rest);
        decoded
    }

    #[test]
    fn the_xss_corpus_is_neutralised() {
        for input in XSS_CORPUS {
            assert_neutralised(input, &render_plain(input));
            assert_neutralised(input, &render(input, &known));
            assert_neutralised(input, &render(input, &hostile));
        }
    }

    #[test]
    fn the_checker_catches_what_it_should() {
        for bad in [
            r#"<p onclick="x">a</p>"#,
            r#"<a href="javascript:alert(1)">x</a>"#,
            r#"<a href=" java&#x09;script:x">x</a>"#,
            r#"<img src="x">"#,
            r#"<p style="color:red">x</p>"#,
            r#"<span>x</span>"#,
        ] {
            let caught = std::panic::catch_unwind(|| assert_neutralised("checker", bad));
            assert!(caught.is_err(), "checker missed {bad}");
        }
    }

    #[test]
    fn raw_html_shows_as_text() {
        assert_eq!(render_plain("<b>x</b>"), "<p>&lt;b&gt;x&lt;/b&gt;</p>\n");
        assert_eq!(
            render_plain("<script>alert(1)</script>"),
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
        );
    }

    #[test]
    fn emphasis_and_strikethrough() {
        assert_eq!(
            render_plain("*a* **b** ~~c~~"),
            "<p><em>a</em> <strong>b</strong> <del>c</del></p>\n"
        );
    }

    #[test]
    fn lists_keep_their_start() {
        let html = render_plain("- a\n- b\n\n3. c\n4. d");
        assert!(
            html.contains("<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
            "{html}"
        );
        assert!(html.contains("<ol start=\"3\">\n<li>c</li>"), "{html}");
    }

    #[test]
    fn code_blocks_are_escaped_and_keep_their_language() {
        assert_eq!(
            render_plain("```rust\nif a < b && @camille {}\n```"),
            "<pre><code class=\"language-rust\">if a &lt; b &amp;&amp; @camille {}\n</code></pre>\n"
        );
        assert_eq!(
            render_plain("```rust\" onclick=\"x\nx\n```"),
            "<pre><code>x\n</code></pre>\n"
        );
    }

    #[test]
    fn tables_render_without_style() {
        let html = render_plain("| a | b |\n|:--|--:|\n| 1 | 2 |");
        assert_eq!(
            html,
            "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>\n\
             <tr><td>1</td><td>2</td></tr>\n</tbody></table>\n"
        );
    }

    #[test]
    fn links_get_rel_and_only_safe_schemes() {
        assert_eq!(
            render_plain("[site](https://example.org/a?b=1&c=2 \"Title\")"),
            "<p><a href=\"https://example.org/a?b=1&amp;c=2\" title=\"Title\" \
             rel=\"nofollow ugc noopener\">site</a></p>\n"
        );
        assert_eq!(
            render_plain("<https://example.org>"),
            "<p><a href=\"https://example.org\" rel=\"nofollow ugc noopener\">https://example.org</a></p>\n"
        );
        assert_eq!(
            render_plain("[a](/datasets/x) [b](java&#x09;script:x) [c](../y:z)"),
            "<p><a href=\"/datasets/x\" rel=\"nofollow ugc noopener\">a</a> \
             <a rel=\"nofollow ugc noopener\">b</a> \
             <a href=\"../y:z\" rel=\"nofollow ugc noopener\">c</a></p>\n"
        );
        assert_eq!(
            render_plain("[x](ftp://example.org)"),
            "<p><a rel=\"nofollow ugc noopener\">x</a></p>\n"
        );
    }

    #[test]
    fn mailto_links_are_kept() {
        assert_eq!(
            render_plain("[write](mailto:a@b.org) or <c@d.org>"),
            "<p><a href=\"mailto:a@b.org\" rel=\"nofollow ugc noopener\">write</a> or \
             <a href=\"mailto:c@d.org\" rel=\"nofollow ugc noopener\">c@d.org</a></p>\n"
        );
    }

    #[test]
    fn bare_urls_become_links_without_trailing_punctuation() {
        assert_eq!(
            render_plain("See https://example.org/x_(y). Or (http://a.org/b)!"),
            "<p>See <a href=\"https://example.org/x_(y)\" rel=\"nofollow ugc noopener\">\
             https://example.org/x_(y)</a>. Or (<a href=\"http://a.org/b\" \
             rel=\"nofollow ugc noopener\">http://a.org/b</a>)!</p>\n"
        );
        assert_eq!(render_plain("https:// alone"), "<p>https:// alone</p>\n");
    }

    #[test]
    fn known_mentions_become_links() {
        assert_eq!(
            render("Thanks @camille.", &known),
            "<p>Thanks <a href=\"/users/camille\" class=\"mention\" \
             rel=\"nofollow ugc noopener\">@camille</a>.</p>\n"
        );
        assert_eq!(
            render("**@camille**, (@camille)", &known)
                .matches("class=\"mention\"")
                .count(),
            2
        );
    }

    #[test]
    fn unknown_mentions_and_lookalikes_stay_text() {
        assert_eq!(render("hi @nobody", &known), "<p>hi @nobody</p>\n");
        assert_eq!(render_plain("hi @camille"), "<p>hi @camille</p>\n");
        for text in [
            "mail a@b.org",
            "mail camille@camille.org",
            "fediverse @camille@mastodon.social",
            "path /@camille",
            "`@camille`",
            "    @camille",
            "[@camille](https://example.org)",
        ] {
            let html = render(text, &known);
            assert!(!html.contains("mention"), "{text}: {html}");
        }
    }

    #[test]
    fn mentioned_handles_are_listed_once_in_order() {
        assert_eq!(
            mentioned_handles("@zoé, @camille and @zoé; `@code` a@b.org [@link](/x)"),
            ["zoé", "camille"]
        );
    }

    #[test]
    fn headings_are_downgraded_two_levels() {
        assert_eq!(
            render_plain("# A\n## B\n### C\n#### D\n###### E"),
            "<h3>A</h3>\n<h4>B</h4>\n<h5>C</h5>\n<h6>D</h6>\n<h6>E</h6>\n"
        );
    }

    #[test]
    fn images_become_links() {
        assert_eq!(
            render_plain("![a chart](https://example.org/c.png)"),
            "<p><a href=\"https://example.org/c.png\" rel=\"nofollow ugc noopener\">a chart</a></p>\n"
        );
        assert_eq!(
            render_plain("![](https://example.org/c.png)"),
            "<p><a href=\"https://example.org/c.png\" rel=\"nofollow ugc noopener\">\
             https://example.org/c.png</a></p>\n"
        );
        assert_eq!(
            render_plain("[![logo](https://example.org/l.png)](https://example.org)"),
            "<p><a href=\"https://example.org\" rel=\"nofollow ugc noopener\">logo</a></p>\n"
        );
    }

    #[test]
    fn excerpt_is_plain_collapsed_text() {
        assert_eq!(
            excerpt(
                "# Title\n\nSome *very*  `nice`\n[text](https://x.org).\n\n- one\n- two",
                100
            ),
            "Title Some very nice text. one two"
        );
        assert_eq!(excerpt("a **b**c", 10), "a bc");
    }

    #[test]
    fn excerpt_cuts_at_a_word_boundary() {
        assert_eq!(excerpt("one two three four", 18), "one two three four");
        assert_eq!(excerpt("one two three four", 12), "one two…");
        assert_eq!(excerpt("one two, three four", 13), "one two…");
        assert_eq!(excerpt("one two three", 8), "one two…");
        assert_eq!(excerpt("incomprehensibilities", 6), "incom…");
        assert_eq!(excerpt("été à Noël", 6), "été à…");
        assert_eq!(excerpt("anything", 0), "");
    }

    /// How deep block quotes and lists nest in `html`.
    fn containers(html: &str) -> usize {
        let (mut depth, mut deepest) = (0_usize, 0);
        for (at, _) in html.match_indices('<') {
            let tag = &html[at + 1..];
            if ["blockquote", "ul", "ol"]
                .iter()
                .any(|t| tag.starts_with(t))
            {
                depth += 1;
                deepest = deepest.max(depth);
            } else if ["/blockquote", "/ul", "/ol"]
                .iter()
                .any(|t| tag.starts_with(t))
            {
                depth -= 1;
            }
        }
        deepest
    }

    #[test]
    fn nesting_past_the_cap_becomes_text_on_its_line() {
        let quotes = format!("{} x", ">".repeat(50_000));
        let capped = cap_nesting(&quotes);
        assert_eq!(
            capped,
            format!("{}\\{} x", ">".repeat(16), ">".repeat(50_000 - 16))
        );
        let html = render_plain(&quotes);
        assert_eq!(
            html.matches("<blockquote>").count(),
            MAX_NESTING,
            "{}",
            &html[..400]
        );
        assert!(html.contains(&format!("<p>{} x</p>", "&gt;".repeat(50_000 - 16))));
        for (input, cut) in [
            (
                "- ".repeat(50_000) + "x",
                format!("{}\\- ", "- ".repeat(16)),
            ),
            (
                "1. ".repeat(50_000) + "x",
                format!("{}1\\. ", "1. ".repeat(16)),
            ),
            (
                "2) ".repeat(50_000) + "x",
                format!("{}2\\) ", "2) ".repeat(16)),
            ),
            (
                "> - 1. ".repeat(10_000) + "x",
                format!("{}> \\- ", "> - 1. ".repeat(5)),
            ),
            (
                "*\t".repeat(50_000) + "x",
                format!("{}\\*\t", "*\t".repeat(16)),
            ),
        ] {
            assert!(cap_nesting(&input).starts_with(&cut), "{}", &input[..20]);
            assert_eq!(
                containers(&render_plain(&input)),
                MAX_NESTING,
                "{}",
                &input[..20]
            );
        }
        // Each line on its own, whatever ends it.
        let lines = format!("{0}\r{0}\r\n{0}\n{0}", ">".repeat(20));
        let capped = cap_nesting(&lines);
        assert_eq!(capped.matches('\\').count(), 4, "{capped}");
        assert_eq!(excerpt(&format!("{} hi", ">".repeat(20)), 100), ">>>> hi");
    }

    #[test]
    fn nesting_up_to_the_cap_is_left_alone() {
        for input in [
            format!("{} x", ">".repeat(16)),
            format!("{}x", "- ".repeat(16)),
            format!("{}x", "> 1. ".repeat(8)),
            "- a\n  - b\n    - c\n      > d\n      > > e\n\n1) f\n2) g".to_owned(),
            "> quoted\n> > twice\nlazy continuation\n\n* * *\n\n+ one\n+ two".to_owned(),
            "- - - - - - - - - - - - - - - - - - - - - - - -".to_owned(),
            "text with - dashes > arrows and 1. numbers".to_owned(),
        ] {
            assert!(matches!(cap_nesting(&input), Cow::Borrowed(_)), "{input}");
        }
        assert_eq!(
            containers(&render_plain(&format!("{} x", ">".repeat(16)))),
            16
        );
        assert_eq!(
            render_plain("- a\n  - b\n    - c"),
            "<ul>\n<li>a\n<ul>\n<li>b\n<ul>\n<li>c</li>\n</ul>\n</li>\n</ul>\n</li>\n</ul>\n"
        );
        // A line of 24 dashes is a thematic break, not 16 lists around a paragraph.
        assert_eq!(render_plain(&"- ".repeat(24)), "<hr>\n");
    }

    #[test]
    fn code_is_not_touched_by_the_cap() {
        let deep = "> ".repeat(40);
        for input in [
            format!("```\n{deep}\n```"),
            format!("~~~~ text\n{deep}\n~~~\n{deep}\n~~~~"),
            format!("> ```\n> {deep}\n> ```"),
            format!("- ```\n  {deep}\n  ```"),
            format!("-      {deep}"),
            format!(">      {deep}"),
        ] {
            assert!(matches!(cap_nesting(&input), Cow::Borrowed(_)), "{input}");
            assert!(render_plain(&input).contains("<code"), "{input}");
        }
        // A fence ends with its container, and what follows is capped again.
        for input in [
            format!("> ```\n{}x", "- ".repeat(40)),
            format!("- ```\n{deep}x"),
            format!("```\nx\n```\n{deep}x"),
        ] {
            assert!(matches!(cap_nesting(&input), Cow::Owned(_)), "{input}");
            assert!(containers(&render_plain(&input)) <= MAX_NESTING, "{input}");
        }
    }

    #[test]
    fn nesting_built_over_many_lines_is_flattened_too() {
        // Each line opens 16 lists inside the last one: no line has more than 16 markers.
        let input: String = (0..10)
            .map(|line| format!("{}{}x{line}\n", " ".repeat(32 * line), "- ".repeat(16)))
            .collect();
        assert!(matches!(cap_nesting(&input), Cow::Borrowed(_)));
        let html = render_plain(&input);
        assert_eq!(containers(&html), MAX_NESTING, "{html}");
        for line in 0..10 {
            assert!(html.contains(&format!("x{line}")), "{html}");
        }
        assert_eq!(excerpt(&input, 100), "x0 x1 x2 x3 x4 x5 x6 x7 x8 x9");
        let emphasis = format!("{}x{}", "*a ".repeat(100), " a*".repeat(100));
        assert_eq!(render_plain(&emphasis).matches("<em>").count(), MAX_NESTING);
    }

    #[test]
    fn external_links_are_counted_as_rendered() {
        for (input, links) in [
            ("[x](//evil.example/p)", 1),
            // `\\\\` is one backslash to Markdown; `&#92;` one too.
            (
                "[x](/\\evil.example/p) [y](\\\\\\\\evil.example) [z](&#92;/evil.example)",
                3,
            ),
            ("[x](\\/evil.example) [y](\\evil.example)", 0),
            ("[x](/&#9;/evil.example) [y](<  //evil.example>)", 2),
            (
                "[x](https://a.example) [y](HTTP://b.example) [z](mailto:a@b.org)",
                3,
            ),
            ("<https://a.example> and https://b.example/x.", 2),
            (
                "![chart](//evil.example/c.png) [x][r]\n\n[r]: //evil.example",
                2,
            ),
            ("[x](javascript:alert(1)) [y](ftp://a.example)", 2),
            (
                "[x](/reuses/a/) [y](#top) [z](?page=2) [w](relative/path:x) [v](/)",
                0,
            ),
            ("`https://a.example` and\n\n    https://b.example", 0),
            ("[a](https://a.example) https://a.example", 2),
            ("https://a.example/))))) https://(https://(https://(", 1),
        ] {
            assert_eq!(external_links(input), links, "{input}");
        }
        for (url, external) in [
            ("//h", true),
            ("/\\h", true),
            ("\\\\h", true),
            ("\\/h", true),
            (" \t/\n/h", true),
            ("hTTp:h", true),
            ("a+b.c-d:x", true),
            ("/h", false),
            ("\\h", false),
            ("h/a:b", false),
            ("1a:b", false),
            ("", false),
        ] {
            assert_eq!(is_external(url), external, "{url:?}");
        }
        let deep = format!("{} [x](//evil.example)", ">".repeat(50_000));
        assert_eq!(external_links(&deep), 1);
    }

    #[test]
    fn markdown_past_the_input_limit_is_cut_at_a_line() {
        let line = "é".repeat(99) + "\n";
        let long = line.repeat(MAX_INPUT / line.len() + 10) + "END";
        assert!(head(&long, MAX_INPUT).ends_with('\n'));
        assert!(head(&long, MAX_INPUT).len() > MAX_INPUT - line.len());
        assert!(!plain_text(&long).contains("END"));
        assert_eq!(head("abc", 10), "abc");
        assert_eq!(head("ééé", 3), "é");
    }

    #[test]
    fn text_html_shows_the_text_as_typed() {
        assert_eq!(
            text_html("# <b>a</b>\nb\n\n\n> c & d\n"),
            "<p># &lt;b&gt;a&lt;/b&gt;<br>\nb</p>\n<p>&gt; c &amp; d</p>\n"
        );
        for input in XSS_CORPUS {
            assert!(!text_html(input).contains("<s"), "{input}");
        }
    }

    #[test]
    fn a_url_ending_in_many_brackets_is_cut_once() {
        let input = format!("https://a.example/{}", ")".repeat(50_000));
        assert!(render_plain(&input).contains("href=\"https://a.example/\""));
        assert!(!render_plain(&"https://(".repeat(10_000)).contains("href"));
    }
}
