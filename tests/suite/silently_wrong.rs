//! Nothing silently wrong (#32): outputs that are not files are never replaced nor opened,
//! "already exists" is decided at the rename, filters mean what they say, a file given twice
//! is read once, amounts stay finite, view and rules files are read within limits, and data
//! never drives the terminal. Each crafted input is made by its test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // tests: a failed unwrap is a failed test

use crate::common;

use common::*;
use std::path::Path;
use std::time::Duration;

#[cfg(unix)]
fn export_to(src: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    cli()
        .args(["export", "--format", "csv", "-o"])
        .arg(out)
        .args(extra)
        .arg(src)
        .timeout(Duration::from_secs(60))
        .assert()
}

#[cfg(unix)]
#[test]
fn devices_pipes_and_folders_are_never_replaced_nor_opened() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let src = fixture_bands(dir.path());
    for device in ["/dev/null", "/dev/full", "/dev/stdout"] {
        let out = export_to(&src, Path::new(device), &["--force"]).failure();
        let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(err.contains("is not a file"), "{device}: {err}");
    }
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    // a pipe nobody writes to: opened for reading it would wait forever
    let fifo = dir.path().join("pipe");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for command in [vec!["export", "--format", "csv"], vec!["report"]] {
        let mut cmd = cli();
        cmd.args(&command).arg("-o").arg(&fifo).arg("--force").arg(&src).timeout(Duration::from_secs(60));
        let err = String::from_utf8_lossy(&cmd.assert().failure().get_output().stderr).into_owned();
        assert!(err.contains("is not a file"), "{command:?}: {err}");
    }
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    export_to(&src, dir.path(), &["--force"]).failure();
}

#[cfg(unix)]
#[test]
fn a_dangling_link_is_a_name_taken() {
    let dir = tempfile::tempdir().unwrap();
    let src = fixture_bands(dir.path());
    let link = dir.path().join("out.csv");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
    let out = export_to(&src, &link, &[]).failure();
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("already exists"));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(!dir.path().join("nowhere").exists());
    // replaced with --force: the link becomes the export, what it named stays unmade
    export_to(&src, &link, &["--force"]).success();
    assert!(std::fs::symlink_metadata(&link).unwrap().is_file());
    assert!(!dir.path().join("nowhere").exists());
}

/// Eight exports to one new name at once: one writes it, seven say it exists.
#[test]
fn already_exists_is_decided_at_the_rename() {
    let dir = tempfile::tempdir().unwrap();
    let src = fixture_bands(dir.path());
    let out = dir.path().join("list.csv");
    let children: Vec<_> = (0..8)
        .map(|_| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("ascent-viewer"))
                .args(["export", "--format", "csv", "-o"])
                .arg(&out)
                .arg(&src)
                .env("LANG", "en_US.UTF-8")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    let outcomes: Vec<bool> = children.into_iter().map(|mut c| c.wait().unwrap().success()).collect();
    assert_eq!(outcomes.iter().filter(|ok| **ok).count(), 1, "{outcomes:?}");
    // at the rename itself: a file made after the check and before the rename is kept
    let session = common::session(std::slice::from_ref(&src));
    let rows = ascent_viewer::engine::Filter::default().apply(&session.data, &session.derived);
    let late = dir.path().join("late.csv");
    let opts = ascent_viewer::output::export::ExportOptions {
        format: ascent_viewer::output::export::ExportFormat::Csv,
        ..Default::default()
    };
    let made = ascent_viewer::output::export::export(
        &session,
        &ascent_viewer::engine::Filter::default(),
        &rows,
        &late,
        &opts,
        &mut |done, _| {
            if done > 0 && !late.exists() {
                std::fs::write(&late, b"made meanwhile").unwrap();
            }
        },
    );
    assert!(matches!(made, Err(ascent_viewer::output::export::ExportError::Exists { .. })), "{made:?}");
    assert_eq!(std::fs::read(&late).unwrap(), b"made meanwhile");
}

fn stderr_of(args: &[&str], paths: &[&Path]) -> String {
    let mut cmd = cli();
    cmd.args(args).args(paths).timeout(Duration::from_secs(60));
    String::from_utf8_lossy(&cmd.assert().failure().get_output().stderr).into_owned()
}

/// An operator the parser does not know is an error naming it, never "equals".
#[test]
fn unknown_operators_are_errors_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    let src = fixture_bands(dir.path());
    for (condition, operator) in [
        ("Fit Score!=80", "!="),
        ("!Fit Score=80", "!"),
        ("Fit Score~=80", "~="),
        ("Fit Score==80", "=="),
        ("Fit Score=>80", "=>"),
    ] {
        let err = stderr_of(&["summary", "--where", condition], &[&src]);
        assert!(err.contains(&format!("unknown operator \"{operator}\"")), "{condition}: {err}");
    }
    // the operators it knows still work: one row of fixture_bands has fit 29, two at least 100
    let rows = |condition: &str| json_of(&["summary", src.to_str().unwrap(), "--where", condition])["rows"].as_u64();
    assert_eq!(rows("Fit Score=29"), Some(1));
    assert_eq!(rows("Fit Score>=100"), Some(2));
}

/// View files refuse keys they do not know and numbers that are not finite, as rules files
/// do; `--map` to a header no table has names the headers there are.
#[test]
fn view_files_and_mappings_refuse_what_they_would_ignore() {
    let dir = tempfile::tempdir().unwrap();
    let src = fixture_bands(dir.path());
    let cases = [
        ("[filter]\nexpiring_onyl = true\n", "expiring_onyl"),
        ("[filter.columns.\"Fit Score\"]\natleast = 50\n", "atleast"),
        ("colour = \"red\"\n", "colour"),
        ("[filter.columns.\"Fit Score\"]\nat-least = nan\n", "not a finite number"),
        ("[filter.columns.\"Fit Score\"]\nat-most = inf\n", "not a finite number"),
    ];
    for (k, (text, named)) in cases.iter().enumerate() {
        let view = dir.path().join(format!("view{k}.toml"));
        std::fs::write(&view, format!("name = \"v\"\n{text}")).unwrap();
        let err = stderr_of(&["summary", "--view", view.to_str().unwrap()], &[&src]);
        assert!(err.contains(named), "{text}: {err}");
    }
    // the views earlier releases wrote still read
    for name in ["view-accounts-0.1.toml", "view-source-column-0.1.toml", "view-predictions-0.1.toml"] {
        let view = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/v0.1").join(name);
        cli().args(["summary", "--view"]).arg(&view).arg(&src).assert().success();
    }
    let err = stderr_of(&["summary", "--map", "customer_id=Nope"], &[&src]);
    assert!(err.contains("no table of the files has a column \"Nope\""), "{err}");
    assert!(err.contains("Customer ID, Account Name, Product, Fit Score"), "{err}");
}

/// A file given twice, by any spelling, is read once, with a notice; the report says so.
#[test]
fn a_file_given_twice_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let src = fixture_bands(dir.path());
    let once = json_of(&["summary", src.to_str().unwrap()]);
    // fixture_bands: fourteen rows, one prediction each
    assert_eq!(once["rows"].as_u64(), Some(14));
    let dotted = dir.path().join(".").join("bands.xlsx");
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut spellings =
        vec![vec![src.clone(), src.clone()], vec![src.clone(), dotted], vec![dir.path().to_path_buf(), src.clone()]];
    #[cfg(unix)]
    {
        let link = dir.path().join("elsewhere");
        std::fs::create_dir(&link).unwrap();
        std::os::unix::fs::symlink(&src, link.join("link.xlsx")).unwrap();
        std::fs::hard_link(&src, link.join("hard.xlsx")).unwrap();
        spellings.push(vec![src.clone(), link.join("link.xlsx"), link.join("hard.xlsx")]);
    }
    for paths in spellings {
        let out = cli().arg("summary").args(&paths).args(["--json", "--as-of", "2026-11-24"]).output().unwrap();
        assert!(out.status.success(), "{paths:?}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["rows"], once["rows"], "{paths:?}");
        assert_eq!(json["cards"], once["cards"], "{paths:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("read once:"), "{paths:?}");
        let repeated = json["load_report"]["repeated_files"].as_array().unwrap();
        assert_eq!(repeated.len(), paths.len() - 1, "{paths:?}");
    }
}

/// Amounts: what CSV refuses, xlsx refuses (NaN, infinities, magnitudes of 1e15 and more);
/// the totals of what is left are finite and exact, in every output.
#[test]
fn amounts_out_of_range_are_unreadable_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let header = vec![
        s("Customer ID"),
        s("Account Name"),
        s("Product"),
        s("Fit Score"),
        s("Intent Score"),
        s("Agreement ID"),
        s("Agreement End Date"),
        s("Expiring Revenue"),
    ];
    let amounts = [1000.0, f64::INFINITY, f64::NAN, 1e300, 1e308, 1e308, 250.5];
    let mut rows = vec![header];
    for (k, amount) in amounts.iter().enumerate() {
        let id = k as f64 + 1.0;
        rows.push(vec![
            N(id),
            Own(format!("C{k}")),
            s("Azure"),
            N(80.0),
            N(80.0),
            Own(format!("A{k}")),
            D(2027, 3, 1),
            N(*amount),
        ]);
    }
    let xlsx = dir.path().join("amounts.xlsx");
    write_xlsx(&xlsx, &[("Propensity model", rows)]);
    let json = json_of(&["summary", xlsx.to_str().unwrap()]);
    // the two readable amounts, 1000 + 250.5, all seven agreements expiring in FY27
    assert_eq!(json["cards"]["expiring_agreements"].as_u64(), Some(7), "{}", json["cards"]);
    assert_eq!(json["cards"]["expiring_revenue"].as_f64(), Some(1250.5), "{}", json["cards"]);
    let issues: Vec<(String, u64)> = json["load_report"]["files"][0]["tables"][0]["unreadable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["header"].as_str().unwrap().to_string(), i["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(issues, [("Expiring Revenue".to_string(), 5)]);
    // the text summary and the PDF say the total, never "$—" nor "INF"
    let text = cli().args(["summary", "--as-of", "2026-11-24"]).arg(&xlsx).output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let line = text.lines().find(|l| l.trim_start().starts_with("Expiring revenue")).unwrap();
    assert!(line.contains("$1,250"), "{line}");
    assert!(!text.contains("$—"), "{text}");
    // a cell shown as Excel shows it, not three hundred digits
    assert!(text.contains("\"1E+300\""), "{text}");
    // the PDF read back by another reader: the total is there, no "$—"
    let pdf = dir.path().join("amounts.pdf");
    cli().args(["report", "--as-of", "2026-11-24", "-o"]).arg(&pdf).arg(&xlsx).assert().success();
    let pdf_text = pdf_extract::extract_text(&pdf).unwrap();
    assert!(!pdf_text.contains('—') && !pdf_text.contains("INF"), "{pdf_text}");
    assert!(pdf_text.contains("$1,250") || pdf_text.contains("$1.3K") || pdf_text.contains("$1.25K"), "{pdf_text}");
}

/// Rules and view files: regular files only, at most a megabyte, said in words at once.
#[test]
fn rules_and_view_files_are_read_within_limits() {
    let dir = tempfile::tempdir().unwrap();
    let src = fixture_bands(dir.path());
    let big = dir.path().join("big.toml");
    std::fs::write(&big, "#".repeat(2 << 20)).unwrap();
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut specials = vec![dir.path().to_path_buf()];
    #[cfg(unix)]
    {
        specials.push("/dev/zero".into());
        let fifo = dir.path().join("pipe.toml");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        specials.push(fifo);
    }
    for option in ["--rules", "--view"] {
        let err = stderr_of(&["summary", option, big.to_str().unwrap()], &[&src]);
        assert!(err.contains("larger than 1 MB"), "{option}: {err}");
        for special in &specials {
            let err = stderr_of(&["summary", option, special.to_str().unwrap()], &[&src]);
            assert!(err.contains("not a file"), "{option} {}: {err}", special.display());
        }
    }
}

/// Control characters from the data (names, products, unreadable samples, file names) reach
/// the terminal escaped; JSON stays JSON.
#[test]
fn data_never_drives_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let name = if cfg!(windows) { "evil.csv".to_string() } else { "evil\u{1b}[2J.csv".to_string() };
    let csv = dir.path().join(&name);
    let text = "Customer ID,Account Name,Product,Fit Score,Intent Score\n\
                1,\"Evil\u{1b}]0;pwned\u{7} Ltd\",\"Azure\u{1b}[31m\",80,\u{9b}2J\n\
                2,Plain,Azure,60,60\n";
    std::fs::write(&csv, text).unwrap();
    let before = dir.path().join("before.csv");
    std::fs::write(&before, "Customer ID,Account Name,Product,Fit Score,Intent Score\n1,Evil\u{1b}[5m,Azure,20,20\n")
        .unwrap();
    let commands: [Vec<&std::ffi::OsStr>; 2] = [
        vec!["summary".as_ref(), "--accounts".as_ref(), csv.as_os_str()],
        vec!["compare".as_ref(), "--before".as_ref(), before.as_os_str(), "--after".as_ref(), csv.as_os_str()],
    ];
    for args in commands {
        let out = cli().args(&args).args(["--as-of", "2026-11-24"]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let shown = String::from_utf8_lossy(&out.stdout).into_owned();
        let raw: Vec<char> = shown.chars().filter(|c| c.is_control() && *c != '\n' && *c != '\t').collect();
        assert!(raw.is_empty(), "{args:?}: {raw:?} in {shown}");
        if args[0] == "summary" {
            // a product, an unreadable cell's sample and the file's name, each escaped
            assert!(shown.contains("Azure\\x1b[31m") && shown.contains("\"\\u{9b}2J\""), "{shown}");
        }
    }
    // JSON escapes them its own way, and stays valid
    let json = json_of(&["summary", "--accounts", csv.to_str().unwrap()]);
    assert!(json.to_string().contains("\\u001b"));
}

/// A long table of `products` products, one customer each unless `one_customer`.
fn many_products(dir: &Path, products: usize, name_length: usize, one_customer: bool) -> std::path::PathBuf {
    let mut text = String::from("Customer ID,Account Name,Product,Fit Score,Intent Score\n");
    for p in 0..products {
        let customer = if one_customer { 1 } else { p + 1 };
        let product = format!("{p:05}{}", "x".repeat(name_length.saturating_sub(5)));
        text += &format!("{customer},Customer {customer},{product},80,80\n");
    }
    let path = dir.join(format!("products-{products}.csv"));
    std::fs::write(&path, text).unwrap();
    path
}

fn cell_texts(path: &Path) -> Vec<String> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let first = wb.sheet_names()[0].clone();
    wb.worksheet_range(&first).unwrap().cells().map(|(_, _, c)| c.to_string()).collect()
}

/// The lower points: a split into 1,100 sheets under the usual limit of open files, a
/// joined cell past Excel's limit cut and noted, a .csv name writing CSV, and control
/// characters kept out of CSV exports.
#[test]
fn splits_long_cells_csv_names_and_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    #[cfg(unix)]
    {
        let src = many_products(dir.path(), 1100, 8, false);
        let out = dir.path().join("split.xlsx");
        let bin = assert_cmd::cargo::cargo_bin("ascent-viewer");
        let script = format!(
            "ulimit -n 1024 && exec '{}' export --split-by product -o '{}' '{}'",
            bin.display(),
            out.display(),
            src.display()
        );
        let run = std::process::Command::new("sh").args(["-c", &script]).output().unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        use calamine::Reader;
        let wb = calamine::open_workbook_auto(&out).unwrap();
        // one sheet per product, the summary and the rules
        assert_eq!(wb.sheet_names().len(), 1102);
    }
    // one customer with 400 products of 100 characters: "Products by cluster" joins 40,000+
    let src = many_products(dir.path(), 400, 100, true);
    let out = dir.path().join("accounts.xlsx");
    cli().args(["export", "--accounts", "-o"]).arg(&out).arg(&src).assert().success();
    let texts = cell_texts(&out);
    let longest = texts.iter().max_by_key(|t| t.chars().count()).unwrap();
    assert!(longest.chars().count() <= 32_767, "{}", longest.chars().count());
    assert!(longest.contains("more than an Excel cell holds"), "{}", &longest[longest.len() - 200..]);

    // a .csv name without --format is CSV; a format the name contradicts is refused
    let src = fixture_bands(dir.path());
    let csv = dir.path().join("list.csv");
    cli().args(["export", "-o"]).arg(&csv).arg(&src).assert().success();
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFCustomer ID,"), "{:?}", &bytes[..20]);
    let err = stderr_of(&["export", "--format", "xlsx", "-o", dir.path().join("x.csv").to_str().unwrap()], &[&src]);
    assert!(err.contains("would write xlsx into a .csv file"), "{err}");

    // NUL, ESC and BEL from the data never reach a CSV export
    let dirty = dir.path().join("dirty.csv");
    std::fs::write(
        &dirty,
        "Customer ID,Account Name,Product,Fit Score,Intent Score\n1,\"Nul\0 Esc\u{1b}[31m Bel\u{7}\",Azure,80,80\n",
    )
    .unwrap();
    for accounts in [false, true] {
        let out = dir.path().join(format!("dirty-{accounts}.csv"));
        let mut cmd = cli();
        cmd.args(["export", "-o"]).arg(&out).arg(&dirty);
        if accounts {
            cmd.arg("--accounts");
        }
        cmd.assert().success();
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains("Nul Esc[31m Bel"), "{text}");
        assert!(!text.chars().any(|c| c.is_control() && !matches!(c, '\r' | '\n' | '\t')), "{text:?}");
    }
}

/// The PDF report: names in every script partners sell in drawn with a font that has them
/// (the system's, subset into the file), right-to-left names in their order, a name of
/// 30,000 characters cut once (the report is written in moments, not a minute), and a
/// character no font has said in words.
#[test]
fn the_report_draws_every_script_and_long_names_in_moments() {
    let dir = tempfile::tempdir().unwrap();
    let names = ["株式会社トヨタ", "阿里巴巴集团", "삼성전자", "บริษัท ปตท.", "שטראוס גרופ", "أرامكو السعودية"];
    let long = "Woodgrove ".repeat(3_000);
    let mut text = String::from("Customer ID,Account Name,Product,Fit Score,Intent Score\n");
    for (k, name) in names.iter().chain([&long.as_str(), &"Hiero \u{13000}"]).enumerate() {
        text += &format!("{k},{name},Azure,{},90\n", 95 - k);
    }
    let csv = dir.path().join("names.csv");
    std::fs::write(&csv, text).unwrap();
    let pdf = dir.path().join("names.pdf");
    let mut cmd = cli();
    cmd.args(["report", "--as-of", "2026-11-24", "--search", &"woodgrove".repeat(2_000), "-o"]).arg(&pdf).arg(&csv);
    // the search keeps only the long name; the report of every name follows
    cmd.timeout(Duration::from_secs(30)).assert().success();
    let pdf_all = dir.path().join("all.pdf");
    let out = cli()
        .args(["report", "--as-of", "2026-11-24", "-o"])
        .arg(&pdf_all)
        .arg(&csv)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    let extracted = pdf_extract::extract_text(&pdf_all).unwrap();
    // each name drawn, or its letters said to have no font: never silently blank. (CI
    // installs fonts for every script, packaging/install-deps.sh --ci; a machine without
    // them, or Wine, takes the second way.)
    let squeezed = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let (said_line, extracted_squeezed) = (said.lines().next().unwrap_or(""), squeezed(&extracted));
    for (k, name) in names.iter().enumerate() {
        let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
        // right-to-left names: an extractor may give their letters in either order
        let drawn = if k < 4 {
            extracted_squeezed.contains(&squeezed(name))
        } else {
            letters.iter().all(|c| extracted.contains(*c))
        };
        let reported = letters.iter().any(|c| said_line.contains(*c));
        assert!(drawn || reported, "{name}: not in {extracted}, nor in {said}");
    }
    // the fonts are the Linux machine's: under Wine the names are said to lack one instead
    if !cfg!(windows) && std::env::var_os("ASCENT_FONTS_FOR_EVERY_SCRIPT").is_some() {
        // the hieroglyph alone has no font
        assert!(said.contains("1 character has no font on this computer"), "{said}");
        for name in &names[..4] {
            assert!(extracted_squeezed.contains(&squeezed(name)), "{name} not in {extracted}");
        }
    }
    // the long name, cut with an ellipsis to its column
    let long_line = extracted.lines().find(|l| l.contains("7. Woodgrove Wo")).unwrap_or_default();
    let shown = long_line.split('…').next().unwrap_or_default();
    assert!(long_line.contains('…') && shown.len() < 40, "{extracted}");
    assert!(said.contains("no font on this computer") && said.contains('\u{13000}'), "{said}");
}
