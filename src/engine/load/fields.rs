//! Canonical fields, the header aliases that name them (DOMAIN.md), and product names.

use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

use crate::engine::text::fold_key;

/// A column the engine understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    CustomerId,
    CustomerName,
    Domain,
    City,
    State,
    PostalCode,
    Duns,
    Country,
    Area,
    Industry,
    Vertical,
    Segment,
    Employees,
    AzurePotential,
    TopComputeFlag,
    TopUserFlag,
    Product,
    Model,
    FitScore,
    IntentScore,
    Cluster,
    WhitespaceRevenue,
    AgreementId,
    AgreementEnd,
    ExpiringRevenue,
    LicenseProgram,
    AgreementStatus,
    ExpiringFlag,
    ExistingWorkloads,
    ExistingWorkloadCount,
    RecommendedWorkloads,
    RecommendedWorkloadCount,
}

impl Field {
    pub const ALL: [Field; 32] = [
        Field::CustomerId,
        Field::CustomerName,
        Field::Domain,
        Field::City,
        Field::State,
        Field::PostalCode,
        Field::Duns,
        Field::Country,
        Field::Area,
        Field::Industry,
        Field::Vertical,
        Field::Segment,
        Field::Employees,
        Field::AzurePotential,
        Field::TopComputeFlag,
        Field::TopUserFlag,
        Field::Product,
        Field::Model,
        Field::FitScore,
        Field::IntentScore,
        Field::Cluster,
        Field::WhitespaceRevenue,
        Field::AgreementId,
        Field::AgreementEnd,
        Field::ExpiringRevenue,
        Field::LicenseProgram,
        Field::AgreementStatus,
        Field::ExpiringFlag,
        Field::ExistingWorkloads,
        Field::ExistingWorkloadCount,
        Field::RecommendedWorkloads,
        Field::RecommendedWorkloadCount,
    ];

    /// The stable name used on the command line (`--map customer_id=TPID`), in JSON and
    /// as the translation key.
    pub fn key(self) -> &'static str {
        match self {
            Field::CustomerId => "customer_id",
            Field::CustomerName => "customer_name",
            Field::Domain => "domain",
            Field::City => "city",
            Field::State => "state",
            Field::PostalCode => "postal_code",
            Field::Duns => "duns",
            Field::Country => "country",
            Field::Area => "area",
            Field::Industry => "industry",
            Field::Vertical => "vertical",
            Field::Segment => "segment",
            Field::Employees => "employees",
            Field::AzurePotential => "azure_potential",
            Field::TopComputeFlag => "top_compute_flag",
            Field::TopUserFlag => "top_user_flag",
            Field::Product => "product",
            Field::Model => "model",
            Field::FitScore => "fit_score",
            Field::IntentScore => "intent_score",
            Field::Cluster => "cluster",
            Field::WhitespaceRevenue => "whitespace_revenue",
            Field::AgreementId => "agreement_id",
            Field::AgreementEnd => "agreement_end",
            Field::ExpiringRevenue => "expiring_revenue",
            Field::LicenseProgram => "license_program",
            Field::AgreementStatus => "agreement_status",
            Field::ExpiringFlag => "expiring_flag",
            Field::ExistingWorkloads => "existing_workloads",
            Field::ExistingWorkloadCount => "existing_workload_count",
            Field::RecommendedWorkloads => "recommended_workloads",
            Field::RecommendedWorkloadCount => "recommended_workload_count",
        }
    }

    pub fn from_key(key: &str) -> Option<Field> {
        let folded = fold_key(key);
        Field::ALL.into_iter().find(|f| fold_key(f.key()) == folded)
    }

    /// Header aliases, in priority order: where several headers of a table match one
    /// field, the alias listed first wins.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::CustomerId => {
                &["Customer ID", "CustomerID", "TPID", "CustomerTpid", "Customer TPID", "Account ID", "ID client"]
            }
            Field::CustomerName => {
                &["Account Name", "Customer Name", "CustomerName", "Company", "Nom du client", "Client"]
            }
            Field::Domain => &["Domain", "TenantDomainName", "Website", "Domaine"],
            Field::City => &["City", "Billing City", "Ville"],
            Field::State => &["State", "State/Province", "StateOrProvince", "Province", "State/Region", "Etat"],
            Field::PostalCode => {
                &["Postal Code", "PostalCode", "ZIP", "Zip Code", "ZIP/Postal Code", "Postcode", "Code postal"]
            }
            Field::Duns => &["DUNS Number", "DUNS"],
            Field::Country => &["Country", "CustomerMarket", "Market", "Pays", "Marche"],
            Field::Area => &["Area", "Subsidiary", "Sales Territory", "Region", "Zone", "Filiale"],
            Field::Industry => &["Industry", "IndustryName", "Secteur"],
            Field::Vertical => &["Vertical", "VerticalName", "Verticale"],
            Field::Segment => &[
                "SMC Type Summary",
                "SMECTypeSummary",
                "Sub Segment",
                "SubSegment",
                "Segment",
                "CustomerSegment",
                "Sous-segment",
            ],
            Field::Employees => {
                &["Org Size", "OrgSize", "Employees", "Employee Count", "# Employees", "Employes", "Nombre d'employes"]
            }
            Field::AzurePotential => &["Azure Potential", "Azure Potential (USD)", "Potentiel Azure"],
            Field::TopComputeFlag => &["Top Unmanaged - Compute Base", "TopUnmanagedComputeBase"],
            Field::TopUserFlag => &["Top Unmanaged - User Base", "TopUnmanagedUserBase"],
            Field::Product => &["Product", "Solution Area", "Produit"],
            Field::Model => &["Model", "Model Type", "Propensity Model", "Modele"],
            Field::FitScore => &["Fit Score", "Fit", "Customer Fit", "Score d'ajustement", "Adequation"],
            Field::IntentScore => &["Intent Score", "Intent", "Score d'intention", "Intention"],
            // our exports' "Workbook cluster" column comes first, so an exported list opens again
            // with the workbook's own labels
            Field::Cluster => {
                &["Workbook cluster", "Cluster du classeur", "Cluster", "Propensity Cluster", "Propensity"]
            }
            Field::WhitespaceRevenue => &[
                "Whitespace Revenue",
                "Estimated Revenue",
                "Est. Revenue",
                "Estimated Whitespace Revenue",
                "Revenu estime",
            ],
            Field::AgreementId => {
                &["Agreement ID", "AgreementID", "Agreement Number", "Contract ID", "Numero de contrat"]
            }
            Field::AgreementEnd => &[
                "Agreement End Date",
                "AgreementEndDate",
                "Agreement Expiration Date",
                "Expiration Date",
                "Contract End",
                "Date d'expiration",
            ],
            Field::ExpiringRevenue => {
                &["Expiring Revenue", "ExpiringRevenue", "Renewal Revenue", "Revenu arrivant a expiration"]
            }
            Field::LicenseProgram => &["License Program", "LicenseProgram", "Programme de licence"],
            Field::AgreementStatus => &["Agreement Status", "Opportunity Status", "Open/Closed", "Statut"],
            Field::ExpiringFlag => &["Expiring", "Is Expiring", "Expiring Agreement", "Expiring This Year"],
            Field::ExistingWorkloads => &["Existing Workloads", "Charges de travail existantes"],
            Field::ExistingWorkloadCount => {
                &["Number of Existing Workloads", "Nombre de charges de travail existantes"]
            }
            Field::RecommendedWorkloads => &["Recommended Workloads", "Charges de travail recommandees"],
            Field::RecommendedWorkloadCount => {
                &["Number of Recommended Workloads", "Nombre de charges de travail recommandees"]
            }
        }
    }

    /// Fields that make a table a prediction or agreement table (others only describe).
    pub fn is_agreement_field(self) -> bool {
        matches!(self, Field::AgreementId | Field::AgreementEnd | Field::ExpiringRevenue | Field::ExpiringFlag)
    }
}

/// Which field a folded header names, and the rank of the alias that matched.
pub fn field_for_header(folded: &str) -> Option<(Field, usize)> {
    ALIAS_TABLE.iter().find(|(key, _, _)| key == folded).map(|(_, field, rank)| (*field, *rank))
}

/// Every alias folded once for the whole process (loads run on threads of their own).
static ALIAS_TABLE: LazyLock<Vec<(String, Field, usize)>> = LazyLock::new(|| {
    Field::ALL
        .iter()
        .flat_map(|f| f.aliases().iter().enumerate().map(move |(rank, a)| (fold_key(a), *f, rank)))
        .collect()
});

/// The solution area a sales play column belongs to, by its prefix (2023 downloads).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlayArea {
    ModernWork,
    Dynamics365,
    Azure,
}

impl PlayArea {
    pub const ALL: [PlayArea; 3] = [PlayArea::ModernWork, PlayArea::Dynamics365, PlayArea::Azure];

    pub fn key(self) -> &'static str {
        match self {
            PlayArea::ModernWork => "modern_work",
            PlayArea::Dynamics365 => "dynamics_365",
            PlayArea::Azure => "azure",
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            PlayArea::ModernWork => "MW_",
            PlayArea::Dynamics365 => "D365_",
            PlayArea::Azure => "Azure_",
        }
    }
}

/// A sales play column's area and its name without the prefix
/// ("MW_Transition Customer" -> (Modern Work, "Transition Customer")).
pub fn sales_play(header: &str) -> Option<(PlayArea, &str)> {
    let header = header.trim();
    PlayArea::ALL.into_iter().find_map(|area| {
        let prefix = area.prefix();
        let head = header.get(..prefix.len())?;
        let rest = header[prefix.len()..].trim();
        (head.eq_ignore_ascii_case(prefix) && !rest.is_empty()).then_some((area, rest))
    })
}

/// Splits a workload list cell ("Virtual Machines; SQL Database") into its items.
pub fn workload_items(text: &str) -> impl Iterator<Item = &str> {
    let separator = [';', '|', ','].into_iter().find(|s| text.contains(*s)).unwrap_or(';');
    text.split(separator).map(str::trim).filter(|s| !s.is_empty())
}

/// Known products and the prefixes and names that mean them.
pub const PRODUCTS: [(&str, &[&str]); 8] = [
    ("Microsoft 365", &["M365", "Microsoft 365", "Modern Work"]),
    ("Office 365", &["O365", "Office 365"]),
    ("Surface", &["Surface"]),
    ("Azure", &["Azure"]),
    ("Dynamics 365 Business Central", &["D365BC", "D365 BC", "Business Central"]),
    ("Dynamics 365 Finance and Operations", &["D365FO", "D365 FO", "D365 Finance + Operations", "D365 F&O"]),
    ("Dynamics 365 Customer Engagement", &["D365CE", "D365 CE", "Customer Engagement"]),
    ("Power Apps", &["PowerApps", "Power Apps"]),
];

static FOLDED_PRODUCTS: LazyLock<Vec<(String, &'static str)>> = LazyLock::new(|| {
    PRODUCTS
        .iter()
        .flat_map(|(name, aliases)| {
            std::iter::once(*name).chain(aliases.iter().copied()).map(move |a| (fold_key(a), *name))
        })
        .collect()
});

/// The display name of a known product prefix or name ("M365" -> "Microsoft 365").
pub fn known_product(text: &str) -> Option<&'static str> {
    let folded = fold_key(text);
    if folded.is_empty() {
        return None;
    }
    FOLDED_PRODUCTS.iter().find(|(key, _)| *key == folded).map(|(_, name)| *name)
}

/// The part of a product column group a header names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupPart {
    Fit,
    Intent,
    Cluster,
}

/// Splits "M365 Fit", "AzureIntent", "Security Cluster" into (prefix text, part).
pub fn split_group_header(header: &str) -> Option<(String, GroupPart)> {
    let trimmed = header.trim();
    let lower = trimmed.to_lowercase();
    for (suffix, part) in [
        ("fit score", GroupPart::Fit),
        ("intent score", GroupPart::Intent),
        ("fit", GroupPart::Fit),
        ("intent", GroupPart::Intent),
        ("cluster", GroupPart::Cluster),
    ] {
        let squashed_suffix = suffix.replace(' ', "");
        for candidate in [suffix.to_string(), squashed_suffix] {
            if lower.ends_with(&candidate) && lower.len() > candidate.len() {
                let prefix = trimmed[..trimmed.len() - candidate.len()]
                    .trim_end_matches(|c: char| c.is_whitespace() || c == '_' || c == '-' || c == ':');
                if !prefix.is_empty() && trimmed.is_char_boundary(trimmed.len() - candidate.len()) {
                    return Some((prefix.to_string(), part));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_fields_by_alias_blind_to_case_and_punctuation() {
        assert_eq!(field_for_header(&fold_key("smc_type_summary")), Some((Field::Segment, 0)));
        assert_eq!(field_for_header(&fold_key("TPID")), Some((Field::CustomerId, 2)));
        assert_eq!(field_for_header(&fold_key("Nombre d'employés")), Some((Field::Employees, 6)));
        assert_eq!(field_for_header(&fold_key("MPN ID")), None);
        assert_eq!(field_for_header(&fold_key("Partner Name")), None);
        assert_eq!(field_for_header(&fold_key("DUNS Number")), Some((Field::Duns, 0)));
    }

    #[test]
    fn no_alias_names_two_fields() {
        let mut seen = std::collections::HashMap::new();
        for f in Field::ALL {
            for a in f.aliases() {
                if let Some(other) = seen.insert(fold_key(a), f) {
                    assert_eq!(other, f, "{a} names two fields");
                }
            }
        }
    }

    #[test]
    fn splits_group_headers() {
        assert_eq!(split_group_header("M365Fit"), Some(("M365".into(), GroupPart::Fit)));
        assert_eq!(split_group_header("M365 Intent"), Some(("M365".into(), GroupPart::Intent)));
        assert_eq!(split_group_header("Azure Cluster"), Some(("Azure".into(), GroupPart::Cluster)));
        assert_eq!(split_group_header("D365 F&O Fit Score"), Some(("D365 F&O".into(), GroupPart::Fit)));
        assert_eq!(split_group_header("Fit"), None);
        assert_eq!(known_product("d365_fo"), Some("Dynamics 365 Finance and Operations"));
        assert_eq!(known_product("Modern Work"), Some("Microsoft 365"));
        assert_eq!(known_product("Security"), None);
        assert_eq!(split_group_header("PowerAppsCluster"), Some(("PowerApps".into(), GroupPart::Cluster)));
        assert_eq!(known_product("PowerApps"), Some("Power Apps"));
        assert_eq!(known_product("Power Apps"), Some("Power Apps"));
    }

    #[test]
    fn sales_plays_by_prefix_and_workload_lists() {
        assert_eq!(
            sales_play("MW_Transition Customer - Compete Google Workspace"),
            Some((PlayArea::ModernWork, "Transition Customer - Compete Google Workspace"))
        );
        assert_eq!(
            sales_play("Azure_Modernize VDI to AVD: Citrix IB"),
            Some((PlayArea::Azure, "Modernize VDI to AVD: Citrix IB"))
        );
        assert_eq!(sales_play("d365_Quickbooks Customers with No BC").map(|p| p.0), Some(PlayArea::Dynamics365));
        assert_eq!(sales_play("AzureCluster"), None);
        assert_eq!(sales_play("MW_"), None);
        let items: Vec<&str> = workload_items("Virtual Machines; SQL Database ;").collect();
        assert_eq!(items, ["Virtual Machines", "SQL Database"]);
        let items: Vec<&str> = workload_items("AKS, Azure Functions").collect();
        assert_eq!(items, ["AKS", "Azure Functions"]);
    }
}
