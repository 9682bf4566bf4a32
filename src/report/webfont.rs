//! The web page's chart font: a subset of the shipped Noto Sans holding only the glyphs the
//! page's charts use, embedded as an `@font-face` with a `data:` URL, so the charts look the
//! same on a machine without Noto Sans (most Windows PCs would otherwise draw a serif) and the
//! page stays one self-contained file that fetches nothing.
//!
//! `subsetter` (the subsetter typst uses for PDFs) keeps the outlines, metrics and names of the
//! glyphs asked for; it leaves out the tables a PDF does not need and a browser does, so the
//! character map (`cmap`, format 4) is written here and `OS/2` copied from the original, and
//! the font's tables are put together again with their checksums.

use anyhow::{Context as _, anyhow};
use std::collections::BTreeMap;

/// The embedded face's family name; the web charts name it first.
pub const FAMILY: &str = "Effektmaal Noto Sans";

/// An `@font-face` rule for the characters of `text` (and the digits and signs every chart
/// may use), as a TrueType subset in a `data:` URL.
pub fn font_face(text: &str) -> anyhow::Result<String> {
    let font = subset(super::typeset::font_bytes(), text)?;
    Ok(format!(
        "@font-face {{ font-family: \"{FAMILY}\"; font-style: normal; font-weight: 400; src: url(data:font/ttf;base64,{}) format(\"truetype\"); }}",
        base64(&font)
    ))
}

/// A subset of `font` (TrueType outlines) with the glyphs of the characters in `text`.
pub fn subset(font: &[u8], text: &str) -> anyhow::Result<Vec<u8>> {
    let face = ttf_parser::Face::parse(font, 0).map_err(|e| anyhow!("the shipped font cannot be read: {e}"))?;
    let always = "0123456789,.%–−+± ()\u{a0}…";
    let mut chars: Vec<char> = text.chars().chain(always.chars()).filter(|c| !c.is_control()).collect();
    chars.sort_unstable();
    chars.dedup();
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut map: BTreeMap<u16, u16> = BTreeMap::new();
    for c in chars {
        let code = u32::from(c);
        // Format 4 maps the Basic Multilingual Plane; the charts use nothing beyond it.
        if code > 0xFFFE {
            continue;
        }
        if let Some(g) = face.glyph_index(c) {
            map.insert(code as u16, remapper.remap(g.0));
        }
    }
    let small = subsetter::subset(font, 0, &remapper).map_err(|e| anyhow!("subsetting the chart font: {e}"))?;
    let mut tables = read_tables(&small).context("reading the subset font")?;
    let os2 =
        face.raw_face().table(ttf_parser::Tag::from_bytes(b"OS/2")).context("the shipped font has no OS/2 table")?;
    tables.insert(*b"OS/2", os2.to_vec());
    tables.insert(*b"cmap", cmap(&map));
    Ok(write_tables(&tables))
}

/// The tables of an sfnt font, by tag.
fn read_tables(font: &[u8]) -> Option<BTreeMap<[u8; 4], Vec<u8>>> {
    let u16_at = |i: usize| Some(u16::from_be_bytes(font.get(i..i + 2)?.try_into().ok()?));
    let u32_at = |i: usize| Some(u32::from_be_bytes(font.get(i..i + 4)?.try_into().ok()?) as usize);
    let n = usize::from(u16_at(4)?);
    let mut out = BTreeMap::new();
    for t in 0..n {
        let rec = 12 + 16 * t;
        let tag: [u8; 4] = font.get(rec..rec + 4)?.try_into().ok()?;
        let (offset, length) = (u32_at(rec + 8)?, u32_at(rec + 12)?);
        out.insert(tag, font.get(offset..offset + length)?.to_vec());
    }
    Some(out)
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// An sfnt font of these tables (sorted by tag, each 4-byte aligned, with checksums and the
/// `head` table's checksum adjustment).
fn write_tables(tables: &BTreeMap<[u8; 4], Vec<u8>>) -> Vec<u8> {
    let n = tables.len() as u16;
    let selector = 15 - n.max(1).leading_zeros() as u16;
    let range = (1u16 << selector) * 16;
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for v in [n, range, selector, n * 16 - range] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    let mut body = Vec::new();
    for (tag, data) in tables {
        let mut data = data.clone();
        if tag == b"head" && data.len() >= 12 {
            data[8..12].fill(0);
            head_at = Some(offset + 8);
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(&data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        body.extend_from_slice(&data);
        while body.len() % 4 != 0 {
            body.push(0);
        }
        offset = 12 + 16 * tables.len() + body.len();
    }
    out.extend_from_slice(&body);
    if let Some(i) = head_at {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[i..i + 4].copy_from_slice(&adjust.to_be_bytes());
    }
    out
}

/// A `cmap` table with one format 4 subtable (Windows, Unicode BMP): one segment per run of
/// characters whose glyphs follow each other, and the closing 0xFFFF segment.
fn cmap(map: &BTreeMap<u16, u16>) -> Vec<u8> {
    let mut segments: Vec<(u16, u16, u16)> = Vec::new(); // (start, end, first glyph)
    for (&c, &g) in map {
        match segments.last_mut() {
            Some((start, end, first)) if c == *end + 1 && g == first.wrapping_add(c - *start) => *end = c,
            _ => segments.push((c, c, g)),
        }
    }
    segments.push((0xFFFF, 0xFFFF, 0));
    let n = segments.len() as u16;
    let selector = 15 - n.leading_zeros() as u16;
    let range = (1u16 << selector) * 2;
    let mut sub: Vec<u16> = vec![4, 0, 0, n * 2, range, selector, n * 2 - range];
    sub.extend(segments.iter().map(|s| s.1));
    sub.push(0);
    sub.extend(segments.iter().map(|s| s.0));
    sub.extend(segments.iter().map(|s| s.2.wrapping_sub(s.0)));
    sub.extend(segments.iter().map(|_| 0u16));
    sub[1] = (sub.len() * 2) as u16;
    let mut out: Vec<u8> = Vec::new();
    for v in [0u16, 1, 3, 1] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    out.extend_from_slice(&12u32.to_be_bytes());
    for v in sub {
        out.extend_from_slice(&v.to_be_bytes());
    }
    out
}

/// Standard base64 with padding.
fn base64(data: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(ABC[((n >> shift) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_standard() {
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"M"), "TQ==");
    }

    #[test]
    fn the_subset_maps_its_characters_to_their_own_outlines() {
        let text = "Andel 72,6 % (foreløbig) Århus 16–19 år";
        let font = subset(crate::report::typeset::font_bytes(), text).unwrap();
        assert!(font.len() < 40_000, "{} bytes", font.len());
        let small = ttf_parser::Face::parse(&font, 0).expect("a font a parser reads");
        let full = ttf_parser::Face::parse(crate::report::typeset::font_bytes(), 0).unwrap();
        for c in text.chars() {
            let g = small.glyph_index(c).unwrap_or_else(|| panic!("{c:?} is not mapped"));
            let h = full.glyph_index(c).unwrap();
            assert_eq!(small.glyph_hor_advance(g), full.glyph_hor_advance(h), "{c:?}");
        }
        assert!(small.glyph_index('Z').is_none());
        for tag in [b"cmap", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"name", b"OS/2", b"post"] {
            assert!(small.raw_face().table(ttf_parser::Tag::from_bytes(tag)).is_some(), "{tag:?}");
        }
        // The checksum adjustment makes the whole font sum to the magic number.
        assert_eq!(checksum(&font), 0xB1B0_AFBA);
    }
}
