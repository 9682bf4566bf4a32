//! Geometry and label placement: boxes, what a drawing placed where ([`Layout`]), the
//! candidate places around a point that collision avoidance tries, and text wrapped or
//! shortened to a width.

use super::style::text_width;
use plotters::style::text_anchor::{HPos, VPos};

/// A rectangle in SVG px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bx {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Bx {
    pub fn intersects(&self, o: &Bx) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    pub fn grown(&self, d: f64) -> Bx {
        Bx { x0: self.x0 - d, y0: self.y0 - d, x1: self.x1 + d, y1: self.y1 + d }
    }

    pub(super) fn within(&self, o: &Bx) -> bool {
        self.x0 >= o.x0 && self.y0 >= o.y0 && self.x1 <= o.x1 && self.y1 <= o.y1
    }

    pub(super) fn contains(&self, (x, y): (f64, f64)) -> bool {
        x > self.x0 && x < self.x1 && y > self.y0 && y < self.y1
    }

    /// Whether the segment from `a` to `b` passes through the rectangle (Liang–Barsky).
    pub fn crosses(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        if self.contains(a) || self.contains(b) {
            return true;
        }
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
        for (p, q) in [(-dx, a.0 - self.x0), (dx, self.x1 - a.0), (-dy, a.1 - self.y0), (dy, self.y1 - a.1)] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
                if t0 > t1 {
                    return false;
                }
            }
        }
        true
    }
}

/// What a drawing placed: value labels (placed by collision avoidance), other texts (axes,
/// categories, legend) and the data (line segments as drawn, points, bars).
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub labels: Vec<(String, Bx)>,
    /// Value labels that found no free place and were left out.
    pub left_out: Vec<String>,
    pub texts: Vec<(String, Bx)>,
    pub segments: Vec<((f64, f64), (f64, f64))>,
    pub points: Vec<Bx>,
    pub bars: Vec<Bx>,
}

impl Layout {
    /// Whether a label at `b` would cover anything drawn or placed so far, or leave `bounds`.
    pub(super) fn collides(&self, b: &Bx, bounds: &Bx) -> bool {
        !b.within(bounds)
            || self.segments.iter().any(|&(p, q)| b.grown(2.0).crosses(p, q))
            || self.points.iter().chain(&self.bars).any(|p| b.grown(1.0).intersects(p))
            || self.labels.iter().chain(&self.texts).any(|(_, t)| b.grown(2.0).intersects(t))
    }

    /// The first candidate that covers nothing.
    pub(super) fn place(&self, candidates: impl IntoIterator<Item = Bx>, bounds: &Bx) -> Option<Bx> {
        candidates.into_iter().find(|b| !self.collides(b, bounds))
    }
}

/// The box of a text drawn at `(x, y)` with these anchors, as plotters writes it (`dy` of
/// 0.76 em at the top, 0.5 ex at the centre, −0.5 ex at the bottom): from the height of a
/// capital to the depth of a descender.
pub(super) fn text_box(content: &str, (x, y): (f64, f64), size: f64, h: HPos, v: VPos) -> anyhow::Result<Bx> {
    let w = text_width(content, size)?;
    let baseline = y + match v {
        VPos::Top => 0.76 * size,
        VPos::Center => 0.27 * size,
        VPos::Bottom => -0.27 * size,
    };
    let x0 = match h {
        HPos::Left => x,
        HPos::Center => x - w / 2.0,
        HPos::Right => x - w,
    };
    Ok(Bx { x0, y0: baseline - 0.76 * size, x1: x0 + w, y1: baseline + 0.26 * size })
}

/// Candidate boxes of `w` × `h` around a point, nearest first: above and below (right of,
/// centred on and left of the point), then beside it, at growing distances.
pub(super) fn around(x: f64, y: f64, w: f64, h: f64) -> Vec<Bx> {
    let mut out = Vec::new();
    for d in [8.0, 12.0, 17.0, 23.0, 30.0, 39.0, 50.0, 63.0] {
        let above = y - d - h;
        let below = y + d;
        for top in [above, below] {
            for x0 in [x + 2.0, x - w / 2.0, x - w - 2.0] {
                out.push(Bx { x0, y0: top, x1: x0 + w, y1: top + h });
            }
        }
        for x0 in [x + d, x - d - w] {
            out.push(Bx { x0, y0: y - h / 2.0, x1: x0 + w, y1: y + h / 2.0 });
        }
    }
    out
}

/// Greedy word wrap into at most `max_lines` lines of at most `width` px; an overlong last
/// line is shortened with "…".
pub(super) fn wrap(text: &str, width: f64, size_px: f64, max_lines: usize) -> anyhow::Result<Vec<String>> {
    // Break between words, and inside a word after a hyphen ("ikke-|arbejdsmarkedsparat"); never
    // at a no-break space ("75,4 %", "4. kvt."), which `split_whitespace` would break at.
    let mut pieces: Vec<(&str, &str)> = Vec::new();
    let breaks = |c: char| c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}';
    for word in text.split(breaks).filter(|w| !w.is_empty()) {
        let mut separator = " ";
        for piece in word.split_inclusive('-') {
            pieces.push((separator, piece));
            separator = "";
        }
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    // Pieces are appended in place and only a line that may still break is measured, so the
    // time grows with the text's length, not with its square (the last line takes the rest).
    for (separator, piece) in pieces {
        let last_line = lines.len() + 1 >= max_lines;
        if line.is_empty() {
            line.push_str(piece);
        } else if last_line || text_width(&format!("{line}{separator}{piece}"), size_px)? <= width {
            line.push_str(separator);
            line.push_str(piece);
        } else {
            lines.push(std::mem::replace(&mut line, piece.to_owned()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines.into_iter().map(|l| ellipsize(&l, width, size_px)).collect()
}

/// Shortens `text` with "…" until it fits `width` px: its longest beginning that fits with
/// "…" after it.
pub(super) fn ellipsize(text: &str, width: f64, size_px: f64) -> anyhow::Result<String> {
    if text_width(text, size_px)? <= width {
        return Ok(text.to_owned());
    }
    // A beginning's width grows with its length, so the longest that fits is searched for:
    // doubling from a short one, then halving the gap. Only beginnings up to twice the one that
    // fits are measured, so a long text costs what counting its characters does (taking one
    // character off at a time measured the whole text once per character: its length squared).
    let n = text.chars().count();
    let candidate =
        |k: usize| format!("{}…", text[..text.char_indices().nth(k).map_or(text.len(), |(i, _)| i)].trim_end());
    let fits = |k: usize| -> anyhow::Result<bool> { Ok(text_width(&candidate(k), size_px)? <= width) };
    if n == 0 || !fits(0)? {
        return Ok("…".to_owned());
    }
    let (mut lo, mut hi) = (0, 16.min(n - 1));
    while fits(hi)? {
        if hi == n - 1 {
            return Ok(candidate(hi));
        }
        (lo, hi) = (hi, (hi * 2).min(n - 1));
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if fits(mid)? {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(candidate(lo))
}
