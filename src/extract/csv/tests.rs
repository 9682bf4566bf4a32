use super::file::*;
use super::records::*;
use super::text::*;

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
