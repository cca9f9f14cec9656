//! Scenario and property tests of the pure dialogue core.

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;

use super::*;
use crate::domain::region::RegionCode;
use crate::domain::role::OfficialRole;

pub(crate) fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 3, 0, 0).unwrap()
}

pub(crate) fn mawar() -> Role {
    let desa = RegionCode::parse("73.24.01.2001").unwrap();
    Role {
        grant: Grant::Kader { posyandu_id: 7 },
        place: Place { posyandu: Some("Posyandu Mawar".into()), ..Place::region(&desa, "Maleku".into()) },
    }
}

fn invite(used: i64) -> Invite {
    Invite {
        id: 3,
        code: InviteCode::normalize("KBRT7HMX").unwrap(),
        role: mawar(),
        expires_at: now() + Duration::days(3),
        time_zone: chrono_tz::Asia::Makassar,
        max_uses: 2,
        used,
    }
}

/// A context holding `invite` as the only stored invite.
pub(crate) fn ctx(person: Option<Person>, invite: Option<Invite>) -> Context {
    let mut c = Context::new(
        now(),
        person,
        std::sync::Arc::new(crate::domain::form::packs::Forms::shipped()),
        Settings::default(),
    );
    c.profile_name = Some("Siti Aminah".into());
    c.loaded.invites.extend(invite.map(InviteLookup::Found));
    c
}

/// Runs a step as the engine does, with what `c` has loaded standing for
/// the whole database: what the step asks for beyond it is loaded as
/// absent (no such invite, no saved report, no months, no regions, nobody
/// to invite), then it runs again.
pub(crate) fn step(conversation: Conversation, input: Input, c: &Context) -> Step {
    let mut c = c.clone();
    for _ in 0..4 {
        let s = super::step(conversation.clone(), input.clone(), &c);
        let Some(needs) = c.take_asked() else { return s };
        c.loaded.invites.extend(needs.invites.into_iter().map(InviteLookup::Missing));
        c.loaded.reports.extend(needs.reports.into_iter().map(|(p, m)| (p, m, Default::default())));
        if needs.status {
            c.loaded.status = Some(Vec::new());
        }
        c.loaded.children.extend(needs.children.into_iter().map(|code| (code, Vec::new())));
        c.loaded.searches.extend(needs.searches.into_iter().map(|(within, text)| (within, text, Vec::new())));
        c.loaded.audiences.extend(needs.audiences.into_iter().map(|(area, invitees)| (area, invitees, 0)));
    }
    panic!("a step kept asking for more data")
}

/// What one run of the step asked the shell to load.
fn asked(conversation: &Conversation, input: Input, c: &Context) -> Option<Needs> {
    super::step(conversation.clone(), input, c);
    c.take_asked()
}

pub(crate) fn text(s: &str) -> Input {
    Input::Text(s.into())
}

pub(crate) fn keys(step: &Step) -> Vec<crate::i18n::MessageId> {
    step.replies.iter().map(|r| r.text.key.clone()).collect()
}

#[test]
fn a_stranger_joins_with_a_deep_link() {
    let c = ctx(None, Some(invite(0)));
    let s = step(Conversation::default(), text("/start KBRT7HMX"), &c);
    assert_eq!(keys(&s), [Key::InviteAccepted, Key::AskNameConfirm]);
    assert!(s.effects.is_empty());
    let s = step(s.conversation, Input::Tap(Tap::NameOk.data()), &c);
    assert_eq!(keys(&s), [Key::AskLanguage]);
    let s = step(s.conversation, Input::Tap(Tap::Lang(Lang::En).data()), &c);
    assert_eq!(keys(&s), [Key::Registered]);
    assert_eq!(s.conversation, Conversation { lang: Lang::En, flow: Flow::Idle });
    let join = Effect::Join {
        invite_id: 3,
        grant: Grant::Kader { posyandu_id: 7 },
        newcomer: Some(Newcomer { name: "Siti Aminah".into(), lang: Lang::En }),
    };
    assert_eq!(s.effects, [join]);
}

#[test]
fn the_invite_is_checked_again_at_the_end() {
    let s = step(Conversation::default(), text("kbrt 7hmx"), &ctx(None, Some(invite(0))));
    let s = step(s.conversation, text("Bu Siti"), &ctx(None, Some(invite(1))));
    let s = step(s.conversation, text("1"), &ctx(None, Some(invite(2))));
    assert_eq!(keys(&s), [Key::InviteUsedUp]);
    assert!(s.effects.is_empty());
    assert_eq!(s.conversation.flow, Flow::Idle);
}

#[test]
fn a_registered_person_gets_the_role_added() {
    let person = Person { id: 1, name: "Siti".into(), lang: Lang::Id, roles: vec![mawar()] };
    let desa = RegionCode::parse("73.24.01.2001").unwrap();
    let pokja = Role {
        grant: Grant::Official { role: OfficialRole::Pokja, region: desa.clone() },
        place: Place::region(&desa, "Maleku".into()),
    };
    let offer = Invite { role: pokja, ..invite(0) };
    let s = step(Conversation::default(), text("/start KBRT7HMX"), &ctx(Some(person.clone()), Some(offer)));
    assert_eq!(keys(&s), [Key::RoleAdded]);
    assert!(matches!(s.effects[0], Effect::Join { newcomer: None, .. }));
    let again = step(Conversation::default(), text("/start KBRT7HMX"), &ctx(Some(person), Some(invite(2))));
    assert_eq!(keys(&again), [Key::AlreadyHasRole]);
    assert!(again.effects.is_empty());
}

#[test]
fn a_command_during_registration_asks_to_finish_it_first() {
    let c = ctx(None, Some(invite(0)));
    let s = step(Conversation::default(), text("/start KBRT7HMX"), &c);
    let s = step(s.conversation, Input::Tap(Tap::NameChange.data()), &c);
    assert_eq!(keys(&s), [Key::AskName]);
    let typing = s.conversation.clone();
    for command in
        ["/rekap", "/lapor", "lapor S45 K43", "/status", "/rapat", "/unduh", "/strata 2025", "/langganan", "/hubungkan"]
    {
        let s = step(typing.clone(), text(command), &c);
        assert_eq!(keys(&s), [Key::RegistrationUnfinished, Key::AskName], "{command}");
        assert_eq!(s.conversation, typing, "{command}");
        assert!(s.effects.is_empty(), "{command}");
    }
    let s = step(typing.clone(), text("Siti Aminah"), &c);
    assert_eq!(keys(&s), [Key::AskLanguage], "the registration goes on");
    // A stranger who is not registering still learns how to start.
    assert_eq!(keys(&step(Conversation::default(), text("/rekap"), &c)), [Key::NotRegistered]);
}

#[test]
fn language_change_resumes_the_registration() {
    let c = ctx(None, Some(invite(0)));
    let s = step(Conversation::default(), text("/start KBRT7HMX"), &c);
    let during = s.conversation.clone();
    let s = step(s.conversation, text("/bahasa"), &c);
    assert_eq!(keys(&s), [Key::AskLanguage]);
    let s = step(s.conversation, Input::Tap(Tap::Lang(Lang::En).data()), &c);
    assert_eq!(keys(&s), [Key::LanguageChanged, Key::AskNameConfirm]);
    assert_eq!(s.conversation, Conversation { lang: Lang::En, ..during });
    assert!(s.effects.is_empty(), "a stranger's language lives in the conversation only");
}

#[test]
fn expired_and_unknown_codes_are_explained() {
    let old = Invite { expires_at: now() - Duration::hours(1), ..invite(0) };
    let s = step(Conversation::default(), text("KBRT-7HMX"), &ctx(None, Some(old)));
    assert_eq!(keys(&s), [Key::InviteExpired]);
    assert_eq!(keys(&step(Conversation::default(), text("aaaa bbbb"), &ctx(None, None))), [Key::InviteNotFound]);
    assert_eq!(keys(&step(Conversation::default(), text("halo"), &ctx(None, None))), [Key::NotRegistered]);
}

#[test]
fn a_step_asks_to_load_only_what_it_reads() {
    let code = InviteCode::normalize("KBRT7HMX").unwrap();
    let wants_invite = Some(Needs { invites: vec![code.clone()], ..Needs::default() });
    let empty = ctx(None, None);
    let idle = Conversation::default();
    assert_eq!(asked(&idle, text("halo"), &empty), None);
    assert_eq!(asked(&idle, text("kbrt-7hmx"), &empty), wants_invite);
    assert_eq!(asked(&idle, text("/start KBRT7HMX"), &empty), wants_invite);
    assert_eq!(asked(&idle, Input::Tap("lang:id".into()), &empty), None);
    assert_eq!(asked(&idle, text("/status"), &empty), None, "a stranger has no posyandu to look up");

    // Once loaded, the same step asks for nothing more.
    let loaded = ctx(None, Some(invite(0)));
    let s = step(idle.clone(), text("/start KBRT7HMX"), &loaded);
    assert_eq!(asked(&idle, text("/start KBRT7HMX"), &loaded), None);
    // Naming oneself reads nothing stored; choosing the language finishes the
    // registration, which reads the invite again.
    let named = step(s.conversation, Input::Tap(Tap::NameOk.data()), &loaded);
    assert_eq!(asked(&named.conversation, Input::Tap(Tap::NameOk.data()), &empty), None);
    assert_eq!(asked(&named.conversation, Input::Tap(Tap::Lang(Lang::Id).data()), &empty), wants_invite);
}

fn any_input() -> impl Strategy<Value = Input> {
    prop_oneof![
        Just(text("/start KBRT7HMX")),
        Just(text("/start")),
        Just(text("/bantuan")),
        Just(text("/batal")),
        Just(text("/bahasa")),
        Just(text("/lapor")),
        Just(text("KBRT-7HMX")),
        Just(Input::Unsupported),
        Just(Input::Edited),
        Just(Input::Tap(Tap::NameOk.data())),
        Just(Input::Tap(Tap::NameChange.data())),
        Just(Input::Tap(Tap::Lang(Lang::En).data())),
        Just(Input::Tap(Tap::Lang(Lang::Id).data())),
        "\\PC{0,300}".prop_map(Input::Text),
        "[a-z:0-9]{0,80}".prop_map(Input::Tap),
    ]
}

proptest! {
    /// Any sequence of inputs: no panic, every reply fits Telegram's limits,
    /// and a join happens only at the end of a registration.
    #[test]
    fn random_inputs_keep_the_dialogue_sound(inputs in proptest::collection::vec(any_input(), 1..30), registered in any::<bool>()) {
        let person = registered.then(|| Person { id: 1, name: "Siti".into(), lang: Lang::Id, roles: vec![] });
        let mut conversation = Conversation::default();
        for input in inputs {
            let c = ctx(person.clone(), Some(invite(0)));
            let s = step(conversation, input, &c);
            prop_assert!(!s.replies.is_empty(), "every input gets an answer");
            for reply in &s.replies {
                for lang in [Lang::Id, Lang::En] {
                    let text = reply.text.render(lang);
                    prop_assert!(!text.trim().is_empty() && text.chars().count() <= 4096);
                }
                for button in reply.buttons.iter().flatten() {
                    prop_assert!(button.tap.data().len() <= 64);
                    prop_assert_eq!(Tap::parse(&button.tap.data()), Some(button.tap.clone()));
                }
            }
            for effect in &s.effects {
                if let Effect::Join { newcomer, .. } = effect {
                    prop_assert_eq!(newcomer.is_some(), person.is_none());
                    prop_assert_eq!(&s.conversation.flow, &Flow::Idle);
                }
            }
            conversation = s.conversation;
        }
    }
}
