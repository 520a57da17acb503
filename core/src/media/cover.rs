//! Generated covers for reuses that have no image of their own: an SVG drawn from the reuse's
//! title, type and publisher. The type gives the colour and the motif, the title's hash places
//! the motif, and the title and publisher are set in type. Nothing depends on the reader, so a
//! cover is the same for everyone and may be cached as long as its reuse does not change.
//!
//! The cover is square and keeps its words in the middle band (from 140 to 460 of 600): the
//! cards crop it to 16:9 on phones, which cuts only the motif. No font can be measured here, so
//! each line's width is estimated generously and a line near the edge is told its length
//! (`textLength`), which the browser then keeps whatever font it picked: nothing is clipped.

use sha2::{Digest, Sha256};

/// Side of the square cover, in SVG units.
const SIDE: f32 = 600.0;
/// Margin left and right of the words.
const MARGIN: f32 = 56.0;
/// The room a line of words has.
const ROOM: f32 = SIDE - 2.0 * MARGIN;
/// Where the title's block may start and must end.
const TITLE_TOP: f32 = 188.0;
const TITLE_BOTTOM: f32 = 396.0;
/// Title sizes tried in turn, with the number of lines each may take.
const TITLE_SIZES: [(f32, usize); 4] = [(56.0, 3), (46.0, 4), (38.0, 5), (32.0, 6)];
/// Size of the publisher's line.
const BY_SIZE: f32 = 24.0;
/// Fonts asked for: the reader's system sans-serif.
const FONTS: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/// What a cover says.
pub struct CoverText<'a> {
    /// The reuse's title.
    pub title: &'a str,
    /// Its type's id (`api`, `visualization`…): the colour and the motif.
    pub kind: &'a str,
    /// Its organization's or owner's name; may be empty.
    pub by: &'a str,
}

/// The cover of a reuse as an SVG document: the same text gives the same bytes.
pub fn generated_cover(text: &CoverText<'_>) -> String {
    let hash = Sha256::digest(format!("{}\n{}", text.title, text.kind).as_bytes());
    let (background, shade) = colours(text.kind);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 600 600\" width=\"600\" \
         height=\"600\" role=\"img\" aria-label=\"{title}\">\
         <title>{title}</title>\
         <defs><linearGradient id=\"g\" x1=\"0\" y1=\"0\" x2=\"1\" y2=\"1\">\
         <stop offset=\"0\" stop-color=\"{background}\"/><stop offset=\"1\" stop-color=\"{shade}\"/>\
         </linearGradient></defs>\
         <rect width=\"600\" height=\"600\" fill=\"url(#g)\"/>",
        title = escape(text.title),
    );
    svg.push_str(&motif(text.kind, &hash));
    svg.push_str(&words(text));
    svg.push_str("</svg>");
    svg
}

/// The type's background and its darker shade: white text on either is above 7:1.
fn colours(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "api" => ("#1f3a68", "#142747"),
        "application" => ("#0b5d52", "#073d36"),
        "idea" => ("#5f2a70", "#3f1b4a"),
        "news_article" => ("#7a2e1f", "#521e14"),
        "paper" => ("#3f4a1d", "#2a3113"),
        "post" => ("#86204c", "#5a1533"),
        "visualization" => ("#1c4f8a", "#12355d"),
        "hardware" => ("#4d3a28", "#33271a"),
        _ => ("#36404f", "#232a34"),
    }
}

/// The type's motif, in faint white above and below the words, placed by `hash`.
fn motif(kind: &str, hash: &[u8]) -> String {
    let mut out = String::from("<g fill=\"#ffffff\" fill-opacity=\"0.14\">");
    let at = |i: usize| f32::from(hash[i % hash.len()]);
    match kind {
        // Bars of a chart along the bottom.
        "visualization" => {
            for i in 0..10 {
                let height = 30.0 + at(i) / 255.0 * 90.0;
                let x = MARGIN + i as f32 * 50.0;
                out.push_str(&format!(
                    "<rect x=\"{x}\" y=\"{y:.1}\" width=\"34\" height=\"{height:.1}\" rx=\"4\"/>",
                    y = 600.0 - height
                ));
            }
        }
        // Lines of code at the top.
        "api" | "hardware" => {
            for i in 0..3 {
                let indent = if i == 1 { 40.0 } else { 0.0 };
                let width = 120.0 + at(i) / 255.0 * 280.0;
                out.push_str(&format!(
                    "<rect x=\"{x}\" y=\"{y}\" width=\"{width:.1}\" height=\"14\" rx=\"7\"/>",
                    x = MARGIN + indent,
                    y = 40 + i * 28
                ));
            }
            out.push_str(&dots(hash, 500.0));
        }
        // Tiles of an app's home screen.
        "application" => {
            for (i, byte) in hash.iter().take(8).enumerate() {
                if !byte.is_multiple_of(3) {
                    let x = MARGIN + i as f32 * 62.0;
                    out.push_str(&format!(
                        "<rect x=\"{x}\" y=\"40\" width=\"46\" height=\"46\" rx=\"12\"/>"
                    ));
                }
            }
            out.push_str(&dots(hash, 500.0));
        }
        // Text of a page at the top and the bottom.
        "news_article" | "paper" | "post" => {
            for (row, y) in [40.0, 66.0, 92.0, 500.0, 526.0, 552.0].iter().enumerate() {
                let width = 200.0 + at(row) / 255.0 * 288.0;
                out.push_str(&format!(
                    "<rect x=\"{MARGIN}\" y=\"{y}\" width=\"{width:.1}\" height=\"10\" rx=\"5\"/>"
                ));
            }
        }
        // Rings, as ripples of an idea.
        _ => {
            let (cx, cy) = (420.0 + at(0) / 255.0 * 120.0, 60.0 + at(1) / 255.0 * 40.0);
            for radius in [30.0, 62.0, 94.0] {
                out.push_str(&format!(
                    "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"{radius}\" fill=\"none\" \
                     stroke=\"#ffffff\" stroke-opacity=\"0.5\" stroke-width=\"10\"/>"
                ));
            }
            out.push_str(&dots(hash, 510.0));
        }
    }
    out.push_str("</g>");
    out
}

/// A row of dots at `y`, some left out as `hash` says.
fn dots(hash: &[u8], y: f32) -> String {
    (0..12)
        .filter(|i| hash.get(10 + i).is_some_and(|byte| !byte.is_multiple_of(4)))
        .map(|i| {
            let cx = MARGIN + 6.0 + i as f32 * 44.0;
            format!(
                "<circle cx=\"{cx}\" cy=\"{y}\" r=\"8\"/><circle cx=\"{cx}\" cy=\"{}\" r=\"8\"/>",
                y + 40.0
            )
        })
        .collect()
}

/// The accent, the title in as few lines as fit, and the publisher.
fn words(text: &CoverText<'_>) -> String {
    let (size, lines) = title_lines(text.title);
    let leading = size * 1.15;
    let block = leading * lines.len() as f32;
    // Centred in the title's room, the first baseline one size below the block's top.
    let top = TITLE_TOP + ((TITLE_BOTTOM - TITLE_TOP - block) / 2.0).max(0.0);
    let mut out = format!(
        "<rect x=\"{MARGIN}\" y=\"{:.1}\" width=\"56\" height=\"8\" rx=\"4\" fill=\"#ffd27a\"/>",
        top - 28.0
    );
    out.push_str(&format!(
        "<g fill=\"#ffffff\" font-family=\"{FONTS}\" font-weight=\"700\" font-size=\"{size}\">"
    ));
    for (i, line) in lines.iter().enumerate() {
        let y = top + size + i as f32 * leading;
        out.push_str(&text_line(line, MARGIN, y, size, true));
    }
    out.push_str("</g>");
    if !text.by.trim().is_empty() {
        let by = cut_to_fit(text.by.trim(), BY_SIZE, false);
        out.push_str(&format!(
            "<g fill=\"#ffffff\" font-family=\"{FONTS}\" font-weight=\"600\" font-size=\"{BY_SIZE}\">{}</g>",
            text_line(&by, MARGIN, 440.0, BY_SIZE, false)
        ));
    }
    out
}

/// One line of text; one near the edge is told its length, so no font makes it overflow.
fn text_line(line: &str, x: f32, y: f32, size: f32, bold: bool) -> String {
    let width = estimated_width(line, size, bold);
    let length = if width > ROOM * 0.8 {
        format!(
            " textLength=\"{:.1}\" lengthAdjust=\"spacingAndGlyphs\"",
            width.min(ROOM)
        )
    } else {
        String::new()
    };
    format!(
        "<text x=\"{x}\" y=\"{y:.1}\"{length}>{}</text>",
        escape(line)
    )
}

/// The title's size and lines: the largest size at which it fits with no word broken, else
/// the smallest with the last line cut and ended with an ellipsis.
fn title_lines(title: &str) -> (f32, Vec<String>) {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    for (size, most) in TITLE_SIZES {
        let lines = wrap(&title, size);
        let words_whole = title.split(' ').all(|word| {
            estimated_width(word, size, true) <= ROOM
                || word.split_inclusive(['-', '_', '.', '/']).count() > 1
        });
        if lines.len() <= most && words_whole {
            return (size, lines);
        }
    }
    let (size, most) = TITLE_SIZES[TITLE_SIZES.len() - 1];
    let mut lines = wrap(&title, size);
    lines.truncate(most);
    if let Some(last) = lines.last_mut() {
        *last = cut_to_fit(&format!("{last}…"), size, true);
        if !last.ends_with('…') {
            last.push('…');
        }
    }
    (size, lines)
}

/// Words in lines of at most [`ROOM`]; a word longer than a line is broken.
fn wrap(text: &str, size: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|word| !word.is_empty()) {
        let joined = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if estimated_width(&joined, size, true) <= ROOM {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // A word wider than a line breaks after its hyphens, underscores, dots and slashes
        // (`covid-` / `initiatives.org`), else anywhere.
        for piece in word.split_inclusive(['-', '_', '.', '/']) {
            let joined = format!("{line}{piece}");
            if estimated_width(&joined, size, true) <= ROOM {
                line = joined;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for c in piece.chars() {
                line.push(c);
                if estimated_width(&line, size, true) > ROOM {
                    line.pop();
                    lines.push(std::mem::replace(&mut line, c.to_string()));
                }
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text`, cut and ended with an ellipsis if it is wider than [`ROOM`].
fn cut_to_fit(text: &str, size: f32, bold: bool) -> String {
    if estimated_width(text, size, bold) <= ROOM {
        return text.to_owned();
    }
    let mut kept: String = text.trim_end_matches('…').to_owned();
    while !kept.is_empty() && estimated_width(&format!("{kept}…"), size, bold) > ROOM {
        kept.pop();
    }
    format!("{}…", kept.trim_end())
}

/// A generous estimate of the width of `text` in a sans-serif at `size`.
fn estimated_width(text: &str, size: f32, bold: bool) -> f32 {
    let ems: f32 = text
        .chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | 'I' | '!' | '.' | ',' | ':' | ';' | '\'' | '|' | '’' => 0.32,
            ' ' | 'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' => 0.42,
            'm' | 'w' | 'M' | 'W' | '@' | '%' | '—' | 'Œ' | 'œ' | 'Æ' | 'æ' => 0.98,
            c if c.is_uppercase() => 0.76,
            c if c.is_ascii_digit() => 0.64,
            c if c.is_ascii() => 0.62,
            // Letters of scripts with wider glyphs (CJK, for instance) count as a full em.
            c if c.len_utf8() > 2 => 1.0,
            _ => 0.64,
        })
        .sum();
    ems * size * if bold { 1.04 } else { 1.0 }
}

/// Text made safe for SVG's text and attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cover(title: &str) -> String {
        generated_cover(&CoverText {
            title,
            kind: "visualization",
            by: "Santé publique France",
        })
    }

    #[test]
    fn a_cover_is_the_same_for_the_same_reuse_and_says_its_title() {
        assert_eq!(cover("Carte des vaccins"), cover("Carte des vaccins"));
        assert_ne!(cover("Carte des vaccins"), cover("Carte des lits"));
        let svg = cover("Carte des vaccins");
        assert!(svg.contains("<title>Carte des vaccins</title>"));
        assert!(svg.contains(">Carte des</text>") && svg.contains(">vaccins</text>"));
        assert!(cover("A").contains("Santé publique France"));
    }

    #[test]
    fn long_titles_wrap_then_end_with_an_ellipsis_within_the_cover() {
        let long = "Tableau de bord des hospitalisations ".repeat(12);
        let (size, lines) = title_lines(&long);
        assert_eq!(size, TITLE_SIZES[3].0);
        assert_eq!(lines.len(), TITLE_SIZES[3].1);
        assert!(lines.last().is_some_and(|line| line.ends_with('…')));
        for line in &lines {
            assert!(estimated_width(line, size, true) <= ROOM, "{line}");
        }
        assert_eq!(
            wrap("covid-initiatives.org", 56.0),
            ["covid-", "initiatives.org"]
        );
        // A long word makes the title smaller rather than broken.
        let (_, lines) = title_lines("Hospitalisations COVID-19 en France");
        assert_eq!(lines[0], "Hospitalisations");
        let unbroken = "x".repeat(200);
        assert!(
            wrap(&unbroken, 56.0)
                .iter()
                .all(|line| estimated_width(line, 56.0, true) <= ROOM)
        );
    }

    #[test]
    fn markup_in_a_title_stays_text() {
        let svg = cover("<script>alert(1)</script> & co");
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
    }
}
