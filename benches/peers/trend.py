"""Times `ascent-viewer trend` and DuckDB's SQL over the same library; checks that both count
the same predictions per cluster each month. Called by trend.sh with: BIN LIBRARY RUNS."""
import json
import statistics
import subprocess
import sys

BIN, LIBRARY, RUNS = sys.argv[1], sys.argv[2], int(sys.argv[3])
PY = sys.executable

# the cloudascent rules: bands H >= 75, M >= 55, L >= 30, else VL (band labels give their
# band); cells by fit * 4 + intent (H=0 .. VL=3); the workbook's cluster where a band is
# missing; else unscored. A score's state 0 is a number, 1..4 a band label.
SQL = """
with p as (
  select regexp_extract(filename, '(\\d{4}-\\d{2})', 1) as month,
    case when "fit-state" = 0 then (case when fit >= 75 then 0 when fit >= 55 then 1 when fit >= 30 then 2 else 3 end)
         when "fit-state" between 1 and 4 then "fit-state" - 1 end as fb,
    case when "intent-state" = 0 then (case when intent >= 75 then 0 when intent >= 55 then 1 when intent >= 30 then 2 else 3 end)
         when "intent-state" between 1 and 4 then "intent-state" - 1 end as ib,
    "workbook-cluster" as wc
  from read_parquet('LIBRARY/*/digest-predictions.parquet', filename = true)
)
select month,
  case when fb is not null and ib is not null then
    case when fb * 4 + ib in (0, 1, 4, 5) then 'act_now'
         when fb * 4 + ib in (2, 8, 6, 9) then 'evaluate'
         when fb * 4 + ib in (3, 12, 10, 7) then 'nurture'
         else 'educate' end
  else case wc when 2 then 'act_now' when 3 then 'evaluate' when 4 then 'nurture' when 5 then 'educate'
       else 'unscored' end end as cluster,
  count(*) as n
from p group by all order by month, cluster
""".replace("LIBRARY", LIBRARY)

RUNNERS = {
    "ascent-viewer trend": [BIN, "trend", "--json", "--library", LIBRARY],
    "duckdb (SQL over the Parquet)": [PY, "-c", (
        "import duckdb, json, sys; rows = duckdb.sql(sys.argv[1]).fetchall(); "
        "print(json.dumps([[m, c, n] for m, c, n in rows]))"), SQL],
}


def once(cmd):
    done = subprocess.run(["/usr/bin/time", "-f", "%e %M", *cmd], capture_output=True, text=True)
    lines = done.stderr.strip().splitlines()
    if done.returncode != 0:
        return None, done.stderr[-300:], None
    wall, kb = lines[-1].split()
    return (float(wall), int(kb) / 1024), None, done.stdout


results = {}
outputs = {}
for name, cmd in RUNNERS.items():
    runs = [once(cmd) for _ in range(RUNS)]
    ok = [r[0] for r in runs if r[0]]
    if not ok:
        print(f"{name:<32} failed: {runs[0][1]}")
        continue
    results[name] = (statistics.median(w for w, _ in ok), statistics.median(m for _, m in ok))
    outputs[name] = runs[-1][2]

ours = results.get("ascent-viewer trend")
for name, (wall, mb) in results.items():
    ratio = f"{wall / ours[0]:.2f}x ours" if ours and name != "ascent-viewer trend" else ""
    print(f"{name:<32} {wall:7.2f} s  {mb:8.0f} MB  {ratio}")

if len(outputs) == 2:
    trend = json.loads(outputs["ascent-viewer trend"])
    ours_counts = {(m, c): trend["clusters"][c][i] for i, m in enumerate(trend["months"]) for c in trend["clusters"]}
    theirs = {(m, c): n for m, c, n in json.loads(outputs["duckdb (SQL over the Parquet)"])}
    differ = [(k, ours_counts.get(k, 0), theirs.get(k, 0)) for k in sorted(set(ours_counts) | set(theirs))
              if ours_counts.get(k, 0) != theirs.get(k, 0)]
    print("the same counts, month by month" if not differ else f"counts differ: {differ[:5]}")
