//! Reuse images: judged by content, decoded with limits (no decompression bombs), re-encoded
//! (the uploaded bytes are never kept or served), capped at 800 px, with square 500/100/50/25 px
//! thumbnails, stored under content-hashed names in the data directory.
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
mod tests;

pub use cover::generated_cover;
pub use encode::EncodedImage;
pub use identicon::{MAX_IDENTICON_SIZE, MIN_IDENTICON_SIZE, identicon};
pub use limits::{ImageLimits, MediaError};
pub use process::{ORIGINAL_MAX, ProcessedImage, THUMBNAILS, process_image};
pub use store::{MediaStore, StoredImage};

use crate::config::Config;
use crate::urls::link;

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
