//! A meeting as its organizer follows it: the meetings `/rapat` lists with
//! their tallies, who has not answered or could not be reached, and who
//! came. Loaded by the store, shown by the dialogue.

use super::invitation::Tally;
use super::meeting::Meeting;

/// One of the organizer's meetings with how its invitations stand.
#[derive(Clone, Debug, PartialEq)]
pub struct Organized {
    pub meeting: Meeting,
    pub tally: Tally,
}

/// Why an invitee is on the organizer's list of those to follow up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    /// The invitation arrived; no answer yet.
    Unanswered,
    /// Blocked the bot: nothing reaches them.
    Unreachable,
    /// The invitation was given up after repeated failures.
    Failed,
}

/// One page of the invitees to follow up.
#[derive(Clone, Debug, PartialEq)]
pub struct Unreached {
    pub meeting: Meeting,
    /// Name, the role that brought the invitation, and why.
    pub people: Vec<(String, String, Missing)>,
    pub total: i64,
    /// How many come before this page.
    pub offset: i64,
}

/// An invitee on the attendance list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attendee {
    pub person_id: i64,
    pub name: String,
    /// As recorded, or as they answered when nothing is recorded yet.
    pub came: bool,
}
