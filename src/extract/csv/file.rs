//! A large CSV file read a block at a time ([`CsvFile`]): scanned first for its encoding and
//! line ends without holding it, then cut at line ends into blocks ([`BLOCK`]) that each
//! decode and parse on their own.

use super::text::{CsvText, TextEncoding, detect_separator, has_lone_cr, hex, not_text, not_utf8};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

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
