"""Runs each reader of one workbook RUNS times under GNU time; prints the medians and the
ratios to Ascent Viewer. Called by run.sh with: BIN FILE RUNS."""
import os
import statistics
import subprocess
import sys

BIN, FILE, RUNS = sys.argv[1], sys.argv[2], int(sys.argv[3])
# the CloudAscent workbook's predictions (the other tabs are a read-me and a summary); SHEET=
# names another (an Insights report's "Propensity")
SHEET = os.environ.get("SHEET", "Propensity model")
PY = sys.executable

# each peer reads the sheet whole into its own columns, as ours does
READERS = {
    "ascent-viewer summary": [BIN, "summary", FILE, "--json"],
    # the same with calamine reading every sheet (#34: the fast reader against it)
    "ascent-viewer, calamine": [BIN, "summary", FILE, "--json", "--reader", "calamine"],
    "fastexcel eager": [PY, "-c", (
        "import fastexcel, sys; r = fastexcel.read_excel(sys.argv[1]); "
        "t = r.load_sheet(sys.argv[2]).to_arrow(); print(t.num_rows)"), FILE, SHEET],
    "polars (calamine)": [PY, "-c", (
        "import polars as pl, sys; d = pl.read_excel(sys.argv[1], sheet_name=sys.argv[2], engine='calamine'); "
        "print(d.height)"), FILE, SHEET],
    "duckdb + excel": [PY, "-c", (
        "import duckdb, sys; c = duckdb.connect(); c.sql('INSTALL excel'); c.sql('LOAD excel'); "
        "q = \"select count(*) from read_xlsx('\" + sys.argv[1] + \"', sheet = '\" + sys.argv[2] + \"')\"; "
        "print(c.sql(q).fetchone()[0])"), FILE, SHEET],
}


def once(cmd):
    """Wall seconds and peak RSS in MB of one run, or the reason it failed."""
    done = subprocess.run(["/usr/bin/time", "-f", "%e %M", *cmd], capture_output=True, text=True)
    lines = done.stderr.strip().splitlines()
    if done.returncode != 0:
        # the program's last words before GNU time's own two lines
        said = [l for l in lines if not l.startswith("Command exited") and not l[:1].isdigit()]
        text = said[-1] if said else "failed"
        if "Could not establish connection" in text:
            text = "its excel extension could not be downloaded (DuckDB's extension repository is unreachable)"
        return None, text[-160:]
    wall, kb = lines[-1].split()
    return (float(wall), int(kb) / 1024), None


def main():
    print(f"{FILE}: median of {RUNS} runs")
    results = {}
    for name, cmd in READERS.items():
        measures, why = [], None
        for _ in range(RUNS):
            m, why = once(cmd)
            if m is None:
                break
            measures.append(m)
        if not measures:
            print(f"  {name:<24} unavailable: {why}")
            continue
        wall = statistics.median(m[0] for m in measures)
        peak = statistics.median(m[1] for m in measures)
        results[name] = (wall, peak)
    ours = results.get("ascent-viewer summary")
    for name, (wall, peak) in results.items():
        ratio = f"  ours/peer: time {ours[0] / wall:.2f}x, memory {ours[1] / peak:.2f}x" if ours and name != "ascent-viewer summary" else ""
        print(f"  {name:<24} {wall:7.2f} s  peak {peak:8.0f} MB{ratio}")


main()
