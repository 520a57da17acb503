//! Unit tests of the image pipeline: limits, decoding, re-encoding and thumbnails.

use super::*;
use image::codecs::gif::GifEncoder;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::webp::WebPEncoder;
use image::{Delay, Frame, GenericImageView, ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};
use image::{DynamicImage, ImageFormat};
use std::io::Cursor;
use std::time::{Duration, Instant};

fn gradient(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    })
}

fn encoded(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), format)
        .unwrap();
    bytes
}

pub(super) fn png(width: u32, height: u32) -> Vec<u8> {
    encoded(&gradient(width, height).into(), ImageFormat::Png)
}

fn decoded(image: &EncodedImage) -> DynamicImage {
    let format = image::guess_format(&image.bytes).unwrap();
    assert_eq!(
        format,
        if image.extension == "png" {
            ImageFormat::Png
        } else {
            ImageFormat::Jpeg
        },
        "the extension says what the bytes are"
    );
    let pixels = image::load_from_memory(&image.bytes).unwrap();
    assert_eq!(
        (pixels.width(), pixels.height()),
        (image.width, image.height)
    );
    pixels
}

pub(super) fn process(bytes: &[u8]) -> Result<ProcessedImage, MediaError> {
    process_image(bytes, &ImageLimits::default())
}

fn sizes(processed: &ProcessedImage) -> Vec<(u32, u32, u32)> {
    processed
        .thumbnails
        .iter()
        .map(|(size, thumb)| (*size, thumb.width, thumb.height))
        .collect()
}

#[test]
fn a_large_png_is_capped_at_800_px_with_square_thumbnails() {
    let processed = process(&png(2000, 1000)).unwrap();
    assert_eq!(decoded(&processed.original).dimensions(), (800, 400));
    assert_eq!(
        processed.original.extension, "jpg",
        "opaque images become JPEG"
    );
    assert_eq!(
        sizes(&processed),
        [(500, 500, 500), (100, 100, 100), (50, 50, 50), (25, 25, 25)]
    );
    for (_, thumb) in &processed.thumbnails {
        decoded(thumb);
        assert_eq!(thumb.extension, "jpg");
    }
}

#[test]
fn a_large_photo_is_reduced_in_two_steps_to_the_same_sizes() {
    // Over twice the outputs' needs, so the box pre-reduction runs before Lanczos3.
    let processed = process(&png(3300, 2100)).unwrap();
    assert_eq!(decoded(&processed.original).dimensions(), (800, 509));
    assert_eq!(
        sizes(&processed),
        [(500, 500, 500), (100, 100, 100), (50, 50, 50), (25, 25, 25)]
    );
}

#[test]
fn a_small_jpeg_is_not_upscaled() {
    let processed = process(&encoded(&gradient(300, 200).into(), ImageFormat::Jpeg)).unwrap();
    assert_eq!(decoded(&processed.original).dimensions(), (300, 200));
    assert_eq!(
        sizes(&processed),
        [(500, 200, 200), (100, 100, 100), (50, 50, 50), (25, 25, 25)],
        "the 500 px thumbnail is the 200 px center square, not an enlargement"
    );
}

#[test]
fn transparency_keeps_png_and_an_unused_alpha_channel_does_not() {
    let holes = RgbaImage::from_fn(60, 40, |x, _| {
        Rgba([200, 10, 10, if x < 30 { 0 } else { 255 }])
    });
    let processed = process(&encoded(&holes.into(), ImageFormat::Png)).unwrap();
    assert_eq!(processed.original.extension, "png");
    assert!(
        processed
            .thumbnails
            .iter()
            .all(|(_, t)| t.extension == "png")
    );
    let original = decoded(&processed.original).to_rgba8();
    assert_eq!(
        original.get_pixel(0, 0).0[3],
        0,
        "transparent stays transparent"
    );
    assert_eq!(original.get_pixel(59, 0).0[3], 255);

    let solid = RgbaImage::from_pixel(60, 40, Rgba([1, 2, 3, 255]));
    let processed = process(&encoded(&solid.into(), ImageFormat::Png)).unwrap();
    assert_eq!(processed.original.extension, "jpg");
}

#[test]
fn a_gif_gives_its_first_frame() {
    let frame = |colour: [u8; 4]| {
        Frame::from_parts(
            RgbaImage::from_pixel(64, 48, Rgba(colour)),
            0,
            0,
            Delay::from_numer_denom_ms(100, 1),
        )
    };
    let mut bytes = Vec::new();
    GifEncoder::new(&mut bytes)
        .encode_frames([frame([255, 0, 0, 255]), frame([0, 0, 255, 255])])
        .unwrap();
    let processed = process(&bytes).unwrap();
    let original = decoded(&processed.original).to_rgb8();
    assert_eq!(original.dimensions(), (64, 48));
    let [r, g, b] = original.get_pixel(32, 24).0;
    assert!(
        r > 200 && g < 50 && b < 50,
        "first frame is red, got {r},{g},{b}"
    );
}

#[test]
fn a_webp_is_accepted() {
    let mut bytes = Vec::new();
    WebPEncoder::new_lossless(&mut bytes)
        .write_image(
            gradient(120, 90).as_raw(),
            120,
            90,
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    assert_eq!(
        decoded(&process(&bytes).unwrap().original).dimensions(),
        (120, 90)
    );
}

#[test]
fn the_exif_orientation_is_applied_and_the_exif_dropped() {
    // A little-endian TIFF header and one IFD entry: Orientation (0x0112) = 6, "rotate 90°".
    let mut exif = b"II*\0\x08\0\0\0\x01\0".to_vec();
    exif.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0]);
    let mut bytes = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut bytes, 90);
    encoder.set_exif_metadata(exif).unwrap();
    encoder.encode_image(&gradient(300, 200)).unwrap();
    assert!(
        bytes.windows(6).any(|w| w == b"Exif\0\0"),
        "the fixture has EXIF"
    );

    let processed = process(&bytes).unwrap();
    assert_eq!(decoded(&processed.original).dimensions(), (200, 300));
    assert!(!processed.original.bytes.windows(4).any(|w| w == b"Exif"));
}

#[test]
fn the_type_is_judged_by_content_not_by_name() {
    // What a client would send as "x.png" with Content-Type image/png: the pipeline only
    // ever sees the bytes.
    let text = b"x.png: this is a text file, not a picture\n";
    assert!(matches!(process(text), Err(MediaError::UnsupportedType)));
    let bmp = [b"BM".as_slice(), &[0; 60]].concat();
    assert!(
        matches!(process(&bmp), Err(MediaError::UnsupportedType)),
        "BMP is refused"
    );
    let message = MediaError::UnsupportedType.to_string();
    assert!(message.contains("PNG, JPEG, WebP or GIF"), "{message}");
}

#[test]
fn a_truncated_or_corrupt_image_is_invalid() {
    let mut truncated = png(100, 100);
    truncated.truncate(truncated.len() / 2);
    let Err(MediaError::Invalid(message)) = process(&truncated) else {
        panic!("a truncated PNG must be invalid");
    };
    assert!(message.contains("damaged or incomplete"), "{message}");
    let garbage = [b"\x89PNG\r\n\x1a\n".as_slice(), &[7; 64]].concat();
    assert!(matches!(process(&garbage), Err(MediaError::Invalid(_))));
}

#[test]
fn a_file_over_the_size_limit_is_too_large() {
    let limits = ImageLimits {
        max_bytes: 1024 * 1024,
        ..ImageLimits::default()
    };
    let big = vec![0u8; 2 * 1024 * 1024 + 300 * 1024];
    let err = process_image(&big, &limits).err().unwrap();
    assert!(matches!(
        err,
        MediaError::TooLarge {
            max_bytes: 1_048_576,
            ..
        }
    ));
    assert_eq!(
        err.to_string(),
        "the file is 2.3 MB; the largest image accepted is 1 MB"
    );
}

/// The CRC-32 of PNG chunks (ISO 3309), bit by bit: plenty for one chunk.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A valid 1×1 PNG whose header (with a correct CRC) claims `width`×`height` pixels.
fn bomb(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = png(1, 1);
    // IHDR: length at 8, type at 12, data at 16 (width, height, …), CRC at 29.
    assert_eq!(&bytes[12..16], b"IHDR");
    bytes[16..20].copy_from_slice(&width.to_be_bytes());
    bytes[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

#[test]
fn a_decompression_bomb_is_refused_from_its_header() {
    let started = Instant::now();
    let refused = process(&bomb(60_000, 60_000));
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "refused without decoding"
    );
    let Err(MediaError::Invalid(message)) = refused else {
        panic!("a bomb must be invalid: {:?}", refused.err());
    };
    assert_eq!(
        message,
        "the image is 60000×60000 pixels; the largest accepted is 10000×10000"
    );
    assert!(
        matches!(process(&bomb(12_000, 9_000)), Err(MediaError::Invalid(m)) if m.contains("12000×9000"))
    );
}

#[test]
fn the_memory_cap_is_checked_before_allocating() {
    let limits = ImageLimits {
        max_alloc: 1024 * 1024,
        ..ImageLimits::default()
    };
    let Err(MediaError::Invalid(message)) = process_image(&bomb(2_000, 2_000), &limits) else {
        panic!("12 MB of pixels against a 1 MB cap must be refused");
    };
    assert_eq!(
        message,
        "decoding the image would need 11.4 MB of memory; the most allowed is 1 MB"
    );
}

#[test]
fn a_very_thin_image_does_not_blow_up_the_thumbnails() {
    let started = Instant::now();
    let processed = process(&png(10_000, 1)).unwrap();
    assert_eq!(decoded(&processed.original).dimensions(), (800, 1));
    assert_eq!(sizes(&processed)[0], (500, 1, 1));
    assert!(started.elapsed() < Duration::from_secs(5));
}
