//! French typography for what people wrote: a no-break space before `? ! ; :` and inside
//! « », so a lone « ? » never wraps onto a line of its own.
//!
//! Plain text (a title) is spaced before askama escapes it; HTML (a message) only after the
//! sanitiser made it, and only in its text nodes: tags, attributes (links) and `code`/`pre`
//! blocks are copied as they are.

/// Narrow no-break space (U+202F), before `? ! ;` and inside « ».
const NARROW: char = '\u{202F}';
/// No-break space (U+00A0), before `:`.
const WIDE: char = '\u{A0}';

/// `text` with French no-break spaces: the ordinary spaces (or none) before `? ! ; :` and inside
/// « » become no-break ones. A `:` glued to what comes before (`https:`, `10:30`) is left alone.
pub fn french_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' => match chars.peek() {
                Some('?' | '!' | ';' | '»') => out.push(NARROW),
                Some(':') => out.push(WIDE),
                _ => out.push(' '),
            },
            '«' => {
                out.push('«');
                if chars.peek() == Some(&' ') {
                    chars.next();
                }
                out.push(NARROW);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Sanitised `html` with French no-break spaces in its text nodes only (see [`french_text`]).
///
/// The sanitiser's output quotes every attribute with `"` and escapes `<` in text, so a tag is
/// what lies between `<` and the `>` outside quotes.
pub fn french_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 16);
    let mut rest = html;
    // Inside <code> or <pre>, where spacing is the writer's own.
    let mut verbatim = 0_usize;
    while !rest.is_empty() {
        let Some(start) = rest.find('<') else {
            out.push_str(&spaced(rest, verbatim));
            break;
        };
        out.push_str(&spaced(&rest[..start], verbatim));
        let tag_len = tag_length(&rest[start..]);
        let tag = &rest[start..start + tag_len];
        let name = tag
            .trim_start_matches('<')
            .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .find(|part| !part.is_empty())
            .unwrap_or_default()
            .to_ascii_lowercase();
        if name == "code" || name == "pre" {
            if tag.starts_with("</") {
                verbatim = verbatim.saturating_sub(1);
            } else {
                verbatim += 1;
            }
        }
        out.push_str(tag);
        rest = &rest[start + tag_len..];
    }
    out
}

fn spaced(text: &str, verbatim: usize) -> String {
    if verbatim > 0 {
        text.to_owned()
    } else {
        french_text(text)
    }
}

/// Bytes from `<` to the `>` that closes the tag, quotes respected; the whole rest when unclosed.
fn tag_length(from_lt: &str) -> usize {
    let mut quoted = false;
    for (at, c) in from_lt.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '>' if !quoted => return at + 1,
            _ => {}
        }
    }
    from_lt.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_keeps_its_word() {
        assert_eq!(
            french_text("Des données par commune ?"),
            "Des données par commune\u{202F}?"
        );
        assert_eq!(french_text("Note : merci !"), "Note\u{A0}: merci\u{202F}!");
        assert_eq!(french_text("« Santé »"), "«\u{202F}Santé\u{202F}»");
        assert_eq!(french_text("https://x.fr 10:30"), "https://x.fr 10:30");
    }

    #[test]
    fn only_text_nodes_change() {
        let html = r#"<p>Voir <a href="https://x.fr/?a=1 ?" title="a > b ?">le lien ?</a> <code>a ? b</code> fin !</p>"#;
        assert_eq!(
            french_html(html),
            "<p>Voir <a href=\"https://x.fr/?a=1 ?\" title=\"a > b ?\">le lien\u{202F}?</a> <code>a ? b</code> fin\u{202F}!</p>"
        );
    }
}
