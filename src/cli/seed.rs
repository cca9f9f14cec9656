//! `seed`: a synthetic dataset for trying the bot and for the benchmarks.
//! Posyandu over the real desa codes of the stored region list (about
//! 339,000 nationally, roughly 4 per desa, more in kelurahan), each
//! serving every stage, with one or two kader and months of plausible
//! reports of every section of the deployment's default pack, with their
//! red flags ([`figures`]), written
//! through the real tables as the bot would have ([`write`]), so the
//! digests see them exactly like real reports. Generation streams desa by
//! desa; each desa has its own random generator seeded from `--seed` and
//! its code, so the same seed gives the same data. Refuses a database that
//! already holds reports, unless `--force`.

mod figures;
mod write;

use std::process::ExitCode;
use std::time::Instant;

use chrono::{Days, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::{complain, optional_area, say};
use crate::config::Config;
use crate::domain::lang::Lang;
use crate::domain::local_time::at_local;
use crate::domain::periode::Periode;
use crate::domain::region::RegionCode;
use crate::i18n::{Key, Text};
use crate::store::{Db, on_db};

/// Rows buffered before they are written.
const FLUSH_ROWS: usize = 40_000;
/// Rows written in one transaction.
const COMMIT_ROWS: u64 = 1_000_000;

#[derive(clap::Args, Debug)]
pub struct SeedArgs {
    /// How many posyandu in all, spread over the desa of the area.
    #[arg(long, default_value_t = 339_000, value_parser = clap::value_parser!(u64).range(1..=2_000_000))]
    pub posyandu: u64,
    /// Only this region and what lies under it, e.g. 73.24 (default: all of Indonesia).
    #[arg(long)]
    pub area: Option<String>,
    /// The last month, e.g. 2026-10 (default: the month that just ended).
    #[arg(long)]
    pub until: Option<String>,
    /// How many months up to --until.
    #[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u32).range(1..=60))]
    pub months: u32,
    /// The same seed gives the same data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Add to a database that already has reports.
    #[arg(long)]
    pub force: bool,
}

/// A desa to seed: its code, time zone and how many posyandu it has already.
struct Desa {
    code: String,
    zone: Tz,
    existing: i64,
}

pub async fn run(db: &Db, args: SeedArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let now = Utc::now();
    // A new database gets the built-in region list, as at the bot's first run.
    crate::app::load_regions_if_empty(db).await?;
    let area = match optional_area(db, args.area.as_deref(), lang).await? {
        Ok(area) => area,
        Err(exit) => return Ok(exit),
    };
    let now_month = Periode::containing(now, Tz::Asia__Jakarta);
    let until = match args.until.as_deref() {
        None => now_month.previous(),
        Some(text) => match Periode::parse(text, now_month) {
            Some(month) => month,
            None => return Ok(complain(lang, Text::new(Key::CliBadMonth).arg("value", text))),
        },
    };
    let form = match seed_form() {
        Ok(form) => form,
        Err(text) => return Ok(complain(lang, text)),
    };
    let reports: i64 = on_db!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM report").fetch_one(p).await?);
    if reports > 0 && !args.force {
        return Ok(complain(lang, Text::new(Key::CliSeedHasReports).arg("count", reports)));
    }
    let desa = desa(db, area.as_ref()).await?;
    if desa.is_empty() {
        let where_ = area.as_ref().map_or("Indonesia", |a| a.as_str());
        return Ok(complain(lang, Text::new(Key::CliSeedNoDesa).arg("area", where_)));
    }
    let months: Vec<Periode> = (0..args.months).rev().map(|back| until.months_back(back)).collect();
    let counts = spread(args.posyandu, &desa, args.seed);
    let mut writer = write::Writer::new(db, &form.version).await?;
    let mut tx = db.begin().await?;
    let mut committed_rows = 0;
    for (desa, count) in desa.iter().zip(counts) {
        let mut rng = desa_rng(args.seed, &desa.code);
        rng.random::<f64>(); // the desa's weight, drawn in `spread`
        for n in 0..count {
            let number = (desa.existing + n as i64 + 1) as usize;
            let posyandu = figures::posyandu(&mut rng, &form, (&months, now), desa.zone, number)?;
            writer.add(&desa.code, since(months[0], desa.zone), &posyandu)?;
        }
        if writer.waiting() >= FLUSH_ROWS {
            writer.flush(&mut tx).await?;
        }
        if writer.written.rows - committed_rows >= COMMIT_ROWS {
            tx.commit().await?;
            committed_rows = writer.written.rows;
            progress(lang, &writer.written, args.posyandu, started);
            tx = db.begin().await?;
        }
    }
    writer.flush(&mut tx).await?;
    tx.commit().await?;
    write::Writer::finish(db).await?;
    say(lang, done_text(&writer.written, months.len() as u64, started));
    Ok(ExitCode::SUCCESS)
}

/// When a seeded posyandu and its kader begin: 08:00 local time, 30 days
/// before the first month seeded.
fn since(first: Periode, zone: Tz) -> chrono::DateTime<Utc> {
    let first = NaiveDate::from_ymd_opt(first.year(), first.month(), 1).expect("a valid month");
    at_local(first - Days::new(30), NaiveTime::from_hms_opt(8, 0, 0).expect("08:00"), zone)
}

/// The deployment's default pack, if the seed knows how to fill every
/// number it requires in every section.
fn seed_form() -> Result<std::sync::Arc<crate::domain::form::Form>, Text> {
    let form = Config::from_env()?.forms.default.clone();
    let unknown = figures::unknown_required(&form);
    if !unknown.is_empty() {
        let text =
            Text::new(Key::CliSeedFormUnknown).arg("version", form.version.as_str()).arg("codes", unknown.join(", "));
        return Err(text);
    }
    Ok(form)
}

/// What was written, in how long.
fn done_text(done: &write::Written, months: u64, started: Instant) -> Text {
    let seconds = started.elapsed().as_secs_f64();
    Text::new(Key::CliSeedDone)
        .arg("posyandu", done.posyandu as i64)
        .arg("kader", done.kader as i64)
        .arg("reports", done.reports as i64)
        .arg("missing", (done.posyandu * months - done.reports) as i64)
        .arg("sections", done.sections as i64)
        .arg("flags", done.red_flags as i64)
        .arg("rows", done.rows as i64)
        .arg("seconds", format!("{seconds:.1}"))
        .arg("rate", (done.rows as f64 / seconds) as i64)
}

fn progress(lang: Lang, written: &write::Written, total: u64, started: Instant) {
    let rate = written.rows as f64 / started.elapsed().as_secs_f64();
    let text = Text::new(Key::CliSeedProgress)
        .arg("done", written.posyandu as i64)
        .arg("total", total as i64)
        .arg("rows", written.rows as i64)
        .arg("rate", rate as i64);
    eprintln!("{}", text.render(lang));
}

/// The current desa/kelurahan in `area` (everywhere for `None`), in code order.
async fn desa(db: &Db, area: Option<&RegionCode>) -> anyhow::Result<Vec<Desa>> {
    let base = "SELECT r.code, r.time_zone, COUNT(p.id) FROM region r LEFT JOIN posyandu p ON p.desa_code = r.code
                WHERE r.level = 4 AND r.retired_at IS NULL";
    let group = "GROUP BY r.code, r.time_zone ORDER BY r.code";
    let rows: Vec<(String, String, i64)> = match area {
        None => on_db!(db, p => sqlx::query_as(&format!("{base} {group}")).fetch_all(p).await?),
        Some(area) => {
            let (low, high) = area.subtree();
            let sql = format!("{base} AND r.code >= $1 AND r.code < $2 {group}");
            on_db!(db, p => sqlx::query_as(&sql).bind(&low).bind(&high).fetch_all(p).await?)
        }
    };
    rows.into_iter()
        .map(|(code, zone, existing)| {
            let zone = zone.parse().map_err(|_| anyhow::anyhow!("region {code} has an unknown time zone {zone}"))?;
            Ok(Desa { code, zone, existing })
        })
        .collect()
}

/// The desa's own generator: the same for the same seed and code,
/// whatever else is seeded.
fn desa_rng(seed: u64, code: &str) -> StdRng {
    let number = code.bytes().filter(u8::is_ascii_digit).fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
    StdRng::seed_from_u64(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ number)
}

/// How many posyandu each desa gets: exactly `total` in all, in
/// proportion to a weight drawn per desa (0.5 to 1.5, half as much again
/// in a kelurahan, which is a town).
fn spread(total: u64, desa: &[Desa], seed: u64) -> Vec<u64> {
    let weights: Vec<f64> = desa
        .iter()
        .map(|d| {
            let weight = 0.5 + desa_rng(seed, &d.code).random::<f64>();
            if d.code.rsplit('.').next().is_some_and(|v| v.starts_with('1')) { weight * 1.5 } else { weight }
        })
        .collect();
    let sum: f64 = weights.iter().sum();
    let mut cumulative = 0.0;
    let mut given = 0;
    weights
        .iter()
        .map(|w| {
            cumulative += w;
            let upto = ((total as f64 * cumulative / sum).round() as u64).min(total);
            let count = upto - given;
            given = upto;
            count
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn desa(codes: &[&str]) -> Vec<Desa> {
        codes.iter().map(|c| Desa { code: (*c).to_owned(), zone: Tz::Asia__Makassar, existing: 0 }).collect()
    }

    #[test]
    fn posyandu_are_spread_over_the_desa_exactly() {
        let codes: Vec<String> = (1..=500).map(|n| format!("73.24.01.2{n:03}")).collect();
        let list = desa(&codes.iter().map(String::as_str).collect::<Vec<_>>());
        let counts = spread(2_000, &list, 1);
        assert_eq!(counts.iter().sum::<u64>(), 2_000);
        assert!(counts.iter().all(|c| (1..=7).contains(c)), "{counts:?}");
        assert!(counts.iter().any(|c| *c <= 2) && counts.iter().any(|c| *c >= 5), "varied");
        assert_eq!(spread(2_000, &list, 1), counts, "reproducible");
        assert_ne!(spread(2_000, &list, 2), counts);
        assert_eq!(spread(3, &list, 1).iter().sum::<u64>(), 3);
    }

    #[test]
    fn kelurahan_get_more_posyandu() {
        let mut codes: Vec<String> = (1..=400).map(|n| format!("64.74.01.1{n:03}")).collect();
        codes.extend((1..=400).map(|n| format!("64.74.02.2{n:03}")));
        let counts = spread(4_000, &desa(&codes.iter().map(String::as_str).collect::<Vec<_>>()), 7);
        let (kelurahan, desa): (u64, u64) = (counts[..400].iter().sum(), counts[400..].iter().sum());
        assert!(kelurahan as f64 > desa as f64 * 1.3, "{kelurahan} vs {desa}");
    }
}
