//! `tomc serve`: build the site in memory, serve it on 127.0.0.1, rebuild when a file of
//! the project or its templates changes, and have open pages reload themselves. An error
//! in the spec or a template shows in the page; the server keeps running.
//!
//! A rebuild costs what changed, not the size of the site. The files are watched with
//! the system's notifications (inotify on Linux), not polled; a burst of them (an editor
//! saving) starts one rebuild once they stop. The compile keeps the parse and the
//! elements of every file from one rebuild to the next, as the language server does, so
//! only the files that changed are read again. And no page is rendered before a browser
//! asks for it: each version of the site is the compiled model with what its pages
//! share, and a page is rendered on its first request and kept until the next version.
//!
//! One thread holds the version being served and hands each connection to a thread of
//! its own, which reads the version where it lies: no copy and no lock. When files
//! change, it hands the connections that come next to a new thread, which builds the
//! next version and serves it, and it drops its own once the connections it took are
//! answered.
//!
//! The server is a small one of tomc's own over `std::net`: it answers `GET` and `HEAD`
//! of the site's files, one request per connection, and nothing else. What a connection
//! may cost is bounded: the request line and headers together (16 KiB), the time to send
//! them (5 seconds), and the connections served at once (32, one thread each). Only
//! requests addressed to `127.0.0.1`, `localhost` or `[::1]` are answered, so a web page
//! on another name that resolves to this machine (DNS rebinding) reads nothing.

use std::collections::{BTreeMap, HashMap};
use std::ffi::OsStr;
use std::io::{Read as _, Write as _};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::thread::Scope;
use std::time::{Duration, Instant, SystemTime};

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::cli::ServeArgs;
use crate::compile::{CompileError, Compiled, Options, Reuse, compile_reusing};
use crate::emit::document::escape_html;
use crate::emit::site::html::SitePages;
use crate::emit::site::{HtmlSite, SiteOptions};
use crate::load::project_file;

use super::build::{MARKER, html_site, overrides};
use super::{FAILURE, fail};

/// The server could not start.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("cannot listen on 127.0.0.1:{port}: {message}")]
#[diagnostic(
    code(tomc::serve),
    help("another program may use the port; pick another with --port")
)]
struct ListenError {
    port: u16,
    message: String,
}

/// Runs `tomc serve`.
pub fn run(args: &ServeArgs) -> ExitCode {
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let dir = match project_file(&path) {
        Ok(file) => file
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        Err(e) => return fail(e),
    };
    let listener = match TcpListener::bind(("127.0.0.1", args.port)) {
        Ok(l) => l,
        Err(e) => {
            return fail(ListenError {
                port: args.port,
                message: e.to_string(),
            });
        }
    };
    let port = listener.local_addr().map_or(args.port, |a| a.port());
    let (sender, messages) = std::sync::mpsc::channel();
    // Watched before the first build: a change made while it runs triggers another.
    let watch = Watch::start(&dir, args.templates.as_deref(), &sender);
    let mut builder = Builder {
        path,
        templates: args.templates.clone(),
        reuse: Reuse::default(),
        watch,
    };
    let first = builder.build(1);
    if let Err(e) = std::thread::Builder::new()
        .name("tomc-site".into())
        .spawn(move || hold(builder, messages, first, port))
    {
        eprintln!("error: cannot start the thread that serves the site: {e}");
        return ExitCode::from(FAILURE);
    }
    eprintln!(
        "serving the site at http://127.0.0.1:{port}/ — rebuilt when the spec or templates change; Ctrl-C stops"
    );

    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else {
            // Out of file descriptors, say: wait instead of spinning.
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        let _ = stream.set_write_timeout(Some(REQUEST_TIME));
        let Some(slot) = Slot::take(&active) else {
            let busy = Reply::text(503, "the server is busy: try again\n");
            let _ = busy.write(&mut stream, true);
            continue;
        };
        if sender.send(Message::Connection(stream, slot)).is_err() {
            // The site's thread is gone (it could not start the next): nothing to serve.
            return ExitCode::from(FAILURE);
        }
    }
    ExitCode::from(FAILURE)
}

/// What the thread that holds the site is sent.
enum Message {
    /// A connection to answer, with its place among those served at once.
    Connection(TcpStream, Slot),
    /// Files changed: the paths the notification names (none when unknown: the files were
    /// polled, or the watch failed and may have missed some).
    Changed(Vec<PathBuf>),
}

/// What makes each version of the site: the project, the templates, what one compile
/// keeps for the next, and the watch on the files.
struct Builder {
    path: PathBuf,
    templates: Option<PathBuf>,
    /// The parse of each model file, reused while its text stays the same, and the
    /// elements of each file, reused while its parse and the model's ids stay the same:
    /// the language server's incremental core.
    reuse: Reuse,
    watch: Watch,
}

/// One version of the site: the templates and the compiled model, or the error page.
struct Build {
    number: u64,
    site: Result<(HtmlSite, Compiled), Arc<[u8]>>,
}

impl Builder {
    /// Compiles the project again, reading only the files that changed, and loads the
    /// templates; an error becomes the page shown for every path.
    fn build(&mut self, number: u64) -> Build {
        let options = SiteOptions { live_reload: true };
        let site = match self.compile() {
            Err(e) => Err(super::failure_text(&e)),
            Ok(compiled) => {
                let summary = compiled.summary();
                eprintln!(
                    "rebuilt: {} errors, {} warnings, {} infos",
                    summary.errors, summary.warnings, summary.infos
                );
                overrides(&compiled, &self.path, self.templates.as_deref())
                    .and_then(|overrides| html_site(&overrides, options))
                    .map(|site| (site, compiled))
                    .map_err(|_| {
                        "the site could not be built: see the terminal for the error".into()
                    })
            }
        };
        Build {
            number,
            site: site.map_err(|message| {
                eprintln!("{message}");
                error_page(&message).into_bytes().into()
            }),
        }
    }

    /// [`crate::compile::compile`] with what the last compile kept.
    fn compile(&mut self) -> Result<Compiled, CompileError> {
        compile_reusing(&self.path, &Options::default(), &mut self.reuse)
    }
}

/// How long the files must stay unchanged after a change before a rebuild reads them: an
/// editor's save is a few events within a millisecond or two.
const QUIET: Duration = Duration::from_millis(50);
/// The longest a rebuild waits for the files to stay unchanged: a file written on and on
/// still rebuilds the site this often.
const MOST_SETTLE: Duration = Duration::from_millis(500);

/// Serves `build` until files change, then hands the messages to a new thread, which
/// builds the next version and serves it; returns once the connections this version took
/// are answered, dropping its model.
fn hold(builder: Builder, messages: Receiver<Message>, build: Build, port: u16) {
    let version = Version::new(&build);
    if let Ok(pages) = &version.site {
        // Before the pages learn of the new version: the one they reload renders at once.
        pages.prepare();
    }
    let version = &version;
    let number = build.number + 1;
    std::thread::scope(move |scope| {
        let mut builder = builder;
        if !serve_until_changed(scope, version, &messages, &mut builder.watch, port) {
            return;
        }
        let next = std::thread::Builder::new()
            .name("tomc-site".into())
            .spawn(move || {
                let build = builder.build(number);
                hold(builder, messages, build, port);
            });
        if let Err(e) = next {
            eprintln!(
                "error: cannot start the thread that serves the next version of the site: {e}"
            );
            std::process::exit(i32::from(FAILURE));
        }
    });
}

/// Hands each connection to a thread of `scope` that answers it from `version`, until
/// files change and then stay unchanged for [`QUIET`]; false when no message can come.
fn serve_until_changed<'scope, 'env>(
    scope: &'scope Scope<'scope, 'env>,
    version: &'env Version<'env>,
    messages: &Receiver<Message>,
    watch: &mut Watch,
    port: u16,
) -> bool {
    let answer = |stream: TcpStream, slot: Slot| {
        // A thread that cannot start drops the connection, as a busy server would.
        let _ = std::thread::Builder::new()
            .name("tomc-serve".into())
            .spawn_scoped(scope, move || {
                let _slot = slot;
                connection(stream, port, version);
            });
    };
    loop {
        match messages.recv() {
            Err(_) => return false,
            Ok(Message::Connection(stream, slot)) => answer(stream, slot),
            Ok(Message::Changed(paths)) => {
                if watch.changed(&paths) {
                    break;
                }
            }
        }
    }
    let start = Instant::now();
    let mut last = start;
    loop {
        let until = (last + QUIET).min(start + MOST_SETTLE);
        let Some(wait) = until.checked_duration_since(Instant::now()) else {
            return true;
        };
        match messages.recv_timeout(wait) {
            Err(RecvTimeoutError::Timeout) => return true,
            Err(RecvTimeoutError::Disconnected) => return false,
            Ok(Message::Connection(stream, slot)) => answer(stream, slot),
            Ok(Message::Changed(paths)) => {
                if watch.changed(&paths) {
                    last = Instant::now();
                }
            }
        }
    }
}

/// The version being served: its number, its pages, those rendered so far, and the error
/// page once one could not be rendered.
struct Version<'a> {
    number: u64,
    /// The site of the compiled model, or the error page.
    site: Result<SitePages<'a>, &'a Arc<[u8]>>,
    /// The files rendered so far, by path.
    rendered: Mutex<HashMap<String, Arc<[u8]>>>,
    /// The error page, shown for every path once a file of this version could not be
    /// rendered (a template that fails on some data), as a full build would fail.
    broken: OnceLock<Arc<[u8]>>,
}

impl<'a> Version<'a> {
    fn new(build: &'a Build) -> Self {
        Self {
            number: build.number,
            site: build
                .site
                .as_ref()
                .map(|(site, compiled)| site.pages(compiled)),
            rendered: Mutex::new(HashMap::new()),
            broken: OnceLock::new(),
        }
    }

    /// What the pages poll to know when to reload: the number of the version, marked
    /// once it broke so that they reload into the error page.
    fn label(&self) -> String {
        if self.broken.get().is_some() {
            format!("{}-broken", self.number)
        } else {
            self.number.to_string()
        }
    }

    /// The reply for the file at `rel`, rendered on its first request; the error page
    /// for every path when this version cannot be built.
    fn reply(&self, rel: &str) -> Option<Reply> {
        let html = "text/html; charset=utf-8";
        if let Some(page) = self.broken.get() {
            return Some(Reply::new(200, html, page.clone()));
        }
        let pages = match &self.site {
            Ok(pages) => pages,
            Err(page) => return Some(Reply::new(200, html, Arc::clone(page))),
        };
        let kept = self.rendered().get(rel).cloned();
        if let Some(bytes) = kept {
            return Some(Reply::new(200, content_type(rel), bytes));
        }
        match pages.page(rel)? {
            Ok(file) => {
                let bytes: Arc<[u8]> = file.bytes.into();
                self.rendered().insert(file.path, bytes.clone());
                Some(Reply::new(200, content_type(rel), bytes))
            }
            Err(e) => {
                let page = self.broken.get_or_init(|| {
                    let _ = fail(e);
                    let message = "the site could not be built: see the terminal for the error";
                    eprintln!("{message}");
                    error_page(message).into_bytes().into()
                });
                Some(Reply::new(200, html, page.clone()))
            }
        }
    }

    fn rendered(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<[u8]>>> {
        self.rendered.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// How changes to the files are noticed: the system's notifications, or, when they cannot
/// be had, polling the files every 300 ms.
struct Watch {
    /// The project directory and the templates directory, as real paths.
    roots: Vec<PathBuf>,
    /// The notifications, with a watch on each directory of [`watched_dirs`]; none when
    /// the files are polled.
    watcher: Option<RecommendedWatcher>,
    /// Where a poll says what changed, should the notifications fail later.
    messages: Sender<Message>,
}

impl Watch {
    /// Watches `dir` and `templates`, telling `messages` of changes.
    fn start(dir: &Path, templates: Option<&Path>, messages: &Sender<Message>) -> Self {
        let roots = std::iter::once(dir)
            .chain(templates)
            .map(|root| std::fs::canonicalize(root).unwrap_or_else(|_| root.to_owned()))
            .collect();
        let mut watch = Self {
            roots,
            watcher: None,
            messages: messages.clone(),
        };
        match watch.notified() {
            Ok(watcher) => watch.watcher = Some(watcher),
            Err(e) => watch.poll(&e),
        }
        watch
    }

    /// A watcher of every directory of the roots that holds files tomc may read.
    fn notified(&self) -> notify::Result<RecommendedWatcher> {
        let messages = self.messages.clone();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                let paths = match event {
                    // Reading a file is no change (the rebuild reads them all); closing one
                    // written is, though the writes told already.
                    Ok(event) if is_read(event.kind) => return,
                    Ok(event) => event.paths,
                    // The notifications may have missed something: rebuild to be sure.
                    Err(_) => Vec::new(),
                };
                let _ = messages.send(Message::Changed(paths));
            })?;
        for root in &self.roots {
            for dir in watched_dirs(root) {
                watcher.watch(&dir, RecursiveMode::NonRecursive)?;
            }
        }
        Ok(watcher)
    }

    /// Gives up the notifications for polling, saying why on one line.
    fn poll(&mut self, why: &notify::Error) {
        self.watcher = None;
        eprintln!("cannot watch the files for changes ({why}): polling them every 300 ms instead");
        let roots = self.roots.clone();
        let messages = self.messages.clone();
        let polling = std::thread::Builder::new()
            .name("tomc-poll".into())
            .spawn(move || {
                let mut seen = fingerprint(&roots);
                loop {
                    std::thread::sleep(Duration::from_millis(300));
                    let now = fingerprint(&roots);
                    if now != seen {
                        seen = now;
                        if messages.send(Message::Changed(Vec::new())).is_err() {
                            return;
                        }
                    }
                }
            });
        if let Err(e) = polling {
            eprintln!(
                "cannot poll the files either ({e}): the site is not rebuilt when they change"
            );
        }
    }

    /// Whether a notification about `paths` may change the site (none: it may); the
    /// directories among them are watched from now on.
    fn changed(&mut self, paths: &[PathBuf]) -> bool {
        if self.watcher.is_none() || paths.is_empty() {
            return true;
        }
        let mut changed = false;
        for path in paths {
            if !self.counts(path) {
                continue;
            }
            changed = true;
            if let Err(e) = self.watch_new(path) {
                self.poll(&e);
                return true;
            }
        }
        changed
    }

    /// Watches `path` and the directories below it, when it is a directory.
    fn watch_new(&mut self, path: &Path) -> notify::Result<()> {
        let Some(watcher) = self.watcher.as_mut() else {
            return Ok(());
        };
        if !std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
            return Ok(());
        }
        for dir in watched_dirs(path) {
            match watcher.watch(&dir, RecursiveMode::NonRecursive) {
                // Gone already: its removal is a change of its own.
                Err(e) if matches!(e.kind, notify::ErrorKind::PathNotFound) => {}
                other => other?,
            }
        }
        Ok(())
    }

    /// Whether `path` is one tomc may read: inside a root, and in no directory that
    /// [`watched_dirs`] leaves out, nor an editor's scratch file.
    fn counts(&self, path: &Path) -> bool {
        self.roots.iter().any(|root| {
            path.strip_prefix(root).is_ok_and(|rel| {
                let mut at = root.clone();
                rel.iter().all(|name| {
                    at.push(name);
                    !left_out(name, &at)
                })
            })
        })
    }
}

/// Whether a notification of `kind` is only of a file being read.
fn is_read(kind: EventKind) -> bool {
    matches!(kind, EventKind::Access(access) if access != AccessKind::Close(AccessMode::Write))
}

/// Whether the file or directory `name`, at `path`, is none that tomc reads: hidden
/// (version control, an editor's swap files), `target`, `node_modules`, a built site
/// (which holds [`MARKER`]), or an editor's scratch or backup file.
fn left_out(name: &OsStr, path: &Path) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || [".swp", ".swx", ".tmp"]
            .iter()
            .any(|end| name.ends_with(end))
        || name == "4913"
        || name == "target"
        || name == "node_modules"
        || path.join(MARKER).exists()
}

/// The directories under `root` whose files may change the site: `root` and those below
/// it that [`left_out`] does not leave out. Links are not followed: a link out of the
/// project (`model/x -> /sys`) names nothing tomc reads, and a directory a link inside it
/// names is watched where it is.
fn watched_dirs(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root)
        .follow_links(false)
        .max_depth(12)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !left_out(e.file_name(), e.path()))
        .flatten()
        .filter(|e| e.file_type().is_dir())
        .map(walkdir::DirEntry::into_path)
        .collect()
}

/// Most connections served at once (each on its own thread).
const MAX_CONNECTIONS: usize = 32;
/// Most bytes of a request line and its headers.
const MAX_HEAD_BYTES: usize = 16 * 1024;
/// How long a client has to send its request line and headers, and to take the reply.
const REQUEST_TIME: Duration = Duration::from_secs(5);

/// One of the [`MAX_CONNECTIONS`] places, given back when dropped.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(active: &Arc<AtomicUsize>) -> Option<Self> {
        let taken = active.fetch_add(1, Ordering::SeqCst) < MAX_CONNECTIONS;
        let slot = Self(active.clone());
        taken.then_some(slot)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Reads one request from `stream`, answers it and closes the connection.
fn connection(mut stream: TcpStream, port: u16, version: &Version<'_>) {
    let (reply, head_only) = match read_head(&mut stream) {
        Ok(head) => answer(&head, port, version),
        Err(Head::TooLarge) => (
            Reply::text(
                431,
                "the request line and headers may be at most 16 KiB together\n",
            ),
            false,
        ),
        // Closed, or silent too long: nobody waits for an answer.
        Err(Head::Gone) => return,
    };
    let _ = reply.write(&mut stream, !head_only);
    // Say we are done, then read what the client may still be sending (a little, for a
    // little while), so that closing does not reset the connection before it reads.
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let _ = std::io::copy(&mut (&stream).take(64 * 1024), &mut std::io::sink());
}

/// Why no request head was read.
enum Head {
    /// Longer than [`MAX_HEAD_BYTES`].
    TooLarge,
    /// The connection closed, failed or stayed silent for [`REQUEST_TIME`].
    Gone,
}

/// The request line and headers, up to the blank line that ends them.
fn read_head(stream: &mut TcpStream) -> Result<Vec<u8>, Head> {
    let deadline = Instant::now() + REQUEST_TIME;
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 4096];
    loop {
        if let Some(end) = head_end(&head) {
            head.truncate(end);
            return Ok(head);
        }
        if head.len() >= MAX_HEAD_BYTES {
            return Err(Head::TooLarge);
        }
        let left = deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or(Head::Gone)?;
        stream
            .set_read_timeout(Some(left))
            .map_err(|_| Head::Gone)?;
        let want = (MAX_HEAD_BYTES - head.len()).min(buf.len());
        match stream.read(&mut buf[..want]) {
            Ok(0) => return Err(Head::Gone),
            Ok(n) => head.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return Err(Head::Gone),
        }
    }
}

/// Where the blank line that ends a request head starts, if it has arrived.
fn head_end(head: &[u8]) -> Option<usize> {
    let crlf = head.windows(4).position(|w| w == b"\r\n\r\n");
    let lf = head.windows(2).position(|w| w == b"\n\n");
    crlf.into_iter().chain(lf).min()
}

/// The reply to a request head, and whether the request was `HEAD` (no body sent).
fn answer(head: &[u8], port: u16, version: &Version<'_>) -> (Reply, bool) {
    let Some(request) = Request::parse(head) else {
        return (Reply::text(400, "this is not an HTTP/1 request\n"), false);
    };
    let head_only = request.method == "HEAD";
    if !request.host.as_deref().is_some_and(|h| local_host(h, port)) {
        let reply = Reply::text(
            421,
            "tomc serve answers only requests for 127.0.0.1, localhost or [::1] with its port\n",
        );
        return (reply, head_only);
    }
    if request.method != "GET" && !head_only {
        let mut reply = Reply::text(405, "tomc serve answers only GET and HEAD\n");
        reply.allow = true;
        return (reply, false);
    }
    (respond(&request.target, version), head_only)
}

/// What tomc reads of a request.
struct Request {
    method: String,
    target: String,
    host: Option<String>,
}

impl Request {
    /// The request line and the `Host` header; `None` when the head is not HTTP/1, its
    /// target not a path, or it names two hosts.
    fn parse(head: &[u8]) -> Option<Self> {
        let text = std::str::from_utf8(head).ok()?;
        let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
        let mut parts = lines.next()?.split(' ');
        let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some()
            || method.is_empty()
            || !method.bytes().all(|b| b.is_ascii_uppercase())
            || !target.starts_with('/')
            || !version.starts_with("HTTP/1.")
        {
            return None;
        }
        let mut host = None;
        for line in lines {
            let (name, value) = line.split_once(':')?;
            if name.eq_ignore_ascii_case("host") {
                if host.is_some() {
                    return None;
                }
                host = Some(value.trim().to_owned());
            }
        }
        Some(Self {
            method: method.to_owned(),
            target: target.to_owned(),
            host,
        })
    }
}

/// Whether a `Host` header names this server: `127.0.0.1`, `localhost` or `[::1]`,
/// with no port or with the one it listens on.
fn local_host(host: &str, port: u16) -> bool {
    let host = host.to_ascii_lowercase();
    let (name, given) = match host.rfind(':') {
        Some(i) if !host[i..].contains(']') => (&host[..i], Some(&host[i + 1..])),
        _ => (host.as_str(), None),
    };
    matches!(name, "127.0.0.1" | "localhost" | "[::1]")
        && given.is_none_or(|p| p.parse::<u16>() == Ok(port))
}

/// A response: status, content type and body.
struct Reply {
    status: u16,
    kind: &'static str,
    body: Arc<[u8]>,
    /// Whether to say which methods are allowed (with 405).
    allow: bool,
}

impl Reply {
    fn new(status: u16, kind: &'static str, body: impl Into<Arc<[u8]>>) -> Self {
        Self {
            status,
            kind,
            body: body.into(),
            allow: false,
        }
    }

    fn text(status: u16, message: &str) -> Self {
        Self::new(status, "text/plain; charset=utf-8", message.as_bytes())
    }

    /// Writes the response, with its body unless `body` is false (a `HEAD` request).
    fn write(&self, stream: &mut TcpStream, body: bool) -> std::io::Result<()> {
        let reason = match self.status {
            200 => "OK",
            400 => "Bad Request",
            404 => "Not Found",
            405 => "Method Not Allowed",
            421 => "Misdirected Request",
            431 => "Request Header Fields Too Large",
            _ => "Service Unavailable",
        };
        let allow = if self.allow {
            "Allow: GET, HEAD\r\n"
        } else {
            ""
        };
        let head = format!(
            "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\n{allow}Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
            self.status,
            self.kind,
            self.body.len()
        );
        stream.write_all(head.as_bytes())?;
        if body {
            stream.write_all(&self.body)?;
        }
        stream.flush()
    }
}

/// The page shown for every path while the site cannot be built, saying why.
fn error_page(message: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>tomc: the site cannot be built</title>\
<style>body{{font:15px/1.5 system-ui,sans-serif;margin:2rem;color:#1f2328}}pre{{background:#fdecea;padding:1rem;white-space:pre-wrap}}</style></head>\
<body><h1>The site cannot be built</h1><p>Fix the problem below and save: this page reloads by itself.</p><pre>{}</pre>\
<script>{}</script><script>tomcLiveReload();</script></body></html>\n",
        escape_html(&strip_ansi(message)),
        include_str!("../../templates/site/site.js")
    )
}

/// Text without terminal colour codes.
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The reply to a request for `url`: the version's number for the pages' live reload,
/// or a file of the site.
fn respond(url: &str, version: &Version<'_>) -> Reply {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == "/__tomc/version" {
        return Reply::new(
            200,
            "text/plain; charset=utf-8",
            version.label().into_bytes(),
        );
    }
    let mut rel = path.trim_start_matches('/').to_owned();
    if rel.is_empty() || rel.ends_with('/') {
        rel.push_str("index.html");
    }
    if let Some(reply) = version.reply(&rel) {
        return reply;
    }
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><p>No page at {}. <a href=\"/\">Overview</a></p></body></html>",
        escape_html(path)
    );
    Reply::new(404, "text/html; charset=utf-8", page.into_bytes())
}

fn content_type(path: &str) -> &'static str {
    match Path::new(path).extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json" | "sarif") => "application/json",
        Some("yaml") => "text/yaml; charset=utf-8",
        Some("md") => "text/markdown; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Modification times and sizes of every file under the roots (the project directory and
/// the templates directory) that [`left_out`] does not leave out, for polling the files
/// when the system's notifications cannot be had.
fn fingerprint(roots: &[PathBuf]) -> BTreeMap<PathBuf, (Option<SystemTime>, u64)> {
    let mut out = BTreeMap::new();
    for root in roots {
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .max_depth(12)
            .into_iter()
            .filter_entry(|e| {
                // A link out of the project (`model/x -> /sys`) is never walked: tomc
                // reads nothing there, so nothing there can change the site.
                let outside = e.path_is_symlink()
                    && !std::fs::canonicalize(e.path()).is_ok_and(|real| real.starts_with(root));
                e.depth() == 0 || !(outside || left_out(e.file_name(), e.path()))
            });
        for entry in walker.flatten() {
            if let Ok(meta) = entry.metadata()
                && meta.is_file()
            {
                out.insert(entry.path().to_owned(), (meta.modified().ok(), meta.len()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn the_watch_does_not_walk_links_out_of_the_project() {
        let outside = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(outside.path().join("far")).expect("mkdir");
        std::fs::write(outside.path().join("far.yaml"), "x").expect("write");
        let project = tempfile::tempdir().expect("temp dir");
        let root = std::fs::canonicalize(project.path()).expect("real path");
        std::fs::create_dir(root.join("model")).expect("mkdir");
        std::fs::write(root.join("model/a.yaml"), "x").expect("write");
        std::os::unix::fs::symlink(outside.path(), root.join("model/x")).expect("link");
        std::os::unix::fs::symlink("..", root.join("model/up")).expect("link");
        let watched = watched_dirs(&root);
        assert_eq!(watched, [root.clone(), root.join("model")]);
        let polled: Vec<PathBuf> = fingerprint(std::slice::from_ref(&root))
            .into_keys()
            .collect();
        assert!(polled.contains(&root.join("model/a.yaml")), "{polled:?}");
        assert!(
            !polled.iter().any(|p| p.ends_with("far.yaml")),
            "{polled:?}"
        );
    }

    #[test]
    fn only_files_tomc_may_read_start_a_rebuild() {
        let project = tempfile::tempdir().expect("temp dir");
        let root = std::fs::canonicalize(project.path()).expect("real path");
        std::fs::create_dir_all(root.join("site")).expect("mkdir");
        std::fs::write(root.join("site").join(MARKER), "").expect("write");
        let (messages, _) = std::sync::mpsc::channel();
        let watch = Watch {
            roots: vec![root.clone()],
            watcher: None,
            messages,
        };
        for read in ["tom.yaml", "model/a.yaml", "templates/base.html", "model"] {
            assert!(watch.counts(&root.join(read)), "{read}");
        }
        for scratch in [
            ".git/index",
            "model/.a.yaml.swp",
            "model/a.yaml~",
            "model/4913",
            "target/debug/tomc",
            "site/index.html",
            "node_modules/x/package.json",
        ] {
            assert!(!watch.counts(&root.join(scratch)), "{scratch}");
        }
        assert!(!watch.counts(Path::new("/elsewhere/tom.yaml")));
    }

    #[test]
    fn reading_a_file_is_no_change() {
        use notify::event::{CreateKind, DataChange, ModifyKind};
        assert!(is_read(EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(is_read(EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(!is_read(EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(!is_read(EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
        assert!(!is_read(EventKind::Create(CreateKind::File)));
    }
}
