//! The forecast for the next measuring month ([`crate::kpi::forecast`]) as the report shows it:
//! a line on each KPI's front-page card, a point with its band in the series chart, rows in
//! the XLSX and CSV, and the backtest in the appendix. Every section asks here, so they all
//! say the same; only published shares go in.

use super::{Ctx, Index, Out, round2};
use crate::kpi::figures::{Dimension, Measure};
use crate::kpi::forecast::{self, Backtest, Forecast, NoForecast};
use crate::method::calendar::Month;
use crate::method::status::Kpi;
use crate::report::charts::{LineSeries, Marker};
use crate::report::model::*;
use crate::report::texts;

/// The measuring month the targets are set for (August); a KPI whose target names another
/// calendar month is forecast for that one.
const AUGUST: u32 = 8;

/// The series the forecast rests on: a KPI's share of the municipality as a whole, as
/// published, inside the report's months.
struct Series<'a> {
    inp: &'a Inputs<'a>,
    idx: &'a Index<'a>,
    kpi: Kpi,
    last: Month,
    measuring: u32,
}

impl<'a> Series<'a> {
    fn new(inp: &'a Inputs<'a>, idx: &'a Index<'a>, kpi: Kpi) -> Series<'a> {
        let last = inp.quarter.last_month();
        let measuring = inp.targets.for_month(kpi, last).map_or(AUGUST, |t| t.target_month.month);
        Series { inp, idx, kpi, last, measuring }
    }

    fn share(&self, m: Month) -> Option<f64> {
        if m < self.inp.from || m > self.last {
            return None;
        }
        self.idx.at(Measure::Kpi(self.kpi), m, Dimension::Total, "I alt").share
    }

    fn forecast(&self) -> Result<Forecast, NoForecast> {
        forecast::forecast(&|m| self.share(m), self.inp.from, self.last, self.measuring)
    }

    fn backtest(&self) -> Backtest {
        forecast::backtest(&|m| self.share(m), self.inp.from, self.last, self.measuring)
    }
}

/// The KPI's forecast line for its front-page card ("Prognose for august 2017: 74,1 %
/// (73,5–74,8 %)", or why there is none) and the note under it (a projection, not a model of
/// causes); its figures go into the published rows.
pub fn card(ctx: &Ctx, out: &mut Out, kpi: Kpi) -> (String, String) {
    let s = Series::new(ctx.inp, ctx.idx, kpi);
    let l = ctx.l;
    match s.forecast() {
        Ok(f) => {
            for (what, v) in [("prognose", f.value), ("prognose_lav", f.low), ("prognose_høj", f.high)] {
                out.published.push(Published {
                    section: "1 forside".into(),
                    kpi: kpi.id().into(),
                    period: f.month.to_string(),
                    dimension: what.into(),
                    group: "I alt".into(),
                    numerator: None,
                    denominator: None,
                    share_pct: Some(round2(v)),
                    note: String::new(),
                });
            }
            (texts::forecast_line(l, &f), texts::forecast_note(l, &f))
        }
        Err(why) => (texts::no_forecast(l, why, s.last), String::new()),
    }
}

/// The forecast in the series chart: a point at the measuring month labelled with its value
/// ("Prognose 74,1 %") and its band as a vertical bar (a series of its own, in the legend);
/// the sentence for the chart's alternative text (empty without a forecast).
pub fn chart(ctx: &Ctx, kpi: Kpi, series: &mut Vec<LineSeries>, markers: &mut Vec<Marker>) -> String {
    let l = ctx.l;
    let Ok(f) = Series::new(ctx.inp, ctx.idx, kpi).forecast() else { return String::new() };
    let x = f.month.index();
    series.push(LineSeries {
        label: l.w(texts::words::FORECAST_BAND).into(),
        color: COLOR_FORECAST,
        points: vec![(x, Some(f.low)), (x, Some(f.high))],
        dashed: false,
    });
    markers.push(Marker {
        x,
        y: f.value,
        label: format!("{} {}", l.w(texts::words::FORECAST), l.pct(f.value)),
        color: COLOR_FORECAST,
        open: false,
    });
    texts::forecast_alt(l, &f)
}

/// The appendix's paragraphs on the forecast: how it is made, and for each KPI how it would
/// have done on the extract's own years.
pub fn appendix(inp: &Inputs) -> Vec<String> {
    let idx = Index::new(inp.figures);
    let mut out = vec![texts::forecast_method(inp.lang)];
    for kpi in Kpi::ALL {
        let b = Series::new(inp, &idx, kpi).backtest();
        out.push(texts::forecast_backtest(inp.lang, kpi, &b));
    }
    out
}
