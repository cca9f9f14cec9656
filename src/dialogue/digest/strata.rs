//! `/strata [tahun]`: how an official's posyandu stand in the yearly
//! review (Pratama, Madya, Purnama/Mandiri), from the months of the year
//! that have ended, with the criteria the monthly report covers named and
//! the first Pratama posyandu listed for a visit.

use strum::IntoEnumIterator;

use super::{area_name, home, refuse_kader, time_zone};
use crate::dialogue::report::periode_text;
use crate::dialogue::{Context, Conversation, Reply, Step};
use crate::domain::periode::Periode;
use crate::domain::skdn;
use crate::domain::strata::{MIN_DS, MIN_KADER, MIN_MONTHS_OPEN, Stratum};
use crate::i18n::{Arg, Key, Text};

/// `/strata`, with a year if typed; the official's own region.
pub fn start(conversation: Conversation, year: Option<&str>, ctx: &Context) -> Step {
    let Some(area) = home(ctx) else { return refuse_kader(conversation, ctx) };
    let last_ended = Periode::containing(ctx.now, time_zone(&area)).previous();
    let (from, to) = match year.map(|y| y.trim().parse::<i32>()) {
        None => (Periode::new(last_ended.year(), 1), Some(last_ended)),
        Some(Ok(y)) if y < last_ended.year() => (Periode::new(y, 1), Periode::new(y, 12)),
        Some(Ok(y)) if y == last_ended.year() => (Periode::new(y, 1), Some(last_ended)),
        Some(_) => {
            let text = Text::new(Key::StrataBadYear).arg("typed", crate::dialogue::clip(year.unwrap_or(""), 12));
            return Step::to(conversation).reply(text).reprompt(ctx);
        }
    };
    let (Some(from), Some(to)) = (from, to) else { return Step::to(conversation).reply(Key::StrataBadYear) };
    let Some(summary) = ctx.strata(&area, from, to) else { return Step::to(conversation) };
    let counts: Vec<Text> = Stratum::iter()
        .map(|stratum| {
            let count = summary.counts.get(&stratum).copied().unwrap_or(0);
            Text::new(Key::StrataCount).arg("stratum", Text::new(stratum_key(stratum))).arg("count", Arg::Count(count))
        })
        .collect();
    let pratama: Vec<Text> = summary
        .pratama
        .iter()
        .map(|(posyandu, year)| {
            Text::new(Key::StrataPratamaRow)
                .arg("posyandu", posyandu.name.as_str())
                .arg("desa", posyandu.desa_name.as_str())
                .arg("months", year.months_open)
                .arg("kader", year.kader().map_or_else(|| "–".to_owned(), |k| skdn::decimal(k, 1, conversation.lang)))
        })
        .collect();
    let total_pratama = summary.counts.get(&Stratum::Pratama).copied().unwrap_or(0);
    let text = Text::new(Key::StrataSummary)
        .arg("area", area_name(ctx, &area))
        .arg("from", periode_text(from))
        .arg("to", periode_text(to))
        .arg("counts", counts)
        .arg("months", MIN_MONTHS_OPEN)
        .arg("kader", MIN_KADER as i64)
        .arg("ds", Arg::Percent(Some(MIN_DS)));
    let mut step = Step::to(conversation).reply(text);
    if !pratama.is_empty() {
        let list = Text::new(Key::StrataPratama).arg("count", Arg::Count(total_pratama)).arg("rows", pratama);
        step = step.reply(Reply::new(list));
    }
    step.reprompt(ctx)
}

fn stratum_key(stratum: Stratum) -> Key {
    match stratum {
        Stratum::Pratama => Key::StrataPratamaName,
        Stratum::Madya => Key::StrataMadya,
        Stratum::PurnamaMandiri => Key::StrataPurnamaMandiri,
        Stratum::Unknown => Key::StrataUnknown,
    }
}
