//! One section of the monthly form: the indicators of one life stage (or
//! of the visitors and staff) in the order they are asked, with bounds,
//! whether required, the months they are asked in, and the rules between
//! them. The guided report asks one section at a time, and every saved
//! report is one section of one posyandu's month.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::expr::Rule;
use crate::domain::lang::Words;
use crate::i18n::Text;

/// The largest `max` a form may set: far above any posyandu's count, and
/// small enough that ratios (`n * 100`) and rule sums never overflow.
pub const MAX_COUNT: i64 = 1_000_000;

/// The code of the section that holds SKDN (the balita block), which the
/// digests add up. Reports stored before sections existed are this one.
pub const BALITA: &str = "balita";

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub code: String,
    pub name: Label,
    /// The workbook sheet's title.
    pub sheet: Label,
    pub serves: Stage,
    pub indicators: Vec<Indicator>,
    pub rules: Vec<FormRule>,
    pub jump: Jump,
    /// The key figures the digest shows for this section.
    pub figures: Vec<Figure>,
}

/// A key figure of a section in the digest: a count (`part` alone, such as
/// those referred) or a share of it in the natural denominator `of` (KEK
/// of the pregnant women measured for LILA), never of the sasaran.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub part: String,
    pub of: Option<String>,
}

/// The life stages of the posyandu ILP a posyandu may serve. Every
/// posyandu reports its visitors and staff (`Kunjungan`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, strum::EnumIter)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Balita,
    Ibu,
    Remaja,
    Dewasa,
    Kunjungan,
}

impl Stage {
    pub fn code(self) -> &'static str {
        match self {
            Stage::Balita => "balita",
            Stage::Ibu => "ibu",
            Stage::Remaja => "remaja",
            Stage::Dewasa => "dewasa",
            Stage::Kunjungan => "kunjungan",
        }
    }

    pub fn parse(text: &str) -> Option<Stage> {
        use strum::IntoEnumIterator;
        Stage::iter().find(|s| s.code() == text.trim().to_lowercase())
    }
}

/// The stages stored for a posyandu ("balita,ibu"); words that are no
/// stage are left out.
pub fn parse_stages(text: &str) -> Vec<Stage> {
    let mut stages: Vec<Stage> = text.split(',').filter_map(Stage::parse).collect();
    stages.sort_unstable();
    stages.dedup();
    stages
}

/// How stages are stored: "balita,ibu".
pub fn stages_text(stages: &[Stage]) -> String {
    stages.iter().map(|s| s.code()).collect::<Vec<_>>().join(",")
}

/// A label or help text: a locale key (the older one-section form files
/// name keys of `locales/*/form.ftl`) or the words themselves.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Label {
    Key(String),
    Words(Words),
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub code: String,
    /// The short label ("D: balita yang ditimbang bulan ini").
    pub label: Label,
    /// What to count, in plain words.
    pub help: Label,
    pub min: i64,
    pub max: i64,
    pub required: bool,
    /// Months (1–12) it is asked in; every month when absent.
    #[serde(default)]
    pub months: Option<Vec<u32>>,
    /// A number that changes slowly (S, K, kader on duty): the question
    /// offers last month's value. Never for this month's weighing counts.
    #[serde(default)]
    pub steady: bool,
    /// A count above 0 is a red flag for the health workers at once.
    #[serde(default)]
    pub urgent: bool,
    /// False for an indicator no longer asked, kept so that older reports
    /// still show it.
    #[serde(default = "yes")]
    pub asked: bool,
}

impl Label {
    pub fn text(&self) -> Text {
        match self {
            Label::Key(key) => Text::named(key),
            Label::Words(words) => Text::words(words),
        }
    }
}

fn yes() -> bool {
    true
}

#[derive(Clone, Debug, PartialEq)]
pub struct FormRule {
    pub check: Rule,
    /// The source text, which also identifies the rule in stored confirmations.
    pub text: String,
    pub hard: bool,
    pub explain: Option<Label>,
}

/// When a change from last month is worth a second look.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Jump {
    pub factor: i64,
    pub min: i64,
}

impl Section {
    /// The indicators asked in `month` (1–12), in order.
    pub fn fields(&self, month: u32) -> Vec<&Indicator> {
        self.indicators.iter().filter(|i| i.asked && i.months.as_ref().is_none_or(|m| m.contains(&month))).collect()
    }

    /// The indicator `code`, asked or retired.
    pub fn indicator(&self, code: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.code == code)
    }

    /// The rules broken by `values` that read `code` (all broken rules when
    /// `code` is `None`), hard ones first. Rules with a missing value wait.
    pub fn broken(&self, values: &BTreeMap<String, i64>, code: Option<&str>) -> Vec<&FormRule> {
        let mut broken: Vec<&FormRule> = self
            .rules
            .iter()
            .filter(|r| code.is_none_or(|c| r.check.codes().contains(&c)))
            .filter(|r| r.check.holds(values) == Some(false))
            .collect();
        broken.sort_by_key(|r| !r.hard);
        broken
    }

    /// True when `value` is a jump worth confirming against last month's.
    pub fn is_jump(&self, value: i64, last: i64) -> bool {
        let Jump { factor, min } = self.jump;
        value.max(last) >= min && (value > last.saturating_mul(factor) || value.saturating_mul(factor) < last)
    }

    /// The codes of `values` with a red flag: urgent indicators above 0.
    pub fn red_flags<'a>(&self, values: &'a BTreeMap<String, i64>) -> Vec<(&'a str, i64)> {
        values
            .iter()
            .filter(|(code, value)| **value > 0 && self.indicator(code).is_some_and(|i| i.urgent))
            .map(|(code, value)| (code.as_str(), *value))
            .collect()
    }
}

/// One indicator on its own: its code, bounds and months.
pub(super) fn check_indicator(ind: &Indicator) -> anyhow::Result<()> {
    anyhow::ensure!(
        !ind.code.is_empty()
            && ind.code.len() <= 16
            && ind.code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()),
        "indicator code {:?} must be 1 to 16 capital letters and digits",
        ind.code
    );
    anyhow::ensure!(
        0 <= ind.min && ind.min <= ind.max && ind.max <= MAX_COUNT,
        "indicator {}: need 0 <= min <= max <= {MAX_COUNT}",
        ind.code
    );
    if let Some(months) = &ind.months {
        anyhow::ensure!(
            !months.is_empty() && months.iter().all(|m| (1..=12).contains(m)),
            "indicator {}: months are 1 to 12, at least one",
            ind.code
        );
    }
    anyhow::ensure!(!ind.urgent || ind.asked, "indicator {}: a retired indicator cannot be urgent", ind.code);
    Ok(())
}
