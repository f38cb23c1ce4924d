# Sourced by the Windows test scripts: a Wine 8 prefix ready to run Rust programs.
#   source packaging/windows/wine-env.sh [PREFIX]    (default: target/wine/prefix)
# Sets WINEPREFIX, WINEDEBUG and WINE (the wine64 binary), creates the prefix on first use,
# and puts into it the test-only bcryptprimitives.dll stand-in (wine-shim/): Rust's standard
# library imports ProcessPrng from it, and Wine 8 has none. Never shipped.
_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export WINEPREFIX="$(realpath -m "${1:-$_here/../../target/wine/prefix}")"
export WINEDEBUG=-all
export WINEARCH=win64
# no Mono or Gecko download prompts: the prefix has no network and needs neither
export WINEDLLOVERRIDES="mscoree=;mshtml="
WINE=$(command -v wine64 || echo /usr/lib/wine/wine64)
export WINE
if [[ ! -f "$WINEPREFIX/system.reg" ]]; then
    mkdir -p "$WINEPREFIX"
    "$WINE" wineboot -i >/dev/null 2>&1 || true
    "$(dirname "$WINE")/wineserver" -w 2>/dev/null || wineserver -w 2>/dev/null || true
fi
_shim="$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
if [[ ! -f "$_shim" ]]; then
    x86_64-w64-mingw32-gcc -shared -O2 -s -o "$_shim" \
        "$_here/wine-shim/bcryptprimitives.c" "$_here/wine-shim/bcryptprimitives.def" -ladvapi32
fi
unset _here _shim
