//! Meetings: who a meeting reaches (and, on the `meetings` branch, saving
//! meetings and their invitations).

use chrono::{DateTime, Utc};

use super::{Tx, on_tx};
use crate::domain::meeting::{Invitee, NewMeeting};
use crate::domain::region::RegionCode;

/// How many people a meeting in `area` for `invitees` reaches: kader of a
/// posyandu in the area and officials of the invited roles whose region lies
/// in it, each person once (a kader of two posyandu, or a kader who is also
/// Pokja, counts once). The organizer is counted when they are one of them.
pub async fn audience_size(tx: &mut Tx, area: &RegionCode, invitees: &[Invitee]) -> anyhow::Result<i64> {
    let (low, high) = area.subtree();
    let mut parts = Vec::new();
    if invitees.contains(&Invitee::Kader) {
        parts.push(
            "SELECT k.person_id FROM kader k JOIN posyandu p ON p.id = k.posyandu_id
             WHERE p.desa_code >= $1 AND p.desa_code < $2"
                .to_owned(),
        );
    }
    let roles: Vec<&str> = invitees.iter().filter(|i| **i != Invitee::Kader).map(|i| i.as_str()).collect();
    if !roles.is_empty() {
        let places: Vec<String> = (0..roles.len()).map(|i| format!("${}", i + 3)).collect();
        parts.push(format!(
            "SELECT o.person_id FROM official o
             WHERE o.region_code >= $1 AND o.region_code < $2 AND o.role IN ({})",
            places.join(", ")
        ));
    }
    if parts.is_empty() {
        return Ok(0);
    }
    let sql = format!("SELECT COUNT(DISTINCT person_id) FROM ({}) AS audience", parts.join(" UNION "));
    let size: i64 = on_tx!(tx, c => {
        let mut query = sqlx::query_scalar(&sql).bind(low).bind(high);
        for role in &roles {
            query = query.bind(*role);
        }
        query.fetch_one(&mut *c).await?
    });
    Ok(size)
}

/// STUB on the `wizard` branch, replaced at merge by the real `create` of the
/// `meetings` branch (which saves the meeting and writes its invitations).
pub async fn create(
    _tx: &mut Tx,
    _organizer_id: i64,
    _meeting: &NewMeeting,
    _now: DateTime<Utc>,
) -> anyhow::Result<i64> {
    anyhow::bail!("meetings are not stored yet")
}
