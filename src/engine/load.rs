//! Loading what a step asked for ([`Needs`]) into its [`Context`], in the
//! step's transaction. Workbooks are not loaded here: the engine builds
//! them on a read transaction (see [`super::Engine::handle`]).

use super::Incoming;
use crate::dialogue::digest::MISSING_PAGE;
use crate::dialogue::meeting::organizer::{UNREACHED_PAGE, attendance};
use crate::dialogue::report::{kader_targets, status_periodes};
use crate::dialogue::{Context, Needs, PosyanduStatus};
use crate::store::{
    Tx, digest, invites, linking, meetings, organizer, regions, reports, section_digest, strata, subscriptions,
};

/// Months in a digest's trend chart.
const TREND_MONTHS: u32 = 12;

/// The most regions a name search in the meeting wizard loads.
const REGIONS_FOUND: i64 = 8;

/// Loads what a step asked for into its context.
pub async fn load(tx: &mut Tx, incoming: &Incoming, ctx: &mut Context, mut needs: Needs) -> anyhow::Result<()> {
    people(tx, ctx, &mut needs).await?;
    meeting_views(tx, ctx, &mut needs).await?;
    digests(tx, ctx, &mut needs).await?;
    accounts(tx, incoming, ctx, &mut needs).await
}

/// Loads the invites, reports, report status and invitations.
async fn people(tx: &mut Tx, ctx: &mut Context, needs: &mut Needs) -> anyhow::Result<()> {
    for code in std::mem::take(&mut needs.invites) {
        let lookup = invites::lookup(tx, &code).await?;
        ctx.loaded.invites.push(lookup);
    }
    for (posyandu, periode) in std::mem::take(&mut needs.reports) {
        let lookup = reports::lookup(tx, posyandu, periode).await?;
        ctx.loaded.reports.push((posyandu, periode, lookup));
    }
    if needs.status {
        let mut status = Vec::new();
        for target in ctx.person.as_ref().map(kader_targets).unwrap_or_default() {
            let months = reports::revisions(tx, target.id, &status_periodes(ctx.now, target.time_zone())).await?;
            let stages = reports::stages(tx, target.id).await?;
            status.push(PosyanduStatus { posyandu_id: target.id, stages, months });
        }
        ctx.loaded.status = Some(status);
    }
    for meeting_id in std::mem::take(&mut needs.invitations) {
        let view = match &ctx.person {
            Some(person) => meetings::invitation(tx, meeting_id, person.id).await?,
            None => None,
        };
        ctx.loaded.invitations.push((meeting_id, view));
    }
    Ok(())
}

/// Loads what the meeting wizard and the organizer read.
async fn meeting_views(tx: &mut Tx, ctx: &mut Context, needs: &mut Needs) -> anyhow::Result<()> {
    for code in std::mem::take(&mut needs.children) {
        let children = regions::children(tx, &code).await?;
        ctx.loaded.children.push((code, children));
    }
    for (within, text) in std::mem::take(&mut needs.searches) {
        let found = regions::search_within(tx, &within, &text, REGIONS_FOUND).await?;
        ctx.loaded.searches.push((within, text, found));
    }
    for (area, invitees) in std::mem::take(&mut needs.audiences) {
        let organizer = ctx.person.as_ref().map_or(0, |p| p.id);
        let size = meetings::audience_size(tx, organizer, &area, &invitees).await?;
        ctx.loaded.audiences.push((area, invitees, size));
    }
    let organizer_id = ctx.person.as_ref().map(|p| p.id);
    if needs.organized
        && let Some(person) = organizer_id
    {
        ctx.loaded.organized = Some(organizer::organized(tx, person, ctx.now).await?);
    }
    for id in std::mem::take(&mut needs.owned) {
        let owned = match organizer_id {
            Some(person) => organizer::owned(tx, id, person).await?,
            None => None,
        };
        ctx.loaded.owned.push((id, owned));
    }
    for (id, offset) in std::mem::take(&mut needs.unreached) {
        let page = match organizer_id {
            Some(person) => organizer::unreached(tx, id, person, offset, UNREACHED_PAGE).await?,
            None => None,
        };
        ctx.loaded.unreached.push((id, offset, page));
    }
    for (id, offset) in std::mem::take(&mut needs.attendance) {
        let page = match organizer_id {
            Some(person) => organizer::attendance(tx, id, person, offset, attendance::PAGE).await?,
            None => None,
        };
        ctx.loaded.attendance.push((id, offset, page));
    }
    Ok(())
}

/// Loads the digests, trends, missing lists and strata.
async fn digests(tx: &mut Tx, ctx: &mut Context, needs: &mut Needs) -> anyhow::Result<()> {
    let settings = ctx.settings.digest;
    for (area, periode) in std::mem::take(&mut needs.digests) {
        let found = digest::area(tx, Some(&area), periode, &settings).await?;
        ctx.loaded.digests.push((area, periode, found));
    }
    for (area, periode) in std::mem::take(&mut needs.section_months) {
        let form = ctx.forms.for_region(&area).clone();
        let months = section_digest::month(tx, &area, periode, &form).await?;
        ctx.loaded.section_months.push((area, periode, months));
    }
    for (area, periode) in std::mem::take(&mut needs.trends) {
        let trend = digest::trend(tx, Some(&area), periode, TREND_MONTHS).await?;
        ctx.loaded.trends.push((area, periode, trend));
    }
    for (area, periode, offset) in std::mem::take(&mut needs.missing) {
        let page = digest::missing(tx, Some(&area), periode, offset, MISSING_PAGE).await?;
        ctx.loaded.missing.push((area, periode, offset, page));
    }
    for (area, from, to, offset) in std::mem::take(&mut needs.strata) {
        let summary = strata::summary(tx, &area, from, to, offset).await?;
        ctx.loaded.strata.push((area, from, to, offset, summary));
    }
    Ok(())
}

/// Loads subscriptions, linking and link codes.
async fn accounts(tx: &mut Tx, incoming: &Incoming, ctx: &mut Context, needs: &mut Needs) -> anyhow::Result<()> {
    let organizer_id = ctx.person.as_ref().map(|p| p.id);
    if needs.subscriptions
        && let Some(person) = organizer_id
    {
        ctx.loaded.subscriptions = Some(subscriptions::get(tx, person).await?);
    }
    if needs.linking {
        let (channel, account) = (incoming.channel.as_str(), incoming.user_id.as_str());
        let person = ctx.person.as_ref().map(|p| p.id);
        ctx.loaded.linking = Some(linking::linking(tx, channel, account, person, ctx.now).await?);
    }
    for code in std::mem::take(&mut needs.link_codes) {
        let lookup = linking::lookup(tx, &code).await?;
        ctx.loaded.link_codes.push(lookup);
    }
    if needs.fresh_link_code {
        ctx.loaded.fresh_link_code = Some(linking::fresh_code(tx, ctx.now).await?);
    }
    Ok(())
}
