//! `/status`: for each of the kader's posyandu, whether this month and last
//! month are reported.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::{kader_targets, periode_text};
use crate::dialogue::Context;
use crate::domain::form::{Section, Stage};
use crate::domain::periode::Periode;
use crate::i18n::{Arg, Key, Text};
use crate::reply::Reply;

/// What the shell loads for `/status`: one posyandu, the stages it serves
/// and, for each month of [`status_periodes`], the sections saved and
/// their revisions.
#[derive(Clone, Debug, PartialEq)]
pub struct PosyanduStatus {
    pub posyandu_id: i64,
    pub stages: Option<Vec<Stage>>,
    pub months: Vec<(Periode, BTreeMap<String, i64>)>,
}

/// The months `/status` shows for a posyandu in time zone `tz`: this one and the last.
pub fn status_periodes(now: DateTime<Utc>, tz: chrono_tz::Tz) -> [Periode; 2] {
    let current = Periode::containing(now, tz);
    [current, current.previous()]
}

/// One month: sent (with its revision when the posyandu reports one
/// section), complete, the sections still missing, or nothing yet.
fn month_line(periode: Periode, served: &[&Section], sent: &BTreeMap<String, i64>) -> Text {
    let missing: Vec<Text> = served.iter().filter(|s| !sent.contains_key(&s.code)).map(|s| s.name.text()).collect();
    let periode_text = periode_text(periode);
    match (served, missing.is_empty()) {
        ([only], true) => Text::new(Key::StatusSent).arg("periode", periode_text).arg("revision", sent[&only.code]),
        (_, true) => Text::new(Key::StatusComplete).arg("periode", periode_text),
        _ if missing.len() == served.len() => Text::new(Key::StatusMissing).arg("periode", periode_text),
        _ => Text::new(Key::StatusPartial).arg("periode", periode_text).arg("sections", Arg::Join(missing)),
    }
}

pub fn status(ctx: &Context) -> Reply {
    let targets = ctx.person.as_ref().map(kader_targets).unwrap_or_default();
    if targets.is_empty() {
        return Reply::new(Key::ReportNotKader);
    }
    let mut lines = Vec::new();
    for target in targets {
        lines.push(Text::new(Key::StatusPosyandu).arg("posyandu", target.name.as_str()));
        let Some(found) = ctx.status().iter().find(|s| s.posyandu_id == target.id) else { continue };
        let served: Vec<&Section> = ctx.form(&target.region).served(found.stages.as_deref()).collect();
        for (periode, sent) in &found.months {
            lines.push(month_line(*periode, &served, sent));
        }
    }
    Reply::new(Text::new(Key::Status).arg("lines", lines))
}
