//! Monthly reports as the store keeps them and the flows share them: a
//! saved section, the lookup of a posyandu's month and the month before,
//! and a submission to save. A report is one section of one posyandu's
//! month ([`crate::domain::form::Section`]).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::form::Stage;
use super::periode::Periode;

/// A saved section, as loaded for the dialogue.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedReport {
    pub revision: i64,
    pub values: BTreeMap<String, i64>,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// One posyandu's month and the month before, every section saved (by
/// section code), and the life stages the posyandu serves.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportLookup {
    pub current: BTreeMap<String, SavedReport>,
    pub previous: BTreeMap<String, SavedReport>,
    /// `None`: every stage.
    pub stages: Option<Vec<Stage>>,
}

impl ReportLookup {
    /// Last month's numbers of every section, for the jump checks.
    pub fn last_month(&self) -> BTreeMap<String, i64> {
        self.previous.values().flat_map(|r| r.values.iter().map(|(c, v)| (c.clone(), *v))).collect()
    }
}

/// An urgent indicator above 0 in a section being saved: the health
/// workers must hear of it at once, not in a monthly digest.
#[derive(Clone, Debug, PartialEq)]
pub struct RedFlag {
    pub posyandu_id: i64,
    pub periode: Periode,
    pub section: String,
    pub code: String,
    pub value: i64,
}

/// A section to save.
#[derive(Clone, Debug, PartialEq)]
pub struct Submission {
    pub posyandu_id: i64,
    pub periode: Periode,
    pub section: String,
    /// The version of the form pack it was made with.
    pub form_version: String,
    pub values: BTreeMap<String, i64>,
    pub confirmed: Vec<String>,
    /// The revision it replaces (the new one is `base + 1`), or none.
    pub base: Option<i64>,
}
