#!/usr/bin/env sh
# Installs Ascent Viewer for the current user, without root: the binary in ~/.local/bin, the
# desktop entry, icons, manual page and completions under ~/.local/share.
#   ./install.sh            install
#   ./install.sh --remove   uninstall
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-$HOME/.local}
share=${XDG_DATA_HOME:-$prefix/share}
files="$prefix/bin/ascent-viewer $share/applications/ascent-viewer.desktop $share/metainfo/io.github.ascent_viewer.AscentViewer.metainfo.xml $share/bash-completion/completions/ascent-viewer"
if [ "${1:-}" = "--remove" ]; then
    for f in $files; do rm -f "$f"; done
    rm -f "$share"/man/man1/ascent-viewer.1.gz "$share"/man/man1/ascent-viewer-*.1.gz
    rm -f "$share"/icons/hicolor/*/apps/ascent-viewer.png "$share/icons/hicolor/scalable/apps/ascent-viewer.svg"
    echo "Ascent Viewer removed from $prefix"
    exit 0
fi
install -Dm755 "$here/ascent-viewer" "$prefix/bin/ascent-viewer"
install -Dm644 "$here/ascent-viewer.desktop" "$share/applications/ascent-viewer.desktop"
install -Dm644 "$here/io.github.ascent_viewer.AscentViewer.metainfo.xml" "$share/metainfo/io.github.ascent_viewer.AscentViewer.metainfo.xml"
install -Dm644 "$here/icons/ascent-viewer.svg" "$share/icons/hicolor/scalable/apps/ascent-viewer.svg"
for png in "$here"/icons/*x*.png; do
    size=$(basename "$png" .png)
    install -Dm644 "$png" "$share/icons/hicolor/$size/apps/ascent-viewer.png"
done
for page in "$here"/man/*.1.gz; do
    install -Dm644 "$page" "$share/man/man1/$(basename "$page")"
done
install -Dm644 "$here/completions/ascent-viewer.bash" "$share/bash-completion/completions/ascent-viewer"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$share/applications" 2>/dev/null || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q "$share/icons/hicolor" 2>/dev/null || true
echo "Ascent Viewer installed in $prefix/bin (make sure it is on your PATH)"
