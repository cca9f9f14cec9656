//! A digest ([`AreaDigest`]) rendered for a phone: three messages, each
//! well within Telegram's limits. The summary rides as the caption of the
//! trend chart (D/S and N/D over 12 months against the target); the child
//! areas ranked by D/S as the caption of the bar chart, with buttons one
//! level down and up; then the alerts and the button to the posyandu not
//! yet reported. Numbers are [`Arg::Count`] and [`Arg::Percent`], so each
//! reader sees them written their way; the charts' labels are in the
//! language of the chat.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::chart::{self, Series};
use crate::dialogue::report::periode_text;
use crate::domain::digest::{Alert, AreaDigest, ChildRow, Measure, PosyanduRef, Settings, Totals, Unit};
use crate::domain::lang::Lang;
use crate::domain::periode::Periode;
use crate::domain::region::{Level, RegionCode};
use crate::domain::skdn;
use crate::i18n::{Arg, Key, MONTHS, Text};
use crate::reply::Attachment;
use crate::reply::{Button, Reply, Tap};

/// Child areas on one page of the ranking, each named and with its button
/// one level down (the chart shows up to [`chart::MAX_BARS`]). With the
/// buttons to the pages before and after and the one up, a page has ten
/// buttons at most: one WhatsApp list.
pub const RANK_PAGE: usize = 7;
/// Posyandu on one page of those not yet reported.
pub const MISSING_PAGE: i64 = 30;

/// What a digest is measured against when shown: the settings, and which
/// months are still inside their reporting window at the moment of
/// showing (before the due day of the next month, in the area's zone).
pub struct Shown<'a> {
    pub settings: &'a Settings,
    pub now: DateTime<Utc>,
    pub zone: Tz,
}

impl Shown<'_> {
    /// Reports of `periode` can still come in on time: its figures are
    /// provisional ("sementara").
    pub fn provisional(&self, periode: Periode) -> bool {
        self.now < self.settings.deadline(periode, self.zone)
    }
}

/// The zone whose due day a digest of `unit` is shown against: the
/// province's, the country's WIB otherwise.
pub fn zone_of(unit: &Unit) -> Tz {
    match unit {
        Unit::Region { code, .. } => code.time_zone(),
        Unit::Nation | Unit::Posyandu(_) => Tz::Asia__Jakarta,
    }
}

/// The digest's messages; `at_home` (the official's own region) leaves out
/// the button one level up.
pub fn digest(d: &AreaDigest, trend: &[(Periode, Totals)], at_home: bool, shown: &Shown, lang: Lang) -> Vec<Reply> {
    let periode = d.periode;
    let settings = shown.settings;
    let area_code = match &d.area {
        Unit::Region { code, .. } => Some(code.clone()),
        Unit::Nation | Unit::Posyandu(_) => None,
    };
    let mut replies = vec![summary(d, trend, shown, lang)];
    if !d.children.is_empty() {
        replies.push(ranking_buttons(ranking(d, settings, lang), d, 0, at_home));
    }
    let mut alerts = alerts(d);
    if let Some(code) = area_code.as_ref().filter(|_| d.missing() > 0) {
        let label = Text::new(Key::BtnDigestMissing).arg("count", Arg::Count(d.missing()));
        alerts = alerts.row([Button::new(label, Tap::DigestMissing(code.clone(), periode, 0))]);
    }
    if let Some(code) = area_code.filter(|code| code.level() != Level::Provinsi) {
        alerts = alerts
            .row([Button::new(Key::BtnDownload, Tap::Download(code, super::download::year_to(periode), periode))]);
    }
    replies.push(alerts);
    replies
}

pub fn area_name(unit: &Unit) -> Text {
    match unit {
        Unit::Nation => Text::new(Key::DigestNation),
        Unit::Region { name, .. } => Text::new(Key::BtnPlain).arg("label", name.as_str()),
        Unit::Posyandu(p) => posyandu_name(p),
    }
}

fn posyandu_name(p: &PosyanduRef) -> Text {
    Text::new(Key::DigestPosyandu).arg("posyandu", p.name.as_str()).arg("desa", p.desa_name.as_str())
}

fn region_of(row: &ChildRow) -> Option<(RegionCode, String)> {
    match &row.unit {
        Unit::Region { code, name } => Some((code.clone(), name.clone())),
        Unit::Nation | Unit::Posyandu(_) => None,
    }
}

/// The SKDN figures beside last month's: ratios, and BGM and 2T with
/// their rates per D (last month's rate, not its count, which depends on
/// how many posyandu have reported); D/S beside the target.
fn figures(t: &Totals, l: &Totals, target: f64) -> Vec<Text> {
    let ratio = |name: &str, this: Option<f64>, last: Option<f64>| {
        let shown = |r| if name == "D/S" { Arg::PercentNear(r, target) } else { Arg::Percent(r) };
        Text::new(Key::DigestRatio).arg("name", name).arg("now", shown(this)).arg("before", shown(last))
    };
    let count = |name: &str, this: i64, rate: Option<f64>, last: Option<f64>| {
        Text::new(Key::DigestCount)
            .arg("name", name)
            .arg("now", Arg::Count(this))
            .arg("rate", Arg::Percent(rate))
            .arg("before", Arg::Percent(last))
    };
    vec![
        Text::new(Key::DigestTotals)
            .arg("s", Arg::Count(t.s))
            .arg("k", Arg::Count(t.k))
            .arg("d", Arg::Count(t.d))
            .arg("n", Arg::Count(t.n)),
        ratio("K/S", t.k_s(), l.k_s()),
        ratio("D/S", t.d_s(), l.d_s()),
        ratio("D/K", t.d_k(), l.d_k()),
        ratio("N/D′", t.n_d_prime(), l.n_d_prime()),
        ratio("N/S", t.n_s(), l.n_s()),
        count("BGM", t.bgm, t.bgm_rate(), l.bgm_rate()),
        count("2T", t.two_t, t.two_t_rate(), l.two_t_rate()),
    ]
}

/// The month's name, marked "sementara" while its reports can still come in.
fn month_text(periode: Periode, shown: &Shown) -> Text {
    let month = periode_text(periode);
    match shown.provisional(periode) {
        true => Text::new(Key::DigestMonthProvisional).arg("month", month),
        false => month,
    }
}

/// Completeness and the SKDN figures beside last month's, on the trend chart.
fn summary(d: &AreaDigest, trend: &[(Periode, Totals)], shown: &Shown, lang: Lang) -> Reply {
    let (now, before) = (&d.this_month, &d.last_month);
    let c = &now.completeness;
    let text = Text::new(Key::DigestSummary)
        .arg("month", month_text(d.periode, shown))
        .arg("area", area_name(&d.area))
        .arg("reported", Arg::Count(c.reported))
        .arg("expected", Arg::Count(c.expected))
        .arg("rate", Arg::Percent(c.rate()))
        .arg("on_time", Arg::Count(c.on_time))
        .arg("last_reported", Arg::Count(before.completeness.reported))
        .arg("last_expected", Arg::Count(before.completeness.expected))
        .arg("figures", figures(&now.totals, &before.totals, shown.settings.target_ds));
    let reply = Reply::new(text);
    match trend_chart(trend, shown, lang) {
        Some(png) => reply.attach(Attachment::picture(format!("rekap-{}.png", d.periode), png)),
        None => reply,
    }
}

/// D/S and N/D′ of the last months against the target; a month still
/// provisional is marked on its label and explained in the title.
fn trend_chart(trend: &[(Periode, Totals)], shown: &Shown, lang: Lang) -> Option<Vec<u8>> {
    let months: Vec<String> = trend
        .iter()
        .map(|(p, _)| match shown.provisional(*p) {
            true => Text::new(Key::ChartMonthProvisional).arg("month", short_month(*p, lang)).render(lang),
            false => short_month(*p, lang),
        })
        .collect();
    let series = vec![
        Series { label: "D/S".into(), values: trend.iter().map(|(_, t)| t.d_s()).collect() },
        Series { label: "N/D′".into(), values: trend.iter().map(|(_, t)| t.n_d_prime()).collect() },
    ];
    let any_provisional = trend.iter().any(|(p, _)| shown.provisional(*p));
    let title_key = if any_provisional { Key::ChartTrendTitleProvisional } else { Key::ChartTrendTitle };
    let title = Text::new(title_key).render(lang);
    let target = Text::new(Key::ChartTarget).render(lang);
    chart::trend_png(&title, &months, &series, Some((target, shown.settings.target_ds)))
        .inspect_err(|error| tracing::warn!(%error, "trend chart not drawn"))
        .ok()
}

/// "Okt 26": a month for a chart's axis.
fn short_month(periode: Periode, lang: Lang) -> String {
    let name = Text::new(MONTHS[periode.month() as usize - 1]).render(lang);
    format!("{} {:02}", name.chars().take(3).collect::<String>(), periode.year() % 100)
}

/// The first page of the child areas by D/S, with completeness, on the
/// bar chart of them all.
fn ranking(d: &AreaDigest, settings: &Settings, lang: Lang) -> Reply {
    let text =
        Text::new(Key::DigestRanking).arg("level", level_text(d)).arg("rows", rank_rows(d, 0, settings.target_ds));
    let reply = Reply::new(text);
    match bars_chart(d, settings, lang) {
        Some(png) => reply.attach(Attachment::picture(format!("rekap-{}-wilayah.png", d.periode), png)),
        None => reply,
    }
}

/// A later page of the ranking (or the first again, without its chart),
/// with its buttons.
pub fn ranking_page(d: &AreaDigest, offset: usize, at_home: bool, target_ds: f64) -> Reply {
    let shown = d.children.len().saturating_sub(offset).min(RANK_PAGE);
    let text = Text::new(Key::DigestRankingPage)
        .arg("level", level_text(d))
        .arg("area", area_name(&d.area))
        .arg("month", periode_text(d.periode))
        .arg("from", (offset + 1).min(d.children.len()) as i64)
        .arg("to", (offset + shown) as i64)
        .arg("total", Arg::Count(d.children.len() as i64))
        .arg("rows", rank_rows(d, offset, target_ds));
    ranking_buttons(Reply::new(text), d, offset, at_home)
}

/// The ranking's lines from `offset`, one page of them, and how many follow.
fn rank_rows(d: &AreaDigest, offset: usize, target_ds: f64) -> Vec<Text> {
    let mut rows: Vec<Text> = d
        .children
        .iter()
        .zip(1i64..)
        .skip(offset)
        .take(RANK_PAGE)
        .map(|(row, rank)| {
            let c = &row.figures.completeness;
            Text::new(Key::DigestRankRow)
                .arg("rank", rank)
                .arg("name", area_name(&row.unit))
                .arg("ds", Arg::PercentNear(row.figures.totals.d_s(), target_ds))
                .arg("reported", Arg::Count(c.reported))
                .arg("expected", Arg::Count(c.expected))
        })
        .collect();
    let after = d.children.len().saturating_sub(offset + RANK_PAGE);
    if after > 0 {
        rows.push(Text::new(Key::DigestMoreRows).arg("count", after as i64));
    }
    rows
}

/// The buttons under a page of the ranking: each area on it one level
/// down, two a row; the pages before and after; one level up unless
/// `at_home`.
fn ranking_buttons(mut reply: Reply, d: &AreaDigest, offset: usize, at_home: bool) -> Reply {
    let periode = d.periode;
    let label = |name: &str| Text::new(Key::BtnPlain).arg("label", name);
    let page: Vec<(RegionCode, String)> =
        d.children.iter().skip(offset).take(RANK_PAGE).filter_map(region_of).collect();
    for row in page.chunks(2) {
        reply = reply.row(row.iter().map(|(code, name)| Button::new(label(name), Tap::Digest(code.clone(), periode))));
    }
    let Unit::Region { code, .. } = &d.area else { return reply };
    let mut pages = Vec::new();
    if offset > 0 {
        let back = Tap::DigestRanking(code.clone(), periode, offset.saturating_sub(RANK_PAGE) as i64);
        pages.push(Button::new(Key::BtnPreviousPage, back));
    }
    if offset + RANK_PAGE < d.children.len() {
        let next = Tap::DigestRanking(code.clone(), periode, (offset + RANK_PAGE) as i64);
        pages.push(Button::new(Key::BtnNextPage, next));
    }
    if !pages.is_empty() {
        reply = reply.row(pages);
    }
    match code.parent().filter(|_| !at_home) {
        Some(parent) => reply.row([Button::new(Key::BtnDigestUp, Tap::Digest(parent, periode))]),
        None => reply,
    }
}

/// "Kecamatan": what the ranked areas are.
fn level_text(d: &AreaDigest) -> Text {
    Text::new(d.children.first().map_or(Key::DigestLevelPosyandu, |row| level_key(&row.unit)))
}

fn level_key(unit: &Unit) -> Key {
    match unit {
        Unit::Posyandu(_) => Key::DigestLevelPosyandu,
        Unit::Nation => Key::DigestLevelProvinsi,
        Unit::Region { code, .. } => match code.level() {
            Level::Provinsi => Key::DigestLevelProvinsi,
            Level::Kabupaten => Key::DigestLevelKabupaten,
            Level::Kecamatan => Key::DigestLevelKecamatan,
            Level::Desa => Key::DigestLevelDesa,
        },
    }
}

fn bars_chart(d: &AreaDigest, settings: &Settings, lang: Lang) -> Option<Vec<u8>> {
    let bars: Vec<(String, Option<f64>)> = d
        .children
        .iter()
        .map(|row| {
            let name = match &row.unit {
                Unit::Posyandu(p) => p.name.clone(),
                unit => area_name(unit).render(lang),
            };
            (name, row.figures.totals.d_s())
        })
        .collect();
    let title = Text::new(Key::ChartBarsTitle).render(lang);
    let target = Text::new(Key::ChartTarget).render(lang);
    let more = |count: usize| Text::new(Key::ChartMoreBars).arg("count", count as i64).render(lang);
    let value = |v: f64| skdn::percent(Some(v), Some(settings.target_ds), lang);
    chart::bars_png(&title, &bars, Some((target, settings.target_ds)), more, value)
        .inspect_err(|error| tracing::warn!(%error, "bar chart not drawn"))
        .ok()
}

/// What an official should look at, or that nothing stands out.
fn alerts(d: &AreaDigest) -> Reply {
    if d.alerts.is_empty() {
        return Reply::new(Key::DigestNoAlerts);
    }
    let mut lines: Vec<Text> = d.alerts.iter().map(|a| alert(a, d.periode)).collect();
    if d.alerts_left_off > 0 {
        lines.push(Text::new(Key::DigestMoreRows).arg("count", d.alerts_left_off as i64));
    }
    Reply::new(Text::new(Key::DigestAlerts).arg("alerts", lines))
}

/// One alert of the digest of `periode`.
fn alert(alert: &Alert, periode: Periode) -> Text {
    match alert {
        Alert::DsBelowTarget { unit, ds, target } => Text::new(Key::AlertDsBelowTarget)
            .arg("name", area_name(unit))
            .arg("ds", Arg::PercentNear(Some(*ds), *target))
            .arg("target", Arg::Percent(Some(*target))),
        Alert::BgmUp { before, after } => Text::new(Key::AlertBgmUp)
            .arg("before", Arg::Percent(Some(*before)))
            .arg("after", Arg::Percent(Some(*after))),
        Alert::TwoTUp { before, after } => Text::new(Key::AlertTwoTUp)
            .arg("before", Arg::Percent(Some(*before)))
            .arg("after", Arg::Percent(Some(*after))),
        Alert::Unusual { posyandu, measure, value, median } => {
            let (name, shown, usual) = match measure {
                Measure::S => ("S", Arg::Count(*value as i64), Arg::Count(*median as i64)),
                Measure::Bgm => ("BGM", Arg::Count(*value as i64), Arg::Count(*median as i64)),
                Measure::DS => ("D/S", Arg::Percent(Some(*value)), Arg::Percent(Some(*median))),
                Measure::ND => ("N/D′", Arg::Percent(Some(*value)), Arg::Percent(Some(*median))),
            };
            Text::new(Key::AlertUnusual)
                .arg("posyandu", posyandu_name(posyandu))
                .arg("measure", name)
                .arg("value", shown)
                .arg("usual", usual)
        }
        Alert::Silent { posyandu, last_reported: Some(last) } => Text::new(Key::AlertSilent)
            .arg("posyandu", posyandu_name(posyandu))
            .arg("months", i64::from(last.months_until(periode)))
            .arg("last", periode_text(*last)),
        Alert::Silent { posyandu, last_reported: None } => {
            Text::new(Key::AlertNeverReported).arg("posyandu", posyandu_name(posyandu))
        }
    }
}

/// A page of the posyandu not yet reported, by desa.
pub fn missing(area: &RegionCode, periode: Periode, offset: i64, page: &(Vec<PosyanduRef>, i64)) -> Reply {
    let (posyandu, total) = page;
    let mut lines: Vec<Text> = Vec::new();
    let mut desa: Option<&str> = None;
    for p in posyandu {
        if desa != Some(p.desa_name.as_str()) {
            desa = Some(p.desa_name.as_str());
            lines.push(Text::new(Key::DigestMissingDesa).arg("desa", p.desa_name.as_str()));
        }
        lines.push(Text::new(Key::DigestMissingPosyandu).arg("posyandu", p.name.as_str()));
    }
    let text = Text::new(Key::DigestMissing)
        .arg("month", periode_text(periode))
        .arg("total", Arg::Count(*total))
        .arg("from", (offset + 1).min(*total))
        .arg("to", (offset + posyandu.len() as i64).min(*total))
        .arg("rows", lines);
    let mut reply = Reply::new(text);
    let mut pages = Vec::new();
    if offset > 0 {
        let back = Tap::DigestMissing(area.clone(), periode, (offset - MISSING_PAGE).max(0));
        pages.push(Button::new(Key::BtnPreviousPage, back));
    }
    if offset + MISSING_PAGE < *total {
        pages.push(Button::new(Key::BtnNextPage, Tap::DigestMissing(area.clone(), periode, offset + MISSING_PAGE)));
    }
    if !pages.is_empty() {
        reply = reply.row(pages);
    }
    reply
}
