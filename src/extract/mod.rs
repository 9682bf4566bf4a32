//! Reading register extracts into the [`Extract`] the method runs on.
//!
//! The front door: what the rest of the crate needs is `pub use`d here; the rooms behind it are
//! private to `extract`. From the bottom up:
//! - the format layer (`csv`, `fields`, `values`, `table`, `source`, `countries`): decoding and
//!   sniffing CSV text, single values, tables with named columns over CSV, Parquet and
//!   SAS7BDAT alike, and the OPR_LAND table. Other commands (`convert`, `pseudonymize`) and the
//!   report's own inputs read through it too, so it stays open;
//! - `model`: the [`Extract`] and what it holds ([`Person`], [`Spell`], …, the method's own
//!   types re-exported), and how the method reads it;
//! - `codes`: the code map read from `ydelseskoder.csv`;
//! - `layout`: the layouts an extract may follow, as data: every file and column name;
//! - `pnr`, `packed`, `typed`: the typed rows every reader fills (person ids interned, DREAM's
//!   weeks packed as runs in a converted extract);
//! - `read`: one reader per input kind and source shape (`read::effektmaal_csv`,
//!   `read::general`, `read::converted`), their cell checks in `read::cells`; `ahead` runs
//!   DREAM's rows on a thread of their own; `stamp` is what `convert` writes so a converted
//!   extract is not checked cell by cell again;
//! - `assemble`: the checks across rows and files, stage by stage, building the [`Extract`];
//!   `rows`: DREAM's rows, read after the rest a batch at a time ([`Pending`]).

pub mod countries;
pub mod csv;
pub mod fields;
pub mod source;
pub mod table;
pub mod values;

pub(crate) mod ahead;
mod assemble;
mod codes;
pub(crate) mod layout;
mod model;
pub(crate) mod packed;
pub(crate) mod pnr;
pub(crate) mod read;
mod rows;
pub(crate) mod stamp;
pub(crate) mod typed;

pub use assemble::{assemble, load, load_window, open};
pub use model::{Dream, Extract, Fills, Herkomst, Koen, Lists, Oprindelse, Person, Source, Spell, Stats};
pub use read::{read, read_deferred};
pub use rows::{Pending, Rows};
pub use typed::{Inputs, Window};

/// The paths from before the front door (`extract::load::Extract`, `load::load(dir)`), for
/// callers not yet moved to it.
pub mod load {
    pub use super::assemble::{load, load_window, open};
    pub use super::read::read;
    pub use super::{Extract, Herkomst, Koen, Oprindelse, Pending, Person, Spell};
}
