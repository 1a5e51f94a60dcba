//! The JSON writer: writes a [`Value`] exactly as js `JSON.stringify(value, null, 2)` does.
//!
//! The rules, as the reference output shows them:
//!
//! - Two spaces of indentation per level; every array item and object member starts a line
//!   of its own, members are written `"key": value`, and items are separated by `,` at the
//!   end of the line.
//! - An empty array is `[]` and an empty object `{}`, on the line of their key.
//! - Strings are wrapped in `"`. `"` and `\` are escaped with a backslash, the control
//!   characters with a short form use it (`\b` `\f` `\n` `\r` `\t`), the other characters
//!   below U+0020 become `\u00XX` with lowercase hex digits, and everything else (U+007F,
//!   non-ASCII, U+2028, U+2029) is written as is.
//! - A [`Value::Timestamp`] is written as a string, as `Date.prototype.toJSON` does.
//! - No newline after the closing bracket.

use crate::document::{Value, push_spaces};

/// Serialises `value` as `JSON.stringify(value, null, 2)` would, without a trailing newline.
pub fn to_json(value: &Value) -> String {
    let mut out = String::with_capacity(value.size_hint());
    write_json(&mut out, value);
    out
}

/// Appends the `JSON.stringify(value, null, 2)` text of `value` to `out`.
pub(crate) fn write_json(out: &mut String, value: &Value) {
    write_node(out, value, 0);
}

fn write_node(out: &mut String, value: &Value, depth: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Str(text) | Value::Timestamp(text) => write_string(out, text),
        Value::Seq(items) if items.is_empty() => out.push_str("[]"),
        Value::Map(entries) if entries.is_empty() => out.push_str("{}"),
        Value::Seq(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                new_line(out, depth + 1);
                write_node(out, item, depth + 1);
            }
            new_line(out, depth);
            out.push(']');
        }
        Value::Map(entries) => {
            out.push('{');
            for (index, (key, item)) in entries.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                new_line(out, depth + 1);
                write_string(out, key);
                out.push_str(": ");
                write_node(out, item, depth + 1);
            }
            new_line(out, depth);
            out.push('}');
        }
    }
}

/// Starts a new line indented for `depth`.
fn new_line(out: &mut String, depth: usize) {
    out.push('\n');
    push_spaces(out, 2 * depth);
}

/// Writes `text` as a JSON string literal, copying runs of unescaped bytes in one go.
fn write_string(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let bytes = text.as_bytes();
    // Most text needs no escape: one branch-free pass finds out.
    if !bytes.iter().fold(false, |acc, &b| {
        acc | (b < 0x20) | (b == b'"') | (b == b'\\')
    }) {
        out.push_str(text);
        out.push('"');
        return;
    }
    let mut start = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0C => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x00..=0x1F => "",
            _ => continue,
        };
        // Every byte that needs an escape is ASCII, so both slice ends are char boundaries.
        out.push_str(&text[start..index]);
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0F)]));
        } else {
            out.push_str(escape);
        }
        start = index + 1;
    }
    out.push_str(&text[start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::MapBuilder;

    fn check(value: Value, expected: &str) {
        assert_eq!(to_json(&value), expected);
    }

    #[test]
    fn scalars() {
        check(Value::Null, "null");
        check(Value::Bool(true), "true");
        check(Value::Bool(false), "false");
        check(Value::from("plain text"), "\"plain text\"");
        check(
            Value::Timestamp("2015-01-15T00:00:00.000Z".into()),
            "\"2015-01-15T00:00:00.000Z\"",
        );
    }

    #[test]
    fn string_escapes() {
        check(Value::from("say \"hi\" \\ bye"), r#""say \"hi\" \\ bye""#);
        check(
            Value::from("a\nb\rc\td\u{8}e\u{c}f"),
            r#""a\nb\rc\td\be\ff""#,
        );
        check(
            Value::from("\u{0}\u{1}\u{1f}\u{7f}"),
            "\"\\u0000\\u0001\\u001f\u{7f}\"",
        );
        check(Value::from("é — ’ \u{2028} 😀"), "\"é — ’ \u{2028} 😀\"");
        check(Value::from(""), "\"\"");
    }

    #[test]
    fn empty_containers() {
        check(Value::Seq(vec![]), "[]");
        check(Value::Map(vec![]), "{}");
        check(
            MapBuilder::new()
                .entry("list", Value::Seq(vec![]))
                .entry("map", Value::Map(vec![]))
                .build(),
            "{\n  \"list\": [],\n  \"map\": {}\n}",
        );
    }

    #[test]
    fn nesting() {
        let value = MapBuilder::new()
            .entry("name", "x")
            .entry(
                "items",
                vec![
                    MapBuilder::new()
                        .entry("a", "1")
                        .entry("b", Value::Null)
                        .build(),
                    Value::from("s"),
                    Value::Seq(vec![Value::Bool(true)]),
                ],
            )
            .build();
        check(
            value,
            "{\n  \"name\": \"x\",\n  \"items\": [\n    {\n      \"a\": \"1\",\n      \"b\": null\n    },\n    \"s\",\n    [\n      true\n    ]\n  ]\n}",
        );
    }

    #[test]
    fn keys_are_escaped() {
        check(
            MapBuilder::new().entry("a\"b", "c").build(),
            "{\n  \"a\\\"b\": \"c\"\n}",
        );
    }

    #[test]
    fn deep_indentation_is_exact() {
        let mut value = Value::from("leaf");
        for _ in 0..40 {
            value = Value::Seq(vec![value]);
        }
        let text = to_json(&value);
        let leaf_line = text
            .lines()
            .find(|line| line.contains("leaf"))
            .unwrap_or_default();
        assert_eq!(leaf_line.len() - leaf_line.trim_start().len(), 80);
    }
}
