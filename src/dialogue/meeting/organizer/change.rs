//! Changing the time or place of one of the organizer's meetings, or
//! cancelling it, from the chat: what to change, the new value (typed as in
//! the wizard and shown back), then Kirim, which tells everyone invited
//! ([`Effect::ChangeMeeting`], [`Effect::CancelMeeting`]). Batal at every
//! question; a meeting that has started or was cancelled cannot be changed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::super::{limited, tidy, with_cancel};
use crate::dialogue::{Context, Conversation, Effect, Flow, Input, Step};
use crate::domain::invitation::Change;
use crate::domain::meeting::MAX_PLACE;
use crate::domain::when;
use crate::i18n::{Key, Text};
use crate::reply::{Button, Reply, Tap};

/// A change of one meeting under way.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manage {
    pub meeting_id: i64,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub place: String,
    pub stage: Stage,
}

/// The question being asked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Stage {
    /// Waktu or Tempat?
    Choose,
    Start,
    ConfirmStart {
        at: DateTime<Utc>,
    },
    Place,
    ConfirmPlace {
        place: String,
    },
    ConfirmCancel,
}

/// Ubah or Batalkan on a listed meeting.
pub fn start(conversation: Conversation, meeting_id: i64, cancel: bool, ctx: &Context) -> Step {
    let Some(found) = ctx.owned_meeting(meeting_id) else { return Step::to(conversation) };
    let Some(meeting) = found else { return Step::to(conversation).reply(Key::MeetingNotYours) };
    let m = &meeting.details;
    if meeting.cancelled {
        return Step::to(conversation).reply(Text::new(Key::MeetingWasCancelled).arg("title", m.title.as_str()));
    }
    if ctx.now >= m.starts_at {
        return Step::to(conversation).reply(Text::new(Key::MeetingHasStarted).arg("title", m.title.as_str()));
    }
    let stage = if cancel { Stage::ConfirmCancel } else { Stage::Choose };
    let manage = Manage { meeting_id, title: m.title.clone(), starts_at: m.starts_at, place: m.place.clone(), stage };
    go(conversation, manage, ctx)
}

/// The current question.
pub fn prompt(manage: &Manage, ctx: &Context) -> Reply {
    let title = manage.title.as_str();
    match &manage.stage {
        Stage::Choose => with_cancel(Reply::new(Text::new(Key::MeetingAskWhatChanges).arg("title", title)).row([
            Button::new(Key::BtnChangeWhen, Tap::Field("start".into())),
            Button::new(Key::BtnChangePlace, Tap::Field("place".into())),
        ])),
        Stage::Start => {
            let zone = crate::i18n::zone_name(ctx.now.with_timezone(&time_zone(ctx)));
            let text = Text::new(Key::MeetingAskNewStart).arg("when", manage.starts_at).arg("zone", zone);
            with_cancel(Reply::new(text))
        }
        Stage::ConfirmStart { at } => {
            let text =
                Text::new(Key::MeetingConfirmNewStart).arg("title", title).arg("old", manage.starts_at).arg("new", *at);
            confirm(text, Key::BtnSendNotice)
        }
        Stage::Place => with_cancel(Reply::new(
            Text::new(Key::MeetingAskNewPlace).arg("place", manage.place.as_str()).arg("max", MAX_PLACE as i64),
        )),
        Stage::ConfirmPlace { place } => {
            let text = Text::new(Key::MeetingConfirmNewPlace)
                .arg("title", title)
                .arg("old", manage.place.as_str())
                .arg("new", place.as_str());
            confirm(text, Key::BtnSendNotice)
        }
        Stage::ConfirmCancel => {
            let text = Text::new(Key::MeetingConfirmCancel).arg("title", title).arg("when", manage.starts_at);
            confirm(text, Key::BtnCancelMeetingYes)
        }
    }
}

/// Handles input while a change is under way.
pub fn on_input(conversation: Conversation, manage: Manage, input: Input, ctx: &Context) -> Step {
    match input {
        Input::Tap(data) => on_tap(conversation, manage, Tap::parse(&data), ctx),
        Input::Text(text) => on_text(conversation, manage, &text, ctx),
        Input::Unsupported | Input::Location { .. } | Input::Edited => stay(conversation, Key::UnsupportedInput, ctx),
    }
}

fn on_tap(conversation: Conversation, manage: Manage, tap: Option<Tap>, ctx: &Context) -> Step {
    let id = manage.meeting_id;
    match (tap, &manage.stage) {
        (Some(Tap::Cancel), _) => Step::to(idle(conversation)).reply(Key::Cancelled),
        (Some(Tap::Field(field)), Stage::Choose) if field == "start" => {
            go(conversation, Manage { stage: Stage::Start, ..manage }, ctx)
        }
        (Some(Tap::Field(field)), Stage::Choose) if field == "place" => {
            go(conversation, Manage { stage: Stage::Place, ..manage }, ctx)
        }
        (Some(Tap::Send), Stage::ConfirmStart { at }) => {
            let change = Change { starts_at: Some(*at), place: None };
            sent(conversation, Effect::ChangeMeeting { meeting_id: id, change }, Key::MeetingChangeSent)
        }
        (Some(Tap::Send), Stage::ConfirmPlace { place }) => {
            let change = Change { starts_at: None, place: Some(place.clone()) };
            sent(conversation, Effect::ChangeMeeting { meeting_id: id, change }, Key::MeetingChangeSent)
        }
        (Some(Tap::Send), Stage::ConfirmCancel) => {
            sent(conversation, Effect::CancelMeeting { meeting_id: id }, Key::MeetingCancelSent)
        }
        _ => stay(conversation, Key::ButtonExpired, ctx),
    }
}

fn on_text(conversation: Conversation, manage: Manage, text: &str, ctx: &Context) -> Step {
    match &manage.stage {
        Stage::Start => match when::parse(text, ctx.now, time_zone(ctx)) {
            Ok(at) => go(conversation, Manage { stage: Stage::ConfirmStart { at }, ..manage }, ctx),
            Err(problem) => Step::to(conversation).reply(with_cancel(Reply::new(problem.text()))),
        },
        Stage::Place => match limited(&tidy(text), MAX_PLACE) {
            Ok(place) => go(conversation, Manage { stage: Stage::ConfirmPlace { place }, ..manage }, ctx),
            Err(problem) => Step::to(conversation).reply(with_cancel(Reply::new(problem))),
        },
        _ => stay(conversation, Key::UseButtons, ctx),
    }
}

/// The organizer's time zone: typed times are read in it.
fn time_zone(ctx: &Context) -> chrono_tz::Tz {
    ctx.person.as_ref().map_or(chrono_tz::Tz::Asia__Jakarta, |p| p.time_zone())
}

fn confirm(text: Text, yes: Key) -> Reply {
    Reply::new(text).row([Button::new(yes, Tap::Send), Button::new(Key::BtnCancel, Tap::Cancel)])
}

fn sent(conversation: Conversation, effect: Effect, key: Key) -> Step {
    Step::to(idle(conversation)).effect(effect).reply(key)
}

fn idle(conversation: Conversation) -> Conversation {
    Conversation { flow: Flow::Idle, ..conversation }
}

fn stay(conversation: Conversation, reply: impl Into<Reply>, ctx: &Context) -> Step {
    Step::to(conversation).reply(reply).reprompt(ctx)
}

fn go(conversation: Conversation, manage: Manage, ctx: &Context) -> Step {
    Step::to(Conversation { flow: Flow::ManageMeeting(manage), ..conversation }).reprompt(ctx)
}
