//! Spam heuristics: what makes a message wait for a moderator instead of going out.

use chrono::Duration;
use entity::{messages, users};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::config::Config;
use crate::error::AppResult;
use crate::models::users::Role;

/// Why `author`'s `text` should wait for a moderator, if it should: a spam word; more links than
/// a new account may post; or (when configured) a new account's first message.
/// Moderators and admins are never held.
pub async fn hold_reason(
    db: &impl ConnectionTrait,
    config: &Config,
    author: &users::Model,
    text: &str,
) -> AppResult<Option<String>> {
    if matches!(Role::parse(&author.role), Role::Moderator | Role::Admin) {
        return Ok(None);
    }
    let lower = text.to_lowercase();
    if let Some(word) = config
        .spam_words
        .iter()
        .find(|word| lower.contains(word.as_str()))
    {
        return Ok(Some(format!("spam word: {word}")));
    }
    let new_account =
        crate::clock::now() - author.created_at < Duration::days(config.new_account_days);
    if !new_account {
        return Ok(None);
    }
    // Counted on the rendered links, so that `//host` and bare URLs count as the reader sees them.
    let links = crate::markdown::external_links(text);
    if links > config.new_account_max_links {
        return Ok(Some(format!("{links} links from a new account")));
    }
    if config.hold_first_posts {
        let published = messages::Entity::find()
            .filter(messages::Column::PostedBy.eq(author.id.as_str()))
            .filter(messages::Column::HeldReason.is_null())
            .count(db)
            .await?;
        if published == 0 {
            return Ok(Some("first message of a new account".to_owned()));
        }
    }
    Ok(None)
}
