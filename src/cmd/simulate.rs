//! `effektmaal simulate`: a synthetic extract in the input format.

use crate::cli::SimulateArgs;
use crate::simulate::{self, SimOptions};
use crate::ui;

pub fn run(args: &SimulateArgs) -> anyhow::Result<()> {
    let from = super::month_arg("--from", &args.from)?;
    let to = super::month_arg("--to", &args.to)?;
    if from > to {
        return Err(crate::error::Error::Usage(format!("--from {from} comes after --to {to}")).into());
    }
    if args.persons == 0 {
        return Err(crate::error::Error::Usage("--persons must be at least 1".into()).into());
    }
    ui::progress("simulating…");
    let ex = simulate::simulate(&SimOptions { persons: args.persons, from, to, seed: args.seed });
    simulate::write(&ex, &args.out)?;
    for (kpi, month, want, got) in &ex.summary.calibration {
        ui::detail(&format!("{kpi} {month}: calibrated to {want:.1} %, simulated {got:.2} %"));
    }
    ui::info(&format!("wrote a synthetic extract of {} persons to {}", ex.summary.persons, args.out.display()));
    Ok(())
}
