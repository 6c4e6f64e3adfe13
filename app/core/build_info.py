"""What kind of Copydesk this is: a source checkout, or a packaged build (which backend, when, from what).

A packaged build carries ``build_info.json`` in its resources folder, written by ``packaging/copydesk.spec``
at build time::

    {"version": "0.1.0", "variant": "cpu", "built_at": "2026-11-29", "commit": "abc1234"}

``variant`` names the llama.cpp backend the bundle was built with (``cpu``, ``cuda``, ``metal``,
``vulkan``). A source checkout (or an editable install) has no such file and reports ``source``. A frozen
build whose file is missing or unreadable still starts, and says ``unknown``: ``--version`` must never fail.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Final

from app import __version__
from app.core.resources import ResourceNotFoundError, is_frozen, resource_path

__all__ = ["BUILD_INFO_NAME", "SOURCE_VARIANT", "UNKNOWN_VARIANT", "BuildInfo", "current_build_info"]

BUILD_INFO_NAME: Final = "build_info.json"
SOURCE_VARIANT: Final = "source"
UNKNOWN_VARIANT: Final = "unknown"


@dataclass(frozen=True)
class BuildInfo:
    version: str
    variant: str
    """``source`` for a checkout; otherwise the backend of the build (``cpu``, ``cuda``, ``metal`` …)."""
    built_at: str | None = None
    """The build's date (``YYYY-MM-DD``, UTC)."""
    commit: str | None = None
    """The short commit hash the build was made from, when it was known."""

    @property
    def is_packaged(self) -> bool:
        return self.variant != SOURCE_VARIANT

    def describe(self) -> str:
        """``cpu build 2026-11-29, commit abc1234`` for a packaged build, ``source`` for a checkout."""
        if not self.is_packaged:
            return SOURCE_VARIANT
        text = f"{self.variant} build"
        if self.built_at:
            text += f" {self.built_at}"
        if self.commit:
            text += f", commit {self.commit}"
        return text

    def version_line(self) -> str:
        """What ``copydesk --version`` prints: ``copydesk 0.1.0 (cpu build 2026-11-29, commit abc1234)``."""
        return f"copydesk {self.version} ({self.describe()})"

    def as_dict(self) -> dict[str, str | None]:
        return {
            "version": self.version,
            "variant": self.variant,
            "built_at": self.built_at,
            "commit": self.commit,
        }


def current_build_info() -> BuildInfo:
    """This process's build: read on every call (cheap), so tests can fake a frozen layout."""
    if not is_frozen():
        return BuildInfo(__version__, SOURCE_VARIANT)
    try:
        raw: Any = json.loads(resource_path(BUILD_INFO_NAME).read_text(encoding="utf-8"))
    except (ResourceNotFoundError, OSError, ValueError):
        return BuildInfo(__version__, UNKNOWN_VARIANT)
    if not isinstance(raw, dict):
        return BuildInfo(__version__, UNKNOWN_VARIANT)
    return BuildInfo(
        version=_text(raw.get("version")) or __version__,
        variant=_text(raw.get("variant")) or UNKNOWN_VARIANT,
        built_at=_text(raw.get("built_at")),
        commit=_text(raw.get("commit")),
    )


def _text(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None
