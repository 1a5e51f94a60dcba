//! Splits a Markdown page into its YAML front matter and its body, by hand.
//!
//! Rules: an optional UTF-8 BOM, then a first line `---`; the block ends at the next line that is
//! exactly `---` or `...`. Line ends may be LF or CRLF, and trailing spaces on the fence lines
//! are allowed. Offsets are kept so that YAML errors point at the right line of the page.

use std::ops::Range;

/// Where a page's front matter is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    /// Byte range of the YAML text between the fences.
    pub yaml: Range<usize>,
    /// Byte range of the body after the closing fence's line.
    pub body: Range<usize>,
}

/// Why a page has no usable front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrontMatterError {
    /// The first line is not `---`; the range covers that line.
    Missing(Range<usize>),
    /// No closing fence; the range covers the opening one.
    Unterminated(Range<usize>),
}

/// Finds the front matter of a page.
pub fn split(text: &str) -> Result<FrontMatter, FrontMatterError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = Lines { text, pos: start };
    let Some(first) = lines.next() else {
        return Err(FrontMatterError::Missing(start..start));
    };
    if fence(&text[first.clone()]) != Some("---") {
        return Err(FrontMatterError::Missing(first));
    }
    let yaml_start = lines.pos;
    while let Some(line) = lines.next() {
        if matches!(fence(&text[line.clone()]), Some("---" | "...")) {
            return Ok(FrontMatter {
                yaml: yaml_start..line.start,
                body: lines.pos..text.len(),
            });
        }
    }
    Err(FrontMatterError::Unterminated(first))
}

/// The line's content if it is a fence candidate (without the line end and trailing blanks).
fn fence(line: &str) -> Option<&str> {
    let content = line
        .trim_end_matches(['\n', '\r'])
        .trim_end_matches([' ', '\t']);
    matches!(content, "---" | "...").then_some(content)
}

/// Lines with their line ends, as byte ranges.
struct Lines<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for Lines<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i + 1);
        self.pos = end;
        Some(start..end)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn plain_page() {
        let text = "---\na: 1\n---\nbody";
        let fm = split(text).unwrap();
        assert_eq!(&text[fm.yaml], "a: 1\n");
        assert_eq!(&text[fm.body], "body");
    }

    #[test]
    fn bom_crlf_and_dots() {
        let text = "\u{feff}---\r\na: 1\r\n...\r\n";
        let fm = split(text).unwrap();
        assert_eq!(&text[fm.yaml], "a: 1\r\n");
    }

    #[test]
    fn closing_fence_without_newline() {
        let text = "---\na: 1\n---";
        assert_eq!(&text[split(text).unwrap().yaml], "a: 1\n");
    }

    #[test]
    fn empty_front_matter() {
        let text = "---\n---\n";
        assert_eq!(split(text).unwrap().yaml, 4..4);
    }

    #[test]
    fn missing_and_unterminated() {
        assert_eq!(split("# title\n"), Err(FrontMatterError::Missing(0..8)));
        assert_eq!(split(""), Err(FrontMatterError::Missing(0..0)));
        assert_eq!(
            split("---\na: 1\n"),
            Err(FrontMatterError::Unterminated(0..4))
        );
        assert_eq!(
            split("--- \na: 1\n----\n"),
            Err(FrontMatterError::Unterminated(0..5))
        );
    }
}
