//! What each person wants to hear about: per kind, mail immediate / daily / off and in-app on or
//! off; per thread or subject, watch or mute.

use std::collections::HashMap;

use entity::{notification_settings, watches};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::error::{AppError, AppResult};
use crate::notifications::kinds::{EmailMode, Kind};

/// One kind's preference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preference {
    /// The kind.
    pub kind: Kind,
    /// Mail.
    pub email: EmailMode,
    /// In the inbox of `/me/`.
    pub in_app: bool,
}

impl Preference {
    /// What a user who chose nothing gets.
    pub fn default_for(kind: Kind) -> Self {
        Self {
            kind,
            email: kind.default_email(),
            in_app: true,
        }
    }
}

/// Every kind's preference of these users, defaults filled in, by (user, kind).
pub async fn preferences_of(
    db: &impl ConnectionTrait,
    user_ids: &[String],
) -> AppResult<HashMap<(String, Kind), Preference>> {
    let mut rows = Vec::new();
    for chunk in user_ids.chunks(500) {
        rows.extend(
            notification_settings::Entity::find()
                .filter(notification_settings::Column::UserId.is_in(chunk.iter().cloned()))
                .all(db)
                .await?,
        );
    }
    Ok(preferences_from(user_ids, rows))
}

/// The preferences of these people, from their stored rows (defaults for the rest).
pub fn preferences_from(
    user_ids: &[String],
    rows: impl IntoIterator<Item = notification_settings::Model>,
) -> HashMap<(String, Kind), Preference> {
    let mut found = HashMap::new();
    for row in rows {
        let Ok(kind) = Kind::parse(&row.kind) else {
            continue;
        };
        let email = EmailMode::parse(&row.email).unwrap_or(kind.default_email());
        found.insert(
            (row.user_id, kind),
            Preference {
                kind,
                email,
                in_app: row.in_app,
            },
        );
    }
    for user in user_ids {
        for kind in Kind::ALL {
            found
                .entry((user.clone(), kind))
                .or_insert_with(|| Preference::default_for(kind));
        }
    }
    found
}

/// One user's preferences, every kind, in [`Kind::ALL`]'s order.
pub async fn preferences(db: &impl ConnectionTrait, user_id: &str) -> AppResult<Vec<Preference>> {
    let all = preferences_of(db, &[user_id.to_owned()]).await?;
    Ok(Kind::ALL
        .into_iter()
        .map(|kind| {
            all.get(&(user_id.to_owned(), kind))
                .copied()
                .unwrap_or_else(|| Preference::default_for(kind))
        })
        .collect())
}

/// Stores one kind's preference.
pub async fn set_preference(
    db: &impl ConnectionTrait,
    user_id: &str,
    preference: Preference,
) -> AppResult<()> {
    notification_settings::Entity::insert(notification_settings::ActiveModel {
        user_id: Set(user_id.to_owned()),
        kind: Set(preference.kind.as_str().to_owned()),
        email: Set(preference.email.as_str().to_owned()),
        in_app: Set(preference.in_app),
    })
    .on_conflict(
        OnConflict::columns([
            notification_settings::Column::UserId,
            notification_settings::Column::Kind,
        ])
        .update_columns([
            notification_settings::Column::Email,
            notification_settings::Column::InApp,
        ])
        .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

/// Watching (hear about everything) or muting (hear about nothing) a thread or a subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WatchMode {
    /// Hear about every new discussion or reply.
    Watch,
    /// Hear about nothing.
    Mute,
}

impl WatchMode {
    /// Its name in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Watch => "watch",
            Self::Mute => "mute",
        }
    }

    /// The mode named `text`; `none` (no choice) is `None`.
    pub fn parse(text: &str) -> AppResult<Option<Self>> {
        match text {
            "watch" => Ok(Some(Self::Watch)),
            "mute" => Ok(Some(Self::Mute)),
            "none" => Ok(None),
            other => Err(AppError::field(
                "mode",
                format!("{other:?} is not a mode: use watch, mute or none"),
            )),
        }
    }
}

/// What may be watched or muted.
pub const WATCHABLE: &[&str] = &["Discussion", "Dataset", "Reuse"];

/// Watches or mutes `class`/`id` for a user; `None` forgets the choice.
pub async fn set_watch(
    db: &impl ConnectionTrait,
    user_id: &str,
    class: &str,
    id: &str,
    mode: Option<WatchMode>,
) -> AppResult<()> {
    if !WATCHABLE.contains(&class) {
        return Err(AppError::field(
            "class",
            format!("{class:?} cannot be watched: use {}", WATCHABLE.join(", ")),
        ));
    }
    let key = (user_id.to_owned(), class.to_owned(), id.to_owned());
    match mode {
        None => {
            watches::Entity::delete_by_id(key).exec(db).await?;
        }
        Some(mode) => {
            watches::Entity::insert(watches::ActiveModel {
                user_id: Set(key.0),
                subject_class: Set(key.1),
                subject_id: Set(key.2),
                mode: Set(mode.as_str().to_owned()),
                since: Set(crate::clock::now()),
            })
            .on_conflict(
                OnConflict::columns([
                    watches::Column::UserId,
                    watches::Column::SubjectClass,
                    watches::Column::SubjectId,
                ])
                .update_columns([watches::Column::Mode, watches::Column::Since])
                .to_owned(),
            )
            .exec(db)
            .await?;
        }
    }
    Ok(())
}

/// What a user chose for one thread or subject, if anything.
pub async fn watch_mode(
    db: &impl ConnectionTrait,
    user_id: &str,
    class: &str,
    id: &str,
) -> AppResult<Option<WatchMode>> {
    let found = watches::Entity::find_by_id((user_id.to_owned(), class.to_owned(), id.to_owned()))
        .one(db)
        .await?;
    Ok(found.map(|watch| mode_of(&watch)))
}

fn mode_of(watch: &watches::Model) -> WatchMode {
    if watch.mode == "mute" {
        WatchMode::Mute
    } else {
        WatchMode::Watch
    }
}

/// A user's watches and mutes.
pub async fn watches_of(
    db: &impl ConnectionTrait,
    user_id: &str,
) -> AppResult<Vec<watches::Model>> {
    Ok(watches::Entity::find()
        .filter(watches::Column::UserId.eq(user_id))
        .all(db)
        .await?)
}

/// Watches and mutes of any of `targets` (`(class, id)`), as `(user, class, id, mode)`, in one
/// query whatever their number.
pub async fn watches_on(
    db: &impl ConnectionTrait,
    targets: &[(&str, &str)],
) -> AppResult<Vec<(String, String, String, WatchMode)>> {
    if targets.is_empty() {
        return Ok(Vec::new());
    }
    let any = targets.iter().fold(Condition::any(), |any, (class, id)| {
        any.add(
            Condition::all()
                .add(watches::Column::SubjectClass.eq(*class))
                .add(watches::Column::SubjectId.eq(*id)),
        )
    });
    Ok(watches::Entity::find()
        .filter(any)
        .all(db)
        .await?
        .into_iter()
        .map(|row| {
            let mode = mode_of(&row);
            (row.user_id, row.subject_class, row.subject_id, mode)
        })
        .collect())
}
