//! The generated posyandu against the shipped form pack: every section of
//! every reported month obeys its section's bounds, required indicators,
//! months and hard rules, and confirms exactly what the dialogue would
//! have asked; the sections agree with each other and from month to
//! month; red flags come at their intended rates.

use rand::SeedableRng;
use rand::rngs::StdRng;

use super::*;
use crate::domain::form::BALITA;

/// A moment after every generated report.
fn far() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2030-01-01T00:00:00Z").unwrap().to_utc()
}

fn months(until: Periode, count: usize) -> Vec<Periode> {
    let mut months: Vec<Periode> = std::iter::successors(Some(until), |p| Some(p.previous())).take(count).collect();
    months.reverse();
    months
}

/// `count` posyandu of one generator over the year to October 2026.
fn many(seed: u64, count: usize, tz: Tz) -> Vec<SyntheticPosyandu> {
    let form = Form::shipped();
    let mut rng = StdRng::seed_from_u64(seed);
    let months = months(Periode::new(2026, 10).unwrap(), 12);
    (1..=count).map(|number| posyandu(&mut rng, &form, (&months, far()), tz, number).unwrap()).collect()
}

/// Every section report of `posyandu`, with the same section of the
/// month before when it was in before this one was sent.
fn with_last(posyandu: &SyntheticPosyandu) -> Vec<(Periode, &SectionReport, Option<&SectionReport>)> {
    let mut all = Vec::new();
    for (i, month) in posyandu.reports.iter().enumerate() {
        let before = i.checked_sub(1).map(|i| &posyandu.reports[i]).filter(|b| b.periode == month.periode.previous());
        for report in &month.sections {
            let last = before.and_then(|b| b.section(&report.section)).filter(|l| l.sent_at <= report.sent_at);
            all.push((month.periode, report, last));
        }
    }
    all
}

/// One section report against its section: bounds, required indicators
/// and months, no hard rule broken, the soft ones and the jumps confirmed
/// (and nothing else), the red flags those of the values.
fn check(section: &Section, periode: Periode, report: &SectionReport, last: Option<&SectionReport>) {
    let fields = section.fields(periode.month());
    for (code, value) in &report.values {
        let indicator = fields.iter().find(|i| &i.code == code).expect("asked this month");
        assert!((indicator.min..=indicator.max).contains(value), "{code} = {value}");
    }
    for indicator in fields.iter().filter(|i| i.required) {
        assert!(report.values.contains_key(&indicator.code), "{} missing", indicator.code);
    }
    let broken = section.broken(&report.values, None);
    assert!(broken.iter().all(|r| !r.hard), "{} {:?}: {:?}", section.code, report.values, broken);
    let mut asked: Vec<String> = broken.iter().map(|r| r.text.clone()).collect();
    for (code, value) in &report.values {
        if last.and_then(|l| l.values.get(code)).is_some_and(|before| section.is_jump(*value, *before)) {
            asked.push(format!("jump:{code}"));
        }
    }
    assert_eq!(report.confirmed, asked, "{} {:?}", section.code, report.values);
    let flags: Vec<(String, i64)> =
        section.red_flags(&report.values).iter().map(|(c, v)| ((*c).to_owned(), *v)).collect();
    assert_eq!(report.red_flags, flags);
    assert!(report.red_flags.iter().all(|(_, value)| (1..=2).contains(value)), "{:?}", report.red_flags);
}

/// Many posyandu, every month: every section of the pack, each passing
/// its section, sent in order within days by one of the kader.
#[test]
fn every_generated_report_passes_the_form() {
    let form = Form::shipped();
    let codes: Vec<&str> = form.sections.iter().map(|s| s.code.as_str()).collect();
    let (mut reported, mut possible) = (0, 0);
    for posyandu in many(11, 2_000, Tz::Asia__Makassar) {
        possible += 12;
        reported += posyandu.reports.len();
        for month in &posyandu.reports {
            let sent: Vec<&str> = month.sections.iter().map(|s| s.section.as_str()).collect();
            assert_eq!(sent, codes, "every section, in order");
            let first = month.sections[0].sent_at;
            for (one, next) in month.sections.iter().zip(&month.sections[1..]) {
                assert!(one.sent_at < next.sent_at && next.sent_at - first < Duration::days(9));
            }
            assert!(month.sections.iter().all(|s| s.sent_by < posyandu.kader.len()));
        }
        for (periode, report, last) in with_last(&posyandu) {
            check(form.section(&report.section).unwrap(), periode, report, last);
        }
    }
    let missing = 1.0 - reported as f64 / possible as f64;
    assert!((0.03..0.08).contains(&missing), "{missing} of months missing");
}

/// Each section takes every indicator it asks from the figures at least
/// sometimes: the generator fills the whole pack.
#[test]
fn every_indicator_of_the_pack_is_filled() {
    let posyandu = many(12, 300, Tz::Asia__Jakarta);
    let filled: std::collections::HashSet<&str> = posyandu
        .iter()
        .flat_map(|p| &p.reports)
        .flat_map(|m| &m.sections)
        .flat_map(|s| s.values.keys().map(String::as_str))
        .collect();
    for indicator in Form::shipped().sections.iter().flat_map(|s| s.fields_any()) {
        assert!(filled.contains(indicator.code.as_str()), "{} never filled", indicator.code);
        assert!(fills(&indicator.code));
    }
}

/// Every class split adds up to those measured, the visitors are among
/// those who came, and the sasaran stay as they were most months.
#[test]
fn sections_agree_and_sasaran_are_steady() {
    let splits: [(&str, &[&str]); 6] = [
        ("RIMT", &["RSKU", "RKUR", "RNOR", "RGEM", "ROBE"]),
        ("DIMT", &["DSKU", "DKUR", "DNOR", "DGEM", "DOBE"]),
        ("TD", &["TDR", "TDN", "HTD"]),
        ("GD", &["GDR", "GDN", "GDT"]),
        ("ADL", &["ADLA", "ADLB", "ADLC"]),
        ("D", &["N", "T", "O", "B"]),
    ];
    let (mut months, mut beyond, mut kept, mut pairs) = (0, 0, 0, 0);
    for posyandu in many(13, 1_000, Tz::Asia__Makassar) {
        let all: Vec<BTreeMap<&str, i64>> = posyandu
            .reports
            .iter()
            .map(|m| m.sections.iter().flat_map(|s| s.values.iter().map(|(c, v)| (c.as_str(), *v))).collect())
            .collect();
        for v in &all {
            for (whole, parts) in splits {
                if let Some(whole) = v.get(whole) {
                    assert_eq!(parts.iter().map(|p| v[p]).sum::<i64>(), *whole, "{parts:?} {v:?}");
                }
            }
            if let (Some(bayi), Some(balita)) = (v.get("PBAYI"), v.get("PBALITA")) {
                assert_eq!(bayi + balita, v["D"]);
                assert!(v["PHAMIL"] <= v["HAMIL"] && v["PSUSUI"] <= v["NIFAS"] && v["PLANSIA"] <= v["LANSIA"]);
            }
            months += 4;
            beyond += [("HAMIL", "SHAMIL"), ("NIFAS", "SNIFAS"), ("ANAK", "SANAK"), ("DEWASA", "SDEWASA")]
                .iter()
                .filter(|(came, sasaran)| v[came] > v[sasaran])
                .count();
        }
        for pair in all.windows(2) {
            pairs += 1;
            kept += usize::from(pair[0]["SHAMIL"] == pair[1]["SHAMIL"] && pair[0]["SDEWASA"] == pair[1]["SDEWASA"]);
        }
    }
    let beyond = beyond as f64 / months as f64;
    assert!(beyond > 0.0 && beyond < 0.02, "{beyond} came beyond their sasaran");
    let kept = kept as f64 / pairs as f64;
    assert!((0.6..0.9).contains(&kept), "{kept} of months with the sasaran of the month before");
}

/// RUJI above 0 in 5–10 % of ibu reports, SRQX in 0.5–1 % of dewasa
/// reports, each 1 or 2.
#[test]
fn red_flags_come_at_their_rates() {
    let (mut ibu, mut referred, mut dewasa, mut thoughts) = (0, 0, 0, 0);
    for posyandu in many(14, 3_000, Tz::Asia__Jayapura) {
        for report in posyandu.reports.iter().flat_map(|m| &m.sections) {
            let flagged = |code: &str| report.red_flags.iter().any(|(c, _)| c == code);
            match report.section.as_str() {
                "ibu" => (ibu, referred) = (ibu + 1, referred + usize::from(flagged("RUJI"))),
                "dewasa" => (dewasa, thoughts) = (dewasa + 1, thoughts + usize::from(flagged("SRQX"))),
                _ => assert!(report.red_flags.is_empty(), "{report:?}"),
            }
        }
    }
    let (referred, thoughts) = (referred as f64 / ibu as f64, thoughts as f64 / dewasa as f64);
    assert!((0.05..0.10).contains(&referred), "RUJI in {referred} of ibu reports");
    assert!((0.005..0.01).contains(&thoughts), "SRQX in {thoughts} of dewasa reports");
}

#[test]
fn participation_varies_between_posyandu_and_is_plausible() {
    let mut ratios = Vec::new();
    for posyandu in many(5, 500, Tz::Asia__Jakarta) {
        for month in &posyandu.reports {
            let values = &month.section(BALITA).unwrap().values;
            ratios.push(values["D"] as f64 / values["S"] as f64);
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
    let (mut on_time, mut all, mut before_month_end, mut vitamin_a) = (0, 0, 0, 0);
    for posyandu in many(9, 300, Tz::Asia__Jayapura) {
        for month in &posyandu.reports {
            let report = month.section(BALITA).unwrap();
            if report.values.contains_key("VITAM") {
                assert!([2, 8].contains(&month.periode.month()), "{}", month.periode);
                vitamin_a += 1;
            }
            let local = report.sent_at.with_timezone(&Tz::Asia__Jayapura);
            let sent_month = Periode::new(local.year(), local.month()).unwrap();
            assert!(sent_month == month.periode || sent_month.previous() == month.periode, "{local}");
            all += 1;
            if sent_month == month.periode {
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
fn sections_not_sent_yet_are_not_there() {
    let form = Form::shipped();
    let months = months(Periode::new(2026, 10).unwrap(), 2);
    // 3 November 2026, 10:00 WITA: most of October's reports are still to come.
    let now = DateTime::parse_from_rfc3339("2026-11-03T02:00:00Z").unwrap().to_utc();
    let (mut september, mut october, mut partly) = (0, 0, 0);
    for number in 1..=300 {
        let mut rng = StdRng::seed_from_u64(number);
        let later = posyandu(&mut rng.clone(), &form, (&months, far()), Tz::Asia__Makassar, 1).unwrap();
        let as_of_now = posyandu(&mut rng, &form, (&months, now), Tz::Asia__Makassar, 1).unwrap();
        let mut sent_by_now = later.reports.clone();
        sent_by_now.iter_mut().for_each(|m| m.sections.retain(|s| s.sent_at <= now));
        sent_by_now.retain(|m| !m.sections.is_empty());
        assert_eq!(as_of_now.reports, sent_by_now, "the same sections, less those still to come");
        september += as_of_now.reports.iter().filter(|r| r.periode.month() == 9).count();
        october += as_of_now.reports.iter().filter(|r| r.periode.month() == 10).count();
        partly += as_of_now.reports.iter().filter(|r| r.sections.len() < form.sections.len()).count();
    }
    assert!(october > 0 && october < september / 2, "{october} of October, {september} of September");
    assert!(partly > 0, "some months are sent in part by now");
}

#[test]
fn the_same_generator_gives_the_same_posyandu() {
    let form = Form::shipped();
    let months = months(Periode::new(2026, 10).unwrap(), 6);
    let one = posyandu(&mut StdRng::seed_from_u64(3), &form, (&months, far()), Tz::Asia__Jakarta, 1).unwrap();
    let again = posyandu(&mut StdRng::seed_from_u64(3), &form, (&months, far()), Tz::Asia__Jakarta, 1).unwrap();
    let other = posyandu(&mut StdRng::seed_from_u64(4), &form, (&months, far()), Tz::Asia__Jakarta, 1).unwrap();
    assert_eq!(one, again);
    assert_ne!(one, other);
}

#[test]
fn a_form_with_indicators_the_generator_cannot_fill_is_named() {
    assert!(unknown_required(&Form::shipped()).is_empty());
    let legacy = include_str!("../../../../forms/laporan-bulanan.toml");
    assert!(unknown_required(&Form::parse(legacy).unwrap()).is_empty(), "the older form's VITA, BUMIL, KADER");
    let extra = "\n[[indicator]]\ncode = \"ZINK\"\nlabel = \"ind-s\"\nhelp = \"ind-s-help\"\nmin = 0\nmax = 9\n";
    let form = Form::parse(&format!("{legacy}{extra}required = true\n")).unwrap();
    assert_eq!(unknown_required(&form), ["ZINK"]);
    let optional = Form::parse(&format!("{legacy}{extra}required = false\n")).unwrap();
    assert!(unknown_required(&optional).is_empty(), "an optional one is left out");
    // In any section of a pack: KBPP of section ibu, renamed and required.
    let pack = include_str!("../../../../forms/ilp.toml").replace("KBPP", "ZINK");
    let at = pack.find("code = \"ZINK\"").unwrap();
    let required = format!("{}{}", &pack[..at], pack[at..].replacen("required = false", "required = true", 1));
    assert_eq!(unknown_required(&Form::parse(&required).unwrap()), ["ZINK"]);
    assert!(unknown_required(&Form::parse(&pack).unwrap()).is_empty());
}
