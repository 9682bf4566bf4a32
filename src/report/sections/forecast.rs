//! The forecast for the next measuring month ([`crate::kpi::forecast`]) as the report shows it:
//! a line on each goal's front-page card, a point with its band in the series chart, rows in
//! the XLSX and CSV, and the backtest in the appendix. Every section asks here, so they all
//! say the same; only published shares go in.

use super::{Ctx, Goal, Out, round2};
use crate::kpi::forecast::{self, Backtest, Forecast, NoForecast};
use crate::kpi::targets::Subject;
use crate::method::calendar::Month;
use crate::report::charts::{LineSeries, Marker};
use crate::report::model::*;
use crate::report::texts;

/// The measuring month the targets are set for (August); a KPI whose target names another
/// calendar month is forecast for that one.
const AUGUST: u32 = 8;

/// The series the forecast rests on: a goal's share (the municipality's, or a group's) as
/// published, inside the report's months.
struct Series<'c, 'a> {
    ctx: &'c Ctx<'a>,
    subject: &'c Subject,
    measuring: u32,
    /// The month forecast from: the quarter's last, or, when that is hidden, the latest month
    /// that may be shown (as the card's value and signal).
    latest: Month,
}

impl<'c, 'a> Series<'c, 'a> {
    fn new(ctx: &'c Ctx<'a>, subject: &'c Subject) -> Series<'c, 'a> {
        let measuring = ctx.inp.targets.for_month(subject, ctx.last).map_or(AUGUST, |t| t.target_month.month);
        let latest = ctx.latest_shown(subject).unwrap_or(ctx.last);
        Series { ctx, subject, measuring, latest }
    }

    fn share(&self, m: Month) -> Option<f64> {
        self.ctx.share(self.subject, m)
    }

    fn forecast(&self) -> Result<Forecast, NoForecast> {
        forecast::forecast(&|m| self.share(m), self.ctx.inp.from, self.latest, self.measuring)
    }

    fn backtest(&self) -> Backtest {
        forecast::backtest(&|m| self.share(m), self.ctx.inp.from, self.ctx.last, self.measuring)
    }
}

/// The goal's forecast line for its front-page card ("Prognose for august 2017: 74,1 %
/// (73,5–74,8 %)", or why there is none) and the note under it (a projection, not a model of
/// causes); its figures go into the published rows.
pub fn card(ctx: &Ctx, out: &mut Out, goal: &Goal) -> (String, String) {
    let s = Series::new(ctx, &goal.subject);
    let l = ctx.l;
    match s.forecast() {
        Ok(f) => {
            for (what, v) in [("prognose", f.value), ("prognose_lav", f.low), ("prognose_høj", f.high)] {
                out.published.push(Published {
                    section: "1 forside".into(),
                    kpi: goal.subject.kpi.id().into(),
                    period: f.month.to_string(),
                    dimension: what.into(),
                    group: goal.subject.group.clone(),
                    numerator: None,
                    denominator: None,
                    share_pct: Some(round2(v)),
                    note: String::new(),
                });
            }
            (texts::forecast_line(l, &f), texts::forecast_note(l, &f))
        }
        Err(why) => (texts::no_forecast(l, why, s.latest), String::new()),
    }
}

/// The forecast in the series chart: a point at the measuring month labelled with its value
/// ("Prognose 74,1 %") and its band as a vertical bar (a series of its own, in the legend);
/// the sentence for the chart's alternative text (empty without a forecast).
pub fn chart(ctx: &Ctx, goal: &Goal, series: &mut Vec<LineSeries>, markers: &mut Vec<Marker>) -> String {
    let l = ctx.l;
    let Ok(f) = Series::new(ctx, &goal.subject).forecast() else { return String::new() };
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

/// The appendix's paragraphs on the forecast: how it is made, and for each goal how it would
/// have done on the extract's own years.
pub fn appendix(ctx: &Ctx) -> Vec<String> {
    let mut out = vec![texts::forecast_method(ctx.l)];
    for goal in ctx.goals() {
        let b = Series::new(ctx, &goal.subject).backtest();
        out.push(texts::forecast_backtest(ctx.l, &goal.name, &b));
    }
    out
}
