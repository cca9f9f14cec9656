//! `/strata [tahun]`: how an official's posyandu stand in the yearly
//! review (Pratama, Madya, Purnama/Mandiri), from the months of the year
//! that have ended, with the criteria the monthly report covers named and
//! the Pratama posyandu listed for a visit, a page at a time.

use strum::IntoEnumIterator;

use super::{area_name, home, refuse_kader, time_zone};
use crate::dialogue::report::periode_text;
use crate::dialogue::{Context, Conversation, Step};
use crate::domain::lang::Lang;
use crate::domain::periode::Periode;
use crate::domain::skdn;
use crate::domain::strata::{MIN_DS, MIN_KADER, MIN_MONTHS_OPEN, Stratum};
use crate::i18n::{Arg, Key, Text};
use crate::reply::{Button, Reply, Tap};
use crate::store::strata::{NAMED, Summary};

/// `/strata`, with a year if typed; the official's own region.
pub fn start(conversation: Conversation, year: Option<&str>, ctx: &Context) -> Step {
    let Some(area) = home(ctx) else { return refuse_kader(conversation, ctx) };
    let last_ended = Periode::containing(ctx.now, time_zone(&area)).previous();
    let Some((from, to)) = months(year.map(|y| y.trim().parse::<i32>().ok()), last_ended) else {
        let text = Text::new(Key::StrataBadYear).arg("typed", crate::dialogue::clip(year.unwrap_or(""), 12));
        return Step::to(conversation).reply(text).reprompt(ctx);
    };
    let Some(summary) = ctx.strata(&area, from, to, 0) else { return Step::to(conversation) };
    let counts: Vec<Text> = Stratum::iter()
        .map(|stratum| {
            let count = summary.counts.get(&stratum).copied().unwrap_or(0);
            Text::new(Key::StrataCount).arg("stratum", Text::new(stratum_key(stratum))).arg("count", Arg::Count(count))
        })
        .collect();
    let text = Text::new(Key::StrataSummary)
        .arg("area", area_name(ctx, &area))
        .arg("from", periode_text(from))
        .arg("to", periode_text(to))
        .arg("counts", counts)
        .arg("months", MIN_MONTHS_OPEN)
        .arg("kader", MIN_KADER as i64)
        .arg("ds", Arg::Percent(Some(MIN_DS)));
    let lang = conversation.lang;
    let mut step = Step::to(conversation).reply(text);
    if !summary.pratama.is_empty() {
        step = step.reply(pratama(summary, from.year(), 0, lang));
    }
    step.reprompt(ctx)
}

/// A page of the Pratama posyandu of the year, in place of the page tapped.
pub fn on_tap(conversation: Conversation, year: i32, offset: i64, ctx: &Context) -> Step {
    let Some(area) = home(ctx) else { return refuse_kader(conversation, ctx) };
    let last_ended = Periode::containing(ctx.now, time_zone(&area)).previous();
    let Some((from, to)) = months(Some(Some(year)), last_ended) else {
        return Step::to(conversation).reply(Key::ButtonExpired).reprompt(ctx);
    };
    let Some(summary) = ctx.strata(&area, from, to, offset) else { return Step::to(conversation) };
    let reply = pratama(summary, year, offset, conversation.lang);
    let reply = match &ctx.tapped {
        Some(message) => reply.editing(message.clone()),
        None => reply,
    };
    Step::to(conversation).reply(reply).reprompt(ctx)
}

/// The months of `year` reviewed: all twelve of a year gone, those ended
/// of the current one; `None` (no year) the current one. `None` for a year
/// not understood or ahead.
fn months(year: Option<Option<i32>>, last_ended: Periode) -> Option<(Periode, Periode)> {
    match year {
        None => Some((Periode::new(last_ended.year(), 1)?, last_ended)),
        Some(Some(y)) if y < last_ended.year() => Some((Periode::new(y, 1)?, Periode::new(y, 12)?)),
        Some(Some(y)) if y == last_ended.year() => Some((Periode::new(y, 1)?, last_ended)),
        Some(_) => None,
    }
}

/// The page of the Pratama posyandu from `offset`: how many in all, those
/// named, how many follow, and the buttons to the pages around it.
fn pratama(summary: &Summary, year: i32, offset: i64, lang: Lang) -> Reply {
    let mut rows: Vec<Text> = summary
        .pratama
        .iter()
        .map(|(posyandu, year)| {
            Text::new(Key::StrataPratamaRow)
                .arg("posyandu", posyandu.name.as_str())
                .arg("desa", posyandu.desa_name.as_str())
                .arg("months", year.months_open)
                .arg("kader", year.kader().map_or_else(|| "–".to_owned(), |k| skdn::decimal(k, 1, lang)))
        })
        .collect();
    let total = summary.counts.get(&Stratum::Pratama).copied().unwrap_or(0);
    let shown = offset + summary.pratama.len() as i64;
    if total > shown {
        rows.push(Text::new(Key::DigestMoreRows).arg("count", Arg::Count(total - shown)));
    }
    let text = match offset {
        0 => Text::new(Key::StrataPratama).arg("count", Arg::Count(total)).arg("rows", rows),
        _ => Text::new(Key::StrataPratamaPage)
            .arg("count", Arg::Count(total))
            .arg("from", (offset + 1).min(total))
            .arg("to", shown.min(total))
            .arg("rows", rows),
    };
    let page = NAMED as i64;
    let mut pages = Vec::new();
    if offset > 0 {
        pages.push(Button::new(Key::BtnPreviousPage, Tap::StrataPratama(year, (offset - page).max(0))));
    }
    if total > shown {
        pages.push(Button::new(Key::BtnNextPage, Tap::StrataPratama(year, offset + page)));
    }
    let reply = Reply::new(text);
    if pages.is_empty() { reply } else { reply.row(pages) }
}

fn stratum_key(stratum: Stratum) -> Key {
    match stratum {
        Stratum::Pratama => Key::StrataPratamaName,
        Stratum::Madya => Key::StrataMadya,
        Stratum::PurnamaMandiri => Key::StrataPurnamaMandiri,
        Stratum::Unknown => Key::StrataUnknown,
    }
}
