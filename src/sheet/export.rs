//! The model as a workbook or as CSV files (`tomc export sheet`).
//!
//! The sheets are built once as plain data ([`sheets`]): a sheet per kind with the
//! elements that exist at one plateau, a journey's stages and a KPI's actuals on sheets
//! of their own, a sheet per step between consecutive plateaus, the roadmap and the KPI
//! scorecard. Each cell knows the row it links to. Two writers render that data: [`xlsx`]
//! as one workbook, [`csv_files`] as one CSV file per sheet. Both are deterministic: the
//! same model gives the same bytes.

mod contents;
mod csv_files;
mod names;
mod xlsx;

use crate::model::{Model, PlateauIdx};

pub use csv_files::csv_files;
pub use names::{file_stem, sheet_name};
pub use xlsx::{CREATED, MAX_LINKS, MAX_TEXT, xlsx};

/// One sheet: a name, a header row and the rows under it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The sheet's name: at most 31 characters, none of `[]:*?/\'`, unique in the
    /// workbook without regard to case.
    pub name: String,
    /// The column names.
    pub header: Vec<String>,
    /// The rows, each as long as the header.
    pub rows: Vec<Vec<Cell>>,
}

/// One cell: a value, and the row it links to, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// What the cell holds.
    pub value: CellValue,
    /// The row this cell links to, on this or another sheet.
    pub link: Option<Link>,
}

/// What a cell holds.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// `true` or `false`.
    Bool(bool),
}

/// Where a cell links to: a data row of a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The sheet's name.
    pub sheet: String,
    /// The data row, from 0 (the row under the header).
    pub row: usize,
}

impl Link {
    /// The link as a workbook writes it: `internal:'systems'!A12`, the first cell of the
    /// row (1-based, after the header row).
    pub fn internal(&self) -> String {
        format!(
            "internal:'{}'!A{}",
            self.sheet.replace('\'', "''"),
            self.row + 2
        )
    }
}

impl Cell {
    /// An empty cell.
    pub fn empty() -> Self {
        Self {
            value: CellValue::Empty,
            link: None,
        }
    }

    /// A text cell; empty text is an empty cell.
    pub fn text(text: impl Into<String>) -> Self {
        let text = text.into();
        Self {
            value: if text.is_empty() {
                CellValue::Empty
            } else {
                CellValue::Text(text)
            },
            link: None,
        }
    }

    /// A number cell.
    pub fn number(n: f64) -> Self {
        Self {
            value: CellValue::Number(n),
            link: None,
        }
    }

    /// A boolean cell.
    pub fn bool(b: bool) -> Self {
        Self {
            value: CellValue::Bool(b),
            link: None,
        }
    }

    /// The same cell, linking to `link`.
    pub fn linked(mut self, link: Option<Link>) -> Self {
        self.link = link;
        self
    }

    /// The value as text, as a CSV file writes it (before any guard against formulas):
    /// numbers as people write them (`180`, `2.5`), `true`/`false`, nothing for empty.
    pub fn plain(&self) -> String {
        match &self.value {
            CellValue::Empty => String::new(),
            CellValue::Text(t) => t.clone(),
            CellValue::Number(n) => crate::text::number(*n),
            CellValue::Bool(b) => b.to_string(),
        }
    }
}

/// Why the sheets could not be written.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("cannot write the {what}: {message}")]
#[diagnostic(code(tomc::sheet_export))]
pub struct ExportError {
    /// `workbook` or `CSV files`.
    pub what: &'static str,
    /// What went wrong.
    pub message: String,
}

/// Every sheet of the export at plateau `p`, in workbook order: for each kind in the
/// format's order a sheet of the elements that exist at `p` (with `kpi_actuals` after
/// `kpis` and `journey_stages` after `journeys`), then a sheet per step between
/// consecutive plateaus (`gaps current→wave-1`), the `roadmap` and the
/// `kpi_scorecard`.
pub fn sheets(model: &Model, p: PlateauIdx) -> Vec<Sheet> {
    contents::sheets(model, p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_quote_the_sheet_name() {
        let link = Link {
            sheet: "gaps a→b".to_owned(),
            row: 10,
        };
        assert_eq!(link.internal(), "internal:'gaps a→b'!A12");
        let odd = Link {
            sheet: "o'k".to_owned(),
            row: 0,
        };
        assert_eq!(odd.internal(), "internal:'o''k'!A2");
    }

    #[test]
    fn empty_text_is_an_empty_cell() {
        assert_eq!(Cell::text("").value, CellValue::Empty);
        assert_eq!(Cell::number(180.0).plain(), "180");
        assert_eq!(Cell::number(2.5).plain(), "2.5");
        assert_eq!(Cell::bool(false).plain(), "false");
    }
}
