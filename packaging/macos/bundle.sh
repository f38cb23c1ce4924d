#!/usr/bin/env bash
# Builds dist/Ascent Viewer.app on macOS: the release binary, Info.plist (document types for
# "Open with"), and the icon converted with the system's iconutil.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --locked
app="dist/Ascent Viewer.app"
rm -rf "$app" && mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources"
cp target/release/ascent-viewer "$app/Contents/MacOS/"
cp packaging/macos/Info.plist "$app/Contents/"
iconset=$(mktemp -d)/ascent-viewer.iconset
mkdir -p "$iconset"
for n in 16 32 128 256 512; do
    cp "packaging/icons/${n}x${n}.png" "$iconset/icon_${n}x${n}.png"
done
cp packaging/icons/32x32.png "$iconset/icon_16x16@2x.png"
cp packaging/icons/64x64.png "$iconset/icon_32x32@2x.png"
cp packaging/icons/256x256.png "$iconset/icon_128x128@2x.png"
cp packaging/icons/512x512.png "$iconset/icon_256x256@2x.png"
iconutil -c icns "$iconset" -o "$app/Contents/Resources/ascent-viewer.icns"
echo "built $app"
