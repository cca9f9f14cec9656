//! The imperative shell around the dialogue core: one incoming message in,
//! replies out, with everything in between in one database transaction.
//!
//! For each update: skip it if its id was seen before; load the person and
//! the chat's conversation; run the pure [`dialogue::step`], loading what it
//! asks for (an invite, saved reports) and running it again until it asks
//! for nothing more; write its effects and the new conversation; commit.
//! The replies are written to the outbox in the same transaction, and the
//! channel sends them after the commit, so a crash at any point leaves
//! either the old state or the new one with its replies still to send.

use std::sync::Arc;

use tracing::instrument;

use crate::clock::Clock;
use crate::dialogue::Person;
use crate::dialogue::digest::MISSING_PAGE;
use crate::dialogue::organizer::{UNREACHED_PAGE, attendance};
use crate::dialogue::report::{kader_targets, status_periodes};
use crate::dialogue::{
    self, Context, Conversation, Effect, Input, Needs, PosyanduStatus, Reply, Settings, Step, stored,
};
use crate::domain::form::Form;
use crate::domain::lang::Lang;
use crate::export;
use crate::i18n::{Key, Reader};
use crate::outbox::{NewMessage, Priority};
use crate::store::linking::{self, Linked};
use crate::store::outbox::StepReplies;
use crate::store::{
    self, Db, Tx, digest, invites, meetings, organizer, people, regions, reports, strata, subscriptions,
};
use chrono_tz::Tz;

/// Which messaging platform a chat is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    Telegram,
    WhatsApp,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Telegram => "telegram",
            Channel::WhatsApp => "whatsapp",
        }
    }

    /// The channel named `name` in the `channel` columns.
    pub fn named(name: &str) -> Option<Channel> {
        [Channel::Telegram, Channel::WhatsApp].into_iter().find(|c| c.as_str() == name)
    }
}

/// One user action, translated from the platform's update.
#[derive(Clone, Debug)]
pub struct Incoming {
    pub channel: Channel,
    /// The platform's id for this update, used to act on it only once.
    pub update_id: String,
    pub chat_id: String,
    /// The sender's id on the platform (in a private chat, the chat id).
    pub user_id: String,
    pub input: Input,
    /// The name on the sender's profile, suggested at registration.
    pub profile_name: Option<String>,
    /// The language of the sender's app, for greeting strangers.
    pub lang_hint: Option<String>,
    /// For a button press: the platform's id of the message it was on.
    pub tapped: Option<String>,
}

/// What to send back.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// This update was handled before; send nothing.
    Duplicate,
    /// The replies, written to the outbox (by id), for the channel to send
    /// now, and who reads them (language, time zone).
    Reply { reader: Reader, replies: Vec<(i64, Reply)> },
}

#[derive(Clone)]
pub struct Engine {
    db: Db,
    form: Arc<Form>,
    settings: Settings,
    clock: Clock,
}

impl Engine {
    /// An engine with the shipped report form and default settings.
    pub fn new(db: Db) -> Engine {
        Engine { db, form: Form::shipped(), settings: Settings::default(), clock: Clock::system() }
    }

    pub fn with_form(self, form: Arc<Form>) -> Engine {
        Engine { form, ..self }
    }

    pub fn with_settings(self, settings: Settings) -> Engine {
        Engine { settings, ..self }
    }

    /// Reads "now" from `clock` (tests fix and move it).
    pub fn with_clock(self, clock: Clock) -> Engine {
        Engine { clock, ..self }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Handles one incoming action and returns what to send.
    #[instrument(skip_all, fields(channel = incoming.channel.as_str(), chat = %incoming.chat_id, update = %incoming.update_id))]
    pub async fn handle(&self, incoming: Incoming) -> anyhow::Result<Outcome> {
        let now = self.clock.now();
        let channel = incoming.channel.as_str();
        let update = store::step::Update {
            channel,
            update_id: &incoming.update_id,
            user_id: &incoming.user_id,
            chat_id: &incoming.chat_id,
        };
        let Some(opening) = store::step::open(&self.db, &update, now).await? else {
            return Ok(Outcome::Duplicate);
        };
        let mut tx = opening.tx;
        let (person, unreachable) = opening.person.unzip();
        if let (Some(person), Some(true)) = (&person, unreachable) {
            people::reachable_again(&mut tx, person.id).await?;
        }
        let fresh = || Conversation {
            lang: person.as_ref().map_or_else(|| Lang::from_app_hint(incoming.lang_hint.as_deref()), |p| p.lang),
            ..Conversation::default()
        };
        let mut replies = Vec::new();
        let stored = opening.conversation;
        let last_active = stored.as_ref().map(|(_, at)| *at);
        let conversation = match stored {
            None => fresh(),
            Some((text, _)) => stored::decode(&text).unwrap_or_else(|| {
                tracing::warn!("stored conversation unreadable; starting afresh");
                replies.push(Reply::new(Key::StateReset));
                fresh()
            }),
        };
        let mut ctx = Context::new(now, person, self.form.clone(), self.settings.clone());
        ctx.profile_name = incoming.profile_name.clone();
        ctx.last_active = last_active;
        ctx.tapped = incoming.tapped.clone();
        let step = self.run_step(&mut tx, conversation, &incoming, &mut ctx).await?;
        for effect in &step.effects {
            apply(&mut tx, &incoming, &ctx, effect).await?;
            match effect {
                // The kader is told "terkirim": it must survive a power cut.
                Effect::SaveReport(_) => tx.require_durable(&self.db),
                // This account now belongs to the person who asked for the
                // code (its own person, if any, is gone): replies are theirs.
                Effect::Link { .. } => {
                    ctx.person = people::find(&mut tx, channel, &incoming.user_id).await?.map(|f| f.0)
                }
                // This account is nobody's now.
                Effect::Unlink => ctx.person = None,
                _ => {}
            }
        }
        replies.extend(step.replies);
        if replies.len() > MAX_REPLIES {
            tracing::warn!(replies = replies.len(), "too many replies to one message; keeping the first few");
            replies.truncate(MAX_REPLIES);
        }
        let reader =
            Reader::new(step.conversation.lang, ctx.person.as_ref().map_or(Tz::Asia__Jakarta, Person::time_zone));
        let written = StepReplies {
            channel,
            chat_id: &incoming.chat_id,
            person_id: ctx.person.as_ref().map(|p| p.id),
            reader,
            replies: &replies,
            claimed_until: now + crate::outbox::LEASE,
            now,
        };
        let ids = store::step::close(tx, &stored::encode(&step.conversation), &written).await?;
        Ok(Outcome::Reply { reader, replies: ids.into_iter().zip(replies).collect() })
    }

    /// Runs the step, loading what it asks for and running it again, until
    /// it asks for nothing more.
    async fn run_step(
        &self,
        tx: &mut Tx,
        conversation: Conversation,
        incoming: &Incoming,
        ctx: &mut Context,
    ) -> anyhow::Result<Step> {
        for _ in 0..MAX_LOADS {
            let step = dialogue::step(conversation.clone(), incoming.input.clone(), ctx);
            let Some(needs) = ctx.take_asked() else { return Ok(step) };
            load(tx, incoming, ctx, needs).await?;
        }
        anyhow::bail!("a step kept asking for more data")
    }
}

/// The most replies one incoming message gets: a step makes one to three,
/// and this holds even if a bug made more, so one message never floods a chat.
pub const MAX_REPLIES: usize = 4;

/// How often one step may ask for data (each ask loads everything it named).
const MAX_LOADS: usize = 4;

/// Months in a digest's trend chart.
const TREND_MONTHS: u32 = 12;

/// The most regions a name search in the meeting wizard loads.
const REGIONS_FOUND: i64 = 8;

/// Loads what a step asked for into its context.
async fn load(tx: &mut Tx, incoming: &Incoming, ctx: &mut Context, needs: Needs) -> anyhow::Result<()> {
    for code in needs.invites {
        let lookup = invites::lookup(tx, &code).await?;
        ctx.loaded.invites.push(lookup);
    }
    for (posyandu, periode) in needs.reports {
        let lookup = reports::lookup(tx, posyandu, periode).await?;
        ctx.loaded.reports.push((posyandu, periode, lookup));
    }
    if needs.status {
        let mut status = Vec::new();
        for target in ctx.person.as_ref().map(kader_targets).unwrap_or_default() {
            let months = reports::revisions(tx, target.id, &status_periodes(ctx.now, target.time_zone())).await?;
            status.push(PosyanduStatus { posyandu_id: target.id, months });
        }
        ctx.loaded.status = Some(status);
    }
    for meeting_id in needs.invitations {
        let view = match &ctx.person {
            Some(person) => meetings::invitation(tx, meeting_id, person.id).await?,
            None => None,
        };
        ctx.loaded.invitations.push((meeting_id, view));
    }
    for code in needs.children {
        let children = regions::children(tx, &code).await?;
        ctx.loaded.children.push((code, children));
    }
    for (within, text) in needs.searches {
        let found = regions::search_within(tx, &within, &text, REGIONS_FOUND).await?;
        ctx.loaded.searches.push((within, text, found));
    }
    for (area, invitees) in needs.audiences {
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
    for id in needs.owned {
        let owned = match organizer_id {
            Some(person) => organizer::owned(tx, id, person).await?,
            None => None,
        };
        ctx.loaded.owned.push((id, owned));
    }
    for (id, offset) in needs.unreached {
        let page = match organizer_id {
            Some(person) => organizer::unreached(tx, id, person, offset, UNREACHED_PAGE).await?,
            None => None,
        };
        ctx.loaded.unreached.push((id, offset, page));
    }
    for (id, offset) in needs.attendance {
        let page = match organizer_id {
            Some(person) => organizer::attendance(tx, id, person, offset, attendance::PAGE).await?,
            None => None,
        };
        ctx.loaded.attendance.push((id, offset, page));
    }
    let settings = ctx.settings.digest;
    for (area, periode) in needs.digests {
        let found = digest::area(tx, Some(&area), periode, &settings).await?;
        ctx.loaded.digests.push((area, periode, found));
    }
    for (area, periode) in needs.trends {
        let trend = digest::trend(tx, Some(&area), periode, TREND_MONTHS).await?;
        ctx.loaded.trends.push((area, periode, trend));
    }
    for (area, periode, offset) in needs.missing {
        let page = digest::missing(tx, Some(&area), periode, offset, MISSING_PAGE).await?;
        ctx.loaded.missing.push((area, periode, offset, page));
    }
    for (area, from, to, offset) in needs.strata {
        let summary = strata::summary(tx, &area, from, to, offset).await?;
        ctx.loaded.strata.push((area, from, to, offset, summary));
    }
    for (area, from, to, lang) in needs.workbooks {
        let request = export::Request { area: area.clone(), from, to, settings, lang };
        let mut out = std::io::Cursor::new(Vec::new());
        let written = export::write_xlsx(tx, &ctx.form, &request, &mut out).await?;
        ctx.loaded.workbooks.push((area, from, to, lang, written.map(|_| out.into_inner())));
    }
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
    for code in needs.link_codes {
        let lookup = linking::lookup(tx, &code).await?;
        ctx.loaded.link_codes.push(lookup);
    }
    if needs.fresh_link_code {
        ctx.loaded.fresh_link_code = Some(linking::fresh_code(tx, ctx.now).await?);
    }
    Ok(())
}

/// Whether the person of this step organized meeting `id` (checked again
/// when writing, whatever the step was shown).
async fn owned(tx: &mut Tx, ctx: &Context, id: i64) -> anyhow::Result<bool> {
    let Some(person) = &ctx.person else { return Ok(false) };
    Ok(organizer::owned(tx, id, person.id).await?.is_some())
}

async fn apply(tx: &mut Tx, incoming: &Incoming, ctx: &Context, effect: &Effect) -> anyhow::Result<()> {
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
            reports::save(tx, person.id, submission, &ctx.form.version, ctx.now).await?;
        }
        Effect::Answer { meeting_id, answer } => {
            let person = ctx.person.as_ref().ok_or_else(|| anyhow::anyhow!("an answer without a person"))?;
            match meetings::answer(tx, *meeting_id, person.id, *answer, ctx.now).await? {
                Ok(_) => organizer::mark_stale(tx, *meeting_id).await?,
                Err(refusal) => {
                    tracing::warn!(meeting_id, ?refusal, "an answer the step took was refused by the store")
                }
            }
        }
        Effect::CreateMeeting(meeting) => {
            let person = ctx.person.as_ref().ok_or_else(|| anyhow::anyhow!("a meeting without a person"))?;
            meetings::create(tx, person.id, meeting, ctx.now, ctx.settings.meeting_reminder_hour).await?;
        }
        Effect::ChangeMeeting { meeting_id, change } => {
            if owned(tx, ctx, *meeting_id).await? {
                meetings::change(tx, *meeting_id, change, ctx.now, ctx.settings.meeting_reminder_hour).await?;
            }
        }
        Effect::CancelMeeting { meeting_id } => {
            if owned(tx, ctx, *meeting_id).await? {
                meetings::cancel(tx, *meeting_id, ctx.now).await?;
                organizer::mark_stale(tx, *meeting_id).await?;
            }
        }
        Effect::FillAttendance { meeting_id } => {
            let person = ctx.person.as_ref().ok_or_else(|| anyhow::anyhow!("attendance without a person"))?;
            organizer::fill_attendance(tx, *meeting_id, person.id).await?;
        }
        Effect::SetAttended { meeting_id, person_id, came } => {
            let organizer = ctx.person.as_ref().ok_or_else(|| anyhow::anyhow!("attendance without a person"))?;
            organizer::set_attended(tx, *meeting_id, organizer.id, *person_id, *came).await?;
        }
        Effect::Subscribe { kind, on } => {
            let person = ctx.person.as_ref().ok_or_else(|| anyhow::anyhow!("a subscription without a person"))?;
            subscriptions::set(tx, person.id, *kind, *on, ctx.now).await?;
        }
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
    store::outbox::enqueue(tx, &message, None, ctx.now).await?;
    Ok(())
}
