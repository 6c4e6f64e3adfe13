#!/usr/bin/env bash
# Smoke-test a built Linux bundle and its .deb, as a user would meet them. Every step must pass.
#
# Usage: packaging/smoke_test.sh [BUNDLE_DIR] [DEB]
#   BUNDLE_DIR  default dist/copydesk (from packaging/build_linux.sh)
#   DEB         default dist/copydesk_<version>_<arch>.deb; "-" skips the .deb steps. Installing it needs
#               root and a machine where copydesk is not installed already; it is removed again at the end.
#
# Steps: every bundled library resolves its dependencies; --version names the build; info and info --json;
# the model catalog (resources); the Hub client (a refused connection must be a one-line error); a real
# generation with the starter model; the window, offscreen and (when xvfb-run exists) on a real X server,
# shown and closed with exit status 0 through COPYDESK_SMOKE_EXIT_MS; cold start to a shown window, frozen
# against the source checkout (COPYDESK_SMOKE_RUNS runs each, default 5: median and max); then the .deb:
# dpkg -i, /usr/bin/copydesk --version / info / window, desktop file and icons, dpkg -r.
#
# The starter model is read from $COPYDESK_MODEL_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/copydesk/models
# (where the tests fetch it); when it is missing there it is fetched with the source checkout's code.
set -euo pipefail
umask 022

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUNDLE="$(realpath "${1:-$ROOT/dist/copydesk}")"
DEB="${2:-}"
[[ -z "$DEB" || "$DEB" == "-" ]] || DEB="$(realpath "$DEB")"
cd "$ROOT"
VENV="${VENV:-$ROOT/.venv}"
RUNS="${COPYDESK_SMOKE_RUNS:-5}"
MODEL_CACHE="${COPYDESK_MODEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/copydesk/models}"
MODEL="$MODEL_CACHE/SmolLM2-135M-Instruct.Q4_1.gguf"
BIN="$BUNDLE/copydesk"
TMP="$(mktemp -d)"
INSTALLED_DEB=0

say() { printf '==> %s\n' "$*"; }
ok() { printf '    ok: %s\n' "$*"; }
die() { printf 'smoke_test.sh: FAILED: %s\n' "$*" >&2; exit 1; }
cleanup() {
  if (( INSTALLED_DEB )); then
    dpkg -r copydesk >/dev/null 2>&1 || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

[[ -x "$BIN" ]] || die "$BIN not found: build it first (packaging/build_linux.sh)"
INFO_JSON="$BUNDLE/_internal/resources/build_info.json"
[[ -f "$INFO_JSON" ]] || die "$INFO_JSON is missing"
VERSION="$(sed -n 's/.*"version": "\([^"]*\)".*/\1/p' "$INFO_JSON")"
VARIANT="$(sed -n 's/.*"variant": "\([^"]*\)".*/\1/p' "$INFO_JSON")"
[[ -n "${VERSION:-}" && -n "${VARIANT:-}" ]] || die "cannot read version and variant from $INFO_JSON"
say "Smoke-testing $BUNDLE (copydesk $VERSION, $VARIANT build)"

# A fresh home for every run: nothing of the user's is read or changed.
fresh_home() { mktemp -d "$TMP/home.XXXXXX"; }
export HF_HUB_DISABLE_TELEMETRY=1
run() { # run LABEL CMD...: stdout to $TMP/out, stderr to $TMP/err, exit status in $rc
  local label="$1"
  shift
  rc=0
  timeout 180 "$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
  if [[ -n "${EXPECT_RC:-}" ]]; then
    [[ "$rc" == "$EXPECT_RC" ]] || die "$label: exit status $rc, expected $EXPECT_RC; stderr: $(tail -n 5 "$TMP/err")"
  elif (( rc != 0 )); then
    die "$label: exit status $rc; stderr: $(tail -n 20 "$TMP/err")"
  fi
}

# --- libraries ----------------------------------------------------------------------------------------------
say "Bundled libraries resolve"
missing=$(find "$BUNDLE/_internal" -type f -name '*.so*' -print0 \
  | LD_LIBRARY_PATH="$BUNDLE/_internal" xargs -0 ldd 2>/dev/null | grep 'not found' | sort -u || true)
if grep -q 'libcuda\.so' <<<"$missing"; then
  say "NOTE: NVIDIA's driver (libcuda.so.1) is not installed here: a CUDA build cannot run on this machine"
  missing=$(grep -v 'libcuda\.so' <<<"$missing" || true)
fi
[[ -z "$missing" ]] || die "libraries not found (neither bundled nor on this system):"$'\n'"$missing"
ok "$(find "$BUNDLE/_internal" -type f -name '*.so*' | wc -l) libraries, none with a missing dependency"

# --- the command line ---------------------------------------------------------------------------------------
export COPYDESK_HOME
COPYDESK_HOME="$(fresh_home)"
say "copydesk --version"
run "--version" "$BIN" --version
version_line="$(cat "$TMP/out")"
[[ "$version_line" =~ ^copydesk\ $VERSION\ \($VARIANT\ build\ [0-9]{4}-[0-9]{2}-[0-9]{2}(,\ commit\ [0-9a-f]+)?\)$ ]] \
  || die "--version printed '$version_line', expected 'copydesk $VERSION ($VARIANT build YYYY-MM-DD[, commit ...])'"
ok "$version_line"

say "copydesk info / info --json"
run "info" "$BIN" info
grep -q "^Build: *$VARIANT build" "$TMP/out" || die "info has no 'Build: $VARIANT build' line: $(head -n 3 "$TMP/out")"
grep -q '^Backend:' "$TMP/out" || die "info has no Backend line"
ok "$(grep -E '^(Build|Backend):' "$TMP/out" | tr -s ' ' | paste -sd ';' -)"
run "info --json" "$BIN" info --json
grep -q "\"variant\": \"$VARIANT\"" "$TMP/out" || die "info --json has no build variant $VARIANT"
ok "info --json names the $VARIANT build"

say "copydesk models catalog (resources inside the bundle)"
run "models catalog" "$BIN" models catalog
grep -q 'smollm2-135m-instruct' "$TMP/out" || die "the catalog does not list the starter model"
ok "$(grep -c '^[a-z0-9]' "$TMP/out") catalog entries"

say "copydesk models search, against a closed port (the Hub client and its HTTP stack load)"
EXPECT_RC=1 run "models search" env HF_ENDPOINT=http://127.0.0.1:9 "$BIN" models search smollm
grep -q 'Could not reach the model hub' "$TMP/err" || die "unexpected models search error: $(cat "$TMP/err")"
ok "$(head -c 100 "$TMP/err")..."

say "copydesk chat with the starter model"
if [[ ! -f "$MODEL" ]]; then
  [[ -x "$VENV/bin/python" ]] || die "$MODEL is missing, and there is no $VENV to fetch it with"
  say "Fetching the starter model into $MODEL_CACHE"
  (cd "$ROOT" && "$VENV/bin/python" -c 'import sys; from pathlib import Path; from app.core.models.starter import fetch_starter; fetch_starter(Path(sys.argv[1]))' "$MODEL_CACHE")
fi
run "chat" "$BIN" chat --model "$MODEL" --max-tokens 8 --seed 1 "Say hi"
[[ -n "$(tr -d '[:space:]' <"$TMP/out")" ]] || die "chat printed nothing"
ok "reply: $(tr '\n' ' ' <"$TMP/out")"

say "copydesk analyze classify and faq (tables, workbooks, BM25 and Markdown inside the bundle)"
printf 'id,text\n1,My parcel never arrived\n2,I was charged twice for one order\n' >"$TMP/tickets.csv"
run "analyze classify" "$BIN" analyze classify "$TMP/tickets.csv" --column text --labels "billing,shipping" \
  -o "$TMP/labelled.xlsx" --model "$MODEL"
[[ -s "$TMP/labelled.xlsx" && ! -e "$TMP/labelled.xlsx.copydesk-progress.jsonl" ]] \
  || die "analyze classify left no finished workbook; stderr: $(tail -n 5 "$TMP/err")"
ok "2 rows labelled into an .xlsx workbook"
printf '## How long does shipping take?\n\nThree to five working days.\n\n## Can I pay by invoice?\n\nYes.\n' \
  >"$TMP/faq.md"
run "faq" "$BIN" faq --faq "$TMP/faq.md" --model "$MODEL" --json "What is the capital of Mongolia?"
grep -q '"covered": false' "$TMP/out" || die "faq did not route an out-of-scope question: $(head -c 300 "$TMP/out")"
ok "an out-of-scope question is routed: $(tr -d '\n' <"$TMP/out" | head -c 120)"

say "copydesk translate a PO catalog (formats, glossary, translation memory and polib inside the bundle)"
printf 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n#, c-format\nmsgid "Saved %%d files"\nmsgstr ""\n\nmsgid "Open the Brightleaf app"\nmsgstr ""\n' \
  >"$TMP/app.pot"
printf 'source,target,dnt\nBrightleaf,,yes\n' >"$TMP/glossary.csv"
rc=0
COPYDESK_HOME="$(fresh_home)" timeout 180 "$BIN" translate --from en --to de --glossary "$TMP/glossary.csv" \
  --model "$MODEL" "$TMP/app.pot" -o "$TMP/app.de.po" >"$TMP/out" 2>"$TMP/err" || rc=$?
# 3: some segment failed the output check twice and kept its source text (the tiny model does that).
[[ "$rc" == 0 || "$rc" == 3 ]] || die "translate: exit status $rc; stderr: $(tail -n 5 "$TMP/err")"
grep -q 'Language: de' "$TMP/app.de.po" || die "translate wrote no German catalog: $(head -c 300 "$TMP/app.de.po")"
if command -v msgfmt >/dev/null 2>&1; then
  msgfmt --check -o /dev/null "$TMP/app.de.po" 2>"$TMP/msgfmt.err" \
    || die "the translated catalog fails msgfmt --check: $(cat "$TMP/msgfmt.err")"
fi
ok "$(grep -m1 'wrote' "$TMP/err" || tail -n 1 "$TMP/err")"

# --- the window ---------------------------------------------------------------------------------------------
shown_ms() { sed -n 's/^shown after \([0-9]*\) ms$/\1/p' "$TMP/err" | tail -n 1; }
window() { # window LABEL CMD...: start the window, which must report itself shown and exit 0
  local label="$1"
  shift
  COPYDESK_HOME="$(fresh_home)" COPYDESK_SMOKE_EXIT_MS=300 run "$label" "$@"
  [[ -n "$(shown_ms)" ]] || die "$label: no 'shown after' line; stderr: $(tail -n 20 "$TMP/err")"
}
say "The window (offscreen), shown and closed"
window "window (offscreen)" env QT_QPA_PLATFORM=offscreen "$BIN"
ok "shown after $(shown_ms) ms, exit status 0"
if command -v xvfb-run >/dev/null; then
  say "The window on an X server (xvfb-run, the bundled xcb platform plugin)"
  window "window (xcb)" xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb "$BIN"
  ok "shown after $(shown_ms) ms, exit status 0"
else
  say "xvfb-run not found: the window was not tried on an X server"
fi

say "Cold start to a shown window, offscreen, $RUNS runs each (after one unmeasured run each)"
frozen=()
from_source=()
for i in $(seq 0 "$RUNS"); do
  window "frozen cold start" env QT_QPA_PLATFORM=offscreen "$BIN"
  (( i == 0 )) || frozen+=("$(shown_ms)")
  if [[ -x "$VENV/bin/python" ]]; then
    window "source cold start" env QT_QPA_PLATFORM=offscreen "$VENV/bin/python" -m app
    (( i == 0 )) || from_source+=("$(shown_ms)")
  fi
done
stats() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {m = NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "median %d ms, max %d ms (%s)", m, v[NR], NR " runs"}'; }
frozen_stats="$(stats "${frozen[@]}")"
ok "frozen bundle:   $frozen_stats; runs: ${frozen[*]}"
if (( ${#from_source[@]} )); then
  ok "source checkout: $(stats "${from_source[@]}"); runs: ${from_source[*]}"
fi
frozen_median="$(printf '%s\n' "${frozen[@]}" | sort -n | sed -n "$(( (${#frozen[@]} + 1) / 2 ))p")"
if (( frozen_median > 2000 )); then
  say "WARNING: the frozen median, ${frozen_median} ms, is above the 2 s target"
fi

# --- the .deb -----------------------------------------------------------------------------------------------
if [[ "$DEB" == "-" ]]; then
  say "Skipping the .deb steps (DEB is '-')"
  say "PASSED (bundle only)"
  exit 0
fi
if [[ -z "$DEB" ]]; then
  command -v dpkg >/dev/null || die "dpkg not found: pass '-' as DEB to test the bundle only"
  DEB="$(dirname "$BUNDLE")/copydesk_${VERSION}_$(dpkg --print-architecture).deb"
fi
[[ -f "$DEB" ]] || die "$DEB not found (pass '-' as DEB to test the bundle only)"
[[ "$(id -u)" == 0 ]] || die "installing $DEB needs root (pass '-' as DEB to test the bundle only)"
if dpkg-query -W -f='${Status}' copydesk 2>/dev/null | grep -q 'install ok installed'; then
  die "copydesk is already installed on this machine; remove it first (dpkg -r copydesk)"
fi

say "dpkg -i $(basename "$DEB")"
INSTALLED_DEB=1
dpkg -i "$DEB" >"$TMP/dpkg.log" 2>&1 || die "dpkg -i failed: $(tail -n 20 "$TMP/dpkg.log")"
ok "$(dpkg-query -W -f='${Package} ${Version} ${Architecture}; Installed-Size ${Installed-Size} KB; Depends: ${Depends}' copydesk)"
[[ "$(readlink -f /usr/bin/copydesk)" == /opt/copydesk/copydesk ]] || die "/usr/bin/copydesk does not lead to /opt/copydesk/copydesk"
run "/usr/bin/copydesk --version" /usr/bin/copydesk --version
[[ "$(cat "$TMP/out")" == "$version_line" ]] || die "/usr/bin/copydesk --version says '$(cat "$TMP/out")'"
ok "/usr/bin/copydesk --version: $(cat "$TMP/out")"
run "/usr/bin/copydesk info" /usr/bin/copydesk info
grep -q "^Build: *$VARIANT build" "$TMP/out" || die "/usr/bin/copydesk info has no Build line"
ok "/usr/bin/copydesk info"
window "installed window" env QT_QPA_PLATFORM=offscreen /usr/bin/copydesk
ok "/usr/bin/copydesk opens the window (shown after $(shown_ms) ms)"
desktop=/usr/share/applications/copydesk.desktop
[[ -f "$desktop" ]] || die "$desktop is missing"
grep -q '^Exec=copydesk$' "$desktop" || die "$desktop: no Exec=copydesk"
grep -q '^Icon=copydesk$' "$desktop" || die "$desktop: no Icon=copydesk"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$desktop" || die "desktop-file-validate rejects $desktop"
fi
for size in 16 24 32 48 64 128 256 512; do
  [[ -f "/usr/share/icons/hicolor/${size}x${size}/apps/copydesk.png" ]] || die "no ${size}x${size} icon"
done
[[ -f /usr/share/icons/hicolor/scalable/apps/copydesk.svg ]] || die "no scalable icon"
ok "desktop entry and icons (8 sizes + scalable) installed"

say "dpkg -r copydesk"
dpkg -r copydesk >"$TMP/dpkg.log" 2>&1 || die "dpkg -r failed: $(tail -n 20 "$TMP/dpkg.log")"
INSTALLED_DEB=0
[[ ! -e /usr/bin/copydesk && ! -e /opt/copydesk && ! -e "$desktop" ]] || die "files are left after dpkg -r"
ok "removed; /opt/copydesk, /usr/bin/copydesk and the desktop entry are gone"

say "PASSED: copydesk $VERSION ($VARIANT); cold start to a shown window: $frozen_stats"
