//! The digest of one area's month as data, before any rendering: who has
//! reported (and on time), the SKDN totals and ratios beside last month's,
//! the child areas ranked by D/S, and the alerts. The store fills it
//! (`store::digest`); text, spreadsheet and charts are rendered from it.
//!
//! Ratios are fractions (0.89, not 89) and `None` when the denominator is
//! zero, so a renderer shows a dash instead of a made-up 0 %; the arithmetic
//! is [`super::skdn`]'s.

use std::cmp::Ordering;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use super::local_time::at_local;
use super::periode::Periode;
use super::region::{Level, RegionCode};
use super::skdn;

/// The indicator codes of the form the digest adds up (forms/laporan-bulanan.toml).
pub const CODES: [&str; 9] = ["S", "K", "D", "N", "T", "O", "B", "BGM", "2T"];

/// At most this many alerts of one kind; the rest are only counted
/// ([`AreaDigest::alerts_left_off`]), so a digest stays short.
pub const MAX_ALERTS_PER_KIND: usize = 10;

/// Alerts about single posyandu (unusual figures, silence) are worked out
/// for a kabupaten/kota and the levels below it. A province holds up to
/// some 50,000 posyandu; its digest and the national one rank child areas.
pub const POSYANDU_ALERTS_FROM: Level = Level::Kabupaten;

/// What an official's digest is measured against.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    /// A report of a month is on time when its first revision was sent by
    /// the end of this day of the next month, in the local time of the
    /// posyandu's region (5: October's report by 5 November 23:59). A day
    /// past the end of a short month means its last day.
    pub due_day: u32,
    /// The D/S target as a fraction (0.80 = 80 %): a lower D/S is an alert.
    pub target_ds: f64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings { due_day: 5, target_ds: 0.80 }
    }
}

impl Settings {
    /// The first moment at which a first revision of `periode` in zone `tz`
    /// is late: the start of the day after the due day of the next month.
    pub fn deadline(&self, periode: Periode, tz: Tz) -> DateTime<Utc> {
        let (year, month) = match periode.month() {
            12 => (periode.year() + 1, 1),
            m => (periode.year(), m + 1),
        };
        let first = NaiveDate::from_ymd_opt(year, month, 1).expect("a valid month");
        let last_day = (first + chrono::Months::new(1)).pred_opt().expect("a valid date").day();
        let due = first.with_day(self.due_day.clamp(1, last_day)).expect("clamped to the month");
        at_local(due.succ_opt().expect("a valid date"), NaiveTime::MIN, tz)
    }
}

/// The sums of the SKDN indicators over some posyandu for one month.
/// An indicator missing from a report counts as 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub s: i64,
    pub k: i64,
    pub d: i64,
    pub n: i64,
    pub t: i64,
    pub o: i64,
    pub b: i64,
    pub bgm: i64,
    pub two_t: i64,
}

impl Totals {
    /// The fields in the order of [`CODES`].
    fn fields_mut(&mut self) -> [&mut i64; 9] {
        let Totals { s, k, d, n, t, o, b, bgm, two_t } = self;
        [s, k, d, n, t, o, b, bgm, two_t]
    }

    /// Adds `value` to the indicator `code`; other codes are ignored.
    pub fn add(&mut self, code: &str, value: i64) {
        if let Some(i) = CODES.iter().position(|c| *c == code) {
            *self.fields_mut()[i] += value;
        }
    }

    /// Both totals added.
    pub fn plus(mut self, mut other: Totals) -> Totals {
        for (sum, more) in self.fields_mut().into_iter().zip(other.fields_mut()) {
            *sum += *more;
        }
        self
    }

    /// D′ = D − O − B ([`skdn::d_prime`]).
    pub fn d_prime(&self) -> i64 {
        skdn::d_prime(self.d, self.o, self.b)
    }

    /// K/S: programme reach.
    pub fn k_s(&self) -> Option<f64> {
        skdn::k_s(self.k, self.s)
    }

    /// D/S: participation, the headline figure.
    pub fn d_s(&self) -> Option<f64> {
        skdn::d_s(self.d, self.s)
    }

    /// D/K: continuity.
    pub fn d_k(&self) -> Option<f64> {
        skdn::d_k(self.d, self.k)
    }

    /// Plain N/D, new children included.
    pub fn n_d(&self) -> Option<f64> {
        skdn::n_d(self.n, self.d)
    }

    /// N/D′, growth as the form defines N ([`skdn::n_d_prime`]).
    pub fn n_d_prime(&self) -> Option<f64> {
        skdn::n_d_prime(self.n, self.d, self.o, self.b)
    }

    /// N/S: overall effectiveness.
    pub fn n_s(&self) -> Option<f64> {
        skdn::n_s(self.n, self.s)
    }

    /// BGM per D: share of the weighed children below the red line.
    pub fn bgm_rate(&self) -> Option<f64> {
        skdn::per_d(self.bgm, self.d)
    }

    /// 2T per D: share of the weighed children not gaining two months running.
    pub fn two_t_rate(&self) -> Option<f64> {
        skdn::per_d(self.two_t, self.d)
    }
}

/// Who has reported a month.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Completeness {
    /// Posyandu in the area (every posyandu now registered there).
    pub expected: i64,
    /// Of those, how many have a report for the month.
    pub reported: i64,
    /// Of those, how many sent its first revision before the deadline
    /// ([`Settings::deadline`]).
    pub on_time: i64,
}

impl Completeness {
    pub fn plus(self, other: Completeness) -> Completeness {
        Completeness {
            expected: self.expected + other.expected,
            reported: self.reported + other.reported,
            on_time: self.on_time + other.on_time,
        }
    }

    /// Posyandu without a report for the month.
    pub fn missing(&self) -> i64 {
        self.expected - self.reported
    }

    /// reported / expected.
    pub fn rate(&self) -> Option<f64> {
        skdn::ratio(self.reported, self.expected)
    }
}

/// One month of an area: completeness and totals.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Figures {
    pub completeness: Completeness,
    pub totals: Totals,
}

impl Figures {
    pub fn plus(self, other: Figures) -> Figures {
        Figures { completeness: self.completeness.plus(other.completeness), totals: self.totals.plus(other.totals) }
    }
}

/// A posyandu as a digest names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PosyanduRef {
    pub id: i64,
    pub name: String,
    pub desa_code: RegionCode,
    pub desa_name: String,
}

/// What a digest or one of its rows is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unit {
    /// The whole country (the national rollup).
    Nation,
    /// A province, kabupaten/kota, kecamatan or desa/kelurahan.
    Region { code: RegionCode, name: String },
    /// One posyandu (the rows of a desa's digest).
    Posyandu(PosyanduRef),
}

/// A child area's row: its month.
#[derive(Clone, Debug, PartialEq)]
pub struct ChildRow {
    pub unit: Unit,
    pub figures: Figures,
}

/// A posyandu figure that an alert compares with the posyandu's own past.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Measure {
    /// S, all balita: a jump is usually a counting or typing error.
    S,
    /// D/S.
    DS,
    /// N/D′.
    ND,
    /// BGM.
    Bgm,
}

impl Measure {
    pub const ALL: [Measure; 4] = [Measure::S, Measure::DS, Measure::ND, Measure::Bgm];

    /// The indicators the measures read.
    pub const CODES: [&str; 6] = ["S", "D", "N", "O", "B", "BGM"];

    /// The measure's name as `report_total.unusual_measure` stores it.
    pub fn key(self) -> &'static str {
        match self {
            Measure::S => "S",
            Measure::DS => "D/S",
            Measure::ND => "N/D",
            Measure::Bgm => "BGM",
        }
    }

    /// The measure a stored name stands for.
    pub fn from_key(key: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.key() == key)
    }

    /// The measure in one month's totals, if defined.
    pub fn of(self, totals: &Totals) -> Option<f64> {
        match self {
            Measure::S => Some(totals.s as f64),
            Measure::DS => totals.d_s(),
            Measure::ND => totals.n_d_prime(),
            Measure::Bgm => Some(totals.bgm as f64),
        }
    }

    /// The least spread assumed ([`unusual`]): a posyandu whose D/S was
    /// 85 % every month is not unusual at 84 %. 5 points for ratios; for
    /// counts a tenth of the median, at least 2.
    fn spread_floor(self, median: f64) -> f64 {
        match self {
            Measure::DS | Measure::ND => 0.05,
            Measure::S | Measure::Bgm => (median.abs() / 10.0).max(2.0),
        }
    }
}

/// Something an official should look at.
#[derive(Clone, Debug, PartialEq)]
pub enum Alert {
    /// D/S under the target, for the area itself or one of its children.
    DsBelowTarget { unit: Unit, ds: f64, target: f64 },
    /// The area's BGM per D rose against last month: rates, not counts, so
    /// a month half reported does not read as halving.
    BgmUp { before: f64, after: f64 },
    /// The area's 2T per D rose against last month.
    TwoTUp { before: f64, after: f64 },
    /// A posyandu's figure far from its own previous 12 months ([`unusual`]).
    Unusual { posyandu: PosyanduRef, measure: Measure, value: f64, median: f64 },
    /// A posyandu without a report this month and last month; the last
    /// month it did report (`None`: never).
    Silent { posyandu: PosyanduRef, last_reported: Option<Periode> },
}

/// Everything an official sees about one area and one month.
#[derive(Clone, Debug, PartialEq)]
pub struct AreaDigest {
    /// [`Unit::Nation`] or a [`Unit::Region`].
    pub area: Unit,
    pub periode: Periode,
    pub this_month: Figures,
    pub last_month: Figures,
    /// The next level down (provinces of the nation, kabupaten of a
    /// province, …, posyandu of a desa), ranked by [`rank`].
    pub children: Vec<ChildRow>,
    /// In order: the area's own alerts, children under the target (lowest
    /// first), unusual posyandu (most extreme first), silent posyandu
    /// (longest first); at most [`MAX_ALERTS_PER_KIND`] of each kind.
    pub alerts: Vec<Alert>,
    /// Alerts that held but were left out by [`MAX_ALERTS_PER_KIND`].
    pub alerts_left_off: usize,
}

impl AreaDigest {
    /// Posyandu not yet reported this month.
    pub fn missing(&self) -> i64 {
        self.this_month.completeness.missing()
    }
}

/// Sorts child rows by D/S, highest first; rows without a D/S (no S) last;
/// equal ones keep their order.
pub fn rank(children: &mut [ChildRow]) {
    children.sort_by(|a, b| match (a.figures.totals.d_s(), b.figures.totals.d_s()) {
        (Some(x), Some(y)) => y.partial_cmp(&x).unwrap_or(Ordering::Equal),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    });
}

/// The alerts an area's own figures and its ranked children raise: D/S
/// under the target (the area, then up to [`MAX_ALERTS_PER_KIND`] children,
/// lowest first), BGM and 2T per D up against last month. Returns them with how
/// many children under the target were left out.
pub fn area_alerts(
    area: &Unit,
    this: &Totals,
    last: &Totals,
    children: &[ChildRow],
    target: f64,
) -> (Vec<Alert>, usize) {
    let mut alerts = Vec::new();
    if let Some(ds) = this.d_s().filter(|ds| *ds < target) {
        alerts.push(Alert::DsBelowTarget { unit: area.clone(), ds, target });
    }
    if let Some((before, after)) = rose(last.bgm_rate(), this.bgm_rate()) {
        alerts.push(Alert::BgmUp { before, after });
    }
    if let Some((before, after)) = rose(last.two_t_rate(), this.two_t_rate()) {
        alerts.push(Alert::TwoTUp { before, after });
    }
    let below: Vec<(&ChildRow, f64)> = children
        .iter()
        .rev()
        .filter_map(|c| c.figures.totals.d_s().filter(|ds| *ds < target).map(|ds| (c, ds)))
        .collect();
    let left_off = below.len().saturating_sub(MAX_ALERTS_PER_KIND);
    alerts.extend(below.into_iter().take(MAX_ALERTS_PER_KIND).map(|(c, ds)| Alert::DsBelowTarget {
        unit: c.unit.clone(),
        ds,
        target,
    }));
    (alerts, left_off)
}

/// Both rates when the second is higher.
fn rose(before: Option<f64>, after: Option<f64>) -> Option<(f64, f64)> {
    before.zip(after).filter(|(before, after)| after > before)
}

/// The median of `values` (sorted in place), or `None` when empty.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) { (values[mid - 1] + values[mid]) / 2.0 } else { values[mid] })
}

/// The median absolute deviation of `values` from `center`.
pub fn mad(values: &[f64], center: f64) -> Option<f64> {
    let mut deviations: Vec<f64> = values.iter().map(|v| (v - center).abs()).collect();
    median(&mut deviations)
}

/// At least this many earlier months with the measure before a posyandu's
/// month can be called unusual.
pub const MIN_HISTORY: usize = 6;

/// The robust rule of [`Alert::Unusual`]: `value` is unusual against the
/// earlier months `history` when |value − median| > 3.5 × 1.4826 × MAD
/// (a modified z-score over 3.5; 1.4826 × MAD estimates the standard
/// deviation, and one odd month moves neither median nor MAD much), with
/// MAD at least the measure's floor and at least [`MIN_HISTORY`] months.
/// Returns the median and the score |value − median| / (1.4826 × MAD).
pub fn unusual(measure: Measure, history: &[f64], value: f64) -> Option<(f64, f64)> {
    if history.len() < MIN_HISTORY {
        return None;
    }
    let mut sorted = history.to_vec();
    let center = median(&mut sorted)?;
    let spread = mad(history, center)?.max(measure.spread_floor(center));
    let score = (value - center).abs() / (1.4826 * spread);
    (score > 3.5).then_some((center, score))
}

/// The posyandu's most unusual measure in its month `this` against its
/// earlier months `history` (up to 12, without gaps filled in): the
/// measure, its value, the median and the score.
pub fn most_unusual(this: &Totals, history: &[Totals]) -> Option<(Measure, f64, f64, f64)> {
    Measure::ALL
        .into_iter()
        .filter_map(|measure| {
            let value = measure.of(this)?;
            let past: Vec<f64> = history.iter().filter_map(|t| measure.of(t)).collect();
            unusual(measure, &past, value).map(|(median, score)| (measure, value, median, score))
        })
        .max_by(|a, b| a.3.total_cmp(&b.3))
}

/// How many months before a posyandu's month [`judge`] compares it with.
pub const HISTORY_MONTHS: i32 = 12;

/// A posyandu's month far from its own past: its most unusual measure
/// ([`most_unusual`]), the median of that measure over the earlier months
/// and the score. The value itself is the measure of the month's totals.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Unusual {
    pub measure: Measure,
    pub median: f64,
    pub score: f64,
}

/// Judges the month at `at` of one posyandu's reported months (each month
/// at most once, in any order) against those of the [`HISTORY_MONTHS`]
/// months before it. A month's result depends on its own totals and on
/// those earlier months only, so it changes when one of them is saved or
/// corrected, never when the posyandu moves.
pub fn judge(months: &[(Periode, Totals)], at: usize) -> Option<Unusual> {
    let (periode, this) = months[at];
    let history: Vec<Totals> = months
        .iter()
        .filter(|(earlier, _)| (1..=HISTORY_MONTHS).contains(&earlier.months_until(periode)))
        .map(|(_, totals)| *totals)
        .collect();
    most_unusual(&this, &history).map(|(measure, _, median, score)| Unusual { measure, median, score })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn totals(s: i64, d: i64, n: i64, o: i64, b: i64) -> Totals {
        Totals { s, k: s, d, n, o, b, ..Totals::default() }
    }

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    #[test]
    fn ratios_use_d_prime_for_growth_and_none_for_zero_denominators() {
        let t = Totals { s: 50, k: 45, d: 40, n: 30, t: 4, o: 2, b: 4, bgm: 2, two_t: 1 };
        assert_eq!(t.d_s(), Some(0.8));
        assert_eq!(t.k_s(), Some(0.9));
        assert_eq!(t.d_k(), Some(40.0 / 45.0));
        assert_eq!(t.d_prime(), 34);
        assert_eq!(t.n_d_prime(), Some(30.0 / 34.0));
        assert_eq!(t.n_d(), Some(0.75));
        assert_eq!(t.n_s(), Some(0.6));
        assert_eq!(t.bgm_rate(), Some(0.05));
        assert_eq!(t.two_t_rate(), Some(0.025));
        let empty = Totals::default();
        for r in [
            empty.k_s(),
            empty.d_s(),
            empty.d_k(),
            empty.n_d_prime(),
            empty.n_s(),
            empty.bgm_rate(),
            empty.two_t_rate(),
        ] {
            assert_eq!(r, None);
        }
        // Everyone weighed is new or back: no D′, so no growth ratio.
        assert_eq!(totals(10, 4, 0, 2, 2).n_d_prime(), None);
    }

    #[test]
    fn totals_add_by_code_and_ignore_other_indicators() {
        let mut t = Totals::default();
        for (code, v) in [("S", 5), ("2T", 1), ("VITA", 30), ("BGM", 2), ("S", 3)] {
            t.add(code, v);
        }
        assert_eq!((t.s, t.two_t, t.bgm), (8, 1, 2));
        assert_eq!(t.plus(t), Totals { s: 16, two_t: 2, bgm: 4, ..Totals::default() });
    }

    #[test]
    fn the_deadline_is_the_end_of_the_due_day_in_local_time() {
        let s = Settings::default();
        let oct = Periode::new(2026, 10).unwrap();
        assert_eq!(s.deadline(oct, Tz::Asia__Makassar), utc("2026-11-05T16:00:00Z"));
        assert_eq!(s.deadline(oct, Tz::Asia__Jakarta), utc("2026-11-05T17:00:00Z"));
        assert_eq!(s.deadline(oct, Tz::Asia__Jayapura), utc("2026-11-05T15:00:00Z"));
        let dec = Periode::new(2026, 12).unwrap();
        assert_eq!(s.deadline(dec, Tz::Asia__Makassar), utc("2027-01-05T16:00:00Z"));
        let late = Settings { due_day: 31, ..s };
        let jan = Periode::new(2027, 1).unwrap();
        assert_eq!(late.deadline(jan, Tz::Asia__Makassar), utc("2027-02-28T16:00:00Z"), "the last day of February");
    }

    #[test]
    fn median_and_mad() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(mad(&[1.0, 2.0, 3.0, 4.0, 100.0], 3.0), Some(1.0));
    }

    #[test]
    fn one_odd_month_neither_hides_nor_raises_an_alert() {
        let steady = [0.85, 0.82, 0.88, 0.84, 0.86, 0.83, 0.87, 0.85, 0.84, 0.86, 0.85, 0.20];
        // The odd 20 % in the history does not widen the rule: 50 % is still unusual.
        let (median, score) = unusual(Measure::DS, &steady, 0.50).unwrap();
        assert_eq!(median, 0.85);
        assert!(score > 3.5);
        // Within the floor of 5 points: not unusual, even though MAD is small.
        assert_eq!(unusual(Measure::DS, &steady, 0.78), None);
        // Too little history.
        assert_eq!(unusual(Measure::DS, &steady[..5], 0.10), None);
        // Counts: S of 45 every month may move by a few without an alert.
        let s = [45.0; 12];
        assert_eq!(unusual(Measure::S, &s, 50.0), None);
        assert!(unusual(Measure::S, &s, 450.0).is_some());
        assert!(unusual(Measure::Bgm, &[0.0; 12], 8.0).is_none(), "floor 2: 8 is within 3.5 × 1.4826 × 2");
        assert!(unusual(Measure::Bgm, &[0.0; 12], 11.0).is_some());
    }

    #[test]
    fn the_most_unusual_measure_is_named() {
        let history = vec![totals(50, 42, 30, 2, 2); 12];
        let (measure, value, median, _) = most_unusual(&totals(50, 10, 5, 1, 1), &history).unwrap();
        assert_eq!((measure, value, median), (Measure::DS, 0.2, 0.84));
        assert_eq!(most_unusual(&totals(50, 41, 30, 2, 2), &history), None);
    }

    #[test]
    fn a_month_is_judged_against_the_twelve_before_it_only() {
        let p = |y, m| Periode::new(y, m).unwrap();
        let usual = totals(50, 42, 30, 2, 2);
        let odd = totals(50, 10, 5, 1, 1);
        // Twelve usual months from November 2025 to October 2026, then an odd November.
        let mut months: Vec<(Periode, Totals)> =
            std::iter::successors(Some(p(2026, 10)), |m| Some(m.previous())).take(12).map(|m| (m, usual)).collect();
        months.push((p(2026, 11), odd));
        let at = months.len() - 1;
        let found = judge(&months, at).unwrap();
        assert_eq!((found.measure, found.median), (Measure::DS, 0.84));
        assert_eq!(
            Some(found),
            most_unusual(&odd, &[usual; 12]).map(|(m, _, median, score)| Unusual { measure: m, median, score })
        );
        // Later months do not count, nor the month itself, nor one 13 months before.
        months.push((p(2026, 12), odd));
        months.push((p(2025, 10), odd));
        assert_eq!(judge(&months, at), Some(found));
        // With only five of the twelve months before, too little history.
        let few: Vec<(Periode, Totals)> = months.iter().copied().filter(|(m, _)| *m >= p(2026, 6)).collect();
        let november = few.iter().position(|(m, _)| *m == p(2026, 11)).unwrap();
        assert_eq!(judge(&few, november), None);
        assert_eq!(judge(&months, 0), None, "a usual month");
    }

    #[test]
    fn measures_are_stored_by_name() {
        for measure in Measure::ALL {
            assert_eq!(Measure::from_key(measure.key()), Some(measure));
        }
        assert_eq!(Measure::from_key("X"), None);
    }

    fn child(name: &str, s: i64, d: i64) -> ChildRow {
        let code = RegionCode::parse("73.24").unwrap();
        ChildRow {
            unit: Unit::Region { code, name: name.into() },
            figures: Figures { totals: totals(s, d, 0, 0, 0), ..Figures::default() },
        }
    }

    fn names(children: &[ChildRow]) -> Vec<&str> {
        children
            .iter()
            .map(|c| match &c.unit {
                Unit::Region { name, .. } => name.as_str(),
                _ => unreachable!(),
            })
            .collect()
    }

    #[test]
    fn children_rank_by_ds_with_no_s_last() {
        let mut rows = vec![child("a", 0, 0), child("b", 10, 5), child("c", 10, 9), child("d", 10, 5)];
        rank(&mut rows);
        assert_eq!(names(&rows), ["c", "b", "d", "a"]);
    }

    #[test]
    fn alerts_name_the_area_and_the_lowest_children() {
        let mut rows: Vec<ChildRow> = (0..13).map(|i| child(&format!("k{i:02}"), 100, 50 + i)).collect();
        rows.push(child("ok", 100, 90));
        rank(&mut rows);
        let this = Totals { s: 100, d: 70, bgm: 3, two_t: 1, ..Totals::default() };
        let last = Totals { s: 100, d: 70, bgm: 2, two_t: 1, ..Totals::default() };
        let (alerts, left_off) = area_alerts(&Unit::Nation, &this, &last, &rows, 0.8);
        assert_eq!(alerts[0], Alert::DsBelowTarget { unit: Unit::Nation, ds: 0.7, target: 0.8 });
        assert_eq!(alerts[1], Alert::BgmUp { before: 2.0 / 70.0, after: 3.0 / 70.0 });
        let lowest: Vec<&Unit> = alerts[2..]
            .iter()
            .map(|a| match a {
                Alert::DsBelowTarget { unit, .. } => unit,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(lowest.len(), MAX_ALERTS_PER_KIND);
        assert_eq!(lowest[0], &rows[13].unit, "the lowest first");
        assert_eq!(left_off, 3);
        let (alerts, _) = area_alerts(&Unit::Nation, &last, &this, &[], 0.7);
        assert!(alerts.is_empty(), "{alerts:?}");
        // Half the posyandu reported: fewer BGM, but more of the weighed.
        let half = Totals { s: 50, d: 35, bgm: 2, two_t: 1, ..Totals::default() };
        let (alerts, _) = area_alerts(&Unit::Nation, &half, &this, &[], 0.5);
        assert_eq!(
            alerts,
            [
                Alert::BgmUp { before: 3.0 / 70.0, after: 2.0 / 35.0 },
                Alert::TwoTUp { before: 1.0 / 70.0, after: 1.0 / 35.0 }
            ]
        );
    }
}
