//! The `x-guidelines` values: built from the catalog as [`XGuidelines`], then turned into the
//! ordered [`Value`] tree the YAML and JSON writers take.
//!
//! Every element with the same topics gets the same value, so values are built once per
//! distinct list of topics. In the compact layout an element's value lists topic ids, and
//! the root's holds every topic named, with its references, under `definitions`.

use std::collections::HashMap;

use stylebook_core::Catalog;
use stylebook_core::openapi::{XGuideline, XGuidelines, XReference, XTopic, XTopicEntry};

use super::Layout;
use super::walk::Plan;
use crate::document::{MapBuilder, Value};

/// The value of every distinct topic list of a plan, and of the root.
#[derive(Debug)]
pub(crate) struct Values {
    sets: Vec<Value<'static>>,
    root: Option<Value<'static>>,
}

impl Values {
    /// Builds the values of `plan` from `catalog`, in `layout`.
    pub(crate) fn new(catalog: &Catalog, plan: &Plan, layout: Layout) -> Self {
        let by_topic = catalog.guidelines_by_topic();
        let mut topics: HashMap<&str, XTopic> = HashMap::new();
        let mut topic = |id: &str| -> Option<XTopic> {
            if let Some(t) = topics.get(id) {
                return Some(t.clone());
            }
            let built = x_topic(catalog, &by_topic, id)?;
            topics.insert(catalog.topic(id).map(|t| t.id.as_str())?, built.clone());
            Some(built)
        };
        let mut entries = |ids: &[String]| -> Vec<XTopicEntry> {
            match layout {
                Layout::Full => ids
                    .iter()
                    .filter_map(|id| topic(id))
                    .map(XTopicEntry::Full)
                    .collect(),
                Layout::Compact => ids
                    .iter()
                    .filter(|id| catalog.topic(id).is_some())
                    .map(|id| XTopicEntry::Id(id.clone()))
                    .collect(),
            }
        };
        let sets = plan
            .sets
            .iter()
            .map(|ids| {
                to_value(&XGuidelines {
                    topics: entries(ids),
                    ..XGuidelines::default()
                })
                .into_owned()
            })
            .collect();
        let root_topics = entries(&plan.root_topics);
        let definitions = match layout {
            Layout::Full => Vec::new(),
            Layout::Compact => {
                let mut ids: Vec<&str> = plan
                    .sets
                    .iter()
                    .flatten()
                    .chain(&plan.root_topics)
                    .map(String::as_str)
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                ids.into_iter()
                    .filter_map(|id| x_topic(catalog, &by_topic, id))
                    .collect()
            }
        };
        let cited = cited(catalog, plan);
        let root = (!cited.is_empty() || !root_topics.is_empty()).then(|| {
            to_value(&XGuidelines {
                topics: root_topics,
                definitions,
                guidelines: cited,
            })
            .into_owned()
        });
        Values { sets, root }
    }

    /// The value of a topic list of the plan.
    pub(crate) fn get(&self, set: usize) -> Option<&Value<'static>> {
        self.sets.get(set)
    }

    /// The value of the root: the guidelines cited; `None` when nothing is.
    pub(crate) fn root(&self) -> Option<&Value<'static>> {
        self.root.as_ref()
    }
}

/// A topic with its references, guideline by guideline in catalog order.
fn x_topic(
    catalog: &Catalog,
    by_topic: &[Vec<(&stylebook_core::Guideline, &[stylebook_core::Reference])>],
    id: &str,
) -> Option<XTopic> {
    let index = catalog
        .topics()
        .binary_search_by(|t| t.id.as_str().cmp(id))
        .ok()?;
    let topic = &catalog.topics()[index];
    let references = by_topic
        .get(index)
        .into_iter()
        .flatten()
        .flat_map(|(g, refs)| {
            refs.iter().map(|r| XReference {
                guideline: g.id.clone(),
                company: g.company.clone(),
                title: g.title.clone(),
                section: r.name.clone(),
                url: r.url.clone(),
                quote: r.quote.clone().flatten(),
            })
        })
        .collect();
    Some(XTopic {
        id: topic.id.clone(),
        name: topic.name.clone(),
        category: topic.category.clone(),
        references,
    })
}

/// The guidelines that cover any topic of the plan, in catalog order.
fn cited(catalog: &Catalog, plan: &Plan) -> Vec<XGuideline> {
    let used: std::collections::HashSet<&str> = plan
        .sets
        .iter()
        .flatten()
        .chain(&plan.root_topics)
        .map(String::as_str)
        .collect();
    catalog
        .guidelines()
        .iter()
        .filter(|g| g.topics.iter().any(|c| used.contains(c.topic.as_str())))
        .map(|g| XGuideline {
            id: g.id.clone(),
            title: g.title.clone(),
            company: g.company.clone(),
            url: g.url.clone(),
            kind: g.kind.clone(),
            date: g.date.map(|d| d.date_string()),
            review_date: g.review_date.map(|d| d.date_string()),
            language: g.language.clone(),
        })
        .collect()
}

/// The writers' tree for an `x-guidelines` value, keys in the order of the type's fields.
pub(crate) fn to_value(x: &XGuidelines) -> Value<'_> {
    let mut map = MapBuilder::new();
    if !x.topics.is_empty() {
        map.push(
            "topics",
            Value::Seq(
                x.topics
                    .iter()
                    .map(|entry| match entry {
                        XTopicEntry::Full(topic) => topic_value(topic),
                        XTopicEntry::Id(id) => Value::from(id.as_str()),
                    })
                    .collect(),
            ),
        );
    }
    if !x.definitions.is_empty() {
        map.push(
            "definitions",
            Value::Seq(x.definitions.iter().map(topic_value).collect()),
        );
    }
    if !x.guidelines.is_empty() {
        map.push(
            "guidelines",
            Value::Seq(x.guidelines.iter().map(guideline_value).collect()),
        );
    }
    map.build()
}

fn topic_value(t: &XTopic) -> Value<'_> {
    MapBuilder::with_capacity(4)
        .entry("id", t.id.as_str())
        .entry("name", t.name.as_str())
        .entry("category", t.category.as_str())
        .entry(
            "references",
            Value::Seq(t.references.iter().map(reference_value).collect()),
        )
        .build()
}

fn reference_value(r: &XReference) -> Value<'_> {
    let mut map = MapBuilder::with_capacity(6)
        .entry("guideline", r.guideline.as_str())
        .entry("company", r.company.as_str())
        .entry("title", r.title.as_str());
    if let Some(section) = &r.section {
        map.push("section", section.as_str());
    }
    map.push("url", r.url.as_str());
    if let Some(quote) = &r.quote {
        map.push("quote", quote.as_str());
    }
    map.build()
}

fn guideline_value(g: &XGuideline) -> Value<'_> {
    let mut map = MapBuilder::with_capacity(8)
        .entry("id", g.id.as_str())
        .entry("title", g.title.as_str())
        .entry("company", g.company.as_str())
        .entry("url", g.url.as_str())
        .entry("type", g.kind.as_str());
    for (key, value) in [
        ("date", &g.date),
        ("reviewDate", &g.review_date),
        ("language", &g.language),
    ] {
        if let Some(value) = value {
            map.push(key, value.as_str());
        }
    }
    map.build()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_value_has_the_shape_of_the_type() {
        let x = XGuidelines {
            topics: vec![XTopicEntry::Full(XTopic {
                id: "http-status-409".into(),
                name: "409 Conflict".into(),
                category: "HTTP Status User Error".into(),
                references: vec![XReference {
                    guideline: "g".into(),
                    company: "C".into(),
                    title: "T".into(),
                    section: Some("S".into()),
                    url: "https://example.com/s".into(),
                    quote: Some("q: \"x\"".into()),
                }],
            })],
            definitions: Vec::new(),
            guidelines: vec![XGuideline {
                id: "g".into(),
                title: "T".into(),
                company: "C".into(),
                url: "https://example.com".into(),
                kind: "website".into(),
                date: Some("2019-01-02".into()),
                review_date: None,
                language: None,
            }],
        };
        let json = crate::json_writer::to_json(&to_value(&x));
        let back: XGuidelines = serde_json::from_str(&json).unwrap();
        assert_eq!(back, x);
        assert_eq!(serde_json::to_string_pretty(&x).unwrap(), json);
    }
}
