//! Every chart of a report as files of its own, for the secretariat's cover notes in Word:
//! SVG and PNG at print resolution (drawn from the same SVG with the shipped font, so it looks
//! the same on any machine), named by section, and a text file with each chart's alt text to
//! paste into Word's alt-text box. Each image stands alone: the chart as the PDF draws it, with
//! its number and caption (naming the target), its target and period, and its source line in
//! the image ([`charts::standalone`]); the PNG says it is 300 dpi (a `pHYs` chunk), so Word
//! places it 16 cm wide, not at screen size.

use super::charts;
use super::model::Model;
use anyhow::Context as _;

/// A chart's width in the PNG: 16 cm (the PDF's text width) at 300 dpi.
pub const PNG_WIDTH_PX: u32 = 1890;
/// 300 dots per inch in pixels per metre, as PNG's `pHYs` chunk states a resolution.
pub const PNG_PX_PER_METRE: u32 = 11_811;

/// One chart of a report.
#[derive(Debug, Clone)]
pub struct Chart {
    /// File name without extension: section number, section and chart, e.g.
    /// `1-udvikling-andel-16-66-aarige-i-uddannelse-eller-job`.
    pub stem: String,
    pub title: String,
    pub alt: String,
    pub svg: String,
}

/// Lower-case ASCII words joined by hyphens ("Andel 16–66-årige" → "andel-16-66-aarige").
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.to_lowercase().chars() {
        let piece = match c {
            'æ' => "ae".to_string(),
            'ø' => "oe".to_string(),
            'å' => "aa".to_string(),
            c if c.is_ascii_alphanumeric() => c.to_string(),
            _ => "-".to_string(),
        };
        if piece == "-" && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push_str(&piece);
    }
    out.trim_end_matches('-').to_string()
}

/// The charts of a report, in the order the report shows them (and numbers them: the PDF's
/// figures are these, in this order), each drawn to stand alone.
pub fn charts(model: &Model) -> anyhow::Result<Vec<Chart>> {
    let mut list: Vec<(usize, &str, &str, &str)> = Vec::new();
    for s in &model.series {
        list.push((1, &s.chart, &s.title, &s.alt));
    }
    for b in &model.breakdowns {
        if let Some(c) = &b.chart {
            list.push((2, c, &b.title, &b.alt));
        }
    }
    for t in [&model.status, &model.flows] {
        if let Some(c) = &t.chart {
            list.push((3, c, &t.title, &t.alt));
        }
    }
    if let Some(b) = &model.benchmarks
        && let Some(c) = &b.chart
    {
        list.push((4, c, &b.title, &b.alt));
    }
    let section = |n: usize| {
        let key = ["", "series", "breakdowns", "status", "benchmarks"][n];
        slug(model.labels.get(key).map(String::as_str).unwrap_or(key))
    };
    let mut out = Vec::new();
    for (n, file, title, alt) in list {
        let Some(spec) = model.charts.iter().find(|s| s.file == file) else { continue };
        out.push(Chart {
            stem: format!("{n}-{}-{}", section(n), slug(title)),
            title: spec.caption.clone(),
            alt: alt.to_string(),
            svg: charts::standalone(spec, out.len() + 1)?,
        });
    }
    Ok(out)
}

/// Draws an SVG chart as a PNG [`PNG_WIDTH_PX`] wide, with the report's own font.
pub fn png(svg: &str) -> anyhow::Result<Vec<u8>> {
    let mut fonts = resvg::usvg::fontdb::Database::new();
    fonts.load_font_data(super::typeset::font_bytes().to_vec());
    fonts.load_font_data(super::typeset::font_bytes_bold().to_vec());
    let family = super::typeset::font_family().to_string();
    fonts.set_sans_serif_family(family);
    let options = resvg::usvg::Options { fontdb: std::sync::Arc::new(fonts), ..Default::default() };
    let tree = resvg::usvg::Tree::from_str(svg, &options).context("reading a chart's SVG")?;
    let size = tree.size();
    let scale = PNG_WIDTH_PX as f32 / size.width();
    let height = (size.height() * scale).ceil() as u32;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(PNG_WIDTH_PX, height).context("a chart too large to draw")?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    let png = pixmap.encode_png().context("encoding a chart as PNG")?;
    Ok(with_resolution(&png, PNG_PX_PER_METRE))
}

/// The PNG with a `pHYs` chunk (pixels per metre, both ways) right after its header chunk.
pub fn with_resolution(png: &[u8], px_per_metre: u32) -> Vec<u8> {
    // Signature (8 bytes), then IHDR: length (4), type (4), 13 bytes of data, CRC (4).
    let after_ihdr = 8 + 4 + 4 + 13 + 4;
    let mut chunk = Vec::with_capacity(21);
    chunk.extend_from_slice(&9u32.to_be_bytes());
    let mut body = b"pHYs".to_vec();
    body.extend_from_slice(&px_per_metre.to_be_bytes());
    body.extend_from_slice(&px_per_metre.to_be_bytes());
    body.push(1); // unit: metre
    chunk.extend_from_slice(&body);
    chunk.extend_from_slice(&crc32(&body).to_be_bytes());
    let mut out = png[..after_ihdr].to_vec();
    out.extend_from_slice(&chunk);
    out.extend_from_slice(&png[after_ihdr..]);
    out
}

/// CRC-32 as PNG computes it over a chunk's type and data (ISO 3309, reflected, 0xEDB88320).
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// The alt texts, one block per chart, to paste into Word.
pub fn alt_texts(charts: &[Chart], lang: &str) -> String {
    let mut o = String::from(if lang == "da" {
        "Alternativ tekst til figurerne (til Words felt for alternativ tekst)\n"
    } else {
        "Alt texts of the charts (for Word's alt-text box)\n"
    });
    for c in charts {
        o.push_str(&format!("\n{}.png / {}.svg\n{}\n{}\n", c.stem, c.stem, c.title, c.alt));
    }
    o
}

/// The chart files as (name, bytes): SVG and PNG per chart, and the alt texts.
pub fn files(model: &Model) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let charts = charts(model)?;
    let mut out = Vec::new();
    for c in &charts {
        out.push((format!("{}.svg", c.stem), c.svg.clone().into_bytes()));
        out.push((format!("{}.png", c.stem), png(&c.svg)?));
    }
    let name = if model.lang == "da" { "alt-tekster.txt" } else { "alt-texts.txt" };
    out.push((name.to_string(), alt_texts(&charts, model.lang).into_bytes()));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_words() {
        assert_eq!(slug("Andel 16–66-årige i uddannelse eller job"), "andel-16-66-aarige-i-uddannelse-eller-job");
        assert_eq!(slug("Herkomst × oprindelse"), "herkomst-oprindelse");
        assert_eq!(slug("Status og strømme"), "status-og-stroemme");
    }

    #[test]
    fn a_chart_is_drawn_at_print_width_with_text() {
        let svg = r##"<svg width="400" height="200" viewBox="0 0 400 200" xmlns="http://www.w3.org/2000/svg"><rect x="10" y="10" width="100" height="50" fill="#0072b2"/><text x="20" y="150" font-family="Noto Sans" font-size="20">72,6 %</text></svg>"##;
        let png = png(svg).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        // Width and height from the IHDR chunk: 1 890 × 945 (the SVG's 2:1).
        let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert_eq!((w, h), (1890, 945));
        // 300 dpi: a pHYs chunk of 11 811 pixels per metre both ways, right after IHDR, with
        // the CRC the PNG specification gives for it.
        assert_eq!(&png[33..37], &9u32.to_be_bytes());
        assert_eq!(&png[37..41], b"pHYs");
        assert_eq!(u32::from_be_bytes(png[41..45].try_into().unwrap()), 11_811);
        assert_eq!(u32::from_be_bytes(png[45..49].try_into().unwrap()), 11_811);
        assert_eq!(png[49], 1);
        assert_eq!(u32::from_be_bytes(png[50..54].try_into().unwrap()), crc32(&png[37..50]));
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
        // The same SVG gives the same bytes; the text is drawn (with the shipped font).
        assert_eq!(png, super::png(svg).unwrap());
        let no_text = svg.replace("72,6 %", "");
        assert_ne!(png, super::png(&no_text).unwrap());
    }
}
