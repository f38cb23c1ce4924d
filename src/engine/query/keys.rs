//! Sort keys and the one ordering every table uses: typed values compared as values
//! (numbers and dates as numbers, texts by a collation of their folded text), blanks
//! always last, ties in the file's order whichever the direction.

use rustc_hash::FxHashMap as HashMap;

use crate::engine::load::value::{
    Cell, DateOrder, date_order_hint, date_to_serial, employees_of, is_placeholder, parse_date_text, parse_number_text,
};
use crate::engine::text::{fold_search, trim_cell};

/// A line's value in the column ordered by. Classes sort as Excel sorts them: numbers
/// (dates are numbers: their serial day), then texts, then anything else (true/false,
/// errors); blanks last.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SortKey {
    Number(f64),
    /// A text's place in the collation of the texts ordered (see [`Collation`]).
    Text(u32),
    /// True/false and error cells, by a rank of their own.
    Other(u32),
    Blank,
}

impl SortKey {
    /// A number, or a blank where it is NaN (a value that could not be read).
    pub fn number(v: f64) -> SortKey {
        if v.is_nan() { SortKey::Blank } else { SortKey::Number(v) }
    }

    /// (class, bits): compared as a pair they give the key's order; descending reverses
    /// both but keeps blanks last.
    fn bits(self, descending: bool) -> Bits {
        let (class, value) = match self {
            SortKey::Number(v) => (0, ordered_bits(v)),
            SortKey::Text(rank) => (1, u64::from(rank)),
            SortKey::Other(rank) => (2, u64::from(rank)),
            SortKey::Blank => return (3, 0),
        };
        if descending { (2 - class, !value) } else { (class, value) }
    }
}

/// A key as compared: its class and its bits (see [`SortKey::bits`]).
type Bits = (u8, u64);

/// An f64's bits made to compare as the numbers do (-0 and 0 alike).
fn ordered_bits(v: f64) -> u64 {
    let bits = (v + 0.0).to_bits();
    if bits >> 63 == 1 { !bits } else { bits | 1 << 63 }
}

/// One level of an order: a key per line and its direction.
pub struct Level<'a> {
    pub key: &'a dyn Fn(u32) -> SortKey,
    pub descending: bool,
}

/// `lines` (indices in the file's order: predictions, accounts, pairs) put in the order of
/// `levels`, the first deciding first; lines equal on every level keep the order of their
/// index, in either direction.
pub fn order_lines(lines: &mut [u32], levels: &[Level<'_>]) {
    in_file_order(lines);
    match levels {
        [] => {}
        [one] => {
            let mut keyed: Vec<(Bits, u32)> = lines.iter().map(|&i| ((one.key)(i).bits(one.descending), i)).collect();
            // a stable radix sort: digits alike in every key (a score's exponent) are skipped
            radsort::sort_by_key(&mut keyed, |&((class, bits), _)| (class, bits));
            lines.iter_mut().zip(keyed).for_each(|(line, (_, i))| *line = i);
        }
        [first, second] => {
            let mut keyed: Vec<(Bits, Bits, u32)> = lines
                .iter()
                .map(|&i| ((first.key)(i).bits(first.descending), (second.key)(i).bits(second.descending), i))
                .collect();
            keyed.sort_unstable();
            lines.iter_mut().zip(keyed).for_each(|(line, (_, _, i))| *line = i);
        }
        _ => {
            // every level's bits in one row per line, compared level after level
            let width = levels.len();
            let bits: Vec<Bits> =
                lines.iter().flat_map(|&i| levels.iter().map(move |l| (l.key)(i).bits(l.descending))).collect();
            let mut positions: Vec<usize> = (0..lines.len()).collect();
            positions.sort_unstable_by(|&a, &b| {
                bits[a * width..(a + 1) * width].cmp(&bits[b * width..(b + 1) * width]).then(lines[a].cmp(&lines[b]))
            });
            let ordered: Vec<u32> = positions.iter().map(|&p| lines[p]).collect();
            lines.copy_from_slice(&ordered);
        }
    }
}

/// Lines in the file's order, where they are not already (a filter gives them so): the
/// stable sorts that follow keep it among ties.
pub fn in_file_order(lines: &mut [u32]) {
    if !lines.is_sorted() {
        lines.sort_unstable();
    }
}

/// Dense ranks of sorted (value, slot) pairs: equal values share a rank. `ranks[slot]` for
/// each of `slots` slots.
fn dense_ranks<T: PartialEq>(sorted: &[(T, u32)], slots: usize) -> Vec<u32> {
    let mut ranks = vec![0u32; slots];
    let mut rank = 0u32;
    for (k, (value, slot)) in sorted.iter().enumerate() {
        if k > 0 && sorted[k - 1].0 != *value {
            rank += 1;
        }
        ranks[*slot as usize] = rank;
    }
    ranks
}

/// Texts ranked by their folded form (lower case, accents removed: "Émile" sorts with
/// "emile", before "Eric"); texts that fold alike share a rank, so their lines keep the
/// file's order. Each distinct text is folded once.
pub struct Collation;

impl Collation {
    /// The rank of each of `texts` (in their order).
    pub fn ranks<S: AsRef<str> + Sync>(texts: &[S]) -> Vec<u32> {
        if texts.len() > 1 << 16 {
            return Collation::ranks_of_many(texts);
        }
        let mut distinct: HashMap<&str, u32> = HashMap::default();
        let slots: Vec<u32> = texts
            .iter()
            .map(|t| {
                let next = distinct.len() as u32;
                *distinct.entry(t.as_ref()).or_insert(next)
            })
            .collect();
        let mut folded: Vec<(String, u32)> = distinct.iter().map(|(t, &slot)| (fold_search(t), slot)).collect();
        folded.sort_unstable();
        let rank_of = dense_ranks(&folded, folded.len());
        slots.into_iter().map(|slot| rank_of[slot as usize]).collect()
    }

    /// [`Collation::ranks`] for long lists, mostly distinct (names, ids): folded on both cores
    /// and sorted, with no table of distinct texts.
    fn ranks_of_many<S: AsRef<str> + Sync>(texts: &[S]) -> Vec<u32> {
        let half = texts.len() / 2;
        let fold = |part: &[S], from: usize| -> Vec<(String, u32)> {
            part.iter().enumerate().map(|(k, t)| (fold_search(t.as_ref()), (from + k) as u32)).collect()
        };
        let mut folded = std::thread::scope(|scope| {
            let second = scope.spawn(|| fold(&texts[half..], half));
            let mut first = fold(&texts[..half], 0);
            first.extend(second.join().unwrap_or_default());
            first
        });
        folded.sort_unstable();
        dense_ranks(&folded, texts.len())
    }

    /// Keys of sequences (a line's products, cluster by cluster: codes already in order),
    /// compared element by element; an empty one is blank.
    pub fn sequence_keys(sequences: &[Vec<u32>]) -> Vec<SortKey> {
        let mut sorted: Vec<(&[u32], u32)> = sequences.iter().zip(0..).map(|(s, k)| (s.as_slice(), k)).collect();
        sorted.sort_unstable();
        let ranks = dense_ranks(&sorted, sequences.len());
        sequences
            .iter()
            .zip(ranks)
            .map(|(s, rank)| if s.is_empty() { SortKey::Blank } else { SortKey::Text(rank) })
            .collect()
    }

    /// Text keys of `texts`, blanks where a text is empty.
    pub fn keys<S: AsRef<str> + Sync>(texts: &[S]) -> Vec<SortKey> {
        let ranks = Collation::ranks(texts);
        texts
            .iter()
            .zip(ranks)
            .map(|(t, rank)| if trim_cell(t.as_ref()).is_empty() { SortKey::Blank } else { SortKey::Text(rank) })
            .collect()
    }
}

/// How a column's texts read: some columns hold dates or size bands written as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TextsAre {
    Texts,
    /// Dates, day and month in this order.
    Dates(DateOrder),
    /// Employee bands ("1-9", "250+"), by their lower bound.
    SizeBands,
}

/// The keys of cells of one column (`cells[k]` for line k): numbers as numbers, texts
/// that are dates as dates, size bands by their lower bound, other texts collated, blanks
/// (and placeholders such as "n/a") last. Each distinct text is read once.
pub fn cell_keys(cells: &[Cell<'_>], size_bands: bool) -> Vec<SortKey> {
    let mut texts: Vec<&str> = Vec::new();
    let mut keys: Vec<SortKey> = cells
        .iter()
        .map(|cell| match *cell {
            Cell::Empty => SortKey::Blank,
            Cell::Number(v) | Cell::Date(v) => SortKey::number(v),
            Cell::Bool(b) => SortKey::Other(u32::from(b)),
            Cell::Error(_) => SortKey::Other(2),
            Cell::Text(t) => {
                let t = trim_cell(t);
                if t.is_empty() || is_placeholder(t) {
                    SortKey::Blank
                } else if let Some(p) = parse_number_text(t) {
                    SortKey::Number(p.value)
                } else {
                    texts.push(t);
                    // the text's slot, replaced below
                    SortKey::Text(texts.len() as u32 - 1)
                }
            }
        })
        .collect();
    if texts.is_empty() {
        return keys;
    }
    let text_keys = text_keys(&texts, size_bands);
    for key in &mut keys {
        if let SortKey::Text(slot) = *key {
            *key = text_keys[slot as usize];
        }
    }
    keys
}

/// Keys of texts that are not numbers: read as dates or bands where most of them are.
fn text_keys(texts: &[&str], size_bands: bool) -> Vec<SortKey> {
    let mut distinct: HashMap<&str, usize> = HashMap::default();
    for t in texts {
        let next = distinct.len();
        distinct.entry(t).or_insert(next);
    }
    let mut values: Vec<&str> = vec![""; distinct.len()];
    for (t, &k) in &distinct {
        values[k] = t;
    }
    let read_as = texts_are(&values, size_bands);
    let read = |t: &str| -> Option<f64> {
        match read_as {
            TextsAre::Dates(order) => parse_date_text(t, order).ok().map(date_to_serial),
            TextsAre::SizeBands => employees_of(Cell::Text(t)).ok(),
            TextsAre::Texts => None,
        }
    };
    let numbers: Vec<Option<f64>> = values.iter().map(|t| read(t)).collect();
    let collated = Collation::ranks(&values);
    let per_value: Vec<SortKey> =
        numbers.iter().zip(collated).map(|(n, rank)| n.map_or(SortKey::Text(rank), SortKey::Number)).collect();
    texts.iter().map(|t| per_value[distinct[t]]).collect()
}

/// Dates where most distinct texts read as dates (day first where one of them says so);
/// size bands where most read as bands and the column is an org size, or all of them do.
fn texts_are(values: &[&str], size_bands: bool) -> TextsAre {
    let hints: Vec<DateOrder> = values.iter().filter_map(|t| date_order_hint(t)).collect();
    let order = if hints.contains(&DateOrder::DayFirst) {
        DateOrder::DayFirst
    } else if hints.contains(&DateOrder::MonthFirst) {
        DateOrder::MonthFirst
    } else {
        DateOrder::Unknown
    };
    let most = |n: usize| n * 2 > values.len();
    let dates = values.iter().filter(|t| parse_date_text(t, order).is_ok()).count();
    if most(dates) {
        return TextsAre::Dates(order);
    }
    let bands = values.iter().filter(|t| employees_of(Cell::Text(t)).is_ok()).count();
    if (size_bands && most(bands)) || bands == values.len() { TextsAre::SizeBands } else { TextsAre::Texts }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ordered(keys: &[SortKey], descending: bool) -> Vec<u32> {
        let mut lines: Vec<u32> = (0..keys.len() as u32).collect();
        let key = |i: u32| keys[i as usize];
        order_lines(&mut lines, &[Level { key: &key, descending }]);
        lines
    }

    #[test]
    fn numbers_then_texts_blanks_last_ties_in_file_order() {
        use SortKey::*;
        let keys = [Text(1), Blank, Number(20.0), Number(3.0), Text(0), Number(20.0), Blank];
        assert_eq!(ordered(&keys, false), [3, 2, 5, 4, 0, 1, 6]);
        assert_eq!(ordered(&keys, true), [0, 4, 2, 5, 3, 1, 6]);
    }

    #[test]
    fn negative_numbers_and_zero_compare_as_numbers() {
        let keys = [SortKey::Number(-0.0), SortKey::Number(-2.5), SortKey::Number(0.0), SortKey::Number(1e-9)];
        assert_eq!(ordered(&keys, false), [1, 0, 2, 3]);
    }

    #[test]
    fn texts_collate_without_case_or_accents() {
        let ranks = Collation::ranks(&["eric", "École", "Emile", "ecole", "Zoé", "émile"]);
        // école = ecole < emile = émile < eric < zoé
        assert_eq!(ranks, [2, 0, 1, 0, 3, 1]);
    }

    #[test]
    fn text_dates_and_bands_are_read_as_values() {
        let cells = [Cell::Text("03/01/2027"), Cell::Text("11/15/2026"), Cell::Text("n/a"), Cell::Text("12/01/2026")];
        assert_eq!(ordered(&cell_keys(&cells, false), false), [1, 3, 0, 2]);
        let cells = [Cell::Text("02/12/2026"), Cell::Text("15/11/2026"), Cell::Empty];
        assert_eq!(ordered(&cell_keys(&cells, false), false), [1, 0, 2]);
        let cells = [Cell::Text("250+"), Cell::Text("1-9"), Cell::Text("10-49"), Cell::Empty];
        assert_eq!(ordered(&cell_keys(&cells, true), false), [1, 2, 0, 3]);
        let cells = [Cell::Text("100"), Cell::Text("20"), Cell::Text("3"), Cell::Empty];
        assert_eq!(ordered(&cell_keys(&cells, false), true), [0, 1, 2, 3]);
    }
}
