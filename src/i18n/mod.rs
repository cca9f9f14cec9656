//! Localised text. Every user-visible sentence lives in `locales/<lang>/*.ftl`
//! (Fluent); code refers to it only through a [`Key`] plus arguments ([`Text`]).
//!
//! A [`Text`] is data (serde), so a message can be stored now and rendered
//! later in the recipient's language.
//!
//! fluent-templates embeds the files at compile time, so a running bot needs
//! no locale files on disk, and the tests below check that both languages
//! define exactly the keys the code uses, with the same arguments.

mod keys;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use chrono::{DateTime, Datelike, Timelike, Utc, Weekday};
use chrono_tz::Tz;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};
use serde::{Deserialize, Serialize};

pub use keys::{Key, MONTHS};

use crate::domain::lang::{Lang, Words};
use crate::domain::skdn;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "id",
        // No Unicode isolation marks around arguments: they show up as
        // boxes on old phones and break exact-text comparisons.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

const ID: LanguageIdentifier = langid!("id");
const EN: LanguageIdentifier = langid!("en");

/// The Fluent sources, also read for [`defined`].
const SOURCES: [(&str, &[&str]); 2] = [
    ("id", &[include_str!("../../locales/id/main.ftl"), include_str!("../../locales/id/form.ftl")]),
    ("en", &[include_str!("../../locales/en/main.ftl"), include_str!("../../locales/en/form.ftl")]),
];

/// The message ids each language defines.
static DEFINED: LazyLock<Vec<HashSet<String>>> =
    LazyLock::new(|| SOURCES.iter().map(|(_, files)| files.iter().flat_map(|f| message_ids(f)).collect()).collect());

/// True when both languages define the message `id` (used to check forms).
pub fn defined(id: &str) -> bool {
    DEFINED.iter().all(|ids| ids.contains(id))
}

/// The ids of the messages in one Fluent file.
fn message_ids(source: &str) -> impl Iterator<Item = String> + '_ {
    source
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_owned()))
}

/// Which message: one the code names, or one a data file (the form) names.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum MessageId {
    Key(Key),
    Named(String),
    /// Words a data file gives in both languages (a form pack's labels).
    Words(Words),
}

impl PartialEq<Key> for MessageId {
    fn eq(&self, other: &Key) -> bool {
        matches!(self, MessageId::Key(k) if k == other)
    }
}

/// A message to show: a locale key and its arguments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Text {
    pub key: MessageId,
    pub args: Vec<(Cow<'static, str>, Arg)>,
}

/// An argument of a [`Text`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Arg {
    Str(String),
    Int(i64),
    /// Another message, rendered in the same language first.
    Text(Box<Text>),
    /// Several messages, rendered and put one per line.
    Lines(Vec<Text>),
    /// Several messages, rendered and separated by commas.
    Join(Vec<Text>),
    /// A moment, shown in the reader's time zone ("Sabtu, 12 Desember 2026
    /// pukul 09.00 WITA"), so one stored message reads right in WIB and WITA.
    Moment(DateTime<Utc>),
    /// A count with the reader's thousands separator: 12.345 / 12,345.
    Count(i64),
    /// A fraction as a percentage in the reader's way ("83 %", "0,4 %" /
    /// "83%", "0.4%"); `None` (a zero denominator) is a dash.
    Percent(Option<f64>),
    /// A percentage beside a target (both fractions): one decimal where a
    /// whole number would hide which side of the target it is on ("79,8 %"
    /// against 80 %), see [`crate::domain::skdn::shown`].
    PercentNear(Option<f64>, f64),
}

/// Who reads a text: their language and time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reader {
    pub lang: Lang,
    pub tz: Tz,
}

impl Reader {
    pub fn new(lang: Lang, tz: Tz) -> Reader {
        Reader { lang, tz }
    }
}

impl Text {
    pub fn new(key: Key) -> Text {
        Text { key: MessageId::Key(key), args: Vec::new() }
    }

    /// A message named by data, such as an indicator's label in the form.
    pub fn named(id: &str) -> Text {
        Text { key: MessageId::Named(id.to_owned()), args: Vec::new() }
    }

    /// Words a data file gives in both languages.
    pub fn words(words: &Words) -> Text {
        Text { key: MessageId::Words(words.clone()), args: Vec::new() }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Text {
        self.args.push((Cow::Borrowed(name), value.into()));
        self
    }

    /// Renders this message in `lang` (moments in WIB; see [`Text::render_for`]).
    pub fn render(&self, lang: Lang) -> String {
        self.render_for(Reader::new(lang, Tz::Asia__Jakarta))
    }

    /// Renders this message for `reader`: their language, moments in their zone.
    pub fn render_for(&self, reader: Reader) -> String {
        let lang = reader.lang;
        let id = match lang {
            Lang::Id => &ID,
            Lang::En => &EN,
        };
        let args: HashMap<Cow<'static, str>, FluentValue> = self
            .args
            .iter()
            .map(|(name, value)| {
                let value: FluentValue = match value {
                    Arg::Str(s) => s.clone().into(),
                    Arg::Int(n) => (*n).into(),
                    Arg::Text(t) => t.render_for(reader).into(),
                    Arg::Lines(lines) => {
                        lines.iter().map(|t| t.render_for(reader)).collect::<Vec<_>>().join("\n").into()
                    }
                    Arg::Join(items) => {
                        items.iter().map(|t| t.render_for(reader)).collect::<Vec<_>>().join(", ").into()
                    }
                    Arg::Moment(at) => show_moment(*at, reader.tz).render_for(reader).into(),
                    Arg::Count(n) => count(*n, lang).into(),
                    Arg::Percent(fraction) => skdn::percent(*fraction, None, lang).into(),
                    Arg::PercentNear(fraction, target) => skdn::percent(*fraction, Some(*target), lang).into(),
                };
                (name.clone(), value)
            })
            .collect();
        let key = match &self.key {
            MessageId::Key(key) => key.id(),
            MessageId::Named(name) => name.as_str(),
            MessageId::Words(words) => return words.get(lang).to_owned(),
        };
        LOCALES.lookup_with_args(id, key, &args)
    }
}

/// "Sabtu, 12 Desember 2026 pukul 09.00 WITA": `at` as read in `tz`.
pub fn show_moment(at: DateTime<Utc>, tz: Tz) -> Text {
    let local = at.with_timezone(&tz);
    Text::new(Key::WhenShow)
        .arg("weekday", Text::new(weekday_key(local.weekday())))
        .arg("day", i64::from(local.day()))
        .arg("month", Text::new(MONTHS[local.month0() as usize]))
        .arg("year", i64::from(local.year()))
        .arg("hour", format!("{:02}", local.hour()))
        .arg("minute", format!("{:02}", local.minute()))
        .arg("zone", zone_name(local))
}

pub fn weekday_key(day: Weekday) -> Key {
    match day {
        Weekday::Mon => Key::Weekday1,
        Weekday::Tue => Key::Weekday2,
        Weekday::Wed => Key::Weekday3,
        Weekday::Thu => Key::Weekday4,
        Weekday::Fri => Key::Weekday5,
        Weekday::Sat => Key::Weekday6,
        Weekday::Sun => Key::Weekday7,
    }
}

/// WIB, WITA or WIT for Indonesia's zones; the zone's own abbreviation
/// (or offset) elsewhere.
pub fn zone_name(local: DateTime<Tz>) -> String {
    match local.timezone() {
        Tz::Asia__Jakarta | Tz::Asia__Pontianak => "WIB".to_owned(),
        Tz::Asia__Makassar => "WITA".to_owned(),
        Tz::Asia__Jayapura => "WIT".to_owned(),
        _ => local.format("%Z").to_string(),
    }
}

/// `n` with `lang`'s thousands separator.
fn count(n: i64, lang: Lang) -> String {
    let separator = match lang {
        Lang::Id => '.',
        Lang::En => ',',
    };
    let digits = n.unsigned_abs().to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        grouped.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(separator);
        }
        grouped.push(digit);
    }
    grouped
}

impl From<Key> for Text {
    fn from(key: Key) -> Text {
        Text::new(key)
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Str(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Str(s.to_owned())
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Int(n)
    }
}

impl From<Text> for Arg {
    fn from(t: Text) -> Arg {
        Arg::Text(Box::new(t))
    }
}

impl From<DateTime<Utc>> for Arg {
    fn from(at: DateTime<Utc>) -> Arg {
        Arg::Moment(at)
    }
}

impl From<Vec<Text>> for Arg {
    fn from(lines: Vec<Text>) -> Arg {
        Arg::Lines(lines)
    }
}

/// Shorthand for rendering a bare key.
pub fn t(lang: Lang, key: Key) -> String {
    Text::new(key).render(lang)
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use strum::IntoEnumIterator;

    use super::*;

    /// Message ids and the variables each uses, in one language.
    fn messages(lang: &str) -> BTreeMap<String, BTreeSet<String>> {
        let (_, files) = SOURCES.iter().find(|(l, _)| *l == lang).unwrap();
        let dir = format!("{}/locales/{lang}", env!("CARGO_MANIFEST_DIR"));
        assert_eq!(std::fs::read_dir(dir).unwrap().count(), files.len(), "every .ftl file is in SOURCES");
        let mut found = BTreeMap::new();
        let mut current: Option<String> = None;
        for line in files.iter().flat_map(|f| f.lines()) {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if !line.starts_with(' ') {
                let (id, _) = line.split_once('=').expect("message line has =");
                let id = id.trim().to_owned();
                assert!(found.insert(id.clone(), BTreeSet::new()).is_none(), "{id} twice in {lang}");
                current = Some(id);
            }
            let vars = found.get_mut(current.as_ref().unwrap()).unwrap();
            for part in line.split("{ $").skip(1) {
                let var: String = part.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                vars.insert(var);
            }
        }
        found
    }

    #[test]
    fn both_languages_define_every_key_with_the_same_arguments() {
        let id = messages("id");
        let en = messages("en");
        assert_eq!(id.keys().collect::<Vec<_>>(), en.keys().collect::<Vec<_>>(), "id and en differ");
        for (key, vars) in &id {
            assert_eq!(vars, &en[key], "arguments of {key} differ between id and en");
        }
        // The older one-section form files name the keys of form.ftl.
        let legacy = crate::domain::form::Form::parse(include_str!("../../forms/laporan-bulanan.toml")).unwrap();
        let mut used: BTreeSet<String> = Key::iter().map(|k| k.id().to_owned()).collect();
        used.extend(legacy.locale_keys().into_iter().map(str::to_owned));
        let defined: BTreeSet<String> = id.keys().cloned().collect();
        let missing: Vec<_> = used.difference(&defined).collect();
        let unused: Vec<_> = defined.difference(&used).collect();
        assert!(missing.is_empty(), "keys used in code but not in locales: {missing:?}");
        assert!(unused.is_empty(), "keys in locales that no code uses: {unused:?}");
    }

    #[test]
    fn renders_arguments_without_isolation_marks() {
        let text = Text::new(Key::InviteNotFound).arg("code", "ABCD-EFGH");
        let id = text.render(Lang::Id);
        assert!(id.contains("ABCD-EFGH") && !id.contains('\u{2068}'), "{id}");
        assert_ne!(id, text.render(Lang::En));
    }

    #[test]
    fn counts_and_percentages_read_the_way_each_language_writes_them() {
        assert_eq!(count(12_345, Lang::Id), "12.345");
        assert_eq!(count(1_234_567, Lang::En), "1,234,567");
        assert_eq!(count(999, Lang::Id), "999");
        assert_eq!(count(-4_500, Lang::Id), "-4.500");
        assert_eq!(skdn::percent(Some(0.834), None, Lang::Id), "83 %");
        assert_eq!(skdn::percent(Some(0.834), None, Lang::En), "83%");
        assert_eq!(skdn::percent(Some(0.0042), None, Lang::Id), "0,4 %");
        assert_eq!(skdn::percent(Some(1.0), None, Lang::En), "100%");
        assert_eq!(skdn::percent(None, None, Lang::Id), "–");
        assert_eq!(skdn::percent(Some(f64::NAN), None, Lang::En), "–");
    }
}
