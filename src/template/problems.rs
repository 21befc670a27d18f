//! The problems a reading finds, each located by file, row and column.

use crate::error::{Diagnostic, Error, ErrorKind};

/// Stop collecting problems after this many.
const MAX_PROBLEMS: usize = 50;

/// Problems, each located by row and column (the column's name is filled in from the header).
pub(super) struct Problems {
    file: String,
    pub(super) list: Vec<Diagnostic>,
}

impl Problems {
    pub(super) fn new(file: &str) -> Self {
        Problems {
            file: file.to_string(),
            list: Vec::new(),
        }
    }

    pub(super) fn at(&mut self, line: u32, column: Option<u32>, message: impl Into<String>) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(
                Diagnostic::new(message)
                    .in_file(&self.file)
                    .at_line(line, column),
            );
        }
    }

    /// The problems in row and column order, each named by its column's header cell when
    /// `names` (the header's cells, lowercased) are known.
    pub(super) fn into_error(mut self, names: Option<&[String]>) -> Error {
        self.list.sort_by_key(|d| (d.line, d.column));
        if let Some(names) = names {
            for d in &mut self.list {
                if d.path.is_none() {
                    d.path = d
                        .column
                        .and_then(|c| names.get((c as usize).wrapping_sub(1)))
                        .filter(|n| !n.is_empty())
                        .cloned();
                }
            }
        }
        Error::new(ErrorKind::Snapshot, self.list)
    }
}

/// The 1-based column number of a cell index.
pub(super) fn column_number(index: usize) -> u32 {
    u32::try_from(index + 1).unwrap_or(u32::MAX)
}
