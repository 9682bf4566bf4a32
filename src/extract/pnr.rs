//! Person ids as held while an extract is read: [`Pnr`] (short ids inline, no allocation of
//! their own), interned to dense numbers by [`PnrIndex`] in the order first seen, and the hash
//! both use ([`IdHasher`]). Only `convert` sees the ids again, to write them back to files.

/// A person id, held without an allocation of its own when it is short (pseudonymised ids
/// are): a national population holds millions. Compares and hashes as its text, so maps keyed
/// by it are looked up with a `&str`.
#[derive(Clone, PartialEq, Eq)]
pub enum Pnr {
    Short(u8, [u8; 22]),
    Long(Box<str>),
}

impl Pnr {
    pub fn new(s: &str) -> Pnr {
        match s.len() {
            n if n <= 22 => {
                let mut b = [0u8; 22];
                b[..n].copy_from_slice(s.as_bytes());
                Pnr::Short(n as u8, b)
            }
            _ => Pnr::Long(s.into()),
        }
    }

    /// The id's bytes (its text, valid UTF-8), without checking them again.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Pnr::Short(n, b) => &b[..*n as usize],
            Pnr::Long(s) => s.as_bytes(),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            // Whole UTF-8 text copied in `new`, so always valid.
            Pnr::Short(n, b) => std::str::from_utf8(&b[..*n as usize]).unwrap_or_default(),
            Pnr::Long(s) => s,
        }
    }
}

impl std::hash::Hash for Pnr {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl std::borrow::Borrow<str> for Pnr {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

/// Never shows the id (it must not reach a log).
impl std::fmt::Debug for Pnr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pnr(…)")
    }
}

/// A fast hash for person ids (FxHash's mixing): the maps of `assemble` hash every id of every
/// file several times, and SipHash's protection against chosen keys buys nothing for files the
/// user gave.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.write(&[i]);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map keyed by person id.
pub type IdMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<IdHasher>>;

/// The persons' ids, each held once: person `p`'s id is `ids[p]`, found by its text through a
/// table of person numbers. [`PnrIndex::find_near`] first tries the person found last and the
/// few after it, so rows that come in the persons' order (a converted extract's do; deliveries
/// sorted by pnr mostly do) are linked by a comparison or two, without hashing. The table is
/// built when first needed: persons added without looking first (a converted extract's, known
/// to be new) and always found near cost no hashing at all.
#[derive(Default)]
pub struct PnrIndex {
    ids: Vec<Pnr>,
    table: std::cell::OnceCell<hashbrown::HashTable<u32>>,
}

/// An id's hash, as `Hash for str` makes it with [`IdHasher`]: the bytes, then `0xff`. The
/// last round matters: without it the low bits of the hash, which choose the table's slot,
/// depend on the low bits of the last word only, and a national population's ids crowded
/// into a few runs of slots (`check` of 1 M persons took 0,7 s longer).
fn id_hash(id: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = IdHasher::default();
    h.write(id);
    h.write_u8(0xff);
    h.finish()
}

/// How many persons after the one found last [`PnrIndex::find_near`] tries before hashing:
/// rows in the persons' order skip a person without a row now and then; rows in another
/// order lose these few comparisons on every row.
pub const NEAR: u32 = 2;

impl PnrIndex {
    pub fn with_capacity(n: usize) -> PnrIndex {
        PnrIndex { ids: Vec::with_capacity(n), table: std::cell::OnceCell::new() }
    }

    /// The persons interned (for tests: the readers count their own rows).
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    fn table(&self) -> &hashbrown::HashTable<u32> {
        self.table.get_or_init(|| {
            let mut t = hashbrown::HashTable::with_capacity(self.ids.capacity());
            for (p, id) in self.ids.iter().enumerate() {
                t.insert_unique(id_hash(id.as_bytes()), p as u32, |&q| id_hash(self.ids[q as usize].as_bytes()));
            }
            t
        })
    }

    /// The person with this id.
    pub fn find(&self, id: &[u8]) -> Option<u32> {
        self.table().find(id_hash(id), |&p| self.ids[p as usize].as_bytes() == id).copied()
    }

    /// The person with this id, trying person `last` and the [`NEAR`] after it first.
    pub fn find_near(&self, id: &[u8], last: u32) -> Option<u32> {
        self.find_within(id, last, NEAR)
    }

    /// The person with this id, trying person `last` and the `reach` after it first: rows
    /// known to come in the persons' order but not for every person (education spells) look
    /// further ahead before hashing.
    pub fn find_within(&self, id: &[u8], last: u32, reach: u32) -> Option<u32> {
        let near = (0..=reach).map(|k| last.wrapping_add(k)).find(|&p| self.is(p, id));
        near.or_else(|| self.find(id))
    }

    /// Whether person `p` has this id.
    pub fn is(&self, p: u32, id: &[u8]) -> bool {
        self.ids.get(p as usize).is_some_and(|q| q.as_bytes() == id)
    }

    /// Adds a person whose id is not yet in the index (as [`PnrIndex::find`] said, or as the
    /// caller knows); returns its number.
    pub fn push(&mut self, id: Pnr) -> u32 {
        let p = self.ids.len() as u32;
        if let Some(t) = self.table.get_mut() {
            let ids = &self.ids;
            t.insert_unique(id_hash(id.as_bytes()), p, |&q| id_hash(ids[q as usize].as_bytes()));
        }
        self.ids.push(id);
        p
    }
}

#[cfg(test)]
mod tests {
    use super::{Pnr, PnrIndex};

    #[test]
    fn persons_are_found_near_or_by_the_table_whenever_it_is_built() {
        let ids: Vec<String> = (0..50).map(|i| format!("P{i:03}")).collect();
        // Added without looking (the table not built), then looked up in and out of order,
        // then added after the table exists.
        let mut index = PnrIndex::default();
        for id in &ids[..40] {
            index.push(Pnr::new(id));
        }
        assert!(index.table.get().is_none(), "no lookup yet, no table");
        assert_eq!(index.find_near(b"P001", 0), Some(1));
        assert_eq!(index.find_near(b"P002", 0), Some(2));
        assert!(index.table.get().is_none(), "found near: still no table");
        assert_eq!(index.find_near(b"P039", 0), Some(39));
        assert!(index.table.get().is_some(), "found by the table");
        assert_eq!(index.find_near(b"P010", u32::MAX), Some(10));
        assert_eq!(index.find_near(b"P040", 38), None);
        assert_eq!(index.find(b"P0"), None);
        for id in &ids[40..] {
            assert_eq!(index.find(id.as_bytes()), None);
            index.push(Pnr::new(id));
        }
        for (p, id) in ids.iter().enumerate().rev() {
            assert_eq!(index.find(id.as_bytes()), Some(p as u32), "{id}");
            assert_eq!(index.find_near(id.as_bytes(), 7), Some(p as u32), "{id}");
            assert!(index.is(p as u32, id.as_bytes()));
        }
        assert_eq!(index.len(), 50);
        // A long id (held on the heap) is found as a short one is.
        let long = "x".repeat(40);
        let p = index.push(Pnr::new(&long));
        assert_eq!(index.find(long.as_bytes()), Some(p));
    }
}
