//! The Linux packages, built and installed for real. Runs where CI is set and the tools are
//! there (cargo-deb, dpkg, root); elsewhere it says why it skipped.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // tests: a failed unwrap is a failed test

use std::path::Path;
use std::process::Command;

fn have(program: &str, args: &[&str]) -> bool {
    Command::new(program).args(args).output().is_ok_and(|o| o.status.success())
}

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_deb_and_the_portable_archive() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let is_root = run("id", &["-u"]).trim() == "0";
    if std::env::var_os("CI").is_none()
        || !have("cargo", &["deb", "--version"])
        || !have("dpkg", &["--version"])
        || !is_root
    {
        eprintln!("skipped: needs CI set, cargo-deb, dpkg and root (see .ci/run)");
        return;
    }
    run("bash", &[root.join("packaging/build.sh").to_str().unwrap()]);
    let version = env!("CARGO_PKG_VERSION");
    let dist = root.join("dist");
    let deb = std::fs::read_dir(&dist)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|e| e == "deb"))
        .expect("a .deb in dist/");
    let contents = run("dpkg-deb", &["-c", deb.to_str().unwrap()]);
    for needed in [
        "./usr/bin/ascent-viewer",
        "./usr/share/applications/ascent-viewer.desktop",
        "./usr/share/metainfo/io.github.ascent_viewer.AscentViewer.metainfo.xml",
        "./usr/share/icons/hicolor/scalable/apps/ascent-viewer.svg",
        "./usr/share/icons/hicolor/16x16/apps/ascent-viewer.png",
        "./usr/share/icons/hicolor/512x512/apps/ascent-viewer.png",
        "./usr/share/man/man1/ascent-viewer.1.gz",
        "./usr/share/man/man1/ascent-viewer-summary.1.gz",
        "./usr/share/man/man1/ascent-viewer-compare.1.gz",
        "./usr/share/bash-completion/completions/ascent-viewer",
    ] {
        assert!(contents.contains(needed), "{needed} missing from the .deb:\n{contents}");
    }
    assert!(dist.join(format!("ascent-viewer-{version}-linux-{}.tar.gz", std::env::consts::ARCH)).exists());
    // install it with dpkg (apt fetches the libraries it depends on if they are missing)
    if !have("dpkg", &["-i", deb.to_str().unwrap()]) {
        run("apt-get", &["install", "-f", "-y", "-qq"]);
    }
    assert!(run("dpkg", &["-s", "ascent-viewer"]).contains("Status: install ok installed"));
    let shown = run("/usr/bin/ascent-viewer", &["--version"]);
    assert!(shown.contains(version), "{shown}");
    let summary = run("/usr/bin/ascent-viewer", &["summary", root.join("assets/sample").to_str().unwrap(), "--json"]);
    assert!(summary.contains("\"customers\""));
    if have("desktop-file-validate", &["--help"]) {
        run("desktop-file-validate", &["/usr/share/applications/ascent-viewer.desktop"]);
    }
    if have("appstreamcli", &["--version"]) {
        run(
            "appstreamcli",
            &["validate", "--no-net", "/usr/share/metainfo/io.github.ascent_viewer.AscentViewer.metainfo.xml"],
        );
    }
}
