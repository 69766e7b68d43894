//! `docs/rules.md` names, for every rule, the test that guards it: this keeps the names true.

use std::collections::BTreeSet;
use std::path::Path;

const RULES: &str = include_str!("../docs/rules.md");

/// Each rule: its number (`A3`) and its text, up to the next rule or heading.
fn rules() -> Vec<(&'static str, String)> {
    let mut rules: Vec<(&str, String)> = Vec::new();
    for line in RULES.lines() {
        if let Some(rest) = line.strip_prefix("- **") {
            let number = rest.split([' ', '*']).next().unwrap_or_default();
            let is_rule = number.len() >= 2
                && number.starts_with(|c: char| c.is_ascii_uppercase())
                && number[1..].bytes().all(|b| b.is_ascii_digit());
            if is_rule {
                rules.push((number, line.to_owned()));
                continue;
            }
        }
        if line.starts_with('#') || line.is_empty() {
            if let Some((_, text)) = rules.last_mut() {
                text.push('\u{0}'); // closed: nothing more belongs to it
            }
            continue;
        }
        if let Some((_, text)) = rules.last_mut()
            && !text.ends_with('\u{0}')
        {
            text.push(' ');
            text.push_str(line.trim());
        }
    }
    rules
}

/// The tests a rule's text names: `` `tests/file.rs::name` ``.
fn named_tests(text: &str) -> Vec<(&str, &str)> {
    text.split('`')
        .filter_map(|quoted| {
            let (file, name) = quoted.split_once("::")?;
            let rust = Path::new(file).extension().is_some_and(|ext| ext == "rs");
            (file.starts_with("tests/") && rust).then_some((file, name))
        })
        .collect()
}

#[test]
fn every_rule_names_a_test_and_every_named_test_exists() {
    let rules = rules();
    assert!(rules.len() >= 30, "only {} rules read", rules.len());
    let mut numbers = BTreeSet::new();
    for (number, text) in &rules {
        assert!(numbers.insert(*number), "rule {number} is numbered twice");
        let tests = named_tests(text);
        assert!(!tests.is_empty(), "rule {number} names no test: {text}");
        for (file, name) in tests {
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
            let source = std::fs::read_to_string(&path)
                .unwrap_or_else(|error| panic!("rule {number}: {file}: {error}"));
            assert!(
                source.contains(&format!("fn {name}(")),
                "rule {number} names {file}::{name}, which does not exist"
            );
        }
    }
}

#[test]
fn the_reader_of_the_document_finds_rules_and_their_tests() {
    let text = "- **Z1 [ours]** a rule. Test: `tests/a.rs::one`, `tests/b.rs::two`, `not::a_test`.";
    assert_eq!(
        named_tests(text),
        [("tests/a.rs", "one"), ("tests/b.rs", "two")]
    );
    let numbers: Vec<_> = rules().into_iter().map(|(number, _)| number).collect();
    assert_eq!(numbers.first(), Some(&"W1"));
    assert!(numbers.contains(&"N9"), "{numbers:?}");
}
