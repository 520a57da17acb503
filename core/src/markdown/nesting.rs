//! The nesting cap: container markers past [`MAX_NESTING`] turned into text before parsing, and
//! the events of containers still deeper dropped after it.

use std::borrow::Cow;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::MAX_NESTING;

/// Turns into text the container markers past [`MAX_NESTING`] at the start of each line, so the
/// parser never opens block quotes or lists deeper than that on one line. One pass; a copy only
/// when a line changes.
///
/// A line's markers are `>` and list markers (`-`, `*`, `+`, `1.`, `1)` and a space), spaces
/// between; the first past the cap gets a backslash, which makes it and the rest of its line the
/// text of a paragraph at the cap. A line that is a thematic break (`- - -`) stays one, and lines
/// inside fenced code are left alone. Depth reached over several lines (lists nested by
/// indentation) is the business of [`Flattened`], which sees what the parser built.
pub(super) fn cap_nesting(markdown: &str) -> Cow<'_, str> {
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
pub(super) fn head(text: &str, max: usize) -> &str {
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
pub(super) fn lines(text: &str) -> impl Iterator<Item = &str> {
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
pub(super) struct Prefix {
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
pub(super) fn skip_spaces(line: &[u8], mut at: usize, mut col: usize) -> (usize, usize) {
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
pub(super) fn marker_at(line: &[u8], at: usize) -> Option<(usize, bool)> {
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
pub(super) fn is_thematic_break(rest: &[u8]) -> bool {
    let mut marks = rest.iter().filter(|b| !b.is_ascii_whitespace());
    let Some(&mark) = marks.next() else {
        return false;
    };
    matches!(mark, b'-' | b'*' | b'_') && marks.clone().all(|&b| b == mark) && marks.count() >= 2
}

/// An open fenced code block, as [`cap_nesting`] follows it.
pub(super) struct Fence {
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
pub(super) struct Flattened<I> {
    events: I,
    /// For each open tag, whether its events are kept.
    open: Vec<bool>,
    blocks: usize,
    inlines: usize,
}

impl<I> Flattened<I> {
    pub(super) fn new(events: I) -> Self {
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
pub(super) fn deeper(depth: &mut usize) -> bool {
    let room = *depth < MAX_NESTING;
    if room {
        *depth += 1;
    }
    room
}
