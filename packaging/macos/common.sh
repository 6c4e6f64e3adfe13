# Shared by the macOS scripts (sourced, not run): the dry-run-aware command runner and the checks
# every step makes before touching an app bundle. Callers set DRY_RUN (0 or 1) first.

# Run a command, or with --dry-run print it (shell-quoted, after "+") instead.
run() {
    if ((DRY_RUN)); then
        printf '+'
        printf ' %q' "$@"
        printf '\n'
    else
        "$@"
    fi
}

# require_macos_app SCRIPT WHAT APP: stop unless this is macOS and APP exists (skipped on dry runs).
require_macos_app() {
    local script="$1" what="$2" app="$3"
    ((DRY_RUN)) && return 0
    if [[ "$(uname -s)" != "Darwin" ]]; then
        echo "$script: $what needs macOS; use --dry-run to see the commands here." >&2
        exit 1
    fi
    if [[ ! -d "$app" ]]; then
        echo "$script: no app bundle at $app; build it first (packaging/macos/build_macos.sh)." >&2
        exit 1
    fi
}
