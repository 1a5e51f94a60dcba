//! Where topic ids and guideline ids are defined and used, as the readers found them: the
//! places the readers record while lowering each file, and the [`Index`] of a whole catalog
//! that a [`crate::Workspace`] builds from them, for going to a definition, finding uses and
//! telling what is under the cursor. It also says which topic ids a rule's template stands
//! for ([`template_fits`]), which the rules reader checks with.

use std::ops::Range;

use crate::diag::FileId;

/// Where the readers found a topic id or a guideline id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdPlace {
    /// The file.
    pub file: FileId,
    /// The id's bytes in the file (with its quotes, if it is quoted).
    pub span: Range<usize>,
    /// The id (for a [`IdKind::TopicTemplate`], the template, such as `http-status-{code}`).
    pub id: String,
    /// What the id names.
    pub of: IdKind,
    /// Whether the place defines the id or uses it.
    pub role: Role,
}

/// What an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdKind {
    /// A topic.
    Topic,
    /// A guideline.
    Guideline,
    /// Topics: a template of an OpenAPI rule (`http-status-{code}`), which stands for every
    /// topic id it fits.
    TopicTemplate,
}

/// Whether a place defines an id or uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The place defines the id: a key of `topics.yaml`, a topic page's `topic_id`, a
    /// guideline file's `id`, a guideline page's `guideline_id`, an `id` in catalog JSON.
    Definition,
    /// The place names an id defined elsewhere: a key of a guideline's `topics`, a guideline
    /// in a topic page, a topic in a guideline page, a topic in an OpenAPI rule.
    Use,
}

/// The places of every topic id and guideline id in the files of a
/// [`Workspace`](crate::Workspace), in reading order, and in each file in the order of the text.
#[derive(Debug, Clone, Default)]
pub struct Index {
    places: Vec<IdPlace>,
}

impl Index {
    /// The index of these places.
    pub(crate) fn new(places: Vec<IdPlace>) -> Self {
        Index { places }
    }

    /// Every place, in reading order.
    pub fn places(&self) -> &[IdPlace] {
        &self.places
    }

    /// The place at byte `offset` of `file` (its end included, where a cursor stands after
    /// typing an id).
    pub fn at(&self, file: FileId, offset: usize) -> Option<&IdPlace> {
        self.places
            .iter()
            .find(|p| p.file == file && p.span.start <= offset && offset <= p.span.end)
    }

    /// The places that define `id` as a topic or a guideline (`of`).
    pub fn definitions<'a>(&'a self, of: IdKind, id: &'a str) -> impl Iterator<Item = &'a IdPlace> {
        self.places
            .iter()
            .filter(move |p| p.of == of && p.role == Role::Definition && p.id == id)
    }

    /// The places that use `id` as a topic or a guideline (`of`); for a topic, the rule
    /// templates it fits too.
    pub fn uses<'a>(&'a self, of: IdKind, id: &'a str) -> impl Iterator<Item = &'a IdPlace> {
        self.places.iter().filter(move |p| {
            p.role == Role::Use
                && ((p.of == of && p.id == id)
                    || (of == IdKind::Topic
                        && p.of == IdKind::TopicTemplate
                        && template_fits(&p.id, id)))
        })
    }
}

/// True when `id` is what `template` gives for some values of its placeholders (each a
/// non-empty run of id characters).
pub(crate) fn template_fits(template: &str, id: &str) -> bool {
    let Some((literal, rest)) = template.split_once('{') else {
        return template == id;
    };
    let Some(id) = id.strip_prefix(literal) else {
        return false;
    };
    let rest = rest.split_once('}').map_or("", |(_, after)| after);
    // The placeholder takes at least one character, then the rest of the template must fit.
    id.char_indices()
        .skip(1)
        .map(|(i, _)| i)
        .chain(std::iter::once(id.len()))
        .any(|i| i > 0 && template_fits(rest, &id[i..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fit_ids() {
        assert!(template_fits("http-status-{code}", "http-status-409"));
        assert!(template_fits("http-status-{code}", "http-status-4xx"));
        assert!(!template_fits("http-status-{code}", "http-status-"));
        assert!(!template_fits("http-statuss-{code}", "http-status-409"));
        assert!(template_fits("a-{x}-b-{y}", "a-1-b-2"));
        assert!(!template_fits("a-{x}-b-{y}", "a-1-c-2"));
        assert!(template_fits("plain", "plain"));
    }
}
