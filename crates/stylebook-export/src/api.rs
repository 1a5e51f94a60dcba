//! The static HAL API tree and the Jekyll pages, as the reference builder generates them.
//!
//! Both are views of the same documents: the API writes `topics/<id>/guidelines` and
//! `guidelines/<id>/topics` as JSON and YAML with `.json`/`.yaml` hrefs, and the pages are the
//! same documents flattened into front matter (`topic_*`, `guideline_*` keys) with extension-less
//! hrefs. Key order follows the builder exactly: it is part of the bytes.
//!
//! Every file is one job; jobs are rendered on as many threads as there are cores, each thread
//! taking the next job and writing its file to the sink at once, so memory stays flat however
//! large the catalog. The bytes of a file do not depend on the thread that wrote it, nor on the
//! order in which files reach the sink.

use std::io;

use stylebook_core::Catalog;
use stylebook_core::{FieldValue, Guideline, Reference, Topic};

use crate::Sink;
use crate::document::{Entries, Value};
use crate::{json_writer, yaml_writer};

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

    fn render(self, value: &Value<'_>) -> Vec<u8> {
        match self {
            Flavor::Json => json_writer::to_json(value).into_bytes(),
            Flavor::Yaml => yaml_writer::to_yaml(value).into_bytes(),
        }
    }
}

/// Writes `design/...` in JSON and YAML.
pub(crate) fn write_api(catalog: &Catalog, root: &str, sink: &dyn Sink) -> io::Result<()> {
    let topics = catalog.topic_order();
    let by_topic = catalog.guidelines_by_topic();
    // The large documents (lists, a guideline's topics) first, so that no thread is left with
    // a big one at the end.
    let mut jobs = Vec::with_capacity(4 * (topics.len() + catalog.guidelines().len()) + 4);
    for flavor in [Flavor::Json, Flavor::Yaml] {
        jobs.push(ApiJob::Guidelines(flavor));
        jobs.push(ApiJob::Topics(flavor));
        for g in catalog.guidelines() {
            jobs.push(ApiJob::GuidelineTopics(flavor, g));
        }
    }
    for flavor in [Flavor::Json, Flavor::Yaml] {
        for g in catalog.guidelines() {
            jobs.push(ApiJob::Guideline(flavor, g));
        }
        for &t in &topics {
            jobs.push(ApiJob::TopicGuidelines(flavor, t));
            jobs.push(ApiJob::Topic(flavor, t));
        }
    }
    parallel(&jobs, |job| {
        let (path, doc, flavor) = match *job {
            ApiJob::Guidelines(flavor) => {
                let ext = flavor.ext();
                let items = catalog
                    .guidelines()
                    .iter()
                    .map(|g| guideline_value(root, ext, g))
                    .collect();
                let doc = list_doc(items, root, "guidelines", ext);
                (format!("design/guidelines{ext}"), doc, flavor)
            }
            ApiJob::Topics(flavor) => {
                let ext = flavor.ext();
                let items = topics.iter().map(|t| topic_value(root, ext, t)).collect();
                let doc = list_doc(items, root, "topics", ext);
                (format!("design/topics{ext}"), doc, flavor)
            }
            ApiJob::Guideline(flavor, g) => {
                let ext = flavor.ext();
                let doc = guideline_value(root, ext, g);
                (format!("design/guidelines/{}{ext}", g.id), doc, flavor)
            }
            ApiJob::GuidelineTopics(flavor, g) => {
                let ext = flavor.ext();
                let doc = guideline_topics(catalog, root, ext, g);
                (
                    format!("design/guidelines/{}/topics{ext}", g.id),
                    doc,
                    flavor,
                )
            }
            ApiJob::Topic(flavor, t) => {
                let ext = flavor.ext();
                let doc = topic_value(root, ext, t);
                (format!("design/topics/{}{ext}", t.id), doc, flavor)
            }
            ApiJob::TopicGuidelines(flavor, t) => {
                let ext = flavor.ext();
                let doc = topic_guidelines(catalog, &by_topic, root, ext, t);
                (
                    format!("design/topics/{}/guidelines{ext}", t.id),
                    doc,
                    flavor,
                )
            }
        };
        sink.put(path, flavor.render(&doc))
    })
}

/// Writes `design/topics/<id>-guidelines.md` and `design/guidelines/<id>-topics.md`.
pub(crate) fn write_pages(catalog: &Catalog, root: &str, sink: &dyn Sink) -> io::Result<()> {
    let topics = catalog.topic_order();
    let by_topic = catalog.guidelines_by_topic();
    let jobs: Vec<PageJob<'_>> = catalog
        .guidelines()
        .iter()
        .map(PageJob::Guideline)
        .chain(topics.iter().map(|&t| PageJob::Topic(t)))
        .collect();
    parallel(&jobs, |job| match *job {
        PageJob::Guideline(g) => sink.put(
            format!("design/guidelines/{}-topics.md", g.id),
            guideline_page(catalog, root, g),
        ),
        PageJob::Topic(t) => sink.put(
            format!("design/topics/{}-guidelines.md", t.id),
            topic_page(catalog, &by_topic, root, t),
        ),
    })
}

/// One file of the API tree.
enum ApiJob<'c> {
    /// `design/guidelines`.
    Guidelines(Flavor),
    /// `design/topics`.
    Topics(Flavor),
    /// `design/guidelines/<id>`.
    Guideline(Flavor, &'c Guideline),
    /// `design/guidelines/<id>/topics`.
    GuidelineTopics(Flavor, &'c Guideline),
    /// `design/topics/<id>`.
    Topic(Flavor, &'c Topic),
    /// `design/topics/<id>/guidelines`.
    TopicGuidelines(Flavor, &'c Topic),
}

/// One page.
enum PageJob<'c> {
    Guideline(&'c Guideline),
    Topic(&'c Topic),
}

/// Runs every job on as many threads as the machine has cores (core's pool: a panic reaches
/// the caller). Every job runs; the first error is returned.
fn parallel<J: Sync>(jobs: &[J], run: impl Fn(&J) -> io::Result<()> + Sync) -> io::Result<()> {
    let mut result = Ok(());
    stylebook_core::parallel::in_order(
        jobs.len(),
        stylebook_core::parallel::cores(),
        |i| run(&jobs[i]),
        |_, outcome| {
            if result.is_ok() {
                result = outcome;
            }
        },
    );
    result
}

fn link(href: String) -> Value<'static> {
    Value::Map(vec![("href".into(), Value::from(href))])
}

fn list_doc<'a>(items: Vec<Value<'a>>, root: &str, name: &str, ext: &str) -> Value<'a> {
    Value::Map(vec![
        ("items".into(), Value::Seq(items)),
        (
            "_links".into(),
            Value::Map(vec![
                ("self".into(), link(format!("{root}/design/{name}{ext}"))),
                ("design".into(), link(format!("{root}/design{ext}"))),
            ]),
        ),
    ])
}

/// A topic as the API shows it: its fields, then `_links`.
fn topic_value<'a>(root: &str, ext: &str, t: &'a Topic) -> Value<'a> {
    let mut entries = topic_fields(t);
    entries.push(("_links".into(), topic_links(root, ext, &t.id)));
    Value::Map(entries)
}

/// A topic's id, then its keys in written order (the builder copies the parsed object).
fn topic_fields(t: &Topic) -> Entries<'_> {
    std::iter::once(("id".into(), Value::from(&t.id)))
        .chain(t.fields().map(|(f, v)| (f.key().into(), Value::from(v))))
        .collect()
}

fn topic_links(root: &str, ext: &str, id: &str) -> Value<'static> {
    Value::Map(vec![
        (
            "self".into(),
            link(format!("{root}/design/topics/{id}{ext}")),
        ),
        (
            "topicGuidelines".into(),
            link(format!("{root}/design/topics/{id}/guidelines{ext}")),
        ),
    ])
}

/// A guideline as the API shows it: its fields in written order, then `_links`, where
/// `guidelineTopics` is only given to a guideline with a `reviewDate` (the builder's rule).
pub(crate) fn guideline_value<'a>(root: &str, ext: &str, g: &'a Guideline) -> Value<'a> {
    let mut entries = guideline_fields(g);
    entries.push(("_links".into(), guideline_links(root, ext, g)));
    Value::Map(entries)
}

/// A guideline's metadata fields in written order.
pub(crate) fn guideline_fields(g: &Guideline) -> Entries<'_> {
    g.fields()
        .map(|(field, value)| (field.key().into(), field_value(value)))
        .collect()
}

/// A guideline field's value as a document value.
pub(crate) fn field_value(value: FieldValue<'_>) -> Value<'_> {
    match value {
        FieldValue::Text(t) => Value::from(t),
        FieldValue::Timestamp(t) => Value::Timestamp(t.to_string().into()),
        FieldValue::Authors(authors) => Value::Seq(
            authors
                .iter()
                .map(|a| {
                    Value::Map(
                        a.fields()
                            .map(|(f, v)| (f.key().into(), Value::from(v)))
                            .collect(),
                    )
                })
                .collect(),
        ),
        FieldValue::Null => Value::Null,
    }
}

fn guideline_links(root: &str, ext: &str, g: &Guideline) -> Value<'static> {
    let id = &g.id;
    let mut links = vec![(
        "self".into(),
        link(format!("{root}/design/guidelines/{id}{ext}")),
    )];
    if g.review_date.is_some() {
        links.push((
            "guidelineTopics".into(),
            link(format!("{root}/design/guidelines/{id}/topics{ext}")),
        ));
    }
    Value::Map(links)
}

/// A list of references, each with its keys in written order.
pub(crate) fn references_value(refs: &[Reference]) -> Value<'_> {
    Value::Seq(
        refs.iter()
            .map(|r| {
                Value::Map(
                    r.fields()
                        .map(|(f, v)| (f.key().into(), Value::from(v)))
                        .collect(),
                )
            })
            .collect(),
    )
}

fn topic_guidelines<'a>(
    catalog: &Catalog,
    by_topic: &'a [Vec<(&'a Guideline, &'a [Reference])>],
    root: &str,
    ext: &str,
    t: &'a Topic,
) -> Value<'a> {
    let items = covering(catalog, by_topic, t)
        .iter()
        .map(|(g, refs)| {
            Value::Map(vec![
                ("references".into(), references_value(refs)),
                (
                    "_embedded".into(),
                    Value::Map(vec![("guideline".into(), guideline_value(root, ext, g))]),
                ),
                (
                    "_links".into(),
                    Value::Map(vec![(
                        "guideline".into(),
                        link(format!("{root}/design/guidelines/{}{ext}", g.id)),
                    )]),
                ),
            ])
        })
        .collect();
    Value::Map(vec![
        ("items".into(), Value::Seq(items)),
        (
            "_embedded".into(),
            Value::Map(vec![("topic".into(), topic_value(root, ext, t))]),
        ),
        (
            "_links".into(),
            Value::Map(vec![
                (
                    "self".into(),
                    link(format!("{root}/design/topics/{}/guidelines{ext}", t.id)),
                ),
                (
                    "topic".into(),
                    link(format!("{root}/design/topics/{}{ext}", t.id)),
                ),
            ]),
        ),
    ])
}

/// The guidelines covering a topic, with their references, in reading order.
fn covering<'c>(
    catalog: &Catalog,
    by_topic: &'c [Vec<(&'c Guideline, &'c [Reference])>],
    t: &Topic,
) -> &'c [(&'c Guideline, &'c [Reference])] {
    catalog
        .topics()
        .binary_search_by(|x| x.id.cmp(&t.id))
        .map_or(&[][..], |i| by_topic[i].as_slice())
}

fn guideline_topics<'a>(
    catalog: &'a Catalog,
    root: &str,
    ext: &str,
    g: &'a Guideline,
) -> Value<'a> {
    let items = g
        .topics
        .iter()
        .filter_map(|c| {
            let t = catalog.topic(&c.topic)?;
            Some(Value::Map(vec![
                ("references".into(), references_value(&c.references)),
                (
                    "_embedded".into(),
                    Value::Map(vec![("topic".into(), topic_value(root, ext, t))]),
                ),
                (
                    "_links".into(),
                    Value::Map(vec![(
                        "topic".into(),
                        link(format!("{root}/design/topics/{}{ext}", t.id)),
                    )]),
                ),
            ]))
        })
        .collect();
    Value::Map(vec![
        ("items".into(), Value::Seq(items)),
        (
            "_embedded".into(),
            Value::Map(vec![("guideline".into(), guideline_value(root, ext, g))]),
        ),
        (
            "_links".into(),
            Value::Map(vec![
                (
                    "self".into(),
                    link(format!("{root}/design/guidelines/{}/topics{ext}", g.id)),
                ),
                (
                    "guideline".into(),
                    link(format!("{root}/design/guidelines/{}{ext}", g.id)),
                ),
            ]),
        ),
    ])
}

/// The topic page: `layout`, `title`, `permalink`, `sort`, the topic's fields as `topic_*`, and
/// each covering guideline's fields as `guideline_*` (with its `_links`) and its references.
fn topic_page(
    catalog: &Catalog,
    by_topic: &[Vec<(&Guideline, &[Reference])>],
    root: &str,
    t: &Topic,
) -> Vec<u8> {
    let mut front = page_head(
        "topic",
        &t.name,
        format!("{root}/design/topics/{}", t.id),
        format!("{}_{}", t.category, t.name),
    );
    front.extend(
        topic_fields(t)
            .into_iter()
            .map(|(k, v)| (format!("topic_{k}").into(), v)),
    );
    let guidelines = covering(catalog, by_topic, t)
        .iter()
        .map(|(g, refs)| {
            let mut entry = prefixed(guideline_value(root, "", g), "guideline_", true);
            entry.push(("references".into(), references_value(refs)));
            Value::Map(entry)
        })
        .collect();
    front.push(("guidelines".into(), Value::Seq(guidelines)));
    yaml_writer::to_front_matter(&Value::Map(front)).into_bytes()
}

/// The guideline page, the mirror of [`topic_page`]: the guideline's own `_links` are left out.
fn guideline_page(catalog: &Catalog, root: &str, g: &Guideline) -> Vec<u8> {
    let mut front = page_head(
        "guideline",
        &g.title,
        format!("{root}/design/guidelines/{}", g.id),
        format!("{}_{}", g.company, g.title),
    );
    front.extend(prefixed(guideline_value(root, "", g), "guideline_", false));
    let topics = g
        .topics
        .iter()
        .filter_map(|c| {
            let t = catalog.topic(&c.topic)?;
            let mut entry = prefixed(topic_value(root, "", t), "topic_", true);
            entry.push(("references".into(), references_value(&c.references)));
            Some(Value::Map(entry))
        })
        .collect();
    front.push(("topics".into(), Value::Seq(topics)));
    yaml_writer::to_front_matter(&Value::Map(front)).into_bytes()
}

/// The keys every page starts with, in the builder's order.
fn page_head<'a>(
    layout: &'static str,
    title: &'a str,
    permalink: String,
    sort: String,
) -> Entries<'a> {
    vec![
        ("layout".into(), Value::from(layout)),
        ("title".into(), Value::from(title)),
        ("permalink".into(), Value::from(permalink)),
        ("sort".into(), Value::from(sort)),
    ]
}

/// A document's fields with a prefix, with or without its `_links`.
fn prefixed<'a>(value: Value<'a>, prefix: &str, with_links: bool) -> Entries<'a> {
    match value {
        Value::Map(entries) => entries
            .into_iter()
            .filter(|(k, _)| with_links || k != "_links")
            .map(|(k, v)| (format!("{prefix}{k}").into(), v))
            .collect(),
        _ => Vec::new(),
    }
}
