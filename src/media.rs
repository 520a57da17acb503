//! Reuse images: checked by content, decoded with limits (no decompression bombs), re-encoded
//! (the uploaded bytes are never served), capped at 800 px, with 500/100/50/25 px square
//! thumbnails, stored under content-hashed names in the data directory.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};

use crate::api::views::link;
use crate::config::Config;

/// Longest side of the kept image.
pub const ORIGINAL_MAX: u32 = 800;
/// Thumbnail sizes (square).
pub const THUMBNAILS: [u32; 4] = [500, 100, 50, 25];

/// What an upload may be.
#[derive(Clone, Copy, Debug)]
pub struct ImageLimits {
    /// Largest upload in bytes.
    pub max_bytes: usize,
    /// Widest image in pixels.
    pub max_width: u32,
    /// Tallest image in pixels.
    pub max_height: u32,
    /// Memory the decoder may use.
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

/// Why an image was refused.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// Over the size limit (413).
    #[error("the image is larger than {} MB", max_bytes / (1024 * 1024))]
    TooLarge {
        /// The limit.
        max_bytes: usize,
    },
    /// Not PNG, JPEG, WebP or GIF by its content (415).
    #[error("the file is not a PNG, JPEG, WebP or GIF image")]
    UnsupportedType,
    /// Broken, or over the pixel limits (400).
    #[error("the image cannot be used: {0}")]
    Invalid(String),
    /// Writing it failed (500).
    #[error("the image could not be stored: {0}")]
    Storage(#[from] std::io::Error),
}

/// A re-encoded image.
pub struct EncodedImage {
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// `jpg` or `png`.
    pub extension: &'static str,
}

/// The kept image and its thumbnails.
pub struct ProcessedImage {
    /// At most 800 px on its longest side.
    pub original: EncodedImage,
    /// Square thumbnails, by size.
    pub thumbnails: Vec<(u32, EncodedImage)>,
}

/// Checks, decodes and re-encodes an upload.
pub fn process_image(bytes: &[u8], limits: &ImageLimits) -> Result<ProcessedImage, MediaError> {
    if bytes.len() > limits.max_bytes {
        return Err(MediaError::TooLarge {
            max_bytes: limits.max_bytes,
        });
    }
    let format = image::guess_format(bytes).map_err(|_| MediaError::UnsupportedType)?;
    if !matches!(
        format,
        ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP | ImageFormat::Gif
    ) {
        return Err(MediaError::UnsupportedType);
    }
    let mut reader = ImageReader::new(Cursor::new(bytes));
    reader.set_format(format);
    let mut decoder_limits = Limits::default();
    decoder_limits.max_image_width = Some(limits.max_width);
    decoder_limits.max_image_height = Some(limits.max_height);
    decoder_limits.max_alloc = Some(limits.max_alloc);
    reader.limits(decoder_limits);
    let image = reader.decode().map_err(|err| match err {
        image::ImageError::Limits(_) => MediaError::Invalid(format!(
            "it is over {}×{} pixels or needs too much memory to decode",
            limits.max_width, limits.max_height
        )),
        other => MediaError::Invalid(other.to_string()),
    })?;
    let original = if image.width().max(image.height()) > ORIGINAL_MAX {
        image.resize(ORIGINAL_MAX, ORIGINAL_MAX, FilterType::Lanczos3)
    } else {
        image.clone()
    };
    let thumbnails = THUMBNAILS
        .iter()
        .map(|size| {
            Ok((
                *size,
                encode(&image.resize_to_fill(*size, *size, FilterType::Lanczos3))?,
            ))
        })
        .collect::<Result<Vec<_>, MediaError>>()?;
    Ok(ProcessedImage {
        original: encode(&original)?,
        thumbnails,
    })
}

/// PNG when the image uses transparency, JPEG (quality 85) otherwise: small, and readable everywhere.
fn encode(image: &DynamicImage) -> Result<EncodedImage, MediaError> {
    let transparent =
        image.color().has_alpha() && image.to_rgba8().pixels().any(|pixel| pixel.0[3] < 255);
    let mut bytes = Vec::new();
    if transparent {
        image
            .to_rgba8()
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .map_err(|err| MediaError::Invalid(err.to_string()))?;
        Ok(EncodedImage {
            bytes,
            extension: "png",
        })
    } else {
        JpegEncoder::new_with_quality(&mut bytes, 85)
            .encode_image(&image.to_rgb8())
            .map_err(|err| MediaError::Invalid(err.to_string()))?;
        Ok(EncodedImage {
            bytes,
            extension: "jpg",
        })
    }
}

/// Where a stored image and its thumbnails are, relative to the media root.
pub struct StoredImage {
    /// The kept image.
    pub original: String,
    /// Thumbnails, by size.
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

    /// Writes an image and its thumbnails under names made of their content's hash.
    pub fn store(&self, image: &ProcessedImage) -> Result<StoredImage, MediaError> {
        let dir = self.root.join("images");
        std::fs::create_dir_all(&dir)?;
        let write = |encoded: &EncodedImage, size: &str| -> Result<String, MediaError> {
            let hash = hex::encode(Sha256::digest(&encoded.bytes));
            let name = format!("{}-{size}.{}", &hash[..32], encoded.extension);
            let path = dir.join(&name);
            if !path.exists() {
                // Write beside, then rename: a crash never leaves half an image under its name.
                let partial = dir.join(format!(".{name}.{}", uuid::Uuid::new_v4().simple()));
                std::fs::write(&partial, &encoded.bytes)?;
                std::fs::rename(&partial, &path)?;
            }
            Ok(format!("images/{name}"))
        };
        Ok(StoredImage {
            original: write(&image.original, "orig")?,
            thumbnails: image
                .thumbnails
                .iter()
                .map(|(size, encoded)| Ok((*size, write(encoded, &size.to_string())?)))
                .collect::<Result<_, MediaError>>()?,
        })
    }

    /// The file of a stored name, if the name is one this store makes (no `..`, no other folder).
    pub fn path_of(&self, relative: &str) -> Option<PathBuf> {
        let name = relative.strip_prefix("images/")?;
        let (stem, extension) = name.rsplit_once('.')?;
        let valid = matches!(extension, "jpg" | "png")
            && !stem.is_empty()
            && stem.chars().all(|c| {
                c.is_ascii_hexdigit() || c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
            });
        valid.then(|| self.root.join("images").join(name))
    }
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
    use image::{Rgb, RgbImage, Rgba, RgbaImage};

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = RgbImage::from_fn(width, height, |x, y| {
            Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut bytes = Vec::new();
        image
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .unwrap();
        bytes
    }

    #[test]
    fn a_large_image_is_capped_and_thumbnailed() {
        let processed = process_image(&png(2000, 1000), &ImageLimits::default()).unwrap();
        let original = image::load_from_memory(&processed.original.bytes).unwrap();
        assert_eq!((original.width(), original.height()), (800, 400));
        assert_eq!(
            processed.original.extension, "jpg",
            "opaque images become JPEG"
        );
        for (size, thumb) in &processed.thumbnails {
            let decoded = image::load_from_memory(&thumb.bytes).unwrap();
            assert_eq!((decoded.width(), decoded.height()), (*size, *size));
        }
    }

    #[test]
    fn small_images_are_not_upscaled_and_transparency_stays_png() {
        let processed = process_image(&png(300, 200), &ImageLimits::default()).unwrap();
        let original = image::load_from_memory(&processed.original.bytes).unwrap();
        assert_eq!((original.width(), original.height()), (300, 200));
        let clear = RgbaImage::from_pixel(40, 40, Rgba([10, 20, 30, 0]));
        let mut bytes = Vec::new();
        clear
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .unwrap();
        assert_eq!(
            process_image(&bytes, &ImageLimits::default())
                .unwrap()
                .original
                .extension,
            "png"
        );
    }

    #[test]
    fn types_are_judged_by_content() {
        assert!(matches!(
            process_image(b"not an image at all", &ImageLimits::default()),
            Err(MediaError::UnsupportedType)
        ));
        let mut truncated = png(100, 100);
        truncated.truncate(truncated.len() / 2);
        assert!(matches!(
            process_image(&truncated, &ImageLimits::default()),
            Err(MediaError::Invalid(_))
        ));
        let limits = ImageLimits {
            max_bytes: 10,
            ..ImageLimits::default()
        };
        assert!(matches!(
            process_image(&png(10, 10), &limits),
            Err(MediaError::TooLarge { .. })
        ));
    }

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

    /// A tiny PNG whose header claims `width`×`height` pixels.
    pub fn bomb(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = png(1, 1);
        // IHDR data starts at byte 16 (8 signature + 4 length + 4 type).
        bytes[16..20].copy_from_slice(&width.to_be_bytes());
        bytes[20..24].copy_from_slice(&height.to_be_bytes());
        let crc = crc32(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        bytes
    }

    #[test]
    fn a_decompression_bomb_is_refused_before_decoding() {
        let started = std::time::Instant::now();
        let refused = process_image(&bomb(60_000, 60_000), &ImageLimits::default());
        assert!(
            matches!(refused, Err(MediaError::Invalid(_))),
            "{:?}",
            refused.err()
        );
        assert!(started.elapsed().as_secs() < 5);
    }

    #[test]
    fn stored_names_are_safe_and_stable() {
        let dir = tempfile::tempdir().unwrap();
        let store = MediaStore::new(dir.path());
        let processed = process_image(&png(120, 80), &ImageLimits::default()).unwrap();
        let first = store.store(&processed).unwrap();
        let second = store.store(&processed).unwrap();
        assert_eq!(first.original, second.original);
        assert!(store.path_of(&first.original).unwrap().exists());
        for evil in [
            "../x.jpg",
            "/etc/passwd",
            "images/../../x.jpg",
            "images/x.exe",
            "other/abc.jpg",
            "images/.hidden.jpg",
            "images/%2e%2e.jpg",
        ] {
            assert!(store.path_of(evil).is_none(), "{evil}");
        }
    }
}
