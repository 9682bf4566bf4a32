//! The report's sentences in both languages: headings, front-page sentences, alt texts,
//! intros, notes, the appendix's definitions and disclosure rules. A translator finds them
//! here, section by section; the sections ([`super::sections`]) only choose which to use and
//! fill in the figures. Ways of writing numbers, months, quarters and group names stay on
//! [`Lang`](super::lang::Lang). The short words of table headers, chart titles, legends and markers are in
//! [`words`], taken with [`Lang::w`](super::lang::Lang::w).
//!
//! One file per part of the report, in the order a reader meets them; every text is re-exported
//! here, so callers write `texts::title`.

mod appendix;
mod breakdowns;
mod comparison;
mod document;
mod forecast;
mod front;
mod initiatives;
mod revisions;
mod series;
mod status;
pub mod words;

pub use appendix::*;
pub use breakdowns::*;
pub use comparison::*;
pub use document::*;
pub use forecast::*;
pub use front::*;
pub use initiatives::*;
pub use revisions::*;
pub use series::*;
pub use status::*;
