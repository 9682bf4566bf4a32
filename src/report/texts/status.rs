//! Section 4, status and flows: intros, captions, titles and the flow groups.

use crate::method::calendar::Quarter;
use crate::report::lang::Lang;

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
