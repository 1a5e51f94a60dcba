//! Rendering diagnostics: rustc-style text with the offending line, or JSON for tools.
//!
//! Text output starts every diagnostic with `path:line:col: severity[code]: message`, the form
//! editors and CI annotators recognise, then shows the source line underlined. Colour is used
//! only when the stream is a terminal and `NO_COLOR` is not set.
//!
//! The snippets are drawn here rather than with `annotate-snippets`: that crate starts a
//! diagnostic with rustc's `error[code]: message` and puts the place on a second ` --> ` line,
//! which is not the one-line form the command line promises, and the lines shown here have
//! their control and bidirectional characters made visible, which it does not do.

use std::fmt::Write as _;
use std::io::{self, IsTerminal, Write};

use serde_json::json;
use stylebook_core::Label;
use stylebook_core::{Diagnostic, Severity, Sources};

/// ANSI styles, or nothing.
#[derive(Clone, Copy)]
pub(crate) struct Style {
    on: bool,
}

impl Style {
    /// Colour when `stream_is_terminal` and `NO_COLOR` is unset or empty.
    pub(crate) fn detect(stream_is_terminal: bool) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            on: stream_is_terminal && !no_color,
        }
    }

    /// Colour for standard error.
    pub(crate) fn stderr() -> Self {
        Style::detect(io::stderr().is_terminal())
    }

    /// `text` in the given SGR style, when colour is on.
    pub(crate) fn paint(self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// Sorts diagnostics by file and position, keeping the found order for ties.
pub(crate) fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| (d.primary.file, d.primary.span.start));
}

/// Writes every diagnostic as text, then a one-line summary about `subject` (`the catalog`).
pub(crate) fn human(
    out: &mut impl Write,
    sources: &Sources,
    diags: &[Diagnostic],
    style: Style,
    subject: &str,
) -> io::Result<()> {
    let mut text = String::new();
    for d in diags {
        diagnostic(&mut text, sources, d, style);
    }
    let (errors, warnings) = counts(diags);
    if errors + warnings > 0 {
        let level = if errors > 0 {
            ("1;31", "error")
        } else {
            ("1;33", "warning")
        };
        let _ = writeln!(
            text,
            "{}: {} ({}, {})",
            style.paint(level.0, level.1),
            if errors > 0 {
                format!("{subject} has errors")
            } else {
                format!("{subject} has warnings")
            },
            plural(errors, "error"),
            plural(warnings, "warning")
        );
    }
    out.write_all(text.as_bytes())
}

/// Writes every diagnostic as one JSON document.
pub(crate) fn json(
    out: &mut impl Write,
    sources: &Sources,
    diags: &[Diagnostic],
) -> io::Result<()> {
    let items: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            let mut item = label_json(sources, &d.primary);
            item["severity"] = json!(d.severity.to_string());
            item["code"] = json!(d.code.as_str());
            item["message"] = json!(d.message);
            item["help"] = json!(d.help);
            item["related"] = d.secondary.iter().map(|l| label_json(sources, l)).collect();
            item
        })
        .collect();
    let (errors, warnings) = counts(diags);
    let doc = json!({ "errors": errors, "warnings": warnings, "diagnostics": items });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    out.write_all(text.as_bytes())
}

/// Error and warning counts (notes are neither).
pub(crate) fn counts(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.iter().filter(|d| d.is_warning()).count();
    (errors, warnings)
}

/// `1 error`, `2 errors`.
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn label_json(sources: &Sources, label: &Label) -> serde_json::Value {
    let file = sources.get(label.file);
    let (line, column) = file.line_col(label.span.start);
    let (end_line, end_column) = file.line_col(label.span.end);
    let mut value = json!({
        "file": file.name,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
    });
    if !label.message.is_empty() {
        value["message"] = json!(label.message);
    }
    value
}

fn diagnostic(out: &mut String, sources: &Sources, d: &Diagnostic, style: Style) {
    let file = sources.get(d.primary.file);
    let (line, col) = file.line_col(d.primary.span.start);
    let (color, name) = match d.severity {
        Severity::Error => ("1;31", "error"),
        Severity::Warning => ("1;33", "warning"),
        Severity::Note => ("1;36", "note"),
    };
    let _ = writeln!(
        out,
        "{}: {}: {}",
        style.paint("1", &format!("{}:{line}:{col}", file.name)),
        style.paint(color, &format!("{name}[{}]", d.code)),
        style.paint("1", &d.message)
    );
    if d.severity == Severity::Note {
        // A note is about the checks or the file, not about a line: no snippet.
        if let Some(help) = &d.help {
            let _ = writeln!(
                out,
                "  {} {} {help}",
                style.paint("1;34", "="),
                style.paint("1;36", "help:")
            );
        }
        out.push('\n');
        return;
    }
    let mut labels = vec![(&d.primary, '^', color)];
    labels.extend(d.secondary.iter().map(|l| (l, '-', "1;34")));
    let width = snippet(out, sources, &labels, style);
    if let Some(help) = &d.help {
        note(out, width, "help", help, style);
    }
    out.push('\n');
}

/// Writes the lines of `labels` (label, underline character, its colour), the first one
/// primary, each further one after a `:::` line naming its place; returns the gutter width.
pub(crate) fn snippet(
    out: &mut String,
    sources: &Sources,
    labels: &[(&Label, char, &str)],
    style: Style,
) -> usize {
    let width = labels
        .iter()
        .map(|(l, _, _)| {
            sources
                .get(l.file)
                .line_col(l.span.start)
                .0
                .to_string()
                .len()
        })
        .max()
        .unwrap_or(1);
    let gutter = style.paint("1;34", &format!("{:width$} |", ""));
    for (i, (label, mark, mark_color)) in labels.iter().enumerate() {
        let f = sources.get(label.file);
        let (line, col) = f.line_col(label.span.start);
        if i > 0 {
            let _ = writeln!(
                out,
                "{}{} {}:{line}:{col}",
                " ".repeat(width),
                style.paint("1;34", ":::"),
                f.name
            );
        }
        let full_line = visible(f.line_text(line));
        let len = underline_len(f, label, line, col, &full_line);
        let (source_line, col, len) = window(&full_line, col, len);
        let _ = writeln!(out, "{gutter}");
        let _ = writeln!(
            out,
            "{} {source_line}",
            style.paint("1;34", &format!("{line:>width$} |"))
        );
        let marks = mark.to_string().repeat(len);
        let text = if label.message.is_empty() {
            marks
        } else {
            format!("{marks} {}", label.message)
        };
        let _ = writeln!(
            out,
            "{gutter} {}{}",
            " ".repeat(col - 1),
            style.paint(mark_color, &text)
        );
    }
    width
}

/// Writes `= kind: text` under a snippet whose gutter is `width` wide (`kind` is `help` or
/// `note`).
pub(crate) fn note(out: &mut String, width: usize, kind: &str, text: &str, style: Style) {
    let _ = writeln!(
        out,
        "{} {} {text}",
        style.paint("1;34", &format!("{:width$} =", "")),
        style.paint("1;36", &format!("{kind}:"))
    );
}

/// A source line as it is safe to print: a tab becomes a space, other control characters their
/// visible symbol (U+2400 and on: `␛` for escape), one character for one, so columns stay right.
fn visible(line: &str) -> String {
    line.chars()
        .map(|c| match c {
            '\t' => ' ',
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('?'),
            '\u{7f}' => '\u{2421}',
            '\u{80}'..='\u{9f}' => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// Long lines are cut to a window around the column, marked with `...`.
fn window(line: &str, col: usize, len: usize) -> (String, usize, usize) {
    const WIDTH: usize = 100;
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= WIDTH {
        return (line.to_owned(), col, len);
    }
    let start = (col - 1)
        .saturating_sub(WIDTH / 2)
        .min(chars.len().saturating_sub(WIDTH));
    let end = (start + WIDTH).min(chars.len());
    let mut shown = String::new();
    let mut col = col - start;
    if start > 0 {
        shown.push_str("...");
        col += 3;
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push_str("...");
    }
    let len = len
        .min(shown.chars().count().saturating_sub(col - 1))
        .max(1);
    (shown, col, len)
}

/// How many characters to underline: the span on its first line, at least one.
fn underline_len(
    f: &stylebook_core::SourceFile,
    label: &Label,
    line: usize,
    col: usize,
    source_line: &str,
) -> usize {
    let (end_line, end_col) = f.line_col(label.span.end);
    let line_len = source_line.chars().count();
    let end = if end_line == line {
        end_col - 1
    } else {
        line_len
    };
    end.saturating_sub(col - 1).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use stylebook_core::Code;

    #[test]
    fn renders_rustc_style() {
        let mut sources = Sources::new();
        let file = sources.add("g.yaml", "id: x\ntopics:\n  a:\n    - nmae: y\n");
        let diag = Diagnostic::error(
            Code::UnknownField,
            file,
            25..29,
            "unknown field `nmae` in reference",
        )
        .with_help("did you mean `name`?");
        let mut out = Vec::new();
        human(
            &mut out,
            &sources,
            &[diag],
            Style { on: false },
            "the catalog",
        )
        .unwrap_or_default();
        let text = String::from_utf8(out).unwrap_or_default();
        assert_eq!(
            text,
            "g.yaml:4:7: error[unknown-field]: unknown field `nmae` in reference\n  |\n4 |     - nmae: y\n  |       ^^^^\n  = help: did you mean `name`?\n\nerror: the catalog has errors (1 error, 0 warnings)\n"
        );
    }
}
