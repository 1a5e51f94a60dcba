//! What changed between two versions of a catalog: topics, guidelines, references, coverage.
//!
//! [`CatalogDiff::between`] compares two [`Catalog`]s and returns a [`CatalogDiff`], whose JSON form (through
//! serde) is the one `stylebook diff --format json` prints. The rules:
//!
//! - **Topics and guidelines** are matched by id. A field that differs is listed with its old
//!   and new value (`null` when absent). A topic that keeps its id and changes its name is a
//!   change of its `name` field.
//! - **Probable renames.** A topic id that disappears (old only) is taken as renamed to an id
//!   that appears (new only) when both have the same name and the same references: the same
//!   guidelines cite them with the same URLs, counted with repetition (reference names and
//!   quotes may differ; they are then reported as reference changes). The match must be one to
//!   one: when two disappearing or two appearing ids share that name and those references,
//!   none of them is taken as a rename. A renamed topic whose category or description also
//!   changed is listed under `changed` with its new id.
//! - **References** are compared within one guideline and one topic (a renamed topic's
//!   references are compared with those of its new id). They are paired by equal content first,
//!   then by URL, then by name, each time in written order; a pair that differs in name, URL or
//!   quote is a change (listed under the old URL), and what is left is removed or added. Every
//!   reference of a removed guideline or topic is removed, of an added one added, so that the
//!   new count is always the old count minus `removed` plus `added`. Removed references carry
//!   the topic id of the old catalog; added and changed ones that of the new.
//! - **Coverage.** A guideline covers a topic when it has at least one reference for it. For
//!   each guideline in both catalogs, the topics it gained and lost; for each topic in both
//!   (renames followed), the guidelines it gained and lost.
//! - The order of topics, guidelines, references and keys is not a difference, and a quote
//!   written with no value is the same as no quote.
//!
//! Every list is sorted, so the same catalogs always give the same result. The comparison
//! uses hash maps keyed by ids: its cost grows with the size of the catalogs, not with its
//! square.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::hash::Hash;

use serde::Serialize;
use serde_json::Value;

use crate::model::{
    Catalog, FieldValue, Guideline, GuidelineField, Reference, ReferenceField, Timestamp, Topic,
    TopicField,
};

/// Everything that differs between two catalogs; see the [module docs](self) for the rules.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct CatalogDiff {
    /// The size of the old catalog.
    pub old: Counts,
    /// The size of the new catalog.
    pub new: Counts,
    /// Topics added, removed, changed and renamed.
    pub topics: TopicChanges,
    /// Guidelines added, removed and changed.
    pub guidelines: GuidelineChanges,
    /// References added, removed and changed.
    pub references: ReferenceChanges,
    /// Coverage gained and lost, per guideline and per topic.
    pub coverage: CoverageChanges,
}

/// The size of a catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    /// Number of topics.
    pub topics: usize,
    /// Number of guidelines.
    pub guidelines: usize,
    /// Number of references.
    pub references: usize,
}

/// Changes to topics.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct TopicChanges {
    /// Ids of new topics, sorted.
    pub added: Vec<String>,
    /// Ids of topics that are gone, sorted.
    pub removed: Vec<String>,
    /// Topics whose fields changed, by id (the new id of a renamed topic), sorted.
    pub changed: Vec<Changed>,
    /// Probable renames of ids, sorted.
    pub renamed: Vec<Renamed>,
}

/// Changes to guidelines.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct GuidelineChanges {
    /// Ids of new guidelines, sorted.
    pub added: Vec<String>,
    /// Ids of guidelines that are gone, sorted.
    pub removed: Vec<String>,
    /// Guidelines whose metadata changed, sorted by id.
    pub changed: Vec<Changed>,
}

/// Changes to references.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ReferenceChanges {
    /// New references, sorted by guideline, topic, URL and name.
    pub added: Vec<ReferenceEntry>,
    /// References that are gone, sorted likewise.
    pub removed: Vec<ReferenceEntry>,
    /// References whose name, URL or quote changed, sorted by guideline, topic and old URL.
    pub changed: Vec<ReferenceChanged>,
}

/// Coverage gained and lost.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct CoverageChanges {
    /// For each guideline in both catalogs whose coverage changed: topic ids, sorted.
    pub guidelines: Vec<CoverageChange>,
    /// For each topic in both catalogs whose coverage changed: guideline ids, sorted.
    pub topics: Vec<CoverageChange>,
}

/// A topic or guideline whose fields changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changed {
    /// Its id.
    pub id: String,
    /// Each field that differs, sorted by field name.
    pub changes: Vec<FieldChange>,
}

/// One field with its old and new value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The key as written in files (`name`, `reviewDate`, ...).
    pub field: &'static str,
    /// The old value as catalog JSON writes it; `null` when absent.
    pub old: Value,
    /// The new value; `null` when absent.
    pub new: Value,
}

/// A probable rename of a topic id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Renamed {
    /// The old id.
    pub from: String,
    /// The new id.
    pub to: String,
}

/// A reference that was added or removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReferenceEntry {
    /// The guideline citing it.
    pub guideline: String,
    /// The topic it covers.
    pub topic: String,
    /// The section's name; `None` when written with no value.
    pub name: Option<String>,
    /// Its URL.
    pub url: String,
}

/// A reference whose fields changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReferenceChanged {
    /// The guideline citing it.
    pub guideline: String,
    /// The topic it covers (its new id when the topic was renamed).
    pub topic: String,
    /// Its old URL.
    pub url: String,
    /// Each field that differs (`name`, `quote`, `url`), sorted by field name.
    pub changes: Vec<FieldChange>,
}

/// What one guideline or topic gained and lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverageChange {
    /// The guideline's or topic's id (in the new catalog).
    pub id: String,
    /// Topics (of a guideline) or guidelines (of a topic) it now has, sorted.
    pub gained: Vec<String>,
    /// Those it had and no longer has, sorted (a topic under its old id).
    pub lost: Vec<String>,
}

impl CatalogDiff {
    /// True when the catalogs hold the same topics, guidelines and references.
    pub fn is_empty(&self) -> bool {
        let t = &self.topics;
        let g = &self.guidelines;
        let r = &self.references;
        t.added.is_empty()
            && t.removed.is_empty()
            && t.changed.is_empty()
            && t.renamed.is_empty()
            && g.added.is_empty()
            && g.removed.is_empty()
            && g.changed.is_empty()
            && r.added.is_empty()
            && r.removed.is_empty()
            && r.changed.is_empty()
    }

    /// Compares two versions of a catalog.
    ///
    /// ```
    /// use stylebook_core::diff::CatalogDiff;
    /// use stylebook_core::{Catalog, Topic};
    ///
    /// let topic = |name: &str| Topic::new("versioning", "Lifecycle", name, "How to version.");
    /// let old = Catalog::new(vec![topic("Versioning")], Vec::new());
    /// let new = Catalog::new(vec![topic("Updates and versioning")], Vec::new());
    /// let changes = CatalogDiff::between(&old, &new);
    /// assert_eq!(changes.topics.changed[0].changes[0].field, "name");
    /// assert!(CatalogDiff::between(&old, &old).is_empty());
    /// ```
    pub fn between(old: &Catalog, new: &Catalog) -> CatalogDiff {
        diff(old, new)
    }
}

fn diff(old: &Catalog, new: &Catalog) -> CatalogDiff {
    let old_side = Side::new(old);
    let new_side = Side::new(new);
    let mut out = CatalogDiff {
        old: counts(old),
        new: counts(new),
        ..CatalogDiff::default()
    };

    // Topics: by id, then probable renames among the ids on one side only.
    let mut removed: Vec<&str> = only_in(&old_side.topics, &new_side.topics);
    let mut added: Vec<&str> = only_in(&new_side.topics, &old_side.topics);
    let renames = renames(&old_side, &new_side, &removed, &added);
    let old_to_new: HashMap<&str, &str> = renames.iter().copied().collect();
    let new_to_old: HashMap<&str, &str> = renames.iter().map(|&(a, b)| (b, a)).collect();
    removed.retain(|id| !old_to_new.contains_key(id));
    added.retain(|id| !new_to_old.contains_key(id));
    out.topics.added = sorted_strings(added);
    out.topics.removed = sorted_strings(removed);
    out.topics.renamed = renames
        .iter()
        .map(|&(from, to)| Renamed {
            from: from.to_owned(),
            to: to.to_owned(),
        })
        .collect();
    out.topics.renamed.sort();
    for (&id, &after) in &new_side.topics {
        let before_id = new_to_old.get(id).copied().unwrap_or(id);
        if let Some(&before) = old_side.topics.get(before_id) {
            let changes = topic_changes(before, after);
            if !changes.is_empty() {
                out.topics.changed.push(Changed {
                    id: id.to_owned(),
                    changes,
                });
            }
        }
    }
    out.topics.changed.sort_by(|a, b| a.id.cmp(&b.id));

    // Guidelines: by id.
    out.guidelines.added = sorted_strings(only_in(&new_side.guidelines, &old_side.guidelines));
    out.guidelines.removed = sorted_strings(only_in(&old_side.guidelines, &new_side.guidelines));
    for (&id, &after) in &new_side.guidelines {
        if let Some(&before) = old_side.guidelines.get(id) {
            let changes = guideline_changes(before, after);
            if !changes.is_empty() {
                out.guidelines.changed.push(Changed {
                    id: id.to_owned(),
                    changes,
                });
            }
        }
    }
    out.guidelines.changed.sort_by(|a, b| a.id.cmp(&b.id));

    references_and_coverage(&old_side, &new_side, &old_to_new, &new_to_old, &mut out);
    out
}

/// One catalog, indexed by id.
struct Side<'a> {
    topics: HashMap<&'a str, &'a Topic>,
    guidelines: HashMap<&'a str, &'a Guideline>,
    /// Guideline id -> topic id -> references, for topics with at least one reference.
    coverage: HashMap<&'a str, HashMap<&'a str, Vec<&'a Reference>>>,
}

impl<'a> Side<'a> {
    fn new(catalog: &'a Catalog) -> Self {
        let topics = catalog.topics.iter().map(|t| (t.id.as_str(), t)).collect();
        let guidelines = catalog
            .guidelines
            .iter()
            .map(|g| (g.id.as_str(), g))
            .collect();
        let mut coverage: HashMap<&str, HashMap<&str, Vec<&Reference>>> =
            HashMap::with_capacity(catalog.guidelines.len());
        for g in &catalog.guidelines {
            let topics = coverage.entry(g.id.as_str()).or_default();
            for c in g.topics.iter().filter(|c| !c.references.is_empty()) {
                topics
                    .entry(c.topic.as_str())
                    .or_default()
                    .extend(&c.references);
            }
        }
        Side {
            topics,
            guidelines,
            coverage,
        }
    }
}

fn counts(catalog: &Catalog) -> Counts {
    Counts {
        topics: catalog.topics.len(),
        guidelines: catalog.guidelines.len(),
        references: catalog.reference_count(),
    }
}

/// Keys of `a` that `b` does not have.
fn only_in<'a, V, W>(a: &HashMap<&'a str, V>, b: &HashMap<&str, W>) -> Vec<&'a str> {
    a.keys().copied().filter(|k| !b.contains_key(k)).collect()
}

fn sorted_strings(mut ids: Vec<&str>) -> Vec<String> {
    ids.sort_unstable();
    ids.into_iter().map(str::to_owned).collect()
}

/// Probable renames: `(old id, new id)` pairs among the ids on one side only that are alone
/// on their side with their name and references (see the module docs).
fn renames<'a>(
    old: &Side<'a>,
    new: &Side<'a>,
    removed: &[&'a str],
    added: &[&'a str],
) -> Vec<(&'a str, &'a str)> {
    if removed.is_empty() || added.is_empty() {
        return Vec::new();
    }
    let old_keys = rename_keys(old, removed);
    let new_keys = rename_keys(new, added);
    let mut pairs = Vec::new();
    for (key, from) in &old_keys {
        if let ([from], Some([to])) = (from.as_slice(), new_keys.get(key).map(Vec::as_slice)) {
            pairs.push((*from, *to));
        }
    }
    pairs
}

/// A topic's name with its references as (guideline, URL) pairs, sorted.
type RenameKey<'a> = (&'a str, Vec<(&'a str, &'a str)>);

/// The ids of `ids` grouped by their rename key.
fn rename_keys<'a>(side: &Side<'a>, ids: &[&'a str]) -> HashMap<RenameKey<'a>, Vec<&'a str>> {
    let wanted: HashSet<&str> = ids.iter().copied().collect();
    let mut refs: HashMap<&str, Vec<(&str, &str)>> = HashMap::with_capacity(ids.len());
    for (&guideline, topics) in &side.coverage {
        for (&topic, references) in topics {
            if wanted.contains(topic) {
                refs.entry(topic)
                    .or_default()
                    .extend(references.iter().map(|r| (guideline, r.url.as_str())));
            }
        }
    }
    let mut keys: HashMap<RenameKey<'a>, Vec<&'a str>> = HashMap::with_capacity(ids.len());
    for &id in ids {
        let Some(topic) = side.topics.get(id) else {
            continue;
        };
        let mut pairs = refs.remove(id).unwrap_or_default();
        pairs.sort_unstable();
        keys.entry((topic.name.as_str(), pairs))
            .or_default()
            .push(id);
    }
    keys
}

fn topic_changes(old: &Topic, new: &Topic) -> Vec<FieldChange> {
    let mut fields = TopicField::ALL;
    // Listed by key, so that the same catalogs give the same bytes.
    fields.sort_by_key(|f| f.key());
    fields
        .into_iter()
        .map(|f| (f.key(), old.field(f), new.field(f)))
        .filter(|(_, a, b)| a != b)
        .map(|(field, a, b)| FieldChange {
            field,
            old: Value::from(a),
            new: Value::from(b),
        })
        .collect()
}

/// Metadata changes of a guideline, read through [`Guideline::field`] for every
/// [`GuidelineField`], so that the written order of the keys is no difference.
fn guideline_changes(old: &Guideline, new: &Guideline) -> Vec<FieldChange> {
    let values = |g: &Guideline| -> BTreeMap<&'static str, Value> {
        GuidelineField::ALL
            .into_iter()
            .filter_map(|f| g.field(f).map(|v| (f.key(), field_json(v))))
            .collect()
    };
    let (old, new) = (values(old), values(new));
    let keys: BTreeSet<&'static str> = old.keys().chain(new.keys()).copied().collect();
    keys.into_iter()
        .filter_map(|field| {
            let a = old.get(field).cloned().unwrap_or(Value::Null);
            let b = new.get(field).cloned().unwrap_or(Value::Null);
            (a != b).then_some(FieldChange {
                field,
                old: a,
                new: b,
            })
        })
        .collect()
}

/// A metadata value as catalog JSON writes it: dates as `YYYY-MM-DD` when they have no time of
/// day, authors as `[{name, twitter}]`.
fn field_json(value: FieldValue<'_>) -> Value {
    match value {
        FieldValue::Text(text) => Value::from(text),
        FieldValue::Null => Value::Null,
        FieldValue::Timestamp(t) => Value::from(short_date(t)),
        FieldValue::Authors(authors) => Value::Array(
            authors
                .iter()
                .map(|a| {
                    let mut author = serde_json::Map::new();
                    author.insert("name".to_owned(), Value::from(a.name.as_str()));
                    if let Some(twitter) = &a.twitter {
                        author.insert("twitter".to_owned(), Value::from(twitter.as_deref()));
                    }
                    Value::Object(author)
                })
                .collect(),
        ),
    }
}

fn short_date(t: Timestamp) -> String {
    if t.is_date_only() {
        t.date_string()
    } else {
        t.to_string()
    }
}

/// References and coverage, guideline by guideline, following topic renames.
fn references_and_coverage<'a>(
    old: &Side<'a>,
    new: &Side<'a>,
    old_to_new: &HashMap<&'a str, &'a str>,
    new_to_old: &HashMap<&'a str, &'a str>,
    out: &mut CatalogDiff,
) {
    let empty = HashMap::new();
    // Topic (new id, or old id of a removed topic) -> guidelines covering it, on each side.
    let mut old_guides: HashMap<&'a str, Vec<&'a str>> = HashMap::new();
    let mut new_guides: HashMap<&'a str, Vec<&'a str>> = HashMap::new();
    let guideline_ids: BTreeSet<&str> = old
        .coverage
        .keys()
        .chain(new.coverage.keys())
        .copied()
        .collect();
    for g in guideline_ids {
        let before = old.coverage.get(g).unwrap_or(&empty);
        let after = new.coverage.get(g).unwrap_or(&empty);
        let in_both = old.guidelines.contains_key(g) && new.guidelines.contains_key(g);
        let mut gained = Vec::new();
        let mut lost = Vec::new();
        for (&old_id, refs) in before {
            let id = old_to_new.get(old_id).copied().unwrap_or(old_id);
            old_guides.entry(id).or_default().push(g);
            if !after.contains_key(id) {
                lost.push(old_id);
                out.references
                    .removed
                    .extend(refs.iter().map(|r| entry(g, old_id, r)));
            }
        }
        for (&id, refs) in after {
            new_guides.entry(id).or_default().push(g);
            let old_id = new_to_old.get(id).copied().unwrap_or(id);
            match before.get(old_id) {
                Some(old_refs) => match_references(g, old_id, id, old_refs, refs, out),
                None => {
                    gained.push(id);
                    out.references
                        .added
                        .extend(refs.iter().map(|r| entry(g, id, r)));
                }
            }
        }
        if in_both && (!gained.is_empty() || !lost.is_empty()) {
            out.coverage.guidelines.push(CoverageChange {
                id: g.to_owned(),
                gained: sorted_strings(gained),
                lost: sorted_strings(lost),
            });
        }
    }
    let topic_ids: BTreeSet<&str> = old_guides
        .keys()
        .chain(new_guides.keys())
        .copied()
        .collect();
    for id in topic_ids {
        let old_id = new_to_old.get(id).copied().unwrap_or(id);
        if !new.topics.contains_key(id) || !old.topics.contains_key(old_id) {
            continue;
        }
        let set = |guides: &HashMap<&str, Vec<&'a str>>| -> BTreeSet<&'a str> {
            guides.get(id).into_iter().flatten().copied().collect()
        };
        let (before, after) = (set(&old_guides), set(&new_guides));
        if before != after {
            out.coverage.topics.push(CoverageChange {
                id: id.to_owned(),
                gained: after.difference(&before).map(|g| (*g).to_owned()).collect(),
                lost: before.difference(&after).map(|g| (*g).to_owned()).collect(),
            });
        }
    }
    let by_place = |a: &ReferenceEntry, b: &ReferenceEntry| {
        (&a.guideline, &a.topic, &a.url, &a.name).cmp(&(&b.guideline, &b.topic, &b.url, &b.name))
    };
    out.references.added.sort_unstable_by(by_place);
    out.references.removed.sort_unstable_by(by_place);
    out.references
        .changed
        .sort_by(|a, b| (&a.guideline, &a.topic, &a.url).cmp(&(&b.guideline, &b.topic, &b.url)));
}

fn entry(guideline: &str, topic: &str, r: &Reference) -> ReferenceEntry {
    ReferenceEntry {
        guideline: guideline.to_owned(),
        topic: topic.to_owned(),
        name: r.name.clone(),
        url: r.url.clone(),
    }
}

/// Pairs the references of one guideline for one topic: equal ones first, then by URL, then by
/// name, each in written order; records changes, removals and additions.
fn match_references(
    guideline: &str,
    old_topic: &str,
    new_topic: &str,
    old: &[&Reference],
    new: &[&Reference],
    out: &mut CatalogDiff,
) {
    let mut old_left: Vec<Option<&Reference>> = old.iter().copied().map(Some).collect();
    let mut new_left: Vec<Option<&Reference>> = new.iter().copied().map(Some).collect();
    // Equal content: nothing to report.
    let _equal = pair_by(&mut old_left, &mut new_left, |r| {
        Some((r.url.as_str(), r.name.as_deref(), quote(r)))
    });
    let by_url = pair_by(&mut old_left, &mut new_left, |r| Some(r.url.as_str()));
    let by_name = pair_by(&mut old_left, &mut new_left, |r| r.name.as_deref());
    for (a, b) in by_url.into_iter().chain(by_name) {
        let changes = reference_changes(a, b);
        if !changes.is_empty() {
            out.references.changed.push(ReferenceChanged {
                guideline: guideline.to_owned(),
                topic: new_topic.to_owned(),
                url: a.url.clone(),
                changes,
            });
        }
    }
    out.references.removed.extend(
        old_left
            .into_iter()
            .flatten()
            .map(|r| entry(guideline, old_topic, r)),
    );
    out.references.added.extend(
        new_left
            .into_iter()
            .flatten()
            .map(|r| entry(guideline, new_topic, r)),
    );
}

/// Pairs the k-th unpaired old reference having a key with the k-th unpaired new one having
/// the same key, takes both out of the lists, and returns the pairs. References without a key
/// are left alone.
fn pair_by<'a, K: Hash + Eq>(
    old: &mut [Option<&'a Reference>],
    new: &mut [Option<&'a Reference>],
    key: impl Fn(&'a Reference) -> Option<K>,
) -> Vec<(&'a Reference, &'a Reference)> {
    let mut waiting: HashMap<K, VecDeque<usize>> = HashMap::new();
    for (i, r) in new.iter().enumerate() {
        if let Some(k) = r.and_then(&key) {
            waiting.entry(k).or_default().push_back(i);
        }
    }
    let mut pairs = Vec::new();
    for slot in old.iter_mut() {
        let Some(r) = *slot else { continue };
        let Some(k) = key(r) else { continue };
        if let Some(j) = waiting.get_mut(&k).and_then(VecDeque::pop_front)
            && let Some(other) = new[j].take()
        {
            *slot = None;
            pairs.push((r, other));
        }
    }
    pairs
}

/// The quote, with a quote written without a value counted as none.
fn quote(r: &Reference) -> Option<&str> {
    r.quote.as_ref().and_then(|q| q.as_deref())
}

fn reference_changes(old: &Reference, new: &Reference) -> Vec<FieldChange> {
    let value = |r: &Reference, field: ReferenceField| -> Value {
        match field {
            ReferenceField::Name => r.name.as_deref().map_or(Value::Null, Value::from),
            ReferenceField::Url => Value::from(r.url.as_str()),
            ReferenceField::Quote => quote(r).map_or(Value::Null, Value::from),
        }
    };
    let mut fields = ReferenceField::ALL;
    fields.sort_by_key(|f| f.key());
    fields
        .into_iter()
        .filter_map(|field| {
            let (a, b) = (value(old, field), value(new, field));
            (a != b).then_some(FieldChange {
                field: field.key(),
                old: a,
                new: b,
            })
        })
        .collect()
}

#[cfg(test)]
mod props;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::{Author, TopicReferences};
    use serde_json::json;

    fn topic(id: &str, name: &str) -> Topic {
        Topic::new(id, "Naming", name, format!("About {name}"))
    }

    /// A guideline citing `refs`: `(topic, name, url)`.
    fn guideline(id: &str, refs: &[(&str, &str, &str)]) -> Guideline {
        let mut topics: Vec<TopicReferences> = Vec::new();
        for &(t, name, url) in refs {
            let reference = Reference::new(name, url, None);
            match topics.iter_mut().find(|c| c.topic == t) {
                Some(c) => c.references.push(reference),
                None => topics.push(TopicReferences {
                    topic: t.to_owned(),
                    references: vec![reference],
                }),
            }
        }
        Guideline {
            id: id.to_owned(),
            title: format!("{id} guide"),
            kind: "website".to_owned(),
            url: format!("https://{id}.example/"),
            company: id.to_uppercase(),
            field_order: vec![
                GuidelineField::Id,
                GuidelineField::Title,
                GuidelineField::Type,
                GuidelineField::Url,
                GuidelineField::Company,
            ],
            topics,
            ..Guideline::default()
        }
    }

    fn catalog(topics: Vec<Topic>, guidelines: Vec<Guideline>) -> Catalog {
        let mut c = Catalog { topics, guidelines };
        c.normalize();
        c
    }

    fn base() -> Catalog {
        catalog(
            vec![topic("paging", "Pagination"), topic("errors", "Errors")],
            vec![
                guideline(
                    "acme",
                    &[
                        ("paging", "Pages", "https://acme.example/#pages"),
                        ("errors", "Problems", "https://acme.example/#problems"),
                    ],
                ),
                guideline(
                    "zeta",
                    &[("paging", "Cursors", "https://zeta.example/#cursors")],
                ),
            ],
        )
    }

    fn change(field: &'static str, old: Value, new: Value) -> FieldChange {
        FieldChange { field, old, new }
    }

    #[test]
    fn a_catalog_does_not_differ_from_itself() {
        let d = diff(&base(), &base());
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(d.coverage, CoverageChanges::default());
        assert_eq!(
            d.old,
            Counts {
                topics: 2,
                guidelines: 2,
                references: 3
            }
        );
        assert_eq!(d.old, d.new);
    }

    #[test]
    fn topics_added_removed_and_changed() {
        let old = base();
        let mut new = base();
        new.topics.retain(|t| t.id != "errors");
        new.topics.push(topic("caching", "Caching"));
        new.topics[0].name = "Paging".to_owned();
        new.topics[0].category = "Collections".to_owned();
        for g in &mut new.guidelines {
            for c in &mut g.topics {
                if c.topic == "errors" {
                    c.topic = "caching".to_owned();
                    c.references[0].url = "https://acme.example/#cache".to_owned();
                }
            }
        }
        new.normalize();
        let d = CatalogDiff::between(&old, &new);
        assert_eq!(d.topics.added, ["caching"]);
        assert_eq!(d.topics.removed, ["errors"]);
        assert!(d.topics.renamed.is_empty());
        assert_eq!(
            d.topics.changed,
            [Changed {
                id: "paging".to_owned(),
                changes: vec![
                    change("category", json!("Naming"), json!("Collections")),
                    change("name", json!("Pagination"), json!("Paging")),
                ],
            }]
        );
        assert_eq!(d.references.removed.len(), 1);
        assert_eq!(d.references.removed[0].topic, "errors");
        assert_eq!(d.references.added.len(), 1);
        assert_eq!(d.references.added[0].topic, "caching");
        assert_eq!(
            d.coverage.guidelines,
            [CoverageChange {
                id: "acme".to_owned(),
                gained: vec!["caching".to_owned()],
                lost: vec!["errors".to_owned()],
            }]
        );
        // Neither topic is in both catalogs.
        assert!(d.coverage.topics.is_empty());
    }

    /// `errors` becomes `error-handling`: same name, same guidelines and URLs.
    fn renamed(new_name: &str, new_url: &str) -> Catalog {
        let mut new = base();
        new.topics.retain(|t| t.id != "errors");
        let mut t = topic("error-handling", new_name);
        t.category = "Errors".to_owned();
        new.topics.push(t);
        for g in &mut new.guidelines {
            for c in &mut g.topics {
                if c.topic == "errors" {
                    c.topic = "error-handling".to_owned();
                    c.references[0].url = new_url.to_owned();
                    c.references[0].name = Some("Problem details".to_owned());
                }
            }
        }
        new.normalize();
        new
    }

    #[test]
    fn same_name_and_references_under_a_new_id_is_a_rename() {
        let d = diff(
            &base(),
            &renamed("Errors", "https://acme.example/#problems"),
        );
        assert_eq!(
            d.topics.renamed,
            [Renamed {
                from: "errors".to_owned(),
                to: "error-handling".to_owned()
            }]
        );
        assert!(d.topics.added.is_empty() && d.topics.removed.is_empty());
        // Its other fields and its references are compared under the new id.
        assert_eq!(
            d.topics.changed,
            [Changed {
                id: "error-handling".to_owned(),
                changes: vec![change("category", json!("Naming"), json!("Errors"))],
            }]
        );
        assert!(d.references.added.is_empty() && d.references.removed.is_empty());
        assert_eq!(
            d.references.changed,
            [ReferenceChanged {
                guideline: "acme".to_owned(),
                topic: "error-handling".to_owned(),
                url: "https://acme.example/#problems".to_owned(),
                changes: vec![change("name", json!("Problems"), json!("Problem details"))],
            }]
        );
        assert!(d.coverage.guidelines.is_empty() && d.coverage.topics.is_empty());
    }

    #[test]
    fn a_new_id_with_another_name_or_other_urls_is_no_rename() {
        for new in [
            renamed("Error handling", "https://acme.example/#problems"),
            renamed("Errors", "https://acme.example/#errors"),
        ] {
            let d = diff(&base(), &new);
            assert!(d.topics.renamed.is_empty());
            assert_eq!(d.topics.added, ["error-handling"]);
            assert_eq!(d.topics.removed, ["errors"]);
            assert_eq!(d.references.added.len(), 1);
            assert_eq!(d.references.removed.len(), 1);
        }
    }

    #[test]
    fn an_ambiguous_rename_is_an_addition_and_a_removal() {
        // Two new ids carry the name and references of the one that disappears.
        let mut new = renamed("Errors", "https://acme.example/#problems");
        new.topics.push(topic("failures", "Errors"));
        new.guidelines[0].topics.push(TopicReferences {
            topic: "failures".to_owned(),
            references: vec![Reference::new("x", "https://acme.example/#problems", None)],
        });
        new.normalize();
        let d = diff(&base(), &new);
        assert!(d.topics.renamed.is_empty());
        assert_eq!(d.topics.added, ["error-handling", "failures"]);
        assert_eq!(d.topics.removed, ["errors"]);
    }

    #[test]
    fn guidelines_added_removed_and_changed() {
        let old = base();
        let mut new = base();
        new.guidelines.retain(|g| g.id != "zeta");
        new.guidelines.push(guideline(
            "beta",
            &[("paging", "Paging", "https://beta.example/#paging")],
        ));
        let acme = &mut new.guidelines[0];
        acme.title = "ACME API guide".to_owned();
        acme.review_date = Timestamp::from_ymd(2019, 7, 21);
        acme.authors = Some(vec![Author::new("Ada", Some("ada".to_owned()))]);
        // The written order of the keys is no difference.
        acme.field_order.reverse();
        acme.field_order
            .extend([GuidelineField::ReviewDate, GuidelineField::Authors]);
        new.normalize();
        let d = CatalogDiff::between(&old, &new);
        assert_eq!(d.guidelines.added, ["beta"]);
        assert_eq!(d.guidelines.removed, ["zeta"]);
        assert_eq!(
            d.guidelines.changed,
            [Changed {
                id: "acme".to_owned(),
                changes: vec![
                    change(
                        "authors",
                        Value::Null,
                        json!([{"name": "Ada", "twitter": "ada"}])
                    ),
                    change("reviewDate", Value::Null, json!("2019-07-21")),
                    change("title", json!("acme guide"), json!("ACME API guide")),
                ],
            }]
        );
        // Every reference of a removed guideline is removed, of an added one added.
        assert_eq!(
            d.references.removed,
            [ReferenceEntry {
                guideline: "zeta".to_owned(),
                topic: "paging".to_owned(),
                name: Some("Cursors".to_owned()),
                url: "https://zeta.example/#cursors".to_owned(),
            }]
        );
        assert_eq!(d.references.added.len(), 1);
        assert_eq!(d.references.added[0].guideline, "beta");
        // Guidelines only on one side have no coverage entry; the topic has one.
        assert!(d.coverage.guidelines.is_empty());
        assert_eq!(
            d.coverage.topics,
            [CoverageChange {
                id: "paging".to_owned(),
                gained: vec!["beta".to_owned()],
                lost: vec!["zeta".to_owned()],
            }]
        );
    }

    #[test]
    fn references_are_matched_by_url_then_by_name() {
        let old = catalog(
            vec![topic("paging", "Pagination")],
            vec![guideline(
                "acme",
                &[
                    ("paging", "Pages", "https://acme.example/#pages"),
                    ("paging", "Cursors", "https://acme.example/#cursors"),
                    ("paging", "Links", "https://acme.example/#links"),
                    ("paging", "Old", "https://acme.example/#old"),
                ],
            )],
        );
        let mut new = catalog(
            vec![topic("paging", "Pagination")],
            vec![guideline(
                "acme",
                &[
                    // Same URL, new name.
                    ("paging", "Paging", "https://acme.example/#pages"),
                    // Same name, new URL.
                    ("paging", "Cursors", "https://acme.example/#cursor-paging"),
                    // Unchanged, moved: order is no difference.
                    ("paging", "New", "https://acme.example/#new"),
                    ("paging", "Links", "https://acme.example/#links"),
                ],
            )],
        );
        new.guidelines[0].topics[0].references[3].quote = Some(Some("Use links".to_owned()));
        let d = CatalogDiff::between(&old, &new);
        let changed: Vec<(&str, &[FieldChange])> = d
            .references
            .changed
            .iter()
            .map(|c| (c.url.as_str(), c.changes.as_slice()))
            .collect();
        assert_eq!(
            changed,
            [
                (
                    "https://acme.example/#cursors",
                    &[change(
                        "url",
                        json!("https://acme.example/#cursors"),
                        json!("https://acme.example/#cursor-paging")
                    )][..]
                ),
                (
                    "https://acme.example/#links",
                    &[change("quote", Value::Null, json!("Use links"))][..]
                ),
                (
                    "https://acme.example/#pages",
                    &[change("name", json!("Pages"), json!("Paging"))][..]
                ),
            ]
        );
        assert_eq!(d.references.removed.len(), 1);
        assert_eq!(d.references.removed[0].url, "https://acme.example/#old");
        assert_eq!(d.references.added.len(), 1);
        assert_eq!(d.references.added[0].url, "https://acme.example/#new");
        assert!(d.coverage.guidelines.is_empty() && d.coverage.topics.is_empty());
    }

    #[test]
    fn equal_references_pair_before_references_with_the_same_url() {
        // Two references share a URL; the second one is removed. It must not be reported as
        // the first one changing its name and the second one removed.
        let refs = [
            ("paging", "Pages", "https://acme.example/#p"),
            ("paging", "Page size", "https://acme.example/#p"),
        ];
        let old = catalog(
            vec![topic("paging", "Pagination")],
            vec![guideline("acme", &refs)],
        );
        let new = catalog(
            vec![topic("paging", "Pagination")],
            vec![guideline("acme", &refs[1..])],
        );
        let d = CatalogDiff::between(&old, &new);
        assert!(
            d.references.changed.is_empty(),
            "{:?}",
            d.references.changed
        );
        assert_eq!(d.references.removed.len(), 1);
        assert_eq!(d.references.removed[0].name.as_deref(), Some("Pages"));
    }

    #[test]
    fn added_references_sort_by_url_then_name() {
        let old = base();
        let mut new = base();
        new.guidelines[0].topics[0].references.extend([
            Reference::new("A", "https://acme.example/#b", None),
            Reference::new("B", "https://acme.example/#a", None),
        ]);
        let d = CatalogDiff::between(&old, &new);
        let urls: Vec<&str> = d.references.added.iter().map(|r| r.url.as_str()).collect();
        assert_eq!(urls, ["https://acme.example/#a", "https://acme.example/#b"]);
    }

    #[test]
    fn a_quote_written_without_a_value_is_no_quote() {
        let old = base();
        let mut new = base();
        new.guidelines[0].topics[0].references[0].quote = Some(None);
        assert!(CatalogDiff::between(&old, &new).is_empty());
    }

    #[test]
    fn json_has_the_documented_shape() {
        let old = base();
        let mut new = base();
        new.topics[1].name = "Problems".to_owned();
        let d = CatalogDiff::between(&old, &new);
        let text = serde_json::to_string(&d).unwrap();
        assert_eq!(
            text,
            r#"{"old":{"topics":2,"guidelines":2,"references":3},"new":{"topics":2,"guidelines":2,"references":3},"topics":{"added":[],"removed":[],"changed":[{"id":"paging","changes":[{"field":"name","old":"Pagination","new":"Problems"}]}],"renamed":[]},"guidelines":{"added":[],"removed":[],"changed":[]},"references":{"added":[],"removed":[],"changed":[]},"coverage":{"guidelines":[],"topics":[]}}"#
        );
    }
}
