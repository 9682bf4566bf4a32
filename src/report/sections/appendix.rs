//! The appendix: method, sources, disclosure rules, the hidden figures, and how the report
//! was made.

use crate::report::lang::Lang;
use crate::report::model::*;
use crate::report::texts;

/// The appendix, listing the hidden figures the sections found.
pub fn build(inp: &Inputs, suppressed_rows: Vec<Vec<String>>, forecast: Vec<String>) -> Appendix {
    let l = inp.lang;
    let mut sources: Vec<Vec<String>> = inp
        .ex
        .sources
        .iter()
        .map(|s| vec![s.name.clone(), period(l, &s.period), l.num(s.rows as f64, 0), s.sha256.clone()])
        .collect();
    if let Some(i) = inp.initiatives {
        sources.push(vec![i.name.clone(), String::new(), l.num(i.items.len() as f64, 0), i.sha256.clone()]);
    }
    if let Some(b) = inp.benchmarks {
        sources.push(vec![b.name.clone(), String::new(), l.num(b.items.len() as f64, 0), b.sha256.clone()]);
    }
    for (name, sha) in &inp.own_files {
        sources.push(vec![name.clone(), String::new(), String::new(), sha.clone()]);
    }
    let n_supp = suppressed_rows.len();
    Appendix {
        definitions: definitions(l),
        sources,
        disclosure: texts::disclosure(l),
        suppressed: suppressed_rows,
        suppressed_summary: texts::suppressed_summary(l, n_supp),
        version: format!("effektmaal {}", inp.version),
        settings: inp.settings.clone(),
        targets: inp.targets_name.clone(),
        codemap: codemap_text(inp),
        template: inp.template_name.clone(),
        forecast,
    }
}

/// Where the code map came from, and any code 997–999 it counts against the method.
fn codemap_text(inp: &Inputs) -> String {
    let l = inp.lang;
    // The built-in map is named by the document that describes it; a file of the extract by
    // its name (its checksum is in the sources).
    let mut t = if inp.ex.codemap.source.starts_with("embedded") {
        l.t("indbygget (docs/ydelseskoder.md)", "built in (docs/ydelseskoder.md)").to_string()
    } else {
        inp.ex.codemap.source.clone()
    };
    for (code, status) in inp.ex.codemap.method_overrides() {
        t.push_str(&texts::codemap_override(l, code, status.id()));
    }
    t
}

/// A source's period in the report's language: a residence file whose last spell is still
/// open reads "fra 1922-04-05" ("from …"), not "1922-04-05 – (open)".
fn period(l: Lang, p: &str) -> String {
    match p.strip_suffix(" – (open)") {
        Some(first) => format!("{} {first}", l.t("fra", "from")),
        None => p.to_string(),
    }
}

fn definitions(l: Lang) -> Vec<String> {
    texts::definitions(l)
}
