"""Routes llama.cpp's own log into Python logging and keeps the last lines for error messages.

By default llama.cpp prints everything to stderr, which would spill into the CLI's output; and when a
load fails, its log is the only place that says why (for example an unknown architecture).
"""

from __future__ import annotations

import collections
import contextlib
import ctypes
import logging
import threading
from collections.abc import Iterator

import llama_cpp

logger = logging.getLogger("copydesk.llama_cpp")

# ggml's levels: NONE=0, DEBUG=1, INFO=2, WARN=3, ERROR=4, CONT=5 (continues the previous line's level).
_LEVELS = {0: logging.INFO, 1: logging.DEBUG, 2: logging.INFO, 3: logging.WARNING, 4: logging.ERROR}
_recent: collections.deque[str] = collections.deque(maxlen=200)
_captures: list[list[str]] = []
_lock = threading.Lock()
_installed = False
_last_level = logging.DEBUG


def _on_log(level: int, text: bytes | None, _user_data: ctypes.c_void_p) -> None:
    global _last_level
    if not text:
        return
    line = text.decode("utf-8", errors="replace")
    py_level = _last_level if level == 5 else _LEVELS.get(level, logging.DEBUG)
    _last_level = py_level
    with _lock:
        _recent.append(line.rstrip("\n"))
        for capture in _captures:
            capture.append(line)
        quiet = bool(_captures)
    if not quiet and line.strip() and logger.isEnabledFor(py_level):
        logger.log(py_level, "%s", line.rstrip("\n"))


# A module-level reference keeps the C callback alive for the life of the process.
_callback = llama_cpp.llama_log_callback(_on_log)


def install() -> None:
    """Idempotent; called before anything asks llama.cpp to load a file."""
    global _installed
    with _lock:
        if not _installed:
            llama_cpp.llama_log_set(_callback, ctypes.c_void_p(0))
            _installed = True


@contextlib.contextmanager
def capture() -> Iterator[list[str]]:
    """Collects every log line llama.cpp writes inside the block (for reading its verdict on a file).

    The lines are kept out of the log: a probe's expected failures are not the user's errors.
    """
    install()
    lines: list[str] = []
    with _lock:
        _captures.append(lines)
    try:
        yield lines
    finally:
        with _lock:
            _captures.remove(lines)


def recent_lines(limit: int = 50) -> list[str]:
    with _lock:
        return list(_recent)[-limit:]


def clear() -> None:
    with _lock:
        _recent.clear()
