//! Reading the CSV files that come out of Danish systems: detecting the text encoding (UTF-8
//! with or without BOM, or Windows-1252; a UTF-8 file with some lines in another encoding is
//! refused, never decoded wholly as Windows-1252), the separator (`;` or `,`), CRLF line ends, and
//! quoted fields. The parser is our own so that every problem can name its line and column
//! (and is fuzzed, see `fuzz/`). Nothing here knows what the columns mean.

use crate::error::Problem;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};

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
const CP1252_UNDEFINED: [u8; 5] = [0x81, 0x8D, 0x8F, 0x90, 0x9D];

/// Turns a file's bytes into text, refusing what is clearly not a CSV file.
pub fn decode(name: &str, bytes: &[u8]) -> Result<(String, TextEncoding), Problem> {
    let (text, encoding) = decode_bytes(name, bytes)?;
    Ok((lone_cr_as_lf(text), encoding))
}

/// Old Mac files end lines with CR alone, and a file edited on several machines may mix such
/// line ends with LF or CR LF: every CR that no LF follows ends a line too, as a text editor
/// shows it, so lines are never run together (nor a run-together line blamed on a decimal
/// comma). A CR inside a quoted cell becomes a line break of that cell, which it was.
fn lone_cr_as_lf(text: String) -> String {
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
fn has_lone_cr(buf: &[u8], cr_before: &mut bool) -> bool {
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
fn not_text(name: &str, bytes: &[u8]) -> Option<Problem> {
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
struct Lines {
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

    pub fn records(&self) -> Records<'_> {
        self.records_from(1)
    }

    /// The file's name, SHA-256, encoding and separator.
    pub fn meta(&self) -> (&str, &str, TextEncoding, u8) {
        (&self.name, &self.sha256, self.encoding, self.separator)
    }

    /// The records of a text that begins on line `line` of its file (a block of a [`CsvFile`]).
    pub fn records_from(&self, line: usize) -> Records<'_> {
        Records { text: &self.text, pos: 0, line, sep: self.separator, name: &self.name, cut: false, plain: false }
    }
}

/// Bytes read from a large file at a time.
pub const BLOCK: usize = 8 << 20;

/// A CSV file too large to hold as one text (a national DREAM file is gigabytes): scanned once
/// for its checksum and encoding, then read a block of whole records at a time
/// (`table::for_each_row_in_file`), so memory holds one block, not the file. Each block is
/// decoded as the whole file would be, so the records and their lines are the same.
#[derive(Debug, Clone)]
pub struct CsvFile {
    pub name: String,
    pub path: PathBuf,
    pub encoding: TextEncoding,
    pub separator: u8,
    /// SHA-256 of the file's bytes as given, hex.
    pub sha256: String,
    /// Whether the file holds a quote character anywhere. Without one, every line end ends a
    /// record, so blocks cut at line ends can be read apart (`table::for_each_block_apart`).
    pub quoted: bool,
}

/// A plain-text file ([`CsvFile`]) read `block` bytes at a time, each piece cut after its last
/// line end (the bytes after it kept for the next piece; all of them at the end of the file)
/// and decoded as the whole file would be.
pub struct Pieces {
    reader: std::fs::File,
    encoding: TextEncoding,
    block: usize,
    rest: Vec<u8>,
    first: bool,
    eof: bool,
}

impl Pieces {
    pub fn open(file: &CsvFile, block: usize) -> std::io::Result<Pieces> {
        let reader = std::fs::File::open(&file.path)?;
        Ok(Pieces { reader, encoding: file.encoding, block, rest: Vec::new(), first: true, eof: false })
    }

    /// Whether the piece given last was the file's last.
    pub fn at_end(&self) -> bool {
        self.eof
    }

    /// The next piece; `None` once the last was given. A file that cannot be read on is at its
    /// end, once said.
    pub fn next_piece(&mut self) -> std::io::Result<Option<String>> {
        loop {
            if self.eof {
                return Ok(None);
            }
            let mut buf = std::mem::take(&mut self.rest);
            self.eof = true;
            self.eof = fill(&mut self.reader, &mut buf, self.block)?;
            if !self.eof {
                match memchr::memrchr(b'\n', &buf) {
                    Some(p) => self.rest = buf.split_off(p + 1),
                    None => {
                        self.rest = buf;
                        continue;
                    }
                }
            }
            let piece = decode_piece(buf, self.encoding, self.first);
            self.first = false;
            return Ok(Some(piece));
        }
    }
}

/// Reads up to `n` more bytes onto `buf`; returns whether the file ended.
pub fn fill(file: &mut impl Read, buf: &mut Vec<u8>, n: usize) -> std::io::Result<bool> {
    let want = buf.len() + n;
    while buf.len() < want {
        let got = file.by_ref().take((want - buf.len()) as u64).read_to_end(buf)?;
        if got == 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

impl CsvFile {
    /// Scans the file in blocks: its SHA-256, its encoding and its separator. `Ok(None)` when
    /// it is anything but UTF-8 or Windows-1252 text with LF or CR LF line ends (empty, binary,
    /// UTF-16, a CR alone as a line end, bytes neither encoding allows): such a file is read whole
    /// with [`CsvText::from_bytes`], whose message says what is wrong.
    pub fn scan(path: &Path, name: &str) -> std::io::Result<Option<CsvFile>> {
        let mut file = std::fs::File::open(path)?;
        let mut sha = Sha256::new();
        let mut head: Vec<u8> = Vec::new();
        let (mut utf8, mut undefined, mut lone_cr, mut cr_before, mut quoted) = (true, false, false, false, false);
        // The bytes of a UTF-8 sequence cut by the block's end.
        let mut partial: Vec<u8> = Vec::new();
        let mut buf = Vec::with_capacity(BLOCK);
        let mut first = true;
        loop {
            buf.clear();
            let eof = fill(&mut file, &mut buf, BLOCK)?;
            if first {
                if not_text(name, &buf).is_some() {
                    return Ok(None);
                }
                head = buf[..buf.len().min(1 << 16)].to_vec();
                first = false;
            }
            sha.update(&buf);
            if buf.contains(&0) {
                return Ok(None);
            }
            quoted = quoted || memchr::memchr(b'"', &buf).is_some();
            // A CR alone ends a line too (`lone_cr_as_lf`): such a file is read whole. Bytes
            // Windows-1252 leaves undefined matter only once the file is known not to be UTF-8.
            lone_cr = lone_cr || has_lone_cr(&buf, &mut cr_before);
            if utf8 {
                partial.extend_from_slice(&buf);
                match std::str::from_utf8(&partial) {
                    Ok(_) => partial.clear(),
                    Err(e) if e.error_len().is_none() => {
                        partial.drain(..e.valid_up_to());
                    }
                    Err(_) => utf8 = false,
                }
            }
            if eof {
                break;
            }
        }
        utf8 &= partial.is_empty();
        let mut mixed = false;
        if !utf8 {
            (undefined, mixed) = not_utf8(path, name)?;
        }
        let bom = head.starts_with(b"\xEF\xBB\xBF");
        // A file ending in a CR ends its last line with it.
        lone_cr |= cr_before;
        if (!utf8 && (undefined || bom || mixed)) || lone_cr {
            return Ok(None);
        }
        let encoding = match (utf8, bom) {
            (true, true) => TextEncoding::Utf8Bom,
            (true, false) => TextEncoding::Utf8,
            _ => TextEncoding::Windows1252,
        };
        // The header line decides the separator (a header longer than 64 KiB: read whole).
        let Some(end) = first_line_end(&head) else { return Ok(None) };
        let header = decode_piece(head[..end].to_vec(), encoding, true);
        let Ok(separator) = detect_separator(name, &header) else { return Ok(None) };
        Ok(Some(CsvFile {
            name: name.to_string(),
            path: path.to_path_buf(),
            encoding,
            separator,
            sha256: hex(&sha.finalize()),
            quoted,
        }))
    }

    /// The file's first lines, up to and including its first line that is not blank: the
    /// header, as a text of its own.
    pub fn head(&self) -> std::io::Result<CsvText> {
        let mut file = std::fs::File::open(&self.path)?;
        let mut buf = Vec::new();
        loop {
            let eof = fill(&mut file, &mut buf, 1 << 16)?;
            if let Some(i) = first_line_end(&buf) {
                buf.truncate(i + 1);
                break;
            }
            if eof {
                break;
            }
        }
        Ok(CsvText {
            name: self.name.clone(),
            text: decode_piece(buf, self.encoding, true),
            encoding: self.encoding,
            separator: self.separator,
            sha256: self.sha256.clone(),
        })
    }
}

/// Of a file that is not UTF-8 as a whole, read a line at a time: whether it holds a byte that
/// Windows-1252 leaves undefined, and whether it mixes UTF-8 lines with others ([`Lines`]).
fn not_utf8(path: &Path, name: &str) -> std::io::Result<(bool, bool)> {
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

/// The position of the line end of the first line that is not blank.
pub fn first_line_end(bytes: &[u8]) -> Option<usize> {
    let mut blank = true;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' && !blank {
            return Some(i);
        }
        blank &= b.is_ascii_whitespace();
    }
    None
}

/// Decodes a piece of a file cut at a line end, in the file's encoding; `first`: the piece
/// the file begins with (a byte order mark is dropped).
pub fn decode_piece(mut bytes: Vec<u8>, encoding: TextEncoding, first: bool) -> String {
    match encoding {
        TextEncoding::Windows1252 => encoding_rs::WINDOWS_1252.decode(&bytes).0.into_owned(),
        _ => {
            if first && bytes.starts_with(b"\xEF\xBB\xBF") {
                bytes.drain(..3);
            }
            // Valid (the scan checked the file): taken as it is, not copied.
            String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
        }
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

/// A field without the blanks around it (`str::trim`), at once when its first and last bytes
/// are plainly not blank (most cells of a large file are empty or digits).
fn trim(field: &str) -> &str {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<Result<(usize, Vec<String>), String>> {
        let csv = CsvText::from_bytes("t.csv", text.as_bytes()).unwrap();
        csv.records()
            .map(|r| r.map(|r| (r.line, r.fields.iter().map(|f| f.to_string()).collect())).map_err(|p| p.to_string()))
            .collect()
    }

    #[test]
    fn fields_are_trimmed_as_str_trim_trims() {
        for f in ["", " ", "x", " x", "x ", "\tx\r", "\u{a0}x", "x\u{3000}", "æ", " æ ", "a b", "\u{b}x"] {
            assert_eq!(trim(f), f.trim(), "{f:?}");
        }
    }

    #[test]
    fn semicolons_crlf_quotes_and_blank_lines() {
        let rows = parse("a;b;c\r\n1;\"x;y\";\" 3 \"\r\n\r\n4;\"say \"\"hi\"\"\";6\r\n");
        assert_eq!(
            rows,
            vec![
                Ok((1, vec!["a".into(), "b".into(), "c".into()])),
                Ok((2, vec!["1".into(), "x;y".into(), " 3 ".into()])),
                Ok((4, vec!["4".into(), "say \"hi\"".into(), "6".into()])),
            ]
        );
    }

    #[test]
    fn a_lone_cr_ends_a_line_among_lf_and_crlf() {
        let rows = parse("a,b\n1,\r2,x\r\n3,\"y\rz\"\n");
        assert_eq!(
            rows,
            vec![
                Ok((1, vec!["a".into(), "b".into()])),
                Ok((2, vec!["1".into(), "".into()])),
                Ok((3, vec!["2".into(), "x".into()])),
                Ok((4, vec!["3".into(), "y\nz".into()])),
            ]
        );
        let (mut cr, mut before) = (false, false);
        for (block, lone) in [(&b"a,b\r"[..], false), (b"\n1,2\r", false), (b"\r\n", true)] {
            cr |= has_lone_cr(block, &mut before);
            assert_eq!(cr, lone, "{block:?}");
        }
        assert!(!has_lone_cr(b"a\r", &mut before) && before, "a CR at a block's end waits for the next");
    }

    #[test]
    fn last_line_without_newline_and_empty_fields() {
        let rows = parse("a,b\n1,\n,2");
        assert_eq!(
            rows,
            vec![
                Ok((1, vec!["a".into(), "b".into()])),
                Ok((2, vec!["1".into(), "".into()])),
                Ok((3, vec!["".into(), "2".into()])),
            ]
        );
    }

    #[test]
    fn unterminated_quote_names_its_line() {
        let rows = parse("a;b\n1;2\n3;\"open\n4;5\n");
        assert_eq!(
            rows.last().unwrap().as_ref().unwrap_err(),
            "t.csv:3: the quoted field that starts at character 3 has no closing quote before the end of the file"
        );
    }

    #[test]
    fn encodings() {
        let cp1252 = b"a;b\n\xe6\xf8\xe5;1\n"; // æøå in Windows-1252
        let csv = CsvText::from_bytes("t.csv", cp1252).unwrap();
        assert_eq!(csv.encoding, TextEncoding::Windows1252);
        assert!(csv.text.contains("æøå"));
        let bom = "\u{feff}a;b\n1;2\n";
        assert_eq!(CsvText::from_bytes("t.csv", bom.as_bytes()).unwrap().encoding, TextEncoding::Utf8Bom);
        let bad = b"a;b\n1;\x81\n";
        assert_eq!(
            CsvText::from_bytes("t.csv", bad).unwrap_err().to_string(),
            "t.csv:2: byte 3 of the line (0x81) is neither UTF-8 nor Windows-1252 text: save the file as UTF-8"
        );
        assert!(CsvText::from_bytes("t.csv", b"PK\x03\x04zzzz").unwrap_err().message.contains("xlsx"));
        // Windows-1252 letters in a header of the same encoding, and no UTF-8 anywhere.
        assert_eq!(
            CsvText::from_bytes("t.csv", b"BEM\xc6RKNING;b\n\xe6ndret;1\n").unwrap().encoding,
            TextEncoding::Windows1252
        );
    }

    /// Issue 19, item 6: a UTF-8 file with a row in Windows-1252 was read wholly as Windows-1252,
    /// so "Højby" (UTF-8) read as "HÃ¸jby" beside "Højby" (1252): two areas.
    #[test]
    fn a_utf8_file_with_lines_in_another_encoding_is_refused() {
        let mut text = "pnr;omraade\nA01;Højby\n".as_bytes().to_vec();
        text.extend_from_slice(b"B02;H\xf8jby\n");
        assert_eq!(
            CsvText::from_bytes("t.csv", &text).unwrap_err().to_string(),
            "t.csv:3: the line is not UTF-8 text (byte 6 is 0xF8), while line 2 is UTF-8 with letters beyond ASCII: \
             the file mixes two encodings, so one name could read as two. Not UTF-8: line 3. \
             Save the whole file as UTF-8 and try again"
        );
        for i in 0..8 {
            text.extend_from_slice(format!("C{i};").as_bytes());
            text.extend_from_slice(b"\xc6bel\n");
        }
        let err = CsvText::from_bytes("t.csv", &text).unwrap_err().to_string();
        assert!(err.contains("Not UTF-8: lines 3, 4, 5, 6, 7 and 4 more. Save"), "{err}");
        text.truncate(text.len() - 8 * 8 + 8);
        let err = CsvText::from_bytes("t.csv", &text).unwrap_err().to_string();
        assert!(err.contains("Not UTF-8: lines 3 and 4. Save"), "{err}");
        // A block read finds the same, and leaves the file to be read whole for the message.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, &text).unwrap();
        assert!(CsvFile::scan(&path, "t.csv").unwrap().is_none());
        assert!(CsvText::from_bytes("t.csv", b"").unwrap_err().message.contains("empty"));
    }

    #[test]
    fn separators() {
        assert_eq!(detect_separator("t", "a,b,c\n").unwrap(), b',');
        assert_eq!(detect_separator("t", "\"a;x\",b\n").unwrap(), b',');
        assert!(detect_separator("t", "a;b,c\n").unwrap_err().message.contains("mixes"));
        assert!(detect_separator("t", "abc\n").unwrap_err().message.contains("single column"));
    }
}
