//! On Windows, embeds the app icon in the executable (the same picture as the desktop icon).
fn main() {
    println!("cargo:rerun-if-changed=packaging/windows/ascent-viewer.ico");
    #[cfg(windows)]
    {
        let mut res = winresource::WindowsResource::new();
        res.set_icon("packaging/windows/ascent-viewer.ico");
        if let Err(e) = res.compile() {
            println!("cargo:warning=the icon could not be embedded: {e}");
        }
    }
}
