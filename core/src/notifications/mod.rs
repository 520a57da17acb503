//! Who hears about what: in-app notifications and mails, written in the transaction of the event
//! that causes them. The actor never hears about their own act; a mute wins over
//! everything; each person's settings choose in-app or not and mail immediate, daily or off.

pub mod events;
pub mod inbox;
pub mod kinds;
pub mod lifecycle;
pub mod settings;
pub mod unsubscribe;

use std::collections::{HashMap, HashSet};

use entity::{notification_settings, notifications, users};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryTrait, Set};
use sha2::{Digest, Sha256};
use url::Url;

use crate::config::Config;
use crate::db::Writes;
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::mail::outbox;
use crate::mail::render::{self, Message, Recipient};
use crate::notifications::kinds::{EmailMode, Kind};
use crate::notifications::settings::{WatchMode, preferences_from, watches_on};

/// What writing notifications needs besides the database: links and signatures.
#[derive(Clone, Copy, Debug)]
pub struct Notifier<'a> {
    /// The site's public URL, for links.
    pub public_url: &'a Url,
    /// Signs unsubscribe links.
    pub secret: &'a str,
    /// The site's name (`VITRINE_SITE_NAME`), signing mails.
    pub site_name: &'a str,
}

impl<'a> Notifier<'a> {
    /// The notifier of a configured site.
    pub fn of(config: &'a Config) -> Self {
        Self {
            public_url: &config.public_url,
            secret: &config.secret_key,
            site_name: &config.site.name,
        }
    }
}

/// One event to tell people about.
#[derive(Clone, Debug)]
pub struct Notice {
    /// What the mails and notifications say.
    pub message: Message,
    /// Who acted (never told).
    pub actor_id: String,
    /// Names the event once: `<what>:<id>`; each recipient's mail and notification derive from it,
    /// so the same event is never told twice.
    pub key: String,
    /// Threads and subjects whose mute silences this event: `(class, id)`.
    pub mutable_by: Vec<(&'static str, String)>,
}

/// In-app notification id: the same event for the same person is one row.
///
/// An event about something new (whose id, `<what>:<id>…`, is time-ordered: an ObjectId-like id
/// from [`crate::models::new_row_id`], or a version 7 UUID as ids were before) begins with that
/// id's time, so new notifications sit at the end of the index instead of on random pages, each
/// copied whole into PostgreSQL's WAL when first written after a checkpoint. Other events are
/// numbered by the digest alone, as they always were, so that none is told twice.
fn notification_id(key: &str, user_id: &str) -> String {
    let digest = hex::encode(&Sha256::digest(format!("{key}\n{user_id}").as_bytes())[..16]);
    let Some(subject) = key.split(':').nth(1) else {
        return digest;
    };
    if crate::models::is_object_id(subject) {
        return format!("{}{}", &subject[..8], &digest[8..]);
    }
    match uuid::Uuid::try_parse(subject)
        .ok()
        .filter(|id| id.get_version_num() == 7)
    {
        Some(id) => format!("{}{}", &id.simple().to_string()[..12], &digest[12..]),
        None => digest,
    }
}

/// Tells `recipients` (each with the kind they hear it as; the first kind given for a person
/// wins) about `notice`, in `db`'s transaction.
pub async fn dispatch(
    db: &impl ConnectionTrait,
    notifier: &Notifier<'_>,
    notice: &Notice,
    recipients: Vec<(String, Kind)>,
) -> AppResult<()> {
    let mut writes = Writes::default();
    plan_all(
        db,
        notifier,
        vec![(notice.clone(), recipients)],
        &mut writes,
    )
    .await?;
    Ok(writes.run(db).await?)
}

/// Adds to `writes` what tells each notice's recipients about it (see [`dispatch`]), read in
/// three queries whatever the number of notices and people: a reuse linked to several
/// datasets tells each one's producers and followers at once.
pub async fn plan_all(
    db: &impl ConnectionTrait,
    notifier: &Notifier<'_>,
    batch: Vec<(Notice, Vec<(String, Kind)>)>,
    writes: &mut Writes,
) -> AppResult<()> {
    let batch: Vec<(Notice, Vec<(String, Kind)>)> = batch
        .into_iter()
        .map(|(notice, recipients)| {
            let mut seen = HashSet::new();
            let chosen = recipients
                .into_iter()
                .filter(|(user, _)| *user != notice.actor_id && seen.insert(user.clone()))
                .collect();
            (notice, chosen)
        })
        .filter(|(_, chosen): &(Notice, Vec<_>)| !chosen.is_empty())
        .collect();
    if batch.is_empty() {
        return Ok(());
    }
    let mut targets: Vec<(&str, &str)> = batch
        .iter()
        .flat_map(|(notice, _)| notice.mutable_by.iter())
        .map(|(class, id)| (*class, id.as_str()))
        .collect();
    targets.sort_unstable();
    targets.dedup();
    let muted: HashSet<(String, String, String)> = watches_on(db, &targets)
        .await?
        .into_iter()
        .filter(|(_, _, _, mode)| *mode == WatchMode::Mute)
        .map(|(user, class, id, _)| (user, class, id))
        .collect();
    let mut ids: Vec<String> = batch
        .iter()
        .flat_map(|(_, chosen)| chosen.iter().map(|(user, _)| user.clone()))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    // The people, active ones only, with their stored preferences: one query.
    let mut people: HashMap<String, users::Model> = HashMap::new();
    let mut settings = Vec::new();
    for (person, stored) in users::Entity::find()
        .filter(users::Column::Id.is_in(ids.clone()))
        .filter(users::Column::Active.eq(true))
        .find_with_related(notification_settings::Entity)
        .all(db)
        .await?
    {
        settings.extend(stored);
        people.insert(person.id.clone(), person);
    }
    let preferences = preferences_from(&ids, settings);
    let now = crate::clock::now();
    // Every row in two statements, whatever the number of recipients.
    let mut in_app = Vec::new();
    let mut mails = Vec::new();
    for (notice, chosen) in &batch {
        for (user_id, kind) in chosen {
            let (user_id, kind) = (user_id.clone(), *kind);
            let silenced = notice.mutable_by.iter().any(|(class, id)| {
                muted.contains(&(user_id.clone(), (*class).to_owned(), id.clone()))
            });
            if silenced {
                continue;
            }
            let Some(person) = people.get(&user_id) else {
                continue;
            };
            let Some(preference) = preferences.get(&(user_id.clone(), kind)) else {
                continue;
            };
            if preference.in_app {
                let details = serde_json::json!({
                    "title": notice.message.title,
                    "subject": notice.message.subject,
                    "actor": notice.message.actor,
                    "url": notice.message.url,
                    "excerpt": notice.message.excerpt.as_ref().map(|excerpt| &excerpt.short),
                    "key": notice.key,
                    "event": notice.message.key,
                });
                in_app.push(notifications::ActiveModel {
                    id: Set(notification_id(&notice.key, &user_id)),
                    user_id: Set(user_id.clone()),
                    kind: Set(kind.as_str().to_owned()),
                    details: Set(details.to_string()),
                    created_at: Set(now),
                    handled_at: Set(None),
                });
            }
            // An address nobody vouched for gets no mail but the one asking to confirm it.
            if preference.email == EmailMode::Off || !person.email_verified {
                continue;
            }
            let key = format!("{}:{user_id}", notice.key);
            let recipient = Recipient {
                email: &person.email,
                name: &person.name,
                lang: person
                    .locale
                    .as_deref()
                    .and_then(Lang::from_code)
                    .unwrap_or_default(),
            };
            let unsubscribe =
                unsubscribe::url(notifier.public_url, notifier.secret, &user_id, kind);
            let mail = render::notification(
                &notice.message,
                &recipient,
                &key,
                &unsubscribe,
                notifier.public_url,
                notifier.site_name,
            )?;
            mails.push(outbox::Queued {
                mail,
                template: kind.as_str().to_owned(),
                key,
                held: preference.email == EmailMode::Daily,
            });
        }
    }
    if !in_app.is_empty() {
        writes.push(
            notifications::Entity::insert_many(in_app)
                .on_conflict(
                    OnConflict::column(notifications::Column::Id)
                        .do_nothing()
                        .to_owned(),
                )
                .into_query(),
        );
    }
    outbox::queue_all(writes, mails)
}

#[cfg(test)]
mod tests {
    use super::notification_id;

    #[test]
    fn notifications_of_new_things_are_numbered_after_them() {
        let earlier = "6554000001020304050000ff";
        let later = "655400010102030405000001";
        let first = notification_id(&format!("followed_reuse:{earlier}"), "zed");
        let second = notification_id(&format!("followed_reuse:{later}"), "amy");
        assert!(first < second, "{first} then {second}");
        assert_eq!(first.len(), 32);
        assert_eq!(first[..8], earlier[..8]);
        // The same event for the same person: the same row; for another person, another.
        assert_eq!(
            first,
            notification_id(&format!("followed_reuse:{earlier}"), "zed")
        );
        assert_ne!(
            first,
            notification_id(&format!("followed_reuse:{earlier}"), "amy")
        );
        // Events about things numbered before (random UUIDs, other ids) keep their digests.
        let old = "followed_reuse:3f2a9c1e4b7d4e0f8a6b5c4d3e2f1a0b";
        assert_ne!(notification_id(old, "zed")[..12], old[15..27]);
        assert_eq!(notification_id("removed:d1", "zed").len(), 32);
    }
}
