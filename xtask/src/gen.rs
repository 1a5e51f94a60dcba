//! Synthetic catalogs for benchmarks, in the source layout, deterministic per seed.
//!
//! The shapes follow real catalogs: each guideline covers about 30% of the topics with one to
//! three references, some references carry a quote, about 30% of the descriptions are block
//! scalars, and about one string in ten ends with non-ASCII text. Every topic is covered by at
//! least one guideline (a catalog with an unused topic is refused), so the output always
//! validates without findings.
//!
//! Randomness comes from a small SplitMix64 generator written here, so that a seed gives the
//! same catalog on every machine and with no dependency.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

const CATEGORIES: &[&str] = &[
    "HTTP Status User Error",
    "HTTP Status Success",
    "HTTP Methods",
    "Collection Resources",
    "Data",
    "Error handling",
    "Naming",
    "Resources",
    "Security",
    "API Lifecycle",
    "Miscellaneous",
];

const WORDS: &[&str] = &[
    "resource",
    "collection",
    "filter",
    "page",
    "cursor",
    "offset",
    "limit",
    "version",
    "deprecation",
    "header",
    "status",
    "error",
    "problem",
    "detail",
    "conflict",
    "retry",
    "idempotent",
    "cache",
    "etag",
    "field",
    "naming",
    "camel",
    "snake",
    "media",
    "type",
    "hypermedia",
    "link",
    "relation",
    "batch",
    "async",
    "operation",
    "request",
    "response",
    "payload",
    "schema",
    "date",
    "time",
    "zone",
    "currency",
    "country",
    "language",
    "locale",
    "security",
    "token",
    "scope",
    "rate",
    "quota",
];

const NON_ASCII: &[&str] = &[
    "Überblick",
    "données",
    "ошибка",
    "エラー",
    "naïve café",
    "Agenzia per l'Italia Digitale",
];

/// A generated catalog: relative paths and file contents, `topics.yaml` first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Generated {
    /// `(relative path, contents)` for every file.
    pub(crate) files: Vec<(String, String)>,
}

impl Generated {
    /// Total size of the files in bytes.
    pub(crate) fn bytes(&self) -> usize {
        self.files.iter().map(|(_, text)| text.len()).sum()
    }

    /// Writes the files below `out`, which must not hold an older catalog.
    pub(crate) fn write(&self, out: &Path) -> Result<()> {
        fs::create_dir_all(out.join("guidelines"))
            .with_context(|| format!("cannot create {}", out.display()))?;
        for (path, text) in &self.files {
            let full = out.join(path);
            fs::write(&full, text).with_context(|| format!("cannot write {}", full.display()))?;
        }
        Ok(())
    }
}

/// Generates a catalog of `topics` topics and `guidelines` guidelines from `seed`.
pub(crate) fn generate(topics: usize, guidelines: usize, seed: u64) -> Generated {
    let mut rng = Rng::new(seed);
    let topic_ids: Vec<String> = (0..topics).map(|i| format!("topic-{i:06}")).collect();
    let mut files = Vec::with_capacity(guidelines + 1);
    let mut out = String::new();
    for id in &topic_ids {
        let category = rng.choice(CATEGORIES);
        let name = quoted(&sentence(&mut rng, 1, 4));
        let _ = write!(out, "{id}:\n  category: {category}\n  name: {name}\n");
        if rng.chance(0.3) {
            let first = sentence(&mut rng, 8, 30);
            let second = sentence(&mut rng, 5, 20);
            let _ = writeln!(out, "  description: |\n    {first}:\n    {second}");
        } else {
            let description = quoted(&sentence(&mut rng, 4, 20));
            let _ = writeln!(out, "  description: {description}");
        }
    }
    files.push(("topics.yaml".to_owned(), out));
    let mut covered = vec![false; topics];
    for g in 0..guidelines {
        let id = format!("guide-{g:04}");
        let host = format!("https://api-guide-{g}.example.com");
        let mut out = String::new();
        let title = quoted(&sentence(&mut rng, 2, 6));
        let kind = rng.choice(&["website", "github", "pdf"]);
        let company = quoted(&format!("Company {}", sentence(&mut rng, 1, 2)));
        let _ = write!(
            out,
            "id: {id}\ntitle: {title}\ntype: {kind}\nurl: {host}/\ncompany: {company}\n\
             companyLogoUrl: /media/logos/{id}.png\ncompanyUrl: {host}/about\n\
             screenshotUrl: /media/screenshots/{id}.png\n"
        );
        let (year, month, day) = (rng.range(10, 24), rng.range(1, 12), rng.range(1, 28));
        let _ = writeln!(out, "date: 20{year:02}-{month:02}-{day:02}");
        if rng.chance(0.8) {
            let (month, day) = (rng.range(1, 12), rng.range(1, 28));
            let _ = writeln!(out, "reviewDate: 2025-{month:02}-{day:02}");
        }
        out.push_str("\ntopics:\n");
        for (t, tid) in topic_ids.iter().enumerate() {
            if !rng.chance(0.3) {
                continue;
            }
            covered[t] = true;
            let _ = writeln!(out, "  {tid}:");
            for r in 0..rng.range(1, 3) {
                let name = quoted(&sentence(&mut rng, 1, 6));
                let _ = write!(
                    out,
                    "    - name: {name}\n      url: {host}/guide/{tid}#section-{r}\n"
                );
                if rng.chance(0.3) {
                    let quote = quoted(&sentence(&mut rng, 3, 12));
                    let _ = writeln!(out, "      quote: {quote}");
                }
            }
        }
        files.push((format!("guidelines/{id}.yaml"), out));
    }
    // A topic that no guideline covers is refused: give each one a home in the first guide.
    if let Some((_, first)) = files.get_mut(1) {
        for (tid, _) in topic_ids.iter().zip(&covered).filter(|(_, c)| !**c) {
            let _ = write!(
                first,
                "  {tid}:\n    - name: Catch-all\n      url: https://api-guide-0.example.com/guide/{tid}\n"
            );
        }
    }
    Generated { files }
}

/// A capitalized sentence of `lo..=hi` words, sometimes ending with non-ASCII text.
fn sentence(rng: &mut Rng, lo: u64, hi: u64) -> String {
    let count = rng.range(lo, hi);
    let mut words: Vec<&str> = (0..count).map(|_| rng.choice(WORDS)).collect();
    if rng.chance(0.1) {
        words.push(rng.choice(NON_ASCII));
    }
    let text = words.join(" ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// A single-quoted YAML scalar.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// SplitMix64: tiny, fast, and good enough to shape test data.
pub(crate) struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        // 53 random bits give every representable fraction of [0, 1).
        let unit = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        unit < p
    }

    /// One item of a non-empty slice.
    pub(crate) fn choice<T: Copy>(&mut self, items: &[T]) -> T {
        let len = u64::try_from(items.len()).unwrap_or(u64::MAX);
        let index = usize::try_from(self.next_u64() % len).unwrap_or(0);
        items[index]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_catalog() {
        assert_eq!(generate(50, 4, 7), generate(50, 4, 7));
        assert_ne!(generate(50, 4, 7), generate(50, 4, 8));
    }

    #[test]
    fn generated_catalog_validates_cleanly() {
        let generated = generate(200, 6, 1);
        let mut sources = stylebook_core::Sources::new();
        let inputs: Vec<_> = generated
            .files
            .iter()
            .map(|(path, text)| {
                let kind = stylebook_core::FileKind::from_path(path)
                    .unwrap_or(stylebook_core::FileKind::Guideline);
                (sources.add(path.clone(), text.clone()), kind)
            })
            .collect();
        let loaded = stylebook_core::read(&sources, &inputs);
        assert_eq!(loaded.diagnostics, Vec::new());
        assert_eq!(loaded.catalog.topics().len(), 200);
        assert_eq!(loaded.catalog.guidelines().len(), 6);
    }
}
