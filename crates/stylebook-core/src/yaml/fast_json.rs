//! The fast path of [`super::parse`] for JSON texts: the same tree, spans and scalar flags
//! that the YAML parser builds from JSON, in one pass over the bytes with no event stream.
//!
//! It accepts strict JSON only (an object or array at the root, no duplicate keys, nesting
//! within [`MAX_DEPTH`]) and gives up on anything else (YAML flow syntax, comments, a raw
//! control character in a string, a lone surrogate, a duplicate key), so that the YAML parser
//! then reads the text and every result and error stays the YAML parser's. Large OpenAPI
//! descriptions are JSON, and this is several times faster on them.

use super::{MAX_DEPTH, Node, NodeKind, Scalar};

/// The tree of a strict JSON text, or `None` to let the YAML parser decide.
pub(super) fn parse(text: &str, base: usize) -> Option<Node> {
    let bytes = text.as_bytes();
    let first = bytes.iter().position(|b| !is_space(*b))?;
    if !matches!(bytes[first], b'{' | b'[') {
        return None;
    }
    let mut reader = Reader {
        text,
        bytes,
        at: first,
        base,
    };
    let root = reader.document()?;
    reader.skip_space();
    (reader.at == bytes.len()).then_some(root)
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// A collection being read.
enum Open {
    Seq(Vec<Node>, usize),
    Map(Vec<(Node, Node)>, usize),
}

struct Reader<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
    base: usize,
}

impl Reader<'_> {
    /// Reads the root collection without recursion.
    fn document(&mut self) -> Option<Node> {
        let mut stack: Vec<Open> = Vec::new();
        loop {
            // Read one value: open a collection, or a scalar that completes an item.
            self.skip_space();
            let start = self.at;
            let mut value = match *self.bytes.get(self.at)? {
                b'{' => {
                    self.at += 1;
                    if stack.len() >= MAX_DEPTH {
                        return None;
                    }
                    self.skip_space();
                    if self.bytes.get(self.at) == Some(&b'}') {
                        self.at += 1;
                        Some(self.node(NodeKind::Map(Vec::new()), start))
                    } else {
                        stack.push(Open::Map(Vec::new(), start));
                        self.key(&mut stack)?;
                        continue;
                    }
                }
                b'[' => {
                    self.at += 1;
                    if stack.len() >= MAX_DEPTH {
                        return None;
                    }
                    self.skip_space();
                    if self.bytes.get(self.at) == Some(&b']') {
                        self.at += 1;
                        Some(self.node(NodeKind::Seq(Vec::new()), start))
                    } else {
                        stack.push(Open::Seq(Vec::new(), start));
                        continue;
                    }
                }
                b'"' => Some(self.string()?),
                _ => Some(self.literal()?),
            };
            // Attach the value, closing every collection that ends after it.
            while let Some(node) = value.take() {
                let Some(open) = stack.last_mut() else {
                    return Some(node);
                };
                self.skip_space();
                let next = *self.bytes.get(self.at)?;
                self.at += 1;
                match open {
                    Open::Seq(items, start) => {
                        items.push(node);
                        match next {
                            b',' => break,
                            b']' => {
                                let start = *start;
                                let items = std::mem::take(items);
                                stack.pop();
                                value = Some(self.node(NodeKind::Seq(items), start));
                            }
                            _ => return None,
                        }
                    }
                    Open::Map(entries, start) => {
                        // The key was pushed with a placeholder value: fill it in.
                        let slot = entries.last_mut()?;
                        slot.1 = node;
                        match next {
                            b',' => {
                                self.key(&mut stack)?;
                                break;
                            }
                            b'}' => {
                                let start = *start;
                                let entries = std::mem::take(entries);
                                if has_duplicates(&entries) {
                                    return None;
                                }
                                stack.pop();
                                value = Some(self.node(NodeKind::Map(entries), start));
                            }
                            _ => return None,
                        }
                    }
                }
            }
        }
    }

    /// Reads `"key":` into the open mapping, with a placeholder for its value.
    fn key(&mut self, stack: &mut [Open]) -> Option<()> {
        self.skip_space();
        if self.bytes.get(self.at) != Some(&b'"') {
            return None;
        }
        let key = self.string()?;
        self.skip_space();
        if self.bytes.get(self.at) != Some(&b':') {
            return None;
        }
        self.at += 1;
        let Some(Open::Map(entries, _)) = stack.last_mut() else {
            return None;
        };
        let placeholder = Node {
            kind: NodeKind::Seq(Vec::new()),
            span: 0..0,
        };
        entries.push((key, placeholder));
        Some(())
    }

    fn node(&self, kind: NodeKind, start: usize) -> Node {
        Node {
            kind,
            span: self.base + start..self.base + self.at,
        }
    }

    fn skip_space(&mut self) {
        while self.bytes.get(self.at).is_some_and(|b| is_space(*b)) {
            self.at += 1;
        }
    }

    /// A string, its escapes processed.
    fn string(&mut self) -> Option<Node> {
        let start = self.at;
        self.at += 1;
        let mut text = String::new();
        let mut run = self.at;
        loop {
            let b = *self.bytes.get(self.at)?;
            match b {
                b'"' => break,
                b'\\' => {
                    text.push_str(self.text.get(run..self.at)?);
                    self.at += 1;
                    let escaped = *self.bytes.get(self.at)?;
                    self.at += 1;
                    match escaped {
                        b'"' => text.push('"'),
                        b'\\' => text.push('\\'),
                        b'/' => text.push('/'),
                        b'b' => text.push('\u{8}'),
                        b'f' => text.push('\u{c}'),
                        b'n' => text.push('\n'),
                        b'r' => text.push('\r'),
                        b't' => text.push('\t'),
                        b'u' => text.push(self.unicode()?),
                        _ => return None,
                    }
                    run = self.at;
                }
                0x00..=0x1f => return None,
                _ => self.at += 1,
            }
        }
        text.push_str(self.text.get(run..self.at)?);
        self.at += 1;
        Some(Node {
            kind: NodeKind::Scalar(Scalar {
                text,
                plain: false,
                tag: None,
            }),
            span: self.base + start..self.base + self.at,
        })
    }

    /// The character of a `\uXXXX` escape (the `\u` read), pairing surrogates.
    fn unicode(&mut self) -> Option<char> {
        let high = self.hex4()?;
        if !(0xD800..0xDC00).contains(&high) {
            return char::from_u32(high);
        }
        if self.bytes.get(self.at..self.at + 2)? != b"\\u" {
            return None;
        }
        self.at += 2;
        let low = self.hex4()?;
        if !(0xDC00..0xE000).contains(&low) {
            return None;
        }
        char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.at..self.at + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    /// `true`, `false`, `null` or a number, as a plain scalar.
    fn literal(&mut self) -> Option<Node> {
        let start = self.at;
        while self
            .bytes
            .get(self.at)
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.'))
        {
            self.at += 1;
        }
        let word = self.text.get(start..self.at)?;
        if !matches!(word, "true" | "false" | "null") && !is_number(word) {
            return None;
        }
        Some(Node {
            kind: NodeKind::Scalar(Scalar {
                text: word.to_owned(),
                plain: true,
                tag: None,
            }),
            span: self.base + start..self.base + self.at,
        })
    }
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`
pub(crate) fn is_number(word: &str) -> bool {
    let b = word.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let from = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - from
    };
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

fn has_duplicates(entries: &[(Node, Node)]) -> bool {
    fn key(n: &Node) -> &str {
        match &n.kind {
            NodeKind::Scalar(s) => s.text.as_str(),
            _ => "",
        }
    }
    if entries.len() < 16 {
        return entries
            .iter()
            .enumerate()
            .any(|(i, (k, _))| entries[..i].iter().any(|(o, _)| key(o) == key(k)));
    }
    let mut keys: Vec<&str> = entries.iter().map(|(k, _)| key(k)).collect();
    keys.sort_unstable();
    keys.windows(2).any(|w| w[0] == w[1])
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::{YamlErrorKind, parse_events};
    use super::*;

    /// The fast path and the YAML parser agree on `text`.
    fn same(text: &str) {
        let fast = parse(text, 7);
        let slow = parse_events(text, 7).unwrap();
        assert!(fast.is_some(), "the fast path gave up on {text:?}");
        assert_eq!(fast, slow, "{text:?}");
    }

    #[test]
    fn json_gives_the_yaml_tree() {
        same(r#"{"a": "x\/y", "b": "\ud83d\ude00\u00e9\n", "c": [1, -2.5e3, 0, true, null]}"#);
        same("{\n  \"a\": {},\n  \"b\": [],\n  \"c\": \"\"\n}\n");
        same(r#"{"a" : 1 , "b":2}"#);
        same("[[[]], [{}], {\"k\": [\"v\"]}]");
        same("  {\"é\": \"ü\"}  ");
        let mut big = String::from("{");
        for i in 0..40 {
            big.push_str(&format!("\"k{i}\": {{\"v\": [{i}, \"{i}\"]}},"));
        }
        big.push_str("\"end\": 1.5E+2}");
        same(&big);
    }

    #[test]
    fn anything_else_is_left_to_the_yaml_parser() {
        for text in [
            "",
            "a: 1",
            "{a: 1}",
            "{\"a\": 1} # c",
            "{\"a\": 'x'}",
            "{\"a\": \"tab\there\"}",
            "{\"a\": \"\\ud83d\"}",
            "{\"a\": 01}",
            "{\"a\": 1, \"a\": 2}",
            "{\"a\": 1,}",
            "[1 2]",
            "{\"a\": 1}{}",
            "\u{feff}{}",
            "\"text\"",
        ] {
            assert_eq!(parse(text, 0), None, "{text:?}");
        }
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(parse(&deep, 0), None);
        assert_eq!(
            super::super::parse("{\"a\": 1, \"a\": 2}", 0)
                .unwrap_err()
                .kind,
            YamlErrorKind::DuplicateKey
        );
    }
}
