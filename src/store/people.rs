//! People (one per channel account) and their roles: kader of a posyandu,
//! officials of a region.

use chrono::{DateTime, Utc};

use super::{Tx, on_tx};
use crate::dialogue::{Person, Place, Role};
use crate::domain::lang::Lang;
use crate::domain::region::RegionCode;
use crate::domain::role::{Grant, OfficialRole};

/// The person behind a channel account, with all their roles.
pub async fn find(tx: &mut Tx, channel: &str, external_id: &str) -> anyhow::Result<Option<Person>> {
    let sql = "SELECT id, name, language FROM person WHERE channel = $1 AND external_id = $2";
    let row: Option<(i64, String, String)> =
        on_tx!(tx, c => sqlx::query_as(sql).bind(channel).bind(external_id).fetch_optional(&mut *c).await?);
    let Some((id, name, language)) = row else {
        return Ok(None);
    };
    let roles = roles(tx, id).await?;
    Ok(Some(Person { id, name, lang: Lang::from_tag(&language).unwrap_or_default(), roles }))
}

/// Kader and official roles in one query (it runs on every message).
async fn roles(tx: &mut Tx, person_id: i64) -> anyhow::Result<Vec<Role>> {
    let sql = "SELECT 0 AS kind, CAST(p.id AS TEXT), p.name, r.code, r.name FROM kader k
                   JOIN posyandu p ON p.id = k.posyandu_id JOIN region r ON r.code = p.desa_code
                   WHERE k.person_id = $1
               UNION ALL
               SELECT 1, o.role, NULL, r.code, r.name FROM official o JOIN region r ON r.code = o.region_code
                   WHERE o.person_id = $1
               ORDER BY 1, 3, 4, 2";
    type Row = (i32, String, Option<String>, String, String);
    let rows: Vec<Row> = on_tx!(tx, c => sqlx::query_as(sql).bind(person_id).fetch_all(&mut *c).await?);
    let mut roles = Vec::with_capacity(rows.len());
    for (kind, key, posyandu, code, region) in rows {
        let code = RegionCode::parse(&code)?;
        let place = Place { posyandu: posyandu.clone(), ..Place::region(&code, region) };
        let grant = match kind {
            0 => Grant::Kader { posyandu_id: key.parse()? },
            _ => Grant::Official { role: key.parse::<OfficialRole>()?, region: code },
        };
        roles.push(Role { grant, place });
    }
    Ok(roles)
}

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
    on_tx!(tx, c => sqlx::query_scalar(sql).bind(channel).bind(external_id).bind(name).bind(lang.tag()).bind(now)
        .fetch_one(&mut *c).await)
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

pub async fn set_language(tx: &mut Tx, person_id: i64, lang: Lang) -> sqlx::Result<()> {
    on_tx!(tx, c => sqlx::query("UPDATE person SET language = $1 WHERE id = $2").bind(lang.tag()).bind(person_id)
        .execute(&mut *c).await.map(|_| ()))
}
