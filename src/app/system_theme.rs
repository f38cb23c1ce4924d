//! The light or dark mode the system asks of apps, where the app reads it itself.
//!
//! On Windows the "System" theme follows "Choose your app mode" (Settings, Personalisation,
//! Colours), the documented `AppsUseLightTheme` value. winit's own detection goes through
//! undocumented uxtheme entry points that some Windows builds and Wine do not have, and then
//! reports light whatever the setting; the registry value is read at start and again
//! whenever the window gets the focus back (as after a visit to Settings). Elsewhere, and
//! where the value is absent, egui follows what the windowing system reports.

use eframe::egui;

/// The theme the system asks for, when the app can tell better than the windowing library.
pub fn app_mode() -> Option<egui::Theme> {
    #[cfg(windows)]
    {
        windows::apps_use_light_theme().map(|light| if light { egui::Theme::Light } else { egui::Theme::Dark })
    }
    #[cfg(not(windows))]
    {
        None
    }
}

#[cfg(windows)]
mod windows {
    use windows_sys::Win32::System::Registry::{HKEY_CURRENT_USER, RRF_RT_REG_DWORD, RegGetValueW};

    fn wide(text: &str) -> Vec<u16> {
        text.encode_utf16().chain(std::iter::once(0)).collect()
    }

    pub fn apps_use_light_theme() -> Option<bool> {
        let key = wide(r"Software\Microsoft\Windows\CurrentVersion\Themes\Personalize");
        let name = wide("AppsUseLightTheme");
        let mut value: u32 = 0;
        let mut size = std::mem::size_of::<u32>() as u32;
        // SAFETY: NUL-terminated names; `value` and `size` are valid for the DWORD asked for.
        let status = unsafe {
            RegGetValueW(
                HKEY_CURRENT_USER,
                key.as_ptr(),
                name.as_ptr(),
                RRF_RT_REG_DWORD,
                std::ptr::null_mut(),
                (&raw mut value).cast(),
                &mut size,
            )
        };
        (status == 0).then_some(value != 0)
    }
}
