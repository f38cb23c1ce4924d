"""Writes the checked-in fixtures saved by another program than ours (openpyxl).

Run from this folder: python3 make_openpyxl_fixtures.py. The expected numbers are
worked out by hand in tests/suite/other_producers.rs.
"""
import datetime
import openpyxl
from openpyxl.styles import Font

# 1. A wide Insights-style report: title rows, merged product titles over bare
#    Fit / Intent / Cluster headers, a date column, numbers as text, an error value.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Read me"
ws["A1"] = "Cloud Ascent - Microsoft 365 propensity report"
ws2 = wb.create_sheet("Report")
ws2["A1"] = "Cloud Ascent - Microsoft 365 propensity report"
ws2["A1"].font = Font(bold=True, size=14)
ws2["A2"] = "Partner: Fabrikam Partners"
ws2.merge_cells("D4:F4")
ws2["D4"] = "Microsoft 365"
ws2.merge_cells("G4:I4")
ws2["G4"] = "Azure"
headers = ["Customer ID", "Account Name", "Org Size", "Fit", "Intent", "Cluster", "Fit", "Intent", "Cluster"]
for c, h in enumerate(headers, start=1):
    ws2.cell(row=5, column=c, value=h).font = Font(bold=True)
rows = [
    # W1: M365 80/80 a1 (workbook Act Now agrees); Azure 20/90 VL/H c2 (workbook "B" disagrees)
    ["W1", "Wide One", 500, 80, 80, "Act Now", 20, 90, "B"],
    # W2: M365 "60" text / 40 -> M/L b3; Azure blank group -> no prediction
    ["W2", "Wide Two", "25-299", "60", 40, None, None, None, None],
    # W3: M365 fit blank, intent 70, workbook "#N/A" error -> unscored; Azure 0.5? no: 55/55 a4
    ["W3", "Wide Three", None, None, 70, "#N/A", 55, 55, "a4"],
]
for r, row in enumerate(rows, start=6):
    for c, v in enumerate(row, start=1):
        ws2.cell(row=r, column=c, value=v)
wb.save("openpyxl-wide-merged.xlsx")

# 2. A renewal report with dates as date cells and as text in both orders.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Renewals"
ws.append(["Agreement ID", "Customer ID", "Account Name", "Agreement End Date", "Expiring Revenue", "Agreement Status"])
ws.append(["K1", "W1", "Wide One", datetime.datetime(2027, 6, 30), 1000, "Open"])
ws.append(["K2", "W2", "Wide Two", "2026-07-01", "2,500.50", "Closed"])
ws.append(["K3", "W3", "Wide Three", "13/02/2027", "1.000,25", "Active"])
ws.append(["K4", "W3", "Wide Three", datetime.datetime(2026, 6, 30), 9000, "Open"])
wb.save("openpyxl-renewals.xlsx")

# 3. A renewal report saved in the 1904 date system, with a date before 1900 as text.
from openpyxl.utils.datetime import CALENDAR_MAC_1904
wb = openpyxl.Workbook()
wb.epoch = CALENDAR_MAC_1904
ws = wb.active
ws.title = "Renewals"
ws.append(["Agreement ID", "Customer ID", "Account Name", "Agreement End Date", "Expiring Revenue", "License Program"])
ws.append(["M1", "C1", "Mac One", datetime.datetime(2027, 6, 30), 100, "Open Value"])   # FY27: expiring, open
ws.append(["M2", "C2", "Mac Two", datetime.datetime(2026, 6, 30), 200, "Open Value"])   # FY26: not expiring
ws.append(["M3", "C3", "Mac Three", datetime.datetime(2026, 7, 1), 400, "CSP"])         # FY27: expiring
ws.append(["M4", "C4", "Mac Four", "1899-12-31", 800, "CSP"])                            # before 1900, as text
wb.save("openpyxl-1904.xlsx")
