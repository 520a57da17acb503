//! Full-text search of reuses: PostgreSQL `tsvector` (French stemming on accent-folded text,
//! GIN index) or SQLite FTS5 (diacritics removed), behind one pair of functions.
//!
//! Every word of a query must match, as a prefix: "vaccin" finds "Vaccination". A reuse is
//! found by its own words and by the titles of the datasets it uses and its organization's
//! name ("hospitalisations" finds what is built on the hospital data): see [`context_of`].

use entity::{datasets, organizations, reuse_datasets, reuse_tags, reuses};
use sea_orm::sea_query::{Alias, DynIden, Expr, InsertStatement, IntoIden, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait,
    Iterable, JoinType, QueryFilter, QueryOrder, QuerySelect, RelationTrait, Statement, Value,
};

use crate::db::Writes;
use crate::error::AppResult;
use crate::import::fold_letter;

/// Lower-case words with accents folded (`Données` → `donnees`), separated by single spaces.
pub fn fold_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let mut buf = [0; 4];
        let piece: &str = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase().encode_utf8(&mut buf)
        } else if let Some(folded) = fold_letter(c) {
            folded
        } else {
            space |= !('\u{300}'..='\u{36F}').contains(&c);
            continue;
        };
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push_str(piece);
    }
    out
}

/// What the index holds of a reuse, folded: its title; the titles of its datasets and its
/// organization's name (its `context`); its description and tags.
fn indexed_text(
    title: &str,
    description: &str,
    tags: &[String],
    context: &str,
) -> (String, String, String) {
    (
        fold_words(title),
        fold_words(context),
        fold_words(&format!("{description} {}", tags.join(" "))),
    )
}

/// PostgreSQL's vector of a reuse's indexed text: $1 the title, weighted first; $2 its context,
/// second; $3 the rest.
const VECTOR: &str = "setweight(to_tsvector('french', $1), 'A') || \
                      setweight(to_tsvector('french', $2), 'B') || to_tsvector('french', $3)";

/// The words a reuse is found by besides its own: the titles of the datasets it uses and its
/// organization's name (and acronym).
pub fn context_text<'a>(
    dataset_titles: impl IntoIterator<Item = &'a str>,
    organization: Option<&organizations::Model>,
) -> String {
    let mut words: Vec<&str> = dataset_titles.into_iter().collect();
    if let Some(organization) = organization {
        words.push(&organization.name);
        words.extend(organization.acronym.as_deref());
    }
    words.join(" ")
}

/// The context of a reuse as the database holds it now (see [`context_text`]): two reads.
pub async fn context_of(
    db: &impl ConnectionTrait,
    reuse_id: &str,
    organization_id: Option<&str>,
) -> Result<String, DbErr> {
    let titles: Vec<String> = datasets::Entity::find()
        .select_only()
        .column(datasets::Column::Title)
        .join_rev(
            JoinType::InnerJoin,
            reuse_datasets::Relation::Datasets.def(),
        )
        .filter(reuse_datasets::Column::ReuseId.eq(reuse_id))
        .into_tuple()
        .all(db)
        .await?;
    let organization = match organization_id {
        Some(id) => organizations::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    Ok(context_text(
        titles.iter().map(String::as_str),
        organization.as_ref(),
    ))
}

/// Adds to `writes` the insertion of a new reuse, already indexed with these tags. On
/// PostgreSQL its vector is computed in the same `INSERT`: written afterwards, it made a second
/// version of the row and a second entry in each of its indexes (half of what creating a reuse
/// cost the database).
pub fn insert_reuse(
    backend: DbBackend,
    reuse: &reuses::ActiveModel,
    tags: &[String],
    context: &str,
    writes: &mut Writes,
) -> Result<(), DbErr> {
    let text = |column| match reuse.get(column) {
        ActiveValue::Set(Value::String(Some(text))) => text.to_string(),
        _ => String::new(),
    };
    let (title, context, rest) = indexed_text(
        &text(reuses::Column::Title),
        &text(reuses::Column::Description),
        tags,
        context,
    );
    let mut columns: Vec<DynIden> = Vec::new();
    let mut values: Vec<Expr> = Vec::new();
    for column in reuses::Column::iter() {
        if let ActiveValue::Set(value) = reuse.get(column) {
            columns.push(column.into_iden());
            values.push(Expr::val(value));
        }
    }
    let postgres = backend == DbBackend::Postgres;
    if postgres {
        columns.push(Alias::new("search").into_iden());
        values.push(Expr::cust_with_values(
            VECTOR,
            [title.clone(), context.clone(), rest.clone()],
        ));
    }
    writes.push(
        Query::insert()
            .into_table(reuses::Entity)
            .columns(columns)
            .values(values)
            .map_err(|err| DbErr::Custom(err.to_string()))?
            .to_owned(),
    );
    if !postgres {
        writes.push(search_row(
            &text(reuses::Column::Id),
            &title,
            &format!("{context} {rest}"),
        )?);
    }
    Ok(())
}

/// (Re)indexes one reuse's title, description, tags and context (see [`context_text`]).
pub async fn index_reuse(
    db: &impl ConnectionTrait,
    reuse_id: &str,
    title: &str,
    description: &str,
    tags: &[String],
    context: &str,
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let (title, context, rest) = indexed_text(title, description, tags, context);
    match backend {
        DbBackend::Postgres => {
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                format!("UPDATE reuses SET search = {VECTOR} WHERE id = $4"),
                [title.into(), context.into(), rest.into(), reuse_id.into()],
            ))
            .await?;
        }
        _ => {
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                "DELETE FROM reuse_search WHERE reuse_id = ?",
                [reuse_id.into()],
            ))
            .await?;
            db.execute(&search_row(reuse_id, &title, &format!("{context} {rest}"))?)
                .await?;
        }
    }
    Ok(())
}

/// Reindexes one reuse as the database holds it now: after a change of its datasets, or of
/// the title of one of them or of its organization's name.
pub async fn reindex_reuse(db: &impl ConnectionTrait, reuse: &reuses::Model) -> Result<(), DbErr> {
    let tags: Vec<String> = reuse_tags::Entity::find()
        .select_only()
        .column(reuse_tags::Column::Tag)
        .filter(reuse_tags::Column::ReuseId.eq(reuse.id.as_str()))
        .into_tuple()
        .all(db)
        .await?;
    let context = context_of(db, &reuse.id, reuse.organization_id.as_deref()).await?;
    index_reuse(
        db,
        &reuse.id,
        &reuse.title,
        &reuse.description,
        &tags,
        &context,
    )
    .await
}

/// Reindexes the reuses that use any of these datasets (their titles changed).
pub async fn reindex_reuses_of_datasets(
    db: &impl ConnectionTrait,
    dataset_ids: &[String],
) -> Result<(), DbErr> {
    if dataset_ids.is_empty() {
        return Ok(());
    }
    let reuses = reuses::Entity::find()
        .filter(
            reuses::Column::Id.in_subquery(
                Query::select()
                    .column(reuse_datasets::Column::ReuseId)
                    .from(reuse_datasets::Entity)
                    .and_where(reuse_datasets::Column::DatasetId.is_in(dataset_ids.to_vec()))
                    .to_owned(),
            ),
        )
        .all(db)
        .await?;
    for reuse in &reuses {
        reindex_reuse(db, reuse).await?;
    }
    Ok(())
}

/// Reindexes every reuse, a page at a time: once, when the index learns new words (see
/// `db::migrate`).
pub async fn reindex_all(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let mut after = String::new();
    loop {
        let page = reuses::Entity::find()
            .filter(reuses::Column::Id.gt(after.as_str()))
            .order_by_asc(reuses::Column::Id)
            .limit(500)
            .all(db)
            .await?;
        for reuse in &page {
            reindex_reuse(db, reuse).await?;
        }
        match page.last() {
            Some(last) => after = last.id.clone(),
            None => return Ok(()),
        }
    }
}

/// The row of `reuse_search` (SQLite's full-text table) for a reuse.
fn search_row(reuse_id: &str, title: &str, rest: &str) -> Result<InsertStatement, DbErr> {
    Ok(Query::insert()
        .into_table(Alias::new("reuse_search"))
        .columns([Alias::new("reuse_id"), Alias::new("body")])
        .values([reuse_id.into(), format!("{title} {rest}").into()])
        .map_err(|err| DbErr::Custom(err.to_string()))?
        .to_owned())
}

/// The condition "every word of `q` matches" on `reuses`, or `None` when `q` is blank.
///
/// `*` asks for everything; any other query with no word in it (`%`, `'--`, an emoji) matches
/// nothing rather than everything.
pub fn reuses_matching(backend: DbBackend, q: &str) -> Option<Expr> {
    let words = query_words(q);
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    if words.is_empty() {
        let everything = matches!(q.trim(), "" | "*");
        return (!everything).then(|| Expr::cust("1 = 0"));
    }
    Some(match backend {
        DbBackend::Postgres => Expr::cust_with_values(
            "\"reuses\".\"search\" @@ to_tsquery('french', $1)",
            [prefix_query(&words)],
        ),
        _ => {
            let query: Vec<String> = words.iter().map(|word| format!("\"{word}\"*")).collect();
            Expr::cust_with_values(
                "\"reuses\".\"id\" IN (SELECT reuse_id FROM reuse_search WHERE reuse_search MATCH ?)",
                [query.join(" AND ")],
            )
        }
    })
}

/// Endings a searched word loses, longest first, so that one form finds the others:
/// « hospitalisations » looks for `hospital…`, which finds « hospitalières » too.
const ENDINGS: [&str; 15] = [
    "isations", "isation", "ations", "ation", "ieres", "iere", "iers", "ier", "iques", "ique",
    "ales", "ale", "aux", "es", "s",
];

/// The words of a query, folded, each without the first of [`ENDINGS`] that leaves four
/// letters or more of it (a short word is taken as the start of a longer one already).
fn query_words(q: &str) -> Vec<String> {
    fold_words(q)
        .split(' ')
        .filter(|word| !word.is_empty())
        .map(|word| {
            ENDINGS
                .iter()
                .find_map(|ending| {
                    word.strip_suffix(ending)
                        .filter(|stem| stem.chars().count() >= 4)
                })
                .unwrap_or(word)
                .to_owned()
        })
        .collect()
}

/// PostgreSQL's query of folded words: each a prefix, all required.
fn prefix_query(words: &[&str]) -> String {
    let query: Vec<String> = words.iter().map(|word| format!("{word}:*")).collect();
    query.join(" & ")
}

/// One lexeme of a search as PostgreSQL's French configuration makes it (stemmed, stop words
/// left out), and whether it is a prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lexeme {
    pub text: String,
    pub prefix: bool,
}

/// The lexemes all of which a reuse must have to match `q` on PostgreSQL (asked of the
/// database, which stems them), or `None` elsewhere or when `q` has no words.
pub async fn lexemes_of(db: &impl ConnectionTrait, q: &str) -> AppResult<Option<Vec<Lexeme>>> {
    let backend = db.get_database_backend();
    let words = query_words(q);
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    if backend != DbBackend::Postgres || words.is_empty() {
        return Ok(None);
    }
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            "SELECT to_tsquery('french', $1)::text",
            [prefix_query(&words).into()],
        ))
        .await?;
    let text: String = match row {
        Some(row) => row.try_get_by_index(0)?,
        None => return Ok(None),
    };
    Ok(parse_and_of_lexemes(&text))
}

/// `'cart':* & 'velo'` as lexemes; `None` for anything else than lexemes joined by `&`. Stop
/// words alone make an empty query, which matches nothing: no lexeme at all.
fn parse_and_of_lexemes(text: &str) -> Option<Vec<Lexeme>> {
    if text.trim().is_empty() {
        return Some(Vec::new());
    }
    text.split(" & ")
        .map(|term| {
            let (quoted, prefix) = match term.strip_suffix(":*") {
                Some(quoted) => (quoted, true),
                None => (term, false),
            };
            let text = quoted.strip_prefix('\'')?.strip_suffix('\'')?;
            (!text.is_empty() && !text.contains(['\'', ' ', '&', '|', '!', ':', '(', ')'])).then(
                || Lexeme {
                    text: text.to_owned(),
                    prefix,
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_lexemes_joined_by_and_are_understood() {
        let lexeme = |text: &str, prefix| Lexeme {
            text: text.into(),
            prefix,
        };
        assert_eq!(
            parse_and_of_lexemes("'cart':* & 'velo'"),
            Some(vec![lexeme("cart", true), lexeme("velo", false)])
        );
        assert_eq!(parse_and_of_lexemes(""), Some(vec![]));
        assert_eq!(parse_and_of_lexemes("'a' | 'b'"), None);
        assert_eq!(parse_and_of_lexemes("!'a'"), None);
        assert_eq!(parse_and_of_lexemes("'a' <-> 'b'"), None);
    }

    #[test]
    fn a_searched_word_finds_its_other_forms() {
        assert_eq!(
            query_words("Hospitalisations hospitalières vaccination"),
            ["hospital", "hospital", "vaccin"]
        );
        assert_eq!(
            query_words("vélos gares air hospi"),
            ["velo", "gare", "air", "hospi"]
        );
    }

    #[test]
    fn folding_keeps_words_and_drops_accents() {
        assert_eq!(
            fold_words("Données hospitalières — COVID-19 !"),
            "donnees hospitalieres covid 19"
        );
        assert_eq!(fold_words("  L'Œuvre  "), "l oeuvre");
    }
}
