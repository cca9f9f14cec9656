//! Who a meeting is for: the area (the organizer's region or a part of it,
//! by buttons one level down, paged, or by a name search inside it) and the
//! roles to invite. Nothing outside the organizer's region is ever accepted:
//! every area button is checked against it, so a forged or stale button is
//! refused.

use super::{Area, Organizer, Setup, Stage};
use crate::dialogue::Context;
use crate::domain::meeting::Invitee;
use crate::domain::people::Place;
use crate::domain::region::RegionCode;
use crate::i18n::{Key, Text};
use crate::reply::{Button, Reply, Tap};

/// At most this many region buttons on one page.
pub const PAGE: usize = 8;

/// The fewest characters a name search needs.
const MIN_SEARCH: usize = 3;

/// True when `code` is `scope` or lies under it.
pub fn within(scope: &RegionCode, code: &RegionCode) -> bool {
    let (low, high) = scope.subtree();
    low.as_str() <= code.as_str() && code.as_str() < high.as_str()
}

/// What a tapped area button means for this organizer.
pub enum Picked {
    Area(Area),
    /// Outside the organizer's region: refused.
    Outside,
    /// Not a current region (any more): the button is stale.
    Unknown,
    /// Still loading the names.
    Asked,
}

/// The region behind an area button, checked against the organizer's scope.
pub fn pick(organizer: &Organizer, code: &RegionCode, ctx: &Context) -> Picked {
    if !within(&organizer.region, code) {
        return Picked::Outside;
    }
    if code == &organizer.region {
        return Picked::Area(organizer.area());
    }
    let Some(parent) = code.parent() else { return Picked::Unknown };
    match ctx.child_regions(&parent) {
        None => Picked::Asked,
        Some(children) => match children.iter().find(|c| &c.region == code) {
            Some(place) => Picked::Area(Area::of(place)),
            None => Picked::Unknown,
        },
    }
}

/// The regions inside the organizer's whose name contains `text`: `None`
/// while loading, else the matches (at most one page), or the reply
/// explaining why there are none.
pub fn search(organizer: &Organizer, text: &str, ctx: &Context) -> Option<Result<Vec<Area>, Text>> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    if text.chars().count() < MIN_SEARCH {
        return Some(Err(Text::new(Key::MeetingAreaShort).arg("min", MIN_SEARCH as i64)));
    }
    let text: String = text.chars().take(40).collect();
    let found = ctx.search_regions(&organizer.region, &text)?;
    if found.is_empty() {
        let text = Text::new(Key::MeetingAreaNotFound).arg("text", text).arg("place", organizer.place().text());
        return Some(Err(text));
    }
    Some(Ok(found.iter().filter(|p| within(&organizer.region, &p.region)).take(PAGE).map(Area::of).collect()))
}

/// The area question: the whole region, then either the search results or
/// one page of the regions one level down, with paging buttons.
pub fn area_prompt(setup: &Setup, page: u16, found: &[Area], ctx: &Context) -> Reply {
    let organizer = &setup.organizer;
    let all = Text::new(Key::BtnAreaAll).arg("place", organizer.place().text());
    let mut reply = Reply::new(Text::new(Key::MeetingAskArea).arg("place", organizer.place().text()))
        .row([Button::new(all, Tap::Area(organizer.region.clone()))]);
    if !found.is_empty() {
        reply.text = Text::new(Key::MeetingAreaFound);
        for pair in found.chunks(2) {
            reply = reply.row(pair.iter().map(area_button));
        }
        return reply.row([Button::new(Key::BtnAreaList, Tap::AreaPage(0))]);
    }
    let children = ctx.child_regions(&organizer.region).unwrap_or_default();
    let pages = children.len().div_ceil(PAGE).max(1);
    let page = usize::from(page).min(pages - 1);
    for pair in children.iter().skip(page * PAGE).take(PAGE).collect::<Vec<_>>().chunks(2) {
        reply = reply.row(pair.iter().map(|place| area_button(&Area::of(place))));
    }
    let mut paging = Vec::new();
    if page > 0 {
        paging.push(Button::new(Key::BtnPreviousPage, Tap::AreaPage(page as u16 - 1)));
    }
    if page + 1 < pages {
        paging.push(Button::new(Key::BtnNextPage, Tap::AreaPage(page as u16 + 1)));
    }
    if !paging.is_empty() {
        reply = reply.row(paging);
    }
    reply
}

fn area_button(area: &Area) -> Button {
    Button::new(area.place().text(), Tap::Area(area.code.clone()))
}

/// The roles question: one toggle per role (✅ when chosen), then Lanjut.
pub fn invitees_prompt(setup: &Setup) -> Reply {
    let area = setup.draft.area.as_ref().map_or_else(|| setup.organizer.place().text(), |a| a.place().text());
    let toggle = |invitee: Invitee| {
        let key = if setup.draft.invitees.contains(&invitee) { Key::BtnToggleOn } else { Key::BtnToggleOff };
        Button::new(Text::new(key).arg("label", invitee_text(invitee)), Tap::Invitee(invitee))
    };
    Reply::new(Text::new(Key::MeetingAskInvitees).arg("area", area))
        .row([Invitee::Kader, Invitee::Pokja].map(toggle))
        .row([Invitee::Puskesmas, Invitee::Pokjanal, Invitee::Dinkes].map(toggle))
        .row([Button::new(Key::BtnNext, Tap::Next)])
}

/// Adds or removes `invitee`, keeping the list in order.
pub fn toggle(invitees: &mut Vec<Invitee>, invitee: Invitee) {
    match invitees.iter().position(|i| *i == invitee) {
        Some(at) => {
            invitees.remove(at);
        }
        None => {
            invitees.push(invitee);
            invitees.sort();
        }
    }
}

impl Area {
    pub fn of(place: &Place) -> Area {
        Area { code: place.region.clone(), name: place.region_name.clone() }
    }

    pub fn place(&self) -> Place {
        Place::region(&self.code, self.name.clone())
    }
}

impl Stage {
    /// The area question, first page, no search results.
    pub fn area() -> Stage {
        Stage::Area { page: 0, found: Vec::new() }
    }
}

/// "Kader", "Pokja", … as the wizard names the roles to invite.
pub fn invitee_text(invitee: Invitee) -> Text {
    Text::new(match invitee {
        Invitee::Kader => Key::InviteeKader,
        Invitee::Pokja => Key::InviteePokja,
        Invitee::Puskesmas => Key::InviteePuskesmas,
        Invitee::Pokjanal => Key::InviteePokjanal,
        Invitee::Dinkes => Key::InviteeDinkes,
    })
}
