//! `/api/1/reports/`, the showcase order, archiving, the moderation queue and the audit log.

mod inputs;
mod views;

use poem::Request;
use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use serde_json::Value;

use crate::api::reuses::{ReuseView, views_of};
use crate::api::security::{MaybeSignedIn, SignedIn};
use crate::api::views::{ApiTags, Page};
use crate::error::HttpResult;
use crate::models::paging::Paging;
use crate::models::reuses::Detail;
use crate::models::reuses::list::featured_reuses;
use crate::models::reuses::reuse_cards;
use crate::models::reuses::write::featured_order;
use crate::moderation::reports::{self, NewReport};
use crate::moderation::{audit, curation, queue};
use crate::permissions::{self, Viewer};
use crate::state::AppState;

pub use inputs::{FeaturedOrder, RemovalInput, ReportInput, ReportPatch};
pub use views::{AuditView, CreateReportResponse, DoneResponse, HeldView, ReasonView, ReportView};

/// Moderation operations.
pub struct ModerationApi;

async fn reuse_views(
    state: &AppState,
    viewer: &Viewer,
    rows: Vec<entity::reuses::Model>,
) -> HttpResult<Vec<ReuseView>> {
    let cards = reuse_cards(&state.db, rows).await?;
    views_of(state, viewer, cards).await
}

#[OpenApi]
impl ModerationApi {
    /// Report something
    ///
    /// Anyone may report, signed in or not (rate-limited per address).
    #[oai(
        path = "/reports/",
        method = "post",
        operation_id = "create_report",
        tag = "ApiTags::Moderation"
    )]
    async fn create_report(
        &self,
        state: Data<&AppState>,
        viewer: MaybeSignedIn<'_>,
        body: Json<ReportInput>,
    ) -> HttpResult<CreateReportResponse> {
        let body = body.0;
        let subject = body.subject.unwrap_or(Value::Null);
        let new = NewReport {
            class: subject["class"].as_str().map(str::to_owned),
            id: subject["id"].as_str().map(str::to_owned),
            embed_id: body.subject_embed_id,
            reason: body.reason,
            message: body.message,
        };
        let report = reports::create_report(&state.db, viewer.user.as_ref(), new).await?;
        Ok(CreateReportResponse::Created(Json(report.into())))
    }

    /// Reasons to report
    #[oai(
        path = "/reports/reasons/",
        method = "get",
        operation_id = "list_reports_reasons",
        tag = "ApiTags::Moderation"
    )]
    async fn reasons(&self, req: &Request) -> Json<Vec<ReasonView>> {
        let lang = crate::http::lang::of_request(req);
        Json(
            reports::REASONS
                .iter()
                .filter(|reason| **reason != "auto_spam")
                .map(|reason| ReasonView {
                    value: (*reason).to_owned(),
                    label: lang.t(&format!("report.reason.{reason}")).to_owned(),
                })
                .collect(),
        )
    }

    /// List reports (moderators)
    #[oai(
        path = "/reports/",
        method = "get",
        operation_id = "list_reports",
        tag = "ApiTags::Moderation"
    )]
    async fn list_reports(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        req: &Request,
        /// Open ones only (default) or all.
        open: Query<Option<bool>>,
        /// Page number, from 1.
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u64>>,
        /// Items a page (default 20); over 100, 100 are served.
        #[oai(validator(minimum(value = "1")))]
        page_size: Query<Option<u64>>,
    ) -> HttpResult<Json<Page<ReportView>>> {
        permissions::can_moderate_content(&viewer)?;
        let paging = Paging::new(page.0, page_size.0)?;
        let found = reports::list_reports(&state.db, open.0.unwrap_or(true), paging).await?;
        Ok(Json(Page::new(
            found,
            req,
            &state.config.public_url,
            ReportView::from,
        )))
    }

    /// Get a report (moderators)
    #[oai(
        path = "/reports/:id/",
        method = "get",
        operation_id = "get_report",
        tag = "ApiTags::Moderation"
    )]
    async fn get_report(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        id: Path<String>,
    ) -> HttpResult<Json<ReportView>> {
        permissions::can_moderate_content(&viewer)?;
        Ok(Json(reports::find_report(&state.db, &id).await?.into()))
    }

    /// Dismiss or handle a report (moderators)
    ///
    /// `{"status": "dismissed"|"handled"}`, or udata's `{"dismissed_at": <date>}` (dismissed now)
    /// and `{"dismissed_at": null}` (no longer dismissed).
    #[oai(
        path = "/reports/:id/",
        method = "patch",
        operation_id = "update_report",
        tag = "ApiTags::Moderation"
    )]
    async fn patch_report(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        id: Path<String>,
        body: Json<ReportPatch>,
    ) -> HttpResult<Json<ReportView>> {
        permissions::can_moderate_content(&viewer)?;
        let moderator = viewer.require_user()?;
        let resolution = body.0.resolution()?;
        let report = reports::find_report(&state.db, &id).await?;
        Ok(Json(
            reports::resolve(&state.db, moderator, report, resolution)
                .await?
                .into(),
        ))
    }

    /// The showcase, in order
    ///
    /// What the home page shows: featured reuses visible to everybody, first first; for
    /// moderators every featured reuse, private ones too (the list `PUT` takes).
    #[oai(
        path = "/reuses/featured/",
        method = "get",
        operation_id = "list_featured_reuses",
        tag = "ApiTags::Reuses"
    )]
    async fn featured(
        &self,
        state: Data<&AppState>,
        viewer: MaybeSignedIn<'_>,
    ) -> HttpResult<Json<Vec<ReuseView>>> {
        // Moderators get every featured reuse, the list `PUT` wants back; others the home page's.
        if viewer.can_moderate() {
            let rows = featured_order(&state.db).await?;
            return Ok(Json(reuse_views(&state, &viewer, rows).await?));
        }
        let cards = featured_reuses(&state.db, &viewer, 100, Detail::Full).await?;
        Ok(Json(views_of(&state, &viewer, cards).await?))
    }

    /// Order the showcase (moderators)
    ///
    /// `order` lists every featured reuse, first on the home page first.
    #[oai(
        path = "/reuses/featured/",
        method = "put",
        operation_id = "reorder_featured_reuses",
        tag = "ApiTags::Reuses"
    )]
    async fn reorder(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        body: Json<FeaturedOrder>,
    ) -> HttpResult<Json<Vec<ReuseView>>> {
        permissions::can_curate(&viewer)?;
        let moderator = viewer.require_user()?;
        let order = curation::reorder(&state, moderator, &body.0.order).await?;
        Ok(Json(reuse_views(&state, &viewer, order).await?))
    }

    /// Archive a reuse (moderators)
    #[oai(
        path = "/reuses/:id/archive/",
        method = "post",
        operation_id = "archive_reuse",
        tag = "ApiTags::Reuses"
    )]
    async fn archive(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        id: Path<String>,
    ) -> HttpResult<Json<Vec<ReuseView>>> {
        permissions::can_curate(&viewer)?;
        let moderator = viewer.require_user()?;
        let reuse = curation::archive(&state, moderator, &id, true).await?;
        Ok(Json(reuse_views(&state, &viewer, vec![reuse]).await?))
    }

    /// Unarchive a reuse (moderators)
    #[oai(
        path = "/reuses/:id/archive/",
        method = "delete",
        operation_id = "unarchive_reuse",
        tag = "ApiTags::Reuses"
    )]
    async fn unarchive(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        id: Path<String>,
    ) -> HttpResult<Json<Vec<ReuseView>>> {
        permissions::can_curate(&viewer)?;
        let moderator = viewer.require_user()?;
        let reuse = curation::archive(&state, moderator, &id, false).await?;
        Ok(Json(reuse_views(&state, &viewer, vec![reuse]).await?))
    }

    /// Held messages (moderators)
    ///
    /// Messages the spam filter holds: invisible to others and told to nobody until approved.
    #[oai(
        path = "/moderation/held/",
        method = "get",
        operation_id = "list_held_messages",
        tag = "ApiTags::Moderation"
    )]
    async fn held(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
    ) -> HttpResult<Json<Vec<HeldView>>> {
        permissions::can_moderate_content(&viewer)?;
        let items = queue::held(&state, 100).await?;
        let public_url = &state.config.public_url;
        Ok(Json(
            items
                .into_iter()
                .map(|item| HeldView::new(item, public_url))
                .collect(),
        ))
    }

    /// Approve a held message (moderators)
    #[oai(
        path = "/moderation/held/:id/approve/",
        method = "post",
        operation_id = "approve_held_message",
        tag = "ApiTags::Moderation"
    )]
    async fn approve(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        id: Path<String>,
    ) -> HttpResult<DoneResponse> {
        permissions::can_moderate_content(&viewer)?;
        queue::approve(&state, viewer.require_user()?, &id).await?;
        Ok(DoneResponse::Done)
    }

    /// Remove a held message (moderators)
    ///
    /// The question removes its whole discussion; `reason` is mailed to the author.
    #[oai(
        path = "/moderation/held/:id/remove/",
        method = "post",
        operation_id = "remove_held_message",
        tag = "ApiTags::Moderation"
    )]
    async fn remove(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        id: Path<String>,
        body: Json<RemovalInput>,
    ) -> HttpResult<DoneResponse> {
        permissions::can_moderate_content(&viewer)?;
        let reason = body.0.reason.unwrap_or_default();
        queue::remove(&state, viewer.require_user()?, &id, &reason).await?;
        Ok(DoneResponse::Done)
    }

    /// Deactivate an account (moderators)
    #[oai(
        path = "/users/:id/deactivate/",
        method = "post",
        operation_id = "deactivate_user",
        tag = "ApiTags::Moderation"
    )]
    async fn deactivate(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        id: Path<String>,
    ) -> HttpResult<DoneResponse> {
        permissions::can_moderate_content(&viewer)?;
        queue::deactivate(&state, &viewer, &id).await?;
        Ok(DoneResponse::Done)
    }

    /// The audit log (admins)
    #[oai(
        path = "/audit/",
        method = "get",
        operation_id = "list_audit_entries",
        tag = "ApiTags::Moderation"
    )]
    async fn audit(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        req: &Request,
        /// Page number, from 1.
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u64>>,
        /// Items a page (default 20); over 100, 100 are served.
        #[oai(validator(minimum(value = "1")))]
        page_size: Query<Option<u64>>,
    ) -> HttpResult<Json<Page<AuditView>>> {
        permissions::can_administer(&viewer)?;
        let paging = Paging::new(page.0, page_size.0)?;
        let found = audit::entries(&state.db, paging).await?;
        Ok(Json(Page::new(
            found,
            req,
            &state.config.public_url,
            |entry| AuditView::new(entry, &state.config.public_url),
        )))
    }
}
