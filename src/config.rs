//! Settings from the environment. Secrets are wrapped so that they never
//! print: `{:?}` of a [`Token`] shows `Token(…)`.

use std::fmt;

use url::Url;

use crate::domain::lang::Lang;

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
/// `REPORT_RESUME_AFTER_MINUTES` (default 60).
pub fn report_settings() -> anyhow::Result<crate::dialogue::Settings> {
    let mut settings = crate::dialogue::Settings::default();
    if let Ok(month) = std::env::var("REPORT_DEFAULT_MONTH") {
        settings.default_previous = match month.trim() {
            "previous" | "" => true,
            "current" => false,
            other => anyhow::bail!("REPORT_DEFAULT_MONTH must be previous or current, not {other:?}"),
        };
    }
    if let Ok(minutes) = std::env::var("REPORT_RESUME_AFTER_MINUTES") {
        let minutes: i64 =
            minutes.trim().parse().map_err(|_| anyhow::anyhow!("REPORT_RESUME_AFTER_MINUTES must be a number"))?;
        settings.resume_after = chrono::Duration::minutes(minutes.max(1));
    }
    Ok(settings)
}

/// The report form: the file named by `REPORT_FORM`, or the shipped one.
pub fn report_form() -> anyhow::Result<std::sync::Arc<crate::domain::form::Form>> {
    match std::env::var("REPORT_FORM").ok().filter(|p| !p.trim().is_empty()) {
        None => Ok(crate::domain::form::Form::shipped()),
        Some(path) => {
            let text = std::fs::read_to_string(&path).map_err(|e| anyhow::anyhow!("REPORT_FORM {path}: {e}"))?;
            let form =
                crate::domain::form::Form::parse(&text).map_err(|e| anyhow::anyhow!("REPORT_FORM {path}: {e}"))?;
            Ok(std::sync::Arc::new(form))
        }
    }
}
