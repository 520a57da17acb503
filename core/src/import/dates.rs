//! Reading of the date and date-time spellings catalogs use.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// Parses a catalog date: RFC 3339, a naive ISO date-time (taken as UTC, with or
/// without fractional seconds, `T` or space separated) or a plain `YYYY-MM-DD`.
pub(super) fn parse_datetime(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if s.len() == 10 {
        return NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|dt| dt.and_utc());
    }
    // A zone suffix: `Z`, or `+`/`-` after the date part.
    let zoned = s.ends_with(['Z', 'z']) || s.get(10..).is_some_and(|t| t.contains(['+', '-']));
    if zoned {
        DateTime::parse_from_rfc3339(s)
            .or_else(|_| DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%z"))
            .or_else(|_| DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f%z"))
            .ok()
            .map(|dt| dt.with_timezone(&Utc))
    } else if let Some(dt) = parse_naive_iso(s.as_bytes()) {
        Some(dt.and_utc())
    } else {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
            .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f"))
            .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
            .ok()
            .map(|dt| dt.and_utc())
    }
}

/// A fast path for the most common form, `YYYY-MM-DDTHH:MM:SS[.fraction]` (`T` or
/// space); `None` for anything else.
fn parse_naive_iso(s: &[u8]) -> Option<NaiveDateTime> {
    let number = |from: usize, to: usize| -> Option<u32> {
        let digits = s.get(from..to)?;
        digits.iter().try_fold(0u32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    let separators = [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')];
    if separators.iter().any(|&(i, c)| s.get(i) != Some(&c))
        || !matches!(s.get(10), Some(b'T' | b' '))
    {
        return None;
    }
    let year = i32::try_from(number(0, 4)?).ok()?;
    let date = NaiveDate::from_ymd_opt(year, number(5, 7)?, number(8, 10)?)?;
    let nanos = match s.get(19..) {
        Some([]) => 0,
        Some([b'.', fraction @ ..]) if (1..=9).contains(&fraction.len()) => {
            let value = number(20, s.len())?;
            let scale = 10u32.pow(9 - u32::try_from(fraction.len()).ok()?);
            value * scale
        }
        _ => return None,
    };
    date.and_hms_nano_opt(number(11, 13)?, number(14, 16)?, number(17, 19)?, nanos)
}
