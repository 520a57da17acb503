//! Totals of the reuse list kept in the cache for anonymous visitors, per gallery generation
//! and filter set.

use std::future::Future;
use std::sync::Arc;

use sea_orm::DbErr;

use super::ReuseFilter;
use crate::cache::{Cache, GALLERY};
use crate::error::{AppError, AppResult};
use crate::models::text::normalize_tags;
use crate::permissions::Viewer;

impl ReuseFilter {
    /// The filters (not the sort) as one unambiguous string, for keys of cached counts.
    fn key(&self) -> String {
        format!(
            "{:?}",
            (
                self.q.as_deref().map(str::trim),
                &self.kind,
                &self.topic,
                normalize_tags(&self.tags),
                &self.dataset,
                &self.organization,
                &self.owner,
                (self.featured, self.private, self.archived),
            )
        )
    }
}

/// Where the total of `filter` is kept for anonymous visitors: counting is the costly part of
/// a page at portal scale (it reads every match, where the page reads 20), so what they see is
/// counted once a gallery generation and filter set; a write bumps the generation.
pub(super) struct Totals<'a> {
    cache: &'a Cache,
    key: String,
}

impl<'a> Totals<'a> {
    pub(super) async fn of(
        cache: &'a Cache,
        viewer: &Viewer,
        filter: &ReuseFilter,
    ) -> Option<Self> {
        if viewer.user.is_some() {
            return None;
        }
        let generation = cache.generation(GALLERY).await?;
        Some(Self {
            cache,
            key: format!("reuse-total:{generation}:{}", filter.key()),
        })
    }

    /// The kept total, or `count`'s, then kept.
    pub(super) async fn get_or(
        &self,
        count: impl Future<Output = Result<u64, DbErr>>,
    ) -> AppResult<u64> {
        let counted = async { Ok(Arc::from(count.await?.to_string().as_bytes())) };
        let bytes = self.cache.get_versioned_or(&self.key, counted).await?;
        std::str::from_utf8(&bytes)
            .ok()
            .and_then(|text| text.parse().ok())
            .ok_or_else(|| AppError::Internal(format!("cached total {:?} unreadable", self.key)))
    }
}
