//! Every message has an English and a French text with the same placeholders, and no key
//! is defined twice.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // tests: a failed unwrap is a failed test

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

/// Every key's texts by language, and the keys defined twice.
fn all_keys() -> (BTreeMap<String, BTreeMap<String, String>>, Vec<String>) {
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
    (keys, duplicates)
}

/// Open is Microsoft's licensing programme, a name: Microsoft's French pages say "contrats
/// Open", "licences Open". No French text translates it ("ouvert").
#[test]
fn the_open_programme_keeps_its_name_in_french() {
    let (keys, _) = all_keys();
    let mut wrong = Vec::new();
    for (key, texts) in &keys {
        let (Some(en), Some(fr)) = (texts.get("en"), texts.get("fr")) else { continue };
        let en = en.to_lowercase();
        let names_it = ["open expiring", "open agreement", "open licen", "open value"].iter().any(|p| en.contains(p));
        if names_it && (!fr.contains("Open") || fr.contains("ouvert")) {
            wrong.push(format!("{key}: {fr}"));
        }
    }
    assert!(wrong.is_empty(), "Open translated:\n{}", wrong.join("\n"));
}

#[test]
fn every_key_in_both_languages_with_the_same_placeholders() {
    let (keys, duplicates) = all_keys();
    assert!(duplicates.is_empty(), "defined twice: {duplicates:?}");
    assert!(keys.len() > 300, "{} keys", keys.len());
    for (key, texts) in &keys {
        let (Some(en), Some(fr)) = (texts.get("en"), texts.get("fr")) else {
            panic!("{key} lacks a language: {texts:?}");
        };
        assert!(!en.is_empty() && !fr.is_empty(), "{key} is empty");
        assert_eq!(placeholders(en), placeholders(fr), "{key}: placeholders differ");
        // French typography: a space before : ; ! ? (a URL's "://" and "C:\" aside)
        for (i, mark) in fr.char_indices().filter(|(_, c)| [':', ';', '!', '?'].contains(c)) {
            let before = fr[..i].chars().next_back();
            let after = fr[i + 1..].chars().next();
            let exempt = after == Some('/') || after == Some('\\') || before.is_none();
            assert!(
                exempt || before.is_some_and(|c| c == ' ' || c == '\u{a0}' || c == '\u{202f}'),
                "{key}: no space before '{mark}' in {fr:?}"
            );
        }
    }
    // a singular form is always beside its plural
    for key in keys.keys().filter(|k| k.ends_with("_one")) {
        assert!(keys.contains_key(key.trim_end_matches("_one")), "{key} has no plural beside it");
    }
}

/// Figures and dates in each language, worked out by hand.
#[test]
fn numbers_amounts_and_dates_follow_the_language() {
    use ascent_viewer::output::i18n::*;
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    // SAFETY: this test binary's only test touching the environment
    unsafe {
        std::env::remove_var("LC_ALL");
        std::env::remove_var("LC_TIME");
        std::env::set_var("LANG", "C.UTF-8");
    }
    set_language("en");
    assert_eq!(format_count(1_234_567), "1,234,567");
    assert_eq!(format_number(1_234_567.5, 2), "1,234,567.50");
    assert_eq!(format_number(-0.04, 1), "0.0");
    assert_eq!(format_usd(1_234_567.5, Cents::Show), "$1,234,567.50");
    assert_eq!(format_date(day), "11/24/2026");
    assert_eq!(format_percent(1, 8), "12.5%");
    set_language("fr");
    assert_eq!(format_count(1_234_567), "1\u{202f}234\u{202f}567");
    assert_eq!(format_number(1_234_567.5, 2), "1\u{202f}234\u{202f}567,50");
    assert_eq!(format_usd(1_234_567.5, Cents::Show), "1\u{202f}234\u{202f}567,50\u{a0}$US");
    assert_eq!(format_date(day), "24/11/2026");
    assert_eq!(format_percent(1, 8), "12,5\u{a0}%");
    // an English speaker in Britain writes the day first
    unsafe { std::env::set_var("LANG", "en_GB.UTF-8") };
    set_language("en");
    assert_eq!(format_date(day), "24/11/2026");
    assert_eq!(format_count(1_234_567), "1,234,567");
    // the first run follows the system locale
    unsafe { std::env::set_var("LANG", "fr_CA.UTF-8") };
    assert_eq!(system_language(), "fr");
    unsafe { std::env::set_var("LANG", "de_DE.UTF-8") };
    assert_eq!(system_language(), "en");
    unsafe { std::env::set_var("LANG", "C.UTF-8") };
}

/// Each thread speaks its own language: tests (and windows) in French and English run side
/// by side in one process.
#[test]
fn threads_speak_their_own_language_at_once() {
    use ascent_viewer::engine::ClusterKey;
    use ascent_viewer::output::i18n::{cluster_name, format_count, set_language};
    let speak = |lang: &'static str| {
        std::thread::spawn(move || {
            set_language(lang);
            (0..200).map(|_| (cluster_name(ClusterKey::ActNow), format_count(1234))).collect::<Vec<_>>()
        })
    };
    let (fr, en) = (speak("fr"), speak("en"));
    let (fr, en) = (fr.join().unwrap(), en.join().unwrap());
    assert!(fr.iter().all(|(name, n)| name == "Agir maintenant" && n == "1\u{202f}234"), "{:?}", fr[0]);
    assert!(en.iter().all(|(name, n)| name == "Act now" && n == "1,234"), "{:?}", en[0]);
}
