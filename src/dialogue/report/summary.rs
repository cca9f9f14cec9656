//! The summary to confirm, sending it (with the check that nobody else sent
//! a report meanwhile), and viewing or correcting a saved report.

use std::collections::{BTreeMap, BTreeSet};

use super::texts::local_time;
use super::texts::{jump_text, label, rule_text};
use super::{Draft, ReportFlow, SavedReport, Target, periode_text, reference, sections, submission, to};
use crate::dialogue::{Context, Conversation, Effect, Flow, Step};
use crate::domain::form::{BALITA, Section};
use crate::domain::periode::Periode;
use crate::domain::report::RedFlag;
use crate::domain::skdn;
use crate::i18n::{Arg, Key, Text};
use crate::reply::{Button, Reply, Tap};

/// Every value with its label, the ratios, any warnings, and Kirim/Ubah/Batal.
/// A correction first says what it changes.
pub fn summary(draft: &Draft, ctx: &Context) -> Reply {
    let title = match draft.base {
        Some(revision) => {
            Text::new(Key::SummaryTitleCorrection).arg("revision", revision).arg("changes", changes(draft, ctx))
        }
        None => Text::new(Key::SummaryTitle),
    };
    let title = title.arg("posyandu", draft.posyandu.name.as_str()).arg("periode", periode_text(draft.periode));
    let warnings: Vec<Text> = warnings(draft, ctx);
    let key = if warnings.is_empty() { Key::Summary } else { Key::SummaryWithWarnings };
    let text = Text::new(key)
        .arg("title", title)
        .arg("lines", value_lines(&draft.values, draft.periode, draft.section(ctx)))
        .arg("ratios", ratios(&draft.values, draft.section(ctx)))
        .arg("warnings", warnings);
    Reply::new(text).row([
        Button::new(Key::BtnSend, Tap::Send),
        Button::new(Key::BtnEdit, Tap::Edit),
        Button::new(Key::BtnCancel, Tap::Cancel),
    ])
}

/// "D: 40 → 42" for each number a correction changes, in the form's order
/// (a dash for no number).
fn changes(draft: &Draft, ctx: &Context) -> Vec<Text> {
    let Some(saved) = &draft.saved else {
        return vec![Text::new(Key::SummaryChangesUnknown)];
    };
    let known = draft.section(ctx).indicators.iter().map(|i| &i.code);
    let unknown = saved.keys().chain(draft.values.keys()).filter(|c| draft.section(ctx).indicator(c).is_none());
    let shown = |value: Option<&i64>| value.map_or_else(|| "–".to_owned(), i64::to_string);
    let mut seen = BTreeSet::new();
    let lines: Vec<Text> = known
        .chain(unknown)
        .filter(|code| seen.insert(*code) && saved.get(*code) != draft.values.get(*code))
        .map(|code| {
            Text::new(Key::SummaryChange)
                .arg("code", code.as_str())
                .arg("old", shown(saved.get(code)))
                .arg("new", shown(draft.values.get(code)))
        })
        .collect();
    if lines.is_empty() { vec![Text::new(Key::SummaryNoChange)] } else { lines }
}

/// One line per field of the month: its label and value, or a dash.
fn value_lines(values: &BTreeMap<String, i64>, periode: Periode, section: &Section) -> Vec<Text> {
    let mut lines: Vec<Text> = section
        .fields(periode.month())
        .iter()
        .map(|i| {
            let value = values.get(&i.code).map_or_else(|| "–".to_owned(), |v| v.to_string());
            Text::new(Key::SummaryLine).arg("label", i.label.text()).arg("value", value)
        })
        .collect();
    // Values of codes this form no longer asks (an older report) still show.
    let retired = values.iter().filter(|(c, _)| !section.fields(periode.month()).iter().any(|i| &i.code == *c));
    for (code, value) in retired {
        let label = section
            .indicator(code)
            .map_or_else(|| Text::new(Key::BtnPlain).arg("label", code.as_str()), |i| i.label.text());
        lines.push(Text::new(Key::SummaryLine).arg("label", label).arg("value", *value));
    }
    lines
}

/// The SKDN ratios in plain words with their codes ([`skdn`]) for the
/// balita section; the section's name for the others. Growth is N/D′,
/// where D′ = D − O − B counts the children weighed this month and last
/// month (the only ones who can be N or T), shown beside the plain N/D. A
/// zero or missing denominator shows a dash.
fn ratios(values: &BTreeMap<String, i64>, section: &Section) -> Text {
    if section.code != BALITA {
        return Text::new(Key::SummarySection).arg("section", section.name.text());
    }
    let get = |code: &str| values.get(code).copied();
    let d_prime = match (get("D"), get("O"), get("B")) {
        (Some(d), Some(o), Some(b)) => Some(skdn::d_prime(d, o, b)).filter(|d_prime| *d_prime >= 0),
        _ => None,
    };
    let percent = |ratio: fn(i64, i64) -> Option<f64>, num: Option<i64>, den: Option<i64>| {
        Arg::Percent(num.zip(den).and_then(|(num, den)| ratio(num, den)))
    };
    Text::new(Key::SummaryRatios)
        .arg("ks", percent(skdn::k_s, get("K"), get("S")))
        .arg("ds", percent(skdn::d_s, get("D"), get("S")))
        .arg("nd", percent(skdn::n_d, get("N"), get("D")))
        .arg("ndp", percent(skdn::ratio, get("N"), d_prime))
        .arg("dp", d_prime.map_or_else(|| "–".to_owned(), |d| d.to_string()))
}

/// Soft rules broken and jumps, listed under the summary.
fn warnings(draft: &Draft, ctx: &Context) -> Vec<Text> {
    let form = draft.section(ctx);
    let mut lines: Vec<Text> =
        form.broken(&draft.values, None).into_iter().map(|r| rule_text(Key::WarningLine, r, &draft.values)).collect();
    for (code, value) in &draft.values {
        if let Some(last) = draft.last_month.get(code)
            && form.is_jump(*value, *last)
        {
            lines.push(jump_text([Key::JumpLineRise, Key::JumpLineFall], form, code, *value, *last));
        }
    }
    lines
}

/// "Angka mana yang mau diubah?" with one button per field.
pub fn pick_field(draft: &Draft, ctx: &Context) -> Reply {
    let buttons: Vec<Button> = draft
        .section(ctx)
        .fields(draft.periode.month())
        .iter()
        .map(|i| {
            let value = draft.values.get(&i.code).map_or_else(|| "–".to_owned(), |v| v.to_string());
            Button::new(
                Text::new(Key::BtnField).arg("code", i.code.as_str()).arg("value", value),
                Tap::Field(i.code.clone()),
            )
        })
        .collect();
    let mut reply = Reply::new(Key::ReportPickField);
    for pair in buttons.chunks(3) {
        reply = reply.row(pair.to_vec());
    }
    reply.row([Button::new(Key::BtnToSummary, Tap::ToSummary)])
}

/// Kirim: save, unless someone else saved this report since the draft began.
pub fn send(conversation: Conversation, draft: Draft, ctx: &Context) -> Step {
    let lookup = ctx.reports(draft.posyandu.id, draft.periode);
    let current = lookup.current.get(&draft.section).cloned();
    if current.as_ref().map(|c| c.revision) != draft.base {
        let Some(theirs) = current else {
            // The report this corrected is gone; send it as a new one.
            return send(conversation, Draft { base: None, saved: None, ..draft }, ctx);
        };
        let text = Text::new(Key::ReportConflict)
            .arg("name", theirs.by.as_str())
            .arg("time", local_time(theirs.at, &draft.posyandu))
            .arg("posyandu", draft.posyandu.name.as_str())
            .arg("periode", periode_text(draft.periode))
            .arg("lines", value_lines(&theirs.values, draft.periode, draft.section(ctx)));
        let revision = theirs.revision;
        // Sent as a correction of theirs, the summary shows what it changes in theirs.
        let draft = Draft { saved: Some(theirs.values), ..draft };
        return to(conversation, ReportFlow::Conflict { draft, theirs: revision }).reply(text).reprompt(ctx);
    }
    let missing: Vec<&str> = draft
        .section(ctx)
        .fields(draft.periode.month())
        .iter()
        .filter(|i| i.required && !draft.values.contains_key(&i.code))
        .map(|i| i.code.as_str())
        .collect();
    if let Some(code) = missing.first() {
        let code = code.to_string();
        return to(conversation, ReportFlow::Fill { draft, code, to_summary: true })
            .reply(Key::ReportMissing)
            .reprompt(ctx);
    }
    if let Some(rule) = draft.section(ctx).broken(&draft.values, None).into_iter().find(|r| r.hard) {
        let text = rule_text(Key::WarningLine, rule, &draft.values);
        return to(conversation, ReportFlow::PickField { draft }).reply(text).reprompt(ctx);
    }
    let revision = draft.base.map_or(1, |b| b + 1);
    let reference = reference(draft.posyandu.id, draft.periode, &draft.section, revision);
    let key = if draft.base.is_some() { Key::ReportCorrected } else { Key::ReportSent };
    let text = Text::new(key)
        .arg("reference", reference)
        .arg("revision", revision)
        .arg("posyandu", draft.posyandu.name.as_str())
        .arg("periode", periode_text(draft.periode))
        .arg("section", draft.section(ctx).name.text())
        .arg("rest", sections::still_missing(&draft, &lookup, ctx));
    let idle = Conversation { flow: Flow::Idle, ..conversation };
    let step = match sections::next_section(&draft, &lookup, ctx) {
        Some(next) => to(idle, ReportFlow::Summary { draft: next }),
        None => Step::to(idle),
    };
    let step = red_flags(&draft, ctx).into_iter().fold(step.effect(submission(&draft, ctx)), Step::effect);
    if matches!(step.conversation.flow, Flow::Report(_)) { step.reply(text).reprompt(ctx) } else { step.reply(text) }
}

/// The red flags of a section being sent, each with its alert: the
/// posyandu, the month, the indicator and its count, and the kader who
/// reported (counts only: the bot never has patients' names).
fn red_flags(draft: &Draft, ctx: &Context) -> Vec<Effect> {
    let section = draft.section(ctx);
    let kader = ctx.person.as_ref().map_or("", |p| p.name.as_str());
    section
        .red_flags(&draft.values)
        .into_iter()
        .map(|(code, value)| {
            let text = Text::new(Key::RedFlagAlert)
                .arg("posyandu", draft.posyandu.name.as_str())
                .arg("periode", periode_text(draft.periode))
                .arg("label", label(section, code))
                .arg("count", value)
                .arg("kader", kader);
            let flag = RedFlag {
                posyandu_id: draft.posyandu.id,
                periode: draft.periode,
                section: section.code.clone(),
                code: code.to_owned(),
                value,
            };
            Effect::RaiseRedFlag { flag, alert: Reply::new(text) }
        })
        .collect()
}

/// The saved report, who sent it and when, offering a correction.
pub fn saved_view(posyandu: &Target, periode: Periode, section: &Section, saved: &SavedReport) -> Reply {
    let text = Text::new(Key::ReportAlreadySent)
        .arg("posyandu", posyandu.name.as_str())
        .arg("periode", periode_text(periode))
        .arg("name", saved.by.as_str())
        .arg("time", local_time(saved.at, posyandu))
        .arg("revision", saved.revision)
        .arg("lines", value_lines(&saved.values, periode, section))
        .arg("ratios", ratios(&saved.values, section));
    Reply::new(text).row([Button::new(Key::BtnCorrect, Tap::Correct), Button::new(Key::BtnClose, Tap::Cancel)])
}

/// "Koreksi": a draft holding the saved values, then pick what to change.
pub fn correct(conversation: Conversation, posyandu: Target, periode: Periode, section: String, ctx: &Context) -> Step {
    let lookup = ctx.reports(posyandu.id, periode);
    let Some(saved) = lookup.current.get(&section).cloned() else {
        return to(conversation, ReportFlow::PickPeriode { posyandu }).reply(Key::ButtonExpired).reprompt(ctx);
    };
    let draft = Draft {
        posyandu,
        periode,
        section,
        queued: BTreeMap::new(),
        values: saved.values.clone(),
        skipped: BTreeSet::new(),
        confirmed: BTreeSet::new(),
        last_month: lookup.last_month(),
        base: Some(saved.revision),
        saved: Some(saved.values),
    };
    to(conversation, ReportFlow::PickField { draft }).reprompt(ctx)
}
