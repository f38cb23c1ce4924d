//! A table's order, the same for every table: by a column, ascending or not.

/// By `column` (the predictions' `SortColumn`, the accounts' `AccountColumn`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TableOrder<C> {
    pub column: C,
    pub descending: bool,
}

impl<C: PartialEq> TableOrder<C> {
    /// The order after a click on `column`'s header: ascending, then descending, then none.
    pub fn after_click(current: Option<TableOrder<C>>, column: C) -> Option<TableOrder<C>> {
        match current {
            Some(sort) if sort.column == column && !sort.descending => Some(TableOrder { column, descending: true }),
            Some(sort) if sort.column == column => None,
            _ => Some(TableOrder { column, descending: false }),
        }
    }
}
