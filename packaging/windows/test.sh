#!/usr/bin/env bash
# The Windows checks, run from Linux under Wine 8 (and by .ci/run):
#   1. the test suites, cross-built and run under Wine through cargo's target runner;
#   2. the MSI: silent install into a fresh prefix, the installed exe answers --version and
#      summarises the sample like the Linux build, "Open with" without taking over .xlsx, the
#      Apps & features entry, an upgrade by a newer MSI, a clean uninstall;
#   3. the window: the installed exe under Xvfb shows the sample's cards (smoke test report),
#      keeps its settings under %APPDATA%, comes back at its saved place and size, and follows
#      Windows' dark setting; a screenshot lands in target/wine/window.png.
#   4. the renderers: with OpenGL 1.1 only (a desktop without a GPU driver) glow cannot start
#      and wgpu draws the cards; with no renderer at all, a message box, the start-up log
#      under %LOCALAPPDATA% and an exit code that is not 0.
#   5. the scaling: at 125%, 150% and 200% on 1920x1080 and 1366x768 screens, the first window
#      shows every card, the whole matrix and the table.
# Builds the artifacts first (build.sh) unless SKIP_BUILD=1. Stages can be named:
#   packaging/windows/test.sh [suites] [installer] [window] [renderers] [scaling]
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
target=x86_64-pc-windows-gnu
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
bash packaging/windows/install-deps.sh --test
[[ "${SKIP_BUILD:-}" == 1 ]] || SKIP_DEPS=1 bash packaging/windows/build.sh
mkdir -p target/wine
fail() { echo "windows checks: FAILED: $*" >&2; exit 1; }
winpath() { local p; p=$(realpath -m "$1"); echo "Z:${p//\//\\}"; }

suites() {
    export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="$repo/packaging/windows/wine-runner.sh"
    export ASCENT_WINE_PREFIX="$repo/target/wine/prefix"
    # the release profile reuses the dependencies build.sh compiled
    # one integration binary (tests/suite); the modules that test no Windows path are skipped:
    # the GUI (kittest), the corpus, the architecture, the Linux packaging, two fixture sets
    # (the skips match test names: the library's own tests run apart, all of them)
    cargo test --release --locked --target "$target" --lib
    cargo test --release --locked --target "$target" --test suite --test translations -- \
        --skip gui:: --skip corpus:: --skip architecture:: --skip packaging:: \
        --skip downloads_2023:: --skip accounts::
    unset CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER ASCENT_WINE_PREFIX
}

install_prefix=$repo/target/wine/install-prefix
# Runs a Windows program in the install prefix and waits for Wine's server to stop: a program
# started while the server is still shutting down after the last one can hang for ever.
in_prefix() {
    (
        source packaging/windows/wine-env.sh "$install_prefix"
        local status=0
        "$WINE" "$@" || status=$?
        "$(dirname "$WINE")/wineserver" -w
        exit $status
    )
}
registry() { ( source packaging/windows/wine-env.sh "$install_prefix"; "$(dirname "$WINE")/wineserver" -w; cat "$WINEPREFIX/system.reg" ); }
# "DisplayVersion|Publisher" of each Apps & features (Uninstall) entry named Ascent Viewer
apps_entries() {
    registry | python3 -c '
import re, sys
key, values, entries = None, {}, []
def close():
    if key and "\\\\CurrentVersion\\\\Uninstall\\\\" in key and values.get("DisplayName") == "Ascent Viewer":
        entries.append(values.get("DisplayVersion", "") + "|" + values.get("Publisher", ""))
for line in sys.stdin:
    m = re.match(r"\[(.*)\]", line)
    if m:
        close()
        key, values = m.group(1), {}
        continue
    m = re.match(r"\"(\w+)\"=\"(.*)\"$", line.strip())
    if m:
        values[m.group(1)] = m.group(2)
close()
print("\n".join(entries))'
}
program="C:\\Program Files\\Ascent Viewer\\ascent-viewer.exe"
program_dir="$install_prefix/drive_c/Program Files/Ascent Viewer"
# the all-users Start menu on Windows; Wine 8's msi puts a per-machine shortcut in the user's
shortcut() { find "$install_prefix/drive_c/ProgramData" "$install_prefix/drive_c/users" \
    -path '*/Start Menu/Programs/Ascent Viewer.lnk' 2>/dev/null | head -1; }

installer() {
    fresh_install
    [[ -f "$program_dir/ascent-viewer.exe" ]] || fail "no exe in Program Files"
    [[ -f "$program_dir/README.md" && -f "$program_dir/LICENSE.txt" ]] || fail "no README or licence"
    [[ -n "$(shortcut)" ]] || fail "no Start menu shortcut"
    in_prefix "$program" --version | tr -d '\r' | grep -qx "ascent-viewer $version" || fail "--version"
    # typed in a console (cmd.exe in a terminal), the windowed exe prints there
    (
        source packaging/windows/wine-env.sh "$install_prefix"
        timeout 120 script -qec "$WINE cmd /c '$program --version'" /dev/null </dev/null | tr -d '\r' |
            grep -q "ascent-viewer $version"
        "$(dirname "$WINE")/wineserver" -w
    ) || fail "no output in cmd.exe's console"
    # the installed exe computes what the Linux build computes
    in_prefix "$program" summary "$(winpath assets/sample)" --as-of 2026-11-24 --json | tr -d '\r' \
        > target/wine/summary-windows.json || fail "summary"
    cargo build --release --locked --quiet
    target/release/ascent-viewer summary assets/sample --as-of 2026-11-24 --json > target/wine/summary-linux.json
    python3 - target/wine/summary-windows.json target/wine/summary-linux.json <<'PY' || fail "summary differs from Linux"
import json, sys
win, lin = (json.load(open(p)) for p in sys.argv[1:])
for key in ("rows", "customers", "cards", "segments", "matrix", "clusters", "unscored_rows", "disagreements"):
    assert win[key] == lin[key], key
assert win["files"][0]["path"].startswith("Z:\\"), win["files"][0]["path"]
PY
    local reg; reg=$(registry)
    grep -A2 -F '[Software\\Classes\\.xlsx\\OpenWithProgids]' <<<"$reg" | grep -qF '"AscentViewer.Workbook"=""' ||
        fail "not in .xlsx's Open with list"
    grep -A3 -F '[Software\\Classes\\.xlsx]' <<<"$reg" | grep -qF '@="AscentViewer.Workbook"' &&
        fail "took over .xlsx's default program"
    [[ "$(apps_entries)" == "$version|The Ascent Viewer developers" ]] ||
        fail "Apps & features entry: '$(apps_entries)'"
    echo "installer: installed, --version (also in cmd.exe's console), summary as on Linux, Open with, Apps & features"
}

upgrade_and_uninstall() {
    # a newer MSI of the same upgrade code replaces the installed one
    local newer="${version%.*}.$(( ${version##*.} + 1 ))"
    (cd target/packaging/windows && wixl -a x64 -D Version="$newer" -o ../../wine/newer.msi main.wxs)
    in_prefix msiexec /i "$(winpath target/wine/newer.msi)" /qn || fail "msiexec /i newer"
    [[ "$(apps_entries)" == "$newer|The Ascent Viewer developers" ]] ||
        fail "after the upgrade, Apps & features shows: '$(apps_entries)'"
    in_prefix msiexec /x "$(winpath target/wine/newer.msi)" /qn || fail "msiexec /x"
    [[ ! -e "$program_dir" ]] || fail "Program Files folder left behind: $(ls "$program_dir")"
    [[ -z "$(shortcut)" ]] || fail "Start menu shortcut left behind: $(shortcut)"
    local reg; reg=$(registry)
    grep -qF 'AscentViewer' <<<"$reg" && fail "registry keys left behind: $(grep -F AscentViewer <<<"$reg" | head -3)"
    echo "installer: upgrade replaced $version by $newer; uninstall removed files, shortcut and keys"
}

# The install prefix gone, its Wine server first (see fresh_install).
remove_prefix() {
    if [[ -d "$install_prefix" ]]; then
        local server
        server="$(dirname "$(command -v wine64 || echo /usr/lib/wine/wine64)")/wineserver"
        WINEPREFIX="$install_prefix" "$server" -k 2>/dev/null || true
        WINEPREFIX="$install_prefix" "$server" -w 2>/dev/null || true
    fi
    rm -rf "$install_prefix"
}

# The MSI installed silently into a new prefix, for a window stage to start from.
# The old prefix's server is stopped before the folder goes: a new folder can get the old one's
# inode, and Wine would then talk to the old server, which no longer finds kernel32.dll. Creating
# a prefix can still fail once on a loaded machine; it is tried twice.
fresh_install() {
    local attempt
    for attempt in 1 2; do
        remove_prefix
        in_prefix msiexec /i "$(winpath "dist/ascent-viewer-$version-x86_64.msi")" /qn && return 0
        echo "windows checks: msiexec /i into a new prefix failed (attempt $attempt)" >&2
    done
    fail "msiexec /i"
}

# A virtual screen of $1 (WIDTHxHEIGHT) for the window runs: XVFB_DISPLAY, stopped by stop_screen.
start_screen() {
    XVFB_DISPLAY=$(( 90 + RANDOM % 100 ))
    Xvfb ":$XVFB_DISPLAY" -screen 0 "${1}x24" -nolisten tcp >/dev/null 2>&1 &
    XVFB_PID=$!
    sleep 2
}
stop_screen() { kill "$XVFB_PID" 2>/dev/null || true; wait "$XVFB_PID" 2>/dev/null || true; }

# Runs the installed exe under Xvfb with the smoke test report; $1 names the run, the rest are
# the exe's arguments. The window must show a month, close by itself with exit code 0 and
# leave a screenshot that is not black (a window that appears and dies is not a start).
# Wine's Direct3D 12 cannot compile wgpu's shaders (it offers a stand-in adapter first), so
# wgpu draws with Vulkan here (lavapipe); real Windows has Direct3D 12, on WARP without a GPU.
window_run() {
    local name=$1 report="target/wine/$1.txt"
    shift
    rm -f "$report" "target/wine/$name.png"
    local status=0
    (
        source packaging/windows/wine-env.sh "$install_prefix"
        "$(dirname "$WINE")/wineserver" -w
        export DISPLAY=:${XVFB_DISPLAY} WGPU_BACKEND=${WGPU_BACKEND:-vulkan}
        # the pointer in a corner, so that no tooltip covers the screenshot
        xdotool mousemove 1 1 >/dev/null 2>&1 || true
        ASCENT_VIEWER_SMOKE_TEST="$(winpath "$report")" timeout 180 "$WINE" "$program" "$@" >/dev/null 2>&1 &
        local app=$!
        for _ in $(seq 1 170); do
            [[ -s "$report" ]] && break
            sleep 1
        done
        [[ -s "$report" ]] && import -display ":$XVFB_DISPLAY" -window root "target/wine/$name.png" 2>/dev/null || true
        local code=0
        wait "$app" || code=$?
        "$(dirname "$WINE")/wineserver" -w
        exit $code
    ) || status=$?
    [[ -s "$report" ]] || fail "$name: the window showed no month (no smoke report)"
    tr -d '\r' < "$report" > "$report.tmp" && mv "$report.tmp" "$report"
    [[ $status -eq 0 ]] || fail "$name: the app ended with code $status: $(cat "$report")"
    local mean
    mean=$(convert "target/wine/$name.png" -colorspace Gray -format '%[fx:mean]' info: 2>/dev/null || echo 0)
    python3 -c "import sys; sys.exit(0 if float('$mean') > 0.05 else 1)" || fail "$name: the screenshot is black ($mean)"
}

# The settings folder of the install prefix's user, where eframe keeps the window (app.ron).
settings_dir() { find "$install_prefix/drive_c/users" -path '*AppData/Roaming/ascent-viewer/data' -type d | head -1; }
# Windows' display scaling: LogPixels 96 is 100%, 120 125%, 144 150%, 192 200%.
set_scaling() {
    in_prefix reg add 'HKCU\Control Panel\Desktop' /v LogPixels /t REG_DWORD /d "$1" /f >/dev/null
}

# The cards the Linux build computes for the sample (the same fiscal year as today's).
expected_cards() {
    cargo build --release --locked --quiet
    target/release/ascent-viewer summary assets/sample --json | python3 -c '
import json, sys
c = json.load(sys.stdin)["cards"]
n, r = c["customers"], round(c["expiring_revenue"])
print(f"card: SMC customers: {n:,} (of {n:,})")
print(f"card: Expiring revenue: ${r:,} (of ${r:,})")'
}

# The report of run $1 holds every line of $2.
has_lines() {
    while IFS= read -r line; do
        grep -qxF "$line" "target/wine/$1.txt" || fail "$1: expected \"$line\": $(cat "target/wine/$1.txt")"
    done <<< "$2"
}

window() {
    fresh_install
    start_screen 1600x1000
    trap stop_screen RETURN
    window_run window
    # the window alone, for the README
    convert target/wine/window.png -trim +repage target/wine/window-trimmed.png 2>/dev/null || true
    local report=target/wine/window.txt cards
    cards=$(expected_cards)
    has_lines window "$cards"
    grep -qx "renderer: wgpu" "$report" || fail "automatic: not wgpu first: $(grep -E 'renderer|api' "$report")"
    grep -qx "settings folder: C:\\\\users\\\\.*\\\\AppData\\\\Roaming\\\\ascent-viewer\\\\data" "$report" ||
        fail "settings folder: $(grep settings "$report")"
    local ron
    ron=$(find "$install_prefix/drive_c/users" -path '*AppData/Roaming/ascent-viewer/data/app.ron' | head -1)
    [[ -n "$ron" ]] || fail "no settings saved under %APPDATA%"
    echo "window: $(grep -c '^card:' "$report") cards shown, settings saved in ${ron#"$install_prefix"/}"

    # the place and size saved last time come back (as after moving it to another monitor)
    python3 - "$ron" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
text, moved = re.subn(r"outer_position_pixels:Some\(\(x:[-0-9.]+,y:[-0-9.]+\)\)", "outer_position_pixels:Some((x:60.0,y:40.0))", text)
text, sized = re.subn(r"inner_size_points:\(x:[0-9.]+,y:[0-9.]+\)", "inner_size_points:(x:900.0,y:650.0)", text)
assert moved == 1 and sized == 1, "no window geometry in " + path
open(path, "w", encoding="utf-8").write(text)
PY
    window_run placed
    grep -qx "window size: 900x650" target/wine/placed.txt || fail "size not restored: $(grep window target/wine/placed.txt)"
    grep -qx "window position: 60,40" target/wine/placed.txt || fail "place not restored: $(grep window target/wine/placed.txt)"
    echo "window: restored at its saved size ($(grep 'window' target/wine/placed.txt | tr '\n' ' '))"

    # System theme follows Windows' "app mode" (dark)
    in_prefix reg add 'HKCU\Software\Microsoft\Windows\CurrentVersion\Themes\Personalize' \
        /v AppsUseLightTheme /t REG_DWORD /d 0 /f >/dev/null
    window_run dark
    grep -qx "theme: Dark" target/wine/dark.txt || fail "System theme did not follow Windows' dark mode: $(grep theme target/wine/dark.txt)"
    echo "window: System theme follows Windows' dark mode"
}

# The desktops without a GPU driver (Remote Desktop, virtual machines, Cloud PCs): OpenGL 1.1
# only, as the host's Mesa answers when told so. glow cannot start there; wgpu draws.
renderers() {
    fresh_install
    start_screen 1600x1000
    trap stop_screen RETURN
    local cards
    cards=$(expected_cards)
    local log
    # glow alone, with the host's OpenGL: it still draws where OpenGL 2+ is there
    window_run glow --renderer glow
    has_lines glow "$cards"
    grep -qx "renderer: glow" target/wine/glow.txt || fail "--renderer glow: $(grep renderer target/wine/glow.txt)"
    # OpenGL 1.1 only: glow could not start; wgpu (Vulkan here) draws the cards
    MESA_GL_VERSION_OVERRIDE=1.1 window_run gl11
    has_lines gl11 "$cards"
    grep -qx "renderer: wgpu" target/wine/gl11.txt || fail "OpenGL 1.1: $(grep -E 'renderer|api|adapter' target/wine/gl11.txt)"
    log=$(find "$install_prefix/drive_c/users" -path '*AppData/Local/ascent-viewer/start.log' | head -1)
    [[ -n "$log" ]] || fail "no start-up log under %LOCALAPPDATA%"
    grep -q "drawing with wgpu (Vulkan)" "$log" || fail "the log does not say what draws: $(tail -5 "$log")"
    # the first renderer tried fails (no wgpu adapter): the next one, glow, draws
    WGPU_BACKEND=metal window_run no-wgpu
    has_lines no-wgpu "$cards"
    grep -qx "renderer: glow" target/wine/no-wgpu.txt || fail "no wgpu adapter: $(grep renderer target/wine/no-wgpu.txt)"
    grep -q "wgpu could not start" "$log" || fail "the log does not say why wgpu did not start: $(tail -5 "$log")"
    echo "renderers: glow with OpenGL 2+; wgpu ($(sed -n 's/^api: //p' target/wine/gl11.txt)) where OpenGL is 1.1;" \
        "glow after wgpu failed; frame cpu ms: glow $(sed -n 's/^frame cpu ms: //p' target/wine/glow.txt)," \
        "wgpu $(sed -n 's/^frame cpu ms: //p' target/wine/gl11.txt)"
    no_renderer "$log"
}

# No renderer at all (OpenGL 1.1 and no wgpu backend): a message box says so, the log has the
# reason, the exit code is not 0.
no_renderer() {
    local log=$1 status=0
    (
        source packaging/windows/wine-env.sh "$install_prefix"
        "$(dirname "$WINE")/wineserver" -w
        export DISPLAY=:${XVFB_DISPLAY} MESA_GL_VERSION_OVERRIDE=1.1 WGPU_BACKEND=metal
        timeout 120 "$WINE" "$program" >/dev/null 2>&1 &
        local app=$! box=""
        for _ in $(seq 1 90); do
            box=$(xdotool search --name "Ascent Viewer cannot open its window" 2>/dev/null | head -1) && [[ -n "$box" ]] && break
            sleep 1
        done
        [[ -n "$box" ]] || { kill "$app" 2>/dev/null; exit 97; }
        sleep 1
        import -display ":$XVFB_DISPLAY" -window root target/wine/no-renderer.png 2>/dev/null || true
        xdotool windowfocus --sync "$box" key Return >/dev/null 2>&1 || true
        local code=0
        wait "$app" || code=$?
        "$(dirname "$WINE")/wineserver" -w
        exit $code
    ) || status=$?
    [[ $status -ne 97 ]] || fail "no renderer: no message box appeared"
    [[ $status -ne 0 && $status -ne 124 ]] || fail "no renderer: exit code $status"
    tail -3 "$log" | grep -q "no renderer could start" || fail "no renderer: the log says: $(tail -3 "$log")"
    echo "renderers: with none able to start, a message box (target/wine/no-renderer.png), the log, exit code $status"
}

# Windows' display scaling at 125%, 150% and 200% on a 1920x1080 and a 1366x768 screen, on a
# desktop without a GPU driver (OpenGL 1.1: wgpu draws): the first window fits the screen and
# shows every card, the whole matrix and the table.
scaling() {
    fresh_install
    local cards screen dpi name
    cards=$(expected_cards)
    for screen in 1920x1080 1366x768; do
        start_screen "$screen"
        for dpi in 120 144 192; do
            name="scale-$screen-$dpi"
            set_scaling "$dpi"
            # no window remembered: the first window is fitted to the screen
            rm -f "$(settings_dir)/app.ron"
            # as on a desktop without a GPU driver: OpenGL 1.1, wgpu draws
            MESA_GL_VERSION_OVERRIDE=1.1 window_run "$name"
            has_lines "$name" "$cards"
            has_lines "$name" "renderer: wgpu
system scale: $(( dpi * 100 / 96 ))%"
            for part in cards matrix table; do
                grep -q "^$part: whole, " "target/wine/$name.txt" ||
                    fail "$name: $(grep "^$part:" "target/wine/$name.txt") ($(grep -E '^(window size|monitor)' "target/wine/$name.txt" | tr '\n' ' '))"
            done
            # where the zoom was fitted, a notice says so once
            if [[ "$(sed -n 's/^pixels per point: //p' "target/wine/$name.txt")" != "$(awk "BEGIN{printf \"%.2f\", $dpi/96}")" ]]; then
                grep -q "^notice: Shown at [0-9]*% rather than the screen's $(( dpi * 100 / 96 ))%" "target/wine/$name.txt" ||
                    fail "$name: zoomed without a word: $(grep -E '^(pixels|notice)' "target/wine/$name.txt")"
            fi
            echo "scaling: $screen at $(( dpi * 100 / 96 ))%: $(grep -E '^(window size|pixels per point)' "target/wine/$name.txt" | tr '\n' ' ')"
        done
        stop_screen
    done
    set_scaling 96
}

# all stages, or those named: test.sh [suites] [installer] [window]
stages=("$@")
[[ ${#stages[@]} -gt 0 ]] || stages=(suites installer window renderers scaling)
for stage in "${stages[@]}"; do
    case $stage in
        suites) suites ;;
        installer) installer && upgrade_and_uninstall ;;
        window) window ;;
        renderers) renderers ;;
        scaling) scaling ;;
        *) fail "unknown stage $stage" ;;
    esac
done
echo "windows checks: passed (${stages[*]})"
