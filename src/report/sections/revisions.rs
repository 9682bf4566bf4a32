//! Section 7, the revisions: figures published before that have since changed.

use crate::report::lang::Lang;
use crate::report::model::*;

/// The sentence above the revisions table.
pub fn note(inp: &Inputs) -> String {
    let l = inp.lang;
    match l {
        Lang::Da if inp.revisions.is_empty() => "Ingen tidligere offentliggjorte tal er siden ændret med mere end 0,1 procentpoint.".into(),
        Lang::Da if inp.revisions_total > inp.revisions.len() => format!(
            "{} tidligere offentliggjorte tal er siden ændret med mere end 0,1 procentpoint, fordi registrene er opdateret. Her er de {} største; effektmaal history viser dem alle:",
            inp.revisions_total,
            inp.revisions.len()
        ),
        Lang::Da => "Tidligere offentliggjorte tal, der siden er ændret med mere end 0,1 procentpoint, fordi registrene er opdateret:".into(),
        _ if inp.revisions_total > inp.revisions.len() => format!(
            "{} figures published before have since changed by more than 0.1 percentage points because the registers were updated. The {} largest are shown; effektmaal history lists them all:",
            inp.revisions_total,
            inp.revisions.len()
        ),
        _ if inp.revisions.is_empty() => "No figure published before has since changed by more than 0.1 percentage points.".into(),
        _ => "Figures published before that have since changed by more than 0.1 percentage points because the registers were updated:".into(),
    }
}
