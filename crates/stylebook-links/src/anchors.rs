//! Anchors of an HTML page: the values of its `id` and `name` attributes, and whether a
//! link's fragment names one of them.
//!
//! The scan is deliberately forgiving: it looks for ` id=` and ` name=` attributes anywhere
//! in the text rather than parsing HTML, so that it also finds the anchors of pages whose
//! content is rendered from data embedded in a script (GitHub's file views carry their
//! rendered Markdown as a JSON string, where quotes are written `\"`). A false anchor can only
//! hide a missing fragment, never invent one.

use std::collections::HashSet;

/// The prefix GitHub puts before the ids of headings in rendered Markdown; its pages scroll to
/// `#name` when `user-content-name` exists.
const GITHUB_PREFIX: &str = "user-content-";

/// Every `id` and `name` value of a page, with character references decoded.
pub(crate) fn anchors(html: &str) -> HashSet<String> {
    let bytes = html.as_bytes();
    let mut found = HashSet::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        i += 1;
        let name_len = if starts_with_ignore_case(&bytes[i..], b"id") {
            2
        } else if starts_with_ignore_case(&bytes[i..], b"name") {
            4
        } else {
            continue;
        };
        let mut j = i + name_len;
        while bytes.get(j).is_some_and(|b| *b == b' ') {
            j += 1;
        }
        if bytes.get(j) != Some(&b'=') {
            continue;
        }
        j += 1;
        while bytes.get(j).is_some_and(|b| *b == b' ') {
            j += 1;
        }
        if let Some((value, end)) = attribute_value(html, j) {
            if !value.is_empty() {
                found.insert(decode_references(value));
            }
            i = end;
        }
    }
    found
}

/// Whether a fragment is meant as an anchor at all. Empty fragments and `#top` scroll to the
/// top of any page; `#!...` and `#/...` are routes of script-driven pages; `#:~:text=` is a
/// text fragment.
pub(crate) fn is_checkable(fragment: &str) -> bool {
    !(fragment.is_empty()
        || fragment.eq_ignore_ascii_case("top")
        || fragment.starts_with(['!', '/'])
        || fragment.starts_with(":~:"))
}

/// Whether `fragment` (as written in the link, percent-encoded or not) names an anchor of
/// the page: exactly, or as GitHub's prefixed heading id (GitHub compares those without
/// regard to case).
pub(crate) fn has_anchor(anchors: &HashSet<String>, fragment: &str) -> bool {
    let decoded = crate::uri::percent_decode(fragment);
    if anchors.contains(&decoded) || anchors.contains(fragment) {
        return true;
    }
    let prefixed = format!("{GITHUB_PREFIX}{}", decoded.to_lowercase());
    anchors
        .iter()
        .any(|a| a.starts_with(GITHUB_PREFIX) && a.to_lowercase() == prefixed)
}

fn starts_with_ignore_case(bytes: &[u8], word: &[u8]) -> bool {
    bytes.len() >= word.len() && bytes[..word.len()].eq_ignore_ascii_case(word)
}

/// The attribute value starting at byte `at`: quoted with `"` or `'`, with `\"` (inside a
/// JSON string), or unquoted; and the byte offset after it.
fn attribute_value(html: &str, at: usize) -> Option<(&str, usize)> {
    let rest = html.get(at..)?;
    for quote in ["\\\"", "\"", "'"] {
        if let Some(inner) = rest.strip_prefix(quote) {
            let end = inner.find(quote)?;
            let start = at + quote.len();
            return Some((&html[start..start + end], start + end + quote.len()));
        }
    }
    let end = rest
        .find(|c: char| c.is_ascii_whitespace() || matches!(c, '>' | '"' | '\'' | '\\'))
        .unwrap_or(rest.len());
    Some((&rest[..end], at + end))
}

/// Decodes the character references an anchor may hold: `&amp;`, `&lt;`, `&gt;`, `&quot;`,
/// `&apos;`, and numeric ones.
fn decode_references(value: &str) -> String {
    if !value.contains('&') {
        return value.to_owned();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').and_then(|semi| {
            let name = &after[..semi];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, semi))
        });
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(html: &str, expected: &[&str]) {
        let mut found: Vec<String> = anchors(html).into_iter().collect();
        found.sort();
        assert_eq!(found, expected, "{html}");
    }

    #[test]
    fn ids_and_names_in_every_notation() {
        check(
            r#"<h2 id="paging">x</h2><a name='old-name'></a><div ID=bare>"#,
            &["bare", "old-name", "paging"],
        );
        check("<h2\n  id = \"spaced\"\tclass=x>", &["spaced"]);
        check(
            r#"{"richText":"<h2 tabindex=\"-1\" id=\"user-content-errors\" dir=\"auto\">"}"#,
            &["user-content-errors"],
        );
        check(
            r#"<p id="a&amp;b" name="&#x41;&#66;&bogus;">"#,
            &["AB&bogus;", "a&b"],
        );
        check(r#"<p data-id="no" hidden="id=no" valid="x">"#, &[]);
        check(r#"<p id="">"#, &[]);
        check(r#"<p id="unterminated"#, &[]);
    }

    #[test]
    fn fragments_match_anchors_and_github_headings() {
        let page = anchors(
            r#"<h2 id="paging"></h2><h3 id="user-content-error-handling"></h3><a id="café"></a>"#,
        );
        assert!(has_anchor(&page, "paging"));
        assert!(has_anchor(&page, "error-handling"));
        assert!(has_anchor(&page, "Error-Handling"));
        assert!(has_anchor(&page, "caf%C3%A9"));
        assert!(!has_anchor(&page, "Paging"));
        assert!(!has_anchor(&page, "missing"));
        assert!(is_checkable("paging"));
        for not in ["", "top", "TOP", "!/route", "/route", ":~:text=x"] {
            assert!(!is_checkable(not), "{not}");
        }
    }
}
