//! `/me/`: profile (with the first and last names), organizations, API keys.

use std::collections::HashSet;

use askama::Template;
use askama_web::WebTemplate;
use entity::{api_tokens, oauth_identities, organizations as orgs_entity};
use poem::web::{Data, Form, Path, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Deserialize;

use crate::actions;
use crate::auth::verify_csrf;
use crate::error::{AppError, HttpResult};
use crate::linkcheck::queue::reuse_states;
use crate::mail::outbox;
use crate::models::api_tokens::list_tokens;
use crate::models::organizations::{MemberRole, memberships};
use crate::models::reuses::ReuseCard;
use crate::models::reuses::list::reuses_of_user;
use crate::models::users::ProfileFields;
use crate::notifications::inbox;
use crate::permissions::Viewer;
use crate::signin::email_confirmation::send_confirmation;
use crate::state::AppState;
use crate::web::awaiting::{AwaitingItem, awaiting_items};
use crate::web::{CsrfForm, Frame, role_label};

/// Most reuses `/me/` lists.
const MY_REUSES: u64 = 50;

/// The account page.
#[derive(Template, WebTemplate)]
#[template(path = "me.html")]
pub struct MePage {
    frame: Frame,
    organizations: Vec<(orgs_entity::Model, MemberRole)>,
    tokens: Vec<api_tokens::Model>,
    new_token: Option<String>,
    token_name: String,
    token_error: Option<String>,
    questions: Vec<AwaitingItem>,
    inbox: Vec<InboxItem>,
    is_admin: bool,
    failed_mails: Vec<entity::outbox::Model>,
    confirmation_sent: bool,
    first_name: String,
    last_name: String,
    first_name_error: Option<String>,
    last_name_error: Option<String>,
    profile_saved: bool,
    reuses: Vec<MyReuse>,
}

/// One of the reuses the user or their organizations publish, as `/me/` lists it.
pub struct MyReuse {
    /// Title.
    pub title: String,
    /// Slug, for its page and edit form.
    pub slug: String,
    /// Its state in a word: published, private, archived, or missing its datasets.
    pub state: &'static str,
    /// The state's badge modifier.
    pub state_class: &'static str,
    /// The day it was registered.
    pub created: String,
    /// Its link no longer answers (the link checker says so).
    pub broken: bool,
}

impl MyReuse {
    fn of(card: &ReuseCard, frame: &Frame, broken: &HashSet<String>) -> Self {
        let reuse = &card.reuse;
        let (state, state_class) = if reuse.private {
            ("publish.state_private", "private")
        } else if reuse.archived.is_some() {
            ("publish.state_archived", "archived")
        } else if card.datasets.is_empty() {
            ("publish.state_no_dataset", "warning")
        } else {
            ("publish.state_published", "published")
        };
        Self {
            title: reuse.title.clone(),
            slug: reuse.slug.clone(),
            state: frame.t(state),
            state_class,
            created: frame.date(reuse.created_at),
            broken: broken.contains(&reuse.id),
        }
    }
}

/// A notification as the inbox shows it.
pub struct InboxItem {
    /// Id.
    pub id: String,
    /// What happened, in one line.
    pub text: String,
    /// When.
    pub created: String,
    /// Not read yet.
    pub unread: bool,
}

impl MePage {
    fn role(&self) -> &'static str {
        let role = self
            .frame
            .user
            .as_ref()
            .map_or("user", |user| user.role.as_str());
        role_label(&self.frame, role)
    }

    fn org_role(&self, role: &MemberRole) -> &'static str {
        self.frame.t(match role {
            MemberRole::Admin => "role.org_admin",
            MemberRole::Editor => "role.org_editor",
        })
    }
}

async fn me_page_for(
    req: &Request,
    state: &AppState,
    viewer: &Viewer,
) -> Result<Result<MePage, Response>, AppError> {
    let Some(user) = &viewer.user else {
        return Ok(Err(Redirect::see_other("/login?next=/me/").into_response()));
    };
    let mut frame = Frame::of(req);
    frame.crumb(frame.t("me.title"), None);
    let questions = awaiting_items(state, &user.id, &frame).await?;
    let inbox = inbox::list(&state.db, &user.id, None, 30)
        .await?
        .into_iter()
        .map(|row| {
            let details: serde_json::Value = serde_json::from_str(&row.details).unwrap_or_default();
            let field = |name: &str| details[name].as_str().unwrap_or_default().to_owned();
            InboxItem {
                text: frame.t_args(
                    &format!("inbox.{}", details["event"].as_str().unwrap_or(&row.kind)),
                    &[
                        ("actor", field("actor").into()),
                        ("subject", field("subject").into()),
                        ("title", field("title").into()),
                    ],
                ),
                created: frame.date_time(row.created_at),
                unread: row.handled_at.is_none(),
                id: row.id,
            }
        })
        .collect();
    // The first ones only: an organization may publish hundreds.
    let cards = reuses_of_user(&state.db, &user.id, Some(MY_REUSES)).await?;
    let ids: Vec<String> = cards.iter().map(|card| card.reuse.id.clone()).collect();
    let broken: HashSet<String> = reuse_states(&state.db, &ids)
        .await?
        .into_iter()
        .filter(|(_, state)| state == "broken")
        .map(|(id, _)| id)
        .collect();
    let reuses = cards
        .iter()
        .map(|card| MyReuse::of(card, &frame, &broken))
        .collect();
    let is_admin = viewer.is_admin();
    let failed_mails = if is_admin {
        outbox::failed_mails(&state.db, 50).await?
    } else {
        Vec::new()
    };
    Ok(Ok(MePage {
        inbox,
        is_admin,
        failed_mails,
        questions,
        organizations: memberships(&state.db, &user.id).await?,
        tokens: list_tokens(&state.db, &user.id).await?,
        frame,
        new_token: None,
        token_name: String::new(),
        token_error: None,
        confirmation_sent: false,
        first_name: user.first_name.clone().unwrap_or_default(),
        last_name: user.last_name.clone().unwrap_or_default(),
        first_name_error: None,
        last_name_error: None,
        profile_saved: req.uri().query() == Some("saved=profile"),
        reuses,
    }))
}

/// Shows the account of the signed-in user (others are sent to sign in).
#[handler]
pub async fn me_page(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
) -> HttpResult<Response> {
    Ok(match me_page_for(req, &state, &viewer).await? {
        Ok(page) => page.into_response(),
        Err(redirect) => redirect,
    })
}

/// The names form.
#[derive(Deserialize)]
pub struct ProfileForm {
    csrf_token: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
}

/// Changes the signed-in user's first and last names (empty ones are read from the display
/// name); a refused value is shown again beside its field.
#[handler]
pub async fn update_profile(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    form: Form<ProfileForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    viewer.require_user()?;
    let fields = ProfileFields {
        first_name: Some(form.first_name.clone().unwrap_or_default()),
        last_name: Some(form.last_name.clone().unwrap_or_default()),
        ..ProfileFields::default()
    };
    match actions::profiles::update_profile(&state, &viewer, fields).await {
        Ok(_) => Ok(Redirect::see_other("/me/?saved=profile").into_response()),
        Err(AppError::Validation { errors, .. }) => {
            let mut page = match me_page_for(req, &state, &viewer).await? {
                Ok(page) => page,
                Err(redirect) => return Ok(redirect),
            };
            let lang = page.frame.lang;
            let first = |field: &str| {
                errors
                    .get(field)
                    .and_then(|all| all.first())
                    .map(|message| lang.field_error(field, message))
            };
            page.first_name_error = first("first_name");
            page.last_name_error = first("last_name");
            page.first_name = form.first_name.clone().unwrap_or_default();
            page.last_name = form.last_name.clone().unwrap_or_default();
            Ok(page
                .with_status(poem::http::StatusCode::BAD_REQUEST)
                .into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// The new-key form.
#[derive(Deserialize)]
pub struct TokenForm {
    csrf_token: Option<String>,
    name: Option<String>,
}

/// Creates a key and shows it, once.
#[handler]
pub async fn create_token(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    form: Form<TokenForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    viewer.require_user()?;
    let name = form.name.clone().unwrap_or_default();
    let issued = actions::api_keys::issue_key(&state, &viewer, &name, None).await;
    let mut page = match me_page_for(req, &state, &viewer).await? {
        Ok(page) => page,
        Err(redirect) => return Ok(redirect),
    };
    match issued {
        Ok(issued) => {
            page.tokens.insert(0, issued.token);
            page.new_token = Some(issued.plaintext);
            Ok(page
                .with_status(poem::http::StatusCode::CREATED)
                .into_response())
        }
        Err(AppError::Validation { errors, .. }) => {
            let lang = page.frame.lang;
            page.token_error = errors
                .get("name")
                .and_then(|messages| messages.first())
                .map(|message| lang.field_error("token_name", message));
            page.token_name = name;
            Ok(page
                .with_status(poem::http::StatusCode::BAD_REQUEST)
                .into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// Revokes one of the user's keys.
#[handler]
pub async fn revoke_token_form(
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
    form: Form<TokenForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    actions::api_keys::revoke_key(&state, &viewer, &id).await?;
    Ok(Redirect::see_other("/me/").into_response())
}

/// Mails the signed-in user a new link to confirm their address (at most one a day).
#[handler]
pub async fn resend_confirmation(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    form: Form<CsrfForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    let user = viewer.require_user()?;
    if !user.email_verified {
        let provider = sign_in_provider_label(&state, &user.id).await?;
        send_confirmation(
            &state.db,
            &state.config,
            user,
            &provider,
            crate::http::lang::of_request(req),
        )
        .await?;
    }
    Ok(match me_page_for(req, &state, &viewer).await? {
        Ok(mut page) => {
            page.confirmation_sent = true;
            page.into_response()
        }
        Err(redirect) => redirect,
    })
}

/// The label of the provider the user first signed in with.
async fn sign_in_provider_label(state: &AppState, user_id: &str) -> Result<String, AppError> {
    let first = oauth_identities::Entity::find()
        .filter(oauth_identities::Column::UserId.eq(user_id))
        .order_by_asc(oauth_identities::Column::CreatedAt)
        .one(&state.db)
        .await?;
    Ok(first.map_or_else(String::new, |identity| {
        state
            .providers
            .all()
            .iter()
            .find(|provider| provider.config.name == identity.provider)
            .map_or(identity.provider, |provider| provider.config.label.clone())
    }))
}
