//! `POST /api/1/reuses/{id}/image/`: a reuse's image, re-encoded with its thumbnails.

use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::types::multipart::Upload;
use poem_openapi::{Multipart, Object, OpenApi};

use crate::actions;
use crate::api::security::SignedIn;
use crate::api::views::ApiTags;
use crate::error::{AppError, HttpResult};
use crate::models::reuses::reuse_by_id;
use crate::state::AppState;

/// Image upload operations.
pub struct ImagesApi;

/// The upload form.
#[derive(Multipart)]
pub struct ImageUpload {
    /// PNG, JPEG, WebP or GIF (judged by content), at most the configured size (5 MB by default).
    file: Upload,
}

/// Where the image now is.
#[derive(Object)]
pub struct ImageView {
    /// The image (at most 800 px).
    pub image: String,
    /// Its 500 px thumbnail.
    pub image_thumbnail: String,
}

#[OpenApi(tag = "ApiTags::Reuses")]
impl ImagesApi {
    /// Upload a reuse's image
    ///
    /// Multipart field `file`. The image is decoded with limits, re-encoded, capped at 800 px,
    /// and thumbnailed (500, 100, 50, 25 px). A refused file leaves the reuse unchanged.
    #[oai(
        path = "/reuses/:id/image/",
        method = "post",
        operation_id = "reuse_image"
    )]
    async fn upload_image(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        /// Id or slug.
        id: Path<String>,
        upload: ImageUpload,
    ) -> HttpResult<Json<ImageView>> {
        let reuse = reuse_by_id(&state.db, &viewer, &id).await?;
        let bytes = upload
            .file
            .into_vec()
            .await
            .map_err(|err| AppError::field("file", format!("could not be read: {err}")))?;
        let (image, image_thumbnail) =
            actions::reuses::set_image(&state, &viewer, reuse, bytes).await?;
        Ok(Json(ImageView {
            image,
            image_thumbnail,
        }))
    }
}
