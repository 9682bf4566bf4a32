//! Reading the CSV files that come out of Danish systems: detecting the text encoding (UTF-8
//! with or without BOM, or Windows-1252; a UTF-8 file with some lines in another encoding is
//! refused, never decoded wholly as Windows-1252), the separator (`;` or `,`), CRLF line ends, and
//! quoted fields. The parser is our own so that every problem can name its line and column
//! (and is fuzzed, see `fuzz/`). Nothing here knows what the columns mean.
//!
//! `text` decodes a whole file and sniffs it; `file` reads a large one a block at a time;
//! `records` splits text into records.

mod file;
mod records;
mod text;

pub use file::{BLOCK, CsvFile, Pieces, decode_piece, fill, first_line_end};
pub use records::{Records, split_plain};
pub use text::{CsvText, Record, TextEncoding, combined_sha256, decode, detect_separator, hex, quote, show_sep};

#[cfg(test)]
mod tests;
