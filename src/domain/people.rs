//! What the core knows of people, roles and invites, as loaded by the shell,
//! and how they are named in messages.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::domain::invite::InviteCode;
use crate::domain::lang::Lang;
use crate::domain::region::{Level, RegionCode};
use crate::domain::role::{Grant, OfficialRole};
use crate::i18n::{Key, Text};

/// A registered person.
#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub lang: Lang,
    pub roles: Vec<Role>,
}

/// A role held (or offered by an invite), with the names to show for it.
#[derive(Clone, Debug, PartialEq)]
pub struct Role {
    pub grant: Grant,
    pub place: Place,
}

/// Where a role applies: a posyandu in a desa, or a region.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub posyandu: Option<String>,
    pub region: RegionCode,
    pub region_name: String,
}

/// The result of looking up a typed or linked invite code.
#[derive(Clone, Debug, PartialEq)]
pub enum InviteLookup {
    Missing(InviteCode),
    Found(Invite),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Invite {
    pub id: i64,
    pub code: InviteCode,
    pub role: Role,
    pub expires_at: DateTime<Utc>,
    /// The time zone of the invite's region, for showing dates.
    pub time_zone: Tz,
    pub max_uses: i64,
    pub used: i64,
}

impl InviteLookup {
    /// The code that was looked up.
    pub fn code(&self) -> &InviteCode {
        match self {
            InviteLookup::Missing(code) => code,
            InviteLookup::Found(invite) => &invite.code,
        }
    }
}

impl Person {
    /// The time zone the person reads times in: that of their first role's
    /// place (WIB when they have none).
    pub fn time_zone(&self) -> Tz {
        self.roles.first().map_or(Tz::Asia__Jakarta, |role| role.place.time_zone())
    }

    pub fn holds(&self, grant: &Grant) -> bool {
        self.roles.iter().any(|r| &r.grant == grant)
    }
}

impl Role {
    /// "kader Posyandu Mawar (Desa Maleku)", "Tim Pembina Posyandu Kecamatan Malangke".
    pub fn text(&self) -> Text {
        match &self.grant {
            Grant::Kader { .. } => Text::new(Key::RoleKader)
                .arg("posyandu", self.place.posyandu.clone().unwrap_or_default())
                .arg("place", self.place.text()),
            Grant::Official { role, .. } => {
                Text::new(Key::RoleOfficial).arg("role", Text::new(official_key(*role))).arg("place", self.place.text())
            }
        }
    }
}

fn official_key(role: OfficialRole) -> Key {
    match role {
        OfficialRole::Pokja => Key::OfficialPokja,
        OfficialRole::Pokjanal => Key::OfficialPokjanal,
        OfficialRole::Puskesmas => Key::OfficialPuskesmas,
        OfficialRole::Dinkes => Key::OfficialDinkes,
    }
}

impl Place {
    /// The place of a region, named `name`, with `code`.
    pub fn region(code: &RegionCode, name: String) -> Place {
        Place { posyandu: None, region: code.clone(), region_name: name }
    }

    /// The place's time zone (from its province), for months and times.
    pub fn time_zone(&self) -> Tz {
        self.region.time_zone()
    }

    /// The region with its level word: "Desa Maleku", "Kecamatan Malangke".
    pub fn text(&self) -> Text {
        let key = match self.region.level() {
            Level::Provinsi => Key::PlaceProvinsi,
            Level::Kabupaten => Key::PlaceKabupaten,
            Level::Kecamatan => Key::PlaceKecamatan,
            Level::Desa if self.region.is_kelurahan() => Key::PlaceKelurahan,
            Level::Desa => Key::PlaceDesa,
        };
        Text::new(key).arg("name", self.region_name.as_str())
    }
}

impl Invite {
    /// Why this invite cannot be used now, or `None` when it can.
    pub fn problem(&self, now: DateTime<Utc>) -> Option<Text> {
        let code = self.code.to_string();
        if now >= self.expires_at {
            let date = self.expires_at.with_timezone(&self.time_zone).format("%d-%m-%Y").to_string();
            Some(Text::new(Key::InviteExpired).arg("code", code).arg("date", date))
        } else if self.used >= self.max_uses {
            Some(Text::new(Key::InviteUsedUp).arg("code", code))
        } else {
            None
        }
    }
}
