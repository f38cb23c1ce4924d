#!/usr/bin/env bash
# Cargo's target runner for x86_64-pc-windows-gnu (CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER):
# runs a Windows test executable under Wine. The runner variable is removed from what the
# Windows process sees: assert_cmd would otherwise start "wine64" from inside Wine.
set -euo pipefail
source "$(dirname "$0")/wine-env.sh" "${ASCENT_WINE_PREFIX:-}"
unset CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER
exec "$WINE" "$@"
