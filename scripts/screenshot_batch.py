"""Screenshot of the batch dialog after it wrote product descriptions for a spreadsheet of products.

Usage: COPYDESK_HOME=$(mktemp -d) xvfb-run -a -s "-screen 0 1400x1700x24" \\
           .venv/bin/python scripts/screenshot_batch.py [--model MODEL.gguf] [--task TASK_ID] [OUT_DIR]
Writes a fifteen-row CSV of products to a temporary folder, opens File › Run a task over a spreadsheet…,
chooses the task (default: product descriptions), lets the dialog match the columns to the task's
fields, runs the job with a real model and saves batch.png (default: docs/screenshots) once it has
finished: the mapping and its preview, the progress bar, rows per minute, any failed row and the output
file. The dialog does not scroll, so it is grown to the height it asks for first: hence the tall screen.
The product task takes several seconds a row on a laptop CPU, so the run lasts a few minutes. Without
--model the starter model is taken from the model cache (``COPYDESK_MODEL_CACHE`` or the cache folder),
fetched once if it is not there. Use a throwaway COPYDESK_HOME: the job keeps its progress there.
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

from app.core.jobs.batch import BatchSummary
from app.ui.batch import BatchDialog
from app.ui.launch import AppParts

DIALOG_WIDTH = 960
"""Wide enough for the column preview's headers."""
PRODUCTS = """\
SKU,Product name,Category,Key features,Audience
BL-101,"Soy wax candle, fig and cedar",Home fragrance,100% soy wax; cotton wick; burns 40 hours,gift buyers
BL-102,"Glass electric kettle, 1.7 l",Kitchen,boils in 4 minutes; blue LED; auto shut-off,tea drinkers
BL-103,"Linen table runner, sage",Table linen,stonewashed linen; 40 x 180 cm; machine washable,home cooks
BL-104,Ceramic pour-over coffee set,Kitchen,hand-glazed; fits two cups; dishwasher safe,coffee lovers
BL-105,"Wool throw blanket, oatmeal",Living room,merino wool; 130 x 170 cm; fringed edges,families
BL-106,Rattan bedside lamp,Lighting,hand-woven rattan shade; E27 bulb; fabric cable,bedroom makeovers
BL-107,Bamboo bath mat,Bathroom,non-slip feet; quick drying; 50 x 80 cm,small bathrooms
BL-108,"Stoneware dinner plates, set of 4",Tableware,26 cm; speckled glaze; oven safe,couples
BL-109,Cotton waffle bath towel,Bathroom,100% organic cotton; 70 x 140 cm; very absorbent,spa lovers
BL-110,Herb keeper for the fridge,Kitchen,keeps herbs fresh 2 weeks; BPA-free; clear,home cooks
BL-111,"Oak wall shelf, 60 cm",Storage,solid oak; hidden brackets; holds 15 kg,renters
BL-112,"Beeswax food wraps, set of 3",Kitchen,organic cotton; beeswax; replaces cling film,zero-waste homes
BL-113,"Cast iron skillet, 26 cm",Cookware,pre-seasoned; works on induction; lasts a lifetime,home cooks
BL-114,"Reed diffuser, sea salt",Home fragrance,lasts 3 months; 8 rattan reeds; 200 ml,gift buyers
BL-115,"Velvet cushion cover, rust",Living room,45 x 45 cm; hidden zip; cotton velvet,living room refresh
"""
"""A shop's product sheet: a column the task has no field for (SKU) is carried through untouched."""


class Tour:
    """Open the dialog, choose the task and the file, run once the plan is ready, snap when done, quit."""

    def __init__(self, app: QApplication, parts: AppParts, out: Path, products: Path, task_id: str) -> None:
        self.app, self.parts, self.out, self.products, self.task_id = app, parts, out, products, task_id
        self.dialog: BatchDialog | None = None
        self.started = False

    def start(self) -> None:
        window = self.parts.window
        window.open_batch()  # what File › Run a task over a spreadsheet… does
        dialogs = window.findChildren(BatchDialog)
        if not dialogs:
            print("the batch dialog did not open", flush=True)
            self.app.quit()
            return
        dialog = self.dialog = dialogs[-1]
        dialog.move(0, 0)
        dialog.resize(DIALOG_WIDTH, dialog.height())
        dialog.plan_ready.connect(lambda _plan: QTimer.singleShot(300, self.run))
        dialog.plan_failed.connect(lambda text: print("plan:", text, flush=True))
        dialog.run_finished.connect(lambda summary: QTimer.singleShot(600, lambda: self.done(summary)))
        dialog.run_failed.connect(self.failed)
        if not dialog.select_task(self.task_id):
            print("no such task:", self.task_id, flush=True)
            self.app.quit()
            return
        dialog.set_input(self.products)

    def run(self) -> None:
        if self.dialog is None or self.started:
            return
        print("plan:", self.dialog.plan_label.text(), flush=True)
        print("columns:", self.dialog.mapping.mapping(), flush=True)
        self.started = self.dialog.run()
        if not self.started:
            print("could not start:", self.dialog.error_text(), flush=True)
            self.app.quit()

    def failed(self, message: str) -> None:
        print("the job failed:", message, flush=True)
        self.snap()

    def done(self, summary: BatchSummary) -> None:
        assert self.dialog is not None
        print("stats:", self.dialog.stats_label.text(), flush=True)
        print("result:", self.dialog.result_label.text(), flush=True)
        print("rows:", summary.rows, "failed:", summary.failed, "cancelled:", summary.cancelled, flush=True)
        self.snap()

    def snap(self) -> None:
        """Grow the dialog to the height its parts ask for (it does not scroll), then grab it."""
        assert self.dialog is not None
        wanted = self.dialog.sizeHint()
        self.dialog.resize(max(DIALOG_WIDTH, wanted.width()), wanted.height())
        QTimer.singleShot(400, self.grab)

    def grab(self) -> None:
        assert self.dialog is not None
        path = self.out / "batch.png"
        self.dialog.grab().save(str(path))
        print("saved", path, self.dialog.size().toTuple(), flush=True)
        QTimer.singleShot(100, self.app.quit)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, help="a GGUF file (default: the starter model)")
    parser.add_argument("--task", default="product", help="the id of the task to run (default: product)")
    parser.add_argument("out", nargs="?", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    app, runtime, parts, model = open_window(args.model)
    with tempfile.TemporaryDirectory(prefix="copydesk-batch-") as folder:
        products = Path(folder) / "brightleaf-products.csv"
        products.write_text(PRODUCTS, encoding="utf-8")
        tour = Tour(app, parts, out, products, args.task)
        return run_when_loaded(app, runtime, parts, model, tour.start, timeout_ms=900_000)


if __name__ == "__main__":
    sys.exit(main())
