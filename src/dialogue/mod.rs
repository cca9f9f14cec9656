//! The dialogue core: a pure state machine per chat.
//!
//! [`step`] takes the chat's [`Conversation`], one [`Input`] and a [`Context`]
//! that the shell loaded beforehand, and returns the next conversation, the
//! [`Effect`]s to save and the [`Reply`]s to send. Nothing here touches the
//! network, the database or the clock, so every path is testable in
//! microseconds and the WhatsApp adapter can reuse all of it. Stored data a
//! step needs is asked for through the [`Context`] ([`context`]).
//!
//! Not here: how updates arrive (channels), how effects are written (engine).

pub mod command;
mod context;
pub mod digest;
pub mod linking;
pub mod meeting;
mod registration;

pub mod report;
pub mod rsvp;
pub mod scheduled;
pub mod stored;
pub mod subscription;

use serde::{Deserialize, Serialize};

pub use crate::domain::people::{Invite, InviteLookup, Person, Place, Role};
use crate::reply::{Reply, Tap};
pub use context::{Context, Loaded, Needs, Workbook};
pub use meeting::MeetingFlow;
use meeting::organizer;
pub use registration::Registration;
pub use report::{PosyanduStatus, ReportFlow, ReportLookup, SavedReport, Submission};

use crate::domain::invitation::Change;
use crate::domain::invite::InviteCode;
use crate::domain::lang::Lang;
use crate::domain::link::LinkCode;
use crate::domain::meeting::{Answer, NewMeeting};
use crate::domain::report::RedFlag;
use crate::domain::role::Grant;
use crate::i18n::{Key, Text};
use command::Command;

/// Everything the bot remembers about one chat between two messages.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    /// The language this chat is answered in.
    pub lang: Lang,
    pub flow: Flow,
}

/// What the chat is in the middle of.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum Flow {
    #[default]
    Idle,
    Registration(Registration),
    /// `/bahasa` was sent; `resume` is what to go back to afterwards.
    ChoosingLanguage {
        resume: Box<Flow>,
    },
    Report(ReportFlow),
    /// `/rapat`: an official sets up a meeting.
    Meeting(MeetingFlow),
    /// The organizer changes or cancels one of their meetings.
    ManageMeeting(organizer::Manage),
}

/// One thing the user did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Input {
    Text(String),
    /// A button press, with the button's data as the platform returned it.
    Tap(String),
    /// A sticker, photo, voice note, location…: anything without text.
    Unsupported,
    /// A shared location (only the meeting wizard reads it; elsewhere it is
    /// [`Input::Unsupported`]).
    Location {
        latitude: f64,
        longitude: f64,
    },
    /// The user edited a message sent earlier. It is not read again: the
    /// bot says so, so nobody believes a changed number was taken.
    Edited,
}

/// The local hour of the reminder the day before a meeting, unless set.
pub const DEFAULT_MEETING_REMINDER_HOUR: u32 = 16;

/// Deployment choices the dialogue follows.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Offer the month that just ended first (else the current month).
    pub default_previous: bool,
    /// After this long away, a half-done report is offered to continue or restart.
    pub resume_after: chrono::Duration,
    /// The local hour of the reminder the day before a meeting.
    pub meeting_reminder_hour: u32,
    /// The reporting due day and the D/S target the digests measure against.
    pub digest: crate::domain::digest::Settings,
    /// When kader are reminded and officials get their scheduled digests.
    pub schedule: crate::domain::schedule::Schedule,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            default_previous: true,
            resume_after: chrono::Duration::hours(1),
            meeting_reminder_hour: DEFAULT_MEETING_REMINDER_HOUR,
            digest: crate::domain::digest::Settings::default(),
            schedule: crate::domain::schedule::Schedule::default(),
        }
    }
}

/// A change to save, in the same transaction as the new conversation.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Accept the invite: bind its grant to the person (created first when
    /// `newcomer` is given) and count one use.
    Join { invite_id: i64, grant: Grant, newcomer: Option<Newcomer> },
    /// The registered person chose another language.
    SetLanguage(Lang),
    /// Save a report (a new one, or a correction as the next revision).
    SaveReport(Submission),
    /// Keep a red flag of the report just saved and, the first time for
    /// its posyandu, month and indicator, send `alert` to the officials of
    /// the desa.
    RaiseRedFlag { flag: RedFlag, alert: Reply },
    /// Record the person's answer to a meeting invitation.
    Answer { meeting_id: i64, answer: Answer },
    /// Save a meeting the organizer sent and invite its audience.
    CreateMeeting(NewMeeting),
    /// Change the time or place of the organizer's meeting and tell everyone invited.
    ChangeMeeting { meeting_id: i64, change: Change },
    /// Cancel the organizer's meeting and tell everyone invited.
    CancelMeeting { meeting_id: i64 },
    /// Record, where nothing is recorded yet, that those who said they
    /// would come (or send someone) came.
    FillAttendance { meeting_id: i64 },
    /// Record whether an invitee came to the organizer's meeting.
    SetAttended { meeting_id: i64, person_id: i64, came: bool },
    /// Turn the person's scheduled digest `kind` on or off.
    Subscribe { kind: crate::domain::schedule::Subscription, on: bool },
    /// Give the person this link code, for their other app.
    IssueLinkCode(LinkCode),
    /// Link this account with the person who asked for `code` (merging this
    /// account's person into them), and tell that person's account `notice`.
    Link { code: LinkCode, notice: Reply },
    /// A wrong link code was typed here (counted against guessing).
    LinkFailed,
    /// Send what the bot starts to the person's account on this app.
    Announce(String),
    /// Take this chat's account out of the person (it is a stranger's again).
    Unlink,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Newcomer {
    pub name: String,
    pub lang: Lang,
}

/// The result of one step.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub conversation: Conversation,
    pub effects: Vec<Effect>,
    pub replies: Vec<Reply>,
}

impl Step {
    fn to(conversation: Conversation) -> Step {
        Step { conversation, effects: Vec::new(), replies: Vec::new() }
    }

    fn reply(mut self, reply: impl Into<Reply>) -> Step {
        self.replies.push(reply.into());
        self
    }

    fn replies(mut self, replies: impl IntoIterator<Item = Reply>) -> Step {
        self.replies.extend(replies);
        self
    }

    fn effect(mut self, effect: Effect) -> Step {
        self.effects.push(effect);
        self
    }

    /// Shows the question of the current step again, so the user can go on.
    fn reprompt(self, ctx: &Context) -> Step {
        let prompt = prompt(&self.conversation.flow, ctx);
        self.replies(prompt)
    }
}

impl From<Key> for Reply {
    fn from(key: Key) -> Reply {
        Reply::new(key)
    }
}

impl From<Text> for Reply {
    fn from(text: Text) -> Reply {
        Reply::new(text)
    }
}

/// Advances the conversation by one input.
pub fn step(conversation: Conversation, input: Input, ctx: &Context) -> Step {
    if input == Input::Edited {
        return Step::to(conversation).reply(Key::EditedNotRead).reprompt(ctx);
    }
    if let Some(command) = as_command(&input) {
        return on_command(conversation, command, ctx);
    }
    if let Input::Tap(data) = &input
        && let Some(Tap::Rsvp(meeting_id, answer)) = Tap::parse(data)
    {
        return rsvp::on_tap(conversation, meeting_id, answer, ctx);
    }
    if let Input::Tap(data) = &input
        && conversation.flow == Flow::Idle
        && Tap::parse(data) == Some(Tap::NewMeeting)
    {
        return meeting::start_wizard(conversation, ctx);
    }
    if let Input::Tap(data) = &input
        && let Some(tap) = Tap::parse(data).filter(organizer::handles)
    {
        return organizer::on_tap(conversation, tap, ctx);
    }
    if let Input::Tap(data) = &input
        && let Some(tap) = Tap::parse(data).filter(digest::handles)
    {
        return digest::on_tap(conversation, tap, ctx);
    }
    if let Input::Tap(data) = &input
        && let Some(tap) = Tap::parse(data).filter(subscription::handles)
    {
        return subscription::on_tap(conversation, tap, ctx);
    }
    if let Input::Tap(data) = &input
        && let Some(tap) = Tap::parse(data).filter(linking::handles)
    {
        return linking::on_tap(conversation, tap, ctx);
    }
    let input = match (&conversation.flow, input) {
        (Flow::Meeting(_), input) => input,
        (_, Input::Location { .. }) => Input::Unsupported,
        (_, input) => input,
    };
    match conversation.flow.clone() {
        Flow::Idle => idle(conversation, input, ctx),
        Flow::Registration(reg) => registration::on_input(conversation, reg, input, ctx),
        Flow::ChoosingLanguage { resume } => choosing_language(conversation, *resume, input, ctx),
        Flow::Report(flow) if flow.is_resumable() && away(ctx) => {
            let paused = Box::new(flow);
            let resume = Conversation { flow: Flow::Report(ReportFlow::Resume { paused }), ..conversation };
            Step::to(resume).reprompt(ctx)
        }
        Flow::Report(flow) => report::on_input(conversation, flow, input, ctx),
        Flow::Meeting(flow) => meeting::on_input(conversation, flow, input, ctx),
        Flow::ManageMeeting(manage) => organizer::change::on_input(conversation, manage, input, ctx),
    }
}

/// A typed command, or the "Lapor bulanan" button, which works like `/lapor`.
fn as_command(input: &Input) -> Option<Command> {
    match input {
        Input::Text(text) => command::parse(text),
        Input::Tap(data) if Tap::parse(data) == Some(Tap::Report) => Some(Command::Report(None)),
        _ => None,
    }
}

/// True when the user comes back after a long pause.
fn away(ctx: &Context) -> bool {
    ctx.last_active.is_some_and(|at| ctx.now - at > ctx.settings.resume_after)
}

/// What to show to continue the current flow (nothing when idle).
pub fn prompt(flow: &Flow, ctx: &Context) -> Vec<Reply> {
    match flow {
        Flow::Idle => Vec::new(),
        Flow::Registration(reg) => vec![registration::prompt(reg, ctx)],
        Flow::ChoosingLanguage { .. } => vec![ask_language()],
        Flow::Report(flow) => vec![report::prompt(flow, ctx)],
        Flow::Meeting(flow) => meeting::prompt(flow, ctx),
        Flow::ManageMeeting(manage) => vec![organizer::change::prompt(manage, ctx)],
    }
}

fn on_command(conversation: Conversation, command: Command, ctx: &Context) -> Step {
    // A newcomer whose code was just accepted is not "unregistered": the
    // registration's question is what they still have to answer.
    if matches!(conversation.flow, Flow::Registration(_)) && ctx.person.is_none() && command.needs_person() {
        return Step::to(conversation).reply(Key::RegistrationUnfinished).reprompt(ctx);
    }
    match command {
        Command::Cancel if conversation.flow == Flow::Idle => Step::to(conversation).reply(Key::NothingToCancel),
        Command::Cancel => Step::to(Conversation { flow: Flow::Idle, ..conversation }).reply(Key::Cancelled),
        Command::Help if conversation.flow == Flow::Idle => Step::to(conversation).reply(offer_report(help(ctx), ctx)),
        Command::Help => Step::to(conversation).reply(help(ctx)).reprompt(ctx),
        Command::Language => {
            let resume = match conversation.flow.clone() {
                Flow::ChoosingLanguage { resume } => resume,
                other => Box::new(other),
            };
            Step::to(Conversation { flow: Flow::ChoosingLanguage { resume }, ..conversation }).reply(ask_language())
        }
        Command::Start(Some(code)) => registration::start_with_code(conversation, &code, ctx),
        Command::Start(None) => match &ctx.person {
            Some(person) => {
                let welcome = Reply::new(Text::new(Key::WelcomeBack).arg("name", person.name.as_str()));
                let welcome = if conversation.flow == Flow::Idle { offer_report(welcome, ctx) } else { welcome };
                Step::to(conversation).reply(welcome).reprompt(ctx)
            }
            None if conversation.flow == Flow::Idle => Step::to(conversation).reply(Key::WelcomeStranger),
            None => Step::to(conversation).reply(Key::ContinueWhereLeft).reprompt(ctx),
        },
        Command::Report(line) => report::start(conversation, line, ctx),
        Command::Status => Step::to(conversation).reply(report::status::status(ctx)).reprompt(ctx),
        Command::Meeting => meeting::start(conversation, ctx),
        Command::Digest(month) => digest::start(conversation, month.as_deref(), ctx),
        Command::Strata(year) => digest::strata::start(conversation, year.as_deref(), ctx),
        Command::Download(month) => digest::download::start(conversation, month.as_deref(), ctx),
        Command::Subscriptions => subscription::start(conversation, ctx),
        Command::Link(code) => linking::start(conversation, code.as_deref(), ctx),
        Command::Unknown(name) => {
            Step::to(conversation).reply(Text::new(Key::UnknownCommand).arg("command", clip(&name, 32))).reprompt(ctx)
        }
    }
}

fn idle(conversation: Conversation, input: Input, ctx: &Context) -> Step {
    match (input, &ctx.person) {
        (Input::Text(text), _) if let Some(code) = InviteCode::normalize(&text) => {
            registration::accept_invite(conversation, &code, ctx)
        }
        (Input::Text(text), _) if let Some(code) = LinkCode::normalize(&text) => {
            linking::accept(conversation, &code, ctx)
        }
        (Input::Tap(_), _) => Step::to(conversation).reply(Key::ButtonExpired),
        (_, None) => Step::to(conversation).reply(Key::NotRegistered),
        (Input::Text(_), Some(_)) => Step::to(conversation).reply(offer_report(Reply::new(Key::NotUnderstood), ctx)),
        (Input::Unsupported | Input::Location { .. } | Input::Edited, Some(_)) => {
            Step::to(conversation).reply(Key::UnsupportedInput)
        }
    }
}

fn choosing_language(conversation: Conversation, resume: Flow, input: Input, ctx: &Context) -> Step {
    let Some(lang) = chosen_language(&input) else {
        let nudge = match input {
            Input::Tap(_) => Key::ButtonExpired,
            _ => Key::UseButtons,
        };
        return Step::to(conversation).reply(nudge).reprompt(ctx);
    };
    let mut step = Step::to(Conversation { lang, flow: resume }).reply(Key::LanguageChanged);
    if ctx.person.is_some() {
        step = step.effect(Effect::SetLanguage(lang));
    }
    step.reprompt(ctx)
}

/// A language picked with a button, or typed (`1`, `2`, `indonesia`, `english`).
fn chosen_language(input: &Input) -> Option<Lang> {
    match input {
        Input::Tap(data) => match Tap::parse(data) {
            Some(Tap::Lang(lang)) => Some(lang),
            _ => None,
        },
        Input::Text(text) => match text.trim().to_lowercase().as_str() {
            "1" | "id" | "indonesia" | "bahasa indonesia" => Some(Lang::Id),
            "2" | "en" | "english" | "inggris" => Some(Lang::En),
            _ => None,
        },
        Input::Unsupported | Input::Location { .. } | Input::Edited => None,
    }
}

fn ask_language() -> Reply {
    Reply::new(Key::AskLanguage).row(crate::reply::language_buttons())
}

/// The help message: what this user may do, and their roles.
fn help(ctx: &Context) -> Reply {
    match &ctx.person {
        None => Reply::new(Key::HelpStranger),
        Some(person) => {
            let roles: Vec<Text> = person.roles.iter().map(Role::text).collect();
            let mut commands = Vec::new();
            if !report::kader_targets(person).is_empty() {
                commands.extend([Key::HelpLapor, Key::HelpStatus, Key::HelpQuick].map(Text::new));
            }
            if !meeting::organizer_roles(person).is_empty() {
                commands.extend(
                    [Key::HelpRapat, Key::HelpRekap, Key::HelpUnduh, Key::HelpStrata, Key::HelpLangganan]
                        .map(Text::new),
                );
            }
            commands.extend([Key::HelpBantuan, Key::HelpBahasa, Key::HelpHubungkan, Key::HelpBatal].map(Text::new));
            Reply::new(Text::new(Key::Help).arg("commands", commands).arg("roles", roles))
        }
    }
}

/// Adds the "Lapor bulanan" button for a person who reports for a posyandu.
fn offer_report(reply: Reply, ctx: &Context) -> Reply {
    match &ctx.person {
        Some(person) if !report::kader_targets(person).is_empty() => reply.row([crate::reply::report_button()]),
        _ => reply,
    }
}

/// Cuts user-supplied text that is echoed back to a safe length.
fn clip(text: &str, max_chars: usize) -> String {
    let mut clipped: String = text.chars().take(max_chars).collect();
    if text.chars().count() > max_chars {
        clipped.push('…');
    }
    clipped
}

#[cfg(test)]
pub(crate) mod tests;
