//! The report model: everything the quarterly report shows, as finished, formatted values
//! (`domain.md`, "What a quarterly report shows", items 1–7), plus the charts as SVG and the
//! same figures as rows for the XLSX and CSV beside the PDF. Outputs draw this model and never
//! recompute. Every value here has passed disclosure control.

use super::charts::{self, BarGroup, Color, Kind, LineSeries, Marker, Spec};
use super::inputs::{Benchmarks, Initiatives};
pub use super::lang::Lang;
use crate::extract::load::Extract;
use crate::kpi::figures::{AGE_BANDS, Dimension, Figure, Measure};
use crate::kpi::flows::{self, Flows};
use crate::kpi::pooled::Pooled;
use crate::kpi::suppress::{MIN_DENOMINATOR, MIN_PERSONS, Reason, Suppression};
use crate::kpi::targets::{Signal, Targets};
use crate::method::calendar::{Month, Quarter};
use crate::method::status::{Kpi, Status};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// A monthly series per KPI.
type Series = BTreeMap<(Kpi, Month), f64>;

/// One colour per thing, the same in every chart (Okabe–Ito, colour-blind safe).
pub const COLOR_KPI: [Color; 2] = [charts::BLUE, charts::BLUISH_GREEN];
pub const COLOR_NOW: Color = charts::BLUE;
pub const COLOR_BEFORE: Color = charts::SKY_BLUE;
pub const COLOR_COURSE: Color = charts::GREY;
pub const COLOR_TARGET: Color = charts::VERMILLION;
pub const COLOR_STATUS: Color = charts::ORANGE;

/// What the report is made from: the figures with disclosure control applied to all of them
/// together ([`crate::kpi::compute_for_report`]), and the rest.
pub struct Inputs<'a> {
    pub ex: &'a Extract,
    /// Monthly totals (and the municipalities compared).
    pub figures: &'a [Figure],
    /// The quarter and the one a year before, pooled.
    pub pooled: &'a [Pooled],
    pub flows: &'a Flows,
    pub quarter: Quarter,
    /// First month of the series.
    pub from: Month,
    pub kommune_name: String,
    pub targets: &'a Targets,
    pub initiatives: Option<&'a Initiatives>,
    pub benchmarks: Option<&'a Benchmarks>,
    pub revisions: Vec<RevisionRow>,
    /// How many revisions there are in all (only the largest are in `revisions`).
    pub revisions_total: usize,
    pub version: &'a str,
    pub command_line: String,
    pub date: chrono::NaiveDate,
    pub lang: Lang,
    /// Name of the template used (embedded or a file).
    pub template_name: String,
    /// The extract's newest complete month: provisional (DREAM's late registrations).
    pub provisional: Option<Month>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RevisionRow {
    pub kpi: String,
    pub month: String,
    pub published: String,
    pub revised: String,
    pub change: String,
    pub when: String,
}

#[derive(Debug, Serialize)]
pub struct Model {
    pub lang: &'static str,
    /// Every chart as a specification (data, title, alt text in its section); the outputs
    /// draw them with `charts::draw`.
    pub charts: Vec<Spec>,
    pub title: String,
    pub subtitle: String,
    pub description: String,
    pub organisation: String,
    pub committee: String,
    pub date_iso: String,
    pub date_label: String,
    pub labels: BTreeMap<&'static str, String>,
    pub front: Vec<FrontKpi>,
    pub sentences: Vec<String>,
    pub series: Vec<SeriesSection>,
    pub breakdowns: Vec<TableChart>,
    pub status: TableChart,
    pub flows: TableChart,
    pub benchmarks: Option<TableChart>,
    pub initiatives: Option<InitiativeSection>,
    pub revisions: Vec<RevisionRow>,
    pub revisions_note: String,
    pub appendix: Appendix,
}

#[derive(Debug, Serialize)]
pub struct FrontKpi {
    pub name: String,
    pub value: String,
    pub month: String,
    pub change_quarter: String,
    pub change_year: String,
    pub target: String,
    pub target_month: String,
    pub course: String,
    pub gap: String,
    pub signal: String,
    pub signal_label: String,
}

#[derive(Debug, Serialize)]
pub struct SeriesSection {
    pub title: String,
    pub chart: String,
    pub alt: String,
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A section with a table and (optionally) a chart.
#[derive(Debug, Serialize, Default)]
pub struct TableChart {
    pub title: String,
    pub intro: String,
    pub chart: Option<String>,
    pub alt: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub note: String,
}

#[derive(Debug, Serialize)]
pub struct InitiativeSection {
    pub summary: String,
    pub groups: Vec<InitiativeGroup>,
}

#[derive(Debug, Serialize)]
pub struct InitiativeGroup {
    pub title: String,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Serialize)]
pub struct Appendix {
    pub definitions: Vec<String>,
    pub sources: Vec<Vec<String>>,
    pub disclosure: Vec<String>,
    pub suppressed: Vec<Vec<String>>,
    pub suppressed_summary: String,
    pub version: String,
    pub command: String,
    pub targets: String,
    pub codemap: String,
    pub template: String,
}

/// A figure as published beside the PDF (XLSX, CSV).
#[derive(Debug, Clone, Serialize)]
pub struct Published {
    pub section: String,
    pub kpi: String,
    pub period: String,
    pub dimension: String,
    pub group: String,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub share_pct: Option<f64>,
    pub note: String,
}

pub struct Built {
    pub model: Model,

    pub published: Vec<Published>,
}

/// A value of a month or a quarter with its disclosure state.
#[derive(Debug, Clone, Copy, Default)]
struct Val {
    num: Option<f64>,
    den: Option<f64>,
    share: Option<f64>,
    reason: Option<Reason>,
}

struct Index<'a> {
    map: HashMap<(Measure, i32, Dimension, &'a str), &'a Figure>,
}

impl<'a> Index<'a> {
    fn new(figs: &'a [Figure]) -> Index<'a> {
        Index { map: figs.iter().map(|f| ((f.measure, f.month.index(), f.dimension, f.group.as_str()), f)).collect() }
    }

    fn get(&self, m: Measure, month: Month, d: Dimension, g: &str) -> Option<&'a Figure> {
        self.map.get(&(m, month.index(), d, g)).copied()
    }

    /// One month's figure as it may be published.
    fn at(&self, m: Measure, month: Month, d: Dimension, g: &str) -> Val {
        self.get(m, month, d, g).map(|f| val(f.published(), f.suppression)).unwrap_or_default()
    }
}

fn val(published: (Option<f64>, Option<f64>, Option<f64>), s: Suppression) -> Val {
    Val { num: published.0, den: published.1, share: published.2, reason: s.numerator.or(s.denominator).or(s.share) }
}

/// The pooled quarters by measure, quarter, dimension and group.
struct Pools<'a> {
    map: HashMap<(Measure, Quarter, Dimension, &'a str), &'a Pooled>,
}

impl<'a> Pools<'a> {
    fn new(pooled: &'a [Pooled]) -> Pools<'a> {
        Pools { map: pooled.iter().map(|p| ((p.measure, p.quarter, p.dimension, p.group.as_str()), p)).collect() }
    }

    fn get(&self, m: Measure, q: Quarter, d: Dimension, g: &str) -> Val {
        self.map.get(&(m, q, d, g)).map(|p| val(p.published(), p.suppression)).unwrap_or_default()
    }

    /// Why a quarter's total of full-time persons is hidden, if it is.
    fn den_reason(&self, q: Quarter) -> Option<Reason> {
        self.map
            .get(&(Measure::Kpi(Kpi::UddannelseJob), q, Dimension::Total, "I alt"))
            .and_then(|p| p.suppression.denominator)
    }

    /// Groups of a dimension in report order.
    fn groups(&self, d: Dimension, q: Quarter) -> Vec<String> {
        if d == Dimension::Age {
            // Always the seven bands, in order.
            return AGE_BANDS.iter().map(|b| b.2.to_string()).collect();
        }
        let mut g: Vec<(u16, &str)> = self
            .map
            .values()
            .filter(|p| p.dimension == d && p.quarter == q && p.measure == Measure::Kpi(Kpi::UddannelseJob))
            .map(|p| (p.order, p.group.as_str()))
            .collect();
        g.sort();
        g.dedup();
        g.into_iter().map(|x| x.1.to_string()).collect()
    }
}

fn why(r: Option<Reason>) -> String {
    r.map(|r| r.code().to_string()).unwrap_or_default()
}

/// Builds the model, the charts and the published rows.
pub fn build(inp: &Inputs) -> anyhow::Result<Built> {
    let l = inp.lang;
    let q = inp.quarter;
    let last = q.last_month();
    let idx = Index::new(inp.figures);
    let pools = Pools::new(inp.pooled);
    let mut published: Vec<Published> = Vec::new();
    let mut specs: Vec<Spec> = Vec::new();
    let mut suppressed_rows: Vec<Vec<String>> = Vec::new();
    let total = Dimension::Total;
    let tg = "I alt";
    let months: Vec<Month> = (inp.from.index()..=last.index()).map(Month::from_index).collect();
    let year_ago = q.offset(-4);
    let have = |m: Month| m >= inp.from;

    // 1. Front page.
    let mut front = Vec::new();
    let mut all_sentences: Vec<String> = Vec::new();
    for kpi in Kpi::ALL {
        let mut sentences_kpi: Vec<String> = Vec::new();
        let sentences = &mut sentences_kpi;
        let meas = Measure::Kpi(kpi);
        let val = |m: Month| if have(m) { idx.at(meas, m, total, tg).share } else { None };
        let now = val(last);
        let before_q = val(last.offset(-3));
        let before_y = val(last.offset(-12));
        let target = inp.targets.for_month(kpi, last);
        let course = inp.targets.course(kpi, last);
        let signal = match (now, course) {
            (Some(v), Some(c)) => Some(inp.targets.signal(v, c)),
            _ => None,
        };
        let diff = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => l.pp(a - b),
            _ => "–".to_string(),
        };
        front.push(FrontKpi {
            name: l.kpi(kpi).to_string(),
            value: l.dash(now, |v| l.pct(v)),
            month: month_marked(inp, last),
            change_quarter: diff(now, before_q),
            change_year: diff(now, before_y),
            target: target.map(|t| l.pct(t.target_pct)).unwrap_or_else(|| "–".into()),
            target_month: target.map(|t| l.month(t.target_month)).unwrap_or_default(),
            course: l.dash(course, |c| l.pct(c)),
            gap: diff(now, course),
            signal: signal.map(|s| format!("{s:?}").to_lowercase()).unwrap_or_else(|| "grey".into()),
            signal_label: match signal {
                Some(Signal::Green) => l.t("Grøn", "Green").into(),
                Some(Signal::Yellow) => l.t("Gul", "Yellow").into(),
                Some(Signal::Red) => l.t("Rød", "Red").into(),
                None => l.t("Intet signal", "No signal").into(),
            },
        });
        for (what, v) in [("værdi", now), ("kurs", course)] {
            published.push(Published {
                section: "1 forside".into(),
                kpi: kpi.id().into(),
                period: last.to_string(),
                dimension: what.into(),
                group: tg.into(),
                numerator: None,
                denominator: None,
                share_pct: v.map(round2),
                note: String::new(),
            });
        }
        // Sentences.
        let subject = match (l, kpi) {
            (Lang::Da, Kpi::UddannelseJob) => "Andelen i uddannelse eller job",
            (Lang::Da, Kpi::Arbejdsduelige) => "Andelen af arbejdsduelige borgere",
            (Lang::En, Kpi::UddannelseJob) => "The share in education or job",
            (Lang::En, Kpi::Arbejdsduelige) => "The share of work-ready citizens",
        };
        if let Some(v) = now {
            let mut s = match l {
                Lang::Da => format!("{subject} var {} i {}", l.pct(v), l.month(last)),
                Lang::En => format!("{subject} was {} in {}", l.pct(v), l.month(last)),
            };
            if let (Some(c), Some(t)) = (course, target) {
                let gap = crate::numfmt::round(v - c, 1);
                let side = match (l, gap >= 0.0) {
                    (Lang::Da, true) => "over",
                    (Lang::Da, false) => "under",
                    (Lang::En, true) => "above",
                    (Lang::En, false) => "below",
                };
                s.push_str(&match l {
                    Lang::Da => format!(
                        ", {} procentpoint {side} kursen mod målet på {} i {}.",
                        l.num(gap.abs(), 1),
                        l.pct(t.target_pct),
                        l.month(t.target_month)
                    ),
                    Lang::En => format!(
                        ", {} percentage points {side} the course to the target of {} in {}.",
                        l.num(gap.abs(), 1),
                        l.pct(t.target_pct),
                        l.month(t.target_month)
                    ),
                });
            } else {
                s.push('.');
            }
            sentences.push(s);
            if let (Some(bq), Some(by)) = (before_q, before_y) {
                let word = |d: f64| -> String {
                    let r = crate::numfmt::round(d, 1);
                    match l {
                        Lang::Da if r > 0.0 => format!("{} procentpoint højere", l.num(r, 1)),
                        Lang::Da if r < 0.0 => format!("{} procentpoint lavere", l.num(-r, 1)),
                        Lang::Da => "uændret".to_string(),
                        _ if r > 0.0 => format!("{} percentage points higher", l.num(r, 1)),
                        _ if r < 0.0 => format!("{} percentage points lower", l.num(-r, 1)),
                        _ => "unchanged".to_string(),
                    }
                };
                sentences.push(match l {
                    Lang::Da => format!(
                        "Det er {} end i {} og {} end i {}.",
                        word(v - bq),
                        l.month(last.offset(-3)),
                        word(v - by),
                        l.month(last.offset(-12))
                    )
                    .replace("uændret end i", "uændret i forhold til"),
                    Lang::En => format!(
                        "That is {} than in {} and {} than in {}.",
                        word(v - bq),
                        l.month(last.offset(-3)),
                        word(v - by),
                        l.month(last.offset(-12))
                    )
                    .replace("unchanged than in", "unchanged from"),
                });
            }
            if let Some(t) = target
                && t.target_month <= last
                && have(t.target_month)
                && let Some(at) = idx.at(meas, t.target_month, total, tg).share
            {
                let reached = crate::numfmt::round(at - t.target_pct, 1) >= 0.0;
                sentences.push(match (l, reached) {
                    (Lang::Da, true) => format!(
                        "Målet på {} i {} blev nået med {}.",
                        l.pct(t.target_pct),
                        l.month(t.target_month),
                        l.pct(at)
                    ),
                    (Lang::Da, false) => format!(
                        "Målet på {} i {} blev ikke nået: andelen var {}.",
                        l.pct(t.target_pct),
                        l.month(t.target_month),
                        l.pct(at)
                    ),
                    (Lang::En, true) => format!(
                        "The target of {} in {} was met with {}.",
                        l.pct(t.target_pct),
                        l.month(t.target_month),
                        l.pct(at)
                    ),
                    (Lang::En, false) => format!(
                        "The target of {} in {} was not met: the share was {}.",
                        l.pct(t.target_pct),
                        l.month(t.target_month),
                        l.pct(at)
                    ),
                });
            }
        }
        if !sentences_kpi.is_empty() {
            all_sentences.push(sentences_kpi.join(" "));
        }
    }

    // 2. Monthly series.
    let mut series = Vec::new();
    for (k, kpi) in Kpi::ALL.into_iter().enumerate() {
        let meas = Measure::Kpi(kpi);
        let points: Vec<(i32, Option<f64>)> =
            months.iter().map(|&m| (m.index(), idx.at(meas, m, total, tg).share)).collect();
        for &m in &months {
            let v = idx.at(meas, m, total, tg);
            if v.reason.is_some() {
                suppressed_rows.push(vec![
                    l.t("Månedsserie", "Monthly series").into(),
                    l.t("I alt", "Total").into(),
                    l.kpi(kpi).into(),
                    l.month(m),
                    reason_text(l, v.reason),
                ]);
            }
            published.push(Published {
                section: "2 månedsserie".into(),
                kpi: kpi.id().into(),
                period: m.to_string(),
                dimension: "total".into(),
                group: tg.into(),
                numerator: v.num.map(round2),
                denominator: v.den.map(round2),
                share_pct: v.share.map(round2),
                note: why(v.reason),
            });
        }
        let course: Vec<(i32, Option<f64>)> =
            months.iter().map(|&m| (m.index(), inp.targets.course(kpi, m))).filter(|p| p.1.is_some()).collect();
        let mut list = vec![LineSeries {
            label: l.t("Faktisk", "Actual").into(),
            color: COLOR_KPI[k],
            points: points.clone(),
            dashed: false,
        }];
        if !course.is_empty() {
            list.push(LineSeries {
                label: l.t("Kurs mod målet", "Course to target").into(),
                color: COLOR_COURSE,
                points: course,
                dashed: true,
            });
        }
        let mut markers = Vec::new();
        let mut august_text = Vec::new();
        for &m in months.iter().filter(|m| m.month == 8) {
            if let Some(v) = idx.at(meas, m, total, tg).share {
                markers.push(Marker {
                    x: m.index(),
                    y: v,
                    label: l.num(v, 1),
                    color: COLOR_KPI[k],
                    open: Some(m) == inp.provisional,
                });
                august_text.push(format!("{} {}", m.year, l.pct(v)));
            }
        }
        let mut target_text = String::new();
        for t in inp.targets.targets.iter().filter(|t| t.kpi == kpi) {
            if have(t.baseline_month) && t.baseline_month <= last {
                markers.push(Marker {
                    x: t.baseline_month.index(),
                    y: t.baseline_pct,
                    label: format!("{} {}", l.t("Basis", "Baseline"), l.pct(t.baseline_pct)),
                    color: COLOR_COURSE,
                    open: false,
                });
            }
            markers.push(Marker {
                x: t.target_month.index(),
                y: t.target_pct,
                label: format!("{} {}", l.t("Mål", "Target"), l.pct(t.target_pct)),
                color: COLOR_TARGET,
                open: false,
            });
            target_text = match l {
                Lang::Da => format!(
                    " Basis {} ({}), mål {} ({}).",
                    l.pct(t.baseline_pct),
                    l.month(t.baseline_month),
                    l.pct(t.target_pct),
                    l.month(t.target_month)
                ),
                Lang::En => format!(
                    " Baseline {} ({}), target {} ({}).",
                    l.pct(t.baseline_pct),
                    l.month(t.baseline_month),
                    l.pct(t.target_pct),
                    l.month(t.target_month)
                ),
            };
        }
        // The provisional (newest) month as an open point: it will still move.
        if let Some(p) = inp.provisional.filter(|p| months.contains(p) && p.month != 8)
            && let Some(v) = idx.at(meas, p, total, tg).share
        {
            markers.push(Marker {
                x: p.index(),
                y: v,
                label: format!("{} {}", l.num(v, 1), l.t("(foreløbig)", "(provisional)")),
                color: COLOR_KPI[k],
                open: true,
            });
        }
        let vals: Vec<f64> = points.iter().filter_map(|p| p.1).chain(markers.iter().map(|m| m.y)).collect();
        let lo = vals.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (lo, hi) = if lo.is_finite() { ((lo - 1.0).floor(), (hi + 1.0).ceil()) } else { (0.0, 100.0) };
        let name = format!("serie-{}.svg", kpi.id());
        let title = format!("{} {}", l.kpi(kpi), l.t("pr. måned", "by month"));
        specs.push(Spec {
            file: name.clone(),
            title: title.clone(),
            lang: l,
            kind: Kind::Line { series: list, markers, y_range: (lo, hi), y_unit: "%".into() },
        });
        let latest = idx.at(meas, last, total, tg).share;
        let alt = match l {
            Lang::Da => format!(
                "Linjediagram: {} pr. måned fra {} til {}. Seneste værdi {} ({}). Augustmålinger: {}.{} Kursen mod målet er tegnet stiplet.",
                l.kpi(kpi).to_lowercase(),
                l.month(inp.from),
                l.month(last),
                l.dash(latest, |v| l.pct(v)),
                l.month(last),
                if august_text.is_empty() { "ingen".into() } else { august_text.join(", ") },
                target_text
            ),
            Lang::En => format!(
                "Line chart: {} by month from {} to {}. Latest value {} ({}). August measurements: {}.{} The course to the target is dashed.",
                l.kpi(kpi).to_lowercase(),
                l.month(inp.from),
                l.month(last),
                l.dash(latest, |v| l.pct(v)),
                l.month(last),
                if august_text.is_empty() { "none".into() } else { august_text.join(", ") },
                target_text
            ),
        };
        let header = vec![
            l.t("Måned", "Month").into(),
            l.t("Andel", "Share").into(),
            l.t("Kurs", "Course").into(),
            l.t("Afvigelse", "Gap").into(),
            l.t("Fuldtidspersoner", "Full-time persons").into(),
        ];
        let mut rows = Vec::new();
        for m in (last.index() - 11..=last.index()).map(Month::from_index).filter(|m| have(*m)) {
            let v = idx.at(meas, m, total, tg);
            let c = inp.targets.course(kpi, m);
            rows.push(vec![
                month_marked(inp, m),
                l.dash(v.share, |x| l.pct(x)),
                l.dash(c, |x| l.pct(x)),
                match (v.share, c) {
                    (Some(a), Some(b)) => l.pp(a - b),
                    _ => "–".into(),
                },
                l.dash(v.den, |x| l.num(x, 0)),
            ]);
        }
        series.push(SeriesSection {
            title: l.kpi(kpi).to_string(),
            chart: name,
            alt,
            caption: match l {
                Lang::Da => format!(
                    "{} pr. måned, {} – {}. Augustmålingerne er markeret.",
                    l.kpi(kpi),
                    l.month(inp.from),
                    l.month(last)
                ),
                Lang::En => format!(
                    "{} by month, {} – {}. The August measurements are marked.",
                    l.kpi(kpi),
                    l.month(inp.from),
                    l.month(last)
                ),
            },
            header,
            rows,
        });
    }

    // 3. Breakdowns.
    let ym = year_ago.months();
    let mut breakdowns = Vec::new();
    let dims: Vec<(Dimension, String)> = vec![
        (Dimension::Age, l.t("Alder", "Age").into()),
        (Dimension::Sex, l.t("Køn", "Sex").into()),
        (Dimension::Herkomst, l.t("Herkomst og oprindelse", "Origin").into()),
        (Dimension::Omraade, l.t("Lokalområde", "Local area").into()),
    ];
    for (dim, dim_title) in dims {
        let groups: Vec<String> = pools.groups(dim, q);
        if groups.is_empty() {
            continue;
        }
        let have_year = have(ym[0]);
        let mut rows = Vec::new();
        let mut bars_now = Vec::new();
        let mut bars_before = Vec::new();
        let mut alt_parts = Vec::new();
        for g in &groups {
            let mut row = vec![l.group(g)];
            let den = pools.get(Measure::Kpi(Kpi::UddannelseJob), q, dim, g);
            row.push(l.dash(den.den, |x| l.num(x, 0)));
            for kpi in Kpi::ALL {
                let now = pools.get(Measure::Kpi(kpi), q, dim, g);
                let before = if have_year { pools.get(Measure::Kpi(kpi), year_ago, dim, g) } else { Val::default() };
                row.push(l.dash(before.share, |x| l.pct(x)));
                row.push(l.dash(now.share, |x| l.pct(x)));
                for (period, v) in [(year_ago, before), (q, now)] {
                    if period == year_ago && !have_year {
                        continue;
                    }
                    published.push(Published {
                        section: "3 opdelinger".into(),
                        kpi: kpi.id().into(),
                        period: period.stem(),
                        dimension: dim.id().into(),
                        group: g.clone(),
                        numerator: v.num.map(round2),
                        denominator: v.den.map(round2),
                        share_pct: v.share.map(round2),
                        note: why(v.reason),
                    });
                    if v.reason.is_some() {
                        suppressed_rows.push(vec![
                            dim_title.clone(),
                            l.group(g),
                            l.kpi(kpi).into(),
                            l.quarter_short(period),
                            reason_text(l, v.reason),
                        ]);
                    }
                }
                if kpi == Kpi::UddannelseJob {
                    bars_now.push(now.share);
                    bars_before.push(before.share);
                    alt_parts.push(format!(
                        "{} {} {} {}",
                        l.group(g),
                        l.dash(before.share, |x| l.pct(x)),
                        l.t("og", "and"),
                        l.dash(now.share, |x| l.pct(x))
                    ));
                }
            }
            rows.push(row);
        }
        let name = format!("opdeling-{}.svg", dim.id());
        let mut groups_bars = Vec::new();
        if have_year {
            groups_bars.push((l.quarter_short(year_ago), COLOR_BEFORE, bars_before));
        }
        groups_bars.push((l.quarter_short(q), COLOR_NOW, bars_now));
        let title = format!("{} {} {}", l.kpi(Kpi::UddannelseJob), l.t("efter", "by"), dim_title.to_lowercase());
        specs.push(Spec {
            file: name.clone(),
            title: title.clone(),
            lang: l,
            kind: Kind::GroupedBars {
                categories: groups.iter().map(|g| l.group(g)).collect(),
                groups: groups_bars
                    .into_iter()
                    .map(|(label, color, values)| BarGroup { label, color, values })
                    .collect(),
                y_unit: "%".into(),
            },
        });
        let header = vec![
            dim_title.clone(),
            l.t("Fuldtidspersoner", "Full-time persons").into(),
            format!("{} {}", l.t("Udd./job", "Educ./job"), l.quarter_short(year_ago)),
            format!("{} {}", l.t("Udd./job", "Educ./job"), l.quarter_short(q)),
            format!("{} {}", l.t("Arbejdsdu.", "Work-ready"), l.quarter_short(year_ago)),
            format!("{} {}", l.t("Arbejdsdu.", "Work-ready"), l.quarter_short(q)),
        ];
        breakdowns.push(TableChart {
            title: dim_title.clone(),
            intro: String::new(),
            chart: Some(name),
            alt: match l {
                Lang::Da => format!(
                    "Søjlediagram: andel i uddannelse eller job efter {}, {} og {} (– = diskretioneret): {}.",
                    dim_title.to_lowercase(),
                    l.quarter_short(year_ago),
                    l.quarter_short(q),
                    alt_parts.join("; ")
                ),
                Lang::En => format!(
                    "Bar chart: share in education or job by {}, {} and {} (– = suppressed): {}.",
                    dim_title.to_lowercase(),
                    l.quarter_short(year_ago),
                    l.quarter_short(q),
                    alt_parts.join("; ")
                ),
            },
            header,
            rows,
            note: quarter_note(inp, q),
        });
    }

    // 4. Status and flows.
    let mut st_rows = Vec::new();
    let mut st_values = Vec::new();
    let mut st_labels = Vec::new();
    let mut st_alt = Vec::new();
    for s in Status::ALL {
        let now = pools.get(Measure::Fuldtidspersoner, q, Dimension::Status, s.id());
        let before = if have(ym[0]) {
            pools.get(Measure::Fuldtidspersoner, year_ago, Dimension::Status, s.id())
        } else {
            Val::default()
        };
        st_rows.push(vec![
            l.status(s).to_string(),
            l.dash(before.num, |x| l.num(x, 0)),
            l.dash(now.num, |x| l.num(x, 0)),
            l.dash(now.share, |x| l.pct(x)),
        ]);
        st_values.push(now.num);
        st_labels.push(l.status(s).to_string());
        st_alt.push(format!("{} {}", l.status(s), l.dash(now.num, |x| l.num(x, 0))));
        for (period, v) in [(year_ago, before), (q, now)] {
            published.push(Published {
                section: "4 status".into(),
                kpi: "fuldtidspersoner".into(),
                period: period.stem(),
                dimension: "status".into(),
                group: s.id().into(),
                numerator: v.num.map(round2),
                denominator: v.den.map(round2),
                share_pct: v.share.map(round2),
                note: why(v.reason),
            });
            if v.reason.is_some() && (period == q || have(ym[0])) {
                suppressed_rows.push(vec![
                    l.t("Status", "Status").into(),
                    l.status(s).into(),
                    l.t("Fuldtidspersoner", "Full-time persons").into(),
                    l.quarter_short(period),
                    reason_text(l, v.reason),
                ]);
            }
        }
    }
    let tot_now = pools.get(Measure::Kpi(Kpi::UddannelseJob), q, total, tg);
    let tot_before =
        if have(ym[0]) { pools.get(Measure::Kpi(Kpi::UddannelseJob), year_ago, total, tg) } else { Val::default() };
    for (period, have_it) in [(year_ago, have(ym[0])), (q, true)] {
        if let Some(r) = pools.den_reason(period).filter(|_| have_it) {
            suppressed_rows.push(vec![
                l.t("Status", "Status").into(),
                l.t("I alt", "Total").into(),
                l.t("Fuldtidspersoner", "Full-time persons").into(),
                l.quarter_short(period),
                reason_text(l, Some(r)),
            ]);
        }
    }
    st_rows.push(vec![
        l.t("I alt", "Total").into(),
        l.dash(tot_before.den, |x| l.num(x, 0)),
        l.dash(tot_now.den, |x| l.num(x, 0)),
        l.pct(100.0),
    ]);
    specs.push(Spec {
        file: "status.svg".into(),
        title: l.t("Fuldtidspersoner efter status", "Full-time persons by status").into(),
        lang: l,
        kind: Kind::HorizontalBars {
            categories: st_labels,
            values: st_values,
            color: COLOR_STATUS,
            unit: String::new(),
        },
    });
    let status = TableChart {
        title: l.t("Fuldtidspersoner efter status", "Full-time persons by status").into(),
        intro: match l {
            Lang::Da => format!("Gennemsnit pr. måned i {} og i samme kvartal året før.", l.quarter(q)),
            Lang::En => format!("Monthly average in {} and in the same quarter a year before.", l.quarter(q)),
        },
        chart: Some("status.svg".into()),
        alt: format!(
            "{}: {}.",
            l.t(
                "Liggende søjlediagram over fuldtidspersoner efter status",
                "Horizontal bar chart of full-time persons by status"
            ),
            st_alt.join("; ")
        ),
        header: vec![
            l.t("Status", "Status").into(),
            l.quarter_short(year_ago),
            l.quarter_short(q),
            l.t("Andel", "Share").into(),
        ],
        rows: st_rows,
        note: quarter_note(inp, q),
    };
    let flows = flow_section(inp.flows, l, &mut published, &mut suppressed_rows, &mut specs)?;

    // 5. Benchmarks.
    let benchmarks = benchmark_section(inp, l, &idx, &months, &mut published, &mut specs)?;

    // 6. Initiatives.
    let initiatives = inp.initiatives.map(|i| initiative_section(i, l, q));

    // 7. Appendix.
    let mut sources: Vec<Vec<String>> = inp
        .ex
        .sources
        .iter()
        .map(|s| vec![s.name.clone(), s.period.clone(), l.num(s.rows as f64, 0), s.sha256.clone()])
        .collect();
    if let Some(i) = inp.initiatives {
        sources.push(vec![i.name.clone(), String::new(), l.num(i.items.len() as f64, 0), i.sha256.clone()]);
    }
    if let Some(b) = inp.benchmarks {
        sources.push(vec![b.name.clone(), String::new(), l.num(b.items.len() as f64, 0), b.sha256.clone()]);
    }
    let n_supp = suppressed_rows.len();
    let appendix = Appendix {
        definitions: definitions(l),
        sources,
        disclosure: match l {
            Lang::Da => vec![
                format!("Tal, der bygger på 1–{} personer, vises ikke (primær diskretionering).", MIN_PERSONS - 1),
                format!("Der vises ingen andel, hvis nævneren bygger på under {MIN_DENOMINATOR} personer, og andelen skal heller ikke kunne regnes ud: så skjules nævneren (for en total dog tællerne), og en tæller på 0 skjules, for 0 ud af hvad som helst er 0 %. En andel vises kun, når både tæller og nævner vises."),
                "Rapportens tal hænger sammen: grupperne i en opdeling giver tilsammen totalen, statusserne giver tilsammen alle fuldtidspersoner, uddannelse eller job er job plus uddannelse, arbejdsduelige er job plus uddannelse plus ledige jobparate, og et kvartal er gennemsnittet af sine tre måneder. Derfor skjules flere tal (sekundær diskretionering), indtil intet skjult tal kan regnes ud ved at lægge viste tal sammen og trække dem fra hinanden, heller ikke på tværs af tabeller, figurer, tekst, XLSX- og CSV-filen.".into(),
                "Der skjules helst de tal, der bygger på færrest personer. En total skjules kun, når intet andet hjælper.".into(),
                "Kvartalstallene i opdelingerne og statusoversigten er gennemsnit af kvartalets måneder og bygger på alle de personer, der er med i løbet af kvartalet.".into(),
                "Strømme er antal personer. En strøm på 1–4 personer vises ikke, og de summer af strømme, som teksten over strømtabellen nævner, er med i kontrollen, så ingen skjult strøm kan regnes ud af dem.".into(),
                "Skjulte tal står som –. XLSX- og CSV-filen angiver årsagen ved hvert skjult tal. Reglerne følger Danmarks Statistiks praksis.".into(),
            ],
            Lang::En => vec![
                format!("Figures resting on 1–{} persons are not shown (primary suppression).", MIN_PERSONS - 1),
                format!("No share is shown whose denominator rests on fewer than {MIN_DENOMINATOR} persons, and it must not be computable either: the denominator is hidden (for a total, the numerators), and so is a numerator of 0, since 0 out of anything is 0 %. A share is shown only when both its numerator and its denominator are."),
                "The report's figures are linked: a breakdown's groups add up to the total, the statuses add up to all full-time persons, education or job is job plus education, work-ready is job plus education plus unemployed job-ready, and a quarter is the mean of its three months. So more figures are hidden (secondary suppression) until no hidden figure can be computed by adding and subtracting shown ones, also across tables, charts, text, the XLSX and the CSV file.".into(),
                "The figures hidden are preferably those resting on the fewest persons. A total is hidden only when nothing else helps.".into(),
                "The quarterly figures of the breakdowns and the status table are means of the quarter's months and rest on all persons counted during the quarter.".into(),
                "Flows are numbers of persons. A flow of 1–4 persons is not shown, and the sums of flows stated in the text above the flow table are part of the control, so no hidden flow can be computed from them.".into(),
                "Hidden figures are shown as –. The XLSX and CSV files give the reason for each hidden figure. The rules follow Statistics Denmark's practice.".into(),
            ],
        },
        suppressed: suppressed_rows,
        suppressed_summary: match l {
            Lang::Da if n_supp == 0 => "Ingen tal er skjult.".into(),
            Lang::Da => format!("{n_supp} tal er skjult:"),
            _ if n_supp == 0 => "No figure is hidden.".into(),
            _ => format!("{n_supp} figures are hidden:"),
        },
        version: format!("effektmaal {}", inp.version),
        command: inp.command_line.clone(),
        targets: inp.targets.source.clone(),
        codemap: codemap_text(inp),
        template: inp.template_name.clone(),
    };

    let mut labels = BTreeMap::new();
    for (k, da, en) in [
        ("contents", "Indhold", "Contents"),
        ("front", "Status på effektmålene", "Status of the effect targets"),
        ("latest", "Seneste værdi", "Latest value"),
        ("change_quarter", "Siden sidste kvartal", "Since last quarter"),
        ("change_year", "Siden sidste år", "Since last year"),
        ("target", "Mål", "Target"),
        ("course", "Kurs nu", "Course now"),
        ("gap", "Afvigelse fra kurs", "Gap to course"),
        ("signal", "Signal", "Signal"),
        ("series", "Udviklingen måned for måned", "Month by month"),
        ("last12", "De seneste 12 måneder", "The last 12 months"),
        ("breakdowns", "Opdelinger", "Breakdowns"),
        (
            "breakdowns_intro",
            "Andele i kvartalet (gennemsnit af månederne) mod samme kvartal året før.",
            "Shares in the quarter (months pooled) against the same quarter a year before.",
        ),
        ("status", "Status og strømme", "Status and flows"),
        ("benchmarks", "Sammenligning", "Comparison"),
        ("initiatives", "Initiativer", "Initiatives"),
        ("revisions", "Revisioner", "Revisions"),
        ("appendix", "Bilag: metode og data", "Appendix: method and data"),
        ("definitions", "Definitioner", "Definitions"),
        ("sources", "Kilder", "Sources"),
        ("disclosure", "Diskretionering", "Disclosure control"),
        ("program", "Program", "Program"),
        ("page", "Side", "Page"),
        ("of", "af", "of"),
        ("file", "Fil", "File"),
        ("period", "Periode", "Period"),
        ("rows", "Rækker", "Rows"),
        (
            "signal_note",
            "Signalet sammenligner seneste værdi med den lige kurs fra basis til mål: grøn højst {g} procentpoint under kursen, gul højst {y}, ellers rød.",
            "The signal compares the latest value with the straight course from baseline to target: green at most {g} percentage points below the course, yellow at most {y}, otherwise red.",
        ),
        (
            "no_benchmarks",
            "Der er ikke givet tal for andre kommuner eller hele landet (--benchmarks).",
            "No figures for other municipalities or the country were given (--benchmarks).",
        ),
        (
            "no_initiatives",
            "Der er ikke givet en initiativfil (--initiatives).",
            "No initiatives file was given (--initiatives).",
        ),
    ] {
        let text = l
            .t(da, en)
            .replace("{g}", &l.num(inp.targets.green_below_pp, 2))
            .replace("{y}", &l.num(inp.targets.yellow_below_pp, 2));
        labels.insert(k, text);
    }
    if inp.provisional == Some(last) {
        // The front page says plainly that its latest value will still move.
        let note = match l {
            Lang::Da => format!(
                " {} er den nyeste måned i udtrækket og foreløbig: DREAM efterregistrerer ydelser, så tallene kan stadig ændre sig.",
                capitalised(&l.month(last))
            ),
            Lang::En => format!(
                " {} is the newest month of the extract and provisional: DREAM registers benefits late, so its figures may still change.",
                l.month(last)
            ),
        };
        if let Some(t) = labels.get_mut("signal_note") {
            t.push_str(&note);
        }
    }
    let revisions_note = match l {
        Lang::Da if inp.revisions.is_empty() => "Ingen tidligere offentliggjorte tal er siden ændret med mere end 0,1 procentpoint.".into(),
        Lang::Da if inp.revisions_total > inp.revisions.len() => format!(
            "{} tidligere offentliggjorte tal er siden ændret med mere end 0,1 procentpoint, fordi registrene er opdateret. Her er de {} største; effektmaal history viser dem alle:",
            inp.revisions_total,
            inp.revisions.len()
        ),
        Lang::Da => "Tidligere offentliggjorte tal, der siden er ændret med mere end 0,1 procentpoint, fordi registrene er opdateret:".into(),
        _ if inp.revisions_total > inp.revisions.len() => format!(
            "{} figures published before have since changed by more than 0.1 percentage points because the registers were updated. The {} largest are shown; effektmaal history lists them all:",
            inp.revisions_total,
            inp.revisions.len()
        ),
        _ if inp.revisions.is_empty() => "No figure published before has since changed by more than 0.1 percentage points.".into(),
        _ => "Figures published before that have since changed by more than 0.1 percentage points because the registers were updated:".into(),
    };
    let model = Model {
        charts: specs,
        lang: match l {
            Lang::Da => "da",
            Lang::En => "en",
        },
        title: l.t("Effektmål for beskæftigelsesindsatsen", "Effect targets of the employment effort").into(),
        subtitle: match l {
            Lang::Da => format!("Kvartalsstatus, {}", l.quarter(q)),
            Lang::En => format!("Quarterly status, {}", l.quarter(q)),
        },
        description: match l {
            Lang::Da => format!(
                "Kvartalsstatus til {} om effektmålene andel 16–66-årige i uddannelse eller job og andel arbejdsduelige borgere, {}, {}",
                "Beskæftigelses- og Socialudvalget",
                inp.kommune_name,
                l.quarter(q)
            ),
            Lang::En => {
                format!("Quarterly status on the employment effect targets, {}, {}", inp.kommune_name, l.quarter(q))
            }
        },
        organisation: inp.kommune_name.clone(),
        committee: l.t("Beskæftigelses- og Socialudvalget", "Employment and Social Committee").into(),
        date_iso: inp.date.to_string(),
        date_label: date_label(l, inp.date),
        labels,
        front,
        sentences: all_sentences,
        series,
        breakdowns,
        status,
        flows,
        benchmarks,
        initiatives,
        revisions: inp.revisions.clone(),
        revisions_note,
        appendix,
    };
    Ok(Built { model, published })
}

/// A note under a quarter's table when the quarter holds the provisional (newest) month.
fn quarter_note(inp: &Inputs, q: Quarter) -> String {
    let l = inp.lang;
    match inp.provisional.filter(|p| Quarter::of(*p) == q) {
        Some(p) => match l {
            Lang::Da => format!(
                "{} rummer den foreløbige måned {}: DREAM efterregistrerer ydelser, så tallene kan stadig ændre sig.",
                capitalised(&l.quarter(q)),
                l.month(p)
            ),
            Lang::En => format!(
                "{} holds the provisional month {}: DREAM registers benefits late, so its figures may still change.",
                capitalised(&l.quarter(q)),
                l.month(p)
            ),
        },
        None => String::new(),
    }
}

/// The text with its first letter in upper case ("december 2016" → "December 2016").
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// A month's name, marked when it is the provisional (newest) month.
fn month_marked(inp: &Inputs, m: Month) -> String {
    let l = inp.lang;
    if Some(m) == inp.provisional {
        format!("{} ({})", l.month(m), l.t("foreløbig", "provisional"))
    } else {
        l.month(m)
    }
}

/// Where the code map came from, and any code 997–999 it counts against the method.
fn codemap_text(inp: &Inputs) -> String {
    let l = inp.lang;
    let mut t = inp.ex.codemap.source.clone();
    for (code, status) in inp.ex.codemap.method_overrides() {
        t.push_str(&match l {
            Lang::Da => format!(
                ". Kode {code} tælles som {} efter kommunens egen kodeliste; metoden tager ellers personer med kode 997–999 ud af befolkningen",
                status.id()
            ),
            Lang::En => format!(
                ". Code {code} is counted as {} by the municipality's own code map; the method otherwise takes persons with codes 997–999 out of the population",
                status.id()
            ),
        });
    }
    t
}

fn round2(x: f64) -> f64 {
    crate::numfmt::round(x, 2)
}

fn reason_text(l: Lang, r: Option<Reason>) -> String {
    match (l, r) {
        (Lang::Da, Some(Reason::Primary)) => "1–4 personer".into(),
        (Lang::Da, Some(Reason::Secondary)) => "sekundær diskretionering".into(),
        (Lang::Da, Some(Reason::SmallDenominator)) => "nævner under 20 personer".into(),
        (Lang::En, Some(Reason::Primary)) => "1–4 persons".into(),
        (Lang::En, Some(Reason::Secondary)) => "secondary suppression".into(),
        (Lang::En, Some(Reason::SmallDenominator)) => "denominator under 20 persons".into(),
        (_, None) => String::new(),
    }
}

pub fn date_label(l: Lang, d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let m = Month::of(d);
    match l {
        Lang::Da => format!("{}. {}", d.day(), crate::numfmt::month_long(m)),
        Lang::En => format!("{} {}", d.day(), l.month(m)),
    }
}

/// Groups of a dimension in report order, as they appear in the figures of `month`.
fn group_names(figs: &[Figure], dim: Dimension, month: Month) -> Vec<String> {
    let mut g: Vec<(u16, String)> = figs
        .iter()
        .filter(|f| f.dimension == dim && f.month == month && f.measure == Measure::Kpi(Kpi::UddannelseJob))
        .map(|f| (f.order, f.group.clone()))
        .collect();
    g.sort();
    g.dedup();
    g.into_iter().map(|x| x.1).collect()
}

/// Names (da, en) of the status groups of [`flows::group`], in its order.
const FLOW_GROUPS: [(&str, &str); 7] = [
    ("Job", "Job"),
    ("Uddannelse", "Education"),
    ("Ledig, jobparat", "Unemployed, job-ready"),
    ("Ledig, aktivitetsparat", "Unemployed, activity-ready"),
    ("Sygdom, afklaring, fleksjob", "Sickness, clarification, flex job"),
    ("Pension og førtidspension", "Pensions"),
    ("Barsel, orlov, øvrige", "Leave and other"),
];

/// The flow section: the table, the largest flows as a chart, and a sentence of sums, all
/// as disclosure control left them ([`crate::kpi::flows`]).
fn flow_section(
    fl: &Flows,
    l: Lang,
    published: &mut Vec<Published>,
    suppressed_rows: &mut Vec<Vec<String>>,
    specs: &mut Vec<Spec>,
) -> anyhow::Result<TableChart> {
    let q = fl.quarter;
    let names: Vec<String> = FLOW_GROUPS.iter().map(|g| l.t(g.0, g.1).to_string()).collect();
    let show = |v: Option<u32>| v.map(|n| l.num(n as f64, 0)).unwrap_or_else(|| "–".to_string());
    let period = format!("{} → {}", q.first_month(), q.last_month());
    let mut rows = Vec::new();
    let mut top: Vec<(u32, String)> = Vec::new();
    for i in 0..flows::GROUPS {
        let mut row = vec![names[i].clone()];
        for j in 0..flows::GROUPS {
            let v = fl.published(i, j);
            row.push(show(v));
            published.push(Published {
                section: "4 strømme".into(),
                kpi: "personer".into(),
                period: period.clone(),
                dimension: FLOW_GROUPS[i].0.into(),
                group: FLOW_GROUPS[j].0.into(),
                numerator: v.map(|n| n as f64),
                denominator: None,
                share_pct: None,
                note: fl.hidden[i][j].map(|r| r.code().to_string()).unwrap_or_default(),
            });
            let flow = || format!("{} {} {}", names[i], l.t("til", "to"), names[j].to_lowercase());
            if let Some(r) = fl.hidden[i][j] {
                suppressed_rows.push(vec![
                    l.t("Strømme", "Flows").into(),
                    flow(),
                    l.t("Personer", "Persons").into(),
                    l.quarter_short(q),
                    reason_text(l, Some(r)),
                ]);
            }
            if let Some(n) = v
                && i != j
                && n > 0
            {
                // "til", not an arrow: the report's font has no arrow glyph.
                top.push((n, flow()));
            }
        }
        rows.push(row);
    }
    // The sums the sentence states are published too, beside the flows they add.
    for (k, (da, en)) in FLOW_SUMS.iter().enumerate() {
        let v = fl.published_sum(k);
        published.push(Published {
            section: "4 strømme".into(),
            kpi: "personer".into(),
            period: period.clone(),
            dimension: FLOW_SUM_IDS[k].0.into(),
            group: FLOW_SUM_IDS[k].1.into(),
            numerator: v.map(|n| n as f64),
            denominator: None,
            share_pct: None,
            note: fl.sums_hidden[k].map(|r| r.code().to_string()).unwrap_or_default(),
        });
        if let Some(r) = fl.sums_hidden[k] {
            suppressed_rows.push(vec![
                l.t("Strømme", "Flows").into(),
                l.t(da, en).into(),
                l.t("Personer", "Persons").into(),
                l.quarter_short(q),
                reason_text(l, Some(r)),
            ]);
        }
    }
    top.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
    top.truncate(8);
    let mut header = vec![l.t("Fra \\ til", "From \\ to").to_string()];
    header.extend(names.iter().cloned());
    let (ma, mb) = (l.month(q.first_month()), l.month(q.last_month()));
    let (ledig_to_job, job_to_ledig, to_job) =
        (show(fl.published_sum(0)), show(fl.published_sum(1)), show(fl.published_sum(2)));
    let intro = match l {
        Lang::Da => format!(
            "Personer, der er med i både {ma} og {mb}, efter deres hovedstatus (flest uger) i hver af de to måneder. Fra ledighed til job gik {ledig_to_job} personer, fra job til ledighed {job_to_ledig}; i alt gik {to_job} personer til job fra andet end uddannelse."
        ),
        Lang::En => format!(
            "Persons counted in both {ma} and {mb}, by their main status (most weeks) in each month. From unemployment to job went {ledig_to_job} persons, from job to unemployment {job_to_ledig}; in all, {to_job} persons went to a job from something other than education."
        ),
    };
    let chart = if top.is_empty() {
        None
    } else {
        let labels: Vec<String> = top.iter().map(|t| t.1.clone()).collect();
        let values: Vec<Option<f64>> = top.iter().map(|t| Some(t.0 as f64)).collect();
        specs.push(Spec {
            file: "stroemme.svg".into(),
            title: l.t("Største strømme mellem statusser", "Largest flows between statuses").into(),
            lang: l,
            kind: Kind::HorizontalBars { categories: labels, values, color: COLOR_STATUS, unit: String::new() },
        });
        Some("stroemme.svg".to_string())
    };
    let alt = format!(
        "{} {ma} – {mb}: {}.",
        l.t(
            "Liggende søjlediagram over de største strømme mellem statusser,",
            "Horizontal bar chart of the largest flows between statuses,"
        ),
        top.iter().map(|t| format!("{} {}", t.1, l.num(t.0 as f64, 0))).collect::<Vec<_>>().join("; ")
    );
    Ok(TableChart {
        title: match l {
            Lang::Da => format!("Strømme fra {ma} til {mb}"),
            Lang::En => format!("Flows from {ma} to {mb}"),
        },
        intro,
        chart,
        alt,
        header,
        rows,
        note: l.t("– = diskretioneret (1–4 personer, eller skjult, så et andet skjult tal ikke kan regnes ud). Rækker: status i kvartalets første måned; kolonner: status i den sidste.", "– = suppressed (1–4 persons, or hidden so that another hidden figure cannot be computed). Rows: status in the quarter's first month; columns: in its last.").into(),
    })
}

/// The sums of [`flows::SUMS`] as they are named in the appendix (da, en) and in the CSV
/// (dimension = from, group = to).
const FLOW_SUMS: [(&str, &str); 3] = [
    ("Fra ledighed til job", "From unemployment to job"),
    ("Fra job til ledighed", "From job to unemployment"),
    ("Til job fra andet end job og uddannelse", "To job from other than job and education"),
];
const FLOW_SUM_IDS: [(&str, &str); 3] =
    [("I alt ledig", "Job"), ("Job", "I alt ledig"), ("I alt andet end job og uddannelse", "Job")];

fn benchmark_section(
    inp: &Inputs,
    l: Lang,
    idx: &Index,
    months: &[Month],
    published: &mut Vec<Published>,
    specs: &mut Vec<Spec>,
) -> anyhow::Result<Option<TableChart>> {
    let last = inp.quarter.last_month();
    // Units: own municipality, the extract's other municipalities, then the given figures.
    let mut units: Vec<(String, Series)> = Vec::new();
    let own: Series = Kpi::ALL
        .iter()
        .flat_map(|&k| {
            months
                .iter()
                .filter_map(move |&m| idx.at(Measure::Kpi(k), m, Dimension::Total, "I alt").share.map(|v| ((k, m), v)))
        })
        .collect();
    units.push((inp.kommune_name.clone(), own));
    let kommuner = group_names(inp.figures, Dimension::Kommune, last);
    if kommuner.len() > 1 {
        for g in &kommuner {
            let vals: Series = Kpi::ALL
                .iter()
                .flat_map(|&k| {
                    months.iter().filter_map(move |&m| {
                        idx.at(Measure::Kpi(k), m, Dimension::Kommune, g).share.map(|v| ((k, m), v))
                    })
                })
                .collect();
            units.push((format!("{} {g}", l.t("Kommune", "Municipality")), vals));
        }
    }
    if let Some(b) = inp.benchmarks {
        let mut by: BTreeMap<String, Series> = BTreeMap::new();
        for x in &b.items {
            by.entry(x.enhed.clone()).or_default().insert((x.kpi, x.month), x.andel);
        }
        units.extend(by);
    }
    if units.len() < 2 {
        return Ok(None);
    }
    let latest = |vals: &Series, k: Kpi| {
        vals.iter()
            .filter(|((kk, m), _)| *kk == k && *m <= last)
            .max_by_key(|((_, m), _)| *m)
            .map(|((_, m), v)| (*m, *v))
    };
    let mut rows = Vec::new();
    let mut alt = Vec::new();
    for (name, vals) in &units {
        let mut row = vec![name.clone()];
        for k in Kpi::ALL {
            match latest(vals, k) {
                Some((m, v)) => {
                    row.push(format!("{} ({})", l.pct(v), crate::numfmt::month_short(m)));
                    published.push(Published {
                        section: "5 sammenligning".into(),
                        kpi: k.id().into(),
                        period: m.to_string(),
                        dimension: "enhed".into(),
                        group: name.clone(),
                        numerator: None,
                        denominator: None,
                        share_pct: Some(round2(v)),
                        note: String::new(),
                    });
                    if k == Kpi::UddannelseJob {
                        alt.push(format!("{name} {}", l.pct(v)));
                    }
                }
                None => row.push("–".into()),
            }
        }
        rows.push(row);
    }
    let palette = [
        COLOR_KPI[0],
        charts::ORANGE,
        charts::REDDISH_PURPLE,
        charts::VERMILLION,
        charts::SKY_BLUE,
        charts::YELLOW,
        charts::GREY,
    ];
    let series: Vec<LineSeries> = units
        .iter()
        .enumerate()
        .map(|(i, (name, vals))| LineSeries {
            label: name.clone(),
            color: palette[i % palette.len()],
            points: months.iter().map(|&m| (m.index(), vals.get(&(Kpi::UddannelseJob, m)).copied())).collect(),
            dashed: i > 0,
        })
        .collect();
    let ys: Vec<f64> = series.iter().flat_map(|s| s.points.iter().filter_map(|p| p.1)).collect();
    let lo = ys.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = ys.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let range = if lo.is_finite() { ((lo - 1.0).floor(), (hi + 1.0).ceil()) } else { (0.0, 100.0) };
    specs.push(Spec {
        file: "sammenligning.svg".into(),
        title: l.t("Andel i uddannelse eller job, sammenligning", "Share in education or job, comparison").into(),
        lang: l,
        kind: Kind::Line { series, markers: Vec::new(), y_range: range, y_unit: "%".into() },
    });
    Ok(Some(TableChart {
        title: l.t("Sammenligning med andre", "Comparison with others").into(),
        intro: l
            .t(
                "Seneste kendte værdi for hver enhed (måned i parentes).",
                "Latest known value for each unit (month in brackets).",
            )
            .into(),
        chart: Some("sammenligning.svg".into()),
        alt: format!(
            "{}: {}.",
            l.t(
                "Linjediagram over andelen i uddannelse eller job pr. måned for hver enhed; seneste værdier",
                "Line chart of the share in education or job by month for each unit; latest values"
            ),
            alt.join("; ")
        ),
        header: vec![l.t("Enhed", "Unit").into(), l.kpi(Kpi::UddannelseJob).into(), l.kpi(Kpi::Arbejdsduelige).into()],
        rows,
        note: String::new(),
    }))
}

fn initiative_section(ini: &Initiatives, l: Lang, q: Quarter) -> InitiativeSection {
    let in_q = |d: Option<chrono::NaiveDate>| d.is_some_and(|d| Quarter::of(Month::of(d)) == q);
    let mut groups: Vec<InitiativeGroup> = Vec::new();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut new, mut adjusted) = (0, 0);
    for i in &ini.items {
        *counts.entry(i.status.as_str()).or_insert(0) += 1;
        let mut change = Vec::new();
        if in_q(i.igangsat) {
            new += 1;
            change.push(l.t("Igangsat i kvartalet", "Started this quarter"));
        }
        if in_q(i.justering) {
            adjusted += 1;
            change.push(l.t("Justeret i kvartalet", "Adjusted this quarter"));
        }
        let row = vec![
            i.id.clone(),
            i.titel.clone(),
            i.status.clone(),
            i.igangsat.map(|d| date_label(l, d)).unwrap_or_else(|| "–".into()),
            i.justering.map(|d| date_label(l, d)).unwrap_or_else(|| "–".into()),
            change.join(", "),
            i.note.clone(),
        ];
        match groups.iter_mut().find(|g| g.title == i.fokusomraade) {
            Some(g) => g.rows.push(row),
            None => groups.push(InitiativeGroup { title: i.fokusomraade.clone(), rows: vec![row] }),
        }
    }
    let by_status: Vec<String> =
        super::inputs::INITIATIVE_STATUSES.iter().filter_map(|s| counts.get(s).map(|n| format!("{n} {s}"))).collect();
    let summary = match l {
        Lang::Da => format!(
            "{} initiativer i {} fokusområder: {}. I {} er {} igangsat og {} justeret.",
            ini.items.len(),
            groups.len(),
            by_status.join(", "),
            l.quarter(q),
            new,
            adjusted
        ),
        Lang::En => format!(
            "{} initiatives in {} focus areas: {}. In {}, {} were started and {} adjusted.",
            ini.items.len(),
            groups.len(),
            by_status.join(", "),
            l.quarter(q),
            new,
            adjusted
        ),
    };
    InitiativeSection { summary, groups }
}

fn definitions(l: Lang) -> Vec<String> {
    match l {
        Lang::Da => vec![
            "En måneds uger er de ISO-uger, hvis torsdag ligger i måneden.".into(),
            "En person tælles med i en uge, når personen bor i kommunen på ugens torsdag og er 16–66 år på månedens sidste dag. Ydelseskode 997–999 (udvandret, død, udgået) tager personen ud af alle populationer den uge.".into(),
            "Hver personuge får én status; første match vinder: ydelseskode i DREAM (via kodelisten), dernæst uddannelse (uddannelsesforløb på ugens torsdag), dernæst job (beskæftigelsesgrad over 0 i måneden), ellers øvrige.".into(),
            "Tal er fuldtidspersoner: personuger delt med antal uger i måneden. En andel er tællerens personuger delt med nævnerens.".into(),
            "Andel i uddannelse eller job = job + uddannelse. Andel arbejdsduelige = job + uddannelse + ledige jobparate.".into(),
            "Kursen er den rette linje fra basisværdien i basismåneden til målet i målmåneden; efter målmåneden holdes den på målet.".into(),
        ],
        Lang::En => vec![
            "A month's weeks are the ISO weeks whose Thursday falls in the month.".into(),
            "A person counts in a week when resident in the municipality on the week's Thursday and aged 16–66 on the month's last day. Benefit codes 997–999 (emigrated, dead, gone) take the person out of every population that week.".into(),
            "Each person-week has one status; first match wins: DREAM benefit code (via the code map), then education (an enrolment spell on the Thursday), then job (employment degree above 0 that month), else other.".into(),
            "Figures are full-time persons: person-weeks divided by the weeks in the month. A share is numerator person-weeks divided by denominator person-weeks.".into(),
            "Share in education or job = job + education. Share of work-ready = job + education + unemployed job-ready.".into(),
            "The course is the straight line from the baseline in the baseline month to the target in the target month; after the target month it stays at the target.".into(),
        ],
    }
}
