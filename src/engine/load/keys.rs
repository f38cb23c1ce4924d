//! Text keys to customers holding 32 bits of hash per key, not a copy of the text: the text
//! is in the customers' columns already, where a match is checked while probing.

use hashbrown::HashTable;
use rustc_hash::FxHasher;
use std::hash::{Hash, Hasher};

/// (32 bits of the key's hash, entry): eight bytes a key. Keys sharing those bits sit side
/// by side and are told apart by their text.
#[derive(Default)]
pub(super) struct KeyIndex {
    table: HashTable<(u32, u32)>,
}

fn hash32(key: &str) -> u32 {
    let mut hasher = FxHasher::default();
    key.hash(&mut hasher);
    (hasher.finish() >> 32) as u32
}

/// The table's hash of a stored key: its 32 bits spread over 64 (the table takes its
/// buckets from the low bits and its tags from the top ones).
fn spread(h: u32) -> u64 {
    u64::from(h).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl KeyIndex {
    /// The entry of `key`; `is_key(entry)` says whether an entry's text is `key`.
    pub(super) fn get(&self, key: &str, is_key: impl Fn(u32) -> bool) -> Option<u32> {
        let h = hash32(key);
        self.table.find(spread(h), |&(kh, entry)| kh == h && is_key(entry)).map(|&(_, entry)| entry)
    }

    /// Files `entry` under `key` unless the key has one already.
    pub(super) fn insert_first(&mut self, key: &str, entry: u32, is_key: impl Fn(u32) -> bool) {
        let h = hash32(key);
        if self.table.find(spread(h), |&(kh, e)| kh == h && is_key(e)).is_none() {
            self.table.insert_unique(spread(h), (h, entry), |&(kh, _)| spread(kh));
        }
    }

    /// Files `entry` under `key`, which [`KeyIndex::get`] has just not found.
    pub(super) fn insert_new(&mut self, key: &str, entry: u32) {
        let h = hash32(key);
        self.table.insert_unique(spread(h), (h, entry), |&(kh, _)| spread(kh));
    }

    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.table.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two keys whose 32-bit hashes are equal, found by the birthday bound (about 77,000
    /// keys give even odds; a million make it certain in practice).
    fn colliding_keys() -> (String, String) {
        let mut seen = std::collections::HashMap::new();
        for i in 0..1_000_000 {
            let key = format!("k{i}");
            if let Some(other) = seen.insert(hash32(&key), key.clone()) {
                return (other, key);
            }
        }
        unreachable!("no two of a million keys share 32 bits of hash")
    }

    #[test]
    fn keys_that_share_a_hash_stay_apart() {
        let (a, b) = colliding_keys();
        assert_ne!(a, b);
        assert_eq!(hash32(&a), hash32(&b));
        let texts = [a.as_str(), b.as_str(), "Northwind"];
        fn is<'a>(texts: &'a [&str], key: &'a str) -> impl Fn(u32) -> bool + 'a {
            move |entry| texts[entry as usize] == key
        }
        let mut index = KeyIndex::default();
        index.insert_first(&a, 0, is(&texts, &a));
        index.insert_first(&b, 1, is(&texts, &b));
        index.insert_first(&a, 2, is(&texts, &a));
        assert_eq!(index.len(), 2, "a key already filed is not filed again");
        assert_eq!(index.get(&a, is(&texts, &a)), Some(0), "the first entry stays");
        assert_eq!(index.get(&b, is(&texts, &b)), Some(1));
        assert_eq!(index.get("Northwind", is(&texts, "Northwind")), None);
    }

    #[test]
    fn finds_every_key_of_many() {
        let keys: Vec<String> = (0..50_000).map(|i| format!("customer-{i}")).collect();
        let mut index = KeyIndex::default();
        for (i, key) in keys.iter().enumerate() {
            if i % 2 == 0 {
                index.insert_first(key, i as u32, |e| keys[e as usize] == *key);
            } else {
                index.insert_new(key, i as u32);
            }
        }
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(index.get(key, |e| keys[e as usize] == *key), Some(i as u32));
        }
        assert_eq!(index.get("customer-50000", |e| keys[e as usize] == "customer-50000"), None);
        assert_eq!(index.len(), keys.len());
    }
}
