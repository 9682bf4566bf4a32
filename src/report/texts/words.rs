//! The short words of table headers, chart titles, legends and markers: (Danish, English).

pub const ACTUAL: (&str, &str) = ("Faktisk", "Actual");
pub const ADJUSTED_THIS_QUARTER: (&str, &str) = ("Justeret i kvartalet", "Adjusted this quarter");
pub const AGE: (&str, &str) = ("Alder", "Age");
pub const AND: (&str, &str) = ("og", "and");
pub const BASELINE: (&str, &str) = ("Basis", "Baseline");
pub const BY: (&str, &str) = ("efter", "by");
pub const BY_MONTH: (&str, &str) = ("pr. måned", "by month");
pub const COMPARISON_WITH_OTHERS: (&str, &str) = ("Sammenligning med andre", "Comparison with others");
pub const EDUC_JOB: (&str, &str) = ("Uddannelse eller job", "Education or job");
pub const FLOWS: (&str, &str) = ("Strømme", "Flows");
pub const FORECAST: (&str, &str) = ("Prognose", "Forecast");
pub const FORECAST_BAND: (&str, &str) = ("Prognose med spænd", "Forecast with range");
pub const FROM_TO: (&str, &str) = ("Fra (rækker), til (kolonner)", "From (rows), to (columns)");
pub const FULL_TIME_PERSONS: (&str, &str) = ("Fuldtidspersoner", "Full-time persons");
pub const FULL_TIME_PERSONS_BY_STATUS: (&str, &str) = ("Fuldtidspersoner efter status", "Full-time persons by status");
/// The gap's header beside each of the two courses, where the table has little room.
pub const GAP_PP_SHORT: (&str, &str) = ("Afv., pct.-point", "Gap, pp");
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
