//! The forecast for the next measuring month: the front-page line, why there is none, the
//! chart's alternative text and the appendix's method and backtest.

use crate::kpi::forecast::{Backtest, Forecast, MIN_YEARS, NoForecast};
use crate::method::calendar::Month;
use crate::report::lang::Lang;

/// The band as "73,5–74,8 %".
fn band(l: Lang, f: &Forecast) -> String {
    format!("{}–{}", l.num(f.low, 1), l.pct(f.high))
}

/// "Prognose for august 2017: 74,1 % (73,5–74,8 %)".
pub fn forecast_line(l: Lang, f: &Forecast) -> String {
    format!("{} {}: {} ({})", l.t("Prognose for", "Forecast for"), l.month(f.month), l.pct(f.value), band(l, f))
}

/// Under the forecast line: what it is, and what it is not.
pub fn forecast_note(l: Lang, f: &Forecast) -> String {
    let (from, to) = (l.month_name(f.from), l.month_name(f.month));
    match l {
        Lang::Da => format!(
            "En fremskrivning af bevægelsen fra {from} til {to} i {} tidligere år (spændet går fra den mindste til den største), ikke en model af årsager.",
            f.years
        ),
        Lang::En => format!(
            "A projection of the movement from {from} to {to} in {} earlier years (the range runs from the smallest to the largest), not a model of causes.",
            f.years
        ),
    }
}

/// Why there is no forecast from `latest`.
pub fn no_forecast(l: Lang, why: NoForecast, latest: Month) -> String {
    match (l, why) {
        (Lang::Da, NoForecast::LatestHidden) => {
            format!("Ingen prognose: andelen i {} er skjult af hensyn til diskretionen", l.month(latest))
        }
        (Lang::En, NoForecast::LatestHidden) => {
            format!("No forecast: the share in {} is hidden by disclosure control", l.month(latest))
        }
        (Lang::Da, NoForecast::TooFewYears { have: 0 }) => {
            format!("Ingen prognose: udtrækket har ingen tidligere år at bygge på (mindst {MIN_YEARS})")
        }
        (Lang::En, NoForecast::TooFewYears { have: 0 }) => {
            format!("No forecast: the extract has no earlier year to build on (at least {MIN_YEARS})")
        }
        (Lang::Da, NoForecast::TooFewYears { have }) => {
            format!("Ingen prognose: udtrækket har kun {have} tidligere år at bygge på (mindst {MIN_YEARS})")
        }
        (Lang::En, NoForecast::TooFewYears { have }) => format!(
            "No forecast: the extract has only {have} earlier {} to build on (at least {MIN_YEARS})",
            if have == 1 { "year" } else { "years" }
        ),
    }
}

/// The forecast in the series chart's alternative text, with a leading space.
pub fn forecast_alt(l: Lang, f: &Forecast) -> String {
    match l {
        Lang::Da => format!(
            " Prognosen for {} er {} med et spænd fra {} til {}, tegnet som et punkt med en lodret streg.",
            l.month(f.month),
            l.pct(f.value),
            l.pct(f.low),
            l.pct(f.high)
        ),
        Lang::En => format!(
            " The forecast for {} is {} with a range from {} to {}, drawn as a point with a vertical bar.",
            l.month(f.month),
            l.pct(f.value),
            l.pct(f.low),
            l.pct(f.high)
        ),
    }
}

/// How the forecast is made, in plain words.
pub fn forecast_method(l: Lang) -> String {
    match l {
        Lang::Da => format!(
            "Prognosen for næste august er andelen i kvartalets sidste måned plus den gennemsnitlige bevægelse fra samme måned til august i udtrækkets tidligere år. Spændet går fra den mindste til den største af de bevægelser: det viser, hvor forskellige årene har været, og er ikke et sikkerhedsinterval. Der laves ingen prognose med færre end {MIN_YEARS} tidligere år, og kun viste tal indgår. Prognosen er en fremskrivning af tidligere års sæsonbevægelse, ikke en model af årsagerne: den ved intet om nye indsatser, konjunkturen eller ændrede regler."
        ),
        Lang::En => format!(
            "The forecast for next August is the share in the quarter's last month plus the mean movement from that month to August in the extract's earlier years. The range runs from the smallest to the largest of those movements: it shows how different the years have been and is not a confidence interval. There is no forecast with fewer than {MIN_YEARS} earlier years, and only figures shown go in. The forecast projects past seasonal movement; it is not a model of causes: it knows nothing of new initiatives, the business cycle or changed rules."
        ),
    }
}

/// How the forecast would have done on the extract's own years, for one KPI.
pub fn forecast_backtest(l: Lang, name: &str, b: &Backtest) -> String {
    let (Some(mae), Some(first)) = (b.mae(), b.cases.first()) else {
        return match l {
            Lang::Da => format!("{name}: Udtrækket er for kort til at efterprøve prognosen på sine egne år."),
            Lang::En => format!("{name}: The extract is too short to test the forecast on its own years."),
        };
    };
    let (n, inside, month) = (b.n(), b.inside(), l.month_name(first.forecast.month));
    match l {
        Lang::Da => format!(
            "{name}: I udtrækkets egne år ville prognosen have ramt {month} med en gennemsnitlig fejl på {} procentpoint ({n} {}); {month} lå inden for spændet i {inside} af dem.",
            l.num(mae, 1),
            if n == 1 { "prognose" } else { "prognoser" }
        ),
        Lang::En => format!(
            "{name}: In the extract's own years the forecast would have hit {month} with a mean absolute error of {} percentage points ({n} {}); {month} fell inside the range in {inside} of them.",
            l.num(mae, 1),
            if n == 1 { "forecast" } else { "forecasts" }
        ),
    }
}
