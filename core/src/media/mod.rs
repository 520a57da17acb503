//! Reuse images: judged by content, decoded with limits (no decompression bombs), re-encoded
//! (the uploaded bytes are never kept or served), capped at 800 px, with square 500/100/50/25 px
//! thumbnails, stored under content-hashed names in the data directory or a bucket.
//!
//! Encoding: JPEG (quality 85) for opaque images, PNG for images that really use transparency.
//! WebP would be smaller, but `image` 0.25 only encodes *lossless* WebP, which for photos is
//! several times larger than JPEG 85 and slower to produce; JPEG and PNG are read everywhere.
//! Re-encoding drops every metadata chunk (EXIF with its GPS position, XMP, comments, ICC);
//! the EXIF orientation is applied to the pixels first so phone photos stay upright.

mod cover;
mod decode;
mod encode;
mod identicon;
mod limits;
mod process;
mod store;
#[cfg(test)]
mod store_tests;
#[cfg(test)]
mod tests;

pub use cover::{CoverText, generated_cover};
pub use encode::EncodedImage;
pub use identicon::{MAX_IDENTICON_SIZE, MIN_IDENTICON_SIZE, identicon};
pub use limits::{ImageLimits, MediaError};
pub use process::{ORIGINAL_MAX, ProcessedImage, THUMBNAILS, process_image};
pub use store::{CACHE_CONTROL, MediaStore, StoredImage, content_type, location};

use crate::state::AppState;
use crate::urls::link;

/// Checks, re-encodes and stores an upload for the site; returns the URLs of the image and of
/// its 500 px thumbnail. The decoding and encoding run off the request threads. Nothing refers
/// to the stored objects until the caller writes these URLs: a failure before then leaves at
/// most unreferenced objects.
pub async fn store_upload(
    state: &AppState,
    bytes: Vec<u8>,
) -> Result<(String, String), MediaError> {
    let limits = ImageLimits {
        max_bytes: state.config.image_max_bytes,
        ..ImageLimits::default()
    };
    let processed = tokio::task::spawn_blocking(move || process_image(&bytes, &limits))
        .await
        .map_err(|err| MediaError::Storage(std::io::Error::other(err.to_string())))??;
    let stored = state.media.store(&processed).await?;
    let url = |name: &str| link(&state.config.public_url, &format!("media/{name}"));
    Ok((url(&stored.original), url(stored.thumbnail(500))))
}
