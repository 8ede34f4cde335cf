//! `tomc lsp`: the language server, driven over stdio with real JSON-RPC messages.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

use crate::support::{copy_dir, root};

/// How long any one answer may take before the test fails instead of hanging.
const PATIENCE: Duration = Duration::from_secs(60);

/// A running `tomc lsp --stdio` and the messages it has sent, in order.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
}

impl Client {
    fn start() -> Self {
        Self::start_with(Stdio::null())
    }

    /// A server whose stderr goes to `stderr`.
    fn start_with(stderr: Stdio) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tomc"))
            .args(["lsp", "--stdio"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("tomc lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
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
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let message = serde_json::from_slice(&body).expect("a JSON message");
                if tx.send(message).is_err() {
                    return;
                }
            }
        });
        Self {
            child,
            stdin,
            messages,
        }
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).expect("write");
        self.stdin.flush().expect("flush");
    }

    /// The next message from the server that is not a notification.
    fn next_answer(&self) -> Value {
        self.next_where(|m| m.get("method").is_none())
    }

    fn request(&mut self, id: u64, method: &str, params: Value) -> Value {
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.next_where(|m| m["id"] == json!(id) && m.get("method").is_none())
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next message that `wanted` accepts; the others before it are passed over.
    fn next_where(&self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self
                .messages
                .recv_timeout(PATIENCE)
                .expect("the server answers in time");
            if wanted(&message) {
                return message;
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics_for(&self, uri: &str) -> Vec<Value> {
        let m = self.next_where(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        m["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The 0-based line and UTF-16 column of the first `needle` in `text`.
fn position_of(text: &str, needle: &str) -> (u64, u64) {
    let at = text.find(needle).expect("the needle is in the text");
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line as u64, text[start..at].encode_utf16().count() as u64)
}

#[test]
fn diagnostics_follow_unsaved_edits_and_the_session_ends_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("northwind");
    copy_dir(&root().join("examples/northwind-bank"), &project);
    let project = std::fs::canonicalize(&project).unwrap();
    let file = project.join("model/capabilities.yaml");
    let uri = uri_of(&file);
    let saved = std::fs::read_to_string(&file).unwrap();
    let typo = saved.replacen(
        "parent: cap-customer-engagement",
        "parent: cap-customer-engagment",
        1,
    );

    let mut client = Client::start();
    let init = client.request(
        1,
        "initialize",
        json!({"processId": null, "rootUri": uri_of(&project), "capabilities": {}}),
    );
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["result"]["serverInfo"]["name"], "tomc");
    client.notify("initialized", json!({}));

    // The typo, unsaved: the finding is at the misspelt id, as `tomc check` puts it.
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": typo}}),
    );
    let found = client.diagnostics_for(&uri);
    let unknown: Vec<&Value> = found
        .iter()
        .filter(|d| d["code"] == "unknown-reference")
        .collect();
    assert_eq!(unknown.len(), 1, "{found:#?}");
    let (line, column) = position_of(&typo, "cap-customer-engagment");
    let range = &unknown[0]["range"];
    assert_eq!(range["start"], json!({"line": line, "character": column}));
    assert_eq!(
        range["end"],
        json!({"line": line, "character": column + "cap-customer-engagment".len() as u64})
    );
    assert_eq!(unknown[0]["severity"], 1);
    assert_eq!(unknown[0]["source"], "tomc");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        saved,
        "nothing is written"
    );

    // Fixed, still unsaved: the finding clears.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": saved}]}),
    );
    let after = client.diagnostics_for(&uri);
    assert!(
        after.iter().all(|d| d["code"] != "unknown-reference"),
        "{after:#?}"
    );

    // A request the server does not handle is an error, and the server goes on.
    let unknown = client.request(2, "tomc/noSuchThing", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");

    let shutdown = client.request(3, "shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null, "{shutdown}");
    client.notify("exit", Value::Null);
    let status = client.child.wait().expect("the server exits");
    assert!(status.success(), "{status}");
}

/// tomc's own framing: a malformed message is answered with an error, and the
/// session goes on.
#[test]
fn a_malformed_message_is_answered_and_the_session_goes_on() {
    let mut client = Client::start_with(Stdio::piped());
    client.send(&json!({
        "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": null, "rootUri": null, "capabilities": {}},
    }));
    let init = client.next_answer();
    assert_eq!(init["id"], 1, "{init}");
    assert_eq!(init["result"]["serverInfo"]["name"], "tomc", "{init}");
    client.send(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));

    client.send_raw(b"Content-Length: 5\r\n\r\n{bad}");
    let refused = client.next_answer();
    assert_eq!(refused["jsonrpc"], "2.0", "{refused}");
    assert_eq!(refused["id"], Value::Null, "{refused}");
    assert_eq!(refused["error"]["code"], -32700, "{refused}");
    assert_eq!(
        refused["error"]["message"],
        "tomc could not read this message: it is not JSON (key must be a string at line 1 \
         column 2)"
    );

    // The session survived: the next request is read and answered.
    client.send(&json!({"jsonrpc": "2.0", "id": 2, "method": "tomc/nothing", "params": {}}));
    let unknown = client.next_answer();
    assert_eq!(unknown["id"], 2, "{unknown}");
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");

    client.send(&json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}));
    let shutdown = client.next_answer();
    assert_eq!(shutdown["id"], 3, "{shutdown}");
    assert_eq!(shutdown["result"], Value::Null, "{shutdown}");
    client.send(&json!({"jsonrpc": "2.0", "method": "exit"}));
    drop(client.stdin);
    let output = client.child.wait_with_output().expect("the server exits");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{}: {stderr}", output.status);
    assert!(
        stderr.contains("tomc lsp: refused a message: it is not JSON"),
        "{stderr}"
    );
}
