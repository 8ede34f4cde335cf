//! `tomc serve`: build the site in memory, serve it on 127.0.0.1, rebuild when a file of
//! the project or its templates changes, and have open pages reload themselves. An error
//! in the spec or a template shows in the page; the server keeps running.
//!
//! The server is a small one of tomc's own over `std::net`: it answers `GET` and `HEAD`
//! of files held in memory, one request per connection, and nothing else. What a
//! connection may cost is bounded: the request line and headers together (16 KiB), the
//! time to send them (5 seconds), and the connections served at once (32, one thread
//! each). Only requests addressed to `127.0.0.1`, `localhost` or `[::1]` are answered,
//! so a web page on another name that resolves to this machine (DNS rebinding) reads
//! nothing.

use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime};

use crate::cli::ServeArgs;
use crate::compile::{Options, compile};
use crate::emit::document::escape_html;
use crate::emit::output::files;
use crate::emit::site::{SiteFile, SiteOptions};
use crate::load::project_file;

use super::build::{html_site, overrides};
use super::{FAILURE, fail};

/// The site being served, with a number that changes on every rebuild.
#[derive(Debug, Default)]
struct Served {
    version: u64,
    files: BTreeMap<String, Vec<u8>>,
}

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
    let served = Arc::new(RwLock::new(Served::default()));
    // Taken before the first build: a change made while it runs triggers another.
    let mut seen = fingerprint(&dir, args.templates.as_deref());
    rebuild(&path, args.templates.as_deref(), &served);
    let port = listener.local_addr().map_or(args.port, |a| a.port());
    eprintln!(
        "serving the site at http://127.0.0.1:{port}/ — rebuilt when the spec or templates change; Ctrl-C stops"
    );

    let watched = served.clone();
    let templates = args.templates.clone();
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(300));
            let mut now = fingerprint(&dir, templates.as_deref());
            if now == seen {
                continue;
            }
            // Wait for an editor's writes to settle before reading the files.
            loop {
                std::thread::sleep(Duration::from_millis(150));
                let again = fingerprint(&dir, templates.as_deref());
                if again == now {
                    break;
                }
                now = again;
            }
            seen = now;
            rebuild(&path, templates.as_deref(), &watched);
        }
    });

    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else {
            // Out of file descriptors, say: wait instead of spinning.
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        let _ = stream.set_write_timeout(Some(REQUEST_TIME));
        let slot = Slot::take(&active);
        if slot.is_none() {
            let busy = Reply::text(503, "the server is busy: try again\n");
            let _ = busy.write(&mut stream, true);
            continue;
        }
        let served = served.clone();
        let _ = std::thread::Builder::new()
            .name("tomc-serve".into())
            .spawn(move || {
                let _slot = slot;
                connection(stream, port, &served);
            });
    }
    ExitCode::from(FAILURE)
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
fn connection(mut stream: TcpStream, port: u16, served: &RwLock<Served>) {
    let (reply, head_only) = match read_head(&mut stream) {
        Ok(head) => answer(&head, port, served),
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
fn answer(head: &[u8], port: u16, served: &RwLock<Served>) -> (Reply, bool) {
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
    (respond(&request.target, served), head_only)
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
    body: Vec<u8>,
    /// Whether to say which methods are allowed (with 405).
    allow: bool,
}

impl Reply {
    fn new(status: u16, kind: &'static str, body: Vec<u8>) -> Self {
        Self {
            status,
            kind,
            body,
            allow: false,
        }
    }

    fn text(status: u16, message: &str) -> Self {
        Self::new(
            status,
            "text/plain; charset=utf-8",
            message.as_bytes().to_vec(),
        )
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

/// Builds the site into memory; an error becomes the page shown for every path.
fn rebuild(path: &Path, templates: Option<&Path>, served: &RwLock<Served>) {
    let options = SiteOptions { live_reload: true };
    let files: Result<Vec<SiteFile>, String> = match compile(path, &Options::default()) {
        Err(e) => Err(super::failure_text(&e)),
        Ok(compiled) => {
            let summary = compiled.summary();
            eprintln!(
                "rebuilt: {} errors, {} warnings, {} infos",
                summary.errors, summary.warnings, summary.infos
            );
            overrides(&compiled, path, templates)
                .and_then(|overrides| html_site(&overrides, options))
                .and_then(|site| files(&site, &compiled).map_err(fail))
                .map_err(|_| {
                    "the site could not be built: see the terminal for the error".to_owned()
                })
        }
    };
    let files = files.unwrap_or_else(|message| {
        eprintln!("{message}");
        vec![SiteFile {
            path: "__error.html".into(),
            bytes: error_page(&message).into_bytes(),
        }]
    });
    if let Ok(mut s) = served.write() {
        s.version += 1;
        s.files = files.into_iter().map(|f| (f.path, f.bytes)).collect();
    }
}

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

fn respond(url: &str, served: &RwLock<Served>) -> Reply {
    let Ok(s) = served.read() else {
        return Reply::text(503, "busy\n");
    };
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == "/__tomc/version" {
        return Reply::new(
            200,
            "text/plain; charset=utf-8",
            s.version.to_string().into_bytes(),
        );
    }
    let mut rel = path.trim_start_matches('/').to_owned();
    if rel.is_empty() || rel.ends_with('/') {
        rel.push_str("index.html");
    }
    if let Some(bytes) = s.files.get(&rel) {
        return Reply::new(200, content_type(&rel), bytes.clone());
    }
    if let Some(error) = s.files.get("__error.html") {
        return Reply::new(200, "text/html; charset=utf-8", error.clone());
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

/// Modification times and sizes of every file under the project directory (hidden
/// folders, `target`, `node_modules` and built sites aside) and the templates directory.
fn fingerprint(
    dir: &Path,
    templates: Option<&Path>,
) -> BTreeMap<PathBuf, (Option<SystemTime>, u64)> {
    let mut out = BTreeMap::new();
    for root in std::iter::once(dir).chain(templates) {
        let real_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_owned());
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .max_depth(12)
            .into_iter()
            .filter_entry(|e| {
                let name = e.file_name().to_string_lossy();
                // A link out of the project (`model/x -> /sys`) is never walked: tomc
                // reads nothing there, so nothing there can change the site.
                let outside = e.path_is_symlink()
                    && !std::fs::canonicalize(e.path())
                        .is_ok_and(|real| real.starts_with(&real_root));
                e.depth() == 0
                    || !(outside
                        || name.starts_with('.')
                        || name == "target"
                        || name == "node_modules"
                        || e.path().join(super::build::MARKER).exists())
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
        std::fs::write(outside.path().join("far.yaml"), "x").expect("write");
        let project = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(project.path().join("model")).expect("mkdir");
        std::fs::write(project.path().join("model/a.yaml"), "x").expect("write");
        std::os::unix::fs::symlink(outside.path(), project.path().join("model/x")).expect("link");
        std::os::unix::fs::symlink("..", project.path().join("model/up")).expect("link");
        let seen: Vec<PathBuf> = fingerprint(project.path(), None).into_keys().collect();
        assert!(
            seen.contains(&project.path().join("model/a.yaml")),
            "{seen:?}"
        );
        assert!(!seen.iter().any(|p| p.ends_with("far.yaml")), "{seen:?}");
    }
}
