"""The classification workspace: labels in, one (or several) per item out, a label chart, the confusion
view when a true-label column was loaded, export and drafts; then the same with the real model."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.engine.types import GenerationRequest, SamplingOptions
from app.core.paths import app_paths
from app.core.tables.reading import read_table
from app.core.tasks.analysis_lists import load_lists
from app.core.tasks.classify import ClassifySetup
from app.core.tasks.definitions import TaskDefinition
from app.ui.engine_bridge import EngineBridge
from app.ui.workspaces.classify import ClassifyWorkspace
from tests.support.ui_fakes import FakeEngine, generate_and_wait, item_text, shown_workspace

pytestmark = pytest.mark.gui

RUN_TIMEOUT_MS = 20_000
MODEL_TIMEOUT_MS = 240_000

TICKETS = (
    "id,message,expected\n"
    "1,Where is my parcel?,shipping\n"
    "2,I want a refund for order 12,billing\n"
    "3,,billing\n"
    "4,The app crashes when I open it,product\n"
    "5,My invoice shows the wrong amount,billing\n"
    "6,The parcel arrived broken,product\n"
    "7,I cannot reset my password,account\n"
)


def classify_answer(request: GenerationRequest) -> str:
    """refund/invoice -> billing, parcel -> shipping, else product; in multi mode "broken" adds product."""
    text = item_text(request).lower()
    label = (
        "billing" if "refund" in text or "invoice" in text else "shipping" if "parcel" in text else "product"
    )
    schema = request.json_schema or {}
    if "labels" in schema.get("properties", {}):
        labels = [label, "product"] if "broken" in text and label != "product" else [label]
        return json.dumps({"labels": labels})
    return json.dumps({"label": label})


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine(classify_answer)


@pytest.fixture
def workspace(
    qtbot: QtBot, fake_bridge: EngineBridge, builtin_tasks: dict[str, TaskDefinition]
) -> ClassifyWorkspace:
    return shown_workspace(qtbot, ClassifyWorkspace, builtin_tasks["classify"], fake_bridge)


def load_tickets(workspace: ClassifyWorkspace, qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "tickets.csv"
    path.write_text(TICKETS, encoding="utf-8")
    items = workspace.items_input
    items.tabs.setCurrentIndex(1)
    with qtbot.waitSignal(items.loading_changed, check_params_cb=lambda loading: not loading, timeout=10_000):
        items.load_file(path)
    assert len(items.items().texts) == 6  # ready by the time reading is reported done


def run(workspace: ClassifyWorkspace, qtbot: QtBot) -> dict[str, Any]:
    return generate_and_wait(qtbot, workspace, RUN_TIMEOUT_MS)


def column(workspace: ClassifyWorkspace, index: int) -> list[str]:
    proxy = workspace.proxy
    return [str(proxy.index(row, index).data()) for row in range(proxy.rowCount())]


def test_pasted_items_get_one_valid_label_each(workspace: ClassifyWorkspace, qtbot: QtBot) -> None:
    workspace.items_input.paste_edit.setPlainText("refund please\nwhere is the parcel\nit hums")
    meta = run(workspace, qtbot)
    assert meta["items"] == 3 and "accuracy" not in meta
    assert column(workspace, 2) == ["billing", "shipping", "product"]
    assert {bar.key: bar.count for bar in workspace.label_chart.bars()} == {
        "billing": 1,
        "shipping": 1,
        "product": 1,
        "account": 0,
    }
    assert workspace.confusion.isHidden()  # no true labels, no confusion view
    assert workspace.table.isColumnHidden(3)


def test_true_label_column_shows_the_confusion_view(
    workspace: ClassifyWorkspace, qtbot: QtBot, tmp_path: Path
) -> None:
    load_tickets(workspace, qtbot, tmp_path)
    assert workspace.items_input.label_combo.currentData() == "expected"  # guessed from its name
    meta = run(workspace, qtbot)
    assert not workspace.confusion.isHidden()
    matrix = workspace.confusion.matrix()
    assert matrix is not None
    # predicted: shipping, billing, product, billing, shipping, product; true: shipping, billing, product,
    # billing, product, account -> 4 of 6 right
    assert matrix.total == 6 and matrix.correct == 4 and meta["accuracy"] == round(4 / 6, 4)
    assert "Accuracy: 67% (4 of 6 items right)" in workspace.confusion.accuracy_label.text()
    table = workspace.confusion.table
    labels = [table.model().headerData(i, Qt.Orientation.Horizontal) for i in range(table.columnCount())]
    assert labels == ["billing", "shipping", "product", "account", "Recall"]
    product_row, shipping_column = 2, 1
    assert table.model().index(product_row, shipping_column).data() == "1"  # product labelled shipping
    assert column(workspace, 0) == ["2", "3", "5", "6", "7", "8"]
    assert column(workspace, 4) == ["✓", "✓", "✓", "✓", "✗", "✗"]


def test_several_labels_per_item(workspace: ClassifyWorkspace, qtbot: QtBot) -> None:
    workspace.form.set_values({"labels_per_item": "several"})
    workspace.items_input.paste_edit.setPlainText("the parcel arrived broken\nrefund")
    run(workspace, qtbot)
    assert column(workspace, 2) == ["shipping, product", "billing"]
    counts = {bar.key: bar.count for bar in workspace.label_chart.bars()}
    assert counts["shipping"] == 1 and counts["product"] == 1 and counts["billing"] == 1
    assert workspace.outputs()["multi"] is True


def test_label_chart_filters_the_table_and_export_follows(
    workspace: ClassifyWorkspace, qtbot: QtBot, tmp_path: Path
) -> None:
    load_tickets(workspace, qtbot, tmp_path)
    run(workspace, qtbot)
    chart = workspace.label_chart
    billing = [bar.key for bar in chart.bars()].index("billing")
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=chart.bar_rect(billing).center())
    assert column(workspace, 1) == ["I want a refund for order 12", "My invoice shows the wrong amount"]
    header, rows = workspace.export_table()
    assert header == ("row", "text", "label", "true_label", "error")
    with qtbot.waitSignal(workspace.exporter.exported, timeout=10_000):
        workspace.exporter.export(tmp_path / "billing.csv", header, rows)
    written = read_table(tmp_path / "billing.csv")
    assert [row[0] for row in written.rows] == ["3", "6"] and {row[2] for row in written.rows} == {"billing"}
    qtbot.mouseClick(workspace.show_all_button, Qt.MouseButton.LeftButton)
    assert len(column(workspace, 1)) == 6


def test_draft_round_trip_restores_results_and_confusion(
    workspace: ClassifyWorkspace,
    qtbot: QtBot,
    tmp_path: Path,
    fake_bridge: EngineBridge,
    builtin_tasks: dict[str, TaskDefinition],
) -> None:
    load_tickets(workspace, qtbot, tmp_path)
    run(workspace, qtbot)
    inputs = json.loads(json.dumps(workspace.inputs()))
    outputs = json.loads(json.dumps(workspace.outputs()))
    again = ClassifyWorkspace(builtin_tasks["classify"], fake_bridge, SamplingOptions)
    qtbot.addWidget(again)
    with qtbot.assertNotEmitted(again.edited, wait=300):
        again.load(inputs, outputs)
        qtbot.waitUntil(lambda: len(again.items_input.items().texts) == 6, timeout=10_000)  # file read again
    assert again.rows() == workspace.rows()
    restored, original = again.confusion.matrix(), workspace.confusion.matrix()
    assert restored is not None and original is not None and restored.counts == original.counts
    assert {b.key: b.count for b in again.label_chart.bars()} == {
        b.key: b.count for b in workspace.label_chart.bars()
    }
    assert again.items_input.label_combo.currentData() == "expected"


def test_too_few_labels_are_refused_before_any_run(workspace: ClassifyWorkspace) -> None:
    workspace.items_input.paste_edit.setPlainText("anything")
    workspace.form.set_values({"labels": "only-one: a single label"})
    workspace.generate()
    assert not workspace.bridge.busy
    assert any("at least 2 labels" in notice for notice in workspace.notices())


def test_stop_keeps_the_classified_items(
    workspace: ClassifyWorkspace, fake_engine: FakeEngine, qtbot: QtBot
) -> None:
    fake_engine.delay_s = 0.3
    texts = [f"refund number {n}" for n in range(8)]
    workspace.items_input.paste_edit.setPlainText("\n".join(texts))
    workspace.generate()
    qtbot.waitUntil(lambda: len(workspace.rows()) >= 2, timeout=RUN_TIMEOUT_MS)
    with qtbot.waitSignal(workspace.generated, timeout=5_000) as done:
        workspace.stop()
    assert done.args is not None and done.args[0]["stopped"] is True
    kept = workspace.rows()
    assert 2 <= len(kept) < len(texts) and [row.text for row in kept] == texts[: len(kept)]
    assert all(row.labels == ("billing",) for row in kept)


def test_labels_are_kept_for_the_next_draft(workspace: ClassifyWorkspace, qtbot: QtBot) -> None:
    workspace.form.set_values({"labels": "billing: money\nshipping: parcels\nproduct: the rest"})
    workspace.items_input.paste_edit.setPlainText("refund")
    run(workspace, qtbot)
    data_dir = app_paths().data_dir
    qtbot.waitUntil(lambda: len(load_lists(data_dir)[0].labels) == 3, timeout=10_000)
    workspace.load({}, {})
    assert workspace.form.values()["labels"].startswith("billing: money")


# ---------------------------------------------------------------- the real model


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.parametrize("per_item", ["one", "several"])
def test_real_model_labels_are_always_valid(
    qtbot: QtBot,
    model_bridge: EngineBridge,
    builtin_tasks: dict[str, TaskDefinition],
    tmp_path: Path,
    per_item: str,
) -> None:
    workspace = ClassifyWorkspace(builtin_tasks["classify"], model_bridge, SamplingOptions)
    qtbot.addWidget(workspace)
    workspace.form.set_values({"labels_per_item": per_item})
    path = tmp_path / "three.csv"
    path.write_text(
        "text,label\nI was charged twice this month,billing\n"
        "My package never arrived,shipping\nI forgot my password,account\n",
        encoding="utf-8",
    )
    workspace.items_input.tabs.setCurrentIndex(1)
    workspace.items_input.load_file(path)
    qtbot.waitUntil(lambda: len(workspace.items_input.items().texts) == 3, timeout=10_000)
    started = time.monotonic()
    with qtbot.waitSignal(workspace.generated, timeout=MODEL_TIMEOUT_MS):
        workspace.generate()
    names = set(ClassifySetup.from_values(workspace.form.values()).names)
    rows = workspace.rows()
    assert len(rows) == 3, f"{time.monotonic() - started:.0f} s"
    for row in rows:
        assert row.labels, row.error
        assert set(row.labels) <= names
        if per_item == "one":
            assert len(row.labels) == 1
    matrix = workspace.confusion.matrix()
    assert matrix is not None and matrix.total == 3 and not workspace.confusion.isHidden()
