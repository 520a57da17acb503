//! Identicons: the picture of someone who has no avatar, drawn from an id (udata's
//! `/avatars/{id}/{size}/`, which draws them with pydenticon).

use std::io::Cursor;

use image::{ImageFormat, Rgb, RgbImage};
use sha2::{Digest, Sha256};

/// Smallest identicon drawn; a smaller size asked for gets this one.
pub const MIN_IDENTICON_SIZE: u32 = 16;
/// Largest identicon drawn (udata's largest avatar); a larger size asked for gets this one.
pub const MAX_IDENTICON_SIZE: u32 = 500;

/// Cells on each side of the grid.
const CELLS: u32 = 5;
/// Colour of the empty cells and of the margin.
const BACKGROUND: Rgb<u8> = Rgb([240, 240, 240]);

/// A PNG of `size` (clamped to [`MIN_IDENTICON_SIZE`]..=[`MAX_IDENTICON_SIZE`]) pixels a side:
/// a 5×5 grid, symmetric left to right, whose filled cells and colour come from the SHA-256 of
/// `seed`, in a margin of a tenth of the size. The same seed always gives the same picture.
pub fn identicon(seed: &str, size: u32) -> Vec<u8> {
    let size = size.clamp(MIN_IDENTICON_SIZE, MAX_IDENTICON_SIZE);
    let hash = Sha256::digest(seed.as_bytes());
    let colour = colour_of(u16::from_be_bytes([hash[0], hash[1]]));
    // Columns 0, 1 and 2 carry the pattern (15 bits); 3 and 4 mirror 1 and 0.
    let filled = |column: u32, row: u32| {
        let bit = column.min(CELLS - 1 - column) * CELLS + row;
        let byte = hash[2 + (bit / 8) as usize];
        (byte >> (bit % 8)) & 1 == 1
    };
    let margin = size / 10;
    let inner = size - 2 * margin;
    let picture = RgbImage::from_fn(size, size, |x, y| {
        // Each pixel of the right half is drawn as its mirror: symmetric to the pixel.
        let x = x.min(size - 1 - x);
        let inside = (margin..margin + inner).contains(&x) && (margin..margin + inner).contains(&y);
        if inside && filled((x - margin) * CELLS / inner, (y - margin) * CELLS / inner) {
            colour
        } else {
            BACKGROUND
        }
    });
    let mut bytes = Vec::new();
    // Encoding a PNG into memory does not fail.
    let _ = picture.write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png);
    bytes
}

/// A colour of hue `seed` (on 360 degrees), saturated enough to stand out on the background
/// and dark enough to read on white.
fn colour_of(seed: u16) -> Rgb<u8> {
    let hue = f32::from(seed % 360) / 60.0;
    let (saturation, lightness) = (0.55_f32, 0.5_f32);
    let chroma = (1.0 - (2.0 * lightness - 1.0).abs()) * saturation;
    let second = chroma * (1.0 - (hue % 2.0 - 1.0).abs());
    let (r, g, b) = match hue as u32 {
        0 => (chroma, second, 0.0),
        1 => (second, chroma, 0.0),
        2 => (0.0, chroma, second),
        3 => (0.0, second, chroma),
        4 => (second, 0.0, chroma),
        _ => (chroma, 0.0, second),
    };
    let base = lightness - chroma / 2.0;
    let channel = |value: f32| ((value + base) * 255.0).round() as u8;
    Rgb([channel(r), channel(g), channel(b)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8]) -> RgbImage {
        image::load_from_memory_with_format(bytes, ImageFormat::Png)
            .unwrap()
            .to_rgb8()
    }

    #[test]
    fn an_id_always_gives_the_same_picture_and_two_ids_two_pictures() {
        assert_eq!(identicon("ada", 64), identicon("ada", 64));
        assert_ne!(identicon("ada", 64), identicon("bob", 64));
    }

    #[test]
    fn the_picture_is_the_size_asked_within_bounds() {
        assert_eq!(decoded(&identicon("ada", 100)).dimensions(), (100, 100));
        assert_eq!(decoded(&identicon("ada", 1)).dimensions(), (16, 16));
        assert_eq!(decoded(&identicon("ada", 100_000)).dimensions(), (500, 500));
    }

    #[test]
    fn the_pattern_is_symmetric_left_to_right_and_framed_by_a_margin() {
        for seed in ["ada", "bob", "5f0c1d2e3a4b5c6d7e8f9a0b"] {
            let picture = decoded(&identicon(seed, 100));
            for y in 0..100 {
                for x in 0..100 {
                    assert_eq!(picture.get_pixel(x, y), picture.get_pixel(99 - x, y));
                }
                assert_eq!(*picture.get_pixel(5, y), BACKGROUND);
            }
        }
    }
}
