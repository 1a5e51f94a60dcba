//! A YAML document tree with byte spans, built from the parser's event stream.
//!
//! Every reader lowers YAML (and JSON, which the same parser reads) through this tree, so every
//! value keeps the byte range it came from and every diagnostic can point at it. The tree is
//! built without recursion, and three budgets keep hostile input cheap: the parser's nesting
//! limits, a cap on the nodes that alias expansion may create (billion-laughs documents are
//! rejected after a bounded amount of work), and a single-document rule.
//!
//! Plain scalars are resolved the way js-yaml 3 (`DEFAULT_SAFE_SCHEMA`) resolves them, since that
//! is what the reference builder used: see [`Scalar::resolve`].

use std::ops::Range;

use serde_saphyr::granit_parser::{Event, Options, Parser, ScalarStyle};

mod fast_json;

/// The deepest nesting of flow or block collections accepted.
pub const MAX_DEPTH: usize = 128;

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
    /// Whether the scalar was plain (unquoted, subject to type resolution).
    pub plain: bool,
}

/// What a plain scalar means under js-yaml 3's default safe schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    /// `null`, `~`, or nothing.
    Null,
    /// `true` / `false` in their three spellings.
    Bool,
    /// An integer in any of YAML 1.1's notations.
    Int,
    /// A float, `.inf` or `.nan`.
    Float,
    /// A `YYYY-MM-DD` date or a full timestamp.
    Timestamp,
    /// Anything else: a string.
    Str,
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
    /// The type a plain scalar resolves to; quoted and block scalars are always strings.
    pub fn resolve(&self) -> Resolved {
        if self.plain {
            resolve_plain(&self.text)
        } else {
            Resolved::Str
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
    Map(Vec<(Node, Node)>, Option<Node>, usize, KeyIndex),
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
        fn text(n: &Node) -> &str {
            n.as_scalar().map_or("", |s| s.text.as_str())
        }
        if entries.len() < Self::SCAN_LIMIT {
            return entries.iter().position(|(k, _)| text(k) == key);
        }
        let index = self.index.get_or_insert_with(|| {
            entries
                .iter()
                .enumerate()
                .map(|(i, (k, _))| (text(k).to_owned(), i))
                .collect()
        });
        for (i, (k, _)) in entries.iter().enumerate().skip(index.len()) {
            index.insert(text(k).to_owned(), i);
        }
        index.get(key).copied()
    }
}

struct Builder<'t> {
    text: &'t str,
    base: usize,
    stack: Vec<Open>,
    anchors: Vec<(usize, Node)>,
    /// Anchor ids of the collections still open, parallel to `stack`.
    open_anchors: Vec<usize>,
    root: Option<Node>,
    documents: usize,
    nodes: usize,
    budget: usize,
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
            Event::Scalar(text, style, anchor, _) => {
                let plain = style == ScalarStyle::Plain;
                let node = Node {
                    kind: NodeKind::Scalar(Scalar {
                        text: text.into_owned(),
                        plain,
                    }),
                    span: self.abs(span),
                };
                if anchor != 0 {
                    self.anchors.push((anchor, node.clone()));
                }
                self.push(node)?;
            }
            Event::SequenceStart(_, anchor, _) => {
                self.stack.push(Open::Seq(Vec::new(), span.start));
                self.open_anchors.push(anchor);
            }
            Event::MappingStart(_, anchor, _) => {
                self.stack
                    .push(Open::Map(Vec::new(), None, span.start, KeyIndex::default()));
                self.open_anchors.push(anchor);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let anchor = self.open_anchors.pop().unwrap_or(0);
                let node = match self.stack.pop() {
                    Some(Open::Seq(items, start)) => Node {
                        kind: NodeKind::Seq(items),
                        span: self.base + start..self.base + span.end.max(start),
                    },
                    Some(Open::Map(entries, _, start, _)) => Node {
                        kind: NodeKind::Map(entries),
                        span: self.base + start..self.base + span.end.max(start),
                    },
                    None => return Ok(()),
                };
                let node = Node {
                    span: self.trim_span(node.span.clone()),
                    ..node
                };
                if anchor != 0 {
                    self.anchors.push((anchor, node.clone()));
                }
                self.push(node)?;
            }
            Event::Alias(id) => {
                let Some(target) = self
                    .anchors
                    .iter()
                    .rev()
                    .find(|(a, _)| *a == id)
                    .map(|(_, n)| n)
                else {
                    return Err(self.error(
                        YamlErrorKind::Syntax,
                        span.start,
                        "alias to an unknown anchor".to_owned(),
                    ));
                };
                let size = count_nodes(target);
                self.nodes += size;
                if self.nodes > self.budget {
                    return Err(self.error(
                        YamlErrorKind::TooComplex,
                        span.start,
                        "aliases expand to too many nodes (an alias bomb?)".to_owned(),
                    ));
                }
                let mut node = target.clone();
                node.span = self.abs(span);
                self.push(node)?;
            }
            _ => {}
        }
        Ok(())
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
            Some(Open::Map(entries, pending, _, keys)) => match pending.take() {
                None => {
                    if !matches!(node.kind, NodeKind::Scalar(_)) {
                        return Err(YamlError {
                            message: "mapping keys must be plain text".to_owned(),
                            offset: node.span.start,
                            end: node.span.start,
                            kind: YamlErrorKind::Syntax,
                            related: None,
                        });
                    }
                    let text = node.as_scalar().map_or("", |s| s.text.as_str());
                    if let Some(first) = keys.find(entries, text) {
                        return Err(YamlError {
                            message: format!("duplicate key `{text}`"),
                            offset: node.span.start,
                            end: node.span.end,
                            kind: YamlErrorKind::DuplicateKey,
                            related: Some(entries[first].0.span.clone()),
                        });
                    }
                    *pending = Some(node);
                }
                Some(key) => entries.push((key, node)),
            },
        }
        Ok(())
    }
}

fn count_nodes(node: &Node) -> usize {
    let mut count = 0;
    let mut work = vec![node];
    while let Some(n) = work.pop() {
        count += 1;
        match &n.kind {
            NodeKind::Scalar(_) => {}
            NodeKind::Seq(items) => work.extend(items),
            NodeKind::Map(entries) => {
                for (k, v) in entries {
                    work.push(k);
                    work.push(v);
                }
            }
        }
    }
    count
}

/// Resolves a plain scalar the way js-yaml 3's default safe schema does.
pub fn resolve_plain(s: &str) -> Resolved {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => return Resolved::Bool,
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => return Resolved::Float,
        _ => {}
    }
    if is_yaml_int(s) {
        Resolved::Int
    } else if is_yaml_float(s) {
        Resolved::Float
    } else if is_timestamp(s) {
        Resolved::Timestamp
    } else {
        Resolved::Str
    }
}

fn is_yaml_int(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    if body.is_empty() {
        return false;
    }
    let digits_with = |rest: &str, ok: fn(u8) -> bool| {
        !rest.is_empty()
            && rest.bytes().all(|b| b == b'_' || ok(b))
            && rest.bytes().any(|b| b != b'_')
    };
    if let Some(rest) = body.strip_prefix("0b") {
        return digits_with(rest, |b| b == b'0' || b == b'1');
    }
    if let Some(rest) = body.strip_prefix("0x") {
        return digits_with(rest, |b| b.is_ascii_hexdigit());
    }
    if body.len() > 1 && body.starts_with('0') {
        return digits_with(&body[1..], |b| (b'0'..=b'7').contains(&b));
    }
    if body.contains(':') {
        // Sexagesimal: 1:30, 190:20:30.
        let mut parts = body.split(':');
        let first = parts.next().unwrap_or_default();
        return !first.is_empty()
            && first.bytes().all(|b| b.is_ascii_digit() || b == b'_')
            && first.as_bytes()[0] != b'0'
            && parts.all(|p| {
                !p.is_empty()
                    && p.len() <= 2
                    && p.bytes().all(|b| b.is_ascii_digit())
                    && p.parse::<u8>().is_ok_and(|n| n < 60)
            });
    }
    body.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && body.bytes().all(|b| b.is_ascii_digit() || b == b'_')
}

fn is_yaml_float(s: &str) -> bool {
    // js-yaml 3: [-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?  |  \.[0-9_]+(?:[eE][-+]?[0-9]+)?
    // plus sexagesimal floats; the leading digit rule rejects "1_" etc. only loosely, as js-yaml.
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let bytes = body.as_bytes();
    let mut i = 0;
    let int_start = i;
    while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'_') {
        i += 1;
    }
    let has_int = i > int_start;
    if has_int && !bytes[int_start].is_ascii_digit() {
        return false;
    }
    if has_int && i < bytes.len() && bytes[i] == b':' {
        // Sexagesimal float: 190:20:30.15
        let parts: Vec<&str> = body.split(':').collect();
        let Some((last, middle)) = parts[1..].split_last() else {
            return false;
        };
        let (sec, frac) = last.split_once('.').unwrap_or((last, ""));
        return middle
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            && !sec.is_empty()
            && sec.bytes().all(|b| b.is_ascii_digit())
            && frac.bytes().all(|b| b.is_ascii_digit() || b == b'_')
            && last.contains('.');
    }
    let mut has_frac = false;
    if i < bytes.len() && bytes[i] == b'.' {
        i += 1;
        let f = i;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'_') {
            i += 1;
        }
        has_frac = true;
        if !has_int && i == f {
            return false;
        }
    }
    if !has_int && !has_frac {
        return false;
    }
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        i += 1;
        if i < bytes.len() && (bytes[i] == b'-' || bytes[i] == b'+') {
            i += 1;
        }
        let e = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == e {
            return false;
        }
        // js-yaml 3 only treats an exponent as a float when a dot is present.
        if !has_frac {
            return false;
        }
    }
    i == bytes.len() && has_frac
}

/// `YYYY-MM-DD`, or a YAML 1.1 timestamp with time and optional zone.
pub fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    if b.len() == 10 {
        return digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10);
    }
    // [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]*)?(zone)?
    let mut parts = s.splitn(3, '-');
    let (Some(y), Some(m), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    if y.len() != 4 || !y.bytes().all(|c| c.is_ascii_digit()) {
        return false;
    }
    if m.is_empty() || m.len() > 2 || !m.bytes().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let day_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    if day_len == 0 || day_len > 2 {
        return false;
    }
    let rest = &rest[day_len..];
    let rest = if let Some(r) = rest.strip_prefix(['T', 't']) {
        r
    } else {
        let trimmed = rest.trim_start_matches([' ', '\t']);
        if trimmed.len() == rest.len() {
            return false;
        }
        trimmed
    };
    let hour_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    if hour_len == 0 || hour_len > 2 {
        return false;
    }
    let rest = &rest[hour_len..];
    let rb = rest.as_bytes();
    if rb.len() < 6
        || rb[0] != b':'
        || !rb[1..3].iter().all(u8::is_ascii_digit)
        || rb[3] != b':'
        || !rb[4..6].iter().all(u8::is_ascii_digit)
    {
        return false;
    }
    let mut rest = &rest[6..];
    if let Some(r) = rest.strip_prefix('.') {
        rest = r.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let rest = rest.trim_start_matches([' ', '\t']);
    if rest.is_empty() || rest == "Z" {
        return true;
    }
    let Some(zone) = rest.strip_prefix(['+', '-']) else {
        return false;
    };
    let (h, m) = zone.split_once(':').unwrap_or((zone, ""));
    !h.is_empty()
        && h.len() <= 2
        && h.bytes().all(|c| c.is_ascii_digit())
        && (m.is_empty() || (m.len() == 2 && m.bytes().all(|c| c.is_ascii_digit())))
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
    fn plain_scalars_resolve_like_js_yaml() {
        for (text, want) in [
            ("", Resolved::Null),
            ("~", Resolved::Null),
            ("true", Resolved::Bool),
            ("yes", Resolved::Str),
            ("no", Resolved::Str),
            ("404", Resolved::Int),
            ("0755", Resolved::Int),
            ("0x1F", Resolved::Int),
            ("1_000", Resolved::Int),
            ("1:30", Resolved::Int),
            ("1.5", Resolved::Float),
            ("1e5", Resolved::Str),
            ("1.0e5", Resolved::Float),
            (".inf", Resolved::Float),
            ("2015-01-15", Resolved::Timestamp),
            ("2015-01-15T00:00:00.000Z", Resolved::Timestamp),
            ("2001-12-14 21:59:43.10 -5", Resolved::Timestamp),
            ("3.5.2 TrackingID Header", Resolved::Str),
            ("v1", Resolved::Str),
            ("-", Resolved::Str),
        ] {
            assert_eq!(resolve_plain(text), want, "{text:?}");
        }
    }
}
