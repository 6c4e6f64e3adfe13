"""How long this process has been running, and the startup smoke hook the packaging checks use.

``COPYDESK_SMOKE_EXIT_MS=N`` makes the window print ``shown after X ms`` to stderr once it is on screen
and quit cleanly N ms later (exit status 0): ``packaging/smoke_test.sh`` starts a frozen build that way
to prove the GUI comes up, and to time its cold start. Unset (the normal case), nothing changes.

X counts from the start of the process, bootloader and interpreter start-up included: on Linux from the
start time the kernel keeps in ``/proc/self/stat`` (10 ms resolution); elsewhere from the moment this
module was first imported (``app/__main__.py`` imports it first thing), which misses the interpreter's own
start-up.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Final

__all__ = ["SMOKE_EXIT_ENV", "ms_since_start", "smoke_exit_delay_ms"]

SMOKE_EXIT_ENV: Final = "COPYDESK_SMOKE_EXIT_MS"
_IMPORTED_AT: Final = time.perf_counter()


def ms_since_start() -> float:
    """Milliseconds since this process started (see the module's note on what "started" means)."""
    age = _process_age_seconds()
    if age is None:
        age = time.perf_counter() - _IMPORTED_AT
    return age * 1000.0


def smoke_exit_delay_ms(environ: Mapping[str, str] | None = None) -> int | None:
    """The delay asked for by ``COPYDESK_SMOKE_EXIT_MS``; None when unset, negative or not a number."""
    raw = (os.environ if environ is None else environ).get(SMOKE_EXIT_ENV, "").strip()
    try:
        delay = int(raw)
    except ValueError:
        return None
    return delay if delay >= 0 else None


def _process_age_seconds() -> float | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        stat = Path("/proc/self/stat").read_text(encoding="ascii")
        # Field 22 is the start time in clock ticks since boot; the command name (field 2) is in
        # parentheses and may contain spaces, so count from the last ")".
        start_ticks = int(stat.rsplit(")", 1)[1].split()[19])
        started = start_ticks / os.sysconf("SC_CLK_TCK")
        return max(0.0, time.clock_gettime(time.CLOCK_BOOTTIME) - started)
    except (OSError, ValueError, IndexError):
        return None
