//! Settings from the environment. Secrets are wrapped so that they never
//! print: `{:?}` of a [`Token`] shows `Token(…)`.

use std::fmt;
use std::sync::Arc;

use url::Url;

use crate::dialogue::Settings;
use crate::domain::form::Form;
use crate::domain::lang::Lang;
use crate::i18n::{Key, Text};

pub const DEFAULT_DATABASE_URL: &str = "sqlite://posyandu-bot.db";

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
    pub fn from_env() -> anyhow::Result<Option<TelegramConfig>> {
        let Some(token) = std::env::var("TELOXIDE_TOKEN").ok().filter(|t| !t.trim().is_empty()) else {
            return Ok(None);
        };
        let api_url = match std::env::var("TELOXIDE_API_URL").ok().filter(|u| !u.trim().is_empty()) {
            Some(url) => {
                Some(Url::parse(url.trim_end_matches('/')).map_err(|e| anyhow::anyhow!("TELOXIDE_API_URL: {e}"))?)
            }
            None => None,
        };
        Ok(Some(TelegramConfig { token: Token(token.trim().to_owned()), api_url }))
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
pub fn report_settings() -> Result<Settings, Text> {
    let mut settings = Settings::default();
    let bad = |name: &str, value: &str, expected: Key| {
        Text::new(Key::CliBadSetting).arg("name", name).arg("value", value).arg("expected", Text::new(expected))
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

/// The report form: the file named by `REPORT_FORM`, or the shipped one.
pub fn report_form() -> Result<Arc<Form>, Text> {
    let Some(path) = std::env::var("REPORT_FORM").ok().filter(|p| !p.trim().is_empty()) else {
        return Ok(Form::shipped());
    };
    let bad = |reason: String| Text::new(Key::CliBadForm).arg("path", path.as_str()).arg("reason", reason);
    let text = std::fs::read_to_string(&path).map_err(|e| bad(e.to_string()))?;
    Form::parse(&text).map(Arc::new).map_err(|e| bad(format!("{e:#}")))
}
