//! The value written under `x-guidelines`, in both layouts.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
