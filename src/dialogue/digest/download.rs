//! `/unduh [bulan]` and the digest's 📥 button: the workbook of an area for
//! the twelve months up to a month (by default the one that just ended), as
//! a document in the chat, the same file `posyandu-bot export` writes. Up
//! to a kabupaten/kota: a province's year is too large to build while the
//! chat waits, and the reply says how to get it.

use super::{home, month_asked, refuse_kader, scope};
use crate::dialogue::reply::Attachment;
use crate::dialogue::report::periode_text;
use crate::dialogue::{Context, Conversation, Reply, Step};
use crate::domain::periode::Periode;
use crate::domain::region::{Level, RegionCode};
use crate::i18n::{Key, Text};

/// Months in a workbook sent in the chat.
pub const MONTHS: u32 = 12;

/// `/unduh`, with a month if typed: the official's own region.
pub fn start(conversation: Conversation, month: Option<&str>, ctx: &Context) -> Step {
    let Some(area) = home(ctx) else { return refuse_kader(conversation, ctx) };
    let to = match month_asked(month, &area, ctx) {
        Ok(to) => to,
        Err(problem) => return Step::to(conversation).reply(problem).reprompt(ctx),
    };
    send(conversation, &area, to, ctx)
}

/// The 📥 button of a digest (checked against the official's regions).
pub fn on_tap(conversation: Conversation, area: &RegionCode, to: Periode, ctx: &Context) -> Step {
    if !scope(ctx).iter().any(|home| home.contains(area)) {
        return Step::to(conversation).reply(Key::DigestOutside).reprompt(ctx);
    }
    send(conversation, area, to, ctx)
}

fn send(conversation: Conversation, area: &RegionCode, to: Periode, ctx: &Context) -> Step {
    if area.level() == Level::Provinsi {
        return Step::to(conversation).reply(Key::DownloadTooLarge).reprompt(ctx);
    }
    let Some(workbook) = ctx.workbook(area, to, conversation.lang) else { return Step::to(conversation) };
    let reply = match workbook {
        Ok(bytes) => {
            let from = first_month(to);
            let text = Text::new(Key::DownloadReady)
                .arg("area", area.as_str())
                .arg("from", periode_text(from))
                .arg("to", periode_text(to));
            let name = format!("rekap-{area}-{from}-{to}.xlsx");
            Reply::new(text).attach(Attachment::document(name, bytes.clone()))
        }
        Err(refusal) => Reply::new(refusal.clone()),
    };
    Step::to(conversation).reply(reply).reprompt(ctx)
}

/// The first of the [`MONTHS`] months ending with `to`.
pub fn first_month(to: Periode) -> Periode {
    (1..MONTHS).fold(to, |p, _| p.previous())
}
