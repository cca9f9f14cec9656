//! The one-line report for kader who know the codes:
//! `lapor S45 K43 D40 N32 T5 O1 B2 BGM1`, also `S=45`, `s 45`, `S:45,`,
//! with an optional month first (`lapor okt S45 …`, `lapor 10/2026 …`).
//! Codes of several sections may be mixed; each section touched is
//! summarised for Kirim in turn and saved as a revision of that section.
//! Unknown, missing or rule-breaking codes are named in one reply: the first
//! few, and how many more, so a line of junk never floods the chat.

use std::collections::BTreeMap;

use super::checks::{Refusal, refusals};
use super::texts::comparison;
use super::{Quick, ReportFlow, Target, default_periode, kader_targets, periode_text, sections, to};
use crate::dialogue::{Context, Conversation, Flow, Step};
use crate::domain::form::{Form, Section};
use crate::domain::periode::Periode;
use crate::i18n::{Key, Text};

/// What a line says, and what is wrong with it.
struct Parsed {
    periode: Option<Periode>,
    values: BTreeMap<String, i64>,
    problems: Vec<Text>,
}

/// A month at the start of the line (one or two words), and the rest.
fn split_periode(line: &str, current: Periode) -> (Option<Periode>, &str) {
    let words: Vec<&str> = line.split_whitespace().collect();
    for n in [2, 1] {
        if words.len() >= n
            && let Some(periode) = Periode::parse(&words[..n].join(" "), current)
        {
            let mut rest = line.trim_start();
            for _ in 0..n {
                rest = rest.trim_start().split_once(char::is_whitespace).map_or("", |(_, r)| r);
            }
            return (Some(periode), rest);
        }
    }
    (None, line)
}

fn parse(line: &str, form: &Form, current: Periode) -> Parsed {
    let (periode, rest) = split_periode(line, current);
    let indicators = form.sections.iter().flat_map(|s| &s.indicators).filter(|i| i.asked);
    let mut codes: Vec<&str> = indicators.map(|i| i.code.as_str()).collect();
    codes.sort_by_key(|c| std::cmp::Reverse(c.len()));
    let text: Vec<char> = rest.to_uppercase().chars().map(|c| if "=:,;".contains(c) { ' ' } else { c }).collect();
    let mut values = BTreeMap::new();
    let mut problems = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if text[i].is_whitespace() {
            i += 1;
            continue;
        }
        let word_end = (i..text.len()).find(|&j| !text[j].is_alphanumeric()).unwrap_or(text.len());
        let matched = codes.iter().find(|code| {
            let len = code.chars().count();
            text.len() >= i + len
                && text[i..i + len].iter().copied().eq(code.chars())
                && text.get(i + len).is_none_or(|c| c.is_ascii_digit() || c.is_whitespace())
        });
        let Some(code) = matched else {
            let word: String = text[i..word_end.max(i + 1)].iter().collect();
            problems.push(Text::new(Key::QuickUnknown).arg("code", clip(&word)));
            i = word_end.max(i + 1);
            continue;
        };
        i += code.chars().count();
        while i < text.len() && text[i].is_whitespace() {
            i += 1;
        }
        let digits: String = text[i..].iter().take_while(|c| c.is_ascii_digit()).collect();
        i += digits.chars().count();
        let touching_letters = text.get(i).is_some_and(|c| c.is_alphabetic()) && !digits.is_empty();
        match digits.parse::<i64>() {
            Ok(_) if touching_letters => {
                // "S45X": the number runs into letters; report the whole word.
                let end = (i..text.len()).find(|&j| !text[j].is_alphanumeric()).unwrap_or(text.len());
                let word: String = text[i - digits.len()..end].iter().collect();
                problems.push(Text::new(Key::QuickBadNumber).arg("code", *code).arg("text", clip(&word)));
                i = end;
            }
            Ok(value) if values.insert(code.to_string(), value).is_some() => {
                problems.push(Text::new(Key::QuickRepeated).arg("code", *code));
            }
            Ok(_) => {}
            Err(_) if digits.is_empty() => problems.push(Text::new(Key::QuickNoNumber).arg("code", *code)),
            Err(_) => problems.push(Text::new(Key::QuickBadNumber).arg("code", *code).arg("text", clip(&digits))),
        }
    }
    Parsed { periode, values, problems }
}

fn clip(text: &str) -> String {
    let short: String = text.chars().take(12).collect();
    if short.chars().count() < text.chars().count() { format!("{short}…") } else { short }
}

/// The codes a kader can type, section by section ("S K D … | BUMIL …").
fn codes_list(form: &Form) -> String {
    let section = |s: &Section| s.fields_any().map(|i| i.code.as_str()).collect::<Vec<_>>().join(" ");
    form.sections.iter().map(section).collect::<Vec<_>>().join(" | ")
}

/// `lapor …` from a kader of `targets`.
pub fn start(conversation: Conversation, line: &str, targets: &[Target], ctx: &Context) -> Step {
    let current = Periode::containing(ctx.now, targets[0].time_zone());
    let parsed = parse(line, ctx.form(&targets[0].region), current);
    if parsed.values.is_empty() && parsed.problems.is_empty() {
        return problems(conversation, vec![Text::new(Key::QuickEmpty)], ctx);
    }
    let quick = Quick { periode: parsed.periode, values: parsed.values };
    match targets {
        // One posyandu: the month is known, so every problem is named at once.
        [target] => {
            let mut lines = parsed.problems;
            lines.extend(checks(&quick, target, ctx));
            if lines.is_empty() {
                summary(conversation, quick, target.clone(), ctx)
            } else {
                problems(conversation, lines, ctx)
            }
        }
        _ if !parsed.problems.is_empty() => problems(conversation, parsed.problems, ctx),
        _ => to(conversation, ReportFlow::PickPosyandu { quick: Some(quick) }).reprompt(ctx),
    }
}

/// How many problems a reply names; the rest are counted.
const PROBLEMS_SHOWN: usize = 5;

/// The line cannot be used: say why (the first [`PROBLEMS_SHOWN`] problems
/// and how many more), and carry on with whatever the chat was doing, so
/// nothing entered before is lost.
fn problems(conversation: Conversation, mut lines: Vec<Text>, ctx: &Context) -> Step {
    if lines.len() > PROBLEMS_SHOWN {
        let more = lines.len() - PROBLEMS_SHOWN;
        lines.truncate(PROBLEMS_SHOWN);
        lines.push(Text::new(Key::QuickMore).arg("count", more as i64));
    }
    let form = match &ctx.person {
        Some(person) => kader_targets(person).first().map(|t| ctx.form(&t.region)),
        None => None,
    };
    let codes = codes_list(form.unwrap_or(&ctx.forms.default));
    let text = Text::new(Key::QuickProblems).arg("problems", lines).arg("codes", codes);
    Step::to(conversation).reply(text).reprompt(ctx)
}

/// The posyandu of a line sent by a kader of several: check, then summary.
pub fn with_target(conversation: Conversation, quick: Quick, target: Target, ctx: &Context) -> Step {
    let lines = checks(&quick, &target, ctx);
    if !lines.is_empty() {
        let idle = Conversation { flow: Flow::Idle, ..conversation };
        return problems(idle, lines, ctx);
    }
    summary(conversation, quick, target, ctx)
}

/// The month the line is for, for this posyandu.
fn periode_for(quick: &Quick, target: &Target, ctx: &Context) -> Periode {
    quick.periode.unwrap_or_else(|| default_periode(target, ctx.now, ctx.settings.default_previous))
}

/// What is wrong with the values for the posyandu's month: a month out of
/// reach, codes of sections it does not serve or not asked that month,
/// missing codes of the sections touched, bounds, hard rules.
fn checks(quick: &Quick, target: &Target, ctx: &Context) -> Vec<Text> {
    let periode = periode_for(quick, target, ctx);
    let current = Periode::containing(ctx.now, target.time_zone());
    if periode > current {
        return vec![Text::new(Key::ReportPeriodeFuture)];
    }
    if periode.months_until(current) > 12 {
        return vec![Text::new(Key::ReportPeriodeTooOld)];
    }
    let form = ctx.form(&target.region);
    let lookup = ctx.reports(target.id, periode);
    let served = sections::served(target, &lookup, ctx);
    let mut lines = Vec::new();
    for code in quick.values.keys() {
        let line = match form.section_of(code) {
            None => Text::new(Key::QuickUnknown).arg("code", code.as_str()),
            Some(s) if !served.iter().any(|x| x.code == s.code) => {
                Text::new(Key::QuickNotServed).arg("code", code.as_str()).arg("section", s.name.text())
            }
            Some(s) if !s.fields(periode.month()).iter().any(|i| &i.code == code) => {
                Text::new(Key::QuickNotThisMonth).arg("code", code.as_str()).arg("periode", periode_text(periode))
            }
            Some(_) => continue,
        };
        lines.push(line);
    }
    for section in sections::touched(form, &quick.values) {
        let values = sections::of_section(section, &quick.values);
        let fields = section.fields(periode.month());
        let missing: Vec<&str> =
            fields.iter().filter(|i| i.required && !values.contains_key(&i.code)).map(|i| i.code.as_str()).collect();
        if !missing.is_empty() {
            lines.push(Text::new(Key::QuickMissing).arg("codes", missing.join(", ")));
        }
        lines.extend(refusals(section, &values, None).into_iter().map(|refusal| match refusal {
            Refusal::OutOfBounds { code, value, min, max } => {
                Text::new(Key::QuickOutOfRange).arg("code", code).arg("value", value).arg("min", min).arg("max", max)
            }
            Refusal::Rule(rule) => Text::new(Key::QuickRule).arg("comparison", comparison(rule, &values)),
        }));
    }
    lines
}

/// The checked values as a draft of their first section at its summary
/// (a correction when that section is already reported).
fn summary(conversation: Conversation, quick: Quick, target: Target, ctx: &Context) -> Step {
    let periode = periode_for(&quick, &target, ctx);
    let lookup = ctx.reports(target.id, periode);
    match sections::draft_for(target, periode, quick.values, &lookup, ctx) {
        Some(draft) => to(conversation, ReportFlow::Summary { draft }).reprompt(ctx),
        None => problems(conversation, vec![Text::new(Key::QuickEmpty)], ctx),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> Parsed {
        parse(line, &Form::shipped(), Periode::new(2026, 11).unwrap())
    }

    #[test]
    fn reads_codes_in_many_spellings() {
        let p = read("S45 k=43 D 40, n:32 T5 O1 B2 BGM1 2t0");
        assert!(p.problems.is_empty());
        let expected: BTreeMap<String, i64> =
            [("S", 45), ("K", 43), ("D", 40), ("N", 32), ("T", 5), ("O", 1), ("B", 2), ("BGM", 1), ("2T", 0)]
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect();
        assert_eq!(p.values, expected);
        assert_eq!(p.periode, None);
        assert_eq!(read("okt S45").periode, Periode::new(2026, 10));
        assert_eq!(read("10/2026 S45").values.get("S"), Some(&45));
    }

    #[test]
    fn names_every_problem() {
        let p = read("S45 X3 K D4a S46");
        let keys: Vec<_> = p.problems.iter().map(|t| t.key.clone()).collect();
        assert_eq!(keys, [Key::QuickUnknown, Key::QuickNoNumber, Key::QuickBadNumber, Key::QuickRepeated]);
    }
}
