//! Charts as SVG.
//!
//! Every chart is drawn with plotters' SVG backend into a `String`, for one of two media
//! ([`Medium`]): print ([`WIDTH`] px wide, placed 16 cm wide in the PDF, so 1 px = 0.25 mm and
//! the 12 px axis labels print at about 8.5 pt; the chart files for Word are the same drawing
//! framed with their title, target, period and source, see [`standalone`]) and the web page
//! ([`WEB_WIDTH`] px wide, so that on a phone 390 px wide its text is drawn at about 11 px;
//! categories become rows of horizontal bars there, which need no width). Text is set in the
//! shipped font ([`font_family`](super::typeset::font_family)), which is registered with plotters so label widths
//! are measured with the real glyphs and typst turns the SVG's text into real, searchable PDF
//! text; the web page embeds a subset of it ([`super::webfont`]). Colours come from the
//! Okabe-Ito palette, which stays distinguishable for the common forms of colour-blindness.
//! Numbers are written in the report's language: `1.234,5` and `72 %`.
//!
//! Value labels (the marked points of a line chart, the values on bars) are placed by
//! collision avoidance, not at fixed offsets: each is tried at positions around its point,
//! nearest first, and takes the first where it covers no data (line segment, point, bar), no
//! other label and no other text of the chart; one that finds no such place is left out (its
//! value is in the table and the alt text). [`layout`] gives what was placed, for tests.
//!
//! Layout is done here in pixel coordinates (plotters is used as the SVG writer and text
//! measurer), so the output depends only on the input: the same call gives the same bytes.
//!
//! The files, each using only those listed before it: `style` (sizes, colours, the font),
//! `spec` (a chart as data), `layout` (boxes and label placement), `draw` (the shared drawing
//! steps: texts, labels, bars, ticks, the y axis, dashes), `legend`, the charts themselves in
//! `line` and `bars`, and `svg` (a specification drawn for print, the web page or a chart file).

mod bars;
mod draw;
mod layout;
mod legend;
mod line;
mod spec;
mod style;
mod svg;

pub use bars::{grouped_bars, horizontal_bars};
pub use layout::{Bx, Layout};
pub use line::line_chart;
pub use spec::{BarGroup, Kind, LineSeries, Marker, Spec, format_value, month_index, month_label};
pub use style::{
    BAR_HEIGHT, BLUE, BLUISH_GREEN, Color, GREY, HEIGHT, INK, Medium, ORANGE, PALETTE, REDDISH_PURPLE, SKY_BLUE,
    VERMILLION, WEB_HEIGHT, WEB_WIDTH, WIDTH, YELLOW,
};
pub use svg::{draw, draw_all, draw_all_web, draw_web, layout, standalone, svg_size};

#[cfg(test)]
mod tests {
    use super::draw::nice_ticks;
    use super::svg::svg_text;
    use super::*;
    use crate::report::lang::Lang;
    use crate::report::typeset;
    use plotters::element::DashedPathElement;
    use plotters::prelude::{BLACK, IntoDrawingArea, SVGBackend};

    fn kpi_series() -> (Vec<LineSeries>, Vec<Marker>) {
        let base = month_index(2014, 1);
        let actual: Vec<(i32, Option<f64>)> =
            (0..22).map(|i| (base + i, if i == 7 { None } else { Some(70.0 + f64::from(i % 5) * 0.8) })).collect();
        let trajectory = vec![(base + 19, Some(72.0)), (base + 31, Some(68.5))];
        (
            vec![
                LineSeries {
                    label: "Faktisk andel (Århus-målgruppen)".into(),
                    color: BLUE,
                    points: actual,
                    dashed: false,
                },
                LineSeries {
                    label: "Forventet forløb mod målet".into(),
                    color: ORANGE,
                    points: trajectory,
                    dashed: true,
                },
            ],
            vec![
                Marker { x: base + 31, y: 68.5, label: "Mål aug 2016: 68,5 %".into(), color: INK, open: false },
                Marker { x: base + 7 + 12, y: 72.4, label: "72,4 % (foreløbig)".into(), color: BLUE, open: true },
                Marker { x: base + 3, y: 72.4, label: "72,4 %".into(), color: BLUE, open: false },
            ],
        )
    }

    fn kpi_chart_with(medium: Medium, lay: &mut Layout) -> String {
        let (series, markers) = kpi_series();
        line_chart(
            medium,
            Lang::Da,
            "Andel på offentlig forsørgelse, jan 2014 – aug 2016",
            &month_label,
            &series,
            &markers,
            (60.0, 80.0),
            "%",
            lay,
        )
        .expect("chart")
    }

    fn kpi_chart() -> String {
        kpi_chart_with(Medium::Print, &mut Layout::default())
    }

    fn groups() -> Vec<BarGroup> {
        vec![
            BarGroup {
                label: "3. kvt. 2014".into(),
                color: SKY_BLUE,
                values: vec![Some(83.7), Some(30.0), None, Some(4.0)],
            },
            BarGroup {
                label: "3. kvt. 2015".into(),
                color: BLUE,
                values: vec![Some(85.2), Some(28.5), Some(20.0), Some(3.5)],
            },
        ]
    }

    fn categories() -> Vec<String> {
        ["Sygedagpenge", "Kontanthjælp, ikke-arbejdsmarkedsparat", "Førtidspension", "Ledighedsydelse"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect()
    }

    /// No value label covers a line segment, a point, a bar, another label or another text.
    fn assert_clear(lay: &Layout) {
        for (i, (text, b)) in lay.labels.iter().enumerate() {
            for &(p, q) in &lay.segments {
                assert!(!b.crosses(p, q), "{text:?} {b:?} covers the segment {p:?}–{q:?}");
            }
            for p in lay.points.iter().chain(&lay.bars) {
                assert!(!b.intersects(p), "{text:?} {b:?} covers {p:?}");
            }
            for (other, o) in lay.labels.iter().skip(i + 1).chain(&lay.texts) {
                assert!(!b.intersects(o), "{text:?} {b:?} runs into {other:?} {o:?}");
            }
            assert!(b.x0 >= 0.0 && b.x1 <= lay.width && b.y0 >= 0.0 && b.y1 <= lay.height, "{text:?} {b:?}");
        }
    }

    #[test]
    fn number_formatting_is_danish() {
        assert_eq!(format_value(Lang::Da, 72.0, 0, "%"), "72\u{a0}%");
        assert_eq!(month_label(month_index(2014, 1)), "jan 2014");
        assert_eq!(month_label(month_index(2015, 7)), "jul 2015");
    }

    #[test]
    fn ticks_are_nice() {
        let t = nice_ticks((60.0, 80.0), &[], false);
        assert_eq!(t.values, vec![60.0, 65.0, 70.0, 75.0, 80.0]);
        let t = nice_ticks((0.0, 0.0), &[0.0, 37.0], true);
        assert_eq!(t.values, vec![0.0, 10.0, 20.0, 30.0, 40.0]);
        let t = nice_ticks((0.0, 1.0), &[], false);
        assert_eq!(t.decimals, 1);
    }

    #[test]
    fn line_chart_is_stable_and_uses_the_font() {
        let svg = kpi_chart();
        if std::env::var_os("EFFEKTMAAL_KEEP_TEST_PDF").is_some() {
            std::fs::write("/tmp/kpi-test.svg", &svg).expect("write");
        }
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("font-family=\"Noto Sans\""), "{svg}");
        assert!(svg.contains("Århus"));
        assert!(svg.contains("jan 2014"));
        assert!(svg.contains("\n70\u{a0}%\n"));
        assert!(svg.contains("<title>Andel på offentlig forsørgelse"));
        assert_eq!(svg, kpi_chart());
    }

    #[test]
    fn marker_labels_cover_no_line_point_or_text_and_have_no_halo() {
        for medium in [Medium::Print, Medium::Web] {
            let mut lay = Layout::default();
            let svg = kpi_chart_with(medium, &mut lay);
            assert_clear(&lay);
            if medium == Medium::Print {
                assert_eq!(lay.labels.len(), 3, "{:?} left out", lay.left_out);
            }
            // No white box behind a label to cut the lines it would cross.
            assert!(!svg.contains("<rect") || !svg.contains("fill=\"#FFFFFF\" opacity=\"0.85\""), "{svg}");
        }
    }

    #[test]
    fn boxes_and_segments_intersect_as_geometry_says() {
        let b = Bx { x0: 10.0, y0: 10.0, x1: 20.0, y1: 20.0 };
        assert!(b.crosses((0.0, 15.0), (30.0, 15.0)));
        assert!(b.crosses((12.0, 12.0), (13.0, 13.0)));
        assert!(!b.crosses((0.0, 0.0), (30.0, 5.0)));
        assert!(!b.crosses((0.0, 25.0), (25.0, 50.0)));
        assert!(b.crosses((0.0, 0.0), (30.0, 30.0)));
        assert!(!b.intersects(&Bx { x0: 20.0, y0: 0.0, x1: 30.0, y1: 30.0 }));
        assert!(b.intersects(&Bx { x0: 19.0, y0: 19.0, x1: 30.0, y1: 30.0 }));
    }

    #[test]
    fn bar_labels_carry_their_unit_and_never_run_together() {
        let mut lay = Layout::default();
        let svg = grouped_bars(Medium::Print, Lang::Da, "Andel", &categories(), &groups(), "%", &mut lay).unwrap();
        assert_clear(&lay);
        assert!(svg.contains("83,7\u{a0}%") && svg.contains("85,2\u{a0}%"), "{svg}");
        assert!(lay.labels.iter().filter(|(t, _)| t != "\u{2013}").all(|(t, _)| t.ends_with('%')), "{:?}", lay.labels);
        assert_eq!(lay.labels.len(), 8, "{:?}", lay.left_out);
        let mut lay = Layout::default();
        horizontal_bars(Medium::Web, Lang::Da, "Andel", &categories(), &groups(), "%", &mut lay).unwrap();
        assert_clear(&lay);
        assert_eq!(lay.labels.len(), 8, "{:?}", lay.left_out);
    }

    #[test]
    fn bar_charts_are_stable() {
        let grouped = || {
            grouped_bars(
                Medium::Print,
                Lang::Da,
                "Andel fordelt på ydelse",
                &categories(),
                &groups(),
                "%",
                &mut Layout::default(),
            )
            .expect("chart")
        };
        let svg = grouped();
        assert!(svg.contains("Noto Sans"));
        assert!(svg.contains("Førtidspension"));
        assert!(svg.contains("\u{2013}"));
        assert_eq!(svg, grouped());

        let horizontal = || {
            horizontal_bars(
                Medium::Print,
                Lang::Da,
                "Fuldtidspersoner fordelt på status",
                &categories(),
                &[BarGroup {
                    label: String::new(),
                    color: BLUISH_GREEN,
                    values: vec![Some(1234.4), Some(15_000.0), None, Some(87.5)],
                }],
                "Fuldtidspersoner",
                &mut Layout::default(),
            )
            .expect("chart")
        };
        let svg = horizontal();
        assert!(svg.contains("\n15.000\n"));
        assert!(svg.contains("\n1.234\n"));
        assert!(svg.contains("Fuldtidspersoner"));
        assert!(svg.contains("Førtidspension"));
        assert_eq!(svg, horizontal());
    }

    fn spec() -> Spec {
        Spec {
            file: "opdeling-alder.svg".into(),
            title: "Andel i uddannelse eller job efter alder".into(),
            caption: "Andel i uddannelse eller job efter alder, 3. kvt. 2014 og 3. kvt. 2015".into(),
            detail: "Mål 75,4 % i august 2016. Periode: 3. kvt. 2014 og 3. kvt. 2015.".into(),
            source: "Kilde: DREAM (STAR) og befolkningsudtræk (CPR); beregnet med effektmaal.".into(),
            lang: Lang::Da,
            kind: Kind::GroupedBars { categories: categories(), groups: groups(), y_unit: "%".into() },
        }
    }

    #[test]
    fn a_chart_file_stands_alone_with_its_number_caption_target_period_and_source() {
        let svg = standalone(&spec(), 3).unwrap();
        let text = svg_text(&svg);
        assert!(text.contains("Figur 3: Andel i uddannelse eller job efter alder"), "{text}");
        assert!(text.contains("Mål 75,4 % i august 2016"), "{text}");
        assert!(text.contains("Kilde: DREAM"), "{text}");
        assert!(text.contains("85,2\u{a0}%"), "{text}");
        assert!(svg.contains("font-family=\"Noto Sans, Arial, Helvetica, sans-serif\""), "{svg}");
        let (w, h) = svg_size(&svg).unwrap();
        assert_eq!(w, f64::from(WIDTH));
        assert!(h > f64::from(BAR_HEIGHT) + 40.0, "{h}");
    }

    #[test]
    fn web_charts_name_the_embedded_font_first_and_never_fall_to_a_serif() {
        let svg = draw_web(&spec()).unwrap();
        assert!(
            svg.contains(&format!(
                "font-family=\"{}, Noto Sans, Arial, Helvetica, sans-serif\"",
                super::super::webfont::FAMILY
            )),
            "{svg}"
        );
        assert_eq!(svg_size(&svg).unwrap().0, f64::from(WEB_WIDTH));
        let all = draw_all_web(&[spec()]).unwrap();
        assert!(all["opdeling-alder.svg"].contains("@font-face"));
    }

    #[test]
    fn charts_typeset_into_the_pdf() {
        let categories: Vec<String> = [
            "Sygedagpenge",
            "Kontanthjælp, ikke-arbejdsmarkedsparat",
            "Førtidspension",
            "Ledighedsydelse",
            "Selvforsørgende",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let images = std::collections::BTreeMap::from([
            ("kpi.svg".to_owned(), kpi_chart()),
            (
                "grupper.svg".to_owned(),
                grouped_bars(
                    Medium::Print,
                    Lang::Da,
                    "Andel fordelt på ydelse",
                    &categories,
                    &[
                        BarGroup {
                            label: "3. kvt. 2014".into(),
                            color: SKY_BLUE,
                            values: vec![Some(12.5), Some(30.0), None, Some(4.0), Some(41.2)],
                        },
                        BarGroup {
                            label: "3. kvt. 2015".into(),
                            color: BLUE,
                            values: vec![Some(11.0), Some(28.5), Some(20.0), Some(3.5), Some(44.9)],
                        },
                    ],
                    "%",
                    &mut Layout::default(),
                )
                .expect("chart"),
            ),
            (
                "status.svg".to_owned(),
                horizontal_bars(
                    Medium::Print,
                    Lang::Da,
                    "Fuldtidspersoner fordelt på status",
                    &categories,
                    &[BarGroup {
                        label: String::new(),
                        color: BLUISH_GREEN,
                        values: vec![Some(1234.4), Some(15_000.0), None, Some(87.5), Some(9_876.0)],
                    }],
                    "Fuldtidspersoner",
                    &mut Layout::default(),
                )
                .expect("chart"),
            ),
        ]);
        let template = r#"#set document(title: "Diagramprøve", date: datetime(year: 2015, month: 10, day: 15))
#set text(font: "Noto Sans", lang: "da", region: "dk", size: 10pt)
#set page(paper: "a4", margin: 2.5cm)
= Diagrammer
#figure(image("kpi.svg", width: 16cm, alt: "Linjediagram over andelen på offentlig forsørgelse"), caption: [Udvikling])
#figure(image("grupper.svg", width: 16cm, alt: "Søjlediagram over andel fordelt på ydelse"), caption: [Fordeling])
#figure(image("status.svg", width: 16cm, alt: "Vandrette søjler over fuldtidspersoner fordelt på status"), caption: [Status])
"#;
        let doc = typeset::Document {
            template,
            data_json: "{}",
            images: &images,
            date: chrono::NaiveDate::from_ymd_opt(2015, 10, 15).expect("date"),
            ident: "effektmaal-charts-test",
        };
        let pdf = typeset::render_pdf(&doc).expect("renders");
        assert!(pdf.starts_with(b"%PDF"));
        assert!(pdf == typeset::render_pdf(&doc).expect("renders again"));
        if std::env::var_os("EFFEKTMAAL_KEEP_TEST_PDF").is_some() {
            std::fs::write("/tmp/charts-test.pdf", &pdf).expect("write");
        }
    }

    /// The course is drawn dashed by plotters' own `DashedPathElement`: 7 px on, 4 px off, the
    /// pattern running on across the line's points.
    #[test]
    fn a_dashed_line_is_drawn_as_dashes_of_7_px_with_gaps_of_4() {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (40, 10)).into_drawing_area();
            root.draw(&DashedPathElement::new(vec![(0, 5), (11, 5), (22, 5)], style::DASH, style::DASH_GAP, &BLACK))
                .unwrap();
        }
        let paths: Vec<&str> = svg.lines().filter(|l| l.contains("<polyline")).collect();
        assert_eq!(paths.len(), 2, "{svg}");
        assert!(paths[0].contains("points=\"0,5 7,5 \""), "{}", paths[0]);
        assert!(paths[1].contains("points=\"11,5 18,5 \""), "{}", paths[1]);
    }
}
