use clap::Parser;
use effektmaal::{cli::Cli, cmd, error};

fn main() {
    let cli = Cli::parse();
    if let Err(err) = cmd::run(cli) {
        let code = error::exit_code(&err);
        match err.downcast_ref::<error::Error>() {
            Some(error::Error::Input(problems)) => eprint!("error: {problems}"),
            _ => eprintln!("error: {err:#}"),
        }
        std::process::exit(code);
    }
}
