#!/usr/bin/env bash
# Cross-builds the Windows artifacts from Linux into dist/:
#   ascent-viewer-<version>-windows-x86_64.zip   the exe, README and licence; runs unpacked,
#                                                no installation or administrator rights
#   ascent-viewer-<version>-x86_64.msi           the installer (wixl, from main.wxs)
#   SHA256SUMS                                   the two files' SHA-256, to check a download
# The exe carries its icon, version information and manifest (build.rs) and is stripped.
# Installs what it needs first (install-deps.sh). Set SKIP_DEPS=1 to skip that step.
set -euo pipefail
cd "$(dirname "$0")/../.."
[[ "${SKIP_DEPS:-}" == 1 ]] || bash packaging/windows/install-deps.sh

target=x86_64-pc-windows-gnu
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
stage=target/packaging/windows
rm -rf "$stage" && mkdir -p "$stage" dist

start=$(date +%s)
cargo build --release --locked --target "$target"
echo "cross-build: $(( $(date +%s) - start )) s"
x86_64-w64-mingw32-strip -o "$stage/ascent-viewer.exe" "target/$target/release/ascent-viewer.exe"
cp README.md "$stage/README.md"
cp packaging/LICENSE.txt packaging/windows/ascent-viewer.ico packaging/windows/main.wxs "$stage/"

zip_name="ascent-viewer-$version-windows-x86_64"
rm -f "dist/$zip_name.zip"
mkdir -p "$stage/$zip_name"
cp "$stage/ascent-viewer.exe" "$stage/README.md" "$stage/LICENSE.txt" "$stage/$zip_name/"
(cd "$stage" && zip -q -r -9 "../../../dist/$zip_name.zip" "$zip_name")

msi="ascent-viewer-$version-x86_64.msi"
# wixl resolves sources against the working folder: build from the staging folder
(cd "$stage" && wixl -a x64 -D Version="$version" -o "../../../dist/$msi" main.wxs)
(cd dist && sha256sum "$zip_name.zip" "$msi" > SHA256SUMS)
ls -l "$stage/ascent-viewer.exe" "dist/$zip_name.zip" "dist/$msi"
