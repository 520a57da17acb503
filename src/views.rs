//! Page views, counted in memory and added to the database in one statement per reuse every
//! few seconds (and at shutdown), so reading a page never writes to the database. Each
//! instance adds its own counts, so several instances add up.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use entity::reuses;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// How often counts reach the database.
pub const FLUSH_EVERY: Duration = Duration::from_secs(10);

/// Views not yet written, by reuse id.
#[derive(Default)]
pub struct ViewCounter(Mutex<HashMap<String, i32>>);

impl ViewCounter {
    /// Counts one view of a reuse.
    pub fn record(&self, reuse_id: &str) {
        if let Ok(mut pending) = self.0.lock() {
            *pending.entry(reuse_id.to_owned()).or_default() += 1;
        }
    }

    /// Adds the pending counts to the database; counts that fail to be written are kept.
    pub async fn flush(&self, db: &DatabaseConnection) {
        let pending: Vec<(String, i32)> = match self.0.lock() {
            Ok(mut pending) => pending.drain().collect(),
            Err(_) => return,
        };
        for (id, views) in pending {
            let written = reuses::Entity::update_many()
                .col_expr(
                    reuses::Column::Views,
                    Expr::col(reuses::Column::Views).add(views),
                )
                .filter(reuses::Column::Id.eq(id.as_str()))
                .exec(db)
                .await;
            if let Err(err) = written {
                tracing::warn!(error = %err, "view counts kept for the next flush");
                if let Ok(mut pending) = self.0.lock() {
                    *pending.entry(id).or_default() += views;
                }
            }
        }
    }
}
