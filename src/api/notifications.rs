//! `/api/1/notifications/` and `/api/1/me/notification-settings/`: the inbox and what each
//! person wants to hear about; `/api/1/outbox/`: mails the worker gave up on, for admins.

use chrono::{DateTime, Utc};
use poem::Request;
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde_json::Value;

use crate::actions;
use crate::actions::notifications::{KindChange, WatchChange};
use crate::api::security::SignedIn;
use crate::api::views::{ApiTags, Page};
use crate::error::HttpResult;
use crate::mail::outbox;
use crate::models::paging::Paging;
use crate::notifications::inbox;
use crate::notifications::settings::{preferences, watches_of};
use crate::permissions;
use crate::state::AppState;

/// Notification operations.
pub struct NotificationsApi;

/// An in-app notification.
#[derive(Object)]
pub struct NotificationView {
    /// Id.
    pub id: String,
    /// Event kind (see the settings).
    pub kind: String,
    /// When it happened.
    pub created_at: DateTime<Utc>,
    /// When it was read.
    #[oai(nullable)]
    pub handled_at: Option<DateTime<Utc>>,
    /// What happened: `title`, `subject`, `actor`, `url`, `excerpt`.
    pub details: Value,
}

impl From<entity::notifications::Model> for NotificationView {
    fn from(row: entity::notifications::Model) -> Self {
        Self {
            details: serde_json::from_str(&row.details).unwrap_or(Value::Null),
            id: row.id,
            kind: row.kind,
            created_at: row.created_at,
            handled_at: row.handled_at,
        }
    }
}

/// One kind's preference.
#[derive(Object)]
pub struct KindSetting {
    /// Event kind.
    pub kind: String,
    /// Mail: `immediate`, `daily` or `off`.
    pub email: String,
    /// In the inbox of `/me/`.
    pub in_app: bool,
}

/// One kind's preference to change (what is left out stays).
#[derive(Object)]
pub struct KindSettingInput {
    /// Event kind.
    pub kind: String,
    /// Mail: `immediate`, `daily` or `off`.
    #[oai(nullable)]
    pub email: Option<String>,
    /// In the inbox of `/me/`.
    #[oai(nullable)]
    pub in_app: Option<bool>,
}

/// A watched or muted thread or subject.
#[derive(Object)]
pub struct WatchSetting {
    /// `Discussion`, `Dataset` or `Reuse`.
    pub class: String,
    /// Its id.
    pub id: String,
    /// `watch`, `mute` (or `none` to forget, when writing).
    pub mode: String,
}

/// Everything a person chose.
#[derive(Object)]
pub struct NotificationSettings {
    /// Per event kind.
    pub kinds: Vec<KindSetting>,
    /// Per thread or subject.
    pub watches: Vec<WatchSetting>,
}

/// Changes to the settings.
#[derive(Object)]
pub struct NotificationSettingsInput {
    /// Per event kind.
    #[oai(nullable)]
    pub kinds: Option<Vec<KindSettingInput>>,
    /// Per thread or subject.
    #[oai(nullable)]
    pub watches: Option<Vec<WatchSetting>>,
}

/// A mail the worker gave up on.
#[derive(Object)]
pub struct FailedMailView {
    /// Id.
    pub id: String,
    /// Address.
    pub recipient: String,
    /// Event kind or `digest`.
    pub template: String,
    /// Attempts made.
    pub attempts: i32,
    /// Why the last one failed.
    #[oai(nullable)]
    pub last_error: Option<String>,
    /// Queued.
    pub created_at: DateTime<Utc>,
}

async fn current_settings(state: &AppState, user_id: &str) -> HttpResult<NotificationSettings> {
    Ok(NotificationSettings {
        kinds: preferences(&state.db, user_id)
            .await?
            .into_iter()
            .map(|preference| KindSetting {
                kind: preference.kind.as_str().to_owned(),
                email: preference.email.as_str().to_owned(),
                in_app: preference.in_app,
            })
            .collect(),
        watches: watches_of(&state.db, user_id)
            .await?
            .into_iter()
            .map(|watch| WatchSetting {
                class: watch.subject_class,
                id: watch.subject_id,
                mode: watch.mode,
            })
            .collect(),
    })
}

#[OpenApi(tag = "ApiTags::Me")]
impl NotificationsApi {
    /// List my notifications
    ///
    /// Newest first, paged; `handled=false` for the unread ones only.
    #[oai(
        path = "/notifications/",
        method = "get",
        operation_id = "list_notifications"
    )]
    async fn list_notifications(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        req: &Request,
        /// Read ones only (true) or unread ones only (false).
        handled: Query<Option<bool>>,
        /// Page number, from 1.
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u64>>,
        /// Items a page (default 20); over 100, 100 are served.
        #[oai(validator(minimum(value = "1")))]
        page_size: Query<Option<u64>>,
    ) -> HttpResult<Json<Page<NotificationView>>> {
        let user = viewer.require_user()?;
        let paging = Paging::new(page.0, page_size.0)?;
        let found = inbox::page(&state.db, &user.id, handled.0, paging).await?;
        let public_url = &state.config.public_url;
        Ok(Json(Page::new(
            found,
            req,
            public_url,
            NotificationView::from,
        )))
    }

    /// Mark a notification as read
    #[oai(
        path = "/notifications/:id/read/",
        method = "post",
        operation_id = "read_notification"
    )]
    async fn read_notification(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        id: Path<String>,
    ) -> HttpResult<Json<NotificationView>> {
        Ok(Json(
            actions::notifications::mark_read(&state, &viewer, &id)
                .await?
                .into(),
        ))
    }

    /// Show my notification settings
    #[oai(
        path = "/me/notification-settings/",
        method = "get",
        operation_id = "get_notification_settings"
    )]
    async fn get_settings(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
    ) -> HttpResult<Json<NotificationSettings>> {
        let user = viewer.require_user()?;
        Ok(Json(current_settings(&state, &user.id).await?))
    }

    /// Change my notification settings
    ///
    /// Per kind: `email` (`immediate`, `daily`, `off`) and `in_app`; per thread or subject:
    /// `watch`, `mute` or `none`. Everything is checked before anything changes.
    #[oai(
        path = "/me/notification-settings/",
        method = "put",
        operation_id = "update_notification_settings"
    )]
    async fn put_settings(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        body: Json<NotificationSettingsInput>,
    ) -> HttpResult<Json<NotificationSettings>> {
        let user = viewer.require_user()?;
        let kinds = body.0.kinds.unwrap_or_default().into_iter();
        let watches = body.0.watches.unwrap_or_default().into_iter();
        let kinds = kinds.map(|input| KindChange {
            kind: input.kind,
            email: input.email,
            in_app: input.in_app,
        });
        let watches = watches.map(|watch| WatchChange {
            class: watch.class,
            id: watch.id,
            mode: watch.mode,
        });
        actions::notifications::change_settings(
            &state,
            &viewer,
            kinds.collect(),
            watches.collect(),
        )
        .await?;
        Ok(Json(current_settings(&state, &user.id).await?))
    }

    /// List mails given up on
    ///
    /// Site administrators only: mails the worker could not send after every attempt.
    #[oai(
        path = "/outbox/failed/",
        method = "get",
        operation_id = "list_failed_mails"
    )]
    async fn failed_mails(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
    ) -> HttpResult<Json<Vec<FailedMailView>>> {
        permissions::can_administer(&viewer)?;
        let rows = outbox::failed_mails(&state.db, 200).await?;
        Ok(Json(
            rows.into_iter()
                .map(|row| FailedMailView {
                    id: row.id,
                    recipient: row.recipient,
                    template: row.template,
                    attempts: row.attempts,
                    last_error: row.last_error,
                    created_at: row.created_at,
                })
                .collect(),
        ))
    }

    /// Retry a mail given up on
    #[oai(
        path = "/outbox/:id/retry/",
        method = "post",
        operation_id = "retry_failed_mail"
    )]
    async fn retry_mail(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        id: Path<String>,
    ) -> HttpResult<Json<Vec<FailedMailView>>> {
        actions::notifications::retry_mail(&state, &viewer, &id).await?;
        self.failed_mails(state, viewer).await
    }
}
