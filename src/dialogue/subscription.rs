//! `/langganan`: an official turns each scheduled digest (the weekly
//! completeness update, the month's digest) off or on with a button; both
//! are on until turned off. A button carries the state it sets, not a
//! toggle, so an old button pressed twice does the same thing twice. The
//! menu is redrawn in place with the new state.
//!
//! Kader are told kindly that their report reminders cannot be turned
//! off: they come only while their posyandu's report is missing, and stop
//! by themselves once it is in.

use super::meeting::organizer_roles;
use super::{Context, Conversation, Effect, Step};
use crate::domain::schedule::Subscription;
use crate::i18n::{Key, Text};
use crate::reply::{Button, Reply, Tap};

/// `/langganan`: the official's subscriptions with their buttons.
pub fn start(conversation: Conversation, ctx: &Context) -> Step {
    if let Some(refusal) = refusal(ctx) {
        return Step::to(conversation).reply(refusal).reprompt(ctx);
    }
    let Some(state) = ctx.subscriptions() else { return Step::to(conversation) };
    let menu = menu(state, ctx);
    Step::to(conversation).reply(menu).reprompt(ctx)
}

/// A subscription button: sets it as the button says and redraws the menu.
pub fn on_tap(conversation: Conversation, tap: Tap, ctx: &Context) -> Step {
    let Tap::Subscribe(kind, on) = tap else { return Step::to(conversation).reply(Key::ButtonExpired).reprompt(ctx) };
    if let Some(refusal) = refusal(ctx) {
        return Step::to(conversation).reply(refusal).reprompt(ctx);
    }
    let Some(state) = ctx.subscriptions() else { return Step::to(conversation) };
    let state: Vec<(Subscription, bool)> =
        state.iter().map(|&(k, was)| (k, if k == kind { on } else { was })).collect();
    let menu = menu(&state, ctx);
    let menu = match &ctx.tapped {
        Some(message) => menu.editing(message.clone()),
        None => menu,
    };
    Step::to(conversation).effect(Effect::Subscribe { kind, on }).reply(menu).reprompt(ctx)
}

/// Whether a tap is one [`on_tap`] handles.
pub fn handles(tap: &Tap) -> bool {
    matches!(tap, Tap::Subscribe(..))
}

/// Why this person has no subscriptions: a stranger, or a kader only.
fn refusal(ctx: &Context) -> Option<Key> {
    match &ctx.person {
        None => Some(Key::NotRegistered),
        Some(person) if organizer_roles(person).is_empty() => Some(Key::SubscriptionKader),
        Some(_) => None,
    }
}

/// Each subscription, whether it is on, and a button to switch it.
fn menu(state: &[(Subscription, bool)], ctx: &Context) -> Reply {
    let due = i64::from(ctx.settings.digest.due_day);
    let hour = format!("{:02}", ctx.settings.schedule.digest_hour);
    let lines: Vec<Text> = state
        .iter()
        .map(|&(kind, on)| {
            let key = match kind {
                Subscription::Weekly => Key::SubscriptionWeekly,
                Subscription::Monthly => Key::SubscriptionMonthly,
            };
            let shown = Text::new(if on { Key::SubscriptionOn } else { Key::SubscriptionOff });
            Text::new(key).arg("due", due).arg("hour", hour.as_str()).arg("state", shown)
        })
        .collect();
    let mut reply = Reply::new(Text::new(Key::SubscriptionMenu).arg("lines", lines));
    for &(kind, on) in state {
        let name = Text::new(match kind {
            Subscription::Weekly => Key::SubscriptionNameWeekly,
            Subscription::Monthly => Key::SubscriptionNameMonthly,
        });
        let label = Text::new(if on { Key::BtnSubscriptionOff } else { Key::BtnSubscriptionOn }).arg("name", name);
        reply = reply.row([Button::new(label, Tap::Subscribe(kind, !on))]);
    }
    reply
}
