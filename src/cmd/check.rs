//! `effektmaal check DIR`: validate an extract and print a data-quality summary.

use crate::extract::csv::show_sep;
use crate::extract::load;
use crate::method::calendar::Month;
use crate::method::codemap::CodeStatus;
use crate::method::coverage;
use std::fmt::Write as _;
use std::path::Path;

pub fn run(dir: &Path) -> anyhow::Result<()> {
    // Every cell is read and checked; DREAM's rows a batch at a time, not held.
    super::settings::extract_dir(dir)?;
    let (mut ex, pending) = load::open(dir, Default::default())?;
    pending.check()?.apply(&mut ex);
    print!("{}", summary(&ex));
    Ok(())
}

/// The summary as text (also used by tests).
pub fn summary(ex: &load::Extract) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "Extract {} (checksum {})", ex.dir.display(), &ex.checksum()[..16]);
    files(&mut o, ex);
    population(&mut o, ex);
    dream(&mut o, ex);
    other_inputs(&mut o, ex);
    codes(&mut o, ex);
    let _ = writeln!(o, "\nThe extract can be used.");
    o
}

/// A count as the summary shows it. The labels are English, so are the numbers: 5,981 (not
/// the Danish 5.981).
fn n(x: usize) -> String {
    crate::report::lang::Lang::En.num(x as f64, 0)
}

/// A text cut to `max` characters, an ellipsis marking the cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut t: String = text.chars().take(max - 1).collect();
    t.truncate(t.trim_end().len());
    t.push('…');
    t
}

/// The files read, with their checksums.
fn files(o: &mut String, ex: &load::Extract) {
    let _ = writeln!(o, "\nFiles (layout: {})", ex.layout);
    for s in &ex.sources {
        let form = if s.format == "CSV" {
            format!("{:<12} separator {}", s.encoding, show_sep(s.separator))
        } else {
            format!("{:<8} {:<12}", s.format, s.encoding)
        };
        let line = format!("  {:<20} {:>9} rows  {form}  {}", s.name, n(s.rows), s.period);
        let _ = writeln!(o, "{}", line.trim_end());
        let _ = writeln!(o, "  {:<20} sha256 {}", "", s.sha256);
    }
    if let Some(stamp) = &ex.stamp {
        let _ = writeln!(o, "  {stamp}");
    }
}

/// The persons and their residence spells.
fn population(o: &mut String, ex: &load::Extract) {
    let st = &ex.stats;
    let _ = writeln!(o, "\nPopulation");
    let _ = writeln!(o, "  persons                      {:>9}", n(ex.persons.len()));
    let _ = writeln!(o, "  residence spells             {:>9}", n(st.residence_spells));
    let _ = writeln!(o, "  overlapping spells           {:>9}", n(st.overlapping_spells));
    let _ = writeln!(o, "  in two municipalities at once{:>9}", n(st.persons_in_two_municipalities));
    let _ = writeln!(o, "  local areas                  {:>9}", n(ex.areas.iter().filter(|a| !a.is_empty()).count()));
}

/// DREAM's rows and weeks, the employment months, and which months can be computed.
fn dream(o: &mut String, ex: &load::Extract) {
    let st = &ex.stats;
    let _ = writeln!(o, "\nDREAM");
    let _ = writeln!(o, "  rows                         {:>9}", n(st.dream_rows));
    let _ = writeln!(o, "  persons without a DREAM row  {:>9}", n(st.persons_without_dream));
    let _ = writeln!(o, "  rows not in the population   {:>9}", n(st.dream_not_in_population));
    if let (Some(a), Some(b)) = (st.first_week, st.last_week) {
        let _ = writeln!(o, "  weeks                        {a} – {b} ({} weeks)", n(ex.dream.n_weeks));
        let missing = ex.dream.week_present.iter().filter(|p| !**p).count();
        if missing > 0 {
            let _ = writeln!(o, "  weeks missing between them   {:>9}", n(missing));
        }
    }
    if let (Some(a), Some(b)) = (ex.employment_months.first(), ex.employment_months.last()) {
        let _ = writeln!(o, "  employment months            {a} – {b} ({} months)", n(ex.employment_months.len()));
    }
    match coverage::default_range(ex) {
        Some((a, b)) => {
            let _ = writeln!(o, "  complete months              {a} – {b} ({} months)", b.index() - a.index() + 1);
            let _ = writeln!(o, "  provisional (newest) month   {b}");
        }
        None => {
            let _ = writeln!(o, "  complete months              none");
        }
    }
    // Months inside the data that cannot be computed, and why (the same rule as compute).
    let incomplete: Vec<Month> = ex
        .months_covered()
        .map(|(a, b)| {
            (a.index()..=b.index()).map(Month::from_index).filter(|m| !coverage::is_complete(ex, *m)).collect()
        })
        .unwrap_or_default();
    for m in incomplete.iter().take(6) {
        let _ = writeln!(o, "  incomplete {m}               {}", coverage::missing(ex, *m).join("; "));
    }
    if incomplete.len() > 6 {
        let _ = writeln!(o, "  … and {} more incomplete months", incomplete.len() - 6);
    }
}

/// Education and employment beyond DREAM, when read; repairs and warnings.
fn other_inputs(o: &mut String, ex: &load::Extract) {
    let st = &ex.stats;
    if ex.sources.iter().any(|s| s.kind == "uddannelse") {
        let _ = writeln!(o, "\nEducation");
        let _ = writeln!(o, "  spells                       {:>9}", n(st.education_spells));
        let _ = writeln!(o, "  spells not in the population {:>9}", n(st.education_not_in_population));
    }
    if ex.sources.iter().any(|s| s.kind == "beskaeftigelse") {
        let _ = writeln!(o, "\nEmployment beyond DREAM");
        let _ = writeln!(o, "  rows                         {:>9}", n(st.employment_rows));
        let _ = writeln!(o, "  rows not in the population   {:>9}", n(st.employment_not_in_population));
    }
    let _ = writeln!(o, "\nRepairs and warnings");
    let _ = writeln!(o, "  spells clipped to birth date {:>9}", n(st.spells_clipped_to_birth));
    for (code, status) in ex.codemap.method_overrides() {
        let _ =
            writeln!(o, "  code {code} is counted as {} by the code map, not as gone as the method says", status.id());
    }
    for note in &ex.notes {
        let _ = writeln!(o, "  {note}");
    }
}

/// The benefit codes seen, by the code map, and those it does not know.
fn codes(o: &mut String, ex: &load::Extract) {
    let _ = writeln!(o, "\nBenefit codes seen (code map: {})", ex.codemap.source);
    let mut unknown = Vec::new();
    for (&code, &count) in &ex.code_counts {
        match ex.codemap.status(code) {
            Some(status) => {
                let status = match status {
                    CodeStatus::Counted(s) => s.id(),
                    CodeStatus::Gone => "udgaaet",
                };
                let text: String = match ex.codemap.get(code) {
                    Some(e) => shorten(&e.tekst, 44),
                    None => "(not in the map: gone by the method)".into(),
                };
                let _ = writeln!(o, "  {code:>3}  {text:<44} {status:<22} {:>11} person-weeks", n(count as usize));
            }
            None => unknown.push((code, count)),
        }
    }
    if unknown.is_empty() {
        let _ = writeln!(o, "  unknown codes: none");
    } else {
        let _ = writeln!(o, "\nUnknown codes (not in the code map; compute counts them as oevrige)");
        for (code, count) in unknown {
            let _ = writeln!(o, "  {code:>3}  {:>11} person-weeks", n(count as usize));
        }
    }
}
