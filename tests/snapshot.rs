//! The report model of the shipped sample, as YAML (insta): every figure, text and alt text
//! the report shows, in both languages, so a change to any of them shows in review. After an
//! intended change: `INSTA_UPDATE=always cargo test --release --test integration snapshot`
//! (or `cargo insta review`), and read the diff before committing it.

use clap::Parser;
use effektmaal::cli::{Cli, Command};
use std::path::Path;

fn model_of(lang: &str) -> effektmaal::report::model::Model {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
    let store = tempfile::tempdir().unwrap();
    let cli = Cli::parse_from([
        "effektmaal",
        "report",
        sample.to_str().unwrap(),
        "--quarter",
        "2016K3",
        "--lang",
        lang,
        "--no-record",
        "--store",
        store.path().join("none.sqlite").to_str().unwrap(),
    ]);
    let Command::Report(args) = cli.command else { unreachable!() };
    // The settings as `report` resolves them (the sample's initiatives and benchmarks are its
    // default files), then the report made in memory.
    let settings = effektmaal::cmd::settings::ReportSettings::from_args(&args).unwrap();
    let mut ex = effektmaal::extract::load::load(&args.dir).unwrap();
    effektmaal::cmd::report::make(&settings, (&mut ex, None)).unwrap().built.model
}

#[test]
fn snapshot_of_the_sample_report_model() {
    for lang in ["da", "en"] {
        // The appendix names no path of the machine and no flag (it has no command line).
        let model = model_of(lang);
        insta::with_settings!({ snapshot_suffix => lang, prepend_module_to_snapshot => false }, {
            insta::assert_yaml_snapshot!("sample_2016K3", model);
        });
    }
}
