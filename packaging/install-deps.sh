#!/usr/bin/env bash
# Installs the Debian packages Ascent Viewer needs beyond the Rust toolchain.
#   packaging/install-deps.sh        the libraries the desktop app loads at run time
#   packaging/install-deps.sh --ci   what the tests and CI need
# Building needs no -dev package: the window, GL and keyboard libraries are loaded at run time.
set -euo pipefail

runtime=(libx11-6 libxcursor1 libxrandr2 libxi6 libxkbcommon0 libxkbcommon-x11-0 libgl1 libegl1 libwayland-client0 libwayland-egl1)
# the PDF report's fonts for the scripts the app's own lack (CJK, Thai; Hebrew and Arabic in DejaVu)
ci=(desktop-file-utils appstream fonts-wqy-microhei fonts-tlwg-loma-ttf fonts-dejavu-core)

packages=("${runtime[@]}")
if [[ "${1:-}" == "--ci" ]]; then
    packages=("${ci[@]}")
fi
if [[ ${#packages[@]} -eq 0 ]]; then
    exit 0
fi
missing=()
for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi
sudo=""
if [[ $(id -u) -ne 0 ]]; then
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
