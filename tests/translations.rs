//! Every message has an English and a French text with the same placeholders, and no key
//! is defined twice.

use std::collections::{BTreeMap, BTreeSet};

fn placeholders(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find("%{") {
        let Some(end) = rest[start..].find('}') else { break };
        out.insert(rest[start + 2..start + end].to_string());
        rest = &rest[start + end + 1..];
    }
    out
}

#[test]
fn every_key_in_both_languages_with_the_same_placeholders() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/locales/app.yml")).unwrap();
    let mut keys: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    let mut duplicates = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() || line.starts_with("_version") {
            continue;
        }
        if !line.starts_with(' ') {
            let key = line.trim_end_matches(':').to_string();
            if keys.insert(key.clone(), BTreeMap::new()).is_some() {
                duplicates.push(key.clone());
            }
            current = Some(key);
        } else if let (Some(key), Some((lang, value))) = (&current, line.trim().split_once(": ")) {
            let value = value.trim().trim_matches('"').to_string();
            keys.get_mut(key).unwrap().insert(lang.to_string(), value);
        }
    }
    assert!(duplicates.is_empty(), "defined twice: {duplicates:?}");
    assert!(keys.len() > 300, "{} keys", keys.len());
    for (key, texts) in &keys {
        let (Some(en), Some(fr)) = (texts.get("en"), texts.get("fr")) else {
            panic!("{key} lacks a language: {texts:?}");
        };
        assert!(!en.is_empty() && !fr.is_empty(), "{key} is empty");
        assert_eq!(placeholders(en), placeholders(fr), "{key}: placeholders differ");
    }
}
