//! A YAML document tree with byte spans, built from the parser's event stream.
//!
//! Every reader lowers YAML (and JSON, which the same parser reads) through this tree, so every
//! value keeps the byte range it came from and every diagnostic can point at it. The tree is
//! built without recursion, and three budgets keep hostile input cheap: the parser's nesting
//! limits, a cap on what alias expansion may create, counted in nodes and in bytes
//! (billion-laughs documents and a large string repeated through aliases are rejected after a
//! bounded amount of work), and a single-document rule.
//!
//! The tree means what js-yaml 3 (`safeLoad`, the DEFAULT_SAFE schema) makes of the text, since
//! that is what the reference builder used. Plain scalars are typed by [`resolve_plain`]
//! (see [`Scalar::resolve`]); `!!str` and the other standard scalar tags are honoured and other
//! tags refused; a mapping key is the string JavaScript makes of it (`1e3:` is the key `1000`,
//! `null:` the key `null`), and duplicates are judged on those strings; a merge key
//! `<<: *base` (or a list of them) merges the other mapping's keys in, as js-yaml does.

use std::ops::Range;

use serde_saphyr::granit_parser::{Event, Options, Parser, ScalarStyle, StructureStyle, Tag};

mod fast_json;
mod resolve;

pub use resolve::{
    MERGE_KEY, Resolved, is_ambiguous, js_key, js_number, js_number_string, resolve_plain,
};
pub(crate) use resolve::{is_array_index, resolves_as};

/// The deepest nesting of flow or block collections accepted.
pub(crate) const MAX_DEPTH: usize = 128;

/// A node of a parsed YAML document.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What the node holds.
    pub kind: NodeKind,
    /// Byte range of the node in the file (absolute, including any front matter offset).
    pub span: Range<usize>,
}

/// The three kinds of YAML node.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// A scalar: its text after escape processing and how it was written.
    Scalar(Scalar),
    /// A sequence of nodes.
    Seq(Vec<Node>),
    /// A mapping, in document order. Keys are scalars; duplicates are rejected while parsing.
    Map(Vec<(Node, Node)>),
}

/// A scalar's text and notation.
#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    /// The text after YAML escape processing.
    pub text: String,
    /// Whether the scalar was written plain (unquoted, not a block scalar).
    pub plain: bool,
    /// The type an explicit tag gives it (`!!str 404` is text, `!!int "7"` an integer), if it
    /// has one. A plain mapping key that js-yaml turns into another string (`1e3` into `1000`)
    /// holds that string, tagged as text.
    pub tag: Option<Resolved>,
}

/// A YAML document that could not be turned into a tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// The message, lowercase, without a trailing period.
    pub message: String,
    /// Byte offset of the fault (absolute).
    pub offset: usize,
    /// Byte offset where the faulty text ends (absolute): the end of a duplicate key as it is
    /// written there, `offset` for a fault at one point.
    pub end: usize,
    /// Which kind of fault this is.
    pub kind: YamlErrorKind,
    /// Another place involved: the first occurrence of a duplicate key.
    pub related: Option<std::ops::Range<usize>>,
}

/// The kinds of YAML fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YamlErrorKind {
    /// The text is not well-formed YAML.
    Syntax,
    /// The same key twice in one mapping.
    DuplicateKey,
    /// A budget was exceeded: alias expansion, nesting depth, several documents.
    TooComplex,
}

impl Scalar {
    /// What the scalar is: its tag's type, else what its text resolves to when plain; quoted
    /// and block scalars are strings.
    pub fn resolve(&self) -> Resolved {
        match self.tag {
            Some(tag) => tag,
            None if self.plain => resolve_plain(&self.text),
            None => Resolved::Str,
        }
    }
}

impl Node {
    /// The scalar text if this node is a scalar.
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// A short name of the node's type for messages: `a string`, `a list`, `a mapping`, ...
    pub fn describe(&self) -> &'static str {
        match &self.kind {
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
            NodeKind::Scalar(s) => match s.resolve() {
                Resolved::Null => "nothing (null)",
                Resolved::Bool => "a boolean",
                Resolved::Int => "an integer",
                Resolved::Float => "a number",
                Resolved::Timestamp => "a date",
                Resolved::Str => "a string",
            },
        }
    }

    /// True for an empty plain scalar or `null` / `~`.
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar(s) if s.resolve() == Resolved::Null)
    }

    /// The text of a scalar node (as written, whatever it resolves to); `None` for a list or
    /// a mapping.
    pub fn text(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.text.as_str())
    }

    /// The entries of a mapping node, in written order; none for anything else.
    pub fn entries(&self) -> &[(Node, Node)] {
        match &self.kind {
            NodeKind::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The items of a list node; none for anything else.
    pub fn items(&self) -> &[Node] {
        match &self.kind {
            NodeKind::Seq(items) => items,
            _ => &[],
        }
    }

    /// The value of `key` in a mapping node (`None` for anything else).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()
            .iter()
            .find(|(k, _)| k.text() == Some(key))
            .map(|(_, v)| v)
    }
}

/// Whether a plain scalar is one of JSON's literals: `true`, `false`, `null` or a number.
pub(crate) fn is_json_literal(text: &str) -> bool {
    matches!(text, "true" | "false" | "null") || fast_json::is_number(text)
}

/// Parses one YAML document. `base` is added to every offset, so that a front matter block
/// reports positions in its `.md` file. An empty document yields `Ok(None)`.
pub fn parse(text: &str, base: usize) -> Result<Option<Node>, YamlError> {
    // Large documents (OpenAPI descriptions) are often JSON: read strict JSON directly, and
    // leave everything else, errors included, to the YAML parser.
    if let Some(node) = fast_json::parse(text, base) {
        return Ok(Some(node));
    }
    parse_events(text, base)
}

/// [`parse`] through the YAML parser's event stream.
fn parse_events(text: &str, base: usize) -> Result<Option<Node>, YamlError> {
    let mut options = Options::default();
    options.flow_nesting_limit = MAX_DEPTH;
    options.block_nesting_limit = MAX_DEPTH;
    let parser = Parser::new_from_str_with_options(text, options);
    let mut builder = Builder::new(text, base);
    for item in parser {
        match item {
            Ok((event, span)) => {
                let start = offset_of(text, span.start.byte_offset(), span.start.index());
                let end = offset_of(text, span.end.byte_offset(), span.end.index());
                builder.event(event, start..end)?;
            }
            Err(e) => {
                let m = e.marker();
                let message = clean_message(&e.info());
                let kind = if message.contains("limit") {
                    YamlErrorKind::TooComplex
                } else {
                    YamlErrorKind::Syntax
                };
                let offset = base + offset_of(text, m.byte_offset(), m.index());
                return Err(YamlError {
                    message,
                    offset,
                    end: offset,
                    kind,
                    related: None,
                });
            }
        }
    }
    Ok(builder.root)
}

fn offset_of(text: &str, bytes: Option<usize>, chars: usize) -> usize {
    match bytes {
        Some(b) => b.min(text.len()),
        None => text
            .char_indices()
            .nth(chars)
            .map_or(text.len(), |(i, _)| i),
    }
}

fn clean_message(info: &str) -> String {
    let trimmed = info.trim().trim_end_matches('.');
    let mut chars = trimmed.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => "invalid yaml".to_owned(),
    }
}

/// A collection under construction.
enum Open {
    Seq(Vec<Node>, usize),
    Map(OpenMap),
}

/// A mapping under construction.
struct OpenMap {
    entries: Vec<(Node, Node)>,
    /// The key read, waiting for its value, and the entry it overrides (a merged-in key).
    pending: Option<(Node, Option<usize>)>,
    start: usize,
    keys: KeyIndex,
    /// Entries that came in through a merge key: an explicit key may override them once.
    merged: Vec<usize>,
    /// Whether the mapping is written in block style.
    block: bool,
}

/// Finds duplicate keys: a scan for small mappings, a hash index once a mapping grows, so that
/// a `topics.yaml` with thousands of keys is not checked in quadratic time.
#[derive(Default)]
struct KeyIndex {
    index: Option<std::collections::HashMap<String, usize>>,
}

impl KeyIndex {
    const SCAN_LIMIT: usize = 16;

    /// The position of an earlier entry with this key.
    fn find(&mut self, entries: &[(Node, Node)], key: &str) -> Option<usize> {
        if entries.len() < Self::SCAN_LIMIT {
            return entries
                .iter()
                .position(|(k, _)| k.text().unwrap_or_default() == key);
        }
        let index = self.index.get_or_insert_with(|| {
            entries
                .iter()
                .enumerate()
                .map(|(i, (k, _))| (k.text().unwrap_or_default().to_owned(), i))
                .collect()
        });
        for (i, (k, _)) in entries.iter().enumerate().skip(index.len()) {
            index.insert(k.text().unwrap_or_default().to_owned(), i);
        }
        index.get(key).copied()
    }
}

/// An anchored node, with what one alias to it costs.
struct Anchor {
    id: usize,
    node: Node,
    nodes: usize,
    bytes: usize,
}

struct Builder<'t> {
    text: &'t str,
    base: usize,
    stack: Vec<Open>,
    anchors: Vec<Anchor>,
    /// Anchor ids of the collections still open, parallel to `stack`.
    open_anchors: Vec<usize>,
    root: Option<Node>,
    documents: usize,
    nodes: usize,
    budget: usize,
    /// Bytes that aliases have copied so far, and how many they may copy.
    alias_bytes: usize,
    alias_byte_budget: usize,
}

impl<'t> Builder<'t> {
    fn new(text: &'t str, base: usize) -> Self {
        Builder {
            text,
            base,
            stack: Vec::new(),
            anchors: Vec::new(),
            open_anchors: Vec::new(),
            root: None,
            documents: 0,
            nodes: 0,
            // Nodes from the text itself cannot outnumber its bytes by much; the rest is
            // what aliases may add.
            budget: 2 * text.len() + 10_000,
            // Aliases may copy a few times the document's own size: enough for any real
            // reuse, and a repeated large string stops after a few megabytes.
            alias_byte_budget: 4 * text.len() + (1 << 20),
            alias_bytes: 0,
        }
    }

    fn error(&self, kind: YamlErrorKind, offset: usize, message: String) -> YamlError {
        YamlError {
            message,
            offset: self.base + offset,
            end: self.base + offset,
            kind,
            related: None,
        }
    }

    fn event(&mut self, event: Event<'_>, span: Range<usize>) -> Result<(), YamlError> {
        match event {
            Event::DocumentStart(..) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(self.error(
                        YamlErrorKind::TooComplex,
                        span.start,
                        "more than one yaml document in one file".to_owned(),
                    ));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    self.first_key_properties(span.start)?;
                }
                let plain = style == ScalarStyle::Plain;
                let tag = match tag {
                    None => None,
                    Some(tag) => self.scalar_tag(&tag, &text, plain, span.start)?,
                };
                let node = Node {
                    kind: NodeKind::Scalar(Scalar {
                        text: text.into_owned(),
                        plain,
                        tag,
                    }),
                    span: self.abs(span),
                };
                if anchor != 0 {
                    self.anchor(anchor, &node);
                }
                self.push(node)?;
            }
            Event::SequenceStart(_, anchor, tag) => {
                self.collection_tag(tag.as_deref(), "seq", span.start)?;
                self.stack.push(Open::Seq(Vec::new(), span.start));
                self.open_anchors.push(anchor);
            }
            Event::MappingStart(style, anchor, tag) => {
                self.collection_tag(tag.as_deref(), "map", span.start)?;
                self.stack.push(Open::Map(OpenMap {
                    entries: Vec::new(),
                    pending: None,
                    start: span.start,
                    keys: KeyIndex::default(),
                    merged: Vec::new(),
                    block: style == StructureStyle::Block,
                }));
                self.open_anchors.push(anchor);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let anchor = self.open_anchors.pop().unwrap_or(0);
                let node = match self.stack.pop() {
                    Some(Open::Seq(items, start)) => Node {
                        kind: NodeKind::Seq(items),
                        span: self.base + start..self.base + span.end.max(start),
                    },
                    Some(Open::Map(map)) => Node {
                        kind: NodeKind::Map(map.entries),
                        span: self.base + map.start..self.base + span.end.max(map.start),
                    },
                    None => return Ok(()),
                };
                let node = Node {
                    span: self.trim_span(node.span.clone()),
                    ..node
                };
                if anchor != 0 {
                    self.anchor(anchor, &node);
                }
                self.push(node)?;
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.iter().rev().find(|a| a.id == id) else {
                    return Err(self.error(
                        YamlErrorKind::Syntax,
                        span.start,
                        "alias to an unknown anchor".to_owned(),
                    ));
                };
                self.nodes += target.nodes;
                self.alias_bytes += target.bytes;
                if self.nodes > self.budget || self.alias_bytes > self.alias_byte_budget {
                    return Err(self.error(
                        YamlErrorKind::TooComplex,
                        span.start,
                        "aliases expand to too much data (an alias bomb?)".to_owned(),
                    ));
                }
                let mut node = target.node.clone();
                node.span = self.abs(span);
                self.push(node)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// Records an anchor with the nodes and bytes that each alias to it will copy.
    fn anchor(&mut self, id: usize, node: &Node) {
        let (nodes, bytes) = measure(node);
        self.anchors.push(Anchor {
            id,
            node: node.clone(),
            nodes,
            bytes,
        });
    }

    /// The type a tag gives a scalar, as js-yaml 3 reads it: the standard scalar tags when the
    /// text fits them (`!!int abc` is an error there too), `!` for text; no other tag. An
    /// empty node tagged `!` stays what it is without the tag, null.
    fn scalar_tag(
        &self,
        tag: &Tag,
        text: &str,
        plain: bool,
        at: usize,
    ) -> Result<Option<Resolved>, YamlError> {
        let empty = plain && text.is_empty();
        let wanted = match (tag.handle(), tag.suffix()) {
            ("", "!") if empty => return Ok(None),
            ("", "!") | (CORE_TAGS, "str") => return Ok(Some(Resolved::Str)),
            (CORE_TAGS, "null") if empty => return Ok(Some(Resolved::Null)),
            (CORE_TAGS, "null") => Resolved::Null,
            (CORE_TAGS, "bool") => Resolved::Bool,
            (CORE_TAGS, "int") => Resolved::Int,
            (CORE_TAGS, "float") => Resolved::Float,
            (CORE_TAGS, "timestamp") => Resolved::Timestamp,
            _ => return Err(self.unsupported_tag(tag, at)),
        };
        // js-yaml asks the tag's own type to accept the text.
        if resolves_as(text, wanted) {
            Ok(Some(wanted))
        } else {
            Err(self.error(
                YamlErrorKind::Syntax,
                at,
                format!("`{text}` cannot be read as {}", tag_name(tag)),
            ))
        }
    }

    /// js-yaml 3 cannot read a tag or an anchor on the first key of a block mapping
    /// (`!!str 404: x` on a mapping's first line): the reference builder would stop there.
    fn first_key_properties(&self, at: usize) -> Result<(), YamlError> {
        match self.stack.last() {
            Some(Open::Map(map))
                if map.block && map.entries.is_empty() && map.pending.is_none() =>
            {
                Err(self.error(
                    YamlErrorKind::Syntax,
                    at,
                    "js-yaml 3, which the reference builder reads with, cannot read a tag or an \
                     anchor on the first key of a mapping"
                        .to_owned(),
                ))
            }
            _ => Ok(()),
        }
    }

    /// Collections may carry their own standard tag or `!`, which change nothing.
    fn collection_tag(&self, tag: Option<&Tag>, kind: &str, at: usize) -> Result<(), YamlError> {
        match tag {
            None => Ok(()),
            Some(t) if (t.handle(), t.suffix()) == ("", "!") => Ok(()),
            Some(t) if t.handle() == CORE_TAGS && t.suffix() == kind => Ok(()),
            Some(t) => Err(self.unsupported_tag(t, at)),
        }
    }

    fn unsupported_tag(&self, tag: &Tag, at: usize) -> YamlError {
        self.error(
            YamlErrorKind::Syntax,
            at,
            format!(
                "the tag {} is not supported: catalogs hold text, lists and mappings",
                tag_name(tag)
            ),
        )
    }

    fn abs(&self, span: Range<usize>) -> Range<usize> {
        self.base + span.start..self.base + span.end
    }

    /// Block collections end where the next token starts; pull the end back over trailing
    /// white space and comments-free blank lines so that the span ends on content.
    fn trim_span(&self, span: Range<usize>) -> Range<usize> {
        let start = span.start - self.base;
        let mut end = (span.end - self.base).min(self.text.len());
        let bytes = self.text.as_bytes();
        while end > start && bytes[end - 1].is_ascii_whitespace() {
            end -= 1;
        }
        self.base + start..self.base + end
    }

    fn push(&mut self, node: Node) -> Result<(), YamlError> {
        self.nodes += 1;
        if self.nodes > self.budget {
            return Err(self.error(
                YamlErrorKind::TooComplex,
                node.span.start - self.base,
                "document has too many nodes".to_owned(),
            ));
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Open::Seq(items, _)) => items.push(node),
            Some(Open::Map(map)) => match map.pending.take() {
                None => map.pending = Some(key(map, node)?),
                Some((k, _)) if is_merge_key(&k) => merge(map, node)?,
                Some((k, Some(overridden))) => {
                    map.merged.retain(|&i| i != overridden);
                    map.entries[overridden] = (k, node);
                }
                Some((k, None)) => map.entries.push((k, node)),
            },
        }
        Ok(())
    }
}

/// The core schema's tag prefix (`!!` in documents).
const CORE_TAGS: &str = "tag:yaml.org,2002:";

fn tag_name(tag: &Tag) -> String {
    match tag.handle() {
        CORE_TAGS => format!("`!!{}`", tag.suffix()),
        handle => format!("`{handle}{}`", tag.suffix()),
    }
}

/// Takes a mapping key: a scalar, turned into the string js-yaml makes of it, and new to the
/// mapping unless it overrides a merged-in key. Returns it with the entry it overrides.
fn key(map: &mut OpenMap, mut node: Node) -> Result<(Node, Option<usize>), YamlError> {
    let NodeKind::Scalar(scalar) = &mut node.kind else {
        return Err(YamlError {
            message: "mapping keys must be plain text".to_owned(),
            offset: node.span.start,
            end: node.span.start,
            kind: YamlErrorKind::Syntax,
            related: None,
        });
    };
    if scalar.plain && scalar.tag.is_none() && scalar.text == MERGE_KEY {
        return Ok((node, None));
    }
    let resolved = scalar.resolve();
    if !matches!(resolved, Resolved::Str | Resolved::Timestamp) {
        let string = match resolved {
            Resolved::Null => Some("null".to_owned()),
            Resolved::Bool => Some(scalar.text.starts_with(['t', 'T']).to_string()),
            _ => js_number(&scalar.text).map(js_number_string),
        };
        if let Some(string) = string {
            scalar.text = string;
            scalar.tag = Some(Resolved::Str);
        }
    }
    let text = scalar.text.as_str();
    match map.keys.find(&map.entries, text) {
        Some(first) if map.merged.contains(&first) => Ok((node, Some(first))),
        Some(first) => Err(YamlError {
            message: format!("duplicate key `{text}`"),
            offset: node.span.start,
            end: node.span.end,
            kind: YamlErrorKind::DuplicateKey,
            related: Some(map.entries[first].0.span.clone()),
        }),
        None => Ok((node, None)),
    }
}

fn is_merge_key(node: &Node) -> bool {
    node.as_scalar()
        .is_some_and(|s| s.plain && s.tag.is_none() && s.text == MERGE_KEY)
}

/// `<<: value`: the keys of a mapping, or of each mapping of a list, that the mapping does not
/// have yet, in their order; a key already there (written before, or merged earlier) wins.
fn merge(map: &mut OpenMap, value: Node) -> Result<(), YamlError> {
    let sources = match value.kind {
        NodeKind::Map(entries) => vec![entries],
        NodeKind::Seq(items) => {
            let mut sources = Vec::with_capacity(items.len());
            for item in items {
                match item.kind {
                    NodeKind::Map(entries) => sources.push(entries),
                    _ => return Err(not_mergeable(&item.span)),
                }
            }
            sources
        }
        NodeKind::Scalar(_) => return Err(not_mergeable(&value.span)),
    };
    for (k, v) in sources.into_iter().flatten() {
        if map
            .keys
            .find(&map.entries, k.text().unwrap_or_default())
            .is_none()
        {
            map.merged.push(map.entries.len());
            map.entries.push((k, v));
        }
    }
    Ok(())
}

fn not_mergeable(span: &Range<usize>) -> YamlError {
    YamlError {
        message: "a merge key `<<` takes a mapping or a list of mappings".to_owned(),
        offset: span.start,
        end: span.start,
        kind: YamlErrorKind::Syntax,
        related: None,
    }
}

/// How many nodes a tree holds and how many bytes a copy of it takes (its texts and nodes).
fn measure(node: &Node) -> (usize, usize) {
    let mut nodes = 0;
    let mut bytes = 0;
    let mut work = vec![node];
    while let Some(n) = work.pop() {
        nodes += 1;
        bytes += std::mem::size_of::<Node>();
        match &n.kind {
            NodeKind::Scalar(s) => bytes += s.text.len(),
            NodeKind::Seq(items) => work.extend(items),
            NodeKind::Map(entries) => {
                for (k, v) in entries {
                    work.push(k);
                    work.push(v);
                }
            }
        }
    }
    (nodes, bytes)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn root(text: &str) -> Node {
        parse(text, 0).unwrap().unwrap()
    }

    #[test]
    fn spans_point_at_values() {
        let text = "a: 1\nb:\n  - x\n  - 'y'\n";
        let node = root(text);
        let NodeKind::Map(entries) = &node.kind else {
            panic!("not a map")
        };
        assert_eq!(&text[entries[0].1.span.clone()], "1");
        assert_eq!(&text[entries[1].1.span.clone()], "- x\n  - 'y'");
        let NodeKind::Seq(items) = &entries[1].1.kind else {
            panic!("not a seq")
        };
        assert!(!items[1].as_scalar().unwrap().plain);
    }

    #[test]
    fn base_offset_is_added() {
        let node = parse("a: b", 10).unwrap().unwrap();
        assert_eq!(node.span.start, 10);
    }

    #[test]
    fn empty_document_is_none() {
        assert_eq!(parse("", 0).unwrap(), None);
        assert_eq!(parse("# only a comment\n", 0).unwrap(), None);
    }

    #[test]
    fn duplicate_keys_are_rejected() {
        let err = parse("a: 1\nb: 2\na: 3\n", 0).unwrap_err();
        assert_eq!(err.kind, YamlErrorKind::DuplicateKey);
        assert_eq!(err.offset, 10);
    }

    #[test]
    fn duplicate_keys_are_found_in_large_mappings() {
        let mut text: String = (0..40).map(|i| format!("k{i}: v\n")).collect();
        text.push_str("k7: again\n");
        let err = parse(&text, 0).unwrap_err();
        assert_eq!(err.kind, YamlErrorKind::DuplicateKey);
        assert_eq!(
            err.related,
            Some(text.find("k7").unwrap()..text.find("k7").unwrap() + 2)
        );
        let unique: String = (0..40).map(|i| format!("k{i}: v\n")).collect();
        assert!(parse(&unique, 0).is_ok());
    }

    #[test]
    fn alias_bomb_is_rejected_quickly() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for name in 'b'..='k' {
            text.push_str(&format!(
                "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
            prev = name;
        }
        let started = std::time::Instant::now();
        let err = parse(&text, 0).unwrap_err();
        assert_eq!(err.kind, YamlErrorKind::TooComplex);
        assert!(started.elapsed().as_secs() < 2);
    }

    #[test]
    fn small_aliases_are_expanded() {
        let node = root("a: &x {k: v}\nb: *x\n");
        let NodeKind::Map(entries) = &node.kind else {
            panic!("not a map")
        };
        assert_eq!(entries[1].1.kind, entries[0].1.kind);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000);
        assert!(parse(&text, 0).is_err());
        let mut block = String::new();
        for depth in 0..10_000 {
            block.push_str(&" ".repeat(depth));
            block.push_str("a:\n");
        }
        assert!(parse(&block, 0).is_err());
    }

    #[test]
    fn two_documents_are_rejected() {
        assert_eq!(
            parse("a: 1\n---\nb: 2\n", 0).unwrap_err().kind,
            YamlErrorKind::TooComplex
        );
    }

    #[test]
    fn a_large_string_repeated_through_aliases_is_rejected_quickly() {
        // 1 MiB of text, then 2,000 aliases to it: 2 GiB if expanded.
        let mut text = format!("base: &s {}\nlist: [", "x".repeat(1 << 20));
        text.push_str(&vec!["*s"; 2000].join(", "));
        text.push_str("]\n");
        let started = std::time::Instant::now();
        let err = parse(&text, 0).unwrap_err();
        assert_eq!(err.kind, YamlErrorKind::TooComplex);
        assert!(err.message.contains("alias"), "{}", err.message);
        assert!(started.elapsed().as_secs() < 2, "{:?}", started.elapsed());
        // A few copies of a large string are fine.
        let few = format!("base: &s {}\nlist: [*s, *s, *s]\n", "x".repeat(1 << 20));
        assert!(parse(&few, 0).is_ok());
    }

    fn entries(text: &str) -> Vec<(String, Node)> {
        let NodeKind::Map(entries) = root(text).kind else {
            panic!("not a map")
        };
        entries
            .into_iter()
            .map(|(k, v)| (k.as_scalar().unwrap().text.clone(), v))
            .collect()
    }

    #[test]
    fn keys_are_the_strings_javascript_makes_of_them() {
        let keys: Vec<String> = entries("1e3: a\n0x1F: b\n~: c\nTrue: d\n404: e\n'1e4': f\n")
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys, ["1000", "31", "null", "true", "404", "1e4"]);
        let err = parse("1e3: a\n'1000': b\n", 0).unwrap_err();
        assert_eq!(err.kind, YamlErrorKind::DuplicateKey);
        assert_eq!(err.message, "duplicate key `1000`");
        // A date's string depends on the time zone: the key stays as written, a date.
        let (key, _) = &entries("2015-01-15: a\n")[0];
        assert_eq!(key, "2015-01-15");
    }

    #[test]
    fn tags_give_scalars_their_type() {
        let found = entries("a: !!str 404\nb: ! 1.5\nc: !!int '7'\nd: !!float 1\ne: 404\n");
        let types: Vec<Resolved> = found
            .iter()
            .map(|(_, v)| v.as_scalar().unwrap().resolve())
            .collect();
        use Resolved::{Float, Int, Str};
        assert_eq!(types, [Str, Str, Int, Float, Int]);
        let (_, boolean) = &entries("a: !!bool 'true'\n")[0];
        assert_eq!(boolean.as_scalar().unwrap().resolve(), Resolved::Bool);
        // An empty node tagged `!` is null; tagged `!!str`, the empty string.
        let empty = entries("a: !\nb: !!str\nc: !!null\n");
        let types: Vec<Resolved> = empty
            .iter()
            .map(|(_, v)| v.as_scalar().unwrap().resolve())
            .collect();
        assert_eq!(types, [Resolved::Null, Str, Resolved::Null]);
        // As js-yaml 3.15 answers: the tag's own type must accept the text.
        for bad in [
            "a: !!binary aGk=\n",
            "a: !!set {x}\n",
            "a: !custom x\n",
            "a: !!int 1.5\n",
            "a: !!float 017\n",
            "a: !!float 1:30\n",
            "a: !!null ''\n",
            "a: !!timestamp 2015-1-5\n",
        ] {
            let err = parse(bad, 0).unwrap_err();
            assert_eq!(err.kind, YamlErrorKind::Syntax, "{bad}");
        }
        assert!(parse("a: !!map {x: y}\nb: !!seq [x]\n", 0).is_ok());
    }

    #[test]
    fn merge_keys_merge_as_js_yaml_merges() {
        let text = "base: &b {name: n, category: c}\nt:\n  name: first\n  <<: *b\n  description: d\n  category: last\n";
        let found = entries(text);
        let NodeKind::Map(t) = &found[1].1.kind else {
            panic!("not a map")
        };
        let pairs: Vec<(&str, &str)> = t
            .iter()
            .map(|(k, v)| {
                (
                    k.as_scalar().unwrap().text.as_str(),
                    v.as_scalar().unwrap().text.as_str(),
                )
            })
            .collect();
        // A key written before the merge wins; a key after it overrides in place.
        assert_eq!(
            pairs,
            [
                ("name", "first"),
                ("category", "last"),
                ("description", "d")
            ]
        );
        let list = entries("a: &a {x: 1}\nb: &b {x: 2, y: 3}\nc:\n  <<: [*a, *b]\n");
        let NodeKind::Map(c) = &list[2].1.kind else {
            panic!("not a map")
        };
        let texts: Vec<&str> = c
            .iter()
            .map(|(_, v)| v.as_scalar().unwrap().text.as_str())
            .collect();
        assert_eq!(texts, ["1", "3"]);
        assert_eq!(
            parse("a: {<<: x}\n", 0).unwrap_err().kind,
            YamlErrorKind::Syntax
        );
        // Two explicit keys are still duplicates, merge or not.
        let err = parse("b: &b {x: 1}\nc: {<<: *b, y: 1, y: 2}\n", 0).unwrap_err();
        assert_eq!(err.kind, YamlErrorKind::DuplicateKey);
    }
}
