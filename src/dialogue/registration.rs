//! Joining through an invite: check the code, confirm the name, choose the
//! language, then bind the person to the invite's posyandu or region.
//!
//! A person who is already registered skips the questions: the invite's role
//! is simply added. Nothing is saved until the last step.

use serde::{Deserialize, Serialize};

use super::{Context, Conversation, Effect, Flow, Input, InviteLookup, Newcomer, Step, clip};

use crate::domain::invite::InviteCode;
use crate::i18n::{Key, Text};
use crate::reply::{Button, Reply, Tap};

/// A registration in progress.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Registration {
    pub code: InviteCode,
    pub stage: Stage,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Stage {
    /// "Is your name …?" with the name from the messaging profile.
    ConfirmName {
        suggested: String,
    },
    TypeName,
    ChooseLanguage {
        name: String,
    },
}

const NAME_MAX_CHARS: usize = 60;

/// `/start CODE` (a deep link) or a typed code, from any point of the dialogue.
pub fn start_with_code(conversation: Conversation, raw: &str, ctx: &Context) -> Step {
    let Some(code) = InviteCode::normalize(raw) else {
        // Not even shaped like a code: nothing to look up.
        let text = Text::new(Key::InviteNotFound).arg("code", clip(raw.trim(), 20));
        return Step::to(conversation).reply(text).reprompt(ctx);
    };
    accept_invite(conversation, &code, ctx)
}

/// Acts on the invite stored under a code the user sent.
pub fn accept_invite(conversation: Conversation, code: &InviteCode, ctx: &Context) -> Step {
    let invite = match ctx.invite(code) {
        Some(InviteLookup::Found(invite)) => invite,
        Some(InviteLookup::Missing(code)) => {
            let text = Text::new(Key::InviteNotFound).arg("code", code.to_string());
            return Step::to(conversation).reply(text).reprompt(ctx);
        }
        // Asked for; the shell loads it and runs this step again.
        None => return Step::to(conversation),
    };
    // Tapping the same link twice during registration: just carry on.
    if let Flow::Registration(reg) = &conversation.flow
        && reg.code == invite.code
    {
        return Step::to(conversation).reply(Key::ContinueWhereLeft).reprompt(ctx);
    }
    if let Some(person) = &ctx.person
        && person.holds(&invite.role.grant)
    {
        let text = Text::new(Key::AlreadyHasRole).arg("role", invite.role.text());
        return Step::to(conversation).reply(text);
    }
    if let Some(problem) = invite.problem(ctx.now) {
        return Step::to(conversation).reply(problem);
    }
    if ctx.person.is_some() {
        let join = Effect::Join { invite_id: invite.id, grant: invite.role.grant.clone(), newcomer: None };
        let text = Text::new(Key::RoleAdded).arg("role", invite.role.text());
        let done = welcome(text, invite);
        return Step::to(Conversation { flow: Flow::Idle, ..conversation }).effect(join).reply(done);
    }
    let stage = match ctx.profile_name.as_deref().and_then(clean_name) {
        Some(suggested) => Stage::ConfirmName { suggested },
        None => Stage::TypeName,
    };
    let reg = Registration { code: invite.code.clone(), stage };
    let accepted = Text::new(Key::InviteAccepted).arg("role", invite.role.text());
    let step = Step::to(Conversation { flow: Flow::Registration(reg), ..conversation }).reply(accepted);
    step.reprompt(ctx)
}

/// The question of the current stage.
pub fn prompt(reg: &Registration, _ctx: &Context) -> Reply {
    match &reg.stage {
        Stage::ConfirmName { suggested } => Reply::new(Text::new(Key::AskNameConfirm).arg("name", suggested.as_str()))
            .row([Button::new(Key::BtnNameOk, Tap::NameOk), Button::new(Key::BtnNameChange, Tap::NameChange)]),
        Stage::TypeName => Reply::new(Key::AskName),
        Stage::ChooseLanguage { .. } => Reply::new(Key::AskLanguage).row(crate::reply::language_buttons()),
    }
}

pub fn on_input(conversation: Conversation, reg: Registration, input: Input, ctx: &Context) -> Step {
    let tap = match &input {
        Input::Tap(data) => Some(Tap::parse(data)),
        _ => None,
    };
    let next = |stage: Stage| Conversation {
        flow: Flow::Registration(Registration { code: reg.code.clone(), stage }),
        ..conversation.clone()
    };
    match (&reg.stage, &input, &tap) {
        (_, Input::Unsupported, _) => Step::to(conversation).reply(Key::UnsupportedInput).reprompt(ctx),
        (Stage::ConfirmName { suggested }, _, Some(Some(Tap::NameOk))) => {
            Step::to(next(Stage::ChooseLanguage { name: suggested.clone() })).reprompt(ctx)
        }
        (Stage::ConfirmName { .. }, _, Some(Some(Tap::NameChange))) => Step::to(next(Stage::TypeName)).reprompt(ctx),
        (Stage::ConfirmName { .. } | Stage::TypeName, Input::Text(text), _) => match clean_name(text) {
            Some(name) => Step::to(next(Stage::ChooseLanguage { name })).reprompt(ctx),
            None => Step::to(conversation).reply(Key::NameInvalid),
        },
        (Stage::ChooseLanguage { name }, _, _) => match super::chosen_language(&input) {
            Some(lang) => finish(conversation, &reg, name, lang, ctx),
            None if tap.is_some() => Step::to(conversation).reply(Key::ButtonExpired).reprompt(ctx),
            None => Step::to(conversation).reply(Key::UseButtons).reprompt(ctx),
        },
        (_, _, _) => Step::to(conversation).reply(Key::ButtonExpired).reprompt(ctx),
    }
}

/// The last step: the invite is checked again, since it may have expired or
/// been used up while the person was answering.
fn finish(
    conversation: Conversation,
    reg: &Registration,
    name: &str,
    lang: crate::domain::lang::Lang,
    ctx: &Context,
) -> Step {
    let idle = Conversation { lang, flow: Flow::Idle };
    let invite = match ctx.invite(&reg.code) {
        Some(InviteLookup::Found(invite)) => invite,
        _ => {
            let text = Text::new(Key::InviteNotFound).arg("code", reg.code.to_string());
            return Step::to(Conversation { flow: Flow::Idle, ..conversation }).reply(text);
        }
    };
    if let Some(problem) = invite.problem(ctx.now) {
        return Step::to(idle).reply(problem);
    }
    let join = Effect::Join {
        invite_id: invite.id,
        grant: invite.role.grant.clone(),
        newcomer: Some(Newcomer { name: name.to_owned(), lang }),
    };
    let text = Text::new(Key::Registered).arg("name", name).arg("role", invite.role.text());
    Step::to(idle).effect(join).reply(welcome(text, invite))
}

/// The message that confirms a new role; a new kader gets the report button.
fn welcome(text: Text, invite: &super::Invite) -> Reply {
    let reply = Reply::new(text);
    match invite.role.grant.posyandu_id() {
        Some(_) => reply.row([crate::reply::report_button()]),
        None => reply,
    }
}

/// A name as a person would write it: letters, spaces and a little
/// punctuation, 2 to 60 characters, spaces tidied. `None` if it is not one.
pub fn clean_name(text: &str) -> Option<String> {
    let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    let allowed = name.chars().all(|c| c.is_alphabetic() || c == ' ' || ".,'’-()".contains(c));
    let length = name.chars().count();
    (allowed && letters >= 2 && length <= NAME_MAX_CHARS).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::clean_name;

    #[test]
    fn names_are_tidied_or_refused() {
        assert_eq!(clean_name("  Siti   Aminah "), Some("Siti Aminah".into()));
        assert_eq!(clean_name("Ni Luh Putu Ayu' S."), Some("Ni Luh Putu Ayu' S.".into()));
        assert_eq!(clean_name("A"), None);
        assert_eq!(clean_name("12345"), None);
        assert_eq!(clean_name("Siti 😊"), None);
        assert_eq!(clean_name(&"a".repeat(61)), None);
        assert_eq!(clean_name("/lapor"), None);
    }
}
