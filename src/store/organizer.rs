//! A meeting as its organizer follows it: the status messages to bring up
//! to date, the organizer's
//! meetings for `/rapat`, the names of those who have not answered or could
//! not be reached, and attendance.
//!
//! Every read and write here is limited to the meetings the person
//! organized: a forged meeting id reads nothing and changes nothing.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::{Db, Tx, meetings, on_db, on_tx};
use crate::domain::invitation::Tally;
use crate::domain::lang::Lang;
use crate::domain::meeting::{Answer, Meeting};
use crate::domain::organizer::{Attendee, Missing, Organized, Unreached};

/// A status message to bring up to date.
#[derive(Clone, Debug, PartialEq)]
pub struct StaleStatus {
    pub meeting_id: i64,
    pub chat_id: String,
    /// The platform's id of the status message.
    pub platform_id: String,
    pub lang: Lang,
    pub time_zone: Tz,
}

/// Takes up to `limit` status messages whose tally may have changed and
/// that were not looked at within `every`: each is claimed until `every`
/// has passed again, so with several processes one looks at it, and never
/// more often than that. Only messages already sent (with their platform
/// id) on `channel`.
pub async fn take_stale(
    db: &Db,
    channel: &str,
    now: DateTime<Utc>,
    every: Duration,
    limit: i64,
) -> anyhow::Result<Vec<StaleStatus>> {
    let skip_locked = match db {
        Db::Sqlite(_) => "",
        Db::Postgres(_) => "FOR UPDATE OF m SKIP LOCKED",
    };
    let sql = format!(
        "UPDATE meeting SET status_at = $1 WHERE id IN (
             SELECT m.id FROM meeting m JOIN outbox o ON o.key = 'meeting:' || CAST(m.id AS TEXT) || ':status'
             WHERE m.status_stale AND (m.status_at IS NULL OR m.status_at <= $2) AND o.platform_id IS NOT NULL
               AND o.channel = $4
             ORDER BY m.id LIMIT $3 {skip_locked})
         RETURNING id"
    );
    let mut tx = db.begin().await?;
    let ids: Vec<i64> = on_tx!(&mut tx, c => sqlx::query_scalar(&sql).bind(now).bind(now - every).bind(limit)
        .bind(channel).fetch_all(&mut *c).await?);
    let mut stale = Vec::with_capacity(ids.len());
    for id in ids {
        let sql = "SELECT chat_id, platform_id, lang, time_zone FROM outbox WHERE key = $1";
        let row: Option<(String, String, String, String)> =
            on_tx!(&mut tx, c => sqlx::query_as(sql).bind(meetings::status_key(id)).fetch_optional(&mut *c).await?);
        if let Some((chat_id, platform_id, lang, time_zone)) = row {
            let lang = Lang::from_tag(&lang).unwrap_or_default();
            let time_zone = time_zone.parse().unwrap_or(Tz::Asia__Jakarta);
            stale.push(StaleStatus { meeting_id: id, chat_id, platform_id, lang, time_zone });
        }
    }
    tx.commit().await?;
    Ok(stale)
}

/// The meeting and its tally, for its status message.
pub async fn status(db: &Db, meeting_id: i64) -> anyhow::Result<Option<(Meeting, Tally)>> {
    let mut tx = db.begin().await?;
    let Some(meeting) = meetings::get(&mut tx, meeting_id).await? else { return Ok(None) };
    let tally = meetings::tally(&mut tx, meeting_id).await?;
    tx.commit().await?;
    Ok(Some((meeting, tally)))
}

/// Records the tally the status message now shows; it stays due for a
/// look while invitations are still on their way.
pub async fn shown(db: &Db, meeting_id: i64, tally: &Tally) -> anyhow::Result<()> {
    let sql = "UPDATE meeting SET status_shown = $2, status_stale = $3 WHERE id = $1";
    on_db!(db, p => sqlx::query(sql).bind(meeting_id).bind(tally.fingerprint()).bind(tally.waiting > 0)
        .execute(p).await.map(|_| ())?);
    Ok(())
}

/// The tally the status message of the meeting last showed.
pub async fn last_shown(db: &Db, meeting_id: i64) -> anyhow::Result<Option<String>> {
    let sql = "SELECT status_shown FROM meeting WHERE id = $1";
    let shown: Option<Option<String>> =
        on_db!(db, p => sqlx::query_scalar(sql).bind(meeting_id).fetch_optional(p).await?);
    Ok(shown.flatten())
}

/// How long after its start a meeting is still listed (to record who came).
pub const LISTED_AFTER_START: Duration = Duration::days(14);
/// The most meetings `/rapat` lists.
pub const LISTED: i64 = 3;

/// The organizer's meetings not cancelled, from those that started within
/// [`LISTED_AFTER_START`] on, soonest first, at most [`LISTED`], with how
/// many more there are.
pub async fn organized(tx: &mut Tx, organizer_id: i64, now: DateTime<Utc>) -> anyhow::Result<(Vec<Organized>, i64)> {
    let sql = "SELECT id FROM meeting WHERE organizer_id = $1 AND cancelled_at IS NULL AND starts_at > $2
               ORDER BY starts_at, id";
    let ids: Vec<i64> = on_tx!(tx, c => sqlx::query_scalar(sql).bind(organizer_id).bind(now - LISTED_AFTER_START)
        .fetch_all(&mut *c).await?);
    let more = (ids.len() as i64 - LISTED).max(0);
    let mut listed = Vec::new();
    for id in ids.into_iter().take(LISTED as usize) {
        if let Some(meeting) = meetings::get(tx, id).await? {
            let tally = meetings::tally(tx, id).await?;
            listed.push(Organized { meeting, tally });
        }
    }
    Ok((listed, more))
}

/// The meeting `id` when `organizer_id` organized it.
pub async fn owned(tx: &mut Tx, meeting_id: i64, organizer_id: i64) -> anyhow::Result<Option<Meeting>> {
    Ok(meetings::get(tx, meeting_id).await?.filter(|m| m.organizer_id == organizer_id))
}

/// One page of the invitees of the organizer's meeting who have not
/// answered or could not be reached (by why, then name), and how many in
/// all; `None` when it is not their meeting.
pub async fn unreached(
    tx: &mut Tx,
    meeting_id: i64,
    organizer_id: i64,
    offset: i64,
    limit: i64,
) -> anyhow::Result<Option<Unreached>> {
    let Some(meeting) = owned(tx, meeting_id, organizer_id).await? else { return Ok(None) };
    let why = "CASE WHEN p.unreachable_at IS NOT NULL OR o.status = 'unreachable' THEN 'unreachable'
                    WHEN o.status = 'failed' THEN 'failed' ELSE 'unanswered' END";
    let from = "FROM invitation i JOIN person p ON p.id = i.person_id JOIN meeting m ON m.id = i.meeting_id
                LEFT JOIN outbox o ON o.key = $2 || CAST(i.person_id AS TEXT)
                WHERE i.meeting_id = $1 AND (i.answer IS NULL OR p.unreachable_at IS NOT NULL
                      OR o.status IN ('unreachable', 'failed'))";
    let key = format!("meeting:{meeting_id}:invite:");
    let sql = format!(
        "SELECT p.name, {place}, {why} AS why {from} ORDER BY why DESC, p.name, p.id LIMIT $3 OFFSET $4",
        place = meetings::ROLE_PLACE_SQL
    );
    let rows: Vec<(String, String, String)> = on_tx!(tx, c => sqlx::query_as(&sql).bind(meeting_id).bind(&key)
        .bind(limit).bind(offset).fetch_all(&mut *c).await?);
    let total: i64 = on_tx!(tx, c => sqlx::query_scalar(&format!("SELECT COUNT(*) {from}")).bind(meeting_id)
        .bind(&key).fetch_one(&mut *c).await?);
    let people = rows
        .into_iter()
        .map(|(name, role_place, why)| {
            let why = match why.as_str() {
                "unreachable" => Missing::Unreachable,
                "failed" => Missing::Failed,
                _ => Missing::Unanswered,
            };
            (name, role_place, why)
        })
        .collect();
    Ok(Some(Unreached { meeting, people, total, offset }))
}

/// One page of the invitees of the organizer's started meeting with
/// whether they came, and how many in all; `None` when it is not their
/// meeting. Attendance not yet recorded is filled from the answers first
/// (Hadir and Diwakilkan came), so the list starts from what people said.
pub async fn attendance(
    tx: &mut Tx,
    meeting_id: i64,
    organizer_id: i64,
    offset: i64,
    limit: i64,
) -> anyhow::Result<Option<(Meeting, Vec<Attendee>, i64)>> {
    let Some(meeting) = owned(tx, meeting_id, organizer_id).await? else { return Ok(None) };
    let sql = "SELECT i.person_id, p.name, i.answer, i.attended FROM invitation i JOIN person p ON p.id = i.person_id
               WHERE i.meeting_id = $1 ORDER BY p.name, p.id LIMIT $2 OFFSET $3";
    let rows: Vec<(i64, String, Option<String>, Option<bool>)> =
        on_tx!(tx, c => sqlx::query_as(sql).bind(meeting_id).bind(limit).bind(offset).fetch_all(&mut *c).await?);
    let total: i64 = on_tx!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM invitation WHERE meeting_id = $1")
        .bind(meeting_id).fetch_one(&mut *c).await?);
    let attendees = rows
        .into_iter()
        .map(|(person_id, name, answer, attended)| {
            let answer = answer.as_deref().and_then(meetings::named::<Answer>);
            let came = attended.unwrap_or(matches!(answer, Some(Answer::Yes | Answer::Delegate)));
            Attendee { person_id, name, came }
        })
        .collect();
    Ok(Some((meeting, attendees, total)))
}

/// Fills the attendance not yet recorded of the organizer's meeting from
/// the answers: Hadir and Diwakilkan came.
pub async fn fill_attendance(tx: &mut Tx, meeting_id: i64, organizer_id: i64) -> anyhow::Result<()> {
    let sql = "UPDATE invitation SET attended = (answer IS NOT NULL AND answer IN ('yes', 'delegate'))
               WHERE meeting_id = $1 AND attended IS NULL
                 AND EXISTS (SELECT 1 FROM meeting m WHERE m.id = $1 AND m.organizer_id = $2)";
    on_tx!(tx, c => sqlx::query(sql).bind(meeting_id).bind(organizer_id).execute(&mut *c).await.map(|_| ())?);
    Ok(())
}

/// Records whether an invitee of the organizer's meeting came; false when
/// it is not their meeting or the person was not invited.
pub async fn set_attended(
    tx: &mut Tx,
    meeting_id: i64,
    organizer_id: i64,
    person_id: i64,
    came: bool,
) -> anyhow::Result<bool> {
    let sql = "UPDATE invitation SET attended = $3 WHERE meeting_id = $1 AND person_id = $2
                 AND EXISTS (SELECT 1 FROM meeting m WHERE m.id = $1 AND m.organizer_id = $4)";
    let updated = on_tx!(tx, c => sqlx::query(sql).bind(meeting_id).bind(person_id).bind(came).bind(organizer_id)
        .execute(&mut *c).await?.rows_affected());
    Ok(updated == 1)
}
