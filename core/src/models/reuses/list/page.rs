//! One page of a narrowed reuse list and the number of all its matches, read in one query.

use entity::reuses;
use sea_orm::sea_query::{Alias, Expr, Query};
use sea_orm::{ConnectionTrait, DbBackend, IdenStatic, Order, QuerySelect, QueryTrait, Select};

use crate::error::AppResult;
use crate::models::paging::Paging;

/// The ids of one page of `select` sorted by `column`, and the number of all its matches.
///
/// A count then a page read the matches twice; here they are read once, in a subquery kept
/// apart from the sort (its `OFFSET 0` on PostgreSQL: flattened, it would walk the sort index
/// and probe every reuse of the catalog to count them), numbered in sort order, and the page
/// taken out of them. The first match always comes too, so a page past the last one still
/// tells the total.
pub(super) async fn page_and_total(
    db: &impl ConnectionTrait,
    select: &Select<reuses::Entity>,
    column: reuses::Column,
    order: Order,
    paging: Paging,
) -> AppResult<(Vec<String>, u64)> {
    let backend = db.get_database_backend();
    let mut inner = select
        .clone()
        .select_only()
        .column(reuses::Column::Id)
        .column(column)
        .into_query();
    if backend == DbBackend::Postgres {
        // SQLite takes no OFFSET without LIMIT, and keeps a subquery with a window apart.
        inner.offset(0);
    }
    let direction = if order == Order::Desc { "DESC" } else { "ASC" };
    let numbered = Query::select()
        .column((Alias::new("matches"), reuses::Column::Id))
        .expr_as(Expr::cust("COUNT(*) OVER ()"), Alias::new("total"))
        .expr_as(
            Expr::cust(format!(
                "ROW_NUMBER() OVER (ORDER BY \"matches\".\"{}\" {direction}, \"matches\".\"id\" {direction})",
                column.as_str()
            )),
            Alias::new("n"),
        )
        .from_subquery(inner, Alias::new("matches"))
        .to_owned();
    let (first, last) = (
        paging.offset(),
        paging.offset().saturating_add(paging.page_size),
    );
    let page = Query::select()
        .columns([Alias::new("id"), Alias::new("total"), Alias::new("n")])
        .from_subquery(numbered, Alias::new("numbered"))
        .and_where(Expr::cust(format!(
            "n = 1 OR (n > {first} AND n <= {last})"
        )))
        .order_by(Alias::new("n"), Order::Asc)
        .to_owned();
    let rows = db.query_all_raw(backend.build(&page)).await?;
    let mut total = 0;
    let mut ids = Vec::with_capacity(rows.len());
    for row in rows {
        let (id, all, n): (String, i64, i64) = (
            row.try_get_by_index(0)?,
            row.try_get_by_index(1)?,
            row.try_get_by_index(2)?,
        );
        total = u64::try_from(all).unwrap_or_default();
        if u64::try_from(n).is_ok_and(|n| n > first && n <= last) {
            ids.push(id);
        }
    }
    Ok((ids, total))
}
