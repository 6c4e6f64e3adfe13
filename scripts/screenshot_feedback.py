"""Screenshots of the feedback dashboard and the classification confusion view, from a real model run.

Usage: COPYDESK_HOME=$(mktemp -d) xvfb-run -a -s "-screen 0 1400x900x24" \\
           .venv/bin/python scripts/screenshot_feedback.py [--model MODEL.gguf] [OUT_DIR]
Analyses twelve sample reviews and classifies ten support tickets that carry a true-label column, then
writes feedback-dashboard.png and classify-confusion.png (default: docs/screenshots). Without --model the
starter model is taken from the model cache (``COPYDESK_MODEL_CACHE`` or the cache folder), fetched once
if it is not there. Use a throwaway COPYDESK_HOME: the run creates drafts and saves topic and label lists.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from screenshot_session import open_window, run_when_loaded

from app.ui.launch import AppParts
from app.ui.workspaces.classify import ClassifyWorkspace
from app.ui.workspaces.feedback import FeedbackWorkspace

REVIEWS = (
    "The kettle stopped working after two weeks. I want my money back.",
    "Delivery took nine days and nobody answered my e-mails about it.",
    "Lovely design, boils fast and it is quiet. Very happy with it!",
    "The lid is hard to open with one hand, otherwise fine.",
    "Great price for the quality. Would buy again.",
    "My parcel arrived with a dented side and the box was torn.",
    "Support helped me set up the timer in five minutes, thank you.",
    "Too expensive for what it does; the cheaper model is just as good.",
    "It works. Nothing special.",
    "The app keeps logging me out and I cannot save my settings.",
    "Arrived a day early and well packed.",
    "The handle gets hot. That is dangerous and needs fixing now.",
)

TICKETS = (
    "ticket,message,true label\n"
    "1,I was charged twice for my order this month,billing\n"
    "2,My package has not arrived after two weeks,shipping\n"
    "3,How do I reset my password?,account\n"
    "4,The blender makes a loud grinding noise,product\n"
    "5,Can I get a refund for the broken lamp?,billing\n"
    "6,The tracking number does not work,shipping\n"
    "7,I cannot log in to my account since yesterday,account\n"
    "8,The battery lasts only one hour,product\n"
    "9,Please send me an invoice with my company name,billing\n"
    "10,The parcel was left at the wrong address,shipping\n"
)


class Tour:
    """Feedback run, its picture, classification run, its picture, quit: each step after the last ended."""

    def __init__(self, app: QApplication, parts: AppParts, out: Path, folder: Path) -> None:
        self.app, self.parts, self.out, self.folder = app, parts, out, folder
        feedback, classify = parts.window.workspaces["feedback"], parts.window.workspaces["classify"]
        assert isinstance(feedback, FeedbackWorkspace) and isinstance(classify, ClassifyWorkspace)
        self.feedback, self.classify = feedback, classify
        feedback.run_ended.connect(lambda ok: QTimer.singleShot(500, lambda: self.after_feedback(ok)))
        classify.run_ended.connect(lambda ok: QTimer.singleShot(500, lambda: self.after_classify(ok)))
        classify.items_input.loading_changed.connect(self.tickets_loaded)

    def snap(self, name: str) -> None:
        path = self.out / name
        self.parts.window.grab().save(str(path))
        print("saved", path, flush=True)

    def start(self) -> None:
        self.parts.window.show_workspace("feedback")
        self.feedback.items_input.paste_edit.setPlainText("\n".join(REVIEWS))
        self.feedback.generate()

    def after_feedback(self, ok: bool) -> None:
        print("feedback run ended", "ok" if ok else "with an error", self.feedback.notices(), flush=True)
        self.snap("feedback-dashboard.png")
        self.parts.window.show_workspace("classify")
        tickets = self.folder / "tickets.csv"
        tickets.write_text(TICKETS, encoding="utf-8")
        self.classify.items_input.tabs.setCurrentIndex(1)
        self.classify.items_input.load_file(tickets)

    def tickets_loaded(self, loading: bool) -> None:
        if not loading:
            self.classify.generate()

    def after_classify(self, ok: bool) -> None:
        print(
            "classification run ended", "ok" if ok else "with an error", self.classify.notices(), flush=True
        )
        self.snap("classify-confusion.png")
        QTimer.singleShot(100, self.app.quit)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, help="a GGUF file (default: the starter model)")
    parser.add_argument("out", nargs="?", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    app, runtime, parts, model = open_window(args.model)
    with tempfile.TemporaryDirectory() as folder:
        tour = Tour(app, parts, out, Path(folder))
        return run_when_loaded(app, runtime, parts, model, tour.start, timeout_ms=900_000)


if __name__ == "__main__":
    sys.exit(main())
