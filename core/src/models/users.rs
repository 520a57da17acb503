//! People: creating them, finding them, their roles.

use entity::users;
use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set,
};

use crate::error::{AppError, AppResult, FieldErrors, is_unique_violation};

/// A site-wide role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Role {
    /// Reusers and producers.
    User,
    /// Community animators.
    Moderator,
    /// Everything.
    Admin,
}

impl Role {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Moderator => "moderator",
            Self::Admin => "admin",
        }
    }

    /// The role a stored value names (unknown values are plain users).
    pub fn parse(text: &str) -> Self {
        match text {
            "admin" => Self::Admin,
            "moderator" => Self::Moderator,
            _ => Self::User,
        }
    }
}

/// What is needed to create a user.
#[derive(Clone, Debug)]
pub struct NewUser {
    /// Unique email address.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Site-wide role.
    pub role: Role,
}

/// Whether `email` looks like an address (one `@`, something on each side, a dot in the domain).
pub fn looks_like_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(char::is_whitespace)
        && !domain.contains('@')
}

/// Creates a user whose address an administrator or a sign-in provider vouches for; no other
/// account may have it verified.
pub async fn create_user(db: &impl ConnectionTrait, new: NewUser) -> AppResult<users::Model> {
    insert_user(db, new, true).await
}

/// Creates a user whose address nobody vouched for: it claims nothing (another account may
/// verify the same address) and gets no mail until its owner confirms it.
pub async fn create_user_with_unverified_email(
    db: &impl ConnectionTrait,
    new: NewUser,
) -> AppResult<users::Model> {
    insert_user(db, new, false).await
}

async fn insert_user(
    db: &impl ConnectionTrait,
    new: NewUser,
    email_verified: bool,
) -> AppResult<users::Model> {
    let email = new.email.trim().to_lowercase();
    let name = new.name.trim().to_owned();
    let mut errors = FieldErrors::new();
    if !looks_like_email(&email) {
        errors
            .entry("email".into())
            .or_default()
            .push(format!("{email:?} is not an email address"));
    }
    if name.is_empty() || name.chars().count() > 255 {
        errors
            .entry("name".into())
            .or_default()
            .push("is required (at most 255 characters)".into());
    }
    AppError::check(errors)?;
    let now = crate::clock::now();
    users::ActiveModel {
        id: Set(crate::models::new_row_id()),
        email: Set(email.clone()),
        email_verified: Set(email_verified),
        name: Set(name),
        first_name: Set(None),
        last_name: Set(None),
        avatar_url: Set(None),
        role: Set(new.role.as_str().to_owned()),
        active: Set(true),
        locale: Set(None),
        created_at: Set(now),
        last_login_at: Set(None),
    }
    .insert(db)
    .await
    .map_err(|err| {
        if is_unique_violation(&err) {
            AppError::conflict("email", format!("a user with {email} already exists"))
        } else {
            err.into()
        }
    })
}

/// The user with this id.
pub async fn find_user(db: &impl ConnectionTrait, id: &str) -> AppResult<users::Model> {
    users::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("user", id))
}

/// The user whose verified address this is, if any (an unverified address names nobody).
pub async fn find_user_by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> AppResult<Option<users::Model>> {
    Ok(users::Entity::find()
        .filter(users::Column::Email.eq(email.trim().to_lowercase()))
        .filter(users::Column::EmailVerified.eq(true))
        .one(db)
        .await?)
}

/// Marks `user_id`'s address verified, if it is still `email`. Refused when another account
/// has it verified meanwhile; `false` when the account or its address changed.
pub async fn confirm_email(
    db: &impl ConnectionTrait,
    user_id: &str,
    email: &str,
) -> AppResult<bool> {
    let updated = users::Entity::update_many()
        .col_expr(users::Column::EmailVerified, true.into())
        .filter(users::Column::Id.eq(user_id))
        .filter(users::Column::Email.eq(email))
        .exec(db)
        .await
        .map_err(|err| {
            if is_unique_violation(&err) {
                AppError::conflict("email", format!("{email} is verified by another account"))
            } else {
                err.into()
            }
        })?;
    Ok(updated.rows_affected == 1)
}

/// The users with these ids, by id (one query; none for no ids).
pub async fn users_by_id(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = String>,
) -> AppResult<HashMap<String, users::Model>> {
    let mut ids: Vec<String> = ids.into_iter().collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|user| (user.id.clone(), user))
        .collect())
}

/// Remembers the language a person reads the site in (their mails follow it).
pub async fn set_locale(db: &impl ConnectionTrait, user_id: &str, code: &str) -> AppResult<()> {
    users::Entity::update_many()
        .col_expr(users::Column::Locale, Some(code.to_owned()).into())
        .filter(users::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// A person's first and last names, as udata shows people: those stored (from the sign-in
/// provider or the account page), else the display name cut at its first space.
pub fn first_and_last_names(user: &users::Model) -> (String, String) {
    if user.first_name.is_some() || user.last_name.is_some() {
        return (
            user.first_name.clone().unwrap_or_default(),
            user.last_name.clone().unwrap_or_default(),
        );
    }
    let name = user.name.trim();
    match name.split_once(' ') {
        Some((first, last)) => (first.to_owned(), last.trim().to_owned()),
        None => (name.to_owned(), String::new()),
    }
}

/// What a person may change of their own profile; what is `None` stays.
#[derive(Clone, Debug, Default)]
pub struct ProfileFields {
    /// Display name (not empty).
    pub name: Option<String>,
    /// First name (empty to forget it).
    pub first_name: Option<String>,
    /// Last name (empty to forget it).
    pub last_name: Option<String>,
    /// Language of the site and of mails: `fr` or `en`.
    pub locale: Option<String>,
}

/// Most characters of a name, as udata allows.
const MAX_NAME: usize = 255;

fn check_profile(fields: &ProfileFields) -> AppResult<()> {
    let mut errors = FieldErrors::new();
    let mut refuse = |field: &str, message: String| {
        errors.entry(field.into()).or_default().push(message);
    };
    let names = [
        ("name", &fields.name),
        ("first_name", &fields.first_name),
        ("last_name", &fields.last_name),
    ];
    for (field, value) in names {
        let Some(value) = value.as_deref().map(str::trim) else {
            continue;
        };
        if field == "name" && value.is_empty() {
            refuse(field, "must not be empty".into());
        }
        if value.chars().count() > MAX_NAME {
            refuse(field, format!("must be at most {MAX_NAME} characters"));
        }
        if value.chars().any(char::is_control) {
            refuse(field, "must be one line of text".into());
        }
    }
    if let Some(locale) = &fields.locale
        && crate::i18n::Lang::from_code(locale).is_none()
    {
        let known: Vec<&str> = crate::i18n::Lang::ALL
            .iter()
            .map(|lang| lang.code())
            .collect();
        refuse(
            "locale",
            format!(
                "{locale:?} is not a language of the site: use {}",
                known.join(" or ")
            ),
        );
    }
    AppError::check(errors)
}

/// A name as stored: trimmed, `None` when empty.
fn stored_name(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|name| !name.is_empty())
}

/// Changes the fields given of a person's profile, after checking them all.
pub async fn update_profile(
    db: &impl ConnectionTrait,
    user: users::Model,
    fields: ProfileFields,
) -> AppResult<users::Model> {
    check_profile(&fields)?;
    let mut active = user.into_active_model();
    if let Some(name) = fields.name {
        active.name = Set(name.trim().to_owned());
    }
    if let Some(first_name) = fields.first_name {
        active.first_name = Set(stored_name(&first_name));
    }
    if let Some(last_name) = fields.last_name {
        active.last_name = Set(stored_name(&last_name));
    }
    if let Some(locale) = fields.locale {
        active.locale = Set(Some(locale));
    }
    Ok(active.update(db).await?)
}

/// Names from a sign-in provider (`given_name`, `family_name`), cut to what a profile holds;
/// `None` for a name that is blank or not one line.
pub fn provider_name(text: Option<&str>) -> Option<String> {
    let name = stored_name(text?)?;
    if name.chars().any(char::is_control) {
        return None;
    }
    Some(name.chars().take(MAX_NAME).collect())
}

/// A person's public profile as `viewer` may see it: 410 for a deactivated account, except to
/// site admins (as udata answers for an inactive user).
pub async fn find_profile(
    db: &impl ConnectionTrait,
    viewer: &crate::permissions::Viewer,
    id: &str,
) -> AppResult<users::Model> {
    let user = find_user(db, id).await?;
    if !user.active && !viewer.is_admin() {
        return Err(AppError::Gone("User is not active".into()));
    }
    Ok(user)
}
