//! `effektmaal man`: the man page, from the same clap definition as `--help`. clap_mangen
//! writes the page of the program itself (its global options, the list of subcommands, the
//! exit codes); each subcommand then gets a section of its own with its usage, its description
//! and every argument and option with its value, default, environment variable and values.

use crate::cli::Cli;
use clap::CommandFactory;
use std::io::Write;

pub fn write(out: &mut impl Write) -> anyhow::Result<()> {
    let mut cmd = Cli::command();
    clap_mangen::Man::new(cmd.clone()).render(out)?;
    cmd.build();
    for sub in cmd.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        writeln!(out, ".SH \"{}\"", roff(&format!("EFFEKTMAAL {}", sub.get_name().to_uppercase())))?;
        let usage = sub.clone().render_usage().to_string();
        writeln!(out, ".PP\n\\fB{}\\fR", roff(usage.trim().trim_start_matches("Usage:").trim()))?;
        let about = sub.get_long_about().or(sub.get_about()).map(|s| s.to_string()).unwrap_or_default();
        for para in about.split("\n\n").filter(|p| !p.trim().is_empty()) {
            writeln!(out, ".PP\n{}", roff(&para.replace('\n', " ")))?;
        }
        for arg in sub.get_arguments() {
            if arg.is_hide_set() || matches!(arg.get_id().as_str(), "help" | "version") {
                continue;
            }
            let value = arg
                .get_value_names()
                .map(|v| v.iter().map(|n| format!("<{n}>")).collect::<Vec<_>>().join(" "))
                .unwrap_or_default();
            let takes_value = arg.get_num_args().is_some_and(|n| n.takes_values());
            let mut head = Vec::new();
            if let Some(s) = arg.get_short() {
                head.push(format!("\\fB\\-{s}\\fR"));
            }
            if let Some(l) = arg.get_long() {
                head.push(format!("\\fB\\-\\-{}\\fR", roff(l)));
            }
            let mut line = head.join(", ");
            if takes_value || arg.is_positional() {
                line = format!("{line} \\fI{}\\fR", roff(&value)).trim().to_string();
            }
            writeln!(out, ".TP\n{line}")?;
            let help = arg.get_long_help().or(arg.get_help()).map(|s| s.to_string()).unwrap_or_default();
            let mut text = help.replace("\n\n", " ").replace('\n', " ");
            let defaults: Vec<String> =
                arg.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
            if !defaults.is_empty() && takes_value {
                text.push_str(&format!(" [default: {}]", defaults.join(",")));
            }
            if let Some(env) = arg.get_env() {
                text.push_str(&format!(" [env: {}]", env.to_string_lossy()));
            }
            let values: Vec<String> = arg.get_possible_values().iter().map(|v| v.get_name().to_string()).collect();
            if !values.is_empty() && takes_value {
                text.push_str(&format!(" [possible values: {}]", values.join(", ")));
            }
            writeln!(out, "{}", roff(text.trim()))?;
        }
    }
    Ok(())
}

/// Text as roff reads it literally: backslashes and hyphens escaped, and a line never starting
/// with a control character.
fn roff(s: &str) -> String {
    let t = s.replace('\\', "\\e").replace('-', "\\-");
    if t.starts_with('.') || t.starts_with('\'') { format!("\\&{t}") } else { t }
}
