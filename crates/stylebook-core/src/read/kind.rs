//! The kinds of file stylebook reads, and how a file's kind is told: by its name where the name
//! settles it (`topics.yaml`, `*.md`, `openapi-rules.yaml`, `catalog.json`, a file in a
//! `guidelines/` folder), else by its content, else by its extension.

use super::fields::is_valid_id;

/// The kind of a catalog file, which decides how it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// A source-layout `topics.yaml`.
    Topics,
    /// A source-layout `guidelines/<id>.yaml`.
    Guideline,
    /// A topic or guideline page; its `layout` says which.
    Page,
    /// A catalog as written by `stylebook export --to json` (`catalog.json`) or `--to yaml`
    /// (`catalog.yaml`: the same document in YAML).
    CatalogJson,
    /// The rules of OpenAPI annotation (`openapi-rules.yaml`).
    Rules,
}

/// The sections of a rules file: its only top-level keys.
const RULE_SECTIONS: &[&str] = &[
    "operations",
    "responses",
    "parameters",
    "headers",
    "securitySchemes",
    "paths",
    "servers",
    "schemas",
];

/// Top-level keys that only a guideline file has (with `id`).
const GUIDELINE_KEYS: &[&str] = &["title", "type", "url", "company", "topics"];

impl FileKind {
    /// The kind a path's name settles: `*.md` and `*.markdown` are pages, `topics.yaml` the
    /// topics, `openapi-rules.yaml` rules, `catalog.json` and `catalog.yaml` catalogs, and a
    /// YAML file in a folder named `guidelines` a guideline. `None` for any other name.
    pub fn from_name(path: &str) -> Option<Self> {
        let mut parts = path.rsplit(['/', '\\']);
        let name = parts.next().unwrap_or(path);
        let folder = parts.next().unwrap_or("");
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
        let ext = ext.to_ascii_lowercase();
        let yaml = ext == "yaml" || ext == "yml";
        match (stem, ext.as_str()) {
            (_, "md" | "markdown") => Some(FileKind::Page),
            ("topics", _) if yaml => Some(FileKind::Topics),
            ("openapi-rules", _) if yaml => Some(FileKind::Rules),
            ("catalog", "json") => Some(FileKind::CatalogJson),
            ("catalog", _) if yaml => Some(FileKind::CatalogJson),
            _ if yaml && folder == "guidelines" => Some(FileKind::Guideline),
            _ => None,
        }
    }

    /// The kind a path's name settles ([`FileKind::from_name`]), else the one its extension
    /// suggests: catalog JSON for `*.json`, a guideline for other `*.yaml` and `*.yml`.
    pub fn from_path(path: &str) -> Option<Self> {
        FileKind::from_name(path).or_else(|| {
            let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
            match ext.as_deref() {
                Some("json") => Some(FileKind::CatalogJson),
                Some("yaml" | "yml") => Some(FileKind::Guideline),
                _ => None,
            }
        })
    }

    /// The kind a file's name settles, else the one its content shows, else the one its
    /// extension suggests; `None` when nothing tells.
    pub fn detect(path: &str, text: &str) -> Option<Self> {
        FileKind::from_name(path)
            .or_else(|| FileKind::from_text(text))
            .or_else(|| FileKind::from_path(path))
    }

    /// The kind a file's content shows, when it shows one clearly: front matter with a
    /// `layout` (a page), top-level `topics` and `guidelines` (a catalog), only rules sections
    /// (rules), an `id` with guideline keys (a guideline), ids holding topic fields (topics).
    /// It looks at the top-level keys only, so it works on files that do not parse.
    pub fn from_text(text: &str) -> Option<Self> {
        let text = text.trim_start_matches('\u{feff}');
        if text.starts_with("---") && top_keys(text).contains(&"layout") {
            return Some(FileKind::Page);
        }
        let keys = top_keys(text);
        let has = |k: &str| keys.contains(&k);
        if keys.is_empty() {
            None
        } else if has("topics") && has("guidelines") {
            Some(FileKind::CatalogJson)
        } else if keys.iter().all(|k| RULE_SECTIONS.contains(k)) {
            Some(FileKind::Rules)
        } else if has("id") && GUIDELINE_KEYS.iter().filter(|k| has(k)).count() >= 2 {
            Some(FileKind::Guideline)
        } else if keys
            .iter()
            .all(|k| is_valid_id(k) && !GUIDELINE_KEYS.contains(k))
            && text.lines().any(|l| {
                let field = l.trim_start();
                l.len() > field.len()
                    && ["category:", "name:", "description:"]
                        .iter()
                        .any(|f| field.starts_with(f))
            })
        {
            Some(FileKind::Topics)
        } else {
            None
        }
    }

    /// The kind in words, for messages: `a topics file`, `an OpenAPI rules file`, ...
    pub fn describe(self) -> &'static str {
        match self {
            FileKind::Topics => "a topics file",
            FileKind::Guideline => "a guideline file",
            FileKind::Page => "a page",
            FileKind::CatalogJson => "a catalog",
            FileKind::Rules => "an OpenAPI rules file",
        }
    }

    /// How to have a file read as this kind: its usual name, and the `--input-format` value.
    pub fn how_to_choose(self) -> &'static str {
        match self {
            FileKind::Topics => "name it `topics.yaml`, or read it with `--input-format source`",
            FileKind::Guideline => "put it in a `guidelines/` folder, named `<id>.yaml`",
            FileKind::Page => "name it `*.md`, or read it with `--input-format pages`",
            FileKind::CatalogJson => {
                "name it `catalog.json` or `catalog.yaml`, or read it with `--input-format json`"
            }
            FileKind::Rules => {
                "name it `openapi-rules.yaml`, or read it with `--input-format rules`"
            }
        }
    }
}

/// The top-level keys of a YAML mapping (written at the start of a line) or of a JSON object
/// (at depth one), in order; quotes are taken off. For a page, the keys of its front matter.
fn top_keys(text: &str) -> Vec<&str> {
    let body = text.trim_start();
    if body.starts_with('{') {
        return json_top_keys(body);
    }
    let mut keys = Vec::new();
    let mut lines = text.lines();
    if text.starts_with("---") {
        lines.next();
    }
    for line in lines {
        if line.starts_with("---") || line.starts_with("...") {
            break;
        }
        let Some((key, _)) = line.split_once(':') else {
            continue;
        };
        if key.is_empty() || key.starts_with([' ', '\t', '#', '-', '[', '{']) {
            continue;
        }
        keys.push(key.trim().trim_matches(['"', '\'']));
    }
    keys
}

/// The keys of a JSON object at depth one, found by a scan that tracks strings and nesting.
fn json_top_keys(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut keys = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let end = i.min(bytes.len());
                let next = text[end.min(text.len())..]
                    .trim_start_matches(['"', ' ', '\t', '\r', '\n'])
                    .starts_with(':');
                if depth == 1 && next {
                    keys.push(text.get(start..end).unwrap_or_default());
                }
            }
            _ => {}
        }
        i += 1;
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_settle_the_kind() {
        for (path, kind) in [
            ("data/topics.yaml", Some(FileKind::Topics)),
            ("data/guidelines/acme.yaml", Some(FileKind::Guideline)),
            ("data/openapi-rules.yaml", Some(FileKind::Rules)),
            ("dist/catalog.yaml", Some(FileKind::CatalogJson)),
            ("dist/catalog.json", Some(FileKind::CatalogJson)),
            ("seed.md", Some(FileKind::Page)),
            ("my-rules.yaml", None),
            ("export.json", None),
        ] {
            assert_eq!(FileKind::from_name(path), kind, "{path}");
        }
        assert_eq!(
            FileKind::from_path("my-rules.yaml"),
            Some(FileKind::Guideline)
        );
        assert_eq!(FileKind::from_path("notes.txt"), None);
    }

    #[test]
    fn content_tells_the_kind_when_the_name_does_not() {
        let rules = "# rules\noperations:\n  - methods: [get]\n    topics: [x]\nresponses: []\n";
        assert_eq!(
            FileKind::detect("my-rules.yaml", rules),
            Some(FileKind::Rules)
        );
        let catalog = "{\"topics\": [{\"id\": \"a\"}], \"guidelines\": []}";
        assert_eq!(
            FileKind::detect("export.json", catalog),
            Some(FileKind::CatalogJson)
        );
        let catalog_yaml = "topics:\n  - id: a\nguidelines: []\n";
        assert_eq!(
            FileKind::detect("backup.yaml", catalog_yaml),
            Some(FileKind::CatalogJson)
        );
        let guideline = "id: acme\ntitle: ACME\ntype: website\ntopics:\n  a: []\n";
        assert_eq!(
            FileKind::detect("acme.yaml", guideline),
            Some(FileKind::Guideline)
        );
        let topics = "http-status-409:\n  category: C\n  name: N\n  description: D\n";
        assert_eq!(FileKind::detect("t.yaml", topics), Some(FileKind::Topics));
        let page = "---\nlayout: topic\ntopic_id: a\n---\n";
        assert_eq!(FileKind::from_text(page), Some(FileKind::Page));
        // The name settles it, whatever the content.
        assert_eq!(
            FileKind::detect("guidelines/x.yaml", rules),
            Some(FileKind::Guideline)
        );
        // Nothing clear: the extension decides.
        assert_eq!(
            FileKind::detect("x.yaml", "a: 1\n"),
            Some(FileKind::Guideline)
        );
        assert_eq!(FileKind::from_text("just text"), None);
    }
}
