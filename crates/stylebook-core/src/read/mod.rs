//! Readers for every catalog form, all feeding one `Collector` that builds the [`Catalog`].
//!
//! The forms: the source layout (`topics.yaml` + `guidelines/<id>.yaml`), topic and guideline
//! pages (Markdown with YAML front matter), and catalog JSON. Each reader turns a file into
//! *claims*: "topic T is defined so", "guideline G is described so", "G covers T with these
//! references". The collector then checks that the claims agree across files (a topic defined
//! twice, a guideline described differently in two pages, a topic page and a guideline page
//! disagreeing about references, undefined and unused topics) and assembles the catalog.

mod ahead;
pub(crate) mod fields;
pub mod frontmatter;
mod json;
pub(crate) mod pages;
mod source;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::diag::{Code, Diagnostic, FileId, Sources};
use crate::model::{Catalog, Coverage, Guideline, GuidelineField, Reference, Topic};
use crate::yaml::{self, Node, YamlErrorKind};

pub use fields::{AUTHOR_FIELDS, REFERENCE_FIELDS, TOPIC_FIELDS, is_valid_id, is_valid_url};

/// The kind of a catalog file, which decides how it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// A source-layout `topics.yaml`.
    Topics,
    /// A source-layout `guidelines/<id>.yaml`.
    Guideline,
    /// A topic or guideline page; its `layout` says which.
    Page,
    /// A catalog JSON file as written by `stylebook export --to json`.
    CatalogJson,
}

/// What reading gave: the catalog (complete as far as the data allowed) and every finding.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The catalog, in normal form.
    pub catalog: Catalog,
    /// Errors and warnings, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

impl FileKind {
    /// Guesses the kind from a path: `topics.yaml`, `*.md`, `*.json`, other `*.yaml`/`*.yml`.
    pub fn from_path(path: &str) -> Option<Self> {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        match ext.as_deref() {
            _ if name == "topics.yaml" || name == "topics.yml" => Some(FileKind::Topics),
            Some("md" | "markdown") => Some(FileKind::Page),
            Some("json") => Some(FileKind::CatalogJson),
            Some("yaml" | "yml") => Some(FileKind::Guideline),
            _ => None,
        }
    }
}

/// Reads every given file and builds one catalog from all of them.
///
/// The files' YAML is parsed on every core (for more than a few dozen kilobytes of text), a
/// few files ahead of the lowering and checks, which take the parsed files in input order.
/// Results and diagnostics do not depend on it.
pub fn read(sources: &Sources, inputs: &[(FileId, FileKind)]) -> Loaded {
    read_inspecting(sources, inputs, |_, _| ()).0
}

/// Reads like [`read`], and runs `inspect` on the YAML tree of each file that parsed (the whole
/// file, or a page's front matter) on the thread that parsed it, so that a second look at the
/// files (the schema check) needs no second parse. Its results come back by input index:
/// `None` for a file that did not parse.
pub fn read_inspecting<T: Send>(
    sources: &Sources,
    inputs: &[(FileId, FileKind)],
    inspect: impl Fn(FileKind, &Node) -> T + Sync,
) -> (Loaded, Vec<Option<T>>) {
    let bytes = inputs.iter().map(|&(f, _)| sources.get(f).text.len()).sum();
    read_on(sources, inputs, ahead::threads_for(bytes), inspect)
}

/// [`read_inspecting`] with parsing on up to `threads` threads.
fn read_on<T: Send>(
    sources: &Sources,
    inputs: &[(FileId, FileKind)],
    threads: usize,
    inspect: impl Fn(FileKind, &Node) -> T + Sync,
) -> (Loaded, Vec<Option<T>>) {
    let mut inspected = Vec::with_capacity(inputs.len());
    let mut reader = Reader::default();
    ahead::in_order(
        inputs.len(),
        threads,
        |i| {
            let (file, kind) = inputs[i];
            let parsed = parse_ahead(sources.get(file), kind);
            let seen = match &parsed {
                Some((_, Ok(Some(root)))) => Some(inspect(kind, root)),
                _ => None,
            };
            (parsed, seen)
        },
        |i, (parsed, seen)| {
            inspected.push(seen);
            reader.read_file(sources, inputs[i], parsed);
        },
    );
    (reader.finish(), inspected)
}

/// A file's YAML parsed ahead: where it starts in the file, and what parsing gave.
type Parsed = Option<(usize, Result<Option<Node>, yaml::YamlError>)>;

/// Parses what the reader of a file will parse: the whole file, or a page's front matter.
fn parse_ahead(source: &crate::diag::SourceFile, kind: FileKind) -> Parsed {
    if source.invalid_utf8_at.is_some() {
        return None;
    }
    let text = source.text.as_str();
    let range = match kind {
        FileKind::Page => frontmatter::split(text).ok()?.yaml,
        _ => 0..text.len(),
    };
    let yaml = text.get(range.clone())?;
    Some((range.start, yaml::parse(yaml, range.start)))
}

/// Lowers files one after the other into a [`Collector`], gathering their diagnostics.
#[derive(Default)]
struct Reader {
    collector: Collector,
    diags: Vec<Diagnostic>,
}

impl Reader {
    /// Reads one file, given what parsing it ahead gave.
    fn read_file(&mut self, sources: &Sources, (file, kind): (FileId, FileKind), parsed: Parsed) {
        let source = sources.get(file);
        let (text, name) = (&source.text, &source.name);
        let collector = &mut self.collector;
        if let Some(at) = source.invalid_utf8_at {
            self.diags.push(
                Diagnostic::error(
                    Code::InvalidUtf8,
                    file,
                    // The text was decoded lossily: the bad bytes became U+FFFD there.
                    at..at + char::REPLACEMENT_CHARACTER.len_utf8(),
                    "file is not valid UTF-8",
                )
                .with_help("save the file as UTF-8"),
            );
            collector.incomplete = true;
            return;
        }
        let before = self.diags.len();
        let mut cx = fields::Ctx {
            file,
            text,
            diags: &mut self.diags,
            json: kind == FileKind::CatalogJson,
        };
        match kind {
            FileKind::Topics => source::read_topics(&mut cx, text, parsed, collector),
            FileKind::Guideline => source::read_guideline(&mut cx, name, text, parsed, collector),
            FileKind::Page => pages::read_page(&mut cx, name, text, parsed, collector),
            FileKind::CatalogJson => json::read_catalog(&mut cx, text, parsed, collector),
        }
        // A file with errors may hide the topics it uses: unused-topic findings would be noise.
        if self.diags[before..].iter().any(Diagnostic::is_error) {
            collector.incomplete = true;
        }
    }

    /// Checks the claims of every file against each other and assembles the catalog.
    fn finish(mut self) -> Loaded {
        let catalog = self.collector.finish(&mut self.diags);
        Loaded {
            catalog,
            diagnostics: self.diags,
        }
    }
}

/// Parses a whole YAML (or JSON) file, reporting syntax faults and emptiness. `parsed` is the
/// result of parsing it ahead, used when it is for the same text.
fn parse_document(
    cx: &mut fields::Ctx<'_>,
    text: &str,
    base: usize,
    parsed: Parsed,
) -> Option<Node> {
    let result = match parsed {
        Some((start, result)) if start == base => result,
        _ => yaml::parse(text, base),
    };
    match result {
        Ok(Some(node)) => Some(node),
        Ok(None) => {
            cx.push(
                Diagnostic::error(Code::EmptyFile, cx.file, base..base, "file has no content")
                    .with_help("an empty file is no catalog: remove it or fill it in"),
            );
            None
        }
        Err(e) => {
            let code = match e.kind {
                YamlErrorKind::Syntax => Code::Syntax,
                YamlErrorKind::DuplicateKey => Code::DuplicateKey,
                YamlErrorKind::TooComplex => Code::TooComplex,
            };
            let mut diag = Diagnostic::error(code, cx.file, e.offset..e.end, e.message);
            if let Some(first) = e.related {
                diag = diag.with_label(cx.file, first, "first written here");
            }
            cx.push(diag);
            None
        }
    }
}

/// A place in a file.
#[derive(Debug, Clone)]
struct Loc {
    file: FileId,
    span: Range<usize>,
}

/// Where a claim comes from: a definition in its own file, or a copy embedded in a page about
/// something else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// `topics.yaml`, a topic page's own topic, a guideline file or page, catalog JSON.
    Own,
    /// A guideline inside a topic page, a topic inside a guideline page.
    Embedded,
}

struct TopicEntry {
    topic: Topic,
    loc: Loc,
    own: Option<Loc>,
}

struct GuidelineEntry {
    guideline: Guideline,
    loc: Loc,
    own: Option<Loc>,
    /// The guideline's own list of topics, from its file or page.
    list: Option<Vec<(Coverage, Loc)>>,
}

struct Claim {
    guideline: String,
    topic: String,
    references: Vec<Reference>,
    loc: Loc,
}

/// Gathers claims from every file, then checks and assembles them.
#[derive(Default)]
struct Collector {
    topics: HashMap<String, TopicEntry>,
    guidelines: HashMap<String, GuidelineEntry>,
    /// Coverage claims made by topic pages.
    claims: Vec<Claim>,
    /// Topics that have their own page, so their list of guidelines is known.
    topic_pages: HashSet<String>,
    /// Topic ids named by a guideline, even in entries too broken to read.
    mentioned: HashSet<String>,
    /// Some file had errors, so the set of used topics may be incomplete.
    incomplete: bool,
}

impl Collector {
    fn topic(&mut self, diags: &mut Vec<Diagnostic>, topic: Topic, loc: Loc, origin: Origin) {
        let Some(entry) = self.topics.get_mut(&topic.id) else {
            let own = (origin == Origin::Own).then(|| loc.clone());
            self.topics
                .insert(topic.id.clone(), TopicEntry { topic, loc, own });
            return;
        };
        if origin == Origin::Own
            && let Some(diag) = own_definition(
                &mut entry.own,
                &loc,
                Code::DuplicateTopic,
                "topic",
                &topic.id,
            )
        {
            diags.push(diag);
            return;
        }
        if let Some(difference) = topic_difference(&entry.topic, &topic) {
            diags.push(described_differently(
                Code::ConflictingTopic,
                "topic",
                &topic.id,
                difference,
                &loc,
                &entry.loc,
            ));
        }
    }

    fn guideline(
        &mut self,
        diags: &mut Vec<Diagnostic>,
        guideline: Guideline,
        loc: Loc,
        origin: Origin,
        list: Option<Vec<(Coverage, Loc)>>,
    ) {
        for c in list.iter().flatten() {
            self.mentioned.insert(c.0.topic.clone());
        }
        let Some(entry) = self.guidelines.get_mut(&guideline.id) else {
            let own = (origin == Origin::Own).then(|| loc.clone());
            self.guidelines.insert(
                guideline.id.clone(),
                GuidelineEntry {
                    guideline,
                    loc,
                    own,
                    list,
                },
            );
            return;
        };
        if origin == Origin::Own {
            if let Some(diag) = own_definition(
                &mut entry.own,
                &loc,
                Code::DuplicateGuideline,
                "guideline",
                &guideline.id,
            ) {
                diags.push(diag);
                return;
            }
            entry.list = list;
        }
        if let Some(difference) = guideline_difference(&entry.guideline, &guideline) {
            diags.push(described_differently(
                Code::ConflictingGuideline,
                "guideline",
                &guideline.id,
                difference,
                &loc,
                &entry.loc,
            ));
        } else if origin == Origin::Own {
            // The guideline's own description decides the field order.
            entry.guideline.field_order = guideline.field_order;
            entry.loc = loc;
        }
    }

    fn finish(mut self, diags: &mut Vec<Diagnostic>) -> Catalog {
        let claimed: HashSet<(&str, &str)> = self
            .claims
            .iter()
            .map(|c| (c.guideline.as_str(), c.topic.as_str()))
            .collect();
        let mut used: HashSet<String> = HashSet::new();
        // Topic pages against the guidelines' own lists, through an index: no quadratic scans.
        let listed: HashMap<(&str, &str), &(Coverage, Loc)> = self
            .guidelines
            .iter()
            .flat_map(|(id, e)| {
                e.list
                    .iter()
                    .flatten()
                    .map(move |item| ((id.as_str(), item.0.topic.as_str()), item))
            })
            .collect();
        for claim in &self.claims {
            let Some(entry) = self.guidelines.get(&claim.guideline) else {
                continue;
            };
            if entry.list.is_none() {
                continue;
            }
            match listed.get(&(claim.guideline.as_str(), claim.topic.as_str())) {
                Some((c, l)) if c.references != claim.references => diags.push(
                    Diagnostic::error(
                        Code::ConflictingReferences,
                        claim.loc.file,
                        claim.loc.span.clone(),
                        format!(
                            "references of guideline `{}` for topic `{}` differ between pages",
                            claim.guideline, claim.topic
                        ),
                    )
                    .with_label(l.file, l.span.clone(), "the guideline's page says otherwise here"),
                ),
                Some(_) => {}
                None => diags.push(
                    Diagnostic::error(
                        Code::ConflictingReferences,
                        claim.loc.file,
                        claim.loc.span.clone(),
                        format!(
                            "this topic page lists guideline `{}`, whose own page does not list topic `{}`",
                            claim.guideline, claim.topic
                        ),
                    )
                    .with_label(entry.loc.file, entry.loc.span.clone(), "the guideline is defined here"),
                ),
            }
        }
        let mut guidelines = Vec::with_capacity(self.guidelines.len());
        let mut by_guideline: HashMap<&str, Vec<&Claim>> = HashMap::new();
        for claim in &self.claims {
            by_guideline
                .entry(&claim.guideline)
                .or_default()
                .push(claim);
        }
        // In reading order, so that the findings do not depend on the map's order.
        let mut entries: Vec<(String, GuidelineEntry)> = self.guidelines.drain().collect();
        entries.sort_by(|(a_id, a), (b_id, b)| {
            (a.loc.file, a.loc.span.start, a_id).cmp(&(b.loc.file, b.loc.span.start, b_id))
        });
        for (id, entry) in entries {
            let mut guideline = entry.guideline;
            guideline.topics = match entry.list {
                Some(list) => {
                    for (c, l) in &list {
                        if self.topic_pages.contains(&c.topic)
                            && !claimed.contains(&(id.as_str(), c.topic.as_str()))
                        {
                            diags.push(
                                Diagnostic::error(
                                    Code::ConflictingReferences,
                                    l.file,
                                    l.span.clone(),
                                    format!(
                                        "guideline `{id}` lists topic `{}`, whose topic page does not list the guideline",
                                        c.topic
                                    ),
                                ),
                            );
                        }
                        check_coverage(diags, &self.topics, &id, c, l);
                    }
                    list.into_iter().map(|(c, _)| c).collect()
                }
                None => {
                    let mut claims = by_guideline.remove(id.as_str()).unwrap_or_default();
                    claims.sort_by(|a, b| a.topic.cmp(&b.topic));
                    claims
                        .into_iter()
                        .map(|c| {
                            let coverage = Coverage {
                                topic: c.topic.clone(),
                                references: c.references.clone(),
                            };
                            check_coverage(diags, &self.topics, &id, &coverage, &c.loc);
                            coverage
                        })
                        .collect()
                }
            };
            used.extend(guideline.topics.iter().map(|c| c.topic.clone()));
            if let (Some(date), Some(review)) = (guideline.date, guideline.review_date)
                && review < date
            {
                diags.push(
                    Diagnostic::warning(
                        Code::ReviewBeforeDate,
                        entry.loc.file,
                        entry.loc.span.clone(),
                        format!(
                            "guideline `{id}` was reviewed ({}) before it was published ({})",
                            review.date_string(),
                            date.date_string()
                        ),
                    )
                    .with_help("check `date` and `reviewDate`"),
                );
            }
            guidelines.push(guideline);
        }
        let mut topics: Vec<(Topic, Loc)> = self
            .topics
            .into_values()
            .map(|e| (e.topic, e.own.unwrap_or(e.loc)))
            .collect();
        topics.sort_by_key(|(_, loc)| (loc.file, loc.span.start));
        for (topic, loc) in &topics {
            if !self.incomplete && !used.contains(&topic.id) && !self.mentioned.contains(&topic.id)
            {
                diags.push(
                    Diagnostic::error(
                        Code::UnusedTopic,
                        loc.file,
                        loc.span.clone(),
                        format!("topic `{}` is not used by any guideline", topic.id),
                    )
                    .with_help("add a reference to it in a guideline, or remove it"),
                );
            }
        }
        let mut catalog = Catalog {
            topics: topics.into_iter().map(|(t, _)| t).collect(),
            guidelines,
        };
        catalog.normalize();
        catalog
    }
}

fn check_coverage(
    diags: &mut Vec<Diagnostic>,
    topics: &HashMap<String, TopicEntry>,
    guideline: &str,
    coverage: &Coverage,
    loc: &Loc,
) {
    if !topics.contains_key(&coverage.topic) {
        // Sorted, so that of two ids as near, the suggestion does not depend on the map.
        let mut ids: Vec<&str> = topics.keys().map(String::as_str).collect();
        ids.sort_unstable();
        let mut diag = Diagnostic::error(
            Code::UndefinedTopic,
            loc.file,
            loc.span.clone(),
            format!(
                "guideline `{guideline}` names topic `{}`, which is not defined",
                coverage.topic
            ),
        );
        diag.help = Some(match crate::diag::did_you_mean(&coverage.topic, &ids) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "define it in topics.yaml".to_owned(),
        });
        diags.push(diag);
    }
    let mut seen: HashSet<&str> = HashSet::new();
    for r in &coverage.references {
        if !seen.insert(&r.url) {
            diags.push(
                Diagnostic::warning(
                    Code::DuplicateUrl,
                    loc.file,
                    loc.span.clone(),
                    format!(
                        "guideline `{guideline}` cites {} twice for topic `{}`",
                        r.url, coverage.topic
                    ),
                )
                .with_help("merge the two references"),
            );
        }
    }
}

/// Records `loc` as the one place that defines `what` `id`; a second definition is an error.
fn own_definition(
    own: &mut Option<Loc>,
    loc: &Loc,
    code: Code,
    what: &str,
    id: &str,
) -> Option<Diagnostic> {
    if let Some(first) = own {
        return Some(
            Diagnostic::error(
                code,
                loc.file,
                loc.span.clone(),
                format!("{what} `{id}` is defined twice"),
            )
            .with_label(first.file, first.span.clone(), "first defined here"),
        );
    }
    *own = Some(loc.clone());
    None
}

/// A field that differs between two descriptions of the same thing: (field, first, here).
type Difference = (&'static str, String, String);

fn described_differently(
    code: Code,
    what: &str,
    id: &str,
    (field, first, here): Difference,
    loc: &Loc,
    first_loc: &Loc,
) -> Diagnostic {
    Diagnostic::error(
        code,
        loc.file,
        loc.span.clone(),
        format!("{what} `{id}` is described differently: its `{field}` is {here} here"),
    )
    .with_label(
        first_loc.file,
        first_loc.span.clone(),
        format!("and {first} here"),
    )
}

fn topic_difference(a: &Topic, b: &Topic) -> Option<Difference> {
    [
        ("category", &a.category, &b.category),
        ("name", &a.name, &b.name),
        ("description", &a.description, &b.description),
    ]
    .into_iter()
    .find(|(_, x, y)| x != y)
    .map(|(f, x, y)| (f, format!("{x:?}"), format!("{y:?}")))
}

fn guideline_difference(a: &Guideline, b: &Guideline) -> Option<Difference> {
    GuidelineField::ALL.into_iter().find_map(|f| {
        let (x, y) = (a.field(f), b.field(f));
        (x != y).then(|| (f.key(), show(x), show(y)))
    })
}

fn show(value: Option<crate::model::FieldValue<'_>>) -> String {
    use crate::model::FieldValue;
    match value {
        None => "absent".to_owned(),
        Some(FieldValue::Text(t)) => format!("{t:?}"),
        Some(FieldValue::Timestamp(t)) => t.date_string(),
        Some(FieldValue::Null) => "null".to_owned(),
        Some(FieldValue::Authors(a)) => {
            let names: Vec<&str> = a.iter().map(|a| a.name.as_str()).collect();
            format!("[{}]", names.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A source-layout catalog of some 200 KB with faults in several files.
    fn faulty_catalog(sources: &mut Sources) -> Vec<(FileId, FileKind)> {
        let mut topics = String::new();
        for t in 0..300 {
            topics.push_str(&format!(
                "topic-{t}:\n  category: Things\n  name: Topic {t}\n  description: {}\n",
                "A topic described at some length, so that the catalog is large. ".repeat(4)
            ));
        }
        topics.push_str("topic-300:\n  category: Things\n  name: 300\n  description: d\n");
        let mut inputs = vec![(sources.add("topics.yaml", topics), FileKind::Topics)];
        for g in 0..12 {
            let mut text = format!(
                "id: guide-{g}\ntitle: Guide {g}\ntype: website\nurl: https://example.org/{g}\n\
                 company: Example\ntopics:\n"
            );
            for t in (g..300).step_by(3) {
                text.push_str(&format!(
                    "  topic-{t}:\n    - name: Section {t}\n      url: https://example.org/{g}#{t}\n"
                ));
            }
            match g % 4 {
                0 => {
                    text.push_str("  topic-999:\n    - name: x\n      url: https://example.org/x\n")
                }
                1 => text.push_str("  topic-1:\n    - name: x\n      qoute: q\n"),
                2 => text.push_str("  topic-2: [\n"),
                _ => {}
            }
            let name = format!("guidelines/guide-{g}.yaml");
            inputs.push((sources.add(&name, text), FileKind::Guideline));
        }
        inputs
    }

    #[test]
    fn threads_do_not_change_what_reading_finds() {
        let mut sources = Sources::new();
        let inputs = faulty_catalog(&mut sources);
        let bytes: usize = inputs.iter().map(|&(f, _)| sources.get(f).text.len()).sum();
        assert!(bytes > 2 * ahead::PARALLEL_FROM_BYTES, "{bytes} bytes");
        let shape = |_: FileKind, node: &Node| node.span.clone();
        let (alone, alone_seen) = read_on(&sources, &inputs, 1, shape);
        assert!(alone.has_errors());
        for threads in [2, 3, 8] {
            let (loaded, seen) = read_on(&sources, &inputs, threads, shape);
            assert_eq!(loaded.diagnostics, alone.diagnostics, "{threads} threads");
            assert_eq!(loaded.catalog, alone.catalog, "{threads} threads");
            assert_eq!(seen, alone_seen, "{threads} threads");
        }
    }
}
