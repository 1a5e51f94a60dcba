//! Lowering helpers: turn YAML nodes into typed values, reporting every fault with its span.
//!
//! Each helper returns `None` after reporting a diagnostic, so callers can go on with the rest of
//! the document and report all of its faults in one run.

use std::ops::Range;

use crate::diag::{Code, Diagnostic, FileId, did_you_mean, shown};
use crate::model::{Author, AuthorField, Reference, ReferenceField, Timestamp, TopicField};
use crate::yaml::{Node, NodeKind, Resolved, Scalar, js_number, js_number_string, resolve_plain};

/// The keys of a reference, from the model's table of them.
pub(crate) const REFERENCE_FIELDS: &[&str] = &{
    let [a, b, c] = ReferenceField::ALL;
    [a.key(), b.key(), c.key()]
};
/// The keys of an author, from the model's table of them.
pub(crate) const AUTHOR_FIELDS: &[&str] = &{
    let [a, b] = AuthorField::ALL;
    [a.key(), b.key()]
};
/// The keys of a topic definition, from the model's table of them.
pub(crate) const TOPIC_FIELDS: &[&str] = &{
    let [a, b, c] = TopicField::ALL;
    [a.key(), b.key(), c.key()]
};

/// The file being lowered and the diagnostics found so far.
pub(crate) struct Ctx<'d> {
    /// The file.
    pub(crate) file: FileId,
    /// The file's whole text (spans index into it).
    pub(crate) text: &'d str,
    /// Where diagnostics go.
    pub(crate) diags: &'d mut Vec<Diagnostic>,
    /// Whether the file is catalog JSON, where every string is quoted and a date is a string.
    pub(crate) json: bool,
    /// Whether the reference builder reads this kind of file (not the OpenAPI rules), so that
    /// messages may say how it would read a value.
    pub(crate) builder: bool,
}

/// A mapping's entries by key, after unknown and missing keys were reported.
pub(crate) struct Fields<'n> {
    entries: Vec<(&'n str, &'n Node, &'n Node)>,
}

impl<'n> Fields<'n> {
    /// The value node of a key.
    pub(crate) fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, _, v)| *v)
    }

    /// Keys in written order.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &'n str> + '_ {
        self.entries.iter().map(|(k, _, _)| *k)
    }
}

impl Ctx<'_> {
    /// Reports an error.
    pub(crate) fn error(&mut self, code: Code, span: Range<usize>, message: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(code, self.file, span, message));
    }

    /// Reports a diagnostic built by the caller.
    pub(crate) fn push(&mut self, diag: Diagnostic) {
        self.diags.push(diag);
    }

    /// The entries of a mapping node, or an error naming `what` was expected.
    pub(crate) fn map<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [(Node, Node)]> {
        match &node.kind {
            NodeKind::Map(entries) => Some(entries),
            _ => {
                self.error(
                    Code::WrongType,
                    node.span.clone(),
                    format!("{what} must be a mapping, found {}", node.describe()),
                );
                None
            }
        }
    }

    /// The items of a sequence node.
    pub(crate) fn seq<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [Node]> {
        match &node.kind {
            NodeKind::Seq(items) => Some(items),
            _ => {
                self.error(
                    Code::WrongType,
                    node.span.clone(),
                    format!("{what} must be a list, found {}", node.describe()),
                );
                None
            }
        }
    }

    /// Checks a mapping's keys: unknown keys (with a suggestion) and missing required keys.
    /// When a mapping both lacks a required key and has an unknown one, the unknown key is the
    /// fault reported (it is most likely the missing one, misnamed), not both.
    pub(crate) fn fields<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        known: &[&str],
        required: &[&str],
    ) -> Option<Fields<'n>> {
        let entries = self.map(node, what)?;
        let mut fields = Fields {
            entries: Vec::with_capacity(entries.len()),
        };
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|r| {
                !entries
                    .iter()
                    .any(|(k, _)| k.text().unwrap_or_default() == *r)
            })
            .collect();
        let mut unknown = 0;
        for (k, v) in entries {
            let key = k.text().unwrap_or_default();
            if known.contains(&key) {
                fields.entries.push((key, k, v));
                continue;
            }
            unknown += 1;
            let mut diag = Diagnostic::error(
                Code::UnknownField,
                self.file,
                k.span.clone(),
                format!("unknown field `{}` in {what}", shown(key)),
            );
            diag.help = match (did_you_mean(key, known), missing.as_slice()) {
                (Some(near), _) => Some(format!("did you mean `{near}`?")),
                (None, [only]) => Some(format!(
                    "{what} has no `{only}`: is this value meant to be its `{only}`?"
                )),
                _ => Some(format!("expected one of {}", list(known))),
            };
            self.push(diag);
        }
        if unknown == 0 {
            for m in &missing {
                self.push(Diagnostic::error(
                    Code::MissingField,
                    self.file,
                    node.span.start..node.span.start,
                    format!("missing field `{m}` in {what}"),
                ));
            }
        }
        (unknown == 0 && missing.is_empty()).then_some(fields)
    }

    /// A text value. Non-string scalars (`404`, `true`, `1.0`) are errors: they would not
    /// come out as text. Warns about leading or trailing spaces.
    pub(crate) fn string(&mut self, node: &Node, what: &str) -> Option<String> {
        let NodeKind::Scalar(s) = &node.kind else {
            self.error(
                Code::WrongType,
                node.span.clone(),
                format!("{what} must be text, found {}", node.describe()),
            );
            return None;
        };
        match s.resolve() {
            Resolved::Str => {}
            Resolved::Null => {
                self.error(
                    Code::WrongType,
                    node.span.clone(),
                    format!("{what} must be text, found nothing"),
                );
                return None;
            }
            _ => {
                self.push(not_text(self, node, s, what));
                return None;
            }
        }
        let body = s.text.trim_end_matches('\n');
        if body.trim_matches([' ', '\t']) != body || (s.plain && self.trailing_blanks(node)) {
            self.push(
                Diagnostic::warning(
                    Code::Whitespace,
                    self.file,
                    node.span.clone(),
                    format!("{what} has leading or trailing white space"),
                )
                .with_help(format!("did you mean \"{}\"?", shown(body.trim()))),
            );
        }
        Some(s.text.clone())
    }

    /// True when a plain scalar is followed by spaces or tabs up to the end of its line: YAML
    /// drops them, but they are a typo all the same (`category: Miscellaneous `).
    fn trailing_blanks(&self, node: &Node) -> bool {
        let rest = self.text.get(node.span.end..).unwrap_or_default();
        let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        blanks > 0 && matches!(rest.as_bytes().get(blanks), None | Some(b'\n' | b'\r'))
    }

    /// A catalog id: `[a-z0-9][a-z0-9-]*`. It becomes a file name, so nothing else passes.
    pub(crate) fn id(&mut self, node: &Node, what: &str) -> Option<String> {
        let id = self.string(node, what)?;
        if is_valid_id(&id) {
            Some(id)
        } else {
            self.push(
                Diagnostic::error(
                    Code::InvalidId,
                    self.file,
                    node.span.clone(),
                    format!("{what} `{}` is not a valid id", shown(&id)),
                )
                .with_help(
                    "ids are lowercase letters, digits and `-`, starting with a letter or digit",
                ),
            );
            None
        }
    }

    /// An absolute http(s) URL; with `relative`, a site path such as `/media/logo.png` too.
    pub(crate) fn url(&mut self, node: &Node, what: &str, relative: bool) -> Option<String> {
        let url = self.string(node, what)?;
        if is_valid_url(&url) || (relative && is_site_path(&url)) {
            Some(url)
        } else {
            let help = if relative {
                "use an absolute http:// or https:// URL, or a site path starting with `/`"
            } else {
                "use an absolute http:// or https:// URL"
            };
            self.push(
                Diagnostic::error(
                    Code::InvalidUrl,
                    self.file,
                    node.span.clone(),
                    format!("{what} `{}` is not an http(s) URL", shown(&url)),
                )
                .with_help(help),
            );
            None
        }
    }

    /// A date or timestamp: written plain in YAML (`2015-01-15`), as js-yaml reads a date; a
    /// string in catalog JSON, of the same form.
    pub(crate) fn timestamp(&mut self, node: &Node, what: &str) -> Option<Timestamp> {
        let NodeKind::Scalar(s) = &node.kind else {
            self.error(
                Code::WrongType,
                node.span.clone(),
                format!("{what} must be a date, found {}", node.describe()),
            );
            return None;
        };
        let resolved = match s.resolve() {
            Resolved::Str if self.json => resolve_plain(&s.text),
            resolved => resolved,
        };
        if resolved == Resolved::Str && !s.plain && resolve_plain(&s.text) == Resolved::Timestamp {
            self.push(
                Diagnostic::error(
                    Code::WrongType,
                    self.file,
                    node.span.clone(),
                    format!(
                        "{what} is quoted: the reference builder would read `{}` as text, not a date",
                        s.text
                    ),
                )
                .with_help(format!("remove the quotes: {}", s.text)),
            );
            return None;
        }
        if !matches!(resolved, Resolved::Timestamp | Resolved::Str) {
            self.error(
                Code::WrongType,
                node.span.clone(),
                format!("{what} must be a date, found {}", node.describe()),
            );
            return None;
        }
        let parsed = match resolved {
            Resolved::Timestamp => Timestamp::parse(&s.text),
            _ => None,
        };
        match parsed {
            Some(t) => Some(t),
            None => {
                self.push(
                    Diagnostic::error(
                        Code::InvalidDate,
                        self.file,
                        node.span.clone(),
                        format!("{what} `{}` is not a valid date", shown(&s.text)),
                    )
                    .with_help("write a date that exists, as YYYY-MM-DD"),
                );
                None
            }
        }
    }

    /// A list of references.
    pub(crate) fn references(&mut self, node: &Node, what: &str) -> Option<Vec<Reference>> {
        let items = match &node.kind {
            NodeKind::Seq(items) => items,
            NodeKind::Map(entries) => {
                let keys: Vec<&str> = entries
                    .iter()
                    .map(|(k, _)| k.text().unwrap_or_default())
                    .collect();
                let help = if keys.iter().any(|k| *k == "description" || *k == "category") {
                    "this looks like a topic definition: definitions belong in topics.yaml, \
                     references are a list of `- name: ... url: ...`"
                } else {
                    "write the reference as a list item: `- name: ...`"
                };
                self.push(
                    Diagnostic::error(
                        Code::WrongType,
                        self.file,
                        node.span.clone(),
                        format!("{what} must be a list of references, found a mapping"),
                    )
                    .with_help(help),
                );
                return None;
            }
            _ => {
                self.error(
                    Code::WrongType,
                    node.span.clone(),
                    format!(
                        "{what} must be a list of references, found {}",
                        node.describe()
                    ),
                );
                return None;
            }
        };
        let mut refs = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items {
            match self.reference(item) {
                Some(r) => refs.push(r),
                None => ok = false,
            }
        }
        ok.then_some(refs)
    }

    fn reference(&mut self, node: &Node) -> Option<Reference> {
        let f = self.fields(node, "reference", REFERENCE_FIELDS, &["name", "url"])?;
        let name = f
            .get("name")
            .and_then(|n| self.nullable(n, "reference name"));
        let url = f
            .get("url")
            .and_then(|n| self.url(n, "reference url", false));
        let quote = match f.get("quote") {
            Some(n) => Some(self.nullable(n, "reference quote")?),
            None => None,
        };
        let mut order = [ReferenceField::Quote; 3];
        let mut keys = f.keys().filter_map(|k| match k {
            "name" => Some(ReferenceField::Name),
            "url" => Some(ReferenceField::Url),
            "quote" => Some(ReferenceField::Quote),
            _ => None,
        });
        for slot in &mut order {
            *slot = keys.next().unwrap_or(*slot);
        }
        Some(Reference {
            name: name?,
            url: url?,
            quote,
            order,
        })
    }

    /// Text that may be written empty: the empty value is kept (as `None`) with a warning.
    pub(crate) fn nullable(&mut self, node: &Node, what: &str) -> Option<Option<String>> {
        if node.is_null() {
            self.push(
                Diagnostic::warning(
                    Code::EmptyValue,
                    self.file,
                    node.span.clone(),
                    format!("{what} is empty"),
                )
                .with_help("fill it in, or remove the key if it is optional"),
            );
            return Some(None);
        }
        self.string(node, what).map(Some)
    }

    /// A list of authors, each with its keys in written order.
    pub(crate) fn authors(&mut self, node: &Node) -> Option<Vec<Author>> {
        let items = self.seq(node, "authors")?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let f = self.fields(item, "author", AUTHOR_FIELDS, &[AuthorField::Name.key()])?;
            let name = f
                .get(AuthorField::Name.key())
                .and_then(|n| self.string(n, "author name"))?;
            let twitter = match f.get(AuthorField::Twitter.key()) {
                Some(n) => Some(self.nullable(n, "author twitter")?),
                None => None,
            };
            let twitter_first = f.keys().next() == Some(AuthorField::Twitter.key());
            out.push(Author {
                name,
                twitter,
                twitter_first,
            });
        }
        Some(out)
    }
}

/// The id a node holds, when it is text and a valid id; nothing is reported (for naming a
/// damaged definition whose faults are reported elsewhere).
pub(crate) fn id_of(node: &Node) -> Option<String> {
    match &node.kind {
        NodeKind::Scalar(s) if s.resolve() == Resolved::Str && is_valid_id(&s.text) => {
            Some(s.text.clone())
        }
        _ => None,
    }
}

/// The id under `key` of a mapping node, as [`id_of`] reads it.
pub(crate) fn id_at(node: &Node, key: &str) -> Option<String> {
    node.get(key).and_then(id_of)
}

/// "must be text" for a scalar that is something else, saying what the reference builder would
/// read instead.
fn not_text(cx: &Ctx<'_>, node: &Node, s: &Scalar, what: &str) -> Diagnostic {
    let reading = match s.resolve() {
        Resolved::Bool => "a boolean".to_owned(),
        Resolved::Int | Resolved::Float => match js_number(&s.text).map(js_number_string) {
            Some(n) if n != s.text => format!("the number {n}"),
            _ => "a number".to_owned(),
        },
        _ => "a date".to_owned(),
    };
    let text = shown(&s.text);
    let quoted = if cx.json {
        format!("{text:?}")
    } else {
        format!("'{}'", text.replace('\'', "''"))
    };
    let message = if cx.builder {
        format!("{what} must be text: the reference builder would read `{text}` as {reading}")
    } else {
        format!("{what} must be text, found {reading}")
    };
    Diagnostic::error(Code::WrongType, cx.file, node.span.clone(), message)
        .with_help(format!("quote it: {quoted}"))
}

/// `[a-z0-9][a-z0-9-]*`.
pub(crate) fn is_valid_id(id: &str) -> bool {
    let b = id.as_bytes();
    !b.is_empty()
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

/// An absolute http or https URL with a host and no white space.
pub(crate) fn is_valid_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| {
        r.chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '[')
            && !url.chars().any(|c| c.is_whitespace() || c.is_control())
    })
}

fn is_site_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("http-status-409"));
        assert!(is_valid_id("3scale"));
        for bad in ["", "-a", "A", "a_b", "../x", "a/b", "a.b", "é"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn urls() {
        assert!(is_valid_url("https://example.com/a#b"));
        assert!(is_valid_url("http://zalando.github.io/x"));
        for bad in [
            "javascript:alert(1)",
            "ftp://x",
            "https://",
            "https:// x",
            "//x",
            "x",
        ] {
            assert!(!is_valid_url(bad), "{bad}");
        }
        assert!(is_site_path("/media/logos/a.png"));
        assert!(!is_site_path("//evil.example"));
    }
}
