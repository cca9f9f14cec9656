//! People and their roles: kader of a posyandu, officials of a region. A
//! person has one account per app they use (`person_account`; see
//! [`super::linking`]), and is found through any of them.

use chrono::{DateTime, Utc};

use super::{Db, Tx, on_db, on_tx};
use crate::domain::lang::Lang;
use crate::domain::people::{Person, Place, Role};
use crate::domain::region::RegionCode;
use crate::domain::role::{Grant, OfficialRole};

/// Finds the person behind a channel account (`$1` channel, `$2` the
/// account's id; any of the person's linked accounts) with all their roles,
/// in one query (it runs on every message), and whether they were marked
/// unreachable (they blocked the bot). Each row is the person with one role; the last branch adds the
/// person alone (kind 2, with the mark), so someone without roles is found
/// too. [`found`] reads the rows.
pub(super) const FIND: &str =
    "SELECT pe.id, pe.name, pe.language, 0 AS kind, CAST(po.id AS TEXT), po.name, r.code, r.name
        FROM person_account a JOIN person pe ON pe.id = a.person_id JOIN kader k ON k.person_id = pe.id
        JOIN posyandu po ON po.id = k.posyandu_id JOIN region r ON r.code = po.desa_code
        WHERE a.channel = $1 AND a.external_id = $2
    UNION ALL
    SELECT pe.id, pe.name, pe.language, 1, o.role, NULL, r.code, r.name
        FROM person_account a JOIN person pe ON pe.id = a.person_id
        JOIN official o ON o.person_id = pe.id JOIN region r ON r.code = o.region_code
        WHERE a.channel = $1 AND a.external_id = $2
    UNION ALL
    SELECT pe.id, pe.name, pe.language, 2,
           CASE WHEN pe.unreachable_at IS NULL THEN '' ELSE 'unreachable' END, NULL, '', ''
        FROM person_account a JOIN person pe ON pe.id = a.person_id WHERE a.channel = $1 AND a.external_id = $2
    ORDER BY 4, 6, 7, 5";

/// A row of [`FIND`].
pub(super) type Found = (i64, String, String, i32, String, Option<String>, String, String);

/// The person behind a channel account, with all their roles, and whether
/// they were marked unreachable (see [`FIND`]).
pub async fn find(tx: &mut Tx, channel: &str, external_id: &str) -> anyhow::Result<Option<(Person, bool)>> {
    let rows: Vec<Found> =
        on_tx!(tx, c => sqlx::query_as(FIND).bind(channel).bind(external_id).fetch_all(&mut *c).await?);
    found(rows)
}

/// The person in the rows of [`FIND`], and whether they were marked unreachable.
pub(super) fn found(rows: Vec<Found>) -> anyhow::Result<Option<(Person, bool)>> {
    let Some((id, name, language, ..)) = rows.first().cloned() else {
        return Ok(None);
    };
    let mut roles = Vec::with_capacity(rows.len() - 1);
    let mut unreachable = false;
    for (_, _, _, kind, key, posyandu, code, region) in rows {
        let grant = match kind {
            0 => Grant::Kader { posyandu_id: key.parse()? },
            1 => Grant::Official { role: key.parse::<OfficialRole>()?, region: RegionCode::parse(&code)? },
            _ => {
                unreachable = key == "unreachable";
                continue;
            }
        };
        let place = Place { posyandu, ..Place::region(&RegionCode::parse(&code)?, region) };
        roles.push(Role { grant, place });
    }
    let person = Person { id, name, lang: Lang::from_tag(&language).unwrap_or_default(), roles };
    Ok(Some((person, unreachable)))
}

/// The person wrote to the bot again: they can be reached.
pub async fn reachable_again(tx: &mut Tx, person_id: i64) -> sqlx::Result<()> {
    on_tx!(tx, c => sqlx::query("UPDATE person SET unreachable_at = NULL WHERE id = $1").bind(person_id)
        .execute(&mut *c).await.map(|_| ()))
}

/// A new person with their first account, which is also the one the bot
/// writes to.
pub async fn create(
    tx: &mut Tx,
    channel: &str,
    external_id: &str,
    name: &str,
    lang: Lang,
    now: DateTime<Utc>,
) -> sqlx::Result<i64> {
    let sql = "INSERT INTO person (channel, external_id, name, language, created_at)
               VALUES ($1, $2, $3, $4, $5) RETURNING id";
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(sql).bind(channel).bind(external_id).bind(name).bind(lang.tag())
        .bind(now).fetch_one(&mut *c).await?);
    let sql = "INSERT INTO person_account (channel, external_id, person_id, linked_at) VALUES ($1, $2, $3, $4)";
    on_tx!(tx, c => sqlx::query(sql).bind(channel).bind(external_id).bind(id).bind(now).execute(&mut *c).await.map(|_| ())?);
    Ok(id)
}

/// Binds a role to a person; holding it already is not an error.
pub async fn grant(tx: &mut Tx, person_id: i64, grant: &Grant, invite_id: i64, now: DateTime<Utc>) -> sqlx::Result<()> {
    match grant {
        Grant::Kader { posyandu_id } => {
            let sql = "INSERT INTO kader (person_id, posyandu_id, invite_id, joined_at) VALUES ($1, $2, $3, $4)
                       ON CONFLICT (person_id, posyandu_id) DO NOTHING";
            on_tx!(tx, c => sqlx::query(sql).bind(person_id).bind(posyandu_id).bind(invite_id).bind(now)
                .execute(&mut *c).await.map(|_| ()))
        }
        Grant::Official { role, region } => {
            let sql =
                "INSERT INTO official (person_id, role, region_code, invite_id, joined_at) VALUES ($1, $2, $3, $4, $5)
                       ON CONFLICT (person_id, role, region_code) DO NOTHING";
            on_tx!(tx, c => sqlx::query(sql).bind(person_id).bind(role.as_str()).bind(region.as_str())
                .bind(invite_id).bind(now).execute(&mut *c).await.map(|_| ()))
        }
    }
}

/// Sets the person's language; what waits for them in the outbox will be
/// sent in it.
pub async fn set_language(tx: &mut Tx, person_id: i64, lang: Lang) -> sqlx::Result<()> {
    on_tx!(tx, c => sqlx::query("UPDATE person SET language = $1 WHERE id = $2").bind(lang.tag()).bind(person_id)
        .execute(&mut *c).await.map(|_| ())?);
    on_tx!(tx, c => sqlx::query("UPDATE outbox SET lang = $1 WHERE person_id = $2 AND status = 'pending'")
        .bind(lang.tag()).bind(person_id).execute(&mut *c).await.map(|_| ()))
}

/// One role of a person, as listed for an admin.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct RoleRow {
    pub person_id: i64,
    pub name: String,
    pub channel: String,
    /// `kader`, or the official role (`pokja`, `pokjanal`, …).
    pub role: String,
    /// The posyandu (for a kader) or the region (for an official).
    pub place: String,
    pub code: String,
}

/// Everyone with a role in `area` (any level; everyone for `None`), one row
/// per role, by place and name.
pub async fn list(db: &Db, area: Option<&RegionCode>) -> sqlx::Result<Vec<RoleRow>> {
    let kader =
        "SELECT pe.id AS person_id, pe.name, pe.channel, 'kader' AS role, po.name AS place, po.desa_code AS code
                 FROM person_account a JOIN person pe ON pe.id = a.person_id JOIN kader k ON k.person_id = pe.id JOIN posyandu po ON po.id = k.posyandu_id";
    let official = "SELECT pe.id, pe.name, pe.channel, o.role, r.name, o.region_code
                    FROM person_account a JOIN person pe ON pe.id = a.person_id
        JOIN official o ON o.person_id = pe.id JOIN region r ON r.code = o.region_code";
    let order = "ORDER BY 6, 4, 2, 1"; // place code, role, name, id
    match area {
        None => on_db!(db, p => sqlx::query_as(&format!("{kader} UNION ALL {official} {order}")).fetch_all(p).await),
        Some(area) => {
            let (low, high) = area.subtree();
            let sql = format!(
                "{kader} WHERE po.desa_code >= $1 AND po.desa_code < $2
                 UNION ALL {official} WHERE o.region_code >= $1 AND o.region_code < $2 {order}"
            );
            on_db!(db, p => sqlx::query_as(&sql).bind(&low).bind(&high).fetch_all(p).await)
        }
    }
}
