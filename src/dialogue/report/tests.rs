//! The report dialogue as a pure state machine.

use std::collections::BTreeMap;

use chrono::Duration;
use proptest::prelude::*;

use super::*;
use crate::dialogue::tests::{ctx, keys, mawar, now, step, text};
use crate::dialogue::{Effect, Input, Loaded, Person, Step};
use crate::domain::lang::Lang;

fn kader() -> Person {
    Person { id: 1, name: "Siti".into(), lang: Lang::Id, roles: vec![mawar()] }
}

fn tap(t: Tap) -> Input {
    Input::Tap(t.data())
}

fn values(pairs: &[(&str, i64)]) -> BTreeMap<String, i64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

fn october() -> Periode {
    Periode::new(2026, 10).unwrap()
}

/// The older one-section form (the balita block alone), as a deployment
/// setting `REPORT_FORM` to it has: the month leads straight to its numbers.
fn legacy() -> std::sync::Arc<crate::domain::form::Form> {
    std::sync::Arc::new(crate::domain::form::Form::parse(include_str!("../../../forms/laporan-bulanan.toml")).unwrap())
}

/// A context for the kader with the older one-section form, with the saved
/// reports of Posyandu Mawar for October 2026 (and September) as the shell
/// would load them; none for other months.
fn with_reports(current: Option<SavedReport>, previous: Option<BTreeMap<String, i64>>) -> Context {
    let previous =
        previous.map(|values| SavedReport { revision: 1, values, by: "Ani".into(), at: now() - Duration::days(30) });
    let mut c = ctx(Some(kader()), None);
    c.forms = std::sync::Arc::new(crate::domain::form::packs::Forms::one(legacy()));
    let current = current.map(|r| (BALITA.to_owned(), r)).into_iter().collect();
    let previous = previous.map(|r| (BALITA.to_owned(), r)).into_iter().collect();
    c.loaded.reports.push((7, october(), ReportLookup { current, previous, stages: None }));
    c
}

/// The conversation at field `code` of a fresh October 2026 report.
fn at_first_field(c: &Context) -> Step {
    let s = step(Conversation::default(), text("/lapor"), c);
    assert!(matches!(s.conversation.flow, Flow::Report(ReportFlow::PickPeriode { .. })));
    step(s.conversation, tap(Tap::Periode(Periode::new(2026, 10).unwrap())), c)
}

fn answer(s: Step, answers: &[&str], c: &Context) -> Step {
    answers.iter().fold(s, |s, a| step(s.conversation, text(a), c))
}

fn stage(s: &Step) -> &ReportFlow {
    match &s.conversation.flow {
        Flow::Report(flow) => flow,
        other => panic!("not in a report: {other:?}"),
    }
}

#[test]
fn a_clean_report_from_start_to_send() {
    let c = with_reports(None, None);
    let s = at_first_field(&c);
    let prompt = s.replies[0].text.render(Lang::Id);
    assert!(prompt.contains("Langkah 1 dari 11") && prompt.contains("S: semua balita"), "{prompt}");
    let s = answer(s, &["45", "43 anak", " 40.", "32", "5", "1", "2", "1"], &c);
    // 2T is required, and 0 is an answer; BUMIL and KADER are optional.
    let at_2t = s.replies[0].text.render(Lang::Id);
    assert!(at_2t.contains("Tidak ada? Ketik 0.") && !has_tap(&s, &Tap::Skip("2T".into())), "{at_2t}");
    let s = answer(s, &["0"], &c);
    let optional = s.replies[0].text.render(Lang::Id);
    assert!(optional.contains("Tidak ada sama sekali → ketik 0.\nTidak dicatat → tekan ⏭️ Lewati."), "{optional}");
    let s = step(s.conversation, tap(Tap::Skip("BUMIL".into())), &c);
    let s = answer(s, &["6"], &c);
    assert!(matches!(stage(&s), ReportFlow::Summary { .. }));
    let summary = s.replies[0].text.render(Lang::Id);
    assert!(
        summary.contains(
            "Punya KMS (K/S): 96 %\nDitimbang (D/S): 89 %\nNaik (N/D): 80 %\n\
             Naik dari yang juga ditimbang bulan lalu (N/D′): 86 % dari 37 balita (D′)"
        ),
        "{summary}"
    );
    assert!(summary.contains("2T: tidak naik dua bulan berturut-turut: 0"), "{summary}");
    assert!(summary.contains("Ibu hamil yang dilayani: –"), "{summary}");
    let s = step(s.conversation, tap(Tap::Send), &c);
    assert_eq!(keys(&s), [Key::ReportSent]);
    assert!(s.replies[0].text.render(Lang::Id).contains("P7-202610-R1"));
    let Effect::SaveReport(saved) = &s.effects[0] else { panic!("{:?}", s.effects) };
    assert_eq!(saved.values.len(), 10);
    assert_eq!(saved.base, None);
    assert_eq!(s.conversation.flow, Flow::Idle);
}

#[test]
fn hard_rules_must_be_fixed_and_name_both_numbers() {
    let c = with_reports(None, None);
    let s = answer(at_first_field(&c), &["40", "43"], &c);
    assert_eq!(keys(&s), [Key::RuleBroken, Key::ReportField]);
    let message = s.replies[0].text.render(Lang::Id);
    assert!(message.contains("\nK (43) tidak boleh lebih dari S (40).\n"), "{message}");
    assert!(!message.contains('≤'), "{message}");
    assert!(
        matches!(stage(&s), ReportFlow::Fill { code, draft, .. } if code == "K" && !draft.values.contains_key("K"))
    );
    let s = answer(s, &["38", "35", "30", "6"], &c);
    assert!(s.replies[0].text.render(Lang::Id).contains("N + T (36) tidak boleh lebih dari D (35)"));
    // Every weighed child is one of N, T, O, B: more than D is refused at B.
    let s = answer(s, &["5", "0"], &c);
    let s = answer(s, &["1"], &c);
    assert_eq!(keys(&s), [Key::RuleBroken, Key::ReportField]);
    let message = s.replies[0].text.render(Lang::Id);
    assert!(message.contains("N + T + O + B (36) tidak boleh lebih dari D (35)"), "{message}");
    let s = answer(s, &["0"], &c);
    assert!(matches!(stage(&s), ReportFlow::Fill { code, .. } if code == "BGM"));
}

#[test]
fn soft_rules_and_jumps_are_confirmed_or_fixed() {
    let c = with_reports(None, Some(values(&[("S", 40), ("K", 38)])));
    let s = at_first_field(&c);
    // Last month's value is offered as a button.
    let buttons: Vec<String> = s.replies[0].buttons[0].iter().map(|b| b.label.render(Lang::Id)).collect();
    assert_eq!(buttons, ["🔁 Sama dengan bulan lalu (40)"]);
    let s = step(s.conversation, tap(Tap::Same("S".into())), &c);
    let s = answer(s, &["38", "45"], &c);
    assert_eq!(keys(&s), [Key::RuleWarning]);
    assert!(s.replies[0].text.render(Lang::Id).contains("\nD (45) lebih banyak dari S (40).\nSudah benar?"));
    let s = step(s.conversation, tap(Tap::Confirm("D".into())), &c);
    assert!(matches!(stage(&s), ReportFlow::Fill { code, .. } if code == "N"));
    // A jump against last month: S was 40, now 100.
    let c2 = with_reports(None, Some(values(&[("S", 40)])));
    let s = answer(at_first_field(&c2), &["100"], &c2);
    assert_eq!(keys(&s), [Key::JumpRise]);
    assert!(s.replies[0].text.render(Lang::Id).contains("Naik lebih dari 2 kali lipat: bulan lalu 40, sekarang 100."));
    let s = step(s.conversation, tap(Tap::Fix("S".into())), &c2);
    assert!(matches!(stage(&s), ReportFlow::Fill { code, draft, .. } if code == "S" && draft.values.is_empty()));
    // A fall reads as a fall.
    let s = answer(s, &["15"], &c2);
    assert_eq!(keys(&s), [Key::JumpFall]);
    assert!(s.replies[0].text.render(Lang::Id).contains("Turun jauh: bulan lalu 40, sekarang 15."));
}

#[test]
fn last_months_value_is_offered_only_for_slowly_changing_numbers() {
    let last =
        values(&[("S", 45), ("K", 43), ("D", 40), ("N", 32), ("T", 5), ("O", 1), ("B", 2), ("BGM", 1), ("2T", 0)]);
    let c = with_reports(None, Some(last));
    let mut s = at_first_field(&c);
    let mut offered = Vec::new();
    for answer_ in ["45", "43", "40", "32", "5", "1", "2", "1", "0"] {
        let ReportFlow::Fill { code, .. } = stage(&s) else { panic!("{:?}", keys(&s)) };
        if has_tap(&s, &Tap::Same(code.clone())) {
            offered.push(code.clone());
        }
        s = step(s.conversation, text(answer_), &c);
    }
    assert_eq!(offered, ["S", "K"]);
    // An old or forged "same" button for D does not copy last month's D.
    let c = with_reports(None, Some(values(&[("S", 45), ("K", 43), ("D", 40)])));
    let s = answer(at_first_field(&c), &["45", "43"], &c);
    let s = step(s.conversation, tap(Tap::Same("D".into())), &c);
    assert_eq!(keys(&s), [Key::ButtonExpired, Key::ReportField]);
    assert!(
        matches!(stage(&s), ReportFlow::Fill { code, draft, .. } if code == "D" && !draft.values.contains_key("D"))
    );
}

fn has_tap(s: &Step, wanted: &Tap) -> bool {
    s.replies.iter().flat_map(|r| r.buttons.iter().flatten()).any(|b| &b.tap == wanted)
}

#[test]
fn bad_numbers_are_asked_again_without_losing_anything() {
    let c = with_reports(None, None);
    let s = answer(at_first_field(&c), &["45"], &c);
    for (input, key) in [
        ("empat", Key::CountNotANumber),
        ("-1", Key::CountNegative),
        ("4,5", Key::CountNotWhole),
        ("5000", Key::ValueTooBig),
    ] {
        let again = step(s.conversation.clone(), text(input), &c);
        assert_eq!(again.replies[0].text.key, key, "{input}");
        assert_eq!(again.conversation, s.conversation, "{input} changed the draft");
    }
    let sticker = step(s.conversation.clone(), Input::Unsupported, &c);
    assert_eq!(keys(&sticker), [Key::UnsupportedInput, Key::ReportField]);
    let help = step(s.conversation.clone(), text("/bantuan"), &c);
    assert_eq!(help.conversation, s.conversation);
    assert_eq!(keys(&help), [Key::Help, Key::ReportField]);
}

#[test]
fn back_goes_to_the_previous_field_and_old_buttons_do_nothing() {
    let c = with_reports(None, None);
    let s = answer(at_first_field(&c), &["45", "43"], &c);
    let s = step(s.conversation, tap(Tap::Back("D".into())), &c);
    assert!(matches!(stage(&s), ReportFlow::Fill { code, .. } if code == "K"));
    // The "Back" under the S question is stale now.
    let stale = step(s.conversation.clone(), tap(Tap::Back("S".into())), &c);
    assert_eq!(keys(&stale), [Key::ButtonExpired, Key::ReportField]);
    assert_eq!(stale.conversation, s.conversation);
    let forged = step(s.conversation.clone(), Input::Tap("pos:999".into()), &c);
    assert_eq!(forged.conversation, s.conversation);
}

#[test]
fn vitamin_a_is_asked_only_in_campaign_months() {
    let c = with_reports(None, None);
    let s = step(Conversation::default(), text("/lapor"), &c);
    let s = step(s.conversation, tap(Tap::Periode(Periode::new(2026, 8).unwrap())), &c);
    assert!(s.replies[0].text.render(Lang::Id).contains("Langkah 1 dari 12"));
}

#[test]
fn summary_edit_changes_one_field_and_returns() {
    let c = with_reports(None, None);
    let s = answer(at_first_field(&c), &["45", "43", "40", "32", "5", "1", "2", "1", "0"], &c);
    let s = [Tap::Skip("BUMIL".into()), Tap::Skip("KADER".into())]
        .into_iter()
        .fold(s, |s, t| step(s.conversation, tap(t), &c));
    let s = step(s.conversation, tap(Tap::Edit), &c);
    assert_eq!(keys(&s), [Key::ReportPickField]);
    let s = step(s.conversation, tap(Tap::Field("N".into())), &c);
    let s = answer(s, &["30"], &c);
    // D = N + T + O + B no longer holds: a warning first, then the summary.
    assert_eq!(keys(&s), [Key::RuleWarning]);
    let s = step(s.conversation, tap(Tap::Confirm("N".into())), &c);
    let ReportFlow::Summary { draft } = stage(&s) else { panic!("{:?}", keys(&s)) };
    assert_eq!(draft.values["N"], 30);
    let summary = s.replies[0].text.render(Lang::Id);
    assert!(
        summary.contains("belum dihitung di salah satunya? (N + T + O + B (38) lebih sedikit dari D (40))"),
        "{summary}"
    );
    // The confirmed warning goes with the report.
    let s = step(s.conversation, tap(Tap::Send), &c);
    let Effect::SaveReport(sub) = &s.effects[0] else { panic!("{:?}", keys(&s)) };
    assert_eq!(sub.confirmed, ["N + T + O + B >= D"]);
}

#[test]
fn a_saved_report_is_shown_and_corrected_as_a_new_revision() {
    let saved = SavedReport {
        revision: 1,
        values: values(&[
            ("S", 45),
            ("K", 43),
            ("D", 40),
            ("N", 32),
            ("T", 5),
            ("O", 1),
            ("B", 2),
            ("BGM", 1),
            ("2T", 0),
        ]),
        by: "Ani".into(),
        at: now(),
    };
    let c = with_reports(Some(saved.clone()), None);
    let s = at_first_field(&c);
    assert_eq!(keys(&s), [Key::ReportAlreadySent]);
    assert!(s.replies[0].text.render(Lang::Id).contains("oleh Ani pada 22-11-2026 11:00 WITA (revisi 1)"));
    let s = step(s.conversation, tap(Tap::Correct), &c);
    let s = step(s.conversation, tap(Tap::Field("BGM".into())), &c);
    let s = answer(s, &["2"], &c);
    let summary = s.replies[0].text.render(Lang::Id);
    assert!(
        summary.contains("(mengganti revisi 1)\nPosyandu Mawar · Oktober 2026\n\nYang berubah:\n• BGM: 1 → 2\n"),
        "{summary}"
    );
    let s = step(s.conversation, tap(Tap::Send), &c);
    assert_eq!(keys(&s), [Key::ReportCorrected]);
    let Effect::SaveReport(sub) = &s.effects[0] else { panic!() };
    assert_eq!((sub.base, sub.values["BGM"]), (Some(1), 2));
}

#[test]
fn a_report_sent_meanwhile_by_another_kader_is_never_overwritten() {
    let c = with_reports(None, None);
    let s = answer(at_first_field(&c), &["45", "43", "40", "32", "5", "1", "2", "1", "0"], &c);
    let s = ["BUMIL", "KADER"].into_iter().fold(s, |s, code| step(s.conversation, tap(Tap::Skip(code.into())), &c));
    let theirs = SavedReport { revision: 1, values: values(&[("S", 50)]), by: "Ani".into(), at: now() };
    let c2 = with_reports(Some(theirs), None);
    let s = step(s.conversation, tap(Tap::Send), &c2);
    assert!(s.effects.is_empty());
    assert_eq!(keys(&s), [Key::ReportConflict, Key::ReportConflictAgain]);
    let s = step(s.conversation, tap(Tap::Mine), &c2);
    let ReportFlow::Summary { draft } = stage(&s) else { panic!() };
    assert_eq!((draft.base, draft.values["S"]), (Some(1), 45));
    // The summary shows what sending mine changes in theirs.
    assert!(s.replies[0].text.render(Lang::Id).contains("Yang berubah:\n• S: 50 → 45\n• K: – → 43\n"));
    let s = step(s.conversation, tap(Tap::Send), &c2);
    assert!(matches!(&s.effects[0], Effect::SaveReport(sub) if sub.base == Some(1)));
}

#[test]
fn coming_back_later_offers_to_continue_or_restart() {
    let c = with_reports(None, None);
    let s = answer(at_first_field(&c), &["45", "43"], &c);
    let mut later = c.clone();
    later.last_active = Some(now() - Duration::hours(20));
    let offer = step(s.conversation.clone(), text("40"), &later);
    assert_eq!(keys(&offer), [Key::ReportResume]);
    let go_on = step(offer.conversation.clone(), tap(Tap::Resume), &c);
    assert_eq!(go_on.conversation, s.conversation);
    let restart = step(offer.conversation, tap(Tap::Restart), &c);
    assert!(matches!(stage(&restart), ReportFlow::PickPeriode { .. }));
    // /lapor during a report offers the same choice at once.
    assert_eq!(keys(&step(s.conversation, text("/lapor"), &c)), [Key::ReportResume]);
}

#[test]
fn the_quick_report_goes_straight_to_the_summary() {
    let c = with_reports(None, None);
    let s = step(Conversation::default(), text("lapor okt S45 K43 D40 N32 T5 O1 B2 BGM1 2T0"), &c);
    let ReportFlow::Summary { draft } = stage(&s) else { panic!("{:?}", s.replies) };
    assert_eq!(draft.periode, Periode::new(2026, 10).unwrap());
    assert_eq!(draft.values.len(), 9);
    let broken = step(Conversation::default(), text("lapor S45 K50 D40 N32 T5 Q1"), &c);
    let reply = broken.replies[0].text.render(Lang::Id);
    assert!(reply.contains("kode Q1 tidak dikenal"), "{reply}");
    let broken = step(Conversation::default(), text("lapor S45 K50 D40 N32 T5"), &c);
    let reply = broken.replies[0].text.render(Lang::Id);
    assert!(
        reply.contains("belum ada: O, B, BGM, 2T") && reply.contains("• K (50) tidak boleh lebih dari S (45)"),
        "{reply}"
    );
    assert_eq!(broken.conversation.flow, Flow::Idle);
}

#[test]
fn a_line_of_junk_names_five_problems_and_counts_the_rest() {
    let c = with_reports(None, None);
    let junk: Vec<String> = (0..300).map(|i| format!("kata{i}")).collect();
    let s = step(Conversation::default(), text(&format!("lapor {}", junk.join(" "))), &c);
    assert_eq!(keys(&s), [Key::QuickProblems]);
    let reply = s.replies[0].text.render(Lang::Id);
    // 300 unknown words (no section touched, so none is missing codes):
    // five named, the rest counted.
    assert_eq!(reply.matches("tidak dikenal").count(), 5, "{reply}");
    assert!(reply.contains("• kode KATA4 tidak dikenal\n• … dan 295 masalah lain\n"), "{reply}");
    assert!(reply.contains("Kode yang ada: S K D N T O B BGM 2T VITA BUMIL KADER"), "{reply}");
}

#[test]
fn only_kader_report_and_status_lists_each_posyandu() {
    let stranger = ctx(None, None);
    assert_eq!(keys(&step(Conversation::default(), text("/lapor"), &stranger)), [Key::NotRegistered]);
    let official = Person { roles: vec![], ..kader() };
    assert_eq!(keys(&step(Conversation::default(), text("/lapor"), &ctx(Some(official), None))), [Key::ReportNotKader]);
    let status = vec![PosyanduStatus {
        posyandu_id: 7,
        stages: None,
        months: vec![
            (Periode::new(2026, 11).unwrap(), BTreeMap::new()),
            (Periode::new(2026, 10).unwrap(), values(&[(BALITA, 2)])),
        ],
    }];
    let mut c = ctx(Some(kader()), None);
    c.forms = std::sync::Arc::new(crate::domain::form::packs::Forms::one(legacy()));
    c.loaded = Loaded { status: Some(status), ..Loaded::default() };
    let s = step(Conversation::default(), text("/status"), &c);
    let status = s.replies[0].text.render(Lang::Id);
    assert!(
        status.contains("Posyandu Mawar\n• November 2026: ⏳ belum\n• Oktober 2026: ✅ terkirim (revisi 2)"),
        "{status}"
    );
}

fn report_input() -> impl Strategy<Value = Input> {
    let codes = ["S", "K", "D", "N", "T", "O", "B", "BGM", "2T", "VITA", "BUMIL", "KADER", "X"];
    let code = proptest::sample::select(codes.to_vec()).prop_map(str::to_owned);
    prop_oneof![
        (0i64..120).prop_map(|n| text(&n.to_string())),
        Just(text("/lapor")),
        Just(text("/batal")),
        Just(text("/status")),
        Just(text("lapor S45 K43 D40 N32 T5 O1 B2 BGM1 2T0")),
        Just(text("lapor S45 K43 D40 N30 T5 O1 B2 BGM1 2T0")),
        "\\PC{0,40}".prop_map(|t| text(&t)),
        Just(Input::Unsupported),
        Just(tap(Tap::Periode(Periode::new(2026, 10).unwrap()))),
        Just(tap(Tap::Periode(Periode::new(2027, 1).unwrap()))),
        Just(tap(Tap::Send)),
        Just(tap(Tap::Edit)),
        Just(tap(Tap::ToSummary)),
        Just(tap(Tap::Mine)),
        Just(tap(Tap::Correct)),
        Just(tap(Tap::Resume)),
        Just(tap(Tap::Restart)),
        Just(tap(Tap::Cancel)),
        Just(tap(Tap::Report)),
        code.clone().prop_map(|c| tap(Tap::Same(c))),
        code.clone().prop_map(|c| tap(Tap::Skip(c))),
        code.clone().prop_map(|c| tap(Tap::Back(c))),
        code.clone().prop_map(|c| tap(Tap::Confirm(c))),
        code.clone().prop_map(|c| tap(Tap::Fix(c))),
        code.prop_map(|c| tap(Tap::Field(c))),
    ]
}

/// The draft a flow holds, also inside a paused report.
fn draft_of(flow: &Flow) -> Option<&Draft> {
    fn of(flow: &ReportFlow) -> Option<&Draft> {
        match flow {
            ReportFlow::Fill { draft, .. }
            | ReportFlow::Warn { draft, .. }
            | ReportFlow::Summary { draft }
            | ReportFlow::PickField { draft }
            | ReportFlow::Conflict { draft, .. } => Some(draft),
            ReportFlow::Resume { paused } => of(paused),
            _ => None,
        }
    }
    match flow {
        Flow::Report(flow) => of(flow),
        _ => None,
    }
}

/// What `input` answers to the number asked in `flow`: `Some(Some(n))` for a
/// number, `Some(None)` for a skip, `None` when it is no answer.
fn answer_to(flow: &Flow, input: &Input) -> Option<(String, Option<i64>)> {
    let Flow::Report(flow) = flow else { return None };
    let (draft, code, warned) = match flow {
        ReportFlow::Fill { draft, code, .. } => (draft, code, None),
        ReportFlow::Warn { draft, code, value, .. } => (draft, code, Some(*value)),
        _ => return None,
    };
    let answer = match input {
        Input::Text(t) => Some(crate::domain::count::parse_count(t).ok()?),
        Input::Tap(data) => match Tap::parse(data)? {
            Tap::Same(c) if &c == code => Some(*draft.last_month.get(code)?),
            Tap::Confirm(c) if &c == code => Some(warned?),
            Tap::Skip(c) if &c == code => None,
            _ => return None,
        },
        Input::Unsupported | Input::Location { .. } | Input::Edited => return None,
    };
    Some((code.clone(), answer))
}

/// True for a one-line report, which starts a new draft.
fn is_quick_line(input: &Input) -> bool {
    matches!(input, Input::Text(t) if matches!(crate::dialogue::command::parse(t), Some(crate::dialogue::command::Command::Report(Some(_)))))
}

proptest! {
    /// Random taps and texts: no panic, replies within Telegram's limits,
    /// every draft stays within bounds and hard rules, and a save only
    /// happens with every required number present.
    ///
    /// As the engine would, each save is fed back as the current report, so
    /// later steps see it. Beside the dialogue, a model keeps the last
    /// accepted answer of each number: a draft changes only the number asked,
    /// only to the answer given, and a save holds exactly the model's values,
    /// at most once per draft, on top of the revision it started from.
    #[test]
    fn random_report_inputs_keep_every_draft_valid(inputs in proptest::collection::vec(report_input(), 1..60), saved in any::<bool>(), pause in any::<bool>()) {
        let form = legacy().sections[0].clone();
        let mut current = saved.then(|| SavedReport { revision: 3, values: values(&[("S", 40)]), by: "Ani".into(), at: now() });
        let mut conversation = Conversation::default();
        let mut model: Option<BTreeMap<String, i64>> = None;
        let mut saves_of_this_draft = 0;
        for input in inputs {
            let mut c = with_reports(current.clone(), Some(values(&[("S", 40), ("K", 38), ("D", 35)])));
            c.last_active = pause.then(|| now() - Duration::days(2));
            let before = draft_of(&conversation.flow).cloned();
            let answer = answer_to(&conversation.flow, &input);
            let s = step(conversation, input.clone(), &c);
            prop_assert!(!s.replies.is_empty());
            for reply in &s.replies {
                let rendered = reply.text.render(Lang::Id);
                prop_assert!(!rendered.trim().is_empty() && rendered.chars().count() <= 4096);
                prop_assert!(!rendered.contains("Unknown localization"), "{}", rendered);
                for button in reply.buttons.iter().flatten() {
                    prop_assert!(button.tap.data().len() <= 64);
                    prop_assert!(!button.label.render(Lang::En).contains("Unknown localization"));
                    if let Tap::Same(code) = &button.tap {
                        prop_assert!(form.indicator(code).unwrap().steady, "last month offered for {}", code);
                    }
                }
            }
            let after = draft_of(&s.conversation.flow);
            if let Some(draft) = after {
                prop_assert!(form.broken(&draft.values, None).iter().all(|r| !r.hard), "{:?}", draft.values);
                for (code, value) in &draft.values {
                    let indicator = form.indicator(code).unwrap();
                    prop_assert!(indicator.min <= *value && *value <= indicator.max);
                }
            }
            // The model follows the kader's answers, not the dialogue's state.
            match (&before, after) {
                (Some(_), Some(draft)) if !is_quick_line(&input) => {
                    let model = model.as_mut().unwrap();
                    if let Some((code, answer)) = &answer
                        && draft.values.get(code) != model.get(code)
                    {
                        match answer {
                            Some(value) => model.insert(code.clone(), *value),
                            None => model.remove(code),
                        };
                    }
                    prop_assert_eq!(&draft.values, &*model, "after {:?}", input);
                }
                (_, Some(draft)) => {
                    model = Some(draft.values.clone());
                    saves_of_this_draft = 0;
                }
                (_, None) => {}
            }
            let saves: Vec<&Submission> = s.effects.iter().filter_map(|e| match e {
                Effect::SaveReport(sub) => Some(sub),
                _ => None,
            }).collect();
            for sub in saves {
                saves_of_this_draft += 1;
                prop_assert_eq!(saves_of_this_draft, 1, "a draft saved twice");
                prop_assert!(before.is_some() && after.is_none());
                prop_assert_eq!(Some(&sub.values), model.as_ref());
                let fields = form.fields(sub.periode.month());
                prop_assert!(fields.iter().filter(|i| i.required).all(|i| sub.values.contains_key(&i.code)));
                prop_assert_eq!(sub.base, current.as_ref().map(|c| c.revision), "a save not on top of the current revision");
                // As the engine does: the saved report is now the current one.
                let revision = sub.base.map_or(1, |b| b + 1);
                current = Some(SavedReport { revision, values: sub.values.clone(), by: "Siti".into(), at: now() });
            }
            conversation = s.conversation;
        }
    }
}

#[test]
fn kader_are_offered_the_report_button_and_it_works_like_lapor() {
    let c = ctx(Some(kader()), None);
    let has_button = |s: &Step| s.replies.iter().flat_map(|r| r.buttons.iter().flatten()).any(|b| b.tap == Tap::Report);
    assert!(has_button(&step(Conversation::default(), text("/bantuan"), &c)));
    assert!(has_button(&step(Conversation::default(), text("halo"), &c)));
    let official = ctx(Some(Person { roles: vec![], ..kader() }), None);
    assert!(!has_button(&step(Conversation::default(), text("/bantuan"), &official)));
    // In the middle of a report, help does not offer to start another one.
    let filling = at_first_field(&c);
    assert!(!has_button(&step(filling.conversation.clone(), text("/bantuan"), &c)));

    let by_button = step(Conversation::default(), tap(Tap::Report), &c);
    let by_command = step(Conversation::default(), text("/lapor"), &c);
    assert_eq!(by_button, by_command);
    assert!(matches!(stage(&by_button), ReportFlow::PickPeriode { .. }));
}

#[test]
fn the_month_offered_first_is_a_setting() {
    let month_buttons = |c: &Context| {
        let s = step(Conversation::default(), text("/lapor"), c);
        s.replies[0].buttons[0].iter().map(|b| b.tap.clone()).collect::<Vec<_>>()
    };
    let (october, november) = (Periode::new(2026, 10).unwrap(), Periode::new(2026, 11).unwrap());
    let previous_first = ctx(Some(kader()), None);
    assert_eq!(month_buttons(&previous_first), [Tap::Periode(october), Tap::Periode(november)]);
    let mut current_first = ctx(Some(kader()), None);
    current_first.settings.default_previous = false;
    assert_eq!(month_buttons(&current_first), [Tap::Periode(november), Tap::Periode(october)]);
}

/// What one run of the step asked the shell to load.
fn asked(s: &Step, input: Input, c: &Context) -> Option<crate::dialogue::Needs> {
    crate::dialogue::step(s.conversation.clone(), input, c);
    c.take_asked()
}

#[test]
fn the_report_asks_for_saved_reports_only_where_it_reads_them() {
    let mut nothing = ctx(Some(kader()), None);
    nothing.loaded.status = Some(Vec::new());
    let october_reports = Some(crate::dialogue::Needs { reports: vec![(7, october())], ..Default::default() });
    let c = with_reports(None, None);
    let s = step(Conversation::default(), text("/lapor"), &c);
    assert_eq!(asked(&s, tap(Tap::Periode(october())), &nothing), october_reports, "opening a month reads it");
    let s = at_first_field(&c);
    assert_eq!(asked(&s, text("45"), &nothing), None, "a typed number reads nothing stored");
    let s = answer(s, &["45", "43", "40", "32", "5", "1", "2", "1", "0"], &c);
    let s = step(s.conversation, tap(Tap::Skip("BUMIL".into())), &c);
    let s = step(s.conversation, tap(Tap::Skip("KADER".into())), &c);
    assert!(matches!(stage(&s), ReportFlow::Summary { .. }), "{:?}", keys(&s));
    assert_eq!(asked(&s, tap(Tap::Send), &nothing), october_reports, "Kirim checks what was saved meanwhile");
    assert_eq!(asked(&s, tap(Tap::Send), &c), None, "and asks nothing more once it is loaded");
    assert_eq!(asked(&s, text("/status"), &ctx(Some(kader()), None)).map(|n| n.status), Some(true));
}
