//! Small named values the bot learns at run time (e.g. its Telegram username,
//! so the CLI can print invite links).

use super::{Db, on_db};

pub const TELEGRAM_USERNAME: &str = "telegram_username";

pub async fn get(db: &Db, key: &str) -> sqlx::Result<Option<String>> {
    on_db!(db, p => sqlx::query_scalar("SELECT value FROM setting WHERE key = $1").bind(key)
        .fetch_optional(p).await)
}

pub async fn set(db: &Db, key: &str, value: &str) -> sqlx::Result<()> {
    let sql = "INSERT INTO setting (key, value) VALUES ($1, $2)
               ON CONFLICT (key) DO UPDATE SET value = excluded.value";
    on_db!(db, p => sqlx::query(sql).bind(key).bind(value).execute(p).await.map(|_| ()))
}
