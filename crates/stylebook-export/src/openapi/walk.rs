//! Rule matching: walks an OpenAPI description the way the specification reads it and decides
//! which mappings get which topics.
//!
//! The walk knows the shape of Swagger 2.0 and OpenAPI 3.0/3.1 documents: path items (with
//! their path-level parameters, and the fields written beside a path item's `$ref`),
//! operations, parameters, request bodies, responses and their headers, callbacks, webhooks,
//! security schemes, servers, and schemas. A `$ref` is followed to its definition, in the same
//! file or another file of the description, and the definition is what gets the topics, since
//! a Reference Object takes no extensions; definitions nothing refers to are walked too, for
//! what their own content says (a parameter's name, a schema's format). A `$ref` that cannot
//! be followed (it points to nothing, to itself, round a cycle, to a file that cannot be read,
//! or to a URL) is a warning at the `$ref`, once per fault.
//!
//! A mapping is known by its file and the offset where it starts; a mapping copied by a YAML
//! alias is known as its anchor, so that the annotation goes where the text is.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use stylebook_core::openapi::{ParameterLocation, Pattern, Rules, expand};
use stylebook_core::yaml::{Node, NodeKind, Resolved};
use stylebook_core::{Catalog, Code, Diagnostic, did_you_mean};

use super::edit::{anchor_index, is_alias};
use super::refs::{self, Parsed};
use super::{Description, Error, Version};

/// A mapping of the description: its file (a position in [`Description::files`]) and the
/// offset where it starts.
pub(crate) type Place = (usize, usize);

/// What the rules attach to a description.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// The mappings that get an `x-guidelines`. The root is not among them: it gets the
    /// guidelines cited (and `root_topics`).
    pub(crate) targets: HashMap<Place, Target>,
    /// The distinct topic lists of the targets; [`Target::set`] points into it.
    pub(crate) sets: Vec<Vec<String>>,
    /// Topics of the root itself: a Swagger 2.0 `host` and `basePath`.
    pub(crate) root_topics: Vec<String>,
    /// Every operation, in the order met, with what applies to it.
    pub(crate) operations: Vec<Operation>,
    /// Topics found outside operations: security schemes, servers, the root.
    pub(crate) elsewhere: Vec<Finding>,
    /// The `$ref`s that could not be followed.
    pub(crate) unresolved: Vec<Diagnostic>,
}

/// A mapping that gets an `x-guidelines`.
#[derive(Debug)]
pub(crate) struct Target {
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
    /// The topics written for it, each with the element that carries them.
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
    description: &'d Description<'d>,
    catalog: &Catalog,
    rules: &Rules,
) -> Result<Plan, Error> {
    let mut walker = Walker {
        description,
        version: description.version(),
        catalog,
        rules: Compiled::new(rules)?,
        plan: Plan::default(),
        schemes: HashMap::new(),
        refs: HashMap::new(),
        uses: Vec::new(),
        elsewhere: HashMap::new(),
        cycles: HashSet::new(),
        schemas_done: HashMap::new(),
        visiting: Vec::new(),
        anchors: vec![None; description.len()],
    };
    walker.root();
    let uses = std::mem::take(&mut walker.uses);
    let mut plan = walker.plan;
    for (diagnostic, more) in plan.unresolved.iter_mut().zip(uses) {
        if more > 0 {
            diagnostic.help = Some(match more {
                1 => "1 more `$ref` has the same fault".to_owned(),
                n => format!("{n} more `$ref`s have the same fault"),
            });
        }
    }
    let mut interned: HashMap<Vec<String>, usize> = HashMap::new();
    let mut places: Vec<Place> = plan.targets.keys().copied().collect();
    places.sort_unstable();
    for place in places {
        let Some(target) = plan.targets.get_mut(&place) else {
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

/// A node and the file it is in.
#[derive(Debug, Clone, Copy)]
struct At<'d> {
    file: usize,
    node: &'d Node,
}

impl<'d> At<'d> {
    fn get(self, key: &str) -> Option<At<'d>> {
        self.node.get(key).map(|node| At {
            file: self.file,
            node,
        })
    }

    fn text(self) -> Option<&'d str> {
        self.node.text()
    }
}

/// The entries of a mapping node (none for anything else), `x-guidelines` left out.
fn entries(at: Option<At<'_>>) -> impl Iterator<Item = (&str, At<'_>)> {
    let (file, list) = at.map_or((0, &[][..]), |a| (a.file, a.node.entries()));
    list.iter()
        .filter_map(move |(k, v)| Some((k.text()?, At { file, node: v })))
        .filter(|(k, _)| *k != super::edit::KEY)
}

/// The items of a sequence node (none for anything else).
fn items(at: Option<At<'_>>) -> impl Iterator<Item = At<'_>> {
    let (file, list) = at.map_or((0, &[][..]), |a| (a.file, a.node.items()));
    list.iter().map(move |node| At { file, node })
}

fn flag(at: Option<At<'_>>) -> bool {
    at.and_then(|a| a.node.as_scalar())
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
enum Where<'a> {
    /// Under `paths`, with its path.
    Path(&'a str),
    /// Under `webhooks` (3.1), with its name.
    Webhook(&'a str),
    /// In a callback of an operation: the callback's name, its expression, and the operation.
    Callback(&'a str, &'a str, &'a str),
    /// A component nothing may refer to: walked for annotations, left out of the report.
    Component,
}

/// Why a `$ref` could not be followed.
enum Failure<'d> {
    /// A URL or an absolute path: reported once however often it is used.
    Elsewhere(&'d str),
    /// Anything else, with the message.
    Other(String, Option<String>),
}

struct Walker<'d, 'c, 'r> {
    description: &'d Description<'d>,
    version: Version,
    catalog: &'c Catalog,
    rules: Compiled<'r>,
    plan: Plan,
    /// The topics of each security scheme, by name.
    schemes: HashMap<&'d str, Hits>,
    /// References followed so far, by file and text: where they lead, or the warning.
    refs: HashMap<(usize, &'d str), Result<At<'d>, usize>>,
    /// For each warning of `plan.unresolved`, how many more times its fault was met.
    uses: Vec<usize>,
    /// The warning about each URL or absolute path.
    elsewhere: HashMap<&'d str, usize>,
    /// The mappings of the cycles of references reported.
    cycles: HashSet<Place>,
    /// Schemas walked so far, with their own topics.
    schemas_done: HashMap<Place, Vec<String>>,
    /// Path items being walked, against reference cycles through callbacks.
    visiting: Vec<Place>,
    /// Per file, where each collection starts by its first child (see `anchor_index`).
    anchors: Vec<Option<HashMap<(usize, bool), usize>>>,
}

impl<'d> Walker<'d, '_, '_> {
    fn root(&mut self) {
        let root = At {
            file: 0,
            node: &self.description.root().root,
        };
        let version = self.version;
        let schemes = if version == Version::Swagger2 {
            root.get("securityDefinitions")
        } else {
            root.get("components")
                .and_then(|c| c.get("securitySchemes"))
        };
        for (name, scheme) in entries(schemes) {
            self.security_scheme(name, scheme);
        }
        if version == Version::Swagger2 {
            self.swagger_server(root);
        } else {
            let hits = self.servers(root.get("servers"));
            for topic in hits.topics {
                self.plan.elsewhere.push(Finding {
                    topic,
                    place: "server".to_owned(),
                });
            }
        }
        for (path, item) in entries(root.get("paths")) {
            if !path.starts_with("x-") {
                self.path_item(item, Where::Path(path));
            }
        }
        for (name, item) in entries(root.get("webhooks")) {
            self.path_item(item, Where::Webhook(name));
        }
        if version == Version::Swagger2 {
            self.swagger_definitions(root);
        } else {
            self.components(root);
        }
    }

    /// Swagger 2.0 has no server objects: `schemes`, `host` and `basePath` make the URL, and
    /// what it matches goes to the root.
    fn swagger_server(&mut self, root: At<'d>) {
        let host = root.get("host").and_then(At::text);
        let base = root.get("basePath").and_then(At::text);
        if host.is_none() && base.is_none() {
            return;
        }
        let scheme = items(root.get("schemes"))
            .next()
            .and_then(At::text)
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

    fn swagger_definitions(&mut self, root: At<'d>) {
        for (_, schema) in entries(root.get("definitions")) {
            self.schema(schema);
        }
        for (_, parameter) in entries(root.get("parameters")) {
            self.parameter(parameter, None);
        }
        for (_, response) in entries(root.get("responses")) {
            if let Some(response) = self.resolve(response) {
                self.response_body(response, None);
            }
        }
    }

    fn components(&mut self, root: At<'d>) {
        let Some(components) = root.get("components") else {
            return;
        };
        for (_, schema) in entries(components.get("schemas")) {
            self.schema(schema);
        }
        for (_, parameter) in entries(components.get("parameters")) {
            self.parameter(parameter, None);
        }
        for (_, response) in entries(components.get("responses")) {
            if let Some(response) = self.resolve(response) {
                self.response_body(response, None);
            }
        }
        for (_, header) in entries(components.get("headers")) {
            if let Some(header) = self.resolve(header) {
                self.header_body(header);
            }
        }
        for (_, body) in entries(components.get("requestBodies")) {
            self.request_body(body);
        }
        for (_, item) in entries(components.get("pathItems")) {
            self.path_item(item, Where::Component);
        }
        for (_, callback) in entries(components.get("callbacks")) {
            if let Some(callback) = self.resolve(callback) {
                for (expression, item) in entries(Some(callback)) {
                    if !expression.starts_with("x-") {
                        self.path_item(item, Where::Component);
                    }
                }
            }
        }
    }

    fn path_item(&mut self, node: At<'d>, place: Where<'_>) {
        let Some(item) = self.resolve(node) else {
            return;
        };
        let Some(id) = self.identity(item) else {
            return;
        };
        if self.visiting.contains(&id) || self.visiting.len() > 16 {
            return;
        }
        self.visiting.push(id);
        // The fields written beside a path item's `$ref` belong to the path item too.
        let beside = (node.node.get("$ref").is_some() && !std::ptr::eq(node.node, item.node))
            .then_some(node);
        let parts: Vec<At<'d>> = std::iter::once(item).chain(beside).collect();
        let mut common = Findings::default();
        if let Where::Path(path) = place {
            let hits = self.path_hits(path);
            let written = self.mark(item, "path item", &hits.topics);
            common.add(&hits, &format!("path {path}"), written);
        }
        for part in &parts {
            let hits = self.servers(part.get("servers"));
            common.add(&hits, "server of the path", true);
        }
        let report = !matches!(place, Where::Component);
        for part in &parts {
            for parameter in items(part.get("parameters")) {
                self.parameter(parameter, report.then_some(&mut common));
            }
        }
        let methods = if self.version == Version::Swagger2 {
            METHODS_2
        } else {
            METHODS_3
        };
        for part in parts {
            for (method, operation) in entries(Some(part)) {
                if methods.contains(&method) {
                    self.operation(operation, method, place, &common);
                }
            }
        }
        self.visiting.pop();
    }

    fn operation(&mut self, node: At<'d>, method: &str, place: Where<'_>, common: &Findings) {
        let Some(op) = self.resolve(node) else {
            return;
        };
        let path = match place {
            Where::Path(p) | Where::Callback(_, p, _) => p,
            Where::Webhook(_) | Where::Component => "",
        };
        let mut hits = Hits::default();
        let deprecated = flag(op.get("deprecated"));
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
        let written = self.mark(op, "operation", &hits.topics);
        let mut found = Findings::default();
        found.add(&hits, &format!("method {}", method.to_uppercase()), written);
        found.extend(common);
        for parameter in items(op.get("parameters")) {
            self.parameter(parameter, Some(&mut found));
        }
        if let Some(body) = op.get("requestBody") {
            self.request_body(body);
        }
        for (code, response) in entries(op.get("responses")) {
            if !code.starts_with("x-") {
                self.response(code, response, &mut found);
            }
        }
        // The document's security applies to the API's own operations, not to the requests
        // it sends (callbacks and webhooks).
        let root = At {
            file: 0,
            node: &self.description.root().root,
        };
        let inherited = match place {
            Where::Path(_) => root.get("security"),
            _ => None,
        };
        let requirements = op.get("security").or(inherited);
        for requirement in items(requirements) {
            for (name, _) in entries(Some(requirement)) {
                if let Some(hits) = self.schemes.get(name) {
                    found.add(hits, &format!("security scheme {name}"), true);
                }
            }
        }
        let hits = self.servers(op.get("servers"));
        found.add(&hits, "server of the operation", true);
        let method_upper = method.to_uppercase();
        let label = match place {
            Where::Path(path) => format!("{method_upper} {path}"),
            Where::Webhook(name) => format!("{method_upper} {name} (webhook)"),
            Where::Callback(name, expression, owner) => {
                format!("{method_upper} {expression} (callback {name} of {owner})")
            }
            Where::Component => String::new(),
        };
        if !matches!(place, Where::Component) {
            self.plan.operations.push(Operation {
                label: label.clone(),
                id: op.get("operationId").and_then(At::text).map(str::to_owned),
                found: found.found,
                missing: found.missing,
            });
        }
        for (name, callback) in entries(op.get("callbacks")) {
            let Some(callback) = self.resolve(callback) else {
                continue;
            };
            for (expression, item) in entries(Some(callback)) {
                if expression.starts_with("x-") {
                    continue;
                }
                let place = if matches!(place, Where::Component) {
                    Where::Component
                } else {
                    Where::Callback(name, expression, &label)
                };
                self.path_item(item, place);
            }
        }
    }

    fn parameter(&mut self, node: At<'d>, found: Option<&mut Findings>) {
        let Some(p) = self.resolve(node) else {
            return;
        };
        let name = p.get("name").and_then(At::text).unwrap_or_default();
        let location = p.get("in").and_then(At::text).unwrap_or_default();
        let deprecated = flag(p.get("deprecated"));
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
        let swagger = self.version == Version::Swagger2;
        if swagger && location != "body" {
            // A Swagger 2.0 parameter carries its type and format itself.
            self.schema_hits(p.node, &mut hits);
            if let Some(items) = p.get("items") {
                self.swagger_items(items);
            }
        }
        let written = self.mark(p, "parameter", &hits.topics);
        let mut place = format!("parameter {name} in {location}");
        if let Some(found) = found {
            found.add(&hits, &place, written);
            place.push_str(" (schema)");
            let schema = p.get("schema").map_or_else(Vec::new, |s| self.schema(s));
            found.add_topics(&schema, &place);
        } else if let Some(schema) = p.get("schema") {
            self.schema(schema);
        }
        self.content(p.get("content"));
    }

    fn request_body(&mut self, node: At<'d>) {
        if let Some(body) = self.resolve(node) {
            self.content(body.get("content"));
        }
    }

    fn content(&mut self, content: Option<At<'d>>) {
        for (_, media) in entries(content) {
            if let Some(schema) = media.get("schema") {
                self.schema(schema);
            }
            for (_, encoding) in entries(media.get("encoding")) {
                for (name, header) in entries(encoding.get("headers")) {
                    self.header(name, header, None);
                }
            }
        }
    }

    fn response(&mut self, code: &str, node: At<'d>, found: &mut Findings) {
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
        let place = format!("response {code}");
        match self.resolve(node) {
            Some(response) => {
                let written = self.mark(response, "response", &hits.topics);
                found.add(&hits, &place, written);
                self.response_body(response, Some(found));
            }
            None => found.add(&hits, &place, false),
        }
    }

    fn response_body(&mut self, response: At<'d>, mut found: Option<&mut Findings>) {
        for (name, header) in entries(response.get("headers")) {
            self.header(name, header, found.as_deref_mut());
        }
        if let Some(schema) = response.get("schema") {
            self.schema(schema);
        }
        self.content(response.get("content"));
    }

    fn header(&mut self, name: &str, node: At<'d>, found: Option<&mut Findings>) {
        let mut hits = Hits::default();
        self.header_hits(name, &mut hits);
        let place = format!("header {name}");
        let Some(header) = self.resolve(node) else {
            if let Some(found) = found {
                found.add(&hits, &place, false);
            }
            return;
        };
        if self.version == Version::Swagger2 {
            self.schema_hits(header.node, &mut hits);
        }
        let written = self.mark(header, "header", &hits.topics);
        if let Some(found) = found {
            found.add(&hits, &place, written);
        }
        self.header_body(header);
    }

    /// The schemas inside a header.
    fn header_body(&mut self, header: At<'d>) {
        if self.version == Version::Swagger2 {
            if let Some(items) = header.get("items") {
                self.swagger_items(items);
            }
            return;
        }
        if let Some(schema) = header.get("schema") {
            self.schema(schema);
        }
        self.content(header.get("content"));
    }

    fn header_hits(&self, name: &str, hits: &mut Hits) {
        for (i, rule) in self.rules.rules.headers.iter().enumerate() {
            if any(&self.rules.headers[i], name, true) {
                self.topics(&rule.topics, &[("name", name)], rule.report_missing, hits);
            }
        }
    }

    /// A Swagger 2.0 Items Object: a type and format, and maybe items again.
    fn swagger_items(&mut self, node: At<'d>) {
        let mut hits = Hits::default();
        self.schema_hits(node.node, &mut hits);
        self.mark(node, "item", &hits.topics);
        if let Some(inner) = node.get("items") {
            self.swagger_items(inner);
        }
    }

    fn security_scheme(&mut self, name: &'d str, node: At<'d>) {
        let Some(scheme) = self.resolve(node) else {
            return;
        };
        let kind = scheme.get("type").and_then(At::text).unwrap_or_default();
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
        if !self.mark(scheme, "security scheme", &hits.topics) {
            hits.topics.clear();
        }
        for topic in &hits.topics {
            self.plan.elsewhere.push(Finding {
                topic: topic.clone(),
                place: format!("security scheme {name}"),
            });
        }
        self.schemes.insert(name, hits);
    }

    /// A list of Server Objects: each gets its topics; the union of those written is
    /// returned.
    fn servers(&mut self, list: Option<At<'d>>) -> Hits {
        let mut all = Hits::default();
        for server in items(list) {
            let url = server.get("url").and_then(At::text).unwrap_or_default();
            let variables: Vec<&str> = entries(server.get("variables")).map(|(k, _)| k).collect();
            let mut hits = self.server_hits(url, &variables);
            if !self.mark(server, "server", &hits.topics) {
                hits.topics.clear();
            }
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

    /// Walks a schema and its subschemas (following a `$ref` to the schema it names); returns
    /// the topics written on the schema itself.
    fn schema(&mut self, node: At<'d>) -> Vec<String> {
        let Some(at) = self.resolve(node) else {
            return Vec::new();
        };
        let NodeKind::Map(list) = &at.node.kind else {
            return Vec::new();
        };
        let Some(id) = self.identity(at) else {
            return Vec::new();
        };
        if let Some(done) = self.schemas_done.get(&id) {
            return done.clone();
        }
        let mut hits = Hits::default();
        self.schema_hits(at.node, &mut hits);
        if !self.mark(at, "schema", &hits.topics) {
            hits.topics.clear();
        }
        self.schemas_done.insert(id, hits.topics.clone());
        let file = at.file;
        for (key, value) in list {
            let value = At { file, node: value };
            match key.text().unwrap_or_default() {
                "properties" | "patternProperties" | "dependentSchemas" | "$defs"
                | "definitions" => {
                    for (_, schema) in entries(Some(value)) {
                        self.schema(schema);
                    }
                }
                "items" | "prefixItems" | "allOf" | "anyOf" | "oneOf" => match &value.node.kind {
                    NodeKind::Seq(_) => {
                        for schema in items(Some(value)) {
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
        let format = node.get("format").and_then(Node::text);
        let types: Vec<&str> = match node.get("type") {
            Some(n) => match &n.kind {
                NodeKind::Scalar(s) => vec![s.text.as_str()],
                NodeKind::Seq(list) => list.iter().filter_map(Node::text).collect(),
                NodeKind::Map(_) => Vec::new(),
            },
            None => Vec::new(),
        };
        let deprecated = node
            .get("deprecated")
            .and_then(Node::as_scalar)
            .is_some_and(|s| s.resolve() == Resolved::Bool && s.text.eq_ignore_ascii_case("true"));
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

    /// Records topics for a mapping (for the anchor of a mapping copied by an alias); false
    /// when there are none, or the node cannot take them (a reference, not a mapping).
    fn mark(&mut self, at: At<'d>, kind: &'static str, topics: &[String]) -> bool {
        if topics.is_empty()
            || !matches!(at.node.kind, NodeKind::Map(_))
            || at.node.get("$ref").is_some()
        {
            return false;
        }
        let Some(id) = self.identity(at) else {
            return false;
        };
        let target = self.plan.targets.entry(id).or_insert_with(|| Target {
            kind,
            topics: Vec::new(),
            set: 0,
        });
        for topic in topics {
            if !target.topics.contains(topic) {
                target.topics.push(topic.clone());
            }
        }
        true
    }

    /// Where a mapping's text is: its own place, or for a copy made by an alias, its
    /// anchor's; `None` for the copy of an empty collection.
    fn identity(&mut self, at: At<'d>) -> Option<Place> {
        let description: &'d Description<'d> = self.description;
        let doc = &description.files[at.file].1;
        if !is_alias(&doc.text, at.node) {
            return Some((at.file, at.node.span.start));
        }
        let (first, is_map) = match &at.node.kind {
            NodeKind::Map(entries) => (entries.first()?.0.span.start, true),
            NodeKind::Seq(items) => (items.first()?.span.start, false),
            NodeKind::Scalar(_) => return None,
        };
        let index = self.anchors[at.file].get_or_insert_with(|| anchor_index(&doc.text, &doc.root));
        index.get(&(first, is_map)).map(|start| (at.file, *start))
    }

    /// Follows `$ref`s to the definition; `None`, with a warning at the `$ref`, for a
    /// reference that leads nowhere, round in circles, or out of the description.
    fn resolve(&mut self, at: At<'d>) -> Option<At<'d>> {
        let mut at = at;
        let mut chain: Vec<Place> = Vec::new();
        let mut names: Vec<&'d str> = Vec::new();
        loop {
            let Some(ref_node) = at.node.get("$ref") else {
                return Some(at);
            };
            let Some(reference) = ref_node.text() else {
                let message = format!("`$ref` is {}, not text", ref_node.describe());
                self.warn(at.file, ref_node.span.clone(), message, None);
                return None;
            };
            chain.push((at.file, at.node.span.start));
            names.push(reference);
            let target = match self.refs.get(&(at.file, reference)) {
                Some(Ok(target)) => *target,
                Some(Err(warning)) => {
                    self.uses[*warning] += 1;
                    return None;
                }
                None => match self.locate(at.file, reference) {
                    Ok(target) => {
                        self.refs.insert((at.file, reference), Ok(target));
                        target
                    }
                    Err(failure) => {
                        let warning = self.failed(at.file, ref_node.span.clone(), failure);
                        self.refs.insert((at.file, reference), Err(warning));
                        return None;
                    }
                },
            };
            let place = (target.file, target.node.span.start);
            if let Some(k) = chain.iter().position(|p| *p == place) {
                // Reported once per cycle, wherever the walk enters it.
                if !self.cycles.contains(&place) {
                    self.cycles.extend(chain[k..].iter().copied());
                    let cycle = &names[k..];
                    let message = if cycle.len() == 1 {
                        format!("`{reference}` refers to the object it is written in")
                    } else {
                        format!(
                            "`{reference}` closes a cycle of references: {} -> {}",
                            cycle.join(" -> "),
                            cycle[0]
                        )
                    };
                    self.warn(at.file, ref_node.span.clone(), message, None);
                }
                return None;
            }
            at = target;
        }
    }

    /// Where `reference`, written in `file`, leads.
    fn locate(&self, file: usize, reference: &'d str) -> Result<At<'d>, Failure<'d>> {
        let base = &self.description.files[file].0;
        let (target, fragment) = match refs::parse(base, reference) {
            Parsed::Elsewhere(path) => return Err(Failure::Elsewhere(path)),
            Parsed::File {
                file: None,
                fragment,
            } => (file, fragment),
            Parsed::File {
                file: Some(name),
                fragment,
            } => {
                if let Some(why) = self.description.unreadable.get(&name) {
                    return Err(Failure::Other(
                        format!("`{reference}` cannot be followed: {why}"),
                        None,
                    ));
                }
                match self.description.files.iter().position(|(n, _)| *n == name) {
                    Some(found) => (found, fragment),
                    None => {
                        return Err(Failure::Other(
                            format!("`{reference}` cannot be followed: {name} was not read"),
                            None,
                        ));
                    }
                }
            }
        };
        let root = &self.description.files[target].1.root;
        if !fragment.is_empty() && !fragment.starts_with('/') {
            return Err(Failure::Other(
                format!("`{reference}` is not a JSON pointer: only `#/...` fragments are followed"),
                None,
            ));
        }
        let mut node = root;
        let mut path = String::from("#");
        for raw in fragment.split('/').skip(1) {
            let segment = percent_decode(raw).replace("~1", "/").replace("~0", "~");
            let next = match &node.kind {
                NodeKind::Map(entries) => node.get(&segment).ok_or_else(|| {
                    let keys: Vec<&str> = entries.iter().filter_map(|(k, _)| k.text()).collect();
                    did_you_mean(&segment, &keys).map(|k| format!("did you mean `{k}`?"))
                }),
                NodeKind::Seq(list) => segment
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| list.get(i))
                    .ok_or(None),
                NodeKind::Scalar(_) => Err(None),
            };
            match next {
                Ok(next) => node = next,
                Err(help) => {
                    let within = if target == file {
                        path
                    } else {
                        format!("{}{path}", self.description.files[target].0)
                    };
                    return Err(Failure::Other(
                        format!("`{reference}` points to nothing: no `{segment}` in `{within}`"),
                        help,
                    ));
                }
            }
            path.push('/');
            path.push_str(raw);
        }
        Ok(At { file: target, node })
    }

    /// Records the warning of a reference that cannot be followed; returns its index.
    fn failed(&mut self, file: usize, span: Range<usize>, failure: Failure<'d>) -> usize {
        match failure {
            Failure::Elsewhere(path) => {
                if let Some(&warning) = self.elsewhere.get(path) {
                    self.uses[warning] += 1;
                    return warning;
                }
                let what = if path.starts_with('/') {
                    "absolute paths are not followed"
                } else {
                    "URLs are not fetched"
                };
                let message = format!(
                    "`{path}` is not followed: {what}, so what it defines is not annotated"
                );
                let warning = self.warn(file, span, message, None);
                self.elsewhere.insert(path, warning);
                warning
            }
            Failure::Other(message, help) => self.warn(file, span, message, help),
        }
    }

    fn warn(
        &mut self,
        file: usize,
        span: Range<usize>,
        message: String,
        help: Option<String>,
    ) -> usize {
        let mut warning = Diagnostic::warning(
            Code::UnresolvedRef,
            self.description.id(file),
            span,
            message,
        );
        warning.help = help;
        self.plan.unresolved.push(warning);
        self.uses.push(0);
        self.plan.unresolved.len() - 1
    }
}

/// Topics with the places they apply to, for one operation.
#[derive(Debug, Default, Clone)]
struct Findings {
    found: Vec<Finding>,
    missing: Vec<Finding>,
}

impl Findings {
    /// Adds the topics of `hits` (when `written`: the report lists only topics that are
    /// written somewhere) and the topics the catalog lacks.
    fn add(&mut self, hits: &Hits, place: &str, written: bool) {
        if written {
            self.add_topics(&hits.topics, place);
        }
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

/// `text` with its `%XX` escapes decoded.
pub(crate) fn percent_decode(text: &str) -> String {
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
