//! Accounts in words: the columns of an account line (for the Accounts sheet, its CSV, the
//! CRM presets and the app's table), their headers and values in the language in force,
//! and the line's description ("Act now for Azure and Microsoft 365; agreement expiring
//! 30/09/2026, $12,400").

use crate::engine::Session;
use crate::engine::accounts::{Account, Accounts};
use crate::engine::dataset::Dataset;
use crate::engine::rules::ClusterKey;
use crate::output::i18n::{self, Cents, t, tr};

pub use crate::engine::query::{AccountColumn, account_name, host};
use crate::engine::query::{account_whitespace, product_names};

/// The value of an account's cell.
#[derive(Clone, Debug, PartialEq)]
pub enum AccountValue {
    Empty,
    Text(String),
    Number(f64),
    Money(f64),
}

impl AccountValue {
    /// As a CSV or a table shows it: numbers plain ("12400.5"), texts as they are.
    pub fn plain(&self) -> String {
        match self {
            AccountValue::Empty => String::new(),
            AccountValue::Text(s) => s.clone(),
            AccountValue::Number(v) => crate::engine::load::value::format_general(*v),
            // to the cent: a sum of amounts carries float noise (97961.34999999999)
            AccountValue::Money(v) => crate::engine::load::value::format_general((v * 100.0).round() / 100.0),
        }
    }

    /// As a person reads it: numbers grouped, amounts in dollars.
    pub fn shown(&self) -> String {
        match self {
            AccountValue::Empty => String::new(),
            AccountValue::Text(s) => s.clone(),
            AccountValue::Number(v) => i18n::format_number(*v, 0),
            AccountValue::Money(v) => i18n::format_usd(*v, Cents::Hide),
        }
    }
}

impl AccountColumn {
    /// The Accounts sheet's columns, in order.
    pub const SHEET: [AccountColumn; 20] = [
        AccountColumn::CustomerId,
        AccountColumn::Name,
        AccountColumn::Domain,
        AccountColumn::City,
        AccountColumn::State,
        AccountColumn::PostalCode,
        AccountColumn::Country,
        AccountColumn::Segment,
        AccountColumn::Employees,
        AccountColumn::BestCluster,
        AccountColumn::ProductsByCluster,
        AccountColumn::Products(ClusterKey::ActNow),
        AccountColumn::Products(ClusterKey::Evaluate),
        AccountColumn::Fit,
        AccountColumn::Intent,
        AccountColumn::ExpiringAgreements,
        AccountColumn::ExpiringRevenue,
        AccountColumn::OpenExpiringRevenue,
        AccountColumn::YesColumns,
        AccountColumn::Description,
    ];

    /// The header in the language in force.
    pub fn header(self) -> String {
        match self {
            AccountColumn::CustomerId => tr("field.customer_id"),
            AccountColumn::Name => tr("field.customer_name"),
            AccountColumn::Domain => tr("field.domain"),
            AccountColumn::Website => tr("account.col.website"),
            AccountColumn::Host => tr("field.domain"),
            AccountColumn::City => tr("field.city"),
            AccountColumn::State => tr("field.state"),
            AccountColumn::PostalCode => tr("field.postal_code"),
            AccountColumn::Country => tr("field.country"),
            AccountColumn::Segment => tr("export.col.segment"),
            AccountColumn::Employees => tr("field.employees"),
            AccountColumn::BestCluster => tr("account.col.best_cluster"),
            AccountColumn::ProductsByCluster => tr("account.col.products_by_cluster"),
            AccountColumn::Products(key) => {
                t!("account.col.cluster_products", cluster = i18n::cluster_name(key)).into()
            }
            AccountColumn::Fit => tr("account.col.fit"),
            AccountColumn::Intent => tr("account.col.intent"),
            AccountColumn::Whitespace => tr("report_pdf.col_whitespace"),
            AccountColumn::ExpiringAgreements => tr("account.col.expiring_agreements"),
            AccountColumn::ExpiringRevenue => tr("card.expiring_revenue"),
            AccountColumn::OpenExpiringRevenue => tr("card.open_expiring_revenue"),
            AccountColumn::YesColumns => tr("account.col.yes_columns"),
            AccountColumn::Description => tr("account.col.description"),
            AccountColumn::SourceMonth => tr("account.col.source_month"),
            AccountColumn::Streak => tr("account.col.streak"),
            AccountColumn::MonthsInActNow => tr("account.col.months_in_act_now"),
            AccountColumn::FirstSeen => tr("account.col.first_seen"),
        }
    }

    /// The column's value for an account.
    pub fn value(self, session: &Session, accounts: &Accounts, line: &Account) -> AccountValue {
        let ds = &session.data;
        let c = line.customer as usize;
        let customers = &ds.customers;
        let text = |s: &str| if s.is_empty() { AccountValue::Empty } else { AccountValue::Text(s.to_string()) };
        let number = |v: f64| if v.is_nan() { AccountValue::Empty } else { AccountValue::Number(v) };
        let money = |v: f64| if v.is_nan() { AccountValue::Empty } else { AccountValue::Money(v) };
        match self {
            AccountColumn::CustomerId => text(customers.id.get(c)),
            AccountColumn::Name => text(account_name(ds, c)),
            AccountColumn::Domain => text(customers.domain.get(c)),
            AccountColumn::Website => match host(customers.domain.get(c)) {
                "" => AccountValue::Empty,
                h => AccountValue::Text(format!("https://{h}")),
            },
            AccountColumn::Host => text(host(customers.domain.get(c))),
            AccountColumn::City => text(ds.cities.name(customers.city[c])),
            AccountColumn::State => text(ds.states.name(customers.state[c])),
            AccountColumn::PostalCode => text(customers.postal_code.get(c)),
            AccountColumn::Country => text(ds.countries.name(customers.country[c])),
            AccountColumn::Segment => AccountValue::Text(i18n::segment_name(session.derived.segment[c])),
            AccountColumn::Employees => number(customers.employees[c]),
            // an account of the renewal report alone has agreements and no prediction
            AccountColumn::BestCluster => {
                AccountValue::Text(line.best.map_or_else(|| tr("report_pdf.no_best"), i18n::cluster_name))
            }
            AccountColumn::ProductsByCluster => text(&products_by_cluster(session, accounts, line)),
            AccountColumn::Products(key) => {
                let products = accounts.products_by_cluster(ds, &session.derived, line);
                text(&product_names(ds, &products[key.index()]).join(", "))
            }
            AccountColumn::Fit => number(line.fit),
            AccountColumn::Intent => number(line.intent),
            AccountColumn::Whitespace => money(account_whitespace(session, accounts, line)),
            AccountColumn::ExpiringAgreements => AccountValue::Number(f64::from(line.expiring)),
            // blank, not $0, where nothing expires or no revenue could be read
            AccountColumn::ExpiringRevenue => money(line.expiring_revenue),
            AccountColumn::OpenExpiringRevenue => money(line.open_revenue),
            AccountColumn::YesColumns => text(&yes_columns(ds, c)),
            AccountColumn::Description => text(&description(session, accounts, line)),
            AccountColumn::SourceMonth => AccountValue::Text(session.derived.as_of.format("%Y-%m").to_string()),
            AccountColumn::Streak | AccountColumn::MonthsInActNow | AccountColumn::FirstSeen => {
                history_value(session, c, self)
            }
        }
    }
}

/// A column read from the months before (blank where they are not known).
fn history_value(session: &Session, customer: usize, column: AccountColumn) -> AccountValue {
    let Some(history) = session.derived.history.as_deref() else { return AccountValue::Empty };
    match column {
        AccountColumn::Streak => AccountValue::Number(f64::from(history.streak(customer))),
        AccountColumn::MonthsInActNow => {
            AccountValue::Number(f64::from(history.months_in(customer, ClusterKey::ActNow)))
        }
        _ => history.first_seen(customer).map_or(AccountValue::Empty, |m| AccountValue::Text(m.key())),
    }
}

/// "Act now: Azure, Microsoft 365; Nurture: Surface".
pub fn products_by_cluster(session: &Session, accounts: &Accounts, line: &Account) -> String {
    let products = accounts.products_by_cluster(&session.data, &session.derived, line);
    ClusterKey::ALL
        .iter()
        .filter(|k| !products[k.index()].is_empty())
        .map(|k| {
            let list = product_names(&session.data, &products[k.index()]).join(", ");
            i18n::labelled(&i18n::cluster_name(*k), &if list.is_empty() { tr("export.no_product") } else { list })
        })
        .collect::<Vec<_>>()
        .join(&tr("account.separator"))
}

/// The yes/no columns that are yes, by their readable names.
pub fn yes_columns(ds: &Dataset, customer: usize) -> String {
    crate::engine::query::yes_columns(ds, customer).into_iter().map(readable_flag).collect::<Vec<_>>().join(", ")
}

/// A yes/no column's name for people: the 2023 downloads' machine headers in words
/// ("Transactedinthelast36months": "Transacted in the last 36 months"), a sales play under its
/// area ("MW_Secure Remote Work": "Modern Work: Secure Remote Work"), others as written.
pub fn readable_flag(header: &str) -> String {
    if let Some((area, rest)) = crate::engine::load::fields::sales_play(header) {
        return i18n::labelled(&tr(&format!("play_area.{}", area.key())), rest);
    }
    let key = crate::engine::text::fold_key(header);
    let known = match key.as_str() {
        "transactedinthelast36months" => "flag.transacted_36_months",
        "hasazure" => "flag.has_azure",
        "hasd365" => "flag.has_d365",
        "hasm365" => "flag.has_m365",
        "hasea" => "flag.has_ea",
        "hasaws" => "flag.has_aws",
        "hasgoogle" => "flag.has_google",
        "microsoft365upsellcustomer" => "flag.m365_upsell",
        "dynamicsonpremaxorcrmhasopenrenewal" => "flag.dynamics_on_prem_renewal",
        "windowsserverdatacenterhasopenrenewal" => "flag.windows_datacenter_renewal",
        "windowsserverstandardhasopenrenewal" => "flag.windows_standard_renewal",
        _ => return header.to_string(),
    };
    tr(known)
}

/// "A and B", "A, B and C" ("A et B" in French).
fn in_words(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), tr("account.and")),
    }
}

/// The end of an account's first agreement expiring in the fiscal year.
pub fn first_expiring_end(session: &Session, line: &Account) -> Option<chrono::NaiveDate> {
    let (ds, d) = (&session.data, &session.derived);
    ds.agreements
        .of_customer(line.customer as usize)
        .iter()
        .filter(|&&a| d.agreement_expiring[a as usize])
        .filter_map(|&a| ds.agreements.end[a as usize])
        .min()
}

/// The products of an account's best cluster, "Azure, Microsoft 365".
pub fn best_products(session: &Session, accounts: &Accounts, line: &Account) -> String {
    let Some(best) = line.best else { return String::new() };
    let products = accounts.products_by_cluster(&session.data, &session.derived, line);
    product_names(&session.data, &products[best.index()]).join(", ")
}

/// What a seller reads first: the best cluster and its products, then the agreements
/// expiring in the fiscal year.
pub fn description(session: &Session, accounts: &Accounts, line: &Account) -> String {
    let ds = &session.data;
    let mut parts = Vec::new();
    if line.best.is_none() {
        parts.push(tr("account.description.renewals_only"));
    }
    if let Some(best) = line.best {
        let products = accounts.products_by_cluster(ds, &session.derived, line);
        let products = in_words(&product_names(ds, &products[best.index()]));
        parts.push(match (best, products.is_empty()) {
            (_, true) => i18n::cluster_name(best),
            (ClusterKey::Unscored, false) => t!("account.description.unscored", products = products).into(),
            (_, false) => {
                t!("account.description.cluster", cluster = i18n::cluster_name(best), products = products).into()
            }
        });
    }
    if line.expiring > 0 {
        let first = first_expiring_end(session, line);
        let revenue = if line.expiring_revenue.is_nan() {
            tr("account.revenue_unknown")
        } else {
            i18n::format_usd(line.expiring_revenue, Cents::Hide)
        };
        let count = line.expiring.to_string();
        parts.push(match (first.map(i18n::format_date), line.expiring) {
            (Some(date), 1) => t!("account.description.expiring_single", date = date, revenue = revenue).into(),
            (Some(date), _) => {
                t!("account.description.expiring_several", count = count, date = date, revenue = revenue).into()
            }
            // expiring by the download's own flag, with no end date read
            (None, _) => t!("account.description.expiring_undated", count = count, revenue = revenue).into(),
        });
    }
    parts.join(&tr("account.separator"))
}
