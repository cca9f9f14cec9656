//! Meetings and their invitations as records: saving one invites its
//! audience without loading it into memory (`INSERT … SELECT` over the
//! region subtree); who of the invitees a message goes to ([`recipients`]);
//! answers, changes and cancellation; the tally and the CSV export rows.
//! What is sent, and when, is decided in `crate::jobs::meetings`.
//!
//! Outbox keys (a second write is a no-op): `meeting:{id}:invite:{person}`
//! and `meeting:{id}:ics:{person}` for the invitation and its calendar file,
//! `meeting:{id}:s{sequence}:{what}:{person}` for reminders and change
//! notices (a change starts a new sequence), `meeting:{id}:cancel:{person}`.
//! Reminder jobs are one per meeting, reminder and recipient time zone
//! (`meeting:{id}:s{sequence}:{reminder}:{zone}`), fanned out to the
//! invitees of that zone when fired. Every key of a meeting starts with
//! `meeting:{id}:`, so a change or a cancellation cancels its jobs at once.

use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use strum::IntoEnumIterator;

use super::audience::{Arg, Audience};
use super::{Db, Tx, on_db, on_tx, people};
use crate::domain::invitation::{Change, InvitationView, Refusal, Reminder, Tally, official_role};
use crate::domain::meeting::{Answer, Invitee, Meeting, NewMeeting};
use crate::domain::people::Person;
use crate::domain::region::RegionCode;

/// One invitee in the CSV export.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportRow {
    pub name: String,
    /// The role that brought the invitation: `kader, Posyandu Mawar`, `pokja, Maleku`.
    pub role_place: String,
    pub channel: String,
    pub answer: Option<Answer>,
    pub answered_at: Option<DateTime<Utc>>,
    pub attended: Option<bool>,
    /// The invitation's outbox status: sent, pending, failed, unreachable.
    pub delivery: String,
}

/// Who of the invitees a message goes to (always only those reachable).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Recipients<'a> {
    /// Everyone invited.
    All,
    /// Those whose invitation went out or is on its way.
    Invited,
    /// Those of one time zone whose answer the reminder is for.
    Reminded { time_zone: &'a str, reminder: Reminder },
}

/// How many people `invitees` of `area` are (the organizer not counted).
pub async fn audience_size(
    tx: &mut Tx,
    organizer_id: i64,
    area: &RegionCode,
    invitees: &[Invitee],
) -> sqlx::Result<i64> {
    let sql = format!("SELECT COUNT(*) FROM ({}) x", audience_sql(invitees));
    let (low, high) = area.subtree();
    on_tx!(tx, c => sqlx::query_scalar(&sql).bind(&low).bind(&high).bind(organizer_id).fetch_one(&mut *c).await)
}

/// The audience of a meeting, each person once with their time zone:
/// kader of the posyandu in the area, officials of the invited roles whose
/// region lies in it; not the organizer. Binds `$1`, `$2` (the area's
/// subtree range) and `$3` (the organizer).
fn audience_sql(invitees: &[Invitee]) -> String {
    let mut parts = Vec::new();
    if invitees.contains(&Invitee::Kader) {
        parts.push(
            "SELECT k.person_id, r.time_zone FROM kader k JOIN posyandu po ON po.id = k.posyandu_id
                 JOIN region r ON r.code = po.desa_code
             WHERE po.desa_code >= $1 AND po.desa_code < $2"
                .to_owned(),
        );
    }
    // Role names come from the enum, never from input.
    let roles: Vec<String> =
        invitees.iter().filter_map(|i| official_role(*i)).map(|role| format!("'{}'", role.as_str())).collect();
    let roles = if roles.is_empty() { "NULL".to_owned() } else { roles.join(", ") };
    parts.push(format!(
        "SELECT o.person_id, r.time_zone FROM official o JOIN region r ON r.code = o.region_code
         WHERE o.region_code >= $1 AND o.region_code < $2 AND o.role IN ({roles})"
    ));
    format!(
        "SELECT a.person_id, MIN(a.time_zone) AS time_zone FROM ({}) a WHERE a.person_id <> $3 GROUP BY a.person_id",
        parts.join(" UNION ALL ")
    )
}

/// Saves the meeting and invites its audience, in the caller's
/// transaction; returns the meeting as stored.
pub async fn create(
    tx: &mut Tx,
    organizer_id: i64,
    meeting: &NewMeeting,
    now: DateTime<Utc>,
) -> anyhow::Result<Meeting> {
    let sql = "INSERT INTO meeting (organizer_id, kind, title, starts_at, place, latitude, longitude, agenda,
                   area_code, invitees, answer_by, sequence, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, $12) RETURNING id";
    let invitees: Vec<&str> = meeting.invitees.iter().map(|i| i.as_str()).collect();
    let (latitude, longitude) = meeting.location.unzip();
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(sql).bind(organizer_id).bind(meeting.kind.as_str())
        .bind(&meeting.title).bind(meeting.starts_at).bind(&meeting.place).bind(latitude).bind(longitude)
        .bind(meeting.agenda.as_deref()).bind(meeting.area.as_str()).bind(invitees.join(","))
        .bind(meeting.answer_by).bind(now).fetch_one(&mut *c).await?);
    let sql = format!(
        "INSERT INTO invitation (meeting_id, person_id, time_zone)
         SELECT $4, x.person_id, x.time_zone FROM ({}) x",
        audience_sql(&meeting.invitees)
    );
    let (low, high) = meeting.area.subtree();
    on_tx!(tx, c => sqlx::query(&sql).bind(&low).bind(&high).bind(organizer_id).bind(id)
        .execute(&mut *c).await.map(|_| ())?);
    let meeting = get(tx, id).await?.ok_or_else(|| anyhow::anyhow!("meeting {id} just written is missing"))?;
    Ok(meeting)
}

type MeetingRow = (
    i64,
    String,
    String,
    DateTime<Utc>,
    String,
    Option<f64>,
    Option<f64>,
    Option<String>,
    String,
    String,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    i32,
    String,
);

/// The meeting `id`, with its organizer's name.
pub async fn get(tx: &mut Tx, id: i64) -> anyhow::Result<Option<Meeting>> {
    let sql = "SELECT m.organizer_id, m.kind, m.title, m.starts_at, m.place, m.latitude, m.longitude, m.agenda,
                      m.area_code, m.invitees, m.answer_by, m.cancelled_at, m.sequence, p.name
               FROM meeting m JOIN person p ON p.id = m.organizer_id WHERE m.id = $1";
    let row: Option<MeetingRow> = on_tx!(tx, c => sqlx::query_as(sql).bind(id).fetch_optional(&mut *c).await?);
    let Some((
        organizer_id,
        kind,
        title,
        starts_at,
        place,
        lat,
        lon,
        agenda,
        area,
        invitees,
        answer_by,
        cancelled,
        sequence,
        name,
    )) = row
    else {
        return Ok(None);
    };
    let details = NewMeeting {
        kind: named(&kind).ok_or_else(|| anyhow::anyhow!("meeting {id}: unknown kind {kind}"))?,
        title,
        starts_at,
        place,
        location: lat.zip(lon),
        agenda,
        area: RegionCode::parse(&area)?,
        invitees: invitees.split(',').filter_map(named).collect(),
        answer_by,
    };
    let sequence = u32::try_from(sequence)?;
    Ok(Some(Meeting { id, organizer_id, organizer_name: name, details, cancelled: cancelled.is_some(), sequence }))
}

/// The person `id` with their roles (to check an organizer's scope).
pub async fn person(tx: &mut Tx, id: i64) -> anyhow::Result<Option<Person>> {
    let sql = "SELECT channel, external_id FROM person WHERE id = $1";
    let account: Option<(String, String)> =
        on_tx!(tx, c => sqlx::query_as(sql).bind(id).fetch_optional(&mut *c).await?);
    let Some((channel, external_id)) = account else { return Ok(None) };
    Ok(people::find(tx, &channel, &external_id).await?.map(|(person, _)| person))
}

/// A variant of a strum enum by its name.
pub(crate) fn named<T: IntoEnumIterator + Copy + Into<&'static str>>(name: &str) -> Option<T> {
    T::iter().find(|variant| Into::<&'static str>::into(*variant) == name)
}

/// The invitees of the meeting that `recipients` names, as an [`Audience`].
pub fn recipients(meeting_id: i64, recipients: Recipients<'_>) -> Audience {
    let mut args = vec![Arg::Int(meeting_id)];
    let filter = match recipients {
        Recipients::All => String::new(),
        Recipients::Invited => format!(
            "AND EXISTS (SELECT 1 FROM outbox o WHERE o.key = 'meeting:{meeting_id}:invite:' || CAST(i.person_id AS TEXT)
                         AND o.status IN ('sent', 'pending'))"
        ),
        Recipients::Reminded { time_zone, reminder } => {
            args.push(Arg::Text(time_zone.to_owned()));
            format!("AND i.time_zone = $2 AND {}", answer_filter(reminder.answers()))
        }
    };
    let sql = format!("SELECT i.person_id, i.time_zone FROM invitation i WHERE i.meeting_id = $1 {filter}");
    Audience { sql, args }
}

/// `i.answer IS NULL` or `i.answer IN ('yes', 'delegate')`.
fn answer_filter(answers: &[Option<Answer>]) -> String {
    let named: Vec<String> = answers.iter().flatten().map(|a| format!("'{}'", a.as_str())).collect();
    match (answers.contains(&None), named.is_empty()) {
        (true, true) => "i.answer IS NULL".to_owned(),
        (true, false) => format!("(i.answer IS NULL OR i.answer IN ({}))", named.join(", ")),
        (false, _) => format!("i.answer IN ({})", named.join(", ")),
    }
}

/// The time zones of the meeting's invitees.
pub async fn zones(tx: &mut Tx, meeting_id: i64) -> anyhow::Result<Vec<String>> {
    let sql = "SELECT DISTINCT time_zone FROM invitation WHERE meeting_id = $1 ORDER BY time_zone";
    Ok(on_tx!(tx, c => sqlx::query_scalar(sql).bind(meeting_id).fetch_all(&mut *c).await?))
}

/// The person's invitation to the meeting, or `None` when not invited.
pub async fn invitation(tx: &mut Tx, meeting_id: i64, person_id: i64) -> anyhow::Result<Option<InvitationView>> {
    let sql = "SELECT m.title, m.starts_at, m.cancelled_at, i.answer
               FROM invitation i JOIN meeting m ON m.id = i.meeting_id
               WHERE i.meeting_id = $1 AND i.person_id = $2";
    type Row = (String, DateTime<Utc>, Option<DateTime<Utc>>, Option<String>);
    let row: Option<Row> =
        on_tx!(tx, c => sqlx::query_as(sql).bind(meeting_id).bind(person_id).fetch_optional(&mut *c).await?);
    Ok(row.map(|(title, starts_at, cancelled_at, answer)| InvitationView {
        meeting_id,
        title,
        starts_at,
        cancelled: cancelled_at.is_some(),
        answer: answer.as_deref().and_then(named),
    }))
}

/// Records an invitee's answer (a later one replaces it) until the meeting
/// starts, unless it was cancelled; returns the invitation as it now stands,
/// or why the answer was not taken.
pub async fn answer(
    tx: &mut Tx,
    meeting_id: i64,
    person_id: i64,
    answer: Answer,
    now: DateTime<Utc>,
) -> anyhow::Result<Result<InvitationView, Refusal>> {
    let sql = "UPDATE invitation SET answer = $3, answered_at = $4
               WHERE meeting_id = $1 AND person_id = $2
                 AND EXISTS (SELECT 1 FROM meeting m WHERE m.id = $1 AND m.cancelled_at IS NULL AND m.starts_at > $4)";
    let updated = on_tx!(tx, c => sqlx::query(sql).bind(meeting_id).bind(person_id).bind(answer.as_str()).bind(now)
        .execute(&mut *c).await?.rows_affected());
    Ok(match invitation(tx, meeting_id, person_id).await? {
        None => Err(Refusal::NotInvited),
        Some(view) if updated == 1 => Ok(view),
        Some(view) => Err(view.refusal(now).unwrap_or(Refusal::Started)),
    })
}

/// Moves the meeting and/or its place as `change` says: the sequence goes
/// up. Returns the meeting before and after, or `None` when it does not
/// exist or was cancelled; both are the same when nothing changes.
pub async fn change(tx: &mut Tx, meeting_id: i64, change: &Change) -> anyhow::Result<Option<(Meeting, Meeting)>> {
    let Some(before) = get(tx, meeting_id).await?.filter(|m| !m.cancelled) else { return Ok(None) };
    let starts_at = change.starts_at.unwrap_or(before.details.starts_at);
    let place = change.place.clone().unwrap_or_else(|| before.details.place.clone());
    if starts_at == before.details.starts_at && place == before.details.place {
        return Ok(Some((before.clone(), before)));
    }
    let sql = "UPDATE meeting SET starts_at = $2, place = $3, sequence = sequence + 1 WHERE id = $1";
    on_tx!(tx, c => sqlx::query(sql).bind(meeting_id).bind(starts_at).bind(&place).execute(&mut *c).await.map(|_| ())?);
    let after = get(tx, meeting_id).await?.ok_or_else(|| anyhow::anyhow!("meeting {meeting_id} vanished"))?;
    Ok(Some((before, after)))
}

/// Cancels the meeting and drops its messages not yet on their way (the
/// organizer's status message stays). Returns the cancelled meeting, or
/// `None` when it does not exist or was cancelled before.
pub async fn cancel(tx: &mut Tx, meeting_id: i64, now: DateTime<Utc>) -> anyhow::Result<Option<Meeting>> {
    let sql = "UPDATE meeting SET cancelled_at = $2, sequence = sequence + 1 WHERE id = $1 AND cancelled_at IS NULL";
    let updated = on_tx!(tx, c => sqlx::query(sql).bind(meeting_id).bind(now).execute(&mut *c).await?.rows_affected());
    if updated == 0 {
        return Ok(None);
    }
    let sql = "DELETE FROM outbox WHERE key LIKE $1 AND key <> $3 AND status = 'pending'
                 AND (claimed_until IS NULL OR claimed_until < $2)";
    let pattern = format!("meeting:{meeting_id}:%");
    let status = status_key(meeting_id);
    on_tx!(tx, c => sqlx::query(sql).bind(&pattern).bind(now).bind(&status).execute(&mut *c).await.map(|_| ())?);
    get(tx, meeting_id).await
}

/// The outbox key of a meeting's status message.
pub fn status_key(meeting_id: i64) -> String {
    format!("meeting:{meeting_id}:status")
}

/// The tally of the meeting may have changed: its status message is due
/// for a look.
pub async fn mark_stale(tx: &mut Tx, meeting_id: i64) -> anyhow::Result<()> {
    let sql = "UPDATE meeting SET status_stale = TRUE WHERE id = $1 AND NOT status_stale";
    on_tx!(tx, c => sqlx::query(sql).bind(meeting_id).execute(&mut *c).await.map(|_| ())?);
    Ok(())
}

/// The status message now shows `fingerprint`; keep it up to date.
pub async fn status_shown(tx: &mut Tx, meeting_id: i64, fingerprint: &str) -> anyhow::Result<()> {
    let sql = "UPDATE meeting SET status_stale = TRUE, status_shown = $2 WHERE id = $1";
    on_tx!(tx, c => sqlx::query(sql).bind(meeting_id).bind(fingerprint).execute(&mut *c).await.map(|_| ())?);
    Ok(())
}

/// How the meeting's invitations stand: delivery from the outbox, answers
/// from the invitations.
pub async fn tally(tx: &mut Tx, meeting_id: i64) -> anyhow::Result<Tally> {
    let sql = "SELECT COUNT(*),
                   COALESCE(SUM(CASE WHEN o.status = 'sent' THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN i.answer = 'yes' THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN i.answer = 'no' THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN i.answer = 'delegate' THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN i.answer IS NULL THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN p.unreachable_at IS NOT NULL OR o.status = 'unreachable'
                                     THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN o.status = 'failed' THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN o.status = 'pending' THEN 1 ELSE 0 END), 0)
               FROM invitation i JOIN person p ON p.id = i.person_id
               LEFT JOIN outbox o ON o.key = $2 || CAST(i.person_id AS TEXT)
               WHERE i.meeting_id = $1";
    let key = format!("meeting:{meeting_id}:invite:");
    type Row = (i64, i64, i64, i64, i64, i64, i64, i64, i64);
    let (total, sent, yes, no, delegate, unanswered, unreachable, failed, waiting): Row =
        on_tx!(tx, c => sqlx::query_as(sql).bind(meeting_id).bind(&key).fetch_one(&mut *c).await?);
    Ok(Tally { total, sent, yes, no, delegate, unanswered, unreachable, failed, waiting })
}

/// The role that brought person `p` the invitation to meeting `m`:
/// `kader, Posyandu Mawar` or `pokja, Maleku` (the first one inside the
/// meeting's area).
pub const ROLE_PLACE_SQL: &str = "COALESCE(
        (SELECT 'kader, ' || po.name FROM kader k JOIN posyandu po ON po.id = k.posyandu_id
         WHERE k.person_id = p.id AND po.desa_code >= m.area_code AND po.desa_code < m.area_code || '/'
         ORDER BY po.name LIMIT 1),
        (SELECT o.role || ', ' || r.name FROM official o JOIN region r ON r.code = o.region_code
         WHERE o.person_id = p.id AND o.region_code >= m.area_code AND o.region_code < m.area_code || '/'
         ORDER BY o.role LIMIT 1),
        '')";

type ExportSqlRow = (String, String, String, Option<String>, Option<DateTime<Utc>>, Option<bool>, String);

/// Streams the meeting's invitees, by name, to `each`, one row at a time;
/// returns how many.
pub async fn export(
    db: &Db,
    meeting_id: i64,
    mut each: impl FnMut(ExportRow) -> anyhow::Result<()>,
) -> anyhow::Result<u64> {
    let sql = "SELECT p.name,
                   {role_place},
                   p.channel, i.answer, i.answered_at, i.attended, COALESCE(ob.status, 'unreachable')
               FROM invitation i JOIN person p ON p.id = i.person_id JOIN meeting m ON m.id = i.meeting_id
               LEFT JOIN outbox ob ON ob.key = $2 || CAST(p.id AS TEXT)
               WHERE i.meeting_id = $1 ORDER BY p.name, p.id";
    let sql = sql.replace("{role_place}", ROLE_PLACE_SQL);
    let key = format!("meeting:{meeting_id}:invite:");
    let mut count = 0;
    on_db!(db, p => {
        let mut rows = sqlx::query_as::<_, ExportSqlRow>(&sql).bind(meeting_id).bind(&key).fetch(p);
        while let Some((name, role_place, channel, answer, answered_at, attended, delivery)) = rows.try_next().await? {
            let answer = answer.as_deref().and_then(named);
            each(ExportRow { name, role_place, channel, answer, answered_at, attended, delivery })?;
            count += 1;
        }
    });
    Ok(count)
}
