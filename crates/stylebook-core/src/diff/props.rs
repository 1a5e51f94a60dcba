//! Property tests of `stylebook_core::diff`: a catalog does not differ from itself, applying
//! the diff of A and B to A gives B, and swapping A and B swaps what was added and removed.
//!
//! Catalogs are drawn from small pools of ids, names and URLs so that the same topics,
//! guidelines and references turn up on both sides; B is either drawn on its own or made from
//! A by a few edits (renaming a topic's id among them, so that probable renames are exercised).
//! Within one guideline and one topic, URLs are distinct: the JSON form of an added or removed
//! reference has no quote, so among references with the same name and URL it could not say
//! which one went.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use serde_json::Value;

use super::CatalogDiff;
use crate::model::{
    Author, Catalog, Guideline, GuidelineField, Reference, ReferenceField, Timestamp, Topic,
    TopicReferences,
};

const TOPIC_IDS: [&str; 6] = ["a", "b", "c", "d", "e", "f"];
const NEW_TOPIC_IDS: [&str; 3] = ["a2", "x", "y"];
const NAMES: [&str; 3] = ["Paging", "Errors", "Caching"];
const GUIDELINE_IDS: [&str; 3] = ["g1", "g2", "g3"];

/// A reference drawn from the pools: name (none when `None`), URL, quote.
#[derive(Debug, Clone)]
struct RawRef {
    name: Option<u8>,
    url: u8,
    quote: Option<u8>,
}

fn raw_ref() -> impl Strategy<Value = RawRef> {
    (prop::option::of(0..3u8), 0..4u8, prop::option::of(0..2u8))
        .prop_map(|(name, url, quote)| RawRef { name, url, quote })
}

impl RawRef {
    fn build(&self) -> Reference {
        Reference {
            name: self.name.map(|n| format!("Section {n}")),
            url: format!("https://guide.example/#s{}", self.url),
            quote: self.quote.map(|q| Some(format!("Quote {q}"))),
            order: ReferenceField::ALL,
        }
    }
}

/// One guideline slot: title, review day, whether it has authors, and references per topic
/// slot.
type RawGuideline = (u8, Option<u8>, bool, Vec<Vec<RawRef>>);

fn catalog() -> impl Strategy<Value = Catalog> {
    let topics = prop::collection::vec(prop::option::of((0..3u8, 0..2u8, 0..2u8)), 6);
    let guideline = (
        0..2u8,
        prop::option::of(1..28u8),
        any::<bool>(),
        prop::collection::vec(prop::collection::vec(raw_ref(), 0..3), 6),
    );
    let guidelines = prop::collection::vec(prop::option::of(guideline), 3);
    (topics, guidelines).prop_map(|(topics, guidelines)| build(&topics, &guidelines))
}

fn build(topics: &[Option<(u8, u8, u8)>], guidelines: &[Option<RawGuideline>]) -> Catalog {
    let topics: Vec<Option<Topic>> = topics
        .iter()
        .zip(TOPIC_IDS)
        .map(|(t, id)| {
            t.map(|(name, category, description)| {
                Topic::new(
                    id,
                    format!("Category {category}"),
                    NAMES[usize::from(name)],
                    format!("Description {description}"),
                )
            })
        })
        .collect();
    let guidelines = guidelines
        .iter()
        .zip(GUIDELINE_IDS)
        .filter_map(|(g, id)| {
            let (title, review, authors, refs) = g.as_ref()?;
            let coverage = topics
                .iter()
                .zip(refs)
                .filter_map(|(t, refs)| {
                    let t = t.as_ref()?;
                    let mut c = TopicReferences {
                        topic: t.id.clone(),
                        references: refs.iter().map(RawRef::build).collect(),
                    };
                    distinct_urls(&mut c);
                    Some(c)
                })
                .collect();
            let mut g = Guideline {
                id: id.to_owned(),
                title: format!("Title {title}"),
                kind: "website".to_owned(),
                url: format!("https://{id}.example/"),
                company: id.to_uppercase(),
                review_date: review.and_then(|d| Timestamp::from_ymd(2019, 7, u32::from(d))),
                authors: authors.then(|| vec![Author::new("Ada", Some("ada".to_owned()))]),
                topics: coverage,
                ..Guideline::default()
            };
            g.field_order = GuidelineField::ALL
                .into_iter()
                .filter(|&f| g.field(f).is_some())
                .collect();
            Some(g)
        })
        .collect();
    let mut catalog = Catalog {
        topics: topics.into_iter().flatten().collect(),
        guidelines,
    };
    catalog.normalize();
    catalog
}

/// Keeps the first reference of each URL.
fn distinct_urls(c: &mut TopicReferences) {
    let mut seen = std::collections::HashSet::new();
    c.references.retain(|r| seen.insert(r.url.clone()));
}

/// An edit of a catalog; indexes are taken modulo the number of candidates.
#[derive(Debug, Clone)]
enum Edit {
    RenameTopic(u8, u8),
    TopicName(u8, u8),
    TopicCategory(u8, u8),
    DropTopic(u8),
    DropReference(u8),
    AddReference(u8, u8, RawRef),
    ReferenceName(u8, Option<u8>),
    ReferenceUrl(u8, u8),
    ReferenceQuote(u8, Option<u8>),
    Title(u8, u8),
    ReviewDate(u8, Option<u8>),
    DropGuideline(u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    let i = || any::<u8>();
    prop_oneof![
        (i(), i()).prop_map(|(a, b)| Edit::RenameTopic(a, b)),
        (i(), 0..3u8).prop_map(|(a, b)| Edit::TopicName(a, b)),
        (i(), 0..3u8).prop_map(|(a, b)| Edit::TopicCategory(a, b)),
        i().prop_map(Edit::DropTopic),
        i().prop_map(Edit::DropReference),
        (i(), i(), raw_ref()).prop_map(|(a, b, r)| Edit::AddReference(a, b, r)),
        (i(), prop::option::of(0..3u8)).prop_map(|(a, b)| Edit::ReferenceName(a, b)),
        (i(), 0..4u8).prop_map(|(a, b)| Edit::ReferenceUrl(a, b)),
        (i(), prop::option::of(0..2u8)).prop_map(|(a, b)| Edit::ReferenceQuote(a, b)),
        (i(), 0..3u8).prop_map(|(a, b)| Edit::Title(a, b)),
        (i(), prop::option::of(1..28u8)).prop_map(|(a, b)| Edit::ReviewDate(a, b)),
        i().prop_map(Edit::DropGuideline),
    ]
}

fn pick(n: u8, len: usize) -> Option<usize> {
    (len > 0).then(|| usize::from(n) % len)
}

/// Every reference of the catalog, as mutable references, in order.
fn references(c: &mut Catalog) -> Vec<&mut Reference> {
    c.guidelines
        .iter_mut()
        .flat_map(|g| &mut g.topics)
        .flat_map(|c| &mut c.references)
        .collect()
}

fn apply_edit(c: &mut Catalog, edit: &Edit) {
    match *edit {
        Edit::RenameTopic(t, to) => {
            let to = NEW_TOPIC_IDS[usize::from(to) % NEW_TOPIC_IDS.len()];
            if c.topics.iter().any(|t| t.id == to) {
                return;
            }
            if let Some(t) = pick(t, c.topics.len()) {
                let from = std::mem::replace(&mut c.topics[t].id, to.to_owned());
                for cov in c.guidelines.iter_mut().flat_map(|g| &mut g.topics) {
                    if cov.topic == from {
                        cov.topic = to.to_owned();
                    }
                }
            }
        }
        Edit::TopicName(t, name) => {
            if let Some(t) = pick(t, c.topics.len()) {
                c.topics[t].name = NAMES[usize::from(name)].to_owned();
            }
        }
        Edit::TopicCategory(t, category) => {
            if let Some(t) = pick(t, c.topics.len()) {
                c.topics[t].category = format!("Category {category}");
            }
        }
        Edit::DropTopic(t) => {
            if let Some(t) = pick(t, c.topics.len()) {
                let id = c.topics.remove(t).id;
                for g in &mut c.guidelines {
                    g.topics.retain(|cov| cov.topic != id);
                }
            }
        }
        Edit::DropReference(r) => {
            let covs: Vec<&mut TopicReferences> = c
                .guidelines
                .iter_mut()
                .flat_map(|g| &mut g.topics)
                .collect();
            let total: usize = covs.iter().map(|c| c.references.len()).sum();
            if let Some(mut r) = pick(r, total) {
                for cov in covs {
                    if r < cov.references.len() {
                        cov.references.remove(r);
                        return;
                    }
                    r -= cov.references.len();
                }
            }
        }
        Edit::AddReference(g, t, ref raw) => {
            let (Some(g), Some(t)) = (pick(g, c.guidelines.len()), pick(t, c.topics.len())) else {
                return;
            };
            let topic = c.topics[t].id.clone();
            let guideline = &mut c.guidelines[g];
            match guideline.topics.iter_mut().find(|cov| cov.topic == topic) {
                Some(cov) => {
                    cov.references.push(raw.build());
                    distinct_urls(cov);
                }
                None => guideline.topics.push(TopicReferences {
                    topic,
                    references: vec![raw.build()],
                }),
            }
        }
        Edit::ReferenceName(r, name) => {
            let mut refs = references(c);
            if let Some(r) = pick(r, refs.len()) {
                refs[r].name = name.map(|n| format!("Section {n}"));
            }
        }
        Edit::ReferenceUrl(r, url) => {
            let mut refs = references(c);
            if let Some(r) = pick(r, refs.len()) {
                refs[r].url = format!("https://guide.example/#s{url}");
            }
            for cov in c.guidelines.iter_mut().flat_map(|g| &mut g.topics) {
                distinct_urls(cov);
            }
        }
        Edit::ReferenceQuote(r, quote) => {
            let mut refs = references(c);
            if let Some(r) = pick(r, refs.len()) {
                refs[r].quote = quote.map(|q| Some(format!("Quote {q}")));
            }
        }
        Edit::Title(g, title) => {
            if let Some(g) = pick(g, c.guidelines.len()) {
                c.guidelines[g].title = format!("Title {title}");
            }
        }
        Edit::ReviewDate(g, day) => {
            if let Some(g) = pick(g, c.guidelines.len()) {
                let g = &mut c.guidelines[g];
                g.review_date = day.and_then(|d| Timestamp::from_ymd(2019, 7, u32::from(d)));
                if g.review_date.is_some() && !g.field_order.contains(&GuidelineField::ReviewDate) {
                    g.field_order.push(GuidelineField::ReviewDate);
                }
            }
        }
        Edit::DropGuideline(g) => {
            if let Some(g) = pick(g, c.guidelines.len()) {
                c.guidelines.remove(g);
            }
        }
    }
}

/// Two catalogs: drawn apart, or the second made from the first by a few edits.
fn pair() -> impl Strategy<Value = (Catalog, Catalog)> {
    (
        catalog(),
        catalog(),
        prop::collection::vec(edit(), 0..8),
        any::<bool>(),
    )
        .prop_map(|(a, other, edits, edited)| {
            let b = if edited {
                let mut b = a.clone();
                for e in &edits {
                    apply_edit(&mut b, e);
                }
                b.normalize();
                b
            } else {
                other
            };
            (a, b)
        })
}

/// Applies `d` to `old`. What the diff does not carry is taken from `new`: the fields of an
/// added topic, the metadata of an added guideline, and the quote of an added reference.
/// Everything else comes from the diff: what goes, what is renamed, every changed value.
fn apply(old: &Catalog, d: &CatalogDiff, new: &Catalog) -> Catalog {
    let mut c = old.clone();
    for r in &d.references.removed {
        let refs = coverage_mut(&mut c, &r.guideline, &r.topic);
        let at = refs
            .iter()
            .position(|x| x.url == r.url && x.name == r.name)
            .expect("a removed reference was there");
        refs.remove(at);
    }
    for g in &mut c.guidelines {
        g.topics.retain(|cov| !cov.references.is_empty());
    }
    for id in &d.guidelines.removed {
        let g = c.guideline(id).expect("a removed guideline was there");
        assert!(g.topics.is_empty(), "{id} is removed with references left");
        c.guidelines.retain(|g| &g.id != id);
    }
    for id in &d.topics.removed {
        assert!(
            c.topics.iter().any(|t| &t.id == id),
            "a removed topic was there"
        );
        assert!(
            c.guidelines
                .iter()
                .all(|g| g.topics.iter().all(|cov| &cov.topic != id)),
            "{id} is removed with references left"
        );
        c.topics.retain(|t| &t.id != id);
    }
    for r in &d.topics.renamed {
        for t in c.topics.iter_mut().filter(|t| t.id == r.from) {
            t.id.clone_from(&r.to);
        }
        for cov in c.guidelines.iter_mut().flat_map(|g| &mut g.topics) {
            if cov.topic == r.from {
                cov.topic.clone_from(&r.to);
            }
        }
    }
    for id in &d.topics.added {
        assert!(
            c.topics.iter().all(|t| &t.id != id),
            "an added topic is new"
        );
        c.topics
            .push(new.topic(id).expect("an added topic is new").clone());
    }
    c.normalize();
    for changed in &d.topics.changed {
        let t = c
            .topics
            .iter_mut()
            .find(|t| t.id == changed.id)
            .expect("a changed topic is there");
        for change in &changed.changes {
            let slot = match change.field {
                "category" => &mut t.category,
                "name" => &mut t.name,
                "description" => &mut t.description,
                other => panic!("unknown topic field {other}"),
            };
            assert_eq!(Value::from(slot.as_str()), change.old);
            *slot = change.new.as_str().expect("text").to_owned();
        }
    }
    for id in &d.guidelines.added {
        let mut g = new
            .guideline(id)
            .expect("an added guideline is new")
            .clone();
        g.topics.clear();
        c.guidelines.push(g);
    }
    for changed in &d.guidelines.changed {
        let g = c
            .guidelines
            .iter_mut()
            .find(|g| g.id == changed.id)
            .expect("a changed guideline is there");
        for change in &changed.changes {
            set_guideline_field(g, change.field, &change.new);
        }
    }
    // Locate every changed reference before changing any, as URLs change.
    let mut targets = Vec::new();
    for r in &d.references.changed {
        let refs = coverage_mut(&mut c, &r.guideline, &r.topic);
        let at = refs
            .iter()
            .position(|x| x.url == r.url)
            .expect("a changed reference is there");
        targets.push((r, at));
    }
    for (r, at) in targets {
        let x = &mut coverage_mut(&mut c, &r.guideline, &r.topic)[at];
        for change in &r.changes {
            let text = change.new.as_str().map(str::to_owned);
            match change.field {
                "name" => x.name = text,
                "url" => x.url = text.expect("a URL"),
                "quote" => x.quote = text.map(Some),
                other => panic!("unknown reference field {other}"),
            }
        }
    }
    for r in &d.references.added {
        let quote = new
            .guideline(&r.guideline)
            .and_then(|g| g.references(&r.topic))
            .and_then(|refs| refs.iter().find(|x| x.url == r.url && x.name == r.name))
            .expect("an added reference is new")
            .quote
            .clone();
        coverage_mut(&mut c, &r.guideline, &r.topic).push(Reference {
            name: r.name.clone(),
            url: r.url.clone(),
            quote,
            order: ReferenceField::ALL,
        });
    }
    c.normalize();
    c
}

fn coverage_mut<'a>(c: &'a mut Catalog, guideline: &str, topic: &str) -> &'a mut Vec<Reference> {
    let g = c
        .guidelines
        .iter_mut()
        .find(|g| g.id == guideline)
        .expect("the guideline is there");
    if !g.topics.iter().any(|cov| cov.topic == topic) {
        g.topics.push(TopicReferences {
            topic: topic.to_owned(),
            references: Vec::new(),
        });
    }
    let cov = g
        .topics
        .iter_mut()
        .find(|cov| cov.topic == topic)
        .expect("just added");
    &mut cov.references
}

fn set_guideline_field(g: &mut Guideline, field: &str, value: &Value) {
    let text = value.as_str().map(str::to_owned);
    let date = text.as_deref().and_then(Timestamp::parse);
    match field {
        "title" => g.title = text.expect("text"),
        "type" => g.kind = text.expect("text"),
        "url" => g.url = text.expect("text"),
        "company" => g.company = text.expect("text"),
        "githubUrl" => g.github_url = text,
        "companyLogoUrl" => g.company_logo_url = text,
        "companyUrl" => g.company_url = text,
        "screenshotUrl" => g.screenshot_url = text,
        "language" => g.language = text,
        "date" => g.date = date,
        "reviewDate" => g.review_date = date,
        "authors" => {
            g.authors = value.as_array().map(|authors| {
                authors
                    .iter()
                    .map(|a| {
                        let name = a["name"].as_str().expect("a name");
                        let twitter = a.get("twitter").and_then(Value::as_str);
                        Author::new(name, twitter.map(str::to_owned))
                    })
                    .collect()
            });
        }
        other => panic!("unknown guideline field {other}"),
    }
}

/// A catalog with every order that the diff ignores put in one order, empty coverage dropped,
/// and a quote written without a value counted as none.
fn canonical(c: &Catalog) -> Catalog {
    let mut c = c.clone();
    c.normalize();
    for g in &mut c.guidelines {
        g.field_order.clear();
        g.topics.retain(|cov| !cov.references.is_empty());
        g.topics.sort_by(|a, b| a.topic.cmp(&b.topic));
        for cov in &mut g.topics {
            for r in &mut cov.references {
                r.order = ReferenceField::ALL;
                if r.quote == Some(None) {
                    r.quote = None;
                }
            }
            cov.references
                .sort_by(|a, b| (&a.url, &a.name, &a.quote).cmp(&(&b.url, &b.name, &b.quote)));
        }
    }
    c
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_catalog_does_not_differ_from_itself(a in catalog()) {
        let d = CatalogDiff::between(&a, &a);
        prop_assert!(d.is_empty(), "{:?}", d);
        prop_assert!(d.coverage.guidelines.is_empty() && d.coverage.topics.is_empty());
    }

    #[test]
    fn applying_the_diff_of_a_and_b_to_a_gives_b((a, b) in pair()) {
        let d = CatalogDiff::between(&a, &b);
        prop_assert_eq!(canonical(&apply(&a, &d, &b)), canonical(&b));
        prop_assert_eq!(
            d.new.references + d.references.removed.len(),
            d.old.references + d.references.added.len()
        );
        prop_assert_eq!(d.is_empty(), canonical(&a) == canonical(&b));
    }

    #[test]
    fn swapping_the_catalogs_swaps_what_was_added_and_removed((a, b) in pair()) {
        let ab = CatalogDiff::between(&a, &b);
        let ba = CatalogDiff::between(&b, &a);
        prop_assert_eq!(&ab.topics.added, &ba.topics.removed);
        prop_assert_eq!(&ab.topics.removed, &ba.topics.added);
        prop_assert_eq!(ab.topics.changed.len(), ba.topics.changed.len());
        let mut back: Vec<(String, String)> = ba
            .topics
            .renamed
            .iter()
            .map(|r| (r.to.clone(), r.from.clone()))
            .collect();
        back.sort();
        let there: Vec<(String, String)> = ab
            .topics
            .renamed
            .iter()
            .map(|r| (r.from.clone(), r.to.clone()))
            .collect();
        prop_assert_eq!(there, back);
        prop_assert_eq!(&ab.guidelines.added, &ba.guidelines.removed);
        prop_assert_eq!(&ab.guidelines.changed.len(), &ba.guidelines.changed.len());
        prop_assert_eq!(&ab.references.added, &ba.references.removed);
        prop_assert_eq!(&ab.references.removed, &ba.references.added);
        prop_assert_eq!(ab.references.changed.len(), ba.references.changed.len());
        for (x, y) in ab.coverage.guidelines.iter().zip(&ba.coverage.guidelines) {
            prop_assert_eq!(&x.gained, &y.lost);
            prop_assert_eq!(&x.lost, &y.gained);
        }
        prop_assert_eq!(ab.coverage.guidelines.len(), ba.coverage.guidelines.len());
        prop_assert_eq!(ab.coverage.topics.len(), ba.coverage.topics.len());
    }
}
