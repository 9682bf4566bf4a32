//! `effektmaal simulate`: a synthetic extract in the input format.

use super::settings::SimulateSettings;
use crate::simulate;
use crate::ui;

pub fn run(s: &SimulateSettings) -> anyhow::Result<()> {
    ui::progress("simulating…");
    let opts = &s.options;
    let summary = if s.national {
        simulate::simulate_national(opts, &s.out)?
    } else {
        let ex = simulate::simulate(opts);
        simulate::write(&ex, &s.out)?;
        ex.summary
    };
    let odense = if s.national { "Odense " } else { "" };
    for (kpi, month, want, got) in &summary.calibration {
        ui::detail(&format!("{odense}{kpi} {month}: calibrated to {want:.1} %, simulated {got:.2} %"));
    }
    let what = if s.national { "national " } else { "" };
    ui::info(&format!("wrote a synthetic {what}extract of {} persons to {}", summary.persons, s.out.display()));
    Ok(())
}
