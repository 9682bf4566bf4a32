//! Section 6, the initiatives the secretariat lists (`--initiatives`), by focus area.

use super::Ctx;
use crate::method::calendar::{Month, Quarter};
use crate::report::inputs::Initiatives;
use crate::report::lang::Lang;
use crate::report::model::*;
use crate::report::texts;
use std::collections::BTreeMap;

/// The initiatives, when a file of them was given.
pub fn build(ctx: &Ctx) -> Option<InitiativeSection> {
    ctx.inp.initiatives.map(|ini| section(ini, ctx.l, ctx.q))
}

fn section(ini: &Initiatives, l: Lang, q: Quarter) -> InitiativeSection {
    let in_q = |d: Option<chrono::NaiveDate>| d.is_some_and(|d| Quarter::of(Month::of(d)) == q);
    let mut groups: Vec<InitiativeGroup> = Vec::new();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut new, mut adjusted) = (0, 0);
    for i in &ini.items {
        *counts.entry(i.status.as_str()).or_insert(0) += 1;
        let mut change = Vec::new();
        if in_q(i.igangsat) {
            new += 1;
            change.push(l.w(texts::words::STARTED_THIS_QUARTER));
        }
        if in_q(i.justering) {
            adjusted += 1;
            change.push(l.w(texts::words::ADJUSTED_THIS_QUARTER));
        }
        let row = vec![
            i.id.clone(),
            i.titel.clone(),
            texts::initiative_status(l, &i.status, 1),
            i.igangsat.map(|d| date_label(l, d)).unwrap_or_else(|| "–".into()),
            i.justering.map(|d| date_label(l, d)).unwrap_or_else(|| "–".into()),
            change.join(", "),
            i.note.clone(),
        ];
        match groups.iter_mut().find(|g| g.title == i.fokusomraade) {
            Some(g) => g.rows.push(row),
            None => groups.push(InitiativeGroup { title: i.fokusomraade.clone(), rows: vec![row] }),
        }
    }
    let by_status: Vec<String> = crate::report::inputs::INITIATIVE_STATUSES
        .iter()
        .filter_map(|s| counts.get(s).map(|&n| format!("{n} {}", texts::initiative_status(l, s, n))))
        .collect();
    let summary = texts::initiatives_summary(l, ini.items.len(), groups.len(), &by_status, q, new, adjusted);
    InitiativeSection { summary, groups }
}
