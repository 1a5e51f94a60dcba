//! Reading a catalog again and again as its files change, for editors: each file's reading is
//! kept until its text changes, so that a change costs the reading of one file and the checks
//! across files, not the reading of the whole catalog.
//!
//! A file's own reading (parsing, the schema check, lowering into claims about topics and
//! guidelines, and the faults found on the way) depends on its text alone; the checks across
//! files (a topic defined twice, undefined and unused topics, pages that disagree) take every
//! file's claims, in reading order. [`Workspace::check`] gives exactly what [`crate::read`]
//! gives for the same files in the same order: same diagnostics, same catalog.
//!
//! Beside the catalog, [`Workspace::index`] tells where each topic id and guideline id is
//! defined and used, as the readers found them: for going to a definition, finding uses, and
//! telling what is under the cursor.

use std::collections::HashMap;

use crate::diag::{FileId, Sources};
use crate::index::Index;
use crate::read::{self, FileKind, FileRead, Loaded, Reader};
use crate::yaml::Node;

/// The files of one catalog, with the reading of each kept until its text changes.
///
/// ```
/// use stylebook_core::{FileKind, Workspace};
///
/// let mut ws = Workspace::new();
/// ws.set(
///     "topics.yaml",
///     FileKind::Topics,
///     "http-status-409:\n  category: HTTP Status User Error\n  name: 409 Conflict\n  \
///      description: The request clashes with the resource's current state.\n",
/// );
/// let guide = "id: acme\ntitle: ACME API Guide\ntype: website\nurl: https://acme.example/\n\
///              company: ACME\ntopics:\n  http-status-409:\n    - name: Conflicts\n      \
///              url: https://acme.example/#conflicts\n";
/// ws.set("guidelines/acme.yaml", FileKind::Guideline, guide);
/// assert!(!ws.check().has_errors());
///
/// // The guideline changes: only it is read again, then every file is checked against the others.
/// ws.set("guidelines/acme.yaml", FileKind::Guideline, guide.replace("409:", "490:"));
/// let loaded = ws.check();
/// let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code.as_str()).collect();
/// assert_eq!(codes, ["undefined-topic", "unused-topic"]);
/// ```
#[derive(Debug, Default)]
pub struct Workspace {
    sources: Sources,
    /// The files of the catalog, in reading order.
    files: Vec<Slot>,
    /// Every file ever added, by name (a removed file keeps its id for when it comes back).
    ids: HashMap<String, FileId>,
}

#[derive(Debug)]
struct Slot {
    file: FileId,
    kind: FileKind,
    /// The file's own reading; `None` until it is read after a change.
    read: Option<Read>,
}

/// A file's own reading, and its schema faults when the schema check is compiled in.
#[derive(Debug, Clone)]
struct Read {
    file: FileRead,
    #[cfg(feature = "schema-check")]
    schema: Vec<crate::schema::check::Found>,
}

impl Workspace {
    /// A workspace with no file.
    pub fn new() -> Self {
        Workspace::default()
    }

    /// Adds a file of `kind` under `name` (after the files added before), or gives the file
    /// of that name a new text and kind, keeping its place in the reading order. The file is
    /// read again at the next [`Workspace::check`].
    pub fn set(&mut self, name: &str, kind: FileKind, text: impl Into<String>) -> FileId {
        // Valid UTF-8 already: decoding it again checks it and copies nothing.
        self.set_bytes(name, kind, text.into().into_bytes())
    }

    /// [`Workspace::set`] with the file's raw bytes, as read from disk: invalid UTF-8 is
    /// reported where it starts, as [`crate::read`] reports it.
    pub fn set_bytes(&mut self, name: &str, kind: FileKind, bytes: Vec<u8>) -> FileId {
        let file = match self.ids.get(name) {
            Some(&file) => {
                self.sources.replace_bytes(file, bytes);
                file
            }
            None => {
                let file = self.sources.add_bytes(name, bytes);
                self.ids.insert(name.to_owned(), file);
                file
            }
        };
        // Its reading is forgotten until the next check.
        match self.files.iter_mut().find(|s| s.file == file) {
            Some(slot) => {
                slot.kind = kind;
                slot.read = None;
            }
            None => self.files.push(Slot {
                file,
                kind,
                read: None,
            }),
        }
        file
    }

    /// Takes the file of that name out of the catalog; false when there is none. Its id stays
    /// valid, with an empty text.
    pub fn remove(&mut self, name: &str) -> bool {
        let Some(&file) = self.ids.get(name) else {
            return false;
        };
        let before = self.files.len();
        self.files.retain(|s| s.file != file);
        self.sources.replace(file, String::new());
        self.files.len() < before
    }

    /// The id of the file of that name, if it is in the catalog.
    pub fn file(&self, name: &str) -> Option<FileId> {
        let file = *self.ids.get(name)?;
        self.files.iter().any(|s| s.file == file).then_some(file)
    }

    /// The kind the file is read as, if it is in the catalog.
    pub fn kind(&self, file: FileId) -> Option<FileKind> {
        self.files.iter().find(|s| s.file == file).map(|s| s.kind)
    }

    /// The files of the catalog with their kinds, in reading order.
    pub fn files(&self) -> impl Iterator<Item = (FileId, FileKind)> + '_ {
        self.files.iter().map(|s| (s.file, s.kind))
    }

    /// The names and texts of every file ever added (diagnostics refer to them).
    pub fn sources(&self) -> &Sources {
        &self.sources
    }

    /// Reads the files that changed since the last check (on every core when there is much
    /// text), then checks every file against the others and builds the catalog: what
    /// [`crate::read`] gives for the same files in the same order.
    pub fn check(&mut self) -> Loaded {
        let stale: Vec<(FileId, FileKind)> = self
            .files
            .iter()
            .filter(|s| s.read.is_none())
            .map(|s| (s.file, s.kind))
            .collect();
        let threads = read::threads_for(&self.sources, &stale);
        let mut fresh = Vec::with_capacity(stale.len());
        read::read_each(
            &self.sources,
            &stale,
            threads,
            &inspect,
            |_, (file, schema)| fresh.push(new_read(file, schema)),
        );
        let mut fresh = fresh.into_iter();
        for slot in self.files.iter_mut().filter(|s| s.read.is_none()) {
            slot.read = fresh.next();
        }
        let mut reader = Reader::default();
        let reads: Vec<(FileId, &Read)> = self
            .files
            .iter()
            .filter_map(|s| Some((s.file, s.read.as_ref()?)))
            .collect();
        for (_, read) in &reads {
            reader.add(&self.sources, read.file.clone());
        }
        #[allow(unused_mut)]
        let mut loaded = reader.finish();
        #[cfg(feature = "schema-check")]
        crate::schema::check::add_found(
            &mut loaded,
            reads.iter().map(|(file, r)| (*file, r.schema.as_slice())),
        );
        loaded
    }

    /// Where topic ids and guideline ids are defined and used, in the files as they were at the
    /// last [`Workspace::check`] (files changed since then are left out).
    pub fn index(&self) -> Index {
        let places = self
            .files
            .iter()
            .filter_map(|s| s.read.as_ref())
            .flat_map(|r| r.file.places().iter().cloned())
            .collect();
        Index::new(places)
    }
}

#[cfg(feature = "schema-check")]
fn inspect(kind: FileKind, root: &Node) -> Vec<crate::schema::check::Found> {
    crate::schema::check::Validators::get().check_node(kind, root)
}

#[cfg(feature = "schema-check")]
fn new_read(file: FileRead, schema: Option<Vec<crate::schema::check::Found>>) -> Read {
    Read {
        file,
        schema: schema.unwrap_or_default(),
    }
}

#[cfg(not(feature = "schema-check"))]
fn inspect(_: FileKind, _: &Node) {}

#[cfg(not(feature = "schema-check"))]
fn new_read(file: FileRead, _: Option<()>) -> Read {
    Read { file }
}

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use super::*;
    use crate::index::{IdKind, Role};

    const TOPICS: &str = "a:\n  category: C\n  name: A\n  description: d\n\
                          b:\n  category: C\n  name: B\n  description: d\n";

    fn guide(id: &str, topics: &[&str]) -> String {
        let mut text = format!(
            "id: {id}\ntitle: Guide\ntype: website\nurl: https://example.org/\ncompany: Example\n\
             date: 2020-01-01\ntopics:\n"
        );
        for t in topics {
            text.push_str(&format!(
                "  {t}:\n    - name: S\n      url: https://example.org/{id}#{t}\n"
            ));
        }
        text
    }

    /// What `read` gives for the workspace's files, read afresh.
    fn fresh(ws: &Workspace) -> Loaded {
        let inputs: Vec<(FileId, FileKind)> = ws.files().collect();
        crate::read(ws.sources(), &inputs)
    }

    #[test]
    fn checking_again_after_changes_gives_what_reading_afresh_gives() {
        let mut ws = Workspace::new();
        ws.set("topics.yaml", FileKind::Topics, TOPICS);
        ws.set(
            "guidelines/g1.yaml",
            FileKind::Guideline,
            guide("g1", &["a"]),
        );
        ws.set(
            "guidelines/g2.yaml",
            FileKind::Guideline,
            guide("g2", &["b"]),
        );
        let rules = "responses:\n  - status: ['*']\n    topics: [b]\n";
        ws.set("openapi-rules.yaml", FileKind::Rules, rules);
        let first = ws.check();
        assert!(!first.has_errors(), "{:?}", first.diagnostics);
        let steps: Vec<(&str, FileKind, String)> = vec![
            // A misspelt topic, an invalid date, then a syntax error, then all repaired.
            (
                "guidelines/g1.yaml",
                FileKind::Guideline,
                guide("g1", &["aa"]),
            ),
            (
                "guidelines/g2.yaml",
                FileKind::Guideline,
                guide("g2", &["b"]).replace("2020-01-01", "2020-02-30"),
            ),
            (
                "topics.yaml",
                FileKind::Topics,
                TOPICS.replace("name: A", "name: 'A"),
            ),
            (
                "guidelines/g2.yaml",
                FileKind::Guideline,
                guide("g1", &["a", "b"]),
            ),
            ("topics.yaml", FileKind::Topics, TOPICS.to_owned()),
            (
                "guidelines/g1.yaml",
                FileKind::Guideline,
                guide("g1", &["a"]),
            ),
        ];
        for (name, kind, text) in steps {
            ws.set(name, kind, text);
            let loaded = ws.check();
            let expected = fresh(&ws);
            assert_eq!(
                loaded.diagnostics, expected.diagnostics,
                "after changing {name}"
            );
            assert_eq!(loaded.catalog, expected.catalog, "after changing {name}");
            assert!(loaded.has_errors(), "after changing {name}");
        }
        assert!(ws.remove("guidelines/g2.yaml"));
        let loaded = ws.check();
        assert_eq!(loaded.diagnostics, fresh(&ws).diagnostics);
        let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["unused-topic"]);
    }

    #[test]
    fn the_index_knows_where_ids_are_defined_and_used() {
        let mut ws = Workspace::new();
        let topics = ws.set("topics.yaml", FileKind::Topics, TOPICS);
        let g1 = ws.set(
            "guidelines/g1.yaml",
            FileKind::Guideline,
            guide("g1", &["a", "b"]),
        );
        let page = "---\nlayout: topic\ntopic_id: a\ntopic_category: C\ntopic_name: A\n\
                    topic_description: d\nguidelines:\n  - guideline_id: g1\n---\n";
        let p = ws.set("a-guidelines.md", FileKind::Page, page);
        let rules = "responses:\n  - status: ['*']\n    topics: ['a-{code}']\n";
        let r = ws.set("openapi-rules.yaml", FileKind::Rules, rules);
        ws.check();
        let index = ws.index();
        let text = |file: FileId, span: &Range<usize>| &ws.sources().get(file).text[span.clone()];
        let defs: Vec<(FileId, &str)> = index
            .definitions(IdKind::Topic, "a")
            .map(|p| (p.file, text(p.file, &p.span)))
            .collect();
        assert_eq!(defs, [(topics, "a"), (p, "a")]);
        let uses: Vec<FileId> = index.uses(IdKind::Topic, "b").map(|p| p.file).collect();
        assert_eq!(uses, [g1]);
        let guideline_uses: Vec<FileId> = index
            .uses(IdKind::Guideline, "g1")
            .map(|p| p.file)
            .collect();
        assert_eq!(guideline_uses, [p]);
        let g1_def = index
            .definitions(IdKind::Guideline, "g1")
            .next()
            .map(|p| p.file);
        assert_eq!(g1_def, Some(g1));
        let at = ws.sources().get(g1).text.find("  b:").map(|i| i + 3);
        let found = at.and_then(|at| index.at(g1, at));
        assert_eq!(
            found.map(|p| (p.id.as_str(), p.role)),
            Some(("b", Role::Use))
        );
        // A template stands for the ids it fits.
        let template = index.places().iter().find(|p| p.file == r).map(|p| p.of);
        assert_eq!(template, Some(IdKind::TopicTemplate));
        assert!(index.uses(IdKind::Topic, "a-b").any(|p| p.file == r));
        assert!(!index.uses(IdKind::Topic, "b").any(|p| p.file == r));
    }
}
