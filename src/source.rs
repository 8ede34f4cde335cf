//! Source files and byte spans, with line/column conversion for diagnostics.

use std::path::PathBuf;
use std::sync::Arc;

/// Index of a file in a [`Sources`] set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// The file the span lies in.
    pub file: FileId,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte (equal to `start` for a point).
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` in `file`.
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        Self {
            file,
            start,
            end: end.max(start),
        }
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

/// One file read from disk.
#[derive(Debug)]
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
    /// A source file with its line index.
    pub fn new(name: String, path: PathBuf, text: String) -> Self {
        let line_starts = Arc::new(
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
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
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        let line_end = rest.find('\n').unwrap_or(rest.len());
        rest[..line_end]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(start + line_end, |(i, _)| start + i)
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
        let start = self.line_col(span.start);
        let last = if span.end > span.start {
            let text = self
                .text
                .get(..span.end.min(self.text.len()))
                .unwrap_or_default();
            text.char_indices()
                .next_back()
                .map_or(span.start, |(i, _)| i.max(span.start))
        } else {
            span.start
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
            .map(|(i, f)| (FileId(i as u32), f))
    }
}

/// The byte range of the lines around `start..end` in a text whose lines start at
/// `line_starts`: `before` lines before the line of `start`, `after` lines after the line
/// of `end`. Returns the range and the 0-based index of its first line.
pub fn window(
    line_starts: &[usize],
    len: usize,
    (start, end): (usize, usize),
    before: usize,
    after: usize,
) -> (usize, usize, usize) {
    let line_of = |offset: usize| {
        line_starts
            .partition_point(|&s| s <= offset.min(len))
            .saturating_sub(1)
    };
    let first = line_of(start).saturating_sub(before);
    let last = line_of(end.saturating_sub(1).max(start)) + after;
    let from = line_starts.get(first).copied().unwrap_or(0);
    let to = line_starts.get(last + 1).copied().unwrap_or(len);
    (from, to.max(from), first)
}
