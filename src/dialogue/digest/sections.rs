//! The digest's message by section of the form pack: for each section how
//! many posyandu sent it of those expected, its key figures with their
//! natural denominators (KEK of the pregnant women measured, high blood
//! pressure of those measured, …) beside last month's, and its red flags.

use crate::domain::form::{Figure, Form, Section};
use crate::domain::periode::Periode;
use crate::domain::section_month::SectionMonth;
use crate::domain::skdn;
use crate::i18n::{Arg, Key, Text};
use crate::reply::Reply;

use super::super::report::periode_text;

/// "Per bagian · Oktober 2026" with a line per section.
pub fn reply(form: &Form, months: &[SectionMonth], periode: Periode) -> Reply {
    let lines: Vec<Text> = months.iter().filter_map(|month| Some(line(form.section(&month.section)?, month))).collect();
    Reply::new(Text::new(Key::DigestSections).arg("periode", periode_text(periode)).arg("lines", lines))
}

/// "Ibu hamil, nifas dan menyusui: 8 dari 10 posyandu" and its figures.
fn line(section: &Section, month: &SectionMonth) -> Text {
    let mut figures: Vec<Text> = section.figures.iter().map(|f| figure(f, month)).collect();
    if month.red_flags > 0 {
        figures.push(Text::new(Key::DigestSectionFlags).arg("count", Arg::Count(month.red_flags)));
    }
    Text::new(Key::DigestSectionLine)
        .arg("section", section.name.text())
        .arg("reported", Arg::Count(month.reported))
        .arg("expected", Arg::Count(month.expected))
        .arg("figures", Arg::Lines(figures))
}

/// "KEK 2 dari 10 LILA (20 %; bulan lalu 15 %)" or "RUJI 3 (bulan lalu 1)".
fn figure(figure: &Figure, month: &SectionMonth) -> Text {
    let get = |totals: &std::collections::BTreeMap<String, i64>, code: &str| totals.get(code).copied().unwrap_or(0);
    let part = get(&month.this_month, &figure.part);
    match &figure.of {
        Some(of) => {
            let share = |totals| skdn::ratio(get(totals, &figure.part), get(totals, of));
            Text::new(Key::DigestFigureShare)
                .arg("part", figure.part.as_str())
                .arg("count", Arg::Count(part))
                .arg("of", of.as_str())
                .arg("den", Arg::Count(get(&month.this_month, of)))
                .arg("percent", Arg::Percent(share(&month.this_month)))
                .arg("last", Arg::Percent(share(&month.last_month)))
        }
        None => Text::new(Key::DigestFigureCount)
            .arg("part", figure.part.as_str())
            .arg("count", Arg::Count(part))
            .arg("last", Arg::Count(get(&month.last_month, &figure.part))),
    }
}
