//! Linked accounts (`/hubungkan`): link codes, the accounts of a person,
//! linking an account to the person who asked for a code, and the account
//! a person chose for everything the bot starts.
//!
//! A person's accounts are rows of `person_account`; `person.channel` and
//! `person.external_id` name the chosen one (always one of them), so every
//! broadcast that selects people reaches each person once, there. Linking a
//! registered account merges its person into the code's person in the
//! step's transaction: roles, reports, meetings, invitations, settings and
//! messages all move over, then the emptied person row is deleted (the
//! foreign keys make sure nothing still pointed at it).

use chrono::{DateTime, Utc};

use super::{Tx, on_tx};
use crate::domain::lang::Lang;
use crate::domain::link::{Account, FAILURE_WINDOW, LinkCode, LinkLookup, LinkOffer, Linking, VALID_FOR};

/// The accounts of the chat's user (the person's, or this account alone for
/// a stranger) and how many wrong codes this account typed lately.
pub async fn linking(
    tx: &mut Tx,
    channel: &str,
    external_id: &str,
    person_id: Option<i64>,
    now: DateTime<Utc>,
) -> anyhow::Result<Linking> {
    let accounts = match person_id {
        None => vec![Account { channel: channel.to_owned(), chosen: false, here: true }],
        Some(person_id) => {
            let sql = "SELECT a.channel, a.channel = p.channel AND a.external_id = p.external_id,
                              a.channel = $2 AND a.external_id = $3
                       FROM person_account a JOIN person p ON p.id = a.person_id
                       WHERE a.person_id = $1 ORDER BY a.channel, a.external_id";
            let rows: Vec<(String, bool, bool)> = on_tx!(tx, c => sqlx::query_as(sql).bind(person_id).bind(channel)
                .bind(external_id).fetch_all(&mut *c).await?);
            rows.into_iter().map(|(channel, chosen, here)| Account { channel, chosen, here }).collect()
        }
    };
    let sql = "SELECT COUNT(*) FROM link_attempt WHERE channel = $1 AND external_id = $2 AND failed_at > $3";
    let recent_failures: i64 = on_tx!(tx, c => sqlx::query_scalar(sql).bind(channel).bind(external_id)
        .bind(now - FAILURE_WINDOW).fetch_one(&mut *c).await?);
    Ok(Linking { accounts, recent_failures })
}

/// A code no live code uses yet (expired codes are cleared first).
pub async fn fresh_code(tx: &mut Tx, now: DateTime<Utc>) -> anyhow::Result<LinkCode> {
    on_tx!(tx, c => sqlx::query("DELETE FROM link_code WHERE expires_at <= $1").bind(now).execute(&mut *c).await.map(|_| ())?);
    loop {
        let code = LinkCode::generate();
        let sql = "SELECT COUNT(*) FROM link_code WHERE code = $1";
        let taken: i64 = on_tx!(tx, c => sqlx::query_scalar(sql).bind(code.as_str()).fetch_one(&mut *c).await?);
        if taken == 0 {
            return Ok(code);
        }
    }
}

/// Gives `code` to the person, asked for from account (`channel`,
/// `external_id`); it replaces the person's earlier code.
pub async fn issue(
    tx: &mut Tx,
    person_id: i64,
    channel: &str,
    external_id: &str,
    code: &LinkCode,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    on_tx!(tx, c => sqlx::query("DELETE FROM link_code WHERE person_id = $1").bind(person_id).execute(&mut *c).await.map(|_| ())?);
    let sql = "INSERT INTO link_code (code, person_id, channel, external_id, expires_at) VALUES ($1, $2, $3, $4, $5)";
    on_tx!(tx, c => sqlx::query(sql).bind(code.as_str()).bind(person_id).bind(channel).bind(external_id)
        .bind(now + VALID_FOR).execute(&mut *c).await.map(|_| ())?);
    Ok(())
}

/// Looks up a typed code. On PostgreSQL the code stays locked until the
/// transaction ends, so two accounts cannot both use it.
pub async fn lookup(tx: &mut Tx, code: &LinkCode) -> anyhow::Result<LinkLookup> {
    let lock = match tx {
        Tx::Sqlite(_) => "",
        Tx::Postgres(_) => "FOR UPDATE OF l",
    };
    let sql = format!(
        "SELECT l.person_id, p.name, p.language, l.channel, l.expires_at
         FROM link_code l JOIN person p ON p.id = l.person_id WHERE l.code = $1 {lock}"
    );
    let row: Option<(i64, String, String, String, DateTime<Utc>)> =
        on_tx!(tx, c => sqlx::query_as(&sql).bind(code.as_str()).fetch_optional(&mut *c).await?);
    let Some((person_id, name, language, channel, expires_at)) = row else {
        return Ok(LinkLookup::Missing(code.clone()));
    };
    let sql = "SELECT channel FROM person_account WHERE person_id = $1 ORDER BY channel";
    let channels: Vec<String> = on_tx!(tx, c => sqlx::query_scalar(sql).bind(person_id).fetch_all(&mut *c).await?);
    let lang = Lang::from_tag(&language).unwrap_or_default();
    Ok(LinkLookup::Found(LinkOffer { code: code.clone(), person_id, name, lang, channel, channels, expires_at }))
}

/// Notes a wrong code typed from this account (and forgets old ones).
pub async fn record_failure(tx: &mut Tx, channel: &str, external_id: &str, now: DateTime<Utc>) -> anyhow::Result<()> {
    let sql = "DELETE FROM link_attempt WHERE failed_at <= $1";
    on_tx!(tx, c => sqlx::query(sql).bind(now - FAILURE_WINDOW).execute(&mut *c).await.map(|_| ())?);
    let sql = "INSERT INTO link_attempt (channel, external_id, failed_at) VALUES ($1, $2, $3)";
    on_tx!(tx, c => sqlx::query(sql).bind(channel).bind(external_id).bind(now).execute(&mut *c).await.map(|_| ())?);
    Ok(())
}

/// Where the code came from: its person and the account that asked for it.
pub struct Linked {
    pub person_id: i64,
    pub channel: String,
    pub external_id: String,
}

/// Links account (`channel`, `external_id`), whose person is `here` (if
/// registered), to the person who asked for `code`, and uses the code up.
/// A registered account's person is merged into the code's person. The
/// account that typed the code becomes the chosen one. Fails when the code
/// is not live, or names this person already (the step checked both).
pub async fn link(
    tx: &mut Tx,
    code: &LinkCode,
    channel: &str,
    external_id: &str,
    here: Option<i64>,
    now: DateTime<Utc>,
) -> anyhow::Result<Linked> {
    let sql = "SELECT person_id, channel, external_id, expires_at FROM link_code WHERE code = $1";
    let row: Option<(i64, String, String, DateTime<Utc>)> =
        on_tx!(tx, c => sqlx::query_as(sql).bind(code.as_str()).fetch_optional(&mut *c).await?);
    let Some((person_id, from_channel, from_external_id, _)) = row.filter(|r| r.3 > now) else {
        anyhow::bail!("link code {code} is not live");
    };
    anyhow::ensure!(here != Some(person_id), "link code {code} names this person already");
    on_tx!(tx, c => sqlx::query("DELETE FROM link_code WHERE code = $1").bind(code.as_str()).execute(&mut *c).await.map(|_| ())?);
    match here {
        None => {
            let sql = "INSERT INTO person_account (channel, external_id, person_id, linked_at) VALUES ($1, $2, $3, $4)";
            on_tx!(tx, c => sqlx::query(sql).bind(channel).bind(external_id).bind(person_id).bind(now)
                .execute(&mut *c).await.map(|_| ())?);
        }
        Some(from) => merge(tx, from, person_id).await?,
    }
    choose(tx, person_id, channel).await?;
    Ok(Linked { person_id, channel: from_channel, external_id: from_external_id })
}

/// Moves everything of person `from` to person `into`, then deletes `from`.
/// Where both have the same thing, `into`'s stays: a role held twice, a
/// setting, an invitation (which takes `from`'s answer if it has none).
/// Messages keyed for `from` (`…:{from}`) are keyed for `into`, so nothing
/// is sent to the merged person twice; a waiting one `into` already has is
/// dropped.
async fn merge(tx: &mut Tx, from: i64, into: i64) -> anyhow::Result<()> {
    // Each statement moves `$1`'s rows to `$2`, or takes `into`'s answer from `$1`.
    const MOVES: [&str; 10] = [
        "INSERT INTO kader (person_id, posyandu_id, invite_id, joined_at)
         SELECT $2, posyandu_id, invite_id, joined_at FROM kader WHERE person_id = $1
         ON CONFLICT (person_id, posyandu_id) DO NOTHING",
        "INSERT INTO official (person_id, role, region_code, invite_id, joined_at)
         SELECT $2, role, region_code, invite_id, joined_at FROM official WHERE person_id = $1
         ON CONFLICT (person_id, role, region_code) DO NOTHING",
        "UPDATE report SET updated_by = $2 WHERE updated_by = $1",
        "UPDATE report_revision SET person_id = $2 WHERE person_id = $1",
        "UPDATE meeting SET organizer_id = $2 WHERE organizer_id = $1",
        "UPDATE invitation SET
             answered_at = CASE WHEN answer IS NULL THEN (SELECT b.answered_at FROM invitation b
                 WHERE b.meeting_id = invitation.meeting_id AND b.person_id = $1) ELSE answered_at END,
             answer = COALESCE(answer, (SELECT b.answer FROM invitation b
                 WHERE b.meeting_id = invitation.meeting_id AND b.person_id = $1)),
             attended = COALESCE(attended, (SELECT b.attended FROM invitation b
                 WHERE b.meeting_id = invitation.meeting_id AND b.person_id = $1))
         WHERE person_id = $2 AND meeting_id IN (SELECT meeting_id FROM invitation WHERE person_id = $1)",
        "UPDATE invitation SET person_id = $2
         WHERE person_id = $1 AND meeting_id NOT IN (SELECT meeting_id FROM invitation WHERE person_id = $2)",
        "UPDATE subscription SET person_id = $2
         WHERE person_id = $1 AND kind NOT IN (SELECT kind FROM subscription WHERE person_id = $2)",
        "UPDATE person_account SET person_id = $2 WHERE person_id = $1",
        "UPDATE outbox SET person_id = $2 WHERE person_id = $1",
    ];
    // What is left of `$1` once its rows moved: what `into` had already.
    const DROPS: [&str; 5] = [
        "DELETE FROM kader WHERE person_id = $1",
        "DELETE FROM official WHERE person_id = $1",
        "DELETE FROM invitation WHERE person_id = $1",
        "DELETE FROM subscription WHERE person_id = $1",
        "DELETE FROM link_code WHERE person_id = $1",
    ];
    // Messages keyed `…:{from}` (text copies of the ids, so that PostgreSQL
    // need not guess a type), before they change hands.
    let (from_text, into_text) = (from.to_string(), into.to_string());
    let rekey = "UPDATE outbox SET key = SUBSTR(key, 1, LENGTH(key) - LENGTH($2)) || $3
                 WHERE person_id = $1 AND key LIKE '%:' || $2
                   AND NOT EXISTS (SELECT 1 FROM outbox o
                                   WHERE o.key = SUBSTR(outbox.key, 1, LENGTH(outbox.key) - LENGTH($2)) || $3)";
    on_tx!(tx, c => sqlx::query(rekey).bind(from).bind(&from_text).bind(&into_text).execute(&mut *c).await.map(|_| ())?);
    let duplicates = "DELETE FROM outbox WHERE person_id = $1 AND status = 'pending' AND key LIKE '%:' || $2";
    on_tx!(tx, c => sqlx::query(duplicates).bind(from).bind(&from_text).execute(&mut *c).await.map(|_| ())?);
    for sql in MOVES {
        on_tx!(tx, c => sqlx::query(sql).bind(from).bind(into).execute(&mut *c).await.map(|_| ())?);
    }
    for sql in DROPS.iter().chain(&["DELETE FROM person WHERE id = $1"]) {
        on_tx!(tx, c => sqlx::query(sql).bind(from).execute(&mut *c).await.map(|_| ())?);
    }
    Ok(())
}

/// Takes account (`channel`, `external_id`) out of the person, who keeps
/// everything else; when it was the chosen one, their most recently linked
/// other account is chosen. The person's last account is never taken.
pub async fn unlink(tx: &mut Tx, person_id: i64, channel: &str, external_id: &str) -> anyhow::Result<()> {
    let sql = "SELECT channel FROM person_account WHERE person_id = $1 AND NOT (channel = $2 AND external_id = $3)
               ORDER BY linked_at DESC LIMIT 1";
    let other: Option<String> = on_tx!(tx, c => sqlx::query_scalar(sql).bind(person_id).bind(channel)
        .bind(external_id).fetch_optional(&mut *c).await?);
    let Some(other) = other else { anyhow::bail!("the person's last account cannot be unlinked") };
    let sql = "SELECT COUNT(*) FROM person WHERE id = $1 AND channel = $2 AND external_id = $3";
    let chosen: i64 = on_tx!(tx, c => sqlx::query_scalar(sql).bind(person_id).bind(channel).bind(external_id)
        .fetch_one(&mut *c).await?);
    if chosen > 0 {
        choose(tx, person_id, &other).await?;
    }
    let sql = "DELETE FROM person_account WHERE person_id = $1 AND channel = $2 AND external_id = $3";
    on_tx!(tx, c => sqlx::query(sql).bind(person_id).bind(channel).bind(external_id).execute(&mut *c).await
        .map(|_| ())?);
    Ok(())
}

/// Makes the person's account on `channel` the one everything the bot
/// starts goes to; `false` when they have none there. It is reachable
/// until a send says otherwise.
pub async fn choose(tx: &mut Tx, person_id: i64, channel: &str) -> anyhow::Result<bool> {
    let sql = "SELECT external_id FROM person_account WHERE person_id = $1 AND channel = $2
               ORDER BY linked_at DESC LIMIT 1";
    let account: Option<String> =
        on_tx!(tx, c => sqlx::query_scalar(sql).bind(person_id).bind(channel).fetch_optional(&mut *c).await?);
    let Some(external_id) = account else { return Ok(false) };
    let sql = "UPDATE person SET channel = $2, external_id = $3, unreachable_at = NULL WHERE id = $1";
    on_tx!(tx, c => sqlx::query(sql).bind(person_id).bind(channel).bind(&external_id).execute(&mut *c).await.map(|_| ())?);
    Ok(true)
}
