//! `/media/…`: stored images, under content-hashed names, cached for a year.

use poem::http::StatusCode;
use poem::web::{Data, Path};
use poem::{Response, handler};

use crate::media::MediaStore;
use crate::state::AppState;

/// Serves a stored image; anything that is not a name the store makes is 404.
#[handler]
pub async fn serve_image(state: Data<&AppState>, name: Path<String>) -> Response {
    let store = MediaStore::new(&state.config.data_dir);
    let Some(path) = store.path_of(&format!("images/{}", name.0)) else {
        return Response::builder().status(StatusCode::NOT_FOUND).finish();
    };
    match tokio::fs::read(&path).await {
        Ok(bytes) => Response::builder()
            .content_type(if name.ends_with(".png") {
                "image/png"
            } else {
                "image/jpeg"
            })
            .header("Cache-Control", "public, max-age=31536000, immutable")
            .header("X-Content-Type-Options", "nosniff")
            .body(bytes),
        Err(_) => Response::builder().status(StatusCode::NOT_FOUND).finish(),
    }
}
