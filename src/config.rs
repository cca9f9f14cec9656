//! Settings from the environment, all read here ([`Config::from_env`]).
//! Secrets are wrapped so that they never print: `{:?}` of a [`Token`]
//! shows `Token(…)`.

use std::fmt;
use std::num::NonZeroU32;
use std::sync::Arc;

use url::Url;

use crate::dialogue::Settings;
use crate::domain::form::Form;
use crate::domain::lang::Lang;
use crate::i18n::{Key, Text};
use crate::outbox::Limits;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://posyandu-bot.db";

/// The local hour of the reminder the day before a meeting, unless set.
pub const DEFAULT_MEETING_REMINDER_HOUR: u32 = 16;

/// What the running bot is built from (see [`crate::app`]). The database
/// URL comes from the command line (or `DATABASE_URL`) as for every command.
#[derive(Clone, Debug)]
pub struct Config {
    /// `None` when no token is set.
    pub telegram: Option<TelegramConfig>,
    pub form: Arc<Form>,
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
            form: report_form()?,
            dialogue: report_settings()?,
            outbox: outbox_limits()?,
        })
    }
}

/// A bot token. Only [`Token::expose`] reveals it, to hand it to teloxide.
#[derive(Clone)]
pub struct Token(String);

impl Token {
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

/// The language of the admin command line's messages: `ADMIN_LANG` (id or en).
pub fn admin_lang() -> Lang {
    std::env::var("ADMIN_LANG").ok().and_then(|l| Lang::from_tag(l.trim())).unwrap_or_default()
}

/// The report dialogue's settings from the environment:
/// `REPORT_DEFAULT_MONTH` (`previous`, the default, or `current`) and
/// `REPORT_RESUME_AFTER_MINUTES` (default 60). A value that cannot be used
/// comes back as the message to show the admin.
fn report_settings() -> Result<Settings, Text> {
    let mut settings =
        Settings { meeting_reminder_hour: meeting_reminder_hour()?, digest: digest_settings()?, ..Settings::default() };
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
    match std::env::var("MEETING_REMINDER_HOUR") {
        Err(_) => Ok(DEFAULT_MEETING_REMINDER_HOUR),
        Ok(value) => match value.trim().parse::<u32>() {
            Ok(hour) if hour <= 23 => Ok(hour),
            _ => Err(bad("MEETING_REMINDER_HOUR", &value, Key::CliExpectHour)),
        },
    }
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

/// The report form: the file named by `REPORT_FORM`, or the shipped one,
/// with the campaign months of `REPORT_MONTHS` applied.
fn report_form() -> Result<Arc<Form>, Text> {
    let form = match std::env::var("REPORT_FORM").ok().filter(|p| !p.trim().is_empty()) {
        None => Form::shipped(),
        Some(path) => {
            let bad = |reason: String| Text::new(Key::CliBadForm).arg("path", path.as_str()).arg("reason", reason);
            let text = std::fs::read_to_string(&path).map_err(|e| bad(e.to_string()))?;
            Arc::new(Form::parse(&text).map_err(|e| bad(format!("{e:#}")))?)
        }
    };
    let Some(value) = std::env::var("REPORT_MONTHS").ok().filter(|v| !v.trim().is_empty()) else {
        return Ok(form);
    };
    let refused = || bad("REPORT_MONTHS", &value, Key::CliExpectMonths);
    let mut form = form;
    for (code, months) in campaign_months(&value).ok_or_else(refused)? {
        form = Arc::new(form.with_months(&code, &months).map_err(|_| refused())?);
    }
    Ok(form)
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
