//! What still points at retired region codes (posyandu, officials' roles,
//! open invites), each with the current region that most likely took the
//! retired one's place, so that an import can say what to move where.

use chrono::{DateTime, Utc};

use super::{Db, on_db, regions};
use crate::domain::invite::InviteCode;
use crate::domain::region::{RegionCode, name_key};
use crate::domain::role::OfficialRole;

/// Who or what is still on a retired region.
#[derive(Clone, Debug, PartialEq)]
pub enum Holder {
    Posyandu {
        id: i64,
        name: String,
    },
    Official {
        person: String,
        role: OfficialRole,
    },
    /// An invite with uses left that has not expired.
    Invite {
        code: InviteCode,
        role: OfficialRole,
    },
}

/// One holder on one retired region.
#[derive(Clone, Debug, PartialEq)]
pub struct Stranded {
    pub holder: Holder,
    pub region: RegionCode,
    pub region_name: String,
    /// The current region of the same level that most likely replaced it: (code, name).
    pub successor: Option<(RegionCode, String)>,
}

/// Everything still on a retired region: posyandu first, then officials, then
/// open invites, each by region code.
pub async fn stranded(db: &Db, now: DateTime<Utc>) -> anyhow::Result<Vec<Stranded>> {
    let sql = "SELECT 0 AS kind, CAST(p.id AS TEXT) AS key, p.name, r.code, r.name
                   FROM posyandu p JOIN region r ON r.code = p.desa_code WHERE r.retired_at IS NOT NULL
               UNION ALL
               SELECT 1, o.role, pe.name, r.code, r.name
                   FROM official o JOIN person pe ON pe.id = o.person_id JOIN region r ON r.code = o.region_code
                   WHERE r.retired_at IS NOT NULL
               UNION ALL
               SELECT 2, i.role, i.code, r.code, r.name
                   FROM invite i JOIN region r ON r.code = i.region_code
                   WHERE r.retired_at IS NOT NULL AND i.used < i.max_uses AND i.expires_at > $1
               ORDER BY 1, 4, 3";
    let rows: Vec<(i32, String, String, String, String)> =
        on_db!(db, p => sqlx::query_as(sql).bind(now).fetch_all(p).await?);
    let mut found = Vec::with_capacity(rows.len());
    for (kind, key, name, code, region_name) in rows {
        let holder = match kind {
            0 => Holder::Posyandu { id: key.parse()?, name },
            1 => Holder::Official { person: name, role: key.parse()? },
            _ => Holder::Invite {
                code: InviteCode::normalize(&name).ok_or_else(|| anyhow::anyhow!("bad stored invite code {name}"))?,
                role: key.parse()?,
            },
        };
        let region = RegionCode::parse(&code)?;
        let successor = successor(db, &region, &region_name).await?;
        found.push(Stranded { holder, region, region_name, successor });
    }
    Ok(found)
}

/// The current region of the same level and name (as [`name_key`] compares
/// names) whose parent has the retired region's parent's name, or else the
/// only current one of that level and name in the country; `None` when
/// neither is unique, and the admin looks it up.
async fn successor(db: &Db, retired: &RegionCode, name: &str) -> anyhow::Result<Option<(RegionCode, String)>> {
    let key = name_key(name);
    let parent_key = match retired.parent() {
        Some(parent) => regions::find(db, &parent).await?.map(|p| name_key(&p.name)),
        None => None,
    };
    let last_word = key.rsplit(' ').next().unwrap_or_default();
    let sql = "SELECT r.code, r.name, COALESCE(p.name, '') FROM region r LEFT JOIN region p ON p.code = r.parent_code
               WHERE r.level = $1 AND r.retired_at IS NULL AND lower(r.name) LIKE $2";
    let rows: Vec<(String, String, String)> = on_db!(db, p => sqlx::query_as(sql)
        .bind(retired.level().number()).bind(format!("%{last_word}")).fetch_all(p).await?);
    let same_name: Vec<_> = rows.into_iter().filter(|(_, name, _)| name_key(name) == key).collect();
    let same_parent: Vec<_> =
        same_name.iter().filter(|(_, _, parent)| parent_key.as_deref() == Some(name_key(parent).as_str())).collect();
    let pick = match (same_parent.as_slice(), same_name.as_slice()) {
        ([only], _) => Some(*only),
        (_, [only]) => Some(only),
        _ => None,
    };
    Ok(match pick {
        Some((code, name, _)) => Some((RegionCode::parse(code)?, name.clone())),
        None => None,
    })
}
