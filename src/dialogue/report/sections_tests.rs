//! The month by sections with the shipped pack: choosing a section, what
//! is still missing after one is sent, quick lines across sections, and a
//! posyandu that serves only some life stages.

use std::collections::BTreeMap;

use chrono::Duration;

use super::*;
use crate::dialogue::tests::{ctx, keys, mawar, now, step, text};
use crate::dialogue::{Effect, Input, Person};
use crate::domain::form::Form;
use crate::domain::form::Stage;
use crate::domain::lang::Lang;

fn kader() -> Person {
    Person { id: 1, name: "Siti".into(), lang: Lang::Id, roles: vec![mawar()] }
}

fn october() -> Periode {
    Periode::new(2026, 10).unwrap()
}

fn tap(t: Tap) -> Input {
    Input::Tap(t.data())
}

fn saved(values: &[(&str, i64)]) -> SavedReport {
    let values = values.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    SavedReport { revision: 1, values, by: "Ani".into(), at: now() - Duration::days(1) }
}

/// Posyandu Mawar's October with `done` sections saved, serving `stages`.
fn month(done: &[(&str, SavedReport)], stages: Option<Vec<Stage>>) -> Context {
    let mut c = ctx(Some(kader()), None);
    let current: BTreeMap<String, SavedReport> = done.iter().map(|(s, r)| (s.to_string(), r.clone())).collect();
    c.loaded.reports.push((7, october(), ReportLookup { current, previous: BTreeMap::new(), stages }));
    c
}

fn rendered(s: &Step) -> String {
    s.replies.iter().map(|r| r.text.render(Lang::Id)).collect::<Vec<_>>().join("\n---\n")
}

fn section_buttons(s: &Step) -> Vec<String> {
    let reply = s.replies.last().unwrap();
    reply
        .buttons
        .iter()
        .flatten()
        .filter_map(|b| match &b.tap {
            Tap::Section(code) => Some(code.clone()),
            _ => None,
        })
        .collect()
}

fn at_sections(c: &Context) -> Step {
    let s = step(Conversation::default(), text("/lapor"), c);
    step(s.conversation, tap(Tap::Periode(october())), c)
}

#[test]
fn the_month_shows_each_section_done_or_waiting_with_its_questions() {
    let c = month(&[(BALITA, saved(&[("S", 40)]))], None);
    let s = at_sections(&c);
    assert!(matches!(s.conversation.flow, Flow::Report(ReportFlow::PickSection { .. })));
    assert_eq!(section_buttons(&s), ["balita", "ibu", "remaja", "dewasa", "kunjungan"]);
    let shown = rendered(&s);
    assert!(shown.contains("✅ Balita dan apras: sudah, oleh Ani"), "{shown}");
    let ibu = Form::shipped().section("ibu").unwrap().fields(10).len();
    assert!(shown.contains(&format!("belum ({ibu} pertanyaan)")), "{shown}");
    // The section's number works as well as its button.
    let typed = step(s.conversation, text("2"), &c);
    let Flow::Report(ReportFlow::Fill { draft, .. }) = &typed.conversation.flow else {
        panic!("{:?}", typed.conversation.flow)
    };
    assert_eq!(draft.section, "ibu");
}

#[test]
fn sending_a_section_says_which_are_still_missing() {
    let c = month(&[(BALITA, saved(&[("S", 40)]))], Some(vec![Stage::Balita, Stage::Dewasa]));
    let s = at_sections(&c);
    assert_eq!(section_buttons(&s), ["balita", "dewasa", "kunjungan"], "a posyandu without remaja is not asked for it");
    let s = step(s.conversation, tap(Tap::Section("kunjungan".into())), &c);
    let Flow::Report(ReportFlow::Fill { draft, .. }) = &s.conversation.flow else { panic!() };
    let section = draft.section(&c).clone();
    // Answer every question with 0 (or skip), then send.
    let mut s = s;
    for _ in 0..section.fields(10).len() {
        s = step(s.conversation, text("0"), &c);
    }
    let s = step(s.conversation, tap(Tap::Send), &c);
    let Effect::SaveReport(sub) = &s.effects[0] else { panic!("{}", rendered(&s)) };
    assert_eq!(sub.section, "kunjungan");
    assert_eq!(sub.form_version, Form::shipped().version);
    let shown = rendered(&s);
    assert!(shown.contains("Bagian yang masih belum:\n• Dewasa"), "{shown}");
    assert!(!shown.contains("Ibu hamil"), "ibu is not served: {shown}");
    assert!(shown.contains("P7-202610-KUNJUNGAN-R1"), "{shown}");
}

#[test]
fn a_quick_line_across_sections_is_sent_section_by_section() {
    let c = month(&[], None);
    let line = "lapor okt S45 K43 D40 N32 T5 O1 B2 BGM1 2T0 KDR5";
    let s = step(Conversation::default(), text(line), &c);
    let Flow::Report(ReportFlow::Summary { draft }) = &s.conversation.flow else { panic!("{}", rendered(&s)) };
    assert_eq!(draft.section, BALITA);
    assert_eq!(draft.queued.get("KDR"), Some(&5));
    let s = step(s.conversation, tap(Tap::Send), &c);
    let Effect::SaveReport(first) = &s.effects[0] else { panic!("{}", rendered(&s)) };
    assert_eq!((first.section.as_str(), first.values.len()), (BALITA, 9));
    let Flow::Report(ReportFlow::Summary { draft }) = &s.conversation.flow else { panic!("{}", rendered(&s)) };
    assert_eq!((draft.section.as_str(), draft.values.get("KDR")), ("kunjungan", Some(&5)));
    let s = step(s.conversation, tap(Tap::Send), &c);
    let Effect::SaveReport(second) = &s.effects[0] else { panic!("{}", rendered(&s)) };
    assert_eq!(second.section, "kunjungan");
    assert_eq!(s.conversation.flow, Flow::Idle);
}

#[test]
fn a_quick_line_for_a_stage_not_served_is_refused_with_the_reason() {
    let c = month(&[], Some(vec![Stage::Balita]));
    let s = step(Conversation::default(), text("lapor okt ANEMIA2"), &c);
    assert_eq!(keys(&s), [Key::QuickProblems]);
    let shown = rendered(&s);
    assert!(
        shown.contains("ANEMIA termasuk bagian Usia sekolah dan remaja, yang tidak dilayani posyandu ini"),
        "{shown}"
    );
}

#[test]
fn the_optional_questions_after_a_required_one_can_be_skipped_at_once() {
    let c = month(&[], None);
    let s = at_sections(&c);
    let mut s = step(s.conversation, tap(Tap::Section(BALITA.into())), &c);
    for n in ["45", "43", "40", "32", "5", "1", "2", "1", "0"] {
        s = step(s.conversation, text(n), &c);
    }
    let offered = s.replies.last().unwrap().buttons.iter().flatten().any(|b| b.tap == Tap::SkipRest("UKUR".into()));
    assert!(offered, "{}", rendered(&s));
    let s = step(s.conversation, tap(Tap::SkipRest("UKUR".into())), &c);
    let Flow::Report(ReportFlow::Summary { draft }) = &s.conversation.flow else { panic!("{}", rendered(&s)) };
    for code in ["UKUR", "STUNT", "WAST", "BBK", "KEMB", "SAKIT", "RUJB"] {
        assert!(draft.skipped.contains(code), "{code}");
    }
    assert_eq!(draft.values.len(), 9);
}

#[test]
fn a_wrong_section_number_or_word_asks_again_and_keeps_the_choice() {
    let c = month(&[], None);
    let s = at_sections(&c);
    for typed in ["9", "0", "lansia?"] {
        let again = step(s.conversation.clone(), text(typed), &c);
        assert_eq!(keys(&again)[0], Key::UseButtons, "{typed}");
        assert!(matches!(again.conversation.flow, Flow::Report(ReportFlow::PickSection { .. })), "{typed}");
        assert_eq!(section_buttons(&again), ["balita", "ibu", "remaja", "dewasa", "kunjungan"]);
    }
    let stale = step(s.conversation, tap(Tap::Section("lansia".into())), &c);
    assert_eq!(keys(&stale)[0], Key::ButtonExpired);
    assert!(matches!(stale.conversation.flow, Flow::Report(ReportFlow::PickSection { .. })));
}
