//! tomc's own framing of the language server's stdio: `Content-Length` headers around
//! JSON-RPC bodies, read so that no input can end the session or exhaust memory.
//!
//! `lsp-server`'s `Connection::stdio` ends the session on the first message it cannot
//! read, and allocates a body of whatever size its header claims before reading it. This
//! reader bounds every header line and the size of a body, grows a body only as its bytes
//! arrive, answers a message it cannot read with a JSON-RPC error (`id` null when it has
//! none), logs it as one line on stderr and goes on with the next message. The server sees
//! the same [`Connection`] as with `lsp-server`'s own transport.

use std::io::{self, BufRead, Read, Write};
use std::thread::{self, JoinHandle};

use crossbeam_channel::{Receiver, Sender, bounded, never, select};
use lsp_server::{Connection, ErrorCode, Message, ResponseError};
use lsp_types::notification::{Exit, Notification as _};
use serde::Serialize;
use serde_json::Value;

use crate::limits::Limits;

/// The largest message body tomc reads, in bytes: 1 GiB.
///
/// An editor sends a whole file in one `didOpen` or `didChange`, and tomc reads files of
/// up to [`Limits::max_file_bytes`] (256 MiB). JSON writes a quote, a backslash or a
/// newline of that file in two bytes, so four times the largest file leaves room for any
/// text tomc would read. A larger body is refused and its bytes are skipped, not kept.
pub const MAX_CONTENT_LENGTH: u64 = 4 * Limits::DEFAULT.max_file_bytes;

/// The longest header line, line ending included, in bytes. Real headers take a few
/// dozen.
pub const MAX_HEADER_LINE: u64 = 8 * 1024;

/// How many bytes of a longer line are kept: enough to find a `Content-Length` header
/// that starts near its end, after the body of a message that could not be framed.
const TAIL: usize = 256;

/// The name of the header that frames a message, lower-cased, with its colon.
const CONTENT_LENGTH: &[u8] = b"content-length:";

/// The threads that read stdin and write stdout; [`Transport::join`] waits for both.
pub struct Transport {
    /// Reads messages and sends them to the server.
    reader: JoinHandle<io::Result<()>>,
    /// Writes the server's messages and the answers to unreadable ones.
    writer: JoinHandle<io::Result<()>>,
}

impl Transport {
    /// Waits for both threads to end: `Err` when reading or writing failed.
    ///
    /// The writer ends once the server has dropped its [`Connection`] and the reader has
    /// ended; the reader ends at `exit`, at the end of the input, or at the next message
    /// after the server has stopped listening.
    pub fn join(self) -> Result<(), String> {
        let read = joined(self.reader, "reading the client's messages");
        let written = joined(self.writer, "writing to the client");
        read.and(written)
    }
}

/// The outcome of one thread of the transport, in words.
fn joined(thread: JoinHandle<io::Result<()>>, what: &str) -> Result<(), String> {
    match thread.join() {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(format!("{what} failed: {e}")),
        Err(_) => Err(format!("{what} stopped unexpectedly")),
    }
}

/// A connection over stdin and stdout, refusals logged on stderr.
pub fn stdio() -> io::Result<(Connection, Transport)> {
    // `StdinLock` cannot move to another thread; `Stdin` can, and a read as large as this
    // buffer bypasses the one inside `Stdin`.
    connect(io::BufReader::new(io::stdin()), io::stdout(), io::stderr())
}

/// A connection that reads `input` and writes `output` on threads of their own, and logs
/// each message it refuses as one line on `log`.
pub fn connect<R, W, L>(input: R, output: W, log: L) -> io::Result<(Connection, Transport)>
where
    R: BufRead + Send + 'static,
    W: Write + Send + 'static,
    L: Write + Send + 'static,
{
    // Unbuffered, as in `lsp-server`: neither side runs ahead of the other.
    let (to_server, from_client) = bounded(0);
    let (to_client, from_server) = bounded(0);
    let (answer, answers) = bounded(0);
    let writer = thread::Builder::new()
        .name("tomc-lsp-writer".into())
        .spawn(move || write_messages(output, &from_server, &answers))?;
    let reader = thread::Builder::new()
        .name("tomc-lsp-reader".into())
        .spawn(move || read_messages(input, &to_server, &answer, log))?;
    let connection = Connection {
        sender: to_client,
        receiver: from_client,
    };
    Ok((connection, Transport { reader, writer }))
}

/// Sends each message of `input` to the server, and the answer to each message it cannot
/// read to the writer, until `exit`, the end of the input, or a server that no longer
/// listens. `Err` only when the input cannot be read.
fn read_messages(
    mut input: impl BufRead,
    messages: &Sender<Message>,
    answers: &Sender<ErrorAnswer>,
    mut log: impl Write,
) -> io::Result<()> {
    let mut framer = Framer::default();
    loop {
        let refusal = match framer.next(&mut input)? {
            Frame::Body(body) => match decode(&body) {
                Ok(message) => {
                    let exit =
                        matches!(&message, Message::Notification(n) if n.method == Exit::METHOD);
                    if messages.send(message).is_err() || exit {
                        return Ok(());
                    }
                    continue;
                }
                Err(refusal) => refusal,
            },
            Frame::Refused(refusal) => refusal,
            Frame::End => return Ok(()),
            Frame::Cut => {
                // Without the rest of the message there is no next header to find.
                let _ = writeln!(
                    log,
                    "tomc lsp: the input ended inside a message; the session ends"
                );
                return Ok(());
            }
        };
        // A log or a writer that has gone cannot be told; the next read goes on anyway.
        let _ = writeln!(log, "tomc lsp: refused a message: {refusal}");
        let _ = answers.send(refusal.answer());
    }
}

/// Writes the server's messages and the answers to unreadable ones, each whole before
/// the next, until both channels have closed.
fn write_messages(
    mut output: impl Write,
    messages: &Receiver<Message>,
    answers: &Receiver<ErrorAnswer>,
) -> io::Result<()> {
    let (no_messages, no_answers) = (never(), never());
    let (mut messages, mut answers) = (Some(messages), Some(answers));
    while messages.is_some() || answers.is_some() {
        let mut frame = Vec::new();
        select! {
            recv(messages.unwrap_or(&no_messages)) -> message => match message {
                Ok(message) => message.write(&mut frame)?,
                Err(_) => messages = None,
            },
            recv(answers.unwrap_or(&no_answers)) -> answer => match answer {
                Ok(answer) => {
                    let body = serde_json::to_vec(&answer)?;
                    write!(frame, "Content-Length: {}\r\n\r\n", body.len())?;
                    frame.extend_from_slice(&body);
                }
                Err(_) => answers = None,
            },
        }
        if !frame.is_empty() {
            // One write per message: nothing else writes to the output.
            output.write_all(&frame)?;
            output.flush()?;
        }
    }
    Ok(())
}

/// A JSON-RPC error answer that `lsp_server::Response` cannot hold: its `id` may be null.
#[derive(Debug, Serialize)]
struct ErrorAnswer {
    /// Always `2.0`.
    jsonrpc: &'static str,
    /// The id of the refused request, or null when it has none tomc could read.
    id: Value,
    /// The error code and tomc's sentence.
    error: ResponseError,
}

/// Why a message was refused.
#[derive(Debug, thiserror::Error)]
enum Refusal {
    /// A header block without `Content-Length`.
    #[error("its header has no Content-Length")]
    NoLength,
    /// A `Content-Length` that is not a number.
    #[error("its Content-Length `{0}` is not a number of bytes")]
    BadLength(String),
    /// Two `Content-Length` headers that differ.
    #[error("its header gives two different Content-Lengths")]
    TwoLengths,
    /// A line that is not `Name: value`.
    #[error("`{0}` is not a header line")]
    NotAHeader(String),
    /// A line longer than [`MAX_HEADER_LINE`].
    #[error("a header line is longer than {most} bytes", most = MAX_HEADER_LINE)]
    LongLine,
    /// A body larger than [`MAX_CONTENT_LENGTH`].
    #[error("its Content-Length {0} is more than the {most} bytes tomc reads", most = MAX_CONTENT_LENGTH)]
    TooLarge(u64),
    /// A body that is not UTF-8.
    #[error("it is not UTF-8 ({0})")]
    NotUtf8(std::str::Utf8Error),
    /// A body that is not JSON.
    #[error("it is not JSON ({0})")]
    NotJson(serde_json::Error),
    /// JSON that is not a request, a notification or a response.
    #[error("it is JSON but not a JSON-RPC request, notification or response")]
    NotJsonRpc {
        /// The message's id, when it has a number or a string there; else null.
        id: Value,
    },
}

impl Refusal {
    /// The answer the client gets.
    fn answer(&self) -> ErrorAnswer {
        let (code, id) = match self {
            Self::NotJsonRpc { id } => (ErrorCode::InvalidRequest, id.clone()),
            _ => (ErrorCode::ParseError, Value::Null),
        };
        ErrorAnswer {
            jsonrpc: "2.0",
            id,
            error: ResponseError {
                code: code as i32,
                message: format!("tomc could not read this message: {self}"),
                data: None,
            },
        }
    }
}

/// The message in a body, or why it is not one.
fn decode(body: &[u8]) -> Result<Message, Refusal> {
    let text = std::str::from_utf8(body).map_err(Refusal::NotUtf8)?;
    serde_json::from_str(text).or_else(|_| {
        let value: Value = serde_json::from_str(text).map_err(Refusal::NotJson)?;
        let id = value
            .get("id")
            .filter(|id| id.is_number() || id.is_string())
            .cloned()
            .unwrap_or(Value::Null);
        Err(Refusal::NotJsonRpc { id })
    })
}

/// What the input holds next.
#[derive(Debug)]
enum Frame {
    /// A body, as long as its `Content-Length` said.
    Body(Vec<u8>),
    /// Bytes that could not be framed, or a body too large to keep.
    Refused(Refusal),
    /// The end of the input, between messages.
    End,
    /// The end of the input inside a message.
    Cut,
}

/// Splits the input into bodies, remembering what a refused header block left to do.
#[derive(Debug, Default)]
struct Framer {
    /// Bytes of a refused body still to be read and dropped.
    skip: u64,
    /// The start of the next header block, found at the end of a line of other bytes.
    pending: Option<Vec<u8>>,
    /// Whether bytes are being passed over up to the next header, after a refusal that
    /// has been answered already.
    resyncing: bool,
}

/// How the search for a header block ended.
enum Start {
    /// Its first line.
    Line(Vec<u8>),
    /// Bytes that are not a header, refused.
    Refused(Refusal),
    /// The end of the input.
    End,
}

impl Framer {
    /// The next body, refusal or end.
    fn next(&mut self, input: &mut impl BufRead) -> io::Result<Frame> {
        if self.skip > 0 {
            // `io::copy` reads through a bounded buffer; the refused body is never held.
            let skipped = io::copy(&mut input.take(self.skip), &mut io::sink())?;
            if skipped < self.skip {
                return Ok(Frame::Cut);
            }
            self.skip = 0;
        }
        let first = match self.pending.take() {
            Some(line) => line,
            None => match self.start(input)? {
                Start::Line(line) => line,
                Start::Refused(refusal) => return Ok(Frame::Refused(refusal)),
                Start::End => return Ok(Frame::End),
            },
        };
        self.block(input, first)
    }

    /// Finds the first line of the next header block, refusing what comes before it
    /// unless a refusal already covers it.
    fn start(&mut self, input: &mut impl BufRead) -> io::Result<Start> {
        loop {
            let (mut line, long) = match read_line(input)? {
                Line::End => return Ok(Start::End),
                Line::Short(line) => (line, false),
                Line::Long(tail) => (tail, true),
            };
            if !long && line.is_empty() {
                // A blank line between messages frames nothing and harms nothing.
                continue;
            }
            if !long && header(&line).is_some() {
                self.resyncing = false;
                return Ok(Start::Line(line));
            }
            // A body with no length to skip it by runs into the next header on one line.
            let at = resync_point(&line);
            let refusal = if long {
                Refusal::LongLine
            } else {
                Refusal::NotAHeader(shown(line.get(..at.unwrap_or(line.len())).unwrap_or(&line)))
            };
            let was_resyncing = std::mem::replace(&mut self.resyncing, at.is_none());
            if let Some(at) = at {
                let header = line.split_off(at);
                if was_resyncing {
                    return Ok(Start::Line(header));
                }
                self.pending = Some(header);
                return Ok(Start::Refused(refusal));
            }
            if !was_resyncing {
                return Ok(Start::Refused(refusal));
            }
        }
    }

    /// Reads the header block that starts with `first`, then its body.
    fn block(&mut self, input: &mut impl BufRead, first: Vec<u8>) -> io::Result<Frame> {
        let mut length: Option<u64> = None;
        let mut lost = false;
        let mut problem = None;
        let (mut line, mut long) = (first, false);
        loop {
            if long {
                problem.get_or_insert(Refusal::LongLine);
            } else if line.is_empty() {
                break;
            } else {
                match header(&line) {
                    Some((name, value)) if is_content_length(name) => match parse_length(value) {
                        Some(n) if length.is_none_or(|l| l == n) => length = Some(n),
                        Some(_) => {
                            lost = true;
                            problem.get_or_insert(Refusal::TwoLengths);
                        }
                        None => {
                            lost = true;
                            problem.get_or_insert(Refusal::BadLength(shown(value)));
                        }
                    },
                    // Content-Type and any other header: the body is JSON in UTF-8 whatever
                    // they say.
                    Some(_) => {}
                    None => {
                        problem.get_or_insert(Refusal::NotAHeader(shown(&line)));
                    }
                }
            }
            (line, long) = match read_line(input)? {
                Line::End => return Ok(Frame::Cut),
                Line::Short(line) => (line, false),
                Line::Long(tail) => (tail, true),
            };
        }
        match (length.filter(|_| !lost), problem) {
            (Some(length), None) if length <= MAX_CONTENT_LENGTH => {
                let body = read_body(input, length)?;
                if (body.len() as u64) < length {
                    return Ok(Frame::Cut);
                }
                Ok(Frame::Body(body))
            }
            (Some(length), problem) => {
                // The length still frames the message: skip its body and stay in step.
                self.skip = length;
                Ok(Frame::Refused(problem.unwrap_or(Refusal::TooLarge(length))))
            }
            (None, problem) => {
                self.resyncing = true;
                Ok(Frame::Refused(problem.unwrap_or(Refusal::NoLength)))
            }
        }
    }
}

/// Up to `length` bytes of `input`, in a buffer that grows as they arrive: a length that
/// lies costs nothing.
fn read_body(input: &mut impl BufRead, length: u64) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    input.take(length).read_to_end(&mut body)?;
    Ok(body)
}

/// One line of input, without its line ending.
#[derive(Debug)]
enum Line {
    /// The input ended before the line began.
    End,
    /// A line of at most [`MAX_HEADER_LINE`] bytes, or the last bytes of the input.
    Short(Vec<u8>),
    /// A longer line: only its last [`TAIL`] bytes are kept.
    Long(Vec<u8>),
}

/// The next line of `input`, holding at most [`MAX_HEADER_LINE`] bytes of it at a time.
fn read_line(input: &mut impl BufRead) -> io::Result<Line> {
    let mut line = Vec::new();
    input.take(MAX_HEADER_LINE).read_until(b'\n', &mut line)?;
    if line.is_empty() {
        return Ok(Line::End);
    }
    if line.ends_with(b"\n") || (line.len() as u64) < MAX_HEADER_LINE {
        trim_line_ending(&mut line);
        return Ok(Line::Short(line));
    }
    keep_tail(&mut line);
    loop {
        let buffer = match input.fill_buf() {
            Ok(buffer) => buffer,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buffer.is_empty() {
            break;
        }
        let newline = buffer.iter().position(|&b| b == b'\n');
        let taken = newline.map_or(buffer.len(), |at| at + 1);
        let chunk = buffer.get(..taken).unwrap_or(buffer);
        line.extend_from_slice(chunk.get(taken.saturating_sub(TAIL)..).unwrap_or(chunk));
        keep_tail(&mut line);
        input.consume(taken);
        if newline.is_some() {
            break;
        }
    }
    trim_line_ending(&mut line);
    Ok(Line::Long(line))
}

/// Drops all but the last [`TAIL`] bytes of `line`.
fn keep_tail(line: &mut Vec<u8>) {
    let extra = line.len().saturating_sub(TAIL);
    line.drain(..extra);
}

/// Drops a final `\n` or `\r\n`.
fn trim_line_ending(line: &mut Vec<u8>) {
    if line.last() == Some(&b'\n') {
        line.pop();
        if line.last() == Some(&b'\r') {
            line.pop();
        }
    }
}

/// The name and the trimmed value of a header line, when it is one.
fn header(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let colon = line.iter().position(|&b| b == b':')?;
    let (name, value) = line.split_at(colon);
    let token = |b: &u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(b);
    if name.is_empty() || !name.iter().all(token) {
        return None;
    }
    Some((name, value.get(1..).unwrap_or_default().trim_ascii()))
}

/// Whether a header's name is `Content-Length`, in any case.
fn is_content_length(name: &[u8]) -> bool {
    CONTENT_LENGTH
        .strip_suffix(b":")
        .is_some_and(|wanted| name.eq_ignore_ascii_case(wanted))
}

/// A header value as a number of bytes.
fn parse_length(value: &[u8]) -> Option<u64> {
    std::str::from_utf8(value.trim_ascii()).ok()?.parse().ok()
}

/// Where a `Content-Length` header with a number starts at the end of `line`, if one does.
fn resync_point(line: &[u8]) -> Option<usize> {
    let at = line
        .windows(CONTENT_LENGTH.len())
        .rposition(|w| w.eq_ignore_ascii_case(CONTENT_LENGTH))?;
    parse_length(line.get(at + CONTENT_LENGTH.len()..)?).map(|_| at)
}

/// The start of some bytes of input, as a message can quote them.
fn shown(bytes: &[u8]) -> String {
    const MOST: usize = 40;
    let text = String::from_utf8_lossy(bytes);
    let mut shown: String = text
        .chars()
        .take(MOST)
        .flat_map(char::escape_debug)
        .collect();
    if text.chars().nth(MOST).is_some() {
        shown.push('…');
    }
    shown
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use crossbeam_channel::unbounded;
    use lsp_server::{Notification, Request, RequestId, Response};
    use serde_json::json;

    use super::*;

    /// `body` with its header.
    fn framed(body: &str) -> Vec<u8> {
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    /// The messages `bytes` frames, as JSON.
    fn unframed(mut bytes: &[u8]) -> Vec<Value> {
        let mut values = Vec::new();
        while !bytes.is_empty() {
            let end = bytes.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
            let header = std::str::from_utf8(&bytes[..end]).unwrap();
            let length: usize = header
                .strip_prefix("Content-Length: ")
                .unwrap()
                .parse()
                .unwrap();
            let body = &bytes[end + 4..end + 4 + length];
            values.push(serde_json::from_slice(body).unwrap());
            bytes = &bytes[end + 4 + length..];
        }
        values
    }

    /// What the reader makes of `input`: the messages the server gets, the answers the
    /// client gets, and the log.
    fn read(input: &[u8]) -> (Vec<Message>, Vec<Value>, String) {
        let (to_server, from_client) = unbounded();
        let (answer, answers) = unbounded();
        let mut log = Vec::new();
        read_messages(input, &to_server, &answer, &mut log).unwrap();
        drop((to_server, answer));
        let (_, no_messages) = unbounded();
        let mut output = Vec::new();
        write_messages(&mut output, &no_messages, &answers).unwrap();
        let messages = from_client.iter().collect();
        (messages, unframed(&output), String::from_utf8(log).unwrap())
    }

    const GOOD: &str = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#;

    /// Whether `message` is the request of [`GOOD`].
    fn is_good(message: &Message) -> bool {
        matches!(message, Message::Request(r) if r.method == "initialize" && r.id == RequestId::from(1))
    }

    /// Asserts that `answer` is a parse error with a null id whose message says `says`.
    fn assert_parse_error(answer: &Value, says: &str) {
        assert_eq!(answer["jsonrpc"], "2.0", "{answer}");
        assert_eq!(answer["id"], Value::Null, "{answer}");
        assert_eq!(answer["error"]["code"], -32700, "{answer}");
        let message = answer["error"]["message"].as_str().unwrap();
        assert!(
            message.starts_with("tomc could not read this message: "),
            "{message}"
        );
        assert!(message.contains(says), "{message}");
        assert!(!message.contains("Error("), "{message}");
    }

    #[test]
    fn a_good_message_round_trips() {
        let (messages, answers, log) = read(&framed(GOOD));
        assert_eq!(messages.len(), 1);
        assert!(is_good(&messages[0]), "{messages:?}");
        assert!(answers.is_empty(), "{answers:?}");
        assert_eq!(log, "");

        let (send, receive) = unbounded();
        send.send(messages.into_iter().next().unwrap()).unwrap();
        drop(send);
        let (_, no_answers) = unbounded();
        let mut output = Vec::new();
        write_messages(&mut output, &receive, &no_answers).unwrap();
        let written = unframed(&output);
        assert_eq!(written, vec![serde_json::from_str::<Value>(GOOD).unwrap()]);
    }

    #[test]
    fn headers_are_read_in_any_case_and_others_are_ignored() {
        let input = format!(
            "content-type: application/vscode-jsonrpc; charset=utf-8\r\nCONTENT-LENGTH:{}\r\n\r\n{GOOD}",
            GOOD.len()
        );
        let (messages, answers, _) = read(input.as_bytes());
        assert!(is_good(&messages[0]), "{messages:?}");
        assert!(answers.is_empty(), "{answers:?}");
    }

    #[test]
    fn bad_json_is_answered_and_the_next_message_still_arrives() {
        let mut input = framed("{bad}");
        input.extend(framed(GOOD));
        let (messages, answers, log) = read(&input);
        assert_eq!(answers.len(), 1, "{answers:?}");
        assert_parse_error(
            &answers[0],
            "it is not JSON (key must be a string at line 1 column 2)",
        );
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(is_good(&messages[0]));
        assert_eq!(
            log,
            "tomc lsp: refused a message: it is not JSON (key must be a string at line 1 column 2)\n"
        );
    }

    #[test]
    fn a_body_that_is_not_utf8_is_a_parse_error() {
        let mut input = b"Content-Length: 3\r\n\r\n\"\xff\"".to_vec();
        input.extend(framed(GOOD));
        let (messages, answers, _) = read(&input);
        assert_parse_error(&answers[0], "it is not UTF-8");
        assert!(is_good(&messages[0]));
    }

    #[test]
    fn json_that_is_not_json_rpc_is_an_invalid_request_with_its_id() {
        let mut input = framed("[1,2]");
        input.extend(framed(r#"{"jsonrpc":"2.0","id":7}"#));
        input.extend(framed(r#"{"jsonrpc":"2.0","id":"a","method":5}"#));
        input.extend(framed(r#"{"jsonrpc":"2.0","id":{"x":1}}"#));
        input.extend(framed(GOOD));
        let (messages, answers, _) = read(&input);
        let ids: Vec<&Value> = answers.iter().map(|a| &a["id"]).collect();
        assert_eq!(ids, [&json!(null), &json!(7), &json!("a"), &json!(null)]);
        for answer in &answers {
            assert_eq!(answer["error"]["code"], -32600, "{answer}");
            assert_eq!(
                answer["error"]["message"],
                "tomc could not read this message: it is JSON but not a JSON-RPC request, \
                 notification or response"
            );
        }
        assert_eq!(messages.len(), 1);
        assert!(is_good(&messages[0]));
    }

    #[test]
    fn a_header_without_content_length_is_answered_and_reading_goes_on() {
        let mut input =
            b"Content-Type: application/vscode-jsonrpc\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"x\"}"
                .to_vec();
        input.extend(framed(GOOD));
        let (messages, answers, _) = read(&input);
        assert_eq!(answers.len(), 1, "{answers:?}");
        assert_parse_error(&answers[0], "its header has no Content-Length");
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(is_good(&messages[0]));
    }

    #[test]
    fn a_content_length_that_is_not_a_number_is_answered_and_reading_goes_on() {
        let mut input = b"Content-Length: ten\r\n\r\n{\"pretty\":\n  true\n}".to_vec();
        input.extend(framed(GOOD));
        input.extend(b"Content-Length: 5\r\nContent-Length: 6\r\n\r\n{bad}");
        input.extend(framed(GOOD));
        let (messages, answers, _) = read(&input);
        assert_eq!(answers.len(), 2, "{answers:?}");
        assert_parse_error(
            &answers[0],
            "its Content-Length `ten` is not a number of bytes",
        );
        assert_parse_error(&answers[1], "two different Content-Lengths");
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages.iter().all(is_good));
    }

    #[test]
    fn bytes_left_over_before_a_header_are_answered_once() {
        // A Content-Length one byte short leaves `}` in front of the next header.
        let body = r#"{"jsonrpc":"2.0","method":"x"}"#;
        let mut input = format!("Content-Length: {}\r\n\r\n{body}", body.len() - 1).into_bytes();
        input.extend(framed(GOOD));
        let (messages, answers, _) = read(&input);
        assert_eq!(answers.len(), 2, "{answers:?}");
        assert_parse_error(&answers[0], "it is not JSON");
        assert_parse_error(&answers[1], "`}` is not a header line");
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(is_good(&messages[0]));
    }

    #[test]
    fn a_bad_header_line_with_a_length_skips_exactly_its_body() {
        let mut input = b"Content-Length: 5\r\nnot a header\r\n\r\n{bad}".to_vec();
        input.extend(framed(GOOD));
        let (messages, answers, _) = read(&input);
        assert_eq!(answers.len(), 1, "{answers:?}");
        assert_parse_error(&answers[0], "`not a header` is not a header line");
        assert!(is_good(&messages[0]), "{messages:?}");
    }

    #[test]
    fn a_huge_content_length_is_refused_without_allocating_it() {
        let input = format!("Content-Length: {}\r\n\r\n0123456789", 1u64 << 60);
        let (messages, answers, log) = read(input.as_bytes());
        assert!(messages.is_empty(), "{messages:?}");
        assert_eq!(answers.len(), 1, "{answers:?}");
        assert_parse_error(
            &answers[0],
            "its Content-Length 1152921504606846976 is more than the 1073741824 bytes tomc reads",
        );
        assert!(log.ends_with("the session ends\n"), "{log}");
    }

    #[test]
    fn the_largest_body_is_four_times_the_largest_file() {
        assert_eq!(MAX_CONTENT_LENGTH, 1 << 30);
    }

    #[test]
    fn a_body_grows_only_as_its_bytes_arrive() {
        let mut input: &[u8] = b"Content-Length: 1073741824\r\n\r\n0123456789";
        let mut framer = Framer::default();
        assert!(matches!(framer.next(&mut input).unwrap(), Frame::Cut));
        let body = read_body(&mut &b"0123456789"[..], MAX_CONTENT_LENGTH).unwrap();
        assert_eq!(body, b"0123456789");
        assert!(body.capacity() < 1 << 20, "{}", body.capacity());
    }

    #[test]
    fn a_header_line_of_a_megabyte_is_refused_without_holding_it() {
        let line = vec![b'a'; 1 << 20];
        let Line::Long(tail) = read_line(&mut &line[..]).unwrap() else {
            panic!("a long line");
        };
        assert_eq!(tail.len(), TAIL);

        let (messages, answers, _) = read(&line);
        assert!(messages.is_empty(), "{messages:?}");
        assert_eq!(answers.len(), 1, "{answers:?}");
        assert_parse_error(&answers[0], "a header line is longer than 8192 bytes");

        // With a newline after it, the next message is read.
        let mut input = line;
        input.extend(b"\r\n");
        input.extend(framed(GOOD));
        let (messages, answers, _) = read(&input);
        assert_eq!(answers.len(), 1, "{answers:?}");
        assert!(is_good(&messages[0]), "{messages:?}");
    }

    #[test]
    fn a_header_at_the_end_of_a_long_body_without_length_is_found() {
        let body = format!(r#"{{"text":"{}"}}"#, "x".repeat(20_000));
        let mut input = format!("Content-Type: json\r\n\r\n{body}").into_bytes();
        input.extend(framed(GOOD));
        let (messages, answers, _) = read(&input);
        assert_eq!(answers.len(), 1, "{answers:?}");
        assert_parse_error(&answers[0], "no Content-Length");
        assert!(is_good(&messages[0]), "{messages:?}");
    }

    #[test]
    fn the_end_of_the_input_inside_a_body_ends_quietly() {
        let (messages, answers, log) = read(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"");
        assert!(messages.is_empty(), "{messages:?}");
        assert!(answers.is_empty(), "{answers:?}");
        assert_eq!(
            log,
            "tomc lsp: the input ended inside a message; the session ends\n"
        );
        let (messages, answers, _) = read(b"Content-Length: 100\r\n");
        assert!(messages.is_empty() && answers.is_empty());
        let (messages, answers, log) = read(b"");
        assert!(messages.is_empty() && answers.is_empty() && log.is_empty());
    }

    #[test]
    fn reading_stops_after_exit() {
        let mut input = framed(r#"{"jsonrpc":"2.0","method":"exit"}"#);
        input.extend(framed("{bad}"));
        let (messages, answers, _) = read(&input);
        assert!(
            matches!(&messages[..], [Message::Notification(n)] if n.method == "exit"),
            "{messages:?}"
        );
        assert!(answers.is_empty(), "{answers:?}");
    }

    /// An output the test can read while a thread writes it.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_connection_carries_both_ways_and_its_threads_end() {
        let mut input = framed(GOOD);
        input.extend(framed("{bad}"));
        input.extend(framed(r#"{"jsonrpc":"2.0","method":"exit"}"#));
        let output = Shared::default();
        let (connection, transport) =
            connect(io::Cursor::new(input), output.clone(), io::sink()).unwrap();
        let request = match connection.receiver.recv().unwrap() {
            Message::Request(request) => request,
            other => panic!("{other:?}"),
        };
        let Request { id, .. } = request;
        connection
            .sender
            .send(Response::new_ok(id, json!({"ok": true})).into())
            .unwrap();
        connection
            .sender
            .send(Notification::new("tomc/said".into(), json!({})).into())
            .unwrap();
        let exit = connection.receiver.recv().unwrap();
        assert!(matches!(exit, Message::Notification(n) if n.method == "exit"));
        drop(connection);
        transport.join().unwrap();

        let written = unframed(&output.0.lock().unwrap());
        assert_eq!(written.len(), 3, "{written:?}");
        assert!(written.contains(&json!({"jsonrpc": "2.0", "id": 1, "result": {"ok": true}})));
        assert!(written.contains(&json!({"jsonrpc": "2.0", "method": "tomc/said", "params": {}})));
        assert!(
            written
                .iter()
                .any(|w| w["error"]["code"] == -32700 && w["id"].is_null())
        );
    }
}
