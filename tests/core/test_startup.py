"""The start-up clock and the COPYDESK_SMOKE_EXIT_MS hook the packaging smoke test uses."""

from __future__ import annotations

import subprocess
import sys

import pytest

from app.core.startup import SMOKE_EXIT_ENV, ms_since_start, smoke_exit_delay_ms


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, None), ("", None), ("0", 0), ("250", 250), (" 40 ", 40), ("-1", None), ("soon", None)],
)
def test_smoke_exit_delay(value: str | None, expected: int | None) -> None:
    environ = {} if value is None else {SMOKE_EXIT_ENV: value}
    assert smoke_exit_delay_ms(environ) == expected


def test_the_clock_runs() -> None:
    first = ms_since_start()
    assert first > 0
    assert ms_since_start() >= first


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the process start time is read on Linux")
def test_the_clock_counts_from_the_start_of_the_process_not_from_the_import() -> None:
    code = (
        "import time; time.sleep(0.6)\nfrom app.core.startup import ms_since_start\nprint(ms_since_start())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    elapsed = float(result.stdout)
    assert 600 <= elapsed < 30_000
