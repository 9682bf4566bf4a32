//! A chart specification drawn for each medium: print, the web page (with the embedded font)
//! and the stand-alone chart files for Word.

use super::bars::{grouped_bars, horizontal_bars};
use super::draw::xml_escape;
use super::layout::{Layout, wrap};
use super::line::line_chart;
use super::spec::{Kind, Spec};
use super::style::{Medium, SMALL_PX, WEB_MAX_WIDTH, register_fonts};
use crate::report::typeset;
use anyhow::anyhow;

/// Draws a chart specification as SVG for print (the PDF).
pub fn draw(spec: &Spec) -> anyhow::Result<String> {
    Ok(draw_with_layout(spec, Medium::Print)?.0)
}

/// Draws a chart specification as SVG for the web page: [`WEB_WIDTH`](super::WEB_WIDTH) wide, scaling with the
/// page up to a readable size, its text in the embedded font and then in common sans-serif
/// fonts (never a serif).
pub fn draw_web(spec: &Spec) -> anyhow::Result<String> {
    let svg = draw_with_layout(spec, Medium::Web)?.0;
    let svg = with_font_stack(&svg, crate::report::webfont::FAMILY);
    Ok(svg.replacen("<svg ", &format!("<svg style=\"max-width: {WEB_MAX_WIDTH}\" "), 1))
}

/// What a drawing placed where: its value labels, other texts and data, for tests of the
/// label placement.
pub fn layout(spec: &Spec, medium: Medium) -> anyhow::Result<Layout> {
    Ok(draw_with_layout(spec, medium)?.1)
}

pub(super) fn draw_with_layout(spec: &Spec, medium: Medium) -> anyhow::Result<(String, Layout)> {
    let l = spec.lang;
    let mut lay = Layout::default();
    let svg = match &spec.kind {
        Kind::Line { series, markers, y_range, y_unit } => line_chart(
            medium,
            l,
            &spec.title,
            &|i| l.month_short(crate::method::calendar::Month::from_index(i)),
            series,
            markers,
            *y_range,
            y_unit,
            &mut lay,
        ),
        Kind::GroupedBars { categories, groups, y_unit } => match medium {
            Medium::Print => grouped_bars(medium, l, &spec.title, categories, groups, y_unit, &mut lay),
            Medium::Web => horizontal_bars(medium, l, &spec.title, categories, groups, y_unit, &mut lay),
        },
        Kind::HorizontalBars { categories, groups, unit } => {
            horizontal_bars(medium, l, &spec.title, categories, groups, unit, &mut lay)
        }
    }?;
    Ok((svg, lay))
}

/// Draws every chart of a report for print: file name → SVG.
pub fn draw_all(specs: &[Spec]) -> anyhow::Result<std::collections::BTreeMap<String, String>> {
    specs.iter().map(|s| Ok((s.file.clone(), draw(s)?))).collect()
}

/// Draws every chart of a report for the web page: file name → SVG. The first chart carries
/// the embedded font (a subset of the glyphs all of them use) in a `<style>`, which applies to
/// the whole page; the page stays one self-contained file.
pub fn draw_all_web(specs: &[Spec]) -> anyhow::Result<std::collections::BTreeMap<String, String>> {
    let mut svgs: Vec<(String, String)> =
        specs.iter().map(|s| Ok((s.file.clone(), draw_web(s)?))).collect::<anyhow::Result<_>>()?;
    let text: String = svgs.iter().map(|(_, svg)| svg_text(svg)).collect();
    if let Some((_, first)) = svgs.first_mut() {
        let css = crate::report::webfont::font_face(&text)?;
        if let Some(end) = first.find('>') {
            first.insert_str(end + 1, &format!("\n<style>{css}</style>"));
        }
    }
    Ok(svgs.into_iter().collect())
}

/// A chart on its own, for a Word document: the print drawing with its number and caption,
/// its target and period above it and its source line below, all in the image. Its fonts are
/// named with a fallback to common sans-serif fonts.
pub fn standalone(spec: &Spec, number: usize) -> anyhow::Result<String> {
    register_fonts()?;
    let chart = draw(spec)?;
    let (w, h) = svg_size(&chart).ok_or_else(|| anyhow!("a chart without a size"))?;
    let figure = spec.lang.t("Figur", "Figure");
    // Measured in the regular face; the bold caption is about a tenth wider.
    let caption_lines = wrap(&format!("{figure} {number}: {}", spec.caption), (w - 16.0) / 1.12, 14.0, 3)?;
    let detail_lines = if spec.detail.is_empty() { Vec::new() } else { wrap(&spec.detail, w - 16.0, SMALL_PX, 3)? };
    let source_lines = if spec.source.is_empty() { Vec::new() } else { wrap(&spec.source, w - 16.0, 10.5, 3)? };
    let mut y = 8.0;
    let mut out = String::new();
    let family = typeset::font_family();
    let line = |out: &mut String, text: &str, y: f64, size: f64, bold: bool, fill: &str| {
        out.push_str(&format!(
            "<text x=\"8\" y=\"{y:.1}\" font-family=\"{family}\" font-size=\"{size}\"{} fill=\"{fill}\">{}</text>\n",
            if bold { " font-weight=\"bold\"" } else { "" },
            xml_escape(text)
        ));
    };
    for l in &caption_lines {
        y += 14.0 * 1.3;
        line(&mut out, l, y - 4.0, 14.0, true, "#1A1A1A");
    }
    for l in &detail_lines {
        y += SMALL_PX * 1.35;
        line(&mut out, l, y - 3.0, SMALL_PX, false, "#404040");
    }
    y += 6.0;
    let top = y;
    let body_start = chart.find('>').map(|i| i + 1).unwrap_or(0);
    let body_end = chart.rfind("</svg>").unwrap_or(chart.len());
    let mut body = chart[body_start..body_end].to_string();
    if let (Some(a), Some(b)) = (body.find("<title>"), body.find("</title>")) {
        body.replace_range(a..b + "</title>".len(), "");
    }
    let mut tail = String::new();
    let mut y2 = top + h + 4.0;
    for l in &source_lines {
        y2 += 10.5 * 1.35;
        line(&mut tail, l, y2 - 3.0, 10.5, false, "#404040");
    }
    let total = (y2 + 8.0).ceil();
    let svg = format!(
        "<svg width=\"{w}\" height=\"{total}\" viewBox=\"0 0 {w} {total}\" xmlns=\"http://www.w3.org/2000/svg\">\n<title>{}</title>\n<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{total}\" fill=\"#FFFFFF\"/>\n{out}<g transform=\"translate(0,{top:.1})\">{body}</g>\n{tail}</svg>\n",
        xml_escape(&format!("{figure} {number}: {}", spec.caption))
    );
    Ok(with_font_stack(&svg, ""))
}

/// The width and height an SVG's opening tag states.
pub fn svg_size(svg: &str) -> Option<(f64, f64)> {
    let open = &svg[svg.find("<svg")?..];
    let open = &open[..open.find('>')?];
    let attr = |name: &str| -> Option<f64> {
        let key = format!(" {name}=\"");
        let i = open.find(&key)? + key.len();
        open[i..i + open[i..].find('"')?].trim_end_matches("px").parse().ok()
    };
    Some((attr("width")?, attr("height")?))
}

/// Names fonts after the shipped one, so a machine without it draws a sans-serif, never a
/// serif: `first` (an embedded face), Noto Sans, then common sans-serif fonts.
pub(super) fn with_font_stack(svg: &str, first: &str) -> String {
    let family = typeset::font_family();
    let stack = if first.is_empty() {
        format!("{family}, Arial, Helvetica, sans-serif")
    } else {
        format!("{first}, {family}, Arial, Helvetica, sans-serif")
    };
    svg.replace(&format!("font-family=\"{family}\""), &format!("font-family=\"{stack}\""))
}

/// The text an SVG shows (its `<text>` elements), unescaped.
pub(super) fn svg_text(svg: &str) -> String {
    let mut out = String::new();
    let mut rest = svg;
    while let Some(i) = rest.find("<text") {
        let Some(open_end) = rest[i..].find('>') else { break };
        let start = i + open_end + 1;
        let Some(len) = rest[start..].find("</text>") else { break };
        out.push_str(&rest[start..start + len]);
        rest = &rest[start + len..];
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}
