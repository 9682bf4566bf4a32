//! Section 7, the revisions: what was looked up and what moved.

use crate::report::lang::Lang;

/// Instead of the revisions, in a trial run whose store could not be read without changing it.
pub fn revisions_not_looked_up(l: Lang) -> String {
    match l {
        Lang::Da => "Rapporten er lavet uden registret over offentliggjorte tal, så den viser ikke, om tidligere offentliggjorte tal siden er ændret.".into(),
        _ => "This report was made without the record of published figures, so it does not show whether figures published before have changed since.".into(),
    }
}

/// The sentence above the revisions table: `shown` of `total` revised figures are listed.
pub fn revisions_note(l: Lang, shown: usize, total: usize) -> String {
    match l {
        Lang::Da if shown == 0 => "Ingen tidligere offentliggjorte tal er siden ændret med mere end 0,1 procentpoint.".into(),
        Lang::Da if total > shown => format!(
            "{} tidligere offentliggjorte tal er siden ændret med mere end 0,1 procentpoint, fordi registrene er opdateret. Her er de {} største ændringer, den største først; registret over offentliggjorte tal rummer dem alle:",
            total,
            shown
        ),
        Lang::Da => "Tidligere offentliggjorte tal, der siden er ændret med mere end 0,1 procentpoint, fordi registrene er opdateret (den største ændring først):".into(),
        _ if total > shown => format!(
            "{} figures published before have since changed by more than 0.1 percentage points because the registers were updated. The {} largest changes are shown, the largest first; the record of published figures holds them all:",
            total,
            shown
        ),
        _ if shown == 0 => "No figure published before has since changed by more than 0.1 percentage points.".into(),
        _ => "Figures published before that have since changed by more than 0.1 percentage points because the registers were updated (the largest change first):".into(),
    }
}
