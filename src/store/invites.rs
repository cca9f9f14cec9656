//! Invites: created by an admin, accepted through the dialogue.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{Db, Tx, on_db, on_tx};
use crate::domain::invite::InviteCode;
use crate::domain::people::{Invite, InviteLookup, Place, Role};
use crate::domain::region::RegionCode;
use crate::domain::role::{Grant, OfficialRole};

type InviteRow = (i64, String, Option<i64>, i64, i64, DateTime<Utc>, Option<String>, String, String, String);

/// Looks up a code. On PostgreSQL the invite row stays locked until the
/// transaction ends, so two people cannot both take its last use.
pub async fn lookup(tx: &mut Tx, code: &InviteCode) -> anyhow::Result<InviteLookup> {
    let lock = match tx {
        Tx::Sqlite(_) => "",
        Tx::Postgres(_) => "FOR UPDATE OF i",
    };
    let sql = format!(
        "SELECT i.id, i.role, i.posyandu_id, i.max_uses, i.used, i.expires_at, p.name, r.code, r.name, r.time_zone
         FROM invite i
         LEFT JOIN posyandu p ON p.id = i.posyandu_id
         JOIN region r ON r.code = COALESCE(p.desa_code, i.region_code)
         WHERE i.code = $1 {lock}"
    );
    let row: Option<InviteRow> =
        on_tx!(tx, c => sqlx::query_as(&sql).bind(code.as_str()).fetch_optional(&mut *c).await?);
    let Some((id, role, posyandu_id, max_uses, used, expires_at, posyandu, region_code, region_name, tz)) = row else {
        return Ok(InviteLookup::Missing(code.clone()));
    };
    let region = RegionCode::parse(&region_code)?;
    let place = Place { posyandu, ..Place::region(&region, region_name) };
    let grant = match posyandu_id {
        Some(posyandu_id) => Grant::Kader { posyandu_id },
        None => Grant::Official { role: role.parse::<OfficialRole>()?, region },
    };
    Ok(InviteLookup::Found(Invite {
        id,
        code: code.clone(),
        role: Role { grant, place },
        expires_at,
        time_zone: tz.parse::<Tz>().map_err(|e| anyhow::anyhow!("bad time zone {tz}: {e}"))?,
        max_uses,
        used,
    }))
}

pub async fn count_use(tx: &mut Tx, invite_id: i64) -> sqlx::Result<()> {
    on_tx!(tx, c => sqlx::query("UPDATE invite SET used = used + 1 WHERE id = $1").bind(invite_id)
        .execute(&mut *c).await.map(|_| ()))
}

/// Creates an invite with a fresh code. The caller has checked that the
/// posyandu or region exists and suits the role.
pub async fn create(
    db: &Db,
    grant: &Grant,
    max_uses: i64,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> anyhow::Result<InviteCode> {
    let (role, posyandu_id, region) = match grant {
        Grant::Kader { posyandu_id } => ("kader", Some(*posyandu_id), None),
        Grant::Official { role, region } => (role.as_str(), None, Some(region.as_str())),
    };
    let sql = "INSERT INTO invite (code, role, posyandu_id, region_code, max_uses, used, expires_at, created_at)
               VALUES ($1, $2, $3, $4, $5, 0, $6, $7) ON CONFLICT (code) DO NOTHING";
    // 31^8 codes: a clash is rare, but never reuse a code.
    for _ in 0..10 {
        let code = InviteCode::generate();
        let inserted = on_db!(db, p => sqlx::query(sql).bind(code.as_str()).bind(role).bind(posyandu_id).bind(region)
            .bind(max_uses).bind(expires_at).bind(now).execute(p).await?.rows_affected());
        if inserted == 1 {
            return Ok(code);
        }
    }
    anyhow::bail!("could not find a free invite code")
}
