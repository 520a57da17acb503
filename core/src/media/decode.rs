//! Decoding an upload's first frame under its limits, so a decompression bomb is refused from
//! its header before any pixel buffer is allocated.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};

use super::limits::{ImageLimits, MediaError, size_text};

/// Decodes the first frame, refusing before any pixel buffer is allocated when the header
/// announces more pixels or memory than allowed.
pub(super) fn decode(
    bytes: &[u8],
    limits: &ImageLimits,
) -> Result<(DynamicImage, Orientation), MediaError> {
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
