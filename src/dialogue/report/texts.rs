//! How the report's checks are worded: rules in plain words with both
//! numbers, jumps as a rise or a fall, an indicator's label, a moment in
//! the posyandu's time.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::Target;
use crate::domain::expr::Op;
use crate::domain::form::{FormRule, Section};
use crate::i18n::{Key, Text};

/// A change from last month worth a second look, worded by its direction:
/// `keys` is the message for a rise and the one for a fall.
pub fn jump_text(keys: [Key; 2], form: &Section, code: &str, value: i64, last: i64) -> Text {
    let [rise, fall] = keys;
    Text::new(if value > last { rise } else { fall })
        .arg("label", label(form, code))
        .arg("value", value)
        .arg("last", last)
        .arg("factor", form.jump.factor)
}

/// The indicator's label, or its bare code when the form no longer has it.
pub fn label(form: &Section, code: &str) -> Text {
    form.indicator(code).map(|i| i.label.text()).unwrap_or_else(|| Text::new(Key::BtnPlain).arg("label", code))
}

/// A rule message: the plain-words explanation and the numbers in words.
pub fn rule_text(key: Key, rule: &FormRule, values: &BTreeMap<String, i64>) -> Text {
    let explain = match &rule.explain {
        Some(label) => label.text(),
        None => Text::new(Key::RuleGeneric),
    };
    Text::new(key).arg("explain", explain).arg("comparison", comparison(rule, values))
}

/// Both sides of a broken rule with their numbers, in words: what a hard
/// rule demands ("K (48) tidak boleh lebih dari S (45)"), or what a soft
/// rule found ("D (45) lebih banyak dari S (40)").
pub fn comparison(rule: &FormRule, values: &BTreeMap<String, i64>) -> Text {
    let ((left, lv), (right, rv)) = rule.check.sides(values).unwrap_or_default();
    let key = if rule.hard {
        must(rule.check.op)
    } else {
        match lv.cmp(&rv) {
            Ordering::Greater => Key::RuleIsMore,
            Ordering::Less => Key::RuleIsLess,
            Ordering::Equal => Key::RuleIsSame,
        }
    };
    Text::new(key).arg("left", left).arg("lv", lv).arg("right", right).arg("rv", rv)
}

/// What a rule with comparison `op` demands of its left side.
fn must(op: Op) -> Key {
    match op {
        Op::Le => Key::RuleMustLe,
        Op::Lt => Key::RuleMustLt,
        Op::Ge => Key::RuleMustGe,
        Op::Gt => Key::RuleMustGt,
        Op::Eq => Key::RuleMustEq,
        Op::Ne => Key::RuleMustNe,
    }
}

/// "22-11-2026 10:15 WITA", in the posyandu's time zone.
pub fn local_time(at: DateTime<Utc>, posyandu: &Target) -> String {
    at.with_timezone(&posyandu.time_zone()).format("%d-%m-%Y %H:%M %Z").to_string()
}
