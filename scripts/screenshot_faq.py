"""Screenshot of the FAQ workspace answering a customer question from a shop FAQ, from a real model run.

Usage: COPYDESK_HOME=$(mktemp -d) xvfb-run -a -s "-screen 0 1400x900x24" \\
           .venv/bin/python scripts/screenshot_faq.py [--model MODEL.gguf] [--question TEXT] [OUT_DIR]
Writes a twelve-entry Markdown FAQ of a home-goods shop to a temporary folder, loads it in the FAQ
workspace, asks one question and saves faq.png (default: docs/screenshots) with the first cited entry
opened. The answer is the model's own (greedy, so the same on every run): the default question is one
the small starter model answers from the right entry; with another model or question it may cite
nothing and route the question to a team instead, which the picture then shows. Without --model the
starter model is taken from the model cache (``COPYDESK_MODEL_CACHE`` or the cache folder), fetched
once if it is not there. Use a throwaway COPYDESK_HOME: the run saves a draft.
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
from app.ui.workspaces.faq import FaqWorkspace

QUESTION = "How many working days does delivery within Germany take?"

SECTIONS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Orders and delivery",
        (
            (
                "How long does delivery take?",
                "Orders placed before 2 pm ship the same working day. Delivery within Germany takes 1–2 "
                "working days, to the rest of the EU 3–5 working days.",
            ),
            (
                "How much does shipping cost?",
                "Shipping is free for orders over €50. Below that, standard delivery costs €4.90 and "
                "express delivery costs €9.90.",
            ),
            (
                "Do you ship outside the EU?",
                "Yes, we ship to Switzerland, Norway and the United Kingdom. Customs duties are paid by "
                "the customer on arrival.",
            ),
            (
                "How can I track my parcel?",
                "You get an e-mail with a tracking link as soon as your parcel leaves our warehouse. You "
                'can also find the link under "My orders" in your account.',
            ),
            (
                "Can I change or cancel my order?",
                'You can change or cancel an order within one hour of placing it, under "My orders". '
                "After that it is already being packed; please return it instead.",
            ),
        ),
    ),
    (
        "Returns and refunds",
        (
            (
                "How do I return an item?",
                'You have 30 days from delivery to return an item. Print the free return label from "My '
                'orders", pack the item in its original box and drop it at any DHL point.',
            ),
            (
                "When will I get my refund?",
                "We refund to your original payment method within 5 working days after your return "
                "reaches our warehouse.",
            ),
            (
                "My item arrived damaged. What should I do?",
                "Send us a photo of the damage within 14 days of delivery through the contact form. We "
                "send a free replacement or refund you in full; you do not need to return the broken item.",
            ),
        ),
    ),
    (
        "Products",
        (
            (
                "Are your candles made of natural wax?",
                "Yes. All Brightleaf candles are made of 100% soy wax with cotton wicks and burn for "
                "about 40 hours.",
            ),
            (
                "Is there a warranty on the kettles and lamps?",
                "Every electrical product has a 2-year warranty. Keep your order number; we repair or "
                "replace a faulty product free of charge.",
            ),
        ),
    ),
    (
        "Payment and account",
        (
            (
                "Which payment methods do you accept?",
                "We accept Visa, Mastercard, PayPal, Klarna (pay in 30 days) and bank transfer.",
            ),
            (
                "How do I reset my password?",
                'Click "Forgot password" on the login page and we send you a reset link by e-mail. The '
                "link is valid for 24 hours.",
            ),
        ),
    ),
)
"""A shop FAQ as its staff would write it: sections of question and answer pairs."""


def faq_markdown() -> str:
    """The FAQ in the ``**Q:** / **A:**`` layout, one line per question and per answer."""
    lines = ["# Brightleaf Home — Customer FAQ", ""]
    for title, pairs in SECTIONS:
        lines += [f"## {title}", ""]
        for question, answer in pairs:
            lines += [f"**Q:** {question}", f"**A:** {answer}", ""]
    return "\n".join(lines)


class Tour:
    """Type the question, open the FAQ, answer once it is read, show the first cited entry, snap, quit."""

    def __init__(self, app: QApplication, parts: AppParts, out: Path, faq: Path, question: str) -> None:
        self.app, self.parts, self.out, self.faq, self.question = app, parts, out, faq, question
        workspace = parts.window.workspaces["faq"]
        assert isinstance(workspace, FaqWorkspace)
        self.workspace = workspace
        workspace.run_ended.connect(lambda ok: QTimer.singleShot(500, lambda: self.after_answer(ok)))

    def start(self) -> None:
        self.parts.window.show_workspace("faq")
        self.workspace.form.set_values({"question": self.question})  # so the draft is named after it
        self.workspace.load_faq_file(self.faq, user=True)
        self.wait_for_faq()

    def wait_for_faq(self, tries: int = 100) -> None:
        """The file is read in the background; ask once its entries are there (or say why not)."""
        if self.workspace.faq is not None:
            self.workspace.generate()
        elif tries and not self.workspace.faq_status.text().startswith("The FAQ"):
            QTimer.singleShot(100, lambda: self.wait_for_faq(tries - 1))
        else:
            print("the FAQ could not be read:", self.workspace.faq_status.text(), flush=True)
            self.app.quit()

    def after_answer(self, ok: bool) -> None:
        workspace = self.workspace
        print("answer ended", "ok" if ok else "with an error", workspace.notices(), flush=True)
        print("banner:", workspace.banner.text() if workspace.banner.isVisible() else "(none)", flush=True)
        print("answer:", workspace.answer_edit.toPlainText(), flush=True)
        print("cited:", list(workspace.cited_numbers()), flush=True)
        if workspace.sources_list.count():
            workspace.sources_list.setCurrentRow(0)  # shows the entry whole, as a click would
        QTimer.singleShot(300, self.snap)

    def snap(self) -> None:
        path = self.out / "faq.png"
        self.parts.window.grab().save(str(path))
        print("saved", path, flush=True)
        QTimer.singleShot(100, self.app.quit)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, help="a GGUF file (default: the starter model)")
    parser.add_argument("--question", default=QUESTION, help=f"the customer question (default: {QUESTION!r})")
    parser.add_argument("out", nargs="?", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    app, runtime, parts, model = open_window(args.model)
    with tempfile.TemporaryDirectory(prefix="copydesk-faq-") as folder:
        faq = Path(folder) / "brightleaf-faq.md"
        faq.write_text(faq_markdown(), encoding="utf-8")
        tour = Tour(app, parts, out, faq, args.question)
        return run_when_loaded(app, runtime, parts, model, tour.start, timeout_ms=600_000)


if __name__ == "__main__":
    sys.exit(main())
