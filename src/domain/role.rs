//! What a person may be in the bot: a kader of a posyandu, or an official
//! whose scope is a region (Pokja at desa level, Pokjanal/Tim Pembina,
//! Puskesmas, Dinkes).

use serde::{Deserialize, Serialize};

use super::region::Level;

/// The kinds of official, each with the region levels its scope may have.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
#[strum(serialize_all = "lowercase")]
#[serde(rename_all = "lowercase")]
pub enum OfficialRole {
    /// Pokja Posyandu of a desa/kelurahan.
    Pokja,
    /// Pokjanal Posyandu / Tim Pembina Posyandu of a kecamatan, kabupaten/kota or province.
    Pokjanal,
    /// Puskesmas staff (nutrition officer, bidan koordinator) for a kecamatan or desa.
    Puskesmas,
    /// Dinas Kesehatan of a kabupaten/kota or province.
    Dinkes,
}

impl OfficialRole {
    pub fn allowed_levels(self) -> &'static [Level] {
        match self {
            OfficialRole::Pokja => &[Level::Desa],
            OfficialRole::Pokjanal => &[Level::Kecamatan, Level::Kabupaten, Level::Provinsi],
            OfficialRole::Puskesmas => &[Level::Desa, Level::Kecamatan],
            OfficialRole::Dinkes => &[Level::Kabupaten, Level::Provinsi],
        }
    }

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// What accepting an invite grants.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Grant {
    Kader { posyandu_id: i64 },
    Official { role: OfficialRole, region: super::region::RegionCode },
}

impl Grant {
    /// The posyandu of a kader grant.
    pub fn posyandu_id(&self) -> Option<i64> {
        match self {
            Grant::Kader { posyandu_id } => Some(*posyandu_id),
            Grant::Official { .. } => None,
        }
    }
}
