//! What the cursor stands in, told from the text around it, for completion: the keys that lead
//! to it and whether it is at a key or a value. The text is often broken while someone types,
//! so this reads indentation, as a person would, rather than a parsed tree (block YAML, and
//! one level of flow list: `topics: [a, b]`).

/// A step of the path to the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    /// The value of a mapping's key.
    Key(String),
    /// An item of a list.
    Item,
}

/// Where the cursor is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cursor {
    /// The steps from the document's root to the mapping or list the cursor is in.
    pub(crate) path: Vec<Step>,
    /// What is being written there.
    pub(crate) at: At,
    /// The byte offset where the word being typed starts (up to the cursor).
    pub(crate) word_start: usize,
    /// The byte offset where the word at the cursor ends (the cursor, at the end of a word):
    /// completing in the middle of a word replaces all of it.
    pub(crate) word_end: usize,
}

/// What is being written at the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum At {
    /// A key of the mapping at `path`.
    Key,
    /// The value of key `0` of the mapping at `path`.
    Value(String),
    /// An item of the list at `path`.
    Item,
}

/// The cursor at byte `offset` of `text`, whose YAML starts at byte `start` (after a page's
/// `---` line); `None` inside a comment, a quoted text or a line that is not YAML.
pub(crate) fn at(text: &str, start: usize, offset: usize) -> Option<Cursor> {
    let offset = offset.min(text.len());
    if offset < start || !text.is_char_boundary(offset) {
        return None;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1).max(start);
    let before = &text[line_start..offset];
    if before.contains('#') {
        return None;
    }
    let in_word = |c: &char| c.is_alphanumeric() || matches!(c, '-' | '_' | '{' | '}' | '.');
    let word_start = offset
        - before
            .chars()
            .rev()
            .take_while(in_word)
            .map(char::len_utf8)
            .sum::<usize>();
    let word_end = offset
        + text[offset..]
            .chars()
            .take_while(in_word)
            .map(char::len_utf8)
            .sum::<usize>();
    let parsed = Line::read(before);
    let mut path = Vec::new();
    let (mut at, mut limit) = match parsed.key {
        // `key: val|`, or `key: [a, b|`.
        Some((column, key)) => {
            let after = before[parsed.value_from..].trim_start();
            if let Some(flow) = after.strip_prefix('[') {
                if flow.contains(']') {
                    return None;
                }
                path.push(Step::Key(key.to_owned()));
                (At::Item, column)
            } else {
                (At::Value(key.to_owned()), column)
            }
        }
        None => (At::Key, parsed.key_column),
    };
    // A list item on the cursor's own line: `- |` is written as an item of the list, `- key:`
    // is a key of a mapping that is an item.
    if let Some(dash) = parsed.dash {
        if parsed.key.is_none() {
            at = At::Item;
        } else {
            path.insert(0, Step::Item);
        }
        limit = dash;
    }
    let lines: Vec<&str> = text[start..line_start].lines().collect();
    for line in lines.iter().rev() {
        if limit == 0 {
            break;
        }
        let l = Line::read(line);
        if l.blank {
            continue;
        }
        if let Some((column, key)) = l.key
            && column < limit
        {
            path.insert(0, Step::Key(key.to_owned()));
            limit = column;
        }
        if let Some(dash) = l.dash
            && dash < limit
        {
            path.insert(0, Step::Item);
            limit = dash;
        }
        if l.key.is_none() && l.dash.is_none() && l.key_column < limit {
            // A line of text at a lower indentation that is no key: a block scalar's line
            // would be indented further, so this is not YAML the cursor can be placed in.
            return None;
        }
    }
    Some(Cursor {
        path,
        at,
        word_start,
        word_end,
    })
}

/// One line of block YAML, as far as the cursor's context needs it.
#[derive(Debug, Default)]
struct Line<'l> {
    /// Only white space or a comment.
    blank: bool,
    /// The column of a leading `- ` (the innermost, for `- - `).
    dash: Option<usize>,
    /// The column where the line's key (or text) starts, after indentation and dashes.
    key_column: usize,
    /// The line's key and its column, when the line has `key:` followed by a space or its end.
    key: Option<(usize, &'l str)>,
    /// The byte where the value after `key:` starts.
    value_from: usize,
}

impl<'l> Line<'l> {
    fn read(line: &'l str) -> Line<'l> {
        let line = line.trim_end_matches('\r');
        let mut column = line.len() - line.trim_start_matches(' ').len();
        let mut dash = None;
        loop {
            let rest = &line[column..];
            if rest == "-" || rest.starts_with("- ") {
                dash = Some(column);
                column += 1 + rest[1..].len() - rest[1..].trim_start_matches(' ').len();
            } else {
                break;
            }
        }
        let rest = &line[column..];
        let blank = rest.trim().is_empty() && dash.is_none() || rest.starts_with('#');
        let key = find_key(rest).map(|(k, end)| ((column, k), column + end));
        Line {
            blank,
            dash,
            key_column: column,
            key: key.map(|(k, _)| k),
            value_from: key.map_or(line.len(), |(_, end)| end),
        }
    }
}

/// The key of `text` (`key: ...` or `key:` at the end, quotes taken off) and the byte after its
/// colon.
fn find_key(text: &str) -> Option<(&str, usize)> {
    if text.starts_with(['[', '{', '#', '|', '>']) {
        return None;
    }
    if let Some(quote) = text.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let close = text[1..].find(quote)? + 1;
        let after = &text[close + 1..];
        let after = after.strip_prefix(':')?;
        if after.is_empty() || after.starts_with([' ', '\t']) {
            return Some((&text[1..close], close + 2));
        }
        return None;
    }
    let mut from = 0;
    while let Some(i) = text[from..].find(':') {
        let at = from + i;
        let after = &text[at + 1..];
        if after.is_empty() || after.starts_with([' ', '\t']) {
            return Some((text[..at].trim_end(), at + 1));
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursor(text: &str) -> Option<(Vec<Step>, At, String)> {
        let offset = text.find('|')?;
        let text = text.replace('|', "");
        at(&text, 0, offset).map(|c| (c.path, c.at, text[c.word_start..offset].to_owned()))
    }

    fn key(k: &str) -> Step {
        Step::Key(k.to_owned())
    }

    #[test]
    fn the_word_at_the_cursor_runs_on_past_it() {
        let text = "topics:\n  http-s|tauts-409:\n";
        let offset = text.find('|').unwrap_or_default();
        let text = text.replace('|', "");
        let found = at(&text, 0, offset).map(|c| &text[c.word_start..c.word_end]);
        assert_eq!(found, Some("http-stauts-409"));
    }

    #[test]
    fn keys_and_values_in_a_guideline() {
        let guide = "id: acme\ntype: web|\ntopics:\n  http-status-409:\n    - name: x\n";
        assert_eq!(
            cursor(guide),
            Some((vec![], At::Value("type".into()), "web".into()))
        );
        let guide = "id: acme\ntopics:\n  http-status-409:\n    - name: x\n  http-st|\n";
        assert_eq!(
            cursor(guide),
            Some((vec![key("topics")], At::Key, "http-st".into()))
        );
        let guide = "id: acme\ntopics:\n  a:\n    - name: x\n      ur|\n";
        assert_eq!(
            cursor(guide),
            Some((
                vec![key("topics"), key("a"), Step::Item],
                At::Key,
                "ur".into()
            ))
        );
        let guide = "id: acme\ntopics:\n  a:\n    - |\n";
        assert_eq!(
            cursor(guide),
            Some((vec![key("topics"), key("a")], At::Item, String::new()))
        );
        assert_eq!(cursor("id: acme # note |\n"), None);
    }

    #[test]
    fn pages_and_rules() {
        let page = "layout: guideline\ntopics:\n  - topic_id: http|\n";
        assert_eq!(
            cursor(page),
            Some((
                vec![key("topics"), Step::Item],
                At::Value("topic_id".into()),
                "http".into()
            ))
        );
        let rules = "responses:\n  - status: ['404']\n    topics: [http-status-{code}, col|\n";
        assert_eq!(
            cursor(rules),
            Some((
                vec![key("responses"), Step::Item, key("topics")],
                At::Item,
                "col".into()
            ))
        );
        let rules = "operations:\n  - methods: [get]\n    topics:\n      - pag|\n";
        assert_eq!(
            cursor(rules),
            Some((
                vec![key("operations"), Step::Item, key("topics")],
                At::Item,
                "pag".into()
            ))
        );
    }
}
