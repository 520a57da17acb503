//! Values read from the database and kept, as JSON, for one generation of a family: site-wide
//! figures every visitor asks for and every write may change (the site's metrics, the activity
//! feed, tag suggestions).

use std::future::Future;
use std::sync::Arc;

use sea_orm::DbErr;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Cache;
use crate::error::{AppError, AppResult};

impl Cache {
    /// What `compute` gives, kept under `name` for the current generation of `family`: every
    /// instance computes it once a generation; a write bumps the generation, so nobody reads a
    /// value older than the last write (or than the entries' time to live). When the cache
    /// cannot say the generation, computed afresh and not kept.
    pub async fn per_generation<T, F>(&self, family: &str, name: &str, compute: F) -> AppResult<T>
    where
        T: Serialize + DeserializeOwned,
        F: Future<Output = Result<T, DbErr>>,
    {
        let Some(generation) = self.generation(family).await else {
            return Ok(compute.await?);
        };
        let key = format!("{name}:{generation}");
        let encoded = async {
            let value = compute.await?;
            serde_json::to_vec(&value)
                .map(Arc::from)
                .map_err(|err| DbErr::Custom(format!("{name} not kept: {err}")))
        };
        let bytes = self.get_versioned_or(&key, encoded).await?;
        serde_json::from_slice(&bytes)
            .map_err(|err| AppError::Internal(format!("cached {key:?} unreadable: {err}")))
    }
}
