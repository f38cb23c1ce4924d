//! How much memory the machine has, for the default memory budget of a load; columns that
//! grow by a quarter.

/// Pushing onto the columns a load fills one value at a time: they grow by a quarter, not
/// double, so a column of a million values holds at most a quarter more, not twice as many.
pub trait PushGrowing<T> {
    fn push_growing(&mut self, value: T);
}

/// Below this many values a column doubles as usual.
const FIRST_ROOM: usize = 1024;

impl<T> PushGrowing<T> for Vec<T> {
    #[inline]
    fn push_growing(&mut self, value: T) {
        if self.len() == self.capacity() {
            self.reserve_exact((self.len() / 4).max(FIRST_ROOM));
        }
        self.push(value);
    }
}

/// Room for `more` bytes in `text`, grown by a quarter.
#[inline]
pub fn reserve_growing(text: &mut String, more: usize) {
    if text.capacity() - text.len() < more {
        text.reserve_exact((text.len() / 4).max(more).max(FIRST_ROOM * 16));
    }
}

/// The machine's physical memory in bytes, where the system says. Asked once per process:
/// the View menu shows it every frame it is open.
pub fn total_bytes() -> Option<u64> {
    static TOTAL: std::sync::OnceLock<Option<u64>> = std::sync::OnceLock::new();
    *TOTAL.get_or_init(imp::total_bytes)
}

#[cfg(target_os = "linux")]
mod imp {
    pub fn total_bytes() -> Option<u64> {
        let info = std::fs::read_to_string("/proc/meminfo").ok()?;
        let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
        let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        kb.checked_mul(1024)
    }
}

#[cfg(windows)]
mod imp {
    use windows_sys::Win32::System::SystemInformation::{GlobalMemoryStatusEx, MEMORYSTATUSEX};

    pub fn total_bytes() -> Option<u64> {
        let mut status =
            MEMORYSTATUSEX { dwLength: std::mem::size_of::<MEMORYSTATUSEX>() as u32, ..Default::default() };
        // SAFETY: `status` is a valid MEMORYSTATUSEX with its length set, as the call requires.
        let ok = unsafe { GlobalMemoryStatusEx(&mut status) };
        (ok != 0).then_some(status.ullTotalPhys)
    }
}

#[cfg(not(any(target_os = "linux", windows)))]
mod imp {
    pub fn total_bytes() -> Option<u64> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_grow_by_a_quarter() {
        let mut v: Vec<u32> = Vec::new();
        for i in 0..1_000_000 {
            v.push_growing(i);
        }
        assert_eq!(v.len(), 1_000_000);
        assert!(v.iter().enumerate().all(|(i, x)| *x as usize == i));
        // doubling would hold 1,048,576; a quarter's growth at most 1,250,000 and here less
        assert!(v.capacity() <= 1_250_000, "{}", v.capacity());
        let mut text = String::new();
        for _ in 0..100_000 {
            reserve_growing(&mut text, 10);
            text.push_str("0123456789");
        }
        assert!(text.capacity() <= 1_250_000 + 16 * 1024, "{}", text.capacity());
    }

    #[test]
    fn the_machine_has_some_memory() {
        if let Some(total) = super::total_bytes() {
            assert!(total > 256 << 20, "{total}");
        }
    }
}
