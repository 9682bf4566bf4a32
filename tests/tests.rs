//! Integration tests: they run the real binary on small extracts like a user does, and assert
//! exact figures (hand-computed, see each fixture's EXPECTED.md), messages and exit codes.

mod audit;
mod cli;
mod common;
mod corpus;
mod deliveries;
mod disclosure;
mod edges;
mod engine;
mod forecast;
mod formats;
mod goals;
mod html;
mod national;
mod outputs;
mod pooled;
mod privacy;
mod properties;
mod pseudonymize;
mod publication;
mod publishable;
mod quiet;
mod report;
mod snapshot;
mod store;
