//! `/hubungkan` as pure steps: the code, every refusal, the link and the
//! choice of app, against a small stand-in for what the store would load.

use chrono::Duration;

use super::*;
use crate::dialogue::report::ReportFlow;
use crate::dialogue::tests::{ctx, keys, mawar, now, text};
use crate::dialogue::{Input, Needs, Person};
use crate::domain::lang::Lang;
use crate::domain::link::{LinkOffer, Linking};

const CODE: &str = "482913";

fn siti() -> Person {
    Person { id: 1, name: "Siti Aminah".into(), lang: Lang::Id, roles: vec![mawar()] }
}

fn account(channel: &str, chosen: bool, here: bool) -> Account {
    Account { channel: channel.into(), chosen, here }
}

/// Siti's code, asked for on Telegram, live for `expires_in`.
fn offer(expires_in: Duration) -> LinkOffer {
    LinkOffer {
        code: LinkCode::normalize(CODE).unwrap(),
        person_id: 1,
        name: "Siti Aminah".into(),
        lang: Lang::En,
        channel: "telegram".into(),
        channels: vec!["telegram".into()],
        expires_at: now() + expires_in,
    }
}

/// What the store holds for this chat: its accounts, wrong codes lately,
/// and the one stored link code (if any).
struct Stored {
    accounts: Vec<Account>,
    failures: i64,
    code: Option<LinkOffer>,
}

/// Runs a step as the engine does, loading what it asks for from `stored`,
/// and returns it with everything it asked for along the way.
fn run(conversation: Conversation, input: Input, person: Option<Person>, stored: &Stored) -> (Step, Vec<Needs>) {
    let mut c = ctx(person, None);
    let mut asked = Vec::new();
    for _ in 0..4 {
        let s = crate::dialogue::step(conversation.clone(), input.clone(), &c);
        let Some(needs) = c.take_asked() else { return (s, asked) };
        if needs.linking {
            c.loaded.linking = Some(Linking { accounts: stored.accounts.clone(), recent_failures: stored.failures });
        }
        for code in &needs.link_codes {
            let found = stored.code.clone().filter(|o| &o.code == code);
            c.loaded.link_codes.push(found.map_or_else(|| LinkLookup::Missing(code.clone()), LinkLookup::Found));
        }
        if needs.fresh_link_code {
            c.loaded.fresh_link_code = LinkCode::normalize("705316");
        }
        asked.push(needs);
    }
    panic!("a step kept asking for more data")
}

/// A chat with `accounts` and no wrong codes lately, where Siti's live code is stored.
fn with_code(accounts: Vec<Account>) -> Stored {
    Stored { accounts, failures: 0, code: Some(offer(Duration::minutes(5))) }
}

/// The step answered with `key` alone and changed nothing.
#[track_caller]
fn refused(s: &Step, key: Key) {
    assert_eq!(keys(s), [key]);
    assert!(s.effects.is_empty(), "{:?}", s.effects);
}

fn stranger_on_whatsapp(code: Option<LinkOffer>) -> Stored {
    Stored { accounts: vec![account("whatsapp", false, true)], failures: 0, code }
}

fn rendered(step: &Step) -> Vec<String> {
    step.replies.iter().map(|r| r.text.render(Lang::Id)).collect()
}

#[test]
fn a_registered_person_gets_a_code_to_type_on_the_other_app() {
    let stored = Stored { accounts: vec![account("telegram", true, true)], failures: 0, code: None };
    let (s, _) = run(Conversation::default(), text("/hubungkan"), Some(siti()), &stored);
    assert_eq!(keys(&s), [Key::LinkCodeGiven]);
    assert_eq!(s.effects, [Effect::IssueLinkCode(LinkCode::normalize("705316").unwrap())]);
    assert!(rendered(&s)[0].contains("HUBUNGKAN 705316") && rendered(&s)[0].contains("15 menit"), "{:?}", rendered(&s));
}

#[test]
fn a_stranger_asking_for_a_code_is_told_where_to_ask() {
    let (s, asked) = run(Conversation::default(), text("hubungkan"), None, &stranger_on_whatsapp(None));
    assert_eq!(keys(&s), [Key::LinkStranger]);
    assert!(s.effects.is_empty() && asked.is_empty());
}

#[test]
fn a_linked_person_sees_their_apps_and_can_move_announcements() {
    let stored = Stored {
        accounts: vec![account("telegram", false, true), account("whatsapp", true, false)],
        failures: 0,
        code: None,
    };
    let (s, asked) = run(Conversation::default(), text("/link"), Some(siti()), &stored);
    assert_eq!(keys(&s), [Key::LinkAccounts]);
    assert!(s.effects.is_empty() && asked.iter().all(|n| !n.fresh_link_code), "no code for a linked person");
    assert!(rendered(&s)[0].contains("Telegram, WhatsApp") && rendered(&s)[0].contains("dikirim ke WhatsApp"));
    let announce =
        Button::new(Text::new(Key::BtnLinkAnnounce).arg("app", "Telegram"), Tap::Announce("telegram".into()));
    assert_eq!(s.replies[0].buttons, [vec![announce], vec![Button::new(Key::BtnLinkUnlink, Tap::Unlink)]]);

    let tap = Input::Tap(Tap::Announce("telegram".into()).data());
    let (s, _) = run(Conversation::default(), tap, Some(siti()), &stored);
    assert_eq!(s.effects, [Effect::Announce("telegram".into())]);
    assert!(rendered(&s)[0].contains("sekarang dikirim ke Telegram"), "{:?}", rendered(&s));
    assert_eq!(s.replies[0].buttons[0][0].tap, Tap::Announce("whatsapp".into()), "the way back is offered");
}

#[test]
fn a_button_for_an_app_the_person_has_no_account_on_is_stale() {
    let stored = Stored { accounts: vec![account("telegram", true, true)], failures: 0, code: None };
    let tap = Input::Tap(Tap::Announce("whatsapp".into()).data());
    let (s, _) = run(Conversation::default(), tap.clone(), Some(siti()), &stored);
    refused(&s, Key::ButtonExpired);
    let (s, _) = run(Conversation::default(), tap, None, &stranger_on_whatsapp(None));
    refused(&s, Key::NotRegistered);
}

#[test]
fn a_stranger_typing_the_code_becomes_the_person_in_their_language() {
    for typed in ["HUBUNGKAN 482 913", "/hubungkan 482913", "482-913"] {
        let (s, _) =
            run(Conversation::default(), text(typed), None, &stranger_on_whatsapp(Some(offer(Duration::minutes(5)))));
        assert_eq!(keys(&s), [Key::LinkDone], "{typed}");
        let [Effect::Link { code, notice }] = s.effects.as_slice() else { panic!("{:?}", s.effects) };
        assert_eq!(code.as_str(), CODE);
        assert_eq!(notice.text.key, Key::LinkDoneOther);
        assert!(notice.text.render(Lang::Id).contains("Akun WhatsApp Bapak/Ibu sudah terhubung"));
        assert_eq!(notice.buttons[0][0].tap, Tap::Announce("telegram".into()));
        assert_eq!(s.conversation.lang, Lang::En, "the language of the person who asked for the code");
        let done = s.replies[0].text.render(Lang::Id);
        assert!(done.contains("Akun WhatsApp ini sekarang satu dengan akun Telegram atas nama Siti Aminah"), "{done}");
        assert!(done.contains("dikirim ke WhatsApp"), "{done}");
    }
}

#[test]
fn a_registered_kader_links_in_the_middle_of_a_report_and_carries_on() {
    let stored = with_code(vec![account("whatsapp", true, true)]);
    let ani = Person { id: 2, name: "Ani".into(), lang: Lang::Id, roles: vec![mawar()] };
    let reporting =
        Conversation { flow: Flow::Report(ReportFlow::PickPosyandu { quick: None }), ..Conversation::default() };
    let (s, _) = run(reporting.clone(), text("HUBUNGKAN 482913"), Some(ani), &stored);
    assert!(matches!(s.effects.as_slice(), [Effect::Link { .. }]), "{:?}", s.effects);
    assert_eq!(s.conversation.flow, reporting.flow);
    assert_eq!(keys(&s)[0], Key::LinkDone);
    assert!(keys(&s).len() > 1, "the report's question again");
}

#[test]
fn wrong_and_expired_codes_are_refused_and_counted() {
    let (s, _) = run(
        Conversation::default(),
        text("hubungkan 111111"),
        None,
        &stranger_on_whatsapp(Some(offer(Duration::minutes(5)))),
    );
    assert_eq!(keys(&s), [Key::LinkCodeUnknown]);
    assert_eq!(s.effects, [Effect::LinkFailed]);
    assert!(rendered(&s)[0].contains("111111"));
    let (s, _) = run(Conversation::default(), text(CODE), None, &stranger_on_whatsapp(Some(offer(Duration::zero()))));
    assert_eq!(keys(&s), [Key::LinkCodeExpired]);
    assert_eq!(s.effects, [Effect::LinkFailed]);
}

#[test]
fn text_that_is_no_code_is_explained_without_counting() {
    let (s, asked) = run(Conversation::default(), text("HUBUNGKAN 12ab"), None, &stranger_on_whatsapp(None));
    assert_eq!(keys(&s), [Key::LinkCodeInvalid]);
    assert!(s.effects.is_empty() && asked.is_empty(), "{asked:?}");
    assert!(rendered(&s)[0].contains("\"12ab\""));
}

#[test]
fn after_five_wrong_codes_no_code_is_even_looked_up() {
    let stored = Stored { failures: 5, ..stranger_on_whatsapp(Some(offer(Duration::minutes(5)))) };
    let (s, asked) = run(Conversation::default(), text(CODE), None, &stored);
    refused(&s, Key::LinkTooMany);
    assert!(asked.iter().all(|n| n.link_codes.is_empty()), "{asked:?}");
    let stored = Stored { failures: 4, ..stored };
    let (s, _) = run(Conversation::default(), text(CODE), None, &stored);
    assert_eq!(keys(&s), [Key::LinkDone]);
}

#[test]
fn a_code_typed_where_it_was_made_or_where_it_is_linked_already_changes_nothing() {
    let here = with_code(vec![account("telegram", true, true)]);
    let (s, _) = run(Conversation::default(), text(CODE), Some(siti()), &here);
    refused(&s, Key::LinkSelf);
    let linked = Stored { accounts: vec![account("telegram", true, false), account("whatsapp", false, true)], ..here };
    let (s, _) = run(Conversation::default(), text(CODE), Some(siti()), &linked);
    refused(&s, Key::LinkAlready);
}

#[test]
fn one_person_never_gets_two_accounts_on_one_app() {
    // A second Telegram account types Siti's Telegram code.
    let stored = with_code(vec![account("telegram", false, true)]);
    let (s, _) = run(Conversation::default(), text(CODE), None, &stored);
    refused(&s, Key::LinkClash);
    assert!(rendered(&s)[0].contains("akun Telegram"), "{:?}", rendered(&s));
    // Ani, already on Telegram and WhatsApp, types a code of Siti's (who has Telegram).
    let ani = Person { id: 2, name: "Ani".into(), lang: Lang::Id, roles: vec![] };
    let stored =
        Stored { accounts: vec![account("telegram", true, false), account("whatsapp", false, true)], ..stored };
    let (s, _) = run(Conversation::default(), text(CODE), Some(ani), &stored);
    refused(&s, Key::LinkClash);
}

#[test]
fn a_bare_code_counts_only_when_nothing_else_is_going_on() {
    let stored = with_code(vec![account("whatsapp", true, true)]);
    let ani = Person { id: 2, name: "Ani".into(), lang: Lang::Id, roles: vec![mawar()] };
    let (s, _) = run(Conversation::default(), text("482913"), Some(ani.clone()), &stored);
    assert_eq!(keys(&s), [Key::LinkDone]);
    // While choosing a posyandu it is no code.
    let asking =
        Conversation { flow: Flow::Report(ReportFlow::PickPosyandu { quick: None }), ..Conversation::default() };
    let (s, _) = run(asking, text("482913"), Some(ani), &stored);
    assert!(s.effects.is_empty(), "{:?}", s.effects);
}

#[test]
fn a_linked_account_can_be_let_go_and_the_chat_starts_afresh() {
    let stored = Stored {
        accounts: vec![account("telegram", false, false), account("whatsapp", true, true)],
        failures: 0,
        code: None,
    };
    let reporting =
        Conversation { flow: Flow::Report(ReportFlow::PickPosyandu { quick: None }), ..Conversation::default() };
    let (s, _) = run(reporting, Input::Tap(Tap::Unlink.data()), Some(siti()), &stored);
    assert_eq!(s.effects, [Effect::Unlink]);
    assert_eq!(s.conversation.flow, Flow::Idle);
    assert_eq!(keys(&s), [Key::LinkUnlinked]);
    assert!(rendered(&s)[0].contains("Akun WhatsApp ini sudah dilepas") && rendered(&s)[0].contains("di Telegram"));
    // A person's only account stays.
    let alone = Stored { accounts: vec![account("whatsapp", true, true)], ..stored };
    let (s, _) = run(Conversation::default(), Input::Tap(Tap::Unlink.data()), Some(siti()), &alone);
    refused(&s, Key::ButtonExpired);
}
