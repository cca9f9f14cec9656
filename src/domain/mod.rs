//! Domain types that are parsed once at the edge and trusted inside:
//! region codes and levels, invite codes, roles, languages, the report form
//! and its rule expressions, periods, counts and local times; the records
//! the store and several flows share (people and their roles, invites, saved
//! reports; a person's linked accounts and link codes); a meeting's start as typed and shown (`when`) and its calendar
//! file (`ics`).

pub mod channel;
pub mod count;
pub mod digest;
pub mod expr;
pub mod form;
pub mod ics;
pub mod invitation;
pub mod invite;
pub mod lang;
pub mod link;
pub mod local_time;
pub mod meeting;
pub mod organizer;
pub mod people;
pub mod periode;
pub mod region;
pub mod report;
pub mod role;
pub mod schedule;
pub mod section_month;
pub mod skdn;
pub mod strata;
pub mod when;
