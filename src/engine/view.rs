//! A saved view: a name, a filter, the table's order, columns and lines, and the rules.
//! It holds values by name, never by a month's codes, so one view applies to any month;
//! [`View::fit_to`] says which of its values a month lacks. Stored as a small TOML file.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

use super::columns::ColumnCondition;
use super::compare::MoveFilter;
use super::dataset::{Dataset, Dimension};
use super::filter::{Filter, FilterKind};
use super::rules::{ClusterKey, Rules};
use super::text::fold_search;

/// What a line of a table or a list is: a prediction (customer x product) or a customer.
/// The app's table, views and exports all say it with this.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TableLines {
    /// "Predictions": the app's settings of version 0.1.
    #[default]
    #[serde(rename = "predictions", alias = "Predictions")]
    Predictions,
    #[serde(rename = "accounts", alias = "Accounts")]
    Accounts,
}

/// A built-in rule set, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RuleSetName {
    #[serde(rename = "cloudascent")]
    Cloudascent,
    /// Spelled as the command line's --rule-set takes it.
    #[serde(rename = "partner-center2023")]
    PartnerCenter2023,
}

impl RuleSetName {
    pub const ALL: [RuleSetName; 2] = [RuleSetName::Cloudascent, RuleSetName::PartnerCenter2023];

    pub fn rules(self) -> Rules {
        match self {
            RuleSetName::Cloudascent => Rules::cloudascent(),
            RuleSetName::PartnerCenter2023 => Rules::partner_center_2023(),
        }
    }

    /// The built-in set these rules are, if they are one unchanged.
    pub fn of(rules: &Rules) -> Option<RuleSetName> {
        RuleSetName::ALL.into_iter().find(|set| set.rules() == *rules)
    }
}

/// The rules of a view: a built-in set by name, or the rules themselves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ViewRules {
    BuiltIn(RuleSetName),
    Own(Box<Rules>),
}

impl ViewRules {
    /// A built-in set's name where the rules are one, else the rules.
    pub fn of(rules: &Rules) -> ViewRules {
        RuleSetName::of(rules).map_or_else(|| ViewRules::Own(Box::new(rules.clone())), ViewRules::BuiltIn)
    }

    pub fn rules(&self) -> Rules {
        match self {
            ViewRules::BuiltIn(set) => set.rules(),
            ViewRules::Own(rules) => (**rules).clone(),
        }
    }
}

/// The table's order: a column's name ("customer-id", "whitespace", an account column's
/// name such as "best-cluster", or "column:" and a source column's header) and the
/// direction (see `query::TableOrder`, which reads it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ViewSort {
    pub column: String,
    #[serde(default)]
    pub descending: bool,
}

/// The prefix of a source column's name in a view's order: "column:Employees".
pub const SOURCE_PREFIX: &str = "column:";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct View {
    pub name: String,
    /// None: the rules in force stay.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<ViewRules>,
    pub table: TableLines,
    /// Extra source columns shown in the table, by header; None leaves the table's as they
    /// are (the built-in views).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub columns: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<ViewSort>,
    pub filter: Filter,
    /// The moves shown when two months are compared.
    #[serde(skip_serializing_if = "MoveFilter::is_empty")]
    pub moves: MoveFilter,
}

/// A value of a view that a month does not have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Missing {
    /// A product, model, country... no prediction or customer of the month has.
    Value { dimension: Dimension, value: String },
    /// A yes/no column the month does not have.
    Flag(String),
    /// A source column (a condition, a shown column, the order) the month does not have.
    Column(String),
}

/// A view made to fit a month: what applies, and what was left out.
#[derive(Clone, Debug, PartialEq)]
pub struct Fitted {
    pub view: View,
    pub missing: Vec<Missing>,
}

#[derive(Debug, thiserror::Error)]
pub enum ViewError {
    #[error("cannot read the view file {path}: {source}")]
    Read { path: String, source: super::text::SmallFileError },
    /// The TOML parser's own message (it names the line).
    #[error("the view file {path} is not valid: {message}")]
    Parse { path: String, message: String },
    #[error("the view file {path} is not valid: {problem}")]
    Rules { path: String, problem: super::rules::RuleProblem },
    /// A filter given beside a view that, with the view's, keeps nothing.
    #[error("the {} filter and the view's select nothing together", kind.key())]
    Disjoint { kind: FilterKind },
}

impl View {
    /// The three views every user has: Microsoft's recommended targets, and the renewals
    /// of the fiscal year (all, then Open licensing's).
    pub fn built_in() -> [View; 3] {
        let act_now_evaluate =
            Filter { clusters: [ClusterKey::ActNow, ClusterKey::Evaluate].into_iter().collect(), ..Filter::default() };
        let expiring = Filter { expiring_only: true, ..Filter::default() };
        let open_expiring = Filter { open_expiring_only: true, ..Filter::default() };
        [
            View { name: "act-now-and-evaluate".into(), filter: act_now_evaluate, ..View::default() },
            View {
                name: "expiring-this-fiscal-year".into(),
                filter: expiring,
                table: TableLines::Accounts,
                ..View::default()
            },
            View {
                name: "open-expiring".into(),
                filter: open_expiring,
                table: TableLines::Accounts,
                ..View::default()
            },
        ]
    }

    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }

    pub fn from_toml(text: &str, path: &str) -> Result<View, ViewError> {
        let view: View = toml::from_str(text)
            .map_err(|e| ViewError::Parse { path: path.into(), message: e.message().to_string() })?;
        if let Some(ViewRules::Own(rules)) = &view.rules {
            rules.validate().map_err(|problem| ViewError::Rules { path: path.into(), problem })?;
        }
        Ok(view)
    }

    pub fn load(path: &Path) -> Result<View, ViewError> {
        let shown = path.display().to_string();
        let text =
            super::text::read_small_file(path).map_err(|source| ViewError::Read { path: shown.clone(), source })?;
        View::from_toml(&text, &shown)
    }

    /// The view without what none of `months` has (a value, a flag, a column), and what
    /// that was. A value one of two compared months has stays.
    pub fn fit_to(&self, months: &[&Dataset]) -> Fitted {
        let mut view = self.clone();
        let mut missing = Vec::new();
        for (&dimension, values) in &mut view.filter.values {
            values.retain(|value| {
                let found = months.iter().any(|ds| ds.values(dimension).find(value).is_some());
                if !found {
                    missing.push(Missing::Value { dimension, value: value.clone() });
                }
                found
            });
        }
        view.filter.values.retain(|_, values| !values.is_empty());
        view.filter.flags.retain(|flag| {
            let key = fold_search(flag);
            let found = months.iter().any(|ds| ds.flag_names.iter().any(|n| fold_search(n) == key));
            if !found {
                missing.push(Missing::Flag(flag.clone()));
            }
            found
        });
        let has_column = |header: &str| months.iter().any(|ds| ds.column_named(header).is_some());
        view.filter.columns.retain(|header, _| {
            let found = has_column(header);
            if !found {
                missing.push(Missing::Column(header.clone()));
            }
            found
        });
        if let Some(columns) = &mut view.columns {
            columns.retain(|header| {
                let found = has_column(header);
                if !found {
                    missing.push(Missing::Column(header.clone()));
                }
                found
            });
        }
        if let Some(header) = view.sort.as_ref().and_then(|s| s.column.strip_prefix(SOURCE_PREFIX))
            && !has_column(header)
        {
            missing.push(Missing::Column(header.to_string()));
            view.sort = None;
        }
        missing.dedup();
        Fitted { view, missing }
    }
}

/// `view`'s filter narrowed by `more` (filters given beside a view): values of a kind both
/// give must be in both; a search, or a condition on a column both give, is `more`'s.
pub fn narrow(view: &Filter, more: &Filter) -> Result<Filter, ViewError> {
    fn both<T: Ord + Clone>(
        a: &std::collections::BTreeSet<T>,
        b: &std::collections::BTreeSet<T>,
        kind: FilterKind,
    ) -> Result<std::collections::BTreeSet<T>, ViewError> {
        match (a.is_empty(), b.is_empty()) {
            (true, _) => Ok(b.clone()),
            (_, true) => Ok(a.clone()),
            _ => {
                let common: std::collections::BTreeSet<T> = a.intersection(b).cloned().collect();
                if common.is_empty() { Err(ViewError::Disjoint { kind }) } else { Ok(common) }
            }
        }
    }
    let mut values = BTreeMap::new();
    for d in Dimension::ALL {
        let common = both(view.values_of(d), more.values_of(d), FilterKind::Dimension(d))?;
        if !common.is_empty() {
            values.insert(d, common);
        }
    }
    let mut columns: BTreeMap<String, ColumnCondition> = view.columns.clone();
    columns.extend(more.columns.clone());
    Ok(Filter {
        clusters: both(&view.clusters, &more.clusters, FilterKind::Cluster)?,
        cells: both(&view.cells, &more.cells, FilterKind::Cell)?,
        segments: both(&view.segments, &more.segments, FilterKind::Segment)?,
        values,
        flags: view.flags.union(&more.flags).cloned().collect(),
        expiring_only: view.expiring_only || more.expiring_only,
        open_expiring_only: view.open_expiring_only || more.open_expiring_only,
        disagreements_only: view.disagreements_only || more.disagreements_only,
        search: if more.search.trim().is_empty() { view.search.clone() } else { more.search.clone() },
        columns,
        // the streak given beside the view is the one in force
        streak: more.streak.or(view.streak),
        new_this_month: view.new_this_month || more.new_this_month,
    })
}
