//! The report's sentences in both languages: headings, front-page sentences, alt texts,
//! intros, notes, the appendix's definitions and disclosure rules. A translator finds them
//! here, section by section; the sections ([`super::sections`]) only choose which to use and
//! fill in the figures. Ways of writing numbers, months, quarters and group names stay on
//! [`Lang`]. The short words of table headers, chart titles, legends and markers are in
//! [`words`], taken with [`Lang::w`].

use super::lang::Lang;
use crate::kpi::suppress::{MIN_DENOMINATOR, MIN_PERSONS, Reason};
use crate::kpi::targets::{Signal, Target};
use crate::method::calendar::{Month, Quarter};
use crate::method::status::Kpi;

/// The text with its first letter in upper case ("december 2016" → "December 2016").
pub fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

// The document.

/// Headings and fixed texts of the document, by key (key, Danish, English). `{g}` and `{y}`
/// are the signal's thresholds.
pub const LABELS: [(&str, &str, &str); 33] = [
    ("contents", "Indhold", "Contents"),
    ("front", "Status på effektmålene", "Status of the effect targets"),
    ("latest", "Seneste værdi", "Latest value"),
    ("change_quarter", "Siden sidste kvartal", "Since last quarter"),
    ("change_year", "Siden sidste år", "Since last year"),
    ("target", "Mål", "Target"),
    ("course", "Kurs mod målet", "Course to target"),
    ("gap", "Afvigelse fra kurs", "Gap to course"),
    ("signal", "Signal", "Signal"),
    ("series", "Udviklingen måned for måned", "Month by month"),
    ("last12", "De seneste 12 måneder", "The last 12 months"),
    ("breakdowns", "Opdelinger", "Breakdowns"),
    (
        "breakdowns_intro",
        "Andele i kvartalet (gennemsnit af månederne) mod samme kvartal året før.",
        "Shares in the quarter (months pooled) against the same quarter a year before.",
    ),
    ("status", "Status og strømme", "Status and flows"),
    ("benchmarks", "Sammenligning", "Comparison"),
    ("initiatives", "Initiativer", "Initiatives"),
    ("revisions", "Revisioner", "Revisions"),
    ("appendix", "Bilag: metode og data", "Appendix: method and data"),
    ("definitions", "Definitioner", "Definitions"),
    ("sources", "Kilder", "Sources"),
    ("disclosure", "Diskretionering", "Disclosure control"),
    ("program", "Program", "Program"),
    ("page", "Side", "Page"),
    ("of", "af", "of"),
    ("file", "Fil", "File"),
    ("period", "Periode", "Period"),
    ("rows", "Rækker", "Rows"),
    (
        "signal_note",
        "Signalet sammenligner seneste værdi med den lige kurs fra basis til mål: grøn højst {g} procentpoint under kursen, gul højst {y}, ellers rød.",
        "The signal compares the latest value with the straight course from baseline to target: green at most {g} percentage points below the course, yellow at most {y}, otherwise red.",
    ),
    (
        "no_benchmarks",
        "Rapporten har ingen tal for andre kommuner eller hele landet at sammenligne med.",
        "The report has no figures for other municipalities or the country to compare with.",
    ),
    ("no_initiatives", "Rapporten har ingen oversigt over initiativer.", "The report has no list of initiatives."),
    ("source", "Kilde", "Source"),
    ("contact", "Kontakt", "Contact"),
    ("next_report", "Næste rapport", "Next report"),
];

pub fn title(l: Lang) -> &'static str {
    l.t("Effektmål for beskæftigelsesindsatsen", "Effect targets of the employment effort")
}

pub fn committee(l: Lang) -> &'static str {
    l.t("Beskæftigelses- og Socialudvalget", "Employment and Social Committee")
}

pub fn subtitle(l: Lang, q: Quarter) -> String {
    match l {
        Lang::Da => format!("Kvartalsstatus, {}", l.quarter(q)),
        Lang::En => format!("Quarterly status, {}", l.quarter(q)),
    }
}

/// The document's description (PDF metadata, the web page's `<meta>`).
pub fn description(l: Lang, kommune: &str, q: Quarter) -> String {
    match l {
        Lang::Da => format!(
            "Kvartalsstatus til {} om effektmålene andel 16–66-årige i uddannelse eller job og andel arbejdsduelige borgere, {}, {}",
            "Beskæftigelses- og Socialudvalget",
            kommune,
            l.quarter(q)
        ),
        Lang::En => {
            format!("Quarterly status on the employment effect targets, {}, {}", kommune, l.quarter(q))
        }
    }
}

/// Added to the signal note when the latest month is provisional: the front page says
/// plainly that its latest value will still move.
pub fn provisional_latest(l: Lang, last: Month) -> String {
    match l {
        Lang::Da => format!(
            " {} er den nyeste måned i udtrækket og foreløbig: DREAM efterregistrerer ydelser, så tallene kan stadig ændre sig.",
            capitalised(&l.month(last))
        ),
        Lang::En => format!(
            " {} is the newest month of the extract and provisional: DREAM registers benefits late, so its figures may still change.",
            l.month(last)
        ),
    }
}

/// A note under a quarter's table when the quarter holds the provisional month `p`.
pub fn provisional_quarter(l: Lang, q: Quarter, p: Month) -> String {
    match l {
        Lang::Da => format!(
            "{} rummer den foreløbige måned {}: DREAM efterregistrerer ydelser, så tallene kan stadig ændre sig.",
            capitalised(&l.quarter(q)),
            l.month(p)
        ),
        Lang::En => format!(
            "{} holds the provisional month {}: DREAM registers benefits late, so its figures may still change.",
            capitalised(&l.quarter(q)),
            l.month(p)
        ),
    }
}

/// Why a figure is hidden, as the appendix lists it.
pub fn reason(l: Lang, r: Option<Reason>) -> String {
    match (l, r) {
        (Lang::Da, Some(Reason::Primary)) => "1–4 personer".into(),
        (Lang::Da, Some(Reason::Secondary)) => "sekundær diskretionering".into(),
        (Lang::Da, Some(Reason::SmallDenominator)) => "nævner under 20 personer".into(),
        (Lang::En, Some(Reason::Primary)) => "1–4 persons".into(),
        (Lang::En, Some(Reason::Secondary)) => "secondary suppression".into(),
        (Lang::En, Some(Reason::SmallDenominator)) => "denominator under 20 persons".into(),
        (_, None) => String::new(),
    }
}

// 1. Front page.

pub fn signal(l: Lang, s: Option<Signal>) -> &'static str {
    match s {
        Some(Signal::Green) => l.t("Grøn", "Green"),
        Some(Signal::Yellow) => l.t("Gul", "Yellow"),
        Some(Signal::Red) => l.t("Rød", "Red"),
        None => l.t("Intet signal", "No signal"),
    }
}

/// "The share … was 72.0 % in September 2016", without the full stop.
pub fn front_value(l: Lang, kpi: Kpi, v: f64, last: Month) -> String {
    let subject = match (l, kpi) {
        (Lang::Da, Kpi::UddannelseJob) => "Andelen i uddannelse eller job",
        (Lang::Da, Kpi::Arbejdsduelige) => "Andelen af arbejdsduelige borgere",
        (Lang::En, Kpi::UddannelseJob) => "The share in education or job",
        (Lang::En, Kpi::Arbejdsduelige) => "The share of work-ready citizens",
    };
    match l {
        Lang::Da => format!("{subject} var {} i {}", l.pct(v), l.month(last)),
        Lang::En => format!("{subject} was {} in {}", l.pct(v), l.month(last)),
    }
}

/// Continues [`front_value`]: how far above or below the course (`gap`, rounded) it is.
pub fn front_course(l: Lang, gap: f64, t: &Target) -> String {
    let side = match (l, gap >= 0.0) {
        (Lang::Da, true) => "over",
        (Lang::Da, false) => "under",
        (Lang::En, true) => "above",
        (Lang::En, false) => "below",
    };
    match l {
        Lang::Da => format!(
            ", {} procentpoint {side} kursen mod målet på {} i {}.",
            l.num(gap.abs(), 1),
            l.pct(t.target_pct),
            l.month(t.target_month)
        ),
        Lang::En => format!(
            ", {} percentage points {side} the course to the target of {} in {}.",
            l.num(gap.abs(), 1),
            l.pct(t.target_pct),
            l.month(t.target_month)
        ),
    }
}

/// The change since a quarter and a year before (`dq`, `dy` in percentage points).
pub fn front_changes(l: Lang, dq: f64, dy: f64, last: Month) -> String {
    let word = |d: f64| -> String {
        let r = crate::numfmt::round(d, 1);
        match l {
            Lang::Da if r > 0.0 => format!("{} procentpoint højere", l.num(r, 1)),
            Lang::Da if r < 0.0 => format!("{} procentpoint lavere", l.num(-r, 1)),
            Lang::Da => "uændret".to_string(),
            _ if r > 0.0 => format!("{} percentage points higher", l.num(r, 1)),
            _ if r < 0.0 => format!("{} percentage points lower", l.num(-r, 1)),
            _ => "unchanged".to_string(),
        }
    };
    match l {
        Lang::Da => format!(
            "Det er {} end i {} og {} end i {}.",
            word(dq),
            l.month(last.offset(-3)),
            word(dy),
            l.month(last.offset(-12))
        )
        .replace("uændret end i", "uændret i forhold til"),
        Lang::En => format!(
            "That is {} than in {} and {} than in {}.",
            word(dq),
            l.month(last.offset(-3)),
            word(dy),
            l.month(last.offset(-12))
        )
        .replace("unchanged than in", "unchanged from"),
    }
}

/// Whether a target whose month has passed was met, with the share `at` of that month.
pub fn front_target(l: Lang, reached: bool, t: &Target, at: f64) -> String {
    match (l, reached) {
        (Lang::Da, true) => {
            format!("Målet på {} i {} blev nået med {}.", l.pct(t.target_pct), l.month(t.target_month), l.pct(at))
        }
        (Lang::Da, false) => format!(
            "Målet på {} i {} blev ikke nået: andelen var {}.",
            l.pct(t.target_pct),
            l.month(t.target_month),
            l.pct(at)
        ),
        (Lang::En, true) => {
            format!("The target of {} in {} was met with {}.", l.pct(t.target_pct), l.month(t.target_month), l.pct(at))
        }
        (Lang::En, false) => format!(
            "The target of {} in {} was not met: the share was {}.",
            l.pct(t.target_pct),
            l.month(t.target_month),
            l.pct(at)
        ),
    }
}

// 2. Month by month.

/// The baseline and target, as the chart's alt text states them.
pub fn series_target(l: Lang, t: &Target) -> String {
    match l {
        Lang::Da => format!(
            " Basis {} ({}), mål {} ({}).",
            l.pct(t.baseline_pct),
            l.month(t.baseline_month),
            l.pct(t.target_pct),
            l.month(t.target_month)
        ),
        Lang::En => format!(
            " Baseline {} ({}), target {} ({}).",
            l.pct(t.baseline_pct),
            l.month(t.baseline_month),
            l.pct(t.target_pct),
            l.month(t.target_month)
        ),
    }
}

/// The monthly chart's alt text.
pub fn series_alt(
    l: Lang,
    kpi: Kpi,
    from: Month,
    last: Month,
    latest: Option<f64>,
    august_text: &[String],
    target_text: &str,
) -> String {
    match l {
        Lang::Da => format!(
            "Linjediagram: {} pr. måned fra {} til {}. Seneste værdi {} ({}). Augustmålinger: {}.{} Kursen mod målet er tegnet stiplet.",
            l.kpi(kpi).to_lowercase(),
            l.month(from),
            l.month(last),
            l.dash(latest, |v| l.pct(v)),
            l.month(last),
            if august_text.is_empty() { "ingen".into() } else { august_text.join(", ") },
            target_text
        ),
        Lang::En => format!(
            "Line chart: {} by month from {} to {}. Latest value {} ({}). August measurements: {}.{} The course to the target is dashed.",
            l.kpi(kpi).to_lowercase(),
            l.month(from),
            l.month(last),
            l.dash(latest, |v| l.pct(v)),
            l.month(last),
            if august_text.is_empty() { "none".into() } else { august_text.join(", ") },
            target_text
        ),
    }
}

/// The target and baseline under a monthly chart's title ("Mål 75,4 % i august 2016; basis …").
pub fn target_detail(l: Lang, t: &Target) -> String {
    match l {
        Lang::Da => format!(
            "Mål {} i {}; basis {} i {}.",
            l.pct(t.target_pct),
            l.month(t.target_month),
            l.pct(t.baseline_pct),
            l.month(t.baseline_month)
        ),
        Lang::En => format!(
            "Target {} in {}; baseline {} in {}.",
            l.pct(t.target_pct),
            l.month(t.target_month),
            l.pct(t.baseline_pct),
            l.month(t.baseline_month)
        ),
    }
}

/// A period from one month to another ("Periode: januar 2013 – september 2016.").
pub fn period(l: Lang, from: Month, to: Month) -> String {
    format!("{}: {} – {}.", l.t("Periode", "Period"), l.month(from), l.month(to))
}

/// Two quarters compared ("3. kvt. 2015 og 3. kvt. 2016").
pub fn two_quarters(l: Lang, a: Quarter, b: Quarter) -> String {
    format!("{} {} {}", l.quarter_short(a), l.w(words::AND), l.quarter_short(b))
}

pub fn series_caption(l: Lang, kpi: Kpi, from: Month, last: Month) -> String {
    match l {
        Lang::Da => {
            format!("{} pr. måned, {} – {}. Augustmålingerne er markeret.", l.kpi(kpi), l.month(from), l.month(last))
        }
        Lang::En => format!(
            "{} by month, {} – {}. The August measurements are marked.",
            l.kpi(kpi),
            l.month(from),
            l.month(last)
        ),
    }
}

// 3. Breakdowns.

/// A breakdown's chart's alt text.
pub fn breakdown_alt(l: Lang, dim_title: &str, year_ago: Quarter, q: Quarter, alt_parts: &[String]) -> String {
    match l {
        Lang::Da => format!(
            "Søjlediagram: andel i uddannelse eller job efter {}, {} og {} (– = diskretioneret): {}.",
            dim_title.to_lowercase(),
            l.quarter_short(year_ago),
            l.quarter_short(q),
            alt_parts.join("; ")
        ),
        Lang::En => format!(
            "Bar chart: share in education or job by {}, {} and {} (– = suppressed): {}.",
            dim_title.to_lowercase(),
            l.quarter_short(year_ago),
            l.quarter_short(q),
            alt_parts.join("; ")
        ),
    }
}

/// Under a breakdown chart's title: what the bars are.
pub fn breakdown_detail(l: Lang) -> String {
    l.t(
        "Kvartalets andel (gennemsnit af månederne) mod samme kvartal året før; – = skjult.",
        "The quarter's share (months pooled) against the same quarter a year before; – = hidden.",
    )
    .to_string()
}

/// A breakdown table's caption.
pub fn breakdown_table_caption(l: Lang, dim_title: &str, quarters: &str) -> String {
    match l {
        Lang::Da => format!(
            "Andel i uddannelse eller job og andel arbejdsduelige efter {}, {quarters}",
            dim_title.to_lowercase()
        ),
        Lang::En => {
            format!("Share in education or job and share work-ready by {}, {quarters}", dim_title.to_lowercase())
        }
    }
}

// 4. Status and flows.

pub fn status_intro(l: Lang, q: Quarter) -> String {
    match l {
        Lang::Da => format!(
            "Fuldtidspersoner i gennemsnit pr. måned i {} og i samme kvartal året før. Tabellen har en række for hver af de ti statusser, som hver personuge får netop én af (se bilaget), og en række i alt.",
            l.quarter(q)
        ),
        Lang::En => format!(
            "Full-time persons, monthly average in {} and in the same quarter a year before. The table has a row for each of the ten statuses, of which every person-week gets exactly one (see the appendix), and a row for the total.",
            l.quarter(q)
        ),
    }
}

/// The caption of the chart of the largest flows and of the flow table.
pub fn flows_captions(l: Lang, ma: &str, mb: &str) -> (String, String) {
    match l {
        Lang::Da => (
            format!("De største strømme mellem statusgrupper fra {ma} til {mb}, personer"),
            format!("Strømme mellem statusgrupper fra {ma} til {mb}, personer"),
        ),
        Lang::En => (
            format!("The largest flows between status groups from {ma} to {mb}, persons"),
            format!("Flows between status groups from {ma} to {mb}, persons"),
        ),
    }
}

/// The flows' intro, with the sums of flows it states (a dash when hidden).
pub fn flows_intro(l: Lang, ma: &str, mb: &str, ledig_to_job: &str, job_to_ledig: &str, to_job: &str) -> String {
    match l {
        Lang::Da => format!(
            "Personer, der er med i både {ma} og {mb}, efter deres hovedstatus (flest uger) i hver af de to måneder. Fra ledighed til job gik {ledig_to_job} personer, fra job til ledighed {job_to_ledig}; i alt gik {to_job} personer til job fra andet end job og uddannelse. Tabellen har syv rækker og syv kolonner, fordi de ti statusser her er lagt sammen i syv grupper (sygdom, afklaring og fleksjob; pension og førtidspension; barsel, orlov og øvrige): en strøm mellem to små statusser ville næsten altid bygge på 1–4 personer og skulle skjules."
        ),
        Lang::En => format!(
            "Persons counted in both {ma} and {mb}, by their main status (most weeks) in each month. From unemployment to job went {ledig_to_job} persons, from job to unemployment {job_to_ledig}; in all, {to_job} persons went to a job from something other than a job or education. The table has seven rows and seven columns because the ten statuses are joined here into seven groups (sickness, clarification and flex job; pensions; leave and other): a flow between two small statuses would nearly always rest on 1–4 persons and have to be hidden."
        ),
    }
}

pub fn flows_title(l: Lang, ma: &str, mb: &str) -> String {
    match l {
        Lang::Da => format!("Strømme fra {ma} til {mb}"),
        Lang::En => format!("Flows from {ma} to {mb}"),
    }
}

/// Names (da, en) of the status groups of [`crate::kpi::flows::group`], in its order. The
/// Danish names are also the flows' ids in the CSV and XLSX: translating them changes those.
pub const FLOW_GROUPS: [(&str, &str); 7] = [
    ("Job", "Job"),
    ("Uddannelse", "Education"),
    ("Ledig, jobparat", "Unemployed, job-ready"),
    ("Ledig, aktivitetsparat", "Unemployed, activity-ready"),
    ("Sygdom, afklaring, fleksjob", "Sickness, clarification, flex job"),
    ("Pension og førtidspension", "Pensions"),
    ("Barsel, orlov, øvrige", "Leave and other"),
];

/// The sums of [`crate::kpi::flows::SUMS`] as they are named in the appendix (da, en).
pub const FLOW_SUMS: [(&str, &str); 3] = [
    ("Fra ledighed til job", "From unemployment to job"),
    ("Fra job til ledighed", "From job to unemployment"),
    ("Til job fra andet end job og uddannelse", "To job from other than job and education"),
];

/// The note under the flow table.
pub fn flows_note(l: Lang) -> &'static str {
    l.t("– = skjult (1–4 personer, eller skjult, så et andet skjult tal ikke kan regnes ud). Rækker: status i kvartalets første måned; kolonner (1)–(7): de samme grupper i den sidste.", "– = hidden (1–4 persons, or hidden so that another hidden figure cannot be computed). Rows: status in the quarter's first month; columns (1)–(7): the same groups in its last.")
}

// 6. Initiatives.

/// An initiative's status as the secretariat's file spells it (`planlagt`, …), in the report's
/// language, for `n` initiatives: "2 planlagte" / "2 planned".
pub fn initiative_status(l: Lang, status: &str, n: usize) -> String {
    let (one, many, en) = match status {
        "planlagt" => ("planlagt", "planlagte", "planned"),
        "igangsat" => ("igangsat", "igangsatte", "started"),
        "justeret" => ("justeret", "justerede", "adjusted"),
        "afsluttet" => ("afsluttet", "afsluttede", "completed"),
        "lukket" => ("lukket", "lukkede", "closed"),
        other => (other, other, other),
    };
    match l {
        Lang::Da if n == 1 => one.to_string(),
        Lang::Da => many.to_string(),
        Lang::En => en.to_string(),
    }
}

/// The sentence over the initiatives: how many by status, and what started or was adjusted in
/// the quarter, said in words when nothing was ("Ingen initiativer blev …").
pub fn initiatives_summary(
    l: Lang,
    n: usize,
    areas: usize,
    by_status: &[String],
    q: Quarter,
    new: usize,
    adjusted: usize,
) -> String {
    let count = |k: usize| match (l, k) {
        (Lang::Da, 0) => "ingen".to_string(),
        (Lang::En, 0) => "none".to_string(),
        (_, k) => k.to_string(),
    };
    let first = match l {
        Lang::Da => format!(
            "{n} {} i {areas} {}: {}.",
            if n == 1 { "initiativ" } else { "initiativer" },
            if areas == 1 { "fokusområde" } else { "fokusområder" },
            by_status.join(", ")
        ),
        Lang::En => format!(
            "{n} {} in {areas} {}: {}.",
            if n == 1 { "initiative" } else { "initiatives" },
            if areas == 1 { "focus area" } else { "focus areas" },
            by_status.join(", ")
        ),
    };
    let second = match l {
        Lang::Da if new == 0 && adjusted == 0 => {
            format!("Ingen initiativer blev igangsat eller justeret i {}.", l.quarter(q))
        }
        Lang::Da => format!("I {} blev {} igangsat og {} justeret.", l.quarter(q), count(new), count(adjusted)),
        Lang::En if new == 0 && adjusted == 0 => format!("No initiative was started or adjusted in {}.", l.quarter(q)),
        Lang::En => format!("In {}, {} were started and {} adjusted.", l.quarter(q), count(new), count(adjusted)),
    };
    format!("{first} {second}")
}

// 7. Revisions.

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

// Appendix.

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

/// The short words of table headers, chart titles, legends and markers: (Danish, English).
pub mod words {
    pub const ACTUAL: (&str, &str) = ("Faktisk", "Actual");
    pub const ADJUSTED_THIS_QUARTER: (&str, &str) = ("Justeret i kvartalet", "Adjusted this quarter");
    pub const AGE: (&str, &str) = ("Alder", "Age");
    pub const AND: (&str, &str) = ("og", "and");
    pub const BASELINE: (&str, &str) = ("Basis", "Baseline");
    pub const BY: (&str, &str) = ("efter", "by");
    pub const BY_MONTH: (&str, &str) = ("pr. måned", "by month");
    pub const COMPARISON_WITH_OTHERS: (&str, &str) = ("Sammenligning med andre", "Comparison with others");
    pub const COURSE: (&str, &str) = ("Kurs", "Course");
    pub const COURSE_TO_TARGET: (&str, &str) = ("Kurs mod målet", "Course to target");
    pub const EDUC_JOB: (&str, &str) = ("Uddannelse eller job", "Education or job");
    pub const FLOWS: (&str, &str) = ("Strømme", "Flows");
    pub const FROM_TO: (&str, &str) = ("Fra (rækker), til (kolonner)", "From (rows), to (columns)");
    pub const FULL_TIME_PERSONS: (&str, &str) = ("Fuldtidspersoner", "Full-time persons");
    pub const FULL_TIME_PERSONS_BY_STATUS: (&str, &str) =
        ("Fuldtidspersoner efter status", "Full-time persons by status");
    pub const GAP: (&str, &str) = ("Afvigelse", "Gap");
    pub const GAP_PP: (&str, &str) = ("Afvigelse, pct.-point", "Gap, pp");
    pub const THE_LAST_12_MONTHS: (&str, &str) = ("de seneste 12 måneder", "the last 12 months");
    pub const MONTHLY_AVERAGE: (&str, &str) = ("gennemsnit pr. måned", "monthly average");
    pub const LARGEST_FLOWS_BETWEEN_STATUSES: (&str, &str) =
        ("Største strømme mellem statusser", "Largest flows between statuses");
    pub const LOCAL_AREA: (&str, &str) = ("Lokalområde", "Local area");
    pub const MONTH: (&str, &str) = ("Måned", "Month");
    pub const MONTHLY_SERIES: (&str, &str) = ("Månedsserie", "Monthly series");
    pub const MUNICIPALITY: (&str, &str) = ("Kommune", "Municipality");
    pub const ORIGIN: (&str, &str) = ("Herkomst og oprindelse", "Origin");
    pub const PERSONS: (&str, &str) = ("Personer", "Persons");
    pub const PROVISIONAL: (&str, &str) = ("foreløbig", "provisional");
    pub const PROVISIONAL_BRACKETED: (&str, &str) = ("(foreløbig)", "(provisional)");
    pub const SEX: (&str, &str) = ("Køn", "Sex");
    pub const SHARE: (&str, &str) = ("Andel", "Share");
    pub const SHARE_IN_EDUCATION_OR_JOB_COMPARISON: (&str, &str) =
        ("Andel i uddannelse eller job, sammenligning", "Share in education or job, comparison");
    pub const STARTED_THIS_QUARTER: (&str, &str) = ("Igangsat i kvartalet", "Started this quarter");
    pub const STATUS: (&str, &str) = ("Status", "Status");
    pub const TARGET: (&str, &str) = ("Mål", "Target");
    pub const TO: (&str, &str) = ("til", "to");
    pub const TOTAL: (&str, &str) = ("I alt", "Total");
    pub const UNIT: (&str, &str) = ("Enhed", "Unit");
    pub const SOURCE: (&str, &str) = ("Kilde", "Source");
    pub const WORK_READY: (&str, &str) = ("Arbejdsduelige", "Work-ready");
}

// Section 5, the comparison.

/// The name of every municipality in the extract together: the country when all 98 are there.
pub fn all_municipalities(l: Lang, n: usize, national: bool) -> String {
    if national {
        l.t("Hele landet", "Denmark (all municipalities)").to_string()
    } else {
        l.t(&format!("Alle {n} kommuner i udtrækket"), &format!("All {n} municipalities in the extract")).to_string()
    }
}

/// Where a comparison figure comes from: the extract (same method and disclosure control) or
/// a file of figures given with the report.
pub fn comparison_source(l: Lang, file: Option<&str>) -> String {
    match file {
        None => l.t("Udtrækket", "The extract").to_string(),
        Some(f) => f.to_string(),
    }
}

/// A cluster's row in the comparison.
pub fn cluster_name(l: Lang, name: &str) -> String {
    match l {
        Lang::Da => format!("Klyngen {name}"),
        Lang::En => format!("Cluster {name}"),
    }
}

/// `cluster`: the table's file, the cluster's name and its members' names.
pub fn comparison_intro(
    l: Lang,
    from_extract: bool,
    from_file: Option<&str>,
    cluster: Option<(&str, &str, Vec<String>)>,
) -> String {
    let mut s = l
        .t(
            "Seneste kendte værdi for hver enhed (måned i parentes).",
            "Latest known value for each unit (month in brackets).",
        )
        .to_string();
    if from_extract {
        s.push(' ');
        s.push_str(l.t(
            "Tal med kilden »Udtrækket« er beregnet af effektmaal fra samme udtræk, med samme metode og samme diskretionering som kommunens egne tal. De seks byer er de seks største byers samarbejde om beskæftigelsesindsatsen (6-byerne).",
            "Figures whose source is \"The extract\" are computed by effektmaal from the same extract, by the same method and with the same disclosure control as the municipality's own. The six cities are the six largest cities' cooperation on employment policy (6-byerne).",
        ));
    }
    if let Some((file, name, members)) = cluster {
        s.push(' ');
        s.push_str(&match l {
            Lang::Da => format!(
                "Klyngen {name} er kommunerne {} (klyngetabel: {file}); dens tal er deres tal lagt sammen.",
                members.join(", ")
            ),
            Lang::En => format!(
                "The cluster {name} is the municipalities {} (cluster table: {file}); its figures are theirs added up.",
                members.join(", ")
            ),
        });
    }
    if let Some(f) = from_file {
        s.push(' ');
        s.push_str(&match l {
            Lang::Da => format!("Tal med kilden {f} er givet med rapporten og ikke beregnet af effektmaal."),
            Lang::En => format!("Figures whose source is {f} were given with the report, not computed by effektmaal."),
        });
    }
    s
}

/// "Odense Kommune er nr. 74 af 98 kommuner …" for both targets in `month`; `ranks` holds per
/// KPI the rank and the number of municipalities with a published share.
pub fn comparison_rank(l: Lang, name: &str, month: Month, ranks: &[(Kpi, usize, usize)]) -> String {
    let parts: Vec<String> = ranks
        .iter()
        .map(|&(k, r, n)| {
            let short = match k {
                Kpi::UddannelseJob => l.t("andelen i uddannelse eller job", "the share in education or job"),
                Kpi::Arbejdsduelige => l.t("andelen af arbejdsduelige", "the share of work-ready citizens"),
            };
            match l {
                Lang::Da => format!("nr. {r} af {n} på {short}"),
                Lang::En => format!("number {r} of {n} on {short}"),
            }
        })
        .collect();
    match l {
        Lang::Da => format!(
            "Rangering i {} (1 = højeste andel, blandt kommunerne i udtrækket med et offentliggjort tal): {name} er {}.",
            l.month(month),
            parts.join(" og ")
        ),
        Lang::En => format!(
            "Ranking in {} (1 = highest share, among the extract's municipalities with a published figure): {name} is {}.",
            l.month(month),
            parts.join(" and ")
        ),
    }
}

// The front page's headline, the source line, the contact and the next report.

/// One sentence at the top of the front page, built from the figures: for each target with a
/// latest value and a course (`parts`: KPI, value, value − course), where it stands.
pub fn headline(l: Lang, last: Month, parts: &[(Kpi, f64, f64)]) -> String {
    if parts.is_empty() {
        return String::new();
    }
    let rounded: Vec<(Kpi, f64, f64)> = parts.iter().map(|&(k, v, g)| (k, v, crate::numfmt::round(g, 1))).collect();
    let below = rounded.iter().filter(|p| p.2 < 0.0).count();
    let subject = |k: Kpi| match (l, k) {
        (Lang::Da, Kpi::UddannelseJob) => "andelen i uddannelse eller job",
        (Lang::Da, Kpi::Arbejdsduelige) => "andelen af arbejdsduelige borgere",
        (Lang::En, Kpi::UddannelseJob) => "the share in education or job",
        (Lang::En, Kpi::Arbejdsduelige) => "the share of work-ready citizens",
    };
    let lead = match (l, rounded.len(), below) {
        (Lang::Da, 1, 0) => format!("{} ligger på eller over kursen mod målet", capitalised(subject(rounded[0].0))),
        (Lang::Da, 1, _) => format!("{} ligger under kursen mod målet", capitalised(subject(rounded[0].0))),
        (Lang::Da, _, 0) => "Begge effektmål ligger på eller over kursen mod målet".to_string(),
        (Lang::Da, n, b) if b == n => "Begge effektmål ligger under kursen mod målet".to_string(),
        (Lang::Da, _, _) => "Et af de to effektmål ligger under kursen mod målet".to_string(),
        (Lang::En, 1, 0) => format!("{} is on or above the course to the target", capitalised(subject(rounded[0].0))),
        (Lang::En, 1, _) => format!("{} is below the course to the target", capitalised(subject(rounded[0].0))),
        (Lang::En, _, 0) => "Both effect targets are on or above the course to the target".to_string(),
        (Lang::En, n, b) if b == n => "Both effect targets are below the course to the target".to_string(),
        (Lang::En, _, _) => "One of the two effect targets is below the course to the target".to_string(),
    };
    let each: Vec<(&str, String)> = rounded
        .iter()
        .map(|&(k, v, g)| {
            let side = match (l, g) {
                (Lang::Da, g) if g > 0.0 => format!("{}{}procentpoint over", l.num(g, 1), super::lang::NBSP),
                (Lang::Da, g) if g < 0.0 => format!("{}{}procentpoint under", l.num(-g, 1), super::lang::NBSP),
                (Lang::Da, _) => "på kursen".to_string(),
                (Lang::En, g) if g > 0.0 => format!("{}{}percentage points above", l.num(g, 1), super::lang::NBSP),
                (Lang::En, g) if g < 0.0 => format!("{}{}percentage points below", l.num(-g, 1), super::lang::NBSP),
                (Lang::En, _) => "on the course".to_string(),
            };
            (subject(k), format!("{} ({side})", l.pct(v)))
        })
        .collect();
    // "… var A x og B y" / "… A was x and B y": the verb once, after the first subject.
    let joined: Vec<String> = each
        .iter()
        .enumerate()
        .map(|(i, &(s, ref v))| match (l, i) {
            (Lang::En, 0) => format!("{s} was {v}"),
            _ => format!("{s} {v}"),
        })
        .collect();
    match l {
        Lang::Da => format!("{lead}: i {} var {}.", l.month(last), joined.join(" og ")),
        Lang::En => format!("{lead}: in {}, {}.", l.month(last), joined.join(" and ")),
    }
}

/// The source line under figures and tables made from the extract; `newest` is the extract's
/// newest month, `also` a file of figures given with the report.
pub fn source(l: Lang, newest: Option<Month>, also: Option<&str>) -> String {
    let mut s = match (l, newest) {
        (Lang::Da, Some(m)) => {
            format!("Kilde: DREAM (STAR) og befolkningsudtræk (CPR), udtræk til og med {}", l.month(m))
        }
        (Lang::Da, None) => "Kilde: DREAM (STAR) og befolkningsudtræk (CPR)".to_string(),
        (Lang::En, Some(m)) => {
            format!("Source: DREAM (STAR) and population extract (CPR), extract up to {}", l.month(m))
        }
        (Lang::En, None) => "Source: DREAM (STAR) and population extract (CPR)".to_string(),
    };
    if let Some(f) = also {
        s.push_str(&match l {
            Lang::Da => format!("; {f} (givet med rapporten)"),
            Lang::En => format!("; {f} (given with the report)"),
        });
    }
    s.push_str(l.t("; beregnet med effektmaal.", "; computed with effektmaal."));
    s
}

/// Who answers questions about the report, by default.
pub fn contact(l: Lang, organisation: &str) -> String {
    match l {
        Lang::Da => format!("Sekretariatet for Beskæftigelses- og Socialudvalget, {organisation}"),
        Lang::En => format!("Secretariat of the Employment and Social Committee, {organisation}"),
    }
}

/// The next report, by default: the next quarter's, with the data up to its last day.
pub fn next_report(l: Lang, q: Quarter) -> String {
    let next = q.offset(1);
    let end = next.last_month().last_day();
    match l {
        Lang::Da => {
            format!("Kvartalsstatus for {}, med data til og med {}", l.quarter(next), super::lang::date_label(l, end))
        }
        Lang::En => {
            format!("Quarterly status for {}, with data up to {}", l.quarter(next), super::lang::date_label(l, end))
        }
    }
}
