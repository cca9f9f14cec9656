//! The monthly form as data: a pack of sections (balita, ibu hamil,
//! remaja, dewasa and lansia, visitors and staff), each with its
//! indicators, rules and workbook sheet, and the region codes it is for.
//!
//! The shipped pack is `forms/ilp.toml`; a deployment may use its own
//! (setting `REPORT_FORM`) or several, one per province or kabupaten
//! (`REPORT_FORMS`, see [`packs`]). A one-section file in the older format
//! (`forms/laporan-bulanan.toml`: indicators at the top, labels as locale
//! keys) still reads, as a pack whose one section is the balita block. A
//! pack is checked when loaded: codes unique across the pack, sane bounds,
//! at least one indicator in every month, rules over known codes of their
//! own section, locale keys present. Whatever passes cannot make the
//! dialogue panic.

pub mod packs;
mod section;

use std::collections::HashSet;
use std::sync::{Arc, LazyLock};

use serde::Deserialize;

pub use section::{
    BALITA, Figure, FormRule, Indicator, Jump, Label, MAX_COUNT, Section, Stage, parse_stages, stages_text,
};

use super::expr::Rule;
use super::lang::Words;
use section::check_indicator;

const SHIPPED: &str = include_str!("../../../forms/ilp.toml");

static DEFAULT: LazyLock<Arc<Form>> =
    LazyLock::new(|| Arc::new(Form::parse(SHIPPED).expect("the shipped form is valid (tested)")));

/// A form pack: the sections a posyandu reports each month.
#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    pub version: String,
    /// Region code prefixes this pack is for; empty for everywhere.
    pub regions: Vec<String>,
    pub sections: Vec<Section>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    version: String,
    #[serde(default)]
    regions: Vec<String>,
    jump: Jump,
    section: Vec<SectionFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionFile {
    code: String,
    name: Words,
    sheet: Words,
    serves: Stage,
    indicator: Vec<Indicator>,
    #[serde(default)]
    rule: Vec<RuleFile>,
    /// The pack's jump unless the section sets its own.
    jump: Option<Jump>,
    #[serde(default)]
    figure: Vec<Figure>,
}

/// The older one-section file: the balita block alone.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LegacyFile {
    version: String,
    jump: Jump,
    indicator: Vec<Indicator>,
    #[serde(default)]
    rule: Vec<RuleFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    check: String,
    hard: bool,
    explain: Option<Label>,
}

impl Form {
    /// The pack shipped with the program.
    pub fn shipped() -> Arc<Form> {
        DEFAULT.clone()
    }

    /// Reads and checks a form pack, or an older one-section form (TOML).
    pub fn parse(text: &str) -> anyhow::Result<Form> {
        let value: toml::Table = toml::from_str(text)?;
        let form = if value.contains_key("section") { Form::from_pack(toml::from_str(text)?)? } else { legacy(text)? };
        form.check()?;
        Ok(form)
    }

    fn from_pack(file: PackFile) -> anyhow::Result<Form> {
        let mut sections = Vec::new();
        for s in file.section {
            anyhow::ensure!(
                !s.code.is_empty() && s.code.len() <= 12 && s.code.chars().all(|c| c.is_ascii_lowercase()),
                "section code {:?} must be 1 to 12 small letters",
                s.code
            );
            for ind in &s.indicator {
                anyhow::ensure!(
                    !ind.code.ends_with(|c: char| c.is_ascii_digit()),
                    "indicator code {} must not end with a digit (in a quick report {}12 would be unclear)",
                    ind.code,
                    ind.code
                );
            }
            let rules = rules(s.rule)?;
            let jump = s.jump.unwrap_or(file.jump);
            sections.push(Section {
                code: s.code,
                name: Label::Words(s.name),
                sheet: Label::Words(s.sheet),
                serves: s.serves,
                indicators: s.indicator,
                rules,
                jump,
                figures: s.figure,
            });
        }
        let regions = file.regions.into_iter().filter(|r| r != "*").collect();
        Ok(Form { version: file.version, regions, sections })
    }

    /// Everything a loaded pack must hold to.
    fn check(&self) -> anyhow::Result<()> {
        anyhow::ensure!(!self.sections.is_empty(), "the form has no section");
        let mut codes = HashSet::new();
        let mut section_codes = HashSet::new();
        for section in &self.sections {
            anyhow::ensure!(section_codes.insert(&section.code), "section {} appears twice", section.code);
            for ind in &section.indicators {
                check_indicator(ind)?;
                anyhow::ensure!(codes.insert(ind.code.as_str()), "indicator {} appears twice", ind.code);
            }
            for figure in &section.figures {
                for code in std::iter::once(&figure.part).chain(&figure.of) {
                    anyhow::ensure!(
                        section.indicator(code).is_some(),
                        "figure {} of section {} uses unknown code {code}",
                        figure.part,
                        section.code
                    );
                }
            }
            for rule in &section.rules {
                for code in rule.check.codes() {
                    anyhow::ensure!(
                        section.fields_any().any(|i| i.code == code),
                        "rule {:?} uses unknown code {code} (rules read codes asked in their own section)",
                        rule.text
                    );
                }
            }
        }
        for region in &self.regions {
            anyhow::ensure!(
                !region.is_empty() && region.chars().all(|c| c.is_ascii_digit() || c == '.'),
                "region {region:?} must be a region code such as 33 or 33.01"
            );
        }
        self.check_months()?;
        let missing: Vec<&str> = self.locale_keys().into_iter().filter(|k| !crate::i18n::defined(k)).collect();
        anyhow::ensure!(missing.is_empty(), "form uses locale keys missing from locales/: {missing:?}");
        Ok(())
    }

    /// Every month asks at least one indicator of every section: the
    /// dialogue starts a section at the month's first question.
    fn check_months(&self) -> anyhow::Result<()> {
        for section in &self.sections {
            let empty: Vec<u32> = (1..=12).filter(|m| section.fields(*m).is_empty()).collect();
            anyhow::ensure!(
                empty.is_empty(),
                "no indicator is asked in month(s) {empty:?}; every month needs at least one (section {})",
                section.code
            );
        }
        Ok(())
    }

    /// The same pack with `code` asked only in `months` (1–12): a
    /// deployment's campaign months (setting `REPORT_MONTHS`), such as
    /// vitamin A in October instead of August. The version records it, so a
    /// stored report shows which months its form asked in.
    pub fn with_months(&self, code: &str, months: &[u32]) -> anyhow::Result<Form> {
        anyhow::ensure!(!months.is_empty() && months.iter().all(|m| (1..=12).contains(m)), "months are 1 to 12");
        let mut form = self.clone();
        let indicator = form
            .sections
            .iter_mut()
            .flat_map(|s| s.indicators.iter_mut())
            .find(|i| i.code == code)
            .ok_or_else(|| anyhow::anyhow!("the form has no indicator {code}"))?;
        let mut months = months.to_vec();
        months.sort_unstable();
        months.dedup();
        let list: Vec<String> = months.iter().map(u32::to_string).collect();
        form.version = format!("{}+{code}={}", form.version, list.join(","));
        indicator.months = Some(months);
        form.check_months()?;
        Ok(form)
    }

    /// Every locale key the pack refers to.
    pub fn locale_keys(&self) -> Vec<&str> {
        fn key(label: &Label) -> Option<&str> {
            match label {
                Label::Key(key) => Some(key.as_str()),
                Label::Words(_) => None,
            }
        }
        let mut keys = Vec::new();
        for section in &self.sections {
            keys.extend([&section.name, &section.sheet].into_iter().filter_map(key));
            keys.extend(section.indicators.iter().flat_map(|i| [&i.label, &i.help]).filter_map(key));
            keys.extend(section.rules.iter().filter_map(|r| r.explain.as_ref()).filter_map(key));
        }
        keys
    }

    pub fn section(&self, code: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.code == code)
    }

    /// The section `code`, or the first one when this pack has no such
    /// section (a draft begun under a pack since replaced).
    pub fn section_or_first(&self, code: &str) -> &Section {
        self.section(code).unwrap_or(&self.sections[0])
    }

    /// The section that holds indicator `code`.
    pub fn section_of(&self, code: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.indicator(code).is_some())
    }

    /// The sections a posyandu serving `stages` reports (`None`: every
    /// stage); the visitors and staff always.
    pub fn served<'a>(&'a self, stages: Option<&'a [Stage]>) -> impl Iterator<Item = &'a Section> + 'a {
        self.sections
            .iter()
            .filter(move |s| s.serves == Stage::Kunjungan || stages.is_none_or(|stages| stages.contains(&s.serves)))
    }
}

impl Section {
    /// Every indicator that may be asked, in any month.
    pub fn fields_any(&self) -> impl Iterator<Item = &Indicator> {
        self.indicators.iter().filter(|i| i.asked)
    }
}

fn rules(files: Vec<RuleFile>) -> anyhow::Result<Vec<FormRule>> {
    files
        .into_iter()
        .map(|rule| {
            let check = Rule::parse(&rule.check)?;
            Ok(FormRule { check, text: rule.check, hard: rule.hard, explain: rule.explain })
        })
        .collect()
}

/// An older one-section form: the balita block.
fn legacy(text: &str) -> anyhow::Result<Form> {
    let file: LegacyFile = toml::from_str(text)?;
    let section = Section {
        code: BALITA.to_owned(),
        name: Label::Key("section-balita".to_owned()),
        sheet: Label::Key("section-balita-sheet".to_owned()),
        serves: Stage::Balita,
        indicators: file.indicator,
        rules: rules(file.rule)?,
        jump: file.jump,
        figures: Vec::new(),
    };
    Ok(Form { version: file.version, regions: Vec::new(), sections: vec![section] })
}

#[cfg(test)]
mod tests;
