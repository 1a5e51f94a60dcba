//! Name patterns of the rules file, and topic templates with their placeholders.

use std::fmt;

/// A name pattern of the rules file: `*` is any run of characters, `?` one character,
/// `[a-z0-9]` one of a set (`[!...]` none of it), `\` takes the next character literally;
/// everything else stands for itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    tokens: Vec<Token>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Char(char),
    Any,
    Star,
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

/// A fault in a pattern or a topic template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError(pub String);

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Pattern {
    /// Compiles a pattern.
    pub fn new(pattern: &str) -> Result<Self, SyntaxError> {
        let mut tokens = Vec::new();
        let mut chars = pattern.chars();
        while let Some(c) = chars.next() {
            let token = match c {
                '*' => {
                    if tokens.last() == Some(&Token::Star) {
                        continue;
                    }
                    Token::Star
                }
                '?' => Token::Any,
                '\\' => match chars.next() {
                    Some(next) => Token::Char(next),
                    None => return Err(SyntaxError("pattern ends with `\\`".to_owned())),
                },
                '[' => class(&mut chars)?,
                c => Token::Char(c),
            };
            tokens.push(token);
        }
        Ok(Pattern { tokens })
    }

    /// True when the whole of `text` matches; with `ignore_case`, letters match either case.
    pub fn matches(&self, text: &str, ignore_case: bool) -> bool {
        if let Some(literal) = self.literal() {
            return if ignore_case {
                literal.len() == text.chars().count()
                    && literal
                        .iter()
                        .zip(text.chars())
                        .all(|(a, b)| same(*a, b, true))
            } else {
                literal.len() == text.chars().count() && literal.iter().copied().eq(text.chars())
            };
        }
        let text: Vec<char> = text.chars().collect();
        let (mut p, mut t) = (0, 0);
        // Where to resume after the last `*`: (pattern index after it, text index it covers to).
        let mut resume: Option<(usize, usize)> = None;
        while t < text.len() {
            match self.tokens.get(p) {
                Some(Token::Star) => {
                    resume = Some((p + 1, t));
                    p += 1;
                    continue;
                }
                Some(token) if token.accepts(text[t], ignore_case) => {
                    p += 1;
                    t += 1;
                    continue;
                }
                _ => {}
            }
            match resume {
                Some((after, covered)) => {
                    p = after;
                    t = covered + 1;
                    resume = Some((after, covered + 1));
                }
                None => return false,
            }
        }
        self.tokens[p..].iter().all(|t| *t == Token::Star)
    }

    /// The characters of a pattern without wildcards.
    fn literal(&self) -> Option<Vec<char>> {
        self.tokens
            .iter()
            .map(|t| match t {
                Token::Char(c) => Some(*c),
                _ => None,
            })
            .collect()
    }
}

impl Token {
    fn accepts(&self, c: char, ignore_case: bool) -> bool {
        match self {
            Token::Char(p) => same(*p, c, ignore_case),
            Token::Any => true,
            Token::Star => false,
            Token::Class { negated, ranges } => {
                let hit = |c: char| ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi);
                let found = hit(c)
                    || (ignore_case && (c.to_lowercase().any(hit) || c.to_uppercase().any(hit)));
                found != *negated
            }
        }
    }
}

fn same(a: char, b: char, ignore_case: bool) -> bool {
    a == b || (ignore_case && a.to_lowercase().eq(b.to_lowercase()))
}

fn class(chars: &mut std::str::Chars<'_>) -> Result<Token, SyntaxError> {
    let mut ranges = Vec::new();
    let mut negated = false;
    let mut first = true;
    loop {
        let Some(c) = chars.next() else {
            return Err(SyntaxError(
                "`[` opens a set that is never closed (write `\\[` for a literal `[`)".to_owned(),
            ));
        };
        match c {
            '!' | '^' if first && !negated => {
                negated = true;
                continue;
            }
            ']' if !first => break,
            _ => {}
        }
        first = false;
        let lo = if c == '\\' {
            chars
                .next()
                .ok_or_else(|| SyntaxError("set ends with `\\`".to_owned()))?
        } else {
            c
        };
        let mut ahead = chars.clone();
        if ahead.next() == Some('-') {
            match ahead.next() {
                Some(hi) if hi != ']' => {
                    chars.next();
                    chars.next();
                    if hi < lo {
                        return Err(SyntaxError(format!(
                            "range `{}-{}` is backwards",
                            crate::diag::shown(lo.encode_utf8(&mut [0; 4])),
                            crate::diag::shown(hi.encode_utf8(&mut [0; 4]))
                        )));
                    }
                    ranges.push((lo, hi));
                    continue;
                }
                _ => {}
            }
        }
        ranges.push((lo, lo));
    }
    Ok(Token::Class { negated, ranges })
}

/// The placeholders a topic template uses, checked against those allowed: a template is id
/// characters (`a-z`, `0-9`, `-`) and `{placeholder}`s.
pub fn template_placeholders<'t>(
    template: &'t str,
    allowed: &[&str],
) -> Result<Vec<&'t str>, SyntaxError> {
    let mut found = Vec::new();
    let mut rest = template;
    let mut literal = String::new();
    while let Some(c) = rest.chars().next() {
        if c == '{' {
            let Some(end) = rest.find('}') else {
                return Err(SyntaxError("`{` is never closed".to_owned()));
            };
            let name = &rest[1..end];
            if !allowed.contains(&name) {
                return Err(SyntaxError(if allowed.is_empty() {
                    format!(
                        "`{{{}}}` is not a placeholder here: this section has none",
                        crate::diag::shown(name)
                    )
                } else {
                    format!(
                        "`{{{}}}` is not a placeholder here: use {}",
                        crate::diag::shown(name),
                        allowed
                            .iter()
                            .map(|a| format!("`{{{a}}}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }));
            }
            found.push(name);
            literal.push('x');
            rest = &rest[end + 1..];
        } else {
            if !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
                return Err(SyntaxError(format!(
                    "`{}` cannot be part of a topic id (lowercase letters, digits and `-`)",
                    crate::diag::shown(c.encode_utf8(&mut [0; 4]))
                )));
            }
            literal.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    if literal.is_empty() || literal.starts_with('-') {
        return Err(SyntaxError(
            "a topic id starts with a lowercase letter or a digit".to_owned(),
        ));
    }
    Ok(found)
}

/// Fills a topic template: each `{placeholder}` becomes its value made id-like (lowercase,
/// runs of other characters turned into one `-`, none at either end). `None` when a
/// placeholder has no value, or its value has no letter or digit.
pub fn expand(template: &str, values: &[(&str, &str)]) -> Option<String> {
    if !template.contains('{') {
        return Some(template.to_owned());
    }
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}')?;
        let name = &rest[open + 1..close];
        let value = values.iter().find(|(k, _)| *k == name)?.1;
        let slug = slug(value);
        if slug.is_empty() {
            return None;
        }
        out.push_str(&slug);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// `X-RateLimit-Limit` -> `x-ratelimit-limit`, `4XX` -> `4xx`.
fn slug(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}
