//! Re-encoding: JPEG for opaque images, PNG for those that really use transparency, with no
//! metadata carried over from the upload.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageError, ImageFormat};

use super::limits::MediaError;

/// JPEG quality of every opaque output: no visible loss at these sizes, about a tenth of PNG.
const JPEG_QUALITY: u8 = 85;

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

/// Whether any pixel is not fully opaque (an alpha channel alone is not enough: many
/// screenshots carry one that is 255 everywhere).
pub(super) fn uses_transparency(image: &DynamicImage) -> bool {
    if !image.color().has_alpha() {
        return false;
    }
    match image.as_rgba8() {
        Some(rgba) => rgba.pixels().any(|pixel| pixel.0[3] < u8::MAX),
        None => image.to_rgba8().pixels().any(|pixel| pixel.0[3] < u8::MAX),
    }
}

/// JPEG when opaque, PNG (RGBA, 8 bits) when the source uses transparency.
pub(super) fn encode(image: &DynamicImage, opaque: bool) -> Result<EncodedImage, MediaError> {
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
