//! The monthly report dialogue: pick the posyandu and the month, answer one
//! number at a time (each checked on the spot), confirm a summary, send.
//! Also: viewing and correcting a saved report, resuming a report left
//! half-way, the one-line quick report, and `/status`.
//!
//! Every number lives in the conversation until Kirim, so a restart, a
//! language change or a detour through `/bantuan` loses nothing.

mod checks;
mod fill;
mod quick;
mod sections;
pub mod status;
mod summary;
mod texts;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

pub use crate::domain::report::{ReportLookup, SavedReport, Submission};
pub use status::{PosyanduStatus, status_periodes};

use super::{Context, Conversation, Effect, Flow, Input, Person, Step};

use crate::domain::form::{BALITA, Section};
use crate::domain::periode::Periode;
use crate::domain::region::RegionCode;
use crate::i18n::{Key, MONTHS, Text};
use crate::reply::{Button, Reply, Tap};

/// The posyandu a report is for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub id: i64,
    pub name: String,
    pub region: RegionCode,
}

/// A section of a report being filled in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub posyandu: Target,
    pub periode: Periode,
    /// The section's code in the form pack (drafts stored before sections
    /// existed are the balita block).
    #[serde(default = "balita")]
    pub section: String,
    /// Numbers of a quick report for the sections after this one, each
    /// summarised for Kirim in turn.
    #[serde(default)]
    pub queued: BTreeMap<String, i64>,
    pub values: BTreeMap<String, i64>,
    pub skipped: BTreeSet<String>,
    /// Warnings the kader confirmed: soft rules by their text, jumps as `jump:CODE`.
    pub confirmed: BTreeSet<String>,
    pub last_month: BTreeMap<String, i64>,
    /// The saved revision this corrects; `None` for a new report.
    pub base: Option<i64>,
    /// The numbers of revision `base`, to show what a correction changes.
    /// `None` for a new report (and for drafts stored before this was kept).
    #[serde(default)]
    pub saved: Option<BTreeMap<String, i64>>,
}

fn balita() -> String {
    BALITA.to_owned()
}

impl Draft {
    /// The form section this draft fills in.
    pub fn section<'c>(&self, ctx: &'c Context) -> &'c Section {
        ctx.form(&self.posyandu.region).section_or_first(&self.section)
    }
}

/// A one-line report waiting for the kader to pick the posyandu.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quick {
    pub periode: Option<Periode>,
    pub values: BTreeMap<String, i64>,
}

/// Where in the report dialogue the chat is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ReportFlow {
    PickPosyandu {
        quick: Option<Quick>,
    },
    PickPeriode {
        posyandu: Target,
    },
    /// Which section of the month to report.
    PickSection {
        posyandu: Target,
        periode: Periode,
    },
    /// Asking for `code`; back to the summary afterwards when `to_summary`.
    Fill {
        draft: Draft,
        code: String,
        to_summary: bool,
    },
    /// `value` for `code` needs a "Ya, sudah benar" first.
    Warn {
        draft: Draft,
        code: String,
        value: i64,
        to_summary: bool,
    },
    Summary {
        draft: Draft,
    },
    PickField {
        draft: Draft,
    },
    /// Showing a saved report, offering a correction.
    Saved {
        posyandu: Target,
        periode: Periode,
        #[serde(default = "balita")]
        section: String,
    },
    /// Someone else saved revision `theirs` while this draft was being made.
    Conflict {
        draft: Draft,
        theirs: i64,
    },
    /// Back after a pause: continue or start again?
    Resume {
        paused: Box<ReportFlow>,
    },
}

/// The posyandu this person reports for.
pub fn kader_targets(person: &Person) -> Vec<Target> {
    person
        .roles
        .iter()
        .filter_map(|role| {
            let id = role.grant.posyandu_id()?;
            Some(Target { id, name: role.place.posyandu.clone()?, region: role.place.region.clone() })
        })
        .collect()
}

/// The month offered first: the one that just ended, or the current one.
fn default_periode(target: &Target, now: chrono::DateTime<chrono::Utc>, previous: bool) -> Periode {
    let current = Periode::containing(now, target.time_zone());
    if previous { current.previous() } else { current }
}

impl Target {
    pub fn time_zone(&self) -> chrono_tz::Tz {
        self.region.time_zone()
    }
}

/// `/lapor`, with or without a one-line report.
pub fn start(conversation: Conversation, line: Option<String>, ctx: &Context) -> Step {
    let Some(person) = &ctx.person else {
        return Step::to(conversation).reply(Key::NotRegistered);
    };
    let targets = kader_targets(person);
    if targets.is_empty() {
        return Step::to(conversation).reply(Key::ReportNotKader);
    }
    if let Flow::Report(flow) = &conversation.flow
        && flow.is_resumable()
    {
        // A one-line report now would throw away the numbers being entered.
        if line.is_some()
            && let Some((posyandu, periode)) = flow.subject()
        {
            let text =
                Text::new(Key::QuickWhileFilling).arg("posyandu", posyandu).arg("periode", periode_text(periode));
            return Step::to(conversation).reply(text).reprompt(ctx);
        }
        let paused = Box::new(flow.clone());
        return to(conversation, ReportFlow::Resume { paused }).reprompt(ctx);
    }
    if let Some(line) = line {
        return quick::start(conversation, &line, &targets, ctx);
    }
    match targets.as_slice() {
        [target] => to(conversation, ReportFlow::PickPeriode { posyandu: target.clone() }).reprompt(ctx),
        _ => to(conversation, ReportFlow::PickPosyandu { quick: None }).reprompt(ctx),
    }
}

/// Puts the conversation into `flow`.
fn to(conversation: Conversation, flow: ReportFlow) -> Step {
    Step::to(Conversation { flow: Flow::Report(flow), ..conversation })
}

impl ReportFlow {
    /// True for the stages that hold numbers a kader would not want to lose.
    pub fn is_resumable(&self) -> bool {
        matches!(
            self,
            ReportFlow::Fill { .. }
                | ReportFlow::Warn { .. }
                | ReportFlow::Summary { .. }
                | ReportFlow::PickField { .. }
                | ReportFlow::Conflict { .. }
        )
    }
}

/// The question of the current stage.
pub fn prompt(flow: &ReportFlow, ctx: &Context) -> Reply {
    match flow {
        ReportFlow::PickPosyandu { .. } => {
            let targets = ctx.person.as_ref().map(kader_targets).unwrap_or_default();
            let mut reply = Reply::new(Key::ReportPickPosyandu);
            for target in targets {
                reply = reply.row([Button::new(
                    Text::new(Key::BtnPlain).arg("label", target.name.as_str()),
                    Tap::Posyandu(target.id),
                )]);
            }
            reply.row([Button::new(Key::BtnCancel, Tap::Cancel)])
        }
        ReportFlow::PickPeriode { posyandu } => {
            let first = default_periode(posyandu, ctx.now, ctx.settings.default_previous);
            let other = if ctx.settings.default_previous {
                Periode::containing(ctx.now, posyandu.time_zone())
            } else {
                first.previous()
            };
            let text = Text::new(Key::ReportPickPeriode).arg("posyandu", posyandu.name.as_str());
            Reply::new(text)
                .row([
                    Button::new(periode_text(first), Tap::Periode(first)),
                    Button::new(periode_text(other), Tap::Periode(other)),
                ])
                .row([Button::new(Key::BtnCancel, Tap::Cancel)])
        }
        ReportFlow::PickSection { posyandu, periode } => sections::pick(posyandu, *periode, ctx),
        ReportFlow::Fill { draft, code, to_summary } => {
            fill::ask(draft, code, *to_summary, ctx).unwrap_or_else(|| summary::summary(draft, ctx))
        }
        ReportFlow::Warn { draft, code, value, .. } => fill::warning(draft, code, *value, ctx)
            .or_else(|| fill::ask(draft, code, false, ctx))
            .unwrap_or_else(|| summary::summary(draft, ctx)),
        ReportFlow::Summary { draft } => summary::summary(draft, ctx),
        ReportFlow::PickField { draft } => summary::pick_field(draft, ctx),
        ReportFlow::Saved { posyandu, periode, .. } => Reply::new(
            Text::new(Key::ReportSavedClosed)
                .arg("posyandu", posyandu.name.as_str())
                .arg("periode", periode_text(*periode)),
        )
        .row([Button::new(Key::BtnCorrect, Tap::Correct), Button::new(Key::BtnClose, Tap::Cancel)]),
        ReportFlow::Conflict { draft, theirs } => Reply::new(
            Text::new(Key::ReportConflictAgain).arg("posyandu", draft.posyandu.name.as_str()).arg("revision", *theirs),
        )
        .row([Button::new(Key::BtnMine, Tap::Mine), Button::new(Key::BtnCancel, Tap::Cancel)]),
        ReportFlow::Resume { paused } => {
            let (posyandu, periode) = paused
                .subject()
                .unwrap_or_else(|| (String::new(), Periode::containing(ctx.now, chrono_tz::Tz::Asia__Jakarta)));
            Reply::new(Text::new(Key::ReportResume).arg("posyandu", posyandu).arg("periode", periode_text(periode)))
                .row([Button::new(Key::BtnResume, Tap::Resume), Button::new(Key::BtnRestart, Tap::Restart)])
        }
    }
}

impl ReportFlow {
    /// The posyandu name and month this stage is about, if known.
    fn subject(&self) -> Option<(String, Periode)> {
        match self {
            ReportFlow::Fill { draft, .. }
            | ReportFlow::Warn { draft, .. }
            | ReportFlow::Summary { draft }
            | ReportFlow::PickField { draft }
            | ReportFlow::Conflict { draft, .. } => Some((draft.posyandu.name.clone(), draft.periode)),
            ReportFlow::Saved { posyandu, periode, .. } => Some((posyandu.name.clone(), *periode)),
            ReportFlow::PickPosyandu { .. }
            | ReportFlow::PickPeriode { .. }
            | ReportFlow::PickSection { .. }
            | ReportFlow::Resume { .. } => None,
        }
    }
}

/// "Oktober 2026".
pub fn periode_text(periode: Periode) -> Text {
    let month = MONTHS[periode.month() as usize - 1];
    Text::new(Key::Periode).arg("month", Text::new(month)).arg("year", periode.year() as i64)
}

/// The kader chose posyandu `id`: the month next, or the quick report's summary.
fn picked(conversation: Conversation, quick: Option<Quick>, id: i64, ctx: &Context) -> Step {
    let targets = ctx.person.as_ref().map(kader_targets).unwrap_or_default();
    let Some(target) = targets.into_iter().find(|t| t.id == id) else {
        return Step::to(conversation).reply(Key::ButtonExpired).reprompt(ctx);
    };
    match quick {
        Some(quick) => quick::with_target(conversation, quick, target, ctx),
        None => to(conversation, ReportFlow::PickPeriode { posyandu: target }).reprompt(ctx),
    }
}

/// Handles input while in the report dialogue.
pub fn on_input(conversation: Conversation, flow: ReportFlow, input: Input, ctx: &Context) -> Step {
    let tap = match &input {
        Input::Tap(data) => Some(Tap::parse(data)),
        _ => None,
    };
    if let Some(Some(Tap::Cancel)) = tap {
        return Step::to(Conversation { flow: Flow::Idle, ..conversation }).reply(Key::Cancelled);
    }
    if input == Input::Unsupported {
        return Step::to(conversation).reply(Key::UnsupportedInput).reprompt(ctx);
    }
    let tap = match tap {
        Some(Some(tap)) => Some(tap),
        Some(None) => return Step::to(conversation).reply(Key::ButtonExpired).reprompt(ctx),
        None => None,
    };
    let text = match &input {
        Input::Text(text) => Some(text.as_str()),
        _ => None,
    };
    on_answer(conversation, flow, tap, text, ctx)
}

/// A button pressed (already read) or a text typed at the current stage.
fn on_answer(
    conversation: Conversation,
    flow: ReportFlow,
    tap: Option<Tap>,
    text: Option<&str>,
    ctx: &Context,
) -> Step {
    match (flow, tap, text) {
        (ReportFlow::PickPosyandu { quick }, Some(Tap::Posyandu(id)), _) => picked(conversation, quick, id, ctx),
        (ReportFlow::PickPeriode { posyandu }, Some(Tap::Periode(periode)), _) => {
            open(conversation, posyandu, periode, ctx)
        }
        (ReportFlow::PickPeriode { posyandu }, None, Some(text)) => {
            let current = Periode::containing(ctx.now, posyandu.time_zone());
            match Periode::parse(text, current) {
                Some(periode) => open(conversation, posyandu, periode, ctx),
                None => Step::to(conversation).reply(Key::UseButtons).reprompt(ctx),
            }
        }
        (ReportFlow::PickSection { posyandu, periode }, tap, text) => {
            sections::on_pick(conversation, (posyandu, periode), tap, text, ctx)
        }
        (ReportFlow::Fill { draft, code, to_summary }, tap, text) => {
            fill::on_fill(conversation, draft, code, to_summary, tap, text, ctx)
        }
        (ReportFlow::Warn { draft, code, value, to_summary }, Some(Tap::Confirm(c)), _) if c == code => {
            fill::confirm(conversation, draft, code, value, to_summary, ctx)
        }
        (ReportFlow::Warn { draft, code, to_summary, .. }, Some(Tap::Fix(c)), _) if c == code => {
            to(conversation, ReportFlow::Fill { draft, code, to_summary }).reprompt(ctx)
        }
        (ReportFlow::Warn { draft, code, to_summary, .. }, None, Some(text)) => {
            // A new number typed instead of pressing a button: take it as the answer.
            fill::on_fill(conversation, draft, code, to_summary, None, Some(text), ctx)
        }
        (ReportFlow::Summary { draft }, Some(Tap::Send), _) => summary::send(conversation, draft, ctx),
        (ReportFlow::Summary { draft }, Some(Tap::Edit), _) => {
            to(conversation, ReportFlow::PickField { draft }).reprompt(ctx)
        }
        (ReportFlow::PickField { draft }, Some(Tap::Field(code)), _) if fill::asks(&draft, &code, ctx) => {
            to(conversation, ReportFlow::Fill { draft, code, to_summary: true }).reprompt(ctx)
        }
        (ReportFlow::PickField { draft }, Some(Tap::ToSummary), _) => {
            to(conversation, ReportFlow::Summary { draft }).reprompt(ctx)
        }
        (ReportFlow::Saved { posyandu, periode, section }, Some(Tap::Correct), _) => {
            summary::correct(conversation, posyandu, periode, section, ctx)
        }
        (ReportFlow::Conflict { mut draft, theirs }, Some(Tap::Mine), _) => {
            draft.base = Some(theirs);
            to(conversation, ReportFlow::Summary { draft }).reprompt(ctx)
        }
        (ReportFlow::Resume { paused }, Some(Tap::Resume), _) => to(conversation, *paused).reprompt(ctx),
        (ReportFlow::Resume { .. }, Some(Tap::Restart), _) => {
            start(Conversation { flow: Flow::Idle, ..conversation }, None, ctx)
        }
        (_, Some(_), _) => Step::to(conversation).reply(Key::ButtonExpired).reprompt(ctx),
        (_, None, _) => Step::to(conversation).reply(Key::UseButtons).reprompt(ctx),
    }
}

/// After the month is chosen: the sections to choose from, or the one
/// section when the posyandu reports only one.
fn open(conversation: Conversation, posyandu: Target, periode: Periode, ctx: &Context) -> Step {
    let current = Periode::containing(ctx.now, posyandu.time_zone());
    if periode > current {
        return Step::to(conversation).reply(Key::ReportPeriodeFuture).reprompt(ctx);
    }
    if periode.months_until(current) > 12 {
        return Step::to(conversation).reply(Key::ReportPeriodeTooOld).reprompt(ctx);
    }
    let lookup = ctx.reports(posyandu.id, periode);
    match sections::served(&posyandu, &lookup, ctx).as_slice() {
        [only] => {
            let code = only.code.clone();
            open_section(conversation, posyandu, periode, code, ctx)
        }
        _ => to(conversation, ReportFlow::PickSection { posyandu, periode }).reprompt(ctx),
    }
}

/// After the section is chosen: show it saved, or start filling it in.
fn open_section(
    conversation: Conversation,
    posyandu: Target,
    periode: Periode,
    section: String,
    ctx: &Context,
) -> Step {
    let lookup = ctx.reports(posyandu.id, periode);
    let form = ctx.form(&posyandu.region).section_or_first(&section);
    if let Some(saved) = lookup.current.get(&form.code) {
        let view = summary::saved_view(&posyandu, periode, form, saved);
        let section = form.code.clone();
        return to(conversation, ReportFlow::Saved { posyandu, periode, section }).reply(view);
    }
    let first = form.fields(periode.month())[0].code.clone();
    let draft = Draft {
        posyandu,
        periode,
        section: form.code.clone(),
        queued: BTreeMap::new(),
        values: BTreeMap::new(),
        skipped: BTreeSet::new(),
        confirmed: BTreeSet::new(),
        last_month: lookup.last_month(),
        base: None,
        saved: None,
    };
    to(conversation, ReportFlow::Fill { draft, code: first, to_summary: false }).reprompt(ctx)
}

/// Makes a save effect out of a finished draft.
fn submission(draft: &Draft, ctx: &Context) -> Effect {
    Effect::SaveReport(Submission {
        posyandu_id: draft.posyandu.id,
        periode: draft.periode,
        section: draft.section.clone(),
        form_version: ctx.form(&draft.posyandu.region).version.clone(),
        values: draft.values.clone(),
        confirmed: draft.confirmed.iter().cloned().collect(),
        base: draft.base,
    })
}

/// The short reference a kader can quote: `P12-202610-R2` for the balita
/// section (as before sections), `P12-202610-IBU-R1` for the others.
pub fn reference(posyandu_id: i64, periode: Periode, section: &str, revision: i64) -> String {
    let month = format!("{:04}{:02}", periode.year(), periode.month());
    match section {
        BALITA => format!("P{posyandu_id}-{month}-R{revision}"),
        _ => format!("P{posyandu_id}-{month}-{}-R{revision}", section.to_uppercase()),
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod sections_tests;
