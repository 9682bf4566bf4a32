//! A CSV file seen as a table with named columns: checks the header against the columns a
//! file kind needs (missing, misspelt, duplicate), checks each row's field count, and gives
//! cells that know their file, line and column so every problem can say where it is.

use super::csv::{BLOCK, CsvFile, CsvText, Record, Records, TextEncoding, show_sep};
use crate::error::{Problem, Problems};

/// The header of a file, with the positions of the columns the reader asked for.
pub struct Header {
    pub names: Vec<String>,
    /// The line the header is on (the first line that is not blank).
    pub line: usize,
}

impl Header {
    pub fn position(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }
}

/// Normalises a column name: trimmed, lower case.
pub fn normalize(name: &str) -> String {
    name.trim().trim_start_matches('\u{feff}').to_lowercase()
}

/// Reads and checks the header: every `required` column present, no column twice.
/// Returns the header and the records after it.
pub fn open<'a>(csv: &'a CsvText, required: &[&str]) -> Result<(Header, Records<'a>), Problems> {
    let mut problems = Problems::default();
    let mut records = csv.records();
    let header = match records.next() {
        None => {
            problems.push(Problem::file(
                &csv.name,
                format!("the file holds no header: expected the columns {}", required.join(", ")),
            ));
            return Err(problems);
        }
        Some(Err(p)) => {
            problems.push(p);
            return Err(problems);
        }
        Some(Ok(rec)) => rec,
    };
    // The header is the first line that is not blank; usually line 1.
    let line = header.line;
    let names: Vec<String> = header.fields.iter().map(|f| normalize(f)).collect();
    for (i, name) in names.iter().enumerate() {
        if name.is_empty() {
            problems.push(Problem::cell(&csv.name, line, i + 1, "", "the header has an empty column name"));
        } else if let Some(first) = names[..i].iter().position(|n| n == name) {
            problems.push(Problem::cell(
                &csv.name,
                line,
                i + 1,
                name,
                format!(
                    "column {name} appears twice in the header (columns {} and {}): expected each column once",
                    first + 1,
                    i + 1
                ),
            ));
        }
    }
    for want in required {
        if !names.iter().any(|n| n == want) {
            let mut msg = format!("the required column {want} is missing");
            if let Some(near) =
                names.iter().filter(|n| !required.contains(&n.as_str())).min_by_key(|n| edit_distance(n, want))
                && edit_distance(near, want) <= 2
            {
                msg.push_str(&format!(" (the header has {near}: is it misspelt?)"));
            }
            msg.push_str(&format!("; expected the columns {}", required.join(", ")));
            problems.push(Problem::at(&csv.name, line, msg));
        }
    }
    if problems.is_empty() { Ok((Header { names, line }, records)) } else { Err(problems) }
}

/// Calls `f` for every data row of a file whose width matches the header; problems in
/// quoting stop the file, a wrong width skips the row. A file with a header and no rows is
/// a problem. Returns the number of data rows, or the header's problems.
pub fn for_each_row(
    csv: &CsvText,
    required: &[&str],
    problems: &mut Problems,
    mut f: impl FnMut(&Header, Row<'_>, &mut Problems),
) -> usize {
    let (header, records) = match open(csv, required) {
        Ok(x) => x,
        Err(p) => {
            problems.extend(p);
            return 0;
        }
    };
    let before = problems.total();
    let rows = for_each_record(csv, &header, records, problems, |rec, problems| {
        f(&header, Row { file: &csv.name, header: &header, record: rec }, problems);
    });
    if rows == 0 && problems.total() == before {
        problems.push(Problem::file(&csv.name, "the file has a header but no data rows"));
    }
    rows
}

/// A CSV file read row by row: a block at a time from disk ([`CsvFile`]), or a text held whole
/// (a file with something odd about it, whose message needs it whole).
pub enum CsvSource {
    File(CsvFile),
    Text(CsvText),
}

impl CsvSource {
    /// The file's name, SHA-256, encoding and separator.
    pub fn meta(&self) -> (&str, &str, TextEncoding, u8) {
        match self {
            CsvSource::File(f) => (&f.name, &f.sha256, f.encoding, f.separator),
            CsvSource::Text(t) => t.meta(),
        }
    }

    pub fn name(&self) -> &str {
        self.meta().0
    }

    /// [`for_each_row`] over the file, whichever way it is read.
    pub fn for_each_row(
        &self,
        required: &[&str],
        problems: &mut Problems,
        f: impl FnMut(&Header, Row<'_>, &mut Problems),
    ) -> usize {
        match self {
            CsvSource::File(file) => for_each_row_in_file(file, required, problems, f),
            CsvSource::Text(text) => for_each_row(text, required, problems, f),
        }
    }
}

/// [`for_each_row`] for a file read a block at a time ([`CsvFile`]): the same rows, lines and
/// problems, with one block of the file in memory. A record whose quoted field goes on past a
/// block's end is read again with the next block.
pub fn for_each_row_in_file(
    file: &CsvFile,
    required: &[&str],
    problems: &mut Problems,
    f: impl FnMut(&Header, Row<'_>, &mut Problems),
) -> usize {
    rows_in_blocks(file, BLOCK, Head::Check(required), problems, f)
}

/// [`for_each_record`] over a file read a block at a time ([`CsvFile`]), whose header was read
/// already (`source`'s CSV tables: their header is their first line that is not blank, taken
/// as it is, and a file without rows is no problem of its own): the same records, lines and
/// problems as over the whole text, with one block of the file in memory.
pub fn for_each_record_in_file(
    file: &CsvFile,
    header: &Header,
    problems: &mut Problems,
    f: impl FnMut(&Header, Row<'_>, &mut Problems),
) -> usize {
    rows_in_blocks(file, BLOCK, Head::Known(header), problems, f)
}

/// How [`rows_in_blocks`] takes a file's header.
#[derive(Clone, Copy)]
enum Head<'h> {
    /// Read and checked ([`open`]): the columns required present, each column once; a file
    /// without data rows is a problem.
    Check(&'h [&'h str]),
    /// Read already: its line is skipped.
    Known(&'h Header),
}

/// [`for_each_row_in_file`] reading `block` bytes at a time.
fn rows_in_blocks(
    file: &CsvFile,
    block: usize,
    head: Head<'_>,
    problems: &mut Problems,
    mut f: impl FnMut(&Header, Row<'_>, &mut Problems),
) -> usize {
    let cannot = |e: std::io::Error| Problem::file(&file.name, format!("the file cannot be read: {e}"));
    let Some(mut pieces) = super::csv::Pieces::open(file, block).map_err(|e| problems.push(cannot(e))).ok() else {
        return 0;
    };
    let before = problems.total();
    let (mut header, mut rows, mut line) = (None::<Header>, 0, 1);
    // Decoded text of a record that the last block cut.
    let mut carry = String::new();
    loop {
        let piece = match pieces.next_piece() {
            Ok(Some(piece)) => piece,
            Ok(None) => break,
            Err(e) => {
                problems.push(cannot(e));
                return rows;
            }
        };
        let eof = pieces.at_end();
        let text = if carry.is_empty() { piece } else { std::mem::take(&mut carry) + &piece };
        // The header is read from a block that holds all of its line.
        if header.is_none() && !eof && super::csv::first_line_end(text.as_bytes()).is_none() {
            carry = text;
            continue;
        }
        let csv = block_text(file, text);
        let mut records = match block_records(&csv, line, &mut header, head) {
            Ok(r) => r,
            Err(p) => {
                problems.extend(p);
                return 0;
            }
        };
        let h = header.as_ref().expect("read above");
        if !file.quoted {
            records = records.without_quotes();
        }
        // One vector of fields for every record of the block.
        let mut rec = Record { line: 0, fields: Vec::with_capacity(h.names.len()) };
        loop {
            let (at, at_line) = records.position();
            rec.line = match records.next_into(&mut rec.fields) {
                None => break,
                Some(Ok(line)) => line,
                Some(Err(_)) if records.cut() && !eof => {
                    carry = csv.text[at..].to_string();
                    line = at_line;
                    break;
                }
                Some(Err(p)) => {
                    problems.push(p);
                    return rows;
                }
            };
            rows += 1;
            if let Err(p) = check_width(&csv, h, &rec) {
                problems.push(p);
                continue;
            }
            f(h, Row { file: &csv.name, header: h, record: &rec }, problems);
        }
        if carry.is_empty() {
            line = records.position().1;
        }
        if eof {
            break;
        }
    }
    if rows == 0 && problems.total() == before && matches!(head, Head::Check(_)) {
        problems.push(Problem::file(&file.name, "the file has a header but no data rows"));
    }
    rows
}

/// One block of `file`'s decoded text, as CSV text of the file (no checksum of its own).
fn block_text(file: &CsvFile, text: String) -> CsvText {
    CsvText { name: file.name.clone(), text, encoding: file.encoding, separator: file.separator, sha256: String::new() }
}

/// The records of one block of [`rows_in_blocks`], from line `line` on: in the first block, the
/// header read first (checked as `head` says) and kept in `header`.
fn block_records<'c>(
    csv: &'c CsvText,
    line: usize,
    header: &mut Option<Header>,
    head: Head<'_>,
) -> Result<Records<'c>, Problems> {
    Ok(match (&*header, head) {
        (Some(_), _) => csv.records_from(line),
        (None, Head::Check(required)) => {
            let (h, r) = open(csv, required)?;
            *header = Some(h);
            r
        }
        (None, Head::Known(h)) => {
            let mut r = csv.records();
            let _ = r.next();
            *header = Some(Header { names: h.names.clone(), line: h.line });
            r
        }
    })
}

/// [`for_each_row_in_file`] for a file without a quote character ([`CsvFile::quoted`] false, as
/// DREAM files are), on `threads` threads. Without quotes every line end ends a record, so the
/// file's blocks, cut at line ends, are read apart: `threads` blocks at a time, each on a thread
/// of its own, into that block's `T` (made by `new`); then each block's problems and its `T`
/// (to `each`) in the file's order. Each row is first offered to `fast` as its line (without
/// the line end) and line number: a reader that can take a row the short way (all its cells
/// plainly right) does so and returns true; otherwise it leaves `T` as it was and returns false,
/// and the row is split into cells, checked against the header's width and given to `parse`.
/// The rows, lines and problems are those of [`for_each_row_in_file`].
#[allow(clippy::too_many_arguments)]
pub fn for_each_block_apart<T: Send>(
    file: &CsvFile,
    required: &[&str],
    problems: &mut Problems,
    threads: usize,
    new: impl Fn() -> T + Sync,
    fast: impl Fn(&str, usize, &mut T) -> bool + Sync,
    parse: impl Fn(&Header, Row<'_>, &mut Problems, &mut T) + Sync,
    each: impl FnMut(T),
) -> usize {
    debug_assert!(!file.quoted, "blocks of a file with quotes cannot be read apart");
    blocks_apart(file, BLOCK, required, problems, threads, new, fast, parse, each)
}

/// [`for_each_block_apart`] reading `block` bytes at a time.
#[allow(clippy::too_many_arguments)]
fn blocks_apart<T: Send>(
    file: &CsvFile,
    block: usize,
    required: &[&str],
    problems: &mut Problems,
    threads: usize,
    new: impl Fn() -> T + Sync,
    fast: impl Fn(&str, usize, &mut T) -> bool + Sync,
    parse: impl Fn(&Header, Row<'_>, &mut Problems, &mut T) + Sync,
    mut each: impl FnMut(T),
) -> usize {
    let cannot = |e: std::io::Error| Problem::file(&file.name, format!("the file cannot be read: {e}"));
    let Some(mut pieces) = super::csv::Pieces::open(file, block).map_err(|e| problems.push(cannot(e))).ok() else {
        return 0;
    };
    let before = problems.total();
    let text = |text: String| block_text(file, text);
    let Some((header, pending)) = head_of(&mut pieces, &text, required, problems, &cannot) else { return 0 };
    let read = |piece: String, line: usize| -> (T, Problems, usize) {
        let csv = text(piece);
        let (mut t, mut found, mut n) = (new(), Problems::default(), 0);
        let mut records = csv.records_from(line).without_quotes();
        let mut rec = Record { line: 0, fields: Vec::with_capacity(header.names.len()) };
        while let Some((at, text)) = records.next_line() {
            n += 1;
            if fast(text, at, &mut t) {
                continue;
            }
            rec.line = at;
            super::csv::split_plain(text, csv.separator, &mut rec.fields);
            match check_width(&csv, &header, &rec) {
                Ok(()) => parse(&header, Row { file: &csv.name, header: &header, record: &rec }, &mut found, &mut t),
                Err(p) => found.push(p),
            }
        }
        (t, found, n)
    };
    let rows = in_order(&mut pieces, pending, threads, &read, problems, &cannot, &mut each);
    if rows == 0 && problems.total() == before {
        problems.push(Problem::file(&file.name, "the file has a header but no data rows"));
    }
    rows
}

/// Reads the pieces of a file on `threads` readers, each piece by `read` (from the line it
/// begins on), and hands each piece's result to `each` in the file's order; the rows seen.
fn in_order<T: Send>(
    pieces: &mut super::csv::Pieces,
    pending: Option<(String, usize)>,
    threads: usize,
    read: &(impl Fn(String, usize) -> (T, Problems, usize) + Sync),
    problems: &mut Problems,
    cannot: &impl Fn(std::io::Error) -> Problem,
    each: &mut impl FnMut(T),
) -> usize {
    // The pieces go to `threads` readers over one queue; this thread reads the file, counts
    // each piece's lines (for the line the next one begins on) and hands on the results in
    // the file's order as they come back, while the readers go on with the next pieces. At
    // most two pieces per reader are out at a time, so memory holds a few blocks.
    let threads = threads.max(1);
    let mut pending = pending;
    let mut rows = 0;
    let (work, queue) = std::sync::mpsc::channel::<(usize, String, usize)>();
    let queue = std::sync::Mutex::new(queue);
    std::thread::scope(|s| {
        let (done_tx, done) = std::sync::mpsc::channel();
        for _ in 0..threads {
            let (queue, done_tx) = (&queue, done_tx.clone());
            s.spawn(move || {
                loop {
                    let job = queue.lock().map(|q| q.recv());
                    let Ok(Ok((seq, piece, line))) = job else { break };
                    if done_tx.send((seq, read(piece, line))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        let (mut sent, mut next) = (0, 0);
        let mut back = std::collections::BTreeMap::new();
        let mut line = 0;
        loop {
            while sent - next < 2 * threads {
                let (piece, at) = match pending.take() {
                    Some(p) => p,
                    None => match pieces.next_piece() {
                        Ok(Some(p)) => (p, line),
                        Ok(None) => break,
                        Err(e) => {
                            problems.push(cannot(e));
                            break;
                        }
                    },
                };
                line = at + memchr::memchr_iter(b'\n', piece.as_bytes()).count();
                if work.send((sent, piece, at)).is_err() {
                    break;
                }
                sent += 1;
            }
            if next == sent {
                break;
            }
            let Ok((seq, result)) = done.recv() else { break };
            back.insert(seq, result);
            while let Some((t, found, n)) = back.remove(&next) {
                rows += n;
                problems.extend(found);
                each(t);
                next += 1;
            }
        }
        drop(work);
    });
    rows
}

/// The header, from the pieces that hold all of its line, and the rest of them: the first
/// piece of rows, with the line it begins on. `None` after a problem.
fn head_of(
    pieces: &mut super::csv::Pieces,
    text: &impl Fn(String) -> CsvText,
    required: &[&str],
    problems: &mut Problems,
    cannot: &impl Fn(std::io::Error) -> Problem,
) -> Option<(Header, Option<(String, usize)>)> {
    let mut head = String::new();
    loop {
        let piece = match pieces.next_piece() {
            Ok(p) => p,
            Err(e) => {
                problems.push(cannot(e));
                return None;
            }
        };
        let end = piece.is_none();
        head.push_str(&piece.unwrap_or_default());
        if !end && super::csv::first_line_end(head.as_bytes()).is_none() {
            continue;
        }
        let csv = text(std::mem::take(&mut head));
        return match open(&csv, required) {
            Ok((h, records)) => {
                let (at, line) = records.position();
                Some((h, Some((csv.text[at..].to_string(), line))))
            }
            Err(p) => {
                problems.extend(p);
                None
            }
        };
    }
}

/// Calls `f` for every record after the header whose width matches it: a problem in quoting
/// stops the file, a wrong width skips the record. Returns the number of data records seen.
/// Shared by [`for_each_row`] and `source`'s CSV tables.
pub fn for_each_record<'a>(
    csv: &CsvText,
    header: &Header,
    records: impl Iterator<Item = Result<Record<'a>, Problem>>,
    problems: &mut Problems,
    mut f: impl FnMut(&Record<'a>, &mut Problems),
) -> usize {
    let mut rows = 0;
    for rec in records {
        let rec = match rec {
            Ok(r) => r,
            Err(p) => {
                problems.push(p);
                break;
            }
        };
        rows += 1;
        if let Err(p) = check_width(csv, header, &rec) {
            problems.push(p);
            continue;
        }
        f(&rec, problems);
    }
    rows
}

/// Checks that a record has as many fields as the header, with a hint for the usual causes.
pub fn check_width(csv: &CsvText, header: &Header, rec: &Record) -> Result<(), Problem> {
    let want = header.names.len();
    let got = rec.fields.len();
    if got == want {
        return Ok(());
    }
    let mut msg = format!("expected {want} fields as in the header, found {got}");
    let others: Vec<u8> = [b';', b',', b'\t'].into_iter().filter(|&s| s != csv.separator).collect();
    if got < want && rec.fields.iter().any(|f| f.bytes().any(|b| others.contains(&b))) {
        let other =
            others.iter().find(|&&s| rec.fields.iter().any(|f| f.as_bytes().contains(&s))).copied().unwrap_or(b',');
        msg.push_str(&format!(
            ": this line seems separated by {} while the header uses {}",
            show_sep(other),
            show_sep(csv.separator)
        ));
    } else if got > want && csv.separator == b',' {
        msg.push_str(": a decimal comma in a comma-separated file must be quoted, or use ';' as separator");
    } else if got < want {
        msg.push_str(": the line is cut short");
    }
    Err(Problem::at(&csv.name, rec.line, msg))
}

/// A cell that knows where it is.
pub struct Cell<'r> {
    pub file: &'r str,
    pub line: usize,
    pub column: usize,
    pub name: &'r str,
    pub value: &'r str,
}

impl Cell<'_> {
    pub fn problem(&self, message: impl Into<String>) -> Problem {
        Problem::cell(self.file, self.line, self.column + 1, self.name, message)
    }

    /// The value as a message quotes it: never a CPR number (`cpr::show`).
    pub fn shown(&self) -> String {
        crate::cpr::show(self.value)
    }
}

/// Cell accessor for one record.
pub struct Row<'r> {
    pub file: &'r str,
    pub header: &'r Header,
    pub record: &'r Record<'r>,
}

impl<'r> Row<'r> {
    pub fn cell(&self, column: usize) -> Cell<'_> {
        Cell {
            file: self.file,
            line: self.record.line,
            column,
            name: &self.header.names[column],
            value: &self.record.fields[column],
        }
    }

    pub fn line(&self) -> usize {
        self.record.line
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests;
