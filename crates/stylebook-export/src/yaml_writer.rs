//! The YAML writer: writes a [`Value`] exactly as js-yaml 3 (3.14.1, the last 3.x release)
//! writes it with `dump(value, {noRefs: true, lineWidth: -1})`.
//!
//! Those are the options the reference builder used, so the output is always block style,
//! indented by two spaces, with no anchors and no line folding. The rules below were read
//! from js-yaml's dumper and its DEFAULT_SAFE schema, then checked against the reference
//! output.
//!
//! # Layout
//!
//! - A mapping writes one `key: value` per line. A nested non-empty mapping or sequence
//!   starts on the next line, indented two more spaces, and its key is followed by a bare
//!   `:` (never `: ` at the end of a line): `key:\n  inner: x`, `key:\n  - a`. Sequences
//!   are indented under their key.
//! - A sequence item is `- ` followed by the item. An item that is itself a mapping or a
//!   sequence starts on the dash line and continues two spaces in:
//!   `- name: x\n  url: y`, `- - a\n  - b`.
//! - An empty sequence is `[]` and an empty mapping `{}`, written where the value goes.
//! - `null`, `true`, `false` are written as such, and a [`Value::Timestamp`] as its text,
//!   unquoted (js-yaml writes `Date` objects with `toISOString()`).
//! - A key whose written form is longer than 1024 UTF-16 units becomes an explicit pair:
//!   `? key`, then `: value` on the next line.
//! - The document ends with a newline.
//!
//! # Strings
//!
//! js-yaml picks the first style that fits, in this order.
//!
//! 1. The empty string is `''`.
//! 2. The YAML 1.1 booleans `y Y yes Yes YES n N no No NO on On ON off Off OFF` are single
//!    quoted, whatever else holds.
//! 3. Double quotes, when the string holds a character that is not "printable": anything
//!    outside U+0020..U+007E, U+00A1..U+D7FF and U+E000..U+FFFD, or U+2028, U+2029, U+FEFF.
//!    That covers tab, CR, U+007F..U+00A0 and, because js-yaml 3 looks at UTF-16 code
//!    units, every character above U+FFFF (emoji). A line feed is fine in a value (see 5)
//!    but forces double quotes in a key. Escapes: `\0 \a \b \t \n \v \f \r \e \" \\`,
//!    `\N` (U+0085), `\_` (U+00A0), `\L` (U+2028), `\P` (U+2029); other characters below
//!    U+0100 as `\xXX`, other BMP characters as `\uXXXX`, characters above U+FFFF as
//!    `\UXXXXXXXX`, all with uppercase hex; printable characters are kept as they are.
//! 4. Plain, when the string has no line feed and
//!    - its first character is printable and none of the space, tab or indicators
//!      `- ? : , [ ] { } # & * ! | = > ' " % @` and backtick (so `-x`, `?x`, `@x` are
//!      quoted even where YAML would allow them plain);
//!    - its last character is not a space;
//!    - no character is one of `, [ ] { } :` (a colon anywhere, not only `: `, so every
//!      URL is quoted), and every `#` follows a character other than a space (`C#` stays
//!      plain, `a #b` does not);
//!    - it would not read back as another type: no implicit type of the DEFAULT_SAFE schema
//!      claims it (null, bool, int, float, timestamp or the merge key `<<`). That question is
//!      answered by [`stylebook_core::yaml::is_ambiguous`], the resolver the readers use too,
//!      so what this writer leaves plain is always read back as text (`1e3`, `.5`, `0x1F`,
//!      `2001-12-14` are quoted; `-.5`, `01.5`, `1_`, `0x1F_` are not, as js-yaml reads
//!      them as text).
//!
//!    Otherwise the string is single quoted, with `'` doubled.
//! 5. A string with a line feed (and only printable characters) is a literal block, never
//!    folded since the width is unlimited: `|` for one trailing line feed, `|-` for none,
//!    `|+` for two or more (or for the string `"\n"` alone), preceded by the indentation
//!    indicator `2` when the text starts with a space after any leading line feeds
//!    (`|2-`). Each non-empty line is indented to the nesting level (two spaces per level,
//!    at least two); empty lines carry no spaces.

use std::borrow::Cow;

use stylebook_core::yaml::is_ambiguous;

use crate::document::{Value, push_spaces};

/// Serialises `value` as js-yaml 3 `dump(value, {noRefs: true, lineWidth: -1})` would,
/// including the final newline.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::with_capacity(value.size_hint());
    write_yaml(&mut out, value);
    out
}

/// Appends the js-yaml 3 dump of `value`, final newline included, to `out`.
pub(crate) fn write_yaml(out: &mut String, value: &Value) {
    write_yaml_indented(out, value, 2);
}

/// Appends the dump of `value` with nested mappings and sequences indented by `step` spaces
/// instead of two, for text that joins a document indented so (`step` is at least 2). The
/// rest of the layout is js-yaml's: a mapping inside a sequence item still starts on the
/// dash line, its keys two columns after the dash. With a step of 2 this is [`write_yaml`].
pub(crate) fn write_yaml_indented(out: &mut String, value: &Value, step: usize) {
    let mut dumper = Dumper {
        out,
        step: step.max(2),
    };
    // A literal block at the root still goes two columns in, as js-yaml writes it.
    let root = Place {
        column: 0,
        indicator: 2,
    };
    dumper.node(value, root, true);
    dumper.out.push('\n');
}

/// Serialises `value` as a Jekyll front matter block, as the reference builder wrote its
/// pages: `---`, the YAML dump, then `---` with no newline after it.
pub(crate) fn to_front_matter(value: &Value) -> String {
    let mut out = String::with_capacity(value.size_hint() + 8);
    out.push_str("---\n");
    write_yaml(&mut out, value);
    out.push_str("---");
    out
}

/// Where a node goes: the column its own lines start at (its keys, its dashes, a literal
/// block's text), and the indentation indicator a literal block there would need (the
/// column minus its parent's).
#[derive(Debug, Clone, Copy)]
struct Place {
    column: usize,
    indicator: usize,
}

/// Writes nodes into `out`, nesting mappings and sequences by `step` spaces.
struct Dumper<'o> {
    out: &'o mut String,
    step: usize,
}

impl Dumper<'_> {
    /// Writes one node at `at`.
    ///
    /// `compact` is true where the node continues the current line (a sequence item after
    /// its dash, the document root): a block collection then starts right there instead of
    /// on a new line.
    fn node(&mut self, value: &Value, at: Place, compact: bool) {
        match value {
            Value::Null => self.out.push_str("null"),
            Value::Bool(true) => self.out.push_str("true"),
            Value::Bool(false) => self.out.push_str("false"),
            Value::Timestamp(text) => self.out.push_str(text),
            Value::Str(text) => write_scalar(self.out, text, at, false),
            Value::Seq(items) if items.is_empty() => self.out.push_str("[]"),
            Value::Map(entries) if entries.is_empty() => self.out.push_str("{}"),
            Value::Seq(items) => self.sequence(items, at.column, compact),
            Value::Map(entries) => self.mapping(entries, at.column, compact),
        }
    }

    fn sequence(&mut self, items: &[Value], column: usize, compact: bool) {
        // An item continues the dash line, two columns in, whatever the step.
        let item = Place {
            column: column + 2,
            indicator: 2,
        };
        for (index, value) in items.iter().enumerate() {
            if !compact || index > 0 {
                new_line(self.out, column);
            }
            self.out.push_str("- ");
            self.node(value, item, true);
        }
    }

    fn mapping(&mut self, entries: &[(Cow<'_, str>, Value<'_>)], column: usize, compact: bool) {
        /// Past this many UTF-16 units, js-yaml writes a key as an explicit `? key` pair.
        const IMPLICIT_KEY_LIMIT: usize = 1024;

        let nested = Place {
            column: column + self.step,
            indicator: self.step,
        };
        for (index, (key, value)) in entries.iter().enumerate() {
            if !compact || index > 0 {
                new_line(self.out, column);
            }
            let key_start = self.out.len();
            write_scalar(self.out, key, nested, true);
            // UTF-16 units never outnumber UTF-8 bytes, so most keys skip the count.
            let explicit = self.out.len() - key_start > IMPLICIT_KEY_LIMIT
                && self.out[key_start..].encode_utf16().count() > IMPLICIT_KEY_LIMIT;
            if explicit {
                self.out.insert_str(key_start, "? ");
                new_line(self.out, column);
                // The value continues the `: ` line, two columns in.
                self.out.push_str(": ");
                let after_colon = Place {
                    column: column + 2,
                    indicator: 2,
                };
                self.node(value, after_colon, true);
                continue;
            }
            // A nested block collection written on its own lines starts with a line break,
            // and js-yaml then ends the key with a bare colon.
            self.out.push_str(if is_block_collection(value) {
                ":"
            } else {
                ": "
            });
            self.node(value, nested, false);
        }
    }
}

fn is_block_collection(value: &Value) -> bool {
    match value {
        Value::Seq(items) => !items.is_empty(),
        Value::Map(entries) => !entries.is_empty(),
        _ => false,
    }
}

fn new_line(out: &mut String, column: usize) {
    out.push('\n');
    push_spaces(out, column);
}

/// The ways js-yaml 3 writes a string (folded never happens without a width limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Literal,
    Double,
}

/// Writes a string at `at` (a literal block's lines go to its column).
fn write_scalar(out: &mut String, text: &str, at: Place, is_key: bool) {
    if text.is_empty() {
        out.push_str("''");
        return;
    }
    if is_yaml11_bool(text) {
        out.push('\'');
        out.push_str(text);
        out.push('\'');
        return;
    }
    match choose_style(text, is_key) {
        Style::Plain => out.push_str(text),
        Style::Single => write_single_quoted(out, text),
        Style::Literal => write_literal(out, text, at),
        Style::Double => write_double_quoted(out, text),
    }
}

/// The YAML 1.1 booleans that js-yaml quotes for the sake of older loaders.
fn is_yaml11_bool(text: &str) -> bool {
    const BOOLEANS: [&str; 16] = [
        "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no", "No", "NO", "off", "Off",
        "OFF",
    ];
    BOOLEANS.contains(&text)
}

/// Picks the style of a non-empty string; `single_line` forbids block literals (keys).
fn choose_style(text: &str, single_line: bool) -> Style {
    if text.is_ascii() {
        choose_style_ascii(text, single_line)
    } else {
        choose_style_chars(text, single_line)
    }
}

/// Byte classes of ASCII for [`choose_style_ascii`]: not printable, a line feed, a flow
/// indicator or `:` (never in a plain scalar).
const CONTROL: u8 = 1;
const LINE_FEED: u8 = 2;
const FLOW: u8 = 4;
const ASCII_CLASSES: [u8; 128] = {
    let mut classes = [0; 128];
    let mut byte = 0;
    while byte < 128 {
        classes[byte] = match byte as u8 {
            b'\n' => LINE_FEED,
            0..=0x1F | 0x7F => CONTROL,
            b',' | b'[' | b']' | b'{' | b'}' | b':' => FLOW,
            _ => 0,
        };
        byte += 1;
    }
    classes
};

/// [`choose_style_chars`] for ASCII text, which is most text: the bytes' classes are
/// gathered in one branch-free pass instead of judging character after character.
fn choose_style_ascii(text: &str, single_line: bool) -> Style {
    let bytes = text.as_bytes();
    let classes = bytes
        .iter()
        .fold(0, |acc, &b| acc | ASCII_CLASSES[usize::from(b & 0x7F)]);
    if classes & CONTROL != 0 || (single_line && classes & LINE_FEED != 0) {
        return Style::Double;
    }
    if classes & LINE_FEED != 0 {
        return Style::Literal;
    }
    // Tabs are control characters here, so a `#` can only follow white space as ` #`.
    let plain = classes & FLOW == 0
        && bytes
            .first()
            .is_some_and(|&b| is_plain_safe_first(char::from(b)))
        && bytes.last().is_some_and(|&b| !is_white(char::from(b)))
        && !bytes.windows(2).any(|pair| pair == b" #");
    if plain && !is_ambiguous(text) {
        Style::Plain
    } else {
        Style::Single
    }
}

/// Picks the style character by character: the rule for any text.
fn choose_style_chars(text: &str, single_line: bool) -> Style {
    let mut chars = text.chars();
    let first = chars.next().unwrap_or(' ');
    let last = chars.next_back().unwrap_or(first);
    let mut plain = is_plain_safe_first(first) && !is_white(last);
    let mut has_line_feed = false;
    let mut previous = None;
    for c in text.chars() {
        if c == '\n' && !single_line {
            has_line_feed = true;
        } else if !is_printable(c) {
            return Style::Double;
        }
        plain = plain && is_plain_safe(c, previous);
        previous = Some(c);
    }
    if has_line_feed {
        Style::Literal
    } else if plain && !is_ambiguous(text) {
        Style::Plain
    } else {
        Style::Single
    }
}

fn is_white(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// js-yaml's printable set, judged per UTF-16 code unit: characters above U+FFFF are made
/// of surrogates, which are not printable.
fn is_printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7E}')
        || (matches!(c, '\u{A1}'..='\u{D7FF}') && c != '\u{2028}' && c != '\u{2029}')
        || (matches!(c, '\u{E000}'..='\u{FFFD}') && c != '\u{FEFF}')
}

fn is_plain_safe_first(c: char) -> bool {
    /// The indicators js-yaml refuses as the first character of a plain string.
    const INDICATORS: &str = "-?:,[]{}#&*!|=>'\"%@`";
    is_printable(c) && !is_white(c) && !INDICATORS.contains(c)
}

fn is_plain_safe(c: char, previous: Option<char>) -> bool {
    match c {
        ',' | '[' | ']' | '{' | '}' | ':' => false,
        '#' => previous.is_some_and(|p| is_printable(p) && !is_white(p)),
        _ => is_printable(c),
    }
}

fn write_single_quoted(out: &mut String, text: &str) {
    out.push('\'');
    let mut start = 0;
    for (index, _) in text.match_indices('\'') {
        out.push_str(&text[start..=index]);
        out.push('\'');
        start = index + 1;
    }
    out.push_str(&text[start..]);
    out.push('\'');
}

/// Writes a `|` block, its lines at `at`'s column.
fn write_literal(out: &mut String, text: &str, at: Place) {
    out.push('|');
    if text.trim_start_matches('\n').starts_with(' ') {
        // The digit says where the text starts, as leading spaces would otherwise hide it.
        out.push_str(&at.indicator.to_string());
    }
    let body = match text.strip_suffix('\n') {
        None => {
            out.push('-');
            text
        }
        Some(rest) => {
            if rest.ends_with('\n') || rest.is_empty() {
                out.push('+');
            }
            rest
        }
    };
    out.push('\n');
    for (index, line) in body.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        if !line.is_empty() {
            push_spaces(out, at.column.max(at.indicator));
            out.push_str(line);
        }
    }
}

fn write_double_quoted(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('"');
    let mut start = 0;
    for (index, c) in text.char_indices() {
        let escape = match c {
            '\0' => "\\0",
            '\u{7}' => "\\a",
            '\u{8}' => "\\b",
            '\t' => "\\t",
            '\n' => "\\n",
            '\u{B}' => "\\v",
            '\u{C}' => "\\f",
            '\r' => "\\r",
            '\u{1B}' => "\\e",
            '"' => "\\\"",
            '\\' => "\\\\",
            '\u{85}' => "\\N",
            '\u{A0}' => "\\_",
            '\u{2028}' => "\\L",
            '\u{2029}' => "\\P",
            _ if is_printable(c) => continue,
            _ => "",
        };
        out.push_str(&text[start..index]);
        if escape.is_empty() {
            let code = u32::from(c);
            let (marker, digits) = match code {
                0..=0xFF => ('x', 2),
                0x100..=0xFFFF => ('u', 4),
                _ => ('U', 8),
            };
            out.push('\\');
            out.push(marker);
            for shift in (0..digits).rev() {
                out.push(char::from(HEX[((code >> (4 * shift)) & 0xF) as usize]));
            }
        } else {
            out.push_str(escape);
        }
        start = index + c.len_utf8();
    }
    out.push_str(&text[start..]);
    out.push('"');
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::document::MapBuilder;

    /// Dumps `{k: text}` and returns what follows `k:`, without the final newline.
    fn scalar(text: &str) -> String {
        let dump = to_yaml(&MapBuilder::new().entry("k", text).build());
        dump.strip_prefix("k:")
            .unwrap()
            .strip_suffix('\n')
            .unwrap()
            .to_owned()
    }

    fn check(value: Value, expected: &str) {
        assert_eq!(to_yaml(&value), expected);
    }

    #[test]
    fn plain_strings() {
        for text in [
            "hello",
            "Hello world",
            "3.5.2 TrackingID Header",
            "a-b",
            "a?b",
            "C#",
            "a'b",
            "a\"b",
            "x!",
            "é — ’",
            "a=b",
        ] {
            assert_eq!(scalar(text), format!(" {text}"), "{text:?}");
        }
    }

    #[test]
    fn empty_and_yaml11_booleans_are_single_quoted() {
        assert_eq!(scalar(""), " ''");
        for text in ["y", "Y", "yes", "No", "ON", "off"] {
            assert_eq!(scalar(text), format!(" '{text}'"));
        }
        assert_eq!(scalar("yES"), " yES");
    }

    #[test]
    fn indicators_first_are_single_quoted() {
        for text in [
            "-x", "?x", ":x", ",x", "[x", "]x", "{x", "}x", "#x", "&x", "*x", "!x", "|x", "=x",
            ">x", "%x", "@x", "`x",
        ] {
            assert_eq!(scalar(text), format!(" '{text}'"), "{text:?}");
        }
        assert_eq!(scalar("'x"), " '''x'");
        assert_eq!(scalar("\"x"), " '\"x'");
        assert_eq!(scalar("- item"), " '- item'");
        assert_eq!(scalar("? q"), " '? q'");
    }

    #[test]
    fn flow_indicators_and_colons_inside_are_single_quoted() {
        assert_eq!(
            scalar("https://example.com/a#b"),
            " 'https://example.com/a#b'"
        );
        assert_eq!(scalar("a: b"), " 'a: b'");
        assert_eq!(scalar("a:b"), " 'a:b'");
        assert_eq!(scalar("lowercase, camelCase"), " 'lowercase, camelCase'");
        assert_eq!(scalar("a[0]"), " 'a[0]'");
        assert_eq!(scalar("{x}y"), " '{x}y'");
        assert_eq!(scalar("a #b"), " 'a #b'");
        assert_eq!(scalar("it's a:b"), " 'it''s a:b'");
    }

    #[test]
    fn leading_and_trailing_spaces_are_single_quoted() {
        assert_eq!(scalar(" a"), " ' a'");
        assert_eq!(scalar("a "), " 'a '");
        assert_eq!(scalar(" "), " ' '");
        assert_eq!(scalar("Miscellaneous "), " 'Miscellaneous '");
    }

    #[test]
    fn ambiguous_scalars_are_single_quoted() {
        let ambiguous = [
            "~",
            "null",
            "Null",
            "NULL",
            "true",
            "True",
            "FALSE",
            "<<",
            "0",
            "12",
            "+12",
            "-0",
            "1_000",
            "0b101",
            "0x1F",
            "017",
            "1:30",
            "12:30:45",
            "1.5",
            "1.",
            "-1.5e3",
            "1e3",
            "1E+3",
            ".5",
            "0.5",
            "1_0.5",
            "190:20:30.15",
            ".inf",
            "-.Inf",
            ".NaN",
            "2015-01-15",
            "2015-1-5T1:02:03",
            "2001-12-14t21:59:43.10-05:00",
            "2001-12-14 21:59:43.10 Z",
            "2001-12-15T02:59:43.1Z",
            "2001-12-14 21:59:43 +5",
            // Checked with js-yaml 3.15.
            "-.5",
            "._1",
            "1e-3",
            "+1e3",
            "0e5",
        ];
        for text in ambiguous {
            assert_eq!(scalar(text), format!(" '{text}'"), "{text:?}");
        }
    }

    #[test]
    fn near_ambiguous_scalars_stay_plain() {
        let plain = [
            "nULL",
            "TRue",
            "1_",
            "_1",
            "0b",
            "0b2",
            "0x",
            "0xG",
            "08",
            "1.2.3",
            "01.5",
            "1e",
            "e3",
            ".inf5",
            ".NAN.",
            "nan",
            "inf",
            "+.nan",
            "1.5_",
            "2015-01-1x",
            "15-01-15",
            "2015-1-15",
            "2015-01-15T",
            "v1.2",
            "1.5 GB",
            "2015-01-15 is a date",
            // Checked with js-yaml 3.15: text to its loader, so plain in its dumps.
            "+.5",
            "0x1F_",
            "2015-1-5",
        ];
        for text in plain {
            assert_eq!(scalar(text), format!(" {text}"), "{text:?}");
        }
        // Colons alone make these single quoted, ambiguous or not.
        for text in ["1:60", "1:", "2015-01-15T10:00", "2015-01-15T10:00:00 X"] {
            assert_eq!(scalar(text), format!(" '{text}'"), "{text:?}");
        }
    }

    #[test]
    fn non_printable_characters_are_double_quoted_and_escaped() {
        assert_eq!(scalar("a\tb"), r#" "a\tb""#);
        assert_eq!(scalar("a\rb"), r#" "a\rb""#);
        assert_eq!(
            scalar("tab\t\"quote\" back\\slash"),
            r#" "tab\t\"quote\" back\\slash""#
        );
        assert_eq!(scalar("\0\u{7}\u{8}\u{b}\u{c}\u{1b}"), r#" "\0\a\b\v\f\e""#);
        assert_eq!(
            scalar("\u{1}\u{7f}\u{85}\u{a0}\u{9f}"),
            r#" "\x01\x7F\N\_\x9F""#
        );
        assert_eq!(
            scalar("\u{2028}\u{2029}\u{feff}\u{fffe}"),
            r#" "\L\P\uFEFF\uFFFE""#
        );
        assert_eq!(scalar("cat 😺"), r#" "cat \U0001F63A""#);
        // Printable characters stay as they are inside double quotes.
        assert_eq!(scalar("é\t’"), " \"é\\t’\"");
    }

    #[test]
    fn multi_line_strings_are_literal_blocks() {
        assert_eq!(scalar("a\nb"), " |-\n  a\n  b");
        assert_eq!(scalar("a\nb\n"), " |\n  a\n  b");
        assert_eq!(scalar("a\nb\n\n"), " |+\n  a\n  b\n");
        assert_eq!(scalar("a\n\nb"), " |-\n  a\n\n  b");
        assert_eq!(scalar("\n"), " |+\n");
        assert_eq!(scalar("\na"), " |-\n\n  a");
        assert_eq!(scalar("a\n  \nb"), " |-\n  a\n    \n  b");
        assert_eq!(scalar("it's: #1\nok"), " |-\n  it's: #1\n  ok");
        assert_eq!(scalar(" indented\nnext"), " |2-\n   indented\n  next");
        assert_eq!(scalar("\n\n indented\n"), " |2\n\n\n   indented");
        assert_eq!(scalar("trailing \nspace"), " |-\n  trailing \n  space");
        // A non-printable character anywhere wins over the block style.
        assert_eq!(scalar("a\nb\tc"), r#" "a\nb\tc""#);
    }

    #[test]
    fn keys_are_single_line() {
        check(
            MapBuilder::new().entry("a\nb", "x").build(),
            "\"a\\nb\": x\n",
        );
        check(MapBuilder::new().entry("a: b", "x").build(), "'a: b': x\n");
        check(
            MapBuilder::new().entry("true", "x").entry("", "z").build(),
            "'true': x\n'': z\n",
        );
    }

    #[test]
    fn long_keys_become_explicit_pairs() {
        let key = "k".repeat(1025);
        check(
            MapBuilder::new().entry(key.as_str(), "v").build(),
            &format!("? {key}\n: v\n"),
        );
        let nested = MapBuilder::new()
            .entry(
                key.as_str(),
                MapBuilder::new().entry("a", "1").entry("b", "2"),
            )
            .build();
        check(nested, &format!("? {key}\n: a: '1'\n  b: '2'\n"));
        let fits = "k".repeat(1024);
        check(
            MapBuilder::new().entry(fits.as_str(), "v").build(),
            &format!("{fits}: v\n"),
        );
    }

    #[test]
    fn other_scalars() {
        let value = MapBuilder::new()
            .entry("date", Value::Timestamp("2015-01-15T00:00:00.000Z".into()))
            .entry("none", Value::Null)
            .entry("yes", true)
            .entry("no", false)
            .build();
        check(
            value,
            "date: 2015-01-15T00:00:00.000Z\nnone: null\n'yes': true\n'no': false\n",
        );
    }

    #[test]
    fn sequences_in_mappings_are_indented() {
        let value = MapBuilder::new()
            .entry("tags", vec![Value::from("a"), Value::from("b: c")])
            .entry("after", "x")
            .build();
        check(value, "tags:\n  - a\n  - 'b: c'\nafter: x\n");
    }

    #[test]
    fn mappings_in_sequences_start_on_the_dash_line() {
        let item = |name: &'static str| {
            MapBuilder::new()
                .entry("name", name)
                .entry("url", "https://x.org")
                .build()
        };
        let value = MapBuilder::new()
            .entry("references", vec![item("one"), item("two")])
            .build();
        check(
            value,
            "references:\n  - name: one\n    url: 'https://x.org'\n  - name: two\n    url: 'https://x.org'\n",
        );
    }

    #[test]
    fn nested_mappings_and_blocks_use_the_nesting_level() {
        let value = MapBuilder::new()
            .entry(
                "guidelines",
                vec![
                    MapBuilder::new()
                        .entry(
                            "links",
                            MapBuilder::new().entry("self", MapBuilder::new().entry("href", "/a")),
                        )
                        .entry("quote", "line one\nline two\n")
                        .build(),
                ],
            )
            .build();
        check(
            value,
            "guidelines:\n  - links:\n      self:\n        href: /a\n    quote: |\n      line one\n      line two\n",
        );
    }

    #[test]
    fn empty_collections_are_flow() {
        let value = MapBuilder::new()
            .entry("list", Value::Seq(vec![]))
            .entry("map", Value::Map(vec![]))
            .entry("items", vec![Value::Seq(vec![]), Value::Map(vec![])])
            .build();
        check(value, "list: []\nmap: {}\nitems:\n  - []\n  - {}\n");
        check(Value::Seq(vec![]), "[]\n");
        check(Value::Map(vec![]), "{}\n");
    }

    #[test]
    fn sequences_of_sequences_are_compact() {
        let inner = || Value::Seq(vec![Value::from("a"), Value::from("b")]);
        check(
            Value::Seq(vec![inner(), inner()]),
            "- - a\n  - b\n- - a\n  - b\n",
        );
    }

    #[test]
    fn root_scalars() {
        check(Value::from("text"), "text\n");
        check(Value::from("a\nb"), "|-\n  a\n  b\n");
        check(Value::Null, "null\n");
    }

    #[test]
    fn front_matter_has_no_final_newline() {
        assert_eq!(
            to_front_matter(&MapBuilder::new().entry("layout", "topic").build()),
            "---\nlayout: topic\n---"
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod round_trip {
    use super::*;
    use crate::document::MapBuilder;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    /// Strings built from the pieces that decide quoting, plus arbitrary text.
    fn tricky_string() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("'".to_owned()),
            Just("\"".to_owned()),
            Just(":".to_owned()),
            Just(": ".to_owned()),
            Just("#".to_owned()),
            Just(" #".to_owned()),
            Just(" ".to_owned()),
            Just("\n".to_owned()),
            Just("\t".to_owned()),
            Just("\r".to_owned()),
            Just("\\".to_owned()),
            Just("-".to_owned()),
            Just("- ".to_owned()),
            Just("? ".to_owned()),
            Just("~".to_owned()),
            Just("yes".to_owned()),
            Just("no".to_owned()),
            Just("true".to_owned()),
            Just("null".to_owned()),
            Just("12".to_owned()),
            Just("1.5".to_owned()),
            Just("0x1F".to_owned()),
            Just("2015-01-15".to_owned()),
            Just("é’😺".to_owned()),
            Just("\u{85}\u{a0}\u{2028}\u{feff}".to_owned()),
            Just("[]{},&*!|>%@`".to_owned()),
            "[a-z]{1,6}",
            any::<char>().prop_map(String::from),
        ];
        prop_oneof![
            prop::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat()),
            any::<String>(),
        ]
    }

    /// Nested documents of tricky strings, a few levels deep.
    fn document() -> impl Strategy<Value = Value<'static>> {
        let leaf = tricky_string().prop_map(Value::from);
        leaf.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Seq),
                prop::collection::btree_map(tricky_string(), inner, 0..4).prop_map(|map| {
                    Value::Map(map.into_iter().map(|(k, v)| (k.into(), v)).collect())
                }),
            ]
        })
    }

    /// Whether a parsed tree holds exactly the strings and the shape of `value`.
    fn same(node: &stylebook_core::yaml::Node, value: &Value) -> bool {
        use stylebook_core::yaml::NodeKind;
        match (&node.kind, value) {
            (NodeKind::Scalar(s), Value::Str(text)) => {
                s.text == *text && (!s.plain || s.resolve() == stylebook_core::yaml::Resolved::Str)
            }
            (NodeKind::Seq(nodes), Value::Seq(items)) => {
                nodes.len() == items.len() && nodes.iter().zip(items).all(|(n, v)| same(n, v))
            }
            (NodeKind::Map(nodes), Value::Map(entries)) => {
                nodes.len() == entries.len()
                    && nodes.iter().zip(entries).all(|((k, n), (key, v))| {
                        k.as_scalar().is_some_and(|s| s.text == *key) && same(n, v)
                    })
            }
            _ => false,
        }
    }

    proptest! {
        #[test]
        fn dumped_strings_read_back(text in tricky_string()) {
            let dump = to_yaml(&MapBuilder::new().entry("k", text.as_str()).build());
            let parsed: BTreeMap<String, String> = serde_saphyr::from_str(&dump)
                .map_err(|error| TestCaseError::fail(format!("{error} in {dump:?}")))?;
            prop_assert_eq!(parsed.get("k"), Some(&text), "dump: {:?}", dump);
        }

        #[test]
        fn documents_read_back_at_any_step(value in document(), step in 2..=8usize) {
            let mut dump = String::new();
            write_yaml_indented(&mut dump, &value, step);
            let parsed = stylebook_core::yaml::parse(&dump, 0)
                .map_err(|error| TestCaseError::fail(format!("{} in {dump:?}", error.message)))?;
            let node = parsed.ok_or_else(|| TestCaseError::fail("empty dump"))?;
            prop_assert!(same(&node, &value), "step {}: {:?} dumped as {:?}", step, value, dump);
        }

        #[test]
        fn ascii_fast_path_agrees(
            text in prop_oneof![
                tricky_string().prop_filter("ASCII", |t| t.is_ascii() && !t.is_empty()),
                "[\\x00-\\x7f]{1,12}",
            ],
            single_line in any::<bool>(),
        ) {
            prop_assert_eq!(
                choose_style_ascii(&text, single_line),
                choose_style_chars(&text, single_line)
            );
        }

        #[test]
        fn dumped_keys_read_back(text in tricky_string()) {
            let dump = to_yaml(&MapBuilder::new().entry(text.as_str(), "v").build());
            let parsed: BTreeMap<String, String> = serde_saphyr::from_str(&dump)
                .map_err(|error| TestCaseError::fail(format!("{error} in {dump:?}")))?;
            prop_assert_eq!(parsed.get(&text).map(String::as_str), Some("v"), "dump: {:?}", dump);
        }
    }
}
