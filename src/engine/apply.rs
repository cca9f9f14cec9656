//! Writing a step's [`Effect`]s, in the step's transaction.

use chrono_tz::Tz;

use super::Incoming;
use crate::dialogue::{Context, Effect, Person};
use crate::domain::channel::Channel;
use crate::domain::lang::Lang;
use crate::domain::region::RegionCode;
use crate::jobs;
use crate::reply::Reply;
use crate::store::audience::{self, Keyed};
use crate::store::linking::{self, Linked};
use crate::store::outbox::{NewMessage, Priority};
use crate::store::{Tx, invites, meetings, organizer, people, red_flags, reports, subscriptions};

/// Whether the person of this step organized meeting `id` (checked again
/// when writing, whatever the step was shown).
async fn owned(tx: &mut Tx, ctx: &Context, id: i64) -> anyhow::Result<bool> {
    let Some(person) = &ctx.person else { return Ok(false) };
    Ok(organizer::owned(tx, id, person.id).await?.is_some())
}

/// Writes one effect of the step.
pub async fn apply(tx: &mut Tx, incoming: &Incoming, ctx: &Context, effect: &Effect) -> anyhow::Result<()> {
    let channel = incoming.channel.as_str();
    match effect {
        Effect::Join { invite_id, grant, newcomer } => {
            let person_id = match (newcomer, &ctx.person) {
                (Some(n), _) => people::create(tx, channel, &incoming.user_id, &n.name, n.lang, ctx.now).await?,
                (None, Some(person)) => person.id,
                (None, None) => anyhow::bail!("join without a person"),
            };
            people::grant(tx, person_id, grant, *invite_id, ctx.now).await?;
            invites::count_use(tx, *invite_id).await?;
        }
        Effect::SetLanguage(lang) => {
            if let Some(person) = &ctx.person {
                people::set_language(tx, person.id, *lang).await?;
            }
        }
        Effect::SaveReport(submission) => {
            let person = ctx.person.as_ref().ok_or_else(|| anyhow::anyhow!("a report without a person"))?;
            reports::save(tx, person.id, submission, ctx.now).await?;
        }
        Effect::RaiseRedFlag { flag, alert } => {
            let person = ctx.person.as_ref().ok_or_else(|| anyhow::anyhow!("a red flag without a person"))?;
            if let Some(desa) = red_flags::record(tx, flag, person.id, ctx.now).await? {
                let desa = RegionCode::parse(&desa)?;
                let key = format!("redflag:{}:{}:{}:", flag.posyandu_id, flag.periode, flag.code);
                let officials = red_flags::officials_of_desa(&desa);
                audience::write(tx, &officials, Keyed::PerPerson(&key), alert, Priority::Reply, ctx.now).await?;
            }
        }
        Effect::Subscribe { kind, on } => {
            let person = ctx.person.as_ref().ok_or_else(|| anyhow::anyhow!("a subscription without a person"))?;
            subscriptions::set(tx, person.id, *kind, *on, ctx.now).await?;
        }
        Effect::Answer { .. }
        | Effect::CreateMeeting(_)
        | Effect::ChangeMeeting { .. }
        | Effect::CancelMeeting { .. }
        | Effect::FillAttendance { .. }
        | Effect::SetAttended { .. } => meeting(tx, ctx, effect).await?,
        Effect::IssueLinkCode(_) | Effect::Link { .. } | Effect::LinkFailed | Effect::Announce(_) | Effect::Unlink => {
            account(tx, incoming, ctx, effect).await?
        }
    }
    Ok(())
}

/// Writes an effect on a meeting: an answer, the organizer's changes.
async fn meeting(tx: &mut Tx, ctx: &Context, effect: &Effect) -> anyhow::Result<()> {
    // Only the organizer changes or cancels a meeting, whatever the step was shown.
    if let Effect::ChangeMeeting { meeting_id, .. } | Effect::CancelMeeting { meeting_id } = effect
        && !owned(tx, ctx, *meeting_id).await?
    {
        return Ok(());
    }
    match effect {
        Effect::Answer { meeting_id, answer } => {
            let person = ctx.person.as_ref().ok_or_else(|| anyhow::anyhow!("an answer without a person"))?;
            match meetings::answer(tx, *meeting_id, person.id, *answer, ctx.now).await? {
                Ok(_) => meetings::mark_stale(tx, *meeting_id).await?,
                Err(refusal) => {
                    tracing::warn!(meeting_id, ?refusal, "an answer the step took was refused by the store")
                }
            }
        }
        Effect::CreateMeeting(meeting) => {
            let person = ctx.person.as_ref().ok_or_else(|| anyhow::anyhow!("a meeting without a person"))?;
            jobs::meetings::create(tx, person.id, meeting, ctx.now, ctx.settings.meeting_reminder_hour).await?;
        }
        Effect::ChangeMeeting { meeting_id, change } => {
            jobs::meetings::change(tx, *meeting_id, change, ctx.now, ctx.settings.meeting_reminder_hour).await?;
        }
        Effect::CancelMeeting { meeting_id } => {
            jobs::meetings::cancel(tx, *meeting_id, ctx.now).await?;
            meetings::mark_stale(tx, *meeting_id).await?;
        }
        Effect::FillAttendance { meeting_id } => {
            let person = ctx.person.as_ref().ok_or_else(|| anyhow::anyhow!("attendance without a person"))?;
            organizer::fill_attendance(tx, *meeting_id, person.id).await?;
        }
        Effect::SetAttended { meeting_id, person_id, came } => {
            let organizer = ctx.person.as_ref().ok_or_else(|| anyhow::anyhow!("attendance without a person"))?;
            organizer::set_attended(tx, *meeting_id, organizer.id, *person_id, *came).await?;
        }
        _ => {}
    }
    Ok(())
}

/// Writes an effect on the person's accounts (linking two apps).
async fn account(tx: &mut Tx, incoming: &Incoming, ctx: &Context, effect: &Effect) -> anyhow::Result<()> {
    let channel = incoming.channel.as_str();
    match effect {
        Effect::IssueLinkCode(code) => {
            let person = ctx.person.as_ref().ok_or_else(|| anyhow::anyhow!("a link code without a person"))?;
            linking::issue(tx, person.id, channel, &incoming.user_id, code, ctx.now).await?;
        }
        Effect::Link { code, notice } => {
            let here = ctx.person.as_ref().map(|p| p.id);
            let linked = linking::link(tx, code, channel, &incoming.user_id, here, ctx.now).await?;
            tell_other_account(tx, ctx, linked, notice).await?;
        }
        Effect::LinkFailed => linking::record_failure(tx, channel, &incoming.user_id, ctx.now).await?,
        Effect::Announce(chosen) => {
            let person = ctx.person.as_ref().ok_or_else(|| anyhow::anyhow!("a choice without a person"))?;
            linking::choose(tx, person.id, chosen).await?;
        }
        Effect::Unlink => {
            let person = ctx.person.as_ref().ok_or_else(|| anyhow::anyhow!("unlinking without a person"))?;
            linking::unlink(tx, person.id, channel, &incoming.user_id).await?;
        }

        _ => {}
    }
    Ok(())
}

/// Writes `notice` to the outbox for the account that asked for the link
/// code (in the person's language when it is sent).
async fn tell_other_account(tx: &mut Tx, ctx: &Context, linked: Linked, notice: &Reply) -> anyhow::Result<()> {
    let Some(channel) = Channel::named(&linked.channel) else {
        tracing::warn!(channel = linked.channel, "a linked account on an unknown channel; not told");
        return Ok(());
    };
    let message = NewMessage {
        channel,
        chat_id: linked.external_id,
        person_id: Some(linked.person_id),
        lang: Lang::default(),
        time_zone: ctx.person.as_ref().map_or(Tz::Asia__Jakarta, Person::time_zone),
        priority: Priority::Notice,
        key: None,
        reply: notice.clone(),
    };
    crate::store::outbox::enqueue(tx, &message, None, ctx.now).await?;
    Ok(())
}
