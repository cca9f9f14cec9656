//! One synthetic posyandu for `seed`: its name, its kader and a run of
//! months of plausible figures that obey the report form, each with the
//! moment a kader sent it. Pure: the same random generator gives the same
//! posyandu.
//!
//! Every child weighed is one of N, T, O, B (so N + T + O + B = D), D stays
//! within S and K, BGM and 2T within what they count; each posyandu has its
//! own habits (usual D/S between 60 and 95 %, growth, kader on duty, how
//! often it forgets or is late) and months vary around them, with a rare
//! bad month. About 5 % of months are not reported; a few posyandu stop
//! reporting for the last months; a report that would be sent after now
//! is not there yet.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use rand::Rng;

use crate::domain::form::Section;
use crate::domain::local_time::at_local;
use crate::domain::periode::Periode;

/// The indicators the generator fills: those of the shipped form.
pub const KNOWN: [&str; 14] =
    ["S", "K", "D", "N", "T", "O", "B", "BGM", "2T", "VITAB", "VITAM", "VITA", "BUMIL", "KADER"];

const FLOWERS: [&str; 16] = [
    "Mawar",
    "Melati",
    "Anggrek",
    "Kenanga",
    "Cempaka",
    "Dahlia",
    "Flamboyan",
    "Teratai",
    "Seroja",
    "Nusa Indah",
    "Bougenville",
    "Kamboja",
    "Asoka",
    "Tulip",
    "Sakura",
    "Lili",
];
const FIRST_NAMES: [&str; 20] = [
    "Sri",
    "Siti",
    "Nur",
    "Dewi",
    "Rina",
    "Wati",
    "Yuni",
    "Ani",
    "Lestari",
    "Fitri",
    "Ratna",
    "Hasnah",
    "Rosmini",
    "Marlina",
    "Nurhayati",
    "Kartini",
    "Suryani",
    "Hartati",
    "Ernawati",
    "Asmawati",
];
const LAST_NAMES: [&str; 16] = [
    "Wahyuni",
    "Rahayu",
    "Aminah",
    "Handayani",
    "Susanti",
    "Puspita",
    "Kurniasih",
    "Mulyani",
    "Sari",
    "Astuti",
    "Haryati",
    "Syamsiah",
    "Ningsih",
    "Hasanah",
    "Pertiwi",
    "Maharani",
];

/// A posyandu as `seed` writes it.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntheticPosyandu {
    pub name: String,
    /// One or two kader, who send the reports.
    pub kader: Vec<String>,
    /// The months reported, oldest first; months not reported are absent.
    pub reports: Vec<MonthReport>,
}

/// One month's report as a kader sent it.
#[derive(Clone, Debug, PartialEq)]
pub struct MonthReport {
    pub periode: Periode,
    pub values: BTreeMap<String, i64>,
    /// What the kader confirmed, as the dialogue stores it: soft rules by
    /// their text, jumps from last month's report as `jump:CODE`.
    pub confirmed: Vec<String>,
    /// Which of the posyandu's kader sent it (an index into `kader`).
    pub sent_by: usize,
    pub sent_at: DateTime<Utc>,
}

/// The indicators `form` requires that the generator cannot fill.
pub fn unknown_required(form: &Section) -> Vec<&str> {
    let unknown = form.indicators.iter().filter(|i| i.required && !KNOWN.contains(&i.code.as_str()));
    unknown.map(|i| i.code.as_str()).collect()
}

/// How one posyandu usually does; months vary around it.
struct Habits {
    children: f64,
    /// K/S.
    cards: f64,
    /// Usual D/S.
    participation: f64,
    /// Usual N/D′.
    growth: f64,
    kader_on_duty: i64,
    /// The chance that a month goes unreported.
    forgets: f64,
    /// The chance that a report comes after the 5th of the next month.
    late: f64,
    /// From this month (an index into the months) on, nothing is reported.
    stops_at: Option<usize>,
}

/// Generates the `number`th posyandu of a desa in `tz` over `months`
/// (oldest first), as it stands at `now`. Fails only when `form` has a
/// hard rule the generated figures break (a form other than the shipped one).
pub fn posyandu(
    rng: &mut impl Rng,
    form: &Section,
    (months, now): (&[Periode], DateTime<Utc>),
    tz: Tz,
    number: usize,
) -> anyhow::Result<SyntheticPosyandu> {
    let name = format!("{} {number}", FLOWERS[rng.random_range(0..FLOWERS.len())]);
    let kader = (0..if rng.random_bool(0.4) { 2 } else { 1 })
        .map(|_| {
            let first = FIRST_NAMES[rng.random_range(0..FIRST_NAMES.len())];
            format!("{first} {}", LAST_NAMES[rng.random_range(0..LAST_NAMES.len())])
        })
        .collect::<Vec<_>>();
    let flaky = rng.random_bool(0.1);
    let mut habits = Habits {
        children: rng.random_range(40.0..120.0),
        cards: rng.random_range(0.8..1.0),
        participation: rng.random_range(0.6..0.95),
        growth: rng.random_range(0.6..0.9),
        kader_on_duty: rng.random_range(3..=7),
        forgets: if flaky { 0.25 } else { 0.02 },
        late: if rng.random_bool(0.2) { 0.4 } else { 0.05 },
        stops_at: rng.random_bool(0.01).then(|| months.len().saturating_sub(rng.random_range(2..=3))),
    };
    let mut reports: Vec<MonthReport> = Vec::with_capacity(months.len());
    for (index, &periode) in months.iter().enumerate() {
        let values = habits.month(rng, form, periode);
        let stopped = habits.stops_at.is_some_and(|at| index >= at);
        if stopped || rng.random_bool(habits.forgets) {
            continue;
        }
        let last = reports.last().filter(|r| r.periode == periode.previous()).map(|r| &r.values);
        let confirmed = confirmations(form, &values, last)?;
        let sent_at = sent_at(rng, periode, habits.late, tz);
        if sent_at > now {
            continue;
        }
        reports.push(MonthReport { periode, values, confirmed, sent_by: rng.random_range(0..kader.len()), sent_at });
    }
    Ok(SyntheticPosyandu { name, kader, reports })
}

impl Habits {
    /// This month's figures for the indicators `form` asks in it.
    fn month(&mut self, rng: &mut impl Rng, form: &Section, periode: Periode) -> BTreeMap<String, i64> {
        self.children += if rng.random_bool(0.03) { rng.random_range(-8.0..8.0) } else { rng.random_range(-1.5..1.5) };
        self.children = self.children.clamp(10.0, 300.0);
        let s = self.children.round() as i64;
        let k = share(s, self.cards);
        let bad_month = if rng.random_bool(0.02) { 0.5 } else { 1.0 };
        let d = share(s, ((self.participation + noise(rng, 0.05)) * bad_month).clamp(0.3, 1.0));
        let b = share(d, rng.random_range(0.0..0.04));
        let o = share(d - b, rng.random_range(0.02..0.12));
        let both_months = d - b - o;
        let n = share(both_months, (self.growth + noise(rng, 0.05)).clamp(0.3, 1.0));
        let t = both_months - n;
        let two_t = share(t, rng.random_range(0.0..0.3));
        let bgm = share(d, rng.random_range(0.0..0.03));
        if rng.random_bool(0.05) {
            self.kader_on_duty = (self.kader_on_duty + rng.random_range(-1..=1)).clamp(2, 10);
        }
        let mut values = BTreeMap::new();
        for indicator in form.fields(periode.month()) {
            let value = match indicator.code.as_str() {
                "S" => s,
                "K" => k,
                "D" => d,
                "N" => n,
                "T" => t,
                "O" => o,
                "B" => b,
                "BGM" => bgm,
                "2T" => two_t,
                // Optional: sometimes not recorded.
                _ if !indicator.required && rng.random_bool(0.05) => continue,
                "VITAB" => share(s / 10, rng.random_range(0.75..0.98)),
                "VITAM" => share(s - s / 10, rng.random_range(0.75..0.98)),
                "VITA" => share(s, rng.random_range(0.75..0.98)),
                "BUMIL" => rng.random_range(1..=15),
                "KADER" => self.kader_on_duty,
                _ => continue,
            };
            values.insert(indicator.code.clone(), value.clamp(indicator.min, indicator.max));
        }
        values
    }
}

/// `part` of `whole`, rounded, never more than `whole`.
fn share(whole: i64, part: f64) -> i64 {
    ((whole as f64 * part).round() as i64).clamp(0, whole)
}

/// Roughly normal noise with standard deviation `sd` (a sum of three uniforms).
fn noise(rng: &mut impl Rng, sd: f64) -> f64 {
    let sum: f64 = (0..3).map(|_| rng.random::<f64>()).sum();
    (sum - 1.5) * 2.0 * sd
}

/// What a kader would have confirmed to send `values`: the soft rules they
/// break and the jumps from `last` month. A hard rule broken is an error.
fn confirmations(
    form: &Section,
    values: &BTreeMap<String, i64>,
    last: Option<&BTreeMap<String, i64>>,
) -> anyhow::Result<Vec<String>> {
    let mut confirmed = Vec::new();
    for rule in form.broken(values, None) {
        anyhow::ensure!(!rule.hard, "the generated figures {values:?} break the form's rule {}", rule.text);
        confirmed.push(rule.text.clone());
    }
    for (code, &value) in values {
        if last.and_then(|last| last.get(code)).is_some_and(|&before| form.is_jump(value, before)) {
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

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;
    use crate::domain::form::{BALITA, Form};

    /// A moment after every generated report.
    fn far() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2030-01-01T00:00:00Z").unwrap().to_utc()
    }

    fn months(until: Periode, count: usize) -> Vec<Periode> {
        let mut months: Vec<Periode> = std::iter::successors(Some(until), |p| Some(p.previous())).take(count).collect();
        months.reverse();
        months
    }

    /// Many posyandu, every month: the form's bounds, required indicators
    /// and months, every hard rule, and nothing to confirm but jumps.
    #[test]
    fn every_generated_report_passes_the_form() {
        let form = Form::shipped().section(BALITA).unwrap().clone();
        let mut rng = StdRng::seed_from_u64(11);
        let months = months(Periode::new(2026, 10).unwrap(), 12);
        let (mut reported, mut possible) = (0, 0);
        for number in 1..=2_000 {
            let posyandu = posyandu(&mut rng, &form, (&months, far()), Tz::Asia__Makassar, number).unwrap();
            possible += months.len();
            for report in &posyandu.reports {
                reported += 1;
                let fields = form.fields(report.periode.month());
                for (code, value) in &report.values {
                    let indicator = fields.iter().find(|i| &i.code == code).expect("asked this month");
                    assert!((indicator.min..=indicator.max).contains(value), "{code} = {value}");
                }
                for indicator in fields.iter().filter(|i| i.required) {
                    assert!(report.values.contains_key(&indicator.code), "{} missing", indicator.code);
                }
                assert!(form.broken(&report.values, None).is_empty(), "{:?}", report.values);
                let v = |code: &str| report.values[code];
                assert_eq!(v("N") + v("T") + v("O") + v("B"), v("D"));
                assert!(report.confirmed.iter().all(|c| c.starts_with("jump:")), "{:?}", report.confirmed);
                assert!(report.sent_by < posyandu.kader.len());
            }
        }
        let missing = 1.0 - reported as f64 / possible as f64;
        assert!((0.03..0.08).contains(&missing), "{missing} of months missing");
    }

    #[test]
    fn participation_varies_between_posyandu_and_is_plausible() {
        let form = Form::shipped().section(BALITA).unwrap().clone();
        let mut rng = StdRng::seed_from_u64(5);
        let months = months(Periode::new(2026, 10).unwrap(), 12);
        let mut ratios = Vec::new();
        for number in 1..=500 {
            for report in posyandu(&mut rng, &form, (&months, far()), Tz::Asia__Jakarta, number).unwrap().reports {
                ratios.push(report.values["D"] as f64 / report.values["S"] as f64);
            }
        }
        ratios.sort_by(f64::total_cmp);
        let quantile = |q: f64| ratios[(ratios.len() as f64 * q) as usize];
        assert!(quantile(0.1) > 0.55 && quantile(0.1) < 0.7, "10 %: {}", quantile(0.1));
        assert!(quantile(0.9) > 0.85 && quantile(0.9) <= 1.0, "90 %: {}", quantile(0.9));
        assert!(quantile(0.005) < 0.5, "some bad months");
    }

    #[test]
    fn vitamin_a_only_in_its_months_and_reports_mostly_by_the_fifth() {
        let form = Form::shipped().section(BALITA).unwrap().clone();
        let mut rng = StdRng::seed_from_u64(9);
        let months = months(Periode::new(2026, 10).unwrap(), 12);
        let (mut on_time, mut all, mut before_month_end, mut vitamin_a) = (0, 0, 0, 0);
        for number in 1..=300 {
            for report in posyandu(&mut rng, &form, (&months, far()), Tz::Asia__Jayapura, number).unwrap().reports {
                if report.values.contains_key("VITAM") {
                    assert!([2, 8].contains(&report.periode.month()), "{}", report.periode);
                    vitamin_a += 1;
                }
                let local = report.sent_at.with_timezone(&Tz::Asia__Jayapura);
                let sent_month = Periode::new(local.year(), local.month()).unwrap();
                assert!(sent_month == report.periode || sent_month.previous() == report.periode, "{local}");
                all += 1;
                if sent_month == report.periode {
                    before_month_end += 1;
                    on_time += 1;
                } else if local.day() <= 5 {
                    on_time += 1;
                }
            }
        }
        let share = on_time as f64 / all as f64;
        assert!((0.8..0.95).contains(&share), "{share} on time");
        assert!(before_month_end > 0 && on_time < all);
        assert!(vitamin_a > 300, "most February and August reports have VITAM: {vitamin_a}");
    }

    #[test]
    fn reports_not_sent_yet_are_not_there() {
        let form = Form::shipped().section(BALITA).unwrap().clone();
        let months = months(Periode::new(2026, 10).unwrap(), 2);
        // 3 November 2026, 10:00 WITA: most of October's reports are still to come.
        let now = DateTime::parse_from_rfc3339("2026-11-03T02:00:00Z").unwrap().to_utc();
        let (mut september, mut october) = (0, 0);
        for number in 1..=300 {
            let mut rng = StdRng::seed_from_u64(number);
            let later = posyandu(&mut rng.clone(), &form, (&months, far()), Tz::Asia__Makassar, 1).unwrap();
            let as_of_now = posyandu(&mut rng, &form, (&months, now), Tz::Asia__Makassar, 1).unwrap();
            assert!(as_of_now.reports.iter().all(|r| r.sent_at <= now));
            let sent_by_now: Vec<_> = later.reports.iter().filter(|r| r.sent_at <= now).cloned().collect();
            assert_eq!(as_of_now.reports, sent_by_now, "the same reports, less those still to come");
            september += as_of_now.reports.iter().filter(|r| r.periode.month() == 9).count();
            october += as_of_now.reports.iter().filter(|r| r.periode.month() == 10).count();
        }
        assert!(october > 0 && october < september / 2, "{october} of October, {september} of September");
    }

    #[test]
    fn the_same_generator_gives_the_same_posyandu() {
        let form = Form::shipped().section(BALITA).unwrap().clone();
        let months = months(Periode::new(2026, 10).unwrap(), 6);
        let one = posyandu(&mut StdRng::seed_from_u64(3), &form, (&months, far()), Tz::Asia__Jakarta, 1).unwrap();
        let again = posyandu(&mut StdRng::seed_from_u64(3), &form, (&months, far()), Tz::Asia__Jakarta, 1).unwrap();
        let other = posyandu(&mut StdRng::seed_from_u64(4), &form, (&months, far()), Tz::Asia__Jakarta, 1).unwrap();
        assert_eq!(one, again);
        assert_ne!(one, other);
    }

    #[test]
    fn a_form_with_indicators_the_generator_cannot_fill_is_named() {
        assert!(unknown_required(Form::shipped().section(BALITA).unwrap()).is_empty());
        let shipped = include_str!("../../../forms/laporan-bulanan.toml");
        let extra = "\n[[indicator]]\ncode = \"LILA\"\nlabel = \"ind-s\"\nhelp = \"ind-s-help\"\nmin = 0\nmax = 9\n";
        let form = Form::parse(&format!("{shipped}{extra}required = true\n")).unwrap();
        assert_eq!(unknown_required(&form.sections[0]), ["LILA"]);
        let optional = Form::parse(&format!("{shipped}{extra}required = false\n")).unwrap();
        assert!(unknown_required(&optional.sections[0]).is_empty(), "an optional one is left out");
    }
}
