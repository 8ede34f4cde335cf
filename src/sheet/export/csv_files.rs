//! The sheets as CSV files, one per sheet.

use super::names::file_stem;
use super::{Cell, CellValue, ExportError, Sheet};

/// The sheets as CSV files (RFC 4180, UTF-8 without a byte order mark, `\n` line
/// ends), one per sheet in workbook order: the file name is the sheet's name made
/// file-safe ([`file_stem`]) with `.csv`. The header row comes first; numbers are
/// written as people write them (`180`, `2.5`), booleans as `true` and `false`, and
/// links are left out. A text cell that a spreadsheet would take for a formula (it
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return) starts with `'`.
pub fn csv_files(sheets: &[Sheet]) -> Result<Vec<(String, String)>, ExportError> {
    let mut stems: Vec<String> = Vec::with_capacity(sheets.len());
    let mut out = Vec::with_capacity(sheets.len());
    for sheet in sheets {
        let stem = file_stem(&sheet.name, &stems);
        out.push((format!("{stem}.csv"), csv(sheet)?));
        stems.push(stem);
    }
    Ok(out)
}

fn csv(sheet: &Sheet) -> Result<String, ExportError> {
    let error = |e: &dyn std::fmt::Display| ExportError {
        what: "CSV files",
        message: format!("sheet `{}`: {e}", sheet.name),
    };
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    writer
        .write_record(sheet.header.iter().map(|h| guarded(h)))
        .map_err(|e| error(&e))?;
    for row in &sheet.rows {
        writer
            .write_record(row.iter().map(text))
            .map_err(|e| error(&e))?;
    }
    let bytes = writer.into_inner().map_err(|e| error(&e))?;
    String::from_utf8(bytes).map_err(|e| error(&e))
}

/// A cell as CSV text.
fn text(cell: &Cell) -> String {
    match &cell.value {
        CellValue::Text(t) => guarded(t),
        _ => cell.plain(),
    }
}

/// `text`, with `'` before it when a spreadsheet would read it as a formula.
fn guarded(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_kept_as_text_and_cells_quoted() {
        let sheet = Sheet {
            name: "gaps a→b".to_owned(),
            header: vec!["id".to_owned(), "note".to_owned(), "n".to_owned()],
            rows: vec![vec![
                Cell::text("x"),
                Cell::text("=1+1, \"quoted\"\nline"),
                Cell::number(-3.5),
            ]],
        };
        let files = csv_files(&[sheet]).unwrap();
        assert_eq!(files[0].0, "gaps_a_to_b.csv");
        assert_eq!(
            files[0].1,
            "id,note,n\nx,\"'=1+1, \"\"quoted\"\"\nline\",-3.5\n"
        );
    }
}
