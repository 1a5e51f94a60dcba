//! Positions and file names as the protocol has them: LSP positions count lines and UTF-16
//! code units (the default encoding every client supports), the catalog counts bytes; LSP names
//! files by `file://` URIs, the catalog by paths.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{Position, Uri};

/// The starts of a text's lines, for turning byte offsets into positions and back.
pub(crate) struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    /// The lines of `text`. A byte-order mark is not part of the first line: editors do not
    /// show it, so columns there count from after it.
    pub(crate) fn new(text: &'t str) -> Self {
        let mut starts = vec![if text.starts_with('\u{feff}') { 3 } else { 0 }];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Lines { text, starts }
    }

    /// The position of a byte offset (clamped to the text, and to a character boundary).
    pub(crate) fn position(&self, offset: usize) -> Position {
        let mut offset = offset.clamp(self.starts[0], self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let character = self.text[start..offset].encode_utf16().count();
        Position::new(to_u32(line), to_u32(character))
    }

    /// The range of a byte span.
    pub(crate) fn range(&self, span: &Range<usize>) -> lsp_types::Range {
        lsp_types::Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of a position; a position past a line's end is its end, past the text
    /// the text's end.
    pub(crate) fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(self.text.len(), |&e| e);
        let line = &self.text[start..end];
        let mut units = 0;
        for (i, c) in line.char_indices() {
            if units >= position.character as usize || c == '\n' || c == '\r' {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The path of a `file://` URI; `None` for other schemes.
pub(crate) fn path_of(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file:///C:/x` on Windows, `file:///x` elsewhere: the host part is empty.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let bytes = decode(rest)?;
    let text = String::from_utf8(bytes).ok()?;
    #[cfg(windows)]
    let text = text.strip_prefix('/').map_or(text.clone(), str::to_owned);
    Some(PathBuf::from(text))
}

/// The `file://` URI of a path (made absolute against the working folder when it is not).
pub(crate) fn uri_of(path: &Path) -> Option<Uri> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    let text = absolute.to_str()?.replace('\\', "/");
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        uri.push('/');
    }
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~:".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    Uri::from_str(&uri).ok()
}

/// Percent-decoding; `None` for a broken escape.
fn decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
        let text = "a: é😀x\nb: 1\r\nc";
        let lines = Lines::new(text);
        let x = text.find('x').unwrap_or_default();
        assert_eq!(lines.position(x), Position::new(0, 6));
        assert_eq!(lines.offset(Position::new(0, 6)), x);
        assert_eq!(
            lines.offset(Position::new(1, 99)),
            text.find('\r').unwrap_or_default()
        );
        assert_eq!(lines.offset(Position::new(9, 0)), text.len());
        assert_eq!(lines.position(text.len()), Position::new(2, 1));
    }

    #[test]
    fn a_byte_order_mark_is_no_column() {
        let text = "\u{feff}abc: 1\nd: 2\n";
        let lines = Lines::new(text);
        let b = text.find('b').unwrap_or_default();
        assert_eq!(lines.position(b), Position::new(0, 1));
        assert_eq!(lines.offset(Position::new(0, 1)), b);
        assert_eq!(lines.position(0), Position::new(0, 0));
        assert_eq!(lines.offset(Position::new(0, 0)), 3);
    }

    #[test]
    fn paths_and_uris_round_trip() {
        let path = Path::new("/tmp/my catalog/guidelines/ä.yaml");
        let uri = uri_of(path);
        assert_eq!(
            uri.as_ref().map(|u| u.as_str().to_owned()),
            Some("file:///tmp/my%20catalog/guidelines/%C3%A4.yaml".to_owned())
        );
        assert_eq!(uri.as_ref().and_then(path_of), Some(path.to_path_buf()));
    }
}
