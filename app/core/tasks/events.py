"""What a running task tells its front end, in order, from the engine's thread.

The GUI turns these into widget updates (batched on a timer); the CLI prints them. ``part`` names the
output being written ("title", "bullets.0", "description", "section.3", "text"); ``variant`` tells side
by side variants apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.core.engine.types import Chunk


@dataclass(frozen=True)
class TextDelta:
    part: str
    text: str
    variant: int = 0


@dataclass(frozen=True)
class PartReplaced:
    """A part's whole text changed after it streamed (shortened, cut to a limit, cleaned)."""

    part: str
    text: str
    variant: int = 0


@dataclass(frozen=True)
class Notice:
    """Something the user should know about the result (a limit enforced, turns summarized)."""

    text: str


@dataclass(frozen=True)
class StepFinished:
    """One engine request ended; carries its last chunk for the speed and context meters."""

    chunk: Chunk
    step: str = ""


TaskEvent = TextDelta | PartReplaced | Notice | StepFinished
Emit = Callable[[TaskEvent], None]


def ignore(_event: TaskEvent) -> None:
    """An ``Emit`` for callers that only want the result."""
