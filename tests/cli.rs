//! The command line itself: help with exit codes, completions and man page, usage errors.

use crate::common::*;

#[test]
fn help_lists_the_exit_codes() {
    let out = run(&["--help"]).ok();
    for line in ["0  ok", "2  usage error", "3  bad input", "4  locked (another run holds the lock"] {
        assert!(out.stdout.contains(line), "{line:?} missing from --help:\n{}", out.stdout);
    }
}

#[test]
fn completions_and_man_page_come_from_the_same_definition() {
    let bash = run(&["completions", "bash"]).ok();
    assert!(bash.stdout.contains("_effektmaal()") && bash.stdout.contains("--quarter"), "{}", bash.stdout);
    let zsh = run(&["completions", "zsh"]).ok();
    assert!(zsh.stdout.contains("#compdef effektmaal"));
    let man = run(&["man"]).ok();
    assert!(
        man.stdout.contains(".TH effektmaal") && man.stdout.contains("pseudonymize"),
        "{}",
        &man.stdout[..200.min(man.stdout.len())]
    );
}

#[test]
fn wrong_arguments_are_usage_errors() {
    let out = run(&["compute"]).fails(2);
    assert!(out.stderr.contains("<DIR>"));
    let fx = fixture("basic");
    let out = run(&["compute", fx.to_str().unwrap(), "--from", "2016-13"]).fails(2);
    assert!(out.stderr.contains("--from \"2016-13\" is not a month: expected YYYY-MM"), "{}", out.stderr);
    let out = run(&["history", "--kpi", "ledighed"]).fails(2);
    assert!(out.stderr.contains("is not a KPI"));
}

#[test]
fn quiet_prints_only_errors() {
    let fx = fixture("basic");
    let out = run(&["compute", fx.to_str().unwrap(), "--no-suppression", "-q"]).ok();
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    assert!(!out.stdout.is_empty());
}

#[test]
fn pseudonymize_makes_a_usable_extract_from_raw_ids() {
    let raw = copy_fixture("basic");
    // Only the extract's files: pseudonymize refuses a file it does not know.
    std::fs::remove_file(raw.path().join("EXPECTED.md")).unwrap();
    // Raw CPR-like ids, as an analyst would receive them.
    for name in ["befolkning.csv", "dream.csv", "uddannelse.csv"] {
        let p = raw.path().join(name);
        let t = std::fs::read_to_string(&p).unwrap();
        let t = t.replace("A01", "0505801234").replace("C03", "010790-4321").replace("D04", "3112991111");
        std::fs::write(&p, t).unwrap();
    }
    let refused = run(&["compute", raw.path().to_str().unwrap()]).fails(3);
    assert!(!refused.stderr.contains("0505801234"));
    let tmp = tempfile::tempdir().unwrap();
    let key = tmp.path().join("key");
    std::fs::write(&key, "a-secret-key-that-is-long-enough-for-hmac-sha256").unwrap();
    let short = tmp.path().join("short");
    std::fs::write(&short, "too short").unwrap();
    run(&[
        "pseudonymize",
        "--key",
        short.to_str().unwrap(),
        raw.path().to_str().unwrap(),
        tmp.path().join("x").to_str().unwrap(),
    ])
    .fails(3);
    let out_dir = tmp.path().join("pseudo");
    let r =
        run(&["pseudonymize", "--key", key.to_str().unwrap(), raw.path().to_str().unwrap(), out_dir.to_str().unwrap()])
            .ok();
    assert!(!r.stderr.contains("0505801234") && !r.stdout.contains("0505801234"));
    for name in ["befolkning.csv", "dream.csv", "uddannelse.csv"] {
        let t = std::fs::read_to_string(out_dir.join(name)).unwrap();
        assert!(!t.contains("0505801234") && !t.contains("010790-4321") && !t.contains("3112991111"), "{name}");
    }
    // The same figures as the original fixture: the same person got the same pseudonym everywhere.
    let rows = parse_csv(
        &run(&["compute", out_dir.to_str().unwrap(), "--format", "csv", "--no-suppression", "--kommune", "461"])
            .ok()
            .stdout,
    );
    let r = find(&rows, "uddannelse_job", "2015-12", "total", "I alt");
    assert_eq!((r.numerator, r.denominator, r.share), (Some(4.0), Some(6.0), Some(66.67)));
    // Running it again with the same key leaves the identical output alone; another key would
    // change it, and the output is never overwritten without asking.
    run(&["pseudonymize", "--key", key.to_str().unwrap(), raw.path().to_str().unwrap(), out_dir.to_str().unwrap()])
        .ok();
    let other = tmp.path().join("other-key");
    std::fs::write(&other, "another-secret-key-that-is-long-enough-for-hmac").unwrap();
    let before = std::fs::read(out_dir.join("dream.csv")).unwrap();
    let again = run(&[
        "pseudonymize",
        "--key",
        other.to_str().unwrap(),
        raw.path().to_str().unwrap(),
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(again.code, 2, "{}", again.stderr);
    assert!(again.stderr.contains("with other contents"), "{}", again.stderr);
    assert_eq!(std::fs::read(out_dir.join("dream.csv")).unwrap(), before);
}

/// A command's settings are resolved whole before the extract is opened: a wrong setting is
/// the error reported, alone, however broken the extract is or whether it exists at all.
#[test]
fn a_bad_setting_is_reported_before_the_extract_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken");
    std::fs::create_dir(&broken).unwrap();
    std::fs::write(broken.join("befolkning.csv"), "garbage\n").unwrap();
    std::fs::write(broken.join("dream.csv"), "garbage\n").unwrap();
    let targets = dir.path().join("maal.toml");
    std::fs::write(&targets, "this is = not [valid toml\n").unwrap();
    let missing = dir.path().join("no-such-extract");
    for extract in [&broken, &missing] {
        let out = run(&[
            "report",
            extract.to_str().unwrap(),
            "--quarter",
            "2016K3",
            "--targets",
            targets.to_str().unwrap(),
            "--out",
            dir.path().join("out").to_str().unwrap(),
        ])
        .fails(3);
        assert!(out.stderr.contains("found 1 problem in the input"), "{}", out.stderr);
        assert!(out.stderr.contains("maal.toml: TOML parse error at line 1, column 6"), "{}", out.stderr);
        assert!(!out.stderr.contains("befolkning.csv") && !out.stderr.contains("extract directory"), "{}", out.stderr);
        let out = run(&["compute", extract.to_str().unwrap(), "--from", "2016-05", "--to", "2016-01"]).fails(2);
        assert_eq!(out.stderr.trim_end(), "error: --from 2016-05 comes after --to 2016-01");
    }
    assert!(!dir.path().join("out").exists(), "nothing written");
}
