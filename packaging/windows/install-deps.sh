#!/usr/bin/env bash
# Installs what building and testing the Windows artifacts on Debian needs: the Rust target,
# the mingw-w64 cross toolchain (linker and resource compiler), wixl (MSI), zip, and for the
# tests Wine 8, Xvfb and the Mesa libraries the window draws with (OpenGL, and Vulkan for wgpu).
#   packaging/windows/install-deps.sh          build only
#   packaging/windows/install-deps.sh --test   build and test under Wine
set -euo pipefail

rustup target list --installed 2>/dev/null | grep -qx x86_64-pc-windows-gnu ||
    rustup target add x86_64-pc-windows-gnu

packages=(gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 wixl zip)
if [[ "${1:-}" == "--test" ]]; then
    # mesa-vulkan-drivers: lavapipe, the software Vulkan the wgpu renderer draws with under
    # Wine (Wine 8's Direct3D 12 cannot compile wgpu's shaders; real Windows uses WARP there)
    packages+=(wine64 xvfb x11-utils xdotool imagemagick libgl1 libglx-mesa0 libgl1-mesa-dri fontconfig unzip
        libvulkan1 mesa-vulkan-drivers)
fi
missing=()
for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
