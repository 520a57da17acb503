//! `X-API-KEY` authentication: a middleware that resolves the caller once per request.

use poem::{Endpoint, IntoResponse, Middleware, Request, Response, Result};

use crate::error::AppError;
use crate::models::api_tokens::authenticate;
use crate::permissions::Viewer;
use crate::state::AppState;

/// Header udata clients send their key in.
pub const API_KEY_HEADER: &str = "X-API-KEY";

/// Puts a [`Viewer`] in every request's extensions; a key that does not hold is answered 401.
pub struct ResolveViewer;

impl<E: Endpoint> Middleware<E> for ResolveViewer {
    type Output = ResolveViewerEndpoint<E>;

    fn transform(&self, ep: E) -> Self::Output {
        ResolveViewerEndpoint { inner: ep }
    }
}

/// The endpoint [`ResolveViewer`] wraps.
pub struct ResolveViewerEndpoint<E> {
    inner: E,
}

impl<E: Endpoint> Endpoint for ResolveViewerEndpoint<E> {
    type Output = Response;

    async fn call(&self, mut req: Request) -> Result<Self::Output> {
        let key = req
            .headers()
            .get(API_KEY_HEADER)
            .map(|value| value.to_str().unwrap_or_default().to_owned());
        let mut viewer = Viewer::default();
        if let Some(key) = key {
            let state = req
                .data::<AppState>()
                .cloned()
                .ok_or_else(|| AppError::Internal("application state missing".into()))?;
            match authenticate(&state.db, &key).await {
                Ok(user) => viewer.user = Some(user),
                Err(err) => return Ok(err.into_response()),
            }
        }
        req.extensions_mut().insert(viewer);
        Ok(self.inner.call(req).await?.into_response())
    }
}
