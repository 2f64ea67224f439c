//! Spreadsheets (xlsx, xls, ods) as rows of text, with their row numbers as the spreadsheet
//! shows them, for the importers of the 厚生局 lists and of cities' own tables.

use super::invalid;
use crate::Result;
use calamine::{Data, Reader, open_workbook_auto};
use std::path::Path;

/// One row: its number in the spreadsheet (1-based) and its cells as trimmed text.
#[derive(Debug, Clone)]
pub struct Row {
    /// Row number as the spreadsheet shows it.
    pub number: usize,
    /// Cells, trimmed (a number cell as its shortest text: 39, 0.5).
    pub cells: Vec<String>,
}

impl Row {
    /// Cell `i`, empty when the row is shorter.
    pub fn get(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", String::as_str)
    }

    /// Whether every cell is empty.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(String::is_empty)
    }
}

fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim_matches(|c: char| c.is_whitespace()).to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string().trim().to_string(),
    }
}

/// The rows of the first sheet of a spreadsheet.
pub fn read_first_sheet(path: &Path) -> Result<Vec<Row>> {
    let mut book = open_workbook_auto(path)
        .map_err(|e| invalid(path, 1, format!("not a spreadsheet: {e}")))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| invalid(path, 1, "the workbook has no sheet"))?
        .map_err(|e| invalid(path, 1, format!("unreadable sheet: {e}")))?;
    let first = range.start().map_or(0, |(r, _)| r as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| Row {
            number: first + i + 1,
            cells: cells.iter().map(text).collect(),
        })
        .collect())
}
