"""Helpers for the Translate workspace's tests: a fake engine's translation, a gated engine that answers
one segment at a time, the workspace as a test builds it, and views of its segments.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.engine.types import CancelToken, Chunk, GenerationRequest, SamplingOptions
from app.core.tasks.definitions import TaskDefinition
from app.ui.engine_bridge import EngineBridge
from app.ui.workspaces.translate import TranslateWorkspace
from tests.support.ui_fakes import FakeEngine

RUN_TIMEOUT_MS = 20_000

THREE = "The cat sleeps on the sofa.\n\nOrder 42 ships on Monday.\n\nVisit https://example.com for help.\n"
MARKDOWN = (
    "# Garden guide\n\n"
    "Water the roses every 3 days.\n\n"
    "```python\nprint('keep me')\n```\n\n"
    "Read [the notes](https://example.com/notes) before pruning.\n"
)


def piece(request: GenerationRequest) -> str:
    """The text the request asks to translate: what follows the prompt's last "Translate into …:" line."""
    user = request.messages[-1].content
    return user.rsplit("Translate into ", 1)[1].split("\n", 1)[1]


def fake_translation(request: GenerationRequest) -> str:
    """ "DE " before the text: different words, same numbers and placeholders; passes the check. A text
    with "drop-numbers" in it comes back without its digits, so its check fails every time."""
    text = piece(request)
    if "drop-numbers" in text:
        text = re.sub(r"\d", "", text)
    return "DE " + text


def make_workspace(
    qtbot: QtBot, task: TaskDefinition, bridge: EngineBridge, home: Path
) -> TranslateWorkspace:
    workspace = TranslateWorkspace(
        task, bridge, SamplingOptions, memory_path=home / "tm.sqlite", glossary_dir=home / "glossaries"
    )
    qtbot.addWidget(workspace)
    workspace.resize(1300, 800)
    workspace.show()
    qtbot.waitUntil(lambda: workspace.resources.memory is not None, timeout=10_000)
    return workspace


def paste(workspace: TranslateWorkspace, text: str) -> None:
    workspace.source_pane.paste_edit.setPlainText(text)
    workspace.resegment()  # what a short pause in typing (or pressing Translate) does


def column(workspace: TranslateWorkspace, index: int) -> list[str]:
    model = workspace.segments.model
    return [str(model.index(row, index).data()) for row in range(model.rowCount())]


def statuses(workspace: TranslateWorkspace) -> list[str]:
    return [row.status for row in workspace.segments.model.rows()]


def sources_sent(engine: FakeEngine) -> list[str]:
    return [piece(request) for request in engine.requests]


class GatedEngine(FakeEngine):
    """Answers only when the test lets a segment through (`release`), so it can act between segments."""

    def __init__(self) -> None:
        super().__init__(fake_translation)
        self.gate = threading.Semaphore(0)
        self.waiting = 0
        """Requests that have asked for an answer (the first one may still be held at the gate)."""

    def release(self, count: int = 1) -> None:
        for _ in range(count):
            self.gate.release()

    def stream(self, request: GenerationRequest, cancel: CancelToken | None = None) -> Iterator[Chunk]:
        self.waiting += 1
        while not self.gate.acquire(timeout=0.05):
            if cancel is not None and cancel.cancelled():
                yield Chunk("", 0, 10, "cancelled")
                return
        yield from super().stream(request, cancel)


FIVE = "\n\n".join(f"Paragraph number {n} is here." for n in range(1, 6))
