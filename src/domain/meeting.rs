//! Coordination meetings: what an official announces to their area (a
//! Pokjanal / Tim Pembina rakor, a Puskesmas lokakarya mini, a kader
//! meeting), who is invited, and how each invitee answers.
//!
//! Only the records live here; the wizard that makes a meeting is in the
//! dialogue, and sending invitations and reminders goes through the outbox.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::region::RegionCode;

/// What kind of meeting (domain.md §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "kebab-case")]
#[serde(rename_all = "kebab-case")]
pub enum MeetingKind {
    /// Rapat koordinasi of the Pokjanal / Tim Pembina Posyandu.
    Rakor,
    /// Lokakarya mini of a Puskesmas.
    Lokmin,
    /// The monthly meeting of a posyandu's or desa's kader.
    PertemuanKader,
    Lainnya,
}

/// Who of an area is invited: kader of its posyandu, or officials of a role
/// whose scope lies in it.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[strum(serialize_all = "lowercase")]
#[serde(rename_all = "lowercase")]
pub enum Invitee {
    Kader,
    Pokja,
    Puskesmas,
    Pokjanal,
    Dinkes,
}

/// An invitee's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "kebab-case")]
#[serde(rename_all = "kebab-case")]
pub enum Answer {
    /// Hadir.
    Yes,
    /// Tidak bisa hadir.
    No,
    /// Diwakilkan: someone else comes in their place.
    Delegate,
}

/// A meeting as the organizer sets it up, before it is saved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewMeeting {
    pub kind: MeetingKind,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub place: String,
    /// A shared location, when the organizer sent one.
    pub location: Option<(f64, f64)>,
    pub agenda: Option<String>,
    /// Everyone invited lives or works in this region (the organizer's own
    /// region or a part of it).
    pub area: RegionCode,
    pub invitees: Vec<Invitee>,
    /// Answers are asked for by then; reminders follow it.
    pub answer_by: Option<DateTime<Utc>>,
}

/// A saved meeting.
#[derive(Clone, Debug, PartialEq)]
pub struct Meeting {
    pub id: i64,
    pub organizer_id: i64,
    pub organizer_name: String,
    pub details: NewMeeting,
    pub cancelled: bool,
    /// Bumped by every change, so calendars replace the old entry.
    pub sequence: u32,
}

/// The most characters of a title, a place and an agenda: an invitation
/// with all three stays well within one Telegram message (4,096).
pub const MAX_TITLE: usize = 120;
pub const MAX_PLACE: usize = 200;
pub const MAX_AGENDA: usize = 1500;

impl Answer {
    /// The one-letter form used in button data.
    pub fn letter(self) -> char {
        match self {
            Answer::Yes => 'y',
            Answer::No => 'n',
            Answer::Delegate => 'd',
        }
    }

    pub fn from_letter(letter: &str) -> Option<Answer> {
        match letter {
            "y" => Some(Answer::Yes),
            "n" => Some(Answer::No),
            "d" => Some(Answer::Delegate),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl Invitee {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The invitee named by [`Invitee::as_str`].
    pub fn from_name(name: &str) -> Option<Invitee> {
        <Invitee as strum::IntoEnumIterator>::iter().find(|i| i.as_str() == name)
    }
}

impl MeetingKind {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The kind named by [`MeetingKind::as_str`].
    pub fn from_name(name: &str) -> Option<MeetingKind> {
        <MeetingKind as strum::IntoEnumIterator>::iter().find(|k| k.as_str() == name)
    }
}
