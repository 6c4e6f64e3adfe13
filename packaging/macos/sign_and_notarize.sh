#!/usr/bin/env bash
# Sign Copydesk.app with a Developer ID (inside out, hardened runtime, secure timestamp), notarize and
# staple it, then rebuild the .dmg from the stapled app and sign, notarize and staple the .dmg too.
#
# Usage: packaging/macos/sign_and_notarize.sh [--dry-run] [APP] [DMG]
#        APP defaults to dist/Copydesk.app, DMG to what make_dmg.sh writes.
#
# Environment:
#   MACOS_SIGN_IDENTITY   "Developer ID Application: Name (TEAMID)" or its SHA-1 hash. Unset: the whole
#                         step is skipped (exit 0) and the build stays ad-hoc signed, as PyInstaller
#                         leaves it: it runs on the machine that built it, Gatekeeper warns elsewhere.
#   MACOS_TEAM_ID         optional; when set, the signed app must carry this Team ID.
#   NOTARY_PROFILE        a notarytool keychain profile (xcrun notarytool store-credentials NAME ...);
#   MACOS_KEYCHAIN_PROFILE  the same, under the other name. Neither set: signed, not notarized.
#   NOTARY_KEYCHAIN       optional keychain file holding that profile (CI keeps it in a temporary one).
#   MACOS_KEYCHAIN        optional keychain file holding the signing identity.
#
# --dry-run prints every command instead of running it, and needs no macOS tools (it runs on Linux).
#
# Why not `codesign --deep`: Apple advises against signing with it (it applies one set of options and
# entitlements to everything and misses code in non-standard places). Each Mach-O file is signed on its
# own, nested bundles next, the app last, so every seal covers already-final signatures.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/packaging/macos"
ENTITLEMENTS="$HERE/entitlements.plist"

DRY_RUN=0
ARGS=()
for arg in "$@"; do
    case "$arg" in
        --dry-run) DRY_RUN=1 ;;
        -h | --help)
            sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        -*)
            echo "sign_and_notarize.sh: unknown option $arg" >&2
            exit 2
            ;;
        *) ARGS+=("$arg") ;;
    esac
done
APP="${ARGS[0]:-$ROOT/dist/Copydesk.app}"
DMG="${ARGS[1]:-}"

IDENTITY="${MACOS_SIGN_IDENTITY:-}"
TEAM_ID="${MACOS_TEAM_ID:-}"
PROFILE="${NOTARY_PROFILE:-${MACOS_KEYCHAIN_PROFILE:-}}"

say() { printf '%s\n' "sign_and_notarize: $*"; }

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$ROOT/packaging/macos/common.sh"

if [[ -z "$IDENTITY" ]]; then
    if ((DRY_RUN)); then
        say "MACOS_SIGN_IDENTITY is not set: a real run would skip signing and notarization."
        say "Showing the commands with placeholders."
        IDENTITY="<MACOS_SIGN_IDENTITY>"
        PROFILE="${PROFILE:-<NOTARY_PROFILE>}"
    else
        say "skipped: MACOS_SIGN_IDENTITY is not set, so $APP stays ad-hoc signed and is not notarized."
        exit 0
    fi
fi

require_macos_app sign_and_notarize "signing (codesign, xcrun)" "$APP"

KEYCHAIN_ARGS=()
[[ -n "${MACOS_KEYCHAIN:-}" ]] && KEYCHAIN_ARGS=(--keychain "$MACOS_KEYCHAIN")
NOTARY_ARGS=(--keychain-profile "$PROFILE")
[[ -n "${NOTARY_KEYCHAIN:-}" ]] && NOTARY_ARGS+=(--keychain "$NOTARY_KEYCHAIN")

# Options every signature gets: hardened runtime (required for notarization) and a secure timestamp.
SIGN=(codesign --force --sign "$IDENTITY" --options runtime --timestamp ${KEYCHAIN_ARGS[@]+"${KEYCHAIN_ARGS[@]}"})

is_macho() {
    # The first four bytes: thin Mach-O (32/64-bit, either byte order) or a universal ("fat") binary.
    local magic
    magic="$(LC_ALL=C od -An -N4 -tx1 "$1" 2>/dev/null | tr -d ' \n')"
    case "$magic" in
        cffaedfe | cefaedfe | feedfacf | feedface | cafebabe | bebafeca) return 0 ;;
        *) return 1 ;;
    esac
}

# Deepest paths first, so a library inside a framework is signed before the framework that seals it.
by_depth() { awk -F/ '{ print NF "\t" $0 }' | sort -rn -k1,1 -s | cut -f2-; }

sign_app() {
    say "signing $APP as $IDENTITY"
    if [[ ! -d "$APP" ]]; then
        # Dry run without a bundle: show the shape of the commands.
        run "${SIGN[@]}" "$APP/Contents/Frameworks/<each Mach-O file, deepest first>"
        run "${SIGN[@]}" "$APP/Contents/Frameworks/<each .framework, deepest first>"
    else
        local file bundle
        # 1. Every Mach-O file that is a real file (PyInstaller's bundle links many of them between
        #    Contents/Frameworks and Contents/Resources; a link is covered by its target's signature).
        #    The main executable is signed again in step 3, with the entitlements.
        while IFS= read -r file; do
            if is_macho "$file"; then
                run "${SIGN[@]}" "$file"
            fi
        done < <(find "$APP/Contents" -type f ! -path '*/_CodeSignature/*' | by_depth)
        # 2. Nested bundles (Python.framework and the like), deepest first.
        while IFS= read -r bundle; do
            run "${SIGN[@]}" "$bundle"
        done < <(find "$APP/Contents" -type d \( -name '*.framework' -o -name '*.bundle' -o -name '*.app' \
            -o -name '*.plugin' -o -name '*.xpc' \) | by_depth)
    fi
    # 3. The app itself: its main executable gets the entitlements, the bundle gets its seal.
    run "${SIGN[@]}" --entitlements "$ENTITLEMENTS" "$APP"
    run codesign --verify --deep --strict --verbose=2 "$APP"
    if [[ -n "$TEAM_ID" ]]; then
        if ((DRY_RUN)); then
            run codesign --display --verbose=2 "$APP"
        elif ! codesign --display --verbose=2 "$APP" 2>&1 | grep -q "^TeamIdentifier=$TEAM_ID\$"; then
            say "the signature's Team ID is not MACOS_TEAM_ID=$TEAM_ID; check MACOS_SIGN_IDENTITY." >&2
            exit 1
        fi
    fi
}

json_field() {
    python3 -c 'import json, sys; print(json.load(open(sys.argv[2])).get(sys.argv[1], ""))' "$1" "$2" \
        2>/dev/null || true
}

# Submit, wait, and fail unless Apple accepted: `notarytool submit --wait` exits 0 even for "Invalid".
notarize() {
    local artifact="$1" result status id
    say "notarizing $artifact"
    if ((DRY_RUN)); then
        run xcrun notarytool submit "$artifact" "${NOTARY_ARGS[@]}" --wait --output-format json
        return 0
    fi
    result="$(mktemp)"
    xcrun notarytool submit "$artifact" "${NOTARY_ARGS[@]}" --wait --output-format json | tee "$result"
    status="$(json_field status "$result")"
    id="$(json_field id "$result")"
    rm -f "$result"
    if [[ "$status" != "Accepted" ]]; then
        say "Apple did not accept $artifact (status: ${status:-unknown})." >&2
        if [[ -n "$id" ]]; then
            xcrun notarytool log "$id" "${NOTARY_ARGS[@]}" >&2 || true
        fi
        exit 1
    fi
}

sign_app

# The app: zip (ditto keeps the bundle's links and metadata), submit, staple the ticket to the app, so
# it passes Gatekeeper offline once copied out of the disk image.
if [[ -n "$PROFILE" ]]; then
    WORK="$ROOT/build/notarize"
    run mkdir -p "$WORK"
    run ditto -c -k --keepParent "$APP" "$WORK/Copydesk.zip"
    notarize "$WORK/Copydesk.zip"
    run xcrun stapler staple "$APP"
    run xcrun stapler validate "$APP"
    run rm -f "$WORK/Copydesk.zip"
else
    say "notarization skipped: set NOTARY_PROFILE (or MACOS_KEYCHAIN_PROFILE) to a notarytool profile."
fi

# The disk image, made again from the signed (and stapled) app, then signed, notarized and stapled in
# its turn. The image build_macos.sh made before signing held the unsigned app: it is replaced.
if [[ -n "$DMG" ]]; then
    MAKE_DMG=("$HERE/make_dmg.sh" "$APP" "$DMG")
else
    MAKE_DMG=("$HERE/make_dmg.sh" "$APP")
    DMG="$(bash "$HERE/make_dmg.sh" --print-name)"
fi
if ((DRY_RUN)); then
    run bash "${MAKE_DMG[@]}"
else
    bash "${MAKE_DMG[@]}"
fi
run codesign --force --sign "$IDENTITY" --timestamp ${KEYCHAIN_ARGS[@]+"${KEYCHAIN_ARGS[@]}"} "$DMG"
if [[ -n "$PROFILE" ]]; then
    notarize "$DMG"
    run xcrun stapler staple "$DMG"
    run xcrun stapler validate "$DMG"
    run spctl --assess --type open --context context:primary-signature --verbose=2 "$DMG"
fi

if ((DRY_RUN)); then
    say "dry run: nothing was signed or sent."
elif [[ -n "$PROFILE" ]]; then
    say "done: $APP and $DMG are signed, notarized and stapled."
else
    say "done: $APP and $DMG are signed (not notarized)."
fi
