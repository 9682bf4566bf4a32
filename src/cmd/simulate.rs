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
    let opts = SimOptions { persons: args.persons, from, to, seed: args.seed };
    let summary = if args.national {
        simulate::simulate_national(&opts, &args.out)?
    } else {
        let ex = simulate::simulate(&opts);
        simulate::write(&ex, &args.out)?;
        ex.summary
    };
    let odense = if args.national { "Odense " } else { "" };
    for (kpi, month, want, got) in &summary.calibration {
        ui::detail(&format!("{odense}{kpi} {month}: calibrated to {want:.1} %, simulated {got:.2} %"));
    }
    let what = if args.national { "national " } else { "" };
    ui::info(&format!("wrote a synthetic {what}extract of {} persons to {}", summary.persons, args.out.display()));
    Ok(())
}
