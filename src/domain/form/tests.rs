use std::collections::BTreeMap;

use super::packs::Forms;
use super::*;
use crate::domain::region::RegionCode;

const LEGACY: &str = include_str!("../../../forms/laporan-bulanan.toml");

fn balita() -> Section {
    Form::shipped().section(BALITA).unwrap().clone()
}

#[test]
fn the_shipped_pack_has_every_life_stage_and_the_skdn_core() {
    let form = Form::shipped();
    let sections: Vec<&str> = form.sections.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(sections, ["balita", "ibu", "remaja", "dewasa", "kunjungan"]);
    let balita = balita();
    let asked: Vec<&str> = balita.fields(3).iter().map(|i| i.code.as_str()).collect();
    assert_eq!(&asked[..9], ["S", "K", "D", "N", "T", "O", "B", "BGM", "2T"]);
    assert!(balita.fields(2).iter().any(|i| i.code == "VITAB"), "vitamin A in campaign months");
    assert!(!balita.fields(3).iter().any(|i| i.code == "VITAB"));
    for retired in ["VITA", "BUMIL", "KADER"] {
        assert!(balita.indicator(retired).is_some_and(|i| !i.asked), "{retired} kept for older reports, not asked");
    }
    assert!(form.sections.iter().all(|s| s.fields(1).len() <= 38), "no section asks more than 38 numbers");
    let urgent: Vec<&str> =
        form.sections.iter().flat_map(|s| &s.indicators).filter(|i| i.urgent).map(|i| i.code.as_str()).collect();
    assert!(urgent.contains(&"SRQX"), "SRQ item 17 is a red flag");
}

#[test]
fn an_older_one_section_form_still_reads_as_the_balita_section() {
    let form = Form::parse(LEGACY).unwrap();
    assert_eq!(form.sections.len(), 1);
    assert_eq!(form.sections[0].code, BALITA);
    assert_eq!(form.sections[0].fields(2).len(), 12);
    assert_eq!(form.sections[0].fields(3).len(), 11, "vitamin A only in campaign months");
    assert!(form.locale_keys().contains(&"ind-s"));
}

#[test]
fn broken_rules_name_hard_ones_first() {
    let balita = balita();
    let values: BTreeMap<String, i64> =
        [("S", 40), ("K", 41), ("D", 45)].iter().map(|(k, v)| (k.to_string(), *v)).collect();
    let broken: Vec<_> = balita.broken(&values, None).iter().map(|r| (r.text.as_str(), r.hard)).collect();
    assert_eq!(broken, [("K <= S", true), ("D <= S", false)]);
    assert!(balita.broken(&values, Some("N")).is_empty());
}

#[test]
fn jumps_ignore_small_numbers() {
    let balita = balita();
    assert!(balita.is_jump(90, 40));
    assert!(balita.is_jump(15, 40));
    assert!(!balita.is_jump(60, 40));
    assert!(!balita.is_jump(6, 2), "both below the minimum");
}

#[test]
fn campaign_months_can_move() {
    let form = Form::shipped().with_months("VITAB", &[10, 2, 10]).unwrap();
    let balita = form.section(BALITA).unwrap();
    assert!(balita.fields(10).iter().any(|i| i.code == "VITAB"), "vitamin A asked in October");
    assert!(!balita.fields(8).iter().any(|i| i.code == "VITAB"), "and no longer in August");
    assert_eq!(form.version, format!("{}+VITAB=2,10", Form::shipped().version));
    assert!(Form::shipped().with_months("VITAMIN", &[2]).unwrap_err().to_string().contains("no indicator VITAMIN"));
    assert!(Form::shipped().with_months("VITAB", &[13]).is_err());
}

#[test]
fn bad_packs_are_refused_with_the_reason() {
    let shipped = include_str!("../../../forms/ilp.toml");
    let unknown = shipped.replacen("check = \"K <= S\"", "check = \"K <= X\"", 1);
    assert!(Form::parse(&unknown).unwrap_err().to_string().contains("unknown code X"));
    // A rule reading a code of another section.
    let across = shipped.replacen("check = \"K <= S\"", "check = \"K <= KEK\"", 1);
    assert!(Form::parse(&across).unwrap_err().to_string().contains("own section"));
    let twice = shipped.replacen("code = \"KEK\"", "code = \"S\"", 1);
    assert!(Form::parse(&twice).unwrap_err().to_string().contains("S appears twice"));
    let digit = shipped.replacen("code = \"KEK\"", "code = \"KEK1\"", 1);
    assert!(Form::parse(&digit).unwrap_err().to_string().contains("must not end with a digit"));
    let key = LEGACY.replace("label = \"ind-s\"", "label = \"ind-nope\"");
    assert!(Form::parse(&key).unwrap_err().to_string().contains("ind-nope"));
}

/// A small one-section form with one indicator asked in `months`.
fn one_indicator(months: &str, max: i64) -> String {
    format!(
        "version = \"t\"\n[jump]\nfactor = 2\nmin = 10\n[[indicator]]\ncode = \"VITA\"\nlabel = \"ind-vita\"\n\
         help = \"ind-vita-help\"\nmin = 0\nmax = {max}\nrequired = true\n{months}\n"
    )
}

#[test]
fn forms_that_would_break_the_dialogue_are_refused() {
    assert!(Form::parse(&one_indicator("", 1000)).is_ok());
    let error = Form::parse(&one_indicator("months = [2, 8]", 1000)).unwrap_err().to_string();
    assert!(error.contains("no indicator is asked in month(s) [1, 3, 4, 5, 6, 7, 9, 10, 11, 12]"), "{error}");
    let error = Form::parse(&one_indicator("months = []", 1000)).unwrap_err().to_string();
    assert!(error.contains("at least one"), "{error}");
    let error = Form::parse(&one_indicator("", i64::MAX)).unwrap_err().to_string();
    assert!(error.contains("max <= 1000000"), "{error}");
    let only_vita = Form::parse(&one_indicator("", 1000)).unwrap();
    assert!(only_vita.with_months("VITA", &[2]).unwrap_err().to_string().contains("no indicator is asked"));
}

#[test]
fn only_slowly_changing_numbers_are_steady() {
    let balita = balita();
    let steady: Vec<&str> = balita.fields(1).iter().filter(|i| i.steady).map(|i| i.code.as_str()).collect();
    assert_eq!(steady, ["S", "K"]);
}

#[test]
fn a_posyandu_is_asked_the_sections_of_the_stages_it_serves() {
    let form = Form::shipped();
    let all: Vec<&str> = form.served(None).map(|s| s.code.as_str()).collect();
    assert_eq!(all, ["balita", "ibu", "remaja", "dewasa", "kunjungan"]);
    let some = [Stage::Balita, Stage::Dewasa];
    let served: Vec<&str> = form.served(Some(&some)).map(|s| s.code.as_str()).collect();
    assert_eq!(served, ["balita", "dewasa", "kunjungan"], "visitors and staff always");
    assert_eq!(parse_stages("ibu, balita,nope,ibu"), [Stage::Balita, Stage::Ibu]);
    assert_eq!(stages_text(&[Stage::Balita, Stage::Ibu]), "balita,ibu");
}

#[test]
fn the_most_specific_pack_applies() {
    let kabupaten = Form { regions: vec!["73.24".into()], version: "kab".into(), ..Form::parse(LEGACY).unwrap() };
    let province = Form { regions: vec!["73".into()], version: "prov".into(), ..Form::parse(LEGACY).unwrap() };
    let forms = Forms::new(Form::shipped(), vec![Arc::new(province), Arc::new(kabupaten)]).unwrap();
    let region = |code: &str| RegionCode::parse(code).unwrap();
    assert_eq!(forms.for_region(&region("73.24.01.2001")).version, "kab");
    assert_eq!(forms.for_region(&region("73.25.01.2001")).version, "prov");
    assert_eq!(forms.for_region(&region("33.01.01.2001")).version, Form::shipped().version);
    let twice = Form { regions: vec!["73".into()], ..Form::parse(LEGACY).unwrap() };
    let error = Forms::new(Form::shipped(), vec![Arc::new(twice.clone()), Arc::new(twice)]).unwrap_err();
    assert!(error.to_string().contains("two packs"), "{error}");
}
