//! Reading the sheet: a CSV file or one sheet of an `.xlsx` workbook, as a header row
//! and rows of cells, each numbered as the spreadsheet shows it.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader as _, Xlsx};

use super::mapping::{IdFrom, Mapping};
use super::{SheetError, column_letters, quoted};

/// The largest sheet read, as for a model file.
pub const MAX_SHEET_BYTES: u64 = crate::limits::Limits::DEFAULT.max_file_bytes;

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// `true` or `false`.
    Bool(bool),
    /// A date (and time), written `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`.
    Date(String),
    /// An error value of the spreadsheet (`#N/A`).
    Error(String),
}

impl Cell {
    /// The cell as text, trimmed; `None` when it holds nothing.
    pub(super) fn text(&self) -> Option<String> {
        let text = match self {
            Cell::Empty | Cell::Error(_) => return None,
            Cell::Text(t) => t.trim().to_owned(),
            Cell::Number(n) => crate::text::number(*n),
            Cell::Bool(b) => b.to_string(),
            Cell::Date(d) => d.clone(),
        };
        (!text.is_empty()).then_some(text)
    }

    fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

/// A data row.
#[derive(Debug)]
pub(super) struct Row {
    /// The row's number as the spreadsheet shows it (for CSV, the line it starts on).
    pub number: usize,
    /// The cells by 0-based column.
    pub cells: Vec<Cell>,
}

impl Row {
    /// The cell in `column`.
    pub(super) fn cell(&self, column: u32) -> &Cell {
        usize::try_from(column)
            .ok()
            .and_then(|c| self.cells.get(c))
            .unwrap_or(&Cell::Empty)
    }
}

/// The sheet read: where it is, its headers and its data rows (blank rows left out).
#[derive(Debug)]
pub(super) struct Table {
    /// The file, and the sheet of a workbook, for messages: `apps.xlsx, sheet Apps`.
    pub place: String,
    /// Each mapped column's 0-based index, in the order of the mapping's columns.
    pub columns: Vec<u32>,
    /// The id column's index, when ids come from a column.
    pub id_column: Option<u32>,
    /// Headers by 0-based column.
    pub headers: Vec<(u32, String)>,
    /// The data rows.
    pub rows: Vec<Row>,
}

impl Table {
    /// `C (Owner)`: a column's letters and header, for messages.
    pub(super) fn column_name(&self, column: u32) -> String {
        let header = self
            .headers
            .iter()
            .find(|(c, _)| *c == column)
            .map_or("", |(_, h)| h.as_str());
        format!("{} ({})", column_letters(column), quoted(header))
    }
}

/// Reads the sheet at `path` and finds the columns `mapping` names.
pub(super) fn read(path: &Path, mapping: &Mapping) -> Result<Table, SheetError> {
    let name = path.display().to_string();
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let (place, header, rows) = match extension.as_str() {
        "csv" => {
            let bytes = crate::load::read_bounded(path, MAX_SHEET_BYTES)?;
            let (header, rows) = read_csv(&name, bytes, mapping.header_row)?;
            (name.clone(), header, rows)
        }
        "xlsx" | "xlsm" => {
            let bytes = crate::load::read_bounded(path, MAX_SHEET_BYTES)?;
            xlsx(&name, bytes, mapping)?
        }
        _ => {
            return Err(SheetError::new(
                format!("`{}` is neither a .csv nor an .xlsx file", quoted(&name)),
                Some(
                    "save the sheet as CSV (UTF-8) or as an Excel workbook (.xlsx), and name the file so"
                        .to_owned(),
                ),
            ));
        }
    };
    let headers: Vec<(u32, String)> = header
        .into_iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let text = c.text()?;
            Some((u32::try_from(i).ok()?, text))
        })
        .collect();
    let find = |header: &str, at: &str| -> Result<u32, SheetError> {
        let found: Vec<u32> = headers
            .iter()
            .filter(|(_, h)| h == header.trim())
            .map(|(c, _)| *c)
            .collect();
        match found.as_slice() {
            [one] => Ok(*one),
            [] => {
                let help = crate::text::suggestion(header, headers.iter().map(|(_, h)| h.as_str()))
                    .unwrap_or_else(|| {
                        let all: Vec<String> = headers.iter().map(|(_, h)| quoted(h)).collect();
                        if all.is_empty() {
                            format!("row {} holds no header; set `header_row` to the row that names the columns", mapping.header_row)
                        } else {
                            format!("the headers in row {} are: {}", mapping.header_row, all.join(", "))
                        }
                    });
                Err(SheetError::new(
                    format!(
                        "{at}: {place} has no column headed `{}` in row {}",
                        quoted(header),
                        mapping.header_row
                    ),
                    Some(help),
                ))
            }
            several => {
                let letters: Vec<String> = several.iter().map(|c| column_letters(*c)).collect();
                Err(SheetError::new(
                    format!(
                        "{at}: {place} has the header `{}` in several columns: {}",
                        quoted(header),
                        letters.join(", ")
                    ),
                    Some("rename all but one of them in the sheet".to_owned()),
                ))
            }
        }
    };
    let id_column = match &mapping.id {
        IdFrom::Column { header, at } => Some(find(header, at)?),
        IdFrom::Name => None,
    };
    let columns = mapping
        .columns
        .iter()
        .map(|c| find(&c.header, &c.at))
        .collect::<Result<Vec<_>, _>>()?;
    let rows = rows
        .into_iter()
        .filter(|r| !r.cells.iter().all(Cell::is_blank))
        .collect();
    Ok(Table {
        place,
        columns,
        id_column,
        headers,
        rows,
    })
}

/// The header and the rows after it of a CSV file: UTF-8, a byte order mark at the
/// start skipped, rows numbered by the line each starts on.
fn read_csv(
    name: &str,
    bytes: Vec<u8>,
    header_row: u32,
) -> Result<(Vec<Cell>, Vec<Row>), SheetError> {
    let text = crate::raw::parse::decode(bytes).map_err(|(at, lossy)| {
        let line = lossy[..at].matches('\n').count() + 1;
        SheetError::new(
            format!("{}: line {line} is not valid UTF-8", quoted(name)),
            Some("save the sheet as CSV UTF-8".to_owned()),
        )
    })?;
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let mut header = None;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            SheetError::new(
                format!("{}: line {line} cannot be read as CSV", quoted(name)),
                Some("save the sheet as CSV UTF-8 from the spreadsheet program".to_owned()),
            )
        })?;
        // The line the record starts on, counted from its byte offset, which may
        // point at the line breaks before it (the reader ends a record at `\r` and
        // reads the `\n` of a CRLF with the next).
        let bytes = body.as_bytes();
        let mut start = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .unwrap_or(0)
            .min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        let line = bytes[..start].iter().filter(|&&b| b == b'\n').count() + 1;
        let cells: Vec<Cell> = record
            .iter()
            .map(|c| {
                if c.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(c.to_owned())
                }
            })
            .collect();
        let number = line;
        match number.cmp(&(header_row as usize)) {
            std::cmp::Ordering::Less => {}
            std::cmp::Ordering::Equal => header = Some(cells),
            std::cmp::Ordering::Greater if header.is_some() => rows.push(Row { number, cells }),
            std::cmp::Ordering::Greater => {
                return Err(no_header(name, header_row));
            }
        }
    }
    let header = header.ok_or_else(|| no_header(name, header_row))?;
    Ok((header, rows))
}

/// The error for a header row that holds no row of the file.
fn no_header(name: &str, header_row: u32) -> SheetError {
    SheetError::new(
        format!(
            "{}: row {header_row}, the header row, holds nothing",
            quoted(name)
        ),
        Some("set `header_row` in the mapping to the row that names the columns".to_owned()),
    )
}

/// The place, header and rows of the mapping's sheet of a workbook.
/// The most bytes the parts of a workbook may declare once unpacked: a workbook of a
/// few megabytes can unpack to gigabytes, and calamine holds a sheet in memory.
pub(super) const MAX_UNPACKED_BYTES: u64 = 512_000_000;

/// What the parts of a zip archive declare they unpack to, in all; `None` when it is
/// not a zip archive.
fn unpacked_size(bytes: &[u8]) -> Option<u64> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let part = archive.by_index_raw(i).ok()?;
        total = total.saturating_add(part.size());
    }
    Some(total)
}

fn xlsx(
    name: &str,
    bytes: Vec<u8>,
    mapping: &Mapping,
) -> Result<(String, Vec<Cell>, Vec<Row>), SheetError> {
    let unreadable = |what: &str| {
        SheetError::new(
            format!(
                "{} cannot be read as an .xlsx workbook: {what}",
                quoted(name)
            ),
            Some(
                "open it in the spreadsheet program and save it again as an Excel workbook (.xlsx)"
                    .to_owned(),
            ),
        )
    };
    let unpacked = unpacked_size(&bytes).ok_or_else(|| unreadable("it is not a zip archive"))?;
    if unpacked > MAX_UNPACKED_BYTES {
        return Err(SheetError::new(
            format!(
                "{} unpacks to {} MB, more than the {} MB tomc reads from a workbook",
                quoted(name),
                unpacked / 1_000_000,
                MAX_UNPACKED_BYTES / 1_000_000
            ),
            Some("save the rows to import as a CSV file, or split the workbook".to_owned()),
        ));
    }
    let mut workbook = Xlsx::new(Cursor::new(bytes))
        .map_err(|_| unreadable("it is not a workbook tomc can open"))?;
    let names = workbook.sheet_names();
    let sheet = match &mapping.sheet {
        Some(sheet) => {
            if !names.contains(sheet) {
                let help = crate::text::suggestion(sheet, names.iter().map(String::as_str))
                    .unwrap_or_else(|| {
                        let all: Vec<String> = names.iter().map(|n| quoted(n)).collect();
                        format!("the sheets are: {}", all.join(", "))
                    });
                return Err(SheetError::new(
                    format!(
                        "{}: {} has no sheet named `{}`",
                        mapping.sheet_at,
                        quoted(name),
                        quoted(sheet)
                    ),
                    Some(help),
                ));
            }
            sheet.clone()
        }
        None => names
            .first()
            .cloned()
            .ok_or_else(|| unreadable("it has no sheet"))?,
    };
    let place = format!("{}, sheet {}", quoted(name), quoted(&sheet));
    let header_index = mapping.header_row - 1;
    let merged = workbook
        .merge_cells_by_sheet_name(&sheet)
        .map_err(|_| unreadable(&format!("sheet {} cannot be read", quoted(&sheet))))?;
    let mut in_header: Vec<String> = merged
        .iter()
        .filter(|d| d.start.0 <= header_index && header_index <= d.end.0)
        .map(|d| {
            format!(
                "{}{}:{}{}",
                column_letters(d.start.1),
                d.start.0 + 1,
                column_letters(d.end.1),
                d.end.0 + 1
            )
        })
        .collect();
    if !in_header.is_empty() {
        in_header.sort_by_key(|r| (r.len(), r.clone()));
        return Err(SheetError::new(
            format!(
                "{place}: the header row (row {}) has merged cells: {}",
                mapping.header_row,
                in_header.join(", ")
            ),
            Some(
                "tomc reads the header as one row that names each column: unmerge the header row, or set `header_row` in the mapping to a row that names each column in a cell of its own"
                    .to_owned(),
            ),
        ));
    }
    let range = workbook
        .worksheet_range(&sheet)
        .map_err(|_| unreadable(&format!("sheet {} cannot be read", quoted(&sheet))))?;
    let (Some(start), Some(end)) = (range.start(), range.end()) else {
        return Err(no_header(&place, mapping.header_row));
    };
    if header_index < start.0 || header_index > end.0 {
        return Err(no_header(&place, mapping.header_row));
    }
    let row_cells = |r: u32| -> Vec<Cell> {
        (0..=end.1)
            .map(|c| range.get_value((r, c)).map_or(Cell::Empty, cell))
            .collect()
    };
    let header = row_cells(header_index);
    let rows = (header_index + 1..=end.0)
        .map(|r| Row {
            number: r as usize + 1,
            cells: row_cells(r),
        })
        .collect();
    Ok((place, header, rows))
}

/// A workbook cell as a [`Cell`].
fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => {
            if s.trim().is_empty() {
                Cell::Empty
            } else {
                Cell::Text(s.clone())
            }
        }
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(crate::text::float(*i)),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => {
            let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
            if (h, min, s) == (0, 0, 0) {
                Cell::Date(format!("{y:04}-{m:02}-{day:02}"))
            } else {
                Cell::Date(format!("{y:04}-{m:02}-{day:02}T{h:02}:{min:02}:{s:02}"))
            }
        }
        Data::DateTimeIso(s) => Cell::Date(s.strip_suffix("T00:00:00").unwrap_or(s).to_owned()),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}
