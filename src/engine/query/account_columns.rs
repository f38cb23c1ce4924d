//! The columns of an account line (for the accounts table, the Accounts sheet, its CSV and
//! the CRM presets), their stable names, and each line's key in them. Their headers and
//! text, in the language in force, are the words layer's (`output::accounts`).

use std::borrow::Cow;

use super::keys::{Collation, SortKey};
use crate::engine::Session;
use crate::engine::accounts::{Account, Accounts};
use crate::engine::dataset::Dataset;
use crate::engine::rules::ClusterKey;
use crate::engine::text::fold_key;

/// A column of an account line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AccountColumn {
    CustomerId,
    Name,
    Domain,
    /// The domain as a web address (https://domain), as Dynamics 365 and Salesforce take it.
    Website,
    /// The bare host (no scheme, no "www."), HubSpot's company key.
    Host,
    City,
    State,
    PostalCode,
    Country,
    Segment,
    Employees,
    BestCluster,
    /// Every cluster with its products ("Act now: Azure, Microsoft 365; Nurture: Surface").
    ProductsByCluster,
    /// The products of one cluster ("Azure, Microsoft 365").
    Products(ClusterKey),
    Fit,
    Intent,
    /// The estimated whitespace revenue of its predictions in the filter.
    Whitespace,
    ExpiringAgreements,
    ExpiringRevenue,
    OpenExpiringRevenue,
    /// The yes/no columns that are yes for the customer.
    YesColumns,
    Description,
    /// The month of the as-of date ("2026-11").
    SourceMonth,
    /// The months running, up to the month shown, in its best cluster (the library's).
    Streak,
    /// The months its best cluster was Act now.
    MonthsInActNow,
    /// The first month it was seen ("2026-08").
    FirstSeen,
}

impl AccountColumn {
    /// Every column that has a name of its own (the products of one cluster are named by
    /// their cluster: "products:act-now").
    pub const NAMED: [AccountColumn; 25] = [
        AccountColumn::CustomerId,
        AccountColumn::Name,
        AccountColumn::Domain,
        AccountColumn::Website,
        AccountColumn::Host,
        AccountColumn::City,
        AccountColumn::State,
        AccountColumn::PostalCode,
        AccountColumn::Country,
        AccountColumn::Segment,
        AccountColumn::Employees,
        AccountColumn::BestCluster,
        AccountColumn::ProductsByCluster,
        AccountColumn::Fit,
        AccountColumn::Intent,
        AccountColumn::Whitespace,
        AccountColumn::ExpiringAgreements,
        AccountColumn::ExpiringRevenue,
        AccountColumn::OpenExpiringRevenue,
        AccountColumn::YesColumns,
        AccountColumn::Description,
        AccountColumn::SourceMonth,
        AccountColumn::Streak,
        AccountColumn::MonthsInActNow,
        AccountColumn::FirstSeen,
    ];

    /// The columns read from the months before (shown when they are known).
    pub const HISTORY: [AccountColumn; 3] =
        [AccountColumn::Streak, AccountColumn::MonthsInActNow, AccountColumn::FirstSeen];

    /// The column's name in files and on the command line ("best-cluster").
    pub fn key(self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            AccountColumn::CustomerId => "customer-id",
            AccountColumn::Name => "name",
            AccountColumn::Domain => "domain",
            AccountColumn::Website => "website",
            AccountColumn::Host => "host",
            AccountColumn::City => "city",
            AccountColumn::State => "state",
            AccountColumn::PostalCode => "postal-code",
            AccountColumn::Country => "country",
            AccountColumn::Segment => "segment",
            AccountColumn::Employees => "employees",
            AccountColumn::BestCluster => "best-cluster",
            AccountColumn::ProductsByCluster => "products-by-cluster",
            AccountColumn::Products(key) => return Cow::Owned(format!("products:{}", key.key().replace('_', "-"))),
            AccountColumn::Fit => "fit",
            AccountColumn::Intent => "intent",
            AccountColumn::Whitespace => "whitespace",
            AccountColumn::ExpiringAgreements => "expiring-agreements",
            AccountColumn::ExpiringRevenue => "expiring-revenue",
            AccountColumn::OpenExpiringRevenue => "open-expiring-revenue",
            AccountColumn::YesColumns => "yes-columns",
            AccountColumn::Description => "description",
            AccountColumn::SourceMonth => "source-month",
            AccountColumn::Streak => "streak",
            AccountColumn::MonthsInActNow => "months-in-act-now",
            AccountColumn::FirstSeen => "first-seen",
        })
    }

    /// The column a name means, in any case, with or without dashes ("BestCluster", as
    /// files of version 0.1 wrote it, reads too); "customer" is the name.
    pub fn of_key(name: &str) -> Option<AccountColumn> {
        let want = fold_key(name);
        if want == "customer" {
            return Some(AccountColumn::Name);
        }
        let products = ClusterKey::ALL.map(AccountColumn::Products);
        AccountColumn::NAMED.into_iter().chain(products).find(|c| fold_key(&c.key()) == want)
    }
}

/// A customer's name, else its id (a CRM needs a name for every account).
pub fn account_name(ds: &Dataset, customer: usize) -> &str {
    let name = ds.customers.name.get(customer);
    if name.is_empty() { ds.customers.id.get(customer) } else { name }
}

/// "alpha.com" from "https://www.alpha.com/fr/", "alpha.com" or "WWW.Alpha.com".
pub fn host(domain: &str) -> &str {
    let d = domain.trim();
    let d = d.split_once("://").map_or(d, |(_, rest)| rest);
    let d = d.split(['/', '?', '#']).next().unwrap_or("");
    match d.get(..4) {
        Some(www) if www.eq_ignore_ascii_case("www.") => &d[4..],
        _ => d,
    }
}

/// Product names in the order lists show them: collated (case and accents aside).
pub fn product_names<'a>(ds: &'a Dataset, codes: &[u32]) -> Vec<&'a str> {
    let mut names: Vec<&str> = codes.iter().map(|&p| ds.products.name(p)).filter(|n| !n.is_empty()).collect();
    names.sort_by_cached_key(|n| crate::engine::text::fold_search(n));
    names
}

/// The yes/no columns that are yes for a customer, by name.
pub fn yes_columns(ds: &Dataset, customer: usize) -> Vec<&str> {
    (0..ds.flag_names.len())
        .filter(|&f| ds.customers.has_flag(customer, f))
        .map(|f| ds.flag_names[f].as_str())
        .collect()
}

/// The estimated whitespace revenue of an account's predictions in the filter (NaN where
/// none has one).
pub fn account_whitespace(session: &Session, accounts: &Accounts, line: &Account) -> f64 {
    let values = accounts.predictions_of(line).iter().map(|&i| session.data.predictions.whitespace[i as usize]);
    values.filter(|v| !v.is_nan()).fold(f64::NAN, |sum, v| if sum.is_nan() { v } else { sum + v })
}

/// The key of every line of `accounts` in `column` (by line index).
pub fn account_keys(session: &Session, accounts: &Accounts, column: AccountColumn) -> Vec<SortKey> {
    let ds = &session.data;
    let d = &session.derived;
    let lines = &accounts.lines;
    let numbers = |value: &dyn Fn(&Account) -> f64| lines.iter().map(|l| SortKey::number(value(l))).collect();
    match column {
        AccountColumn::BestCluster => {
            lines.iter().map(|l| l.best.map_or(SortKey::Blank, |k| SortKey::Number(k.index() as f64))).collect()
        }
        AccountColumn::Segment => numbers(&|l| d.segment[l.customer as usize].index() as f64),
        AccountColumn::Employees => numbers(&|l| ds.customers.employees[l.customer as usize]),
        AccountColumn::Fit => numbers(&|l| l.fit),
        AccountColumn::Intent => numbers(&|l| l.intent),
        AccountColumn::Whitespace => numbers(&|l| account_whitespace(session, accounts, l)),
        AccountColumn::ExpiringAgreements => numbers(&|l| f64::from(l.expiring)),
        AccountColumn::ExpiringRevenue => numbers(&|l| l.expiring_revenue),
        AccountColumn::OpenExpiringRevenue => numbers(&|l| l.open_revenue),
        AccountColumn::SourceMonth => vec![SortKey::Blank; lines.len()],
        AccountColumn::Streak | AccountColumn::MonthsInActNow | AccountColumn::FirstSeen => {
            let Some(history) = d.history.as_deref() else { return vec![SortKey::Blank; lines.len()] };
            lines
                .iter()
                .map(|l| {
                    let c = l.customer as usize;
                    match column {
                        AccountColumn::Streak => SortKey::Number(f64::from(history.streak(c))),
                        AccountColumn::MonthsInActNow => {
                            SortKey::Number(f64::from(history.months_in(c, ClusterKey::ActNow)))
                        }
                        _ => history
                            .first_seen(c)
                            .map_or(SortKey::Blank, |m| SortKey::Number(f64::from(m.year * 12) + f64::from(m.month))),
                    }
                })
                .collect()
        }
        AccountColumn::ProductsByCluster | AccountColumn::Description | AccountColumn::Products(_) => {
            product_keys(session, accounts, column)
        }
        text_column => {
            let texts: Vec<Cow<'_, str>> = lines.iter().map(|l| account_text(session, l, text_column)).collect();
            Collation::keys(&texts)
        }
    }
}

/// The text an account is ordered by in a column of texts (the products' columns are
/// ordered by [`product_keys`]).
fn account_text<'a>(session: &'a Session, line: &Account, column: AccountColumn) -> Cow<'a, str> {
    let ds = &session.data;
    let c = line.customer as usize;
    let customers = &ds.customers;
    match column {
        AccountColumn::CustomerId => customers.id.get(c).into(),
        AccountColumn::Name => account_name(ds, c).into(),
        AccountColumn::Domain => customers.domain.get(c).into(),
        AccountColumn::Website | AccountColumn::Host => host(customers.domain.get(c)).into(),
        AccountColumn::City => ds.cities.name(customers.city[c]).into(),
        AccountColumn::State => ds.states.name(customers.state[c]).into(),
        AccountColumn::PostalCode => customers.postal_code.get(c).into(),
        AccountColumn::Country => ds.countries.name(customers.country[c]).into(),
        AccountColumn::YesColumns => yes_columns(ds, c).join(", ").into(),
        _ => "".into(),
    }
}

/// Keys of the products of accounts, the same in every language: cluster by cluster,
/// strongest first, each cluster's products by name (`Products(cluster)`: that cluster's).
fn product_keys(session: &Session, accounts: &Accounts, column: AccountColumn) -> Vec<SortKey> {
    let ds = &session.data;
    let names: Vec<&str> = (0..ds.products.len() as u32).map(|p| ds.products.name(p)).collect();
    let rank = Collation::ranks(&names);
    let sequences: Vec<Vec<u32>> = accounts
        .lines
        .iter()
        .map(|line| {
            let products = accounts.products_by_cluster(ds, &session.derived, line);
            let mut sequence = Vec::new();
            for key in ClusterKey::ALL {
                if matches!(column, AccountColumn::Products(only) if only != key) || products[key.index()].is_empty() {
                    continue;
                }
                let mut ranked: Vec<u32> = products[key.index()].iter().map(|&p| rank[p as usize]).collect();
                ranked.sort_unstable();
                // the cluster, then its products (offset past the clusters' numbers)
                sequence.push(key.index() as u32);
                sequence.extend(ranked.iter().map(|r| r + 8));
            }
            sequence
        })
        .collect();
    Collation::sequence_keys(&sequences)
}
