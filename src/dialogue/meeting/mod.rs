//! Meetings as their organizer sees them: `/rapat`'s wizard here, and the
//! organizer's own meetings, their attendance and their changes in
//! [`organizer`].
//!
//! The wizard: an official picks which of their roles
//! organizes (only when they hold several), then the kind, title, start
//! (typed as people write it, read in the organizer's time zone and shown
//! back), place (text, and optionally a shared location), agenda, the
//! audience ([`audience`]: an area inside the organizer's region and the
//! roles to invite) and an answer deadline. The preview shows the invitation
//! exactly as recipients will see it ([`invitation`]) and how many people it
//! reaches; Kirim returns [`Effect::CreateMeeting`].
//!
//! Every question has Batal; bad input is answered with what to do, and
//! everything entered so far stays in the conversation (a detour through
//! `/bantuan` or `/bahasa` loses nothing). Ubah on the preview changes one
//! answer and comes back to the preview.

mod audience;
pub mod organizer;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::{Context, Conversation, Effect, Flow, Input, Person, Step, rsvp};

use crate::domain::meeting::{MAX_AGENDA, MAX_PLACE, MAX_TITLE, Meeting, MeetingKind, NewMeeting};
use crate::domain::people::{Place, Role};
use crate::domain::region::RegionCode;
use crate::domain::role::{Grant, OfficialRole};
use crate::domain::when;
use crate::i18n::{Key, Text};
use crate::reply::{Button, Reply, Tap};
use audience::Picked;

/// A meeting being set up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum MeetingFlow {
    /// The official holds several roles: which one organizes?
    PickOrganizer,
    Setup(Box<Setup>),
}

/// The wizard once the organizer is known.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Setup {
    pub organizer: Organizer,
    pub draft: Draft,
    pub stage: Stage,
    /// Came from the preview's Ubah: the next answer goes back to the preview.
    pub editing: bool,
}

/// The official role the meeting is organized as; its region is the scope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organizer {
    pub role: OfficialRole,
    pub region: RegionCode,
    pub region_name: String,
}

/// A region chosen as the audience area, with its name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Area {
    pub code: RegionCode,
    pub name: String,
}

/// The answers so far.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub kind: Option<MeetingKind>,
    pub title: Option<String>,
    pub starts_at: Option<DateTime<Utc>>,
    pub place: Option<String>,
    pub location: Option<(f64, f64)>,
    pub agenda: Option<String>,
    pub area: Option<Area>,
    pub invitees: Vec<crate::domain::meeting::Invitee>,
    pub answer_by: Option<DateTime<Utc>>,
}

/// The question being asked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Stage {
    Kind,
    Title,
    Start,
    /// The start as understood, shown back: Benar / Ubah.
    ConfirmStart {
        at: DateTime<Utc>,
    },
    Place,
    Agenda,
    /// The area: a page of the regions one level down, or search results.
    Area {
        page: u16,
        found: Vec<Area>,
    },
    Invitees,
    AnswerBy,
    Preview,
    /// Ubah on the preview: which answer to change.
    Change,
}

/// The answers Ubah can go back to: (button data code, label, stage).
const FIELDS: [(&str, Key); 8] = [
    ("kind", Key::MeetingFieldKind),
    ("title", Key::MeetingFieldTitle),
    ("start", Key::MeetingFieldStart),
    ("place", Key::MeetingFieldPlace),
    ("agenda", Key::MeetingFieldAgenda),
    ("area", Key::MeetingFieldArea),
    ("invitees", Key::MeetingFieldInvitees),
    ("answer-by", Key::MeetingFieldAnswerBy),
];

/// The official roles `person` may organize a meeting as.
pub fn organizer_roles(person: &Person) -> Vec<Organizer> {
    person
        .roles
        .iter()
        .filter_map(|r| match &r.grant {
            Grant::Official { role, region } => {
                Some(Organizer { role: *role, region: region.clone(), region_name: r.place.region_name.clone() })
            }
            Grant::Kader { .. } => None,
        })
        .collect()
}

/// `/rapat`: the official's meetings ([`organizer::list`]), or the wizard
/// when there are none; or says why this person cannot.
pub fn start(conversation: Conversation, ctx: &Context) -> Step {
    let Some(person) = &ctx.person else {
        return Step::to(conversation).reply(Key::NotRegistered);
    };
    if organizer_roles(person).is_empty() {
        return Step::to(conversation).reply(Key::MeetingNotOfficial).reprompt(ctx);
    }
    match ctx.organized() {
        Some((listed, _)) if !listed.is_empty() => organizer::list(conversation, ctx),
        _ => start_wizard(conversation, ctx),
    }
}

/// "Rapat baru": starts the wizard, or says why this person cannot.
pub fn start_wizard(conversation: Conversation, ctx: &Context) -> Step {
    let Some(person) = &ctx.person else {
        return Step::to(conversation).reply(Key::NotRegistered);
    };
    let flow = match organizer_roles(person).as_slice() {
        [] => return Step::to(conversation).reply(Key::MeetingNotOfficial).reprompt(ctx),
        [only] => MeetingFlow::Setup(Box::new(Setup::new(only.clone()))),
        _ => MeetingFlow::PickOrganizer,
    };
    Step::to(Conversation { flow: Flow::Meeting(flow), ..conversation }).reply(Key::MeetingStart).reprompt(ctx)
}

/// The current question (the preview is two messages).
pub fn prompt(flow: &MeetingFlow, ctx: &Context) -> Vec<Reply> {
    let setup = match flow {
        MeetingFlow::PickOrganizer => return vec![organizer_prompt(ctx)],
        MeetingFlow::Setup(setup) => setup,
    };
    let reply = match &setup.stage {
        Stage::Kind => kind_prompt(),
        Stage::Title => Reply::new(Text::new(Key::MeetingAskTitle).arg("max", MAX_TITLE as i64)),
        Stage::Start => {
            let zone = crate::i18n::zone_name(ctx.now.with_timezone(&setup.organizer.time_zone()));
            Reply::new(Text::new(Key::MeetingAskStart).arg("zone", zone))
        }
        Stage::ConfirmStart { at } => {
            let shown = crate::i18n::show_moment(*at, setup.organizer.time_zone());
            Reply::new(Text::new(Key::MeetingConfirmStart).arg("when", shown)).row([
                Button::new(Key::BtnRight, Tap::Confirm("start".into())),
                Button::new(Key::BtnEdit, Tap::Fix("start".into())),
            ])
        }
        Stage::Place => place_prompt(setup),
        Stage::Agenda => Reply::new(Text::new(Key::MeetingAskAgenda).arg("max", MAX_AGENDA as i64))
            .row([Button::new(Key::BtnSkip, Tap::Skip("agenda".into()))]),
        Stage::Area { page, found } => audience::area_prompt(setup, *page, found, ctx),
        Stage::Invitees => audience::invitees_prompt(setup),
        Stage::AnswerBy => {
            Reply::new(Key::MeetingAskAnswerBy).row([Button::new(Key::BtnSkip, Tap::Skip("answer-by".into()))])
        }
        Stage::Preview => return preview(setup, ctx),
        Stage::Change => change_prompt(),
    };
    vec![with_cancel(reply)]
}

/// Handles input while the wizard runs.
pub fn on_input(conversation: Conversation, flow: MeetingFlow, input: Input, ctx: &Context) -> Step {
    let tap = match &input {
        Input::Tap(data) => match Tap::parse(data) {
            Some(Tap::Cancel) => {
                return Step::to(Conversation { flow: Flow::Idle, ..conversation }).reply(Key::Cancelled);
            }
            Some(tap) => Some(tap),
            None => return stay(conversation, Key::ButtonExpired, ctx),
        },
        _ => None,
    };
    let setup = match flow {
        MeetingFlow::PickOrganizer => return pick_organizer(conversation, tap, ctx),
        MeetingFlow::Setup(setup) => *setup,
    };
    match (input, tap) {
        (_, Some(tap)) => on_tap(conversation, setup, tap, ctx),
        (Input::Text(text), None) => on_text(conversation, setup, &text, ctx),
        (Input::Location { latitude, longitude }, None) if setup.stage == Stage::Place => {
            let setup =
                Setup { draft: Draft { location: Some((latitude, longitude)), ..setup.draft.clone() }, ..setup };
            to(conversation, setup).reply(Key::MeetingLocationReceived).reprompt(ctx)
        }
        (Input::Location { .. }, None) => stay(conversation, Key::MeetingLocationNotNow, ctx),
        (Input::Unsupported | Input::Edited | Input::Tap(_), None) => stay(conversation, Key::UnsupportedInput, ctx),
    }
}

fn pick_organizer(conversation: Conversation, tap: Option<Tap>, ctx: &Context) -> Step {
    let Some(Tap::Organizer(role, region)) = tap else {
        let nudge = if tap.is_some() { Key::ButtonExpired } else { Key::UseButtons };
        return stay(conversation, nudge, ctx);
    };
    let roles = ctx.person.as_ref().map(organizer_roles).unwrap_or_default();
    match roles.into_iter().find(|o| o.role == role && o.region == region) {
        Some(organizer) => go(conversation, Setup::new(organizer), ctx),
        None => stay(conversation, Key::ButtonExpired, ctx),
    }
}

fn on_tap(conversation: Conversation, mut setup: Setup, tap: Tap, ctx: &Context) -> Step {
    match (setup.stage.clone(), tap) {
        (Stage::Kind, Tap::Kind(kind)) => {
            setup.draft.kind = Some(kind);
            answered(conversation, setup, ctx)
        }
        (Stage::ConfirmStart { at }, Tap::Confirm(code)) if code == "start" => {
            start_confirmed(conversation, setup, at, ctx)
        }
        (Stage::ConfirmStart { .. }, Tap::Fix(code)) if code == "start" => {
            go(conversation, Setup { stage: Stage::Start, ..setup }, ctx)
        }
        (Stage::Agenda, Tap::Skip(code)) if code == "agenda" => {
            setup.draft.agenda = None;
            answered(conversation, setup, ctx)
        }
        (Stage::Area { .. }, Tap::Area(code)) => match audience::pick(&setup.organizer, &code, ctx) {
            Picked::Area(area) => {
                setup.draft.area = Some(area);
                answered(conversation, setup, ctx)
            }
            Picked::Outside => {
                let refusal = Text::new(Key::MeetingAreaOutside).arg("place", setup.organizer.place().text());
                stay(conversation, refusal, ctx)
            }
            Picked::Unknown => stay(conversation, Key::ButtonExpired, ctx),
            Picked::Asked => Step::to(conversation),
        },
        (Stage::Area { .. }, Tap::AreaPage(page)) => {
            go(conversation, Setup { stage: Stage::Area { page, found: Vec::new() }, ..setup }, ctx)
        }
        (Stage::Invitees, Tap::Invitee(invitee)) => {
            audience::toggle(&mut setup.draft.invitees, invitee);
            go(conversation, setup, ctx)
        }
        (Stage::Invitees, Tap::Next) if setup.draft.invitees.is_empty() => {
            stay(conversation, Key::MeetingNoInvitee, ctx)
        }
        (Stage::Invitees, Tap::Next) => answered(conversation, setup, ctx),
        (Stage::AnswerBy, Tap::Skip(code)) if code == "answer-by" => {
            setup.draft.answer_by = None;
            answered(conversation, setup, ctx)
        }
        (Stage::Preview, Tap::Send) => send(conversation, setup, ctx),
        (Stage::Preview, Tap::Edit) => go(conversation, Setup { stage: Stage::Change, ..setup }, ctx),
        (Stage::Change, Tap::ToSummary) => go(conversation, Setup { stage: Stage::Preview, ..setup }, ctx),
        (Stage::Change, Tap::Field(code)) => match field_stage(&code) {
            Some(stage) => go(conversation, Setup { stage, editing: true, ..setup }, ctx),
            None => stay(conversation, Key::ButtonExpired, ctx),
        },
        _ => stay(conversation, Key::ButtonExpired, ctx),
    }
}

fn on_text(conversation: Conversation, mut setup: Setup, text: &str, ctx: &Context) -> Step {
    match &setup.stage {
        Stage::Title => match limited(&tidy(text), MAX_TITLE) {
            Ok(title) => {
                setup.draft.title = Some(title);
                answered(conversation, setup, ctx)
            }
            Err(problem) => refuse(conversation, problem),
        },
        Stage::Start => match when::parse(text, ctx.now, setup.organizer.time_zone()) {
            Ok(at) => go(conversation, Setup { stage: Stage::ConfirmStart { at }, ..setup }, ctx),
            Err(problem) => refuse(conversation, problem.text()),
        },
        Stage::Place => match limited(&tidy(text), MAX_PLACE) {
            Ok(place) => {
                setup.draft.place = Some(place);
                answered(conversation, setup, ctx)
            }
            Err(problem) => refuse(conversation, problem),
        },
        Stage::Agenda => match limited(text.trim(), MAX_AGENDA) {
            Ok(agenda) => {
                setup.draft.agenda = Some(agenda);
                answered(conversation, setup, ctx)
            }
            Err(problem) => refuse(conversation, problem),
        },
        Stage::Area { .. } => match audience::search(&setup.organizer, text, ctx) {
            None => Step::to(conversation),
            Some(Ok(found)) => go(conversation, Setup { stage: Stage::Area { page: 0, found }, ..setup }, ctx),
            Some(Err(problem)) => stay(conversation, problem, ctx),
        },
        Stage::AnswerBy => answer_by(conversation, setup, text, ctx),
        Stage::Kind | Stage::ConfirmStart { .. } | Stage::Invitees | Stage::Preview | Stage::Change => {
            stay(conversation, Key::UseButtons, ctx)
        }
    }
}

/// Benar on the start shown back. A deadline that is no longer before the
/// new start is dropped, and asked for again.
fn start_confirmed(conversation: Conversation, mut setup: Setup, at: DateTime<Utc>, ctx: &Context) -> Step {
    setup.draft.starts_at = Some(at);
    match setup.draft.answer_by.take_if(|by| *by >= at) {
        Some(old) => {
            let tz = setup.organizer.time_zone();
            let notice = Text::new(Key::MeetingAnswerByCleared).arg("when", crate::i18n::show_moment(old, tz));
            go(conversation, Setup { stage: Stage::AnswerBy, ..setup }, ctx).with_first(notice)
        }
        None => answered(conversation, setup, ctx),
    }
}

fn answer_by(conversation: Conversation, mut setup: Setup, text: &str, ctx: &Context) -> Step {
    let tz = setup.organizer.time_zone();
    let by = match when::parse(text, ctx.now, tz) {
        Ok(by) => by,
        Err(problem) => return refuse(conversation, problem.text()),
    };
    match setup.draft.starts_at {
        Some(start) if by >= start => {
            refuse(conversation, Text::new(Key::MeetingAnswerByLate).arg("start", crate::i18n::show_moment(start, tz)))
        }
        _ => {
            setup.draft.answer_by = Some(by);
            answered(conversation, setup, ctx)
        }
    }
}

/// Kirim: the meeting to save and invite.
fn send(conversation: Conversation, setup: Setup, ctx: &Context) -> Step {
    let Some(meeting) = setup.meeting() else {
        return go(conversation, Setup { stage: setup.first_missing(), ..setup }, ctx);
    };
    if reach(&meeting, ctx) == 0 {
        return go(conversation, setup, ctx);
    }
    Step::to(Conversation { flow: Flow::Idle, ..conversation })
        .effect(Effect::CreateMeeting(meeting))
        .reply(Key::MeetingSending)
}

/// How many people the meeting reaches, the organizer never among them
/// (0 until loaded).
fn reach(meeting: &NewMeeting, ctx: &Context) -> i64 {
    ctx.audience_size(&meeting.area, &meeting.invitees).unwrap_or(0)
}

/// The invitation as recipients will see it (without the answer buttons,
/// which would do nothing yet), then who it reaches and Kirim / Ubah / Batal.
fn preview(setup: &Setup, ctx: &Context) -> Vec<Reply> {
    let Some(meeting) = setup.meeting() else { return vec![change_prompt()] };
    let Some(person) = &ctx.person else { return vec![change_prompt()] };
    // The same function renders the real invitation, so this is what is sent.
    let draft = Meeting {
        id: 0,
        organizer_id: person.id,
        organizer_name: person.name.clone(),
        details: meeting.clone(),
        cancelled: false,
        sequence: 0,
    };
    let mut invitation = rsvp::invitation(&draft);
    invitation.buttons.clear();
    let area = setup.draft.area.as_ref().map_or_else(|| setup.organizer.place().text(), |a| a.place().text());
    let invitees: Vec<Text> = meeting
        .invitees
        .iter()
        .map(|i| Text::new(Key::MeetingInviteeLine).arg("role", audience::invitee_text(*i)))
        .collect();
    let count = reach(&meeting, ctx);
    let (key, send) = if count > 0 { (Key::MeetingPreview, true) } else { (Key::MeetingPreviewNobody, false) };
    let summary = Text::new(key).arg("count", count).arg("area", area).arg("invitees", invitees);
    let mut buttons = Vec::new();
    if send {
        buttons.push(Button::new(Key::BtnSend, Tap::Send));
    }
    buttons.push(Button::new(Key::BtnEdit, Tap::Edit));
    vec![invitation, with_cancel(Reply::new(summary).row(buttons))]
}

fn organizer_prompt(ctx: &Context) -> Reply {
    let roles = ctx.person.as_ref().map(organizer_roles).unwrap_or_default();
    let reply = roles.into_iter().fold(Reply::new(Key::MeetingAskOrganizer), |reply, o| {
        let label = o.role_text();
        reply.row([Button::new(label, Tap::Organizer(o.role, o.region))])
    });
    with_cancel(reply)
}

fn kind_prompt() -> Reply {
    let button = |kind: MeetingKind| {
        let label = match kind {
            MeetingKind::Lainnya => Text::new(Key::BtnMeetingOther),
            MeetingKind::Rakor => Text::new(Key::MeetingKindRakor),
            MeetingKind::Lokmin => Text::new(Key::MeetingKindLokmin),
            MeetingKind::PertemuanKader => Text::new(Key::MeetingKindPertemuanKader),
        };
        Button::new(label, Tap::Kind(kind))
    };
    Reply::new(Key::MeetingAskKind)
        .row([button(MeetingKind::Rakor)])
        .row([button(MeetingKind::Lokmin)])
        .row([button(MeetingKind::PertemuanKader), button(MeetingKind::Lainnya)])
}

fn place_prompt(setup: &Setup) -> Reply {
    let key = if setup.draft.location.is_some() { Key::MeetingAskPlaceName } else { Key::MeetingAskPlace };
    Reply::new(Text::new(key).arg("max", MAX_PLACE as i64))
}

fn change_prompt() -> Reply {
    let buttons: Vec<Button> =
        FIELDS.iter().map(|(code, label)| Button::new(*label, Tap::Field((*code).into()))).collect();
    let reply = buttons.chunks(2).fold(Reply::new(Key::MeetingAskChange), |reply, pair| reply.row(pair.to_vec()));
    reply.row([Button::new(Key::BtnToPreview, Tap::ToSummary)])
}

fn field_stage(code: &str) -> Option<Stage> {
    Some(match code {
        "kind" => Stage::Kind,
        "title" => Stage::Title,
        "start" => Stage::Start,
        "place" => Stage::Place,
        "agenda" => Stage::Agenda,
        "area" => Stage::area(),
        "invitees" => Stage::Invitees,
        "answer-by" => Stage::AnswerBy,
        _ => return None,
    })
}

/// Adds the Batal button under a question.
pub(super) fn with_cancel(reply: Reply) -> Reply {
    reply.row([Button::new(Key::BtnCancel, Tap::Cancel)])
}

/// One line, single spaces.
pub(super) fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` when it is neither empty nor longer than `max` characters.
pub(super) fn limited(text: &str, max: usize) -> Result<String, Text> {
    let length = text.chars().count();
    if length == 0 {
        Err(Text::new(Key::MeetingEmpty))
    } else if length > max {
        Err(Text::new(Key::MeetingTooLong).arg("length", length as i64).arg("max", max as i64))
    } else {
        Ok(text.to_owned())
    }
}

/// The same question again after a reply.
fn stay(conversation: Conversation, reply: impl Into<Reply>, ctx: &Context) -> Step {
    Step::to(conversation).reply(reply).reprompt(ctx)
}

/// A refused answer: the reply says what to do, with Batal under it.
fn refuse(conversation: Conversation, problem: Text) -> Step {
    Step::to(conversation).reply(with_cancel(Reply::new(problem)))
}

fn to(conversation: Conversation, setup: Setup) -> Step {
    Step::to(Conversation { flow: Flow::Meeting(MeetingFlow::Setup(Box::new(setup))), ..conversation })
}

/// Moves to `setup` and asks its question.
fn go(conversation: Conversation, setup: Setup, ctx: &Context) -> Step {
    to(conversation, setup).reprompt(ctx)
}

/// The current question is answered: on to the next one, or back to the
/// preview after an Ubah.
fn answered(conversation: Conversation, setup: Setup, ctx: &Context) -> Step {
    let next = if setup.editing { Stage::Preview } else { setup.stage.next() };
    let next = if next == Stage::Preview && setup.meeting().is_none() { setup.first_missing() } else { next };
    let editing = setup.editing && next != Stage::Preview;
    go(conversation, Setup { stage: next, editing, ..setup }, ctx)
}

impl Step {
    /// Puts `text` before the replies already made.
    fn with_first(mut self, text: Text) -> Step {
        self.replies.insert(0, Reply::new(text));
        self
    }
}

impl Setup {
    fn new(organizer: Organizer) -> Setup {
        Setup { organizer, draft: Draft::default(), stage: Stage::Kind, editing: false }
    }

    /// The meeting, once every required answer is in.
    pub fn meeting(&self) -> Option<NewMeeting> {
        let d = &self.draft;
        if d.invitees.is_empty() {
            return None;
        }
        Some(NewMeeting {
            kind: d.kind?,
            title: d.title.clone()?,
            starts_at: d.starts_at?,
            place: d.place.clone()?,
            location: d.location,
            agenda: d.agenda.clone(),
            area: d.area.as_ref()?.code.clone(),
            invitees: d.invitees.clone(),
            answer_by: d.answer_by,
        })
    }

    /// The first question whose answer is missing.
    fn first_missing(&self) -> Stage {
        let d = &self.draft;
        if d.kind.is_none() {
            Stage::Kind
        } else if d.title.is_none() {
            Stage::Title
        } else if d.starts_at.is_none() {
            Stage::Start
        } else if d.place.is_none() {
            Stage::Place
        } else if d.area.is_none() {
            Stage::area()
        } else if d.invitees.is_empty() {
            Stage::Invitees
        } else {
            Stage::Preview
        }
    }
}

impl Stage {
    /// The question after this one on the way to the preview.
    fn next(&self) -> Stage {
        match self {
            Stage::Kind => Stage::Title,
            Stage::Title => Stage::Start,
            Stage::Start | Stage::ConfirmStart { .. } => Stage::Place,
            Stage::Place => Stage::Agenda,
            Stage::Agenda => Stage::area(),
            Stage::Area { .. } => Stage::Invitees,
            Stage::Invitees => Stage::AnswerBy,
            Stage::AnswerBy | Stage::Preview | Stage::Change => Stage::Preview,
        }
    }
}

impl Organizer {
    pub fn place(&self) -> Place {
        Place::region(&self.region, self.region_name.clone())
    }

    /// Times are typed and shown in the zone of the organizer's region.
    pub fn time_zone(&self) -> Tz {
        self.place().time_zone()
    }

    /// The organizer's own region as an audience area.
    fn area(&self) -> Area {
        Area { code: self.region.clone(), name: self.region_name.clone() }
    }

    /// "Tim Pembina Posyandu (Pokjanal) Kecamatan Mangkutana".
    fn role_text(&self) -> Text {
        let grant = Grant::Official { role: self.role, region: self.region.clone() };
        Role { grant, place: self.place() }.text()
    }
}

#[cfg(test)]
mod tests;
