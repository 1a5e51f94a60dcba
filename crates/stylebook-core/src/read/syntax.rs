//! Syntax errors placed where the mistake is written.
//!
//! The YAML parser reports where it could go no further, which may be far from the mistake:
//! a quote left open runs on to the next quote of the file (lines later), and a tab used for
//! indentation is noticed at the end of the line before. Before a syntax error is reported,
//! the lines up to it are looked at for those two mistakes, and the error is moved to the line
//! a person has to fix, as yaml-language-server (the YAML support of editors) shows it.

use std::ops::Range;

/// A syntax error moved to where its cause is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Placed {
    /// The span to point at (relative to the text looked at).
    pub(crate) span: Range<usize>,
    /// What is wrong, lowercase.
    pub(crate) message: String,
    /// How to fix it.
    pub(crate) help: String,
}

/// The mistake behind a syntax error the parser reported at byte `offset` of `text`, when it is
/// a quote left open on an earlier line or a tab in the indentation of the line (or the next).
pub(crate) fn place(text: &str, offset: usize) -> Option<Placed> {
    let offset = offset.min(text.len());
    let error_line = text[..offset].matches('\n').count();
    let lines = lines(text);
    open_quote(&lines, error_line).or_else(|| tab_indent(&lines, error_line))
}

/// A line of the text: where it starts and its text without the line break.
struct Line<'t> {
    start: usize,
    text: &'t str,
}

impl Line<'_> {
    /// The number of leading spaces.
    fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start_matches(' ').len()
    }

    /// True for a line with nothing but blanks or a comment.
    fn is_blank(&self) -> bool {
        let rest = self.text.trim_start_matches([' ', '\t']);
        rest.is_empty() || rest.starts_with('#')
    }
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        out.push(Line {
            start,
            text: piece.trim_end_matches(['\n', '\r']),
        });
        start += piece.len();
    }
    out
}

/// The first quoted value, up to the error's line, that is not closed on its line although the
/// next line is not indented past it: YAML would read on to the next quote.
fn open_quote(lines: &[Line<'_>], error_line: usize) -> Option<Placed> {
    // Lines inside a block scalar (`|`, `>`) are text, not structure: skipped.
    let mut block_above: Option<usize> = None;
    for (i, line) in lines.iter().enumerate().take(error_line + 1) {
        if line.is_blank() {
            continue;
        }
        let indent = line.indent();
        if let Some(parent) = block_above {
            if indent > parent {
                continue;
            }
            block_above = None;
        }
        let value = value_start(line.text);
        if value.is_some_and(|v| starts_block_scalar(&line.text[v..])) {
            block_above = Some(indent);
            continue;
        }
        let Some(at) = value else { continue };
        let quote = match line.text.as_bytes().get(at) {
            Some(b'\'') => '\'',
            Some(b'"') => '"',
            _ => continue,
        };
        if closes(&line.text[at + 1..], quote) {
            continue;
        }
        let next_indent = lines[i + 1..]
            .iter()
            .find(|l| !l.is_blank())
            .map(Line::indent);
        if next_indent.is_some_and(|n| n > indent) {
            // A quoted value that goes on over more lines, as YAML allows.
            continue;
        }
        let help = if quote == '\'' {
            "end the text with `'` on this line (a `'` inside it is written `''`)"
        } else {
            "end the text with `\"` on this line (a `\"` inside it is written `\\\"`)"
        };
        return Some(Placed {
            span: line.start + at..line.start + line.text.len(),
            message: format!("missing closing `{quote}`"),
            help: help.to_owned(),
        });
    }
    None
}

/// Where the value of a block line starts: after any `- ` markers and a `key: `, at the first
/// character that is not a blank; `None` when the line holds no value there.
fn value_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut i = line.len() - line.trim_start_matches(' ').len();
    // Sequence markers, possibly several on one line (`- - x`).
    while bytes.get(i) == Some(&b'-') && matches!(bytes.get(i + 1), Some(b' ') | None) {
        i += 1;
        while bytes.get(i) == Some(&b' ') {
            i += 1;
        }
    }
    // A plain key: text up to `: ` (a quoted key is rare enough to leave alone).
    if let Some(&first) = bytes.get(i)
        && first != b'\''
        && first != b'"'
        && let Some(colon) = key_end(&line[i..])
    {
        i += colon + 1;
        while bytes.get(i) == Some(&b' ') {
            i += 1;
        }
    }
    (i < line.len()).then_some(i)
}

/// The position of the `:` that ends a plain key at the start of `text` (followed by a blank or
/// the end of the line).
fn key_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b':' if matches!(bytes.get(i + 1), None | Some(b' ' | b'\t')) => return Some(i),
            b'#' if i > 0 && bytes[i - 1] == b' ' => return None,
            _ => {}
        }
    }
    None
}

/// True for the header of a block scalar: `|` or `>`, with indicators, then nothing but a
/// comment.
fn starts_block_scalar(value: &str) -> bool {
    let Some(rest) = value.strip_prefix(['|', '>']) else {
        return false;
    };
    let rest = rest.trim_start_matches(['-', '+', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    let rest = rest.trim_start_matches([' ', '\t']);
    rest.is_empty() || rest.starts_with('#')
}

/// True when a quoted text opened by `quote` ends within `rest` (the line after the quote).
fn closes(rest: &str, quote: char) -> bool {
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek() == Some(&'\'') {
                chars.next();
            } else {
                return true;
            }
        }
    }
    false
}

/// A tab in the indentation of the error's line or the next one: YAML indents with spaces only.
fn tab_indent(lines: &[Line<'_>], error_line: usize) -> Option<Placed> {
    lines.iter().skip(error_line).take(2).find_map(|line| {
        let body = line.text.trim_start_matches([' ', '\t']);
        let lead = &line.text[..line.text.len() - body.len()];
        let tab = lead.find('\t')?;
        (!body.is_empty()).then(|| Placed {
            span: line.start + tab..line.start + lead.len(),
            message: "tabs are not allowed as indentation".to_owned(),
            help: "indent with spaces".to_owned(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The placed error's line (1-based), span text and message, for an error at `offset`.
    fn placed(text: &str, offset: usize) -> Option<(usize, &str, String)> {
        place(text, offset).map(|p| {
            let line = text[..p.span.start].matches('\n').count() + 1;
            (line, &text[p.span.clone()], p.message)
        })
    }

    #[test]
    fn an_open_single_quote_is_placed_on_its_line() {
        let text = "a:\n  b: x\n  c: y\nd:\n  e: 'open\n  f: z\ng:\n  h: w\n  i: 'q'\n";
        let at = text.find("q'").unwrap_or_default();
        assert_eq!(
            placed(text, at),
            Some((5, "'open", "missing closing `'`".to_owned()))
        );
    }

    #[test]
    fn an_open_double_quote_in_a_list_is_placed_on_its_line() {
        let text = "items:\n  - \"one\n  - two\n  - \"three\"\n";
        assert_eq!(
            placed(text, text.len() - 3),
            Some((2, "\"one", "missing closing `\"`".to_owned()))
        );
    }

    #[test]
    fn quoted_values_over_several_lines_and_block_text_are_left_alone() {
        let text = "a: 'one\n  two'\nb: |\n  it's: 'x\nc: [\n";
        assert_eq!(placed(text, text.len()), None);
        let escaped = "a: 'it''s'\nb: \"say \\\"hi\\\"\"\nc: [\n";
        assert_eq!(placed(escaped, escaped.len()), None);
    }

    #[test]
    fn a_tab_is_placed_on_the_line_it_indents() {
        let text = "a:\n  category: x\n\tname: y\n";
        let at = text.find("x").unwrap_or_default();
        assert_eq!(
            placed(text, at),
            Some((3, "\t", "tabs are not allowed as indentation".to_owned()))
        );
    }

    #[test]
    fn other_errors_stay_where_they_are() {
        let text = "a: [1, 2\nb: c\n";
        assert_eq!(placed(text, 9), None);
    }
}
