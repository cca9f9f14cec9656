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
