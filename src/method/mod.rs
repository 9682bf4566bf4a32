//! The measuring rules of `domain.md`, "Measuring".

pub mod calendar;
pub mod classify;
pub mod codemap;
pub mod coverage;
pub mod person;
pub mod status;
