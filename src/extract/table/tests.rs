use super::*;

fn header_problems(text: &str, required: &[&str]) -> Vec<String> {
    let csv = CsvText::from_bytes("f.csv", text.as_bytes()).unwrap();
    match open(&csv, required) {
        Ok(_) => vec![],
        Err(p) => p.shown().iter().map(|p| p.to_string()).collect(),
    }
}

#[test]
fn missing_misspelt_and_duplicate_columns() {
    assert_eq!(
        header_problems("pnr;foedselsdto;koen\n", &["pnr", "foedselsdato", "koen"]),
        vec![
            "f.csv:1: the required column foedselsdato is missing (the header has foedselsdto: is it misspelt?); expected the columns pnr, foedselsdato, koen"
        ]
    );
    assert_eq!(
        header_problems("PNR;koen;Koen\n", &["pnr", "koen"]),
        vec![
            "f.csv:1: column 3 (koen): column koen appears twice in the header (columns 2 and 3): expected each column once"
        ]
    );
    assert!(header_problems(" Pnr ;KOEN\n", &["pnr", "koen"]).is_empty());
}

#[test]
fn width_hints() {
    let csv = CsvText::from_bytes("f.csv", b"a;b;c\n1,2,3\n").unwrap();
    let (header, mut recs) = open(&csv, &["a"]).unwrap();
    let rec = recs.next().unwrap().unwrap();
    assert_eq!(
        check_width(&csv, &header, &rec).unwrap_err().to_string(),
        "f.csv:2: expected 3 fields as in the header, found 1: this line seems separated by ',' while the header uses ';'"
    );
}

#[test]
fn distance() {
    assert_eq!(edit_distance("foedselsdato", "foedselsdato"), 0);
    assert_eq!(edit_distance("fodselsdato", "foedselsdato"), 1);
}

/// Every row (line and cells) and every problem, as text.
fn rows(read: impl FnOnce(&mut Problems, &mut dyn FnMut(&Header, Row<'_>, &mut Problems)) -> usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut problems = Problems::default();
    let n = read(&mut problems, &mut |_, row, _| {
        let cells: Vec<String> = (0..row.header.names.len()).map(|c| row.cell(c).value.to_string()).collect();
        out.push(format!("{}: {}", row.line(), cells.join("|")));
    });
    out.push(format!("{n} rows"));
    out.extend(problems.shown().iter().map(|p| p.to_string()));
    out
}

#[test]
fn a_file_read_a_block_at_a_time_gives_the_rows_and_problems_of_the_whole_text() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [&[u8]; 6] = [
        // Quoted fields over several lines, doubled quotes, CRLF, blank lines, no final line end.
        b"\xEF\xBB\xBFpnr;a;b\r\n1;\"x\r\ny\";2\r\n\r\n2;\"say \"\"hi\"\"\";3\r\n3;4;5",
        // Windows-1252 text, a short row, a blank line before the header.
        b"\npnr;navn\n1;\xe6\xf8\xe5\n2\n3;\"\xc6\"\n",
        // UTF-8 letters of two and three bytes, a comma file.
        "pnr,by\n1,Århus\n2,\"Næstved,\nSjælland\"\n3,€\n".as_bytes(),
        // A quoted field never closed: the problem names the line it opened on.
        b"pnr;a\n1;2\n2;\"open\n3;4\n",
        // A header and no rows.
        b"pnr;a\n",
        // Text after a closing quote.
        b"pnr;a\n1;\"x\"y\n2;3\n",
    ];
    for (i, bytes) in cases.iter().enumerate() {
        let path = dir.path().join(format!("f{i}.csv"));
        std::fs::write(&path, bytes).unwrap();
        let text = CsvText::from_bytes("f.csv", bytes).unwrap();
        let file = CsvFile::scan(&path, "f.csv").unwrap().expect("plain text is read a block at a time");
        assert_eq!((file.encoding, file.separator, &file.sha256), (text.encoding, text.separator, &text.sha256));
        let whole = rows(|p, f| for_each_row(&text, &["pnr"], p, f));
        assert!(whole.len() > 1, "case {i}: {whole:?}");
        for block in [1, 2, 3, 5, 8, 13, 64, BLOCK] {
            let blocks = rows(|p, f| rows_in_blocks(&file, block, Head::Check(&["pnr"]), p, f));
            assert_eq!(blocks, whole, "case {i}, blocks of {block} bytes");
        }
    }
    // Files without quotes are also read apart, blocks on threads of their own: the same
    // rows, lines and problems in the same order, whatever the block size and threads.
    let unquoted: [&[u8]; 5] = [
        b"\xEF\xBB\xBFpnr;a;b\r\n1;x;2\r\n\r\n2;y;3\r\n3;4;5",
        b"\n\npnr;navn\n1;\xe6\xf8\xe5\n2\n3;\xc6\n\n\n4;z\n",
        "pnr,by\n1,Århus\n2,Næstved\n3,€\n4,5,6\n5,\n".as_bytes(),
        b"pnr;a\n",
        b"pnr;a\n1;2",
    ];
    for (i, bytes) in unquoted.iter().enumerate() {
        let path = dir.path().join(format!("u{i}.csv"));
        std::fs::write(&path, bytes).unwrap();
        let text = CsvText::from_bytes("f.csv", bytes).unwrap();
        let file = CsvFile::scan(&path, "f.csv").unwrap().expect("plain text");
        assert!(!file.quoted);
        let whole = rows(|p, f| for_each_row(&text, &["pnr"], p, f));
        for block in [1, 2, 3, 5, 8, 13, 64, BLOCK] {
            for threads in [1, 2, 3] {
                let mut problems = Problems::default();
                let mut apart = Vec::new();
                let n = blocks_apart(
                    &file,
                    block,
                    &["pnr"],
                    &mut problems,
                    threads,
                    Vec::new,
                    // The short way takes the rows whose first cell is "2", as the long way would.
                    |line, at, t: &mut Vec<String>| {
                        let cells: Vec<&str> = line.split(file.separator as char).map(str::trim).collect();
                        let take = cells.len() == 2 && cells[0] == "2";
                        if take {
                            t.push(format!("{at}: {}", cells.join("|")));
                        }
                        take
                    },
                    |h, row, _, t: &mut Vec<String>| {
                        let cells: Vec<&str> = (0..h.names.len()).map(|c| row.cell(c).value).collect();
                        t.push(format!("{}: {}", row.line(), cells.join("|")));
                    },
                    |t| apart.extend(t),
                );
                apart.push(format!("{n} rows"));
                apart.extend(problems.shown().iter().map(|p| p.to_string()));
                assert_eq!(apart, whole, "case {i}, blocks of {block} bytes on {threads} threads");
            }
        }
    }
    let quoted = dir.path().join("q.csv");
    std::fs::write(&quoted, b"pnr;a\n1;\"x\"\n").unwrap();
    assert!(CsvFile::scan(&quoted, "q.csv").unwrap().unwrap().quoted);
    // Files that are not plain text are read whole, for the message that says so.
    for odd in [&b""[..], b"PK\x03\x04xx", b"a;b\x00\n", b"a;b\r1;2\r", b"a;b\n\x81\xff;1\n"] {
        let path = dir.path().join("odd.csv");
        std::fs::write(&path, odd).unwrap();
        assert!(CsvFile::scan(&path, "odd.csv").unwrap().is_none(), "{odd:?}");
    }
}
