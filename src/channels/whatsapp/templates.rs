//! A message's approved template for outside WhatsApp's 24-hour window
//! (the deployment's [`Templates`]), as the Graph API takes it: its name,
//! language and the message's own arguments as its parameters.

use super::wire::{Body, TemplateBody};
use crate::config::templates::Templates;
use crate::i18n::{Key, MessageId, Reader, Text};

/// The template message standing for `text`, its parameters rendered for
/// `reader`; `None` when that kind of message has no template.
pub fn message_for(templates: &Templates, text: &Text, reader: Reader) -> Option<Body> {
    let id = match &text.key {
        MessageId::Key(key) => key.id(),
        MessageId::Named(name) => name.as_str(),
        MessageId::Words(_) => return None,
    };
    let template = templates.get(id)?;
    let parameters = template.parameters.iter().map(|name| parameter(text, name, reader)).collect();
    Some(Body::Template { template: TemplateBody::new(&template.name, &template.language, parameters) })
}

/// Argument `name` of `text` as one line (WhatsApp refuses line breaks in
/// a parameter); empty when the message has no such argument.
fn parameter(text: &Text, name: &str, reader: Reader) -> String {
    let Some((_, arg)) = text.args.iter().find(|(n, _)| n == name) else { return String::new() };
    let shown = Text::new(Key::TemplateParameter).arg("value", arg.clone()).render_for(reader);
    shown.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::lang::Lang;
    use chrono_tz::Tz;

    #[test]
    fn a_reminder_becomes_its_template_with_its_own_arguments_in_order() {
        let templates = Templates::shipped();
        let text = Text::new(Key::ReminderDayBefore)
            .arg("title", "Rakor")
            .arg("when", "Sabtu, 12 Desember")
            .arg("place", "Aula\nKantor Camat");
        let body = message_for(&templates, &text, Reader::new(Lang::Id, Tz::Asia__Makassar)).unwrap();
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json["template"]["name"], "pengingat_rapat_besok");
        assert_eq!(json["template"]["language"]["code"], "id");
        let params: Vec<&str> = json["template"]["components"][0]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["text"].as_str().unwrap())
            .collect();
        assert_eq!(params, ["Rakor", "Sabtu, 12 Desember", "Aula Kantor Camat"]);
        assert_eq!(message_for(&templates, &Text::new(Key::Help), Reader::new(Lang::Id, Tz::Asia__Jakarta)), None);
    }

    #[test]
    fn the_weekly_update_and_the_digest_have_templates_with_their_figures() {
        use crate::i18n::Arg;
        let templates = Templates::shipped();
        let reader = Reader::new(Lang::Id, Tz::Asia__Makassar);
        let params = |body: Body| {
            let json = serde_json::to_value(&body).unwrap();
            let name = json["template"]["name"].as_str().unwrap().to_owned();
            let values = json["template"]["components"][0]["parameters"].as_array().unwrap().iter();
            (name, values.map(|p| p["text"].as_str().unwrap().to_owned()).collect::<Vec<_>>())
        };
        let weekly = Text::new(Key::CycleWeekly)
            .arg("month", "Desember 2026")
            .arg("area", "KAB. LUWU TIMUR")
            .arg("reported", Arg::Count(1200))
            .arg("expected", Arg::Count(1500))
            .arg("missing", Arg::Count(300));
        let (name, values) = params(message_for(&templates, &weekly, reader).unwrap());
        assert_eq!(name, "kabar_laporan_mingguan");
        assert_eq!(values, ["Desember 2026", "KAB. LUWU TIMUR", "1.200", "1.500"]);
        let digest = Text::new(Key::DigestSummary).arg("month", "November 2026").arg("area", "Maleku");
        assert_eq!(
            params(message_for(&templates, &digest, reader).unwrap()),
            ("rekap_bulanan".into(), vec!["November 2026".into(), "Maleku".into()])
        );
        // The digest's other messages wait behind it without a template of their own.
        assert_eq!(message_for(&templates, &Text::new(Key::DigestRanking), reader), None);
    }
}
