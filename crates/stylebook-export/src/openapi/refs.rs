//! `$ref` values: which file and which place in it a reference names, relative to the file it
//! is written in.
//!
//! Files are named `/`-separated and relative to the root document's folder, with `.` and
//! `..` segments worked out (`paths/../schemas.yaml` is `schemas.yaml`; a file above the root's
//! folder starts with `../`). URLs and absolute paths are not followed.

use stylebook_core::yaml::{Node, NodeKind};

/// What a `$ref` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Parsed<'r> {
    /// A place in a file of the description: the file (`None` for the file the reference is
    /// written in) and the fragment after `#` (empty for the whole file).
    File {
        /// The file's name, relative to the root's folder.
        file: Option<String>,
        /// The fragment, still percent-encoded.
        fragment: &'r str,
    },
    /// A URL or an absolute path (the part before `#`): not followed.
    Elsewhere(&'r str),
}

/// The last segment of a path as typed for the root document.
pub(crate) fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\'])
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(path)
        .to_owned()
}

/// What `reference`, written in the file `base`, names.
pub(crate) fn parse<'r>(base: &str, reference: &'r str) -> Parsed<'r> {
    let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    if path.is_empty() {
        return Parsed::File {
            file: None,
            fragment,
        };
    }
    if has_scheme(path) || path.starts_with('/') {
        return Parsed::Elsewhere(path);
    }
    let joined = join(base, &super::walk::percent_decode(path));
    Parsed::File {
        file: (joined != base).then_some(joined),
        fragment,
    }
}

/// The files that the `$ref`s of `root` (written in the file `base`) point to, in document
/// order, each once.
pub(crate) fn files_referred(base: &str, root: &Node) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match &node.kind {
            NodeKind::Scalar(_) => {}
            NodeKind::Seq(items) => stack.extend(items.iter().rev()),
            NodeKind::Map(entries) => {
                for (key, value) in entries.iter().rev() {
                    let is_ref = key.as_scalar().is_some_and(|k| k.text == "$ref");
                    match value.as_scalar() {
                        Some(reference) if is_ref => {
                            if let Parsed::File {
                                file: Some(file), ..
                            } = parse(base, &reference.text)
                                && !found.contains(&file)
                            {
                                found.push(file);
                            }
                        }
                        _ => stack.push(value),
                    }
                }
            }
        }
    }
    found
}

/// True when `text` starts with a URI scheme (`https:`, `urn:`, `file:`, a drive letter).
fn has_scheme(text: &str) -> bool {
    let Some((scheme, _)) = text.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `path` taken relative to the folder of the file `base`, its `.` and `..` worked out.
fn join(base: &str, path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let folder = base.rsplit_once('/').map_or("", |(folder, _)| folder);
    for segment in folder.split('/').chain(path.split('/')) {
        match segment {
            "" | "." => {}
            ".." => {
                if segments.last().is_some_and(|s| *s != "..") {
                    segments.pop();
                } else {
                    segments.push("..");
                }
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_name_files_relative_to_their_own() {
        let file = |base, r| match parse(base, r) {
            Parsed::File { file, fragment } => (file, fragment.to_owned()),
            Parsed::Elsewhere(p) => (Some(format!("elsewhere {p}")), String::new()),
        };
        assert_eq!(file("api.yaml", "#/a"), (None, "/a".to_owned()));
        assert_eq!(
            file("api.yaml", "paths/books.yaml"),
            (Some("paths/books.yaml".to_owned()), String::new())
        );
        assert_eq!(
            file("paths/books.yaml", "../schemas.yaml#/Book"),
            (Some("schemas.yaml".to_owned()), "/Book".to_owned())
        );
        assert_eq!(
            file("paths/books.yaml", "./books.yaml#/get"),
            (None, "/get".to_owned())
        );
        assert_eq!(
            file("api.yaml", "../common/errors.yaml"),
            (Some("../common/errors.yaml".to_owned()), String::new())
        );
        assert_eq!(
            file("../common/errors.yaml", "../../x.yaml"),
            (Some("../../x.yaml".to_owned()), String::new())
        );
        assert_eq!(
            file("api.yaml", "my%20schemas.yaml"),
            (Some("my schemas.yaml".to_owned()), String::new())
        );
        assert_eq!(
            file("api.yaml", "https://example.com/s.yaml#/A"),
            (
                Some("elsewhere https://example.com/s.yaml".to_owned()),
                String::new()
            )
        );
        assert_eq!(
            file("api.yaml", "/srv/s.yaml"),
            (Some("elsewhere /srv/s.yaml".to_owned()), String::new())
        );
    }

    #[test]
    fn the_files_referred_are_listed_once_in_document_order() {
        let root = stylebook_core::yaml::parse(
            "paths:\n  /a: {$ref: 'paths/a.yaml'}\n  /b: {$ref: 'paths/b.yaml'}\n  /c: {$ref: 'paths/a.yaml'}\nx: {$ref: '#/paths'}\ny: {$ref: 'https://example.com/z.yaml'}\n",
            0,
        )
        .ok()
        .flatten();
        let files = root.map(|r| files_referred("api.yaml", &r));
        assert_eq!(
            files,
            Some(vec!["paths/a.yaml".to_owned(), "paths/b.yaml".to_owned()])
        );
        assert_eq!(file_name("specs/api.yaml"), "api.yaml");
        assert_eq!(file_name("api.yaml"), "api.yaml");
    }
}
