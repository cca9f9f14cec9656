//! Domain types that are parsed once at the edge and trusted inside:
//! region codes and levels, invite codes, roles, languages.

pub mod invite;
pub mod lang;
pub mod region;
pub mod role;
