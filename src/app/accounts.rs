//! The table's accounts mode: the accounts of the filter (one line per customer) in the
//! order chosen, and with two months the accounts' moves; computed again only when the
//! month, the filter, the moves or the order change.

use crate::engine::accounts::{AccountMove, Accounts, account_moves};
use crate::engine::compare::Comparison;
use crate::engine::query::{self, AccountColumn, AccountOrder};
use crate::engine::{Filter, Session};

pub use crate::engine::view::TableLines;

/// The accounts table's columns, in order.
pub const ACCOUNT_COLUMNS: [AccountColumn; 17] = [
    AccountColumn::Name,
    AccountColumn::CustomerId,
    AccountColumn::BestCluster,
    AccountColumn::ProductsByCluster,
    AccountColumn::Fit,
    AccountColumn::Intent,
    AccountColumn::Segment,
    AccountColumn::Employees,
    AccountColumn::ExpiringAgreements,
    AccountColumn::ExpiringRevenue,
    AccountColumn::OpenExpiringRevenue,
    AccountColumn::Country,
    AccountColumn::City,
    AccountColumn::State,
    AccountColumn::PostalCode,
    AccountColumn::Domain,
    AccountColumn::YesColumns,
];

/// The accounts table's order.
pub type AccountSort = AccountOrder;

/// The accounts shown, recomputed only when their key changes.
#[derive(Default)]
pub struct AccountsView {
    pub(crate) key: Option<(u64, Filter, Option<AccountSort>)>,
    pub accounts: Accounts,
    /// Indices into `accounts.lines`, in table order.
    pub order: Vec<u32>,
    pub(crate) moves_key: Option<(u64, Vec<u32>)>,
    /// With two months: one line per customer of the pairs shown.
    pub moves: Vec<AccountMove>,
}

impl AccountsView {
    /// Brings the accounts up to date with the month's filtered rows (`rows`, any order);
    /// `generation` is the month's, bumped with every rules change.
    pub fn refresh(
        &mut self,
        (session, generation): (&Session, u64),
        filter: &Filter,
        rows: &[u32],
        sort: Option<AccountSort>,
    ) {
        if self.key.as_ref().is_some_and(|(g, f, s)| *g == generation && f == filter && *s == sort) {
            return;
        }
        self.accounts = Accounts::new(&session.data, &session.derived, filter, rows);
        self.order = query::order_accounts(session, &self.accounts, sort);
        self.key = Some((generation, filter.clone(), sort));
    }

    /// Brings the accounts' moves up to date with the comparison's pairs shown.
    pub fn refresh_moves(&mut self, generation: u64, cmp: &Comparison, pairs: &[u32]) {
        if self.moves_key.as_ref().is_some_and(|(g, p)| *g == generation && p == pairs) {
            return;
        }
        self.moves = account_moves(cmp, pairs);
        // the accounts that moved first, as the predictions' table lists them
        query::order_account_moves(&mut self.moves);
        self.moves_key = Some((generation, pairs.to_vec()));
    }
}
