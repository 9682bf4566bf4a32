//! Robust at the edges (issue 19, item 7): texts too long for a report, leftovers of killed
//! runs, refused and failed runs that change nothing, I/O errors that name their path, stores
//! that cannot be read, CR line ends, and lock files.

use crate::common::*;
use std::path::Path;

#[test]
fn a_lone_cr_line_end_among_lf_line_ends_is_read_as_a_line_end() {
    let fx = fixture("report");
    let ex = copy_fixture("report");
    let path = ex.path().join("befolkning.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    // Line 3 ends in CR alone, as after an edit on an old Mac; its `til` is empty, so a reader
    // that runs lines 3 and 4 together finds too many fields, not a decimal comma.
    let at = text.match_indices('\n').nth(2).unwrap().0;
    let text = format!("{}\r{}", &text[..at], &text[at + 1..]);
    std::fs::write(&path, text).unwrap();
    let compute = |dir: &Path| run(&["compute", dir.to_str().unwrap(), "--format", "csv", "--by", "sex"]).ok().stdout;
    assert_eq!(compute(ex.path()), compute(&fx));
}
