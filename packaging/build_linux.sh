#!/usr/bin/env bash
# Build Copydesk's Linux packages from this checkout:
#   dist/copydesk/                                      the onedir bundle (dist/copydesk/copydesk)
#   dist/copydesk-<version>-linux-<arch>-<variant>.tar.gz  the same bundle as a tarball
#   dist/copydesk_<version>_<debarch>.deb                  installs to /opt/copydesk, /usr/bin/copydesk
#
# Usage: packaging/build_linux.sh          (from anywhere; safe to rerun, each run starts clean)
#
# Environment:
#   VENV=.venv                  the virtual environment to build from; created when missing, and
#                               `pip install -e '.[package]'` is run in it (PyInstaller; llama-cpp-python as
#                               installed there decides the backend: build it with CMAKE_ARGS first for CUDA)
#   PYTHON=python3              the interpreter that creates VENV when it does not exist
#   COPYDESK_BUILD_VARIANT      cpu | cuda | vulkan ...; default: detected from llama_cpp's libraries
#   COPYDESK_MAX_BUNDLE_MB=250  fail when dist/copydesk is larger than this
#   COPYDESK_DEB_MAINTAINER     the .deb's Maintainer field
#   COPYDESK_DEB_COMPRESSION    gzip (default: 11 s, 80 MiB on a 2-core VM) or xz (63 s, 59 MiB: releases)
#   SOURCE_DATE_EPOCH           build date recorded in build_info.json (reproducible builds)
set -euo pipefail
umask 022

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

VENV="${VENV:-.venv}"
PYTHON="${PYTHON:-python3}"
MAX_MB="${COPYDESK_MAX_BUNDLE_MB:-250}"
MAINTAINER="${COPYDESK_DEB_MAINTAINER:-Copydesk maintainers <maintainers@copydesk.invalid>}"
DEB_COMPRESSION="${COPYDESK_DEB_COMPRESSION:-gzip}"
DIST="$ROOT/dist"
WORK="$ROOT/build/pyinstaller"
BUNDLE="$DIST/copydesk"

say() { printf '==> %s\n' "$*"; }
die() { printf 'build_linux.sh: error: %s\n' "$*" >&2; exit 1; }

[[ "$(uname -s)" == Linux ]] || die "this script builds the Linux packages; see packaging/README.md for macOS and Windows"
for tool in readelf tar gzip; do
  command -v "$tool" >/dev/null || die "$tool is needed (apt-get install binutils tar gzip)"
done

# --- 1. build environment -----------------------------------------------------------------------------------
if [[ ! -x "$VENV/bin/python" ]]; then
  say "Creating $VENV with $PYTHON"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
fi
say "Installing Copydesk and PyInstaller into $VENV (pip install -e '.[package]')"
mkdir -p "$ROOT/build"
if ! "$VENV/bin/python" -m pip install --disable-pip-version-check -e '.[package]' >"$ROOT/build/pip.log" 2>&1; then
  tail -n 30 "$ROOT/build/pip.log" >&2
  die "pip install -e '.[package]' failed (full log: build/pip.log)"
fi

# --- 2. the bundle ------------------------------------------------------------------------------------------
say "Running PyInstaller (packaging/copydesk.spec); log: build/pyinstaller.log"
rm -rf "$BUNDLE" "$WORK"
mkdir -p "$DIST" "$WORK"
start=$SECONDS
if ! "$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$WORK" packaging/copydesk.spec >"$ROOT/build/pyinstaller.log" 2>&1; then
  tail -n 40 "$ROOT/build/pyinstaller.log" >&2
  die "PyInstaller failed (full log: build/pyinstaller.log)"
fi
say "PyInstaller took $((SECONDS - start)) s"
[[ -x "$BUNDLE/copydesk" ]] || die "PyInstaller finished but $BUNDLE/copydesk is missing"

INFO="$BUNDLE/_internal/resources/build_info.json"
[[ -f "$INFO" ]] || die "$INFO is missing: the spec did not write build_info.json"
read -r VERSION VARIANT < <("$VENV/bin/python" -c 'import json, sys; i = json.load(open(sys.argv[1])); print(i["version"], i["variant"])' "$INFO")

bundle_mb=$(du -sm "$BUNDLE" | cut -f1)
say "Bundle: $BUNDLE, ${bundle_mb} MB (limit ${MAX_MB} MB), copydesk $VERSION, $VARIANT build"
if (( bundle_mb > MAX_MB )); then
  die "the bundle is ${bundle_mb} MB, over the ${MAX_MB} MB limit: see the biggest parts with 'du -sh $BUNDLE/_internal/* | sort -h' and exclude what is not needed in packaging/copydesk.spec"
fi

# --- 3. the tarball -----------------------------------------------------------------------------------------
ARCH="$(uname -m)"
TARBALL="$DIST/copydesk-$VERSION-linux-$ARCH-$VARIANT.tar.gz"
rm -f "$TARBALL"
tar -C "$DIST" --owner=0 --group=0 --numeric-owner -cf - copydesk | gzip -6 >"$TARBALL"
say "Tarball: $TARBALL ($(du -m "$TARBALL" | cut -f1) MB)"

# --- 4. the .deb --------------------------------------------------------------------------------------------
if ! command -v dpkg-deb >/dev/null; then
  say "dpkg-deb not found: no .deb built (install dpkg on a Debian-based machine to build it)"
  exit 0
fi
DEBARCH="$(dpkg --print-architecture)"
DEB="$DIST/copydesk_${VERSION}_${DEBARCH}.deb"
STAGE="$ROOT/build/deb/copydesk_${VERSION}_${DEBARCH}"
rm -rf "$ROOT/build/deb" "$DEB"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/doc/copydesk" "$STAGE/usr/share/icons/hicolor/scalable/apps"
cp -a "$BUNDLE" "$STAGE/opt/copydesk"
ln -s /opt/copydesk/copydesk "$STAGE/usr/bin/copydesk"
install -m 0644 packaging/linux/copydesk.desktop "$STAGE/usr/share/applications/copydesk.desktop"
install -m 0644 resources/icons/copydesk.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/copydesk.svg"
for png in resources/icons/copydesk-*.png; do
  size="${png##*-}"
  size="${size%.png}"
  install -D -m 0644 "$png" "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/copydesk.png"
done
install -m 0644 packaging/linux/copyright.in "$STAGE/usr/share/doc/copydesk/copyright"

# Depends: the libraries the bundle links but does not carry (PyInstaller leaves out glibc, the GL
# stack, libxcb and NVIDIA's driver, which must match the system), found with readelf and mapped to
# packages with dpkg -S.
# libfontconfig1 is added by hand: the bundled fontconfig reads the system's /etc/fonts and needs fonts.
needed=$(find "$BUNDLE" -type f \( -name '*.so*' -o -name copydesk \) -exec readelf -d {} + 2>/dev/null \
  | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u)
bundled=$(find "$BUNDLE" \( -type f -o -type l \) -name '*.so*' -printf '%f\n' | sort -u)
packages=()
for lib in $(comm -23 <(printf '%s\n' "$needed") <(printf '%s\n' "$bundled")); do
  case "$lib" in
    # NVIDIA's driver (CUDA builds): it comes with the driver, whose package name varies; not a Depends.
    libcuda.so* | libnvidia-*) continue ;;
  esac
  owner=$(dpkg -S "*/$lib" 2>/dev/null | head -n 1 | cut -d: -f1) || true
  [[ -n "$owner" ]] || die "the bundle needs $lib, which no installed package provides: install it, or bundle it"
  [[ "$owner" == libc6 ]] || packages+=("$owner")
done
glibc=$(find "$BUNDLE" -type f \( -name '*.so*' -o -name copydesk \) -exec objdump -T {} + 2>/dev/null \
  | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
DEPENDS="libc6 (>= ${glibc:-2.17})"
for pkg in $(printf '%s\n' "${packages[@]}" libfontconfig1 | sort -u); do
  DEPENDS+=", $pkg"
done

INSTALLED_KB=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
sed -e "s|@VERSION@|$VERSION|" -e "s|@ARCH@|$DEBARCH|" -e "s|@MAINTAINER@|$MAINTAINER|" \
  -e "s|@INSTALLED_SIZE@|$INSTALLED_KB|" -e "s|@DEPENDS@|$DEPENDS|" -e "s|@VARIANT@|$VARIANT|" \
  packaging/linux/control.in >"$STAGE/DEBIAN/control"
# gzip -6 by default, not dpkg's xz: six times faster (11 s against 63 s here), for a .deb 37% larger.
dpkg-deb --root-owner-group -z6 "-Z$DEB_COMPRESSION" --build "$STAGE" "$DEB" >/dev/null
say "Debian package: $DEB ($(du -m "$DEB" | cut -f1) MB; Depends: $DEPENDS)"

say "Done: copydesk $VERSION ($VARIANT), bundle ${bundle_mb} MB"
