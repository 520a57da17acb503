//! The account a signed-in identity belongs to: found, linked by a verified address, or
//! created.

use entity::{oauth_identities, users};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};

use super::SignInFailure;
use super::identity::Identity;
use super::providers::Provider;
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::models::users::{
    NewUser, Role, create_user, create_user_with_unverified_email, find_user_by_email,
    looks_like_email, provider_name,
};
use crate::signin::email_confirmation::send_confirmation;
use crate::state::AppState;

/// The account an identity signs in to. A known identity is its account. A new one is linked
/// to an existing account only when its provider verified the address and that account's
/// address is verified too; otherwise it gets an account of its own. An address no provider
/// vouched for claims and blocks nothing: its account keeps it unverified, is never linked to,
/// and gets only a mail asking to confirm it.
pub(super) async fn find_or_create_user(
    state: &AppState,
    provider: &Provider,
    identity: Identity,
    lang: Lang,
) -> AppResult<users::Model> {
    let label = &provider.config.label;
    let name = &provider.config.name;
    let given_name = provider_name(identity.given_name.as_deref());
    let family_name = provider_name(identity.family_name.as_deref());
    let sub = identity
        .sub
        .ok_or_else(|| SignInFailure::BadAnswer.with(label, Some("no subject".into())))?;
    let txn = crate::db::begin_write(&state.db).await?;
    let known = oauth_identities::Entity::find()
        .filter(oauth_identities::Column::Provider.eq(name.as_str()))
        .filter(oauth_identities::Column::Subject.eq(sub.as_str()))
        .find_also_related(users::Entity)
        .one(&txn)
        .await?;
    let user = match known {
        Some((_, Some(user))) => user,
        _ => {
            let email = identity
                .email
                .map(|email| email.trim().to_lowercase())
                .filter(|email| looks_like_email(email))
                .ok_or_else(|| SignInFailure::NoEmail.with(label, None))?;
            let verified = identity.email_verified == Some(true);
            let existing = if verified {
                find_user_by_email(&txn, &email).await?
            } else {
                None
            };
            let user = match existing {
                Some(user) => user,
                None => {
                    let new = NewUser {
                        email: email.clone(),
                        name: identity
                            .name
                            .clone()
                            .filter(|name| !name.trim().is_empty())
                            .unwrap_or_else(|| {
                                email.split('@').next().unwrap_or("user").to_owned()
                            }),
                        role: Role::User,
                    };
                    let mut user = if verified {
                        create_user(&txn, new).await?
                    } else {
                        create_user_with_unverified_email(&txn, new).await?
                    };
                    if let Some(picture) = identity
                        .picture
                        .filter(|url| crate::models::text::is_http_url(url))
                    {
                        let mut active = user.into_active_model();
                        active.avatar_url = Set(Some(picture));
                        user = active.update(&txn).await?;
                    }
                    if !verified {
                        send_confirmation(&txn, &state.config, &user, label, lang).await?;
                    }
                    user
                }
            };
            oauth_identities::ActiveModel {
                id: Set(crate::models::new_row_id()),
                user_id: Set(user.id.clone()),
                provider: Set(name.clone()),
                subject: Set(sub),
                email: Set(Some(email)),
                created_at: Set(crate::clock::now()),
            }
            .insert(&txn)
            .await?;
            user
        }
    };
    if !user.active {
        return Err(SignInFailure::Deactivated.with(label, None));
    }
    // The provider's names fill a profile that has none (the account page may change them).
    let names_missing = user.first_name.is_none() && user.last_name.is_none();
    let mut active = user.into_active_model();
    if names_missing && (given_name.is_some() || family_name.is_some()) {
        active.first_name = Set(given_name);
        active.last_name = Set(family_name);
    }
    active.last_login_at = Set(Some(crate::clock::now()));
    let user = active.update(&txn).await?;
    txn.commit().await?;
    Ok(user)
}
