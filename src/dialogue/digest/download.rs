//! `/unduh [bulan]` and the digest's 📥 button: the workbook of an area for
//! the months an official chooses, as a document in the chat, the same file
//! `posyandu-bot export` writes. `/unduh` alone offers the month that just
//! ended, the last 3 and the last 12 as buttons; typed, one month (`okt`,
//! `2026-10`) or a range (`jan-okt`, `2026-01 2026-10`), at most
//! [`MAX_MONTHS`] and none still ahead. Up to a kabupaten/kota: a
//! province's year is too large to build while the chat waits, and the
//! reply says how to get it.

use super::{area_name, home, refuse_kader, scope, time_zone};
use crate::dialogue::report::periode_text;
use crate::dialogue::{Context, Conversation, Step};
use crate::domain::periode::Periode;
use crate::domain::region::{Level, RegionCode};
use crate::i18n::{Key, Text};
use crate::reply::{Attachment, Button};
use crate::reply::{Reply, Tap};

/// The most months in a workbook sent in the chat: a kabupaten's year.
pub const MAX_MONTHS: u32 = 12;

/// How many months the choice buttons of a bare `/unduh` offer.
const CHOICES: [u32; 3] = [1, 3, MAX_MONTHS];

/// `/unduh`, with the months if typed: the official's own region.
pub fn start(conversation: Conversation, typed: Option<&str>, ctx: &Context) -> Step {
    let Some(area) = home(ctx) else { return refuse_kader(conversation, ctx) };
    let current = Periode::containing(ctx.now, time_zone(&area));
    let Some(typed) = typed else { return choose(conversation, &area, current.previous(), ctx) };
    match months_asked(typed, current) {
        Some((from, to)) => send(conversation, &area, from, to, ctx),
        None => {
            let problem = Text::new(Key::DownloadBadMonths)
                .arg("typed", super::super::clip(typed, 20))
                .arg("max", i64::from(MAX_MONTHS));
            Step::to(conversation).reply(problem).reprompt(ctx)
        }
    }
}

/// A download button (of `/unduh` or a digest), checked against the
/// official's regions and the months a chat workbook may hold.
pub fn on_tap(conversation: Conversation, area: &RegionCode, from: Periode, to: Periode, ctx: &Context) -> Step {
    if !scope(ctx).iter().any(|home| home.contains(area)) {
        return Step::to(conversation).reply(Key::DigestOutside).reprompt(ctx);
    }
    let current = Periode::containing(ctx.now, time_zone(area));
    if !allowed(from, to, current) {
        return Step::to(conversation).reply(Key::ButtonExpired).reprompt(ctx);
    }
    send(conversation, area, from, to, ctx)
}

/// The months `typed` names, if a chat workbook may hold them: one month,
/// or two joined by a dash or a space (`jan-okt`, `2026-01 2026-10`).
fn months_asked(typed: &str, current: Periode) -> Option<(Periode, Periode)> {
    let typed = typed.trim();
    let joints = typed.char_indices().filter(|(_, c)| *c == '-' || c.is_whitespace());
    let range = |(at, joint): (usize, char)| {
        let rest = typed[at + joint.len_utf8()..].trim_start_matches(|c: char| c == '-' || c.is_whitespace());
        Some((Periode::parse(&typed[..at], current)?, Periode::parse(rest, current)?))
    };
    let (from, to) = match Periode::parse(typed, current) {
        Some(month) => (month, month),
        None => joints.into_iter().find_map(range)?,
    };
    allowed(from, to, current).then_some((from, to))
}

/// Whether `from..=to` is in order, over by `current` at the latest, and
/// no longer than [`MAX_MONTHS`].
fn allowed(from: Periode, to: Periode, current: Periode) -> bool {
    from <= to && to <= current && from.months_until(to) < MAX_MONTHS as i32
}

/// The choice of months for `area`, each ending with `to`.
fn choose(conversation: Conversation, area: &RegionCode, to: Periode, ctx: &Context) -> Step {
    let mut reply = Reply::new(Text::new(Key::DownloadChoose).arg("area", area_name(ctx, area)));
    for count in CHOICES {
        let from = (1..count).fold(to, |p, _| p.previous());
        let label = Text::new(Key::BtnDownloadMonths)
            .arg("count", i64::from(count))
            .arg("from", periode_text(from))
            .arg("to", periode_text(to));
        reply = reply.row([Button { label, tap: Tap::Download(area.clone(), from, to) }]);
    }
    Step::to(conversation).reply(reply).reprompt(ctx)
}

fn send(conversation: Conversation, area: &RegionCode, from: Periode, to: Periode, ctx: &Context) -> Step {
    if area.level() == Level::Provinsi {
        return Step::to(conversation).reply(Key::DownloadTooLarge).reprompt(ctx);
    }
    let Some(workbook) = ctx.workbook(area, from, to, conversation.lang) else { return Step::to(conversation) };
    let reply = match workbook {
        Ok(bytes) => {
            let text = Text::new(Key::DownloadReady)
                .arg("area", area_name(ctx, area))
                .arg("from", periode_text(from))
                .arg("to", periode_text(to));
            let name = format!("rekap-{area}-{from}-{to}.xlsx");
            Reply::new(text).attach(Attachment::document(name, bytes.clone()))
        }
        Err(refusal) => Reply::new(refusal.clone()),
    };
    Step::to(conversation).reply(reply).reprompt(ctx)
}

/// The first of the [`MAX_MONTHS`] months ending with `to`: what the
/// digest's 📥 button sends.
pub fn year_to(to: Periode) -> Periode {
    to.months_back(MAX_MONTHS - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Periode {
        Periode::try_from(text.to_owned()).unwrap()
    }

    #[test]
    fn typed_months_are_one_month_or_a_range() {
        let november = p("2026-11");
        let asked = |typed| months_asked(typed, november);
        assert_eq!(asked("okt"), Some((p("2026-10"), p("2026-10"))));
        assert_eq!(asked("2026-10"), Some((p("2026-10"), p("2026-10"))));
        assert_eq!(asked("jan-okt"), Some((p("2026-01"), p("2026-10"))));
        assert_eq!(asked("Jan - Okt"), Some((p("2026-01"), p("2026-10"))));
        assert_eq!(asked("2026-01 2026-10"), Some((p("2026-01"), p("2026-10"))));
        assert_eq!(asked("des 2025 - okt 2026"), Some((p("2025-12"), p("2026-10"))));
        assert_eq!(asked("2025-11 2026-10"), Some((p("2025-11"), p("2026-10"))), "twelve months");
    }

    #[test]
    fn ranges_backwards_too_long_ahead_or_unknown_are_refused() {
        let november = p("2026-11");
        let asked = |typed| months_asked(typed, november);
        for typed in ["okt-jan", "2025-10 2026-10", "2026-12", "2026-10 2027-01", "kemarin", "", "13"] {
            assert_eq!(asked(typed), None, "{typed}");
        }
    }

    #[test]
    fn the_digest_button_sends_a_year() {
        assert_eq!(year_to(p("2026-10")), p("2025-11"));
    }
}
