//! One synthetic posyandu for `seed`: its name, its kader and a run of
//! months, each with every section of the form pack as its kader sent
//! them. Pure: the same random generator gives the same posyandu.
//!
//! A posyandu has habits for each life stage ([`balita`], [`ibu`],
//! [`remaja`], [`dewasa`]) and for its day ([`kunjungan`]), the sasaran
//! following from the size of its area; months vary around them
//! ([`draw`]), with a rare bad month for every stage at once. Each month
//! the habits give one set of figures over every code the generator
//! knows, so that the sections agree (the visitors are those who came to
//! the others), and each section of the pack takes the indicators it asks
//! that month. About 5 % of months are not reported; a few posyandu stop
//! reporting for the last months. The sections of a month are sent one
//! after the other, each by any of the posyandu's kader, mostly minutes
//! apart; a section that would be sent after now is not there yet.

mod balita;
mod dewasa;
mod draw;
mod ibu;
mod kunjungan;
mod names;
mod remaja;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use rand::Rng;

use crate::domain::form::{Form, Section};
use crate::domain::local_time::at_local;
use crate::domain::periode::Periode;

/// Every figure of one posyandu's month, by code: what its sections take
/// their indicators from. A block not recorded that month is absent.
pub type Figures = BTreeMap<&'static str, i64>;

/// What the figures of every stage in one month share.
pub struct Month {
    /// 1–12.
    pub number: u32,
    /// 1, or lower in a bad month (rain, a holiday): fewer come to everything.
    pub turnout: f64,
}

/// A posyandu as `seed` writes it.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntheticPosyandu {
    pub name: String,
    /// One or two kader, who send the reports.
    pub kader: Vec<String>,
    /// The months reported, oldest first; months not reported are absent.
    pub reports: Vec<MonthReport>,
}

/// One month of a posyandu: the sections its kader sent.
#[derive(Clone, Debug, PartialEq)]
pub struct MonthReport {
    pub periode: Periode,
    /// In the pack's order, which is the order they were sent in.
    pub sections: Vec<SectionReport>,
}

/// One section of a month as a kader sent it: one saved report.
#[derive(Clone, Debug, PartialEq)]
pub struct SectionReport {
    /// The section's code.
    pub section: String,
    pub values: BTreeMap<String, i64>,
    /// What the kader confirmed, as the dialogue stores it: soft rules by
    /// their text, jumps from last month's report as `jump:CODE`.
    pub confirmed: Vec<String>,
    /// The urgent indicators above 0, with their values.
    pub red_flags: Vec<(String, i64)>,
    /// Which of the posyandu's kader sent it (an index into `kader`).
    pub sent_by: usize,
    pub sent_at: DateTime<Utc>,
}

impl MonthReport {
    pub fn section(&self, code: &str) -> Option<&SectionReport> {
        self.sections.iter().find(|s| s.section == code)
    }
}

/// Whether the generator fills indicator `code`.
fn fills(code: &str) -> bool {
    [&balita::CODES[..], &ibu::CODES, &remaja::CODES, &dewasa::CODES, &kunjungan::CODES]
        .iter()
        .any(|codes| codes.contains(&code))
}

/// The indicators `form` requires, in any section, that the generator
/// cannot fill.
pub fn unknown_required(form: &Form) -> Vec<&str> {
    let indicators = form.sections.iter().flat_map(|s| &s.indicators);
    indicators.filter(|i| i.required && !fills(&i.code)).map(|i| i.code.as_str()).collect()
}

/// How one posyandu usually does; months vary around it.
struct Habits {
    balita: balita::Habits,
    ibu: ibu::Habits,
    remaja: remaja::Habits,
    dewasa: dewasa::Habits,
    kunjungan: kunjungan::Habits,
    /// The chance that a month goes unreported.
    forgets: f64,
    /// The chance that a report comes after the 5th of the next month.
    late: f64,
    /// From this month (an index into the months) on, nothing is reported.
    stops_at: Option<usize>,
}

impl Habits {
    /// A posyandu's habits over `months` months.
    fn new(rng: &mut impl Rng, months: usize) -> Habits {
        let flaky = rng.random_bool(0.1);
        let balita = balita::Habits::new(rng);
        let children = balita.children;
        Habits {
            ibu: ibu::Habits::new(rng, children),
            remaja: remaja::Habits::new(rng, children),
            dewasa: dewasa::Habits::new(rng, children),
            kunjungan: kunjungan::Habits::new(rng, children),
            balita,
            forgets: if flaky { 0.25 } else { 0.02 },
            late: if rng.random_bool(0.2) { 0.4 } else { 0.05 },
            stops_at: rng.random_bool(0.01).then(|| months.saturating_sub(rng.random_range(2..=3))),
        }
    }

    /// Every figure of month `number` (1–12).
    fn figures(&mut self, rng: &mut impl Rng, number: u32) -> Figures {
        let month = Month { number, turnout: if rng.random_bool(0.02) { 0.5 } else { 1.0 } };
        let mut figures = Figures::new();
        self.balita.month(rng, &month, &mut figures);
        self.ibu.month(rng, &month, &mut figures);
        self.remaja.month(rng, &month, &mut figures);
        self.dewasa.month(rng, &month, &mut figures);
        self.kunjungan.month(rng, &mut figures);
        figures
    }
}

/// Generates the `number`th posyandu of a desa in `tz` over `months`
/// (oldest first), reporting every section of `form`, as it stands at
/// `now`. Fails only when `form` has a hard rule the generated figures
/// break (a form other than the shipped one).
pub fn posyandu(
    rng: &mut impl Rng,
    form: &Form,
    (months, now): (&[Periode], DateTime<Utc>),
    tz: Tz,
    number: usize,
) -> anyhow::Result<SyntheticPosyandu> {
    let name = names::posyandu(rng, number);
    let kader = names::kader(rng);
    let mut habits = Habits::new(rng, months.len());
    let mut reports: Vec<MonthReport> = Vec::with_capacity(months.len());
    for (index, &periode) in months.iter().enumerate() {
        let figures = habits.figures(rng, periode.month());
        let stopped = habits.stops_at.is_some_and(|at| index >= at);
        if stopped || rng.random_bool(habits.forgets) {
            continue;
        }
        let first = sent_at(rng, periode, habits.late, tz);
        let last = reports.last().filter(|r| r.periode == periode.previous());
        let mut sections = sections(rng, form, (periode, &figures), last, (first, kader.len()))?;
        sections.retain(|s| s.sent_at <= now);
        if !sections.is_empty() {
            reports.push(MonthReport { periode, sections });
        }
    }
    Ok(SyntheticPosyandu { name, kader, reports })
}

/// The sections of `form` in a month of `figures`, sent one after the
/// other from `first`, each by any of the `kader`; `last` is the month
/// before, as far as it was sent.
fn sections(
    rng: &mut impl Rng,
    form: &Form,
    (periode, figures): (Periode, &Figures),
    last: Option<&MonthReport>,
    (first, kader): (DateTime<Utc>, usize),
) -> anyhow::Result<Vec<SectionReport>> {
    let mut sent_at = first;
    let mut sections = Vec::with_capacity(form.sections.len());
    for section in form.served(None) {
        let values = asked(section, figures, periode.month());
        // Last month's figures, if they were in when this was sent.
        let before = last.and_then(|l| l.section(&section.code)).filter(|s| s.sent_at <= sent_at);
        let confirmed = confirmations(section, &values, before.map(|s| &s.values))?;
        let red_flags = section.red_flags(&values).into_iter().map(|(code, value)| (code.to_owned(), value)).collect();
        let sent_by = rng.random_range(0..kader);
        sections.push(SectionReport { section: section.code.clone(), values, confirmed, red_flags, sent_by, sent_at });
        sent_at = next_section_at(rng, sent_at);
    }
    Ok(sections)
}

/// The indicators `section` asks in `month` that `figures` hold, each
/// within its bounds.
fn asked(section: &Section, figures: &Figures, month: u32) -> BTreeMap<String, i64> {
    let fields = section.fields(month).into_iter();
    fields.filter_map(|i| figures.get(i.code.as_str()).map(|v| (i.code.clone(), (*v).clamp(i.min, i.max)))).collect()
}

/// What a kader would have confirmed to send `values`: the soft rules they
/// break and the jumps from `last` month. A hard rule broken is an error.
fn confirmations(
    section: &Section,
    values: &BTreeMap<String, i64>,
    last: Option<&BTreeMap<String, i64>>,
) -> anyhow::Result<Vec<String>> {
    let mut confirmed = Vec::new();
    for rule in section.broken(values, None) {
        anyhow::ensure!(
            !rule.hard,
            "the generated figures {values:?} break the rule {} of section {}",
            rule.text,
            section.code
        );
        confirmed.push(rule.text.clone());
    }
    for (code, &value) in values {
        if last.and_then(|last| last.get(code)).is_some_and(|&before| section.is_jump(value, before)) {
            confirmed.push(format!("jump:{code}"));
        }
    }
    Ok(confirmed)
}

/// When the report of `periode` was sent, local time in `tz`: mostly from
/// the 1st to the 5th of the next month, some right after the weighing
/// late in the month itself, some late (the 6th to the 25th).
fn sent_at(rng: &mut impl Rng, periode: Periode, late: f64, tz: Tz) -> DateTime<Utc> {
    let first = NaiveDate::from_ymd_opt(periode.year(), periode.month(), 1).expect("a valid month");
    let next = (first + Days::new(32)).with_day(1).expect("day 1 exists");
    let date = if rng.random_bool(late) {
        next + Days::new(rng.random_range(5..25))
    } else if rng.random_bool(0.1) {
        first + Days::new(rng.random_range(19..27))
    } else {
        next + Days::new(rng.random_range(0..5))
    };
    let time = NaiveTime::from_hms_opt(rng.random_range(7..21), rng.random_range(0..60), rng.random_range(0..60))
        .expect("a valid time");
    at_local(date, time, tz)
}

/// When the next section goes after one sent at `sent`: mostly minutes
/// later, in the same sitting; sometimes hours; now and then a day or two.
fn next_section_at(rng: &mut impl Rng, sent: DateTime<Utc>) -> DateTime<Utc> {
    let minutes = if rng.random_bool(0.03) {
        rng.random_range(1_440..2_880)
    } else if rng.random_bool(0.2) {
        rng.random_range(30..240)
    } else {
        rng.random_range(1..15)
    };
    sent + Duration::minutes(minutes)
}
