//! Which files form the catalog of a file the editor opens, found on disk by the rules the
//! command line follows (`stylebook_core::layout`): the source layout the file belongs to, the
//! folder of pages it is in, or the file alone.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use stylebook_core::{FileKind, layout};

/// The catalog a file belongs to: where it is, and which files it reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Root {
    /// The source-layout root, the folder of pages, or the file itself.
    pub(crate) path: PathBuf,
    /// What kind of catalog it is.
    pub(crate) form: Form,
}

/// The forms a catalog takes on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// `topics.yaml`, `guidelines/*.yaml` and the rules file.
    Source,
    /// Every page under a folder.
    Pages,
    /// One file read alone (a catalog JSON, a YAML file outside any source layout).
    Single(FileKind),
}

/// Most files a folder of pages may hold: a server started in a home folder stays responsive.
const MAX_PAGES: usize = 20_000;

impl Root {
    /// The catalog of the file at `path` whose text is `text`; `None` for a file that is no
    /// catalog file: Markdown whose front matter does not name the `topic` or `guideline`
    /// layout (a blog post), and, outside a source layout, YAML or JSON whose content is not a
    /// guideline, a catalog or a rules file (a `package.json`, a CI workflow).
    pub(crate) fn of(path: &Path, text: &str) -> Option<Root> {
        let name = path.to_string_lossy();
        if FileKind::from_name(&name) == Some(FileKind::Page) {
            if !names_a_catalog_layout(text) {
                return None;
            }
            let folder = path.parent()?;
            return Some(Root {
                path: layout::pages_root(folder).to_path_buf(),
                form: Form::Pages,
            });
        }
        for root in layout::source_roots(path) {
            if layout::TOPICS_FILES.iter().any(|t| root.join(t).is_file()) {
                return Some(Root {
                    path: root.to_path_buf(),
                    form: Form::Source,
                });
            }
        }
        // Alone, a file is taken by what it holds (or by the catalog's own file names), never
        // by its extension only.
        let kind = match FileKind::from_name(&name) {
            Some(FileKind::CatalogJson) => FileKind::CatalogJson,
            _ => FileKind::from_text(text).filter(|k| {
                matches!(
                    k,
                    FileKind::Guideline | FileKind::CatalogJson | FileKind::Rules
                )
            })?,
        };
        Some(Root {
            path: path.to_path_buf(),
            form: Form::Single(kind),
        })
    }

    /// The files of the catalog with their kinds, in reading order. A file that cannot be
    /// listed is left out; a folder that cannot be listed is an error.
    pub(crate) fn files(&self) -> io::Result<Vec<(PathBuf, FileKind)>> {
        match self.form {
            Form::Single(kind) => Ok(vec![(self.path.clone(), kind)]),
            Form::Source => {
                let mut files = Vec::new();
                if let Some(topics) = first_file(&self.path, &layout::TOPICS_FILES) {
                    files.push((topics, FileKind::Topics));
                }
                let guidelines = self.path.join(layout::GUIDELINES_FOLDER);
                if guidelines.is_dir() {
                    for (path, is_file) in entries(&guidelines)? {
                        let name = path.file_name().map(|n| n.to_string_lossy());
                        if is_file && name.is_some_and(|n| layout::is_guideline_file(&n)) {
                            files.push((path, FileKind::Guideline));
                        }
                    }
                }
                if let Some(rules) = first_file(&self.path, &layout::RULES_FILES) {
                    files.push((rules, FileKind::Rules));
                }
                Ok(files)
            }
            Form::Pages => {
                let mut files = Vec::new();
                let mut stack = vec![self.path.clone()];
                while let Some(folder) = stack.pop() {
                    for (path, is_file) in entries(&folder)? {
                        let name = path
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        if !layout::is_searched(&name) {
                            continue;
                        }
                        if is_file && layout::is_page_file(&name) {
                            files.push((path, FileKind::Page));
                        } else if !is_file && path.is_dir() && !path.is_symlink() {
                            stack.push(path);
                        }
                    }
                    if files.len() > MAX_PAGES {
                        break;
                    }
                }
                files.sort_by(|a, b| a.0.cmp(&b.0));
                Ok(files)
            }
        }
    }

    /// Whether a file at `path` is one of this catalog's by its place (it may not exist yet).
    pub(crate) fn holds(&self, path: &Path) -> bool {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let Some(name) = name else {
            return false;
        };
        match self.form {
            Form::Single(_) => path == self.path,
            Form::Source => {
                let parent = path.parent();
                (parent == Some(&self.path)
                    && (layout::TOPICS_FILES.contains(&name.as_str())
                        || layout::RULES_FILES.contains(&name.as_str())))
                    || (parent == Some(&self.path.join(layout::GUIDELINES_FOLDER))
                        && layout::is_guideline_file(&name))
            }
            Form::Pages => {
                layout::is_page_file(&name)
                    && path.strip_prefix(&self.path).is_ok_and(|rest| {
                        rest.components()
                            .all(|c| layout::is_searched(&c.as_os_str().to_string_lossy()))
                    })
            }
        }
    }
}

/// Whether a Markdown file's front matter names a layout that the catalog's pages have:
/// `layout: topic` or `layout: guideline` (quoted or not) among its top-level keys.
fn names_a_catalog_layout(text: &str) -> bool {
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return false;
    }
    lines
        .take_while(|l| !matches!(l.trim_end(), "---" | "..."))
        .filter_map(|l| l.strip_prefix("layout:"))
        .map(|v| {
            v.split(" #")
                .next()
                .unwrap_or_default()
                .trim()
                .trim_matches(['"', '\''])
        })
        .any(|v| v == "topic" || v == "guideline")
}

/// The first of `names` that is a file in `folder`.
fn first_file(folder: &Path, names: &[&str]) -> Option<PathBuf> {
    names.iter().map(|n| folder.join(n)).find(|p| p.is_file())
}

/// The entries of a folder, sorted, each with whether it is a regular file (symbolic links are
/// not followed).
fn entries(folder: &Path) -> io::Result<Vec<(PathBuf, bool)>> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(folder)? {
        let entry = entry?;
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        entries.push((entry.path(), is_file));
    }
    entries.sort();
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guideline_belongs_to_its_source_layout_and_a_page_to_its_folder()
    -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        fs::create_dir_all(root.join("data/guidelines"))?;
        fs::write(root.join("data/topics.yaml"), "a:\n  name: A\n")?;
        fs::write(root.join("data/guidelines/g.yaml"), "id: g\n")?;
        fs::write(root.join("data/guidelines/notes.txt"), "")?;
        fs::write(root.join("data/openapi-rules.yaml"), "operations: []\n")?;
        let guide = root.join("data/guidelines/g.yaml");
        let found = Root::of(&guide, "id: g\n").ok_or("no root")?;
        assert_eq!(found.path, root.join("data"));
        let names: Vec<(String, FileKind)> = found
            .files()?
            .into_iter()
            .map(|(p, k)| {
                (
                    p.strip_prefix(root)
                        .map(|p| p.display().to_string())
                        .unwrap_or_default(),
                    k,
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                ("data/topics.yaml".to_owned(), FileKind::Topics),
                ("data/guidelines/g.yaml".to_owned(), FileKind::Guideline),
                ("data/openapi-rules.yaml".to_owned(), FileKind::Rules),
            ]
        );
        assert!(found.holds(&root.join("data/guidelines/new.yaml")));
        assert!(!found.holds(&root.join("data/other/new.yaml")));

        fs::create_dir_all(root.join("site/design/topics"))?;
        fs::create_dir_all(root.join("site/design/guidelines"))?;
        let page = "---\nlayout: topic\ntopic_id: a\n---\n";
        fs::write(root.join("site/design/topics/a-guidelines.md"), page)?;
        fs::write(root.join("site/design/guidelines/g-topics.md"), page)?;
        let found =
            Root::of(&root.join("site/design/topics/a-guidelines.md"), page).ok_or("no root")?;
        assert_eq!(found.path, root.join("site/design"));
        assert_eq!(found.files()?.len(), 2);
        // Markdown that is no page is left alone, and so is a page of another layout.
        assert_eq!(Root::of(&root.join("site/README.md"), "# Read me\n"), None);
        let post = "---\nlayout: post\ntitle: Hello\n---\nText.\n";
        assert_eq!(Root::of(&root.join("site/_posts/hello.md"), post), None);
        let quoted = "---\ntitle: A\nlayout: 'guideline' # a comment\n---\n";
        assert!(Root::of(&root.join("site/design/guidelines/g-topics.md"), quoted).is_some());
        Ok(())
    }

    #[test]
    fn yaml_and_json_outside_a_catalog_are_left_alone() {
        let dir = std::env::temp_dir();
        for (name, text) in [
            (
                "package.json",
                "{\"name\": \"app\", \"version\": \"1.0.0\"}\n",
            ),
            (
                "ci.yml",
                "name: CI\non: push\njobs:\n  test:\n    runs-on: linux\n",
            ),
            ("compose.yaml", "services:\n  web:\n    image: nginx\n"),
        ] {
            assert_eq!(Root::of(&dir.join(name), text), None, "{name}");
        }
        let guideline = "id: acme\ntitle: ACME\ntype: website\nurl: https://acme.example/\n";
        let found = Root::of(&dir.join("acme.yaml"), guideline);
        assert_eq!(
            found.map(|r| r.form),
            Some(Form::Single(FileKind::Guideline))
        );
        let catalog = "{\"topics\": [], \"guidelines\": []}\n";
        let found = Root::of(&dir.join("export.json"), catalog);
        assert_eq!(
            found.map(|r| r.form),
            Some(Form::Single(FileKind::CatalogJson))
        );
    }
}
