//! After a region import: what still points at retired codes, and the
//! command that moves each one to the code that replaced it.

use chrono::Utc;

use super::say;
use crate::domain::lang::Lang;
use crate::domain::people::{Place, Role};
use crate::domain::role::Grant;
use crate::i18n::{Key, Text};
use crate::store::Db;
use crate::store::retired::{self, Holder, Stranded};

/// Prints every posyandu, official role and open invite on a retired code,
/// with what to do; prints nothing when there is none.
pub async fn tell(db: &Db, lang: Lang) -> anyhow::Result<()> {
    let stranded = retired::stranded(db, Utc::now()).await?;
    if stranded.is_empty() {
        return Ok(());
    }
    say(lang, Text::new(Key::CliStrandedHeader));
    for one in &stranded {
        say(lang, what(one));
        let new_code = match &one.successor {
            Some((code, name)) => {
                let hint = Text::new(Key::CliStrandedSuccessor).arg("code", code.as_str()).arg("name", name.as_str());
                println!("    {}", hint.render(lang));
                code.to_string()
            }
            None => {
                let hint = Text::new(Key::CliStrandedSearch).arg("name", one.region_name.as_str());
                println!("    {}", hint.render(lang));
                Text::new(Key::CliNewCode).render(lang)
            }
        };
        let command = match &one.holder {
            Holder::Posyandu { id, .. } => format!("posyandu-bot posyandu move --id {id} --desa {new_code}"),
            Holder::Official { .. } | Holder::Invite { .. } => {
                format!("posyandu-bot official move --from {} --to {new_code}", one.region)
            }
        };
        println!("    {command}");
    }
    Ok(())
}

/// The line naming one holder and its retired region.
fn what(one: &Stranded) -> Text {
    let code = one.region.as_str();
    let role = |role| {
        let place = Place::region(&one.region, one.region_name.clone());
        Role { grant: Grant::Official { role, region: one.region.clone() }, place }.text()
    };
    match &one.holder {
        Holder::Posyandu { id, name } => Text::new(Key::CliStrandedPosyandu)
            .arg("name", name.as_str())
            .arg("id", *id)
            .arg("code", code)
            .arg("region", one.region_name.as_str()),
        Holder::Official { person, role: official } => Text::new(Key::CliStrandedOfficial)
            .arg("person", person.as_str())
            .arg("role", role(*official))
            .arg("code", code),
        Holder::Invite { code: invite, role: official } => Text::new(Key::CliStrandedInvite)
            .arg("invite", invite.to_string())
            .arg("role", role(*official))
            .arg("code", code),
    }
}
