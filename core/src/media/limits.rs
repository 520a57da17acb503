//! What an upload may be, and why one is refused, in words the uploader can act on.

use crate::error::AppError;

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
    /// The image store (the media directory or the bucket) failed (500).
    #[error("the image store failed: {0}")]
    Store(#[from] object_store::Error),
}

impl From<MediaError> for AppError {
    fn from(err: MediaError) -> Self {
        match err {
            MediaError::TooLarge { .. } => AppError::PayloadTooLarge(format!("file: {err}")),
            MediaError::UnsupportedType => AppError::UnsupportedMediaType(format!("file: {err}")),
            MediaError::Invalid(_) => AppError::field("file", err.to_string()),
            MediaError::Storage(_) | MediaError::Store(_) => AppError::Internal(err.to_string()),
        }
    }
}

/// A byte count for people: `5 MB`, `12.3 MB`, `40 KB`.
pub(super) fn size_text(bytes: usize) -> String {
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
