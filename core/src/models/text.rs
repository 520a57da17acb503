//! Small rules on text shared by the models: case-insensitive matching, slugs, URLs.

use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::error::AppResult;

/// `LOWER(column) LIKE '%q%'`, with `%` and `_` in `q` taken literally, on every backend.
pub fn contains_ci(column: impl ColumnTrait, q: &str) -> Expr {
    let escaped: String = q
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    Expr::expr(Func::lower(column.into_expr()))
        .like(LikeExpr::new(format!("%{escaped}%")).escape('\\'))
}

/// Whether `url` is an absolute http(s) URL with a host.
pub fn is_http_url(url: &str) -> bool {
    url::Url::parse(url)
        .is_ok_and(|parsed| matches!(parsed.scheme(), "http" | "https") && parsed.has_host())
}

/// `wanted`, or `wanted-2`, `wanted-3`… : the first slug no row of `entity` holds yet.
pub async fn unique_slug<E: EntityTrait>(
    db: &impl ConnectionTrait,
    _entity: E,
    column: E::Column,
    wanted: &str,
) -> AppResult<String> {
    let base = if wanted.is_empty() {
        "untitled"
    } else {
        wanted
    };
    let taken: Vec<String> = E::find()
        .select_only()
        .column(column)
        .filter(column.eq(base).or(column.like(format!("{base}-%"))))
        .into_tuple()
        .all(db)
        .await?;
    if !taken.iter().any(|slug| slug == base) {
        return Ok(base.to_owned());
    }
    let next = (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or_else(|| format!("{base}-{}", uuid::Uuid::new_v4().simple()));
    Ok(next)
}

/// Tags as udata stores them: trimmed, lower-cased slugs, sorted, without duplicates or blanks.
pub fn normalize_tags<I, S>(tags: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut tags: Vec<String> = tags
        .into_iter()
        .map(|tag| crate::import::slugify(tag.as_ref()))
        .filter(|tag| !tag.is_empty())
        .collect();
    tags.sort();
    tags.dedup();
    tags
}

/// What a field holding a control character is told.
pub const NO_CONTROL_CHARACTERS: &str = "must not contain control characters";

/// Whether `text` holds a control character (C0, DEL, C1) other than, when `multiline`, tab and
/// line breaks: typed by nobody, they break what carries the text on (an Atom feed is no longer
/// XML with U+0001 in it) or hide text from the reader.
pub fn has_control_characters(text: &str, multiline: bool) -> bool {
    text.chars()
        .any(|c| c.is_control() && !(multiline && matches!(c, '\t' | '\n' | '\r')))
}
