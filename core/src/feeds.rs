//! Atom feeds of reuses, as documents: the API's and the pages' feeds serve them.

use url::Url;

use crate::models::reuses::ReuseCard;
use crate::urls::link;

/// The content type of an Atom document.
pub const ATOM: &str = "application/atom+xml; charset=utf-8";

/// Escapes text for XML, leaving out the characters XML 1.0 cannot hold even as references
/// (C0 controls but tab and line breaks, U+FFFE, U+FFFF): one in a title stored before they
/// were refused, or in a catalog's import, would make the whole feed unreadable.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// An Atom document of `cards`, newest first as given; `self_path` and `page_path` are paths on
/// the site (the feed's own URL with its query, and the page it mirrors).
pub fn atom_feed(
    public_url: &Url,
    title: &str,
    self_path: &str,
    page_path: &str,
    cards: &[ReuseCard],
) -> String {
    let updated = cards
        .iter()
        .map(|card| card.reuse.last_modified)
        .max()
        .unwrap_or_else(chrono::Utc::now);
    let own = link(public_url, self_path);
    let mut feed = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>{}</title>\n<id>{}</id>\n<link rel=\"self\" href=\"{}\"/>\n<link href=\"{}\"/>\n<updated>{}</updated>\n",
        xml(title),
        xml(&own),
        xml(&own),
        xml(&link(public_url, page_path)),
        updated.to_rfc3339()
    );
    for card in cards {
        let page = link(public_url, &format!("reuses/{}/", card.reuse.slug));
        let author = card
            .organization
            .as_ref()
            .map(|org| org.name.clone())
            .or_else(|| card.owner.as_ref().map(|user| user.name.clone()))
            .unwrap_or_default();
        feed.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link href=\"{}\"/>\n<updated>{}</updated>\n<published>{}</published>\n<author><name>{}</name></author>\n<summary>{}</summary>\n</entry>\n",
            xml(&card.reuse.title),
            xml(&page),
            xml(&page),
            card.reuse.last_modified.to_rfc3339(),
            card.reuse.created_at.to_rfc3339(),
            xml(&author),
            xml(&crate::markdown::excerpt(&card.reuse.description, 500)),
        ));
    }
    feed.push_str("</feed>\n");
    feed
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn xml_escapes_markup_and_leaves_out_what_it_cannot_hold() {
        assert_eq!(
            xml("a\u{1}<b> & \"c\"\u{1b}\u{fffe}\u{ffff}\u{7f}\té\r\n"),
            "a&lt;b&gt; &amp; &quot;c&quot;\u{7f}\té\r\n"
        );
    }
}
