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

/// The byte offset of an LSP position (UTF-16 columns) in `text`.
fn offset_of(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().expect("a line") as usize;
    let column = position["character"].as_u64().expect("a column") as usize;
    let start = text
        .split_inclusive('\n')
        .take(line)
        .map(str::len)
        .sum::<usize>();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= column || c == '\n' {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// Applies the `changes` of a workspace edit to the files on disk.
fn apply(edit: &Value) {
    let changes = edit["changes"].as_object().expect("changes by file");
    for (uri, edits) in changes {
        let path = uri.strip_prefix("file://").expect("a file URI");
        let mut text = std::fs::read_to_string(path).unwrap();
        let mut edits: Vec<(usize, usize, String)> = edits
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let start = offset_of(&text, &e["range"]["start"]);
                let end = offset_of(&text, &e["range"]["end"]);
                (start, end, e["newText"].as_str().unwrap().to_owned())
            })
            .collect();
        edits.sort_by_key(|e| std::cmp::Reverse(e.0));
        for (start, end, new) in edits {
            text.replace_range(start..end, &new);
        }
        std::fs::write(path, text).unwrap();
    }
}

/// Every place `id` is written as a whole id in the project's YAML and CSV files, as
/// (file, line, UTF-16 column): the references a hand search finds.
fn written(project: &Path, id: &str) -> Vec<(String, u64, u64)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(project).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        let is_model = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "csv")
        );
        if !is_model {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let is_id =
            |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        for (at, _) in text.match_indices(id) {
            if is_id(text[..at].chars().next_back()) || is_id(text[at + id.len()..].chars().next())
            {
                continue;
            }
            let line = text[..at].matches('\n').count() as u64;
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let column = text[start..at].encode_utf16().count() as u64;
            out.push((uri_of(path), line, column));
        }
    }
    out.sort();
    out
}

/// The exit code and last line of `tomc check` on `project`.
fn check(project: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tomc"))
        .args(["check", "--color", "never"])
        .arg(project)
        .output()
        .expect("tomc check runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let last = stdout.lines().last().unwrap_or("").to_owned();
    (out.status.code().unwrap_or(-1), last)
}

#[test]
fn navigation_completion_rename_and_fixes_answer_from_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("northwind");
    copy_dir(&root().join("examples/northwind-bank"), &project);
    let project = std::fs::canonicalize(&project).unwrap();
    let technology = project.join("model/technology.yaml");
    let operations = project.join("model/operations.yaml");
    let capabilities = project.join("model/capabilities.yaml");
    let ops_text = std::fs::read_to_string(&operations).unwrap();
    let caps_text = std::fs::read_to_string(&capabilities).unwrap();
    let tech_text = std::fs::read_to_string(&technology).unwrap();

    let mut client = Client::start();
    client.request(
        1,
        "initialize",
        json!({"processId": null, "rootUri": uri_of(&project), "capabilities": {}}),
    );
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri_of(&operations), "languageId": "yaml", "version": 1, "text": ops_text}}),
    );
    // The waived finding of operations.yaml is not published.
    let published = client.diagnostics_for(&uri_of(&operations));
    assert!(
        published
            .iter()
            .all(|d| d["code"] != "retiring-system-in-use"),
        "{published:#?}"
    );
    let at = |text: &str, needle: &str| {
        let (line, character) = position_of(text, needle);
        json!({"line": line, "character": character + 2})
    };
    let in_ops = |position: Value| json!({"textDocument": {"uri": uri_of(&operations)}, "position": position});

    // Definition: from a use in operations.yaml to the id in technology.yaml.
    let use_at = at(&ops_text, "sys-core-legacy");
    let definition = client.request(2, "textDocument/definition", in_ops(use_at.clone()));
    let (line, column) = position_of(&tech_text, "id: sys-core-legacy");
    assert_eq!(
        definition["result"]["uri"],
        uri_of(&technology),
        "{definition}"
    );
    assert_eq!(
        definition["result"]["range"]["start"],
        json!({"line": line, "character": column + 4})
    );

    // References: every place a hand search finds the id, definition included.
    let mut params = in_ops(use_at.clone());
    params["context"] = json!({"includeDeclaration": true});
    let references = client.request(3, "textDocument/references", params);
    let mut found: Vec<(String, u64, u64)> = references["result"]
        .as_array()
        .expect("locations")
        .iter()
        .map(|l| {
            let start = &l["range"]["start"];
            (
                l["uri"].as_str().unwrap().to_owned(),
                start["line"].as_u64().unwrap(),
                start["character"].as_u64().unwrap(),
            )
        })
        .collect();
    found.sort();
    let expected = written(&project, "sys-core-legacy");
    assert!(expected.len() > 10, "{expected:?}");
    assert_eq!(found, expected);

    // Hover: the element as a card.
    let hover = client.request(4, "textDocument/hover", in_ops(use_at.clone()));
    let card = hover["result"]["contents"]["value"]
        .as_str()
        .expect("markdown");
    assert!(card.starts_with("**system** `sys-core-legacy`: "), "{card}");
    assert!(
        card.contains("**per plateau**\n- lifecycle: `current`"),
        "{card}"
    );
    assert!(card.contains("**linked from**"), "{card}");

    // Completion: a capability id where `parent` is typed, and field names.
    let typed = caps_text.replacen(
        "parent: cap-customer-engagement",
        "parent: cap-customer-eng",
        1,
    );
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri_of(&capabilities), "languageId": "yaml", "version": 1, "text": typed}}),
    );
    let (line, column) = position_of(&typed, "cap-customer-eng\n");
    let completion = client.request(
        5,
        "textDocument/completion",
        json!({"textDocument": {"uri": uri_of(&capabilities)}, "position": {"line": line, "character": column + 16}}),
    );
    let items = completion["result"]["items"].as_array().expect("items");
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["cap-customer-engagement"], "{completion}");
    assert_eq!(
        items[0]["textEdit"]["range"]["start"],
        json!({"line": line, "character": column})
    );
    let half = tech_text.replacen(
        "  - id: sys-core-legacy\n",
        "  - id: sys-core-legacy\n    lifec\n",
        1,
    );
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri_of(&technology), "languageId": "yaml", "version": 1, "text": half}}),
    );
    let (line, column) = position_of(&half, "lifec\n");
    let completion = client.request(
        13,
        "textDocument/completion",
        json!({"textDocument": {"uri": uri_of(&technology)}, "position": {"line": line, "character": column + 5}}),
    );
    let items = completion["result"]["items"].as_array().expect("items");
    let lifecycle = items
        .iter()
        .find(|i| i["label"] == "lifecycle")
        .expect("the field");
    assert_eq!(lifecycle["textEdit"]["newText"], "lifecycle: ");
    assert!(
        items.iter().all(|i| i["label"] != "maturity"),
        "a capability's field"
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri_of(&technology), "version": 2}, "contentChanges": [{"text": tech_text}]}),
    );

    // Rename: refused for a taken id and an invalid one; applied, the project checks as
    // before, under the new id.
    let rename = |client: &mut Client, id: u64, name: &str| {
        let mut params = in_ops(use_at.clone());
        params["newName"] = json!(name);
        client.request(id, "textDocument/rename", params)
    };
    // Back to the saved text first: the typed capability is not a model to rename in.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri_of(&capabilities), "version": 2}, "contentChanges": [{"text": caps_text}]}),
    );
    let taken = rename(&mut client, 6, "sys-crm");
    assert!(
        taken["error"]["message"]
            .as_str()
            .unwrap()
            .contains("`sys-crm` is taken"),
        "{taken}"
    );
    let invalid = rename(&mut client, 7, "Core Banking");
    assert!(
        invalid["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not a valid id"),
        "{invalid}"
    );
    let plateau = client.request(
        8,
        "textDocument/prepareRename",
        json!({"textDocument": {"uri": uri_of(&capabilities)}, "position": at(&caps_text, "wave-1: 2")}),
    );
    assert_eq!(plateau["result"], Value::Null, "{plateau}");
    let before = check(&project);
    let renamed = rename(&mut client, 9, "sys-mainframe-core");
    apply(&renamed["result"]);
    assert!(written(&project, "sys-core-legacy").is_empty());
    assert_eq!(
        written(&project, "sys-mainframe-core").len(),
        expected.len()
    );
    assert_eq!(check(&project), before);

    // Code actions: a typo gets the did-you-mean fix and the element it would create;
    // while it stands, the alignment finding of the file stays, marked.
    // The editor applies the edit to its open buffers too.
    for (file, version) in [(&operations, 3), (&technology, 3)] {
        let text = std::fs::read_to_string(file).unwrap();
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri_of(file), "version": version}, "contentChanges": [{"text": text}]}),
        );
    }
    let typo = caps_text.replacen(
        "parent: cap-customer-engagement",
        "parent: cap-customer-engagment",
        1,
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri_of(&capabilities), "version": 3}, "contentChanges": [{"text": typo}]}),
    );
    let found = loop {
        let found = client.diagnostics_for(&uri_of(&capabilities));
        if found.iter().any(|d| d["code"] == "unknown-reference") {
            break found;
        }
    };
    let stale: Vec<&Value> = found
        .iter()
        .filter(|d| d["code"] == "maturity-regression")
        .collect();
    assert_eq!(stale.len(), 1, "{found:#?}");
    assert!(
        stale[0]["message"]
            .as_str()
            .unwrap()
            .contains("from the last check without structural errors"),
        "{stale:#?}"
    );
    let unknown = found
        .iter()
        .find(|d| d["code"] == "unknown-reference")
        .unwrap();
    assert_eq!(
        unknown["codeDescription"]["href"],
        "https://github.com/tomc-dev/tomc/blob/main/docs/rules.md#unknown-reference"
    );
    let actions = client.request(
        10,
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri_of(&capabilities)},
            "range": unknown["range"],
            "context": {"diagnostics": [unknown]},
        }),
    );
    let actions = actions["result"].as_array().expect("actions").clone();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Change to `cap-customer-engagement`",
            "Create the capability `cap-customer-engagment`"
        ]
    );
    std::fs::write(&capabilities, &typo).unwrap();
    apply(&actions[0]["edit"]);
    assert_eq!(std::fs::read_to_string(&capabilities).unwrap(), caps_text);

    // Waiving the info finding of capabilities.yaml takes it away.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri_of(&capabilities), "version": 4}, "contentChanges": [{"text": caps_text}]}),
    );
    let found = loop {
        let found = client.diagnostics_for(&uri_of(&capabilities));
        if found.iter().all(|d| d["code"] != "unknown-reference") {
            break found;
        }
    };
    let regression = found
        .iter()
        .find(|d| d["code"] == "maturity-regression")
        .expect("the finding, no longer stale");
    assert!(
        !regression["message"]
            .as_str()
            .unwrap()
            .contains("last check")
    );
    let actions = client.request(
        11,
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri_of(&capabilities)},
            "range": regression["range"],
            "context": {"diagnostics": [regression]},
        }),
    );
    let waive = &actions["result"][0];
    assert_eq!(
        waive["title"],
        "Waive `maturity-regression` on `cap-cash-services`"
    );
    apply(&waive["edit"]);
    let (code, summary) = check(&project);
    assert_eq!(code, 0);
    assert!(
        summary.ends_with("0 errors, 0 warnings, 0 infos, 2 waived"),
        "{summary}"
    );

    client.request(12, "shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert!(client.child.wait().expect("the server exits").success());
}

#[test]
fn a_loose_file_a_broken_project_a_large_file_and_a_burst_of_edits() {
    let dir = tempfile::tempdir().unwrap();
    let root_dir = std::fs::canonicalize(dir.path()).unwrap();
    let mut client = Client::start();
    client.request(
        1,
        "initialize",
        json!({"processId": null, "rootUri": uri_of(&root_dir), "capabilities": {}}),
    );
    client.notify("initialized", json!({}));
    let open = |client: &mut Client, path: &Path, text: &str| {
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri_of(path), "languageId": "yaml", "version": 1, "text": text}}),
        );
    };

    // A file in no project: nothing to check, and requests answer nothing.
    let loose = root_dir.join("notes/loose.yaml");
    open(&mut client, &loose, "capabilities:\n  - id: a\n");
    let hover = client.request(
        2,
        "textDocument/hover",
        json!({"textDocument": {"uri": uri_of(&loose)}, "position": {"line": 1, "character": 10}}),
    );
    assert_eq!(hover["result"], Value::Null, "{hover}");

    // A project that cannot be read: the user is told why, and the server goes on.
    let broken = root_dir.join("broken");
    crate::support::write(&broken, "tom.yaml", crate::support::TOM);
    std::fs::create_dir_all(broken.join("model")).unwrap();
    std::os::unix::fs::symlink(
        broken.join("model/loop.yaml"),
        broken.join("model/loop.yaml"),
    )
    .unwrap();
    open(&mut client, &broken.join("tom.yaml"), crate::support::TOM);
    let shown = client.next_where(|m| m["method"] == "window/showMessage");
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(message.starts_with("tomc cannot check"), "{message}");
    assert!(message.contains("leads back to itself"), "{message}");
    std::fs::remove_file(broken.join("model/loop.yaml")).unwrap();
    crate::support::write(
        &broken,
        "model/caps.yaml",
        "capabilities:\n  - { id: a, name: A }\n",
    );
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri_of(&broken.join("tom.yaml"))}}),
    );
    client.diagnostics_for(&uri_of(&broken.join("tom.yaml")));

    // A 50 MB buffer is checked like any other.
    let large = root_dir.join("large");
    let tom = format!(
        "{}rules:\n  capability-unaligned: off\n  capability-unrealized: off\n  missing-owner: off\n",
        crate::support::TOM
    );
    crate::support::write(&large, "tom.yaml", &tom);
    crate::support::write(&large, "model/large.yaml", "capabilities: []\n");
    let mut text = String::from("capabilities:\n");
    let mut i = 0;
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&format!(
            "  - id: cap-{i:07}\n    name: Capability number {i} of the large model\n    description: A capability written to make the file large enough for the test.\n"
        ));
        i += 1;
    }
    text.push_str("  - { id: last, name: Last, parent: cap-missing }\n");
    let file = large.join("model/large.yaml");
    open(&mut client, &file, &text);
    let found = client.diagnostics_for(&uri_of(&file));
    let codes: Vec<&Value> = found.iter().map(|d| &d["code"]).collect();
    assert_eq!(codes, ["unknown-reference"], "{found:#?}");

    // Edits faster than checks: the findings last published are those of the last text.
    let quick = root_dir.join("quick");
    crate::support::write(&quick, "tom.yaml", crate::support::TOM);
    let small = quick.join("model/small.yaml");
    let fixed = "capabilities:\n  - { id: small, name: Small }\n";
    let typo = "capabilities:\n  - { id: small, name: Small, parent: smal }\n";
    crate::support::write(&quick, "model/small.yaml", fixed);
    open(&mut client, &small, fixed);
    client.diagnostics_for(&uri_of(&small));
    for version in 2..=40 {
        let text = if version % 2 == 0 { fixed } else { typo };
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri_of(&small), "version": version}, "contentChanges": [{"text": text}]}),
        );
    }
    let last = client.next_where(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri_of(&small)
            && m["params"]["version"] == 40
    });
    let list = last["params"]["diagnostics"].as_array().unwrap();
    assert!(!list.is_empty(), "{last}");
    for d in list {
        assert_ne!(d["code"], "unknown-reference", "{last}");
        assert!(
            !d["message"].as_str().unwrap().contains("last check"),
            "{last}"
        );
    }

    // A rename while a file of the project does not parse is refused: the references
    // written there cannot be found.
    let broken = quick.join("model/broken.yaml");
    crate::support::write(&quick, "model/broken.yaml", "capabilities: [\n");
    open(&mut client, &broken, "capabilities: [\n");
    client.diagnostics_for(&uri_of(&broken));
    let refused = client.request(
        4,
        "textDocument/rename",
        json!({"textDocument": {"uri": uri_of(&small)}, "position": {"line": 1, "character": 10}, "newName": "tiny"}),
    );
    let message = refused["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("`model/broken.yaml` does not parse"),
        "{refused}"
    );

    client.request(3, "shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert!(client.child.wait().expect("the server exits").success());
}

/// The language server's checks reuse the parse and the elements of unchanged files:
/// after every kind of edit, they find what a check from scratch finds.
#[test]
fn incremental_checks_find_what_a_check_from_scratch_finds() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("northwind");
    copy_dir(&root().join("examples/northwind-bank"), &project);
    let capabilities = project.join("model/capabilities.yaml");
    let operations = project.join("model/operations.yaml");
    let caps = std::fs::read_to_string(&capabilities).unwrap();
    let ops = std::fs::read_to_string(&operations).unwrap();
    check_like_from_scratch(
        &project,
        vec![
            (&capabilities, caps.clone()),
            // A reference that names nothing: the other files' elements are reused.
            (
                &capabilities,
                caps.replacen("parent: cap-customer-engagement", "parent: cap-nothing", 1),
            ),
            (&capabilities, caps.clone()),
            // A value of a field.
            (&operations, ops.replacen("name:", "name: Renamed", 1)),
            // An id changes: every element is read again.
            (
                &capabilities,
                caps.replace("cap-customer-engagement", "cap-engagement"),
            ),
            // A file that does not parse.
            (&operations, format!("{ops}\n  - [unclosed\n")),
            (&operations, ops.clone()),
            (&capabilities, caps.clone()),
        ],
    );
}

/// Measurements add actuals to KPIs shared with the resolve cache: checks after
/// edits elsewhere must neither lose them nor add them twice.
#[test]
fn incremental_checks_attach_measurements_once() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("shuffled");
    copy_dir(&root().join("tests/fixtures/manifest/shuffled"), &project);
    let parts = project.join("parts/m.yaml");
    let text = std::fs::read_to_string(&parts).unwrap();
    let actuals = |compiled: &tomc::compile::Compiled| {
        compiled
            .model
            .elements
            .iter()
            .filter_map(|e| e.field(tomc::spec::Field::Actuals))
            .count()
    };
    let last = check_like_from_scratch(
        &project,
        vec![
            (&parts, text.clone()),
            (&parts, text.replacen("name:", "name: Renamed", 1)),
            (&parts, text.clone()),
            (&parts, text.clone()),
        ],
    );
    assert!(actuals(&last) > 0, "the fixture's KPIs have measurements");
}

/// Applies `edits` one by one through the caches the language server keeps, and
/// compares each check with one from scratch; the last check.
fn check_like_from_scratch(
    project: &Path,
    edits: Vec<(&std::path::PathBuf, String)>,
) -> tomc::compile::Compiled {
    use tomc::compile::{Options, compile_cached, compile_loaded};
    use tomc::limits::Limits;
    use tomc::load::{Overlay, ParseCache, load_overlaid};
    use tomc::resolve::ResolveCache;
    use tomc::spec::Levels;

    let mut parses = ParseCache::default();
    let mut resolved = ResolveCache::default();
    let mut overlay = Overlay::default();
    let mut last = None;
    for (step, (file, text)) in edits.into_iter().enumerate() {
        overlay.set(file, text);
        let loaded =
            load_overlaid(project, &Limits::DEFAULT, overlay.clone(), &mut parses).unwrap();
        let kept =
            compile_cached(loaded, Levels::new(), &Options::default(), &mut resolved).unwrap();
        let loaded = load_overlaid(
            project,
            &Limits::DEFAULT,
            overlay.clone(),
            &mut ParseCache::default(),
        )
        .unwrap();
        let fresh = compile_loaded(loaded, Levels::new(), &Options::default()).unwrap();
        assert_eq!(kept.diagnostics, fresh.diagnostics, "step {step}");
        assert_eq!(kept.model.elements, fresh.model.elements, "step {step}");
        assert!(!fresh.model.elements.is_empty());
        last = Some(kept);
    }
    last.expect("at least one edit")
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
