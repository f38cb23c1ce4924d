//! Text keys to customers holding a 64-bit hash per key, not a copy of the text: the text
//! is in the customers' columns already, where a match is checked.

use rustc_hash::{FxHashMap as HashMap, FxHasher};
use std::collections::hash_map::Entry;
use std::hash::{Hash, Hasher};

#[derive(Default)]
pub(super) struct KeyIndex {
    by_hash: HashMap<u64, u32>,
    /// Keys whose hash an earlier key had: vanishingly rare, and handled all the same.
    collided: HashMap<String, u32>,
}

fn hash(key: &str) -> u64 {
    let mut hasher = FxHasher::default();
    key.hash(&mut hasher);
    hasher.finish()
}

impl KeyIndex {
    /// The entry of `key`; `is_key(entry)` says whether an entry's text is `key`.
    pub(super) fn get(&self, key: &str, is_key: impl Fn(u32) -> bool) -> Option<u32> {
        if !self.collided.is_empty()
            && let Some(&entry) = self.collided.get(key)
        {
            return Some(entry);
        }
        self.by_hash.get(&hash(key)).copied().filter(|entry| is_key(*entry))
    }

    /// Files `entry` under `key` unless the key has one already.
    pub(super) fn insert_first(&mut self, key: &str, entry: u32, is_key: impl Fn(u32) -> bool) {
        match self.by_hash.entry(hash(key)) {
            Entry::Vacant(slot) => {
                slot.insert(entry);
            }
            Entry::Occupied(slot) if !is_key(*slot.get()) => {
                self.collided.entry(key.to_string()).or_insert(entry);
            }
            Entry::Occupied(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_share_a_hash_stay_apart() {
        let texts = ["Contoso", "Fabrikam", "Northwind"];
        let mut index = KeyIndex::default();
        let is = |key: &'static str| move |entry: u32| texts[entry as usize] == key;
        index.insert_first("Contoso", 0, is("Contoso"));
        // a second key forced onto the first one's hash, as a collision would
        index.by_hash.insert(hash("Fabrikam"), 0);
        index.insert_first("Fabrikam", 1, is("Fabrikam"));
        index.insert_first("Contoso", 2, is("Contoso"));
        assert_eq!(index.get("Contoso", is("Contoso")), Some(0), "the first entry stays");
        assert_eq!(index.get("Fabrikam", is("Fabrikam")), Some(1));
        assert_eq!(index.get("Northwind", is("Northwind")), None);
    }
}
