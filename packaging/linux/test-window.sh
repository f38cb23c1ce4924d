#!/usr/bin/env bash
# The Linux window's start, checked under Xvfb with the release build (run by .ci/run after
# packaging/build.sh; needs xvfb, xdotool and imagemagick: packaging/windows/install-deps.sh --test).
#   1. the sample's cards drawn by glow, the start-up log under $XDG_STATE_HOME;
#   2. a session whose OpenGL is 1.1 and OpenGL ES 1.0 (Mesa told so: on Linux glutin falls
#      back to OpenGL ES where desktop OpenGL is too old): glow cannot start,
#      the Linux build has no other renderer, so the app says why on stderr and in the log,
#      and exits 1 (a message box too, where zenity is installed);
#   3. --renderer wgpu, which only the Windows build has, is refused in words.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${BIN:-target/release/ascent-viewer}
out=target/linux-window
rm -rf "$out" && mkdir -p "$out"
fail() { echo "linux window: FAILED: $*" >&2; exit 1; }
display=$(( 200 + RANDOM % 100 ))
Xvfb ":$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 2
export DISPLAY=":$display" XDG_DATA_HOME="$PWD/$out/data" XDG_CONFIG_HOME="$PWD/$out/config" XDG_STATE_HOME="$PWD/$out/state"
unset WAYLAND_DISPLAY
log=$out/state/ascent-viewer/start.log

ASCENT_VIEWER_SMOKE_TEST="$PWD/$out/glow.txt" timeout 120 "$bin" >"$out/glow.out" 2>&1 || fail "the window: $(tail -5 "$out/glow.out")"
grep -qx "renderer: glow" "$out/glow.txt" || fail "not drawn by glow: $(cat "$out/glow.txt")"
grep -q "^card: SMC customers: " "$out/glow.txt" || fail "no cards: $(cat "$out/glow.txt")"
grep -q "drawing with glow (OpenGL " "$log" || fail "the log: $(cat "$log")"

status=0
MESA_GL_VERSION_OVERRIDE=1.1 MESA_GLES_VERSION_OVERRIDE=1.0 timeout 120 "$bin" >"$out/gl11.out" 2>&1 || status=$?
[[ $status -eq 1 ]] || fail "OpenGL 1.1: exit code $status: $(tail -5 "$out/gl11.out")"
grep -q "no renderer could open the window (glow: " "$out/gl11.out" || fail "OpenGL 1.1, stderr: $(tail -5 "$out/gl11.out")"
grep -q "the start-up log is $PWD/$log" "$out/gl11.out" || fail "the log's path is not said: $(tail -3 "$out/gl11.out")"
tail -1 "$log" | grep -q "no renderer could start" || fail "OpenGL 1.1, the log: $(tail -3 "$log")"
grep -q "glow could not start: " "$log" || fail "OpenGL 1.1: the log has no reason: $(tail -3 "$log")"

status=0
timeout 60 "$bin" --renderer wgpu >"$out/wgpu.out" 2>&1 || status=$?
[[ $status -eq 1 ]] && grep -q "this build cannot draw with wgpu: it has glow" "$out/wgpu.out" ||
    fail "--renderer wgpu: exit $status: $(cat "$out/wgpu.out")"
echo "linux window: glow draws the cards ($(sed -n 's/^adapter: //p' "$out/glow.txt")); OpenGL 1.1: exit 1 with the reason and the log; --renderer wgpu refused"
