//! `/status`: for each of the kader's posyandu, whether this month and last
//! month are reported.

use chrono::{DateTime, Utc};

use super::{kader_targets, periode_text};
use crate::dialogue::Context;
use crate::domain::periode::Periode;
use crate::i18n::{Key, Text};
use crate::reply::Reply;

/// What the shell loads for `/status`: one posyandu and, for each month of
/// [`status_periodes`], the saved revision if any.
#[derive(Clone, Debug, PartialEq)]
pub struct PosyanduStatus {
    pub posyandu_id: i64,
    pub months: Vec<(Periode, Option<i64>)>,
}

/// The months `/status` shows for a posyandu in time zone `tz`: this one and the last.
pub fn status_periodes(now: DateTime<Utc>, tz: chrono_tz::Tz) -> [Periode; 2] {
    let current = Periode::containing(now, tz);
    [current, current.previous()]
}

pub fn status(ctx: &Context) -> Reply {
    let targets = ctx.person.as_ref().map(kader_targets).unwrap_or_default();
    if targets.is_empty() {
        return Reply::new(Key::ReportNotKader);
    }
    let mut lines = Vec::new();
    for target in targets {
        lines.push(Text::new(Key::StatusPosyandu).arg("posyandu", target.name.as_str()));
        let months =
            ctx.status().iter().find(|s| s.posyandu_id == target.id).map(|s| s.months.clone()).unwrap_or_default();
        for (periode, revision) in months {
            lines.push(match revision {
                Some(revision) => {
                    Text::new(Key::StatusSent).arg("periode", periode_text(periode)).arg("revision", revision)
                }
                None => Text::new(Key::StatusMissing).arg("periode", periode_text(periode)),
            });
        }
    }
    Reply::new(Text::new(Key::Status).arg("lines", lines))
}
