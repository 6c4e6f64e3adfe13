#!/usr/bin/env bash
# Build Copydesk.app for macOS with llama.cpp's Metal backend, check it starts, and pack the .dmg.
#
# Usage: packaging/macos/build_macos.sh [--dry-run] [--no-dmg]
#
# Steps:
#   1. a build virtual environment (VENV, default build/venv-macos) from PYTHON (default python3.11);
#   2. llama-cpp-python, at the version pyproject.toml pins, compiled here with CMAKE_ARGS=-DGGML_METAL=on
#      (on macOS llama.cpp turns Metal on by itself; saying it keeps the intent visible), then Copydesk
#      and PyInstaller;
#   3. pyinstaller --noconfirm --clean packaging/copydesk.spec with COPYDESK_BUILD_VARIANT=metal
#      -> dist/Copydesk.app (and dist/copydesk/, the same program outside a bundle);
#   4. `copydesk --version` from inside the bundle must name the metal build;
#   5. packaging/macos/make_dmg.sh -> dist/Copydesk-<version>-macos-arm64.dmg (unsigned; run
#      sign_and_notarize.sh afterwards to sign and notarize the app and the image).
#
# Environment: PYTHON, VENV, PYINSTALLER (the pip requirement, default "pyinstaller>=6.10,<7"),
# CMAKE_ARGS (added to the Metal flag). --dry-run prints the commands instead of running them.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

DRY_RUN=0
MAKE_DMG=1
for arg in "$@"; do
    case "$arg" in
        --dry-run) DRY_RUN=1 ;;
        --no-dmg) MAKE_DMG=0 ;;
        -h | --help)
            sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "build_macos.sh: unknown argument $arg" >&2
            exit 2
            ;;
    esac
done

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$ROOT/packaging/macos/common.sh"

PYTHON="${PYTHON:-python3.11}"
VENV="${VENV:-build/venv-macos}"
PYINSTALLER="${PYINSTALLER:-pyinstaller>=6.10,<7}"
LLAMA="$(sed -n 's/.*"\(llama-cpp-python==[^"]*\)".*/\1/p' pyproject.toml | head -n 1)"
if [[ -z "$LLAMA" ]]; then
    echo "build_macos.sh: pyproject.toml pins no llama-cpp-python version" >&2
    exit 1
fi
METAL_ARGS="-DGGML_METAL=on${CMAKE_ARGS:+ $CMAKE_ARGS}"
APP="dist/Copydesk.app"

if ((!DRY_RUN)) && [[ "$(uname -s)" != "Darwin" ]]; then
    echo "build_macos.sh: this builds the macOS app and must run on macOS (try --dry-run)." >&2
    exit 1
fi

echo "build_macos.sh: building Copydesk with $LLAMA (Metal) in $VENV"
run "$PYTHON" -m venv "$VENV"
run "$VENV/bin/python" -m pip install --upgrade pip
# From source, never a cached wheel: the compiled backend is the point of this build.
run env CMAKE_ARGS="$METAL_ARGS" "$VENV/bin/python" -m pip install --no-cache-dir --force-reinstall \
    --no-binary llama-cpp-python "$LLAMA"
run "$VENV/bin/python" -m pip install "$ROOT" "$PYINSTALLER"
run rm -rf "$APP" dist/copydesk
run env COPYDESK_BUILD_VARIANT=metal "$VENV/bin/pyinstaller" --noconfirm --clean \
    --distpath dist --workpath build/pyinstaller packaging/copydesk.spec

# The bundle's own program must start and say what it is; a missing library fails here, not on a
# user's Mac. COPYDESK_HOME keeps the check away from this machine's real settings.
if ((DRY_RUN)); then
    run env COPYDESK_HOME=build/smoke-home "$APP/Contents/MacOS/copydesk" --version
else
    version_line="$(COPYDESK_HOME="$ROOT/build/smoke-home" "$APP/Contents/MacOS/copydesk" --version)"
    echo "$version_line"
    if [[ "$version_line" != *"metal build"* ]]; then
        echo "build_macos.sh: expected a metal build, got: $version_line" >&2
        exit 1
    fi
    COPYDESK_HOME="$ROOT/build/smoke-home" "$APP/Contents/MacOS/copydesk" info || true
fi

if ((MAKE_DMG)); then
    if ((DRY_RUN)); then
        run bash packaging/macos/make_dmg.sh "$APP"
    else
        bash packaging/macos/make_dmg.sh "$APP"
    fi
fi
