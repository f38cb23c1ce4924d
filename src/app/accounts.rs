//! The table's accounts mode: the accounts of the filter (one line per customer) in the
//! order chosen, and with two months the accounts' moves; computed again only when the
//! month, the filter, the moves or the order change.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

use crate::engine::accounts::{AccountMove, Accounts, account_moves, best_index};
use crate::engine::compare::Comparison;
use crate::engine::{Filter, Session};
use crate::output::accounts::{AccountColumn, AccountValue};
use crate::output::export::ExportLines;

/// What a line of the table is (remembered between runs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TableMode {
    /// One line per prediction (customer x product).
    #[default]
    Predictions,
    /// One line per customer.
    Accounts,
}

impl TableMode {
    /// What Save target list writes by default: what the table shows.
    pub fn export_lines(self) -> ExportLines {
        match self {
            TableMode::Predictions => ExportLines::Predictions,
            TableMode::Accounts => ExportLines::Accounts,
        }
    }
}

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
pub type AccountSort = super::order::TableOrder<AccountColumn>;

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
        self.order = (0..self.accounts.len() as u32).collect();
        if let Some(sort) = sort {
            sort_accounts(session, &self.accounts, &mut self.order, sort);
        }
        self.key = Some((generation, filter.clone(), sort));
    }

    /// Brings the accounts' moves up to date with the comparison's pairs shown.
    pub fn refresh_moves(&mut self, generation: u64, cmp: &Comparison, pairs: &[u32]) {
        if self.moves_key.as_ref().is_some_and(|(g, p)| *g == generation && p == pairs) {
            return;
        }
        self.moves = account_moves(cmp, pairs);
        // the accounts that moved first, as the predictions' table lists them
        self.moves.sort_by_key(|m| m.direction.rank());
        self.moves_key = Some((generation, pairs.to_vec()));
    }
}

/// Sorts lines by a column: clusters and segments in their own order, numbers as numbers,
/// texts case-blind; blanks last either way.
fn sort_accounts(session: &Session, accounts: &Accounts, order: &mut [u32], sort: AccountSort) {
    let d = &session.derived;
    let keys: Vec<SortKey> = accounts
        .lines
        .iter()
        .map(|line| match sort.column {
            AccountColumn::BestCluster => SortKey::Number(best_index(line.best) as f64),
            AccountColumn::Segment => SortKey::Number(d.segment[line.customer as usize].index() as f64),
            column => match column.value(session, accounts, line) {
                AccountValue::Empty => SortKey::Blank,
                AccountValue::Text(s) => SortKey::Text(s.to_lowercase()),
                AccountValue::Number(v) | AccountValue::Money(v) => SortKey::Number(v),
            },
        })
        .collect();
    order.sort_by(|&a, &b| {
        let (ka, kb) = (&keys[a as usize], &keys[b as usize]);
        match (ka, kb) {
            (SortKey::Blank, SortKey::Blank) => Ordering::Equal,
            (SortKey::Blank, _) => Ordering::Greater,
            (_, SortKey::Blank) => Ordering::Less,
            _ if sort.descending => kb.cmp_to(ka),
            _ => ka.cmp_to(kb),
        }
    });
}

enum SortKey {
    Blank,
    Number(f64),
    Text(String),
}

impl SortKey {
    fn cmp_to(&self, other: &SortKey) -> Ordering {
        match (self, other) {
            (SortKey::Number(a), SortKey::Number(b)) => a.total_cmp(b),
            (SortKey::Text(a), SortKey::Text(b)) => a.cmp(b),
            _ => Ordering::Equal,
        }
    }
}
