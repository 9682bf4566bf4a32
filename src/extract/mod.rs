//! Reading register extracts: decoding and sniffing CSV text (`csv`), single values
//! (`fields`, and `values` for typed cells), tables with named columns (`table` for CSV,
//! `source` for CSV, Parquet and SAS7BDAT alike), the layouts an extract may follow
//! (`layout`), and the OPR_LAND table (`countries`). Every reader fills the typed rows of
//! `typed` (`load` for the effektmaal layout's CSV, `normalize` for the rest); `load` checks
//! them across rows and files and builds the `Extract`, and `rows` reads DREAM's rows after
//! the rest, a batch at a time. `converted` is the stamp `convert`
//! writes so a converted extract is not checked cell by cell again.

pub mod converted;
pub mod countries;
pub mod csv;
pub mod fields;
pub mod layout;
pub mod load;
pub mod normalize;
pub mod rows;
pub mod source;
pub mod table;
pub mod typed;
pub mod values;
