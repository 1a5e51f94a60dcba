//! Diagnostics about user data: what is wrong, where (file and byte span), and how bad.
//!
//! Readers never stop at the first fault: they return what they could read plus every
//! diagnostic they found. Rendering (colour, snippets) is the CLI's business; this module only
//! knows how to turn a byte offset into a line and column.

use std::fmt;
use std::ops::Range;

/// One input file: its name as the user gave it and its full text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as given on the command line (or a label such as `<stdin>`).
    pub name: String,
    /// The whole text of the file (lossily decoded when it was not UTF-8).
    pub text: String,
    /// Byte offset of the first invalid UTF-8 sequence, if the file had one.
    pub invalid_utf8_at: Option<usize>,
    line_starts: Vec<usize>,
}

/// The files of one run; diagnostics refer to them by [`FileId`].
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

/// The index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub(crate) usize);

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The data is wrong: nothing may be exported from it.
    Error,
    /// The data is suspicious but usable; `--deny-warnings` turns these into failures.
    Warning,
    /// Not a fault: what a check could not do, and why (a file with errors hid what it
    /// defines).
    Note,
}

/// A place in a file with a message about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The file.
    pub file: FileId,
    /// Byte range in the file.
    pub span: Range<usize>,
    /// What this place has to do with the diagnostic (may be empty for the primary label).
    pub message: String,
}

/// One finding about the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The stable code of this kind of finding.
    pub code: Code,
    /// The message, lowercase, no trailing period.
    pub message: String,
    /// Where the fault is.
    pub primary: Label,
    /// Other places involved (the first definition of a duplicate, ...).
    pub secondary: Vec<Label>,
    /// A suggestion, if there is one.
    pub help: Option<String>,
}

/// The kinds of finding. Their names (see [`Code::as_str`]) are stable: scripts match on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Code {
    /// The file is not valid UTF-8.
    InvalidUtf8,
    /// The file is empty or holds only white space and comments.
    EmptyFile,
    /// A page without a front matter block.
    NoFrontMatter,
    /// A front matter block that is never closed.
    UnterminatedFrontMatter,
    /// The YAML (or JSON) text is not well-formed.
    Syntax,
    /// The same key twice in one mapping.
    DuplicateKey,
    /// Too deep, too many nodes, an alias bomb, several documents.
    TooComplex,
    /// A key that the format does not have.
    UnknownField,
    /// A required key is absent.
    MissingField,
    /// A value of the wrong type.
    WrongType,
    /// A value outside the allowed set.
    InvalidValue,
    /// An id that is not `[a-z0-9][a-z0-9-]*`.
    InvalidId,
    /// A URL that is not an absolute http(s) URL (or a root-relative path where allowed).
    InvalidUrl,
    /// A date that does not exist or is badly written.
    InvalidDate,
    /// A page whose `layout` is not `topic` or `guideline`.
    UnknownLayout,
    /// The same topic defined twice.
    DuplicateTopic,
    /// The same guideline defined twice.
    DuplicateGuideline,
    /// One topic described differently in two places.
    ConflictingTopic,
    /// One guideline described differently in two places.
    ConflictingGuideline,
    /// Two pages disagree about the references of a guideline for a topic.
    ConflictingReferences,
    /// A guideline names a topic that is not defined.
    UndefinedTopic,
    /// A topic that no guideline uses.
    UnusedTopic,
    /// The file name does not match the id inside.
    FileNameMismatch,
    /// Leading or trailing white space in a value.
    Whitespace,
    /// The same URL twice under one topic of one guideline.
    DuplicateUrl,
    /// `reviewDate` earlier than `date`.
    ReviewBeforeDate,
    /// A guideline lists a topic with an empty list of references.
    EmptyReferences,
    /// A key written with no value where a value is expected.
    EmptyValue,
    /// A value that fails the JSON Schema of its file.
    Schema,
    /// A note: checks not run because a file could not be read.
    NotChecked,
    /// A topic of an OpenAPI rule that is likely misspelt: not in the catalog, which has one
    /// near it, or a template no topic of the catalog fits.
    UnknownRuleTopic,
    /// A file read as one kind (by its name) whose content is clearly another kind.
    FileKind,
    /// A `$ref` of an OpenAPI description that cannot be followed: it points to nothing, to
    /// itself, round in a cycle, to a file that cannot be read, or to a URL.
    UnresolvedRef,
}

impl Code {
    /// The stable kebab-case name shown as `error[name]`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidUtf8 => "invalid-utf8",
            Code::EmptyFile => "empty-file",
            Code::NoFrontMatter => "no-front-matter",
            Code::UnterminatedFrontMatter => "unterminated-front-matter",
            Code::Syntax => "syntax",
            Code::DuplicateKey => "duplicate-key",
            Code::TooComplex => "too-complex",
            Code::UnknownField => "unknown-field",
            Code::MissingField => "missing-field",
            Code::WrongType => "wrong-type",
            Code::InvalidValue => "invalid-value",
            Code::InvalidId => "invalid-id",
            Code::InvalidUrl => "invalid-url",
            Code::InvalidDate => "invalid-date",
            Code::UnknownLayout => "unknown-layout",
            Code::DuplicateTopic => "duplicate-topic",
            Code::DuplicateGuideline => "duplicate-guideline",
            Code::ConflictingTopic => "conflicting-topic",
            Code::ConflictingGuideline => "conflicting-guideline",
            Code::ConflictingReferences => "conflicting-references",
            Code::UndefinedTopic => "undefined-topic",
            Code::UnusedTopic => "unused-topic",
            Code::FileNameMismatch => "file-name-mismatch",
            Code::Whitespace => "whitespace",
            Code::DuplicateUrl => "duplicate-url",
            Code::ReviewBeforeDate => "review-before-date",
            Code::EmptyReferences => "empty-references",
            Code::EmptyValue => "empty-value",
            Code::Schema => "schema",
            Code::NotChecked => "not-checked",
            Code::UnknownRuleTopic => "unknown-rule-topic",
            Code::FileKind => "file-kind",
            Code::UnresolvedRef => "unresolved-ref",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

impl Diagnostic {
    /// An error at one place.
    pub fn error(code: Code, file: FileId, span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            primary: Label {
                file,
                span,
                message: String::new(),
            },
            secondary: Vec::new(),
            help: None,
        }
    }

    /// A warning at one place.
    pub fn warning(
        code: Code,
        file: FileId,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, span, message)
        }
    }

    /// A note at one place.
    pub fn note(code: Code, file: FileId, span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(code, file, span, message)
        }
    }

    /// Adds a suggestion.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds another place involved.
    pub fn with_label(
        mut self,
        file: FileId,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        self.secondary.push(Label {
            file,
            span,
            message: message.into(),
        });
        self
    }

    /// Makes the texts safe to print whatever the data: control characters escaped, and each
    /// text cut to a few hundred characters. Messages show values through `shown` already;
    /// this holds for any that does not.
    pub fn tidy(&mut self) {
        fn tidy(text: &mut String) {
            let clean = text.chars().count() <= MESSAGE_CHARS
                && !text.chars().any(|c| c.is_control() || is_invisible(c));
            if !clean {
                let mut out = String::new();
                for (i, c) in text.chars().enumerate() {
                    if i == MESSAGE_CHARS {
                        out.push_str("...");
                        break;
                    }
                    push_escaped(&mut out, c);
                }
                *text = out;
            }
        }
        tidy(&mut self.message);
        tidy(&mut self.primary.message);
        for label in &mut self.secondary {
            tidy(&mut label.message);
        }
        if let Some(help) = &mut self.help {
            tidy(help);
        }
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// True for warnings.
    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }
}

impl SourceFile {
    /// A file from its name and text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        SourceFile {
            name: name.into(),
            text,
            invalid_utf8_at: None,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or_default()
            .trim_end_matches(['\n', '\r'])
    }
}

/// A file of raw bytes: invalid UTF-8 decoded lossily, and where it starts remembered.
fn decoded(name: String, bytes: Vec<u8>) -> SourceFile {
    match String::from_utf8(bytes) {
        Ok(text) => SourceFile::new(name, text),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let mut file =
                SourceFile::new(name, String::from_utf8_lossy(e.as_bytes()).into_owned());
            file.invalid_utf8_at = Some(at);
            file
        }
    }
}

impl Sources {
    /// An empty set of files.
    pub fn new() -> Self {
        Sources::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.files.push(SourceFile::new(name, text));
        FileId(self.files.len() - 1)
    }

    /// Adds a file from raw bytes. Invalid UTF-8 is decoded lossily and remembered: readers
    /// report it at the first bad byte and read nothing else from the file.
    pub fn add_bytes(&mut self, name: impl Into<String>, bytes: Vec<u8>) -> FileId {
        self.files.push(decoded(name.into(), bytes));
        FileId(self.files.len() - 1)
    }

    /// [`Sources::replace`] with raw bytes, decoded as [`Sources::add_bytes`] decodes them.
    ///
    /// # Panics
    ///
    /// Panics if the id does not come from this set.
    pub fn replace_bytes(&mut self, id: FileId, bytes: Vec<u8>) {
        let name = std::mem::take(&mut self.files[id.0].name);
        self.files[id.0] = decoded(name, bytes);
    }

    /// Gives a file a new text, keeping its id and name (an editor's unsaved text, a file
    /// changed on disk).
    ///
    /// # Panics
    ///
    /// Panics if the id does not come from this set.
    pub fn replace(&mut self, id: FileId, text: impl Into<String>) {
        let name = std::mem::take(&mut self.files[id.0].name);
        self.files[id.0] = SourceFile::new(name, text);
    }

    /// Gives a file another name (the name messages show), keeping its id and text.
    pub fn rename(&mut self, id: FileId, name: impl Into<String>) {
        self.files[id.0].name = name.into();
    }

    /// The file with this id.
    ///
    /// # Panics
    ///
    /// Panics if the id does not come from this set.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0]
    }

    /// Every file with its id, in the order added.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i), f))
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when there is no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// How many characters of a value from the data a message shows.
const SHOWN_CHARS: usize = 80;

/// A value from the data as a message shows it: cut to a readable length (with `...`), and
/// with control characters (and the invisible ones that reorder text) escaped, so that a
/// 20 MB value or an escape sequence reaches no terminal.
pub(crate) fn shown(value: &str) -> String {
    let mut out = String::with_capacity(value.len().min(SHOWN_CHARS * 2));
    for (i, c) in value.chars().enumerate() {
        if i == SHOWN_CHARS {
            out.push_str("...");
            break;
        }
        push_escaped(&mut out, c);
    }
    out
}

/// Two values that differ, as a message shows them: when they are long, both are cut to the
/// same window around their first difference, so that the difference is what shows.
pub(crate) fn shown_apart(a: &str, b: &str) -> (String, String) {
    let first = a
        .chars()
        .zip(b.chars())
        .position(|(x, y)| x != y)
        .unwrap_or_else(|| a.chars().count().min(b.chars().count()));
    let start = first.saturating_sub(SHOWN_CHARS / 4);
    let window = |text: &str| {
        let mut out = String::new();
        if start > 0 {
            out.push_str("...");
        }
        out.push_str(&shown(&text.chars().skip(start).collect::<String>()));
        out
    };
    (window(a), window(b))
}

/// How many characters of a message, help or label text [`Diagnostic::tidy`] keeps.
const MESSAGE_CHARS: usize = 400;

/// Pushes `c`, escaped when it is a control character or an invisible formatting one.
fn push_escaped(out: &mut String, c: char) {
    if c.is_control() || is_invisible(c) {
        out.extend(c.escape_default());
    } else {
        out.push(c);
    }
}

/// Invisible characters that change how text around them reads (zero widths, direction
/// marks and overrides, the byte-order mark).
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}'
    )
}

/// Names longer than this get no suggestion: comparing them would cost more than it helps.
const SUGGEST_UP_TO: usize = 200;

/// The closest candidate to a misspelt name, if one is close enough to suggest.
pub fn did_you_mean<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    nearest(name, candidates, |c| (c.len().max(name.len()) / 3).max(1))
}

/// The closest candidate that is at most two edits away: a typo, not another word.
pub(crate) fn typo_of<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    nearest(name, candidates, |_| 2)
}

/// The closest candidate within `limit(candidate)` edits, case aside; the first of equals.
fn nearest<'a>(
    name: &str,
    candidates: &[&'a str],
    limit: impl Fn(&str) -> usize,
) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    if name.len() > SUGGEST_UP_TO {
        return None;
    }
    for &c in candidates {
        if c.len() > SUGGEST_UP_TO {
            continue;
        }
        let d = edit_distance(&name.to_lowercase(), &c.to_lowercase());
        if d <= limit(c) && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
/// neighbours each cost one.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let f = SourceFile::new("f", "ab\né: x\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(5), (2, 2));
        assert_eq!(f.line_text(2), "é: x");
    }

    #[test]
    fn values_are_shown_short_and_escaped() {
        assert_eq!(shown("http-status-409"), "http-status-409");
        assert_eq!(
            shown("a\tb\nc\u{1b}[31m\u{202e}"),
            "a\\tb\\nc\\u{1b}[31m\\u{202e}"
        );
        let long = "x".repeat(20_000_000);
        let cut = shown(&long);
        assert_eq!(cut, format!("{}...", "x".repeat(SHOWN_CHARS)));
        let (a, b) = shown_apart(
            &format!("{}a tail", "y".repeat(500)),
            &format!("{}b tail", "y".repeat(500)),
        );
        assert!(a.starts_with("...") && a.contains("a tail"), "{a}");
        assert!(b.starts_with("...") && b.contains("b tail"), "{b}");
        assert_eq!(
            shown_apart("short", "shorter"),
            ("short".to_owned(), "shorter".to_owned())
        );
    }

    #[test]
    fn suggestions_are_close_matches_only() {
        let fields = ["name", "url", "quote"];
        assert_eq!(did_you_mean("nmae", &fields), Some("name"));
        assert_eq!(did_you_mean("URL", &fields), Some("url"));
        assert_eq!(did_you_mean("document", &fields), None);
        let huge = "n".repeat(20_000_000);
        assert_eq!(did_you_mean(&huge, &fields), None);
    }
}
