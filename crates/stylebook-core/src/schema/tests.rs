//! Tests of the schema types: the schemas are valid draft-07, closed, and in sync with the
//! readers (same keys, same required keys, same faults rejected), and their examples pass both.

use serde_json::{Value, json};

use super::{GENERATED, SCHEMA_CATALOG, all, files, files_for};
use crate::diag::{Code, Sources};
use crate::model::GuidelineField;
use crate::read::fields::{AUTHOR_FIELDS, REFERENCE_FIELDS, TOPIC_FIELDS};
use crate::read::pages::{PAGE_KEYS, TOPIC_KEYS};
use crate::read::{self, FileKind};

/// The generated schema of a file, as JSON.
fn schema(name: &str) -> Value {
    all()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| s.to_value())
        .unwrap_or_else(|| panic!("no schema {name}"))
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(schema)
        .unwrap()
}

/// The first example of a schema.
fn example(name: &str) -> Value {
    schema(name)["examples"][0].clone()
}

/// An object schema: the root, or a definition.
fn object<'s>(schema: &'s Value, definition: Option<&str>) -> &'s Value {
    match definition {
        Some(d) => &schema["definitions"][d],
        None => schema,
    }
}

fn sorted(keys: impl IntoIterator<Item = impl Into<String>>) -> Vec<String> {
    let mut keys: Vec<String> = keys.into_iter().map(Into::into).collect();
    keys.sort();
    keys
}

fn property_names(object: &Value) -> Vec<String> {
    sorted(object["properties"].as_object().unwrap().keys().cloned())
}

#[test]
fn schemas_are_draft07_with_id_and_marker() {
    let names: Vec<&str> = all().iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "topics.schema.json",
            "guideline.schema.json",
            "topic-page.schema.json",
            "guideline-page.schema.json",
            "catalog.schema.json",
            "openapi-rules.schema.json",
            "x-guidelines.schema.json",
        ]
    );
    for (name, schema) in all() {
        let schema = schema.to_value();
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
        assert!(schema.get("$id").is_none(), "{name} names no host");
        assert_eq!(schema["$comment"], GENERATED);
        assert!(schema["title"].is_string(), "{name} has a title");
        assert!(
            jsonschema::draft7::meta::is_valid(&schema),
            "{name} is a valid draft-07 schema"
        );
        validator(&schema);
    }
}

#[test]
fn every_object_with_properties_is_closed() {
    fn walk(name: &str, path: &str, value: &Value) {
        match value {
            Value::Object(map) => {
                if map.contains_key("properties") {
                    assert_eq!(
                        map.get("additionalProperties"),
                        Some(&Value::Bool(false)),
                        "{name}#{path} is open"
                    );
                }
                for (k, v) in map {
                    if k != "examples" {
                        walk(name, &format!("{path}/{k}"), v);
                    }
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(name, &format!("{path}/{i}"), v);
                }
            }
            _ => {}
        }
    }
    for (name, schema) in all() {
        walk(name, "", schema.as_value());
    }
}

#[test]
fn keys_match_the_readers() {
    let guideline: Vec<String> = GuidelineField::ALL
        .iter()
        .map(|f| f.key().to_owned())
        .collect();
    let prefixed: Vec<String> = guideline.iter().map(|k| format!("guideline_{k}")).collect();
    let with = |base: &[String], extra: &[&str]| {
        sorted(
            base.iter()
                .cloned()
                .chain(extra.iter().map(|e| (*e).to_owned())),
        )
    };
    let strs = |keys: &[&str]| sorted(keys.iter().copied());
    let page_topic: Vec<String> = TOPIC_KEYS.iter().map(|k| (*k).to_owned()).collect();
    let page: Vec<String> = PAGE_KEYS.iter().map(|k| (*k).to_owned()).collect();
    let cases: Vec<(&str, Option<&str>, Vec<String>)> = vec![
        (
            "topics.schema.json",
            Some("TopicDefinition"),
            strs(TOPIC_FIELDS),
        ),
        ("guideline.schema.json", None, with(&guideline, &["topics"])),
        (
            "guideline.schema.json",
            Some("Reference"),
            strs(REFERENCE_FIELDS),
        ),
        ("guideline.schema.json", Some("Author"), strs(AUTHOR_FIELDS)),
        (
            "topic-page.schema.json",
            None,
            with(
                &[page.clone(), page_topic.clone()].concat(),
                &["guidelines"],
            ),
        ),
        (
            "topic-page.schema.json",
            Some("TopicPageGuideline"),
            with(&prefixed, &["references", "guideline__links"]),
        ),
        (
            "guideline-page.schema.json",
            None,
            with(&[page, prefixed.clone()].concat(), &["topics"]),
        ),
        (
            "guideline-page.schema.json",
            Some("GuidelinePageTopic"),
            with(&page_topic, &["topic__links", "references"]),
        ),
        (
            "catalog.schema.json",
            None,
            strs(&["$schema", "topics", "guidelines"]),
        ),
        (
            "catalog.schema.json",
            Some("CatalogTopic"),
            sorted(std::iter::once("id").chain(TOPIC_FIELDS.iter().copied())),
        ),
        (
            "catalog.schema.json",
            Some("CatalogGuideline"),
            with(&guideline, &["topics"]),
        ),
        (
            "catalog.schema.json",
            Some("CatalogCoverage"),
            strs(&["topic", "references"]),
        ),
    ];
    for (name, definition, readers) in cases {
        let schema = schema(name);
        assert_eq!(
            property_names(object(&schema, definition)),
            readers,
            "{name} {definition:?}"
        );
    }
}

/// The example files of one catalog, as the readers take them: (path, kind, text).
fn example_files(mutated: &str, value: &Value) -> Vec<(&'static str, FileKind, String)> {
    let text = |name: &str| {
        let v = if name == mutated {
            value.clone()
        } else {
            example(name)
        };
        serde_json::to_string_pretty(&v).unwrap()
    };
    let page = |name: &str| format!("---\n{}\n---\n", unquote_dates(&text(name)));
    let yaml = |name: &str| unquote_dates(&text(name));
    match mutated {
        "topics.schema.json" | "guideline.schema.json" => vec![
            ("topics.yaml", FileKind::Topics, yaml("topics.schema.json")),
            (
                "guidelines/acme-api-guide.yaml",
                FileKind::Guideline,
                yaml("guideline.schema.json"),
            ),
        ],
        "topic-page.schema.json" | "guideline-page.schema.json" => vec![
            (
                "pages/http-status-409-guidelines.md",
                FileKind::Page,
                page("topic-page.schema.json"),
            ),
            (
                "pages/acme-api-guide-topics.md",
                FileKind::Page,
                page("guideline-page.schema.json"),
            ),
        ],
        _ => vec![(
            "catalog.json",
            FileKind::CatalogJson,
            text("catalog.schema.json"),
        )],
    }
}

/// JSON text read as YAML, with dates unquoted: a quoted date is text to js-yaml, and the
/// readers refuse it where a date belongs.
fn unquote_dates(json: &str) -> String {
    json.lines()
        .map(|line| {
            let is_date_key = ["\"date\": \"", "Date\": \"", "_date\": \""]
                .iter()
                .any(|k| line.contains(k));
            match line.rsplit_once(": \"") {
                Some((key, value)) if is_date_key => {
                    format!("{key}: {}", value.replacen('"', "", 1))
                }
                _ => line.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The readers' errors about the replaced file, for the example catalog with one file
/// replaced. Errors about the catalog as a whole (a topic left unused, or undefined) and about
/// other files are not the file's shape: a schema cannot see them.
fn reader_errors(mutated: &str, value: &Value) -> Vec<String> {
    let mut sources = Sources::new();
    let mut files = example_files(mutated, value);
    let index = match mutated {
        "guideline.schema.json" => 1,
        // A page is read alone: a changed page disagrees with the other one.
        "topic-page.schema.json" => {
            files.truncate(1);
            0
        }
        "guideline-page.schema.json" => {
            files.remove(0);
            0
        }
        _ => 0,
    };
    let inputs: Vec<_> = files
        .into_iter()
        .map(|(path, kind, text)| (sources.add(path, text), kind))
        .collect();
    read::read_unchecked(&sources, &inputs)
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && d.primary.file == inputs[index].0)
        .filter(|d| !matches!(d.code, Code::UnusedTopic | Code::UndefinedTopic))
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect()
}

const CATALOG_SCHEMAS: [&str; 5] = [
    "topics.schema.json",
    "guideline.schema.json",
    "topic-page.schema.json",
    "guideline-page.schema.json",
    "catalog.schema.json",
];

#[test]
fn examples_pass_the_schemas_and_the_readers() {
    for (name, schema) in all() {
        let schema = schema.to_value();
        let examples = schema["examples"].as_array();
        let Some(examples) = examples else {
            assert!(!CATALOG_SCHEMAS.contains(&name), "{name} has no example");
            continue;
        };
        for e in examples {
            let errors: Vec<String> = validator(&schema)
                .iter_errors(e)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{name}: {errors:?}");
        }
    }
    for name in CATALOG_SCHEMAS {
        let mut sources = Sources::new();
        let inputs: Vec<_> = example_files(name, &example(name))
            .into_iter()
            .map(|(path, kind, text)| (sources.add(path, text), kind))
            .collect();
        let loaded = read::read_unchecked(&sources, &inputs);
        assert!(
            loaded.diagnostics.is_empty(),
            "{name}: {:?}",
            loaded.diagnostics
        );
        assert_eq!(loaded.catalog.reference_count(), 1);
    }
}

/// The objects of each example whose keys the readers check, by JSON pointer.
const OBJECTS: &[(&str, &[&str])] = &[
    ("topics.schema.json", &["/http-status-409"]),
    (
        "guideline.schema.json",
        &["", "/authors/0", "/topics/http-status-409/0"],
    ),
    (
        "topic-page.schema.json",
        &["", "/guidelines/0", "/guidelines/0/references/0"],
    ),
    (
        "guideline-page.schema.json",
        &["", "/topics/0", "/topics/0/references/0"],
    ),
    (
        "catalog.schema.json",
        &[
            "",
            "/topics/0",
            "/guidelines/0",
            "/guidelines/0/topics/0",
            "/guidelines/0/topics/0/references/0",
        ],
    ),
];

#[test]
fn required_keys_match_the_readers() {
    for &(name, pointers) in OBJECTS {
        let validator = validator(&schema(name));
        for pointer in pointers {
            let keys: Vec<String> = example(name)
                .pointer(pointer)
                .and_then(Value::as_object)
                .unwrap()
                .keys()
                .cloned()
                .collect();
            for key in keys {
                let mut doc = example(name);
                doc.pointer_mut(pointer)
                    .and_then(Value::as_object_mut)
                    .unwrap()
                    .shift_remove(&key);
                let schema_ok = validator.is_valid(&doc);
                let readers = reader_errors(name, &doc);
                assert_eq!(
                    schema_ok,
                    readers.is_empty(),
                    "{name}{pointer} without `{key}`: schema says {schema_ok}, readers say {readers:?}"
                );
            }
        }
    }
}

/// Plants one fault into an example: sets `key` of the object at `pointer` to `value`, or
/// renames it when `value` is a string starting with `rename:`.
fn plant(name: &str, pointer: &str, key: &str, value: &Value) -> Value {
    let mut doc = example(name);
    let object = doc
        .pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .unwrap();
    match value.as_str().and_then(|v| v.strip_prefix("rename:")) {
        Some(new) => {
            let old = object.shift_remove(key).unwrap();
            object.insert(new.to_owned(), old);
        }
        None => {
            object.insert(key.to_owned(), value.clone());
        }
    }
    doc
}

#[test]
fn faults_are_caught_by_the_schema_alone_and_by_the_readers() {
    let cases: &[(&str, &str, &str, Value)] = &[
        // Misspelt keys.
        (
            "topics.schema.json",
            "/http-status-409",
            "category",
            json!("rename:categroy"),
        ),
        ("guideline.schema.json", "", "title", json!("rename:titel")),
        (
            "guideline.schema.json",
            "/topics/http-status-409/0",
            "name",
            json!("rename:nmae"),
        ),
        (
            "guideline.schema.json",
            "/authors/0",
            "twitter",
            json!("rename:twiter"),
        ),
        (
            "topic-page.schema.json",
            "",
            "topic_name",
            json!("rename:topic_nmae"),
        ),
        (
            "topic-page.schema.json",
            "/guidelines/0",
            "guideline_url",
            json!("rename:guideline_ulr"),
        ),
        (
            "guideline-page.schema.json",
            "/topics/0",
            "references",
            json!("rename:refs"),
        ),
        (
            "catalog.schema.json",
            "/guidelines/0/topics/0",
            "topic",
            json!("rename:topci"),
        ),
        // Wrong types.
        ("topics.schema.json", "/http-status-409", "name", json!(409)),
        ("guideline.schema.json", "", "title", json!(42)),
        ("guideline.schema.json", "", "authors", json!("Ada Example")),
        (
            "guideline.schema.json",
            "/topics",
            "http-status-409",
            json!({ "name": "x" }),
        ),
        ("topic-page.schema.json", "", "guidelines", json!({})),
        (
            "guideline-page.schema.json",
            "/topics/0",
            "topic_description",
            json!(["x"]),
        ),
        ("catalog.schema.json", "", "topics", json!({})),
        // Bad ids.
        (
            "topics.schema.json",
            "",
            "http-status-409",
            json!("rename:../x"),
        ),
        ("guideline.schema.json", "", "id", json!("../x")),
        (
            "guideline.schema.json",
            "/topics",
            "http-status-409",
            json!("rename:HTTP 409"),
        ),
        ("topic-page.schema.json", "", "topic_id", json!("a/b")),
        (
            "guideline-page.schema.json",
            "",
            "guideline_id",
            json!("-acme"),
        ),
        ("catalog.schema.json", "/topics/0", "id", json!("a_b")),
        // Bad URLs.
        (
            "guideline.schema.json",
            "",
            "url",
            json!("javascript:alert(1)"),
        ),
        (
            "guideline.schema.json",
            "",
            "githubUrl",
            json!("ftp://github.com/acme"),
        ),
        (
            "guideline.schema.json",
            "",
            "companyLogoUrl",
            json!("//evil.example/logo.png"),
        ),
        (
            "guideline.schema.json",
            "/topics/http-status-409/0",
            "url",
            json!("https://acme.example/a b"),
        ),
        (
            "topic-page.schema.json",
            "/guidelines/0/references/0",
            "url",
            json!("javascript:alert(1)"),
        ),
        (
            "catalog.schema.json",
            "/guidelines/0",
            "companyUrl",
            json!("acme.example"),
        ),
        // Bad values.
        ("guideline.schema.json", "", "type", json!("blog")),
        ("guideline.schema.json", "", "date", json!("2019-13-01")),
        (
            "guideline.schema.json",
            "",
            "reviewDate",
            json!("last year"),
        ),
        ("topic-page.schema.json", "", "layout", json!("post")),
    ];
    for (name, pointer, key, value) in cases {
        let doc = plant(name, pointer, key, value);
        assert!(
            !validator(&schema(name)).is_valid(&doc),
            "the schema accepts {name}{pointer}/{key} = {value}"
        );
        assert!(
            !reader_errors(name, &doc).is_empty(),
            "the readers accept {name}{pointer}/{key} = {value}"
        );
    }
}

#[test]
fn the_readers_spellings_of_dates_pass() {
    let date = &schema("guideline.schema.json")["definitions"]["Date"];
    let mut definitions = serde_json::Map::new();
    definitions.insert("Date".into(), date.clone());
    let validator = validator(&json!({ "$ref": "#/definitions/Date", "definitions": definitions }));
    for ok in [
        "2015-01-15",
        "2015-1-5",
        "2015-01-15T00:00:00.000Z",
        "2001-12-14t21:59:43.10-05:00",
        "2001-12-14 21:59:43.10 -5",
        "2001-12-14T21:59:43",
    ] {
        assert!(validator.is_valid(&json!(ok)), "{ok}");
        assert!(crate::model::Timestamp::parse(ok).is_some(), "{ok}");
    }
    for bad in [
        "2015-13-01",
        "15-01-15",
        "2015-01-15T",
        "tomorrow",
        "2015-01-15T24:00:00Z",
    ] {
        assert!(!validator.is_valid(&json!(bad)), "{bad}");
        assert!(crate::model::Timestamp::parse(bad).is_none(), "{bad}");
    }
}

#[test]
fn the_schema_catalog_lists_every_schema() {
    let files = files();
    let (name, text) = files.last().unwrap();
    assert_eq!(name, SCHEMA_CATALOG);
    let catalog: Value = serde_json::from_str(text).unwrap();
    let urls: Vec<&str> = catalog["schemas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["url"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = all().iter().map(|(n, _)| format!("./{n}")).collect();
    assert_eq!(urls, expected);
    // SchemaStore's catalog schema allows no other key, `$comment` included.
    let keys: Vec<&String> = catalog.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["$schema", "version", "schemas"]);
    for entry in catalog["schemas"].as_array().unwrap() {
        assert!(
            entry["description"].is_string(),
            "{entry} has a description"
        );
    }
    for (name, text) in &files {
        assert!(text.ends_with("}\n"), "{name} ends with a newline");
        if name != SCHEMA_CATALOG {
            assert!(text.contains(GENERATED), "{name} says it is generated");
        }
    }
}

/// The rules of SchemaStore's catalog schema (`schema-catalog.json` in SchemaStore's
/// repository), written out here: the three root keys, each entry's keys and types, unique
/// `fileMatch` globs, and absolute `https://` URLs.
fn schemastore_catalog_rules() -> Value {
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["schemas", "version", "$schema"],
        "properties": {
            "$schema": { "enum": ["https://json.schemastore.org/schema-catalog.json"] },
            "version": { "type": "number" },
            "schemas": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["name", "url", "description"],
                    "properties": {
                        "name": { "type": "string" },
                        "description": { "type": "string" },
                        "fileMatch": {
                            "type": "array",
                            "items": { "type": "string" },
                            "uniqueItems": true
                        },
                        "url": { "type": "string", "format": "uri", "pattern": "^https://" },
                        "versions": { "type": "object" }
                    }
                }
            }
        }
    })
}

#[test]
fn a_published_schema_catalog_passes_schemastore_rules_and_an_offline_one_only_its_urls() {
    let rules = validator(&schemastore_catalog_rules());
    let catalog = |base: Option<&str>| -> Value {
        let files = files_for(None, base);
        serde_json::from_str(&files.last().unwrap().1).unwrap()
    };
    let published = catalog(Some("https://example.org/schemas/"));
    let errors: Vec<String> = rules
        .iter_errors(&published)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        published["schemas"][0]["url"],
        "https://example.org/schemas/topics.schema.json"
    );
    // Offline, every entry's URL is relative (not a `uri`, not `https://`), and nothing else
    // differs.
    let offline = catalog(None);
    let mut errors: Vec<String> = rules
        .iter_errors(&offline)
        .map(|e| e.instance_path().to_string())
        .collect();
    errors.dedup();
    let urls: Vec<String> = (0..all().len())
        .map(|i| format!("/schemas/{i}/url"))
        .collect();
    assert_eq!(errors, urls);
}

#[test]
fn a_catalog_narrows_the_places_that_use_topics() {
    let mut sources = Sources::new();
    let topics = "a-topic:\n  category: C\n  name: A\n  description: What A is.\n\
                  b-topic:\n  category: B\n  name: B\n  description: What B is.\n";
    let file = sources.add("topics.yaml", topics.to_owned());
    let loaded = crate::read(&sources, &[(file, FileKind::Topics)]);
    let narrowed = files_for(Some(&loaded.catalog), None);
    let schema = |name: &str| -> Value {
        let (_, text) = narrowed.iter().find(|(n, _)| n == name).unwrap();
        serde_json::from_str(text).unwrap()
    };
    let guideline = validator(&schema("guideline.schema.json"));
    let mut file = example("guideline.schema.json");
    file["topics"] = json!({ "b-topic": [{ "name": "B", "url": "https://acme.example/b" }] });
    assert!(guideline.is_valid(&file));
    assert_eq!(
        schema("guideline.schema.json")["properties"]["topics"]["properties"]["b-topic"]["description"],
        "B: What B is."
    );
    file["topics"] = json!({ "c-topic": [{ "name": "C", "url": "https://acme.example/c" }] });
    assert!(!guideline.is_valid(&file), "a topic the catalog lacks");

    let page = validator(&schema("guideline-page.schema.json"));
    let mut file = example("guideline-page.schema.json");
    file["topics"][0]["topic_id"] = json!("a-topic");
    assert!(page.is_valid(&file));
    file["topics"][0]["topic_id"] = json!("c-topic");
    assert!(!page.is_valid(&file), "a topic the catalog lacks");

    // Rules offer the catalog's ids and still take templates and other ids.
    let rules = schema("openapi-rules.schema.json");
    let items = &rules["definitions"]["ResponseRule"]["properties"]["topics"]["items"];
    assert_eq!(items["anyOf"][0]["enum"], json!(["a-topic", "b-topic"]));
    // The places that define topics stay open.
    assert_eq!(
        schema("topics.schema.json"),
        serde_json::from_str::<Value>(&files()[0].1).unwrap()
    );
}
