//! Splitting CSV text into records: quoted fields (a quote left open is an error, not the
//! rest of the file), CRLF, and the position of every field for messages. `split_plain` is
//! the short way for a line without quotes.

use super::text::{CsvText, Record, show_sep};
use crate::error::Problem;
use std::borrow::Cow;

/// A field without the blanks around it (`str::trim`), at once when its first and last bytes
/// are plainly not blank (most cells of a large file are empty or digits).
pub(super) fn trim(field: &str) -> &str {
    let maybe_blank = |b: u8| b <= b' ' || b >= 0x80;
    match field.as_bytes() {
        [] => field,
        [a, .., z] | [a @ z] if !maybe_blank(*a) && !maybe_blank(*z) => field,
        _ => field.trim(),
    }
}

/// The fields of a line of a text without quotes: the pieces between separators, each trimmed
/// (a CR before the line end with it), as the quoting parser reads such a line.
pub fn split_plain<'a>(line: &'a str, sep: u8, fields: &mut Vec<Cow<'a, str>>) {
    fields.clear();
    let mut start = 0;
    for (i, &b) in line.as_bytes().iter().enumerate() {
        if b == sep {
            fields.push(Cow::Borrowed(trim(&line[start..i])));
            start = i + 1;
        }
    }
    fields.push(Cow::Borrowed(trim(&line[start..])));
}

/// Iterator over the records of a CSV text. Blank lines are skipped. A problem in the
/// quoting stops the iteration, since nothing after it can be trusted.
pub struct Records<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    sep: u8,
    name: &'a str,
    /// Set when a quoted field ran to the end of the text.
    cut: bool,
    /// Set when the text is known to hold no quote character: every line is then a record,
    /// split at each separator, read the short way.
    plain: bool,
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>, Problem>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut fields = Vec::new();
        self.next_into(&mut fields).map(|r| r.map(|line| Record { line, fields }))
    }
}

impl<'a> Records<'a> {
    /// The next record's fields into `fields` (cleared first, its allocation kept: a reader of
    /// many records reuses one vector), and the line the record starts on.
    pub fn next_into(&mut self, fields: &mut Vec<Cow<'a, str>>) -> Option<Result<usize, Problem>> {
        fields.clear();
        if self.plain {
            return self.next_line().map(|(at, line)| {
                split_plain(line, self.sep, fields);
                Ok(at)
            });
        }
        if !self.skip_blank_lines() {
            return None;
        }
        let bytes = self.text.as_bytes();
        let start_line = self.line;
        loop {
            let field_start = self.pos;
            if bytes.get(self.pos) == Some(&b'"') {
                // Quoted field.
                let open_line = self.line;
                let open_col = self.col_of(field_start);
                self.pos += 1;
                let content_start = self.pos;
                let mut escaped = false;
                loop {
                    match bytes.get(self.pos) {
                        None => {
                            self.pos = bytes.len();
                            self.cut = true;
                            return Some(Err(Problem::at(
                                self.name,
                                open_line,
                                format!(
                                    "the quoted field that starts at character {open_col} has no closing quote before the end of the file"
                                ),
                            )));
                        }
                        Some(b'"') if bytes.get(self.pos + 1) == Some(&b'"') => {
                            escaped = true;
                            self.pos += 2;
                        }
                        Some(b'"') => break,
                        Some(b'\n') => {
                            self.line += 1;
                            self.pos += 1;
                        }
                        Some(_) => self.pos += 1,
                    }
                }
                let raw = &self.text[content_start..self.pos];
                self.pos += 1; // closing quote
                fields.push(if escaped { Cow::Owned(raw.replace("\"\"", "\"")) } else { Cow::Borrowed(raw) });
                match bytes.get(self.pos) {
                    None => return Some(Ok(start_line)),
                    Some(&b) if b == self.sep => self.pos += 1,
                    Some(b'\n') => {
                        self.pos += 1;
                        self.line += 1;
                        return Some(Ok(start_line));
                    }
                    Some(b'\r') if bytes.get(self.pos + 1) == Some(&b'\n') => {
                        self.pos += 2;
                        self.line += 1;
                        return Some(Ok(start_line));
                    }
                    Some(_) => {
                        let col = self.col_of(self.pos);
                        let problem = Problem::at(
                            self.name,
                            self.line,
                            format!(
                                "character {col} follows a closing quote: expected the separator {} or the end of the line",
                                show_sep(self.sep)
                            ),
                        );
                        self.skip_line();
                        return Some(Err(problem));
                    }
                }
            } else {
                // Unquoted field: up to the separator or the end of the line.
                let sep = self.sep;
                let rest = &bytes[self.pos..];
                let end = self.pos + rest.iter().position(|&b| b == sep || b == b'\n').unwrap_or(rest.len());
                let mut field_end = end;
                if field_end > field_start && bytes[field_end - 1] == b'\r' {
                    field_end -= 1;
                }
                fields.push(Cow::Borrowed(trim(&self.text[field_start..field_end])));
                self.pos = end;
                match bytes.get(end) {
                    Some(&b) if b == self.sep => self.pos += 1,
                    Some(b'\n') => {
                        self.pos += 1;
                        self.line += 1;
                        return Some(Ok(start_line));
                    }
                    _ => return Some(Ok(start_line)),
                }
            }
        }
    }

    /// The records of a text that holds no quote character (as a block of a [`CsvFile`] whose
    /// `quoted` is false): the same records, read the short way.
    pub fn without_quotes(mut self) -> Self {
        debug_assert!(!self.text.contains('"'));
        self.plain = true;
        self
    }

    /// Skips blank lines (including a final newline); false at the end of the text.
    fn skip_blank_lines(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        loop {
            if self.pos >= bytes.len() {
                return false;
            }
            match bytes[self.pos] {
                b'\n' => {
                    self.pos += 1;
                    self.line += 1;
                }
                b'\r' if bytes.get(self.pos + 1) == Some(&b'\n') => {
                    self.pos += 2;
                    self.line += 1;
                }
                _ => return true,
            }
        }
    }

    /// Of a text without quotes ([`Records::without_quotes`]): the next line that is not blank,
    /// which is the next record, without its line end, and the line it is on. Its fields are
    /// the pieces between separators, trimmed ([`split_plain`]).
    pub fn next_line(&mut self) -> Option<(usize, &'a str)> {
        debug_assert!(self.plain);
        if !self.skip_blank_lines() {
            return None;
        }
        let rest = &self.text.as_bytes()[self.pos..];
        let (len, next) = match memchr::memchr(b'\n', rest) {
            Some(n) => (n, n + 1),
            None => (rest.len(), rest.len()),
        };
        let line = &self.text[self.pos..self.pos + len];
        let at = self.line;
        self.pos += next;
        if next > len {
            self.line += 1;
        }
        Some((at, line))
    }

    /// Where the next record begins: byte offset in the text, and line.
    pub fn position(&self) -> (usize, usize) {
        (self.pos, self.line)
    }

    /// Whether the last record's quoted field ran to the end of the text (in a block of a
    /// larger file: the record goes on in the next block).
    pub fn cut(&self) -> bool {
        self.cut
    }

    fn col_of(&self, pos: usize) -> usize {
        let line_start = self.text[..pos].rfind('\n').map_or(0, |p| p + 1);
        self.text[line_start..pos].chars().count() + 1
    }

    fn skip_line(&mut self) {
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() && bytes[self.pos] != b'\n' {
            self.pos += 1;
        }
        if self.pos < bytes.len() {
            self.pos += 1;
            self.line += 1;
        }
    }
}

impl CsvText {
    pub fn records(&self) -> Records<'_> {
        self.records_from(1)
    }

    /// The records of a text that begins on line `line` of its file (a block of a [`CsvFile`]).
    pub fn records_from(&self, line: usize) -> Records<'_> {
        Records { text: &self.text, pos: 0, line, sep: self.separator, name: &self.name, cut: false, plain: false }
    }
}
