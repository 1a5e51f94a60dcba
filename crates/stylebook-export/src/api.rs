//! The static HAL API tree and the Jekyll pages, as the reference builder generates them.
//!
//! Both are views of the same documents: the API writes `topics/<id>/guidelines` and
//! `guidelines/<id>/topics` as JSON and YAML with `.json`/`.yaml` hrefs, and the pages are the
//! same documents flattened into front matter (`topic_*`, `guideline_*` keys) with extension-less
//! hrefs. Key order follows the builder exactly: it is part of the bytes.
//!
//! Files are rendered in parallel on two threads (topics and guidelines), each writing to the
//! sink as it goes, so memory stays flat however large the catalog; the bytes of every file do
//! not depend on the thread that wrote it.

use std::io;

use stylebook_core::Catalog;
use stylebook_core::model::{FieldValue, Guideline, Reference, Topic};

use crate::Sink;
use crate::value::Value;
use crate::{json, yaml};

/// The API formats: file extension and href suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavor {
    Json,
    Yaml,
}

impl Flavor {
    fn ext(self) -> &'static str {
        match self {
            Flavor::Json => ".json",
            Flavor::Yaml => ".yaml",
        }
    }

    fn render(self, value: &Value) -> Vec<u8> {
        match self {
            Flavor::Json => json::to_json(value).into_bytes(),
            Flavor::Yaml => yaml::to_yaml(value).into_bytes(),
        }
    }
}

/// Writes `design/...` in JSON and YAML.
pub fn write_api(catalog: &Catalog, root: &str, sink: &dyn Sink) -> io::Result<()> {
    let topics = catalog.topic_order();
    let by_topic = catalog.coverage_by_topic();
    std::thread::scope(|scope| {
        let guidelines = scope.spawn(|| -> io::Result<()> {
            for flavor in [Flavor::Json, Flavor::Yaml] {
                let ext = flavor.ext();
                let list = list_doc(
                    catalog
                        .guidelines
                        .iter()
                        .map(|g| guideline_value(root, ext, g))
                        .collect(),
                    root,
                    "guidelines",
                    ext,
                );
                sink.put("design/guidelines".to_owned() + ext, flavor.render(&list))?;
                for g in &catalog.guidelines {
                    let one = guideline_value(root, ext, g);
                    sink.put(
                        format!("design/guidelines/{}{ext}", g.id),
                        flavor.render(&one),
                    )?;
                    let doc = guideline_topics(catalog, root, ext, g);
                    sink.put(
                        format!("design/guidelines/{}/topics{ext}", g.id),
                        flavor.render(&doc),
                    )?;
                }
            }
            Ok(())
        });
        for flavor in [Flavor::Json, Flavor::Yaml] {
            let ext = flavor.ext();
            let list = list_doc(
                topics.iter().map(|t| topic_value(root, ext, t)).collect(),
                root,
                "topics",
                ext,
            );
            sink.put("design/topics".to_owned() + ext, flavor.render(&list))?;
            for t in &topics {
                sink.put(
                    format!("design/topics/{}{ext}", t.id),
                    flavor.render(&topic_value(root, ext, t)),
                )?;
                let doc = topic_guidelines(catalog, &by_topic, root, ext, t);
                sink.put(
                    format!("design/topics/{}/guidelines{ext}", t.id),
                    flavor.render(&doc),
                )?;
            }
        }
        guidelines
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("a writer thread failed")))
    })
}

/// Writes `design/topics/<id>-guidelines.md` and `design/guidelines/<id>-topics.md`.
pub fn write_pages(catalog: &Catalog, root: &str, sink: &dyn Sink) -> io::Result<()> {
    let topics = catalog.topic_order();
    let by_topic = catalog.coverage_by_topic();
    std::thread::scope(|scope| {
        let guidelines = scope.spawn(|| -> io::Result<()> {
            for g in &catalog.guidelines {
                let doc = guideline_topics(catalog, root, "", g);
                sink.put(
                    format!("design/guidelines/{}-topics.md", g.id),
                    guideline_page(&doc, g),
                )?;
            }
            Ok(())
        });
        for t in &topics {
            let doc = topic_guidelines(catalog, &by_topic, root, "", t);
            sink.put(
                format!("design/topics/{}-guidelines.md", t.id),
                topic_page(&doc, t),
            )?;
        }
        guidelines
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("a writer thread failed")))
    })
}

fn link(href: String) -> Value {
    Value::Map(vec![("href".to_owned(), Value::Str(href))])
}

fn list_doc(items: Vec<Value>, root: &str, name: &str, ext: &str) -> Value {
    Value::Map(vec![
        ("items".to_owned(), Value::Seq(items)),
        (
            "_links".to_owned(),
            Value::Map(vec![
                (
                    "self".to_owned(),
                    link(format!("{root}/design/{name}{ext}")),
                ),
                ("design".to_owned(), link(format!("{root}/design{ext}"))),
            ]),
        ),
    ])
}

/// A topic as the API shows it: its fields, then `_links`.
fn topic_value(root: &str, ext: &str, t: &Topic) -> Value {
    let mut entries = topic_fields(t);
    entries.push(("_links".to_owned(), topic_links(root, ext, &t.id)));
    Value::Map(entries)
}

fn topic_fields(t: &Topic) -> Vec<(String, Value)> {
    vec![
        ("id".to_owned(), Value::Str(t.id.clone())),
        ("category".to_owned(), Value::Str(t.category.clone())),
        ("name".to_owned(), Value::Str(t.name.clone())),
        ("description".to_owned(), Value::Str(t.description.clone())),
    ]
}

fn topic_links(root: &str, ext: &str, id: &str) -> Value {
    Value::Map(vec![
        (
            "self".to_owned(),
            link(format!("{root}/design/topics/{id}{ext}")),
        ),
        (
            "topicGuidelines".to_owned(),
            link(format!("{root}/design/topics/{id}/guidelines{ext}")),
        ),
    ])
}

/// A guideline as the API shows it: its fields in written order, then `_links`, where
/// `guidelineTopics` is only given to a guideline with a `reviewDate` (the builder's rule).
pub fn guideline_value(root: &str, ext: &str, g: &Guideline) -> Value {
    let mut entries = guideline_fields(g);
    entries.push(("_links".to_owned(), guideline_links(root, ext, g)));
    Value::Map(entries)
}

/// A guideline's metadata fields in written order.
pub fn guideline_fields(g: &Guideline) -> Vec<(String, Value)> {
    g.fields()
        .map(|(field, value)| (field.key().to_owned(), field_value(value)))
        .collect()
}

/// A guideline field's value as a document value.
pub fn field_value(value: FieldValue<'_>) -> Value {
    match value {
        FieldValue::Text(t) => Value::Str(t.to_owned()),
        FieldValue::Timestamp(t) => Value::Timestamp(t.to_string()),
        FieldValue::Authors(authors) => Value::Seq(
            authors
                .iter()
                .map(|a| {
                    let mut m = vec![("name".to_owned(), Value::Str(a.name.clone()))];
                    if let Some(tw) = &a.twitter {
                        m.push(("twitter".to_owned(), Value::Str(tw.clone())));
                    }
                    Value::Map(m)
                })
                .collect(),
        ),
    }
}

fn guideline_links(root: &str, ext: &str, g: &Guideline) -> Value {
    let id = &g.id;
    let mut links = vec![(
        "self".to_owned(),
        link(format!("{root}/design/guidelines/{id}{ext}")),
    )];
    if g.review_date.is_some() {
        links.push((
            "guidelineTopics".to_owned(),
            link(format!("{root}/design/guidelines/{id}/topics{ext}")),
        ));
    }
    Value::Map(links)
}

/// A list of references, each with its keys in written order.
pub fn references_value(refs: &[Reference]) -> Value {
    Value::Seq(
        refs.iter()
            .map(|r| {
                Value::Map(
                    r.fields()
                        .map(|(f, v)| {
                            let v = v.map_or(Value::Null, |s| Value::Str(s.to_owned()));
                            (f.key().to_owned(), v)
                        })
                        .collect(),
                )
            })
            .collect(),
    )
}

fn topic_guidelines(
    catalog: &Catalog,
    by_topic: &[Vec<(&Guideline, &[Reference])>],
    root: &str,
    ext: &str,
    t: &Topic,
) -> Value {
    let covering = catalog
        .topics
        .binary_search_by(|x| x.id.cmp(&t.id))
        .map_or(&[][..], |i| by_topic[i].as_slice());
    let items = covering
        .iter()
        .map(|(g, refs)| {
            Value::Map(vec![
                ("references".to_owned(), references_value(refs)),
                (
                    "_embedded".to_owned(),
                    Value::Map(vec![(
                        "guideline".to_owned(),
                        guideline_value(root, ext, g),
                    )]),
                ),
                (
                    "_links".to_owned(),
                    Value::Map(vec![(
                        "guideline".to_owned(),
                        link(format!("{root}/design/guidelines/{}{ext}", g.id)),
                    )]),
                ),
            ])
        })
        .collect();
    Value::Map(vec![
        ("items".to_owned(), Value::Seq(items)),
        (
            "_embedded".to_owned(),
            Value::Map(vec![("topic".to_owned(), topic_value(root, ext, t))]),
        ),
        (
            "_links".to_owned(),
            Value::Map(vec![
                (
                    "self".to_owned(),
                    link(format!("{root}/design/topics/{}/guidelines{ext}", t.id)),
                ),
                (
                    "topic".to_owned(),
                    link(format!("{root}/design/topics/{}{ext}", t.id)),
                ),
            ]),
        ),
    ])
}

fn guideline_topics(catalog: &Catalog, root: &str, ext: &str, g: &Guideline) -> Value {
    let items = g
        .topics
        .iter()
        .filter_map(|c| {
            let t = catalog.topic(&c.topic)?;
            Some(Value::Map(vec![
                ("references".to_owned(), references_value(&c.references)),
                (
                    "_embedded".to_owned(),
                    Value::Map(vec![("topic".to_owned(), topic_value(root, ext, t))]),
                ),
                (
                    "_links".to_owned(),
                    Value::Map(vec![(
                        "topic".to_owned(),
                        link(format!("{root}/design/topics/{}{ext}", t.id)),
                    )]),
                ),
            ]))
        })
        .collect();
    Value::Map(vec![
        ("items".to_owned(), Value::Seq(items)),
        (
            "_embedded".to_owned(),
            Value::Map(vec![(
                "guideline".to_owned(),
                guideline_value(root, ext, g),
            )]),
        ),
        (
            "_links".to_owned(),
            Value::Map(vec![
                (
                    "self".to_owned(),
                    link(format!("{root}/design/guidelines/{}/topics{ext}", g.id)),
                ),
                (
                    "guideline".to_owned(),
                    link(format!("{root}/design/guidelines/{}{ext}", g.id)),
                ),
            ]),
        ),
    ])
}

/// The topic page: `layout`, `title`, `permalink`, `sort`, the topic's fields as `topic_*`, and
/// each covering guideline's fields as `guideline_*` with its references.
fn topic_page(doc: &Value, t: &Topic) -> Vec<u8> {
    let mut front = vec![
        ("layout".to_owned(), Value::Str("topic".to_owned())),
        ("title".to_owned(), Value::Str(t.name.clone())),
        (
            "permalink".to_owned(),
            self_href(doc.get("_embedded").and_then(|e| e.get("topic"))),
        ),
        (
            "sort".to_owned(),
            Value::Str(format!("{}_{}", t.category, t.name)),
        ),
    ];
    front.extend(
        topic_fields(t)
            .into_iter()
            .map(|(k, v)| (format!("topic_{k}"), v)),
    );
    let guidelines = items(doc)
        .iter()
        .map(|item| {
            let mut entry = prefixed(
                item.get("_embedded").and_then(|e| e.get("guideline")),
                "guideline_",
                true,
            );
            entry.push(references_of(item));
            Value::Map(entry)
        })
        .collect();
    front.push(("guidelines".to_owned(), Value::Seq(guidelines)));
    page(&Value::Map(front))
}

/// The guideline page, the mirror of [`topic_page`].
fn guideline_page(doc: &Value, g: &Guideline) -> Vec<u8> {
    let embedded = doc.get("_embedded").and_then(|e| e.get("guideline"));
    let mut front = vec![
        ("layout".to_owned(), Value::Str("guideline".to_owned())),
        ("title".to_owned(), Value::Str(g.title.clone())),
        ("permalink".to_owned(), self_href(embedded)),
        (
            "sort".to_owned(),
            Value::Str(format!("{}_{}", g.company, g.title)),
        ),
    ];
    front.extend(prefixed(embedded, "guideline_", false));
    let topics = items(doc)
        .iter()
        .map(|item| {
            let mut entry = prefixed(
                item.get("_embedded").and_then(|e| e.get("topic")),
                "topic_",
                true,
            );
            entry.push(references_of(item));
            Value::Map(entry)
        })
        .collect();
    front.push(("topics".to_owned(), Value::Seq(topics)));
    page(&Value::Map(front))
}

fn page(front: &Value) -> Vec<u8> {
    let mut text = String::from("---\n");
    text.push_str(&yaml::to_yaml(front));
    text.push_str("---");
    text.into_bytes()
}

fn items(doc: &Value) -> &[Value] {
    match doc.get("items") {
        Some(Value::Seq(items)) => items,
        _ => &[],
    }
}

fn self_href(embedded: Option<&Value>) -> Value {
    embedded
        .and_then(|e| e.get("_links"))
        .and_then(|l| l.get("self"))
        .and_then(|s| s.get("href"))
        .cloned()
        .unwrap_or(Value::Null)
}

/// A document's fields with a prefix, with or without its `_links`.
fn prefixed(value: Option<&Value>, prefix: &str, with_links: bool) -> Vec<(String, Value)> {
    match value {
        Some(Value::Map(entries)) => entries
            .iter()
            .filter(|(k, _)| with_links || k != "_links")
            .map(|(k, v)| (format!("{prefix}{k}"), v.clone()))
            .collect(),
        _ => Vec::new(),
    }
}

fn references_of(item: &Value) -> (String, Value) {
    (
        "references".to_owned(),
        item.get("references")
            .cloned()
            .unwrap_or(Value::Seq(Vec::new())),
    )
}
