"""Composition root: no arguments opens the window, anything else is the headless CLI."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from app.core import startup  # noqa: F401 - first, so the start-up clock's fallback stamp is early


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        # Imported here so the CLI never pays for (or needs) Qt.
        from app.ui.launch import launch_gui

        return launch_gui()
    from app.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
