//! Exports never put the user's files at risk (issue: no file can crash it): permissions
//! like any editor's, interrupted exports clean up after themselves, a full disk is said in
//! words with the old file whole, and CSV cells never reach Excel's formula parser.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // tests: a failed unwrap is a failed test

use crate::common;

use ascent_viewer::engine::Filter;
use ascent_viewer::output::export::{ExportError, ExportFormat, ExportOptions, export};
use common::*;
use std::path::{Path, PathBuf};

fn export_all(src: &Path, out: &Path, opts: &ExportOptions) -> Result<usize, ExportError> {
    let session = common::session(&[src.to_path_buf()]);
    let rows = Filter::default().apply(&session.data, &session.derived);
    export(&session, &Filter::default(), &rows, out, opts, &mut |_, _| {}).map(|o| o.rows)
}

#[cfg(unix)]
#[test]
fn permissions_follow_the_umask_and_a_replaced_file_keeps_its_own() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let src = fixture_bands(dir.path());
    // what any program's new file gets here: 0666 less the umask
    let probe = dir.path().join("probe");
    std::fs::File::create(&probe).unwrap();
    let expected = std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
    for format in [ExportFormat::Xlsx, ExportFormat::Csv] {
        let out = dir.path().join(format!("new.{format:?}"));
        export_all(&src, &out, &ExportOptions { format, ..ExportOptions::default() }).unwrap();
        assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, expected, "{format:?}");
    }
    let kept = dir.path().join("kept.xlsx");
    std::fs::write(&kept, b"old").unwrap();
    std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o640)).unwrap();
    export_all(&src, &kept, &ExportOptions { force: true, ..ExportOptions::default() }).unwrap();
    assert_eq!(std::fs::metadata(&kept).unwrap().permissions().mode() & 0o777, 0o640);
}

#[test]
fn stale_temporary_files_of_a_killed_export_are_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let src = fixture_bands(dir.path());
    let stale = dir.path().join(".ascent-export-4242-deadbeef.tmp");
    let fresh = dir.path().join(".ascent-export-4243-cafe.tmp");
    for path in [&stale, &fresh] {
        std::fs::write(path, vec![0u8; 1024]).unwrap();
    }
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    std::fs::File::options().write(true).open(&stale).unwrap().set_modified(two_hours_ago).unwrap();
    export_all(&src, &dir.path().join("out.xlsx"), &ExportOptions::default()).unwrap();
    // the old one is no running export's; the fresh one may be another window's, under way
    assert!(!stale.exists());
    assert!(fresh.exists());
}

#[cfg(unix)]
#[test]
fn sigterm_and_sigint_during_an_export_remove_the_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_ascent-viewer");
    let src = sample_workbook(dir.path(), 6000);
    let target = dir.path().join("targets.xlsx");
    std::fs::write(&target, b"the old list").unwrap();
    for signal in ["TERM", "INT"] {
        let mut child = std::process::Command::new(bin)
            .args(["export", src.to_str().unwrap(), "-o", target.to_str().unwrap(), "--force"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let started = std::time::Instant::now();
        while temporary_files(dir.path()).is_empty() && child.try_wait().unwrap().is_none() {
            assert!(started.elapsed() < std::time::Duration::from_secs(60));
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        let killed = std::process::Command::new("kill").args([format!("-{signal}"), child.id().to_string()]).status();
        assert!(killed.unwrap().success());
        let status = child.wait().unwrap();
        if status.success() {
            continue; // it finished first: nothing to clean
        }
        assert_eq!(status.code(), Some(130), "SIG{signal}");
        assert!(temporary_files(dir.path()).is_empty(), "SIG{signal}: {:?}", temporary_files(dir.path()));
        assert_eq!(std::fs::read(&target).unwrap(), b"the old list");
    }
}

/// A folder on a filesystem of `kb` kilobytes, where the tests may mount one (root, Linux).
struct SmallDisk {
    dir: PathBuf,
    _base: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(kb: u32) -> Option<SmallDisk> {
        let base = tempfile::tempdir().ok()?;
        let dir = base.path().join("disk");
        std::fs::create_dir(&dir).ok()?;
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kb}k"), "tmpfs"])
            .arg(&dir)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then_some(SmallDisk { dir, _base: base })
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.dir).status();
    }
}

#[test]
fn a_full_disk_says_so_and_keeps_the_old_file() {
    let Some(disk) = SmallDisk::mount(96) else {
        eprintln!("skipped: no small filesystem can be mounted here (needs root on Linux)");
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let src = sample_workbook(work.path(), 3000);
    let target = disk.dir.join("targets.xlsx");
    std::fs::write(&target, b"the old list").unwrap();
    for format in [ExportFormat::Xlsx, ExportFormat::Csv] {
        let opts = ExportOptions { format, force: true, ..ExportOptions::default() };
        let err = export_all(&src, &target, &opts).unwrap_err();
        assert!(matches!(err, ExportError::NoSpace { .. }), "{format:?}: {err}");
        assert!(err.to_string().starts_with("not enough space in "), "{err}");
        assert!(!err.to_string().contains("another program"), "{err}");
        assert_eq!(std::fs::read(&target).unwrap(), b"the old list", "{format:?}");
        assert!(temporary_files(&disk.dir).is_empty(), "{format:?}: {:?}", temporary_files(&disk.dir));
    }
}

#[test]
fn every_csv_cell_is_kept_from_excels_formula_parser() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("=1+1 a.csv");
    let b = dir.path().join("b.csv");
    std::fs::write(
        &a,
        "Customer ID,Account Name,Product,Fit Score,Intent Score,=cmd|' /C calc'!A0\r\n7,\tTabbed,Azure,80,80,x\r\n",
    )
    .unwrap();
    std::fs::write(&b, "Customer ID,Account Name,Product,Fit Score,Intent Score\r\n8,\"\rReturned\",Azure,20,20\r\n")
        .unwrap();
    let session = common::session(&[a, b]);
    let out = dir.path().join("list.csv");
    let rows = Filter::default().apply(&session.data, &session.derived);
    let opts = ExportOptions { format: ExportFormat::Csv, ..ExportOptions::default() };
    export(&session, &Filter::default(), &rows, &out, &opts, &mut |_, _| {}).unwrap();
    let text = String::from_utf8(std::fs::read(&out).unwrap()[3..].to_vec()).unwrap();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    // the header of the first file's last column, the file name, the tab and the return
    assert!(records[0].iter().any(|h| h == "'=cmd|' /C calc'!A0"), "{:?}", &records[0]);
    assert_eq!(&records[1][0], "'=1+1 a.csv");
    assert!(records[1].iter().any(|c| c == "'\tTabbed"), "{:?}", &records[1]);
    assert!(records[2].iter().any(|c| c == "'\rReturned"), "{:?}", &records[2]);
    // nothing else a formula could start with is left bare
    for record in &records {
        for cell in record {
            assert!(!matches!(cell.as_bytes().first(), Some(b'=' | b'+' | b'@' | b'\t' | b'\r')), "{cell:?}");
        }
    }
}
