//! The rewriting of parser events described in the module documentation: raw HTML as text,
//! headings downgraded, images as links, bare URLs and mentions as links.

use pulldown_cmark::{Alignment, CowStr, Event, LinkType, Tag, TagEnd};

use super::{downgrade, is_inline, is_inline_end};

/// Rewrites parser events before they become HTML (see the module documentation).
pub(super) struct Rewriter<'a, 'm> {
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
    pub(super) fn new(mentions: &'m dyn Fn(&str) -> Option<String>) -> Self {
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

    pub(super) fn push(&mut self, event: Event<'a>) {
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

    pub(super) fn finish(mut self) -> Vec<Event<'a>> {
        self.flush_text();
        self.out
    }
}

/// Characters that glue to a following `@` or `http` (`a@b.org`, `xhttp://`, `/@user`).
pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(
            c,
            '_' | '-' | '.' | '@' | '/' | '+' | '=' | '&' | '%' | '\\'
        )
}

/// A bare `http://` or `https://` URL at `at`, without the punctuation that ends a sentence.
pub(super) fn bare_url_at(text: &str, at: usize) -> Option<&str> {
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
pub(super) fn link_events<'a>(url: &str) -> Vec<Event<'a>> {
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
pub(super) fn escape_attribute(value: &str) -> String {
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
