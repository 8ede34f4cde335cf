//! Spreadsheets: rows of a sheet into a model file (`import`), and the model as a
//! workbook or CSV files (`export`).

pub mod export;
pub mod import;
