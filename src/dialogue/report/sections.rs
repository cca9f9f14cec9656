//! The sections of a posyandu's month: the choice of which to report
//! (each shown done, by whom and when, or waiting with its number of
//! questions), what is still missing once one is sent, and a quick line's
//! numbers split by section, one draft after the other.

use std::collections::{BTreeMap, BTreeSet};

use super::texts::local_time;
use super::{Draft, ReportFlow, ReportLookup, Target, open_section, periode_text, to};
use crate::dialogue::{Context, Conversation, Step};
use crate::domain::form::{Form, Section};
use crate::domain::periode::Periode;
use crate::i18n::{Key, Text};
use crate::reply::{Button, Reply, Tap};

/// The sections the posyandu reports with its form pack, in the pack's
/// order: those of the life stages it serves.
pub fn served<'c>(posyandu: &Target, lookup: &'c ReportLookup, ctx: &'c Context) -> Vec<&'c Section> {
    ctx.form(&posyandu.region).served(lookup.stages.as_deref()).collect()
}

/// "Laporan Melati Oktober 2026: pilih bagian", one line and one button per section.
pub fn pick(posyandu: &Target, periode: Periode, ctx: &Context) -> Reply {
    let lookup = ctx.reports(posyandu.id, periode);
    let served = served(posyandu, &lookup, ctx);
    let lines: Vec<Text> = served.iter().map(|section| line(section, periode, posyandu, &lookup)).collect();
    let text = Text::new(Key::ReportPickSection)
        .arg("posyandu", posyandu.name.as_str())
        .arg("periode", periode_text(periode))
        .arg("lines", lines);
    let mut reply = Reply::new(text);
    for section in served {
        let key = if lookup.current.contains_key(&section.code) { Key::BtnSectionDone } else { Key::BtnPlain };
        let label = Text::new(key).arg("label", section.name.text());
        reply = reply.row([Button::new(label, Tap::Section(section.code.clone()))]);
    }
    reply.row([Button::new(Key::BtnCancel, Tap::Cancel)])
}

/// "✅ Balita dan apras: Sari, 02-11-2026 10:15 WITA" or "⏳ Ibu hamil: 14 pertanyaan".
fn line(section: &Section, periode: Periode, posyandu: &Target, lookup: &ReportLookup) -> Text {
    match lookup.current.get(&section.code) {
        Some(saved) => Text::new(Key::SectionDone)
            .arg("section", section.name.text())
            .arg("name", saved.by.as_str())
            .arg("time", local_time(saved.at, posyandu)),
        None => Text::new(Key::SectionWaiting)
            .arg("section", section.name.text())
            .arg("count", section.fields(periode.month()).len() as i64),
    }
}

/// Input while the sections are offered: a section's button, or its
/// number or code typed.
pub fn on_pick(
    conversation: Conversation,
    (posyandu, periode): (Target, Periode),
    tap: Option<Tap>,
    text: Option<&str>,
    ctx: &Context,
) -> Step {
    match (tap, text) {
        (Some(Tap::Section(code)), _) => picked(conversation, posyandu, periode, &code, ctx),
        (None, Some(text)) => typed(conversation, posyandu, periode, text, ctx),
        (Some(_), _) => {
            to(conversation, ReportFlow::PickSection { posyandu, periode }).reply(Key::ButtonExpired).reprompt(ctx)
        }
        (None, None) => {
            to(conversation, ReportFlow::PickSection { posyandu, periode }).reply(Key::UseButtons).reprompt(ctx)
        }
    }
}

/// A section's button.
fn picked(conversation: Conversation, posyandu: Target, periode: Periode, code: &str, ctx: &Context) -> Step {
    let lookup = ctx.reports(posyandu.id, periode);
    if !served(&posyandu, &lookup, ctx).iter().any(|s| s.code == code) {
        return to(conversation, ReportFlow::PickSection { posyandu, periode }).reply(Key::ButtonExpired).reprompt(ctx);
    }
    open_section(conversation, posyandu, periode, code.to_owned(), ctx)
}

/// A section's number (1, 2, …) or code typed instead of a button.
fn typed(conversation: Conversation, posyandu: Target, periode: Periode, text: &str, ctx: &Context) -> Step {
    let lookup = ctx.reports(posyandu.id, periode);
    let served = served(&posyandu, &lookup, ctx);
    let word = text.trim().to_lowercase();
    let chosen = match word.parse::<usize>() {
        Ok(n) => n.checked_sub(1).and_then(|i| served.get(i)),
        Err(_) => served.iter().find(|s| s.code == word),
    };
    match chosen {
        Some(section) => {
            let code = section.code.clone();
            open_section(conversation, posyandu, periode, code, ctx)
        }
        None => to(conversation, ReportFlow::PickSection { posyandu, periode }).reply(Key::UseButtons).reprompt(ctx),
    }
}

/// After `sent` is saved: the sections of the month still missing, or
/// that the month is complete.
pub fn still_missing(draft: &Draft, lookup: &ReportLookup, ctx: &Context) -> Text {
    let missing: Vec<Text> = served(&draft.posyandu, lookup, ctx)
        .into_iter()
        .filter(|s| s.code != draft.section && !lookup.current.contains_key(&s.code))
        .filter(|s| !draft.queued.keys().any(|c| s.indicator(c).is_some()))
        .map(|s| Text::new(Key::SectionMissingLine).arg("section", s.name.text()))
        .collect();
    match served(&draft.posyandu, lookup, ctx).len() {
        1 => Text::new(Key::BtnPlain).arg("label", ""),
        _ if missing.is_empty() => Text::new(Key::ReportMonthComplete),
        _ => Text::new(Key::ReportMonthMissing).arg("sections", missing),
    }
}

/// The sections of `form` that `values` has codes of, in the pack's order.
pub fn touched<'f>(form: &'f Form, values: &BTreeMap<String, i64>) -> Vec<&'f Section> {
    form.sections.iter().filter(|s| values.keys().any(|c| s.indicator(c).is_some())).collect()
}

/// The values of `section`'s codes.
pub fn of_section(section: &Section, values: &BTreeMap<String, i64>) -> BTreeMap<String, i64> {
    values.iter().filter(|(c, _)| section.indicator(c).is_some()).map(|(c, v)| (c.clone(), *v)).collect()
}

/// After a section of a quick report is sent: the next section's draft.
pub fn next_section(sent: &Draft, lookup: &ReportLookup, ctx: &Context) -> Option<Draft> {
    draft_for(sent.posyandu.clone(), sent.periode, sent.queued.clone(), lookup, ctx)
}

/// A draft of the first section `values` touch, the rest queued.
pub fn draft_for(
    target: Target,
    periode: Periode,
    values: BTreeMap<String, i64>,
    lookup: &ReportLookup,
    ctx: &Context,
) -> Option<Draft> {
    let section = *touched(ctx.form(&target.region), &values).first()?;
    let mine = of_section(section, &values);
    let queued = values.into_iter().filter(|(c, _)| !mine.contains_key(c)).collect();
    let saved = lookup.current.get(&section.code);
    Some(Draft {
        posyandu: target,
        periode,
        section: section.code.clone(),
        queued,
        skipped: section
            .fields(periode.month())
            .iter()
            .filter(|i| !mine.contains_key(&i.code))
            .map(|i| i.code.clone())
            .collect(),
        values: mine,
        confirmed: BTreeSet::new(),
        last_month: lookup.last_month(),
        base: saved.map(|c| c.revision),
        saved: saved.map(|c| c.values.clone()),
    })
}
