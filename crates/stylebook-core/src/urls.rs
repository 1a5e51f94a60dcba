//! Every URL a catalog's files hold, with the place it is written: the input of link
//! checking.
//!
//! The files are read as the readers read them (a page's front matter, a whole source or
//! JSON file) into the YAML span tree, and walked for the keys that hold URLs: a guideline's
//! `url`, `githubUrl`, `companyUrl`, `companyLogoUrl` and `screenshotUrl` (with the
//! `guideline_` prefix in pages), and each reference's `url`. The walk is meant for a catalog
//! that validated: it reports nothing, and skips whatever does not have the expected shape.

use std::ops::Range;

use crate::diag::{FileId, Sources};
use crate::read::FileKind;
use crate::read::frontmatter;
use crate::yaml::{self, Node};

/// Which key holds a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UrlField {
    /// A guideline's `url`.
    Url,
    /// A guideline's `githubUrl`.
    GithubUrl,
    /// A guideline's `companyUrl`.
    CompanyUrl,
    /// A guideline's `companyLogoUrl` (may be a site path).
    CompanyLogoUrl,
    /// A guideline's `screenshotUrl` (may be a site path).
    ScreenshotUrl,
    /// A reference's `url`.
    Reference,
}

/// One URL as written in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlUse {
    /// The URL, as written.
    pub url: String,
    /// The file that holds it.
    pub file: FileId,
    /// Byte range of the value in the file.
    pub span: Range<usize>,
    /// The key that holds it.
    pub field: UrlField,
    /// The guideline it belongs to, when the file says.
    pub guideline: Option<String>,
    /// The topic of a reference, when the file says.
    pub topic: Option<String>,
}

/// Guideline keys that hold URLs, in the order they are looked for.
const GUIDELINE_URLS: [UrlField; 5] = [
    UrlField::Url,
    UrlField::GithubUrl,
    UrlField::CompanyUrl,
    UrlField::CompanyLogoUrl,
    UrlField::ScreenshotUrl,
];

impl UrlField {
    /// The key as written in source files and catalog JSON (`url`, `githubUrl`, ...; a
    /// reference's key is `url` too).
    pub fn key(self) -> &'static str {
        match self {
            UrlField::Url | UrlField::Reference => "url",
            UrlField::GithubUrl => "githubUrl",
            UrlField::CompanyUrl => "companyUrl",
            UrlField::CompanyLogoUrl => "companyLogoUrl",
            UrlField::ScreenshotUrl => "screenshotUrl",
        }
    }
}

/// Every URL of the given files, in file order and, within a file, in document order.
pub fn find(sources: &Sources, inputs: &[(FileId, FileKind)]) -> Vec<UrlUse> {
    let mut found = Vec::new();
    for &(file, kind) in inputs {
        let source = sources.get(file);
        if source.invalid_utf8_at.is_some() {
            continue;
        }
        let text = source.text.as_str();
        let range = match kind {
            FileKind::Topics | FileKind::Rules => continue,
            FileKind::Page => match frontmatter::split(text) {
                Ok(fm) => fm.yaml,
                Err(_) => continue,
            },
            FileKind::Guideline | FileKind::CatalogJson => 0..text.len(),
        };
        let Some(Ok(Some(root))) = text.get(range.clone()).map(|t| yaml::parse(t, range.start))
        else {
            continue;
        };
        let mut walk = Walk {
            file,
            found: &mut found,
        };
        match kind {
            FileKind::Guideline => walk.source_guideline(&root),
            FileKind::Page => walk.page(&root),
            FileKind::CatalogJson => walk.catalog(&root),
            FileKind::Topics | FileKind::Rules => {}
        }
    }
    found
}

struct Walk<'a> {
    file: FileId,
    found: &'a mut Vec<UrlUse>,
}

impl Walk<'_> {
    /// `guidelines/<id>.yaml`: the metadata, and `topics:` as topic id -> references.
    fn source_guideline(&mut self, root: &Node) {
        let id = self.guideline(root, "");
        for (key, references) in root.get("topics").into_iter().flat_map(Node::entries) {
            self.references(Some(references), id.as_deref(), text(key));
        }
    }

    /// A topic page (guidelines with their references) or a guideline page (topics with
    /// theirs).
    fn page(&mut self, root: &Node) {
        match root.get("layout").and_then(text) {
            Some("topic") => {
                let topic = root.get("topic_id").and_then(text);
                for item in root.get("guidelines").into_iter().flat_map(Node::items) {
                    let id = self.guideline(item, "guideline_");
                    self.references(item.get("references"), id.as_deref(), topic);
                }
            }
            Some("guideline") => {
                let id = self.guideline(root, "guideline_");
                for item in root.get("topics").into_iter().flat_map(Node::items) {
                    let topic = item.get("topic_id").and_then(text);
                    self.references(item.get("references"), id.as_deref(), topic);
                }
            }
            _ => {}
        }
    }

    /// Catalog JSON: `guidelines`, each with `topics` as a list of `{topic, references}`.
    fn catalog(&mut self, root: &Node) {
        for item in root.get("guidelines").into_iter().flat_map(Node::items) {
            let id = self.guideline(item, "");
            for coverage in item.get("topics").into_iter().flat_map(Node::items) {
                let topic = coverage.get("topic").and_then(text);
                self.references(coverage.get("references"), id.as_deref(), topic);
            }
        }
    }

    /// The URLs of a guideline's metadata, whose keys carry `prefix`; returns its id.
    fn guideline(&mut self, node: &Node, prefix: &str) -> Option<String> {
        let id = node
            .get(&format!("{prefix}id"))
            .and_then(text)
            .map(str::to_owned);
        for field in GUIDELINE_URLS {
            if let Some(value) = node.get(&format!("{prefix}{}", field.key())) {
                self.push(value, field, id.as_deref(), None);
            }
        }
        id
    }

    /// The `url` of every reference of a list.
    fn references(&mut self, list: Option<&Node>, guideline: Option<&str>, topic: Option<&str>) {
        for reference in list.into_iter().flat_map(Node::items) {
            if let Some(value) = reference.get("url") {
                self.push(value, UrlField::Reference, guideline, topic);
            }
        }
    }

    fn push(
        &mut self,
        value: &Node,
        field: UrlField,
        guideline: Option<&str>,
        topic: Option<&str>,
    ) {
        let Some(url) = text(value) else { return };
        self.found.push(UrlUse {
            url: url.to_owned(),
            file: self.file,
            span: value.span.clone(),
            field,
            guideline: guideline.map(str::to_owned),
            topic: topic.map(str::to_owned),
        });
    }
}

/// A scalar's text, unless it is empty or null.
fn text(node: &Node) -> Option<&str> {
    node.text().filter(|_| !node.is_null())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(file, line, column, field, guideline, topic, url)` of every URL found.
    fn check(files: &[(&str, &str, FileKind)], expected: &[&str]) {
        let mut sources = Sources::new();
        let inputs: Vec<(FileId, FileKind)> = files
            .iter()
            .map(|(name, text, kind)| (sources.add(*name, *text), *kind))
            .collect();
        let found: Vec<String> = find(&sources, &inputs)
            .iter()
            .map(|u| {
                let file = sources.get(u.file);
                let (line, col) = file.line_col(u.span.start);
                format!(
                    "{}:{line}:{col} {} {} {} {}",
                    file.name,
                    u.field.key(),
                    u.guideline.as_deref().unwrap_or("-"),
                    u.topic.as_deref().unwrap_or("-"),
                    u.url
                )
            })
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn source_guideline() {
        check(
            &[
                ("topics.yaml", "t:\n  name: T\n", FileKind::Topics),
                (
                    "acme.yaml",
                    "id: acme\nurl: https://acme.example/guide\ngithubUrl: https://github.com/acme/guide\n\
                     companyLogoUrl: /img/acme.png\ncompanyUrl:\ntopics:\n  paging:\n    - name: Paging\n      \
                     url: 'https://acme.example/guide#paging'\n  errors:\n    - name: Errors\n      url: https://acme.example/errors\n",
                    FileKind::Guideline,
                ),
            ],
            &[
                "acme.yaml:2:6 url acme - https://acme.example/guide",
                "acme.yaml:3:12 githubUrl acme - https://github.com/acme/guide",
                "acme.yaml:4:17 companyLogoUrl acme - /img/acme.png",
                "acme.yaml:9:12 url acme paging https://acme.example/guide#paging",
                "acme.yaml:12:12 url acme errors https://acme.example/errors",
            ],
        );
    }

    #[test]
    fn topic_and_guideline_pages() {
        check(
            &[
                (
                    "paging-guidelines.md",
                    "---\nlayout: topic\ntopic_id: paging\nguidelines:\n  - guideline_id: acme\n    \
                     guideline_url: https://acme.example/guide\n    references:\n      - name: P\n        \
                     url: https://acme.example/guide#paging\n---\n",
                    FileKind::Page,
                ),
                (
                    "acme-topics.md",
                    "\u{feff}---\r\nlayout: guideline\r\nguideline_id: acme\r\nguideline_companyUrl: https://acme.example/\r\n\
                     topics:\r\n  - topic_id: errors\r\n    references:\r\n      - url: https://acme.example/errors\r\n---\r\nbody\r\n",
                    FileKind::Page,
                ),
                (
                    "notes.md",
                    "---\nlayout: post\nurl: https://x.example\n---\n",
                    FileKind::Page,
                ),
            ],
            &[
                "paging-guidelines.md:6:20 url acme - https://acme.example/guide",
                "paging-guidelines.md:9:14 url acme paging https://acme.example/guide#paging",
                "acme-topics.md:4:23 companyUrl acme - https://acme.example/",
                "acme-topics.md:8:14 url acme errors https://acme.example/errors",
            ],
        );
    }

    #[test]
    fn catalog_json() {
        check(
            &[(
                "catalog.json",
                r#"{"topics": [], "guidelines": [
  {"id": "acme", "url": "https://acme.example/guide", "topics": [
    {"topic": "paging", "references": [{"name": "P", "url": "https://acme.example/p"}]}]}]}"#,
                FileKind::CatalogJson,
            )],
            &[
                "catalog.json:2:25 url acme - https://acme.example/guide",
                "catalog.json:3:61 url acme paging https://acme.example/p",
            ],
        );
    }

    #[test]
    fn broken_files_give_what_can_be_found_and_never_fail() {
        check(
            &[
                ("a.yaml", "id: [unclosed\n", FileKind::Guideline),
                ("b.md", "no front matter\n", FileKind::Page),
                ("c.yaml", "- a list\n", FileKind::Guideline),
                (
                    "d.yaml",
                    "id: d\ntopics:\n  t: not a list\n  u:\n    - url: [1]\n",
                    FileKind::Guideline,
                ),
                ("e.json", "", FileKind::CatalogJson),
            ],
            &[],
        );
    }
}
