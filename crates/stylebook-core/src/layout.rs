//! Which files form a catalog on disk: the rules that the command line's file walker and the
//! language server share. Pure: it names files and folders and decides about names; the
//! callers list folders and read files.
//!
//! - A **source-layout root** is a folder holding `topics.yaml` (or `topics.yml`); its files are
//!   that file, every `*.yaml` and `*.yml` of its `guidelines/` folder, and the OpenAPI rules
//!   file beside `topics.yaml`, if there is one.
//! - Any other folder is searched, recursively, for **pages** (`*.md`, `*.markdown`); entries
//!   whose names start with `.` are left out.
//! - Files are read in path order.

use std::path::Path;

use crate::read::FileKind;

/// The names of a source layout's topics file, in the order they are looked for.
pub const TOPICS_FILES: [&str; 2] = ["topics.yaml", "topics.yml"];

/// The names of the OpenAPI rules file read with a source layout, in the order looked for.
pub const RULES_FILES: [&str; 2] = ["openapi-rules.yaml", "openapi-rules.yml"];

/// The folder of a source layout that holds the guideline files.
pub const GUIDELINES_FOLDER: &str = "guidelines";

/// Whether a file of a source layout's `guidelines/` folder is a guideline file.
pub fn is_guideline_file(name: &str) -> bool {
    name.ends_with(".yaml") || name.ends_with(".yml")
}

/// Whether a search for pages looks at a folder entry of this name at all.
pub fn is_searched(name: &str) -> bool {
    !name.starts_with('.')
}

/// Whether a file found in a search for pages is a page.
pub fn is_page_file(name: &str) -> bool {
    FileKind::from_path(name) == Some(FileKind::Page)
}

/// The folder whose pages form the catalog of a page in `folder`: the folder itself, or its
/// parent when it is named `topics` or `guidelines`, as the reference builder lays its pages
/// out (`design/topics/*.md` beside `design/guidelines/*.md`), so that topic pages are checked
/// against guideline pages.
pub fn pages_root(folder: &Path) -> &Path {
    let name = folder.file_name().and_then(|n| n.to_str());
    match (name, folder.parent()) {
        (Some("topics" | GUIDELINES_FOLDER), Some(parent)) if !parent.as_os_str().is_empty() => {
            parent
        }
        _ => folder,
    }
}

/// The source-layout roots a file at `path` may belong to, nearest first: its own folder
/// (`topics.yaml`, the rules file) and, for a file of a `guidelines/` folder, that folder's
/// parent. Whether one is a root is told by a topics file in it ([`TOPICS_FILES`]).
pub fn source_roots(path: &Path) -> Vec<&Path> {
    let Some(folder) = path.parent() else {
        return Vec::new();
    };
    let mut roots = vec![folder];
    if folder.file_name().and_then(|n| n.to_str()) == Some(GUIDELINES_FOLDER)
        && let Some(parent) = folder.parent()
    {
        roots.push(parent);
    }
    roots
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_of_the_builders_layout_form_one_catalog() {
        assert_eq!(
            pages_root(Path::new("site/design/topics")),
            Path::new("site/design")
        );
        assert_eq!(
            pages_root(Path::new("site/design/guidelines")),
            Path::new("site/design")
        );
        assert_eq!(pages_root(Path::new("site/pages")), Path::new("site/pages"));
        assert_eq!(pages_root(Path::new("topics")), Path::new("topics"));
    }

    #[test]
    fn a_guideline_file_looks_for_topics_beside_its_folder() {
        assert_eq!(
            source_roots(Path::new("data/guidelines/acme.yaml")),
            [Path::new("data/guidelines"), Path::new("data")]
        );
        assert_eq!(
            source_roots(Path::new("data/topics.yaml")),
            [Path::new("data")]
        );
        assert!(is_guideline_file("acme.yml"));
        assert!(!is_guideline_file("notes.txt"));
        assert!(is_page_file("http-status-409-guidelines.md"));
        assert!(!is_searched(".git"));
    }
}
