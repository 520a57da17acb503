//! Page numbers and sizes as udata takes them, and one page of results.

use crate::error::{AppError, AppResult};

/// Default number of items a page.
pub const DEFAULT_PAGE_SIZE: u64 = 20;
/// Largest page served: a caller asking for more (udata sets no bound, and scripts written for
/// data.gouv.fr ask for 1,000) gets this many, says so in the envelope's `page_size`, and walks
/// the rest with `next_page`.
pub const MAX_PAGE_SIZE: u64 = 100;
/// Largest page number: far past any list, and its offset still fits a database's integer.
pub const MAX_PAGE: u64 = 1_000_000_000;

/// Most values one filter of a list takes (repeated `tag`s or `for`s, words of a title search):
/// each is one more condition of the query, and about 1,200 overflow SQLite's expression tree
/// (or the stack that builds it). Nobody narrows a list by more than a few.
pub const MAX_FILTER_VALUES: usize = 20;

/// Refuses a filter of more than [`MAX_FILTER_VALUES`] `values` (values, words…), naming its
/// parameter `field`.
pub fn check_filter_values(field: &str, count: usize, values: &str) -> AppResult<()> {
    if count > MAX_FILTER_VALUES {
        return Err(AppError::field(
            field,
            format!("takes at most {MAX_FILTER_VALUES} {values} ({count} given)"),
        ));
    }
    Ok(())
}

/// Which page of a list, checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paging {
    /// 1-based page number.
    pub page: u64,
    /// Items a page, 1 to [`MAX_PAGE_SIZE`].
    pub page_size: u64,
}

impl Default for Paging {
    fn default() -> Self {
        Self {
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
        }
    }
}

impl Paging {
    /// Checks `page` and `page_size` from a query string; a `page_size` over [`MAX_PAGE_SIZE`]
    /// is served as [`MAX_PAGE_SIZE`] (0 is refused, as udata refuses it).
    pub fn new(page: Option<u64>, page_size: Option<u64>) -> AppResult<Self> {
        let page = page.unwrap_or(1);
        let page_size = page_size.unwrap_or(DEFAULT_PAGE_SIZE);
        if page == 0 {
            return Err(AppError::field("page", "must be a positive integer"));
        }
        if page > MAX_PAGE {
            return Err(AppError::field(
                "page",
                format!("must be at most {MAX_PAGE}"),
            ));
        }
        if page_size == 0 {
            return Err(AppError::field("page_size", "must be at least 1"));
        }
        Ok(Self {
            page,
            page_size: page_size.min(MAX_PAGE_SIZE),
        })
    }

    /// Rows to skip.
    pub fn offset(self) -> u64 {
        (self.page - 1).saturating_mul(self.page_size)
    }
}

/// One page of a list and the size of the whole list.
#[derive(Debug)]
pub struct PageOf<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// How many items the whole list has.
    pub total: u64,
    /// Which page this is.
    pub paging: Paging,
}

impl<T> PageOf<T> {
    /// Whether a page follows this one.
    pub fn has_next(&self) -> bool {
        self.paging.page * self.paging.page_size < self.total
    }

    /// The same page with each item turned into something else.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> PageOf<U> {
        PageOf {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            paging: self.paging,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_past_any_list_is_refused_rather_than_overflowing() {
        assert!(Paging::new(Some(u64::MAX), Some(MAX_PAGE_SIZE)).is_err());
        assert!(Paging::new(Some(MAX_PAGE + 1), Some(1)).is_err());
        let last = Paging::new(Some(MAX_PAGE), Some(MAX_PAGE_SIZE)).unwrap();
        assert_eq!(last.offset(), (MAX_PAGE - 1) * MAX_PAGE_SIZE);
        assert!(i64::try_from(last.offset()).is_ok());
    }

    #[test]
    fn a_page_too_large_is_served_at_the_largest_size() {
        let paging = Paging::new(Some(2), Some(1_000)).unwrap();
        assert_eq!(paging.page_size, MAX_PAGE_SIZE);
        assert_eq!(paging.offset(), MAX_PAGE_SIZE);
        assert!(Paging::new(None, Some(0)).is_err());
        assert!(Paging::new(Some(0), None).is_err());
    }
}
