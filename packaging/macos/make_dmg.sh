#!/usr/bin/env bash
# Pack Copydesk.app into a compressed disk image with an /Applications link beside it, so the user
# installs by dragging the app onto the link.
#
# Usage: packaging/macos/make_dmg.sh [--dry-run] [--print-name] [APP] [DMG]
#        APP defaults to dist/Copydesk.app,
#        DMG to dist/Copydesk-<version>-macos-<arch>.dmg (version from app/__init__.py, arch from
#        MACOS_ARCH or `uname -m`: arm64 on Apple silicon).
#
# --print-name prints the default DMG path and exits; --dry-run prints the commands instead of running
# them (no macOS tools needed).

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

DRY_RUN=0
PRINT_NAME=0
ARGS=()
for arg in "$@"; do
    case "$arg" in
        --dry-run) DRY_RUN=1 ;;
        --print-name) PRINT_NAME=1 ;;
        -h | --help)
            sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        -*)
            echo "make_dmg.sh: unknown option $arg" >&2
            exit 2
            ;;
        *) ARGS+=("$arg") ;;
    esac
done

VERSION="$(sed -n 's/^__version__ = "\([^"]*\)".*/\1/p' "$ROOT/app/__init__.py")"
if [[ -z "$VERSION" ]]; then
    echo "make_dmg.sh: no __version__ in app/__init__.py" >&2
    exit 1
fi
ARCH="${MACOS_ARCH:-$(uname -m)}"
[[ "$ARCH" == "aarch64" ]] && ARCH=arm64

APP="${ARGS[0]:-$ROOT/dist/Copydesk.app}"
DMG="${ARGS[1]:-$ROOT/dist/Copydesk-$VERSION-macos-$ARCH.dmg}"

if ((PRINT_NAME)); then
    printf '%s\n' "$DMG"
    exit 0
fi

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$ROOT/packaging/macos/common.sh"

require_macos_app make_dmg.sh hdiutil "$APP"

STAGE="$ROOT/build/dmg/Copydesk"
run rm -rf "$STAGE"
run mkdir -p "$STAGE" "$(dirname "$DMG")"
# ditto copies the bundle as it is: its links, extended attributes and signatures.
run ditto "$APP" "$STAGE/Copydesk.app"
run ln -s /Applications "$STAGE/Applications"
run rm -f "$DMG"
run hdiutil create -volname Copydesk -srcfolder "$STAGE" -ov -format UDZO "$DMG"
run rm -rf "$STAGE"
if ((!DRY_RUN)); then
    run hdiutil verify "$DMG"
fi
if ((DRY_RUN)); then
    echo "make_dmg.sh: would write $DMG"
else
    echo "make_dmg.sh: wrote $DMG"
fi
