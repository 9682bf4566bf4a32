//! effektmaal: Odense Kommune's employment effect targets from Danish register extracts.
//!
//! Data flows one way: `extract` reads and validates the files, `method` turns them into
//! person-week statuses, `kpi` sums them into figures (with disclosure control), targets and
//! signals, `report` draws a finished model, `store` keeps what was published. `cli` holds
//! what the user typed and `cmd` one file per subcommand.

pub mod cli;
pub mod cmd;
pub mod cpr;
pub mod error;
pub mod extract;
pub mod kommuner;
pub mod kpi;
pub mod lock;
pub mod method;
pub mod numfmt;
pub mod report;
pub mod simulate;
pub mod store;
pub mod ui;
