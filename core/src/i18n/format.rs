//! Dates and numbers as the reader writes them: « 29 novembre 2026 », « 12 345 » in French,
//! “November 29, 2026”, “12,345” in English. Pages call these through [`crate::web::Frame`].

use std::fmt::Display;

use chrono::{DateTime, Datelike, Timelike, Utc};

use super::Lang;

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// French groups thousands with a narrow no-break space (U+202F), as the Imprimerie nationale
/// and CLDR do: the number never breaks across lines.
const FRENCH_GROUP: char = '\u{202f}';

impl Lang {
    /// A day: « 29 novembre 2026 » (« 1er » for the first), “November 29, 2026”.
    pub fn date(self, at: DateTime<Utc>) -> String {
        let month = at.month0() as usize % 12;
        match self {
            Self::Fr if at.day() == 1 => format!("1er {} {}", MONTHS_FR[month], at.year()),
            Self::Fr => format!("{} {} {}", at.day(), MONTHS_FR[month], at.year()),
            Self::En => format!("{} {}, {}", MONTHS_EN[month], at.day(), at.year()),
        }
    }

    /// A day and its time (UTC): « 29 novembre 2026 à 14:05 », “November 29, 2026 at 14:05”.
    pub fn date_time(self, at: DateTime<Utc>) -> String {
        let word = match self {
            Self::Fr => "à",
            Self::En => "at",
        };
        format!(
            "{} {word} {:02}:{:02}",
            self.date(at),
            at.hour(),
            at.minute()
        )
    }

    /// An integer with its thousands grouped: « 12 345 » (narrow no-break space), “12,345”.
    pub fn number(self, n: impl Display) -> String {
        let text = n.to_string();
        let (sign, digits) = match text.strip_prefix('-') {
            Some(digits) => ("-", digits),
            None => ("", text.as_str()),
        };
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return text;
        }
        let separator = match self {
            Self::Fr => FRENCH_GROUP,
            Self::En => ',',
        };
        let mut grouped = String::with_capacity(text.len() + digits.len() / 3 * 3);
        grouped.push_str(sign);
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(separator);
            }
            grouped.push(digit);
        }
        grouped
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn dates_read_as_each_language_writes_them() {
        let day = at(2026, 11, 29, 14, 5);
        assert_eq!(Lang::Fr.date(day), "29 novembre 2026");
        assert_eq!(Lang::En.date(day), "November 29, 2026");
        assert_eq!(Lang::Fr.date_time(day), "29 novembre 2026 à 14:05");
        assert_eq!(Lang::En.date_time(day), "November 29, 2026 at 14:05");
        assert_eq!(Lang::Fr.date(at(2026, 8, 1, 0, 0)), "1er août 2026");
        assert_eq!(Lang::En.date(at(2026, 8, 1, 0, 0)), "August 1, 2026");
        assert_eq!(Lang::Fr.date(at(2027, 2, 3, 0, 0)), "3 février 2027");
    }

    #[test]
    fn numbers_group_their_thousands() {
        assert_eq!(Lang::Fr.number(12_345_u64), "12\u{202f}345");
        assert_eq!(Lang::En.number(12_345_u64), "12,345");
        assert_eq!(Lang::Fr.number(1_234_567_i64), "1\u{202f}234\u{202f}567");
        assert_eq!(Lang::En.number(-1_234_567_i32), "-1,234,567");
        assert_eq!(Lang::En.number(999_usize), "999");
        assert_eq!(Lang::Fr.number(0), "0");
        assert_eq!(Lang::En.number(100_000), "100,000");
    }
}
