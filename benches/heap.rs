//! What the benchmarks share: a counting allocator for peak heap, and timings taken in
//! turn. Each bench declares the allocator: `#[global_allocator] static ALLOC: heap::Counting
//! = heap::Counting;`.
#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::{Duration, Instant};

/// Counts live heap bytes and their peak while COUNTING is on. Timings are taken with it
/// off: two threads updating one counter on every allocation would slow both.
pub struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicI64 = AtomicI64::new(0);
static PEAK: AtomicI64 = AtomicI64::new(0);

fn count(delta: i64) {
    if COUNTING.load(Ordering::Relaxed) {
        let now = LIVE.fetch_add(delta, Ordering::Relaxed) + delta;
        PEAK.fetch_max(now, Ordering::Relaxed);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            count(layout.size() as i64);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        count(-(layout.size() as i64));
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            count(new_size as i64 - layout.size() as i64);
        }
        p
    }
}

/// One run of `f`, untimed, and its heap peak above what was live before.
pub fn counted<T>(mut f: impl FnMut() -> T) -> (T, usize) {
    LIVE.store(0, Ordering::Relaxed);
    PEAK.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    let out = f();
    COUNTING.store(false, Ordering::Relaxed);
    (out, PEAK.load(Ordering::Relaxed).max(0) as usize)
}

pub const RUNS: usize = 3;

/// The median times of a peer's run and of ours, run in turn so both see the same
/// machine: a shared virtual machine's speed drifts by a third from one minute to the
/// next, which single runs taken apart would count as ours.
pub fn in_turn<A, B>(mut peer: impl FnMut() -> A, mut ours: impl FnMut() -> B) -> (Duration, Duration) {
    let (mut peer_times, mut our_times) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let start = Instant::now();
        std::hint::black_box(peer());
        peer_times.push(start.elapsed());
        let start = Instant::now();
        std::hint::black_box(ours());
        our_times.push(start.elapsed());
    }
    peer_times.sort();
    our_times.sort();
    (peer_times[RUNS / 2], our_times[RUNS / 2])
}
