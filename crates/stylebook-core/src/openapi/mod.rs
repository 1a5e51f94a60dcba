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
//!
//! A rules file is read, with its faults located, by [`crate::read_rules`].

mod pattern;
mod rules;
mod x_guidelines;

pub use pattern::{Pattern, SyntaxError, expand, template_placeholders};
pub use rules::{
    HeaderRule, OperationRule, ParameterLocation, ParameterRule, PathRule, ResponseRule, Rules,
    SchemaRule, SecuritySchemeRule, ServerRule, TOPIC_TEMPLATE_PATTERN,
};
pub use x_guidelines::{XGuideline, XGuidelines, XReference, XTopic, XTopicEntry};

/// The rules file shipped with stylebook (`openapi-rules.yaml` beside this module): the default
/// whatever the catalog, written with the conventional topic ids of the API Stylebook.
pub const DEFAULT_RULES: &str = include_str!("openapi-rules.yaml");

#[cfg(test)]
mod tests;
