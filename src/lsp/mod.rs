//! `tomc lsp`: a language server on stdio that publishes `tomc check`'s findings as
//! the user types, and answers definition, references, hover, symbols, completion,
//! rename and code actions from the model it checked.
//!
//! Built on `lsp-server` and `lsp-types`, the crates rust-analyzer runs on: a
//! synchronous loop over a channel of messages, which suits a checker that answers in
//! milliseconds and needs no async runtime. Open buffers are kept as an
//! [`Overlay`] over the files on disk. A change marks the project the file belongs to
//! (the nearest `tom.yaml` at or above it) as changed; once the messages waiting have
//! all been read, or a request needs the model, each changed project is checked again
//! and the findings of its files published. So edits that arrive faster than checks run
//! are checked once, at the last of them: a check they supersede never starts. Each
//! project keeps the parse of its files ([`ParseCache`]), so a check parses only the
//! files whose text changed.

pub mod transport;

mod edit;
mod index;
mod navigate;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    Cancel, DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, GotoDefinition, HoverRequest,
    PrepareRenameRequest, References, Rename, Request as _, WorkspaceSymbolRequest,
};
use lsp_types::{
    CancelParams, CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CodeDescription,
    CompletionOptions, DiagnosticRelatedInformation, DiagnosticSeverity,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, HoverProviderCapability, InitializeParams, Location, MessageType,
    NumberOrString, OneOf, Position, PositionEncodingKind, PublishDiagnosticsParams, Range,
    RenameOptions, ServerCapabilities, ServerInfo, ShowMessageParams, TextDocumentPositionParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, Uri, WorkDoneProgressOptions,
};

use crate::compile::{Compiled, Options, compile_cached};
use crate::diag::Diagnostic;
use crate::limits::Limits;
use crate::load::{Overlay, ParseCache, load_overlaid, real_path};
use crate::resolve::ResolveCache;
use crate::source::{FileId, SourceFile, Sources, Span};
use crate::spec::{Levels, Severity};

use index::Index;

/// The name of a project file.
const PROJECT_FILE: &str = "tom.yaml";

/// Where the rule catalogue lives, for each diagnostic's link to its rule.
const RULES_PAGE: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules.md");

/// Appended to an alignment finding kept from the last check without structural
/// errors, while the model has some.
const STALE: &str = "(from the last check without structural errors: the alignment rules wait until those are fixed)";

/// The handshake, then every message until `exit`.
pub fn serve(connection: &Connection) -> Result<(), String> {
    let (id, params) = connection
        .initialize_start()
        .map_err(|e| format!("no initialize request from the client: {e}"))?;
    let params: InitializeParams = serde_json::from_value(params)
        .map_err(|e| format!("the initialize request could not be read: {e}"))?;
    let encoding = Encoding::chosen(&params);
    let result = serde_json::json!({
        "capabilities": capabilities(encoding),
        "serverInfo": ServerInfo {
            name: "tomc".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        },
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| format!("the handshake failed: {e}"))?;
    let mut server = Server {
        encoding,
        overlay: Overlay::default(),
        projects: BTreeMap::new(),
        versions: HashMap::new(),
    };
    // Every message waiting is read before the changed projects are checked, so that a
    // burst of edits is checked once.
    while let Ok(first) = connection.receiver.recv() {
        let batch: Vec<Message> = std::iter::once(first)
            .chain(connection.receiver.try_iter())
            .collect();
        let cancelled: HashSet<RequestId> = batch
            .iter()
            .filter_map(|m| match m {
                Message::Notification(n) if n.method == Cancel::METHOD => {
                    serde_json::from_value::<CancelParams>(n.params.clone())
                        .ok()
                        .map(|p| match p.id {
                            NumberOrString::Number(n) => RequestId::from(n),
                            NumberOrString::String(s) => RequestId::from(s),
                        })
                }
                _ => None,
            })
            .collect();
        for message in batch {
            match message {
                Message::Request(request) => {
                    if connection
                        .handle_shutdown(&request)
                        .map_err(|e| e.to_string())?
                    {
                        return Ok(());
                    }
                    let response = if cancelled.contains(&request.id) {
                        Response::new_err(
                            request.id,
                            ErrorCode::RequestCanceled as i32,
                            "the client cancelled this request".into(),
                        )
                    } else {
                        server.flush(connection);
                        server.answer(request)
                    };
                    send(connection, Message::Response(response));
                }
                Message::Notification(notification) => server.notified(notification),
                Message::Response(_) => {}
            }
        }
        server.flush(connection);
    }
    Ok(())
}

/// What the server can do, told to the client in the handshake.
fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![":".into(), " ".into(), "[".into(), ",".into()]),
            ..CompletionOptions::default()
        }),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

/// Sends `message`; a client that has gone away ends the loop by closing the channel.
fn send(connection: &Connection, message: Message) {
    let _ = connection.sender.send(message);
}

/// The answer to a request the server does not handle.
fn unknown(request: &Request) -> Response {
    Response::new_err(
        request.id.clone(),
        ErrorCode::MethodNotFound as i32,
        format!(
            "tomc's language server does not handle `{}`",
            request.method
        ),
    )
}

/// How positions count characters in a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    /// UTF-16 code units: what every client understands.
    Utf16,
    /// Bytes, when the client offers it.
    Utf8,
}

impl Encoding {
    /// UTF-8 when the client offers it, else UTF-16.
    fn chosen(params: &InitializeParams) -> Self {
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        if offered.is_some_and(|kinds| kinds.contains(&PositionEncodingKind::UTF8)) {
            Self::Utf8
        } else {
            Self::Utf16
        }
    }

    fn kind(self) -> PositionEncodingKind {
        match self {
            Self::Utf16 => PositionEncodingKind::UTF16,
            Self::Utf8 => PositionEncodingKind::UTF8,
        }
    }

    /// The position of byte `offset` of `file`.
    fn position(self, file: &SourceFile, offset: usize) -> Position {
        let text = file.text.as_str();
        let offset = offset.min(text.len());
        let starts = file.line_starts();
        let line = starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = starts.get(line).copied().unwrap_or(0).min(offset);
        let before = text.get(start..offset).unwrap_or("");
        let character = match self {
            Self::Utf16 => before.encode_utf16().count(),
            Self::Utf8 => before.len(),
        };
        Position::new(to_u32(line), to_u32(character))
    }

    /// The byte offset of `position` in `file`: a line past the end is the end, a
    /// character past the line's end is the line's end.
    fn offset(self, file: &SourceFile, position: Position) -> usize {
        let text = file.text.as_str();
        let Some((start, end)) = file.line_bounds(position.line as usize) else {
            return text.len();
        };
        let line = text.get(start..end).unwrap_or("");
        let wanted = position.character as usize;
        let mut units = 0;
        for (i, c) in line.char_indices() {
            if units >= wanted {
                return start + i;
            }
            units += match self {
                Self::Utf16 => c.len_utf16(),
                Self::Utf8 => c.len_utf8(),
            };
        }
        end
    }

    /// The range of `span` in `file`.
    fn range(self, file: &SourceFile, span: Span) -> Range {
        Range::new(
            self.position(file, span.start()),
            self.position(file, span.end()),
        )
    }
}

/// A count as LSP writes it.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// What the server holds between messages.
struct Server {
    encoding: Encoding,
    /// The open buffers.
    overlay: Overlay,
    /// Every project a file was opened in, by directory.
    projects: BTreeMap<PathBuf, Project>,
    /// The version of each open buffer, sent back with its findings so that the
    /// client can tell which text they are about.
    versions: HashMap<PathBuf, i32>,
}

/// One project and what its last check found.
#[derive(Default)]
struct Project {
    /// Whether a file changed since the last check.
    changed: bool,
    /// The parse of each model file, reused while its text stays the same.
    cache: ParseCache,
    /// The elements of each model file, reused while its parse and the ids of the
    /// model stay the same.
    resolved: ResolveCache,
    /// The last check; `None` before the first, or when the project could not be read.
    compiled: Option<Compiled>,
    /// The names of the last check, built when a request first needs them.
    index: Option<Index>,
    /// Each file of the last check by its real path.
    files: HashMap<PathBuf, FileId>,
    /// The findings last published, for the files that had some.
    published: BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>>,
    /// The files changed since the last check: their findings are published even when
    /// they are the same, so that the editor knows they are up to date.
    touched: BTreeSet<PathBuf>,
    /// The alignment findings of the last check without structural errors, by file,
    /// as published then (the stale marker is added when they are shown again).
    aligned: BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>>,
}

impl Project {
    /// The file at `path` in the last check, with its id.
    fn file(&self, path: &Path) -> Option<(FileId, &SourceFile)> {
        let compiled = self.compiled.as_ref()?;
        let id = *self.files.get(&real_path(path))?;
        Some((id, compiled.sources.get(id)))
    }

    /// The index of the last check, built on first use.
    fn index(&mut self) -> Option<(&Compiled, &Index)> {
        let compiled = self.compiled.as_ref()?;
        let index = self
            .index
            .get_or_insert_with(|| Index::new(&compiled.model, &compiled.sources));
        Some((compiled, index))
    }
}

impl Server {
    /// Takes in a notification: the buffers it changes, and the project it marks as
    /// changed.
    fn notified(&mut self, notification: Notification) {
        let path = match notification.method.as_str() {
            DidOpenTextDocument::METHOD => params::<DidOpenTextDocumentParams>(notification)
                .and_then(|p| {
                    let path = file_path(&p.text_document.uri)?;
                    self.overlay.set(&path, p.text_document.text);
                    self.versions.insert(path.clone(), p.text_document.version);
                    Some(path)
                }),
            DidChangeTextDocument::METHOD => {
                params::<DidChangeTextDocumentParams>(notification).and_then(|p| {
                    let path = file_path(&p.text_document.uri)?;
                    // Full sync: the last change holds the whole text.
                    if let Some(change) = p.content_changes.into_iter().last() {
                        self.overlay.set(&path, change.text);
                        self.versions.insert(path.clone(), p.text_document.version);
                    }
                    Some(path)
                })
            }
            DidCloseTextDocument::METHOD => params::<DidCloseTextDocumentParams>(notification)
                .and_then(|p| {
                    let path = file_path(&p.text_document.uri)?;
                    self.overlay.remove(&path);
                    self.versions.remove(&path);
                    Some(path)
                }),
            DidSaveTextDocument::METHOD => params::<DidSaveTextDocumentParams>(notification)
                .and_then(|p| file_path(&p.text_document.uri)),
            _ => None,
        };
        if let Some((path, dir)) = path.and_then(|p| project_of(&p).map(|dir| (p, dir))) {
            let project = self.projects.entry(dir).or_default();
            project.changed = true;
            project.touched.insert(path);
        }
    }

    /// Checks every project changed since its last check, and publishes its findings.
    fn flush(&mut self, connection: &Connection) {
        let changed: Vec<PathBuf> = self
            .projects
            .iter()
            .filter(|(_, p)| p.changed)
            .map(|(dir, _)| dir.clone())
            .collect();
        for dir in changed {
            let (messages, before) = self.check(&dir);
            for message in messages {
                send(connection, message);
            }
            // Freeing the last check's model takes tens of milliseconds at 100,000
            // elements: done once the findings are sent, beside the next messages.
            if let Some(before) = before {
                std::thread::spawn(move || drop(before));
            }
        }
    }

    /// Checks the project in `dir`: its findings to publish, file by file, and the
    /// results of the check before, to be freed.
    fn check(&mut self, dir: &Path) -> (Vec<Message>, Option<Compiled>) {
        let encoding = self.encoding;
        let overlay = self.overlay.clone();
        let versions = &self.versions;
        let project = self.projects.entry(dir.to_path_buf()).or_default();
        project.changed = false;
        project.index = None;
        let compiled = load_overlaid(dir, &Limits::DEFAULT, overlay, &mut project.cache)
            .map_err(|e| e.to_string())
            .and_then(|loaded| {
                compile_cached(
                    loaded,
                    Levels::new(),
                    &Options::default(),
                    &mut project.resolved,
                )
                .map_err(|e| e.to_string())
            });
        let compiled = match compiled {
            Ok(compiled) => compiled,
            Err(e) => {
                project.files.clear();
                let message = show(format!("tomc cannot check `{}`: {e}", dir.display()));
                return (vec![message], project.compiled.take());
            }
        };
        let mut by_file: BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>> = compiled
            .sources
            .iter()
            .map(|(_, f)| (f.path.clone(), Vec::new()))
            .collect();
        let structural = compiled.has_structural_errors();
        if structural {
            for (path, list) in &project.aligned {
                let stale = list.iter().map(|d| lsp_types::Diagnostic {
                    message: format!("{}\n{STALE}", d.message),
                    ..d.clone()
                });
                by_file.entry(path.clone()).or_default().extend(stale);
            }
        } else {
            project.aligned.clear();
        }
        for d in &compiled.diagnostics {
            let (file, diagnostic) = diagnostic(encoding, &compiled.sources, d);
            if !structural && !d.rule.is_structural() {
                let kept = project.aligned.entry(file.clone()).or_default();
                kept.push(diagnostic.clone());
            }
            by_file.entry(file).or_default().push(diagnostic);
        }
        // Only what changed is sent: at 100,000 elements a check covers 200 files.
        let touched = std::mem::take(&mut project.touched);
        let mut published = BTreeMap::new();
        let mut out = Vec::new();
        let gone: Vec<PathBuf> = project
            .published
            .keys()
            .filter(|p| !by_file.contains_key(*p))
            .cloned()
            .collect();
        by_file.extend(gone.into_iter().map(|p| (p, Vec::new())));
        for (path, diagnostics) in by_file {
            let before = project.published.get(&path).map_or(&[][..], Vec::as_slice);
            let changed = before != diagnostics.as_slice() || touched.contains(&path);
            if let Some(uri) = file_uri(&path).filter(|_| changed) {
                let version = versions.get(&path).copied();
                let params = PublishDiagnosticsParams::new(uri, diagnostics.clone(), version);
                out.push(Message::Notification(Notification::new(
                    PublishDiagnostics::METHOD.to_owned(),
                    params,
                )));
            }
            if !diagnostics.is_empty() {
                published.insert(path, diagnostics);
            }
        }
        project.published = published;
        project.files = compiled
            .sources
            .iter()
            .map(|(id, f)| (real_path(&f.path), id))
            .collect();
        (out, project.compiled.replace(compiled))
    }

    /// The answer to `request`.
    fn answer(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            GotoDefinition::METHOD => self.at_position(request, navigate::definition),
            References::METHOD => self.with(request, navigate::references),
            HoverRequest::METHOD => self.at_position(request, navigate::hover),
            DocumentSymbolRequest::METHOD => self.with(request, navigate::document_symbols),
            WorkspaceSymbolRequest::METHOD => params_of(request).map(|p| {
                let found = navigate::workspace_symbols(self, &p);
                serde_json::to_value(found).unwrap_or_default()
            }),
            Completion::METHOD => self.with(request, edit::completion),
            PrepareRenameRequest::METHOD => self.at_position(request, edit::prepare_rename),
            Rename::METHOD => self.with(request, edit::rename),
            CodeActionRequest::METHOD => self.with(request, edit::code_actions),
            _ => return unknown(&request),
        };
        match result {
            Ok(value) => Response::new_ok(id, value),
            Err(e) => Response::new_err(id, e.code as i32, e.message),
        }
    }

    /// Answers a request whose parameters are a place in a file.
    fn at_position<R: serde::Serialize>(
        &mut self,
        request: Request,
        handler: fn(&mut Context<'_>, usize) -> Result<R, Refusal>,
    ) -> Result<serde_json::Value, Refusal> {
        let p: TextDocumentPositionParams = params_of(request)?;
        self.in_file(&p.text_document.uri, |cx| {
            let offset = cx.offset(p.position);
            handler(cx, offset)
        })
    }

    /// Answers a request whose parameters name a file (`textDocument`).
    fn with<P, R>(
        &mut self,
        request: Request,
        handler: fn(&mut Context<'_>, P) -> Result<R, Refusal>,
    ) -> Result<serde_json::Value, Refusal>
    where
        P: serde::de::DeserializeOwned + HasDocument,
        R: serde::Serialize,
    {
        let p: P = params_of(request)?;
        let uri = p.document().clone();
        self.in_file(&uri, |cx| handler(cx, p))
    }

    /// Runs `handler` on the file at `uri` in its project's last check: `null` for a
    /// file in no project, or not read by its project's check.
    fn in_file<R: serde::Serialize>(
        &mut self,
        uri: &Uri,
        handler: impl FnOnce(&mut Context<'_>) -> Result<R, Refusal>,
    ) -> Result<serde_json::Value, Refusal> {
        let encoding = self.encoding;
        let Some(path) = file_path(uri) else {
            return Ok(serde_json::Value::Null);
        };
        let Some(dir) = project_of(&path) else {
            return Ok(serde_json::Value::Null);
        };
        if !self.projects.contains_key(&dir) {
            // A request about a file of a project no buffer was opened in.
            self.projects.entry(dir.clone()).or_default().changed = true;
            let _ = self.check(&dir);
        }
        let Some(project) = self.projects.get_mut(&dir) else {
            return Ok(serde_json::Value::Null);
        };
        let Some((file, _)) = project.file(&path) else {
            return Ok(serde_json::Value::Null);
        };
        let Some((compiled, index)) = project.index() else {
            return Ok(serde_json::Value::Null);
        };
        let mut cx = Context {
            encoding,
            compiled,
            index,
            file,
        };
        let result = handler(&mut cx)?;
        Ok(serde_json::to_value(result).unwrap_or_default())
    }
}

/// What a request about one file is answered from.
struct Context<'a> {
    encoding: Encoding,
    /// The project's last check.
    compiled: &'a Compiled,
    /// Its names.
    index: &'a Index,
    /// The file the request is about.
    file: FileId,
}

impl Context<'_> {
    /// The file the request is about.
    fn source(&self) -> &SourceFile {
        self.compiled.sources.get(self.file)
    }

    /// The byte offset of `position` in the file.
    fn offset(&self, position: Position) -> usize {
        self.encoding.offset(self.source(), position)
    }

    /// The place of `span`, for the client.
    fn location(&self, span: Span) -> Option<Location> {
        let file = self.compiled.sources.get(span.file);
        Some(Location::new(
            file_uri(&file.path)?,
            self.encoding.range(file, span),
        ))
    }

    /// The range of `span` in its file.
    fn range(&self, span: Span) -> Range {
        self.encoding
            .range(self.compiled.sources.get(span.file), span)
    }
}

/// Why a request is refused: an LSP error code and tomc's sentence.
struct Refusal {
    code: ErrorCode,
    message: String,
}

impl Refusal {
    /// A request that cannot be done as asked (a rename to a taken id).
    fn invalid(message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::InvalidParams,
            message: message.into(),
        }
    }
}

/// Parameters that name the file they are about.
trait HasDocument {
    /// The file's URI.
    fn document(&self) -> &Uri;
}

macro_rules! has_document {
    ($($params:ty => $($field:ident).+;)*) => {
        $(impl HasDocument for $params {
            fn document(&self) -> &Uri {
                &self.$($field).+.uri
            }
        })*
    };
}

has_document! {
    lsp_types::ReferenceParams => text_document_position.text_document;
    lsp_types::DocumentSymbolParams => text_document;
    lsp_types::CompletionParams => text_document_position.text_document;
    lsp_types::RenameParams => text_document_position.text_document;
    lsp_types::CodeActionParams => text_document;
}

/// Finding `d` as LSP says it, and the file it belongs to (`tom.yaml` for a finding
/// about no place).
fn diagnostic(
    encoding: Encoding,
    sources: &Sources,
    d: &Diagnostic,
) -> (PathBuf, lsp_types::Diagnostic) {
    let place = |span: Span| {
        let file = sources.get(span.file);
        (file.path.clone(), encoding.range(file, span))
    };
    let (path, range) = match d.span {
        Some(span) => place(span),
        None => (sources.get(FileId(0)).path.clone(), Range::default()),
    };
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|label| {
            let (path, range) = place(label.span);
            Some(DiagnosticRelatedInformation {
                location: Location::new(file_uri(&path)?, range),
                message: label.message.clone(),
            })
        })
        .collect();
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let href = Uri::from_str(&format!("{RULES_PAGE}#{}", d.rule)).ok();
    let diagnostic = lsp_types::Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.rule.to_string())),
        code_description: href.map(|href| CodeDescription { href }),
        source: Some("tomc".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..lsp_types::Diagnostic::default()
    };
    (path, diagnostic)
}

/// The parameters of `request`, or the error that says they are not what its method
/// takes.
fn params_of<P: serde::de::DeserializeOwned>(request: Request) -> Result<P, Refusal> {
    serde_json::from_value(request.params).map_err(|e| Refusal {
        code: ErrorCode::InvalidParams,
        message: format!(
            "the parameters of `{}` could not be read: {e}",
            request.method
        ),
    })
}

/// The parameters of `notification`; none when they are not what its method takes.
fn params<P: serde::de::DeserializeOwned>(notification: Notification) -> Option<P> {
    serde_json::from_value(notification.params).ok()
}

/// A message the client shows the user.
fn show(message: String) -> Message {
    Message::Notification(Notification::new(
        ShowMessage::METHOD.to_owned(),
        ShowMessageParams {
            typ: MessageType::ERROR,
            message,
        },
    ))
}

/// The directory of the project a file belongs to: the nearest one at or above it
/// holding a `tom.yaml`.
fn project_of(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .skip(1)
        .find(|dir| dir.join(PROJECT_FILE).is_file())
        .map(Path::to_path_buf)
}

/// The path of a `file:` URI; none for any other scheme.
fn file_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied(),
            bytes.get(i + 2).copied(),
        ) {
            (b'%', Some(h), Some(l)) if hex(h).is_some() && hex(l).is_some() => {
                let value = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                out.push(u8::try_from(value).unwrap_or(b'?'));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok().map(PathBuf::from)
}

/// The `file:` URI of an absolute path, with every byte but the unreserved ones and
/// `/` percent-encoded.
fn file_uri(path: &Path) -> Option<Uri> {
    let path = path.to_str()?;
    let mut uri = String::from("file://");
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'.' | b'_' | b'~') {
            uri.push(char::from(b));
        } else {
            let _ = write!(uri, "%{b:02X}");
        }
    }
    Uri::from_str(&uri).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_round_trip_through_percent_encoding() {
        let path = Path::new("/home/ana/my tom/model/caps – é.yaml");
        let uri = file_uri(path).expect("a file URI");
        assert_eq!(
            uri.as_str(),
            "file:///home/ana/my%20tom/model/caps%20%E2%80%93%20%C3%A9.yaml"
        );
        assert_eq!(file_path(&uri).as_deref(), Some(path));
    }

    #[test]
    fn positions_count_utf16_units_or_bytes() {
        let file = SourceFile::new("a.yaml".into(), "a.yaml".into(), "é😀x\nab".into());
        let x = "é😀".len();
        assert_eq!(Encoding::Utf16.position(&file, x), Position::new(0, 3));
        assert_eq!(Encoding::Utf8.position(&file, x), Position::new(0, 6));
        assert_eq!(Encoding::Utf16.position(&file, x + 3), Position::new(1, 1));
    }
}
