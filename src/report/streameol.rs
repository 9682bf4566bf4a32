//! One byte of care for the PDF typst writes: a stream whose data happens to end with a carriage
//! return (a compressed page, 1 in 256) is followed by `\nendstream`, and a reader that takes
//! `\r\n` as the end-of-line marker before `endstream` counts the stream one byte short of its
//! `/Length`; an independent PDF/A validator reports it as a conformance error. Such a stream
//! gets an end-of-line of CR LF (`\r\r\nendstream`), which every reader counts alike, and the
//! cross-reference table is shifted to match. Nothing else is touched.

/// The PDF with every stream that ends in `\r` given a CR LF end-of-line; unchanged when there
/// is none, or when the file is not laid out as typst lays it out (one classic `xref` table).
pub fn mend(pdf: Vec<u8>) -> Vec<u8> {
    let ends = cr_stream_ends(&pdf);
    if ends.is_empty() {
        return pdf;
    }
    let Some(xref) = rfind(&pdf, b"\nxref\n").map(|i| i + 1) else { return pdf };
    let Some(startxref) = rfind(&pdf, b"\nstartxref\n").map(|i| i + 11) else { return pdf };
    // Each inserted byte moves everything after it by one.
    let shift = |offset: usize| offset + ends.iter().filter(|&&e| e <= offset).count();
    let mut out = Vec::with_capacity(pdf.len() + ends.len());
    let mut last = 0;
    for &e in &ends {
        out.extend_from_slice(&pdf[last..e]);
        out.push(b'\r');
        last = e;
    }
    out.extend_from_slice(&pdf[last..xref]);
    // The table: "xref\n0 N\n" then N entries of 20 bytes, "0000012345 00000 n \n".
    let table_end = pdf[xref..].windows(8).position(|w| w == b"trailer\n").map(|p| xref + p).unwrap_or(pdf.len());
    for line in pdf[xref..table_end].split_inclusive(|&b| b == b'\n') {
        match parse_entry(line) {
            Some((offset, rest)) => {
                out.extend_from_slice(format!("{:010}", shift(offset)).as_bytes());
                out.extend_from_slice(rest);
            }
            None => out.extend_from_slice(line),
        }
    }
    out.extend_from_slice(&pdf[table_end..startxref]);
    let number_end = pdf[startxref..].iter().position(|b| !b.is_ascii_digit()).map(|p| startxref + p);
    let Some(number_end) = number_end else { return pdf };
    let Some(old) = std::str::from_utf8(&pdf[startxref..number_end]).ok().and_then(|s| s.parse::<usize>().ok()) else {
        return pdf;
    };
    out.extend_from_slice(shift(old).to_string().as_bytes());
    out.extend_from_slice(&pdf[number_end..]);
    out
}

/// Where each stream whose last data byte is `\r` ends (the position of its `\nendstream`),
/// found from the `/Length` of its dictionary, in file order.
fn cr_stream_ends(pdf: &[u8]) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut at = 0;
    while let Some(p) = find(&pdf[at..], b">>\nstream\n").map(|p| at + p) {
        let data = p + 10;
        // From the object's start: its dictionary may hold others ("/DecodeParms<<…>>").
        let dict_start = rfind(&pdf[..p], b" obj\n").unwrap_or(0);
        let length = find(&pdf[dict_start..p], b"/Length ").map(|q| dict_start + q + 8).and_then(|q| {
            let digits: Vec<u8> = pdf[q..].iter().take_while(|b| b.is_ascii_digit()).copied().collect();
            let after = pdf.get(q + digits.len()).copied();
            // An indirect length ("12 0 R") is not typst's way; leave such a file alone.
            (after != Some(b' ')).then(|| std::str::from_utf8(&digits).ok()?.parse::<usize>().ok()).flatten()
        });
        let Some(length) = length else { return Vec::new() };
        let end = data + length;
        if pdf.get(end..end + 10) != Some(b"\nendstream") {
            return Vec::new();
        }
        if length > 0 && pdf[end - 1] == b'\r' {
            ends.push(end);
        }
        at = end + 10;
    }
    ends
}

/// An xref entry's offset and the rest of its line ("0000012345 00000 n \n"), for in-use
/// entries only.
fn parse_entry(line: &[u8]) -> Option<(usize, &[u8])> {
    if line.len() != 20 || line[10] != b' ' || line[17] != b'n' {
        return None;
    }
    let offset = std::str::from_utf8(&line[..10]).ok()?.parse().ok()?;
    Some((offset, &line[10..]))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A two-object PDF laid out as typst lays it out; object 1's stream data is `data`.
    fn pdf(data: &[u8]) -> Vec<u8> {
        let mut f = b"%PDF-1.7\n".to_vec();
        let o1 = f.len();
        f.extend_from_slice(format!("1 0 obj\n<</Length {}>>\nstream\n", data.len()).as_bytes());
        f.extend_from_slice(data);
        f.extend_from_slice(b"\nendstream\nendobj\n");
        let o2 = f.len();
        f.extend_from_slice(b"2 0 obj\n<</Type/Catalog>>\nendobj\n");
        let x = f.len();
        f.extend_from_slice(
            format!("xref\n0 3\n0000000000 65535 f \n{o1:010} 00000 n \n{o2:010} 00000 n \ntrailer\n<</Size 3/Root 2 0 R>>\nstartxref\n{x}\n%%EOF").as_bytes(),
        );
        f
    }

    /// The offset the xref table gives object `n`, and what stands there.
    fn object_at(f: &[u8], n: usize) -> String {
        let x = rfind(f, b"\nxref\n").unwrap() + 1;
        let entry = &f[x + 9 + 20 * n..x + 9 + 20 * n + 10];
        let offset: usize = std::str::from_utf8(entry).unwrap().parse().unwrap();
        String::from_utf8_lossy(&f[offset..offset + 7]).into_owned()
    }

    #[test]
    fn a_stream_ending_in_cr_gets_a_crlf_end_of_line_and_the_table_follows() {
        let before = pdf(b"abc\r");
        let after = mend(before.clone());
        assert_eq!(after.len(), before.len() + 1);
        let text = String::from_utf8_lossy(&after);
        assert!(text.contains("<</Length 4>>\nstream\nabc\r\r\nendstream"), "{text}");
        assert_eq!(object_at(&after, 1), "1 0 obj");
        assert_eq!(object_at(&after, 2), "2 0 obj", "object 2 moved by one byte");
        // startxref points at the table.
        let sx: usize = text.rsplit("startxref\n").next().unwrap().trim_end_matches("\n%%EOF").parse().unwrap();
        assert_eq!(&after[sx..sx + 4], b"xref");
    }

    #[test]
    fn other_streams_and_files_are_left_as_they_are() {
        let plain = pdf(b"abc\n\rx");
        assert_eq!(mend(plain.clone()), plain);
        let odd = pdf(b"abc\r").into_iter().map(|b| if b == b'4' { b'9' } else { b }).collect::<Vec<u8>>();
        assert_eq!(mend(odd.clone()), odd, "a /Length that does not fit: not typst's layout, untouched");
    }
}
