//! Monthly reports as the store keeps them and the flows share them: a
//! saved revision, the lookup of a month and the month before, and a
//! submission to save.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::periode::Periode;

/// A saved report, as loaded for the dialogue.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedReport {
    pub revision: i64,
    pub values: BTreeMap<String, i64>,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// The saved reports of one posyandu for a month and the month before.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportLookup {
    pub current: Option<SavedReport>,
    pub previous: Option<SavedReport>,
}

/// A report to save.
#[derive(Clone, Debug, PartialEq)]
pub struct Submission {
    pub posyandu_id: i64,
    pub periode: Periode,
    pub values: BTreeMap<String, i64>,
    pub confirmed: Vec<String>,
    /// The revision it replaces (the new one is `base + 1`), or none.
    pub base: Option<i64>,
}
