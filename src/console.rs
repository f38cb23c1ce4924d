//! The terminal that started the program, on Windows.
//!
//! The Windows executable is a GUI program (`windows_subsystem = "windows"` in `main.rs`), so
//! that starting it from the Start menu or by double-clicking a file opens no console
//! window. Such a program has no console of its own: when it is started from a terminal,
//! [`attach_to_parent`] joins that terminal's console so that `ascent-viewer.exe summary ...`
//! still prints there. Output redirected to a file or a pipe is left as it is.

/// Joins the console of the process that started this one, if it has one. Does nothing
/// elsewhere than on Windows, and nothing when started from Explorer or the Start menu.
pub fn attach_to_parent() {
    #[cfg(windows)]
    windows::attach_to_parent();
}

#[cfg(windows)]
mod windows {
    use windows_sys::Win32::Foundation::{GENERIC_READ, GENERIC_WRITE, HANDLE, INVALID_HANDLE_VALUE};
    use windows_sys::Win32::Storage::FileSystem::{CreateFileW, FILE_SHARE_READ, FILE_SHARE_WRITE, OPEN_EXISTING};
    use windows_sys::Win32::System::Console::{
        ATTACH_PARENT_PROCESS, AttachConsole, GetStdHandle, STD_ERROR_HANDLE, STD_HANDLE, STD_INPUT_HANDLE,
        STD_OUTPUT_HANDLE, SetStdHandle,
    };

    pub fn attach_to_parent() {
        // SAFETY: plain Win32 calls with valid arguments; a failure leaves the handles as they were.
        if unsafe { AttachConsole(ATTACH_PARENT_PROCESS) } == 0 {
            return;
        }
        for (id, device) in
            [(STD_INPUT_HANDLE, "CONIN$"), (STD_OUTPUT_HANDLE, "CONOUT$"), (STD_ERROR_HANDLE, "CONOUT$")]
        {
            if !is_set(id) {
                open_console_device(id, device);
            }
        }
    }

    /// A handle inherited from the parent (a redirection to a file or a pipe) is kept.
    fn is_set(id: STD_HANDLE) -> bool {
        // SAFETY: GetStdHandle has no preconditions.
        let handle = unsafe { GetStdHandle(id) };
        !handle.is_null() && handle != INVALID_HANDLE_VALUE
    }

    fn open_console_device(id: STD_HANDLE, device: &str) {
        let name: Vec<u16> = device.encode_utf16().chain(std::iter::once(0)).collect();
        // SAFETY: `name` is NUL-terminated and outlives the call; the other pointers may be null.
        let handle: HANDLE = unsafe {
            CreateFileW(
                name.as_ptr(),
                GENERIC_READ | GENERIC_WRITE,
                FILE_SHARE_READ | FILE_SHARE_WRITE,
                std::ptr::null(),
                OPEN_EXISTING,
                0,
                std::ptr::null_mut(),
            )
        };
        if handle != INVALID_HANDLE_VALUE {
            // SAFETY: `handle` is a valid console handle, owned from now on by the process.
            unsafe { SetStdHandle(id, handle) };
        }
    }
}
