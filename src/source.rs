//! Source files and byte spans, with line/column conversion for diagnostics.

use std::path::PathBuf;
use std::sync::Arc;

/// Index of a file in a [`Sources`] set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A byte range in one source file, in 12 bytes: offsets are kept as `u32`, which
/// holds every file tomc reads (at most 256 MiB, see [`crate::limits::Limits`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// The file the span lies in.
    pub file: FileId,
    start: u32,
    end: u32,
}

impl Span {
    /// A span from `start` to `end` in `file` (an end before the start is the start;
    /// an offset past 4 GiB, which no file read can reach, is 4 GiB).
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        let offset = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Self {
            file,
            start: offset(start),
            end: offset(end.max(start)),
        }
    }

    /// Byte offset of the first byte.
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// Byte offset one past the last byte (equal to the start for a point).
    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// The bytes covered, as a range into the file's text.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }
}

/// A 1-based line and column, the column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
}

/// One file read from disk. Clones share the text and its line index.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the project directory, with `/` separators.
    pub name: String,
    /// Absolute path on disk.
    pub path: PathBuf,
    /// The file's text (empty when it could not be decoded).
    pub text: Arc<String>,
    line_starts: Arc<Vec<usize>>,
}

impl SourceFile {
    /// A source file with its line index. Lines end at `\n`, `\r\n` or a lone `\r`, as
    /// YAML and editors count them.
    pub fn new(name: String, path: PathBuf, text: String) -> Self {
        let bytes = text.as_bytes();
        let line_starts = Arc::new(
            std::iter::once(0)
                .chain(
                    line_breaks(bytes)
                        .filter(|&i| !(bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n')))
                        .map(|i| i + 1),
                )
                .collect(),
        );
        Self {
            name,
            path,
            text: Arc::new(text),
            line_starts,
        }
    }

    /// The byte offsets at which lines start, shared (for snippet renderers).
    pub fn line_starts(&self) -> Arc<Vec<usize>> {
        Arc::clone(&self.line_starts)
    }

    /// Line and column (1-based, columns in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// Byte offset of a 1-based line and character column; clamps to the text.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some((start, end)) = self.line_bounds(line.saturating_sub(1)) else {
            return self.text.len();
        };
        self.text[start..end]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(end, |(i, _)| start + i)
    }

    /// The number of lines (at least one, even for an empty text).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte range of a 0-based line, without its line break.
    pub fn line_bounds(&self, line: usize) -> Option<(usize, usize)> {
        let start = *self.line_starts.get(line)?;
        let mut end = self
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let bytes = self.text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        Some((start, end))
    }

    /// The span of the one character at `offset` (empty at the end of the text).
    pub fn char_span(&self, file: FileId, offset: usize) -> Span {
        let len = self
            .text
            .get(offset..)
            .and_then(|t| t.chars().next())
            .map_or(0, char::len_utf8);
        Span::new(file, offset, offset + len)
    }

    /// The first and last character positions of a span (the end inclusive).
    pub fn range(&self, span: Span) -> (LineCol, LineCol) {
        let start = self.line_col(span.start());
        let last = if span.end() > span.start() {
            let text = self
                .text
                .get(..span.end().min(self.text.len()))
                .unwrap_or_default();
            text.char_indices()
                .next_back()
                .map_or(span.start(), |(i, _)| i.max(span.start()))
        } else {
            span.start()
        };
        (start, self.line_col(last))
    }
}

/// Every file of a project, indexed by [`FileId`].
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// Adds a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(u32::try_from(self.files.len() - 1).unwrap_or(u32::MAX))
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// All files, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(u32::try_from(i).unwrap_or(u32::MAX)), f))
    }
}

/// The offsets of the line-break bytes (`\n` and `\r`) of a text.
fn line_breaks(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, b'\n' | b'\r'))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("f".into(), PathBuf::from("f"), text.into())
    }

    #[test]
    fn counts_lines_as_editors_do() {
        for text in [
            "a: 1\nb: 2\nc: 3",
            "a: 1\r\nb: 2\r\nc: 3",
            "a: 1\rb: 2\rc: 3",
        ] {
            let f = file(text);
            let at = text.find('c').unwrap();
            assert_eq!(f.line_col(at), LineCol { line: 3, column: 1 }, "{text:?}");
            assert_eq!(f.line_count(), 3);
            let (s, e) = f.line_bounds(1).unwrap();
            assert_eq!(&text[s..e], "b: 2");
            assert_eq!(f.offset_of(3, 1), at);
        }
        assert_eq!(file("").line_count(), 1);
    }

    #[test]
    fn spans_are_small_and_keep_their_bounds() {
        assert_eq!(std::mem::size_of::<Span>(), 12);
        let span = Span::new(FileId(2), 7, 3);
        assert_eq!((span.start(), span.end(), span.range()), (7, 7, 7..7));
        let far = Span::new(FileId(0), 5, usize::MAX);
        assert_eq!(far.range(), 5..u32::MAX as usize);
    }
}
