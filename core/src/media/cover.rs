//! Generated covers for reuses that have no image of their own.

use std::io::Cursor;

use image::ImageFormat;
use sha2::{Digest, Sha256};

/// A cover for a reuse without an image: a gradient and a disc in colours drawn from `seed`.
pub fn generated_cover(seed: &str) -> Vec<u8> {
    let hash = Sha256::digest(seed.as_bytes());
    let (a, b) = ([hash[0], hash[1], hash[2]], [hash[3], hash[4], hash[5]]);
    let (cx, cy, r) = (
        200.0 + f32::from(hash[6]) * 2.0,
        150.0 + f32::from(hash[7]),
        90.0 + f32::from(hash[8]) / 2.0,
    );
    let cover = image::RgbImage::from_fn(800, 600, |x, y| {
        let t = (x + y) as f32 / 1400.0;
        let mix = |i: usize| (f32::from(a[i]) * (1.0 - t) + f32::from(b[i]) * t) as u8;
        let inside = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt() < r;
        if inside {
            image::Rgb([255 - mix(0) / 2, 255 - mix(1) / 2, 255 - mix(2) / 2])
        } else {
            image::Rgb([mix(0), mix(1), mix(2)])
        }
    });
    let mut bytes = Vec::new();
    let _ = cover.write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png);
    bytes
}
