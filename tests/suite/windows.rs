//! What people on Windows meet. The tests that hold everywhere (CSV files saved by Excel on
//! Windows, CSV exports Excel opens, paths in any script and over 260 characters, a share
//! that cannot be reached) run on every platform; those about Windows itself (a target list
//! open in Excel, settings under %APPDATA%, drive letters and `\\?\` paths, the executable's
//! subsystem and resources) run on Windows only. `.ci/run` runs this file under Wine.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // tests: a failed unwrap is a failed test

use crate::common;

use ascent_viewer::engine::{ClusterKey, Dataset, Filter, LoadOptions, Rules, Session};
use ascent_viewer::output::export::{ExportFormat, ExportOptions, export};
use common::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Three customers, one prediction each, worked out by hand with the default rules:
/// fit 80 / intent 90 is H/H a1 (Act now), 60 / 40 is M/L b3 (Evaluate), 20 / 10 is VL/VL d4
/// (Educate); whitespace revenue 12,400.50 + 1,000 + 250.25 = 13,650.75.
const NAMES: [&str; 3] = ["Société Générale", "Müller & Söhne", "Crème Brûlée SARL"];
const REVENUE: f64 = 13_650.75;

fn rows(delimiter: char, decimal: char) -> String {
    let amount = |a: &str| a.replace('.', &decimal.to_string());
    let d = delimiter;
    let mut text = format!("Customer ID{d}Account Name{d}Product{d}Fit Score{d}Intent Score{d}Whitespace Revenue\r\n");
    text += &format!("1001{d}{}{d}Azure{d}80{d}90{d}{}\r\n", NAMES[0], amount("12400.50"));
    text += &format!("1002{d}{}{d}Azure{d}60{d}40{d}{}\r\n", NAMES[1], amount("1000"));
    text += &format!("1003{d}{}{d}Microsoft 365{d}20{d}10{d}{}\r\n", NAMES[2], amount("250.25"));
    text
}

fn load(paths: &[PathBuf]) -> Session {
    let data = Dataset::load_paths(paths, &LoadOptions::default(), &mut |_| {}).unwrap();
    Session::new(Arc::new(data), Rules::default(), as_of())
}

fn customer_names(session: &Session) -> Vec<String> {
    let c = &session.data.customers;
    (0..c.name.len()).map(|i| c.name.get(i).to_string()).collect()
}

fn assert_hand_counts(session: &Session, what: &str) {
    let whole = session.whole();
    assert_eq!(whole.rows, 3, "{what}");
    assert_eq!(whole.customers, 3, "{what}");
    assert_eq!(customer_names(session), NAMES, "{what}");
    assert_eq!(whole.cluster(ClusterKey::ActNow).rows, 1, "{what}");
    assert_eq!(whole.cluster(ClusterKey::Evaluate).rows, 1, "{what}");
    assert_eq!(whole.cluster(ClusterKey::Educate).rows, 1, "{what}");
    assert!((whole.whitespace_revenue - REVENUE).abs() < 1e-9, "{what}: {}", whole.whitespace_revenue);
}

#[test]
fn csv_files_saved_by_excel_on_windows_load() {
    let dir = tempfile::tempdir().unwrap();
    // "CSV (Comma delimited)" in an English Windows: Windows-1252
    let english = rows(',', '.');
    let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&english);
    assert!(!unmappable);
    let ansi = dir.path().join("ansi.csv");
    std::fs::write(&ansi, &cp1252).unwrap();
    assert_hand_counts(&load(&[ansi]), "Windows-1252");
    // "Unicode Text": UTF-16 LE with a BOM, tab-separated, saved as .txt
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(rows('\t', '.').encode_utf16().flat_map(u16::to_le_bytes));
    let unicode = dir.path().join("unicode.txt");
    std::fs::write(&unicode, &utf16).unwrap();
    assert_hand_counts(&load(&[unicode]), "UTF-16 LE");
    // "CSV (séparateur : point-virgule)" in a French Windows: semicolons, decimal commas
    let french = rows(';', ',');
    let (french, _, _) = encoding_rs::WINDOWS_1252.encode(&french);
    let semicolons = dir.path().join("point-virgule.csv");
    std::fs::write(&semicolons, &french).unwrap();
    assert_hand_counts(&load(&[semicolons]), "semicolons and decimal commas");
    // "CSV UTF-8": with its BOM
    let mut utf8 = b"\xEF\xBB\xBF".to_vec();
    utf8.extend(rows(',', '.').as_bytes());
    let bom = dir.path().join("utf8.csv");
    std::fs::write(&bom, &utf8).unwrap();
    assert_hand_counts(&load(&[bom]), "UTF-8 with BOM");
}

#[test]
fn csv_exports_open_in_excel_in_the_right_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("source.csv");
    std::fs::write(&src, rows(',', '.')).unwrap();
    let session = load(std::slice::from_ref(&src));
    let out = dir.path().join("targets.csv");
    let opts = ExportOptions { format: ExportFormat::Csv, ..ExportOptions::default() };
    let rows_of = Filter::default().apply(&session.data, &session.derived);
    export(&session, &Filter::default(), &rows_of, &out, &opts, &mut |_, _| {}).unwrap();
    let bytes = std::fs::read(&out).unwrap();
    // UTF-8 with BOM (Excel reads it as UTF-8, not the ANSI code page), CRLF line ends
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert_eq!(text.matches("\r\n").count(), 4, "a header and three lines");
    assert_eq!(text.matches('\n').count(), 4, "no bare line feed");
    assert!(text.contains("Société Générale") && text.contains("Crème Brûlée SARL"));
    // and it opens again as the same three predictions
    assert_hand_counts(&load(&[out]), "exported CSV");
}

/// A folder path of about 330 characters, in several scripts.
fn long_folder(base: &Path) -> PathBuf {
    let names = [
        "Données clients – novembre",
        "日本語のフォルダー",
        "Ελληνικά αρχεία",
        "русские данные",
        "بيانات عربية",
        "תיקייה בעברית",
        "Propensity downloads from Partner Center for the whole team",
        "FY27 – Q2 – every region and every segment of the partner",
    ];
    let mut dir = base.to_path_buf();
    let mut i = 0;
    while dir.as_os_str().len() < 330 {
        dir.push(names[i % names.len()]);
        i += 1;
    }
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn paths_in_any_script_and_over_260_characters() {
    let base = tempfile::tempdir().unwrap();
    let dir = long_folder(base.path());
    let src = fixture_bands(&dir);
    assert!(src.as_os_str().len() > 260, "{}", src.display());
    // fixture A, by hand: 14 predictions of 13 customers (see engine_fixtures.rs)
    for given in [src.clone(), dir.clone()] {
        let session = load(&[given]);
        assert_eq!(session.whole().rows, 14);
        assert_eq!(session.whole().customers, 13);
    }
    let session = load(std::slice::from_ref(&src));
    let out = dir.join("cibles – 目標 – Act now.xlsx");
    let filter = Filter { clusters: [ClusterKey::ActNow].into(), ..Filter::default() };
    let rows = filter.apply(&session.data, &session.derived);
    export(&session, &filter, &rows, &out, &ExportOptions::default(), &mut |_, _| {}).unwrap();
    // rows 5, 6, 7 and 13 of fixture A are Act now
    assert_eq!(load(&[out]).whole().rows, 4);
}

#[test]
fn a_share_that_cannot_be_reached_names_itself() {
    let unc = PathBuf::from(r"\\ascent-no-such-server\share\November");
    let err = Dataset::load_paths(std::slice::from_ref(&unc), &LoadOptions::default(), &mut |_| {}).unwrap_err();
    assert!(err.to_string().contains(r"\\ascent-no-such-server\share\November"), "{err}");
}

#[cfg(windows)]
mod windows_only {
    use super::*;
    use ascent_viewer::output::export::ExportError;
    use std::os::windows::fs::OpenOptionsExt;

    const FILE_SHARE_READ: u32 = 1;

    #[test]
    fn a_target_list_open_in_excel_is_kept_whole() {
        let dir = tempfile::tempdir().unwrap();
        let session = common::session(&[fixture_bands(dir.path())]);
        let out = dir.path().join("targets.xlsx");
        let rows = Filter::default().apply(&session.data, &session.derived);
        let force = ExportOptions { force: true, ..ExportOptions::default() };
        export(&session, &Filter::default(), &rows, &out, &force, &mut |_, _| {}).unwrap();
        let before = std::fs::read(&out).unwrap();
        // Excel opens a workbook sharing reading only
        let excel = std::fs::OpenOptions::new().read(true).share_mode(FILE_SHARE_READ).open(&out).unwrap();
        let act_now = Filter { clusters: [ClusterKey::ActNow].into(), ..Filter::default() };
        let fewer = act_now.apply(&session.data, &session.derived);
        let err = export(&session, &act_now, &fewer, &out, &force, &mut |_, _| {}).unwrap_err();
        assert!(matches!(err, ExportError::Locked { .. }), "{err}");
        assert!(err.to_string().contains("close it in Excel and save again"), "{err}");
        drop(excel);
        assert_eq!(std::fs::read(&out).unwrap(), before, "the old list is whole");
        assert!(temporary_files(dir.path()).is_empty(), "{:?}", temporary_files(dir.path()));
        // closed in Excel, the same save goes through
        export(&session, &act_now, &fewer, &out, &force, &mut |_, _| {}).unwrap();
        assert_eq!(load(&[out]).whole().rows, 4);
    }

    #[test]
    fn settings_live_under_appdata() {
        let appdata = std::env::var_os("APPDATA").expect("APPDATA is set on Windows");
        let dir = eframe::storage_dir("ascent-viewer").unwrap();
        assert_eq!(dir, Path::new(&appdata).join("ascent-viewer").join("data"));
    }

    /// `C:\Users\...` from `\\?\C:\Users\...`.
    fn without_verbatim(path: &Path) -> PathBuf {
        let text = path.to_str().unwrap();
        PathBuf::from(text.strip_prefix(r"\\?\").unwrap_or(text))
    }

    #[test]
    fn drive_letters_backslashes_slashes_and_verbatim_paths() {
        let dir = tempfile::tempdir().unwrap();
        let src = fixture_bands(dir.path());
        let verbatim = std::fs::canonicalize(&src).unwrap();
        assert!(verbatim.to_str().unwrap().starts_with(r"\\?\"), "{}", verbatim.display());
        let drive = without_verbatim(&verbatim);
        assert_eq!(drive.to_str().unwrap().as_bytes()[1], b':', "{}", drive.display());
        let slashes = PathBuf::from(drive.to_str().unwrap().replace('\\', "/"));
        for spelling in [&verbatim, &drive, &slashes] {
            assert_eq!(load(std::slice::from_ref(spelling)).whole().rows, 14, "{}", spelling.display());
        }
        // the source, spelled in capitals, is still the source: never written over
        let session = load(std::slice::from_ref(&drive));
        let shouting = PathBuf::from(drive.to_str().unwrap().to_uppercase());
        let rows = Filter::default().apply(&session.data, &session.derived);
        let force = ExportOptions { force: true, ..ExportOptions::default() };
        let err = export(&session, &Filter::default(), &rows, &shouting, &force, &mut |_, _| {}).unwrap_err();
        assert!(matches!(err, ExportError::WouldOverwriteSource { .. }), "{err}");
        // and so is a hard link to it
        let link = dir.path().join("link.xlsx");
        std::fs::hard_link(&src, &link).unwrap();
        let err = export(&session, &Filter::default(), &rows, &link, &force, &mut |_, _| {}).unwrap_err();
        assert!(matches!(err, ExportError::WouldOverwriteSource { .. }), "{err}");
    }

    #[test]
    fn the_command_line_takes_windows_paths() {
        let dir = tempfile::tempdir().unwrap();
        let src = fixture_bands(dir.path());
        let drive = without_verbatim(&std::fs::canonicalize(&src).unwrap());
        let out = assert_cmd::Command::cargo_bin("ascent-viewer")
            .unwrap()
            .args(["summary", "--json", "--as-of", "2026-11-24"])
            .arg(&drive)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["rows"], 14);
        assert_eq!(v["customers"], 13);
    }

    /// The executable opens no console window (GUI subsystem) and carries its icon, version
    /// information and manifest (build.rs).
    #[test]
    fn the_executable_is_a_windows_program_with_its_resources() {
        let exe = std::fs::read(env!("CARGO_BIN_EXE_ascent-viewer")).unwrap();
        let pe = u32::from_le_bytes(exe[0x3C..0x40].try_into().unwrap()) as usize;
        assert_eq!(&exe[pe..pe + 4], b"PE\0\0");
        // the optional header's Subsystem field: 2 is IMAGE_SUBSYSTEM_WINDOWS_GUI
        let subsystem = u16::from_le_bytes(exe[pe + 0x5C..pe + 0x5E].try_into().unwrap());
        assert_eq!(subsystem, 2);
        let utf16 = |s: &str| s.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>();
        let has = |needle: &[u8]| exe.windows(needle.len()).any(|w| w == needle);
        assert!(has(&utf16("ProductName")) && has(&utf16("Ascent Viewer")), "version information");
        assert!(has(&utf16(env!("CARGO_PKG_VERSION"))), "the version");
        assert!(has(b"PerMonitorV2") && has(b"longPathAware"), "the manifest");
    }
}

/// Windows' devices and pipes are never replaced by an export (#32): `NUL`, `CON` (in any
/// folder, with any extension) and the device namespace.
#[cfg(windows)]
#[test]
fn devices_are_never_an_export_target() {
    use ascent_viewer::output::export::ExportError;
    let dir = tempfile::tempdir().unwrap();
    let session = load(&[fixture_bands(dir.path())]);
    let rows = Filter::default().apply(&session.data, &session.derived);
    let targets = [
        PathBuf::from("NUL"),
        PathBuf::from("CON"),
        dir.path().join("nul.csv"),
        dir.path().join("Com1.xlsx"),
        PathBuf::from(r"\\.\pipe\ascent-viewer-test"),
    ];
    for out in targets {
        let opts = ExportOptions { format: ExportFormat::Csv, force: true, ..ExportOptions::default() };
        let written = export(&session, &Filter::default(), &rows, &out, &opts, &mut |_, _| {});
        assert!(matches!(written, Err(ExportError::NotAFile { .. })), "{}: {written:?}", out.display());
    }
}
