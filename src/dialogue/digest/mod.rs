//! `/rekap [bulan]`: an official's digest of their area's month, with
//! buttons one level down (kabupaten → kecamatan → desa → posyandu) and
//! back up, and the posyandu not yet reported, page by page.
//!
//! The step asks for the figures through [`Context::digest`],
//! [`Context::digest_trend`] and [`Context::digest_missing`]; the shell
//! computes them in the database. Every area a button or a typed argument
//! names is checked against the official's own regions first, so no
//! button data, however tampered, shows another area. Kader are pointed to
//! `/status`, which shows their own posyandu.

pub mod download;
pub mod sections;
pub mod strata;
pub mod text;

use chrono_tz::Tz;

use super::{Context, Conversation, Step};

use crate::domain::periode::Periode;
use crate::domain::region::RegionCode;
use crate::domain::role::Grant;
use crate::i18n::{Key, Text};
use crate::reply::{Reply, Tap};

pub use text::MISSING_PAGE;

/// `/rekap`, with a month if typed (`okt`, `2026-10`); the official's own
/// region, the month that just ended unless named.
pub fn start(conversation: Conversation, month: Option<&str>, ctx: &Context) -> Step {
    let Some(home) = home(ctx) else { return refuse_kader(conversation, ctx) };
    let periode = match month_asked(month, &home, ctx) {
        Ok(periode) => periode,
        Err(problem) => return Step::to(conversation).reply(problem).reprompt(ctx),
    };
    show(conversation, &home, periode, ctx)
}

/// A digest button: another area or month, a page of the ranking or of
/// those missing; or a page of the Pratama posyandu of `/strata`.
pub fn on_tap(conversation: Conversation, tap: Tap, ctx: &Context) -> Step {
    let (area, periode) = match &tap {
        Tap::Digest(area, periode)
        | Tap::DigestMissing(area, periode, _)
        | Tap::DigestRanking(area, periode, _)
        | Tap::Download(area, _, periode) => (area, *periode),
        Tap::StrataPratama(year, offset) => return strata::on_tap(conversation, *year, *offset, ctx),
        _ => return Step::to(conversation).reply(Key::ButtonExpired).reprompt(ctx),
    };
    if scope(ctx).is_empty() {
        return refuse_kader(conversation, ctx);
    }
    if !scope(ctx).iter().any(|home| home.contains(area)) {
        return Step::to(conversation).reply(Key::DigestOutside).reprompt(ctx);
    }
    match tap {
        Tap::DigestMissing(_, _, offset) => missing(conversation, area, periode, offset, ctx),
        Tap::DigestRanking(_, _, offset) => ranking(conversation, area, periode, offset, ctx),
        Tap::Download(_, from, _) => download::on_tap(conversation, area, from, periode, ctx),
        _ => show(conversation, area, periode, ctx),
    }
}

/// Whether a tap is one [`on_tap`] handles.
pub fn handles(tap: &Tap) -> bool {
    matches!(
        tap,
        Tap::Digest(..) | Tap::DigestMissing(..) | Tap::DigestRanking(..) | Tap::Download(..) | Tap::StrataPratama(..)
    )
}

/// The regions of the person's official roles.
fn scope(ctx: &Context) -> Vec<RegionCode> {
    let roles = ctx.person.iter().flat_map(|p| p.roles.iter());
    roles
        .filter_map(|r| match &r.grant {
            Grant::Official { region, .. } => Some(region.clone()),
            Grant::Kader { .. } => None,
        })
        .collect()
}

/// The month typed after a command (`okt`, `2026-10`), or the one that
/// just ended in `area`; a month not understood or still ahead is refused
/// with an example.
fn month_asked(typed: Option<&str>, area: &RegionCode, ctx: &Context) -> Result<Periode, Text> {
    let current = Periode::containing(ctx.now, time_zone(area));
    match typed {
        None => Ok(current.previous()),
        Some(typed) => match Periode::parse(typed, current) {
            Some(periode) if periode <= current => Ok(periode),
            _ => Err(Text::new(Key::DigestBadMonth).arg("typed", super::clip(typed, 20))),
        },
    }
}

/// The region of the person's first official role: where `/rekap` and
/// `/strata` start.
fn home(ctx: &Context) -> Option<RegionCode> {
    scope(ctx).into_iter().next()
}

fn time_zone(area: &RegionCode) -> Tz {
    area.time_zone()
}

fn refuse_kader(conversation: Conversation, ctx: &Context) -> Step {
    let key = if ctx.person.is_some() { Key::DigestNotOfficial } else { Key::NotRegistered };
    Step::to(conversation).reply(key).reprompt(ctx)
}

/// The digest of `area` for `periode`: summary with the trend chart, the
/// ranked child areas with the bar chart and their buttons, the alerts.
fn show(conversation: Conversation, area: &RegionCode, periode: Periode, ctx: &Context) -> Step {
    let form = ctx.form(area);
    // A pack of several sections adds their month, after the summary.
    let by_section = (form.sections.len() > 1).then(|| ctx.section_months(area, periode));
    let (Some(digest), Some(trend)) = (ctx.digest(area, periode), ctx.digest_trend(area, periode)) else {
        return Step::to(conversation);
    };
    let at_home = scope(ctx).contains(area);
    let shown = text::Shown { settings: &ctx.settings.digest, now: ctx.now, zone: time_zone(area) };
    let mut replies = text::digest(digest, trend, at_home, &shown, conversation.lang);
    match by_section {
        Some(None) => return Step::to(conversation),
        Some(Some(months)) => replies.insert(1, sections::reply(form, months, periode)),
        None => {}
    }
    Step::to(conversation).replies(replies).reprompt(ctx)
}

/// A page of the ranking of the areas (or posyandu) of `area`, as a new
/// message: the first page's message is its chart, which no edit changes.
fn ranking(conversation: Conversation, area: &RegionCode, periode: Periode, offset: i64, ctx: &Context) -> Step {
    let Some(digest) = ctx.digest(area, periode) else { return Step::to(conversation) };
    let offset = usize::try_from(offset).unwrap_or(0).min(digest.children.len().saturating_sub(1));
    let reply = text::ranking_page(digest, offset, scope(ctx).contains(area), ctx.settings.digest.target_ds);
    Step::to(conversation).reply(reply).reprompt(ctx)
}

/// A page of the posyandu of `area` not yet reported for `periode`.
fn missing(conversation: Conversation, area: &RegionCode, periode: Periode, offset: i64, ctx: &Context) -> Step {
    let Some(page) = ctx.digest_missing(area, periode, offset) else { return Step::to(conversation) };
    let reply: Reply = text::missing(area, periode, offset, page);
    let reply = match (&ctx.tapped, offset) {
        (Some(message), 1..) => reply.editing(message.clone()),
        _ => reply,
    };
    Step::to(conversation).reply(reply).reprompt(ctx)
}

/// The official's region as their role names it ("Kabupaten Luwu
/// Timur"); an area below it by its code.
pub(super) fn area_name(ctx: &Context, area: &RegionCode) -> Text {
    let place = ctx.person.iter().flat_map(|p| p.roles.iter()).find(|r| r.place.region == *area);
    match place {
        Some(role) => role.place.text(),
        None => Text::new(Key::BtnPlain).arg("label", area.as_str()),
    }
}
