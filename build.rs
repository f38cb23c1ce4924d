//! For Windows targets (native or cross-built with mingw), embeds in the executable the app
//! icon, the version information Explorer and "Apps & features" show, and the application
//! manifest (per-monitor DPI, long paths, modern dialogs, no elevation). The target is read
//! from Cargo's environment, not `cfg!`, which describes the machine running this script.
fn main() {
    println!("cargo:rerun-if-changed=packaging/windows/ascent-viewer.ico");
    println!("cargo:rerun-if-changed=packaging/windows/ascent-viewer.exe.manifest");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let mut res = winresource::WindowsResource::new();
    res.set_icon("packaging/windows/ascent-viewer.ico")
        .set_manifest_file("packaging/windows/ascent-viewer.exe.manifest")
        .set("ProductName", "Ascent Viewer")
        .set("FileDescription", "Ascent Viewer")
        .set("CompanyName", "The Ascent Viewer developers")
        .set("LegalCopyright", "Copyright (c) 2026 The Ascent Viewer developers, MIT licence")
        .set("OriginalFilename", "ascent-viewer.exe");
    if let Err(e) = res.compile() {
        // a build without the resource compiler still works, only without icon and version
        println!("cargo:warning=the Windows resources could not be embedded: {e}");
    }
}
