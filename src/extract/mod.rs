//! Reading register extracts: decoding and sniffing CSV text (`csv`), single values
//! (`fields`), tables with named columns (`table`).

pub mod csv;
pub mod fields;
pub mod load;
pub mod table;
