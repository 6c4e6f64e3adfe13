#!/usr/bin/env bash
# Turn the Linux onedir bundle (dist/copydesk/, from packaging/build_linux.sh) into an AppImage.
#
# Usage: packaging/appimage/build_appimage.sh [options]
#   --if-available   without appimagetool, say "skipped" and exit 0 (CI uses this)
#   --appdir-only    lay out the AppDir and stop (no appimagetool needed)
#   --dry-run        print the commands instead of running them
#   --dist DIR       the onedir bundle (default dist/copydesk)
#   --appdir DIR     where to lay out the AppDir (default build/appimage/Copydesk.AppDir)
#   --out FILE       the AppImage (default dist/Copydesk-<version>-linux-<arch>-<variant>.AppImage)
#
# appimagetool is not installed by this script: it is a prebuilt download, not a package. Put it on PATH
# as `appimagetool` (or set APPIMAGETOOL to its path). It normally fetches the AppImage runtime from the
# network; set APPIMAGE_RUNTIME_FILE to a downloaded runtime to build offline (--runtime-file).
# The variant in the name comes from COPYDESK_BUILD_VARIANT, else the bundle's build_info.json.
#
# AppDir layout:
#   AppRun                      starts usr/lib/copydesk/copydesk with the given arguments
#   copydesk.desktop            the one desktop entry: packaging/linux/copydesk.desktop less TryExec
#   copydesk.png, .DirIcon      the 256 px icon
#   usr/lib/copydesk/           the PyInstaller bundle, unchanged
#   usr/share/applications/, usr/share/icons/hicolor/   for desktop integration tools

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

IF_AVAILABLE=0
APPDIR_ONLY=0
DRY_RUN=0
DIST="$ROOT/dist/copydesk"
APPDIR="$ROOT/build/appimage/Copydesk.AppDir"
OUT=""
while (($#)); do
    case "$1" in
        --if-available) IF_AVAILABLE=1 ;;
        --appdir-only) APPDIR_ONLY=1 ;;
        --dry-run) DRY_RUN=1 ;;
        --dist) DIST="$2"; shift ;;
        --appdir) APPDIR="$2"; shift ;;
        --out) OUT="$2"; shift ;;
        -h | --help)
            sed -n '2,26p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "build_appimage.sh: unknown argument $1" >&2
            exit 2
            ;;
    esac
    shift
done

say() { printf '%s\n' "build_appimage: $*"; }

run() {
    if ((DRY_RUN)); then
        printf '+'
        printf ' %q' "$@"
        printf '\n'
    else
        "$@"
    fi
}

# Write stdin to a file (or show where it would go).
write_file() {
    if ((DRY_RUN)); then
        printf '+ write %q:\n' "$1"
        sed 's/^/    /'
    else
        cat >"$1"
    fi
}

VERSION="$(sed -n 's/^__version__ = "\([^"]*\)".*/\1/p' "$ROOT/app/__init__.py")"
ARCH="${ARCH:-$(uname -m)}"
VARIANT="${COPYDESK_BUILD_VARIANT:-}"
if [[ -z "$VARIANT" ]]; then
    info="$(find "$DIST" -name build_info.json -print -quit 2>/dev/null || true)"
    if [[ -n "$info" ]]; then
        VARIANT="$(sed -n 's/.*"variant": *"\([^"]*\)".*/\1/p' "$info" | head -n 1)"
    fi
fi
VARIANT="${VARIANT:-cpu}"
OUT="${OUT:-$ROOT/dist/Copydesk-$VERSION-linux-$ARCH-$VARIANT.AppImage}"

# -- appimagetool ----------------------------------------------------------------------------------------

TOOL=""
if ((!APPDIR_ONLY)); then
    if [[ -n "${APPIMAGETOOL:-}" ]]; then
        TOOL="$APPIMAGETOOL"
    elif command -v appimagetool >/dev/null 2>&1; then
        TOOL="$(command -v appimagetool)"
    elif command -v "appimagetool-$ARCH.AppImage" >/dev/null 2>&1; then
        TOOL="$(command -v "appimagetool-$ARCH.AppImage")"
    fi
    if [[ -z "$TOOL" || ! -x "$TOOL" ]]; then
        message="appimagetool was not found (PATH, or APPIMAGETOOL). It is a prebuilt download from the AppImage project's releases, which this build does not fetch."
        if ((IF_AVAILABLE)); then
            say "skipped: $message"
            exit 0
        fi
        if ((DRY_RUN)); then
            say "$message Showing the commands anyway."
            TOOL="appimagetool"
        else
            say "$message Use --appdir-only to lay out the AppDir without it." >&2
            exit 1
        fi
    fi
fi

if ((!DRY_RUN)) && [[ ! -x "$DIST/copydesk" ]]; then
    say "no bundle at $DIST (expected $DIST/copydesk); run packaging/build_linux.sh first." >&2
    exit 1
fi

# -- the AppDir ------------------------------------------------------------------------------------------

say "laying out $APPDIR from $DIST"
run rm -rf "$APPDIR"
run mkdir -p "$APPDIR/usr/lib" "$APPDIR/usr/share/applications"
run cp -a "$DIST" "$APPDIR/usr/lib/copydesk"

write_file "$APPDIR/AppRun" <<'EOF'
#!/bin/sh
# Copydesk's AppImage entry point: the PyInstaller bundle inside, with the arguments given.
HERE="$(dirname "$(readlink -f "$0")")"
exec "$HERE/usr/lib/copydesk/copydesk" "$@"
EOF
run chmod 755 "$APPDIR/AppRun"

# The same desktop entry as the .deb's (packaging/linux/copydesk.desktop), less TryExec: inside an
# AppImage `copydesk` is not on PATH, and desktop integration tools write their own Exec line.
DESKTOP="$ROOT/packaging/linux/copydesk.desktop"
if [[ -f "$DESKTOP" ]]; then
    {
        sed -e '/^TryExec=/d' "$DESKTOP"
        echo "X-AppImage-Version=$VERSION"
    } | write_file "$APPDIR/copydesk.desktop"
else
    write_file "$APPDIR/copydesk.desktop" <<EOF
[Desktop Entry]
Type=Application
Name=Copydesk
Comment=Write and translate offline with a local AI model
Exec=copydesk
Icon=copydesk
Terminal=false
Categories=Office;
X-AppImage-Version=$VERSION
EOF
fi
run cp "$APPDIR/copydesk.desktop" "$APPDIR/usr/share/applications/copydesk.desktop"

ICONS="$ROOT/resources/icons"
for size in 16 24 32 48 64 128 256 512; do
    if [[ -f "$ICONS/copydesk-$size.png" ]]; then
        target="$APPDIR/usr/share/icons/hicolor/${size}x$size/apps"
        run mkdir -p "$target"
        run cp "$ICONS/copydesk-$size.png" "$target/copydesk.png"
    fi
done
if [[ -f "$ICONS/copydesk.svg" ]]; then
    run mkdir -p "$APPDIR/usr/share/icons/hicolor/scalable/apps"
    run cp "$ICONS/copydesk.svg" "$APPDIR/usr/share/icons/hicolor/scalable/apps/copydesk.svg"
fi
run cp "$ICONS/copydesk-256.png" "$APPDIR/copydesk.png"
run ln -sf copydesk.png "$APPDIR/.DirIcon"

if ((APPDIR_ONLY)); then
    say "AppDir ready at $APPDIR (no AppImage made: --appdir-only)."
    exit 0
fi

# -- the AppImage ----------------------------------------------------------------------------------------

TOOL_ARGS=()
if [[ -n "${APPIMAGE_RUNTIME_FILE:-}" ]]; then
    TOOL_ARGS=(--runtime-file "$APPIMAGE_RUNTIME_FILE")
fi
run mkdir -p "$(dirname "$OUT")"
run env ARCH="$ARCH" "$TOOL" ${TOOL_ARGS[@]+"${TOOL_ARGS[@]}"} "$APPDIR" "$OUT"
say "wrote $OUT"
