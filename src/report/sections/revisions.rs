//! Section 7, the revisions: figures published before that have since changed.

use crate::report::model::*;
use crate::report::texts;

/// The sentence above the revisions table.
pub fn note(inp: &Inputs) -> String {
    let l = inp.lang;
    if !inp.revisions_looked_up {
        return texts::revisions_not_looked_up(l);
    }
    texts::revisions_note(l, inp.revisions.len(), inp.revisions_total)
}
