//! Who may do what, in one place. Handlers ask here before they call a model.

use std::collections::HashSet;

use entity::{discussions, messages, users};
use sea_orm::ConnectionTrait;

use crate::error::{AppError, AppResult};
use crate::models::organizations::{MemberRole, member_role};
use crate::models::users::Role;

/// A signed-in browser.
#[derive(Clone, Debug)]
pub struct Session {
    /// Hash of the cookie value (the row's id).
    pub id: String,
    /// The token every form and cookie-authenticated unsafe API call must carry.
    pub csrf_token: String,
}

/// The person behind a request: signed in, or not.
#[derive(Clone, Debug, Default)]
pub struct Viewer {
    /// The signed-in user, if any.
    pub user: Option<users::Model>,
    /// The browser session, when signed in with a cookie rather than an API key.
    pub session: Option<Session>,
    /// The CSRF token of a visitor who is not signed in.
    pub anonymous_csrf: Option<String>,
    /// Unread in-app notifications, counted for pages of signed-in browsers.
    pub unread_notifications: u64,
}

impl Viewer {
    /// `user`, acting outside any request (no session, nothing counted).
    pub fn of_user(user: &users::Model) -> Self {
        Self {
            user: Some(user.clone()),
            ..Self::default()
        }
    }

    /// The token this viewer's forms must carry.
    pub fn csrf_token(&self) -> &str {
        self.session
            .as_ref()
            .map(|session| session.csrf_token.as_str())
            .or(self.anonymous_csrf.as_deref())
            .unwrap_or_default()
    }

    /// The signed-in user, or 401.
    pub fn require_user(&self) -> AppResult<&users::Model> {
        self.user.as_ref().ok_or_else(|| {
            AppError::Unauthenticated(
                "Authentication required: send your API key in the X-API-KEY header.".into(),
            )
        })
    }

    /// The site-wide role (anonymous callers count as plain users).
    pub fn role(&self) -> Role {
        self.user
            .as_ref()
            .map_or(Role::User, |user| Role::parse(&user.role))
    }

    /// Whether the viewer is a community animator (moderator) or an administrator.
    pub fn can_moderate(&self) -> bool {
        matches!(self.role(), Role::Moderator | Role::Admin)
    }

    /// Whether the viewer is a site administrator.
    pub fn is_admin(&self) -> bool {
        self.role() == Role::Admin
    }
}

/// Managing the catalog mirror (pushing datasets): site admins only.
pub fn can_manage_catalog(viewer: &Viewer) -> AppResult<()> {
    viewer.require_user()?;
    if viewer.is_admin() {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Only site administrators may write datasets.".into(),
        ))
    }
}

/// Site administration (the mail queue, imports): site admins only.
pub fn can_administer(viewer: &Viewer) -> AppResult<()> {
    viewer.require_user()?;
    if viewer.is_admin() {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Only site administrators may do this.".into(),
        ))
    }
}

/// The catalog sync's state and its errors (`/moderation/sync`): site admins only.
pub fn can_see_sync(viewer: &Viewer) -> AppResult<()> {
    can_administer(viewer)
}

/// Creating an organization: any signed-in user.
pub fn can_create_organization(viewer: &Viewer) -> AppResult<()> {
    viewer.require_user().map(|_| ())
}

/// Editing an organization and its members: its admins and site admins.
pub async fn can_manage_organization(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    org_id: &str,
) -> AppResult<()> {
    let user = viewer.require_user()?;
    if viewer.is_admin() || member_role(db, org_id, &user.id).await? == Some(MemberRole::Admin) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Only the organization's admins may do this.".into(),
        ))
    }
}

/// Naming or removing the steward of a dataset: its organization's admins and site admins.
pub async fn can_name_steward(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    dataset: &entity::datasets::Model,
) -> AppResult<()> {
    let user = viewer.require_user()?;
    let org_admin = match &dataset.organization_id {
        Some(org) => member_role(db, org, &user.id).await? == Some(MemberRole::Admin),
        None => false,
    };
    if viewer.is_admin() || org_admin {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Only the admins of the dataset's organization may name or remove its steward.".into(),
        ))
    }
}

/// Editing, deleting or linking datasets to a reuse: its owner, its organization's members
/// (admins and editors), moderators and admins.
pub async fn can_edit_reuse(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    reuse: &entity::reuses::Model,
) -> AppResult<()> {
    let user = viewer.require_user()?;
    let mut organizations = HashSet::new();
    if let Some(org) = &reuse.organization_id
        && member_role(db, org, &user.id).await?.is_some()
    {
        organizations.insert(org.clone());
    }
    if Abilities::new(viewer, organizations).may_edit_reuse(reuse) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Only the reuse's owner, its organization's members and moderators may do this.".into(),
        ))
    }
}

/// Seeing whether a reuse's link works, and its check history: those who may edit the reuse
/// (they can fix it) and animators (they can archive it); nobody else is shown a reuse as broken.
pub async fn can_see_link_health(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    reuse: &entity::reuses::Model,
) -> AppResult<()> {
    can_edit_reuse(db, viewer, reuse).await
}

/// What a viewer may do, known at once for many objects (udata's `permissions` on each item of
/// a list): who they are, whether they moderate, the organizations they belong to.
#[derive(Clone, Debug, Default)]
pub struct Abilities {
    user_id: Option<String>,
    moderator: bool,
    organizations: HashSet<String>,
}

impl Abilities {
    fn new(viewer: &Viewer, organizations: HashSet<String>) -> Self {
        Self {
            user_id: viewer.user.as_ref().map(|user| user.id.clone()),
            moderator: viewer.can_moderate(),
            organizations,
        }
    }

    /// The abilities of `viewer`, with every organization they belong to (one query).
    pub async fn of(db: &impl ConnectionTrait, viewer: &Viewer) -> AppResult<Self> {
        let organizations = match &viewer.user {
            Some(user) => crate::models::organizations::memberships(db, &user.id)
                .await?
                .into_iter()
                .map(|(org, _)| org.id)
                .collect(),
            None => HashSet::new(),
        };
        Ok(Self::new(viewer, organizations))
    }

    /// Editing or deleting `reuse`: its owner, its organization's members (admins and
    /// editors), moderators and admins.
    pub fn may_edit_reuse(&self, reuse: &entity::reuses::Model) -> bool {
        let Some(user_id) = &self.user_id else {
            return false;
        };
        self.moderator
            || reuse.owner_id.as_ref() == Some(user_id)
            || reuse
                .organization_id
                .as_ref()
                .is_some_and(|org| self.organizations.contains(org))
    }
}

/// Publishing a reuse on behalf of an organization: its members (and admins for any).
pub async fn can_publish_for(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    org_id: &str,
) -> AppResult<()> {
    let user = viewer.require_user()?;
    if viewer.is_admin() || member_role(db, org_id, &user.id).await?.is_some() {
        Ok(())
    } else {
        Err(AppError::field(
            "organization",
            "you are not a member of this organization",
        ))
    }
}

/// Working the moderation queue (reports, held messages, deactivating accounts): moderators
/// and admins.
pub fn can_moderate_content(viewer: &Viewer) -> AppResult<()> {
    can_curate(viewer)
}

/// Featuring reuses and ordering the showcase: moderators and admins.
pub fn can_curate(viewer: &Viewer) -> AppResult<()> {
    viewer.require_user()?;
    if viewer.can_moderate() {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Only community animators (moderators) and admins may do this.".into(),
        ))
    }
}

/// Taking part in discussions (opening one, replying): any signed-in user.
pub fn can_comment(viewer: &Viewer) -> AppResult<&users::Model> {
    viewer.require_user()
}

/// Closing or reopening a discussion: the subject's producers (`producers`: its owner or its
/// organization's admins and editors), the discussion's author, moderators and admins.
pub fn can_close_discussion(
    viewer: &Viewer,
    discussion: &discussions::Model,
    producers: &HashSet<String>,
) -> AppResult<()> {
    let user = viewer.require_user()?;
    if viewer.can_moderate() || user.id == discussion.user_id || producers.contains(&user.id) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Only the discussion's author, the producers of its subject and moderators may close or reopen it."
                .into(),
        ))
    }
}

/// Marking (or unmarking) the answer of a discussion: the subject's producers, and admins.
pub fn can_mark_answer(viewer: &Viewer, producers: &HashSet<String>) -> AppResult<()> {
    let user = viewer.require_user()?;
    if viewer.is_admin() || producers.contains(&user.id) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Only the producers of the dataset or reuse (its owner or its organization's members) may mark the answer."
                .into(),
        ))
    }
}

/// Renaming a discussion: its author.
pub fn can_rename_discussion(viewer: &Viewer, discussion: &discussions::Model) -> AppResult<()> {
    let user = viewer.require_user()?;
    if user.id == discussion.user_id {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Only the discussion's author may change its title.".into(),
        ))
    }
}

/// Editing or deleting a message: its author (moderators remove whole discussions or held
/// messages, not words from a thread).
pub fn can_edit_message(viewer: &Viewer, message: &messages::Model) -> AppResult<()> {
    let user = viewer.require_user()?;
    if user.id == message.posted_by {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Only the author of a message may edit or delete it.".into(),
        ))
    }
}

/// Deactivating an account: moderators for plain users, admins for anybody; nobody their own.
pub fn can_deactivate(viewer: &Viewer, account: &users::Model) -> AppResult<()> {
    let user = viewer.require_user()?;
    let target = Role::parse(&account.role);
    let allowed = user.id != account.id
        && match viewer.role() {
            Role::Admin => true,
            Role::Moderator => target == Role::User,
            Role::User => false,
        };
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Moderators may deactivate plain accounts and admins any account, but nobody their own."
                .into(),
        ))
    }
}

/// Deleting a whole discussion: its author, moderators and admins.
pub fn can_delete_discussion(viewer: &Viewer, discussion: &discussions::Model) -> AppResult<()> {
    let user = viewer.require_user()?;
    if viewer.can_moderate() || user.id == discussion.user_id {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Only the discussion's author and moderators may delete it.".into(),
        ))
    }
}

/// Asking for data, supporting a request: any signed-in user.
pub fn can_request_data(viewer: &Viewer) -> AppResult<&users::Model> {
    viewer.require_user()
}

/// Changing the words of a data request: its author, animators and admins.
pub fn can_edit_data_request(
    viewer: &Viewer,
    request: &entity::data_requests::Model,
) -> AppResult<()> {
    let user = viewer.require_user()?;
    if viewer.can_moderate() || user.id == request.author_id {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Only the request's author and community animators may change it.".into(),
        ))
    }
}

/// Steering data requests (routing, marking in progress, linking the dataset, declining):
/// community animators (moderators) and admins.
pub fn can_steer_data_requests(viewer: &Viewer) -> AppResult<&users::Model> {
    let user = viewer.require_user()?;
    if viewer.can_moderate() {
        Ok(user)
    } else {
        Err(AppError::Forbidden(
            "Only community animators (moderators) and admins may route, start, link or decline a data request."
                .into(),
        ))
    }
}
