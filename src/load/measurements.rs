//! Reading measurements files: CSV (RFC 4180) whose header is `kpi,date,value`, with an
//! optional `note` column, and whose every other row is one measured value of a KPI.
//!
//! The `csv` crate reads the records and unescapes their cells. Where each cell is
//! written is found by walking the record's bytes from where the reader says it starts,
//! so that every problem is reported at the cell, with its line and column, and a row
//! in error costs that row only.

use crate::diag::Diagnostic;
use crate::source::{FileId, Span};
use crate::spec::{RuleId, iso_date};

/// The columns every measurements file has, in this order.
const COLUMNS: [&str; 3] = ["kpi", "date", "value"];
/// The columns of a file whose rows have a note.
const WITH_NOTE: [&str; 4] = ["kpi", "date", "value", "note"];
/// The header, for messages.
const HEADER: &str = "`kpi,date,value` (or `kpi,date,value,note`)";

/// One row of a measurements file, read but not yet checked against the model.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasurementRow {
    /// The id of the KPI measured, as written (never empty).
    pub kpi: String,
    /// Where the `kpi` cell is written.
    pub kpi_span: Span,
    /// A real day, `YYYY-MM-DD`.
    pub date: String,
    /// Where the `date` cell is written.
    pub date_span: Span,
    /// The value measured, a finite number.
    pub value: f64,
    /// Where the `value` cell is written.
    pub value_span: Span,
    /// The note of the row, when the file has a `note` column and the cell is not empty.
    pub note: Option<String>,
}

/// Reads the text of the measurements file `file`: the rows that read cleanly, in file
/// order, and one error for each problem. A file without its header row gives one error
/// and no row.
pub fn read_rows(file: FileId, text: &str) -> (Vec<MeasurementRow>, Vec<Diagnostic>) {
    let mut rows = Vec::new();
    let mut diagnostics = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    // The number of columns, once the header is read.
    let mut columns: Option<usize> = None;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                // Reading text already known to be UTF-8 from memory leaves the reader
                // nothing to fail on; should it fail, what was read is kept.
                let at = e
                    .position()
                    .and_then(|p| usize::try_from(p.byte()).ok())
                    .unwrap_or(0);
                diagnostics.push(
                    Diagnostic::error(
                        RuleId::Schema,
                        Span::new(file, at, at),
                        "the rest of the file cannot be read as CSV",
                    )
                    .help("save the file as CSV (comma-separated, UTF-8) from your spreadsheet"),
                );
                break;
            }
        }
        let start = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .unwrap_or(0);
        let row = Layout::of(text, start).fit(record.len());
        if let Some(quote) = row.unclosed {
            diagnostics.push(unclosed_quote(file, quote));
            break;
        }
        match columns {
            Some(columns) => {
                if let Some(read) = measurement(file, &record, &row, columns, &mut diagnostics) {
                    rows.push(read);
                }
            }
            None => {
                // A byte order mark is no column: the header starts the file.
                let before = text.get(..row.start).unwrap_or_default();
                let from = if before.trim_start_matches('\u{feff}').is_empty() {
                    0
                } else {
                    row.start
                };
                match header(&record, Span::new(file, from, row.end)) {
                    Ok(n) => columns = Some(n),
                    Err(d) => {
                        diagnostics.push(*d);
                        return (rows, diagnostics);
                    }
                }
            }
        }
    }
    if columns.is_none() && diagnostics.is_empty() {
        diagnostics.push(
            Diagnostic::error(
                RuleId::Schema,
                Span::new(file, 0, 0),
                "the measurements file is empty: it has no header row",
            )
            .label("no header")
            .help(format!(
                "start the file with the line {HEADER}, then write one measurement per line"
            )),
        );
    }
    (rows, diagnostics)
}

/// The number of columns of a header row, or the error for a first row that is not
/// the header, at `span`.
fn header(record: &csv::StringRecord, span: Span) -> Result<usize, Box<Diagnostic>> {
    let cells: Vec<&str> = record.iter().collect();
    let is_header = |cells: &[&str]| cells == COLUMNS || cells == WITH_NOTE;
    if is_header(&cells) {
        return Ok(cells.len());
    }
    if cells.len() >= COLUMNS.len() && iso_date(cells[1].trim()).is_some() {
        return Err(Box::new(
            Diagnostic::error(
                RuleId::Schema,
                span,
                "the measurements file has no header row: its first row is a measurement",
            )
            .label("a measurement, not the header")
            .help(format!("add the line {HEADER} above it")),
        ));
    }
    let cleaned: Vec<String> = cells.iter().map(|c| c.trim().to_lowercase()).collect();
    let cleaned: Vec<&str> = cleaned.iter().map(String::as_str).collect();
    let help = if is_header(&cleaned) {
        "write the column names in lower case and without spaces: `kpi,date,value`, and `,note` when the rows have a note"
    } else {
        "the first line names the columns, in this order: `kpi,date,value`, and `,note` at the end when the rows have a note"
    };
    Err(Box::new(
        Diagnostic::error(
            RuleId::Schema,
            span,
            format!(
                "the first row of a measurements file must be the header {HEADER}, found `{}`",
                record.iter().collect::<Vec<_>>().join(",")
            ),
        )
        .label("not the header")
        .help(help),
    ))
}

/// One measurement from a record under a header of `columns` columns; `None`, with
/// every problem of the row reported, when it does not read.
fn measurement(
    file: FileId,
    record: &csv::StringRecord,
    row: &Layout,
    columns: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<MeasurementRow> {
    let cells: Vec<&str> = record.iter().collect();
    if cells.len() != columns {
        diagnostics.push(cell_count(file, row, cells.len(), columns));
        return None;
    }
    let span = |i: usize| {
        let (start, end) = row.cells[i];
        Span::new(file, start, end)
    };
    let before = diagnostics.len();
    let (kpi, kpi_span) = (cells[0], span(0));
    if kpi.trim().is_empty() {
        diagnostics.push(
            Diagnostic::error(RuleId::Schema, kpi_span, "the `kpi` cell is empty")
                .label("no KPI")
                .help("write the id of the KPI measured, e.g. `nps`"),
        );
    }
    let (date, date_span) = (cells[1], span(1));
    diagnostics.extend(date_error(date, date_span));
    let value_span = span(2);
    let value = match number(cells[2], value_span) {
        Ok(value) => Some(value),
        Err(d) => {
            diagnostics.push(*d);
            None
        }
    };
    if diagnostics.len() > before {
        return None;
    }
    Some(MeasurementRow {
        kpi: kpi.to_owned(),
        kpi_span,
        date: date.to_owned(),
        date_span,
        value: value?,
        value_span,
        note: cells
            .get(3)
            .filter(|n| !n.is_empty())
            .map(|n| (*n).to_owned()),
    })
}

/// The error for a row of `found` cells under a header of `columns`.
fn cell_count(file: FileId, row: &Layout, found: usize, columns: usize) -> Diagnostic {
    let header = if columns > COLUMNS.len() {
        "`kpi,date,value,note`"
    } else {
        "`kpi,date,value`"
    };
    let cells = |n: usize| {
        if n == 1 {
            "1 cell".to_owned()
        } else {
            format!("{n} cells")
        }
    };
    let help = if found > columns {
        "a cell that holds a comma is quoted: `\"late, estimated\"`"
    } else {
        "write one measurement per line, with a cell for each column of the header"
    };
    Diagnostic::error(
        RuleId::Schema,
        Span::new(file, row.start, row.end),
        format!(
            "this row has {}, but the header {header} has {columns}",
            cells(found)
        ),
    )
    .label(cells(found))
    .help(help)
}

/// The error for a `date` cell that is not a real day written `YYYY-MM-DD`.
fn date_error(text: &str, span: Span) -> Option<Diagnostic> {
    if iso_date(text).is_some() {
        return None;
    }
    let (message, help) = if text.trim().is_empty() {
        (
            "the `date` cell is empty".to_owned(),
            "write the day of the measurement as YYYY-MM-DD (ISO 8601), e.g. `2026-03-31`"
                .to_owned(),
        )
    } else if iso_date(text.trim()).is_some() {
        (
            format!("`{text}` is not a date written YYYY-MM-DD"),
            format!("remove the spaces around `{}`", text.trim()),
        )
    } else {
        match text.split('-').collect::<Vec<_>>()[..] {
            [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => (
                format!("`{text}` is not a day of the calendar"),
                "the month runs from 01 to 12 and the day must exist in that month (29 February only in leap years)".to_owned(),
            ),
            _ => (
                format!("`{text}` is not a date written YYYY-MM-DD"),
                "write the date as YYYY-MM-DD (ISO 8601), e.g. `2026-03-31`".to_owned(),
            ),
        }
    };
    Some(
        Diagnostic::error(RuleId::Schema, span, message)
            .label("not a date")
            .help(help),
    )
}

/// The number in a `value` cell: finite, written as a plain number.
fn number(text: &str, span: Span) -> Result<f64, Box<Diagnostic>> {
    let error = |message: String, label: &str, help: String| {
        Err(Box::new(
            Diagnostic::error(RuleId::Schema, span, message)
                .label(label)
                .help(help),
        ))
    };
    if text.trim().is_empty() {
        return error(
            "the `value` cell is empty".into(),
            "no value",
            "write the value measured as a number, e.g. `42` or `-3.5`".into(),
        );
    }
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        Ok(_) => error(
            format!("`{text}` is not a finite number"),
            "not a finite number",
            "write the value measured as a number, e.g. `42` or `-3.5`".into(),
        ),
        Err(_) => {
            let help = if text.trim().parse::<f64>().is_ok_and(f64::is_finite) {
                format!("remove the spaces around `{}`", text.trim())
            } else if text
                .replace(',', ".")
                .parse::<f64>()
                .is_ok_and(f64::is_finite)
            {
                format!("write decimals with a point: `{}`", text.replace(',', "."))
            } else {
                "write the value as a plain number, e.g. `42` or `-3.5`, without a unit or thousands separators".into()
            };
            error(format!("`{text}` is not a number"), "not a number", help)
        }
    }
}

/// The error for a quote that opens a cell and is never closed: the reader took the
/// rest of the file as that cell.
fn unclosed_quote(file: FileId, at: usize) -> Diagnostic {
    Diagnostic::error(
        RuleId::Schema,
        Span::new(file, at, at + 1),
        "this quote is never closed, so the rest of the file reads as one cell",
    )
    .label("opened here")
    .help("end the quoted cell with `\"`; a quote inside a quoted cell is written twice: `\"\"`")
}

/// Where a record and its cells are written in the file, as byte offsets.
#[derive(Debug, PartialEq)]
struct Layout {
    /// The first byte of the record.
    start: usize,
    /// One past its last byte, line break excluded.
    end: usize,
    /// Each cell's range, quotes included.
    cells: Vec<(usize, usize)>,
    /// The opening quote of a cell that runs to the end of the file.
    unclosed: Option<usize>,
}

impl Layout {
    /// The layout of the record that the reader began at `from`: the reader counts the
    /// byte order mark and the blank lines it skipped as part of the record, the cells
    /// begin after them. Cells are split as the reader splits them (RFC 4180 with any
    /// line break: a quote opens a quoted cell only as its first byte, and after the
    /// closing quote the cell runs to the next comma or line break).
    fn of(text: &str, from: usize) -> Self {
        let bytes = text.as_bytes();
        let mut at = from.min(bytes.len());
        if at == 0 && text.starts_with('\u{feff}') {
            at = '\u{feff}'.len_utf8();
        }
        while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
            at += 1;
        }
        let start = at;
        let mut found = Vec::new();
        let mut unclosed = None;
        loop {
            let cell = at;
            if bytes.get(at) == Some(&b'"') {
                at += 1;
                loop {
                    match bytes[at..].iter().position(|&b| b == b'"') {
                        None => {
                            unclosed = Some(cell);
                            at = bytes.len();
                            break;
                        }
                        Some(i) if bytes.get(at + i + 1) == Some(&b'"') => at += i + 2,
                        Some(i) => {
                            at += i + 1;
                            break;
                        }
                    }
                }
            }
            while at < bytes.len() && !matches!(bytes[at], b',' | b'\r' | b'\n') {
                at += 1;
            }
            found.push((cell, at));
            if bytes.get(at) == Some(&b',') {
                at += 1;
            } else {
                break;
            }
        }
        Layout {
            start,
            end: at,
            cells: found,
            unclosed,
        }
    }

    /// The layout with the `cells` cells the reader found. The walk agrees with the
    /// reader on every input; should it not, each cell is placed at the whole record
    /// rather than at a wrong cell.
    fn fit(mut self, cells: usize) -> Self {
        if self.cells.len() != cells {
            self.cells = vec![(self.start, self.end); cells];
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<MeasurementRow>, Vec<Diagnostic>) {
        read_rows(FileId(0), text)
    }

    fn at(text: &str, span: Span) -> &str {
        &text[span.range()]
    }

    #[test]
    fn cells_are_placed_where_they_are_written() {
        let text = "kpi,date,value,note\r\nnps,2026-01-31,42,\"late, \"\"estimated\"\"\"\r\n\r\n\"a\"\"b\",2026-02-28,-3.5,\n";
        let (rows, diagnostics) = read(text);
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].note.as_deref(), Some("late, \"estimated\""));
        assert_eq!(at(text, rows[0].kpi_span), "nps");
        assert_eq!(at(text, rows[0].date_span), "2026-01-31");
        assert_eq!(at(text, rows[0].value_span), "42");
        assert_eq!(rows[1].kpi, "a\"b");
        assert_eq!(at(text, rows[1].kpi_span), "\"a\"\"b\"");
        assert_eq!(rows[1].value, -3.5);
        assert_eq!(rows[1].note, None);
    }

    #[test]
    fn layout_follows_the_reader() {
        for (text, cells) in [
            ("\u{feff}a,b\n", vec!["a", "b"]),
            ("\n\r\n\"x\"y,,z\r", vec!["\"x\"y", "", "z"]),
            ("a\"b,c", vec!["a\"b", "c"]),
            ("a,", vec!["a", ""]),
        ] {
            let layout = Layout::of(text, 0);
            let got: Vec<&str> = layout.cells.iter().map(|&(s, e)| &text[s..e]).collect();
            assert_eq!(got, cells, "{text:?}");
        }
        let layout = Layout::of("a,\"b\nc\n", 0);
        assert_eq!(layout.unclosed, Some(2));
    }

    #[test]
    fn a_header_with_the_wrong_names_costs_the_file() {
        for text in [
            "KPI,Date,Value\nnps,2026-01-31,42\n",
            "kpi,value,date\nnps,42,2026-01-31\n",
            "nps,2026-01-31,42\n",
            "kpi,date,value,notes\n",
            "kpi,date\n",
            "",
        ] {
            let (rows, diagnostics) = read(text);
            assert!(rows.is_empty(), "{text:?}");
            assert_eq!(diagnostics.len(), 1, "{text:?}: {diagnostics:#?}");
            assert_eq!(diagnostics[0].span.map(|s| s.start()), Some(0), "{text:?}");
        }
    }

    #[test]
    fn numbers_are_plain_and_finite() {
        for good in ["42", "-3.5", "1e3", "+0.25", ".5"] {
            assert!(number(good, Span::new(FileId(0), 0, 0)).is_ok(), "{good}");
        }
        for (bad, help) in [
            ("", "e.g. `42`"),
            ("inf", "e.g. `42`"),
            ("NaN", "e.g. `42`"),
            ("1e999", "e.g. `42`"),
            ("12%", "without a unit"),
            ("3,5", "`3.5`"),
            (" 7", "remove the spaces"),
        ] {
            let d = number(bad, Span::new(FileId(0), 0, 0)).unwrap_err();
            assert!(
                d.help.as_deref().unwrap_or_default().contains(help),
                "{bad}: {d:?}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 512, ..Default::default() })]

        /// The walk finds the cells the reader finds, where they are written.
        #[test]
        fn the_walk_agrees_with_the_reader(text in "[a,\"\r\né\u{feff}]{0,40}") {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes());
            for record in reader.byte_records() {
                let record = record.unwrap();
                let from = usize::try_from(record.position().unwrap().byte()).unwrap();
                let layout = Layout::of(&text, from);
                proptest::prop_assert_eq!(layout.cells.len(), record.len(), "{:?} at {}", text, from);
                for (&(start, end), field) in layout.cells.iter().zip(record.iter()) {
                    let raw = &text.as_bytes()[start..end];
                    if !raw.contains(&b'"') {
                        proptest::prop_assert_eq!(raw, field, "{:?} at {}", text, from);
                    }
                }
            }
        }

        /// Any text gives rows and errors whose places lie in the text.
        #[test]
        fn every_place_is_in_the_text(text in "(kpi,date,value(,note)?\r?\n)?[a0-9.,\"\r\n -]{0,60}") {
            let (rows, diagnostics) = read(&text);
            let spans = rows
                .iter()
                .flat_map(|r| [r.kpi_span, r.date_span, r.value_span])
                .chain(diagnostics.iter().filter_map(|d| d.span));
            for span in spans {
                proptest::prop_assert!(span.end() <= text.len() && text.is_char_boundary(span.start()));
            }
        }
    }
}
