//! The organizer's wizard as a pure state machine, against a small region
//! tree: Kecamatan Mangkutana (73.24.01) with eleven desa, and its neighbour
//! Kecamatan Tomoni (73.24.02) outside the organizer's scope.

use chrono::{TimeZone, Utc};
use proptest::prelude::*;

use super::*;
use crate::dialogue::tests::{keys, now, text};
use crate::dialogue::{Loaded, Needs, Settings};
use crate::domain::lang::Lang;
use crate::domain::meeting::Invitee;

fn code(c: &str) -> RegionCode {
    RegionCode::parse(c).unwrap()
}

fn kecamatan() -> RegionCode {
    code("73.24.01")
}

/// The desa of Kecamatan Mangkutana, by code.
fn desa() -> Vec<Place> {
    let names = [
        "Maleku",
        "Kasintuwu",
        "Koroncia",
        "Pancakarsa",
        "Margolembo",
        "Sindu Agung",
        "Teromu",
        "Balai Kembang",
        "Wonorejo",
        "Solo",
        "Kalaena",
    ];
    names
        .iter()
        .enumerate()
        .map(|(i, n)| Place::region(&code(&format!("73.24.01.20{:02}", i + 1)), (*n).into()))
        .collect()
}

fn official(role: OfficialRole, region: &str, name: &str) -> Role {
    let region = code(region);
    Role { grant: Grant::Official { role, region: region.clone() }, place: Place::region(&region, name.into()) }
}

fn pokjanal() -> Person {
    Person {
        id: 5,
        name: "Andi Baso".into(),
        lang: Lang::Id,
        roles: vec![official(OfficialRole::Pokjanal, "73.24.01", "Mangkutana")],
    }
}

fn ctx(person: Person) -> Context {
    Context::new(
        now(),
        Some(person),
        std::sync::Arc::new(crate::domain::form::packs::Forms::shipped()),
        Settings::default(),
    )
}

/// Loads what a step asked for from the little world above: children and
/// name searches from [`desa`], and 10 people per invited role in any area
/// (the organizer, a Pokjanal of the kecamatan, among them).
fn load(loaded: &mut Loaded, needs: Needs) {
    for parent in needs.children {
        let children = if parent == kecamatan() { desa() } else { Vec::new() };
        loaded.children.push((parent, children));
    }
    for (within, text) in needs.searches {
        let found = desa().into_iter().filter(|d| d.region_name.to_lowercase().contains(&text)).collect();
        let found = if within == kecamatan() { found } else { Vec::new() };
        loaded.searches.push((within, text, found));
    }
    for (area, invitees) in needs.audiences {
        let size = 10 * invitees.len() as i64;
        loaded.audiences.push((area, invitees, size));
    }
    // The organizer has no meetings yet: `/rapat` goes straight to the wizard.
    if needs.organized {
        loaded.organized = Some((Vec::new(), 0));
    }
}

/// Runs a step as the engine does, loading what it asks for.
fn step(conversation: Conversation, input: Input, c: &Context) -> Step {
    let mut c = c.clone();
    for _ in 0..4 {
        let s = crate::dialogue::step(conversation.clone(), input.clone(), &c);
        let Some(needs) = c.take_asked() else { return s };
        load(&mut c.loaded, needs);
    }
    panic!("a step kept asking for more data")
}

fn tap(t: Tap) -> Input {
    Input::Tap(t.data())
}

fn setup(s: &Step) -> &Setup {
    match &s.conversation.flow {
        Flow::Meeting(MeetingFlow::Setup(setup)) => setup,
        other => panic!("not in the wizard: {other:?}"),
    }
}

fn rendered(s: &Step) -> String {
    s.replies.iter().map(|r| r.text.render(Lang::Id)).collect::<Vec<_>>().join("\n---\n")
}

fn has_tap(s: &Step, t: &Tap) -> bool {
    s.replies.iter().flat_map(|r| r.buttons.iter().flatten()).any(|b| &b.tap == t)
}

fn area_taps(s: &Step) -> Vec<Tap> {
    let taps = s.replies.iter().flat_map(|r| r.buttons.iter().flatten()).map(|b| b.tap.clone());
    taps.filter(|t| matches!(t, Tap::Area(_) | Tap::AreaPage(_))).collect()
}

fn run(s: Step, inputs: Vec<Input>, c: &Context) -> Step {
    inputs.into_iter().fold(s, |s, input| step(s.conversation, input, c))
}

/// 12 December 2026, 09:00 WITA.
fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 12, 1, 0, 0).unwrap()
}

/// The wizard at the question `stage` (`toggled`: roles, with Kader
/// chosen; `preview`: the end), with good answers so far.
fn until(stage: &str, c: &Context) -> Step {
    let s = step(Conversation::default(), text("/rapat"), c);
    let answers = [
        ("kind", tap(Tap::Kind(MeetingKind::Rakor))),
        ("title", text("Rakor Pokjanal Triwulan IV")),
        ("start", text("12/12 09.00")),
        ("confirm", tap(Tap::Confirm("start".into()))),
        ("place", text("Aula Kantor Camat Mangkutana")),
        ("agenda", text("1. Evaluasi laporan\n2. Rencana 2027")),
        ("area", tap(Tap::Area(code("73.24.01.2001")))),
        ("invitees", tap(Tap::Invitee(Invitee::Kader))),
        ("toggled", tap(Tap::Next)),
        ("answer-by", text("10/12 12.00")),
    ];
    let mut s = s;
    for (name, input) in answers {
        if name == stage {
            return s;
        }
        s = step(s.conversation, input, c);
    }
    s
}

#[test]
fn the_whole_wizard_to_kirim() {
    let c = ctx(pokjanal());
    let s = step(Conversation::default(), text("rapat"), &c);
    assert_eq!(keys(&s), [Key::MeetingStart, Key::MeetingAskKind]);
    assert!(has_tap(&s, &Tap::Kind(MeetingKind::Lokmin)) && has_tap(&s, &Tap::Cancel));
    let s = run(s, vec![tap(Tap::Kind(MeetingKind::Rakor)), text("  Rakor Pokjanal   Triwulan IV ")], &c);
    assert_eq!(keys(&s), [Key::MeetingAskStart]);
    assert!(rendered(&s).contains("(waktu WITA)"), "{}", rendered(&s));
    let s = step(s.conversation, text("12/12 09.00"), &c);
    assert_eq!(rendered(&s), "Rapat dimulai Sabtu, 12 Desember 2026 pukul 09.00 WITA. Sudah benar?");
    assert!(has_tap(&s, &Tap::Fix("start".into())));
    let s = step(s.conversation, tap(Tap::Confirm("start".into())), &c);
    assert_eq!(keys(&s), [Key::MeetingAskPlace]);
    let s = step(s.conversation, Input::Location { latitude: -2.5, longitude: 120.75 }, &c);
    assert_eq!(keys(&s), [Key::MeetingLocationReceived, Key::MeetingAskPlaceName]);
    let s = run(s, vec![text("Aula Kantor Camat Mangkutana"), text("1. Evaluasi laporan\n2. Rencana 2027")], &c);
    assert_eq!(keys(&s), [Key::MeetingAskArea]);
    let s = step(s.conversation, tap(Tap::Area(code("73.24.01.2001"))), &c);
    assert_eq!(keys(&s), [Key::MeetingAskInvitees]);
    assert!(rendered(&s).contains("Desa Maleku"), "{}", rendered(&s));
    let s = run(s, vec![tap(Tap::Invitee(Invitee::Pokja)), tap(Tap::Invitee(Invitee::Kader))], &c);
    let labels: Vec<String> = s.replies[0].buttons[0].iter().map(|b| b.label.render(Lang::Id)).collect();
    assert_eq!(labels, ["✅ Kader", "✅ Pokja"]);
    let s = run(s, vec![tap(Tap::Next), text("10/12 12.00")], &c);
    assert_eq!(keys(&s), [Key::Invitation, Key::MeetingPreview]);
    assert!(s.replies[0].buttons.is_empty(), "the preview shows no answer buttons");
    let invitation = s.replies[0].text.render_for(crate::i18n::Reader::new(Lang::Id, chrono_tz::Asia::Makassar));
    assert_eq!(
        invitation,
        "📅 Undangan Rapat Koordinasi Pokjanal / Tim Pembina Posyandu\nRakor Pokjanal Triwulan IV\n\n\
         🕘 Waktu: Sabtu, 12 Desember 2026 pukul 09.00 WITA\n📍 Tempat: Aula Kantor Camat Mangkutana\n\
         🗺 Peta: https://maps.google.com/?q=-2.500000,120.750000\n📝 Acara: 1. Evaluasi laporan\n2. Rencana 2027\n\
         👤 Pengundang: Andi Baso\n⏳ Mohon dijawab sebelum Kamis, 10 Desember 2026 pukul 12.00 WITA\n\n\
         Mohon Bapak/Ibu pilih jawaban dengan tombol di bawah ini."
    );
    // Kader and Pokja of Desa Maleku: 20 in the fake world; the organizer is not one of them.
    let summary = s.replies[1].text.render(Lang::Id);
    assert!(summary.contains("Akan dikirim ke 20 orang di Desa Maleku:\n• Kader\n• Pokja"), "{summary}");
    assert!(has_tap(&s, &Tap::Send) && has_tap(&s, &Tap::Edit) && has_tap(&s, &Tap::Cancel));
    assert!(s.effects.is_empty());

    let s = step(s.conversation, tap(Tap::Send), &c);
    assert_eq!(keys(&s), [Key::MeetingSending]);
    assert_eq!(s.conversation.flow, Flow::Idle);
    let expected = NewMeeting {
        kind: MeetingKind::Rakor,
        title: "Rakor Pokjanal Triwulan IV".into(),
        starts_at: start(),
        place: "Aula Kantor Camat Mangkutana".into(),
        location: Some((-2.5, 120.75)),
        agenda: Some("1. Evaluasi laporan\n2. Rencana 2027".into()),
        area: code("73.24.01.2001"),
        invitees: vec![Invitee::Kader, Invitee::Pokja],
        answer_by: Some(Utc.with_ymd_and_hms(2026, 12, 10, 4, 0, 0).unwrap()),
    };
    assert_eq!(s.effects, [Effect::CreateMeeting(expected)]);
}

#[test]
fn the_preview_shows_the_count_the_store_gives() {
    // The store leaves the organizer out (tests/wizard.rs checks it on both
    // databases); the wizard shows its count as it is.
    let c = ctx(pokjanal());
    let s = until("area", &c);
    let s = run(s, vec![tap(Tap::Area(kecamatan())), tap(Tap::Invitee(Invitee::Pokjanal)), tap(Tap::Next)], &c);
    let s = step(s.conversation, tap(Tap::Skip("answer-by".into())), &c);
    let summary = s.replies[1].text.render(Lang::Id);
    assert!(summary.contains("Akan dikirim ke 10 orang di Kecamatan Mangkutana"), "{summary}");
}

#[test]
fn bad_answers_are_explained_and_nothing_is_lost() {
    let c = ctx(pokjanal());
    let at_start = until("start", &c);
    let before = setup(&at_start).clone();
    // Title too long: the limit is stated.
    let s = until("title", &c);
    let s = step(s.conversation, text(&"a".repeat(121)), &c);
    assert_eq!(keys(&s), [Key::MeetingTooLong]);
    assert!(rendered(&s).contains("121 huruf, paling banyak 120"), "{}", rendered(&s));
    assert_eq!(setup(&s).stage, Stage::Title);
    assert_eq!(setup(&s).draft.kind, Some(MeetingKind::Rakor));

    // Nonsense and past dates: the parser's own explanations.
    let s = step(at_start.conversation.clone(), text("kapan-kapan"), &c);
    assert_eq!(keys(&s), [Key::WhenNotUnderstood]);
    assert_eq!(setup(&s), &before);
    let s = step(s.conversation, text("22/11 08.00"), &c);
    assert_eq!(keys(&s), [Key::WhenPast]);
    assert_eq!(setup(&s), &before);

    // A sticker and /bantuan in the middle: answered, then the same question.
    let s = step(s.conversation, Input::Unsupported, &c);
    assert_eq!(keys(&s), [Key::UnsupportedInput, Key::MeetingAskStart]);
    let s = step(s.conversation, text("/bantuan"), &c);
    assert_eq!(keys(&s), [Key::Help, Key::MeetingAskStart]);
    assert!(rendered(&s).contains("/rapat"), "{}", rendered(&s));
    assert_eq!(setup(&s), &before);
    // /bahasa comes back to the same question, answers kept.
    let s = run(s, vec![text("/bahasa"), tap(Tap::Lang(Lang::En))], &c);
    assert_eq!(keys(&s), [Key::LanguageChanged, Key::MeetingAskStart]);
    assert_eq!(setup(&s), &before);

    // No role chosen.
    let s = until("invitees", &c);
    let s = step(s.conversation, tap(Tap::Next), &c);
    assert_eq!(keys(&s), [Key::MeetingNoInvitee, Key::MeetingAskInvitees]);

    // A deadline after the start.
    let s = until("answer-by", &c);
    let s = step(s.conversation, text("12/12 10.00"), &c);
    assert_eq!(keys(&s), [Key::MeetingAnswerByLate]);
    assert!(rendered(&s).contains("sebelum rapat dimulai (Sabtu, 12 Desember 2026 pukul 09.00 WITA)"));
    assert_eq!(setup(&s).stage, Stage::AnswerBy);
    assert_eq!(setup(&s).draft.invitees, [Invitee::Kader]);

    // Typing where a button is expected; a stale button.
    let s = step(until("title", &c).conversation, tap(Tap::Send), &c);
    assert_eq!(keys(&s), [Key::ButtonExpired, Key::MeetingAskTitle]);
    let s = step(until("confirm", &c).conversation, text("ya"), &c);
    assert_eq!(keys(&s), [Key::UseButtons, Key::MeetingConfirmStart]);
}

#[test]
fn batal_ends_the_wizard_at_any_point() {
    let c = ctx(pokjanal());
    for stage in ["title", "confirm", "area", "answer-by", "preview"] {
        let s = step(until(stage, &c).conversation, tap(Tap::Cancel), &c);
        assert_eq!(
            (keys(&s), &s.conversation.flow),
            (vec![crate::i18n::MessageId::Key(Key::Cancelled)], &Flow::Idle),
            "{stage}"
        );
        let s = step(until(stage, &c).conversation, text("/batal"), &c);
        assert_eq!(s.conversation.flow, Flow::Idle);
    }
}

#[test]
fn an_area_outside_the_scope_is_refused() {
    let c = ctx(pokjanal());
    let s = until("area", &c);
    for outside in ["73.24.02.2001", "73.24.02", "73.24", "73", "73.24.011.2001"] {
        let Ok(forged) = RegionCode::parse(outside) else { continue };
        let r = step(s.conversation.clone(), tap(Tap::Area(forged)), &c);
        assert_eq!(keys(&r), [Key::MeetingAreaOutside, Key::MeetingAskArea], "{outside}");
        assert!(rendered(&r).contains("di luar Kecamatan Mangkutana"));
        assert_eq!(setup(&r).draft.area, None);
    }
    // In scope but no such (current) region: a stale button.
    let r = step(s.conversation.clone(), tap(Tap::Area(code("73.24.01.2099"))), &c);
    assert_eq!(keys(&r), [Key::ButtonExpired, Key::MeetingAskArea]);
    // Forged data that is not a code at all.
    let r = step(s.conversation, Input::Tap("area:73.24.01.2001' OR 1=1".into()), &c);
    assert_eq!(keys(&r), [Key::ButtonExpired, Key::MeetingAskArea]);
}

#[test]
fn child_regions_are_paged_and_searched() {
    let c = ctx(pokjanal());
    let s = until("area", &c);
    let first = area_taps(&s);
    assert_eq!(first.len(), 1 + PAGE_SIZE + 1, "{first:?}");
    assert_eq!(first[0], Tap::Area(kecamatan()));
    assert_eq!(first[1], Tap::Area(code("73.24.01.2001")));
    assert_eq!(first.last(), Some(&Tap::AreaPage(1)));
    let s = step(s.conversation, tap(Tap::AreaPage(1)), &c);
    let second = area_taps(&s);
    assert_eq!(second.len(), 1 + 3 + 1, "{second:?}");
    assert_eq!(second[1], Tap::Area(code("73.24.01.2009")));
    assert_eq!(second.last(), Some(&Tap::AreaPage(0)));
    // A page past the end shows the last one.
    let s = step(s.conversation, tap(Tap::AreaPage(9)), &c);
    assert_eq!(area_taps(&s), second);

    let s = step(s.conversation, text("  KASIN "), &c);
    assert_eq!(keys(&s), [Key::MeetingAreaFound]);
    assert_eq!(area_taps(&s), [Tap::Area(kecamatan()), Tap::Area(code("73.24.01.2002")), Tap::AreaPage(0)]);
    let r = step(s.conversation.clone(), text("Jakarta"), &c);
    assert_eq!(keys(&r), [Key::MeetingAreaNotFound, Key::MeetingAreaFound]);
    let r = step(s.conversation.clone(), text("ab"), &c);
    assert_eq!(keys(&r), [Key::MeetingAreaShort, Key::MeetingAreaFound]);
    let s = step(s.conversation, tap(Tap::Area(code("73.24.01.2002"))), &c);
    assert_eq!(setup(&s).draft.area, Some(Area { code: code("73.24.01.2002"), name: "Kasintuwu".into() }));
}

#[test]
fn ubah_changes_one_answer_and_returns_to_the_preview() {
    let c = ctx(pokjanal());
    let s = until("preview", &c);
    assert_eq!(keys(&s), [Key::Invitation, Key::MeetingPreview]);
    let s = step(s.conversation, tap(Tap::Edit), &c);
    assert_eq!(keys(&s), [Key::MeetingAskChange]);
    let s = run(s, vec![tap(Tap::Field("title".into())), text("Rakor Posyandu")], &c);
    assert_eq!(keys(&s), [Key::Invitation, Key::MeetingPreview]);
    assert_eq!(setup(&s).draft.title.as_deref(), Some("Rakor Posyandu"));
    // A new start after the deadline drops the deadline and asks again.
    let s = run(s, vec![tap(Tap::Edit), tap(Tap::Field("start".into())), text("9/12 09.00")], &c);
    let s = step(s.conversation, tap(Tap::Confirm("start".into())), &c);
    assert_eq!(keys(&s), [Key::MeetingAnswerByCleared, Key::MeetingAskAnswerBy]);
    assert_eq!(setup(&s).draft.answer_by, None);
    let s = step(s.conversation, tap(Tap::Skip("answer-by".into())), &c);
    assert_eq!(keys(&s), [Key::Invitation, Key::MeetingPreview]);
}

#[test]
fn who_may_organize() {
    let kader = Person { roles: vec![crate::dialogue::tests::mawar()], ..pokjanal() };
    let s = step(Conversation::default(), text("/rapat"), &ctx(kader));
    assert_eq!(
        (keys(&s), &s.conversation.flow),
        (vec![crate::i18n::MessageId::Key(Key::MeetingNotOfficial)], &Flow::Idle)
    );
    let s = step(Conversation::default(), text("/rapat"), &crate::dialogue::tests::ctx(None, None));
    assert_eq!(keys(&s), [Key::NotRegistered]);

    let mut two = pokjanal();
    two.roles.push(official(OfficialRole::Puskesmas, "73.24.01.2001", "Maleku"));
    let c = ctx(two);
    let s = step(Conversation::default(), text("/meeting"), &c);
    assert_eq!(keys(&s), [Key::MeetingStart, Key::MeetingAskOrganizer]);
    let forged = step(s.conversation.clone(), tap(Tap::Organizer(OfficialRole::Dinkes, code("73.24"))), &c);
    assert_eq!(keys(&forged), [Key::ButtonExpired, Key::MeetingAskOrganizer]);
    let s = step(s.conversation, tap(Tap::Organizer(OfficialRole::Puskesmas, code("73.24.01.2001"))), &c);
    assert_eq!(keys(&s), [Key::MeetingAskKind]);
    assert_eq!(setup(&s).organizer.region, code("73.24.01.2001"));
    // A Puskesmas of a desa may invite only that desa.
    let s = until_area_from(s, &c);
    let r = step(s.conversation, tap(Tap::Area(code("73.24.01.2002"))), &c);
    assert_eq!(keys(&r)[0], Key::MeetingAreaOutside);
}

fn until_area_from(s: Step, c: &Context) -> Step {
    let inputs = vec![
        tap(Tap::Kind(MeetingKind::Lokmin)),
        text("Lokmin"),
        text("besok 14:00"),
        tap(Tap::Confirm("start".into())),
        text("Puskesmas"),
        tap(Tap::Skip("agenda".into())),
    ];
    let s = run(s, inputs, c);
    assert_eq!(keys(&s), [Key::MeetingAskArea]);
    s
}

#[test]
fn the_wizard_survives_storage() {
    let c = ctx(pokjanal());
    let s = until("preview", &c);
    let stored = crate::dialogue::stored::encode(&s.conversation);
    assert_eq!(crate::dialogue::stored::decode(&stored), Some(s.conversation));
}

const PAGE_SIZE: usize = audience::PAGE;

fn any_input() -> impl Strategy<Value = Input> {
    let taps = prop_oneof![
        Just(Tap::Cancel),
        Just(Tap::Send),
        Just(Tap::Edit),
        Just(Tap::Next),
        Just(Tap::ToSummary),
        Just(Tap::Confirm("start".into())),
        Just(Tap::Fix("start".into())),
        Just(Tap::Skip("agenda".into())),
        Just(Tap::Skip("answer-by".into())),
        (0u16..4).prop_map(Tap::AreaPage),
        prop::sample::select(vec!["73.24.01", "73.24.01.2001", "73.24.01.2010", "73.24.02.2001", "73.24", "74"])
            .prop_map(|c| Tap::Area(code(c))),
        prop::sample::select(vec![Invitee::Kader, Invitee::Pokja, Invitee::Dinkes]).prop_map(Tap::Invitee),
        prop::sample::select(vec![MeetingKind::Rakor, MeetingKind::Lainnya]).prop_map(Tap::Kind),
        prop::sample::select(vec!["kind", "title", "start", "area", "invitees", "answer-by", "bogus"])
            .prop_map(|f| Tap::Field(f.into())),
    ];
    prop_oneof![
        3 => taps.prop_map(|t| Input::Tap(t.data())),
        1 => Just(Input::Tap("area:99.99".into())),
        2 => prop::sample::select(vec![
            "/rapat", "/batal", "/bantuan", "12/12 09.00", "besok 14:00", "10/12 12.00", "kemarin", "Aula", "kasin",
            "maleku", "x",
        ]).prop_map(text),
        1 => "\\PC{0,300}".prop_map(Input::Text),
        1 => (1usize..3000).prop_map(|n| Input::Text("😀".repeat(n))),
        1 => Just(Input::Unsupported),
        1 => Just(Input::Location { latitude: -2.5, longitude: 120.75 }),
    ]
}

proptest! {
    /// Any sequence of inputs: no panic, every reply fits Telegram's limits,
    /// and a meeting is created only by Kirim on the preview, inside the
    /// organizer's region, with at least one role invited.
    #[test]
    fn random_inputs_keep_the_wizard_sound(inputs in proptest::collection::vec(any_input(), 1..40)) {
        let c = ctx(pokjanal());
        let mut conversation = step(Conversation::default(), text("/rapat"), &c).conversation;
        for input in inputs {
            let at_preview = matches!(&conversation.flow, Flow::Meeting(MeetingFlow::Setup(s)) if s.stage == Stage::Preview);
            let kirim = input == tap(Tap::Send);
            let s = step(conversation, input, &c);
            prop_assert!(!s.replies.is_empty(), "every input gets an answer");
            for reply in &s.replies {
                for lang in [Lang::Id, Lang::En] {
                    let text = reply.text.render(lang);
                    prop_assert!(!text.trim().is_empty() && text.encode_utf16().count() <= 4096, "{}", text.len());
                }
                for button in reply.buttons.iter().flatten() {
                    prop_assert!(button.tap.data().len() <= 64);
                    prop_assert_eq!(Tap::parse(&button.tap.data()), Some(button.tap.clone()));
                }
            }
            for effect in &s.effects {
                let Effect::CreateMeeting(meeting) = effect else { panic!("unexpected {effect:?}") };
                prop_assert!(at_preview && kirim);
                prop_assert!(audience::within(&kecamatan(), &meeting.area), "{}", meeting.area);
                prop_assert!(!meeting.invitees.is_empty());
                prop_assert!(meeting.answer_by.is_none_or(|by| by < meeting.starts_at));
            }
            conversation = s.conversation;
        }
    }
}
