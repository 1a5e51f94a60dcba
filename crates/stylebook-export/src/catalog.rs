//! The normalized one-file catalog: `catalog.json` and `catalog.yaml`, and the source layout.
//!
//! Catalog shape (documented in the README and in `schemas/catalog.schema.json`):
//! `{"topics": [{id, category, name, description}], "guidelines": [{<metadata in written
//! order>, "topics": [{"topic": id, "references": [...]}]}]}`. Topics are sorted by id,
//! guidelines are in reading order. Dates are written `YYYY-MM-DD` (or a full timestamp when
//! they carry a time of day).
//!
//! The source layout is `topics.yaml` (id -> topic, sorted by id) and `guidelines/<id>.yaml`
//! (metadata in written order, then `topics:` id -> references). Both keep everything the
//! reference outputs depend on, so pages -> source -> pages gives the same bytes.

use std::io;

use stylebook_core::Catalog;
use stylebook_core::{FieldValue, Guideline, Timestamp, Topic};

use crate::api::{field_value, references_value};
use crate::document::{Entries, Value};
use crate::{Sink, json_writer, yaml_writer};

/// The catalog as one document value.
pub(crate) fn catalog_value(catalog: &Catalog) -> Value<'_> {
    let topics = catalog
        .topics()
        .iter()
        .map(|t| Value::Map(topic_entries(t, true)))
        .collect();
    let guidelines = catalog
        .guidelines()
        .iter()
        .map(|g| {
            let mut entries = metadata(g);
            let topics = g
                .topics
                .iter()
                .map(|c| {
                    Value::Map(vec![
                        ("topic".into(), Value::from(&c.topic)),
                        ("references".into(), references_value(&c.references)),
                    ])
                })
                .collect();
            entries.push(("topics".into(), Value::Seq(topics)));
            Value::Map(entries)
        })
        .collect();
    Value::Map(vec![
        ("topics".into(), Value::Seq(topics)),
        ("guidelines".into(), Value::Seq(guidelines)),
    ])
}

/// Writes `catalog.json`.
pub(crate) fn write_json(catalog: &Catalog, sink: &dyn Sink) -> io::Result<()> {
    let mut text = json_writer::to_json(&catalog_value(catalog));
    text.push('\n');
    sink.put("catalog.json".to_owned(), text.into_bytes())
}

/// Writes `catalog.yaml`.
pub(crate) fn write_yaml(catalog: &Catalog, sink: &dyn Sink) -> io::Result<()> {
    sink.put(
        "catalog.yaml".to_owned(),
        yaml_writer::to_yaml(&catalog_value(catalog)).into_bytes(),
    )
}

/// Writes the source layout: `topics.yaml` and `guidelines/<id>.yaml`.
pub(crate) fn write_source(catalog: &Catalog, sink: &dyn Sink) -> io::Result<()> {
    let topics = Value::Map(
        catalog
            .topics()
            .iter()
            .map(|t| (t.id.as_str().into(), Value::Map(topic_entries(t, false))))
            .collect(),
    );
    sink.put(
        "topics.yaml".to_owned(),
        yaml_writer::to_yaml(&topics).into_bytes(),
    )?;
    for g in catalog.guidelines() {
        let mut entries = metadata(g);
        if !g.topics.is_empty() {
            let topics = g
                .topics
                .iter()
                .map(|c| (c.topic.as_str().into(), references_value(&c.references)))
                .collect();
            entries.push(("topics".into(), Value::Map(topics)));
        }
        sink.put(
            format!("guidelines/{}.yaml", g.id),
            yaml_writer::to_yaml(&Value::Map(entries)).into_bytes(),
        )?;
    }
    Ok(())
}

fn topic_entries(t: &Topic, with_id: bool) -> Entries<'_> {
    let mut entries = Vec::with_capacity(4);
    if with_id {
        entries.push(("id".into(), Value::from(&t.id)));
    }
    entries.extend(t.fields().map(|(f, v)| (f.key().into(), Value::from(v))));
    entries
}

/// Metadata in written order, dates as `YYYY-MM-DD` where they have no time of day.
fn metadata(g: &Guideline) -> Entries<'_> {
    g.fields()
        .map(|(field, value)| {
            let value = match value {
                FieldValue::Timestamp(t) => Value::Timestamp(short_date(t).into()),
                other => field_value(other),
            };
            (field.key().into(), value)
        })
        .collect()
}

fn short_date(t: Timestamp) -> String {
    if t.is_date_only() {
        t.date_string()
    } else {
        t.to_string()
    }
}
