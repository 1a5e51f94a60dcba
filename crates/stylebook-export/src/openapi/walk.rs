//! Rule matching: walks an OpenAPI document the way the specification reads it and decides
//! which mappings get which topics.
//!
//! The walk knows the shape of Swagger 2.0 and OpenAPI 3.0/3.1 documents: path items (with
//! their path-level parameters), operations, parameters, request bodies, responses and their
//! headers, callbacks, webhooks, security schemes, servers, and schemas. A `$ref` is followed to
//! its local definition, and the definition is what gets the topics, since a Reference Object
//! takes no extensions; definitions nothing refers to are walked too, for what their own
//! content says (a parameter's name, a schema's format). Schema references are never followed:
//! every schema is reached where it is written.

use std::collections::HashMap;

use stylebook_core::Catalog;
use stylebook_core::openapi::{ParameterLocation, Pattern, Rules, expand};
use stylebook_core::yaml::{Node, NodeKind, Resolved};

use super::{Document, Error, Version};

/// What the rules attach to a document.
#[derive(Debug, Default)]
pub(crate) struct Plan<'d> {
    /// The mappings that get an `x-guidelines`, by the byte offset where they start. The root
    /// is not among them: it gets the guidelines cited (and `root_topics`).
    pub(crate) targets: HashMap<usize, Target<'d>>,
    /// The distinct topic lists of the targets; [`Target::set`] points into it.
    pub(crate) sets: Vec<Vec<String>>,
    /// Topics of the root itself: a Swagger 2.0 `host` and `basePath`.
    pub(crate) root_topics: Vec<String>,
    /// Every operation, in document order, with what applies to it.
    pub(crate) operations: Vec<Operation>,
    /// Topics found outside operations: security schemes, servers, the root.
    pub(crate) elsewhere: Vec<Finding>,
}

/// A mapping that gets an `x-guidelines`.
#[derive(Debug)]
pub(crate) struct Target<'d> {
    /// The mapping.
    pub(crate) node: &'d Node,
    /// What it is: `operation`, `response`, `schema`, ...
    pub(crate) kind: &'static str,
    /// Its topics, in rule order.
    pub(crate) topics: Vec<String>,
    /// Its topic list in [`Plan::sets`].
    pub(crate) set: usize,
}

/// An operation as the report shows it.
#[derive(Debug, Default)]
pub(crate) struct Operation {
    /// `GET /pets`, `POST newPet (webhook)`, ...
    pub(crate) label: String,
    /// Its `operationId`.
    pub(crate) id: Option<String>,
    /// The topics that apply to it, each with the element it came from.
    pub(crate) found: Vec<Finding>,
    /// Topics that rules asked for but the catalog lacks.
    pub(crate) missing: Vec<Finding>,
}

/// A topic and the element it applies to (`response 404`, `parameter limit in query`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    /// The topic id.
    pub(crate) topic: String,
    /// The element.
    pub(crate) place: String,
}

/// Computes the plan.
pub(crate) fn plan<'d>(
    doc: &'d Document<'d>,
    catalog: &Catalog,
    rules: &Rules,
) -> Result<Plan<'d>, Error> {
    let mut walker = Walker {
        doc,
        catalog,
        rules: Compiled::new(rules)?,
        plan: Plan::default(),
        schemes: HashMap::new(),
        refs: HashMap::new(),
        schemas_done: HashMap::new(),
        visiting: Vec::new(),
    };
    walker.root();
    let mut plan = walker.plan;
    let mut interned: HashMap<Vec<String>, usize> = HashMap::new();
    let mut starts: Vec<usize> = plan.targets.keys().copied().collect();
    starts.sort_unstable();
    for start in starts {
        let Some(target) = plan.targets.get_mut(&start) else {
            continue;
        };
        let next = interned.len();
        target.set = *interned.entry(target.topics.clone()).or_insert(next);
    }
    plan.sets = vec![Vec::new(); interned.len()];
    for (topics, index) in interned {
        plan.sets[index] = topics;
    }
    Ok(plan)
}

/// The value of `key` in a mapping node.
pub(crate) fn get<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    match &node.kind {
        NodeKind::Map(entries) => entries
            .iter()
            .find(|(k, _)| text(k) == Some(key))
            .map(|(_, v)| v),
        _ => None,
    }
}

/// The entries of a mapping node (none for anything else), `x-guidelines` left out.
fn entries(node: Option<&Node>) -> impl Iterator<Item = (&str, &Node)> {
    let list: &[(Node, Node)] = match node.map(|n| &n.kind) {
        Some(NodeKind::Map(entries)) => entries,
        _ => &[],
    };
    list.iter()
        .filter_map(|(k, v)| Some((text(k)?, v)))
        .filter(|(k, _)| *k != super::edit::KEY)
}

/// The items of a sequence node (none for anything else).
fn items(node: Option<&Node>) -> &[Node] {
    match node.map(|n| &n.kind) {
        Some(NodeKind::Seq(items)) => items,
        _ => &[],
    }
}

fn text(node: &Node) -> Option<&str> {
    node.as_scalar().map(|s| s.text.as_str())
}

fn flag(node: Option<&Node>) -> bool {
    node.and_then(Node::as_scalar)
        .is_some_and(|s| s.resolve() == Resolved::Bool && s.text.eq_ignore_ascii_case("true"))
}

const METHODS_2: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];
const METHODS_3: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

/// The rules with their patterns compiled.
struct Compiled<'r> {
    rules: &'r Rules,
    operations: Vec<[Vec<Pattern>; 2]>,
    responses: Vec<Vec<Pattern>>,
    parameters: Vec<Vec<Pattern>>,
    headers: Vec<Vec<Pattern>>,
    security: Vec<[Vec<Pattern>; 2]>,
    paths: Vec<Vec<Pattern>>,
    servers: Vec<[Vec<Pattern>; 2]>,
    schemas: Vec<[Vec<Pattern>; 2]>,
}

impl<'r> Compiled<'r> {
    fn new(rules: &'r Rules) -> Result<Self, Error> {
        Ok(Compiled {
            rules,
            operations: rules
                .operations
                .iter()
                .map(|r| Ok([compile(&r.methods)?, compile(&r.paths)?]))
                .collect::<Result<_, Error>>()?,
            responses: rules
                .responses
                .iter()
                .map(|r| compile(&r.status))
                .collect::<Result<_, _>>()?,
            parameters: rules
                .parameters
                .iter()
                .map(|r| compile(&r.names))
                .collect::<Result<_, _>>()?,
            headers: rules
                .headers
                .iter()
                .map(|r| compile(&r.names))
                .collect::<Result<_, _>>()?,
            security: rules
                .security_schemes
                .iter()
                .map(|r| Ok([compile(&r.types)?, compile(&r.names)?]))
                .collect::<Result<_, Error>>()?,
            paths: rules
                .paths
                .iter()
                .map(|r| compile(&r.segments))
                .collect::<Result<_, _>>()?,
            servers: rules
                .servers
                .iter()
                .map(|r| Ok([compile(&r.urls)?, compile(&r.variables)?]))
                .collect::<Result<_, Error>>()?,
            schemas: rules
                .schemas
                .iter()
                .map(|r| Ok([compile(&r.formats)?, compile(&r.types)?]))
                .collect::<Result<_, Error>>()?,
        })
    }
}

fn compile(patterns: &[String]) -> Result<Vec<Pattern>, Error> {
    patterns
        .iter()
        .map(|p| Pattern::new(p).map_err(|e| Error::InvalidRule(format!("pattern `{p}`: {e}"))))
        .collect()
}

/// True when no pattern is given or one matches.
fn any(patterns: &[Pattern], text: &str, ignore_case: bool) -> bool {
    patterns.is_empty() || patterns.iter().any(|p| p.matches(text, ignore_case))
}

/// Like [`any`], for a value that may be absent: absent matches only when no pattern is given.
fn any_opt(patterns: &[Pattern], text: Option<&str>, ignore_case: bool) -> bool {
    match text {
        Some(t) => any(patterns, t, ignore_case),
        None => patterns.is_empty(),
    }
}

/// The topics of the rules that matched one element.
#[derive(Debug, Default, Clone)]
struct Hits {
    topics: Vec<String>,
    missing: Vec<String>,
}

/// Where a path item sits.
#[derive(Debug, Clone, Copy)]
enum Place<'a> {
    /// Under `paths`, with its path.
    Path(&'a str),
    /// Under `webhooks` (3.1), with its name.
    Webhook(&'a str),
    /// In a callback of an operation: the callback's name, its expression, and the operation.
    Callback(&'a str, &'a str, &'a str),
    /// A component nothing may refer to: walked for annotations, left out of the report.
    Component,
}

struct Walker<'d, 'c, 'r> {
    doc: &'d Document<'d>,
    catalog: &'c Catalog,
    rules: Compiled<'r>,
    plan: Plan<'d>,
    /// The topics of each security scheme, by name.
    schemes: HashMap<&'d str, Hits>,
    /// Local references resolved so far.
    refs: HashMap<&'d str, Option<&'d Node>>,
    /// Schemas walked so far, with their own topics.
    schemas_done: HashMap<usize, Vec<String>>,
    /// Path items being walked, against reference cycles through callbacks.
    visiting: Vec<usize>,
}

impl<'d> Walker<'d, '_, '_> {
    fn root(&mut self) {
        let root = &self.doc.root;
        let version = self.doc.version;
        let schemes = if version == Version::Swagger2 {
            get(root, "securityDefinitions")
        } else {
            get(root, "components").and_then(|c| get(c, "securitySchemes"))
        };
        for (name, scheme) in entries(schemes) {
            self.security_scheme(name, scheme);
        }
        if version == Version::Swagger2 {
            self.swagger_server();
        } else {
            let hits = self.servers(get(root, "servers"));
            for topic in hits.topics {
                self.plan.elsewhere.push(Finding {
                    topic,
                    place: "server".to_owned(),
                });
            }
        }
        for (path, item) in entries(get(root, "paths")) {
            if !path.starts_with("x-") {
                self.path_item(item, Place::Path(path));
            }
        }
        for (name, item) in entries(get(root, "webhooks")) {
            self.path_item(item, Place::Webhook(name));
        }
        if version == Version::Swagger2 {
            self.swagger_definitions();
        } else {
            self.components();
        }
    }

    /// Swagger 2.0 has no server objects: `schemes`, `host` and `basePath` make the URL, and
    /// what it matches goes to the root.
    fn swagger_server(&mut self) {
        let root = &self.doc.root;
        let host = get(root, "host").and_then(text);
        let base = get(root, "basePath").and_then(text);
        if host.is_none() && base.is_none() {
            return;
        }
        let scheme = items(get(root, "schemes"))
            .first()
            .and_then(text)
            .unwrap_or("https");
        let url = format!(
            "{scheme}://{}{}",
            host.unwrap_or_default(),
            base.unwrap_or_default()
        );
        let hits = self.server_hits(&url, &[]);
        for topic in &hits.topics {
            self.plan.elsewhere.push(Finding {
                topic: topic.clone(),
                place: "host and basePath".to_owned(),
            });
        }
        self.plan.root_topics = hits.topics;
    }

    fn swagger_definitions(&mut self) {
        let root = &self.doc.root;
        for (_, schema) in entries(get(root, "definitions")) {
            self.schema(schema);
        }
        for (_, parameter) in entries(get(root, "parameters")) {
            self.parameter(parameter, None);
        }
        for (_, response) in entries(get(root, "responses")) {
            if let Some(response) = self.resolve(response) {
                self.response_body(response, None);
            }
        }
    }

    fn components(&mut self) {
        let Some(components) = get(&self.doc.root, "components") else {
            return;
        };
        for (_, schema) in entries(get(components, "schemas")) {
            self.schema(schema);
        }
        for (_, parameter) in entries(get(components, "parameters")) {
            self.parameter(parameter, None);
        }
        for (_, response) in entries(get(components, "responses")) {
            if let Some(response) = self.resolve(response) {
                self.response_body(response, None);
            }
        }
        for (_, header) in entries(get(components, "headers")) {
            if let Some(header) = self.resolve(header) {
                self.header_body(header);
            }
        }
        for (_, body) in entries(get(components, "requestBodies")) {
            self.request_body(body);
        }
        for (_, item) in entries(get(components, "pathItems")) {
            self.path_item(item, Place::Component);
        }
        for (_, callback) in entries(get(components, "callbacks")) {
            if let Some(callback) = self.resolve(callback) {
                for (expression, item) in entries(Some(callback)) {
                    if !expression.starts_with("x-") {
                        self.path_item(item, Place::Component);
                    }
                }
            }
        }
    }

    fn path_item(&mut self, node: &'d Node, place: Place<'_>) {
        let Some(item) = self.resolve(node) else {
            return;
        };
        if self.visiting.contains(&item.span.start) || self.visiting.len() > 16 {
            return;
        }
        self.visiting.push(item.span.start);
        let mut common = Findings::default();
        if let Place::Path(path) = place {
            let hits = self.path_hits(path);
            self.mark(item, "path item", &hits.topics);
            common.add(&hits, &format!("path {path}"));
        }
        let hits = self.servers(get(item, "servers"));
        common.add(&hits, "server of the path");
        let report = !matches!(place, Place::Component);
        for parameter in items(get(item, "parameters")) {
            self.parameter(parameter, report.then_some(&mut common));
        }
        let methods = if self.doc.version == Version::Swagger2 {
            METHODS_2
        } else {
            METHODS_3
        };
        for (method, operation) in entries(Some(item)) {
            if methods.contains(&method) {
                self.operation(operation, method, place, &common);
            }
        }
        self.visiting.pop();
    }

    fn operation(&mut self, node: &'d Node, method: &str, place: Place<'_>, common: &Findings) {
        let Some(op) = self.resolve(node) else {
            return;
        };
        let path = match place {
            Place::Path(p) | Place::Callback(_, p, _) => p,
            Place::Webhook(_) | Place::Component => "",
        };
        let mut hits = Hits::default();
        let deprecated = flag(get(op, "deprecated"));
        for (i, rule) in self.rules.rules.operations.iter().enumerate() {
            let [methods, paths] = &self.rules.operations[i];
            if any(methods, method, true)
                && any(paths, path, false)
                && rule.deprecated.is_none_or(|d| d == deprecated)
            {
                self.topics(
                    &rule.topics,
                    &[("method", method)],
                    rule.report_missing,
                    &mut hits,
                );
            }
        }
        self.mark(op, "operation", &hits.topics);
        let mut found = Findings::default();
        found.add(&hits, &format!("method {}", method.to_uppercase()));
        found.extend(common);
        for parameter in items(get(op, "parameters")) {
            self.parameter(parameter, Some(&mut found));
        }
        if let Some(body) = get(op, "requestBody") {
            self.request_body(body);
        }
        for (code, response) in entries(get(op, "responses")) {
            if !code.starts_with("x-") {
                self.response(code, response, &mut found);
            }
        }
        // The document's security applies to the API's own operations, not to the requests
        // it sends (callbacks and webhooks).
        let inherited = match place {
            Place::Path(_) => get(&self.doc.root, "security"),
            _ => None,
        };
        let requirements = get(op, "security").or(inherited);
        for requirement in items(requirements) {
            for (name, _) in entries(Some(requirement)) {
                if let Some(hits) = self.schemes.get(name) {
                    found.add(hits, &format!("security scheme {name}"));
                }
            }
        }
        let hits = self.servers(get(op, "servers"));
        found.add(&hits, "server of the operation");
        let method_upper = method.to_uppercase();
        let label = match place {
            Place::Path(path) => format!("{method_upper} {path}"),
            Place::Webhook(name) => format!("{method_upper} {name} (webhook)"),
            Place::Callback(name, expression, owner) => {
                format!("{method_upper} {expression} (callback {name} of {owner})")
            }
            Place::Component => String::new(),
        };
        if !matches!(place, Place::Component) {
            self.plan.operations.push(Operation {
                label: label.clone(),
                id: get(op, "operationId").and_then(text).map(str::to_owned),
                found: found.found,
                missing: found.missing,
            });
        }
        for (name, callback) in entries(get(op, "callbacks")) {
            let Some(callback) = self.resolve(callback) else {
                continue;
            };
            for (expression, item) in entries(Some(callback)) {
                if expression.starts_with("x-") {
                    continue;
                }
                let place = if matches!(place, Place::Component) {
                    Place::Component
                } else {
                    Place::Callback(name, expression, &label)
                };
                self.path_item(item, place);
            }
        }
    }

    fn parameter(&mut self, node: &'d Node, found: Option<&mut Findings>) {
        let Some(p) = self.resolve(node) else {
            return;
        };
        let name = get(p, "name").and_then(text).unwrap_or_default();
        let location = get(p, "in").and_then(text).unwrap_or_default();
        let deprecated = flag(get(p, "deprecated"));
        let mut hits = Hits::default();
        let header = location == "header";
        let parsed = ParameterLocation::from_name(location);
        for (i, rule) in self.rules.rules.parameters.iter().enumerate() {
            if any(&self.rules.parameters[i], name, header || rule.ignore_case)
                && (rule.locations.is_empty()
                    || parsed.is_some_and(|l| rule.locations.contains(&l)))
                && rule.deprecated.is_none_or(|d| d == deprecated)
            {
                self.topics(
                    &rule.topics,
                    &[("name", name), ("in", location)],
                    rule.report_missing,
                    &mut hits,
                );
            }
        }
        if header {
            self.header_hits(name, &mut hits);
        }
        let swagger = self.doc.version == Version::Swagger2;
        if swagger && location != "body" {
            // A Swagger 2.0 parameter carries its type and format itself.
            self.schema_hits(p, &mut hits);
            if let Some(items) = get(p, "items") {
                self.swagger_items(items);
            }
        }
        self.mark(p, "parameter", &hits.topics);
        let mut place = format!("parameter {name} in {location}");
        if let Some(found) = found {
            found.add(&hits, &place);
            place.push_str(" (schema)");
            let schema = get(p, "schema").map_or_else(Vec::new, |s| self.schema(s));
            found.add_topics(&schema, &place);
        } else if let Some(schema) = get(p, "schema") {
            self.schema(schema);
        }
        self.content(get(p, "content"));
    }

    fn request_body(&mut self, node: &'d Node) {
        if let Some(body) = self.resolve(node) {
            self.content(get(body, "content"));
        }
    }

    fn content(&mut self, content: Option<&'d Node>) {
        for (_, media) in entries(content) {
            if let Some(schema) = get(media, "schema") {
                self.schema(schema);
            }
            for (_, encoding) in entries(get(media, "encoding")) {
                for (name, header) in entries(get(encoding, "headers")) {
                    self.header(name, header, None);
                }
            }
        }
    }

    fn response(&mut self, code: &str, node: &'d Node, found: &mut Findings) {
        let mut hits = Hits::default();
        for (i, rule) in self.rules.rules.responses.iter().enumerate() {
            if any(&self.rules.responses[i], code, true) {
                self.topics(
                    &rule.topics,
                    &[("code", code)],
                    rule.report_missing,
                    &mut hits,
                );
            }
        }
        found.add(&hits, &format!("response {code}"));
        if let Some(response) = self.resolve(node) {
            self.mark(response, "response", &hits.topics);
            self.response_body(response, Some(found));
        }
    }

    fn response_body(&mut self, response: &'d Node, mut found: Option<&mut Findings>) {
        for (name, header) in entries(get(response, "headers")) {
            self.header(name, header, found.as_deref_mut());
        }
        if let Some(schema) = get(response, "schema") {
            self.schema(schema);
        }
        self.content(get(response, "content"));
    }

    fn header(&mut self, name: &str, node: &'d Node, found: Option<&mut Findings>) {
        let mut hits = Hits::default();
        self.header_hits(name, &mut hits);
        let Some(header) = self.resolve(node) else {
            if let Some(found) = found {
                found.add(&hits, &format!("header {name}"));
            }
            return;
        };
        if self.doc.version == Version::Swagger2 {
            self.schema_hits(header, &mut hits);
        }
        self.mark(header, "header", &hits.topics);
        if let Some(found) = found {
            found.add(&hits, &format!("header {name}"));
        }
        self.header_body(header);
    }

    /// The schemas inside a header.
    fn header_body(&mut self, header: &'d Node) {
        if self.doc.version == Version::Swagger2 {
            if let Some(items) = get(header, "items") {
                self.swagger_items(items);
            }
            return;
        }
        if let Some(schema) = get(header, "schema") {
            self.schema(schema);
        }
        self.content(get(header, "content"));
    }

    fn header_hits(&self, name: &str, hits: &mut Hits) {
        for (i, rule) in self.rules.rules.headers.iter().enumerate() {
            if any(&self.rules.headers[i], name, true) {
                self.topics(&rule.topics, &[("name", name)], rule.report_missing, hits);
            }
        }
    }

    /// A Swagger 2.0 Items Object: a type and format, and maybe items again.
    fn swagger_items(&mut self, node: &'d Node) {
        let mut hits = Hits::default();
        self.schema_hits(node, &mut hits);
        self.mark(node, "item", &hits.topics);
        if let Some(inner) = get(node, "items") {
            self.swagger_items(inner);
        }
    }

    fn security_scheme(&mut self, name: &'d str, node: &'d Node) {
        let Some(scheme) = self.resolve(node) else {
            return;
        };
        let kind = get(scheme, "type").and_then(text).unwrap_or_default();
        let mut hits = Hits::default();
        for (i, rule) in self.rules.rules.security_schemes.iter().enumerate() {
            let [types, names] = &self.rules.security[i];
            if any(types, kind, true) && any(names, name, false) {
                self.topics(
                    &rule.topics,
                    &[("name", name), ("type", kind)],
                    rule.report_missing,
                    &mut hits,
                );
            }
        }
        self.mark(scheme, "security scheme", &hits.topics);
        for topic in &hits.topics {
            self.plan.elsewhere.push(Finding {
                topic: topic.clone(),
                place: format!("security scheme {name}"),
            });
        }
        self.schemes.insert(name, hits);
    }

    /// A list of Server Objects: each gets its topics; the union is returned.
    fn servers(&mut self, list: Option<&'d Node>) -> Hits {
        let mut all = Hits::default();
        for server in items(list) {
            let url = get(server, "url").and_then(text).unwrap_or_default();
            let variables: Vec<&str> = entries(get(server, "variables")).map(|(k, _)| k).collect();
            let hits = self.server_hits(url, &variables);
            self.mark(server, "server", &hits.topics);
            merge(&mut all, hits);
        }
        all
    }

    fn server_hits(&self, url: &str, variables: &[&str]) -> Hits {
        let mut hits = Hits::default();
        for (i, rule) in self.rules.rules.servers.iter().enumerate() {
            let [urls, vars] = &self.rules.servers[i];
            let vars_match = vars.is_empty() || variables.iter().any(|v| any(vars, v, false));
            if any(urls, url, true) && vars_match {
                self.topics(&rule.topics, &[], rule.report_missing, &mut hits);
            }
        }
        hits
    }

    fn path_hits(&self, path: &str) -> Hits {
        let mut hits = Hits::default();
        for (i, rule) in self.rules.rules.paths.iter().enumerate() {
            let segments = &self.rules.paths[i];
            if path
                .split('/')
                .filter(|s| !s.is_empty())
                .any(|s| segments.iter().any(|p| p.matches(s, false)))
            {
                self.topics(&rule.topics, &[], rule.report_missing, &mut hits);
            }
        }
        hits
    }

    /// Walks a schema and its subschemas; returns the topics of the schema itself.
    fn schema(&mut self, node: &'d Node) -> Vec<String> {
        let NodeKind::Map(list) = &node.kind else {
            return Vec::new();
        };
        if get(node, "$ref").is_some() || super::edit::is_alias(self.doc.text, node) {
            return Vec::new();
        }
        if let Some(done) = self.schemas_done.get(&node.span.start) {
            return done.clone();
        }
        let mut hits = Hits::default();
        self.schema_hits(node, &mut hits);
        self.mark(node, "schema", &hits.topics);
        self.schemas_done
            .insert(node.span.start, hits.topics.clone());
        for (key, value) in list {
            match text(key).unwrap_or_default() {
                "properties" | "patternProperties" | "dependentSchemas" | "$defs"
                | "definitions" => {
                    for (_, schema) in entries(Some(value)) {
                        self.schema(schema);
                    }
                }
                "items" | "prefixItems" | "allOf" | "anyOf" | "oneOf" => match &value.kind {
                    NodeKind::Seq(list) => {
                        for schema in list {
                            self.schema(schema);
                        }
                    }
                    _ => {
                        self.schema(value);
                    }
                },
                "additionalProperties"
                | "additionalItems"
                | "not"
                | "if"
                | "then"
                | "else"
                | "contains"
                | "propertyNames"
                | "unevaluatedItems"
                | "unevaluatedProperties"
                | "contentSchema" => {
                    self.schema(value);
                }
                _ => {}
            }
        }
        hits.topics
    }

    /// The schema rules that match a mapping with `type`, `format` and `deprecated`.
    fn schema_hits(&self, node: &Node, hits: &mut Hits) {
        let format = get(node, "format").and_then(text);
        let types: Vec<&str> = match get(node, "type") {
            Some(n) => match &n.kind {
                NodeKind::Scalar(s) => vec![s.text.as_str()],
                NodeKind::Seq(list) => list.iter().filter_map(text).collect(),
                NodeKind::Map(_) => Vec::new(),
            },
            None => Vec::new(),
        };
        let deprecated = flag(get(node, "deprecated"));
        for (i, rule) in self.rules.rules.schemas.iter().enumerate() {
            let [formats, type_patterns] = &self.rules.schemas[i];
            let type_match =
                type_patterns.is_empty() || types.iter().any(|t| any(type_patterns, t, false));
            if any_opt(formats, format, false)
                && type_match
                && rule.deprecated.is_none_or(|d| d == deprecated)
            {
                let first_type = types.first().copied().unwrap_or_default();
                self.topics(
                    &rule.topics,
                    &[("format", format.unwrap_or_default()), ("type", first_type)],
                    rule.report_missing,
                    hits,
                );
            }
        }
    }

    /// Adds the topics of a matching rule that the catalog has; when it has none and the rule
    /// asks for it, notes the first as missing.
    fn topics(
        &self,
        templates: &[String],
        values: &[(&str, &str)],
        report_missing: bool,
        hits: &mut Hits,
    ) {
        let mut first = None;
        let mut present = false;
        for template in templates {
            let Some(id) = expand(template, values) else {
                continue;
            };
            if self.catalog.topic(&id).is_some() {
                present = true;
                if !hits.topics.contains(&id) {
                    hits.topics.push(id);
                }
            } else if first.is_none() {
                first = Some(id);
            }
        }
        if let (false, true, Some(id)) = (present, report_missing, first)
            && !hits.missing.contains(&id)
        {
            hits.missing.push(id);
        }
    }

    /// Records topics for a mapping, unless it cannot take them (a reference, an alias).
    fn mark(&mut self, node: &'d Node, kind: &'static str, topics: &[String]) {
        if topics.is_empty()
            || !matches!(node.kind, NodeKind::Map(_))
            || get(node, "$ref").is_some()
            || super::edit::is_alias(self.doc.text, node)
        {
            return;
        }
        let target = self
            .plan
            .targets
            .entry(node.span.start)
            .or_insert_with(|| Target {
                node,
                kind,
                topics: Vec::new(),
                set: 0,
            });
        for topic in topics {
            if !target.topics.contains(topic) {
                target.topics.push(topic.clone());
            }
        }
    }

    /// Follows `$ref`s to the definition; `None` for a reference that leads outside the
    /// document, nowhere, or round in circles.
    fn resolve(&mut self, node: &'d Node) -> Option<&'d Node> {
        let mut node = node;
        for _ in 0..32 {
            let Some(reference) = get(node, "$ref").and_then(text) else {
                return Some(node);
            };
            node = match self.refs.get(reference) {
                Some(found) => (*found)?,
                None => {
                    let found = pointer(&self.doc.root, reference);
                    self.refs.insert(reference, found);
                    found?
                }
            };
        }
        None
    }
}

/// Topics with the places they apply to, for one operation.
#[derive(Debug, Default, Clone)]
struct Findings {
    found: Vec<Finding>,
    missing: Vec<Finding>,
}

impl Findings {
    fn add(&mut self, hits: &Hits, place: &str) {
        self.add_topics(&hits.topics, place);
        for topic in &hits.missing {
            self.missing.push(Finding {
                topic: topic.clone(),
                place: place.to_owned(),
            });
        }
    }

    fn add_topics(&mut self, topics: &[String], place: &str) {
        for topic in topics {
            self.found.push(Finding {
                topic: topic.clone(),
                place: place.to_owned(),
            });
        }
    }

    fn extend(&mut self, other: &Findings) {
        self.found.extend(other.found.iter().cloned());
        self.missing.extend(other.missing.iter().cloned());
    }
}

fn merge(into: &mut Hits, hits: Hits) {
    for topic in hits.topics {
        if !into.topics.contains(&topic) {
            into.topics.push(topic);
        }
    }
    for topic in hits.missing {
        if !into.missing.contains(&topic) {
            into.missing.push(topic);
        }
    }
}

/// Resolves a local reference (`#/components/responses/NotFound`) in the document.
pub(crate) fn pointer<'n>(root: &'n Node, reference: &str) -> Option<&'n Node> {
    let path = reference.strip_prefix('#')?;
    if path.is_empty() {
        return Some(root);
    }
    let mut node = root;
    for raw in path.strip_prefix('/')?.split('/') {
        let segment = percent_decode(raw).replace("~1", "/").replace("~0", "~");
        node = match &node.kind {
            NodeKind::Map(_) => get(node, &segment)?,
            NodeKind::Seq(list) => list.get(segment.parse::<usize>().ok()?)?,
            NodeKind::Scalar(_) => return None,
        };
    }
    Some(node)
}

fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use stylebook_core::yaml;

    #[test]
    fn pointers_follow_the_json_pointer_rules() {
        let root = yaml::parse(
            "paths:\n  /a/{id}:\n    get: {x: 1}\nlist: [a, b]\n'p%q': 2\n",
            0,
        )
        .unwrap()
        .unwrap();
        let found = |r: &str| pointer(&root, r).and_then(|n| n.as_scalar().map(|s| s.text.clone()));
        assert_eq!(found("#/paths/~1a~1{id}/get/x").as_deref(), Some("1"));
        assert_eq!(found("#/paths/~1a~1%7Bid%7D/get/x").as_deref(), Some("1"));
        assert_eq!(found("#/list/1").as_deref(), Some("b"));
        assert_eq!(found("#/p%25q").as_deref(), Some("2"));
        assert_eq!(found("#/list/2"), None);
        assert_eq!(found("other.yaml#/a"), None);
        assert_eq!(found("#/nothing"), None);
    }
}
