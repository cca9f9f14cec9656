//! What a step knows besides the conversation: the moment, the person, the
//! form and settings, and the data it asks the shell to load.
//!
//! A step reads stored data only through [`Context::invite`],
//! [`Context::reports`], [`Context::status`], [`Context::invitation`] and,
//! for the meeting wizard, [`Context::child_regions`],
//! [`Context::search_regions`] and [`Context::audience_size`], and for the
//! organizer's meetings [`Context::organized`], [`Context::owned_meeting`],
//! [`Context::unreached`] and [`Context::attendance`], and for `/rekap`
//! [`Context::digest`], [`Context::digest_trend`] and
//! [`Context::digest_missing`] and [`Context::section_months`], for `/strata` [`Context::strata`], and for
//! `/langganan` [`Context::subscriptions`], for `/hubungkan`
//! [`Context::linking`], [`Context::link_code`] and
//! [`Context::fresh_link_code`]. What is not loaded
//! yet is noted as asked for; the shell ([`crate::engine`]) loads exactly that
//! and runs the step again (it is pure, so the second run is the real one).
//! So deciding what to load is never a second copy of the step's branching.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use super::{Person, Settings};
use crate::domain::digest::{AreaDigest, PosyanduRef, Totals};
use crate::domain::form::Form;
use crate::domain::form::packs::Forms;
use crate::domain::invitation::InvitationView;
use crate::domain::invite::InviteCode;
use crate::domain::lang::Lang;
use crate::domain::link::{LinkCode, LinkLookup, Linking};
use crate::domain::meeting::{Invitee, Meeting};
use crate::domain::organizer::{Attendee, Organized, Unreached};
use crate::domain::people::{InviteLookup, Place};
use crate::domain::periode::Periode;
use crate::domain::region::RegionCode;
use crate::domain::report::ReportLookup;
use crate::domain::schedule::Subscription;
use crate::domain::section_month::SectionMonth;
use crate::store::strata::Summary as StrataSummary;

pub use super::report::PosyanduStatus;

/// What the shell loaded for this step.
#[derive(Debug)]
pub struct Context {
    pub now: DateTime<Utc>,
    /// The registered person behind this chat, if any.
    pub person: Option<Person>,
    /// The name the user's messaging profile shows, to suggest at registration.
    pub profile_name: Option<String>,
    /// The form packs in use.
    pub forms: Arc<Forms>,
    pub settings: Settings,
    /// When this chat's conversation last changed (`None`: never).
    pub last_active: Option<DateTime<Utc>>,
    /// The platform's id of the message whose button was pressed, so a
    /// reply can replace it.
    pub tapped: Option<String>,
    /// Stored data loaded because a step asked for it.
    pub loaded: Loaded,
    /// What steps asked for and did not find in `loaded` (a lock only so
    /// that a context can be shared across threads; a step runs on one).
    asked: Mutex<Needs>,
}

impl Clone for Context {
    /// A copy with the same data loaded and nothing asked yet.
    fn clone(&self) -> Context {
        Context {
            now: self.now,
            person: self.person.clone(),
            profile_name: self.profile_name.clone(),
            forms: self.forms.clone(),
            settings: self.settings.clone(),
            last_active: self.last_active,
            tapped: self.tapped.clone(),
            loaded: self.loaded.clone(),
            asked: Mutex::default(),
        }
    }
}

/// Stored data, loaded on request.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    /// Invites looked up by code (found or not).
    pub invites: Vec<InviteLookup>,
    /// A posyandu's saved report for a month and the month before.
    pub reports: Vec<(i64, Periode, ReportLookup)>,
    /// For `/status`: each of the person's posyandu with its recent months.
    pub status: Option<Vec<PosyanduStatus>>,
    /// The person's invitations to meetings, by meeting id (`None`: not invited).
    pub invitations: Vec<(i64, Option<InvitationView>)>,
    /// Current regions one level below a region.
    pub children: Vec<(RegionCode, Vec<Place>)>,
    /// Current regions under a region whose name contains a text.
    pub searches: Vec<(RegionCode, String, Vec<Place>)>,
    /// How many people a meeting in an area for these invitees reaches.
    pub audiences: Vec<(RegionCode, Vec<Invitee>, i64)>,
    /// The person's meetings for `/rapat`, and how many more there are.
    pub organized: Option<(Vec<Organized>, i64)>,
    /// Meetings by id, when the person organized them.
    pub owned: Vec<(i64, Option<Meeting>)>,
    /// Pages (meeting, offset) of those to follow up, when the person organized the meeting.
    pub unreached: Vec<(i64, i64, Option<Unreached>)>,
    /// Pages (meeting, offset) of the attendance list, when the person organized the meeting.
    pub attendance: Vec<(i64, i64, Option<AttendancePage>)>,
    /// Digests of an area and month.
    pub digests: Vec<(RegionCode, Periode, AreaDigest)>,
    /// An area's month by section of its form pack.
    pub section_months: Vec<(RegionCode, Periode, Vec<SectionMonth>)>,
    /// An area's months up to one (12 of them), for the trend chart.
    pub trends: Vec<(RegionCode, Periode, Trend)>,
    /// Pages (area, month, offset) of the posyandu not yet reported, and how many in all.
    pub missing: Vec<(RegionCode, Periode, i64, MissingPage)>,
    /// Strata of an area's posyandu over months (from, to), naming the
    /// Pratama ones from an offset.
    pub strata: Vec<(RegionCode, Periode, Periode, i64, StrataSummary)>,
    /// Workbooks of an area for months (from, to), in a language.
    pub workbooks: Vec<(RegionCode, Periode, Periode, Lang, Workbook)>,
    /// The person's scheduled digests and whether each is on.
    pub subscriptions: Option<Vec<(Subscription, bool)>>,
    /// The chat's accounts and wrong link codes lately.
    pub linking: Option<Linking>,
    /// Link codes looked up (found or not).
    pub link_codes: Vec<LinkLookup>,
    /// A new link code no one holds.
    pub fresh_link_code: Option<LinkCode>,
}

/// An area's workbook (.xlsx bytes), or why it cannot be made.
pub type Workbook = Result<Vec<u8>, crate::i18n::Text>;

/// An area's totals month by month, oldest first.
pub type Trend = Vec<(Periode, Totals)>;

/// A page of the posyandu not yet reported, and how many in all.
pub type MissingPage = (Vec<PosyanduRef>, i64);

/// A page of a meeting's attendance list: the meeting, the page, and how
/// many invitees in all.
pub type AttendancePage = (Meeting, Vec<Attendee>, i64);

/// What a step asked for that was not loaded.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Needs {
    pub invites: Vec<InviteCode>,
    /// Posyandu and months: their saved reports and the months before's.
    pub reports: Vec<(i64, Periode)>,
    /// The person's posyandu and their recent months.
    pub status: bool,
    /// Meetings whose invitation to the person is wanted.
    pub invitations: Vec<i64>,
    /// Regions whose current children to list.
    pub children: Vec<RegionCode>,
    /// Name searches: within a region, for a text.
    pub searches: Vec<(RegionCode, String)>,
    /// Audiences to count: an area and the invited roles.
    pub audiences: Vec<(RegionCode, Vec<Invitee>)>,
    /// The person's meetings for `/rapat`.
    pub organized: bool,
    /// Meetings the person may have organized.
    pub owned: Vec<i64>,
    /// Pages (meeting, offset) of those to follow up.
    pub unreached: Vec<(i64, i64)>,
    /// Pages (meeting, offset) of the attendance list.
    pub attendance: Vec<(i64, i64)>,
    /// Digests to compute: an area and a month.
    pub digests: Vec<(RegionCode, Periode)>,
    /// An area's month by section: an area and a month.
    pub section_months: Vec<(RegionCode, Periode)>,
    /// Trends to compute: an area and the last month.
    pub trends: Vec<(RegionCode, Periode)>,
    /// Pages of the posyandu not yet reported: area, month, offset.
    pub missing: Vec<(RegionCode, Periode, i64)>,
    /// Strata to work out: an area, months (from, to), the first Pratama named.
    pub strata: Vec<(RegionCode, Periode, Periode, i64)>,
    /// Workbooks to write: an area, the first and last month, the language.
    pub workbooks: Vec<(RegionCode, Periode, Periode, Lang)>,
    /// The person's scheduled digests.
    pub subscriptions: bool,
    /// The chat's accounts and wrong link codes lately.
    pub linking: bool,
    /// Link codes to look up.
    pub link_codes: Vec<LinkCode>,
    /// A new link code.
    pub fresh_link_code: bool,
}

impl Context {
    pub fn new(now: DateTime<Utc>, person: Option<Person>, forms: Arc<Forms>, settings: Settings) -> Context {
        Context {
            now,
            person,
            profile_name: None,
            forms,
            settings,
            last_active: None,
            tapped: None,
            loaded: Loaded::default(),
            asked: Mutex::default(),
        }
    }

    /// The form pack a posyandu in `region` reports with.
    pub fn form(&self, region: &RegionCode) -> &Form {
        self.forms.for_region(region)
    }

    /// The invite for `code` as stored (or its absence); `None` until loaded.
    pub fn invite(&self, code: &InviteCode) -> Option<&InviteLookup> {
        let found = self.loaded.invites.iter().find(|i| i.code() == code);
        if found.is_none() {
            self.asked().invites.push(code.clone());
        }
        found
    }

    /// The saved sections of `posyandu` for `periode` and the month before,
    /// and the stages it serves (none until loaded).
    pub fn reports(&self, posyandu: i64, periode: Periode) -> ReportLookup {
        let found = self.loaded.reports.iter().find(|(p, m, _)| *p == posyandu && *m == periode);
        match found {
            Some((_, _, lookup)) => lookup.clone(),
            None => {
                let mut asked = self.asked();
                if !asked.reports.contains(&(posyandu, periode)) {
                    asked.reports.push((posyandu, periode));
                }
                ReportLookup::default()
            }
        }
    }

    /// The person's posyandu with their recent months (empty until loaded).
    pub fn status(&self) -> &[PosyanduStatus] {
        match &self.loaded.status {
            Some(status) => status,
            None => {
                self.asked().status = true;
                &[]
            }
        }
    }

    /// The person's invitation to meeting `meeting_id`; `None` until loaded,
    /// and when they are not invited.
    pub fn invitation(&self, meeting_id: i64) -> Option<&InvitationView> {
        match self.loaded.invitations.iter().find(|(id, _)| *id == meeting_id) {
            Some((_, view)) => view.as_ref(),
            None => {
                self.asked().invitations.push(meeting_id);
                None
            }
        }
    }

    /// The current regions one level below `code`; `None` until loaded.
    pub fn child_regions(&self, code: &RegionCode) -> Option<&[Place]> {
        let found = self.loaded.children.iter().find(|(c, _)| c == code);
        if found.is_none() {
            self.asked().children.push(code.clone());
        }
        found.map(|(_, places)| places.as_slice())
    }

    /// Current regions under `within` (not itself) whose name contains
    /// `text`; `None` until loaded.
    pub fn search_regions(&self, within: &RegionCode, text: &str) -> Option<&[Place]> {
        let found = self.loaded.searches.iter().find(|(w, t, _)| w == within && t == text);
        if found.is_none() {
            self.asked().searches.push((within.clone(), text.to_owned()));
        }
        found.map(|(_, _, places)| places.as_slice())
    }

    /// How many people a meeting for `invitees` in `area` reaches (never the
    /// organizer); `None` until loaded.
    pub fn audience_size(&self, area: &RegionCode, invitees: &[Invitee]) -> Option<i64> {
        let found = self.loaded.audiences.iter().find(|(a, i, _)| a == area && i == invitees);
        if found.is_none() {
            self.asked().audiences.push((area.clone(), invitees.to_vec()));
        }
        found.map(|(_, _, size)| *size)
    }

    /// The person's meetings for `/rapat` and how many more there are;
    /// `None` until loaded.
    pub fn organized(&self) -> Option<&(Vec<Organized>, i64)> {
        if self.loaded.organized.is_none() {
            self.asked().organized = true;
        }
        self.loaded.organized.as_ref()
    }

    /// Meeting `id` when the person organized it (`Some(None)` when not);
    /// `None` until loaded.
    pub fn owned_meeting(&self, id: i64) -> Option<&Option<Meeting>> {
        let found = self.loaded.owned.iter().find(|(m, _)| *m == id);
        if found.is_none() {
            self.asked().owned.push(id);
        }
        found.map(|(_, meeting)| meeting)
    }

    /// The page at `offset` of those invited to meeting `id` who have not
    /// answered or could not be reached (`Some(None)` when the person did
    /// not organize it); `None` until loaded.
    pub fn unreached(&self, id: i64, offset: i64) -> Option<&Option<Unreached>> {
        let found = self.loaded.unreached.iter().find(|(m, o, _)| *m == id && *o == offset);
        if found.is_none() {
            self.asked().unreached.push((id, offset));
        }
        found.map(|(_, _, page)| page)
    }

    /// The page at `offset` of meeting `id`'s attendance list (`Some(None)`
    /// when the person did not organize it); `None` until loaded.
    pub fn attendance(&self, id: i64, offset: i64) -> Option<&Option<AttendancePage>> {
        let found = self.loaded.attendance.iter().find(|(m, o, _)| *m == id && *o == offset);
        if found.is_none() {
            self.asked().attendance.push((id, offset));
        }
        found.map(|(_, _, page)| page)
    }

    /// The digest of `area` for `periode`; `None` until loaded. The step
    /// checks the area against the person's regions before asking.
    pub fn digest(&self, area: &RegionCode, periode: Periode) -> Option<&AreaDigest> {
        let found = self.loaded.digests.iter().find(|(a, p, _)| a == area && *p == periode);
        if found.is_none() {
            self.asked().digests.push((area.clone(), periode));
        }
        found.map(|(_, _, digest)| digest)
    }

    /// The month of `area` by section of its form pack; `None` until loaded.
    pub fn section_months(&self, area: &RegionCode, periode: Periode) -> Option<&[SectionMonth]> {
        let found = self.loaded.section_months.iter().find(|(a, p, _)| a == area && *p == periode);
        if found.is_none() {
            self.asked().section_months.push((area.clone(), periode));
        }
        found.map(|(_, _, months)| months.as_slice())
    }

    /// The totals of `area` for the twelve months up to `periode`; `None` until loaded.
    pub fn digest_trend(&self, area: &RegionCode, periode: Periode) -> Option<&[(Periode, Totals)]> {
        let found = self.loaded.trends.iter().find(|(a, p, _)| a == area && *p == periode);
        if found.is_none() {
            self.asked().trends.push((area.clone(), periode));
        }
        found.map(|(_, _, trend)| trend.as_slice())
    }

    /// A page of the posyandu of `area` not yet reported for `periode`, and
    /// how many in all; `None` until loaded.
    pub fn digest_missing(&self, area: &RegionCode, periode: Periode, offset: i64) -> Option<&MissingPage> {
        let found = self.loaded.missing.iter().find(|(a, p, o, _)| a == area && *p == periode && *o == offset);
        if found.is_none() {
            self.asked().missing.push((area.clone(), periode, offset));
        }
        found.map(|(_, _, _, page)| page)
    }

    /// The strata of the posyandu of `area` over the months `from` to `to`,
    /// with a page of the Pratama ones from `offset`; `None` until loaded.
    pub fn strata(&self, area: &RegionCode, from: Periode, to: Periode, offset: i64) -> Option<&StrataSummary> {
        let found =
            self.loaded.strata.iter().find(|(a, f, t, o, _)| a == area && *f == from && *t == to && *o == offset);
        if found.is_none() {
            self.asked().strata.push((area.clone(), from, to, offset));
        }
        found.map(|(.., summary)| summary)
    }

    /// The workbook of `area` for the months `from..=to`, in `lang`;
    /// `None` until loaded.
    pub fn workbook(&self, area: &RegionCode, from: Periode, to: Periode, lang: Lang) -> Option<&Workbook> {
        let found =
            self.loaded.workbooks.iter().find(|(a, f, t, l, _)| a == area && *f == from && *t == to && *l == lang);
        if found.is_none() {
            self.asked().workbooks.push((area.clone(), from, to, lang));
        }
        found.map(|(.., workbook)| workbook)
    }

    /// The person's scheduled digests and whether each is on; `None`
    /// until loaded.
    pub fn subscriptions(&self) -> Option<&[(Subscription, bool)]> {
        if self.loaded.subscriptions.is_none() {
            self.asked().subscriptions = true;
        }
        self.loaded.subscriptions.as_deref()
    }

    /// The accounts of this chat's user (the person's, or this one alone
    /// for a stranger) and the wrong link codes typed here lately; `None`
    /// until loaded.
    pub fn linking(&self) -> Option<&Linking> {
        if self.loaded.linking.is_none() {
            self.asked().linking = true;
        }
        self.loaded.linking.as_ref()
    }

    /// The link code `code` as stored (or its absence); `None` until loaded.
    pub fn link_code(&self, code: &LinkCode) -> Option<&LinkLookup> {
        let found = self.loaded.link_codes.iter().find(|l| l.code() == code);
        if found.is_none() {
            self.asked().link_codes.push(code.clone());
        }
        found
    }

    /// A new link code that no one holds now; `None` until loaded.
    pub fn fresh_link_code(&self) -> Option<&LinkCode> {
        if self.loaded.fresh_link_code.is_none() {
            self.asked().fresh_link_code = true;
        }
        self.loaded.fresh_link_code.as_ref()
    }

    /// What the step just run asked for and did not find, if anything;
    /// forgets it, ready for the next run.
    pub fn take_asked(&self) -> Option<Needs> {
        let asked = std::mem::take(&mut *self.asked());
        (asked != Needs::default()).then_some(asked)
    }

    fn asked(&self) -> std::sync::MutexGuard<'_, Needs> {
        self.asked.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
