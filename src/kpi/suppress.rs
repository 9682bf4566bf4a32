//! Disclosure control (`domain.md`, "Disclosure", Danmarks Statistik practice): a count of
//! 1–4 persons is suppressed; within each breakdown (KPI, month, dimension) a second cell is
//! suppressed when only one is, so the hidden cell cannot be recovered from the total; no share
//! is shown whose denominator is under 20 persons. Applied to every published output.

use super::figures::{Dimension, Figure};
use serde::Serialize;

/// Smallest number of persons a published count may rest on.
pub const MIN_PERSONS: u32 = 5;
/// Smallest denominator (persons) a published share may rest on.
pub const MIN_DENOMINATOR: u32 = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The value rests on 1–4 persons.
    Primary,
    /// Hidden so that a primary suppressed value cannot be recovered from the total.
    Secondary,
    /// The share's denominator has fewer than 20 persons.
    SmallDenominator,
}

impl Reason {
    pub fn code(self) -> &'static str {
        match self {
            Reason::Primary => "1-4 personer",
            Reason::Secondary => "sekundær diskretionering",
            Reason::SmallDenominator => "nævner under 20 personer",
        }
    }
}

/// Which parts of a figure are hidden, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Suppression {
    pub numerator: Option<Reason>,
    pub denominator: Option<Reason>,
    pub share: Option<Reason>,
}

impl Suppression {
    pub fn any(&self) -> bool {
        self.numerator.is_some() || self.denominator.is_some() || self.share.is_some()
    }
}

fn small(persons: u32) -> bool {
    (1..MIN_PERSONS).contains(&persons)
}

/// Applies the rules to figures sorted by (measure, month, dimension, order).
pub fn apply(figures: &mut [Figure]) {
    for f in figures.iter_mut() {
        let s = &mut f.suppression;
        *s = Suppression::default();
        if small(f.num_persons) {
            s.numerator = Some(Reason::Primary);
        }
        if small(f.den_persons) {
            s.denominator = Some(Reason::Primary);
        }
        // With no persons there is no share to hide: it is simply undefined.
        if (1..MIN_DENOMINATOR).contains(&f.den_persons) {
            s.share = Some(Reason::SmallDenominator);
        }
    }
    // Secondary suppression within each breakdown. The total dimension has one group and is
    // itself the margin, so it is never hidden for the sake of another cell.
    let mut start = 0;
    while start < figures.len() {
        let key = (figures[start].measure, figures[start].month, figures[start].dimension);
        let mut end = start;
        while end < figures.len() && (figures[end].measure, figures[end].month, figures[end].dimension) == key {
            end += 1;
        }
        if key.2 != Dimension::Total {
            let block = &mut figures[start..end];
            secondary(block, |f| f.num_persons, |s| &mut s.numerator);
            // Denominators repeat across KPIs and statuses of the same group; the same rule
            // keeps them consistent since they depend on the group only.
            secondary(block, |f| f.den_persons, |s| &mut s.denominator);
        }
        start = end;
    }
    for f in figures.iter_mut() {
        let s = &mut f.suppression;
        if s.share.is_none() {
            s.share = s.numerator.or(s.denominator);
        }
    }
}

fn secondary(
    block: &mut [Figure],
    persons: impl Fn(&Figure) -> u32,
    slot: impl Fn(&mut Suppression) -> &mut Option<Reason>,
) {
    let mut hidden = 0;
    for f in block.iter_mut() {
        if slot(&mut f.suppression).is_some() {
            hidden += 1;
        }
    }
    if hidden != 1 || block.len() < 2 {
        return;
    }
    // Hide the smallest other cell that has persons in it; ties by order, so it is reproducible.
    let mut pick: Option<(u32, usize)> = None;
    for (i, f) in block.iter_mut().enumerate() {
        let p = persons(f);
        if slot(&mut f.suppression).is_none() && p > 0 && pick.is_none_or(|(best, _)| p < best) {
            pick = Some((p, i));
        }
    }
    if let Some((_, i)) = pick {
        *slot(&mut block[i].suppression) = Some(Reason::Secondary);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::figures::Measure;
    use crate::method::calendar::Month;
    use crate::method::status::Kpi;

    fn fig(dim: Dimension, order: u16, num_persons: u32, den_persons: u32) -> Figure {
        Figure {
            measure: Measure::Kpi(Kpi::UddannelseJob),
            month: Month::new(2016, 8).unwrap(),
            dimension: dim,
            order,
            group: format!("g{order}"),
            numerator: num_persons as f64,
            denominator: den_persons as f64,
            num_persons,
            den_persons,
            suppression: Suppression::default(),
        }
    }

    #[test]
    fn one_small_cell_takes_the_smallest_other_with_it() {
        // Groups with 3, 40, 9 and 0 persons in the numerator: 3 is hidden (primary), 9 is
        // the smallest other cell with persons in it (secondary); 0 stays shown.
        let mut f = vec![
            fig(Dimension::Age, 0, 3, 30),
            fig(Dimension::Age, 1, 40, 50),
            fig(Dimension::Age, 2, 9, 30),
            fig(Dimension::Age, 3, 0, 0),
        ];
        apply(&mut f);
        assert_eq!(f[0].suppression.numerator, Some(Reason::Primary));
        assert_eq!(f[2].suppression.numerator, Some(Reason::Secondary));
        assert_eq!(f[1].suppression.numerator, None);
        assert_eq!(f[3].suppression, Suppression::default());
        // A hidden numerator hides the share too.
        assert_eq!(f[2].suppression.share, Some(Reason::Secondary));
        assert_eq!(f[2].published(), (None, Some(30.0), None));
    }

    #[test]
    fn two_small_cells_need_no_secondary_and_small_denominators_hide_only_the_share() {
        let mut f =
            vec![fig(Dimension::Sex, 0, 2, 10), fig(Dimension::Sex, 1, 4, 100), fig(Dimension::Sex, 2, 50, 100)];
        apply(&mut f);
        assert_eq!(f[0].suppression.numerator, Some(Reason::Primary));
        assert_eq!(f[1].suppression.numerator, Some(Reason::Primary));
        assert_eq!(f[2].suppression.numerator, None);
        // 10 persons in the denominator: shown, but no share.
        assert_eq!(f[0].suppression.denominator, None);
        assert_eq!(f[0].suppression.share, Some(Reason::SmallDenominator));
        let mut g = vec![fig(Dimension::Sex, 0, 12, 19)];
        apply(&mut g);
        assert_eq!(g[0].published(), (Some(12.0), Some(19.0), None));
        assert_eq!(g[0].suppression.share, Some(Reason::SmallDenominator));
    }

    #[test]
    fn the_total_is_never_hidden_for_the_sake_of_another_cell() {
        let mut f = vec![fig(Dimension::Total, 0, 30, 40)];
        apply(&mut f);
        assert!(!f[0].suppression.any());
    }
}
