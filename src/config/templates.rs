//! The approved templates the bot sends outside WhatsApp's 24-hour window:
//! per kind of message (its locale id) the template's name, language and
//! which of the message's own arguments fill its parameters, in order. Read
//! from the TOML file `WHATSAPP_TEMPLATES` names, or the shipped
//! `config/whatsapp-templates.toml`; the WhatsApp channel renders them.

use std::collections::HashMap;

use serde::Deserialize;

/// The shipped templates (see README.md, "WhatsApp templates").
const SHIPPED: &str = include_str!("../../config/whatsapp-templates.toml");

/// One approved template.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// The locale id of the message it stands for.
    pub message: String,
    pub name: String,
    pub language: String,
    /// The message's arguments that fill `{{1}}`, `{{2}}`, … in order.
    #[serde(default)]
    pub parameters: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    template: Vec<Template>,
}

/// The templates by the message they stand for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Templates(HashMap<String, Template>);

impl Templates {
    /// The shipped templates.
    pub fn shipped() -> Templates {
        Templates::parse(SHIPPED).expect("the shipped templates are valid")
    }

    /// Reads a templates file; a message named twice is refused.
    pub fn parse(toml_text: &str) -> anyhow::Result<Templates> {
        let file: File = toml::from_str(toml_text)?;
        let mut templates = HashMap::new();
        for template in file.template {
            let message = template.message.clone();
            if templates.insert(message.clone(), template).is_some() {
                anyhow::bail!("two templates for the message {message}");
            }
        }
        Ok(Templates(templates))
    }

    /// The template for the message with locale id `message`, if any.
    pub fn get(&self, message: &str) -> Option<&Template> {
        self.0.get(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_named_twice_or_an_unknown_field_is_refused() {
        let one = "[[template]]\nmessage = \"invitation\"\nname = \"a\"\nlanguage = \"id\"\n";
        assert!(Templates::parse(one).is_ok());
        assert!(Templates::parse(&format!("{one}{one}")).is_err());
        assert!(
            Templates::parse("[[template]]\nmessage = \"x\"\nname = \"a\"\nlanguage = \"id\"\nlang = 1\n").is_err()
        );
    }
}
