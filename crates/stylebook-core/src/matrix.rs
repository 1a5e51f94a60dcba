//! Coverage figures of a catalog: how many references each guideline gives each topic, and what
//! follows from them — how many guides cover a topic, how many topics a guide covers, and the
//! same per category.
//!
//! A topic is *covered* by a guideline when the guideline gives it at least one reference: an
//! entry with an empty list (`topic: []`) covers nothing. Every report of coverage (the CSV
//! files, the workbook, the terminal table) takes its figures from [`CoverageMatrix`], so they
//! agree with each other.

use crate::model::{Catalog, Topic};

/// Reference counts of every topic by every guideline, with the figures derived from them.
///
/// Topics and guidelines are addressed by their index in [`Catalog::topics`] and
/// [`Catalog::guidelines`].
#[derive(Debug, Clone)]
pub struct CoverageMatrix<'a> {
    catalog: &'a Catalog,
    /// `counts[topic * guidelines + guideline]`: the number of references.
    counts: Vec<usize>,
    /// Topic indices grouped by category, then by name (see [`CoverageMatrix::grouped`]).
    grouped: Vec<usize>,
}

/// The coverage of one category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryCoverage<'a> {
    /// The category as written.
    pub name: &'a str,
    /// Its topics (indices into [`Catalog::topics`]), by name.
    pub topics: Vec<usize>,
    /// How many of its topics at least one guideline covers.
    pub topics_covered: usize,
    /// For each guideline, how many of the category's topics it covers.
    pub by_guideline: Vec<usize>,
    /// How many guidelines cover at least one of its topics.
    pub guides_covering: usize,
    /// The references of all guidelines to its topics.
    pub references: usize,
}

impl<'a> CoverageMatrix<'a> {
    /// Counts the references of `catalog`, in one pass over its guidelines.
    pub fn new(catalog: &'a Catalog) -> Self {
        let width = catalog.guidelines.len();
        let mut counts = vec![0; catalog.topics.len() * width];
        for (g, guideline) in catalog.guidelines.iter().enumerate() {
            for c in &guideline.topics {
                if let Ok(t) = catalog
                    .topics
                    .binary_search_by(|t| t.id.as_str().cmp(&c.topic))
                {
                    counts[t * width + g] += c.references.len();
                }
            }
        }
        let mut grouped: Vec<usize> = (0..catalog.topics.len()).collect();
        grouped.sort_by_cached_key(|&t| grouped_key(&catalog.topics[t]));
        CoverageMatrix {
            catalog,
            counts,
            grouped,
        }
    }

    /// The catalog the figures are about.
    pub fn catalog(&self) -> &'a Catalog {
        self.catalog
    }

    /// Topic indices grouped by category, then by name (both compared case-insensitively
    /// first, then as written), then by id: the row order of every coverage report.
    pub fn grouped(&self) -> &[usize] {
        &self.grouped
    }

    /// The references of every guideline to a topic, in guideline order.
    pub fn row(&self, topic: usize) -> &[usize] {
        let width = self.catalog.guidelines.len();
        &self.counts[topic * width..(topic + 1) * width]
    }

    /// How many guidelines cover a topic.
    pub fn guides_covering(&self, topic: usize) -> usize {
        self.row(topic).iter().filter(|&&n| n > 0).count()
    }

    /// The references of all guidelines to a topic.
    pub fn topic_references(&self, topic: usize) -> usize {
        self.row(topic).iter().sum()
    }

    /// How many topics a guideline covers.
    pub fn topics_covered(&self, guideline: usize) -> usize {
        self.column(guideline).filter(|&n| n > 0).count()
    }

    /// The references of a guideline, to topics of the catalog.
    pub fn guideline_references(&self, guideline: usize) -> usize {
        self.column(guideline).sum()
    }

    /// How many topics at least one guideline covers.
    pub fn covered_topics(&self) -> usize {
        (0..self.catalog.topics.len())
            .filter(|&t| self.guides_covering(t) > 0)
            .count()
    }

    /// The coverage of each category, in the order of [`CoverageMatrix::grouped`].
    pub fn categories(&self) -> Vec<CategoryCoverage<'a>> {
        let width = self.catalog.guidelines.len();
        let mut out: Vec<CategoryCoverage<'a>> = Vec::new();
        for &t in &self.grouped {
            let name = self.catalog.topics[t].category.as_str();
            if out.last().is_none_or(|c| c.name != name) {
                out.push(CategoryCoverage {
                    name,
                    topics: Vec::new(),
                    topics_covered: 0,
                    by_guideline: vec![0; width],
                    guides_covering: 0,
                    references: 0,
                });
            }
            let Some(category) = out.last_mut() else {
                continue;
            };
            category.topics.push(t);
            let row = self.row(t);
            if row.iter().any(|&n| n > 0) {
                category.topics_covered += 1;
            }
            for (covered, &n) in category.by_guideline.iter_mut().zip(row) {
                *covered += usize::from(n > 0);
            }
            category.references += row.iter().sum::<usize>();
        }
        for category in &mut out {
            category.guides_covering = category.by_guideline.iter().filter(|&&n| n > 0).count();
        }
        out
    }

    fn column(&self, guideline: usize) -> impl Iterator<Item = usize> + '_ {
        let width = self.catalog.guidelines.len();
        self.counts
            .iter()
            .skip(guideline)
            .step_by(width.max(1))
            .copied()
    }
}

/// Category, then name (case-insensitively first, then as written), then id.
fn grouped_key(t: &Topic) -> (String, &str, String, &str, &str) {
    (
        t.category.to_lowercase(),
        &t.category,
        t.name.to_lowercase(),
        &t.name,
        &t.id,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Guideline, Reference, TopicReferences};

    fn topic(id: &str, category: &str, name: &str) -> Topic {
        Topic::new(id, category, name, "")
    }

    fn guideline(id: &str, topics: &[(&str, usize)]) -> Guideline {
        Guideline {
            id: id.to_owned(),
            topics: topics
                .iter()
                .map(|&(topic, n)| TopicReferences {
                    topic: topic.to_owned(),
                    references: (0..n)
                        .map(|i| Reference::new(format!("r{i}"), "https://e.example/", None))
                        .collect(),
                })
                .collect(),
            ..Guideline::default()
        }
    }

    fn catalog() -> Catalog {
        let mut catalog = Catalog {
            topics: vec![
                topic("a", "Naming", "Case"),
                topic("b", "data", "Dates"),
                topic("c", "Naming", "abbreviations"),
                topic("d", "Data", "Money"),
            ],
            guidelines: vec![
                guideline("g1", &[("a", 3), ("b", 1), ("c", 0)]),
                guideline("g2", &[("a", 1), ("d", 2)]),
            ],
        };
        catalog.normalize();
        catalog
    }

    #[test]
    fn an_empty_reference_list_covers_nothing() {
        let catalog = catalog();
        let m = CoverageMatrix::new(&catalog);
        // Topic `c` is listed by g1 with no reference.
        assert_eq!(m.row(2), &[0, 0]);
        assert_eq!(m.guides_covering(2), 0);
        assert_eq!(m.topics_covered(0), 2);
        assert_eq!(m.guideline_references(0), 4);
        assert_eq!(m.topics_covered(1), 2);
        assert_eq!(m.covered_topics(), 3);
    }

    #[test]
    fn rows_are_grouped_by_category_then_name() {
        let catalog = catalog();
        let m = CoverageMatrix::new(&catalog);
        let ids: Vec<&str> = m
            .grouped()
            .iter()
            .map(|&t| catalog.topics[t].id.as_str())
            .collect();
        // `Data` sorts before `data` (same letters, then as written); `abbreviations` before
        // `Case` whatever the case.
        assert_eq!(ids, ["d", "b", "c", "a"]);
    }

    #[test]
    fn categories_count_topics_covered_not_references() {
        let catalog = catalog();
        let m = CoverageMatrix::new(&catalog);
        let categories = m.categories();
        let names: Vec<&str> = categories.iter().map(|c| c.name).collect();
        assert_eq!(names, ["Data", "data", "Naming"]);
        let naming = &categories[2];
        assert_eq!(naming.topics.len(), 2);
        assert_eq!(naming.topics_covered, 1);
        assert_eq!(naming.by_guideline, [1, 1]);
        assert_eq!(naming.guides_covering, 2);
        assert_eq!(naming.references, 4);
        assert_eq!(categories[0].by_guideline, [0, 1]);
        assert_eq!(categories[0].guides_covering, 1);
    }

    #[test]
    fn a_catalog_without_guidelines_has_empty_rows() {
        let catalog = Catalog {
            topics: vec![topic("a", "Naming", "Case")],
            guidelines: Vec::new(),
        };
        let m = CoverageMatrix::new(&catalog);
        assert!(m.row(0).is_empty());
        assert_eq!(m.covered_topics(), 0);
        assert_eq!(m.categories()[0].guides_covering, 0);
    }
}
