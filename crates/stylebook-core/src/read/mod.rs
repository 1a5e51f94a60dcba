//! Readers for every catalog form, all feeding one `Collector` that builds the [`Catalog`].
//!
//! The forms: the source layout (`topics.yaml` + `guidelines/<id>.yaml`), topic and guideline
//! pages (Markdown with YAML front matter), and catalog JSON. Each reader turns a file into
//! *claims*: "topic T is defined so", "guideline G is described so", "G covers T with these
//! references". The collector then checks that the claims agree across files (a topic defined
//! twice, a guideline described differently in two pages, a topic page and a guideline page
//! disagreeing about references, undefined and unused topics) and assembles the catalog.

pub(crate) mod fields;
pub(crate) mod frontmatter;
mod json;
mod kind;
pub(crate) mod pages;
mod rules;
mod rules_file;
mod source;
mod syntax;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::diag::{Code, Diagnostic, FileId, SourceFile, Sources, shown, shown_apart};
use crate::index::{IdKind, IdPlace, Role};
use crate::model::{
    Catalog, Guideline, GuidelineField, Reference, Topic, TopicField, TopicReferences,
};
use crate::yaml::{self, Node, YamlErrorKind};

pub use kind::FileKind;
pub use rules_file::read_rules;

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

/// Reads every given file and builds one catalog from all of them, with the readers' checks
/// only (the crate's `read` adds the schema check when it is compiled in).
///
/// The files' YAML is parsed on every core (for more than a few dozen kilobytes of text), a
/// few files ahead of the lowering and checks, which take the parsed files in input order.
/// Results and diagnostics do not depend on it.
#[cfg(any(test, not(feature = "schema-check")))]
pub(crate) fn read_unchecked(sources: &Sources, inputs: &[(FileId, FileKind)]) -> Loaded {
    read_inspecting(sources, inputs, |_, _| ()).0
}

/// Reads like [`read`], and runs `inspect` on the YAML tree of each file that parsed (the whole
/// file, or a page's front matter) on the thread that parsed it, so that a second look at the
/// files (the schema check) needs no second parse. Its results come back by input index:
/// `None` for a file that did not parse.
pub(crate) fn read_inspecting<T: Send>(
    sources: &Sources,
    inputs: &[(FileId, FileKind)],
    inspect: impl Fn(FileKind, &Node) -> T + Sync,
) -> (Loaded, Vec<Option<T>>) {
    let bytes = inputs.iter().map(|&(f, _)| sources.get(f).text.len()).sum();
    read_on(
        sources,
        inputs,
        crate::parallel::threads_for(bytes),
        inspect,
    )
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
    read_each(sources, inputs, threads, &inspect, |_, (read, seen)| {
        inspected.push(seen);
        reader.add(sources, read);
    });
    (reader.finish(), inspected)
}

/// Reads every input on its own ([`read_one`]) on up to `threads` threads, and hands each
/// result to `consume` in input order, on the calling thread.
pub(crate) fn read_each<T: Send>(
    sources: &Sources,
    inputs: &[(FileId, FileKind)],
    threads: usize,
    inspect: &(impl Fn(FileKind, &Node) -> T + Sync),
    consume: impl FnMut(usize, (FileRead, Option<T>)),
) {
    crate::parallel::in_order(
        inputs.len(),
        threads,
        |i| read_one(sources, inputs[i], inspect),
        consume,
    );
}

/// How many threads reading `inputs` is worth.
pub(crate) fn threads_for(sources: &Sources, inputs: &[(FileId, FileKind)]) -> usize {
    let bytes = inputs.iter().map(|&(f, _)| sources.get(f).text.len()).sum();
    crate::parallel::threads_for(bytes)
}

/// Parses and lowers one file on its own, and runs `inspect` on its YAML tree (`None` when
/// it did not parse). What the file claims is checked against the other files later, by
/// [`Reader::add`].
pub(crate) fn read_one<T>(
    sources: &Sources,
    (file, kind): (FileId, FileKind),
    inspect: &impl Fn(FileKind, &Node) -> T,
) -> (FileRead, Option<T>) {
    let source = sources.get(file);
    let parsed = parse_ahead(source, kind);
    let seen = match &parsed {
        Some((_, Ok(Some(root)))) => Some(inspect(kind, root)),
        _ => None,
    };
    (lower(source, file, kind, parsed), seen)
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

/// What one file says on its own: its own faults, and what it claims about topics and
/// guidelines, to be checked against the other files' claims. A file's reading depends on its
/// text alone, so it is kept while the text does not change (see [`crate::Workspace`]).
#[derive(Debug, Clone)]
pub(crate) struct FileRead {
    file: FileId,
    kind: FileKind,
    /// The faults found in the file alone, in the order found.
    diags: Vec<Diagnostic>,
    claims: Claims,
    /// False when the file could not be read through: what it defines and uses is unknown.
    read_through: bool,
    /// Whether a file with errors is checked for looking like another kind (not when its
    /// bytes are not even UTF-8).
    kind_check: bool,
}

impl FileRead {
    /// The places of topic and guideline ids in the file.
    pub(crate) fn places(&self) -> &[IdPlace] {
        &self.claims.places
    }
}

/// Lowers one file, given what parsing it ahead gave.
fn lower(source: &SourceFile, file: FileId, kind: FileKind, parsed: Parsed) -> FileRead {
    let (text, name) = (&source.text, &source.name);
    let mut diags = Vec::new();
    let mut claims = Claims::default();
    if let Some(at) = source.invalid_utf8_at {
        diags.push(
            Diagnostic::error(
                Code::InvalidUtf8,
                file,
                // The text was decoded lossily: the bad bytes became U+FFFD there.
                at..at + char::REPLACEMENT_CHARACTER.len_utf8(),
                "file is not valid UTF-8",
            )
            .with_help("save the file as UTF-8"),
        );
        return FileRead {
            file,
            kind,
            diags,
            claims,
            read_through: false,
            kind_check: false,
        };
    }
    let mut cx = fields::Ctx {
        file,
        text,
        diags: &mut diags,
        json: kind == FileKind::CatalogJson,
        builder: kind != FileKind::Rules,
    };
    let out = &mut claims;
    let read_through = match kind {
        FileKind::Topics => source::read_topics(&mut cx, text, parsed, out),
        FileKind::Guideline => source::read_guideline(&mut cx, name, text, parsed, out),
        FileKind::Page => pages::read_page(&mut cx, name, text, parsed, out),
        FileKind::CatalogJson => json::read_catalog(&mut cx, text, parsed, out),
        FileKind::Rules => rules::read_rules(&mut cx, text, parsed, out),
    };
    FileRead {
        file,
        kind,
        diags,
        claims,
        read_through,
        kind_check: true,
    }
}

/// Takes the files one after the other into a [`Collector`], gathering their diagnostics.
#[derive(Default)]
pub(crate) struct Reader {
    collector: Collector,
    diags: Vec<Diagnostic>,
}

impl Reader {
    /// Adds one file's reading: its own faults, then its claims, checked against those of the
    /// files added before it (a topic defined twice, ...).
    pub(crate) fn add(&mut self, sources: &Sources, read: FileRead) {
        let FileRead {
            file,
            kind,
            diags,
            claims,
            read_through,
            kind_check,
        } = read;
        let before = self.diags.len();
        let collector = &mut self.collector;
        collector.apply(&mut self.diags, diags, claims);
        // A file that looks like another kind: its faults as this kind would be noise.
        if kind_check
            && self.diags[before..].iter().any(Diagnostic::is_error)
            && let Some(diag) = other_kind(file, &sources.get(file).text, kind)
        {
            self.diags.truncate(before);
            self.diags.push(diag);
            collector.gaps = Gaps::of(kind);
        } else if !read_through {
            collector.gaps = Gaps::of(kind);
        }
        collector.end_file(file);
    }

    /// Checks the claims of every file against each other and assembles the catalog.
    pub(crate) fn finish(mut self) -> Loaded {
        let catalog = self.collector.finish(&mut self.diags);
        self.diags.iter_mut().for_each(Diagnostic::tidy);
        Loaded {
            catalog,
            diagnostics: self.diags,
        }
    }
}

/// The error for a file with errors that was read as `kind` while its content looks like
/// another kind: what it was read as, and how to have it read as the other.
fn other_kind(file: FileId, text: &str, kind: FileKind) -> Option<Diagnostic> {
    let looks = FileKind::from_text(text).filter(|k| *k != kind)?;
    Some(
        Diagnostic::error(
            Code::FileKind,
            file,
            0..0,
            format!(
                "this file was read as {}, but it looks like {}",
                kind.describe(),
                looks.describe()
            ),
        )
        .with_help(format!("to read it as one, {}", looks.how_to_choose())),
    )
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
            cx.push(yaml_error(cx.file, text, base, e));
            None
        }
    }
}

/// The diagnostic of a YAML fault in `text` (which starts at byte `base` of its file); a syntax
/// error is placed where its cause is written, when that is elsewhere.
pub(crate) fn yaml_error(file: FileId, text: &str, base: usize, e: yaml::YamlError) -> Diagnostic {
    let code = match e.kind {
        YamlErrorKind::Syntax => Code::Syntax,
        YamlErrorKind::DuplicateKey => Code::DuplicateKey,
        YamlErrorKind::TooComplex => Code::TooComplex,
    };
    let placed = (e.kind == YamlErrorKind::Syntax)
        .then(|| syntax::place(text, e.offset.saturating_sub(base)))
        .flatten();
    if let Some(p) = placed {
        let span = base + p.span.start..base + p.span.end;
        return Diagnostic::error(code, file, span, p.message).with_help(p.help);
    }
    let mut diag = Diagnostic::error(code, file, e.offset..e.end, e.message);
    if let Some(first) = e.related {
        diag = diag.with_label(file, first, "first written here");
    }
    diag
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
    list: Option<Vec<(TopicReferences, Loc)>>,
}

#[derive(Debug, Clone)]
struct Claim {
    guideline: String,
    topic: String,
    references: Vec<Reference>,
    loc: Loc,
}

/// What one file claims, as its reader found it; [`Collector::apply`] checks it against what
/// the files before it claimed.
#[derive(Debug, Clone, Default)]
struct Claims {
    /// Topic and guideline definitions, each with the number of the file's own diagnostics
    /// found before it (so that the checks against other files report in reading order).
    definitions: Vec<(usize, Definition)>,
    /// Coverage claims made by topic pages.
    claims: Vec<Claim>,
    /// Topics that have their own page.
    topic_pages: HashSet<String>,
    /// Topic ids named by a guideline, even in entries too broken to read.
    mentioned: HashSet<String>,
    /// Topic ids defined by a definition too broken to read.
    damaged: HashSet<String>,
    /// (guideline, topic) entries of pages that name both ids but are too broken to read.
    damaged_pairs: HashSet<(String, String)>,
    /// Topics whose page lists a guideline whose id could not be read.
    partial_topic_pages: HashSet<String>,
    /// Guidelines whose page lists a topic whose id could not be read.
    partial_guideline_lists: HashSet<String>,
    /// What the file leaves unknown.
    gaps: Gaps,
    /// The topics of each rule of an OpenAPI rules file.
    rule_topics: Vec<(FileId, rules_file::RuleTopics)>,
    /// Where the file defines and uses topic and guideline ids.
    places: Vec<IdPlace>,
}

/// A definition of a topic or a guideline, as a reader found it.
#[derive(Debug, Clone)]
enum Definition {
    Topic(Topic, Loc, Origin),
    Guideline(
        Box<Guideline>,
        Loc,
        Origin,
        Option<Vec<(TopicReferences, Loc)>>,
    ),
}

impl Claims {
    /// A topic definition; `diags` are the file's own, so far.
    fn topic(&mut self, diags: &[Diagnostic], topic: Topic, loc: Loc, origin: Origin) {
        self.definitions
            .push((diags.len(), Definition::Topic(topic, loc, origin)));
    }

    /// A guideline definition, with its own list of topics if this is its own file or page.
    fn guideline(
        &mut self,
        diags: &[Diagnostic],
        guideline: Guideline,
        loc: Loc,
        origin: Origin,
        list: Option<Vec<(TopicReferences, Loc)>>,
    ) {
        self.definitions.push((
            diags.len(),
            Definition::Guideline(Box::new(guideline), loc, origin, list),
        ));
    }

    /// A topic definition that names its id but could not be read otherwise.
    fn damaged_topic(&mut self, id: String) {
        self.damaged.insert(id);
    }

    /// Records the place of the id written under `key` of a mapping, if it is a valid id.
    fn place_at(&mut self, file: FileId, node: &Node, key: &str, of: IdKind, role: Role) {
        if let Some(value) = node.get(key) {
            self.place(file, value, of, role);
        }
    }

    /// Records the place of the id `node` holds, if it is a valid id.
    fn place(&mut self, file: FileId, node: &Node, of: IdKind, role: Role) {
        if let Some(id) = fields::id_of(node) {
            self.places.push(IdPlace {
                file,
                span: node.span.clone(),
                id,
                of,
                role,
            });
        }
    }
}

/// What the file being read leaves unknown, because part of it could not be read. The readers
/// set it; checks that depend on what is unknown are not run, and a note says so.
#[derive(Debug, Clone, Copy, Default)]
struct Gaps {
    /// Which topics the file defines: a definition whose id could not be read, or a file that
    /// could not be read at all.
    definitions: bool,
    /// Which topics the file's guidelines use.
    uses: bool,
}

impl Gaps {
    /// Everything a file of this kind could tell.
    fn of(kind: FileKind) -> Gaps {
        Gaps {
            definitions: matches!(
                kind,
                FileKind::Topics | FileKind::Page | FileKind::CatalogJson
            ),
            uses: matches!(
                kind,
                FileKind::Guideline | FileKind::Page | FileKind::CatalogJson
            ),
        }
    }
}

/// Gathers claims from every file, then checks and assembles them.
///
/// A damaged definition still defines its id: a topic whose id could be read but not the rest
/// is in `damaged`, so that the guidelines using it are not told it is undefined. When even the
/// ids a file defines or uses are unknown (the file could not be parsed, an id is malformed),
/// the checks that depend on them (undefined and unused topics) are not run, and one note per
/// file to blame counts what was not checked.
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
    /// Topic ids defined by a definition too broken to read.
    damaged: HashSet<String>,
    /// (guideline, topic) entries of pages that name both ids but are too broken to read.
    damaged_pairs: HashSet<(String, String)>,
    /// Topics whose page lists a guideline whose id could not be read.
    partial_topic_pages: HashSet<String>,
    /// Guidelines whose page lists a topic whose id could not be read.
    partial_guideline_lists: HashSet<String>,
    /// What the file being read leaves unknown.
    gaps: Gaps,
    /// Files whose topic definitions are not all known, in reading order.
    definition_gaps: Vec<FileId>,
    /// Files whose uses of topics are not all known, in reading order.
    use_gaps: Vec<FileId>,
    /// The topics of each rule of the OpenAPI rules files read.
    rule_topics: Vec<(FileId, rules_file::RuleTopics)>,
}

impl Collector {
    /// Takes in one file's claims and its own diagnostics, in the order the reader found them:
    /// each definition is checked against the definitions of the files taken in before.
    fn apply(&mut self, diags: &mut Vec<Diagnostic>, own: Vec<Diagnostic>, claims: Claims) {
        let mut own = own.into_iter();
        let mut taken = 0;
        for (at, definition) in claims.definitions {
            diags.extend(own.by_ref().take(at - taken));
            taken = at;
            match definition {
                Definition::Topic(topic, loc, origin) => self.topic(diags, topic, loc, origin),
                Definition::Guideline(guideline, loc, origin, list) => {
                    self.guideline(diags, *guideline, loc, origin, list);
                }
            }
        }
        diags.extend(own);
        self.claims.extend(claims.claims);
        self.topic_pages.extend(claims.topic_pages);
        self.mentioned.extend(claims.mentioned);
        self.damaged.extend(claims.damaged);
        self.damaged_pairs.extend(claims.damaged_pairs);
        self.partial_topic_pages.extend(claims.partial_topic_pages);
        self.partial_guideline_lists
            .extend(claims.partial_guideline_lists);
        self.rule_topics.extend(claims.rule_topics);
        self.gaps = claims.gaps;
    }

    /// Closes the file being read: records what it leaves unknown.
    fn end_file(&mut self, file: FileId) {
        let gaps = std::mem::take(&mut self.gaps);
        if gaps.definitions {
            self.definition_gaps.push(file);
        }
        if gaps.uses {
            self.use_gaps.push(file);
        }
    }

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
        list: Option<Vec<(TopicReferences, Loc)>>,
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
        let listed: HashMap<(&str, &str), &(TopicReferences, Loc)> = self
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
            if entry.list.is_none() || self.partial_guideline_lists.contains(&claim.guideline) {
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
                            shown(&claim.guideline),
                            shown(&claim.topic)
                        ),
                    )
                    .with_label(l.file, l.span.clone(), "the guideline's page says otherwise here"),
                ),
                Some(_) => {}
                None if self
                    .damaged_pairs
                    .contains(&(claim.guideline.clone(), claim.topic.clone())) => {}
                None => diags.push(
                    Diagnostic::error(
                        Code::ConflictingReferences,
                        claim.loc.file,
                        claim.loc.span.clone(),
                        format!(
                            "this topic page lists guideline `{}`, whose own page does not list topic `{}`",
                            shown(&claim.guideline),
                            shown(&claim.topic)
                        ),
                    )
                    .with_label(entry.loc.file, entry.loc.span.clone(), "the guideline is defined here"),
                ),
            }
        }
        let mut defined = Defined {
            topics: &self.topics,
            damaged: &self.damaged,
            known: self.definition_gaps.is_empty(),
            not_checked: 0,
        };
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
                            && !self.partial_topic_pages.contains(&c.topic)
                            && !self.damaged_pairs.contains(&(id.clone(), c.topic.clone()))
                        {
                            diags.push(
                                Diagnostic::error(
                                    Code::ConflictingReferences,
                                    l.file,
                                    l.span.clone(),
                                    format!(
                                        "guideline `{}` lists topic `{}`, whose topic page does not list the guideline",
                                        shown(&id),
                                        shown(&c.topic)
                                    ),
                                ),
                            );
                        }
                        defined.check(diags, &id, c, l);
                    }
                    list.into_iter().map(|(c, _)| c).collect()
                }
                None => {
                    let mut claims = by_guideline.remove(id.as_str()).unwrap_or_default();
                    claims.sort_by(|a, b| a.topic.cmp(&b.topic));
                    claims
                        .into_iter()
                        .map(|c| {
                            let coverage = TopicReferences {
                                topic: c.topic.clone(),
                                references: c.references.clone(),
                            };
                            defined.check(diags, &id, &coverage, &c.loc);
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
                            "guideline `{}` was reviewed ({}) before it was published ({})",
                            shown(&id),
                            review.date_string(),
                            date.date_string()
                        ),
                    )
                    .with_help("check `date` and `reviewDate`"),
                );
            }
            guidelines.push(guideline);
        }
        let undefined_not_checked = defined.not_checked;
        // Rules are checked against a catalog, when one with every definition known was read.
        if defined.known && !self.topics.is_empty() {
            rules::check_topics(diags, &self.rule_topics, &defined);
        }
        let mut unused_not_checked = 0;
        let mut topics: Vec<(Topic, Loc)> = self
            .topics
            .into_values()
            .map(|e| (e.topic, e.own.unwrap_or(e.loc)))
            .collect();
        topics.sort_by_key(|(_, loc)| (loc.file, loc.span.start));
        for (topic, loc) in &topics {
            if used.contains(&topic.id) || self.mentioned.contains(&topic.id) {
                continue;
            }
            if !self.use_gaps.is_empty() {
                unused_not_checked += 1;
            } else {
                diags.push(
                    Diagnostic::error(
                        Code::UnusedTopic,
                        loc.file,
                        loc.span.clone(),
                        format!("topic `{}` is not used by any guideline", shown(&topic.id)),
                    )
                    .with_help("add a reference to it in a guideline, or remove it"),
                );
            }
        }
        not_checked_notes(
            diags,
            (undefined_not_checked, &self.definition_gaps),
            (unused_not_checked, &self.use_gaps),
        );
        let mut catalog = Catalog {
            topics: topics.into_iter().map(|(t, _)| t).collect(),
            guidelines,
        };
        catalog.normalize();
        catalog
    }
}

/// The topics defined, for checking the topics that guidelines name.
struct Defined<'a> {
    topics: &'a HashMap<String, TopicEntry>,
    damaged: &'a HashSet<String>,
    /// Every file's definitions are known: a topic found nowhere is undefined.
    known: bool,
    /// Names of undefined topics not reported because the definitions are not all known.
    not_checked: usize,
}

impl Defined<'_> {
    /// True when some definition, even a damaged one, defines the topic.
    fn is_defined(&self, topic: &str) -> bool {
        self.topics.contains_key(topic) || self.damaged.contains(topic)
    }

    /// Checks one entry of a guideline: its topic is defined, it has references, their URLs
    /// differ.
    fn check(
        &mut self,
        diags: &mut Vec<Diagnostic>,
        guideline: &str,
        coverage: &TopicReferences,
        loc: &Loc,
    ) {
        let defined = self.is_defined(&coverage.topic);
        if !defined && !self.known {
            self.not_checked += 1;
        } else if !defined {
            // Sorted, so that of two ids as near, the suggestion does not depend on the map.
            let mut ids: Vec<&str> = self.topics.keys().map(String::as_str).collect();
            ids.sort_unstable();
            let mut diag = Diagnostic::error(
                Code::UndefinedTopic,
                loc.file,
                loc.span.clone(),
                format!(
                    "guideline `{}` names topic `{}`, which is not defined",
                    shown(guideline),
                    shown(&coverage.topic)
                ),
            );
            diag.help = Some(match crate::diag::did_you_mean(&coverage.topic, &ids) {
                Some(near) => format!("did you mean `{}`?", shown(near)),
                None => "define it in topics.yaml".to_owned(),
            });
            diags.push(diag);
        }
        if coverage.references.is_empty() {
            diags.push(
                Diagnostic::warning(
                    Code::EmptyReferences,
                    loc.file,
                    loc.span.clone(),
                    format!(
                        "guideline `{}` lists topic `{}` with no references",
                        shown(guideline),
                        shown(&coverage.topic)
                    ),
                )
                .with_help("add the sections that cover the topic, or remove the entry"),
            );
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
                            "guideline `{}` cites {} twice for topic `{}`",
                            shown(guideline),
                            shown(&r.url),
                            shown(&coverage.topic)
                        ),
                    )
                    .with_help("merge the two references"),
                );
            }
        }
    }
}

/// Notes about the checks not run because files could not be read: `undefined` counts the
/// names of topics found nowhere while some definitions are unknown, `unused` the topics not
/// used while some uses are unknown, each with the files that leave them unknown. One note per
/// file to blame, placed at its first error.
fn not_checked_notes(
    diags: &mut Vec<Diagnostic>,
    undefined: (usize, &[FileId]),
    unused: (usize, &[FileId]),
) {
    let mut notes: Vec<(FileId, Vec<String>, usize)> = Vec::new();
    for (count, files, what) in [
        (
            undefined.0,
            undefined.1,
            if undefined.0 == 1 {
                "1 reference to a topic".to_owned()
            } else {
                format!("{} references to topics", undefined.0)
            },
        ),
        (
            unused.0,
            unused.1,
            if unused.0 == 1 {
                "the use of 1 topic".to_owned()
            } else {
                format!("the use of {} topics", unused.0)
            },
        ),
    ] {
        let Some(&first) = files.first() else {
            continue;
        };
        if count == 0 {
            continue;
        }
        match notes.iter_mut().find(|(f, _, _)| *f == first) {
            Some((_, parts, others)) => {
                parts.push(what);
                *others = (*others).max(files.len() - 1);
            }
            None => notes.push((first, vec![what], files.len() - 1)),
        }
    }
    for (file, parts, others) in notes {
        let span = diags
            .iter()
            .filter(|d| d.is_error() && d.primary.file == file)
            .map(|d| d.primary.span.clone())
            .min_by_key(|s| s.start)
            .unwrap_or(0..0);
        let blame = match others {
            0 => "this file has errors".to_owned(),
            1 => "this file and 1 other have errors".to_owned(),
            n => format!("this file and {n} others have errors"),
        };
        diags.push(Diagnostic::note(
            Code::NotChecked,
            file,
            span,
            format!("{} not checked because {blame}", parts.join(" and ")),
        ));
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
                format!("{what} `{}` is defined twice", shown(id)),
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
        format!(
            "{what} `{}` is described differently: its `{field}` is {here} here",
            shown(id)
        ),
    )
    .with_label(
        first_loc.file,
        first_loc.span.clone(),
        format!("and {first} here"),
    )
}

fn topic_difference(a: &Topic, b: &Topic) -> Option<Difference> {
    TopicField::ALL
        .into_iter()
        .map(|f| (f.key(), a.field(f), b.field(f)))
        .find(|(_, x, y)| x != y)
        .map(|(f, x, y)| {
            let (x, y) = shown_apart(x, y);
            (f, format!("\"{x}\""), format!("\"{y}\""))
        })
}

fn guideline_difference(a: &Guideline, b: &Guideline) -> Option<Difference> {
    GuidelineField::ALL.into_iter().find_map(|f| {
        let (x, y) = (a.field(f), b.field(f));
        (x != y).then(|| {
            let (x, y) = shown_apart(&show(x), &show(y));
            (f.key(), x, y)
        })
    })
}

fn show(value: Option<crate::model::FieldValue<'_>>) -> String {
    use crate::model::FieldValue;
    match value {
        None => "absent".to_owned(),
        Some(FieldValue::Text(t)) => format!("\"{t}\""),
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

    /// Reads the files and gives each diagnostic as `file:line code`.
    fn findings(files: &[(&str, &str, FileKind)]) -> Vec<String> {
        let mut sources = Sources::new();
        let inputs: Vec<(FileId, FileKind)> = files
            .iter()
            .map(|(name, text, kind)| (sources.add(*name, *text), *kind))
            .collect();
        read_unchecked(&sources, &inputs)
            .diagnostics
            .iter()
            .map(|d| {
                let file = sources.get(d.primary.file);
                let (line, _) = file.line_col(d.primary.span.start);
                format!("{}:{line} {}", file.name, d.code)
            })
            .collect()
    }

    const GUIDE: &str = "id: guide\ntitle: Guide\ntype: website\nurl: https://example.org/\n\
                         company: Example\ntopics:\n  a:\n    - name: A\n      url: https://example.org/a\n\
                         \x20 b:\n    - name: B\n      url: https://example.org/b\n";

    #[test]
    fn a_damaged_topic_still_defines_its_id() {
        let topics = "a:\n  category: C\n  name: [A]\n  description: d\n\
                      b:\n  category: C\n  nmae: B\n  description: d\n";
        let found = findings(&[
            ("topics.yaml", topics, FileKind::Topics),
            ("guidelines/guide.yaml", GUIDE, FileKind::Guideline),
        ]);
        assert_eq!(
            found,
            ["topics.yaml:3 wrong-type", "topics.yaml:7 unknown-field"]
        );
    }

    #[test]
    fn an_unreadable_topics_file_gives_one_note_for_the_checks_it_stops() {
        let found = findings(&[
            (
                "topics.yaml",
                "a:\n  category: 'C\nb: x\nc: 'y'\n",
                FileKind::Topics,
            ),
            ("guidelines/guide.yaml", GUIDE, FileKind::Guideline),
        ]);
        assert_eq!(found, ["topics.yaml:2 syntax", "topics.yaml:2 not-checked"]);
        let bad_id = "A:\n  category: C\n  name: A\n  description: d\n\
                      b:\n  category: C\n  name: B\n  description: d\n";
        let found = findings(&[
            ("topics.yaml", bad_id, FileKind::Topics),
            ("guidelines/guide.yaml", GUIDE, FileKind::Guideline),
        ]);
        assert_eq!(
            found,
            ["topics.yaml:1 invalid-id", "topics.yaml:1 not-checked"]
        );
    }

    #[test]
    fn an_unreadable_guideline_stops_only_the_unused_topic_check() {
        let topics = "a:\n  category: C\n  name: A\n  description: d\n\
                      z:\n  category: C\n  name: Z\n  description: d\n";
        let broken = GUIDE.replace("title: Guide", "title: 'Guide");
        let found = findings(&[
            ("topics.yaml", topics, FileKind::Topics),
            ("guidelines/guide.yaml", &broken, FileKind::Guideline),
        ]);
        assert_eq!(
            found,
            [
                "guidelines/guide.yaml:2 syntax",
                "guidelines/guide.yaml:2 not-checked"
            ]
        );
        // Faulty metadata: the topics are still read, so `z` is known to be unused.
        let faulty = GUIDE.replace("title: Guide", "titel: Guide");
        let found = findings(&[
            ("topics.yaml", topics, FileKind::Topics),
            ("guidelines/guide.yaml", &faulty, FileKind::Guideline),
        ]);
        assert_eq!(
            found,
            [
                "guidelines/guide.yaml:2 unknown-field",
                "topics.yaml:5 unused-topic"
            ]
        );
    }

    #[test]
    fn a_damaged_page_entry_does_not_set_the_pages_against_each_other() {
        let topic_page = "---\nlayout: topic\ntopic_id: a\ntopic_category: C\ntopic_name: A\n\
                          topic_description: d\nguidelines:\n  - guideline_id: guide\n\
                          \x20   guideline_title: Guide\n    guideline_type: website\n\
                          \x20   guideline_url: https://example.org/\n    guideline_company: Example\n\
                          \x20   guideline_date: DATE\n    references:\n      - name: A\n\
                          \x20       url: https://example.org/a\n---\n";
        let guideline_page = "---\nlayout: guideline\nguideline_id: guide\nguideline_title: Guide\n\
                              guideline_type: website\nguideline_url: https://example.org/\n\
                              guideline_company: Example\nguideline_date: 2020-01-01\ntopics:\n\
                              \x20 - topic_id: a\n    topic_category: C\n    topic_name: A\n\
                              \x20   topic_description: d\n    references:\n      - name: A\n\
                              \x20       url: URL\n---\n";
        let pages = |date: &str, url: &str| {
            findings(&[
                (
                    "a-guidelines.md",
                    &topic_page.replace("DATE", date),
                    FileKind::Page,
                ),
                (
                    "guide-topics.md",
                    &guideline_page.replace("URL", url),
                    FileKind::Page,
                ),
            ])
        };
        let clean = pages("2020-01-01", "https://example.org/a");
        assert_eq!(clean, Vec::<String>::new());
        // The topic page's entry is damaged: the guideline page's entry is not contradicted.
        assert_eq!(
            pages("2020-02-30", "https://example.org/a"),
            ["a-guidelines.md:13 invalid-date"]
        );
        // The guideline page's entry is damaged: the topic page's claim is not contradicted.
        assert_eq!(
            pages("2020-01-01", "javascript:x"),
            ["guide-topics.md:16 invalid-url"]
        );
    }

    #[test]
    fn threads_do_not_change_what_reading_finds() {
        let mut sources = Sources::new();
        let inputs = faulty_catalog(&mut sources);
        let bytes: usize = inputs.iter().map(|&(f, _)| sources.get(f).text.len()).sum();
        assert!(
            bytes > 2 * crate::parallel::PARALLEL_FROM_BYTES,
            "{bytes} bytes"
        );
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
