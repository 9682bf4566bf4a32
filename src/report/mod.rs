//! The quarterly status report (`domain.md`, "What a quarterly report shows"): a model of
//! finished values (`model`), built one section at a time (`sections`, put together in
//! `build`), with every sentence in both languages in `texts` and the language's ways of
//! writing numbers and months in `lang`; charts as specifications drawn to SVG (`charts`),
//! typesetting to PDF/A with typst (`typeset`), the accessible web page (`html`), the XLSX and
//! CSV beside it and the atomic writing (`output`), and the secretariat's own inputs (`inputs`).

pub mod build;
pub mod chartfiles;
pub mod charts;
pub mod html;
pub mod inputs;
pub mod lang;
pub mod model;
pub mod output;
pub mod sections;
pub mod streameol;
pub mod texts;
pub mod typeset;
pub mod webfont;
pub mod xlsx;
