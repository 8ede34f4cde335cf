//! `tomc lsp`: a language server on stdio that publishes `tomc check`'s findings as
//! the user types.
//!
//! Built on `lsp-server` and `lsp-types`, the crates rust-analyzer runs on: a
//! synchronous loop over a channel of messages, which suits a checker that answers in
//! milliseconds and needs no async runtime. Open buffers are kept as an
//! [`Overlay`] over the files on disk; each change checks the project the file belongs
//! to (the nearest `tom.yaml` at or above it) and publishes the findings of every file
//! of that project, clearing those it published before and no longer has.

pub mod transport;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics, ShowMessage,
};
use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, DidChangeTextDocumentParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams,
    InitializeParams, Location, MessageType, NumberOrString, Position, PositionEncodingKind,
    PublishDiagnosticsParams, Range, ServerCapabilities, ServerInfo, ShowMessageParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, Uri,
};

use crate::compile::{Options, compile_loaded};
use crate::diag::Diagnostic;
use crate::limits::Limits;
use crate::load::{Overlay, load_overlaid};
use crate::source::{FileId, SourceFile, Sources, Span};
use crate::spec::{Levels, Severity};

/// The name of a project file.
const PROJECT_FILE: &str = "tom.yaml";

/// The handshake, then every message until `exit`.
pub fn serve(connection: &Connection) -> Result<(), String> {
    let (id, params) = connection
        .initialize_start()
        .map_err(|e| format!("no initialize request from the client: {e}"))?;
    let params: InitializeParams = serde_json::from_value(params)
        .map_err(|e| format!("the initialize request could not be read: {e}"))?;
    let encoding = Encoding::chosen(&params);
    let capabilities = ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        ..ServerCapabilities::default()
    };
    let result = serde_json::json!({
        "capabilities": capabilities,
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
        published: BTreeMap::new(),
    };
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection
                    .handle_shutdown(&request)
                    .map_err(|e| e.to_string())?
                {
                    return Ok(());
                }
                send(connection, Message::Response(unknown(&request)));
            }
            Message::Notification(notification) => {
                for out in server.notified(notification) {
                    send(connection, out);
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
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

    /// The range of `span` in `file`.
    fn range(self, file: &SourceFile, span: Span) -> Range {
        Range::new(
            self.position(file, span.start),
            self.position(file, span.end),
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
    /// The files each project last had findings published for, by project directory.
    published: BTreeMap<PathBuf, BTreeSet<PathBuf>>,
}

impl Server {
    /// The messages that answer a notification.
    fn notified(&mut self, notification: Notification) -> Vec<Message> {
        let path = match notification.method.as_str() {
            DidOpenTextDocument::METHOD => params::<DidOpenTextDocumentParams>(notification)
                .and_then(|p| {
                    let path = file_path(&p.text_document.uri)?;
                    self.overlay.set(&path, p.text_document.text);
                    Some(path)
                }),
            DidChangeTextDocument::METHOD => {
                params::<DidChangeTextDocumentParams>(notification).and_then(|p| {
                    let path = file_path(&p.text_document.uri)?;
                    // Full sync: the last change holds the whole text.
                    if let Some(change) = p.content_changes.into_iter().last() {
                        self.overlay.set(&path, change.text);
                    }
                    Some(path)
                })
            }
            DidCloseTextDocument::METHOD => params::<DidCloseTextDocumentParams>(notification)
                .and_then(|p| {
                    let path = file_path(&p.text_document.uri)?;
                    self.overlay.remove(&path);
                    Some(path)
                }),
            DidSaveTextDocument::METHOD => params::<DidSaveTextDocumentParams>(notification)
                .and_then(|p| file_path(&p.text_document.uri)),
            _ => None,
        };
        match path.as_deref().and_then(project_of) {
            Some(dir) => self.check(&dir),
            None => Vec::new(),
        }
    }

    /// Checks the project in `dir` and publishes its findings, file by file.
    fn check(&mut self, dir: &Path) -> Vec<Message> {
        let loaded = match load_overlaid(dir, &Limits::DEFAULT, self.overlay.clone()) {
            Ok(loaded) => loaded,
            Err(e) => return vec![show(format!("tomc cannot check `{}`: {e}", dir.display()))],
        };
        let compiled = match compile_loaded(loaded, Levels::new(), &Options::default()) {
            Ok(compiled) => compiled,
            Err(e) => return vec![show(format!("tomc cannot check `{}`: {e}", dir.display()))],
        };
        let mut by_file: BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>> = compiled
            .sources
            .iter()
            .map(|(_, f)| (f.path.clone(), Vec::new()))
            .collect();
        for d in &compiled.diagnostics {
            let (file, diagnostic) = self.diagnostic(&compiled.sources, d);
            by_file.entry(file).or_default().push(diagnostic);
        }
        let before = self.published.remove(dir).unwrap_or_default();
        let now: BTreeSet<PathBuf> = by_file
            .iter()
            .filter(|(_, list)| !list.is_empty())
            .map(|(path, _)| path.clone())
            .collect();
        for gone in before.difference(&now) {
            by_file.entry(gone.clone()).or_default();
        }
        self.published.insert(dir.to_path_buf(), now);
        by_file
            .into_iter()
            .filter_map(|(path, diagnostics)| {
                let params = PublishDiagnosticsParams::new(file_uri(&path)?, diagnostics, None);
                Some(Message::Notification(Notification::new(
                    PublishDiagnostics::METHOD.to_owned(),
                    params,
                )))
            })
            .collect()
    }

    /// Finding `d` as LSP says it, and the file it belongs to (`tom.yaml` for a
    /// finding about no place).
    fn diagnostic(&self, sources: &Sources, d: &Diagnostic) -> (PathBuf, lsp_types::Diagnostic) {
        let place = |span: Span| {
            let file = sources.get(span.file);
            (file.path.clone(), self.encoding.range(file, span))
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
        let diagnostic = lsp_types::Diagnostic {
            range,
            severity: Some(match d.severity {
                Severity::Error => DiagnosticSeverity::ERROR,
                Severity::Warning => DiagnosticSeverity::WARNING,
                Severity::Info => DiagnosticSeverity::INFORMATION,
            }),
            code: Some(NumberOrString::String(d.rule.to_string())),
            source: Some("tomc".into()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            ..lsp_types::Diagnostic::default()
        };
        (path, diagnostic)
    }
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
