//! The rules of DOMAIN.md as a value: score bands, segment thresholds and the
//! fit x intent cell-to-cluster map. Saved and loaded as TOML.

use serde::{Deserialize, Serialize};
use std::path::Path;

use super::text::fold_key;

/// A fit or intent band. Ordered strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    High,
    Medium,
    Low,
    VeryLow,
}

impl Band {
    pub const ALL: [Band; 4] = [Band::High, Band::Medium, Band::Low, Band::VeryLow];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn key(self) -> &'static str {
        match self {
            Band::High => "high",
            Band::Medium => "medium",
            Band::Low => "low",
            Band::VeryLow => "very_low",
        }
    }

    /// One-letter code used in cell descriptions ("H/L").
    pub fn short(self) -> &'static str {
        match self {
            Band::High => "H",
            Band::Medium => "M",
            Band::Low => "L",
            Band::VeryLow => "VL",
        }
    }

    /// Reads a band label ("High", "Élevé", "VL", "Very_Low").
    pub fn from_label(text: &str) -> Option<Band> {
        match fold_key(text).as_str() {
            "high" | "h" | "eleve" | "haut" | "haute" | "elevee" => Some(Band::High),
            "medium" | "med" | "m" | "moyen" | "moyenne" => Some(Band::Medium),
            "low" | "l" | "faible" | "bas" | "basse" => Some(Band::Low),
            "verylow" | "vl" | "tresfaible" | "tresbas" => Some(Band::VeryLow),
            _ => None,
        }
    }
}

/// One of the four propensity clusters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cluster {
    #[serde(alias = "act_now")]
    ActNow,
    Evaluate,
    Nurture,
    Educate,
}

impl Cluster {
    pub const ALL: [Cluster; 4] = [Cluster::ActNow, Cluster::Evaluate, Cluster::Nurture, Cluster::Educate];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_index(i: usize) -> Option<Cluster> {
        Cluster::ALL.get(i).copied()
    }

    /// Stable key for JSON, the command line (with '-') and translations.
    pub fn key(self) -> &'static str {
        match self {
            Cluster::ActNow => "act_now",
            Cluster::Evaluate => "evaluate",
            Cluster::Nurture => "nurture",
            Cluster::Educate => "educate",
        }
    }

    pub fn letter(self) -> char {
        (b'a' + self as u8) as char
    }

    /// Reads a workbook's cluster label: a name in English or French, a cell code
    /// ("a1".."d4"), a lone letter, or a combination ("A1 - Act Now").
    pub fn from_label(text: &str) -> Option<Cluster> {
        let folded = fold_key(text);
        if folded.is_empty() {
            return None;
        }
        let bytes = folded.as_bytes();
        let letter_cluster = |b: u8| match b {
            b'a' => Some(Cluster::ActNow),
            b'b' => Some(Cluster::Evaluate),
            b'c' => Some(Cluster::Nurture),
            b'd' => Some(Cluster::Educate),
            _ => None,
        };
        if bytes.len() == 1 {
            return letter_cluster(bytes[0]);
        }
        if bytes.len() >= 2
            && (b'1'..=b'4').contains(&bytes[1])
            && (bytes.len() == 2 || bytes[2].is_ascii_alphabetic())
            && let Some(c) = letter_cluster(bytes[0])
        {
            return Some(c);
        }
        const NAMES: [(&str, Cluster); 14] = [
            ("actnow", Cluster::ActNow),
            ("agissezmaintenant", Cluster::ActNow),
            ("agirmaintenant", Cluster::ActNow),
            ("salesready", Cluster::ActNow),
            ("evaluate", Cluster::Evaluate),
            ("evaluer", Cluster::Evaluate),
            ("marketingready", Cluster::Evaluate),
            ("nurture", Cluster::Nurture),
            ("drivecampaigns", Cluster::Nurture),
            ("campagnes", Cluster::Nurture),
            ("sensibiliser", Cluster::Nurture),
            ("educate", Cluster::Educate),
            ("eduquer", Cluster::Educate),
            ("educateandmonitor", Cluster::Educate),
        ];
        NAMES.iter().find(|(name, _)| folded.contains(name)).map(|(_, c)| *c)
    }
}

/// Where a prediction's cluster in force comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClusterSource {
    Recomputed,
    Workbook,
    Unscored,
}

/// A cluster filter key: the four clusters and unscored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClusterKey {
    #[serde(alias = "act_now")]
    ActNow,
    Evaluate,
    Nurture,
    Educate,
    Unscored,
}

impl ClusterKey {
    pub const ALL: [ClusterKey; 5] =
        [ClusterKey::ActNow, ClusterKey::Evaluate, ClusterKey::Nurture, ClusterKey::Educate, ClusterKey::Unscored];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn key(self) -> &'static str {
        match self {
            ClusterKey::Unscored => "unscored",
            other => other.cluster().map(Cluster::key).unwrap_or("unscored"),
        }
    }

    pub fn cluster(self) -> Option<Cluster> {
        Cluster::from_index(self as usize)
    }

    pub fn from_cluster(c: Option<Cluster>) -> ClusterKey {
        match c {
            Some(c) => ClusterKey::ALL[c.index()],
            None => ClusterKey::Unscored,
        }
    }

    pub fn from_key(text: &str) -> Option<ClusterKey> {
        let folded = fold_key(text);
        ClusterKey::ALL.into_iter().find(|k| fold_key(k.key()) == folded)
    }
}

/// A customer's SMB segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Segment {
    #[serde(alias = "top_unmanaged_compute")]
    TopUnmanagedCompute,
    #[serde(alias = "top_unmanaged_user")]
    TopUnmanagedUser,
    #[serde(alias = "mid_size")]
    MidSize,
    Small,
    Unknown,
}

impl Segment {
    pub const ALL: [Segment; 5] =
        [Segment::TopUnmanagedCompute, Segment::TopUnmanagedUser, Segment::MidSize, Segment::Small, Segment::Unknown];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn key(self) -> &'static str {
        match self {
            Segment::TopUnmanagedCompute => "top_unmanaged_compute",
            Segment::TopUnmanagedUser => "top_unmanaged_user",
            Segment::MidSize => "mid_size",
            Segment::Small => "small",
            Segment::Unknown => "unknown",
        }
    }

    pub fn from_key(text: &str) -> Option<Segment> {
        let folded = fold_key(text);
        Segment::ALL.into_iter().find(|s| fold_key(s.key()) == folded)
    }

    /// Reads a workbook's segment label (SMC Type Summary), where it names one.
    pub fn from_label(text: &str) -> Option<Segment> {
        match fold_key(text).as_str() {
            "topunmanagedcomputebased" | "topunmanagedcompute" | "topunmanagedcomputebase" | "topnongerecalcul" => {
                Some(Segment::TopUnmanagedCompute)
            }
            "topunmanageduserbased"
            | "topunmanageduser"
            | "topunmanageduserbase"
            | "uppermedium"
            | "corporatescale"
            | "corporate"
            | "topnongereutilisateurs" => Some(Segment::TopUnmanagedUser),
            "medium" | "mediumbusiness" | "midsize" | "midsizebusiness" | "taillemoyenne" => Some(Segment::MidSize),
            "small" | "smallbusiness" | "verysmall" | "verysmallbusiness" | "petiteentreprise" => Some(Segment::Small),
            _ => None,
        }
    }
}

/// The lower bounds of the High, Medium and Low bands (Very low is the rest, from 0).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BandThresholds {
    pub high: f64,
    pub medium: f64,
    pub low: f64,
}

/// Segment thresholds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SegmentThresholds {
    /// Azure potential above this (USD) makes a customer top unmanaged - compute.
    #[serde(alias = "azure_potential_over")]
    pub azure_potential_over: f64,
    /// This many employees or more make a customer top unmanaged - user-based.
    #[serde(alias = "user_based_employees_from")]
    pub user_based_employees_from: f64,
    /// This many employees or more (and below the user-based threshold) make a mid-size customer.
    #[serde(alias = "mid_size_employees_from")]
    pub mid_size_employees_from: f64,
}

/// The cluster of each fit x intent cell: rows are fit bands, columns intent bands,
/// both High, Medium, Low, Very low.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ClusterMap {
    pub high: [Cluster; 4],
    pub medium: [Cluster; 4],
    pub low: [Cluster; 4],
    #[serde(alias = "very_low")]
    pub very_low: [Cluster; 4],
}

impl ClusterMap {
    pub fn get(&self, cell: MatrixCell) -> Cluster {
        self.row(cell.fit())[cell.intent().index()]
    }

    pub fn set(&mut self, cell: MatrixCell, cluster: Cluster) {
        let intent = cell.intent().index();
        self.row_mut(cell.fit())[intent] = cluster;
    }

    fn row(&self, fit: Band) -> &[Cluster; 4] {
        match fit {
            Band::High => &self.high,
            Band::Medium => &self.medium,
            Band::Low => &self.low,
            Band::VeryLow => &self.very_low,
        }
    }

    fn row_mut(&mut self, fit: Band) -> &mut [Cluster; 4] {
        match fit {
            Band::High => &mut self.high,
            Band::Medium => &mut self.medium,
            Band::Low => &mut self.low,
            Band::VeryLow => &mut self.very_low,
        }
    }
}

/// A cell of the 4x4 matrix: `fit * 4 + intent`, named by its default cluster letter
/// and rank (a1 = High/High). Kept in files by name ("a1"); version 0.1 wrote its index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "CellName", try_from = "CellName")]
pub struct MatrixCell(u8);

/// A matrix cell as a file holds it: "b2", or an index from version 0.1.
#[derive(Clone, Serialize, Deserialize)]
#[serde(untagged)]
enum CellName {
    Name(String),
    Index(u8),
}

impl From<MatrixCell> for CellName {
    fn from(cell: MatrixCell) -> CellName {
        CellName::Name(cell.name().to_string())
    }
}

impl TryFrom<CellName> for MatrixCell {
    type Error = String;

    fn try_from(name: CellName) -> Result<MatrixCell, String> {
        match name {
            CellName::Name(name) => {
                MatrixCell::from_name(&name).ok_or_else(|| format!("no matrix cell is named {name}"))
            }
            CellName::Index(i) => MatrixCell::from_index(usize::from(i)).ok_or_else(|| format!("no matrix cell {i}")),
        }
    }
}

const CELL_NAMES: [&str; 16] = [
    "a1", "a2", "b1", "c1", // fit High
    "a3", "a4", "b3", "c4", // fit Medium
    "b2", "b4", "c3", "d2", // fit Low
    "c2", "d1", "d3", "d4", // fit Very low
];

impl MatrixCell {
    pub fn new(fit: Band, intent: Band) -> MatrixCell {
        MatrixCell((fit.index() * 4 + intent.index()) as u8)
    }

    pub fn all() -> impl Iterator<Item = MatrixCell> {
        (0..16u8).map(MatrixCell)
    }

    pub fn index(self) -> usize {
        self.0 as usize
    }

    pub fn from_index(i: usize) -> Option<MatrixCell> {
        (i < 16).then_some(MatrixCell(i as u8))
    }

    pub fn fit(self) -> Band {
        Band::ALL[(self.0 / 4) as usize]
    }

    pub fn intent(self) -> Band {
        Band::ALL[(self.0 % 4) as usize]
    }

    /// "a1".."d4".
    pub fn name(self) -> &'static str {
        CELL_NAMES[self.index()]
    }

    pub fn from_name(name: &str) -> Option<MatrixCell> {
        let folded = fold_key(name);
        CELL_NAMES.iter().position(|n| *n == folded).map(|i| MatrixCell(i as u8))
    }

    /// "H/L".
    pub fn describe(self) -> String {
        format!("{}/{}", self.fit().short(), self.intent().short())
    }
}

/// Every rule in force.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Rules {
    /// A name shown on every screen and export.
    pub name: String,
    pub bands: BandThresholds,
    pub segments: SegmentThresholds,
    pub matrix: ClusterMap,
}

/// A rules file could not be read or is not valid.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error("cannot read the rules file {path}: {source}")]
    Read { path: String, source: super::text::SmallFileError },
    /// The TOML parser's own message (it names the line).
    #[error("the rules file {path} is not valid: {message}")]
    Parse { path: String, message: String },
    #[error("the rules file {path} is not valid: {problem}")]
    Invalid { path: String, problem: RuleProblem },
}

/// Thresholds that cannot work together.
#[derive(Clone, Copy, Debug, PartialEq, thiserror::Error)]
pub enum RuleProblem {
    #[error("band thresholds must lie between 0 and 100")]
    BandRange,
    #[error("band thresholds must decrease: high ({high}) > medium ({medium}) > low ({low})")]
    BandOrder { high: f64, medium: f64, low: f64 },
    #[error("the Azure potential threshold must be a positive number")]
    AzureThreshold,
    #[error("employee thresholds must decrease: user-based ({user}) > mid-size ({mid}) >= 0")]
    EmployeeOrder { user: f64, mid: f64 },
}

impl Default for Rules {
    fn default() -> Self {
        Rules::cloudascent()
    }
}

impl Rules {
    /// DOMAIN.md's defaults.
    pub fn cloudascent() -> Rules {
        use Cluster::*;
        Rules {
            name: "CloudAscent defaults".into(),
            bands: BandThresholds { high: 75.0, medium: 55.0, low: 30.0 },
            segments: SegmentThresholds {
                azure_potential_over: 10_000.0,
                user_based_employees_from: 300.0,
                mid_size_employees_from: 25.0,
            },
            matrix: ClusterMap {
                high: [ActNow, ActNow, Evaluate, Nurture],
                medium: [ActNow, ActNow, Evaluate, Nurture],
                low: [Evaluate, Evaluate, Nurture, Educate],
                very_low: [Nurture, Educate, Educate, Educate],
            },
        }
    }

    /// Partner Center's 2023 wording: Upper Medium is 300+ employees or Azure consumption
    /// over 1,000 USD a month (12,000 a year), Medium 25-300, Very small 1-25.
    pub fn partner_center_2023() -> Rules {
        let mut rules = Rules::cloudascent();
        rules.name = "Partner Center 2023".into();
        rules.segments.azure_potential_over = 12_000.0;
        rules
    }

    pub fn built_in() -> [Rules; 2] {
        [Rules::cloudascent(), Rules::partner_center_2023()]
    }

    /// The band of a score on the 0-100 scale; fractional scores use the lower bound.
    pub fn band_of(&self, score: f64) -> Band {
        // without branches: scores are random to the branch predictor, and a rules change
        // bands every one of a million predictions (thresholds decrease, see validate)
        let b = &self.bands;
        let above = usize::from(score >= b.low) + usize::from(score >= b.medium) + usize::from(score >= b.high);
        Band::ALL[3 - above]
    }

    pub fn cluster_of(&self, cell: MatrixCell) -> Cluster {
        self.matrix.get(cell)
    }

    /// Checks the thresholds are ordered and within 0-100.
    pub fn validate(&self) -> Result<(), RuleProblem> {
        let b = &self.bands;
        let in_range = |v: f64| (0.0..=100.0).contains(&v);
        if !(in_range(b.high) && in_range(b.medium) && in_range(b.low)) {
            return Err(RuleProblem::BandRange);
        }
        if !(b.high > b.medium && b.medium > b.low) {
            return Err(RuleProblem::BandOrder { high: b.high, medium: b.medium, low: b.low });
        }
        let s = &self.segments;
        if !(s.azure_potential_over.is_finite() && s.azure_potential_over >= 0.0) {
            return Err(RuleProblem::AzureThreshold);
        }
        if !(s.user_based_employees_from > s.mid_size_employees_from && s.mid_size_employees_from >= 0.0) {
            return Err(RuleProblem::EmployeeOrder {
                user: s.user_based_employees_from,
                mid: s.mid_size_employees_from,
            });
        }
        Ok(())
    }

    /// True when a stronger fit or intent never lands in a weaker cluster.
    pub fn is_monotone(&self) -> bool {
        MatrixCell::all().all(|cell| {
            let here = self.cluster_of(cell);
            let f = cell.fit().index();
            let i = cell.intent().index();
            let stronger_fit = (f > 0).then(|| MatrixCell::new(Band::ALL[f - 1], cell.intent()));
            let stronger_intent = (i > 0).then(|| MatrixCell::new(cell.fit(), Band::ALL[i - 1]));
            [stronger_fit, stronger_intent].into_iter().flatten().all(|s| self.cluster_of(s) <= here)
        })
    }

    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }

    pub fn from_toml(text: &str, path: &str) -> Result<Rules, RulesError> {
        let rules: Rules = toml::from_str(text)
            .map_err(|e| RulesError::Parse { path: path.into(), message: e.message().to_string() })?;
        rules.validate().map_err(|problem| RulesError::Invalid { path: path.into(), problem })?;
        Ok(rules)
    }

    pub fn load(path: &Path) -> Result<Rules, RulesError> {
        let shown = path.display().to_string();
        let text =
            super::text::read_small_file(path).map_err(|source| RulesError::Read { path: shown.clone(), source })?;
        Rules::from_toml(&text, &shown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_cells_match_domain_table() {
        let r = Rules::default();
        let expect = [
            ("a1", "H/H", Cluster::ActNow),
            ("a2", "H/M", Cluster::ActNow),
            ("a3", "M/H", Cluster::ActNow),
            ("a4", "M/M", Cluster::ActNow),
            ("b1", "H/L", Cluster::Evaluate),
            ("b2", "L/H", Cluster::Evaluate),
            ("b3", "M/L", Cluster::Evaluate),
            ("b4", "L/M", Cluster::Evaluate),
            ("c1", "H/VL", Cluster::Nurture),
            ("c2", "VL/H", Cluster::Nurture),
            ("c3", "L/L", Cluster::Nurture),
            ("c4", "M/VL", Cluster::Nurture),
            ("d1", "VL/M", Cluster::Educate),
            ("d2", "L/VL", Cluster::Educate),
            ("d3", "VL/L", Cluster::Educate),
            ("d4", "VL/VL", Cluster::Educate),
        ];
        for (name, desc, cluster) in expect {
            let cell = MatrixCell::from_name(name).unwrap();
            assert_eq!(cell.describe(), desc, "{name}");
            assert_eq!(r.cluster_of(cell), cluster, "{name}");
            // every cell's default cluster is the letter of its name
            assert_eq!(cluster.letter(), name.chars().next().unwrap());
        }
        assert!(r.is_monotone());
    }

    #[test]
    fn band_boundaries() {
        let r = Rules::default();
        assert_eq!(r.band_of(29.0), Band::VeryLow);
        assert_eq!(r.band_of(30.0), Band::Low);
        assert_eq!(r.band_of(54.0), Band::Low);
        assert_eq!(r.band_of(55.0), Band::Medium);
        assert_eq!(r.band_of(74.0), Band::Medium);
        assert_eq!(r.band_of(74.5), Band::Medium);
        assert_eq!(r.band_of(75.0), Band::High);
        assert_eq!(r.band_of(100.0), Band::High);
        assert_eq!(r.band_of(0.0), Band::VeryLow);
    }

    #[test]
    fn reads_workbook_cluster_labels() {
        for (label, c) in [
            ("Act Now", Cluster::ActNow),
            ("Agissez maintenant", Cluster::ActNow),
            ("ÉVALUER", Cluster::Evaluate),
            ("Drive Campaigns", Cluster::Nurture),
            ("Campagnes de sensibilisation", Cluster::Nurture),
            ("Éduquer", Cluster::Educate),
            ("c3", Cluster::Nurture),
            ("D4", Cluster::Educate),
            ("B", Cluster::Evaluate),
            ("A1 - Act Now", Cluster::ActNow),
        ] {
            assert_eq!(Cluster::from_label(label), Some(c), "{label}");
        }
        assert_eq!(Cluster::from_label(""), None);
        assert_eq!(Cluster::from_label("e5"), None);
        assert_eq!(Cluster::from_label("unknown"), None);
    }

    #[test]
    fn reads_band_and_segment_labels() {
        assert_eq!(Band::from_label("Élevé"), Some(Band::High));
        assert_eq!(Band::from_label("Very_Low"), Some(Band::VeryLow));
        assert_eq!(Band::from_label("Très faible"), Some(Band::VeryLow));
        assert_eq!(Band::from_label("Med"), Some(Band::Medium));
        assert_eq!(Segment::from_label("Top Unmanaged Compute Based"), Some(Segment::TopUnmanagedCompute));
        assert_eq!(Segment::from_label("Upper Medium"), Some(Segment::TopUnmanagedUser));
        assert_eq!(Segment::from_label("Mid-size"), Some(Segment::MidSize));
        assert_eq!(Segment::from_label("Very Small Business"), Some(Segment::Small));
        assert_eq!(Segment::from_label("SMB"), None);
    }

    #[test]
    fn rules_round_trip_through_toml_and_reject_nonsense() {
        let r = Rules::partner_center_2023();
        let text = r.to_toml();
        assert_eq!(Rules::from_toml(&text, "x.toml").unwrap(), r);
        let bad = text.replace("high = 75.0", "high = 20.0");
        assert!(matches!(Rules::from_toml(&bad, "x.toml"), Err(RulesError::Invalid { .. })));
        assert!(matches!(Rules::from_toml("nonsense = [", "x.toml"), Err(RulesError::Parse { .. })));
    }
}
