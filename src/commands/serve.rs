//! `tomc serve`: build the site in memory, serve it on 127.0.0.1, rebuild when a file of
//! the project or its templates changes, and have open pages reload themselves. An error
//! in the spec or a template shows in the page; the server keeps running.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use crate::cli::{ServeArgs, SiteFormat};
use crate::compile::{Options, compile};
use crate::emit::document::escape_html;
use crate::emit::site::{SiteFile, SiteOptions};
use crate::load::project_file;

use super::build::site_files;
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
    let server = match tiny_http::Server::http(("127.0.0.1", args.port)) {
        Ok(s) => s,
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
    let port = server.server_addr().to_ip().map_or(args.port, |a| a.port());
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

    for request in server.incoming_requests() {
        let response = respond(request.url(), &served);
        let _ = request.respond(response);
    }
    ExitCode::from(FAILURE)
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
            site_files(&compiled, path, templates, SiteFormat::Html, options).map_err(|_| {
                "the site could not be built: see the terminal for the template error".to_owned()
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

type Response = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

/// The response with a header added (header names and values here are ASCII).
fn header(response: Response, name: &str, value: &str) -> Response {
    match tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(h) => response.with_header(h),
        Err(()) => response,
    }
}

fn respond(url: &str, served: &RwLock<Served>) -> Response {
    let Ok(s) = served.read() else {
        return tiny_http::Response::from_data(b"busy".to_vec()).with_status_code(503);
    };
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let reply = |bytes: Vec<u8>, kind: &str| {
        let r = header(tiny_http::Response::from_data(bytes), "Content-Type", kind);
        header(r, "Cache-Control", "no-store")
    };
    if path == "/__tomc/version" {
        return reply(
            s.version.to_string().into_bytes(),
            "text/plain; charset=utf-8",
        );
    }
    let mut rel = path.trim_start_matches('/').to_owned();
    if rel.is_empty() || rel.ends_with('/') {
        rel.push_str("index.html");
    }
    if let Some(bytes) = s.files.get(&rel) {
        return reply(bytes.clone(), content_type(&rel));
    }
    if let Some(error) = s.files.get("__error.html") {
        return reply(error.clone(), "text/html; charset=utf-8");
    }
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><p>No page at {}. <a href=\"/\">Overview</a></p></body></html>",
        escape_html(path)
    );
    reply(page.into_bytes(), "text/html; charset=utf-8").with_status_code(404)
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
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .max_depth(12)
            .into_iter()
            .filter_entry(|e| {
                let name = e.file_name().to_string_lossy();
                e.depth() == 0
                    || !(name.starts_with('.')
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
