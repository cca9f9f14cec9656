//! `/hubungkan`: one person on several apps.
//!
//! On the app where they are registered a person types `/hubungkan` and
//! gets a one-time code; typed on the other app (`HUBUNGKAN 482913`, or the
//! bare code when nothing else is going on) it links that account to them:
//! one person, one set of roles, each broadcast once. A stranger's account
//! simply joins the person; a registered one is merged into them (the
//! store does it, in this step's transaction). The person who asked for the
//! code keeps their name and language. Everything the bot starts goes to
//! the account that typed the code, until a "📨 Kirim ke …" button moves it.
//! The other app hears of the link through the outbox. Once linked,
//! `/hubungkan` shows the apps, and "✂️ Lepas akun ini" takes the chat's
//! account out again (the person keeps everything on the other app).
//!
//! Refused, each with its own friendly answer: a malformed, unknown, used or
//! expired code; a code typed on the account that asked for it, or on one
//! already linked with it; a link that would give one person two accounts
//! on one app; and, after [`MAX_FAILURES`] wrong codes within the hour, any
//! code from that account, so codes cannot be guessed.

use super::{Context, Conversation, Effect, Flow, Step, clip};

use crate::domain::link::{Account, LinkCode, LinkLookup, MAX_FAILURES, VALID_FOR, app_name};
use crate::i18n::{Key, Text};
use crate::reply::{Button, Reply, Tap};

/// `/hubungkan`, with the code from the other app or without.
pub fn start(conversation: Conversation, typed: Option<&str>, ctx: &Context) -> Step {
    match typed {
        Some(typed) => match LinkCode::normalize(typed) {
            Some(code) => accept(conversation, &code, ctx),
            None => {
                let text = Text::new(Key::LinkCodeInvalid).arg("typed", clip(typed.trim(), 20));
                Step::to(conversation).reply(text).reprompt(ctx)
            }
        },
        None => menu(conversation, ctx),
    }
}

/// A code for the other app; for a person already linked, their accounts
/// and where announcements go instead.
fn menu(conversation: Conversation, ctx: &Context) -> Step {
    if ctx.person.is_none() {
        return Step::to(conversation).reply(Key::LinkStranger).reprompt(ctx);
    }
    let Some(linking) = ctx.linking() else { return Step::to(conversation) };
    if linking.accounts.len() > 1 {
        return Step::to(conversation).reply(accounts(&linking.accounts)).reprompt(ctx);
    }
    let Some(code) = ctx.fresh_link_code() else { return Step::to(conversation) };
    let text = Text::new(Key::LinkCodeGiven).arg("code", code.to_string()).arg("minutes", VALID_FOR.num_minutes());
    Step::to(conversation).effect(Effect::IssueLinkCode(code.clone())).reply(text).reprompt(ctx)
}

/// Links this chat's account with the person who asked for `code`.
pub fn accept(conversation: Conversation, code: &LinkCode, ctx: &Context) -> Step {
    let Some(linking) = ctx.linking() else { return Step::to(conversation) };
    if linking.recent_failures >= MAX_FAILURES {
        return Step::to(conversation).reply(Key::LinkTooMany).reprompt(ctx);
    }
    let offer = match ctx.link_code(code) {
        None => return Step::to(conversation),
        Some(LinkLookup::Missing(_)) => return wrong(conversation, Text::new(Key::LinkCodeUnknown), code, ctx),
        Some(LinkLookup::Found(offer)) if offer.expires_at <= ctx.now => {
            let text = Text::new(Key::LinkCodeExpired).arg("minutes", VALID_FOR.num_minutes());
            return wrong(conversation, text, code, ctx);
        }
        Some(LinkLookup::Found(offer)) => offer,
    };
    if ctx.person.as_ref().is_some_and(|p| p.id == offer.person_id) {
        let key = if linking.accounts.len() > 1 { Key::LinkAlready } else { Key::LinkSelf };
        return Step::to(conversation).reply(key).reprompt(ctx);
    }
    if let Some(app) = linking.accounts.iter().find(|a| offer.channels.contains(&a.channel)) {
        let text = Text::new(Key::LinkClash).arg("name", offer.name.as_str()).arg("app", app_name(&app.channel));
        return Step::to(conversation).reply(text).reprompt(ctx);
    }
    let Some(here) = linking.accounts.iter().find(|a| a.here) else { return Step::to(conversation) };
    let (this_app, other_app) = (app_name(&here.channel), app_name(&offer.channel));
    let notice = Reply::new(Text::new(Key::LinkDoneOther).arg("app", this_app).arg("chosen", this_app))
        .row([announce_button(&offer.channel)]);
    let done = Text::new(Key::LinkDone)
        .arg("app", this_app)
        .arg("other", other_app)
        .arg("name", offer.name.as_str())
        .arg("chosen", this_app);
    let done = Reply::new(done).row([announce_button(&offer.channel)]);
    // A stranger's half-done registration would make a second person.
    let flow = if ctx.person.is_some() { conversation.flow.clone() } else { Flow::Idle };
    let linked = Conversation { lang: offer.lang, flow };
    let step = Step::to(linked).effect(Effect::Link { code: code.clone(), notice }).reply(done);
    match ctx.person {
        Some(_) => step.reprompt(ctx),
        None => step,
    }
}

/// A code that names no live code: said so, and counted against guessing.
fn wrong(conversation: Conversation, text: Text, code: &LinkCode, ctx: &Context) -> Step {
    Step::to(conversation).effect(Effect::LinkFailed).reply(text.arg("code", code.to_string())).reprompt(ctx)
}

/// "📨 Kirim ke Telegram": send what the bot starts there from now on; or
/// "✂️ Lepas akun ini".
pub fn on_tap(conversation: Conversation, tap: Tap, ctx: &Context) -> Step {
    if ctx.person.is_none() {
        return Step::to(conversation).reply(Key::NotRegistered).reprompt(ctx);
    }
    let Some(linking) = ctx.linking() else { return Step::to(conversation) };
    let channel = match tap {
        Tap::Announce(channel) => channel,
        Tap::Unlink => return unlink(conversation, &linking.accounts, ctx),
        _ => return Step::to(conversation).reply(Key::ButtonExpired).reprompt(ctx),
    };
    if !linking.accounts.iter().any(|a| a.channel == channel) {
        return Step::to(conversation).reply(Key::ButtonExpired).reprompt(ctx);
    }
    let moved: Vec<Account> =
        linking.accounts.iter().map(|a| Account { chosen: a.channel == channel, ..a.clone() }).collect();
    let text = Text::new(Key::LinkAnnounceChanged).arg("chosen", app_name(&channel));
    let reply = switch_buttons(Reply::new(text), &moved);
    Step::to(conversation).effect(Effect::Announce(channel)).reply(reply).reprompt(ctx)
}

/// Takes this chat's account out of the person; the chat starts afresh, as
/// a stranger's. Only a linked account can go (never a person's last).
fn unlink(conversation: Conversation, accounts: &[Account], ctx: &Context) -> Step {
    let (Some(here), Some(other)) = (accounts.iter().find(|a| a.here), accounts.iter().find(|a| !a.here)) else {
        return Step::to(conversation).reply(Key::ButtonExpired).reprompt(ctx);
    };
    let text = Text::new(Key::LinkUnlinked).arg("app", app_name(&here.channel)).arg("other", app_name(&other.channel));
    Step::to(Conversation { flow: Flow::Idle, ..conversation }).effect(Effect::Unlink).reply(text)
}

/// Whether a tap is one [`on_tap`] handles.
pub fn handles(tap: &Tap) -> bool {
    matches!(tap, Tap::Announce(_) | Tap::Unlink)
}

/// The linked accounts, where announcements go, and buttons to move them.
fn accounts(accounts: &[Account]) -> Reply {
    let apps: Vec<&str> = accounts.iter().map(|a| app_name(&a.channel)).collect();
    let chosen = accounts.iter().find(|a| a.chosen).map_or("", |a| app_name(&a.channel));
    let text = Text::new(Key::LinkAccounts).arg("apps", apps.join(", ")).arg("chosen", chosen);
    switch_buttons(Reply::new(text), accounts).row([Button::new(Key::BtnLinkUnlink, Tap::Unlink)])
}

/// A "📨 Kirim ke …" button for each account not chosen.
fn switch_buttons(reply: Reply, accounts: &[Account]) -> Reply {
    accounts.iter().filter(|a| !a.chosen).fold(reply, |reply, a| reply.row([announce_button(&a.channel)]))
}

fn announce_button(channel: &str) -> Button {
    Button::new(Text::new(Key::BtnLinkAnnounce).arg("app", app_name(channel)), Tap::Announce(channel.to_owned()))
}

#[cfg(test)]
mod tests;
