//! Text editing: writes, replaces and removes `x-guidelines` entries at byte offsets, leaving
//! every other byte of the document as it was.
//!
//! In a block mapping a new entry goes on its own line after the mapping's last line, at the
//! indentation of the mapping's keys, rendered by the YAML writer with the document's own
//! indentation step (two spaces, four, ...). In a flow mapping (all of a JSON document) it goes
//! after the last member, before the closing brace: on a line of its own indented like the
//! other members when they sit on their own lines, inline otherwise, rendered by the JSON
//! writer with the document's indentation step. An existing entry is replaced where it stands,
//! and one that is no longer wanted is removed with its line or its comma, so annotating an
//! annotated document changes nothing.

use std::collections::HashMap;

use stylebook_core::yaml::{Node, NodeKind};

use super::walk::Plan;
use super::x_values::Values;
use super::{Document, Error};
use crate::document::{Value, push_spaces};
use crate::{json_writer, yaml_writer};

/// The key this module writes.
pub(crate) const KEY: &str = "x-guidelines";

/// The file `file` of the description, `doc`, with every annotation of `plan` for it written
/// in (the root's own only in the root document, file 0).
pub(crate) fn apply(
    doc: &Document<'_>,
    file: usize,
    plan: &Plan,
    values: &Values,
) -> Result<String, Error> {
    let text: &str = &doc.text;
    let mut editor = Editor {
        text,
        nl: if text.contains("\r\n") { "\r\n" } else { "\n" },
        step: block_step(text, &doc.root),
        cache: HashMap::new(),
        edits: Vec::new(),
    };
    let mut stack: Vec<(&Node, usize)> = vec![(&doc.root, 0)];
    while let Some((node, depth)) = stack.pop() {
        if is_alias(text, node) {
            continue;
        }
        match &node.kind {
            NodeKind::Scalar(_) => {}
            NodeKind::Seq(items) => stack.extend(items.iter().map(|n| (n, depth + 1))),
            NodeKind::Map(entries) => {
                let wanted = if std::ptr::eq(node, &doc.root) && file == 0 {
                    values.root().map(|v| (usize::MAX, v))
                } else {
                    plan.targets
                        .get(&(file, node.span.start))
                        .and_then(|t| values.get(t.set).map(|v| (t.set, v)))
                };
                let existing = entries.iter().position(|(k, _)| is_key(k));
                editor.mapping(node, entries, existing, wanted, depth);
                for (i, (_, value)) in entries.iter().enumerate() {
                    if Some(i) != existing {
                        stack.push((value, depth + 1));
                    }
                }
            }
        }
    }
    editor.finish()
}

/// True for a node copied from an anchor by an alias (`*name`): it has no text of its own.
///
/// Its span is the alias, its children's spans are the anchor's. A sequence written at its
/// parent's indentation starts where its first item does, which may be an alias too: that
/// sequence is no copy, since its first child starts where it starts.
pub(crate) fn is_alias(text: &str, node: &Node) -> bool {
    if text.as_bytes().get(node.span.start) != Some(&b'*') {
        return false;
    }
    let first = match &node.kind {
        NodeKind::Map(entries) => entries.first().map(|(k, _)| k.span.start),
        NodeKind::Seq(items) => items.first().map(|n| n.span.start),
        NodeKind::Scalar(_) => None,
    };
    first != Some(node.span.start)
}

/// Where each collection written in the text starts, by where its first child starts and
/// whether it is a mapping: what finds the anchor of a copy made by an alias, whose children
/// keep the anchor's spans.
pub(crate) fn anchor_index(text: &str, root: &Node) -> HashMap<(usize, bool), usize> {
    let mut index = HashMap::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if is_alias(text, node) {
            continue;
        }
        match &node.kind {
            NodeKind::Scalar(_) => {}
            NodeKind::Seq(items) => {
                if let Some(first) = items.first() {
                    index.insert((first.span.start, false), node.span.start);
                }
                stack.extend(items);
            }
            NodeKind::Map(entries) => {
                if let Some((first, _)) = entries.first() {
                    index.insert((first.span.start, true), node.span.start);
                }
                stack.extend(entries.iter().map(|(_, v)| v));
            }
        }
    }
    index
}

/// How far the document indents a block mapping nested in another: the first such pair
/// met going down from the root decides (`info:` and `title:`, usually); two spaces when there
/// is none.
fn block_step(text: &str, root: &Node) -> usize {
    let mut queue = std::collections::VecDeque::from([root]);
    while let Some(node) = queue.pop_front() {
        if is_alias(text, node) || is_flow(text, node) {
            continue;
        }
        match &node.kind {
            NodeKind::Scalar(_) => {}
            NodeKind::Seq(items) => queue.extend(items),
            NodeKind::Map(entries) => {
                for (key, value) in entries {
                    if let NodeKind::Map(inner) = &value.kind
                        && let Some((first, _)) = inner.first()
                        && !is_alias(text, value)
                        && !is_flow(text, value)
                    {
                        let (outer, nested) =
                            (column(text, key.span.start), column(text, first.span.start));
                        if nested > outer {
                            return nested - outer;
                        }
                    }
                    queue.push_back(value);
                }
            }
        }
    }
    2
}

/// True for a flow collection (`{...}`, `[...]`), false for a block one.
pub(crate) fn is_flow(text: &str, node: &Node) -> bool {
    let (opener, first) = match &node.kind {
        NodeKind::Map(entries) => (b'{', entries.first().map(|(k, _)| k.span.start)),
        NodeKind::Seq(items) => (b'[', items.first().map(|n| n.span.start)),
        NodeKind::Scalar(_) => return false,
    };
    text.as_bytes().get(node.span.start) == Some(&opener)
        && first.is_none_or(|f| f > node.span.start)
}

fn is_key(node: &Node) -> bool {
    node.as_scalar().is_some_and(|s| s.text == KEY)
}

/// One replacement of `start..end` by `text`.
struct Edit {
    start: usize,
    end: usize,
    /// Nesting depth of the mapping: at one offset, deeper insertions go first.
    depth: usize,
    text: String,
}

/// How an entry is laid out.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Layout {
    /// A block mapping whose keys start at this column.
    Block(usize),
    /// A flow mapping whose members sit on their own lines with this indentation, nested
    /// levels adding `step`.
    Lines { indent: String, step: String },
    /// A flow mapping written on one line.
    Inline,
}

struct Editor<'t> {
    text: &'t str,
    nl: &'static str,
    /// How far the document indents a nested block mapping.
    step: usize,
    /// Rendered entries by value (`usize::MAX` for the root) and layout.
    cache: HashMap<(usize, Layout), String>,
    edits: Vec<Edit>,
}

impl Editor<'_> {
    fn mapping(
        &mut self,
        node: &Node,
        entries: &[(Node, Node)],
        existing: Option<usize>,
        wanted: Option<(usize, &Value)>,
        depth: usize,
    ) {
        let flow = is_flow(self.text, node);
        match (existing, wanted, flow) {
            (None, None, _) => {}
            (None, Some(value), false) => self.block_insert(entries, value, depth),
            (None, Some(value), true) => self.flow_insert(node, entries, value, depth),
            (Some(e), Some(value), false) => {
                let (key, old) = &entries[e];
                let end = line_end(self.text, end_point(self.text, old, key.span.end));
                let layout = Layout::Block(column(self.text, key.span.start));
                let text = self.render(value, &layout);
                self.push(key.span.start, end, depth, text);
            }
            (Some(e), Some(value), true) => {
                let (key, old) = &entries[e];
                let layout = self.flow_layout(node, key);
                let text = self.render(value, &layout);
                self.push(key.span.start, old.span.end, depth, text);
            }
            (Some(e), None, false) => self.block_remove(entries, e, depth),
            (Some(e), None, true) => self.flow_remove(node, entries, e, depth),
        }
    }

    fn block_insert(&mut self, entries: &[(Node, Node)], value: (usize, &Value), depth: usize) {
        let (Some((first, _)), Some((key, last))) = (entries.first(), entries.last()) else {
            return;
        };
        let column = column(self.text, first.span.start);
        let at = end_point(self.text, last, key.span.end);
        let body = self.render(value, &Layout::Block(column));
        let mut text = String::with_capacity(body.len() + column + 2);
        if at == self.text.len() && !self.text.ends_with('\n') {
            text.push_str(self.nl);
            push_spaces(&mut text, column);
            text.push_str(&body);
        } else {
            push_spaces(&mut text, column);
            text.push_str(&body);
            text.push_str(self.nl);
        }
        self.push(at, at, depth, text);
    }

    fn block_remove(&mut self, entries: &[(Node, Node)], e: usize, depth: usize) {
        let text = self.text;
        let (key, old) = &entries[e];
        let after = end_point(text, old, key.span.end);
        if entries.len() == 1 {
            self.push(
                key.span.start,
                line_end(text, after),
                depth,
                "{}".to_owned(),
            );
            return;
        }
        let start = line_start(text, key.span.start);
        if text[start..key.span.start].bytes().all(|b| b == b' ') {
            self.push(start, after, depth, String::new());
        } else if let Some((next, _)) = entries.get(e + 1) {
            // The first key after a `- `: the next key moves up to its place.
            self.push(key.span.start, next.span.start, depth, String::new());
        }
    }

    fn flow_insert(
        &mut self,
        node: &Node,
        entries: &[(Node, Node)],
        value: (usize, &Value),
        depth: usize,
    ) {
        let Some((key, last)) = entries.last() else {
            let body = self.render(value, &Layout::Inline);
            self.push(node.span.start + 1, node.span.start + 1, depth, body);
            return;
        };
        let layout = self.flow_layout(node, key);
        let body = self.render(value, &layout);
        let mut text = String::with_capacity(body.len() + 16);
        text.push(',');
        match &layout {
            Layout::Lines { indent, .. } => {
                text.push_str(self.nl);
                text.push_str(indent);
            }
            _ => {
                let gap = match entries {
                    [(_, a), (b, _), ..] => &self.text[a.span.end..b.span.start],
                    _ => " ",
                };
                if gap.contains([' ', '\n']) {
                    text.push(' ');
                }
            }
        }
        text.push_str(&body);
        let at = last.span.end.max(key.span.end);
        self.push(at, at, depth, text);
    }

    fn flow_remove(&mut self, node: &Node, entries: &[(Node, Node)], e: usize, depth: usize) {
        let (key, old) = &entries[e];
        if e > 0 {
            let (_, previous) = &entries[e - 1];
            self.push(previous.span.end, old.span.end, depth, String::new());
        } else if let Some((next, _)) = entries.get(1) {
            self.push(key.span.start, next.span.start, depth, String::new());
        } else {
            self.push(node.span.start + 1, node.span.end - 1, depth, String::new());
        }
    }

    /// The layout of a flow mapping's members, judged by the member `key`.
    fn flow_layout(&self, node: &Node, key: &Node) -> Layout {
        let text = self.text;
        // Only blanks may stand between the key and the start of its line; looking no
        // further back keeps a minified document (one line of megabytes) linear.
        let bytes = text.as_bytes();
        let mut start = key.span.start;
        while start > 0 && matches!(bytes[start - 1], b' ' | b'\t') {
            start -= 1;
        }
        if start > 0 && bytes[start - 1] != b'\n' {
            return Layout::Inline;
        }
        let indent = &text[start..key.span.start];
        let parent_line = &text[line_start(text, node.span.start)..];
        let parent =
            &parent_line[..parent_line.len() - parent_line.trim_start_matches([' ', '\t']).len()];
        let step = match indent.strip_prefix(parent) {
            Some(step) if !step.is_empty() => step,
            _ => "  ",
        };
        Layout::Lines {
            indent: indent.to_owned(),
            step: step.to_owned(),
        }
    }

    /// The entry `x-guidelines: value` in a layout, without leading indentation or final line
    /// break.
    fn render(&mut self, (id, value): (usize, &Value), layout: &Layout) -> String {
        let key = (id, layout.clone());
        if let Some(done) = self.cache.get(&key) {
            return done.clone();
        }
        let nl = self.nl;
        let rendered = match layout {
            Layout::Block(column) => {
                let mut doc = String::new();
                let entry = Value::Map(vec![(KEY.into(), value.clone())]);
                yaml_writer::write_yaml_indented(&mut doc, &entry, self.step);
                let mut out = String::with_capacity(doc.len() + doc.len() / 8);
                for (i, line) in doc.trim_end_matches('\n').split('\n').enumerate() {
                    if i > 0 {
                        out.push_str(nl);
                        if !line.is_empty() {
                            push_spaces(&mut out, *column);
                        }
                    }
                    out.push_str(line);
                }
                out
            }
            Layout::Lines { indent, step } => {
                let body = json_writer::to_json(value);
                let mut out = String::with_capacity(body.len() * 2);
                out.push('"');
                out.push_str(KEY);
                out.push_str("\": ");
                for (i, line) in body.split('\n').enumerate() {
                    if i > 0 {
                        out.push_str(nl);
                        out.push_str(indent);
                        let rest = line.trim_start_matches(' ');
                        for _ in 0..(line.len() - rest.len()) / 2 {
                            out.push_str(step);
                        }
                        out.push_str(rest);
                    } else {
                        out.push_str(line);
                    }
                }
                out
            }
            Layout::Inline => {
                let body = json_writer::to_json(value);
                let mut out = String::with_capacity(body.len());
                out.push('"');
                out.push_str(KEY);
                out.push_str("\": ");
                for line in body.split('\n') {
                    if out.ends_with(',') {
                        out.push(' ');
                    }
                    out.push_str(line.trim_start_matches(' '));
                }
                out
            }
        };
        self.cache.insert(key, rendered.clone());
        rendered
    }

    fn push(&mut self, start: usize, end: usize, depth: usize, text: String) {
        self.edits.push(Edit {
            start,
            end,
            depth,
            text,
        });
    }

    fn finish(mut self) -> Result<String, Error> {
        self.edits.sort_by(|a, b| {
            a.start
                .cmp(&b.start)
                .then((a.end > a.start).cmp(&(b.end > b.start)))
                .then(b.depth.cmp(&a.depth))
        });
        // Removals that touch or share a line break (the last entries of nested mappings)
        // merge into one.
        let mut edits: Vec<Edit> = Vec::with_capacity(self.edits.len());
        for edit in self.edits {
            match edits.last_mut() {
                Some(last)
                    if edit.start <= last.end && last.text.is_empty() && edit.text.is_empty() =>
                {
                    last.end = last.end.max(edit.end);
                }
                _ => edits.push(edit),
            }
        }
        // Whole lines removed up to the end of a text without a final line break take the
        // line break before them instead.
        let text = self.text;
        if let Some(last) = edits.last_mut()
            && last.text.is_empty()
            && last.end == text.len()
            && !text.ends_with('\n')
            && last.start > 0
            && text.as_bytes()[last.start - 1] == b'\n'
        {
            last.start = line_end(text, last.start);
        }
        let grow: usize = edits.iter().map(|e| e.text.len()).sum();
        let mut out = String::with_capacity(self.text.len() + grow);
        let mut at = 0;
        for edit in &edits {
            if edit.start < at || edit.end < edit.start || edit.end > self.text.len() {
                return Err(Error::Internal(format!(
                    "overlapping edits at byte {}",
                    edit.start
                )));
            }
            out.push_str(&self.text[at..edit.start]);
            out.push_str(&edit.text);
            at = edit.end;
        }
        out.push_str(&self.text[at..]);
        Ok(out)
    }
}

/// Where the line after the last line of `node` starts (or the end of the text): the place
/// for a new entry of the block mapping whose last value is `node`. `key_end` is the end of
/// the key of `node`, for values written as nothing.
fn end_point(text: &str, node: &Node, key_end: usize) -> usize {
    if is_alias(text, node) {
        return after_line(text, node.span.end.saturating_sub(1));
    }
    match &node.kind {
        NodeKind::Map(entries) if !is_flow(text, node) => match entries.last() {
            Some((key, value)) => end_point(text, value, key.span.end),
            None => after_line(text, node.span.end.saturating_sub(1)),
        },
        NodeKind::Seq(items) if !is_flow(text, node) => match items.last() {
            Some(item) => end_point(text, item, item.span.start.max(1)),
            None => after_line(text, node.span.end.saturating_sub(1)),
        },
        NodeKind::Scalar(s)
            if !s.plain && !matches!(text.as_bytes().get(node.span.start), Some(b'\'' | b'"')) =>
        {
            // A block scalar's span runs to the next token: the new line goes before the
            // line of that token, after any blank lines the scalar may keep.
            let end = node.span.end.min(text.len());
            let start = line_start(text, end);
            if text[start..end].bytes().all(|b| b == b' ') {
                start
            } else {
                after_line(text, end.saturating_sub(1))
            }
        }
        _ if node.span.end > node.span.start => after_line(text, node.span.end - 1),
        _ => after_line(text, key_end.saturating_sub(1)),
    }
}

/// The offset after the line break that ends the line holding `pos`, or the end of the text.
fn after_line(text: &str, pos: usize) -> usize {
    text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1)
}

/// The offset of the line break before `after` (a line start), or `after` itself at the end
/// of a text without a final line break.
fn line_end(text: &str, after: usize) -> usize {
    let head = &text[..after];
    if head.ends_with("\r\n") {
        after - 2
    } else if head.ends_with('\n') {
        after - 1
    } else {
        after
    }
}

fn line_start(text: &str, pos: usize) -> usize {
    text[..pos].rfind('\n').map_or(0, |i| i + 1)
}

fn column(text: &str, pos: usize) -> usize {
    pos - line_start(text, pos)
}
