//! The model of OpenAPI annotation: the rules file that says which topics apply to which
//! elements of an OpenAPI document, its located reader, and the `x-guidelines` value.
//!
//! Rules live in data, not in code. A rules file has one section per kind of element
//! (`operations`, `responses`, `parameters`, `headers`, `securitySchemes`, `paths`, `servers`,
//! `schemas`); each rule names what it matches with [`Pattern`]s and lists topic ids, which may
//! hold placeholders such as `http-status-{code}` (see [`expand`]). A rule's topics that the
//! catalog does not define are skipped, so one rules file serves catalogs with different topics.
//!
//! [`XGuidelines`] is the value written under `x-guidelines`: the topics that apply to an
//! element with their references, and at the document's root the guidelines cited.

use std::fmt;
use std::ops::Range;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diag::{Code, Diagnostic, FileId};
use crate::read::fields::Ctx;
use crate::yaml::{self, Node, NodeKind, Resolved};

/// The rules file shipped with stylebook (`data/openapi-rules.yaml`): the default whatever the
/// catalog, written with the conventional topic ids of the API Stylebook.
pub const DEFAULT_RULES: &str = include_str!("../../../data/openapi-rules.yaml");

/// What a topic template looks like: id characters and `{placeholder}`s (which placeholders a
/// section allows, the reader checks).
pub const TOPIC_TEMPLATE_PATTERN: &str = r"^(?:[a-z0-9]|\{[a-z]+\})(?:[a-z0-9-]|\{[a-z]+\})*$";

/// A rules file: which topics apply to which elements of an OpenAPI document.
///
/// Every rule of every section is tried on every element of its kind; an element gets the
/// topics of all the rules that match it, in file order, each once.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(title = "OpenAPI annotation rules")]
pub struct Rules {
    /// Rules for operations, by HTTP method, path and deprecation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub operations: Vec<OperationRule>,
    /// Rules for responses, by status code (`404`, ranges such as `4XX`, `default`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responses: Vec<ResponseRule>,
    /// Rules for parameters, by name and location.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<ParameterRule>,
    /// Rules for HTTP headers, by name: header parameters and response headers alike.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<HeaderRule>,
    /// Rules for security schemes, by type and name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_schemes: Vec<SecuritySchemeRule>,
    /// Rules for path items, by the segments of their path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<PathRule>,
    /// Rules for servers (and, in Swagger 2.0, `host` and `basePath`), by URL and variables.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub servers: Vec<ServerRule>,
    /// Rules for schemas, by format, type and deprecation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schemas: Vec<SchemaRule>,
}

/// A rule for operations. Placeholder in topics: `{method}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OperationRule {
    /// What the rule is for, for people reading the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Patterns of HTTP methods, matched without regard to case (`get`, `*`); any when absent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(min = 1), inner(length(min = 1)))]
    pub methods: Vec<String>,
    /// Patterns of path templates (`/users/*`); any when absent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(min = 1), inner(length(min = 1)))]
    pub paths: Vec<String>,
    /// Only operations whose `deprecated` flag has this value; any when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<bool>,
    /// Topic ids, possibly with placeholders; those the catalog lacks are skipped.
    #[schemars(length(min = 1), inner(pattern(TOPIC_TEMPLATE_PATTERN)))]
    pub topics: Vec<String>,
    /// When none of the topics is in the catalog, the report lists the first as missing.
    #[serde(default, skip_serializing_if = "is_false")]
    pub report_missing: bool,
}

/// A rule for responses. Placeholder in topics: `{code}` (lowercase: `404`, `4xx`, `default`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ResponseRule {
    /// What the rule is for, for people reading the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Patterns of status codes, matched without regard to case (`404`, `4??`, `[1-5]XX`,
    /// `default`); any when absent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(min = 1), inner(length(min = 1)))]
    pub status: Vec<String>,
    /// Topic ids, possibly with placeholders; those the catalog lacks are skipped.
    #[schemars(length(min = 1), inner(pattern(TOPIC_TEMPLATE_PATTERN)))]
    pub topics: Vec<String>,
    /// When none of the topics is in the catalog, the report lists the first as missing.
    #[serde(default, skip_serializing_if = "is_false")]
    pub report_missing: bool,
}

/// A rule for parameters. Placeholders in topics: `{name}`, `{in}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ParameterRule {
    /// What the rule is for, for people reading the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Patterns of parameter names; any when absent. Header names are matched without regard
    /// to case, other names exactly unless `ignoreCase` is set.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(min = 1), inner(length(min = 1)))]
    pub names: Vec<String>,
    /// The locations the parameter may have; any when absent.
    #[serde(default, rename = "in", skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(min = 1))]
    pub locations: Vec<ParameterLocation>,
    /// Match names without regard to case whatever the location.
    #[serde(default, skip_serializing_if = "is_false")]
    pub ignore_case: bool,
    /// Only parameters whose `deprecated` flag has this value; any when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<bool>,
    /// Topic ids, possibly with placeholders; those the catalog lacks are skipped.
    #[schemars(length(min = 1), inner(pattern(TOPIC_TEMPLATE_PATTERN)))]
    pub topics: Vec<String>,
    /// When none of the topics is in the catalog, the report lists the first as missing.
    #[serde(default, skip_serializing_if = "is_false")]
    pub report_missing: bool,
}

/// Where a parameter is sent (`in`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ParameterLocation {
    /// In the query string.
    Query,
    /// In an HTTP header.
    Header,
    /// In the path.
    Path,
    /// In a cookie (OpenAPI 3).
    Cookie,
    /// The request body (Swagger 2.0).
    Body,
    /// A form field (Swagger 2.0).
    FormData,
}

/// A rule for HTTP headers: header parameters and the headers of responses. Names are matched
/// without regard to case, as HTTP says. Placeholder in topics: `{name}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HeaderRule {
    /// What the rule is for, for people reading the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Patterns of header names (`Retry-After`, `X-RateLimit-*`); any when absent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(min = 1), inner(length(min = 1)))]
    pub names: Vec<String>,
    /// Topic ids, possibly with placeholders; those the catalog lacks are skipped.
    #[schemars(length(min = 1), inner(pattern(TOPIC_TEMPLATE_PATTERN)))]
    pub topics: Vec<String>,
    /// When none of the topics is in the catalog, the report lists the first as missing.
    #[serde(default, skip_serializing_if = "is_false")]
    pub report_missing: bool,
}

/// A rule for security schemes. Placeholders in topics: `{name}`, `{type}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SecuritySchemeRule {
    /// What the rule is for, for people reading the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Patterns of scheme types, matched without regard to case (`apiKey`, `http`, `oauth2`,
    /// `openIdConnect`, `mutualTLS`, `basic`); any when absent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(min = 1), inner(length(min = 1)))]
    pub types: Vec<String>,
    /// Patterns of the names the document gives its schemes; any when absent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(min = 1), inner(length(min = 1)))]
    pub names: Vec<String>,
    /// Topic ids, possibly with placeholders; those the catalog lacks are skipped.
    #[schemars(length(min = 1), inner(pattern(TOPIC_TEMPLATE_PATTERN)))]
    pub topics: Vec<String>,
    /// When none of the topics is in the catalog, the report lists the first as missing.
    #[serde(default, skip_serializing_if = "is_false")]
    pub report_missing: bool,
}

/// A rule for path items, by the segments of their path. No placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PathRule {
    /// What the rule is for, for people reading the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Patterns of one segment of the path (`v[0-9]*`): the rule matches when any segment
    /// matches any pattern.
    #[schemars(length(min = 1), inner(length(min = 1)))]
    pub segments: Vec<String>,
    /// Topic ids; those the catalog lacks are skipped.
    #[schemars(length(min = 1), inner(pattern(TOPIC_TEMPLATE_PATTERN)))]
    pub topics: Vec<String>,
    /// When none of the topics is in the catalog, the report lists the first as missing.
    #[serde(default, skip_serializing_if = "is_false")]
    pub report_missing: bool,
}

/// A rule for servers, by URL and variable names. No placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ServerRule {
    /// What the rule is for, for people reading the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Patterns of the server URL, matched without regard to case (`*/v[0-9]*`); any when
    /// absent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(min = 1), inner(length(min = 1)))]
    pub urls: Vec<String>,
    /// Patterns of server variable names (`*version*`): the rule matches when any variable
    /// matches; any server when absent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(min = 1), inner(length(min = 1)))]
    pub variables: Vec<String>,
    /// Topic ids; those the catalog lacks are skipped.
    #[schemars(length(min = 1), inner(pattern(TOPIC_TEMPLATE_PATTERN)))]
    pub topics: Vec<String>,
    /// When none of the topics is in the catalog, the report lists the first as missing.
    #[serde(default, skip_serializing_if = "is_false")]
    pub report_missing: bool,
}

/// A rule for schemas (and Swagger 2.0 parameters, headers and items, which carry their type
/// themselves). Placeholders in topics: `{format}`, `{type}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SchemaRule {
    /// What the rule is for, for people reading the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Patterns of `format` (`date-time`); any when absent, none when the schema has no format.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(min = 1), inner(length(min = 1)))]
    pub formats: Vec<String>,
    /// Patterns of `type` (`string`); any when absent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(min = 1), inner(length(min = 1)))]
    pub types: Vec<String>,
    /// Only schemas whose `deprecated` flag has this value; any when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<bool>,
    /// Topic ids, possibly with placeholders; those the catalog lacks are skipped.
    #[schemars(length(min = 1), inner(pattern(TOPIC_TEMPLATE_PATTERN)))]
    pub topics: Vec<String>,
    /// When none of the topics is in the catalog, the report lists the first as missing.
    #[serde(default, skip_serializing_if = "is_false")]
    pub report_missing: bool,
}

/// The value of `x-guidelines`: what the catalog says about the annotated element.
///
/// On an element (operation, response, parameter, header, security scheme, path item, server,
/// schema) it holds `topics`; at the document's root it holds `guidelines`, every guideline the
/// document cites with its metadata, and `topics` only when something at the root itself
/// matched (a Swagger 2.0 `basePath`).
///
/// In the full layout every topic is written with its references wherever it applies. In the
/// compact layout every `topics` lists ids only, and the root's `definitions` holds each
/// topic named anywhere in the document once, with its references.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "x-guidelines")]
pub struct XGuidelines {
    /// The topics that apply to the element: each with every reference the catalog has for
    /// it, or (compact layout) its id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<XTopicEntry>,
    /// At the root, in the compact layout only: every topic the document names, by id, with
    /// its references.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub definitions: Vec<XTopic>,
    /// At the root only: the guidelines cited anywhere in the document, in catalog order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub guidelines: Vec<XGuideline>,
}

/// A topic that applies to an element: written in full, or by its id (compact layout).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum XTopicEntry {
    /// The topic with its references.
    Full(XTopic),
    /// The topic's id; the root's `definitions` has its references.
    Id(String),
}

/// A topic that applies to an element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct XTopic {
    /// The topic's id in the catalog (`http-status-409`).
    pub id: String,
    /// Its display name (`409 Conflict`).
    pub name: String,
    /// The group it belongs to (`HTTP Status User Error`).
    pub category: String,
    /// The sections of guidelines that cover it, guideline by guideline in catalog order.
    pub references: Vec<XReference>,
}

/// A section of a guideline that covers a topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct XReference {
    /// The guideline's id in the catalog.
    pub guideline: String,
    /// The company that publishes the guideline.
    pub company: String,
    /// The guideline's title.
    pub title: String,
    /// The section's title; absent when the catalog has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The section's URL.
    pub url: String,
    /// A short quote from the section, when the catalog has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

/// A guideline cited in a document, with its metadata (at the root only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct XGuideline {
    /// The guideline's id in the catalog.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The company that publishes it.
    pub company: String,
    /// Where to read it.
    pub url: String,
    /// How it is published: `website`, `github`, `gitbook`, `pdf`.
    #[serde(rename = "type")]
    pub kind: String,
    /// When it was published, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// When the catalog last reviewed it, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_date: Option<String>,
    /// Its language, when not English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

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

fn is_false(b: &bool) -> bool {
    !*b
}

/// The sections of a rules file, with their keys and placeholders.
struct Section {
    key: &'static str,
    what: &'static str,
    fields: &'static [&'static str],
    required: &'static [&'static str],
    placeholders: &'static [&'static str],
}

const SECTIONS: &[Section] = &[
    Section {
        key: "operations",
        what: "operation rule",
        fields: &[
            "description",
            "methods",
            "paths",
            "deprecated",
            "topics",
            "reportMissing",
        ],
        required: &["topics"],
        placeholders: &["method"],
    },
    Section {
        key: "responses",
        what: "response rule",
        fields: &["description", "status", "topics", "reportMissing"],
        required: &["topics"],
        placeholders: &["code"],
    },
    Section {
        key: "parameters",
        what: "parameter rule",
        fields: &[
            "description",
            "names",
            "in",
            "ignoreCase",
            "deprecated",
            "topics",
            "reportMissing",
        ],
        required: &["topics"],
        placeholders: &["name", "in"],
    },
    Section {
        key: "headers",
        what: "header rule",
        fields: &["description", "names", "topics", "reportMissing"],
        required: &["topics"],
        placeholders: &["name"],
    },
    Section {
        key: "securitySchemes",
        what: "security scheme rule",
        fields: &["description", "types", "names", "topics", "reportMissing"],
        required: &["topics"],
        placeholders: &["name", "type"],
    },
    Section {
        key: "paths",
        what: "path rule",
        fields: &["description", "segments", "topics", "reportMissing"],
        required: &["segments", "topics"],
        placeholders: &[],
    },
    Section {
        key: "servers",
        what: "server rule",
        fields: &[
            "description",
            "urls",
            "variables",
            "topics",
            "reportMissing",
        ],
        required: &["topics"],
        placeholders: &[],
    },
    Section {
        key: "schemas",
        what: "schema rule",
        fields: &[
            "description",
            "formats",
            "types",
            "deprecated",
            "topics",
            "reportMissing",
        ],
        required: &["topics"],
        placeholders: &["format", "type"],
    },
];

/// The keys of the location values of `in`, as written.
const LOCATIONS: &[(&str, ParameterLocation)] = &[
    ("query", ParameterLocation::Query),
    ("header", ParameterLocation::Header),
    ("path", ParameterLocation::Path),
    ("cookie", ParameterLocation::Cookie),
    ("body", ParameterLocation::Body),
    ("formData", ParameterLocation::FormData),
];

impl ParameterLocation {
    /// The value as written in OpenAPI documents (`query`, `formData`, ...).
    pub fn as_str(self) -> &'static str {
        LOCATIONS
            .iter()
            .find(|(_, l)| *l == self)
            .map_or("query", |(k, _)| k)
    }

    /// The location for an OpenAPI `in` value.
    pub fn from_name(name: &str) -> Option<Self> {
        LOCATIONS.iter().find(|(k, _)| *k == name).map(|(_, l)| *l)
    }
}

/// Reads a rules file. Every fault is reported with its place; faulty rules are left out of
/// the result, so the rules are usable only when no diagnostic is an error.
pub fn read_rules(file: FileId, text: &str) -> (Rules, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut cx = Ctx {
        file,
        text,
        diags: &mut diags,
        json: false,
        builder: false,
    };
    let rules = match yaml::parse(text, 0) {
        Ok(Some(root)) => read_rules_tree(&mut cx, &root).0,
        Ok(None) => {
            cx.push(
                Diagnostic::error(Code::EmptyFile, file, 0..0, "the rules file has no content")
                    .with_help("write at least one section, such as `operations:`"),
            );
            Rules::default()
        }
        Err(e) => {
            cx.push(crate::read::yaml_error(file, text, 0, e));
            Rules::default()
        }
    };
    diags.iter_mut().for_each(Diagnostic::tidy);
    (rules, diags)
}

/// The topics of one rule as written, each with its place in the file.
pub(crate) type RuleTopics = Vec<(String, Range<usize>)>;

/// Reads the parsed tree of a rules file: the rules, and the topics of each rule that reads
/// cleanly (for checking them against a catalog).
pub(crate) fn read_rules_tree(cx: &mut Ctx<'_>, root: &Node) -> (Rules, Vec<RuleTopics>) {
    let mut rules = Rules::default();
    let mut topics = Vec::new();
    let keys: Vec<&str> = SECTIONS.iter().map(|s| s.key).collect();
    let Some(fields) = cx.fields(root, "the rules file", &keys, &[]) else {
        return (rules, topics);
    };
    for section in SECTIONS {
        let Some(node) = fields.get(section.key) else {
            continue;
        };
        if node.is_null() {
            continue;
        }
        let Some(items) = cx.seq(node, &format!("`{}`", section.key)) else {
            continue;
        };
        for item in items {
            topics.extend(read_rule(cx, section, item, &mut rules));
        }
    }
    (rules, topics)
}

/// The fields of one rule, checked; then sorted into its section's type. Gives the rule's
/// topics with their places, when the rule reads cleanly.
fn read_rule(
    cx: &mut Ctx<'_>,
    section: &Section,
    node: &Node,
    rules: &mut Rules,
) -> Option<RuleTopics> {
    let f = cx.fields(node, section.what, section.fields, section.required)?;
    let mut ok = true;
    let description = f
        .get("description")
        .filter(|n| !n.is_null())
        .and_then(|n| cx.string(n, "description"));
    let topics = f
        .get("topics")
        .and_then(|n| templates(cx, n, section.placeholders));
    ok &= topics.is_some();
    let report_missing = flag(cx, f.get("reportMissing"), "reportMissing", &mut ok);
    let mut patterns = |key: &str| -> Vec<String> {
        match f.get(key) {
            Some(n) => patterns(cx, n, key).unwrap_or_else(|| {
                ok = false;
                Vec::new()
            }),
            None => Vec::new(),
        }
    };
    let methods = patterns("methods");
    let paths = patterns("paths");
    let status = patterns("status");
    let names = patterns("names");
    let types = patterns("types");
    let segments = patterns("segments");
    let urls = patterns("urls");
    let variables = patterns("variables");
    let formats = patterns("formats");
    let locations = match f.get("in") {
        Some(n) => locations(cx, n).unwrap_or_else(|| {
            ok = false;
            Vec::new()
        }),
        None => Vec::new(),
    };
    let ignore_case = flag(cx, f.get("ignoreCase"), "ignoreCase", &mut ok);
    let deprecated = match f.get("deprecated") {
        Some(n) => {
            let value = boolean(cx, n, "deprecated");
            ok &= value.is_some();
            value
        }
        None => None,
    };
    let (true, Some(topics)) = (ok, topics) else {
        return None;
    };
    let places: RuleTopics = match f.get("topics").map(|n| &n.kind) {
        Some(NodeKind::Seq(items)) => topics
            .iter()
            .cloned()
            .zip(items.iter().map(|n| n.span.clone()))
            .collect(),
        _ => Vec::new(),
    };
    match section.key {
        "operations" => rules.operations.push(OperationRule {
            description,
            methods,
            paths,
            deprecated,
            topics,
            report_missing,
        }),
        "responses" => rules.responses.push(ResponseRule {
            description,
            status,
            topics,
            report_missing,
        }),
        "parameters" => rules.parameters.push(ParameterRule {
            description,
            names,
            locations,
            ignore_case,
            deprecated,
            topics,
            report_missing,
        }),
        "headers" => rules.headers.push(HeaderRule {
            description,
            names,
            topics,
            report_missing,
        }),
        "securitySchemes" => rules.security_schemes.push(SecuritySchemeRule {
            description,
            types,
            names,
            topics,
            report_missing,
        }),
        "paths" => rules.paths.push(PathRule {
            description,
            segments,
            topics,
            report_missing,
        }),
        "servers" => rules.servers.push(ServerRule {
            description,
            urls,
            variables,
            topics,
            report_missing,
        }),
        _ => rules.schemas.push(SchemaRule {
            description,
            formats,
            types,
            deprecated,
            topics,
            report_missing,
        }),
    }
    Some(places)
}

/// A non-empty list of texts, each checked by `check`.
fn texts(
    cx: &mut Ctx<'_>,
    node: &Node,
    what: &str,
    check: impl Fn(&str) -> Result<(), SyntaxError>,
) -> Option<Vec<String>> {
    let items = cx.seq(node, &format!("`{what}`"))?;
    if items.is_empty() {
        cx.error(
            Code::EmptyValue,
            node.span.clone(),
            format!("`{what}` is an empty list"),
        );
        return None;
    }
    let mut out = Vec::with_capacity(items.len());
    let mut ok = true;
    for item in items {
        let Some(text) = cx.string(item, &format!("an item of `{what}`")) else {
            ok = false;
            continue;
        };
        if let Err(e) = check(&text) {
            cx.error(
                Code::InvalidValue,
                item.span.clone(),
                format!("`{}` in `{what}`: {e}", crate::diag::shown(&text)),
            );
            ok = false;
            continue;
        }
        out.push(text);
    }
    ok.then_some(out)
}

fn patterns(cx: &mut Ctx<'_>, node: &Node, what: &str) -> Option<Vec<String>> {
    texts(cx, node, what, |t| {
        if t.is_empty() {
            return Err(SyntaxError("a pattern cannot be empty".to_owned()));
        }
        Pattern::new(t).map(|_| ())
    })
}

fn templates(cx: &mut Ctx<'_>, node: &Node, allowed: &[&str]) -> Option<Vec<String>> {
    texts(cx, node, "topics", |t| {
        template_placeholders(t, allowed).map(|_| ())
    })
}

fn locations(cx: &mut Ctx<'_>, node: &Node) -> Option<Vec<ParameterLocation>> {
    let names: Vec<&str> = LOCATIONS.iter().map(|(k, _)| *k).collect();
    let items = cx.seq(node, "`in`")?;
    let mut out = Vec::with_capacity(items.len());
    let mut ok = true;
    for item in items {
        let Some(text) = cx.string(item, "an item of `in`") else {
            ok = false;
            continue;
        };
        match ParameterLocation::from_name(&text) {
            Some(l) => out.push(l),
            None => {
                let mut d = Diagnostic::error(
                    Code::InvalidValue,
                    cx.file,
                    item.span.clone(),
                    format!(
                        "`{}` is not a parameter location",
                        crate::diag::shown(&text)
                    ),
                );
                d.help = Some(match crate::diag::did_you_mean(&text, &names) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("use one of {}", names.join(", ")),
                });
                cx.push(d);
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

fn flag(cx: &mut Ctx<'_>, node: Option<&Node>, what: &str, ok: &mut bool) -> bool {
    match node {
        Some(n) => {
            let value = boolean(cx, n, what);
            *ok &= value.is_some();
            value.unwrap_or(false)
        }
        None => false,
    }
}

fn boolean(cx: &mut Ctx<'_>, node: &Node, what: &str) -> Option<bool> {
    match &node.kind {
        NodeKind::Scalar(s) if s.resolve() == Resolved::Bool => {
            Some(s.text.eq_ignore_ascii_case("true"))
        }
        _ => {
            cx.error(
                Code::WrongType,
                node.span.clone(),
                format!("`{what}` must be true or false, found {}", node.describe()),
            );
            None
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn matches(pattern: &str, text: &str) -> bool {
        Pattern::new(pattern).unwrap().matches(text, false)
    }

    #[test]
    fn patterns_match_whole_names() {
        assert!(matches("limit", "limit"));
        assert!(!matches("limit", "limits"));
        assert!(matches("X-RateLimit-*", "X-RateLimit-Remaining"));
        assert!(matches("X-RateLimit-*", "X-RateLimit-"));
        assert!(!matches("X-RateLimit-*", "x-ratelimit-remaining"));
        assert!(
            Pattern::new("X-RateLimit-*")
                .unwrap()
                .matches("x-ratelimit-remaining", true)
        );
        assert!(matches("4??", "4XX"));
        assert!(matches("[1-5][0-9][0-9]", "404"));
        assert!(!matches("[1-5][0-9][0-9]", "4XX"));
        assert!(Pattern::new("[1-5]XX").unwrap().matches("4xx", true));
        assert!(matches("v[0-9]*", "v2beta"));
        assert!(!matches("v[0-9]*", "vx"));
        assert!(matches("[!0-9]*", "a1"));
        assert!(!matches("[!0-9]*", "1a"));
        assert!(matches(r"page\[*\]", "page[size]"));
        assert!(matches("*/v[0-9]*", "https://api.example.com/v1"));
        assert!(matches("a*b*c", "aXbYbZc"));
        assert!(!matches("a*b*c", "aXbYbZ"));
        assert!(matches("*", ""));
        assert!(matches("é?", "éa"));
    }

    #[test]
    fn bad_patterns_are_errors() {
        assert!(Pattern::new("page[").is_err());
        assert!(Pattern::new("a\\").is_err());
        assert!(Pattern::new("[z-a]").is_err());
        assert!(Pattern::new("[]]").is_ok());
    }

    #[test]
    fn templates_expand_to_ids() {
        assert_eq!(
            expand("http-status-{code}", &[("code", "4XX")]).as_deref(),
            Some("http-status-4xx")
        );
        assert_eq!(
            expand("http-headers-{name}", &[("name", "X-RateLimit-Limit")]).as_deref(),
            Some("http-headers-x-ratelimit-limit")
        );
        assert_eq!(
            expand("http-headers-{name}", &[("name", "--")]).as_deref(),
            None
        );
        assert_eq!(expand("errors", &[]).as_deref(), Some("errors"));
        assert_eq!(
            template_placeholders("http-methods-{method}", &["method"]).unwrap(),
            ["method"]
        );
        assert!(template_placeholders("http-{code}", &["method"]).is_err());
        assert!(template_placeholders("Errors", &[]).is_err());
        assert!(template_placeholders("{method", &["method"]).is_err());
        assert!(template_placeholders("", &[]).is_err());
    }

    #[test]
    fn default_rules_read_cleanly() {
        let (rules, diags) = read_rules(FileId(0), DEFAULT_RULES);
        assert_eq!(diags, []);
        assert!(!rules.operations.is_empty());
        assert!(!rules.responses.is_empty());
        assert!(!rules.parameters.is_empty());
        assert!(!rules.headers.is_empty());
        assert!(!rules.security_schemes.is_empty());
        assert!(!rules.schemas.is_empty());
    }

    #[test]
    fn serde_reads_what_the_reader_reads() {
        let (rules, _) = read_rules(FileId(0), DEFAULT_RULES);
        let via_serde: Rules = serde_saphyr::from_str(DEFAULT_RULES).unwrap();
        assert_eq!(via_serde, rules);
    }

    #[test]
    fn faults_are_located() {
        let text = "operations:\n  - methods: [get]\n    topcs: [x]\n\
                    responses:\n  - status: ['[1-5']\n    topics: ['http-status-{method}']\n\
                    parameters:\n  - in: [query, querry]\n    ignoreCase: maybe\n    topics: [a]\n";
        let (rules, diags) = read_rules(FileId(0), text);
        assert_eq!(rules, Rules::default());
        let found: Vec<(Code, &str)> = diags
            .iter()
            .map(|d| (d.code, &text[d.primary.span.clone()]))
            .collect();
        assert_eq!(
            found,
            [
                (Code::UnknownField, "topcs"),
                (Code::InvalidValue, "'http-status-{method}'"),
                (Code::InvalidValue, "'[1-5'"),
                (Code::InvalidValue, "querry"),
                (Code::WrongType, "maybe"),
            ]
        );
        assert_eq!(diags[0].help.as_deref(), Some("did you mean `topics`?"));
        assert_eq!(diags[3].help.as_deref(), Some("did you mean `query`?"));
    }

    #[test]
    fn an_empty_file_is_an_error() {
        let (_, diags) = read_rules(FileId(0), "# nothing\n");
        assert_eq!(diags[0].code, Code::EmptyFile);
    }

    #[test]
    fn numbers_must_be_quoted() {
        let (_, diags) = read_rules(
            FileId(0),
            "responses:\n  - status: [429]\n    topics: [rate-limiting]\n",
        );
        assert_eq!(diags[0].code, Code::WrongType);
        assert_eq!(diags[0].help.as_deref(), Some("quote it: '429'"));
    }
}
