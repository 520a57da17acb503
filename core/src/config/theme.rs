//! The site's primary colour (`VITRINE_PRIMARY_COLOR`) and the colours derived from it so that
//! text stays readable whatever colour the operator picks (WCAG 2 contrast, at least 4.5:1).

use std::fmt;

/// The primary colour when `VITRINE_PRIMARY_COLOR` is not set: a sober blue.
pub const DEFAULT_PRIMARY: Color = Color([0x1f, 0x4e, 0x79]);

/// The page's light backgrounds that links and link-like text sit on (`--paper`, `--wash` in
/// `vitrine.css`): text in the primary colour must be readable on the darker of them.
const WASH: Color = Color([0xf4, 0xf5, 0xf7]);

/// The contrast text needs (WCAG 2, level AA, normal text).
pub const MIN_CONTRAST: f64 = 4.5;

/// An opaque sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Color(pub [u8; 3]);

impl Color {
    /// White.
    pub const WHITE: Self = Self([0xff, 0xff, 0xff]);
    /// The near-black text put on light primary colours.
    pub const NEAR_BLACK: Self = Self([0x11, 0x11, 0x11]);
    /// Black, when even the near-black is not dark enough.
    pub const BLACK: Self = Self([0, 0, 0]);

    /// Reads `#rgb` or `#rrggbb` (either case); anything else is `None`.
    pub fn parse(text: &str) -> Option<Self> {
        let hex = text.strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize| u8::from_str_radix(hex.get(i..=i)?, 16).ok();
        match hex.len() {
            3 => {
                let mut rgb = [0; 3];
                for (i, channel) in rgb.iter_mut().enumerate() {
                    *channel = digit(i)? * 17;
                }
                Some(Self(rgb))
            }
            6 => {
                let mut rgb = [0; 3];
                for (i, channel) in rgb.iter_mut().enumerate() {
                    *channel = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
                }
                Some(Self(rgb))
            }
            _ => None,
        }
    }

    /// Relative luminance (WCAG 2), from 0 (black) to 1 (white).
    pub fn luminance(self) -> f64 {
        let linear = |channel: u8| {
            let c = f64::from(channel) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let [r, g, b] = self.0;
        0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }

    /// The contrast ratio of two colours, from 1 to 21.
    pub fn contrast(self, other: Self) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (light, dark) = if a > b { (a, b) } else { (b, a) };
        (light + 0.05) / (dark + 0.05)
    }

    /// The text colour to write on this colour: white when it reads well enough, else
    /// near-black (black when near-black would not do: one of the two always does).
    pub fn text_on(self) -> Self {
        [Self::WHITE, Self::NEAR_BLACK]
            .into_iter()
            .find(|text| text.contrast(self) >= MIN_CONTRAST)
            .unwrap_or(Self::BLACK)
    }

    /// This colour darkened just enough to be read as text on the page's light backgrounds
    /// (links, outlined buttons, the brand): itself when it already is.
    pub fn as_text_on_light(self) -> Self {
        (0..=20)
            .map(|step| self.mix_black(f64::from(step) / 20.0))
            .find(|color| color.contrast(WASH) >= MIN_CONTRAST)
            .unwrap_or(Self::BLACK)
    }

    /// This colour with a share `amount` (0 to 1) of black.
    fn mix_black(self, amount: f64) -> Self {
        let keep = (1.0 - amount).clamp(0.0, 1.0);
        // In 0..=255 by construction: the cast only drops the fraction.
        Self(
            self.0
                .map(|channel| (f64::from(channel) * keep).round() as u8),
        )
    }
}

impl Default for Color {
    fn default() -> Self {
        DEFAULT_PRIMARY
    }
}

/// `#rrggbb`, lower case.
impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [r, g, b] = self.0;
        write!(f, "#{r:02x}{g:02x}{b:02x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colours_are_read_in_both_lengths_and_nothing_else() {
        assert_eq!(Color::parse("#fff"), Some(Color::WHITE));
        assert_eq!(Color::parse("#1F4e79"), Some(DEFAULT_PRIMARY));
        assert_eq!(Color::parse("#a1b"), Some(Color([0xaa, 0x11, 0xbb])));
        for bad in [
            "fff",
            "#ffff",
            "#fffffff",
            "#ggg",
            "red",
            "#12345",
            "",
            "#",
            "rgb(0,0,0)",
            "#+1a",
            "#é1",
        ] {
            assert_eq!(Color::parse(bad), None, "{bad}");
        }
        assert_eq!(Color([0xaa, 0x11, 0xbb]).to_string(), "#aa11bb");
    }

    #[test]
    fn contrast_is_as_wcag_computes_it() {
        let ratio = Color::WHITE.contrast(Color::BLACK);
        assert!((ratio - 21.0).abs() < 1e-9, "{ratio}");
        // #767676 is the lightest grey with 4.5:1 on white.
        let grey = Color::parse("#767676").unwrap_or_default();
        assert!(grey.contrast(Color::WHITE) >= 4.5);
        let lighter = Color::parse("#777777").unwrap_or_default();
        assert!(lighter.contrast(Color::WHITE) < 4.5);
    }

    #[test]
    fn every_colour_gets_readable_text_on_it_and_a_readable_text_shade() {
        for r in (0..=255).step_by(15) {
            for g in (0..=255).step_by(15) {
                for b in (0..=255).step_by(15) {
                    let color = Color([r, g, b]);
                    let on = color.text_on();
                    assert!(on.contrast(color) >= MIN_CONTRAST, "{on} on {color}");
                    let text = color.as_text_on_light();
                    assert!(text.contrast(WASH) >= MIN_CONTRAST, "{text} from {color}");
                    assert!(text.contrast(Color::WHITE) >= MIN_CONTRAST, "{text}");
                }
            }
        }
        assert_eq!(
            Color::parse("#000091").map(Color::text_on),
            Some(Color::WHITE)
        );
        assert_eq!(
            Color::parse("#ffcc00").map(Color::text_on),
            Some(Color::NEAR_BLACK)
        );
        // A dark colour is kept as it is for links.
        assert_eq!(DEFAULT_PRIMARY.as_text_on_light(), DEFAULT_PRIMARY);
    }
}
