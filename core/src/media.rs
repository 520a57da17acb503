//! Reuse images: judged by content, decoded with limits (no decompression bombs), re-encoded
//! (the uploaded bytes are never kept or served), capped at 800 px, with square 500/100/50/25 px
//! thumbnails, stored under content-hashed names in the data directory.
//!
//! Encoding: JPEG (quality 85) for opaque images, PNG for images that really use transparency.
//! WebP would be smaller, but `image` 0.25 only encodes *lossless* WebP, which for photos is
//! several times larger than JPEG 85 and slower to produce; JPEG and PNG are read everywhere.
//! Re-encoding drops every metadata chunk (EXIF with its GPS position, XMP, comments, ICC);
//! the EXIF orientation is applied to the pixels first so phone photos stay upright.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::error::AppError;
use crate::urls::link;

/// Longest side of the kept image.
pub const ORIGINAL_MAX: u32 = 800;
/// Thumbnail sizes (square).
pub const THUMBNAILS: [u32; 4] = [THUMBNAIL_MAX, 100, 50, 25];
/// The largest thumbnail, from which the others are made.
const THUMBNAIL_MAX: u32 = 500;
/// JPEG quality of every opaque output: no visible loss at these sizes, about a tenth of PNG.
const JPEG_QUALITY: u8 = 85;

/// What an upload may be.
#[derive(Clone, Copy, Debug)]
pub struct ImageLimits {
    /// Largest upload in bytes.
    pub max_bytes: usize,
    /// Widest image in pixels.
    pub max_width: u32,
    /// Tallest image in pixels.
    pub max_height: u32,
    /// Memory the decoder may allocate for the pixels, in bytes.
    pub max_alloc: u64,
}

impl Default for ImageLimits {
    fn default() -> Self {
        Self {
            max_bytes: 5 * 1024 * 1024,
            max_width: 10_000,
            max_height: 10_000,
            max_alloc: 256 * 1024 * 1024,
        }
    }
}

/// Why an image was refused or could not be kept.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// Over the size limit (413).
    #[error("the file is {}; the largest image accepted is {}", size_text(*size), size_text(*max_bytes))]
    TooLarge {
        /// The file's size in bytes.
        size: usize,
        /// The limit in bytes.
        max_bytes: usize,
    },
    /// Not PNG, JPEG, WebP or GIF by its content (415).
    #[error("the file is not a PNG, JPEG, WebP or GIF image (judged by its content, not its name)")]
    UnsupportedType,
    /// Damaged, over the pixel limits, or too costly to decode (400); the message says which.
    #[error("{0}")]
    Invalid(String),
    /// Encoding or writing failed on our side (500).
    #[error("the image could not be stored: {0}")]
    Storage(#[from] std::io::Error),
}

impl From<MediaError> for AppError {
    fn from(err: MediaError) -> Self {
        match err {
            MediaError::TooLarge { .. } => AppError::PayloadTooLarge(format!("file: {err}")),
            MediaError::UnsupportedType => AppError::UnsupportedMediaType(format!("file: {err}")),
            MediaError::Invalid(_) => AppError::field("file", err.to_string()),
            MediaError::Storage(_) => AppError::Internal(err.to_string()),
        }
    }
}

/// A re-encoded image.
#[derive(Clone, Debug)]
pub struct EncodedImage {
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// `jpg` or `png`.
    pub extension: &'static str,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// The kept image and its thumbnails.
#[derive(Clone, Debug)]
pub struct ProcessedImage {
    /// At most 800 px on its longest side, never upscaled.
    pub original: EncodedImage,
    /// Square thumbnails by requested size (500, 100, 50, 25), never upscaled.
    pub thumbnails: Vec<(u32, EncodedImage)>,
}

/// Checks, decodes and re-encodes an upload (CPU-bound: call it off the async threads).
pub fn process_image(bytes: &[u8], limits: &ImageLimits) -> Result<ProcessedImage, MediaError> {
    if bytes.len() > limits.max_bytes {
        return Err(MediaError::TooLarge {
            size: bytes.len(),
            max_bytes: limits.max_bytes,
        });
    }
    let (decoded, orientation) = decode(bytes, limits)?;
    let mut image = reduce(decoded);
    image.apply_orientation(orientation);
    let opaque = !uses_transparency(&image);
    let (width, height) = (image.width(), image.height());
    let original = if width.max(height) > ORIGINAL_MAX {
        let (fit_width, fit_height) = fit_inside(width, height, ORIGINAL_MAX);
        image.resize_exact(fit_width, fit_height, FilterType::Lanczos3)
    } else {
        image.clone()
    };
    // Thumbnails are center-cropped squares, as udata's are, so gallery cards line up.
    // Cropping before resizing keeps the work bounded (`resize_to_fill` on a 10000×1 image
    // would first enlarge it to 5,000,000×500), and a crop smaller than a size is kept as it
    // is rather than enlarged.
    let side = width.min(height);
    let square = image.crop_imm((width - side) / 2, (height - side) / 2, side, side);
    drop(image);
    // The small thumbnails come from the largest one: one big downscale instead of four.
    let base = shrink_square(&square, THUMBNAIL_MAX);
    drop(square);
    let thumbnails = THUMBNAILS
        .iter()
        .map(|&size| Ok((size, encode(&shrink_square(&base, size), opaque)?)))
        .collect::<Result<Vec<_>, MediaError>>()?;
    Ok(ProcessedImage {
        original: encode(&original, opaque)?,
        thumbnails,
    })
}

/// A fast box-filter reduction of a large photo to twice what the outputs need, so the
/// Lanczos3 passes that follow work on a few megapixels instead of up to a hundred (Pillow's
/// `reducing_gap` does the same): a 48 MP photo takes ~1.4 s instead of ~8 s in a debug
/// build, for outputs within about 1% (mean pixel difference) of a direct Lanczos3.
fn reduce(image: DynamicImage) -> DynamicImage {
    let (width, height) = (image.width(), image.height());
    let (longest, shortest) = (width.max(height), width.min(height));
    let factor = f64::max(
        f64::from(2 * ORIGINAL_MAX) / f64::from(longest),
        f64::from(2 * THUMBNAIL_MAX) / f64::from(shortest),
    );
    if factor >= 0.5 {
        return image;
    }
    let scaled = |side: u32| ((f64::from(side) * factor).round() as u32).max(1);
    image.thumbnail_exact(scaled(width), scaled(height))
}

/// The size of a `width`×`height` image fitted inside a `max`×`max` square, aspect kept.
fn fit_inside(width: u32, height: u32, max: u32) -> (u32, u32) {
    let scaled = |side: u32, longest: u32| {
        let side = (u64::from(side) * u64::from(max) + u64::from(longest) / 2) / u64::from(longest);
        u32::try_from(side).unwrap_or(max).max(1)
    };
    if width >= height {
        (max, scaled(height, width))
    } else {
        (scaled(width, height), max)
    }
}

/// Decodes the first frame, refusing before any pixel buffer is allocated when the header
/// announces more pixels or memory than allowed.
fn decode(bytes: &[u8], limits: &ImageLimits) -> Result<(DynamicImage, Orientation), MediaError> {
    let format = image::guess_format(bytes).map_err(|_| MediaError::UnsupportedType)?;
    if !matches!(
        format,
        ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP | ImageFormat::Gif
    ) {
        return Err(MediaError::UnsupportedType);
    }
    // Dimensions are checked by hand below so the message can name them; the memory cap
    // applies from the start (the PNG decoder also bounds its text chunks with it).
    let mut decoder_limits = Limits::default();
    decoder_limits.max_alloc = Some(limits.max_alloc);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(decoder_limits.clone());
    let mut decoder = reader
        .into_decoder()
        .map_err(|err| unreadable(err, limits))?;
    let (width, height) = decoder.dimensions();
    if width > limits.max_width || height > limits.max_height {
        return Err(MediaError::Invalid(format!(
            "the image is {width}×{height} pixels; the largest accepted is {}×{}",
            limits.max_width, limits.max_height
        )));
    }
    if width == 0 || height == 0 {
        return Err(MediaError::Invalid(format!(
            "the image is {width}×{height} pixels: it has no pixels to show"
        )));
    }
    let needed = decoder.total_bytes();
    if needed > limits.max_alloc {
        return Err(MediaError::Invalid(too_much_memory(needed, limits)));
    }
    decoder_limits.max_image_width = Some(limits.max_width);
    decoder_limits.max_image_height = Some(limits.max_height);
    decoder_limits
        .reserve(needed)
        .and_then(|()| decoder.set_limits(decoder_limits))
        .map_err(|err| unreadable(err, limits))?;
    // Applied by the caller once the image is smaller: rotating a full-size photo costs a copy.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let image = DynamicImage::from_decoder(decoder).map_err(|err| unreadable(err, limits))?;
    Ok((image, orientation))
}

/// A decoder error, as the uploader should read it.
fn unreadable(err: ImageError, limits: &ImageLimits) -> MediaError {
    match err {
        ImageError::Limits(_) => MediaError::Invalid(format!(
            "the image needs too much memory to decode; the most allowed is {} \
             (and {}×{} pixels)",
            size_text(usize::try_from(limits.max_alloc).unwrap_or(usize::MAX)),
            limits.max_width,
            limits.max_height
        )),
        ImageError::Unsupported(detail) => MediaError::Invalid(format!(
            "the image uses a feature that is not supported: {detail}"
        )),
        other => MediaError::Invalid(format!(
            "the image is damaged or incomplete and cannot be read: {other}"
        )),
    }
}

/// The message for a header that announces more pixel memory than allowed.
fn too_much_memory(needed: u64, limits: &ImageLimits) -> String {
    let text = |bytes: u64| size_text(usize::try_from(bytes).unwrap_or(usize::MAX));
    format!(
        "decoding the image would need {} of memory; the most allowed is {}",
        text(needed),
        text(limits.max_alloc)
    )
}

/// A byte count for people: `5 MB`, `12.3 MB`, `40 KB`.
fn size_text(bytes: usize) -> String {
    const MB: usize = 1024 * 1024;
    if bytes >= MB && bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else if bytes >= MB / 10 {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    } else if bytes >= 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{bytes} bytes")
    }
}

/// A square scaled down to `size` px, or left as it is when already that small.
fn shrink_square(square: &DynamicImage, size: u32) -> DynamicImage {
    if square.width() <= size {
        square.clone()
    } else {
        square.resize_exact(size, size, FilterType::Lanczos3)
    }
}

/// Whether any pixel is not fully opaque (an alpha channel alone is not enough: many
/// screenshots carry one that is 255 everywhere).
fn uses_transparency(image: &DynamicImage) -> bool {
    if !image.color().has_alpha() {
        return false;
    }
    match image.as_rgba8() {
        Some(rgba) => rgba.pixels().any(|pixel| pixel.0[3] < u8::MAX),
        None => image.to_rgba8().pixels().any(|pixel| pixel.0[3] < u8::MAX),
    }
}

/// JPEG when opaque, PNG (RGBA, 8 bits) when the source uses transparency.
fn encode(image: &DynamicImage, opaque: bool) -> Result<EncodedImage, MediaError> {
    let mut bytes = Vec::new();
    let failed = |err: ImageError| MediaError::Storage(std::io::Error::other(err.to_string()));
    let extension = if opaque {
        JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY)
            .encode_image(&image.to_rgb8())
            .map_err(failed)?;
        "jpg"
    } else {
        image
            .to_rgba8()
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .map_err(failed)?;
        "png"
    };
    Ok(EncodedImage {
        bytes,
        extension,
        width: image.width(),
        height: image.height(),
    })
}

/// Where a stored image and its thumbnails are, relative to the media root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredImage {
    /// The kept image, like `images/<hash>-800.jpg`.
    pub original: String,
    /// Thumbnails by requested size.
    pub thumbnails: Vec<(u32, String)>,
}

impl StoredImage {
    /// The thumbnail of `size`, or the original.
    pub fn thumbnail(&self, size: u32) -> &str {
        self.thumbnails
            .iter()
            .find(|(s, _)| *s == size)
            .map_or(self.original.as_str(), |(_, name)| name.as_str())
    }
}

/// Image files under `<data dir>/media`.
#[derive(Clone, Debug)]
pub struct MediaStore {
    root: PathBuf,
}

impl MediaStore {
    /// The store of a data directory.
    pub fn new(data_dir: &Path) -> Self {
        Self {
            root: data_dir.join("media"),
        }
    }

    /// Writes an image and its thumbnails as `images/<hash>-<longest side>.<ext>`, where the
    /// hash is of the bytes: storing the same image again writes nothing and gives the same names.
    pub fn store(&self, image: &ProcessedImage) -> Result<StoredImage, MediaError> {
        let dir = self.root.join("images");
        std::fs::create_dir_all(&dir)?;
        Ok(StoredImage {
            original: write_once(&dir, &image.original)?,
            thumbnails: image
                .thumbnails
                .iter()
                .map(|(size, encoded)| Ok((*size, write_once(&dir, encoded)?)))
                .collect::<Result<_, MediaError>>()?,
        })
    }

    /// The file of a stored name, if the name is one this store makes: `images/`, 32 hex
    /// digits, `-`, a size, `.jpg` or `.png`. Anything else (`..`, absolute paths, other
    /// folders, percent-encoding, hidden temporary files) is `None`.
    pub fn path_of(&self, relative: &str) -> Option<PathBuf> {
        let name = relative.strip_prefix("images/")?;
        let (stem, extension) = name.rsplit_once('.')?;
        let (hash, size) = stem.split_once('-')?;
        let valid = matches!(extension, "jpg" | "png")
            && hash.len() == 32
            && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            && (1..=5).contains(&size.len())
            && size.bytes().all(|b| b.is_ascii_digit());
        valid.then(|| self.root.join("images").join(name))
    }

    /// Deletes an image's files, best effort (a missing file is not an error). Names are
    /// content hashes, so two reuses with the same picture share files: call this only when
    /// no other row refers to them.
    pub fn remove(&self, stored: &StoredImage) {
        let names =
            std::iter::once(&stored.original).chain(stored.thumbnails.iter().map(|(_, n)| n));
        for name in names {
            let Some(path) = self.path_of(name) else {
                tracing::warn!(
                    name,
                    "not removing an image with a name the store does not make"
                );
                continue;
            };
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                Err(err) => {
                    tracing::warn!(path = %path.display(), error = %err, "image not removed")
                }
            }
        }
    }
}

/// Writes `encoded` under its content name unless it is already there; returns `images/<name>`.
fn write_once(dir: &Path, encoded: &EncodedImage) -> Result<String, MediaError> {
    let hash = hex::encode(Sha256::digest(&encoded.bytes));
    let side = encoded.width.max(encoded.height);
    let name = format!("{}-{side}.{}", &hash[..32], encoded.extension);
    let path = dir.join(&name);
    if !path.exists() {
        // Written beside, flushed to disk, then renamed: a crash never leaves half an image
        // under its final name, and the hidden temporary name is never served.
        let partial = dir.join(format!(".{name}.{}.partial", uuid::Uuid::new_v4().simple()));
        let written = std::fs::File::create(&partial).and_then(|mut file| {
            file.write_all(&encoded.bytes)?;
            file.sync_all()
        });
        if let Err(err) = written.and_then(|()| std::fs::rename(&partial, &path)) {
            let _ = std::fs::remove_file(&partial);
            return Err(err.into());
        }
    }
    Ok(format!("images/{name}"))
}

/// Checks, re-encodes and stores an upload for the site; returns the URLs of the image and of
/// its 500 px thumbnail. The work runs off the request threads.
pub async fn store_upload(config: &Config, bytes: Vec<u8>) -> Result<(String, String), MediaError> {
    let limits = ImageLimits {
        max_bytes: config.image_max_bytes,
        ..ImageLimits::default()
    };
    let store = MediaStore::new(&config.data_dir);
    let stored = tokio::task::spawn_blocking(move || {
        let processed = process_image(&bytes, &limits)?;
        store.store(&processed)
    })
    .await
    .map_err(|err| MediaError::Storage(std::io::Error::other(err.to_string())))??;
    let url = |name: &str| link(&config.public_url, &format!("media/{name}"));
    Ok((url(&stored.original), url(stored.thumbnail(500))))
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use image::codecs::gif::GifEncoder;
    use image::codecs::webp::WebPEncoder;
    use image::{Delay, Frame, GenericImageView, ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};
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

    fn png(width: u32, height: u32) -> Vec<u8> {
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

    fn process(bytes: &[u8]) -> Result<ProcessedImage, MediaError> {
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

    #[test]
    fn storing_twice_gives_the_same_names_and_path_of_only_accepts_them() {
        let dir = tempfile::tempdir().unwrap();
        let store = MediaStore::new(dir.path());
        let processed = process(&png(1200, 900)).unwrap();
        let first = store.store(&processed).unwrap();
        let second = store.store(&processed).unwrap();
        assert_eq!(first, second);
        let (hash, rest) = first.original.strip_prefix("images/").unwrap().split_at(32);
        assert!(
            hash.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert_eq!(rest, "-800.jpg");
        assert_eq!(first.thumbnail(500), first.thumbnails[0].1);
        assert!(first.thumbnails[3].1.ends_with("-25.jpg"));

        for name in std::iter::once(&first.original).chain(first.thumbnails.iter().map(|(_, n)| n))
        {
            let path = store.path_of(name).unwrap();
            assert!(path.starts_with(dir.path().join("media/images")));
            assert!(
                std::fs::read(&path).unwrap().starts_with(&[0xFF, 0xD8]),
                "{name}"
            );
        }
        let files = std::fs::read_dir(dir.path().join("media/images"))
            .unwrap()
            .count();
        assert_eq!(files, 5, "no temporary file is left behind");

        let valid = first.original.trim_start_matches("images/");
        for evil in [
            "../x".to_owned(),
            "/etc/passwd".to_owned(),
            "images/../../x".to_owned(),
            "images/x.exe".to_owned(),
            "other/abc.jpg".to_owned(),
            format!("other/{valid}"),
            format!("images/../images/{valid}"),
            format!("images//{valid}"),
            format!("/images/{valid}"),
            format!("images/{}", valid.replace(".jpg", ".exe")),
            format!("images/{}", valid.to_uppercase()),
            format!("images/.{valid}.0123.partial"),
            "images/%2e%2e%2fetc%2fpasswd.jpg".to_owned(),
            "images/..%2f0123456789abcdef0123456789abcdef-1.jpg".to_owned(),
            "images/0123456789abcdef0123456789abcdef-1.jpg/".to_owned(),
            "images/0123456789abcdef0123456789abcdef-1.jpg\0".to_owned(),
            "images/0123456789abcdef0123456789abcdef-.jpg".to_owned(),
            "images/0123456789abcdef-1.jpg".to_owned(),
            "images\\0123456789abcdef0123456789abcdef-1.jpg".to_owned(),
        ] {
            assert!(store.path_of(&evil).is_none(), "{evil:?} must be refused");
        }

        store.remove(&first);
        assert!(!store.path_of(&first.original).unwrap().exists());
        store.remove(&first); // Already gone: nothing to do, no panic.
    }
}
