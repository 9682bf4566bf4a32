//! The charts' look and measure: sizes for print and web, the Okabe-Ito colours, font sizes,
//! and the shipped font registered with plotters, so text is measured with the real glyphs.

use crate::report::typeset;
use anyhow::anyhow;
use plotters::prelude::*;
use plotters::style::{Color as _, FontDesc, FontStyle, register_font};
use std::sync::OnceLock;

/// A chart colour.
pub use plotters::style::RGBColor as Color;

/// Width of every printed chart, in SVG px.
pub const WIDTH: u32 = 640;

/// Height of a printed line chart, in SVG px (horizontal bars grow with their rows).
pub const HEIGHT: u32 = 300;

/// Height of a printed vertical bar chart (a breakdown), in SVG px: lower than a line chart,
/// which shows a course over years, so that two short breakdowns (sex, origin) with their
/// tables share a page instead of leaving each a half-empty one.
pub const BAR_HEIGHT: u32 = 240;

/// A dashed line (the course to the target, other units in the comparison): 7 px drawn, 4 px
/// left out, the pattern running on across the line's points (plotters' `DashedPathElement`).
pub(super) const DASH: i32 = 7;
pub(super) const DASH_GAP: i32 = 4;

/// Width of every chart in the web page, in SVG px: on a phone 390 px wide the chart is drawn
/// about 360 px wide, so its 12 px text stays about 11 px.
pub const WEB_WIDTH: u32 = 400;

/// Height of a line chart in the web page, in SVG px.
pub const WEB_HEIGHT: u32 = 290;

/// How wide a web chart may grow on a wide screen (its text then about 18 px).
pub(super) const WEB_MAX_WIDTH: &str = "38rem";

/// Okabe-Ito orange (#E69F00).
pub const ORANGE: Color = RGBColor(0xE6, 0x9F, 0x00);

/// Okabe-Ito sky blue (#56B4E9).
pub const SKY_BLUE: Color = RGBColor(0x56, 0xB4, 0xE9);

/// Okabe-Ito bluish green (#009E73).
pub const BLUISH_GREEN: Color = RGBColor(0x00, 0x9E, 0x73);

/// Okabe-Ito yellow (#F0E442). Too light for thin lines on white; use it for areas only.
pub const YELLOW: Color = RGBColor(0xF0, 0xE4, 0x42);

/// Okabe-Ito blue (#0072B2).
pub const BLUE: Color = RGBColor(0x00, 0x72, 0xB2);

/// Okabe-Ito vermillion (#D55E00).
pub const VERMILLION: Color = RGBColor(0xD5, 0x5E, 0x00);

/// Okabe-Ito reddish purple (#CC79A7).
pub const REDDISH_PURPLE: Color = RGBColor(0xCC, 0x79, 0xA7);

/// Okabe-Ito black, softened slightly for text and markers (#1A1A1A).
pub const INK: Color = RGBColor(0x1A, 0x1A, 0x1A);

/// Neutral grey for secondary text, e.g. "–" for suppressed values (#595959).
pub const GREY: Color = RGBColor(0x59, 0x59, 0x59);

/// The Okabe-Ito colours in the recommended order for series (yellow left out: it is too
/// light for lines and text on white).
pub const PALETTE: [Color; 6] = [BLUE, ORANGE, BLUISH_GREEN, VERMILLION, SKY_BLUE, REDDISH_PURPLE];

pub(super) const AXIS: Color = RGBColor(0x4D, 0x4D, 0x4D);

pub(super) const GRID: Color = RGBColor(0xDD, 0xDD, 0xDD);

/// Font sizes in SVG px.
pub(super) const LABEL_PX: f64 = 12.0;

pub(super) const LEGEND_PX: f64 = 12.5;

pub(super) const SMALL_PX: f64 = 11.0;

/// plotters writes `font-size = size / 1.24` into the SVG.
pub(super) const PLOTTERS_SIZE_PER_PX: f64 = 1.24;

/// plotters' ab_glyph layout scales glyphs to the font's line height (ascender − descender,
/// 1362 units for Noto Sans) instead of its em (1000 units), so it reports widths about 9 %
/// too small; measured widths are multiplied by this.
pub(super) const WIDTH_CORRECTION: f64 = 1362.0 / 1240.0;

/// Space between the y axis (and the right end) and the first (last) month of a line chart.
pub(super) const INSET: f64 = 10.0;

/// Where a chart is shown: its size and how categories are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Medium {
    /// The PDF and the chart files: 640 px wide.
    Print,
    /// The web page: 400 px wide, categories as rows of horizontal bars.
    Web,
}

impl Medium {
    pub(super) fn width(self) -> f64 {
        f64::from(match self {
            Medium::Print => WIDTH,
            Medium::Web => WEB_WIDTH,
        })
    }

    pub(super) fn line_height(self) -> f64 {
        f64::from(match self {
            Medium::Print => HEIGHT,
            Medium::Web => WEB_HEIGHT,
        })
    }

    /// The height of a vertical bar chart (drawn for print only: the web page draws
    /// categories as horizontal bars).
    pub(super) fn bar_height(self) -> f64 {
        f64::from(match self {
            Medium::Print => BAR_HEIGHT,
            Medium::Web => WEB_HEIGHT,
        })
    }
}

pub(super) type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

pub(super) fn register_fonts() -> anyhow::Result<()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        let family = typeset::font_family();
        register_font(family, FontStyle::Normal, typeset::font_bytes()).is_ok()
            && register_font(family, FontStyle::Bold, typeset::font_bytes_bold()).is_ok()
    });
    if ok { Ok(()) } else { Err(anyhow!("the shipped font could not be registered with plotters")) }
}

pub(super) fn draw_err<E: std::fmt::Display>(e: E) -> anyhow::Error {
    anyhow!("drawing a chart failed: {e}")
}

pub(super) fn font(size_px: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(typeset::font_family()), size_px * PLOTTERS_SIZE_PER_PX, FontStyle::Normal)
}

pub(super) fn text_width(text: &str, size_px: f64) -> anyhow::Result<f64> {
    let (w, _) = font(size_px).box_size(text).map_err(|e| anyhow!("measuring chart text failed: {e}"))?;
    Ok(f64::from(w) * WIDTH_CORRECTION)
}

pub(super) fn px(v: f64) -> i32 {
    v.round() as i32
}

pub(super) fn stroke(color: Color, width: u32) -> ShapeStyle {
    ShapeStyle { color: color.to_rgba(), filled: false, stroke_width: width }
}
