//! The rules model: one section per kind of element, each rule a set of patterns and the
//! topic templates that apply when they match.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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

fn is_false(b: &bool) -> bool {
    !*b
}
