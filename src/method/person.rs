//! The persons the method measures, as it needs them: a person's birth date, sex, herkomst and
//! oprindelse, and residence spells in a municipality. The readers (`extract`) build these;
//! the method takes them through its own traits (`classify::Register`, `coverage::Covered`).

use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Koen {
    M,
    K,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Herkomst {
    Dansk,
    Indvandrer,
    Efterkommer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Oprindelse {
    Dansk,
    Vestlig,
    IkkeVestlig,
    /// Not known: an immigrant or descendant whose country of origin is unknown or missing from
    /// the country table (DST layout, see `countries`).
    Uoplyst,
}

impl Herkomst {
    pub fn id(self) -> &'static str {
        match self {
            Herkomst::Dansk => "dansk",
            Herkomst::Indvandrer => "indvandrer",
            Herkomst::Efterkommer => "efterkommer",
        }
    }
}

impl Oprindelse {
    pub fn id(self) -> &'static str {
        match self {
            Oprindelse::Dansk => "dansk",
            Oprindelse::Vestlig => "vestlig",
            Oprindelse::IkkeVestlig => "ikke_vestlig",
            Oprindelse::Uoplyst => "uoplyst",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Person {
    pub foedselsdato: NaiveDate,
    pub koen: Koen,
    pub herkomst: Herkomst,
    pub oprindelse: Oprindelse,
}

/// A residence spell in a municipality. `omraade` indexes the extract's local areas (`extract::Extract::areas`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spell {
    /// The line (CSV) or row (SAS7BDAT, Parquet) of the spell in befolkning or bopael, for
    /// messages.
    pub line: usize,
    /// The person whose spell it is.
    pub person: u32,
    pub kommune: u16,
    pub omraade: u16,
    pub fra: NaiveDate,
    pub til: Option<NaiveDate>,
}

impl Spell {
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.fra <= day && self.til.is_none_or(|t| day <= t)
    }
}
