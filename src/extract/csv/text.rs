//! CSV text: the encoding detected (UTF-8 with or without BOM, or Windows-1252; a UTF-8 file
//! with some lines in another encoding is refused, never decoded wholly as Windows-1252), lone
//! CRs as line ends, the separator (`;` or `,`) sniffed, and the checksums that name a file.

use crate::error::Problem;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::path::Path;

/// The text encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Windows1252,
}

impl TextEncoding {
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 with BOM",
            TextEncoding::Windows1252 => "Windows-1252",
        }
    }
}

/// A decoded CSV file with its detected layout, ready to be read record by record.
#[derive(Debug, Clone)]
pub struct CsvText {
    /// The name used in messages (the file name inside the extract directory).
    pub name: String,
    pub text: String,
    pub encoding: TextEncoding,
    pub separator: u8,
    /// SHA-256 of the file's bytes as given, hex.
    pub sha256: String,
}

/// One record: its fields and the line it starts on (1-based, header = line 1).
#[derive(Debug)]
pub struct Record<'a> {
    pub line: usize,
    pub fields: Vec<Cow<'a, str>>,
}

/// Bytes that Windows-1252 leaves undefined; a file with them is neither UTF-8 nor 1252.
pub(super) const CP1252_UNDEFINED: [u8; 5] = [0x81, 0x8D, 0x8F, 0x90, 0x9D];

/// Turns a file's bytes into text, refusing what is clearly not a CSV file.
pub fn decode(name: &str, bytes: &[u8]) -> Result<(String, TextEncoding), Problem> {
    let (text, encoding) = decode_bytes(name, bytes)?;
    Ok((lone_cr_as_lf(text), encoding))
}

/// Old Mac files end lines with CR alone, and a file edited on several machines may mix such
/// line ends with LF or CR LF: every CR that no LF follows ends a line too, as a text editor
/// shows it, so lines are never run together (nor a run-together line blamed on a decimal
/// comma). A CR inside a quoted cell becomes a line break of that cell, which it was.
pub(super) fn lone_cr_as_lf(text: String) -> String {
    let bytes = text.as_bytes();
    if !memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n')) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(if c == '\r' && chars.peek() != Some(&'\n') { '\n' } else { c });
    }
    out
}

/// Whether `buf` holds a CR that no LF follows; `cr_before` says the bytes before it ended
/// with a CR, and is set to whether `buf` does (its LF may be in the next block).
pub(super) fn has_lone_cr(buf: &[u8], cr_before: &mut bool) -> bool {
    let Some(&first) = buf.first() else { return false };
    if std::mem::take(cr_before) && first != b'\n' {
        return true;
    }
    for i in memchr::memchr_iter(b'\r', buf) {
        match buf.get(i + 1) {
            Some(b'\n') => {}
            Some(_) => return true,
            None => *cr_before = true,
        }
    }
    false
}

/// What is wrong with a file that its first bytes show is no CSV text: empty, a ZIP or old
/// Excel file, UTF-16 with a byte order mark.
pub(super) fn not_text(name: &str, bytes: &[u8]) -> Option<Problem> {
    let why = if bytes.is_empty() {
        "the file is empty (0 bytes): expected a header row and data rows"
    } else if bytes.starts_with(b"PK\x03\x04") {
        "this is a ZIP container (an Excel .xlsx file?), not CSV text: save it as CSV (semicolon-separated) and try again"
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        "this is an old Excel .xls file, not CSV text: save it as CSV and try again"
    } else if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        "the file is UTF-16 text: save it as UTF-8 or Windows-1252 and try again"
    } else {
        return None;
    };
    Some(Problem::file(name, why))
}

fn decode_bytes(name: &str, bytes: &[u8]) -> Result<(String, TextEncoding), Problem> {
    if let Some(p) = not_text(name, bytes) {
        return Err(p);
    }
    // UTF-16 without a byte order mark: text whose every other byte is NUL.
    let head = &bytes[..bytes.len().min(400)];
    if head.len() >= 4 {
        let nul_odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
        let nul_even = head.iter().step_by(2).filter(|&&b| b == 0).count();
        let half = head.len() / 2;
        if nul_odd * 10 >= half * 9 || nul_even * 10 >= half * 9 {
            return Err(Problem::file(
                name,
                "the file is UTF-16 text without a byte order mark: save it as UTF-8 or Windows-1252 and try again",
            ));
        }
    }
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        let (line, col) = line_col(bytes, pos);
        return Err(Problem::at(
            name,
            line,
            format!("byte {col} of the line is a NUL byte: this is a binary file, not CSV text"),
        ));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(text) => Ok((text.to_string(), TextEncoding::Utf8Bom)),
            Err(e) => {
                let (line, col) = line_col(bytes, e.valid_up_to() + 3);
                Err(Problem::at(
                    name,
                    line,
                    format!(
                        "byte {col} of the line is not valid UTF-8, though the file starts with a UTF-8 byte order mark"
                    ),
                ))
            }
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_string(), TextEncoding::Utf8)),
        Err(_) => {
            let mut lines = Lines::default();
            for line in bytes.split(|&b| b == b'\n') {
                lines.add(line);
            }
            if let Some(p) = lines.mixed(name) {
                return Err(p);
            }
            if let Some(pos) = bytes.iter().position(|b| CP1252_UNDEFINED.contains(b)) {
                let (line, col) = line_col(bytes, pos);
                return Err(Problem::at(
                    name,
                    line,
                    format!(
                        "byte {col} of the line (0x{:02X}) is neither UTF-8 nor Windows-1252 text: save the file as UTF-8",
                        bytes[pos]
                    ),
                ));
            }
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok((text.into_owned(), TextEncoding::Windows1252))
        }
    }
}

/// How many lines that are not UTF-8 a message lists by number.
const LINES_SHOWN: usize = 5;

/// The lines of a file that is not UTF-8 as a whole, looked at one by one: is it Windows-1252
/// throughout, or UTF-8 with some lines in another encoding (a row pasted in from elsewhere)?
/// The latter, decoded either way, would spell the same name in two ways ("Højby" and
/// "HÃ¸jby", two areas), so it is refused; a file with no UTF-8 letter at all is read as
/// Windows-1252.
#[derive(Debug, Default)]
pub(super) struct Lines {
    /// Lines looked at.
    seen: usize,
    /// The first line that is UTF-8 with a letter beyond ASCII.
    utf8: Option<usize>,
    /// The first lines that are not UTF-8: line, 1-based byte of the line, the byte.
    not_utf8: Vec<(usize, usize, u8)>,
    not_utf8_total: usize,
}

impl Lines {
    /// The next line, without its line end.
    fn add(&mut self, line: &[u8]) {
        self.seen += 1;
        match std::str::from_utf8(line) {
            Ok(_) if self.utf8.is_none() && !line.is_ascii() => self.utf8 = Some(self.seen),
            Ok(_) => {}
            Err(e) => {
                self.not_utf8_total += 1;
                if self.not_utf8.len() < LINES_SHOWN {
                    self.not_utf8.push((self.seen, e.valid_up_to() + 1, line[e.valid_up_to()]));
                }
            }
        }
    }

    /// The problem of a file that mixes UTF-8 with another encoding, at its first line that
    /// is not UTF-8, naming the others (the first few, then a count).
    fn mixed(&self, name: &str) -> Option<Problem> {
        let good = self.utf8?;
        let &(line, col, byte) = self.not_utf8.first()?;
        let listed: Vec<String> = self.not_utf8.iter().map(|l| l.0.to_string()).collect();
        let rest = self.not_utf8_total - listed.len();
        let which = match (listed.as_slice(), rest) {
            ([one], _) => format!("line {one}"),
            (_, 0) => format!("lines {} and {}", listed[..listed.len() - 1].join(", "), listed[listed.len() - 1]),
            (_, n) => format!("lines {} and {n} more", listed.join(", ")),
        };
        Some(Problem::at(
            name,
            line,
            format!(
                "the line is not UTF-8 text (byte {col} is 0x{byte:02X}), while line {good} is UTF-8 with letters beyond ASCII: \
                 the file mixes two encodings, so one name could read as two. Not UTF-8: {which}. \
                 Save the whole file as UTF-8 and try again"
            ),
        ))
    }
}

fn line_col(bytes: &[u8], pos: usize) -> (usize, usize) {
    let before = &bytes[..pos];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    (line, pos - start + 1)
}

/// Finds the separator from the header line: `;` or `,` (a tab is accepted too).
pub fn detect_separator(name: &str, text: &str) -> Result<u8, Problem> {
    // The header is the first line that is not blank, as for the records.
    let Some((index, header)) = text.split('\n').enumerate().find(|(_, l)| !l.trim().is_empty()) else {
        return Err(Problem::file(name, "the file holds only blank lines: expected a header row and data rows"));
    };
    let line = index + 1;
    let mut counts = [(b';', 0usize), (b',', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in header.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (sep, n) in counts.iter_mut() {
                if b == *sep {
                    *n += 1;
                }
            }
        }
    }
    let present: Vec<u8> = counts.iter().filter(|(_, n)| *n > 0).map(|(s, _)| *s).collect();
    match present.as_slice() {
        [sep] => Ok(*sep),
        [] => {
            let hint = match ['|', ':', ' '].into_iter().find(|c| header.trim().contains(*c)) {
                Some(' ') => " (it seems separated by spaces)".to_string(),
                Some(c) => format!(" (it seems separated by '{c}')"),
                None => String::new(),
            };
            Err(Problem::at(
                name,
                line,
                format!("the header has a single column{hint}: expected column names separated by ';' or ','"),
            ))
        }
        _ => Err(Problem::at(
            name,
            line,
            format!(
                "the header mixes separators ({}): expected the same separator, ';' or ',', between all column names",
                present.iter().map(|s| show_sep(*s)).collect::<Vec<_>>().join(" and ")
            ),
        )),
    }
}

pub fn show_sep(sep: u8) -> &'static str {
    match sep {
        b';' => "';'",
        b',' => "','",
        b'\t' => "tab",
        _ => "?",
    }
}

impl CsvText {
    /// Decodes the bytes and detects the separator.
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<CsvText, Problem> {
        let sha256 = hex(&Sha256::digest(bytes));
        let (text, encoding) = decode(name, bytes)?;
        let separator = detect_separator(name, &text)?;
        Ok(CsvText { name: name.to_string(), text, encoding, separator, sha256 })
    }

    /// The file's name, SHA-256, encoding and separator.
    pub fn meta(&self) -> (&str, &str, TextEncoding, u8) {
        (&self.name, &self.sha256, self.encoding, self.separator)
    }
}

/// A field for writing CSV with separator `sep`: quoted (with doubled quotes) when it holds the
/// separator, a quote or a line end.
pub fn quote(field: &str, sep: u8) -> String {
    if field.bytes().any(|b| b == sep || b == b'"' || b == b'\n' || b == b'\r') {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One SHA-256 over several files' names and checksums, in the order given: `name=sha\n` each.
pub fn combined_sha256<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for (name, sha) in files {
        h.update(name.as_bytes());
        h.update(b"=");
        h.update(sha.as_bytes());
        h.update(b"\n");
    }
    hex(&h.finalize())
}

/// Of a file that is not UTF-8 as a whole, read a line at a time: whether it holds a byte that
/// Windows-1252 leaves undefined, and whether it mixes UTF-8 lines with others ([`Lines`]).
pub(super) fn not_utf8(path: &Path, name: &str) -> std::io::Result<(bool, bool)> {
    use std::io::BufRead;
    let mut file = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(path)?);
    let (mut undefined, mut lines) = (false, Lines::default());
    let mut line = Vec::new();
    loop {
        line.clear();
        if file.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        if line.last() == Some(&b'\n') {
            line.pop();
        }
        undefined |= line.iter().any(|b| CP1252_UNDEFINED.contains(b));
        lines.add(&line);
    }
    Ok((undefined, lines.mixed(name).is_some()))
}
