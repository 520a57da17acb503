//! `/media/…`: stored images, under content-hashed names, cached for a year; or a redirect to
//! the public bucket or CDN that holds them (`VITRINE_MEDIA_PUBLIC_URL`).

use poem::http::StatusCode;
use poem::web::{Data, Path};
use poem::{Response, handler};

use crate::media::{CACHE_CONTROL, content_type};
use crate::state::AppState;

/// Serves a stored image, or redirects to where it is public; anything that is not a name the
/// store makes is 404.
#[handler]
pub async fn serve_image(state: Data<&AppState>, name: Path<String>) -> Response {
    let name = format!("images/{}", name.0);
    if let Some(public) = state.media.public_url(&name) {
        // Found, not moved for good: the CDN may change, the image's address here does not.
        return Response::builder()
            .status(StatusCode::FOUND)
            .header("Location", public.as_str())
            .header("Cache-Control", "public, max-age=86400")
            .finish();
    }
    match state.media.get(&name).await {
        Ok(Some(bytes)) => Response::builder()
            .content_type(content_type(&name))
            .header("Cache-Control", CACHE_CONTROL)
            .header("X-Content-Type-Options", "nosniff")
            .body(bytes),
        Ok(None) => Response::builder().status(StatusCode::NOT_FOUND).finish(),
        Err(err) => {
            tracing::warn!(name, error = %err, "image not read from the store");
            Response::builder()
                .status(StatusCode::SERVICE_UNAVAILABLE)
                .header("Cache-Control", "no-store")
                .finish()
        }
    }
}
