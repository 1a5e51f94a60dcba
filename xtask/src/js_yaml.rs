//! `cargo xtask js-yaml-check FILE`: compares stylebook's YAML typing and writing with js-yaml 3.
//!
//! FILE holds what `.ci/js-yaml-oracle.js` wrote with the real js-yaml 3: for each text, the
//! type js-yaml's loader gives it written plain, the key it makes of it, its two dumps (as a
//! value and as a key) and what loading `k: text` gives. Every row is compared with
//! [`stylebook_core::yaml`]'s resolver and parser and [`stylebook_export::to_yaml`]'s writer; the
//! task fails on any disagreement and prints the first ones. A document that only one of the
//! two parsers loads is counted apart, not as a disagreement: js-yaml is lenient where YAML
//! is not (`k: 'a'#b`), and what stylebook refuses is reported to the user with its place.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde_json::Value as Json;
use stylebook_core::Timestamp;
use stylebook_core::yaml::{self, NodeKind, Resolved};
use stylebook_export::{MapBuilder, to_yaml};

/// Runs the comparison on the file named in `args`.
pub(crate) fn run(args: &[String]) -> Result<()> {
    let [file] = args else {
        bail!("usage: cargo xtask js-yaml-check FILE (written by .ci/js-yaml-oracle.js)");
    };
    let text = fs::read_to_string(Path::new(file)).with_context(|| format!("reading {file}"))?;
    let mut rows = 0;
    let mut disagreements: Vec<String> = Vec::new();
    let mut by_question = [0usize; 5];
    let (mut only_js_yaml_loads, mut only_stylebook_loads) = (0usize, 0usize);
    let mut impossible_dates = 0usize;
    const QUESTIONS: [&str; 5] = ["type", "key", "dump as value", "dump as key", "load"];
    for (number, line) in text.lines().enumerate() {
        let row: Json =
            serde_json::from_str(line).with_context(|| format!("{file}:{}", number + 1))?;
        let fields = row.as_array().map(Vec::as_slice).unwrap_or_default();
        let [text, kind, key, dump_value, dump_key, load] = fields else {
            bail!("{file}:{}: expected six fields", number + 1);
        };
        let text = text.as_str().unwrap_or_default();
        rows += 1;
        let ours = [
            (!text.is_empty()).then(|| type_name(text).to_owned()),
            (!text.is_empty()).then(|| key_of(text)),
            Some(to_yaml(&MapBuilder::new().entry("k", text).build())),
            Some(to_yaml(&MapBuilder::new().entry(text, "v").build())),
            Some(load_of(text).map_or("null".to_owned(), |pair| format!("{pair:?}"))),
        ];
        let theirs = [
            kind.as_str().map(str::to_owned),
            key.as_str().map(str::to_owned),
            dump_value.as_str().map(str::to_owned),
            dump_key.as_str().map(str::to_owned),
            Some(match load {
                Json::Array(pair) => format!(
                    "{:?}",
                    (
                        pair.first().and_then(Json::as_str).unwrap_or_default(),
                        pair.get(1).and_then(Json::as_str).unwrap_or_default()
                    )
                ),
                _ => "null".to_owned(),
            }),
        ];
        for (question, (ours, theirs)) in ours.iter().zip(&theirs).enumerate() {
            let Some(ours) = ours else { continue };
            if question == 4 && (ours == "null") != (theirs.as_deref() == Some("null")) {
                if ours == "null" {
                    only_js_yaml_loads += 1;
                } else {
                    only_stylebook_loads += 1;
                }
                continue;
            }
            if question == 4 && ours == IMPOSSIBLE_DATE {
                // js-yaml rolls `2015-13-45` over into another date; the readers refuse it.
                impossible_dates += 1;
                continue;
            }
            if Some(ours) != theirs.as_ref() {
                by_question[question] += 1;
                if disagreements.len() < 30 {
                    disagreements.push(format!(
                        "{text:?} {}: js-yaml {theirs:?}, stylebook {ours:?}",
                        QUESTIONS[question]
                    ));
                }
            }
        }
    }
    let total: usize = by_question.iter().sum();
    println!("{rows} texts compared with js-yaml: {total} disagreements");
    println!(
        "`k: <text>` loads in js-yaml only: {only_js_yaml_loads}; in stylebook only: \
         {only_stylebook_loads}; impossible dates that stylebook refuses: {impossible_dates}"
    );
    if total > 0 {
        for (question, count) in QUESTIONS.iter().zip(by_question) {
            println!("  {question}: {count}");
        }
        for line in &disagreements {
            println!("  {line}");
        }
        bail!("stylebook and js-yaml disagree");
    }
    Ok(())
}

/// What [`load_of`] gives for a date that does not exist.
const IMPOSSIBLE_DATE: &str = "(\"timestamp\", \"-\")";

fn type_name(text: &str) -> &'static str {
    if text == yaml::MERGE_KEY {
        return "merge";
    }
    match yaml::resolve_plain(text) {
        Resolved::Null => "null",
        Resolved::Bool => "bool",
        Resolved::Int => "int",
        Resolved::Float => "float",
        Resolved::Timestamp => "timestamp",
        Resolved::Str => "str",
    }
}

fn key_of(text: &str) -> String {
    if text == yaml::MERGE_KEY {
        return text.to_owned();
    }
    yaml::js_key(text).map_or_else(|| "-".to_owned(), |key| key.into_owned())
}

/// What stylebook's parser makes of `k: text`: the value's JavaScript type and string, as the
/// oracle writes them (a date as `toISOString`, `-` for one the readers refuse as impossible).
fn load_of(text: &str) -> Option<(&'static str, String)> {
    let document = format!("k: {text}");
    let root = yaml::parse(&document, 0).ok()??;
    let NodeKind::Map(entries) = &root.kind else {
        return None;
    };
    let [(key, value)] = entries.as_slice() else {
        return None;
    };
    if key.as_scalar()?.text != "k" {
        return None;
    }
    let scalar = value.as_scalar()?;
    Some(match scalar.resolve() {
        Resolved::Null => ("null", "null".to_owned()),
        Resolved::Bool => ("boolean", scalar.text.starts_with(['t', 'T']).to_string()),
        Resolved::Int | Resolved::Float => (
            "number",
            yaml::js_number_string(yaml::js_number(&scalar.text)?),
        ),
        Resolved::Timestamp => (
            "timestamp",
            Timestamp::parse(&scalar.text).map_or_else(|| "-".to_owned(), |t| t.to_string()),
        ),
        Resolved::Str => ("string", scalar.text.clone()),
    })
}
