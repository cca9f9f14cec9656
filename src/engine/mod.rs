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

mod apply;
mod load;

use std::sync::Arc;

use tracing::instrument;

use crate::clock::Clock;
use crate::dialogue::Person;
use crate::dialogue::{self, Context, Conversation, Effect, Input, Settings, Step, Workbook, stored};
use crate::domain::channel::Channel;
use crate::domain::form::packs::Forms;
use crate::domain::lang::Lang;
use crate::domain::periode::Periode;
use crate::domain::region::RegionCode;
use crate::export;
use crate::i18n::{Key, Reader};
use crate::reply::Reply;
use crate::store::outbox::StepReplies;
use crate::store::{self, Db, Tx, people};
use chrono_tz::Tz;

/// One user action, translated from the platform's update.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
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
    /// The inbox row it was kept in, if any: the step that handles it
    /// deletes the row in its own transaction.
    #[serde(skip)]
    pub inbox_id: Option<i64>,
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
    forms: Arc<Forms>,
    settings: Settings,
    clock: Clock,
}

impl Engine {
    /// An engine with the shipped report form and default settings.
    pub fn new(db: Db) -> Engine {
        Engine { db, forms: Arc::new(Forms::shipped()), settings: Settings::default(), clock: Clock::system() }
    }

    pub fn with_forms(self, forms: Arc<Forms>) -> Engine {
        Engine { forms, ..self }
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

    /// Handles one incoming action and returns what to send. A step that
    /// asks for a workbook is given up before it writes anything: the
    /// workbook is built on a read transaction (never holding the writer),
    /// then the step runs again with it.
    #[instrument(skip_all, fields(channel = incoming.channel.as_str(), chat = %incoming.chat_id, update = %incoming.update_id))]
    pub async fn handle(&self, incoming: Incoming) -> anyhow::Result<Outcome> {
        let mut workbooks = Vec::new();
        for _ in 0..MAX_LOADS {
            match self.attempt(&incoming, &mut workbooks).await? {
                Attempt::Done(outcome) => return Ok(outcome),
                Attempt::ReadFirst(asked) => {
                    let mut tx = self.db.read().await?;
                    for (area, from, to, lang) in asked {
                        let workbook = self.workbook(&mut tx, &area, from, to, lang).await?;
                        workbooks.push((area, from, to, lang, workbook));
                    }
                }
            }
        }
        anyhow::bail!("a step kept asking for another workbook")
    }

    /// One try at the step in a write transaction, with the `workbooks`
    /// built so far.
    async fn attempt(&self, incoming: &Incoming, workbooks: &mut Vec<LoadedWorkbook>) -> anyhow::Result<Attempt> {
        let now = self.clock.now();
        let channel = incoming.channel.as_str();
        let update = store::step::Update {
            channel,
            update_id: &incoming.update_id,
            user_id: &incoming.user_id,
            chat_id: &incoming.chat_id,
        };
        let Some(opening) = store::step::open(&self.db, &update, now).await? else {
            return Ok(Attempt::Done(Outcome::Duplicate));
        };
        let mut tx = opening.tx;
        let (person, unreachable) = opening.person.unzip();
        if let (Some(person), Some(true)) = (&person, unreachable) {
            people::reachable_again(&mut tx, person.id).await?;
        }
        let last_active = opening.conversation.as_ref().map(|(_, at)| *at);
        let lang = person.as_ref().map_or_else(|| Lang::from_app_hint(incoming.lang_hint.as_deref()), |p| p.lang);
        let (conversation, mut replies) = restore(opening.conversation, lang);
        let mut ctx = Context::new(now, person, self.forms.clone(), self.settings.clone());
        ctx.profile_name = incoming.profile_name.clone();
        ctx.last_active = last_active;
        ctx.tapped = incoming.tapped.clone();
        ctx.loaded.workbooks = std::mem::take(workbooks);
        let step = match self.run_step(&mut tx, conversation, incoming, &mut ctx).await? {
            Ran::Step(step) => *step,
            Ran::ReadFirst(asked) => {
                *workbooks = std::mem::take(&mut ctx.loaded.workbooks);
                return Ok(Attempt::ReadFirst(asked));
            }
        };
        self.apply_all(&mut tx, incoming, &mut ctx, &step.effects).await?;
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
            claimed_until: now + crate::store::outbox::LEASE,
            now,
        };
        if let Some(id) = incoming.inbox_id {
            store::inbox::forget(&mut tx, id).await?;
        }
        let ids = store::step::close(tx, &stored::encode(&step.conversation), &written).await?;
        Ok(Attempt::Done(Outcome::Reply { reader, replies: ids.into_iter().zip(replies).collect() }))
    }

    /// Writes the step's effects, following who the chat belongs to.
    async fn apply_all(
        &self,
        tx: &mut Tx,
        incoming: &Incoming,
        ctx: &mut Context,
        effects: &[Effect],
    ) -> anyhow::Result<()> {
        for effect in effects {
            apply::apply(tx, incoming, ctx, effect).await?;
            match effect {
                // The kader is told "terkirim": it must survive a power cut.
                Effect::SaveReport(_) => tx.require_durable(&self.db),
                // This account now belongs to the person who asked for the
                // code (its own person, if any, is gone): replies are theirs.
                Effect::Link { .. } => {
                    let channel = incoming.channel.as_str();
                    ctx.person = people::find(tx, channel, &incoming.user_id).await?.map(|f| f.0)
                }
                // This account is nobody's now.
                Effect::Unlink => ctx.person = None,
                _ => {}
            }
        }
        Ok(())
    }

    /// Runs the step, loading what it asks for and running it again, until
    /// it asks for nothing more, or for a workbook (built outside).
    async fn run_step(
        &self,
        tx: &mut Tx,
        conversation: Conversation,
        incoming: &Incoming,
        ctx: &mut Context,
    ) -> anyhow::Result<Ran> {
        for _ in 0..MAX_LOADS {
            let step = dialogue::step(conversation.clone(), incoming.input.clone(), ctx);
            let Some(mut needs) = ctx.take_asked() else { return Ok(Ran::Step(Box::new(step))) };
            if !needs.workbooks.is_empty() {
                return Ok(Ran::ReadFirst(std::mem::take(&mut needs.workbooks)));
            }
            load::load(tx, incoming, ctx, needs).await?;
        }
        anyhow::bail!("a step kept asking for more data")
    }

    /// The XLSX workbook of `area` from `from` to `to`, read through `tx`.
    async fn workbook(
        &self,
        tx: &mut Tx,
        area: &RegionCode,
        from: Periode,
        to: Periode,
        lang: Lang,
    ) -> anyhow::Result<Workbook> {
        let request = export::Request { area: area.clone(), from, to, settings: self.settings.digest, lang };
        let mut out = std::io::Cursor::new(Vec::new());
        let written = export::write_xlsx(tx, self.forms.for_region(area), &request, &mut out).await?;
        Ok(written.map(|_| out.into_inner()))
    }
}

/// A workbook built for a step, as the step's context holds it.
type LoadedWorkbook = (RegionCode, Periode, Periode, Lang, Workbook);

/// How one try at a step ended.
enum Attempt {
    Done(Outcome),
    /// The step asked for these workbooks; nothing was written.
    ReadFirst(Vec<(RegionCode, Periode, Periode, Lang)>),
}

/// What running a step gave.
enum Ran {
    Step(Box<Step>),
    ReadFirst(Vec<(RegionCode, Periode, Periode, Lang)>),
}

/// The stored conversation, or a fresh one in `lang` (with a word of
/// apology when the stored one cannot be read).
fn restore(stored: Option<(String, chrono::DateTime<chrono::Utc>)>, lang: Lang) -> (Conversation, Vec<Reply>) {
    let fresh = || Conversation { lang, ..Conversation::default() };
    match stored {
        None => (fresh(), Vec::new()),
        Some((text, _)) => match stored::decode(&text) {
            Some(conversation) => (conversation, Vec::new()),
            None => {
                tracing::warn!("stored conversation unreadable; starting afresh");
                (fresh(), vec![Reply::new(Key::StateReset)])
            }
        },
    }
}

/// The most replies one incoming message gets: a step makes one to three,
/// and this holds even if a bug made more, so one message never floods a chat.
pub const MAX_REPLIES: usize = 4;

/// How often one step may ask for data (each ask loads everything it named).
const MAX_LOADS: usize = 4;
