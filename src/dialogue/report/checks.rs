//! The checks on a report's numbers, in the one order the guided and the
//! quick report both follow: bounds, then hard rules (refused until fixed),
//! then soft rules and jumps from last month (confirmed or fixed).
//!
//! Decisions only, no texts: `texts` words them, `fill` and `quick` reply.

use std::collections::BTreeMap;

use super::Draft;
use crate::domain::form::{FormRule, Section};

/// A number that cannot be kept as it is.
pub enum Refusal<'a> {
    /// Outside the indicator's bounds.
    OutOfBounds { code: String, value: i64, min: i64, max: i64 },
    /// A hard rule it breaks.
    Rule(&'a FormRule),
}

/// Something about a value worth a second look.
pub enum Warning<'a> {
    Rule(&'a FormRule),
    Jump { last: i64 },
}

impl Warning<'_> {
    /// How a confirmation of this warning is remembered.
    pub fn key(&self, code: &str) -> String {
        match self {
            Warning::Rule(rule) => rule.text.clone(),
            Warning::Jump { .. } => jump_key(code),
        }
    }
}

/// How the confirmation of a jump in `code` is remembered.
pub fn jump_key(code: &str) -> String {
    format!("jump:{code}")
}

/// Every refusal of `values` in order: each value out of bounds, then each
/// broken hard rule. With `only`, just those about that code.
pub fn refusals<'a>(form: &'a Section, values: &BTreeMap<String, i64>, only: Option<&str>) -> Vec<Refusal<'a>> {
    let bounds =
        values.iter().filter(|(code, _)| only.is_none_or(|o| o == code.as_str())).filter_map(|(code, &value)| {
            let i = form.indicator(code).filter(|i| value < i.min || value > i.max)?;
            Some(Refusal::OutOfBounds { code: code.clone(), value, min: i.min, max: i.max })
        });
    let rules = form.broken(values, only).into_iter().filter(|r| r.hard).map(Refusal::Rule);
    bounds.chain(rules).collect()
}

/// The first refusal of `value` typed for `code` into the draft.
pub fn first_refusal<'a>(draft: &Draft, code: &str, value: i64, form: &'a Section) -> Option<Refusal<'a>> {
    refusals(form, &with(draft, code, value), Some(code)).into_iter().next()
}

/// The first warning about `value` for `code` not yet confirmed.
pub fn first_warning<'a>(draft: &Draft, code: &str, value: i64, form: &'a Section) -> Option<Warning<'a>> {
    let trial = with(draft, code, value);
    let soft = form.broken(&trial, Some(code)).into_iter().find(|r| !r.hard && !draft.confirmed.contains(&r.text));
    if let Some(rule) = soft {
        return Some(Warning::Rule(rule));
    }
    let last = *draft.last_month.get(code)?;
    (form.is_jump(value, last) && !draft.confirmed.contains(&jump_key(code))).then_some(Warning::Jump { last })
}

/// The draft's values with `value` for `code`.
pub fn with(draft: &Draft, code: &str, value: i64) -> BTreeMap<String, i64> {
    let mut trial = draft.values.clone();
    trial.insert(code.to_owned(), value);
    trial
}
