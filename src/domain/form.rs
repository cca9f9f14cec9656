//! The monthly report form as data: indicators in order, with bounds,
//! whether required, the months they apply to, and the rules between them.
//!
//! The default ships in `forms/laporan-bulanan.toml`; a deployment may use
//! its own file (setting `REPORT_FORM`). A form is checked when loaded:
//! unique codes, sane bounds, at least one indicator in every month, rules
//! over known codes, locale keys present. Whatever passes cannot make the
//! dialogue panic.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, LazyLock};

use serde::Deserialize;

use super::expr::Rule;

/// The largest `max` a form may set: far above any posyandu's count, and
/// small enough that ratios (`n * 100`) and rule sums never overflow.
pub const MAX_COUNT: i64 = 1_000_000;

const SHIPPED: &str = include_str!("../../forms/laporan-bulanan.toml");

static DEFAULT: LazyLock<Arc<Form>> =
    LazyLock::new(|| Arc::new(Form::parse(SHIPPED).expect("the shipped form is valid (tested)")));

#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    pub version: String,
    pub indicators: Vec<Indicator>,
    pub rules: Vec<FormRule>,
    pub jump: Jump,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub code: String,
    /// Locale key of the short label ("D: balita yang ditimbang bulan ini").
    pub label: String,
    /// Locale key of the plain-words help.
    pub help: String,
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
}

#[derive(Clone, Debug, PartialEq)]
pub struct FormRule {
    pub check: Rule,
    /// The source text, which also identifies the rule in stored confirmations.
    pub text: String,
    pub hard: bool,
    pub explain: Option<String>,
}

/// When a change from last month is worth a second look.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Jump {
    pub factor: i64,
    pub min: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FormFile {
    version: String,
    jump: Jump,
    indicator: Vec<Indicator>,
    #[serde(default)]
    rule: Vec<RuleFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    check: String,
    hard: bool,
    explain: Option<String>,
}

impl Form {
    /// The form shipped with the program.
    pub fn shipped() -> Arc<Form> {
        DEFAULT.clone()
    }

    /// Reads and checks a form definition (TOML).
    pub fn parse(text: &str) -> anyhow::Result<Form> {
        let file: FormFile = toml::from_str(text)?;
        let mut codes = HashSet::new();
        for ind in &file.indicator {
            check_indicator(ind)?;
            anyhow::ensure!(codes.insert(ind.code.clone()), "indicator {} appears twice", ind.code);
        }
        anyhow::ensure!(file.jump.factor >= 2, "jump.factor must be at least 2");
        let mut rules = Vec::new();
        for rule in file.rule {
            let check = Rule::parse(&rule.check)?;
            for code in check.codes() {
                anyhow::ensure!(codes.contains(code), "rule {:?} uses unknown code {code}", rule.check);
            }
            rules.push(FormRule { check, text: rule.check, hard: rule.hard, explain: rule.explain });
        }
        let form = Form { version: file.version, indicators: file.indicator, rules, jump: file.jump };
        form.check_months()?;
        let missing: Vec<&str> = form.locale_keys().into_iter().filter(|k| !crate::i18n::defined(k)).collect();
        anyhow::ensure!(missing.is_empty(), "form uses locale keys missing from locales/: {missing:?}");
        Ok(form)
    }

    /// Every month asks at least one indicator: the dialogue starts a
    /// report at the month's first question.
    fn check_months(&self) -> anyhow::Result<()> {
        let empty: Vec<u32> = (1..=12).filter(|m| self.fields(*m).is_empty()).collect();
        anyhow::ensure!(
            empty.is_empty(),
            "no indicator is asked in month(s) {empty:?}; every month needs at least one"
        );
        Ok(())
    }

    /// The same form with `code` asked only in `months` (1–12): a
    /// deployment's campaign months (setting `REPORT_MONTHS`), such as
    /// vitamin A in October instead of August. The version records it, so a
    /// stored report shows which months its form asked in.
    pub fn with_months(&self, code: &str, months: &[u32]) -> anyhow::Result<Form> {
        anyhow::ensure!(!months.is_empty() && months.iter().all(|m| (1..=12).contains(m)), "months are 1 to 12");
        let mut form = self.clone();
        let indicator = form
            .indicators
            .iter_mut()
            .find(|i| i.code == code)
            .ok_or_else(|| anyhow::anyhow!("the form has no indicator {code}"))?;
        let mut months = months.to_vec();
        months.sort_unstable();
        months.dedup();
        let list: Vec<String> = months.iter().map(u32::to_string).collect();
        form.version = format!("{}+{code}={}", form.version, list.join(","));
        indicator.months = Some(months);
        form.check_months()?;
        Ok(form)
    }

    /// Every locale key the form refers to.
    pub fn locale_keys(&self) -> Vec<&str> {
        let labels = self.indicators.iter().flat_map(|i| [i.label.as_str(), i.help.as_str()]);
        labels.chain(self.rules.iter().filter_map(|r| r.explain.as_deref())).collect()
    }

    /// The indicators asked in `month` (1–12), in order.
    pub fn fields(&self, month: u32) -> Vec<&Indicator> {
        self.indicators.iter().filter(|i| i.months.as_ref().is_none_or(|m| m.contains(&month))).collect()
    }

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
}

/// One indicator on its own: its code, bounds and months.
fn check_indicator(ind: &Indicator) -> anyhow::Result<()> {
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
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_form_is_valid_and_has_the_skdn_core() {
        let form = Form::shipped();
        let codes: Vec<&str> = form.indicators.iter().map(|i| i.code.as_str()).collect();
        for code in ["S", "K", "D", "N", "T", "O", "B", "BGM", "2T", "VITA", "BUMIL", "KADER"] {
            assert!(codes.contains(&code), "{code} missing");
        }
        assert_eq!(form.fields(2).len(), 12);
        assert_eq!(form.fields(3).len(), 11, "vitamin A only in campaign months");
    }

    #[test]
    fn broken_rules_name_hard_ones_first() {
        let form = Form::shipped();
        let values: BTreeMap<String, i64> =
            [("S", 40), ("K", 41), ("D", 45)].iter().map(|(k, v)| (k.to_string(), *v)).collect();
        let broken: Vec<_> = form.broken(&values, None).iter().map(|r| (r.text.as_str(), r.hard)).collect();
        assert_eq!(broken, [("K <= S", true), ("D <= S", false)]);
        assert!(form.broken(&values, Some("N")).is_empty());
    }

    #[test]
    fn jumps_ignore_small_numbers() {
        let form = Form::shipped();
        assert!(form.is_jump(90, 40));
        assert!(form.is_jump(15, 40));
        assert!(!form.is_jump(60, 40));
        assert!(!form.is_jump(6, 2), "both below the minimum");
    }

    #[test]
    fn campaign_months_can_move() {
        let form = Form::shipped().with_months("VITA", &[10, 2, 10]).unwrap();
        assert_eq!(form.fields(10).len(), 12, "vitamin A asked in October");
        assert_eq!(form.fields(8).len(), 11, "and no longer in August");
        assert_eq!(form.version, format!("{}+VITA=2,10", Form::shipped().version));
        assert!(Form::shipped().with_months("VITAMIN", &[2]).unwrap_err().to_string().contains("no indicator VITAMIN"));
        assert!(Form::shipped().with_months("VITA", &[13]).is_err());
        assert!(Form::shipped().with_months("VITA", &[]).is_err());
    }

    #[test]
    fn bad_forms_are_refused_with_the_reason() {
        let base = SHIPPED.replace("check = \"K <= S\"", "check = \"K <= X\"");
        assert!(Form::parse(&base).unwrap_err().to_string().contains("unknown code X"));
        let dup = format!(
            "{SHIPPED}\n[[indicator]]\ncode = \"S\"\nlabel = \"ind-s\"\nhelp = \"ind-s-help\"\nmin = 0\nmax = 1\nrequired = true\n"
        );
        assert!(Form::parse(&dup).unwrap_err().to_string().contains("twice"));
        let key = SHIPPED.replace("label = \"ind-s\"", "label = \"ind-nope\"");
        assert!(Form::parse(&key).unwrap_err().to_string().contains("ind-nope"));
    }

    /// A small form with one indicator asked in `months`.
    fn one_indicator(months: &str, max: i64) -> String {
        format!(
            "version = \"t\"\n[jump]\nfactor = 2\nmin = 10\n[[indicator]]\ncode = \"VITA\"\nlabel = \"ind-vita\"\n\
             help = \"ind-vita-help\"\nmin = 0\nmax = {max}\nrequired = true\n{months}\n"
        )
    }

    #[test]
    fn forms_that_would_break_the_dialogue_are_refused() {
        assert!(Form::parse(&one_indicator("", 1000)).is_ok());
        // A month that asks nothing: the dialogue could not ask a first question.
        let error = Form::parse(&one_indicator("months = [2, 8]", 1000)).unwrap_err().to_string();
        assert!(error.contains("no indicator is asked in month(s) [1, 3, 4, 5, 6, 7, 9, 10, 11, 12]"), "{error}");
        let error = Form::parse(&one_indicator("months = []", 1000)).unwrap_err().to_string();
        assert!(error.contains("at least one"), "{error}");
        let error = Form::parse("version = \"t\"\nindicator = []\n[jump]\nfactor = 2\nmin = 10\n").unwrap_err();
        assert!(error.to_string().contains("no indicator is asked"), "{error}");
        // Counts so large that percentages would overflow.
        let error = Form::parse(&one_indicator("", i64::MAX)).unwrap_err().to_string();
        assert!(error.contains("max <= 1000000"), "{error}");
        // Moving the campaign cannot leave a month empty either.
        let only_vita = Form::parse(&one_indicator("", 1000)).unwrap();
        assert!(only_vita.with_months("VITA", &[2]).unwrap_err().to_string().contains("no indicator is asked"));
    }

    #[test]
    fn only_slowly_changing_numbers_are_steady() {
        let form = Form::shipped();
        let steady: Vec<&str> = form.indicators.iter().filter(|i| i.steady).map(|i| i.code.as_str()).collect();
        assert_eq!(steady, ["S", "K", "KADER"]);
    }
}
