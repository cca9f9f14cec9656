//! Asking for one number: the prompt, reading the answer, and the checks
//! (bounds, hard rules that must be fixed, soft rules and jumps to confirm).

use super::checks::{Refusal, Warning, first_refusal, first_warning, jump_key, with};
use super::texts::{jump_text, rule_text};
use super::{Draft, ReportFlow, periode_text, to};
use crate::dialogue::{Context, Conversation, Step};
use crate::domain::count::{CountError, parse_count};
use crate::domain::form::{Indicator, Section};
use crate::i18n::{Key, Text};
use crate::reply::{Button, Reply, Tap};

/// True when the form asks `code` in the draft's month.
pub fn asks(draft: &Draft, code: &str, ctx: &Context) -> bool {
    draft.section(ctx).fields(draft.periode.month()).iter().any(|i| i.code == code)
}

/// The question for `code`: step n of m, what it means, and the buttons;
/// `None` when the form does not ask `code` in the draft's month.
pub fn ask(draft: &Draft, code: &str, to_summary: bool, ctx: &Context) -> Option<Reply> {
    let fields = draft.section(ctx).fields(draft.periode.month());
    let position = fields.iter().position(|i| i.code == code)?;
    let indicator = fields[position];
    let key = if indicator.required { Key::ReportField } else { Key::ReportFieldOptional };
    let text = Text::new(key)
        .arg("posyandu", draft.posyandu.name.as_str())
        .arg("periode", periode_text(draft.periode))
        .arg("step", position as i64 + 1)
        .arg("total", fields.len() as i64)
        .arg("label", indicator.label.text())
        .arg("help", indicator.help.text());
    let mut first_row = Vec::new();
    if let Some(last) = same_as_last_month(draft, code, draft.section(ctx)) {
        first_row.push(Button::new(Text::new(Key::BtnSame).arg("value", last), Tap::Same(code.to_owned())));
    }
    if !indicator.required {
        first_row.push(Button::new(Key::BtnSkip, Tap::Skip(code.to_owned())));
    }
    if !to_summary && optional_run(&fields, position).len() > 1 {
        first_row.push(Button::new(Key::BtnSkipRest, Tap::SkipRest(code.to_owned())));
    }
    let mut reply = Reply::new(text);
    if !first_row.is_empty() {
        reply = reply.row(first_row);
    }
    let back = if to_summary { Key::BtnToSummary } else { Key::BtnBack };
    Some(reply.row([Button::new(back, Tap::Back(code.to_owned())), Button::new(Key::BtnCancel, Tap::Cancel)]))
}

/// Input while a number is asked.
pub fn on_fill(
    conversation: Conversation,
    draft: Draft,
    code: String,
    to_summary: bool,
    tap: Option<Tap>,
    text: Option<&str>,
    ctx: &Context,
) -> Step {
    let here = |draft: Draft, code: String| ReportFlow::Fill { draft, code, to_summary };
    match (tap, text) {
        (Some(Tap::Same(c)), _) if c == code => match same_as_last_month(&draft, &code, draft.section(ctx)) {
            Some(value) => enter(conversation, draft, code, value, to_summary, ctx),
            None => to(conversation, here(draft, code)).reply(Key::ButtonExpired).reprompt(ctx),
        },
        (Some(Tap::Skip(c)), _) if c == code && !is_required(draft.section(ctx), &code) => {
            let mut draft = draft;
            draft.values.remove(&code);
            draft.skipped.insert(code.clone());
            next(conversation, draft, &code, to_summary, ctx)
        }
        (Some(Tap::SkipRest(c)), _) if c == code && !to_summary => skip_rest(conversation, draft, &code, ctx),
        (Some(Tap::Back(c)), _) if c == code => back(conversation, draft, &code, to_summary, ctx),
        (Some(_), _) => to(conversation, here(draft, code)).reply(Key::ButtonExpired).reprompt(ctx),
        (None, Some(text)) => match parse_count(text) {
            Ok(value) => enter(conversation, draft, code, value, to_summary, ctx),
            Err(error) => {
                let key = match error {
                    CountError::NotANumber => Key::CountNotANumber,
                    CountError::Negative => Key::CountNegative,
                    CountError::NotWhole => Key::CountNotWhole,
                };
                to(conversation, here(draft, code)).reply(key).reprompt(ctx)
            }
        },
        (None, None) => to(conversation, here(draft, code)).reply(Key::UseButtons).reprompt(ctx),
    }
}

/// The optional fields from `position` on, up to the next required one.
fn optional_run<'f>(fields: &[&'f Indicator], position: usize) -> Vec<&'f Indicator> {
    fields[position..].iter().take_while(|i| !i.required).copied().collect()
}

/// "⏩ Lewati sisanya": `code` and the optional fields right after it are
/// skipped, on to the next required one or the summary.
fn skip_rest(conversation: Conversation, mut draft: Draft, code: &str, ctx: &Context) -> Step {
    let fields = draft.section(ctx).fields(draft.periode.month());
    let Some(position) = fields.iter().position(|i| i.code == code) else {
        return to(conversation, ReportFlow::Summary { draft }).reprompt(ctx);
    };
    let run: Vec<String> = optional_run(&fields, position).iter().map(|i| i.code.clone()).collect();
    for skipped in &run {
        draft.values.remove(skipped);
        draft.skipped.insert(skipped.clone());
    }
    let last = run.last().cloned().unwrap_or_else(|| code.to_owned());
    next(conversation, draft, &last, false, ctx)
}

/// Last month's value, offered as "Sama dengan bulan lalu" only for a
/// slowly changing indicator: copying this month's weighing counts from
/// last month is the very error reports are checked for.
fn same_as_last_month(draft: &Draft, code: &str, form: &Section) -> Option<i64> {
    let steady = form.indicator(code).is_some_and(|i| i.steady);
    draft.last_month.get(code).copied().filter(|_| steady)
}

fn is_required(form: &Section, code: &str) -> bool {
    form.indicator(code).is_some_and(|i| i.required)
}

/// A number typed or chosen for `code`. A changed number forgets the
/// confirmations that depended on the old one.
fn enter(
    conversation: Conversation,
    mut draft: Draft,
    code: String,
    value: i64,
    to_summary: bool,
    ctx: &Context,
) -> Step {
    if draft.values.get(&code) != Some(&value) {
        let stale: Vec<String> = draft
            .confirmed
            .iter()
            .filter(|key| *key == &jump_key(&code) || rule_reads(draft.section(ctx), key, &code))
            .cloned()
            .collect();
        for key in stale {
            draft.confirmed.remove(&key);
        }
    }
    check(conversation, draft, code, value, to_summary, ctx)
}

fn rule_reads(form: &Section, rule_text: &str, code: &str) -> bool {
    form.rules.iter().any(|r| r.text == rule_text && r.check.codes().contains(&code))
}

/// "Ya, sudah benar" on the warning about `value`.
pub fn confirm(
    conversation: Conversation,
    mut draft: Draft,
    code: String,
    value: i64,
    to_summary: bool,
    ctx: &Context,
) -> Step {
    if let Some(key) = first_warning(&draft, &code, value, draft.section(ctx)).map(|w| w.key(&code)) {
        draft.confirmed.insert(key);
    }
    check(conversation, draft, code, value, to_summary, ctx)
}

/// Bounds, then hard rules, then unconfirmed warnings; if all pass, the
/// value is kept and the next field asked.
fn check(
    conversation: Conversation,
    mut draft: Draft,
    code: String,
    value: i64,
    to_summary: bool,
    ctx: &Context,
) -> Step {
    if draft.section(ctx).indicator(&code).is_none() {
        return to(conversation, ReportFlow::Summary { draft }).reprompt(ctx);
    }
    let here = |draft: Draft| ReportFlow::Fill { draft, code: code.clone(), to_summary };
    let trial = with(&draft, &code, value);
    match first_refusal(&draft, &code, value, draft.section(ctx)) {
        Some(Refusal::OutOfBounds { value, min, max, .. }) => {
            let key = if value > max { Key::ValueTooBig } else { Key::ValueTooSmall };
            let text = Text::new(key).arg("value", value).arg("code", code.as_str()).arg("min", min).arg("max", max);
            return to(conversation, here(draft)).reply(text).reprompt(ctx);
        }
        Some(Refusal::Rule(rule)) => {
            let text = rule_text(Key::RuleBroken, rule, &trial).arg("code", code.as_str());
            return to(conversation, here(draft)).reply(text).reprompt(ctx);
        }
        None => {}
    }
    if first_warning(&draft, &code, value, draft.section(ctx)).is_some() {
        return to(conversation, ReportFlow::Warn { draft, code, value, to_summary }).reprompt(ctx);
    }
    draft.values = trial;
    draft.skipped.remove(&code);
    next(conversation, draft, &code, to_summary, ctx)
}

/// The next field to ask after `code`, or the summary.
fn next(conversation: Conversation, draft: Draft, code: &str, to_summary: bool, ctx: &Context) -> Step {
    let fields = draft.section(ctx).fields(draft.periode.month());
    let after = fields.iter().position(|i| i.code == code).map(|p| p + 1).unwrap_or(fields.len());
    match fields.get(after) {
        Some(next) if !to_summary => {
            let code = next.code.clone();
            to(conversation, ReportFlow::Fill { draft, code, to_summary: false }).reprompt(ctx)
        }
        _ => to(conversation, ReportFlow::Summary { draft }).reprompt(ctx),
    }
}

/// "⬅️ Kembali": the field before, the month choice, or the summary.
fn back(conversation: Conversation, draft: Draft, code: &str, to_summary: bool, ctx: &Context) -> Step {
    if to_summary {
        return to(conversation, ReportFlow::Summary { draft }).reprompt(ctx);
    }
    let fields = draft.section(ctx).fields(draft.periode.month());
    match fields.iter().position(|i| i.code == code) {
        Some(p) if p > 0 => {
            let code = fields[p - 1].code.clone();
            to(conversation, ReportFlow::Fill { draft, code, to_summary: false }).reprompt(ctx)
        }
        _ => to(conversation, ReportFlow::PickPeriode { posyandu: draft.posyandu }).reprompt(ctx),
    }
}

/// The warning message with its two buttons, if there still is one.
pub fn warning(draft: &Draft, code: &str, value: i64, ctx: &Context) -> Option<Reply> {
    let warning = first_warning(draft, code, value, draft.section(ctx))?;
    let trial = with(draft, code, value);
    let text = match warning {
        Warning::Rule(rule) => rule_text(Key::RuleWarning, rule, &trial),
        Warning::Jump { last } => jump_text([Key::JumpRise, Key::JumpFall], draft.section(ctx), code, value, last),
    };
    Some(Reply::new(text).row([
        Button::new(Key::BtnConfirm, Tap::Confirm(code.to_owned())),
        Button::new(Key::BtnFix, Tap::Fix(code.to_owned())),
    ]))
}
