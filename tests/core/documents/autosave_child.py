"""Child process for the crash-safety test: autosaves drafts in a loop until it is killed.

Usage: ``python autosave_child.py LIBRARY ACK_LOG READY_FILE FIRST_COUNTER`` with the repository root on
``PYTHONPATH``. Each write uses the next counter; its content is derived from the counter alone
(:func:`make_content`), so the parent can tell exactly what a stored draft must hold. A save counts as
saved only once its ``"draft_id counter"`` line is in the acknowledgement log.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path
from typing import IO, Any

from app.core.documents.library import DraftLibrary

MAX_DRAFTS = 24
MIN_SIZE = 20_000
MAX_SIZE = 200_000


def make_content(counter: int) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """Title, inputs and outputs for one write: large, non-ASCII and different for every counter."""
    rng = random.Random(counter)
    size = rng.randint(MIN_SIZE, MAX_SIZE)
    unit = f"{counter}·Müsli café {rng.random():.9f} "
    text = (unit * (size // len(unit) + 1))[:size]
    bullets = [f"point {counter}.{index}" for index in range(rng.randint(0, 5))]
    inputs = {"counter": counter, "topic": f"topic {counter % 7}"}
    outputs = {"counter": counter, "text": text, "bullets": bullets}
    return f"Autosave {counter}", inputs, outputs


def _acknowledge(log: IO[str], draft_id: int, counter: int) -> None:
    log.write(f"{draft_id} {counter}\n")
    log.flush()
    os.fsync(log.fileno())


def run(library_path: Path, ack_path: Path, ready_path: Path, counter: int) -> None:
    """Create or save one draft per counter, forever; checkpoint now and then so versions are hit too."""
    library = DraftLibrary.open(library_path)
    ids = [draft.id for draft in library.list_drafts()]
    ready_path.write_text("ready", encoding="utf-8")
    with ack_path.open("a", encoding="utf-8") as log:
        while True:
            choice = random.Random(-counter)
            title, inputs, outputs = make_content(counter)
            if len(ids) < 3 or (len(ids) < MAX_DRAFTS and choice.random() < 0.15):
                draft = library.create("blog", title, inputs, outputs)
                ids.append(draft.id)
            else:
                draft = library.save(choice.choice(ids), inputs=inputs, outputs=outputs, title=title)
            _acknowledge(log, draft.id, counter)
            if choice.random() < 0.1:
                library.checkpoint(draft.id, "edit", {"counter": counter})
            counter += 1


if __name__ == "__main__":
    run(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
