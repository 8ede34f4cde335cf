//! Visible escapes for characters that a terminal or a Markdown viewer would act on
//! instead of showing: control characters (ESC starts a terminal command, BEL rings),
//! and invisible formatting characters (zero-width spaces, bidirectional overrides that
//! reorder the text a reviewer reads). Every text output of user data passes through
//! [`visible`]; JSON and SARIF escape control characters by construction.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` is a zero-width or bidirectional formatting character: it changes how
/// text around it looks without showing itself.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

/// The first bytes of the UTF-8 encodings of the characters [`is_invisible`] names.
const INVISIBLE_LEADS: [u8; 5] = [0xC2, 0xD8, 0xE1, 0xE2, 0xEF];

/// Whether `text` may hold an invisible formatting character (or, with `del`, the DEL
/// control): whether a byte of it is one of [`INVISIBLE_LEADS`] (or DEL). The outputs
/// of a large model are hundreds of megabytes, nearly all of it ASCII: chunks of ASCII
/// are passed over a word at a time, about thirty times faster than decoding them.
fn may_hold(text: &str, del: bool) -> bool {
    text.as_bytes().chunks(64).any(|chunk| {
        let lead = !chunk.is_ascii() && chunk.iter().any(|b| INVISIBLE_LEADS.contains(b));
        lead || (del && chunk.contains(&0x7f))
    })
}

/// Whether `text` holds an invisible formatting character.
fn has_invisible(text: &str) -> bool {
    may_hold(text, false) && text.chars().any(is_invisible)
}

/// Whether `c` must be shown as an escape rather than as itself.
pub fn needs_escape(c: char) -> bool {
    c.is_control() || is_invisible(c)
}

/// Appends the visible form of `c` to `out`: `\t`, `\u{1b}` for control characters,
/// `<U+202E>` for invisible formatting characters, `c` itself otherwise.
pub fn push_visible(out: &mut String, c: char) {
    match c {
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        c if c.is_control() => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
        c if is_invisible(c) => {
            let _ = write!(out, "<U+{:04X}>", u32::from(c));
        }
        c => out.push(c),
    }
}

/// `text` with every control and invisible formatting character escaped visibly
/// (`\u{1b}`, `<U+202E>`); borrowed when there is nothing to escape.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_visible(&mut out, c);
    }
    Cow::Owned(out)
}

/// Like [`visible`], but line breaks stay: for messages of several lines.
pub fn visible_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && needs_escape(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\n' {
            out.push(c);
        } else {
            push_visible(&mut out, c);
        }
    }
    Cow::Owned(out)
}

/// JSON text with the characters that JSON leaves as they are but a terminal would act
/// on or hide (DEL, C1 controls such as U+009B, invisible formatting characters)
/// written as `\uXXXX` escapes. JSON's structure is ASCII, so such characters occur
/// only inside strings, where the escape reads back as the same character.
pub fn json(text: String) -> String {
    let unsafe_in_json =
        |c: char| c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c) || is_invisible(c);
    if !may_hold(&text, true) || !text.chars().any(unsafe_in_json) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_in_json(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// YAML written by the serializer, with invisible formatting characters in values
/// written as `\uXXXX` escapes: inside double quotes as they are, and a plain value
/// holding one is double-quoted first. The serializer escapes control characters
/// itself but leaves these as they are. The result is kept only when it reads back as
/// the same document; otherwise (a key holding one, say) the text is returned as is.
pub fn yaml(text: String) -> String {
    if !has_invisible(&text) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.split_inclusive('\n') {
        if has_invisible(line) {
            out.push_str(&yaml_line(line));
        } else {
            out.push_str(line);
        }
    }
    let same = |a: &str, b: &str| {
        let read = |t: &str| serde_saphyr::from_str::<serde_json::Value>(t).ok();
        read(a).is_some_and(|a| Some(a) == read(b))
    };
    if same(&text, &out) { out } else { text }
}

/// One line of block-style YAML with the invisible characters of its value escaped.
fn yaml_line(line: &str) -> String {
    let body = line.trim_end_matches('\n');
    let mut start = body.len() - body.trim_start().len();
    while body[start..].starts_with("- ") {
        start += 2;
    }
    let value_at = match body[start..].find(": ") {
        Some(i) if !body[start..start + i].chars().any(is_invisible) => start + i + 2,
        Some(_) => return line.to_owned(),
        None => start,
    };
    let (head, value) = body.split_at(value_at);
    let mut out = String::from(head);
    let quoted = value.starts_with('"');
    if !quoted {
        if value.starts_with(['\'', '|', '>', '[', '{', '&', '*', '!']) {
            return line.to_owned();
        }
        out.push('"');
    }
    for c in value.chars() {
        match c {
            c if is_invisible(c) => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            '\\' | '"' if !quoted => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    if !quoted {
        out.push('"');
    }
    out.push_str(&line[body.len()..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_invisible_character_starts_with_a_byte_the_scan_looks_for() {
        let invisible: Vec<char> = (0..=u32::from(char::MAX))
            .filter_map(char::from_u32)
            .filter(|&c| is_invisible(c))
            .collect();
        assert_eq!(invisible.len(), 34);
        for c in invisible {
            let mut utf8 = [0; 4];
            let lead = c.encode_utf8(&mut utf8).as_bytes()[0];
            assert!(
                INVISIBLE_LEADS.contains(&lead),
                "{c:?} starts with {lead:#x}"
            );
            assert!(has_invisible(&format!("plain {c} text")), "{c:?}");
        }
        assert!(!has_invisible("plain café, £12 and — dashes"));
        assert_eq!(json("\u{7f}".into()), "\\u007f");
        // A character that straddles two chunks of the scan is found.
        let long = format!("{}\u{202E}{}", "a".repeat(63), "b".repeat(100));
        assert!(has_invisible(&long));
        assert_eq!(json(format!("{}\u{7f}", "a".repeat(200))).len(), 206);
    }

    #[test]
    fn escapes_controls_and_invisible_characters_only() {
        assert_eq!(visible("plain café"), "plain café");
        assert_eq!(visible("\u{1b}]0;PWNED\u{7}"), "\\u{1b}]0;PWNED\\u{7}");
        assert_eq!(visible("a\u{202E}b\u{200B}c"), "a<U+202E>b<U+200B>c");
        assert_eq!(visible("a\tb\r\n"), "a\\tb\\r\\n");
        assert_eq!(visible("\u{9b}"), "\\u{9b}");
        assert_eq!(visible_lines("a\nb\u{7}"), "a\nb\\u{7}");
        let doc = "a:\n  name: x\u{202E}y \"q\"\n  b: \"p\\e\u{200B}\"\n  c:\n  - z\u{202E}\n";
        assert_eq!(
            yaml(doc.into()),
            "a:\n  name: \"x\\u202Ey \\\"q\\\"\"\n  b: \"p\\e\\u200B\"\n  c:\n  - \"z\\u202E\"\n"
        );
        // A key holding one cannot be escaped by quoting its value: kept as is.
        let key = "a\u{202E}b: 1\n";
        assert_eq!(yaml(key.into()), key);
        assert_eq!(
            json("{\"a\": \"x\u{202E}\u{9b}\"}".into()),
            "{\"a\": \"x\\u202e\\u009b\"}"
        );
    }
}
