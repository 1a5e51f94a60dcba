//! JSON Schemas for every file people write or consume, generated from raw serde types.
//!
//! The types here mirror the files key for key (`deny_unknown_fields`) and carry what a JSON
//! Schema can say about them: closed objects, id patterns, URL and date formats, descriptions
//! and examples. They are not what the readers use (those lower YAML nodes by hand, with spans):
//! they exist so that the schemas are generated from Rust types, and a test keeps their keys and
//! the readers' keys in sync.
//!
//! [`all`] lists every schema with its file name (draft-07, which editors' YAML support reads);
//! [`files`] renders them as committed under `schemas/`, together with `schema-catalog.json`
//! (a SchemaStore-style catalog for editors); [`files_for`] makes them for one catalog's topic
//! ids and one place of publication. With the `schema-check` feature, `check` enforces
//! the catalog schemas on parsed files as [`crate::read`] reads them, and maps each error back to
//! its file, line and column.

#[cfg(feature = "schema-check")]
pub(crate) mod check;

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value, json};

use crate::model::{Catalog, GUIDELINE_TYPES};

/// The pattern of every id: it becomes a file name, so nothing else passes.
pub(crate) const ID_PATTERN: &str = "^[a-z0-9][a-z0-9-]*$";

/// An absolute http(s) URL with a host and no white space, as the readers demand.
pub(crate) const HTTP_URL_PATTERN: &str = r"^https?://[^\s/?#]\S*$";

/// A site path such as `/media/logo.png` (not `//host`), allowed for logos and screenshots.
pub(crate) const SITE_PATH_PATTERN: &str = r"^/(?:[^/\s]\S*)?$";

/// Every date spelling the readers accept: `YYYY-MM-DD` (one-digit month and day too) with an
/// optional time `HH:MM:SS[.fff]` after `T`, `t` or blanks, and an optional zone. Whether the
/// day exists is left to the readers.
pub(crate) const TIMESTAMP_PATTERN: &str = concat!(
    r"^\s*[0-9]{4}-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12][0-9]|3[01])",
    r"(?:[Tt \t]\s*(?:[01]?[0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]*)?",
    r"\s*(?:[Zz]|[-+][0-9]{1,2}(?::[0-9]{1,2})?)?)?\s*$"
);

/// The marker that says a schema file is generated.
pub(crate) const GENERATED: &str = "Generated from stylebook's Rust types by `cargo xtask schema` \
                             (or `stylebook schema --out DIR`): do not edit.";

/// The name of the SchemaStore-style catalog that [`files`] writes beside the schemas.
pub(crate) const SCHEMA_CATALOG: &str = "schema-catalog.json";

/// Every schema, with its file name: `(file name, schema)`.
pub fn all() -> Vec<(&'static str, Schema)> {
    vec![
        ("topics.schema.json", root::<TopicsFile>()),
        ("guideline.schema.json", root::<GuidelineFile>()),
        ("topic-page.schema.json", page(root::<TopicPage>())),
        ("guideline-page.schema.json", page(root::<GuidelinePage>())),
        ("catalog.schema.json", root::<CatalogFile>()),
        ("openapi-rules.schema.json", root::<crate::openapi::Rules>()),
        (
            "x-guidelines.schema.json",
            root::<crate::openapi::XGuidelines>(),
        ),
    ]
}

/// The globs of the files a schema applies to, for editors (`fileMatch` in the schema catalog).
/// Pages have none: editors do not read front matter inside Markdown files.
pub fn file_match(name: &str) -> &'static [&'static str] {
    match name {
        "topics.schema.json" => &["**/topics.yaml", "**/topics.yml"],
        "guideline.schema.json" => &["**/guidelines/*.yaml", "**/guidelines/*.yml"],
        "catalog.schema.json" => &["**/catalog.json"],
        "openapi-rules.schema.json" => &["**/openapi-rules.yaml", "**/openapi-rules.yml"],
        _ => &[],
    }
}

/// How the files of a `schemas/` folder (name -> text, `None` when unreadable) differ from
/// [`files`]: one line per stale, missing or extra file, none when the folder is up to date.
/// `cargo xtask schema --check` and a test in `cargo test` both call it.
pub fn drift(on_disk: &std::collections::BTreeMap<String, Option<String>>) -> Vec<String> {
    let generated = files();
    let mut problems = Vec::new();
    for (name, text) in &generated {
        match on_disk.get(name) {
            Some(Some(current)) if current == text => {}
            Some(Some(_)) => problems.push(format!("schemas/{name} is stale")),
            _ => problems.push(format!("schemas/{name} is missing")),
        }
    }
    for name in on_disk.keys() {
        if !generated.iter().any(|(n, _)| n == name) {
            problems.push(format!("schemas/{name} is not a generated schema"));
        }
    }
    problems
}

/// Every generated file of `schemas/` with its text: each schema as pretty JSON with a trailing
/// newline, then the schema catalog, `schema-catalog.json`. The same as
/// [`files_for`]`(None, None)`.
pub fn files() -> Vec<(String, String)> {
    files_for(None, None)
}

/// [`files`], made for one catalog and one place of publication.
///
/// With a `catalog`, the places where a catalog's topic is used enumerate its topic ids, for
/// editors that complete and check with the schemas alone: the keys of a guideline file's
/// `topics` (each described by the topic's name and category; another key is an error), a
/// guideline page's `topic_id`; a rule's topics offer them too, and still take any id or
/// template (annotation skips the topics a catalog lacks). The places that define topics
/// (`topics.yaml`, a topic page, catalog JSON) are left open.
///
/// With a `base_url` (an `https://` URL of the folder the files are published in), the schema
/// catalog names each schema by its absolute URL, as SchemaStore's catalog schema asks;
/// without it, by a URL relative to the catalog, which works offline and wherever the folder
/// is copied. The caller checks the URL (the CLI takes `https://` URLs only).
pub fn files_for(catalog: Option<&Catalog>, base_url: Option<&str>) -> Vec<(String, String)> {
    let schemas = all();
    let mut entries = Vec::with_capacity(schemas.len());
    let mut out = Vec::with_capacity(schemas.len() + 1);
    for (name, schema) in &schemas {
        let mut entry = Map::new();
        entry.insert(
            "name".into(),
            schema.get("title").cloned().unwrap_or(json!(name)),
        );
        if let Some(description) = schema.get("description") {
            entry.insert("description".into(), description.clone());
        }
        let globs = file_match(name);
        if !globs.is_empty() {
            entry.insert("fileMatch".into(), json!(globs));
        }
        let url = match base_url {
            Some(base) => format!("{}/{name}", base.trim_end_matches('/')),
            // Relative to the catalog: the schemas sit beside it, wherever they are copied.
            None => format!("./{name}"),
        };
        entry.insert("url".into(), json!(url));
        entries.push(Value::Object(entry));
        let mut value = schema.as_value().clone();
        if let Some(catalog) = catalog {
            narrow(name, &mut value, catalog);
        }
        out.push(((*name).to_owned(), to_text(&value)));
    }
    let catalog = json!({
        "$schema": "https://json.schemastore.org/schema-catalog.json",
        "version": 1.0,
        "schemas": entries,
    });
    out.push((SCHEMA_CATALOG.to_owned(), to_text(&catalog)));
    out
}

/// Makes the topic-id places of the schema `name` (see [`files_for`]) enumerate the topic ids
/// of `catalog`.
fn narrow(name: &str, schema: &mut Value, catalog: &Catalog) {
    let ids: Vec<Value> = catalog.topics().iter().map(|t| json!(t.id)).collect();
    match name {
        "guideline.schema.json" => {
            let Some(topics) = schema.pointer_mut("/properties/topics") else {
                return;
            };
            let references = topics
                .get("additionalProperties")
                .cloned()
                .unwrap_or(json!({}));
            let properties: Map<String, Value> = catalog
                .topics()
                .iter()
                .map(|t| {
                    let mut each = references.clone();
                    if let Value::Object(map) = &mut each {
                        let what = if t.name == t.category {
                            t.name.clone()
                        } else {
                            format!("{} ({})", t.name, t.category)
                        };
                        map.insert(
                            "description".into(),
                            json!(format!("{what}: {}", t.description)),
                        );
                    }
                    (t.id.clone(), each)
                })
                .collect();
            topics["properties"] = Value::Object(properties);
            topics["additionalProperties"] = json!(false);
        }
        "guideline-page.schema.json" => {
            if let Some(id) =
                schema.pointer_mut("/definitions/GuidelinePageTopic/properties/topic_id")
            {
                id["enum"] = Value::Array(ids);
            }
        }
        "openapi-rules.schema.json" => {
            let Some(Value::Object(definitions)) = schema.get_mut("definitions") else {
                return;
            };
            for rule in definitions.values_mut() {
                if let Some(items) = rule.pointer_mut("/properties/topics/items") {
                    let template = items.clone();
                    *items = json!({ "anyOf": [{ "enum": ids }, template] });
                }
            }
        }
        _ => {}
    }
}

/// Pretty JSON with a trailing newline.
fn to_text(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// A page's schema, whose root also takes null: an editor that reads a page (`---`, the front
/// matter, `---`) as YAML sees a second, empty document after the front matter, and checks it
/// too. The readers refuse a page without front matter on their own.
fn page(mut schema: Schema) -> Schema {
    schema.insert("type".into(), json!(["object", "null"]));
    schema
}

/// The draft-07 schema of `T`, with the generated-file marker first. It has no `$id`: its
/// references are all inside it, and it is read wherever it is copied.
fn root<T: JsonSchema>() -> Schema {
    let schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>();
    let mut rest = match schema.to_value() {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    let mut head = Map::new();
    // `shift_remove` keeps the order of the other keys.
    if let Some(v) = rest.shift_remove("$schema") {
        head.insert("$schema".into(), v);
    }
    head.insert("$comment".into(), json!(GENERATED));
    for key in ["title", "description"] {
        if let Some(v) = rest.shift_remove(key) {
            head.insert(key.into(), v);
        }
    }
    head.extend(rest);
    Schema::from(head)
}

// ---------------------------------------------------------------------------------------------
// Scalars with a schema of their own.

/// A kebab-case id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(transparent)]
pub(crate) struct Id(pub(crate) String);

/// An absolute http(s) URL.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(transparent)]
pub(crate) struct HttpUrl(pub(crate) String);

/// An absolute http(s) URL or a site path starting with `/`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(transparent)]
pub(crate) struct SiteUrl(pub(crate) String);

/// A date or timestamp, as written (YAML gives the text of an unquoted date).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(transparent)]
pub(crate) struct Date(pub(crate) String);

/// One of the guideline types the catalog knows (see [`GUIDELINE_TYPES`]).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(transparent)]
pub(crate) struct GuidelineType(pub(crate) String);

/// A mapping from ids to values.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(transparent)]
pub(crate) struct IdMap<V>(pub(crate) BTreeMap<Id, V>);

impl JsonSchema for Id {
    fn schema_name() -> Cow<'static, str> {
        "Id".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A kebab-case id: lowercase letters, digits and `-`, starting with a \
                            letter or a digit. Ids become file names, so nothing else is allowed.",
            "type": "string",
            "pattern": ID_PATTERN,
            "patternErrorMessage": "an id is written in lowercase letters, digits and `-`, \
                                    starting with a letter or a digit, as `http-status-409`",
            "examples": ["http-status-409", "acme-api-guide"],
        })
    }
}

impl JsonSchema for HttpUrl {
    fn schema_name() -> Cow<'static, str> {
        "HttpUrl".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        // `iri`, not `uri`: published URLs carry non-ASCII characters in their fragments,
        // which the readers accept and RFC 3986 does not.
        json_schema!({
            "description": "An absolute http:// or https:// URL.",
            "type": "string",
            "format": "iri",
            "pattern": HTTP_URL_PATTERN,
            "patternErrorMessage": "write an absolute URL starting with http:// or https://, \
                                    with a host and no spaces",
            "examples": ["https://acme.example/api-guide#errors"],
        })
    }
}

impl JsonSchema for SiteUrl {
    fn schema_name() -> Cow<'static, str> {
        "SiteUrl".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An absolute http:// or https:// URL, or a path on the catalog's web \
                            site starting with `/`.",
            "anyOf": [
                generator.subschema_for::<HttpUrl>(),
                {
                    "type": "string",
                    "format": "iri-reference",
                    "pattern": SITE_PATH_PATTERN,
                    "patternErrorMessage": "write an http(s) URL, or a path on the site \
                                            starting with a single `/`",
                },
            ],
            "examples": ["/media/logos/acme.png", "https://acme.example/logo.svg"],
        })
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A date `YYYY-MM-DD`, or a timestamp such as `2015-01-15T00:00:00.000Z`. \
                            Unquoted in YAML, it is read as a date.",
            "anyOf": [
                { "type": "string", "format": "date" },
                { "type": "string", "format": "date-time" },
                {
                    "type": "string",
                    "pattern": TIMESTAMP_PATTERN,
                    "patternErrorMessage": "write a date as YYYY-MM-DD, such as 2015-01-15",
                },
            ],
            "examples": ["2015-01-15", "2016-08-28T00:00:00.000Z"],
        })
    }
}

impl JsonSchema for GuidelineType {
    fn schema_name() -> Cow<'static, str> {
        "GuidelineType".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "How the guide is published.",
            "type": "string",
            "enum": GUIDELINE_TYPES,
        })
    }
}

impl<V: JsonSchema> JsonSchema for IdMap<V> {
    fn schema_name() -> Cow<'static, str> {
        format!("IdMap_of_{}", V::schema_name()).into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "propertyNames": generator.subschema_for::<Id>(),
            "additionalProperties": generator.subschema_for::<V>(),
        })
    }
}

impl<V> IdMap<V> {
    /// True when the map has no entry.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<V> Default for IdMap<V> {
    fn default() -> Self {
        IdMap(BTreeMap::new())
    }
}

// ---------------------------------------------------------------------------------------------
// Shared parts.

/// A section of a guideline that covers a topic.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Reference")]
pub(crate) struct Reference {
    /// The section's title. Written with no value, it is kept as null (with a warning).
    #[serde(deserialize_with = "Option::deserialize")]
    #[schemars(with = "NullableText")]
    pub(crate) name: Option<String>,
    /// The section's URL, with its fragment.
    pub(crate) url: HttpUrl,
    /// A short quote from the section that says what the guideline rules.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    #[schemars(with = "Option<String>")]
    pub(crate) quote: Option<Option<String>>,
}

/// A person credited for a guideline.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Author")]
pub(crate) struct Author {
    /// Full name.
    pub(crate) name: String,
    /// Twitter handle, without `@`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) twitter: Option<String>,
}

/// A topic's definition, keyed by its id.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Topic")]
pub(crate) struct TopicDefinition {
    /// The group the topic belongs to, such as `HTTP Status User Error`.
    pub(crate) category: String,
    /// The topic's display name, such as `409 Conflict`.
    pub(crate) name: String,
    /// What the topic is about.
    pub(crate) description: String,
}

/// A hypermedia link, as the pages carry them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Link")]
pub(crate) struct Link {
    /// The target, a site path.
    pub(crate) href: String,
}

/// Text or null, for a key that must be written but may be empty.
struct NullableText;

impl JsonSchema for NullableText {
    fn schema_name() -> Cow<'static, str> {
        "NullableText".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": ["string", "null"] })
    }
}

/// Links by relation name (`self`, `guidelineTopics`, `topicGuidelines`).
pub(crate) type Links = BTreeMap<String, Link>;

/// Deserializes a key that is present, even with a null value, as `Some`.
fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// Defines a guideline struct: the `before` fields, the metadata fields under the given keys,
/// then the `after` fields.
/// The four forms (source file, catalog entry, page, page entry) differ only in key names and
/// in what follows the metadata, and the readers read them with one function: so do the types.
macro_rules! guideline {
    (
        $(#[$meta:meta])*
        $name:ident { $($before:tt)* } [
            $id:literal, $title:literal, $type:literal, $url:literal, $github_url:literal,
            $company:literal, $company_logo_url:literal, $company_url:literal,
            $screenshot_url:literal, $date:literal, $review_date:literal, $language:literal,
            $authors:literal $(,)?
        ]
        { $($after:tt)* }
    ) => {
        #[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        $(#[$meta])*
        pub(crate) struct $name {
            $($before)*
            /// The guideline's id, unique in the catalog; it is also its file name.
            #[serde(rename = $id)]
            pub(crate) id: Id,
            /// The guide's title.
            #[serde(rename = $title)]
            pub(crate) title: String,
            /// How the guide is published.
            #[serde(rename = $type)]
            pub(crate) kind: GuidelineType,
            /// Where to read the guide.
            #[serde(rename = $url)]
            pub(crate) url: HttpUrl,
            /// The guide's source repository, when it has one apart from `url`.
            #[serde(rename = $github_url, default, skip_serializing_if = "Option::is_none")]
            pub(crate) github_url: Option<HttpUrl>,
            /// The publisher.
            #[serde(rename = $company)]
            pub(crate) company: String,
            /// The publisher's logo: a URL or a path on the catalog's site.
            #[serde(rename = $company_logo_url, default, skip_serializing_if = "Option::is_none")]
            pub(crate) company_logo_url: Option<SiteUrl>,
            /// The publisher's web site.
            #[serde(rename = $company_url, default, skip_serializing_if = "Option::is_none")]
            pub(crate) company_url: Option<HttpUrl>,
            /// A screenshot of the guide: a URL or a path on the catalog's site.
            #[serde(rename = $screenshot_url, default, skip_serializing_if = "Option::is_none")]
            pub(crate) screenshot_url: Option<SiteUrl>,
            /// When the guide was published.
            #[serde(rename = $date, default, skip_serializing_if = "Option::is_none")]
            pub(crate) date: Option<Date>,
            /// When the catalog last reviewed the guide.
            #[serde(rename = $review_date, default, skip_serializing_if = "Option::is_none")]
            pub(crate) review_date: Option<Date>,
            /// The guide's language, when it is not English.
            #[serde(rename = $language, default, skip_serializing_if = "Option::is_none")]
            pub(crate) language: Option<String>,
            /// The guide's authors.
            #[serde(rename = $authors, default, skip_serializing_if = "Option::is_none")]
            pub(crate) authors: Option<Vec<Author>>,
            $($after)*
        }
    };
}

// ---------------------------------------------------------------------------------------------
// Source layout.

/// The topics of a source-layout catalog (`topics.yaml`): topic id -> definition.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(transparent)]
#[schemars(
    title = "Stylebook topics",
    description = "The topics of a stylebook catalog in source layout (`topics.yaml`): each \
                   key is a topic id, each value says what the topic is.",
    example = example_topics()
)]
pub(crate) struct TopicsFile(pub IdMap<TopicDefinition>);

guideline! {
    /// One guideline of a source-layout catalog (`guidelines/<id>.yaml`): its metadata, then
    /// the topics it covers with the sections that cover them.
    #[schemars(
        title = "Stylebook guideline",
        description = "One guideline of a stylebook catalog in source layout \
                       (`guidelines/<id>.yaml`): the style guide's metadata, then `topics`, \
                       which maps topic ids to the sections of the guide that cover them.",
        example = example_guideline()
    )]
    GuidelineFile {} [
        "id", "title", "type", "url", "githubUrl", "company", "companyLogoUrl", "companyUrl",
        "screenshotUrl", "date", "reviewDate", "language", "authors",
    ]
    {
        /// The topics the guide covers: topic id -> the sections that cover it.
        #[serde(default, skip_serializing_if = "IdMap::is_empty")]
        pub(crate) topics: IdMap<Vec<Reference>>,
    }
}

// ---------------------------------------------------------------------------------------------
// Pages.

guideline! {
    /// A guideline in a topic page, with its references for the page's topic.
    #[schemars(title = "Guideline entry")]
    TopicPageGuideline {} [
        "guideline_id", "guideline_title", "guideline_type", "guideline_url",
        "guideline_githubUrl", "guideline_company", "guideline_companyLogoUrl",
        "guideline_companyUrl", "guideline_screenshotUrl", "guideline_date",
        "guideline_reviewDate", "guideline_language", "guideline_authors",
    ]
    {
        /// Links to the guideline's pages (derived: recomputed on export).
        #[serde(rename = "guideline__links", default, skip_serializing_if = "Option::is_none")]
        #[schemars(with = "Links")]
        pub(crate) links: Option<Links>,
        /// The sections of the guideline that cover the page's topic.
        pub(crate) references: Vec<Reference>,
    }
}

/// The front matter of a topic page (Jekyll layout `topic`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "Stylebook topic page",
    description = "The YAML front matter of a topic page (`layout: topic`): one topic with \
                   every guideline that covers it and their references.",
    example = example_topic_page()
)]
pub(crate) struct TopicPage {
    /// The page layout: `topic`.
    #[schemars(extend("const" = "topic"))]
    pub(crate) layout: String,
    /// The page title (derived: recomputed on export).
    #[serde(rename = "title", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub(crate) page_title: Option<String>,
    /// The page's path on the site (derived: recomputed on export).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub(crate) permalink: Option<String>,
    /// The page's sort key (derived: recomputed on export).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub(crate) sort: Option<String>,
    /// The topic's id.
    pub(crate) topic_id: Id,
    /// The group the topic belongs to.
    pub(crate) topic_category: String,
    /// The topic's display name.
    pub(crate) topic_name: String,
    /// What the topic is about.
    pub(crate) topic_description: String,
    /// Every guideline that covers the topic.
    pub(crate) guidelines: Vec<TopicPageGuideline>,
}

/// A topic in a guideline page, with the guideline's references for it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Topic entry")]
pub(crate) struct GuidelinePageTopic {
    /// The topic's id.
    pub(crate) topic_id: Id,
    /// The group the topic belongs to.
    pub(crate) topic_category: String,
    /// The topic's display name.
    pub(crate) topic_name: String,
    /// What the topic is about.
    pub(crate) topic_description: String,
    /// Links to the topic's pages (derived: recomputed on export).
    #[serde(
        rename = "topic__links",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Links")]
    pub(crate) links: Option<Links>,
    /// The sections of the page's guideline that cover the topic.
    pub(crate) references: Vec<Reference>,
}

guideline! {
    /// The front matter of a guideline page (Jekyll layout `guideline`).
    #[schemars(
        title = "Stylebook guideline page",
        description = "The YAML front matter of a guideline page (`layout: guideline`): one \
                       guideline with every topic it covers and its references for each.",
        example = example_guideline_page()
    )]
    GuidelinePage {
        /// The page layout: `guideline`.
        #[schemars(extend("const" = "guideline"))]
        pub(crate) layout: String,
        /// The page title (derived: recomputed on export).
        #[serde(rename = "title", default, skip_serializing_if = "Option::is_none")]
        #[schemars(with = "String")]
        pub(crate) page_title: Option<String>,
        /// The page's path on the site (derived: recomputed on export).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(with = "String")]
        pub(crate) permalink: Option<String>,
        /// The page's sort key (derived: recomputed on export).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(with = "String")]
        pub(crate) sort: Option<String>,
    } [
        "guideline_id", "guideline_title", "guideline_type", "guideline_url",
        "guideline_githubUrl", "guideline_company", "guideline_companyLogoUrl",
        "guideline_companyUrl", "guideline_screenshotUrl", "guideline_date",
        "guideline_reviewDate", "guideline_language", "guideline_authors",
    ]
    {
        /// Every topic the guideline covers, with its references.
        pub(crate) topics: Vec<GuidelinePageTopic>,
    }
}

// ---------------------------------------------------------------------------------------------
// Catalog JSON.

/// A topic of the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Catalog topic")]
pub(crate) struct CatalogTopic {
    /// The topic's id.
    pub(crate) id: Id,
    /// The group the topic belongs to.
    pub(crate) category: String,
    /// The topic's display name.
    pub(crate) name: String,
    /// What the topic is about.
    pub(crate) description: String,
}

/// The references of a guideline for one topic.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Coverage")]
pub(crate) struct CatalogCoverage {
    /// The topic's id.
    pub(crate) topic: Id,
    /// The sections of the guideline that cover it.
    pub(crate) references: Vec<Reference>,
}

guideline! {
    /// A guideline of the catalog, with the topics it covers.
    #[schemars(title = "Catalog guideline")]
    CatalogGuideline {} [
        "id", "title", "type", "url", "githubUrl", "company", "companyLogoUrl", "companyUrl",
        "screenshotUrl", "date", "reviewDate", "language", "authors",
    ]
    {
        /// The topics the guide covers, each with the sections that cover it.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub(crate) topics: Vec<CatalogCoverage>,
    }
}

/// A whole catalog in one JSON document, as `stylebook export --to json` writes it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "Stylebook catalog",
    description = "A whole stylebook catalog in one document: every topic, sorted by id, and \
                   every guideline with the topics it covers and their references.",
    example = example_catalog()
)]
pub(crate) struct CatalogFile {
    /// The schema of this document, for editors.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub(crate) schema: Option<String>,
    /// Every topic.
    pub(crate) topics: Vec<CatalogTopic>,
    /// Every guideline.
    pub(crate) guidelines: Vec<CatalogGuideline>,
}

// ---------------------------------------------------------------------------------------------
// Examples: one small catalog, seen in every form, with every key. The tests check that each
// example passes both its schema and the readers.

const EXAMPLE_DESCRIPTION: &str = "When to answer 409 Conflict, and what to put in the body.";

fn example_topics() -> Value {
    json!({
        "http-status-409": {
            "category": "HTTP Status User Error",
            "name": "409 Conflict",
            "description": EXAMPLE_DESCRIPTION,
        }
    })
}

fn example_references() -> Value {
    json!([{
        "name": "Conflicts",
        "url": "https://acme.example/api-guide#conflicts",
        "quote": "Answer 409 when the resource changed since the client read it.",
    }])
}

/// The guideline's metadata with every key, each under `prefix`, dates written as `date`.
fn example_metadata(prefix: &str, date: &str, review_date: &str) -> Map<String, Value> {
    [
        ("id", json!("acme-api-guide")),
        ("title", json!("ACME API Guide")),
        ("type", json!("github")),
        ("url", json!("https://acme.example/api-guide")),
        ("githubUrl", json!("https://github.com/acme/api-guide")),
        ("company", json!("ACME")),
        ("companyLogoUrl", json!("/media/logos/acme.png")),
        ("companyUrl", json!("https://acme.example/")),
        (
            "screenshotUrl",
            json!("https://acme.example/screenshot.png"),
        ),
        ("date", json!(date)),
        ("reviewDate", json!(review_date)),
        ("language", json!("english")),
        (
            "authors",
            json!([{ "name": "Ada Example", "twitter": "adaexample" }]),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (format!("{prefix}{k}"), v))
    .collect()
}

fn example_guideline() -> Value {
    let mut g = example_metadata("", "2020-03-01", "2021-05-01");
    g.insert(
        "topics".into(),
        json!({ "http-status-409": example_references() }),
    );
    Value::Object(g)
}

fn example_topic_page() -> Value {
    let mut g = example_metadata(
        "guideline_",
        "2020-03-01T00:00:00.000Z",
        "2021-05-01T00:00:00.000Z",
    );
    g.insert(
        "guideline__links".into(),
        json!({
            "self": { "href": "/design/guidelines/acme-api-guide" },
            "guidelineTopics": { "href": "/design/guidelines/acme-api-guide/topics" },
        }),
    );
    g.insert("references".into(), example_references());
    json!({
        "layout": "topic",
        "title": "409 Conflict",
        "permalink": "/design/topics/http-status-409",
        "sort": "HTTP Status User Error_409 Conflict",
        "topic_id": "http-status-409",
        "topic_category": "HTTP Status User Error",
        "topic_name": "409 Conflict",
        "topic_description": EXAMPLE_DESCRIPTION,
        "guidelines": [g],
    })
}

fn example_guideline_page() -> Value {
    let mut page: Map<String, Value> = [
        ("layout", json!("guideline")),
        ("title", json!("ACME API Guide")),
        ("permalink", json!("/design/guidelines/acme-api-guide")),
        ("sort", json!("ACME_ACME API Guide")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    page.extend(example_metadata(
        "guideline_",
        "2020-03-01T00:00:00.000Z",
        "2021-05-01T00:00:00.000Z",
    ));
    page.insert(
        "topics".into(),
        json!([{
            "topic_id": "http-status-409",
            "topic_category": "HTTP Status User Error",
            "topic_name": "409 Conflict",
            "topic_description": EXAMPLE_DESCRIPTION,
            "topic__links": {
                "self": { "href": "/design/topics/http-status-409" },
                "topicGuidelines": { "href": "/design/topics/http-status-409/guidelines" },
            },
            "references": example_references(),
        }]),
    );
    Value::Object(page)
}

fn example_catalog() -> Value {
    let mut g = example_metadata("", "2020-03-01", "2021-05-01");
    g.insert(
        "topics".into(),
        json!([{ "topic": "http-status-409", "references": example_references() }]),
    );
    json!({
        "$schema": "./catalog.schema.json",
        "topics": [{
            "id": "http-status-409",
            "category": "HTTP Status User Error",
            "name": "409 Conflict",
            "description": EXAMPLE_DESCRIPTION,
        }],
        "guidelines": [g],
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
