//! The sheets as one Excel workbook.

use rust_xlsxwriter::{
    ColNum, DocProperties, ExcelDateTime, Format, RowNum, Url, Workbook, Worksheet, XlsxError,
};

use super::{Cell, CellValue, ExportError, Sheet};

/// The creation and modification time written into every workbook: a fixed moment
/// (2000-01-01T00:00:00Z), so that the same model gives the same bytes.
pub const CREATED: (u16, u8, u8) = (2000, 1, 1);

/// The longest text a cell of a workbook holds, in UTF-16 code units (Excel's limit).
/// Longer text is cut to fit and ends with `…`; the CSV files keep it whole.
pub const MAX_TEXT: usize = 32_767;

/// The most links a worksheet holds (Excel's limit); cells past it hold their text
/// without a link.
pub const MAX_LINKS: usize = 65_530;

/// The widest a column is made, in characters.
const MAX_WIDTH: usize = 60;
/// The narrowest.
const MIN_WIDTH: usize = 6;

/// The sheets as an `.xlsx` workbook: a bold, frozen header row with an autofilter over
/// the rows on every sheet, columns as wide as their content (up to 60 characters),
/// numbers and booleans as such, and the cells that name a row linked to it.
pub fn xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, ExportError> {
    workbook(sheets).map_err(|e| ExportError {
        what: "workbook",
        message: e.to_string(),
    })
}

fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let (year, month, day) = CREATED;
    let created = ExcelDateTime::from_ymd(year, month, day)?;
    book.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_comment(
                "Written by tomc export sheet from the model; change the model, not this file.",
            ),
    );
    let bold = Format::new().set_bold();
    for sheet in sheets {
        let ws = book.add_worksheet();
        write_sheet(ws, sheet, &bold)?;
    }
    book.save_to_buffer()
}

fn write_sheet(ws: &mut Worksheet, sheet: &Sheet, bold: &Format) -> Result<(), XlsxError> {
    ws.set_name(&sheet.name)?;
    let too_many = |_| XlsxError::RowColumnLimitError;
    for (c, title) in sheet.header.iter().enumerate() {
        let col = ColNum::try_from(c).map_err(too_many)?;
        ws.write_string_with_format(0, col, fit(title), bold)?;
    }
    let mut links = 0;
    for (r, row) in sheet.rows.iter().enumerate() {
        let at = RowNum::try_from(r + 1).map_err(too_many)?;
        for (c, cell) in row.iter().enumerate() {
            let col = ColNum::try_from(c).map_err(too_many)?;
            let linked = cell.link.is_some() && matches!(cell.value, CellValue::Text(_));
            let link = linked && links < MAX_LINKS;
            links += usize::from(link);
            write_cell(ws, at, col, cell, link)?;
        }
    }
    let last_col = ColNum::try_from(sheet.header.len().saturating_sub(1)).map_err(too_many)?;
    let last_row = RowNum::try_from(sheet.rows.len()).map_err(too_many)?;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, last_row, last_col)?;
    for (c, title) in sheet.header.iter().enumerate() {
        let widest = sheet
            .rows
            .iter()
            .filter_map(|row| row.get(c))
            .map(|cell| width(&cell.plain()))
            .chain([width(title) + 3])
            .max()
            .unwrap_or(MIN_WIDTH);
        let col = ColNum::try_from(c).map_err(too_many)?;
        let chars = u16::try_from(widest.clamp(MIN_WIDTH, MAX_WIDTH)).unwrap_or(60);
        ws.set_column_width(col, chars)?;
    }
    Ok(())
}

fn write_cell(
    ws: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    cell: &Cell,
    with_link: bool,
) -> Result<(), XlsxError> {
    match (&cell.value, &cell.link) {
        (CellValue::Empty, _) => {}
        (CellValue::Text(text), Some(link)) if with_link => {
            ws.write_url_with_text(row, col, Url::new(link.internal()), fit(text))?;
        }
        (CellValue::Text(text), _) => {
            ws.write_string(row, col, fit(text))?;
        }
        (CellValue::Number(n), _) => {
            ws.write_number(row, col, *n)?;
        }
        (CellValue::Bool(b), _) => {
            ws.write_boolean(row, col, *b)?;
        }
    }
    Ok(())
}

/// How wide a column must be for `text`: its longest line, in characters.
fn width(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// `text` cut to [`MAX_TEXT`] UTF-16 units, ending with `…` when cut.
fn fit(text: &str) -> String {
    if text.encode_utf16().count() <= MAX_TEXT {
        return text.to_owned();
    }
    let mut units = 0;
    let mut out: String = text
        .chars()
        .take_while(|c| {
            units += c.len_utf16();
            units < MAX_TEXT
        })
        .collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_to_fit_a_cell() {
        assert_eq!(fit("short"), "short");
        let long = "é".repeat(MAX_TEXT + 10);
        let cut = fit(&long);
        assert_eq!(cut.encode_utf16().count(), MAX_TEXT);
        assert!(cut.ends_with('…'));
        // A character of two units is never split.
        let wide = "😀".repeat(MAX_TEXT);
        assert!(fit(&wide).encode_utf16().count() <= MAX_TEXT);
    }
}
