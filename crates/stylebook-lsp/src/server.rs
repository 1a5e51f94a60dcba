//! The server's state and its loop: the catalogs of the files the editor opened, each a
//! [`Workspace`] holding every file of the catalog (open files with their unsaved text), and
//! the diagnostics published for them.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, GotoDefinition, HoverRequest, References, Request as _,
};
use lsp_types::{
    CodeActionKind, CodeActionProviderCapability, CompletionOptions, DiagnosticRelatedInformation,
    DiagnosticSeverity, FileChangeType, HoverProviderCapability, Location, NumberOrString, OneOf,
    PublishDiagnosticsParams, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind,
    Uri,
};
use stylebook_core::{Diagnostic, FileId, FileKind, Index, Loaded, Severity, Workspace};

use crate::Error;
use crate::catalog::Catalog;
use crate::roots::{Form, Root};
use crate::text::{Lines, path_of, uri_of};

/// What the server can do, as told to the client.
pub(crate) fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![" ".into(), "[".into(), ",".into()]),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(
            lsp_types::CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..lsp_types::CodeActionOptions::default()
            },
        )),
        ..ServerCapabilities::default()
    }
}

/// The server: its connection, the catalogs it holds and the documents open in the editor.
pub(crate) struct Server<'c> {
    connection: &'c Connection,
    catalogs: Vec<Catalog>,
    /// The open documents' texts and versions, by path.
    open: HashMap<PathBuf, (String, i32)>,
    /// Files whose diagnostics came from a catalog that is gone, to be cleared.
    cleared: Vec<PathBuf>,
}

impl<'c> Server<'c> {
    pub(crate) fn new(connection: &'c Connection) -> Self {
        Server {
            connection,
            catalogs: Vec::new(),
            open: HashMap::new(),
            cleared: Vec::new(),
        }
    }

    /// Answers messages until `exit`. Changes that arrive together are applied together, and
    /// the catalogs they touch are checked once after them.
    /// With `watch`, first asks the client to report changes to the files a catalog may hold.
    pub(crate) fn run(mut self, watch: bool) -> Result<(), Error> {
        if watch {
            self.send(Message::Request(watch_request()))?;
        }
        loop {
            let Ok(message) = self.connection.receiver.recv() else {
                return Err(Error::Disconnected);
            };
            let mut next = Some(message);
            while let Some(message) = next.take() {
                match message {
                    Message::Request(request) => {
                        if self.connection.handle_shutdown(&request)? {
                            return Ok(());
                        }
                        // Requests see the checked state: check what changed before them.
                        self.check_dirty()?;
                        let response = self.answer(request);
                        self.send(Message::Response(response))?;
                    }
                    Message::Notification(notification) => {
                        if notification.method == "exit" {
                            return Err(Error::ExitWithoutShutdown);
                        }
                        self.notified(notification);
                    }
                    Message::Response(_) => {}
                }
                next = self.connection.receiver.try_recv().ok();
            }
            self.check_dirty()?;
        }
    }

    fn send(&self, message: Message) -> Result<(), Error> {
        self.connection
            .sender
            .send(message)
            .map_err(|_| Error::Disconnected)
    }

    fn notified(&mut self, notification: Notification) {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = notification
                    .extract::<lsp_types::DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD)
                {
                    let doc = p.text_document;
                    if let Some(path) = path_of(&doc.uri) {
                        self.opened(path, doc.text, doc.version);
                    }
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = notification.extract::<lsp_types::DidChangeTextDocumentParams>(
                    DidChangeTextDocument::METHOD,
                ) && let Some(path) = path_of(&p.text_document.uri)
                    && let Some(change) = p.content_changes.into_iter().last()
                {
                    self.open
                        .insert(path.clone(), (change.text.clone(), p.text_document.version));
                    self.changed(&path, Some(change.text.into_bytes()));
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = notification
                    .extract::<lsp_types::DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                    && let Some(path) = path_of(&p.text_document.uri)
                {
                    self.open.remove(&path);
                    // What is on disk counts again.
                    self.changed(&path, read_disk(&path));
                }
            }
            DidChangeWatchedFiles::METHOD => {
                if let Ok(p) = notification.extract::<lsp_types::DidChangeWatchedFilesParams>(
                    DidChangeWatchedFiles::METHOD,
                ) {
                    for change in p.changes {
                        let Some(path) = path_of(&change.uri) else {
                            continue;
                        };
                        if self.open.contains_key(&path) {
                            continue;
                        }
                        let text = (change.typ != FileChangeType::DELETED)
                            .then(|| read_disk(&path))
                            .flatten();
                        self.changed(&path, text);
                    }
                    // A topics.yaml created or deleted changes which catalog a file is in.
                    self.reroot();
                }
            }
            _ => {}
        }
    }

    /// A document opened in the editor: into the catalogs that hold it, and into the catalog
    /// it belongs to, read from disk with it when it is the first of its catalog.
    fn opened(&mut self, path: PathBuf, text: String, version: i32) {
        self.open.insert(path.clone(), (text.clone(), version));
        self.changed(&path, Some(text.into_bytes()));
        self.reroot();
    }

    /// Puts every open document into the catalog it belongs to now, reading that catalog when
    /// it is new; drops the catalogs of files read alone that now belong to a larger one (a
    /// guideline opened before `topics.yaml` existed), clearing what they published.
    fn reroot(&mut self) {
        let open: Vec<(PathBuf, String)> = self
            .open
            .iter()
            .map(|(path, (text, _))| (path.clone(), text.clone()))
            .collect();
        let mut roots = Vec::with_capacity(open.len());
        for (path, text) in &open {
            let root = Root::of(path, text);
            if let Some(root) = &root {
                match self.catalogs.iter_mut().find(|c| c.root == *root) {
                    // A file its catalog's listing does not find (a YAML file at the root of a
                    // source layout): in it, since the editor has it open.
                    Some(catalog) => {
                        if catalog.workspace.file(&name(path)).is_none()
                            && let Some(kind) = kind_in(root, path, text)
                        {
                            catalog.workspace.set(&name(path), kind, text.clone());
                            catalog.dirty = true;
                        }
                    }
                    None => {
                        let catalog = self.read_catalog(root.clone(), path, text);
                        self.catalogs.push(catalog);
                    }
                }
            }
            roots.push((path, root));
        }
        let mut kept = Vec::with_capacity(self.catalogs.len());
        for catalog in self.catalogs.drain(..) {
            let superseded = matches!(catalog.root.form, Form::Single(_))
                && roots.iter().any(|(path, root)| {
                    **path == catalog.root.path && *root != Some(catalog.root.clone())
                });
            if superseded {
                let sources = catalog.workspace.sources();
                self.cleared.extend(
                    catalog
                        .published
                        .iter()
                        .map(|f| PathBuf::from(&sources.get(*f).name)),
                );
            } else {
                kept.push(catalog);
            }
        }
        self.catalogs = kept;
    }

    /// Reads the catalog at `root` from disk, with the unsaved text of open documents, and
    /// with the file at `path` even when the listing does not find it (not saved yet).
    fn read_catalog(&self, root: Root, path: &Path, text: &str) -> Catalog {
        let mut workspace = Workspace::new();
        for (file, kind) in root.files().unwrap_or_default() {
            match self.open.get(&file) {
                Some((text, _)) => workspace.set(&name(&file), kind, text.clone()),
                None => match read_disk(&file) {
                    Some(bytes) => workspace.set_bytes(&name(&file), kind, bytes),
                    None => continue,
                },
            };
        }
        if workspace.file(&name(path)).is_none()
            && let Some(kind) = kind_in(&root, path, text)
        {
            workspace.set(&name(path), kind, text.to_owned());
        }
        Catalog {
            root,
            workspace,
            loaded: Loaded::default(),
            index: Index::default(),
            published: HashSet::new(),
            dirty: true,
        }
    }

    /// A file's text changed (`None`: it is gone): in every catalog that holds it.
    fn changed(&mut self, path: &Path, bytes: Option<Vec<u8>>) {
        let name = name(path);
        for catalog in &mut self.catalogs {
            if !catalog.root.holds(path) && catalog.workspace.file(&name).is_none() {
                continue;
            }
            match &bytes {
                Some(bytes) => {
                    let kind = catalog
                        .workspace
                        .file(&name)
                        .and_then(|f| catalog.workspace.kind(f))
                        .or_else(|| kind_in(&catalog.root, path, &String::from_utf8_lossy(bytes)));
                    if let Some(kind) = kind {
                        catalog.workspace.set_bytes(&name, kind, bytes.clone());
                    }
                }
                None => {
                    catalog.workspace.remove(&name);
                }
            }
            catalog.dirty = true;
        }
    }

    /// The `publishDiagnostics` notification of the file at `path`, with the version of the
    /// open document; `None` for a path no `file://` URI names.
    fn publication(&self, path: &Path, diagnostics: Vec<lsp_types::Diagnostic>) -> Option<Message> {
        let params = PublishDiagnosticsParams {
            uri: uri_of(path)?,
            diagnostics,
            version: self.open.get(path).map(|(_, v)| *v),
        };
        Some(Message::Notification(Notification::new(
            PublishDiagnostics::METHOD.to_owned(),
            params,
        )))
    }

    /// Checks the catalogs that changed and publishes their diagnostics.
    fn check_dirty(&mut self) -> Result<(), Error> {
        for path in std::mem::take(&mut self.cleared) {
            if let Some(message) = self.publication(&path, Vec::new()) {
                self.send(message)?;
            }
        }
        for i in 0..self.catalogs.len() {
            if !self.catalogs[i].dirty {
                continue;
            }
            let catalog = &mut self.catalogs[i];
            catalog.loaded = catalog.workspace.check();
            catalog.index = catalog.workspace.index();
            catalog.dirty = false;
            let messages = self.diagnostics_of(i);
            for message in messages {
                self.send(message)?;
            }
        }
        Ok(())
    }

    /// The `publishDiagnostics` notifications of a catalog: one per file with diagnostics, one
    /// for each file that had some and has none now, and one for each open file (an empty list
    /// tells the editor that the version it shows is clean).
    fn diagnostics_of(&mut self, i: usize) -> Vec<Message> {
        let catalog = &self.catalogs[i];
        let sources = catalog.workspace.sources();
        let mut by_file: HashMap<FileId, Vec<lsp_types::Diagnostic>> = HashMap::new();
        let mut lines: HashMap<FileId, Lines<'_>> = HashMap::new();
        for d in &catalog.loaded.diagnostics {
            let diagnostic = convert(sources, &mut lines, d);
            by_file.entry(d.primary.file).or_default().push(diagnostic);
        }
        let mut files: Vec<FileId> = by_file.keys().copied().collect();
        files.extend(
            catalog
                .published
                .iter()
                .filter(|f| !by_file.contains_key(f)),
        );
        files.extend(
            self.open
                .keys()
                .filter_map(|path| catalog.workspace.file(&name(path))),
        );
        files.sort();
        files.dedup();
        let mut messages = Vec::new();
        for file in &files {
            let path = PathBuf::from(&sources.get(*file).name);
            if self.owner(&sources.get(*file).name) != Some(i) {
                // Another catalog holds it too, more closely: it publishes for it.
                continue;
            }
            let diagnostics = by_file.remove(file).unwrap_or_default();
            messages.extend(self.publication(&path, diagnostics));
        }
        let published: HashSet<FileId> = catalog
            .loaded
            .diagnostics
            .iter()
            .map(|d| d.primary.file)
            .collect();
        self.catalogs[i].published = published;
        messages
    }

    fn answer(&self, request: Request) -> Response {
        let id = request.id.clone();
        match request.method.as_str() {
            HoverRequest::METHOD => self.with::<lsp_types::HoverParams, _>(request, |s, p| {
                let at = &p.text_document_position_params;
                s.locate(&at.text_document.uri, at.position)
                    .and_then(|(c, f, o)| crate::features::hover(c, f, o))
            }),
            Completion::METHOD => self.with::<lsp_types::CompletionParams, _>(request, |s, p| {
                let at = &p.text_document_position;
                s.locate(&at.text_document.uri, at.position)
                    .map(|(c, f, o)| crate::features::completion(c, f, o))
            }),
            GotoDefinition::METHOD => {
                self.with::<lsp_types::GotoDefinitionParams, _>(request, |s, p| {
                    let at = &p.text_document_position_params;
                    s.locate(&at.text_document.uri, at.position)
                        .map(|(c, f, o)| crate::features::definition(c, f, o))
                        .map(lsp_types::GotoDefinitionResponse::Array)
                })
            }
            References::METHOD => self.with::<lsp_types::ReferenceParams, _>(request, |s, p| {
                let at = &p.text_document_position;
                s.locate(&at.text_document.uri, at.position)
                    .map(|(c, f, o)| {
                        crate::features::references(c, f, o, p.context.include_declaration)
                    })
            }),
            CodeActionRequest::METHOD => {
                self.with::<lsp_types::CodeActionParams, _>(request, |s, p| {
                    let uri = &p.text_document.uri;
                    let (catalog, file) = s.file_of(uri)?;
                    let text = &catalog.workspace.sources().get(file).text;
                    let lines = Lines::new(text);
                    let span = lines.offset(p.range.start)..lines.offset(p.range.end);
                    Some(crate::features::code_actions(catalog, file, uri, &span))
                })
            }
            _ => Response::new_err(
                id,
                lsp_server::ErrorCode::MethodNotFound as i32,
                format!("unknown request {}", request.method),
            ),
        }
    }

    /// Answers a request whose parameters are `P` with what `f` gives (`null` for `None`), or
    /// with an error when the parameters are not `P`.
    fn with<P, R>(&self, request: Request, f: impl FnOnce(&Self, P) -> Option<R>) -> Response
    where
        P: serde::de::DeserializeOwned,
        R: serde::Serialize,
    {
        let id: RequestId = request.id;
        match serde_json::from_value::<P>(request.params) {
            Ok(params) => Response::new_ok(id, f(self, params)),
            Err(e) => Response::new_err(
                id,
                lsp_server::ErrorCode::InvalidParams as i32,
                e.to_string(),
            ),
        }
    }

    /// The catalog holding a document and the file's id in it.
    fn file_of(&self, uri: &Uri) -> Option<(&Catalog, FileId)> {
        let name = name(&path_of(uri)?);
        let catalog = &self.catalogs[self.owner(&name)?];
        Some((catalog, catalog.workspace.file(&name)?))
    }

    /// The catalog that answers for the file named `name`: of those that hold it, the one
    /// whose root is closest to it (a folder of pages inside another one answers for its own
    /// pages).
    fn owner(&self, name: &str) -> Option<usize> {
        self.catalogs
            .iter()
            .enumerate()
            .filter(|(_, c)| c.workspace.file(name).is_some())
            .max_by_key(|(i, c)| (c.root.path.components().count(), std::cmp::Reverse(*i)))
            .map(|(i, _)| i)
    }

    /// The catalog, file and byte offset of a position in a document.
    fn locate(
        &self,
        uri: &Uri,
        position: lsp_types::Position,
    ) -> Option<(&Catalog, FileId, usize)> {
        let (catalog, file) = self.file_of(uri)?;
        let text = &catalog.workspace.sources().get(file).text;
        Some((catalog, file, Lines::new(text).offset(position)))
    }
}

/// Most bytes a catalog file read from disk may have, as `stylebook validate` allows by default.
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The bytes of a regular file of at most [`MAX_FILE_BYTES`] (a FIFO, a device or a huge file
/// is never read: reading could block or never end).
fn read_disk(path: &Path) -> Option<Vec<u8>> {
    let meta = fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
        return None;
    }
    fs::read(path).ok()
}

/// The request that asks the client to report changes to the files a catalog may hold.
fn watch_request() -> Request {
    let watchers: Vec<serde_json::Value> = ["yaml", "yml", "json", "md"]
        .iter()
        .map(|ext| serde_json::json!({ "globPattern": format!("**/*.{ext}") }))
        .collect();
    Request::new(
        RequestId::from("stylebook/watch".to_owned()),
        "client/registerCapability".to_owned(),
        serde_json::json!({ "registrations": [{
            "id": "stylebook/watch",
            "method": DidChangeWatchedFiles::METHOD,
            "registerOptions": { "watchers": watchers },
        }] }),
    )
}

/// The name a file has in a workspace: its path, as diagnostics show it.
fn name(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// The kind a file at `path` has in the catalog at `root`.
fn kind_in(root: &Root, path: &Path, text: &str) -> Option<FileKind> {
    match root.form {
        Form::Single(kind) => Some(kind),
        Form::Pages => Some(FileKind::Page),
        Form::Source => {
            FileKind::from_name(&name(path)).or_else(|| FileKind::detect(&name(path), text))
        }
    }
}

/// A diagnostic as the protocol has it: the help goes with it as related information at the
/// same place, and in `data` for the quick fixes.
fn convert<'s>(
    sources: &'s stylebook_core::Sources,
    lines: &mut HashMap<FileId, Lines<'s>>,
    d: &Diagnostic,
) -> lsp_types::Diagnostic {
    let mut range_of = |file: FileId, span: &std::ops::Range<usize>| {
        lines
            .entry(file)
            .or_insert_with(|| Lines::new(&sources.get(file).text))
            .range(span)
    };
    let range = range_of(d.primary.file, &d.primary.span);
    let location = |file: FileId, range| {
        uri_of(Path::new(&sources.get(file).name)).map(|uri| Location::new(uri, range))
    };
    let mut related = Vec::new();
    for label in &d.secondary {
        let r = range_of(label.file, &label.span);
        if let Some(location) = location(label.file, r) {
            related.push(DiagnosticRelatedInformation {
                location,
                message: label.message.clone(),
            });
        }
    }
    if let Some(help) = &d.help
        && let Some(location) = location(d.primary.file, range)
    {
        related.push(DiagnosticRelatedInformation {
            location,
            message: format!("help: {help}"),
        });
    }
    lsp_types::Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            _ => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.code.as_str().to_owned())),
        source: Some("stylebook".to_owned()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        data: d.help.as_ref().map(|h| serde_json::json!({ "help": h })),
        ..lsp_types::Diagnostic::default()
    }
}
