//! The appendix: method, sources, disclosure rules, the hidden figures, and how the report
//! was made.

use crate::kpi::suppress::{MIN_DENOMINATOR, MIN_PERSONS};
use crate::report::lang::Lang;
use crate::report::model::*;

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
        disclosure: match l {
            Lang::Da => vec![
                format!("Tal, der bygger på 1–{} personer, vises ikke (primær diskretionering).", MIN_PERSONS - 1),
                format!("Der vises ingen andel, hvis nævneren bygger på under {MIN_DENOMINATOR} personer, og andelen skal heller ikke kunne regnes ud: så skjules nævneren (for en total dog tællerne), og en tæller på 0 skjules, for 0 ud af hvad som helst er 0 %. En andel vises kun, når både tæller og nævner vises."),
                "Rapportens tal hænger sammen: grupperne i en opdeling giver tilsammen totalen, statusserne giver tilsammen alle fuldtidspersoner, uddannelse eller job er job plus uddannelse, arbejdsduelige er job plus uddannelse plus ledige jobparate, og et kvartal er gennemsnittet af sine tre måneder. Derfor skjules flere tal (sekundær diskretionering), indtil intet skjult tal kan regnes ud ved at lægge viste tal sammen og trække dem fra hinanden, heller ikke på tværs af tabeller, figurer, tekst, XLSX- og CSV-filen.".into(),
                "Der skjules helst de tal, der bygger på færrest personer. En total skjules kun, når intet andet hjælper.".into(),
                "Kvartalstallene i opdelingerne og statusoversigten er gennemsnit af kvartalets måneder og bygger på alle de personer, der er med i løbet af kvartalet.".into(),
                "Strømme er antal personer. En strøm på 1–4 personer vises ikke, og de summer af strømme, som teksten over strømtabellen nævner, er med i kontrollen, så ingen skjult strøm kan regnes ud af dem.".into(),
                "Skjulte tal står som –. XLSX- og CSV-filen angiver årsagen ved hvert skjult tal. Reglerne følger Danmarks Statistiks praksis.".into(),
            ],
            Lang::En => vec![
                format!("Figures resting on 1–{} persons are not shown (primary suppression).", MIN_PERSONS - 1),
                format!("No share is shown whose denominator rests on fewer than {MIN_DENOMINATOR} persons, and it must not be computable either: the denominator is hidden (for a total, the numerators), and so is a numerator of 0, since 0 out of anything is 0 %. A share is shown only when both its numerator and its denominator are."),
                "The report's figures are linked: a breakdown's groups add up to the total, the statuses add up to all full-time persons, education or job is job plus education, work-ready is job plus education plus unemployed job-ready, and a quarter is the mean of its three months. So more figures are hidden (secondary suppression) until no hidden figure can be computed by adding and subtracting shown ones, also across tables, charts, text, the XLSX and the CSV file.".into(),
                "The figures hidden are preferably those resting on the fewest persons. A total is hidden only when nothing else helps.".into(),
                "The quarterly figures of the breakdowns and the status table are means of the quarter's months and rest on all persons counted during the quarter.".into(),
                "Flows are numbers of persons. A flow of 1–4 persons is not shown, and the sums of flows stated in the text above the flow table are part of the control, so no hidden flow can be computed from them.".into(),
                "Hidden figures are shown as –. The XLSX and CSV files give the reason for each hidden figure. The rules follow Statistics Denmark's practice.".into(),
            ],
        },
        suppressed: suppressed_rows,
        suppressed_summary: match l {
            Lang::Da if n_supp == 0 => "Ingen tal er skjult.".into(),
            Lang::Da => format!("{n_supp} tal er skjult:"),
            _ if n_supp == 0 => "No figure is hidden.".into(),
            _ => format!("{n_supp} figures are hidden:"),
        },
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
        t.push_str(&match l {
            Lang::Da => format!(
                ". Kode {code} tælles som {} efter kommunens egen kodeliste; metoden tager ellers personer med kode 997–999 ud af befolkningen",
                status.id()
            ),
            Lang::En => format!(
                ". Code {code} is counted as {} by the municipality's own code map; the method otherwise takes persons with codes 997–999 out of the population",
                status.id()
            ),
        });
    }
    t
}

fn definitions(l: Lang) -> Vec<String> {
    match l {
        Lang::Da => vec![
            "En måneds uger er de ISO-uger, hvis torsdag ligger i måneden.".into(),
            "En person tælles med i en uge, når personen bor i kommunen på ugens torsdag og er 16–66 år på månedens sidste dag. Ydelseskode 997–999 (udvandret, død, udgået) tager personen ud af alle populationer den uge.".into(),
            "Hver personuge får én status; første match vinder: ydelseskode i DREAM (via kodelisten), dernæst uddannelse (uddannelsesforløb på ugens torsdag), dernæst job (beskæftigelsesgrad over 0 i måneden), ellers øvrige.".into(),
            "Tal er fuldtidspersoner: personuger delt med antal uger i måneden. En andel er tællerens personuger delt med nævnerens.".into(),
            "Andel i uddannelse eller job = job + uddannelse. Andel arbejdsduelige = job + uddannelse + ledige jobparate.".into(),
            "Kursen er den rette linje fra basisværdien i basismåneden til målet i målmåneden; efter målmåneden holdes den på målet.".into(),
        ],
        Lang::En => vec![
            "A month's weeks are the ISO weeks whose Thursday falls in the month.".into(),
            "A person counts in a week when resident in the municipality on the week's Thursday and aged 16–66 on the month's last day. Benefit codes 997–999 (emigrated, dead, gone) take the person out of every population that week.".into(),
            "Each person-week has one status; first match wins: DREAM benefit code (via the code map), then education (an enrolment spell on the Thursday), then job (employment degree above 0 that month), else other.".into(),
            "Figures are full-time persons: person-weeks divided by the weeks in the month. A share is numerator person-weeks divided by denominator person-weeks.".into(),
            "Share in education or job = job + education. Share of work-ready = job + education + unemployed job-ready.".into(),
            "The course is the straight line from the baseline in the baseline month to the target in the target month; after the target month it stays at the target.".into(),
        ],
    }
}
