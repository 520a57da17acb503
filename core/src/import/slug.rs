//! URL slugs made from titles and names, accents folded to ASCII.

/// Most characters of Latin Extended-A (U+0100 to U+017F) folded to their base
/// letter; `?` marks the ligatures handled apart (`ĳ` → `ij`, `œ` → `oe`).
pub(super) const LATIN_EXTENDED_A: &str = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii??jjkkkllllllllllnnnnnnnnnoooooo??rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/// The ASCII spelling of a letter with diacritics, for [`slugify`].
pub(crate) fn fold_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'À'..='Å' | 'à'..='å' | 'ª' => "a",
        'Æ' | 'æ' => "ae",
        'Ç' | 'ç' => "c",
        'È'..='Ë' | 'è'..='ë' => "e",
        'Ì'..='Ï' | 'ì'..='ï' => "i",
        'Ð' | 'ð' => "d",
        'Ñ' | 'ñ' => "n",
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'º' => "o",
        'Ù'..='Ü' | 'ù'..='ü' => "u",
        'Ý' | 'ý' | 'ÿ' => "y",
        'Þ' | 'þ' => "th",
        'ß' | 'ẞ' => "ss",
        'Ĳ' | 'ĳ' => "ij",
        'Œ' | 'œ' => "oe",
        '\u{100}'..='\u{17F}' => {
            let i = c as usize - 0x100;
            return LATIN_EXTENDED_A.get(i..=i);
        }
        _ => return None,
    })
}

/// Turns a title or name into a URL slug: lower-case ASCII letters and digits,
/// accents folded (`é` → `e`, `ç` → `c`, `œ` → `oe`, ...), every other run of
/// characters turned into one `-`, no `-` at either end, at most 255 characters.
pub fn slugify(s: &str) -> String {
    const MAX: usize = 255;
    let mut out = String::with_capacity(s.len().min(MAX));
    let mut dash = false;
    for c in s.chars() {
        if out.len() >= MAX {
            break;
        }
        let mut buf = [0; 4];
        let piece: &str = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase().encode_utf8(&mut buf)
        } else if let Some(folded) = fold_letter(c) {
            folded
        } else {
            // Combining accents (of decomposed text) vanish; anything else separates.
            dash |= !('\u{300}'..='\u{36F}').contains(&c);
            continue;
        };
        if dash && !out.is_empty() {
            out.push('-');
        }
        dash = false;
        out.push_str(piece);
    }
    out.truncate(MAX);
    let kept = out.trim_end_matches('-').len();
    out.truncate(kept);
    out
}
