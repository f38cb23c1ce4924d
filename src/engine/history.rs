//! A month's customers seen across the months before it (the library's): each customer's
//! best cluster month by month, its streak, its months in Act now, when it was first seen.
//! Built by `trend`; the filter "in a cluster for N months running" and the accounts'
//! history columns read it.
//!
//! A customer's best cluster in a month is the strongest cluster in force among all its
//! predictions that month, under the rules in force (not only those a filter keeps), so a
//! streak does not change with the filter on screen.

use serde::{Deserialize, Serialize};

use super::library::Month;
use super::rules::ClusterKey;

/// A customer absent from a month.
pub const ABSENT: u8 = u8::MAX;
/// A customer present without predictions (from the agreement renewal report alone).
pub const NO_PREDICTION: u8 = ClusterKey::ALL.len() as u8;

/// The history of the customers of one month (the last of `months`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CustomerHistory {
    /// The months known, oldest first; the month shown is the last.
    pub months: Vec<Month>,
    /// Per customer of the month shown, its best cluster in each month (by
    /// [`ClusterKey::index`], [`NO_PREDICTION`] or [`ABSENT`]): `months.len()` codes each.
    best: Vec<u8>,
}

/// "In CLUSTER for at least N months running": customers whose best cluster was `cluster`
/// in each of the `months` months up to the month shown, that month included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Streak {
    pub cluster: ClusterKey,
    pub months: u32,
}

impl CustomerHistory {
    /// A history from each customer's codes, month after month (`best.len()` is
    /// `months.len()` times the customers).
    pub fn new(months: Vec<Month>, best: Vec<u8>) -> CustomerHistory {
        CustomerHistory { months, best }
    }

    fn codes(&self, customer: usize) -> &[u8] {
        let n = self.months.len();
        self.best.get(customer * n..(customer + 1) * n).unwrap_or(&[])
    }

    /// The customer's best cluster in each month, oldest first (None: absent, or no
    /// prediction).
    pub fn best_by_month(&self, customer: usize) -> impl Iterator<Item = (Month, Option<ClusterKey>)> + '_ {
        self.months.iter().zip(self.codes(customer)).map(|(m, code)| (*m, ClusterKey::ALL.get(*code as usize).copied()))
    }

    /// The months running, up to the month shown, in the customer's best cluster of that
    /// month (0 when it has none). A month missing from the library ends a streak.
    pub fn streak(&self, customer: usize) -> u32 {
        let codes = self.codes(customer);
        let Some(&now) = codes.last() else { return 0 };
        if usize::from(now) >= ClusterKey::ALL.len() {
            return 0;
        }
        let mut run = 0;
        let mut expected = self.months.last().copied();
        for (month, code) in self.months.iter().zip(codes).rev() {
            if Some(*month) != expected || *code != now {
                break;
            }
            run += 1;
            expected = Some(month.previous());
        }
        run
    }

    /// The months the customer's best cluster was `cluster`.
    pub fn months_in(&self, customer: usize, cluster: ClusterKey) -> u32 {
        self.codes(customer).iter().filter(|c| usize::from(**c) == cluster.index()).count() as u32
    }

    /// The first month the customer was seen.
    pub fn first_seen(&self, customer: usize) -> Option<Month> {
        self.months.iter().zip(self.codes(customer)).find(|(_, c)| **c != ABSENT).map(|(m, _)| *m)
    }

    /// Whether the customer is new this month: the month before is known, and it was not
    /// in it.
    pub fn is_new(&self, customer: usize) -> bool {
        let codes = self.codes(customer);
        match (self.months.as_slice(), codes) {
            ([.., before, now], [.., was, _]) if before.next() == *now => *was == ABSENT,
            _ => false,
        }
    }

    /// Whether the customer passes a streak condition.
    pub fn passes(&self, customer: usize, streak: Streak) -> bool {
        let now = self.codes(customer).last().copied().unwrap_or(ABSENT);
        usize::from(now) == streak.cluster.index() && self.streak(customer) >= streak.months
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months(keys: &[&str]) -> Vec<Month> {
        keys.iter().filter_map(|k| Month::parse(k)).collect()
    }

    #[test]
    fn streaks_count_the_months_running_and_a_gap_ends_them() {
        let (a, e, n) = (0u8, 1u8, 2u8);
        // four months, one missing between 2026-09 and 2026-11
        let h = CustomerHistory::new(
            months(&["2026-08", "2026-09", "2026-11", "2026-12"]),
            vec![
                a,
                a,
                a,
                a, // Act now throughout, but 2026-10 is missing: 2 running
                n,
                e,
                a,
                a, // rising
                ABSENT,
                ABSENT,
                ABSENT,
                e, // new in December
                a,
                a,
                a,
                ABSENT, // gone
                NO_PREDICTION,
                NO_PREDICTION,
                NO_PREDICTION,
                NO_PREDICTION,
            ],
        );
        assert_eq!((0..5).map(|c| h.streak(c)).collect::<Vec<_>>(), [2, 2, 1, 0, 0]);
        assert_eq!((0..5).map(|c| h.months_in(c, ClusterKey::ActNow)).collect::<Vec<_>>(), [4, 2, 0, 3, 0]);
        assert_eq!(h.first_seen(2), Month::parse("2026-12"));
        assert_eq!((0..5).map(|c| h.is_new(c)).collect::<Vec<_>>(), [false, false, true, false, false]);
        let streak = Streak { cluster: ClusterKey::ActNow, months: 2 };
        assert_eq!((0..5).map(|c| h.passes(c, streak)).collect::<Vec<_>>(), [true, true, false, false, false]);
        assert_eq!(h.streak(99), 0);
    }
}
