//! `meeting create`, `meeting export` and `meeting cancel`: what an
//! organizer does in the bot, for an admin at the command line. The same
//! checks as the bot: the organizer's official scope, the length limits,
//! the date and time as people type them (read in the area's time zone).
//! The running bot sends what these write to the outbox.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use strum::IntoEnumIterator;

use super::{complain, invite::level_text, say};
use crate::config;
use crate::dialogue::rsvp;
use crate::domain::invitation::{ScopeRefusal, check_scope};
use crate::domain::lang::Lang;
use crate::domain::meeting::{Invitee, MAX_AGENDA, MAX_PLACE, MAX_TITLE, MeetingKind, NewMeeting};
use crate::domain::people::Person;
use crate::domain::region::RegionCode;
use crate::domain::role::Grant;
use crate::domain::when;
use crate::i18n::{Key, Reader, Text};
use crate::jobs;
use crate::store::{Db, meetings, regions};

#[derive(clap::Subcommand, Debug)]
pub enum MeetingCommand {
    /// Create a meeting and invite an area (as an official does with /rapat).
    Create(CreateMeeting),
    /// Write a meeting's invitees, answers, attendance and delivery as CSV.
    Export {
        #[arg(long)]
        id: i64,
        /// The CSV file to write (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Cancel a meeting: everyone invited is told, no reminders follow.
    Cancel {
        #[arg(long)]
        id: i64,
    },
}

#[derive(clap::Args, Clone, Debug)]
pub struct CreateMeeting {
    /// The organizer: a person holding an official role (pokja, pokjanal, puskesmas, dinkes).
    #[arg(long)]
    pub organizer_person_id: i64,
    /// rakor, lokmin, pertemuan-kader or lainnya
    #[arg(long, default_value = "rakor")]
    pub kind: String,
    #[arg(long)]
    pub title: String,
    /// The start as people type it, read in the area's time zone: "12/12 09.00", "besok jam 9".
    #[arg(long)]
    pub at: String,
    #[arg(long)]
    pub place: String,
    #[arg(long)]
    pub agenda: Option<String>,
    /// The region invited, within the organizer's own, e.g. 73.24.01
    #[arg(long)]
    pub area: String,
    /// Who of the area: kader, pokja, puskesmas, pokjanal, dinkes (comma separated).
    #[arg(long)]
    pub invite: String,
    /// Answers wanted by then, typed like --at.
    #[arg(long)]
    pub answer_by: Option<String>,
}

/// A meeting created: its id and how many people are invited.
#[derive(Clone, Debug, PartialEq)]
pub struct Created {
    pub id: i64,
    pub invited: i64,
    pub meeting: NewMeeting,
}

pub async fn run(db: &Db, command: MeetingCommand, lang: Lang) -> anyhow::Result<ExitCode> {
    match command {
        MeetingCommand::Create(args) => {
            let hour = match config::meeting_reminder_hour() {
                Ok(hour) => hour,
                Err(text) => return Ok(complain(lang, text)),
            };
            Ok(match create(db, &args, Utc::now(), hour).await? {
                Ok(created) => {
                    let reader = Reader::new(lang, area_zone(&created.meeting.area));
                    let text = Text::new(Key::CliMeetingCreated)
                        .arg("id", created.id)
                        .arg("title", created.meeting.title.as_str())
                        .arg("when", created.meeting.starts_at)
                        .arg("count", created.invited);
                    println!("{}", text.render_for(reader));
                    ExitCode::SUCCESS
                }
                Err(refusal) => complain(lang, refusal),
            })
        }
        MeetingCommand::Export { id, out } => export(db, id, out.as_deref(), lang).await,
        MeetingCommand::Cancel { id } => cancel(db, id, lang).await,
    }
}

/// Checks `args` as the bot would and creates the meeting at `now`; or
/// says, in words, why not.
pub async fn create(
    db: &Db,
    args: &CreateMeeting,
    now: DateTime<Utc>,
    reminder_hour: u32,
) -> anyhow::Result<Result<Created, Text>> {
    let meeting = match read_meeting(db, args, now).await? {
        Ok(meeting) => meeting,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let mut tx = db.begin().await?;
    let Some(organizer) = meetings::person(&mut tx, args.organizer_person_id).await? else {
        return Ok(Err(Text::new(Key::CliMeetingPersonUnknown).arg("id", args.organizer_person_id)));
    };
    if let Err(refusal) = check_scope(&organizer, &meeting.area, &meeting.invitees) {
        return Ok(Err(scope_text(refusal, &organizer, &meeting.area)));
    }
    let invited = meetings::audience_size(&mut tx, organizer.id, &meeting.area, &meeting.invitees).await?;
    if invited == 0 {
        return Ok(Err(Text::new(Key::CliMeetingNobody).arg("area", meeting.area.as_str())));
    }
    let id = jobs::meetings::create(&mut tx, organizer.id, &meeting, now, reminder_hour).await?;
    tx.commit().await?;
    Ok(Ok(Created { id, invited, meeting }))
}

/// The meeting `args` describe, or why it cannot be one.
async fn read_meeting(db: &Db, args: &CreateMeeting, now: DateTime<Utc>) -> anyhow::Result<Result<NewMeeting, Text>> {
    let Some(kind) = MeetingKind::iter().find(|k| k.as_str() == args.kind.trim()) else {
        return Ok(Err(Text::new(Key::CliMeetingBadKind).arg("value", args.kind.as_str())));
    };
    let fields = [
        (Key::CliMeetingFieldTitle, Some(&args.title), MAX_TITLE),
        (Key::CliMeetingFieldPlace, Some(&args.place), MAX_PLACE),
        (Key::CliMeetingFieldAgenda, args.agenda.as_ref(), MAX_AGENDA),
    ];
    for (field, value, max) in fields {
        let length = value.map_or(0, |v| v.trim().chars().count());
        if length > max {
            let text = Text::new(Key::CliMeetingTooLong)
                .arg("field", Text::new(field))
                .arg("length", length as i64)
                .arg("max", max as i64);
            return Ok(Err(text));
        }
    }
    let invitees = match invitees(&args.invite) {
        Ok(invitees) => invitees,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let Ok(area) = RegionCode::parse(&args.area) else {
        return Ok(Err(Text::new(Key::CliBadRegionCode).arg("code", args.area.as_str())));
    };
    if regions::find(db, &area).await?.is_none_or(|region| region.retired) {
        return Ok(Err(Text::new(Key::CliRegionUnknown).arg("code", area.as_str())));
    }
    let tz = area_zone(&area);
    let starts_at = match when::parse(&args.at, now, tz) {
        Ok(at) => at,
        Err(error) => return Ok(Err(error.text())),
    };
    let answer_by = match args.answer_by.as_deref().map(|text| when::parse(text, now, tz)).transpose() {
        Ok(Some(by)) if by >= starts_at => return Ok(Err(Text::new(Key::CliMeetingAnswerByLate))),
        Ok(by) => by,
        Err(error) => return Ok(Err(error.text())),
    };
    let agenda = args.agenda.as_deref().map(str::trim).filter(|a| !a.is_empty()).map(str::to_owned);
    Ok(Ok(NewMeeting {
        kind,
        title: args.title.trim().to_owned(),
        starts_at,
        place: args.place.trim().to_owned(),
        location: None,
        agenda,
        area,
        invitees,
        answer_by,
    }))
}

/// `kader,pokja` → the invitee groups, each once.
fn invitees(list: &str) -> Result<Vec<Invitee>, Text> {
    let mut invitees = Vec::new();
    for name in list.split(',').map(|n| n.trim().to_lowercase()).filter(|n| !n.is_empty()) {
        let invitee = Invitee::iter()
            .find(|i| i.as_str() == name)
            .ok_or_else(|| Text::new(Key::CliMeetingBadInvitee).arg("value", name.as_str()))?;
        if !invitees.contains(&invitee) {
            invitees.push(invitee);
        }
    }
    if invitees.is_empty() {
        return Err(Text::new(Key::CliMeetingNoInvitees));
    }
    Ok(invitees)
}

fn area_zone(area: &RegionCode) -> Tz {
    area.time_zone()
}

fn scope_text(refusal: ScopeRefusal, organizer: &Person, area: &RegionCode) -> Text {
    let name = organizer.name.as_str();
    match refusal {
        ScopeRefusal::NotOfficial => Text::new(Key::CliMeetingNotOfficial).arg("name", name),
        ScopeRefusal::OutsideScope { .. } => {
            let scope: Vec<String> = organizer
                .roles
                .iter()
                .filter(|role| matches!(role.grant, Grant::Official { .. }))
                .map(|role| format!("{} {}", role.place.region, role.place.region_name))
                .collect();
            Text::new(Key::CliMeetingOutOfScope)
                .arg("name", name)
                .arg("area", area.as_str())
                .arg("scope", scope.join(", "))
        }
        ScopeRefusal::RoleAboveArea(role) => {
            let lowest = role.allowed_levels().iter().max().copied().unwrap_or(area.level());
            Text::new(Key::CliMeetingRoleAboveArea)
                .arg("area", area.as_str())
                .arg("role", role.as_str())
                .arg("level", level_text(lowest))
        }
        ScopeRefusal::NoInvitees => Text::new(Key::CliMeetingNoInvitees),
    }
}

/// Writes the meeting's invitees as CSV to `out` (or standard output).
pub async fn export(db: &Db, id: i64, out: Option<&Path>, lang: Lang) -> anyhow::Result<ExitCode> {
    let mut tx = db.begin().await?;
    let meeting = meetings::get(&mut tx, id).await?;
    tx.commit().await?;
    let Some(meeting) = meeting else {
        return Ok(complain(lang, Text::new(Key::CliMeetingUnknown).arg("id", id)));
    };
    let tz = area_zone(&meeting.details.area);
    let sink: Box<dyn std::io::Write + Send> = match out {
        Some(path) => Box::new(std::fs::File::create(path)?),
        None => Box::new(std::io::stdout()),
    };
    let mut csv = csv::Writer::from_writer(sink);
    csv.write_record(Text::new(Key::CliMeetingCsvHeader).render(lang).split(','))?;
    let count = meetings::export(db, id, |row| {
        let answer = row.answer.map(|a| rsvp::answer_text(a).render(lang)).unwrap_or_default();
        let answered_at =
            row.answered_at.map(|at| at.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z").to_string()).unwrap_or_default();
        let attended = row
            .attended
            .map(|came| Text::new(if came { Key::CliAttendedYes } else { Key::CliAttendedNo }).render(lang))
            .unwrap_or_default();
        let delivery = Text::new(delivery_key(&row.delivery)).render(lang);
        csv.write_record([&row.name, &row.role_place, &row.channel, &answer, &answered_at, &attended, &delivery])?;
        Ok(())
    })
    .await?;
    csv.flush()?;
    if let Some(path) = out {
        say(
            lang,
            Text::new(Key::CliMeetingExported).arg("count", count as i64).arg("file", path.display().to_string()),
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn delivery_key(status: &str) -> Key {
    match status {
        "sent" => Key::CliDeliverySent,
        "failed" => Key::CliDeliveryFailed,
        "unreachable" => Key::CliDeliveryUnreachable,
        _ => Key::CliDeliveryPending,
    }
}

/// Cancels the meeting `id` and says how many are told.
pub async fn cancel(db: &Db, id: i64, lang: Lang) -> anyhow::Result<ExitCode> {
    let mut tx = db.begin().await?;
    let cancelled = jobs::meetings::cancel(&mut tx, id, Utc::now()).await?;
    let exists = cancelled.is_some() || meetings::get(&mut tx, id).await?.is_some();
    tx.commit().await?;
    Ok(match cancelled {
        Some((meeting, told)) => {
            let text = Text::new(Key::CliMeetingCancelled)
                .arg("id", id)
                .arg("title", meeting.details.title)
                .arg("count", told as i64);
            say(lang, text);
            ExitCode::SUCCESS
        }
        None if exists => complain(lang, Text::new(Key::CliMeetingAlreadyCancelled).arg("id", id)),
        None => complain(lang, Text::new(Key::CliMeetingUnknown).arg("id", id)),
    })
}
