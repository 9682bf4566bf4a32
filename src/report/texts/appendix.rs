//! The appendix: the disclosure rules, hidden figures, the code map's overrides and the
//! method's definitions.

use crate::kpi::suppress::{MIN_DENOMINATOR, MIN_PERSONS};
use crate::report::lang::Lang;

/// The disclosure rules.
pub fn disclosure(l: Lang) -> Vec<String> {
    match l {
        Lang::Da => vec![
            format!("Tal, der bygger på 1–{} personer, vises ikke (primær diskretionering). Det gælder også tal, der kan regnes ud af de viste: ledige jobparate i en gruppe (arbejdsduelige minus uddannelse eller job) og de personer, der står uden for målet (alle minus dem i målet).", MIN_PERSONS - 1),
            format!("Der vises ingen andel, hvis nævneren bygger på under {MIN_DENOMINATOR} personer, og andelen skal heller ikke kunne regnes ud: en tæller på 0 skjules, fordi andelen så er 0 % uanset nævneren, og nævneren skjules, når en tæller over 0 står på den. En andel vises kun, når både tæller og nævner vises."),
            "Tallene hænger sammen: grupperne i en opdeling giver tilsammen totalen, statusserne giver tilsammen alle fuldtidspersoner, uddannelse eller job er job plus uddannelse, arbejdsduelige er job plus uddannelse plus ledige jobparate, et kvartal er gennemsnittet af sine tre måneder, og kommunerne giver tilsammen alle kommuner i udtrækket. Derfor skjules flere tal (sekundær diskretionering), indtil intet skjult tal kan regnes ud ved at lægge viste tal sammen og trække dem fra hinanden.".into(),
            "Det gælder alt, hvad effektmaal offentliggør fra samme udtræk, under ét: denne rapport, rapporterne for andre kvartaler og de månedlige tal (effektmaal compute). Et tal vises eller skjules ens i dem alle, så de heller ikke tilsammen afslører noget.".into(),
            "Der skjules helst de tal, der bygger på færrest personer; månedernes totaler skjules kun, når intet andet hjælper.".into(),
            "Kvartalstallene i opdelingerne og statusoversigten er gennemsnit af kvartalets måneder og bygger på alle de personer, der er med i løbet af kvartalet.".into(),
            "Strømme er antal personer. En strøm på 1–4 personer vises ikke, og de summer af strømme, som teksten over strømtabellen nævner, er med i kontrollen, så ingen skjult strøm kan regnes ud af dem.".into(),
            "Skjulte tal står som –. XLSX- og CSV-filen angiver årsagen ved hvert skjult tal. Reglerne følger Danmarks Statistiks praksis.".into(),
        ],
        Lang::En => vec![
            format!("Figures resting on 1–{} persons are not shown (primary suppression). This includes figures that can be worked out from those shown: a group's unemployed job-ready (work-ready less education or job) and the persons outside a target (everyone less those in it).", MIN_PERSONS - 1),
            format!("No share is shown whose denominator rests on fewer than {MIN_DENOMINATOR} persons, and it must not be computable either: a numerator of 0 is hidden, since the share is then 0 % whatever the denominator, and the denominator is hidden when a numerator above 0 rests on it. A share is shown only when both its numerator and its denominator are."),
            "The figures are linked: a breakdown's groups add up to the total, the statuses add up to all full-time persons, education or job is job plus education, work-ready is job plus education plus unemployed job-ready, a quarter is the mean of its three months, and the municipalities add up to all municipalities of the extract. So more figures are hidden (secondary suppression) until no hidden figure can be computed by adding and subtracting shown ones.".into(),
            "This holds for everything effektmaal publishes from the same extract, together: this report, the reports on other quarters and the monthly figures (effektmaal compute). A figure is shown or hidden alike in all of them, so they give nothing away together either.".into(),
            "The figures hidden are preferably those resting on the fewest persons; the months' totals are hidden only when nothing else helps.".into(),
            "The quarterly figures of the breakdowns and the status table are means of the quarter's months and rest on all persons counted during the quarter.".into(),
            "Flows are numbers of persons. A flow of 1–4 persons is not shown, and the sums of flows stated in the text above the flow table are part of the control, so no hidden flow can be computed from them.".into(),
            "Hidden figures are shown as –. The XLSX and CSV files give the reason for each hidden figure. The rules follow Statistics Denmark's practice.".into(),
        ],
    }
}

pub fn suppressed_summary(l: Lang, n_supp: usize) -> String {
    match l {
        Lang::Da if n_supp == 0 => "Ingen tal er skjult.".into(),
        Lang::Da => format!("{n_supp} tal er skjult:"),
        _ if n_supp == 0 => "No figure is hidden.".into(),
        _ => format!("{n_supp} figures are hidden:"),
    }
}

/// A code 997–999 the municipality's code map counts against the method.
pub fn codemap_override(l: Lang, code: impl std::fmt::Display, status: &str) -> String {
    match l {
        Lang::Da => format!(
            ". Kode {code} tælles som {} efter kommunens egen kodeliste; metoden tager ellers personer med kode 997–999 ud af befolkningen",
            status
        ),
        Lang::En => format!(
            ". Code {code} is counted as {} by the municipality's own code map; the method otherwise takes persons with codes 997–999 out of the population",
            status
        ),
    }
}

/// The method's definitions.
pub fn definitions(l: Lang) -> Vec<String> {
    match l {
        Lang::Da => vec![
            "En måneds uger er de ISO-uger, hvis torsdag ligger i måneden.".into(),
            "En person tælles med i en uge, når personen bor i kommunen på ugens torsdag og er 16–66 år på månedens sidste dag. Ydelseskode 997–999 (udvandret, død, udgået) tager personen ud af alle populationer den uge.".into(),
            "Hver personuge får én status; første match vinder: ydelseskode i DREAM (via kodelisten), dernæst uddannelse (uddannelsesforløb på ugens torsdag), dernæst job (beskæftigelsesgrad over 0 i måneden), ellers øvrige.".into(),
            "Tal er fuldtidspersoner: personuger delt med antal uger i måneden. En andel er tællerens personuger delt med nævnerens.".into(),
            "Andel i uddannelse eller job = job + uddannelse. Andel arbejdsduelige = job + uddannelse + ledige jobparate.".into(),
            "Den lige kurs er den rette linje fra basisværdien i basismåneden til målet i målmåneden; efter målmåneden holdes den på målet. Den regner med, at andelen stiger lige meget hver måned.".into(),
            "Sæsonkursen tager højde for, at andelen hvert år falder om sommeren og stiger igen i august og september. Den er andelen i samme måned året før plus den fremgang, som målet kræver på et år: for et mål over tolv måneder er det forskellen mellem mål og basis. Efter målmåneden bliver tillægget mindre, til det er væk tolv måneder senere. Kan andelen året før ikke vises, har måneden ingen sæsonkurs.".into(),
            "Signalet bygger på den kurs, som målfilens [signal]-afsnit angiver (course); standard er sæsonkursen, fordi den i afprøvningen gav færrest fejlagtige signaler (docs/courses.md). Mangler sæsonkursen i den seneste måned, bygger signalet på den lige kurs, og forsiden siger det.".into(),
        ],
        Lang::En => vec![
            "A month's weeks are the ISO weeks whose Thursday falls in the month.".into(),
            "A person counts in a week when resident in the municipality on the week's Thursday and aged 16–66 on the month's last day. Benefit codes 997–999 (emigrated, dead, gone) take the person out of every population that week.".into(),
            "Each person-week has one status; first match wins: DREAM benefit code (via the code map), then education (an enrolment spell on the Thursday), then job (employment degree above 0 that month), else other.".into(),
            "Figures are full-time persons: person-weeks divided by the weeks in the month. A share is numerator person-weeks divided by denominator person-weeks.".into(),
            "Share in education or job = job + education. Share of work-ready = job + education + unemployed job-ready.".into(),
            "The straight course is the straight line from the baseline in the baseline month to the target in the target month; after the target month it stays at the target. It assumes the share rises by the same amount every month.".into(),
            "The seasonal course allows for the share falling every summer and rising again in August and September. It is the share in the same month a year before plus the gain the target asks for in a year: for a twelve-month target, the difference between target and baseline. After the target month the addition shrinks until it is gone twelve months later. When the share a year before cannot be shown, the month has no seasonal course.".into(),
            "The signal rests on the course the targets file's [signal] section names (course); the default is the seasonal course, because it gave the fewest wrong signals when tested (docs/courses.md). When the seasonal course is missing in the latest month, the signal rests on the straight course, and the front page says so.".into(),
        ],
    }
}
