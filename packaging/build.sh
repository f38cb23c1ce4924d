#!/usr/bin/env bash
# Builds every Linux artifact into dist/: the .deb (cargo-deb) and a portable .tar.gz with an
# install script for users without root. Needs cargo-deb (`cargo install cargo-deb`).
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
arch=$(uname -m)
gen=target/packaging
rm -rf "$gen" && mkdir -p "$gen/completions" "$gen/man" dist

cargo build --release --locked
bin=target/release/ascent-viewer
# a page for the app and one per command (ascent-viewer-summary.1, ...), as the main page's SEE ALSO names
"$bin" man --out-dir "$gen/man"
gzip -9n "$gen"/man/*.1
for shell in bash zsh fish powershell; do
    "$bin" completions "$shell" > "$gen/completions/ascent-viewer.$shell"
done

cargo deb --no-build --locked --output dist/

portable="ascent-viewer-$version-linux-$arch"
stage="$gen/$portable"
mkdir -p "$stage/icons" "$stage/completions"
cp "$bin" "$stage/"
cp packaging/linux/ascent-viewer.desktop packaging/linux/io.github.ascent_viewer.AscentViewer.metainfo.xml "$stage/"
cp packaging/icons/*.png packaging/icons/ascent-viewer.svg "$stage/icons/"
mkdir -p "$stage/man"
cp "$gen"/man/*.1.gz "$stage/man/"
cp "$gen"/completions/* "$stage/completions/"
cp packaging/portable/install.sh README.md "$stage/"
tar -C "$gen" -czf "dist/$portable.tar.gz" "$portable"
ls -l dist/
