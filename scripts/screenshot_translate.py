"""Screenshots of the translation studio (English to German) from a real run of the real model.

Usage: xvfb-run -a -s "-screen 0 1400x900x24" \\
           .venv/bin/python scripts/screenshot_translate.py [--model MODEL.gguf] [OUT_DIR]
Opens a short product guide (Markdown) in the Translate workspace and presses Translate. Before the
window opens, the glossary of the pair gets a brand name that must not be translated and a preferred
term, and the translation memory one confirmed pair that matches a paragraph exactly (it is reused
without the model) and one that nearly matches another (it is offered as a fuzzy match). After the
run one translated row is corrected by hand, as a translator would in the table. Writes (default:
docs/screenshots) translate.png (the side-by-side table with one segment's pair shown below it),
translate-memory.png (the segment with the fuzzy match selected) and translate-glossary.png (the
glossary dialog over the workspace). The statuses are what the run produced: a "Check failed" row
appears only when the model's answer really failed the output check. About a minute on two CPU
cores; the first attempt is greedy, a retry is sampled, so a flagged row's text varies. It runs in a
throwaway COPYDESK_HOME of its own; without --model the starter model comes from the model cache
(``COPYDESK_MODEL_CACHE`` or the usual cache folder), fetched once if it is not there.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QSplitter, QWidget

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from screenshot_session import open_window, run_when_loaded

from app.core.models.starter import fetch_starter, model_cache_dir
from app.core.paths import HOME_ENV, app_paths
from app.core.translation.glossary import Glossary, Term
from app.core.translation.glossary_store import GlossaryStore, default_glossary_folder
from app.core.translation.memory import TranslationMemory, default_memory_path
from app.ui.launch import AppParts
from app.ui.translation.glossary_dialog import GlossaryDialog
from app.ui.translation.segment_model import (
    CHECK_FAILED,
    EDITED,
    TRANSLATED,
    TRANSLATION,
    SegmentRow,
)
from app.ui.workspaces.translate import TranslateWorkspace

SOURCE, TARGET = "en", "de"

GUIDE: Final = """\
# Getting started with Brightleaf Hub

Brightleaf Hub connects up to 12 smart lamps in your home.

Plug the hub into a power socket and wait until the light turns green. This takes about 30 seconds.

Open the dashboard at https://hub.brightleaf.example/setup and sign in with your account.

To reset the hub, hold the button for 10 seconds or run `hub reset --all` in a terminal.

Each lamp uses less than 5 watts, so leaving it on all night costs very little.
"""

REUSED_PAIR: Final = (
    "Each lamp uses less than 5 watts, so leaving it on all night costs very little.",
    "Jede Lampe verbraucht weniger als 5 Watt, daher kostet es kaum etwas, sie die ganze Nacht "
    "eingeschaltet zu lassen.",
)
"""In the memory before the run, the same text as the last paragraph: reused without the model."""

FUZZY_PAIR: Final = (
    "Open the dashboard at https://hub.brightleaf.example/start and sign in with your user account.",
    "Öffnen Sie das Dashboard unter https://hub.brightleaf.example/start und melden Sie sich mit Ihrem "
    "Benutzerkonto an.",
)
"""In the memory before the run, close to the fourth paragraph: offered as a fuzzy match."""
FUZZY_SEGMENT: Final = 3

HAND_TRANSLATIONS: Final = (
    "Erste Schritte mit Brightleaf Hub",
    "Brightleaf Hub verbindet bis zu 12 smarte Lampen in Ihrem Zuhause.",
    "Stecken Sie den Hub in eine Steckdose und warten Sie, bis das Licht grün leuchtet. Das dauert etwa "
    "30 Sekunden.",
    "Öffnen Sie das Dashboard unter https://hub.brightleaf.example/setup und melden Sie sich mit Ihrem "
    "Konto an.",
    "Um den Hub zurückzusetzen, halten Sie die Taste 10 Sekunden lang gedrückt oder führen Sie "
    "`hub reset --all` in einem Terminal aus.",
)
"""What a translator types over a machine translation, by segment; the first translated one of the
heading and the paragraphs without a memory match gets it."""
EDIT_ORDER: Final = (0, 2, 1, 4)

GLOSSARY: Final = Glossary(
    SOURCE,
    TARGET,
    (
        Term("Brightleaf Hub", do_not_translate=True, note="Product name"),
        Term("power socket", "Steckdose", note="Not „Stromanschluss“"),
        Term("account", "Konto"),
        Term("smart lamp", "smarte Lampe"),
    ),
)

MEMORY_COLUMN: Final = 270
"""Width the memory's column is dragged to, in pixels, so each match reads on a few lines."""
TIMEOUT_MS: Final = 600_000
WAIT_STEP_MS: Final = 100


def prepare(folder: Path) -> Path:
    """Glossary and memory of the throwaway home, and the guide to open; returns the guide's path."""
    GlossaryStore(default_glossary_folder()).save(GLOSSARY)
    memory = TranslationMemory(default_memory_path())
    try:
        for source, target in (REUSED_PAIR, FUZZY_PAIR):
            memory.add(SOURCE, TARGET, source, target, "human")
    finally:
        memory.close()
    guide = folder / "getting-started.md"
    guide.write_text(GUIDE, encoding="utf-8")
    return guide


def wait_until(ready: Callable[[], bool], then: Callable[[], None], what: str, tries: int = 300) -> None:
    """Call ``then`` once ``ready()`` holds (checked every 100 ms); give up after ``tries``, loudly."""
    if ready():
        then()
    elif tries:
        QTimer.singleShot(WAIT_STEP_MS, lambda: wait_until(ready, then, what, tries - 1))
    else:
        print("gave up waiting for", what, flush=True)
        QApplication.quit()


def with_dialog(window: QWidget, dialog: QWidget) -> QPixmap:
    """The window with ``dialog`` drawn where it sits over it, the window dimmed behind, as a
    window manager would show a modal dialog (a grab of the window alone leaves the dialog out)."""
    picture = window.grab()
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 60))
    at = window.mapFromGlobal(dialog.mapToGlobal(QPoint(0, 0)))
    painter.drawPixmap(at, dialog.grab())
    painter.setPen(QColor(0, 0, 0, 140))  # no window manager draws its frame under Xvfb
    painter.drawRect(at.x() - 1, at.y() - 1, dialog.width() + 1, dialog.height() + 1)
    painter.end()
    return picture


class Tour:
    """Open, translate, edit one row, snap; select the fuzzy match, snap; open the glossary, snap; quit."""

    def __init__(self, app: QApplication, parts: AppParts, out: Path, guide: Path) -> None:
        self.app, self.parts, self.out, self.guide = app, parts, out, guide
        workspace = parts.window.workspaces["translate"]
        assert isinstance(workspace, TranslateWorkspace)
        self.workspace = workspace
        self.segments = workspace.segments
        workspace.run_ended.connect(lambda ok: QTimer.singleShot(500, lambda: self.after_run(ok)))

    def save(self, picture: QPixmap, name: str) -> None:
        path = self.out / name
        picture.save(str(path))
        print("saved", path, flush=True)

    def start(self) -> None:
        self.parts.window.show_workspace("translate")  # the open file puts its column above the table
        self.workspace.open_file(self.guide)
        resources = self.workspace.resources
        wait_until(
            lambda: (
                self.workspace.document.document is not None
                and resources.glossary is not None
                and resources.memory is not None
                and self.segments.model.rowCount() > 0
            ),
            self.translate,
            "the guide, the glossary and the memory",
        )

    def translate(self) -> None:
        print("segments:", self.segments.model.rowCount(), flush=True)
        self.workspace.generate_button.click()

    def after_run(self, ok: bool) -> None:
        print("translation ended", "ok" if ok else "with an error", self.workspace.notices(), flush=True)
        rows = self.segments.model.rows()
        edited = self.edit_one(rows)
        for number, row in enumerate(self.segments.model.rows()):
            print(f"{number + 1}. [{row.status}] {row.source!r} -> {row.translation!r}", flush=True)
            for problem in row.problems:
                print("     problem:", problem, flush=True)
            for miss in row.term_misses:
                print("     term missed:", miss, flush=True)
        shown = self.row_to_show(edited)
        memory = self.workspace.resources.memory
        if memory is not None:
            print("memory pairs:", memory.count(SOURCE, TARGET), flush=True)
        print("showing row", shown + 1, flush=True)
        self.show_row(shown, lambda: self.snap_main())

    def edit_one(self, rows: tuple[SegmentRow, ...]) -> int | None:
        """Type a translator's text over one machine translation, in the table as a person would."""
        for number in EDIT_ORDER:
            if number < len(rows) and rows[number].status == TRANSLATED:
                model = self.segments.model
                model.setData(model.index(number, TRANSLATION), HAND_TRANSLATIONS[number])
                print("edited row", number + 1, flush=True)
                return number
        print("no translated row to edit by hand", flush=True)
        return None

    def row_to_show(self, edited: int | None) -> int:
        """A flagged row when the model produced one (its problems show under the pair), else one
        with a missed preferred term, else the first machine translation."""
        rows = self.segments.model.rows()
        preferences: tuple[Callable[[SegmentRow], bool], ...] = (
            lambda row: row.status == CHECK_FAILED,
            lambda row: bool(row.term_misses) and row.status != EDITED,
            lambda row: row.status == TRANSLATED,
        )
        for wanted in preferences:
            for number, row in enumerate(rows):
                if number != FUZZY_SEGMENT and number != edited and wanted(row):
                    return number
        return 1

    def show_row(self, number: int, then: Callable[[], None]) -> None:
        """Select row ``number``; ``then`` once the memory panel has looked it up."""
        self.segments.select(number)
        panel = self.segments.memory_panel
        wait_until(lambda: not panel.busy, lambda: QTimer.singleShot(300, then), "the memory lookup")

    def snap_main(self) -> None:
        self.save(self.parts.window.grab(), "translate.png")
        self.show_row(FUZZY_SEGMENT, self.snap_memory)

    def snap_memory(self) -> None:
        panel = self.segments.memory_panel
        upper = self.segments.splitter.widget(0)
        if isinstance(upper, QSplitter):  # wider, so each match reads on a few lines
            sizes = upper.sizes()
            upper.setSizes([sum(sizes) - MEMORY_COLUMN, MEMORY_COLUMN])
        for match in panel.matches():
            print(f"memory match {match.score:.0f}% ({match.origin}): {match.target!r}", flush=True)
        fuzzy = [n for n, match in enumerate(panel.matches()) if match.score < 100]
        if fuzzy:
            panel.match_list.setCurrentRow(fuzzy[0])  # its differences show under the list
        QTimer.singleShot(300, self.open_glossary)

    def open_glossary(self) -> None:
        self.save(self.parts.window.grab(), "translate-memory.png")
        self.segments.select(1)
        self.workspace.pair.open_glossary()
        dialog = self.parts.window.findChild(GlossaryDialog)
        assert dialog is not None
        wait_until(
            lambda: not dialog.busy and dialog.model.rowCount() > 0,
            lambda: QTimer.singleShot(300, lambda: self.snap_glossary(dialog)),
            "the glossary",
        )

    def snap_glossary(self, dialog: GlossaryDialog) -> None:
        self.save(with_dialog(self.parts.window, dialog), "translate-glossary.png")
        dialog.reject()
        QTimer.singleShot(100, self.app.quit)


@contextmanager
def throwaway_home() -> Iterator[Path]:
    """A fresh COPYDESK_HOME for this run (the memory and glossary it fills are not the user's)."""
    before = os.environ.get(HOME_ENV)
    with tempfile.TemporaryDirectory(prefix="copydesk-translate-") as folder:
        os.environ[HOME_ENV] = folder
        try:
            yield Path(folder)
        finally:
            if before is None:
                os.environ.pop(HOME_ENV, None)
            else:
                os.environ[HOME_ENV] = before


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, help="a GGUF file (default: the starter model)")
    parser.add_argument("out", nargs="?", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    model: Path = args.model or fetch_starter(model_cache_dir(app_paths()))  # the user's cache
    with throwaway_home() as home:
        app_paths().ensure()
        guide = prepare(home)
        app, runtime, parts, model = open_window(model)
        tour = Tour(app, parts, out, guide)
        return run_when_loaded(app, runtime, parts, model, tour.start, timeout_ms=TIMEOUT_MS)


if __name__ == "__main__":
    sys.exit(main())
