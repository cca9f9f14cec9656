//! Settings from the environment, all read here ([`Config::from_env`]).
//! Secrets are wrapped so that they never print: `{:?}` of a [`Token`]
//! shows `Token(…)`.

pub mod templates;

use std::fmt;
use std::num::NonZeroU32;
use std::sync::Arc;

use url::Url;

use self::templates::Templates;
use crate::dialogue::{DEFAULT_MEETING_REMINDER_HOUR, Settings};
use crate::domain::form::Form;
use crate::domain::form::packs::Forms;
use crate::domain::lang::Lang;
use crate::domain::schedule::{ReminderDay, Schedule};
use crate::i18n::{Key, Text};
use crate::outbox::Limits;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://posyandu-bot.db";

/// What the running bot is built from (see [`crate::app`]). The database
/// URL comes from the command line (or `DATABASE_URL`) as for every command.
#[derive(Clone, Debug)]
pub struct Config {
    /// `None` when no token is set.
    pub telegram: Option<TelegramConfig>,
    /// `None` when none of the WhatsApp settings is set.
    pub whatsapp: Option<WhatsAppConfig>,
    pub forms: Arc<Forms>,
    pub dialogue: Settings,
    /// The sending rates the outbox keeps to.
    pub outbox: Limits,
}

impl Config {
    /// Reads every setting; a value that cannot be used comes back as the
    /// message to show the admin.
    pub fn from_env() -> Result<Config, Text> {
        Ok(Config {
            telegram: TelegramConfig::from_env()?,
            whatsapp: WhatsAppConfig::from_env()?,
            forms: report_forms()?,
            dialogue: report_settings()?,
            outbox: outbox_limits()?,
        })
    }
}

/// A bot token. Only [`Token::expose`] reveals it, to hand it to teloxide.
#[derive(Clone)]
pub struct Token(String);

impl Token {
    pub fn new(secret: impl Into<String>) -> Token {
        Token(secret.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(…)")
    }
}

/// Telegram settings: `TELOXIDE_TOKEN` and optional `TELOXIDE_API_URL`
/// (a self-hosted telegram-bot-api, or the tests' fake server).
#[derive(Clone, Debug)]
pub struct TelegramConfig {
    pub token: Token,
    pub api_url: Option<Url>,
}

impl TelegramConfig {
    /// `None` when no token is set (empty counts as unset).
    fn from_env() -> Result<Option<TelegramConfig>, Text> {
        let Some(token) = std::env::var("TELOXIDE_TOKEN").ok().filter(|t| !t.trim().is_empty()) else {
            return Ok(None);
        };
        let api_url = match std::env::var("TELOXIDE_API_URL").ok().filter(|u| !u.trim().is_empty()) {
            Some(url) => Some(
                Url::parse(url.trim().trim_end_matches('/'))
                    .map_err(|_| bad("TELOXIDE_API_URL", &url, Key::CliExpectUrl))?,
            ),
            None => None,
        };
        Ok(Some(TelegramConfig::new(token.trim(), api_url)))
    }

    /// Settings for a bot at `api_url` (Telegram itself when `None`).
    pub fn new(token: &str, api_url: Option<Url>) -> TelegramConfig {
        TelegramConfig { token: Token(token.to_owned()), api_url }
    }

    pub fn bot(&self) -> teloxide::Bot {
        let bot = teloxide::Bot::new(self.token.expose());
        match &self.api_url {
            Some(url) => bot.set_api_url(url.clone()),
            None => bot,
        }
    }
}

/// WhatsApp Cloud API settings (see README, "WhatsApp"): the four secrets
/// and ids `WHATSAPP_ACCESS_TOKEN`, `WHATSAPP_PHONE_NUMBER_ID`,
/// `WHATSAPP_APP_SECRET`, `WHATSAPP_VERIFY_TOKEN` (all or none), and
/// `WHATSAPP_API_URL`, `WHATSAPP_API_VERSION`, `WHATSAPP_LISTEN`,
/// `WHATSAPP_RATE` with defaults.
#[derive(Clone, Debug)]
pub struct WhatsAppConfig {
    pub access_token: Token,
    pub phone_number_id: String,
    /// Signs the webhooks Meta sends (`X-Hub-Signature-256`).
    pub app_secret: Token,
    /// What Meta sends back when the webhook is set up (`hub.verify_token`).
    pub verify_token: Token,
    /// The Graph API's base URL (the tests' fake server, or Meta's).
    pub api_url: Url,
    pub api_version: String,
    /// Where the webhook server listens.
    pub listen: std::net::SocketAddr,
    /// The outbox's rates for WhatsApp.
    pub limits: Limits,
    /// The approved templates for outside the 24-hour window
    /// (`WHATSAPP_TEMPLATES`, or the shipped file).
    pub templates: Templates,
}

impl WhatsAppConfig {
    pub const DEFAULT_API_URL: &str = "https://graph.facebook.com";
    pub const DEFAULT_API_VERSION: &str = "v21.0";
    pub const DEFAULT_LISTEN: &str = "0.0.0.0:8080";
    /// Meta's default throughput for one number: 80 messages a second.
    pub const DEFAULT_RATE: u32 = 80;
    const REQUIRED: [&str; 4] =
        ["WHATSAPP_ACCESS_TOKEN", "WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN"];

    /// `None` when none of the four required settings is set; the names of
    /// the missing ones when only some are.
    fn from_env() -> Result<Option<WhatsAppConfig>, Text> {
        let set = |name: &str| std::env::var(name).ok().map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let values = WhatsAppConfig::REQUIRED.map(set);
        if values.iter().all(Option::is_none) {
            return Ok(None);
        }
        let missing: Vec<&str> =
            WhatsAppConfig::REQUIRED.iter().zip(&values).filter(|(_, v)| v.is_none()).map(|(n, _)| *n).collect();
        let [Some(access_token), Some(phone_number_id), Some(app_secret), Some(verify_token)] = values else {
            return Err(Text::new(Key::CliWhatsappMissing).arg("names", missing.join(", ")));
        };
        let api_url = set("WHATSAPP_API_URL").unwrap_or_else(|| WhatsAppConfig::DEFAULT_API_URL.into());
        let api_url = Url::parse(api_url.trim_end_matches('/'))
            .map_err(|_| bad("WHATSAPP_API_URL", &api_url, Key::CliExpectUrl))?;
        let listen = set("WHATSAPP_LISTEN").unwrap_or_else(|| WhatsAppConfig::DEFAULT_LISTEN.into());
        let listen = listen.parse().map_err(|_| bad("WHATSAPP_LISTEN", &listen, Key::CliExpectListen))?;
        let rate = match set("WHATSAPP_RATE") {
            None => NonZeroU32::new(WhatsAppConfig::DEFAULT_RATE),
            Some(value) => {
                NonZeroU32::new(value.parse().map_err(|_| bad("WHATSAPP_RATE", &value, Key::CliExpectRate))?)
            }
        };
        Ok(Some(WhatsAppConfig {
            access_token: Token(access_token),
            phone_number_id,
            app_secret: Token(app_secret),
            verify_token: Token(verify_token),
            api_url,
            api_version: set("WHATSAPP_API_VERSION").unwrap_or_else(|| WhatsAppConfig::DEFAULT_API_VERSION.into()),
            listen,
            limits: Limits { per_second: rate, ..Limits::TELEGRAM },
            templates: whatsapp_templates()?,
        }))
    }
}

/// The WhatsApp number people write to, for the CLI's wa.me invite links:
/// `WHATSAPP_DISPLAY_NUMBER` in international form, digits only (`+`,
/// spaces and dashes forgiven); `None` when unset or not a number.
pub fn whatsapp_display_number() -> Option<String> {
    let value = std::env::var("WHATSAPP_DISPLAY_NUMBER").ok()?;
    let digits: String = value.chars().filter(|c| !matches!(c, '+' | ' ' | '-')).collect();
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

/// The language of the admin command line's messages: `ADMIN_LANG` (id or en).
pub fn admin_lang() -> Lang {
    std::env::var("ADMIN_LANG").ok().and_then(|l| Lang::from_tag(l.trim())).unwrap_or_default()
}

/// The report dialogue's settings from the environment:
/// `REPORT_DEFAULT_MONTH` (`previous`, the default, or `current`) and
/// `REPORT_RESUME_AFTER_MINUTES` (default 60). A value that cannot be used
/// comes back as the message to show the admin.
fn report_settings() -> Result<Settings, Text> {
    let digest = digest_settings()?;
    let mut settings = Settings {
        meeting_reminder_hour: meeting_reminder_hour()?,
        digest,
        schedule: schedule_settings(digest.due_day)?,
        ..Settings::default()
    };
    if let Ok(month) = std::env::var("REPORT_DEFAULT_MONTH") {
        settings.default_previous = match month.trim() {
            "previous" | "" => true,
            "current" => false,
            _ => return Err(bad("REPORT_DEFAULT_MONTH", &month, Key::CliExpectMonth)),
        };
    }
    if let Ok(minutes) = std::env::var("REPORT_RESUME_AFTER_MINUTES") {
        match minutes.trim().parse::<i64>() {
            Ok(m) if m >= 1 => settings.resume_after = chrono::Duration::minutes(m),
            _ => return Err(bad("REPORT_RESUME_AFTER_MINUTES", &minutes, Key::CliExpectMinutes)),
        }
    }
    Ok(settings)
}

/// The outbox's rates: `OUTBOX_RATE` messages a second in all (default 28,
/// just under Telegram's 30) and `OUTBOX_CHAT_RATE` broadcast messages a
/// second per chat (default 1); `0` means no limit (a local Bot API server,
/// or paid broadcasts).
fn outbox_limits() -> Result<Limits, Text> {
    let rate = |name: &str, default: Option<NonZeroU32>| match std::env::var(name) {
        Err(_) => Ok(default),
        Ok(value) => match value.trim().parse::<u32>() {
            Ok(n) => Ok(NonZeroU32::new(n)),
            Err(_) => Err(bad(name, &value, Key::CliExpectRate)),
        },
    };
    Ok(Limits {
        per_second: rate("OUTBOX_RATE", Limits::TELEGRAM.per_second)?,
        per_chat_per_second: rate("OUTBOX_CHAT_RATE", Limits::TELEGRAM.per_chat_per_second)?,
    })
}

/// The day-before meeting reminder's local hour: `MEETING_REMINDER_HOUR`
/// (0–23, default 16).
pub fn meeting_reminder_hour() -> Result<u32, Text> {
    local_hour("MEETING_REMINDER_HOUR", DEFAULT_MEETING_REMINDER_HOUR)
}

/// A local hour (0–23) from the variable `name`, or `default` when unset.
fn local_hour(name: &str, default: u32) -> Result<u32, Text> {
    match std::env::var(name) {
        Err(_) => Ok(default),
        Ok(value) => match value.trim().parse::<u32>() {
            Ok(hour) if hour <= 23 => Ok(hour),
            _ => Err(bad(name, &value, Key::CliExpectHour)),
        },
    }
}

/// The reporting cycle: `REPORT_REMINDER_DAYS` (default `1,3,-1`: days of
/// the reporting window, a negative one counted back from the due day),
/// `REPORT_REMINDER_HOUR` and `DIGEST_HOUR` (local hours, default 8).
/// Every reminder day must fall between the 1st and `due_day`.
fn schedule_settings(due_day: u32) -> Result<Schedule, Text> {
    let defaults = Schedule::default();
    let reminder_days = match std::env::var("REPORT_REMINDER_DAYS") {
        Err(_) => defaults.reminder_days,
        Ok(value) => ReminderDay::parse_list(&value)
            .filter(|days| days.iter().all(|day| day.day(due_day).is_some()))
            .ok_or_else(|| bad("REPORT_REMINDER_DAYS", &value, Key::CliExpectReminderDays))?,
    };
    Ok(Schedule {
        reminder_days,
        reminder_hour: local_hour("REPORT_REMINDER_HOUR", defaults.reminder_hour)?,
        digest_hour: local_hour("DIGEST_HOUR", defaults.digest_hour)?,
    })
}

/// What the digests measure against: `REPORT_DUE_DAY` (1–28, default 5:
/// a month's report is on time by the end of that day of the next month)
/// and `DIGEST_TARGET_DS` (the D/S target in percent, 1–100, default 80).
pub fn digest_settings() -> Result<crate::domain::digest::Settings, Text> {
    let mut settings = crate::domain::digest::Settings::default();
    if let Ok(value) = std::env::var("REPORT_DUE_DAY") {
        match value.trim().parse::<u32>() {
            Ok(day) if (1..=28).contains(&day) => settings.due_day = day,
            _ => return Err(bad("REPORT_DUE_DAY", &value, Key::CliExpectDueDay)),
        }
    }
    if let Ok(value) = std::env::var("DIGEST_TARGET_DS") {
        match value.trim().parse::<u32>() {
            Ok(percent) if (1..=100).contains(&percent) => settings.target_ds = f64::from(percent) / 100.0,
            _ => return Err(bad("DIGEST_TARGET_DS", &value, Key::CliExpectPercent)),
        }
    }
    Ok(settings)
}

/// The message for a setting `name` whose `value` cannot be used.
fn bad(name: &str, value: &str, expected: Key) -> Text {
    Text::new(Key::CliBadSetting).arg("name", name).arg("value", value).arg("expected", Text::new(expected))
}

/// The WhatsApp templates: the file named by `WHATSAPP_TEMPLATES`, or the shipped one.
fn whatsapp_templates() -> Result<Templates, Text> {
    let Some(path) = std::env::var("WHATSAPP_TEMPLATES").ok().filter(|p| !p.trim().is_empty()) else {
        return Ok(Templates::shipped());
    };
    let bad = |reason: String| Text::new(Key::CliBadTemplates).arg("path", path.as_str()).arg("reason", reason);
    let text = std::fs::read_to_string(&path).map_err(|e| bad(e.to_string()))?;
    Templates::parse(&text).map_err(|e| bad(format!("{e:#}")))
}

/// The form packs: the one for everywhere (the file named by
/// `REPORT_FORM`, or the shipped one) and every `.toml` in the folder named
/// by `REPORT_FORMS` for the regions each names, with the campaign months
/// of `REPORT_MONTHS` applied to every pack that has the indicator.
fn report_forms() -> Result<Arc<Forms>, Text> {
    let default = match std::env::var("REPORT_FORM").ok().filter(|p| !p.trim().is_empty()) {
        None => Form::shipped(),
        Some(path) => Arc::new(form_file(std::path::Path::new(&path))?),
    };
    let mut regional = Vec::new();
    if let Some(dir) = std::env::var("REPORT_FORMS").ok().filter(|p| !p.trim().is_empty()) {
        let bad = |reason: String| Text::new(Key::CliBadForm).arg("path", dir.as_str()).arg("reason", reason);
        let entries = std::fs::read_dir(&dir).map_err(|e| bad(e.to_string()))?;
        let mut paths: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            regional.push(Arc::new(form_file(&path)?));
        }
    }
    let forms = Forms::new(default, regional).map_err(|e| {
        let dir = std::env::var("REPORT_FORMS").unwrap_or_default();
        Text::new(Key::CliBadForm).arg("path", dir).arg("reason", format!("{e:#}"))
    })?;
    let Some(value) = std::env::var("REPORT_MONTHS").ok().filter(|v| !v.trim().is_empty()) else {
        return Ok(Arc::new(forms));
    };
    let refused = || bad("REPORT_MONTHS", &value, Key::CliExpectMonths);
    let mut forms = forms;
    for (code, months) in campaign_months(&value).ok_or_else(refused)? {
        let mut moved = false;
        for form in std::iter::once(&mut forms.default).chain(forms.regional.iter_mut()) {
            if form.section_of(&code).is_some() {
                *form = Arc::new(form.with_months(&code, &months).map_err(|_| refused())?);
                moved = true;
            }
        }
        if !moved {
            return Err(refused());
        }
    }
    Ok(Arc::new(forms))
}

/// One form pack file, read and checked.
fn form_file(path: &std::path::Path) -> Result<Form, Text> {
    let shown = path.display().to_string();
    let bad = |reason: String| Text::new(Key::CliBadForm).arg("path", shown.as_str()).arg("reason", reason);
    let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
    Form::parse(&text).map_err(|e| bad(format!("{e:#}")))
}

/// Reads `VITA=2,10` (several separated by `;`, spaces and case forgiven)
/// into codes and their months; `None` if it does not read.
fn campaign_months(value: &str) -> Option<Vec<(String, Vec<u32>)>> {
    let parts = value.split(';').map(str::trim).filter(|p| !p.is_empty());
    parts
        .map(|part| {
            let (code, months) = part.split_once('=')?;
            let months = months.split(',').map(|m| m.trim().parse().ok()).collect::<Option<Vec<u32>>>()?;
            Some((code.trim().to_uppercase(), months))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn campaign_months_read_forgivingly() {
        assert_eq!(campaign_months("VITA=2,10"), Some(vec![("VITA".into(), vec![2, 10])]));
        assert_eq!(
            campaign_months(" vita = 2, 10 ; OC=5,11; "),
            Some(vec![("VITA".into(), vec![2, 10]), ("OC".into(), vec![5, 11])])
        );
        assert_eq!(campaign_months("VITA"), None);
        assert_eq!(campaign_months("VITA=Oktober"), None);
        assert_eq!(campaign_months("VITA=2,,10"), None);
    }
}
