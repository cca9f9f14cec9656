//! One area's month by section of the form pack, for the digest: how many
//! posyandu serving the section's stage are expected and how many sent it,
//! the section's totals this month and last, and its red flags.

use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SectionMonth {
    pub section: String,
    pub expected: i64,
    pub reported: i64,
    /// Totals by indicator code over the area's reports of the month.
    pub this_month: BTreeMap<String, i64>,
    pub last_month: BTreeMap<String, i64>,
    pub red_flags: i64,
}
