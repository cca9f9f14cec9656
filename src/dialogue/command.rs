//! Commands a user can type at any point: `/bantuan`, `/batal`, `/bahasa`,
//! `/lapor [one-line report]`, `/status`, `/rapat`, `/rekap [bulan]`, `/strata [tahun]`, `/unduh [bulan]`, `/langganan`,
//! `/start [code]`, `DAFTAR code`, `/hubungkan [code]`. English aliases
//! work too, and the bare words (`batal`, `lapor S45 …`), since WhatsApp
//! has no command menu.

use crate::domain::invite::InviteCode;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// `/start`, with the deep-link payload or typed code, if any.
    Start(Option<String>),
    Help,
    Cancel,
    Language,
    /// `/lapor`, with a one-line report (`lapor S45 K43 …`) if one follows.
    Report(Option<String>),
    Status,
    /// `/rapat`: set up a meeting (officials).
    Meeting,
    /// `/rekap [bulan]`: the digest of the official's area.
    Digest(Option<String>),
    /// `/strata [tahun]`: the yearly strata of the official's posyandu.
    Strata(Option<String>),
    /// `/unduh [bulan]`: the workbook of the official's area, for the months chosen or typed.
    Download(Option<String>),
    /// `/langganan`: turn scheduled digests off or on (officials).
    Subscriptions,
    /// `/hubungkan`: a code to link another app, or, with a code from the
    /// other app (`HUBUNGKAN 482913`), link this account.
    Link(Option<String>),
    /// A slash command this bot does not have.
    Unknown(String),
}

impl Command {
    /// Whether only a registered person can use it (`/hubungkan` with a
    /// code also links a stranger's account).
    pub fn needs_person(&self) -> bool {
        match self {
            Command::Report(_)
            | Command::Status
            | Command::Meeting
            | Command::Digest(_)
            | Command::Strata(_)
            | Command::Download(_)
            | Command::Subscriptions
            | Command::Link(None) => true,
            Command::Start(_)
            | Command::Help
            | Command::Cancel
            | Command::Language
            | Command::Link(Some(_))
            | Command::Unknown(_) => false,
        }
    }
}

/// Reads a command from a text message, or `None` when the text is not one.
pub fn parse(text: &str) -> Option<Command> {
    let text = text.trim();
    let (word, arg) = match text.split_once(char::is_whitespace) {
        Some((word, arg)) => (word, Some(arg.trim())),
        None => (text, None),
    };
    let slash = word.starts_with('/');
    // `/bantuan@posyandu_bot` in groups or from the menu.
    let name = word.trim_start_matches('/').split('@').next().unwrap_or("").to_lowercase();
    let command = match name.as_str() {
        "start" if slash => Command::Start(arg.filter(|a| !a.is_empty()).map(str::to_owned)),
        // "DAFTAR KBRT-7HMX": the text a wa.me invite link fills in.
        "daftar" | "register" if arg.is_some_and(|a| InviteCode::normalize(a).is_some()) => {
            return Some(Command::Start(arg.map(str::to_owned)));
        }
        "bantuan" | "help" => Command::Help,
        "batal" | "cancel" => Command::Cancel,
        "bahasa" | "language" => Command::Language,
        "lapor" | "report" => return Some(Command::Report(arg.filter(|a| !a.is_empty()).map(str::to_owned))),
        "rekap" | "digest" => return Some(Command::Digest(arg.filter(|a| !a.is_empty()).map(str::to_owned))),
        "strata" => return Some(Command::Strata(arg.filter(|a| !a.is_empty()).map(str::to_owned))),
        "unduh" | "download" => return Some(Command::Download(arg.filter(|a| !a.is_empty()).map(str::to_owned))),
        "hubungkan" | "link" => return Some(Command::Link(arg.filter(|a| !a.is_empty()).map(str::to_owned))),
        "status" => Command::Status,
        "rapat" | "meeting" => Command::Meeting,
        "langganan" | "subscriptions" => Command::Subscriptions,
        _ if slash => Command::Unknown(name),
        _ => return None,
    };
    // Other bare words count only when sent alone: "batal saja" is not a command.
    if !slash && arg.is_some() {
        return None;
    }
    Some(command)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_commands_and_aliases() {
        assert_eq!(parse("/start"), Some(Command::Start(None)));
        assert_eq!(parse("/start KBRT7HMX"), Some(Command::Start(Some("KBRT7HMX".into()))));
        assert_eq!(parse("/BANTUAN@posyandu_bot"), Some(Command::Help));
        assert_eq!(parse(" batal "), Some(Command::Cancel));
        assert_eq!(parse("/language"), Some(Command::Language));
        assert_eq!(parse("/foo"), Some(Command::Unknown("foo".into())));
        assert_eq!(parse("batal saja"), None);
        assert_eq!(parse("Lapor S45 K43"), Some(Command::Report(Some("S45 K43".into()))));
        assert_eq!(parse("/lapor"), Some(Command::Report(None)));
        assert_eq!(parse("/status"), Some(Command::Status));
        assert_eq!(parse("/rapat"), Some(Command::Meeting));
        assert_eq!(parse("Rapat"), Some(Command::Meeting));
        assert_eq!(parse("/meeting@posyandu_bot"), Some(Command::Meeting));
        assert_eq!(parse("rapat besok"), None);
        assert_eq!(parse("/rekap"), Some(Command::Digest(None)));
        assert_eq!(parse("rekap okt"), Some(Command::Digest(Some("okt".into()))));
        assert_eq!(parse("/langganan"), Some(Command::Subscriptions));
        assert_eq!(parse("/subscriptions@posyandu_bot"), Some(Command::Subscriptions));
        assert_eq!(parse("langganan rekap"), None);
        assert_eq!(parse("start"), None);
        assert_eq!(parse("/hubungkan"), Some(Command::Link(None)));
        assert_eq!(parse("HUBUNGKAN 482 913"), Some(Command::Link(Some("482 913".into()))));
        assert_eq!(parse("/link@posyandu_bot 482913"), Some(Command::Link(Some("482913".into()))));
        assert_eq!(parse("DAFTAR KBRT-7HMX"), Some(Command::Start(Some("KBRT-7HMX".into()))));
        assert_eq!(parse("daftar kbrt7hmx"), Some(Command::Start(Some("kbrt7hmx".into()))));
        assert_eq!(parse("daftar"), None, "alone, or before a name, it is no command");
        assert_eq!(parse("Daftar Siti"), None);
        assert_eq!(parse("Siti Aminah"), None);
        assert_eq!(parse(""), None);
    }
}
