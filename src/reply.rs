//! What the dialogue core says back: channel-neutral messages with buttons.
//!
//! A button carries a [`Tap`], whose wire form ([`Tap::data`]) is a short
//! stable id (Telegram allows 64 bytes of callback data; WhatsApp 200–256).
//! Replies are data (serde): they can be stored and sent later, and rendered
//! then in the recipient's language.

use serde::{Deserialize, Serialize};

use crate::domain::lang::Lang;
use crate::domain::meeting::{Answer, Invitee, MeetingKind};
use crate::domain::periode::Periode;
use crate::domain::region::RegionCode;
use crate::domain::role::OfficialRole;
use crate::domain::schedule::Subscription;
use crate::i18n::{Key, Text};

/// One message to the user.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    pub text: Text,
    /// Rows of buttons, shown under the message.
    pub buttons: Vec<Vec<Button>>,
    /// A file sent with it (the text is its caption then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment: Option<Attachment>,
    /// The platform's id of an earlier message of this chat that this
    /// reply replaces (its text and buttons), instead of a new message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edits: Option<String>,
}

/// A file sent with a reply: a meeting's calendar entry (.ics), a chart, a
/// spreadsheet. Stored in the outbox as base64.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub file_name: String,
    /// A picture (a chart) is shown in the chat; anything else is a document.
    #[serde(default)]
    pub picture: bool,
    #[serde(with = "base64_bytes")]
    pub content: Vec<u8>,
}

impl Attachment {
    /// A document of text, such as a calendar file.
    pub fn text(file_name: impl Into<String>, content: String) -> Attachment {
        Attachment { file_name: file_name.into(), picture: false, content: content.into_bytes() }
    }

    /// A document, such as a spreadsheet.
    pub fn document(file_name: impl Into<String>, content: Vec<u8>) -> Attachment {
        Attachment { file_name: file_name.into(), picture: false, content }
    }

    /// A picture (PNG), such as a chart.
    pub fn picture(file_name: impl Into<String>, content: Vec<u8>) -> Attachment {
        Attachment { file_name: file_name.into(), picture: true, content }
    }
}

/// Bytes as a base64 string in JSON.
mod base64_bytes {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        STANDARD.decode(text).map_err(serde::de::Error::custom)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Button {
    pub label: Text,
    pub tap: Tap,
}

/// What pressing a button means. Buttons that act on one report field carry
/// its code, so an old button never changes another field. Stored as its
/// wire form ([`Tap::data`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Tap {
    Lang(Lang),
    NameOk,
    NameChange,
    Cancel,
    Posyandu(i64),
    Periode(Periode),
    /// The section of the month to report (its code in the form pack).
    Section(String),
    /// Same value as last month for this field.
    Same(String),
    Skip(String),
    /// Skip this optional field and the optional ones right after it.
    SkipRest(String),
    Back(String),
    /// "Ya, sudah benar" on a warning about this field.
    Confirm(String),
    /// "Ubah" on a warning about this field.
    Fix(String),
    Send,
    Edit,
    /// Change this field (from the summary).
    Field(String),
    ToSummary,
    /// Correct the saved report.
    Correct,
    /// Send my version as a correction after someone else sent theirs.
    Mine,
    Resume,
    Restart,
    /// "Lapor bulanan": start the monthly report, as `/lapor` does.
    Report,
    /// An invitee's answer to a meeting invitation.
    Rsvp(i64, Answer),
    /// The meeting wizard: organize as this official role of this region.
    Organizer(OfficialRole, RegionCode),
    /// The meeting wizard: the kind of meeting.
    Kind(MeetingKind),
    /// The meeting wizard: invite this region (checked against the organizer's scope).
    Area(RegionCode),
    /// The meeting wizard: this page of the regions one level down.
    AreaPage(u16),
    /// The meeting wizard: invite (or no longer invite) this role.
    Invitee(Invitee),
    /// "Lanjut": go on to the next question.
    Next,
    /// `/rapat`: set up a new meeting.
    NewMeeting,
    /// The organizer: change this meeting's time or place.
    ChangeMeeting(i64),
    /// The organizer: cancel this meeting.
    CancelMeeting(i64),
    /// The organizer: who of this meeting's invitees has not answered or
    /// could not be reached.
    Unreached(i64),
    /// The organizer: that list from this offset on, in place.
    UnreachedPage(i64, i64),
    /// The organizer: record who came to this meeting.
    Attendance(i64),
    /// The organizer: the attendance list from this offset on, in place.
    AttendancePage(i64, i64),
    /// The organizer: this person (on the page at this offset) did or did not come.
    Came(i64, i64, i64),
    /// `/rekap`: the digest of this area and month.
    Digest(RegionCode, Periode),
    /// `/rekap`: the ranking of this area's child areas for the month, from this offset on.
    DigestRanking(RegionCode, Periode, i64),
    /// `/strata`: the Pratama posyandu of the year (the one that has not
    /// ended if it is the current one), from this offset on.
    StrataPratama(i32, i64),
    /// `/rekap`: the posyandu of this area not yet reported for the month, from this offset on.
    DigestMissing(RegionCode, Periode, i64),
    /// `/rekap` and `/unduh`: the workbook of this area for the months from
    /// the first to the second.
    Download(RegionCode, Periode, Periode),
    /// `/langganan`: turn this scheduled digest on (true) or off.
    Subscribe(Subscription, bool),
    /// `/hubungkan`: send what the bot starts to the account on this app.
    Announce(String),
    /// `/hubungkan`: take this chat's account out of the person.
    Unlink,
}

impl Reply {
    pub fn new(text: impl Into<Text>) -> Reply {
        Reply { text: text.into(), buttons: Vec::new(), attachment: None, edits: None }
    }

    /// Makes this reply replace message `message` (a platform id) instead
    /// of coming as a new one.
    pub fn editing(mut self, message: impl Into<String>) -> Reply {
        self.edits = Some(message.into());
        self
    }

    /// Sends `attachment` with this reply as its caption.
    pub fn attach(mut self, attachment: Attachment) -> Reply {
        self.attachment = Some(attachment);
        self
    }

    /// Adds a row of buttons.
    pub fn row(mut self, buttons: impl IntoIterator<Item = Button>) -> Reply {
        self.buttons.push(buttons.into_iter().collect());
        self
    }
}

impl Button {
    pub fn new(label: impl Into<Text>, tap: Tap) -> Button {
        Button { label: label.into(), tap }
    }
}

impl Tap {
    /// The stable id sent with the button and returned when it is pressed.
    pub fn data(&self) -> String {
        match self {
            Tap::Lang(lang) => format!("lang:{}", lang.tag()),
            Tap::NameOk => "name:ok".into(),
            Tap::NameChange => "name:edit".into(),
            Tap::Cancel => "cancel".into(),
            Tap::Posyandu(id) => format!("pos:{id}"),
            Tap::Periode(p) => format!("per:{p}"),
            Tap::Same(code) => format!("same:{code}"),
            Tap::Skip(code) => format!("skip:{code}"),
            Tap::SkipRest(code) => format!("skipr:{code}"),
            Tap::Back(code) => format!("back:{code}"),
            Tap::Confirm(code) => format!("ok:{code}"),
            Tap::Fix(code) => format!("fix:{code}"),
            Tap::Send => "send".into(),
            Tap::Edit => "edit".into(),
            Tap::Field(code) => format!("fld:{code}"),
            Tap::Section(code) => format!("sec:{code}"),
            Tap::ToSummary => "summary".into(),
            Tap::Correct => "correct".into(),
            Tap::Mine => "mine".into(),
            Tap::Resume => "resume".into(),
            Tap::Restart => "restart".into(),
            Tap::Report => "lapor".into(),
            Tap::Rsvp(meeting, answer) => format!("rsvp:{meeting}:{}", answer.letter()),
            Tap::Organizer(role, region) => format!("morg:{}:{region}", role.as_str()),
            Tap::Kind(kind) => format!("mkind:{}", kind.as_str()),
            Tap::Area(region) => format!("area:{region}"),
            Tap::AreaPage(page) => format!("apage:{page}"),
            Tap::Invitee(invitee) => format!("minv:{}", invitee.as_str()),
            Tap::Next => "next".into(),
            Tap::NewMeeting => "mnew".into(),
            Tap::ChangeMeeting(id) => format!("mchg:{id}"),
            Tap::CancelMeeting(id) => format!("mcan:{id}"),
            Tap::Unreached(id) => format!("mun:{id}"),
            Tap::UnreachedPage(id, offset) => format!("munp:{id}:{offset}"),
            Tap::Attendance(id) => format!("matt:{id}"),
            Tap::AttendancePage(id, offset) => format!("mattp:{id}:{offset}"),
            Tap::Came(id, person, offset) => format!("mcame:{id}:{person}:{offset}"),
            Tap::Digest(area, periode) => format!("rk:{area}:{periode}"),
            Tap::DigestMissing(area, periode, offset) => format!("rkm:{area}:{periode}:{offset}"),
            Tap::DigestRanking(area, periode, offset) => format!("rkr:{area}:{periode}:{offset}"),
            Tap::StrataPratama(year, offset) => format!("stp:{year}:{offset}"),
            Tap::Download(area, from, to) => format!("rkx:{area}:{from}:{to}"),
            Tap::Subscribe(kind, on) => format!("sub:{}:{}", kind.as_str(), u8::from(*on)),
            Tap::Announce(channel) => format!("ann:{channel}"),
            Tap::Unlink => "unlink".into(),
        }
    }

    /// Reads a button id back; `None` for anything this version does not know
    /// (an old button, or forged data).
    pub fn parse(data: &str) -> Option<Tap> {
        match data.split_once(':') {
            Some((prefix, rest)) => Tap::parse_report(prefix, rest)
                .or_else(|| Tap::parse_meeting(prefix, rest))
                .or_else(|| Tap::parse_digest(prefix, rest)),
            None => Tap::parse_word(data),
        }
    }

    /// Registration, the report and linking: `lang:id`, `skip:2T`, …
    fn parse_report(prefix: &str, rest: &str) -> Option<Tap> {
        let code = |c: &str| (!c.is_empty() && c.len() <= 16).then(|| c.to_owned());
        Some(match (prefix, rest) {
            ("lang", tag) => Tap::Lang(Lang::from_tag(tag)?),
            ("name", "ok") => Tap::NameOk,
            ("name", "edit") => Tap::NameChange,
            ("pos", id) => Tap::Posyandu(id.parse().ok()?),
            ("per", p) => Tap::Periode(Periode::try_from(p.to_owned()).ok()?),
            ("same", c) => Tap::Same(code(c)?),
            ("skip", c) => Tap::Skip(code(c)?),
            ("skipr", c) => Tap::SkipRest(code(c)?),
            ("back", c) => Tap::Back(code(c)?),
            ("ok", c) => Tap::Confirm(code(c)?),
            ("fix", c) => Tap::Fix(code(c)?),
            ("fld", c) => Tap::Field(code(c)?),
            ("sec", c) => Tap::Section(code(c)?),
            ("ann", c) => Tap::Announce(code(c)?),
            _ => return None,
        })
    }

    /// Meetings: the wizard, the organizer, the answers.
    fn parse_meeting(prefix: &str, rest: &str) -> Option<Tap> {
        Some(match (prefix, rest) {
            ("rsvp", rest) => {
                let (meeting, answer) = rest.split_once(':')?;
                Tap::Rsvp(meeting.parse().ok()?, Answer::from_letter(answer)?)
            }
            ("morg", rest) => {
                let (role, region) = rest.split_once(':')?;
                Tap::Organizer(role.parse().ok()?, RegionCode::parse(region).ok()?)
            }
            ("mkind", kind) => Tap::Kind(MeetingKind::from_name(kind)?),
            ("area", region) => Tap::Area(RegionCode::parse(region).ok()?),
            ("apage", page) => Tap::AreaPage(page.parse().ok()?),
            ("minv", invitee) => Tap::Invitee(Invitee::from_name(invitee)?),
            ("mchg", id) => Tap::ChangeMeeting(id.parse().ok()?),
            ("mcan", id) => Tap::CancelMeeting(id.parse().ok()?),
            ("mun", id) => Tap::Unreached(id.parse().ok()?),
            ("munp", rest) => {
                let (id, offset) = two_numbers(rest)?;
                Tap::UnreachedPage(id, offset)
            }
            ("matt", id) => Tap::Attendance(id.parse().ok()?),
            ("mattp", rest) => {
                let (id, offset) = two_numbers(rest)?;
                Tap::AttendancePage(id, offset)
            }
            ("mcame", rest) => {
                let (id, rest) = rest.split_once(':')?;
                let (person, offset) = two_numbers(rest)?;
                Tap::Came(id.parse().ok()?, person, offset)
            }
            _ => return None,
        })
    }

    /// Digests, strata, the workbook and subscriptions.
    fn parse_digest(prefix: &str, rest: &str) -> Option<Tap> {
        Some(match (prefix, rest) {
            ("rk", rest) => {
                let (area, periode) = rest.split_once(':')?;
                Tap::Digest(RegionCode::parse(area).ok()?, Periode::try_from(periode.to_owned()).ok()?)
            }
            ("rkx", rest) => {
                let (area, months) = rest.split_once(':')?;
                let month = |text: &str| Periode::try_from(text.to_owned()).ok();
                let (from, to) = match months.split_once(':') {
                    Some((from, to)) => (month(from)?, month(to)?),
                    // A button sent before months could be chosen: the twelve up to one.
                    None => (month(months)?.months_back(11), month(months)?),
                };
                Tap::Download(RegionCode::parse(area).ok()?, from, to)
            }
            (kind @ ("rkm" | "rkr"), rest) => {
                let (area, rest) = rest.split_once(':')?;
                let (periode, offset) = rest.split_once(':')?;
                let offset = offset.parse().ok().filter(|o: &i64| *o >= 0)?;
                let (area, periode) = (RegionCode::parse(area).ok()?, Periode::try_from(periode.to_owned()).ok()?);
                match kind {
                    "rkm" => Tap::DigestMissing(area, periode, offset),
                    _ => Tap::DigestRanking(area, periode, offset),
                }
            }
            ("stp", rest) => {
                let (year, offset) = two_numbers(rest)?;
                Tap::StrataPratama(i32::try_from(year).ok()?, offset)
            }
            ("sub", rest) => {
                let (kind, on) = rest.split_once(':')?;
                let on = match on {
                    "1" => true,
                    "0" => false,
                    _ => return None,
                };
                Tap::Subscribe(Subscription::from_name(kind)?, on)
            }
            _ => return None,
        })
    }

    /// The buttons without an argument.
    fn parse_word(data: &str) -> Option<Tap> {
        Some(match data {
            "cancel" => Tap::Cancel,
            "send" => Tap::Send,
            "edit" => Tap::Edit,
            "summary" => Tap::ToSummary,
            "correct" => Tap::Correct,
            "mine" => Tap::Mine,
            "resume" => Tap::Resume,
            "restart" => Tap::Restart,
            "lapor" => Tap::Report,
            "next" => Tap::Next,
            "mnew" => Tap::NewMeeting,
            "unlink" => Tap::Unlink,
            _ => return None,
        })
    }
}

/// `12:40`: two numbers, neither negative.
fn two_numbers(text: &str) -> Option<(i64, i64)> {
    let (a, b) = text.split_once(':')?;
    let (a, b) = (a.parse().ok()?, b.parse().ok()?);
    (a >= 0 && b >= 0).then_some((a, b))
}

impl TryFrom<String> for Tap {
    type Error = String;
    fn try_from(data: String) -> Result<Tap, String> {
        Tap::parse(&data).ok_or(data)
    }
}

impl From<Tap> for String {
    fn from(tap: Tap) -> String {
        tap.data()
    }
}

/// The "📋 Lapor bulanan" button offered to kader when nothing else is asked.
pub fn report_button() -> Button {
    Button::new(Key::BtnReport, Tap::Report)
}

/// The two language buttons, labelled in their own language.
pub fn language_buttons() -> Vec<Button> {
    vec![Button::new(Key::BtnLangId, Tap::Lang(Lang::Id)), Button::new(Key::BtnLangEn, Tap::Lang(Lang::En))]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Text;

    #[test]
    fn replies_survive_storage_and_render_the_same() {
        let reply = Reply::new(Text::new(Key::WelcomeBack).arg("name", "Siti"))
            .row([Button::new(Key::BtnSend, Tap::Send), Button::new(Key::BtnSkip, Tap::Skip("2T".into()))])
            .row([Button::new(Key::BtnPlain, Tap::Rsvp(12, Answer::Delegate))])
            .row([Button::new(Key::BtnPlain, Tap::Subscribe(Subscription::Monthly, false))])
            .row([Button::new(Key::BtnPlain, Tap::Announce("whatsapp".into()))])
            .row(language_buttons());
        let stored = serde_json::to_string(&reply).unwrap();
        let back: Reply = serde_json::from_str(&stored).unwrap();
        assert_eq!(back, reply);
        for lang in [Lang::Id, Lang::En] {
            assert_eq!(back.text.render(lang), reply.text.render(lang));
        }
        assert!(stored.contains("\"skip:2T\""), "taps are stored as their button data: {stored}");
        assert!(stored.contains("\"rsvp:12:d\""), "{stored}");
        assert!(stored.contains("\"sub:monthly:0\""), "{stored}");
        assert!(stored.contains("\"ann:whatsapp\""), "{stored}");
        assert_eq!(Tap::parse("sub:monthly:2"), None);
        assert_eq!(Tap::parse("sub:daily:1"), None);
        assert!(serde_json::from_str::<Tap>("\"nonsense\"").is_err());
    }

    #[test]
    fn page_buttons_fit_telegrams_64_bytes_and_read_back() {
        let desa = RegionCode::parse("73.24.01.2001").unwrap();
        let periode = Periode::new(2026, 10).unwrap();
        for tap in [Tap::DigestRanking(desa, periode, 9_999_999), Tap::StrataPratama(2026, 9_999_999)] {
            assert!(tap.data().len() <= 64, "{}", tap.data());
            assert_eq!(Tap::parse(&tap.data()), Some(tap));
        }
        assert_eq!(Tap::parse("rkr:73.24:2026-10:-7"), None);
        assert_eq!(Tap::parse("stp:2026:x"), None);
    }
}
