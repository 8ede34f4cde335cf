//! The language server's latency, end to end over stdio: from sending `didChange` of
//! one file of a generated model to receiving the `publishDiagnostics` that reflects
//! it, with `cargo bench --bench lsp` (or `-- SIZE` to filter). Each change makes or
//! fixes a typo in a `parent` reference, so every check publishes a new finding or
//! clears it. The server's peak memory is printed after each size.

#![allow(missing_docs)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use divan::Bencher;
use serde_json::{Value, json};
use tomc_gen::{Spec, generate};

fn main() {
    divan::main();
}

/// How long one answer may take before the benchmark gives up.
const PATIENCE: Duration = Duration::from_secs(120);

/// A generated project written to a temporary directory.
fn write_project(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let project = generate(&Spec {
        elements: n,
        seed: 1,
    });
    std::fs::write(dir.path().join("tom.yaml"), project.tom_yaml).expect("tom.yaml");
    for (name, text) in project.files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("folders");
        std::fs::write(path, text).expect("a model file");
    }
    dir
}

/// A running `tomc lsp` with one file of a project open.
struct Session {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    uri: String,
    version: u64,
}

impl Session {
    fn start(project: &Path, file: &Path, text: &str) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tomc"))
            .args(["lsp", "--stdio"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("tomc lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let Ok(message) = serde_json::from_slice(&body) else {
                    return;
                };
                if tx.send(message).is_err() {
                    return;
                }
            }
        });
        let mut session = Self {
            child,
            stdin,
            messages,
            uri: format!("file://{}", file.display()),
            version: 1,
        };
        let root = format!("file://{}", project.display());
        session.send(&json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"processId": null, "rootUri": root, "capabilities": {}}}));
        session.wait(|m| m["id"] == 1);
        session.send(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
        let uri = session.uri.clone();
        session.send(&json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}}));
        session.published();
        session
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn wait(&self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let m = self
                .messages
                .recv_timeout(PATIENCE)
                .expect("the server answers");
            if wanted(&m) {
                return m;
            }
        }
    }

    /// Waits for the findings of the open file.
    fn published(&self) -> Value {
        let uri = self.uri.clone();
        self.wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
    }

    /// Sends the whole new text of the open file.
    fn change(&mut self, text: &str) {
        self.version += 1;
        let uri = self.uri.clone();
        let version = self.version;
        self.send(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": {"textDocument": {"uri": uri, "version": version},
                       "contentChanges": [{"text": text}]}}),
        );
    }

    /// The server's peak resident memory, from `/proc`.
    fn peak_memory(&self) -> Option<String> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        Some(line.trim_start_matches("VmHWM:").trim().to_owned())
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The first capabilities file of the project, and that text with a typo in its first
/// `parent` reference.
fn file_and_typo(project: &Path) -> (PathBuf, String, String) {
    let file = project.join("model/capabilities-001.yaml");
    let text = std::fs::read_to_string(&file).expect("a capabilities file");
    let at = text.find("parent: ").expect("a parent reference") + "parent: ".len();
    let mut typo = text.clone();
    typo.insert_str(at, "no-such-");
    (file, text, typo)
}

#[divan::bench(args = [10_000, 100_000], sample_count = 30, sample_size = 1)]
fn did_change_to_publish(bencher: Bencher, n: usize) {
    let dir = write_project(n);
    let project = std::fs::canonicalize(dir.path()).expect("the project");
    let (file, text, typo) = file_and_typo(&project);
    let mut session = Session::start(&project, &file, &text);
    let mut with_typo = false;
    bencher.bench_local(|| {
        with_typo = !with_typo;
        session.change(if with_typo { &typo } else { &text });
        let published = session.published();
        let found = published["params"]["diagnostics"]
            .as_array()
            .is_some_and(|list| list.iter().any(|d| d["code"] == "unknown-reference"));
        assert_eq!(
            found, with_typo,
            "the published findings reflect the change"
        );
    });
    if let Some(peak) = session.peak_memory() {
        eprintln!("tomc lsp at {n} elements: peak memory {peak}");
    }
}
