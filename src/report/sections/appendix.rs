//! The appendix: method, sources, disclosure rules, the hidden figures, and how the report
//! was made.

use crate::report::lang::Lang;
use crate::report::model::*;
use crate::report::texts;

/// The appendix, listing the hidden figures the sections found.
pub fn build(inp: &Inputs, suppressed_rows: Vec<Vec<String>>) -> Appendix {
    let l = inp.lang;
    let mut sources: Vec<Vec<String>> = inp
        .ex
        .sources
        .iter()
        .map(|s| vec![s.name.clone(), s.period.clone(), l.num(s.rows as f64, 0), s.sha256.clone()])
        .collect();
    if let Some(i) = inp.initiatives {
        sources.push(vec![i.name.clone(), String::new(), l.num(i.items.len() as f64, 0), i.sha256.clone()]);
    }
    if let Some(b) = inp.benchmarks {
        sources.push(vec![b.name.clone(), String::new(), l.num(b.items.len() as f64, 0), b.sha256.clone()]);
    }
    let n_supp = suppressed_rows.len();
    Appendix {
        definitions: definitions(l),
        sources,
        disclosure: texts::disclosure(l),
        suppressed: suppressed_rows,
        suppressed_summary: texts::suppressed_summary(l, n_supp),
        version: format!("effektmaal {}", inp.version),
        command: inp.command_line.clone(),
        targets: inp.targets.source.clone(),
        codemap: codemap_text(inp),
        template: inp.template_name.clone(),
    }
}

/// Where the code map came from, and any code 997–999 it counts against the method.
fn codemap_text(inp: &Inputs) -> String {
    let l = inp.lang;
    let mut t = inp.ex.codemap.source.clone();
    for (code, status) in inp.ex.codemap.method_overrides() {
        t.push_str(&texts::codemap_override(l, code, status.id()));
    }
    t
}

fn definitions(l: Lang) -> Vec<String> {
    texts::definitions(l)
}
