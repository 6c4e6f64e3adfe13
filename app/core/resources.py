"""Find the files under ``resources/`` (prompt templates, the model catalog, icons) wherever the app runs.

There are two layouts. In a source checkout (and an editable install) the folder sits at the repository
root, two levels above this package. In a PyInstaller build everything is unpacked under
``sys._MEIPASS`` and the spec copies the folder to ``sys._MEIPASS/resources``; other freezers that set
``sys.frozen`` without ``_MEIPASS`` keep data beside the executable. Code asks this module and never
builds a path from ``__file__`` itself, so a frozen build cannot find a file in one place and miss it in
another (the idea of Picard's ``IS_FROZEN`` and qutebrowser's ``utils/resources.py``).

``sys.frozen`` and ``sys._MEIPASS`` are read on every call, not cached at import, so tests can fake
either layout with ``monkeypatch``.
"""

from __future__ import annotations

import sys
from pathlib import Path, PurePosixPath
from typing import Final

__all__ = [
    "RESOURCES_DIRNAME",
    "ResourceNotFoundError",
    "is_frozen",
    "read_resource_bytes",
    "read_resource_text",
    "resource_path",
    "resources_root",
]

RESOURCES_DIRNAME: Final = "resources"
_SOURCE_ROOT: Final = Path(__file__).resolve().parents[2]
"""The repository root in a checkout: ``app/core/resources.py`` -> ``app/core`` -> ``app`` -> root."""


class ResourceNotFoundError(FileNotFoundError):
    """A resource the app ships is missing: a broken install or build, never the user's doing."""

    def __init__(self, name: str, looked_in: Path) -> None:
        self.name = name
        self.looked_in = looked_in
        layout = "this frozen build" if is_frozen() else "this source checkout"
        super().__init__(
            f"The resource {name!r} is missing from {looked_in} ({layout}). "
            f"Copydesk's installation is incomplete; reinstall it."
        )


def is_frozen() -> bool:
    """True inside a bundled build (PyInstaller, cx_Freeze, py2app all set ``sys.frozen``)."""
    return bool(getattr(sys, "frozen", False))


def resources_root() -> Path:
    """The ``resources`` folder for the way this process was started; it may not exist."""
    if is_frozen():
        bundle = getattr(sys, "_MEIPASS", None)
        base = Path(bundle) if isinstance(bundle, str) and bundle else Path(sys.executable).resolve().parent
        return base / RESOURCES_DIRNAME
    return _SOURCE_ROOT / RESOURCES_DIRNAME


def resource_path(name: str) -> Path:
    """The path of resource ``name`` (``"catalog.toml"``, ``"prompts/blog.j2"``); it must exist.

    ``name`` uses forward slashes on every OS and must stay inside the resources folder: resource
    names come from code and data files, and neither should be able to reach other files.
    """
    parts = _checked_parts(name)
    root = resources_root()
    path = root.joinpath(*parts)
    if not path.exists():
        raise ResourceNotFoundError(name, root)
    return path


def read_resource_text(name: str, encoding: str = "utf-8") -> str:
    return resource_path(name).read_text(encoding=encoding)


def read_resource_bytes(name: str) -> bytes:
    return resource_path(name).read_bytes()


def _checked_parts(name: str) -> tuple[str, ...]:
    pure = PurePosixPath(name)
    if not name or pure.is_absolute() or "\\" in name or ":" in name:
        raise ValueError(f"Resource names are relative paths with forward slashes, not {name!r}")
    parts = tuple(part for part in pure.parts if part != ".")
    if not parts or ".." in parts:
        raise ValueError(f"Resource name {name!r} points outside the resources folder")
    return parts
