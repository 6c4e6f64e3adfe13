"""The feedback workspace: items in, a table and charts that fill as items finish, filters, export, drafts.

Most tests run on a fake engine whose answers follow from the item's words, so the expected table is
known; the last ones run the real starter model and check that what it fills in is always valid.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTranslator
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from app.core.engine.types import GenerationRequest, SamplingOptions
from app.core.paths import app_paths
from app.core.resources import resource_path
from app.core.tables.reading import read_table
from app.core.tasks.analysis_lists import load_lists
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.feedback import SENTIMENTS, URGENCIES, FeedbackSetup
from app.ui.engine_bridge import EngineBridge
from app.ui.workspaces.feedback import FeedbackWorkspace
from app.ui.workspaces.items_source import SPLIT_BLOCKS, split_items
from tests.support.ui_fakes import (
    FakeEngine,
    generate_and_wait,
    item_text,
    shown_workspace,
    write_workbook,
)

pytestmark = pytest.mark.gui

RUN_TIMEOUT_MS = 20_000
MODEL_TIMEOUT_MS = 240_000


# ---------------------------------------------------------------- a fake engine with known answers


def feedback_answer(request: GenerationRequest) -> str:
    """negative for "broken"/"late", positive for "love", else neutral; "late" is about delivery;
    "GARBLED" gets an answer that is not JSON (twice), so that item fails."""
    text = item_text(request).lower()
    if "garbled" in text:
        return "sorry, no JSON today"
    if "broken" in text or "late" in text:
        sentiment, urgency = "negative", "high"
    elif "love" in text:
        sentiment, urgency = "positive", "low"
    else:
        sentiment, urgency = "neutral", "medium"
    topics = ["delivery"] if "late" in text else ["quality", "price"] if "price" in text else ["quality"]
    answer = {
        "sentiment": sentiment,
        "score": 80,
        "topics": topics,
        "summary": f"The customer is {sentiment}.",
        "urgency": urgency,
        "team": "Shipping" if "late" in text else "Product",
    }
    return json.dumps(answer)


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine(feedback_answer)


@pytest.fixture
def workspace(
    qtbot: QtBot, fake_bridge: EngineBridge, builtin_tasks: dict[str, TaskDefinition]
) -> FeedbackWorkspace:
    return shown_workspace(qtbot, FeedbackWorkspace, builtin_tasks["feedback"], fake_bridge)


REVIEWS = [
    "I love this kettle",
    "The parcel was late again",
    "It arrived broken, the price was too high",
    "It does what it says",
    "GARBLED item that the model cannot answer",
    "love the colour",
]


def analyse(workspace: FeedbackWorkspace, qtbot: QtBot, items: list[str]) -> dict[str, Any]:
    workspace.items_input.paste_edit.setPlainText("\n".join(items))
    return generate_and_wait(qtbot, workspace, RUN_TIMEOUT_MS)


def cells(workspace: FeedbackWorkspace, column: int) -> list[str]:
    model = workspace.dashboard.proxy
    return [str(model.index(row, column).data()) for row in range(model.rowCount())]


def bar_counts(workspace: FeedbackWorkspace, chart: str) -> dict[str, int]:
    widget = getattr(workspace.dashboard, chart)
    return {bar.key: bar.count for bar in widget.bars()}


# ---------------------------------------------------------------- fast tests (fake engine)


def test_split_items_by_line_or_by_blank_lines() -> None:
    text = "first line\nsecond line\n\n  \nthird\r\nfourth\n"
    assert split_items(text) == ["first line", "second line", "third", "fourth"]
    assert split_items(text, SPLIT_BLOCKS) == ["first line\nsecond line", "third\nfourth"]


def test_analyze_fills_table_charts_and_progress(workspace: FeedbackWorkspace, qtbot: QtBot) -> None:
    meta = analyse(workspace, qtbot, REVIEWS)
    assert meta["items"] == 6 and meta["failed"] == 1 and meta["stopped"] is False
    assert cells(workspace, 1) == REVIEWS  # input order
    assert cells(workspace, 2) == ["positive", "negative", "negative", "neutral", "failed", "positive"]
    failed_summary = cells(workspace, 5)[4]
    assert "no valid feedback analysis" in failed_summary  # the item's own error, in its row
    assert bar_counts(workspace, "sentiment_chart") == {"positive": 2, "neutral": 1, "negative": 2}
    topics = bar_counts(workspace, "topic_chart")
    assert topics["quality"] == 4 and topics["delivery"] == 1 and topics["price"] == 1
    assert topics["support"] == 0 and "other" in topics  # the setup's topics, used or not
    assert "6 of 6 items analysed" in workspace.progress.label.text()
    assert "1 failed" in workspace.progress.label.text()
    assert workspace.notices() == []


def test_rows_arrive_one_by_one_while_the_run_goes_on(
    workspace: FeedbackWorkspace, fake_engine: FakeEngine, qtbot: QtBot
) -> None:
    fake_engine.delay_s = 0.15
    workspace.items_input.paste_edit.setPlainText("\n".join(REVIEWS[:4]))
    seen: list[int] = []
    workspace.dashboard.filter_changed.connect(lambda: seen.append(len(workspace.dashboard.rows())))
    with qtbot.waitSignal(workspace.generated, timeout=RUN_TIMEOUT_MS):
        workspace.generate()
        qtbot.waitUntil(lambda: len(workspace.dashboard.rows()) == 2, timeout=RUN_TIMEOUT_MS)
        assert workspace.running
        assert "2 of 4 items" in workspace.progress.label.text()
        assert "items/min" in workspace.progress.label.text()
        assert sum(bar_counts(workspace, "sentiment_chart").values()) == 2
    assert {1, 2, 3, 4} <= set(seen)


def test_stop_keeps_the_finished_items(
    workspace: FeedbackWorkspace, fake_engine: FakeEngine, qtbot: QtBot
) -> None:
    fake_engine.delay_s = 0.3
    workspace.items_input.paste_edit.setPlainText("\n".join(REVIEWS))
    workspace.generate()
    qtbot.waitUntil(lambda: len(workspace.dashboard.rows()) >= 2, timeout=RUN_TIMEOUT_MS)
    stopped_at = time.monotonic()
    with qtbot.waitSignal(workspace.generated, timeout=5_000) as done:
        qtbot.mouseClick(workspace.stop_button, Qt.MouseButton.LeftButton)
    assert time.monotonic() - stopped_at < 2.0
    assert done.args is not None and done.args[0]["stopped"] is True
    kept = workspace.dashboard.rows()
    assert 2 <= len(kept) < len(REVIEWS)
    assert [row.text for row in kept] == REVIEWS[: len(kept)]
    assert all(row.item is not None for row in kept)  # the interrupted item is not reported as failed
    assert "Stopped after" in workspace.progress.label.text()
    saved = workspace.outputs()["results"]
    assert len(saved) == len(kept)


def test_chart_clicks_filter_the_table_and_show_all_clears(
    workspace: FeedbackWorkspace, qtbot: QtBot
) -> None:
    analyse(workspace, qtbot, REVIEWS)
    dashboard = workspace.dashboard
    sentiment = dashboard.sentiment_chart
    negative = [bar.key for bar in sentiment.bars()].index("negative")
    qtbot.mouseClick(sentiment, Qt.MouseButton.LeftButton, pos=sentiment.bar_rect(negative).center())
    assert cells(workspace, 1) == [REVIEWS[1], REVIEWS[2]]
    assert "Showing 2 of 6" in dashboard.filter_label.text()
    topic = dashboard.topic_chart
    price = [bar.key for bar in topic.bars()].index("price")
    qtbot.mouseClick(topic, Qt.MouseButton.LeftButton, pos=topic.bar_rect(price).center())
    assert cells(workspace, 1) == [REVIEWS[2]]  # negative and about price
    assert dashboard.show_all_button.isEnabled()
    qtbot.mouseClick(dashboard.show_all_button, Qt.MouseButton.LeftButton)
    assert cells(workspace, 1) == REVIEWS and not dashboard.show_all_button.isEnabled()
    assert sentiment.selected() == [] and topic.selected() == []


def test_the_shipped_english_counts_items_in_plain_words(
    workspace: FeedbackWorkspace, qtbot: QtBot, qapp: QApplication
) -> None:
    """The filter line's plural lives in the shared results pane: the English file must still reach it."""
    english = QTranslator()
    assert english.load(str(resource_path("translations/copydesk_en.qm")))
    qapp.installTranslator(english)
    try:
        analyse(workspace, qtbot, REVIEWS)
        assert workspace.dashboard.filter_label.text().startswith("6 items. Click a bar")
    finally:
        qapp.removeTranslator(english)


def test_export_writes_the_rows_shown_to_csv_and_xlsx(
    workspace: FeedbackWorkspace, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    analyse(workspace, qtbot, REVIEWS)
    target = tmp_path / "all"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "CSV file (*.csv)"))
    with qtbot.waitSignal(workspace.exporter.exported, timeout=10_000) as written:
        qtbot.mouseClick(workspace.dashboard.export_button, Qt.MouseButton.LeftButton)
    assert written.args == [str(tmp_path / "all.csv")]
    table = read_table(tmp_path / "all.csv")
    assert table.header == (
        "row",
        "text",
        "sentiment",
        "sentiment_score",
        "topics",
        "summary",
        "urgency",
        "team",
        "error",
    )
    assert [row[1] for row in table.rows] == REVIEWS
    assert table.rows[2][4] == "quality; price"
    assert table.rows[4][2] == "" and "no valid" in table.rows[4][8]
    assert any("Exported to" in notice for notice in workspace.notices())

    workspace.dashboard.sentiment_chart.set_selected(["positive"])
    header, rows = workspace.dashboard.export_table()
    with qtbot.waitSignal(workspace.exporter.exported, timeout=10_000):
        workspace.exporter.export(tmp_path / "positive.xlsx", header, rows)
    sheet = openpyxl.load_workbook(tmp_path / "positive.xlsx", read_only=True)
    try:
        values = [tuple(cell or "" for cell in row) for row in sheet.active.iter_rows(values_only=True)]
    finally:
        sheet.close()
    assert values[0][:3] == ("row", "text", "sentiment")
    assert [row[1] for row in values[1:]] == [REVIEWS[0], REVIEWS[5]]


def test_export_failure_is_reported(workspace: FeedbackWorkspace, qtbot: QtBot, tmp_path: Path) -> None:
    analyse(workspace, qtbot, REVIEWS[:2])
    header, rows = workspace.dashboard.export_table()
    with qtbot.waitSignal(workspace.exporter.failed, timeout=10_000) as failed:
        workspace.exporter.export(tmp_path / "missing" / "out.csv", header, rows)
    assert failed.args is not None and "out.csv" in failed.args[0] and "does not exist" in failed.args[0]


def test_draft_round_trip_restores_results_and_charts(
    workspace: FeedbackWorkspace,
    qtbot: QtBot,
    fake_bridge: EngineBridge,
    builtin_tasks: dict[str, TaskDefinition],
) -> None:
    workspace.form.set_values({"topics": ["quality", "delivery", "price"], "language": "German"})
    analyse(workspace, qtbot, REVIEWS)
    inputs = json.loads(json.dumps(workspace.inputs()))  # what the drafts library stores: plain JSON
    outputs = json.loads(json.dumps(workspace.outputs()))
    again = FeedbackWorkspace(builtin_tasks["feedback"], fake_bridge, SamplingOptions)
    qtbot.addWidget(again)
    with qtbot.assertNotEmitted(again.edited):
        again.load(inputs, outputs)
    assert [row.text for row in again.dashboard.rows()] == REVIEWS
    assert [row.item for row in again.dashboard.rows()] == [row.item for row in workspace.dashboard.rows()]
    assert again.dashboard.rows()[4].error == workspace.dashboard.rows()[4].error
    assert bar_counts(again, "sentiment_chart") == bar_counts(workspace, "sentiment_chart")
    assert bar_counts(again, "topic_chart") == bar_counts(workspace, "topic_chart")
    assert again.items_input.paste_edit.toPlainText() == "\n".join(REVIEWS)
    assert again.form.values()["topics"] == ["quality", "delivery", "price"]
    assert again.form.values()["language"] == "German"
    assert "6 item(s) analysed" in again.progress.label.text()


def test_items_from_a_csv_column_keep_their_row_numbers(
    workspace: FeedbackWorkspace, qtbot: QtBot, tmp_path: Path
) -> None:
    source = tmp_path / "reviews.csv"
    source.write_text("id,comment\n1,I love it\n2,\n3,The parcel was late\n", encoding="utf-8")

    def analyse_when_read(loading: bool) -> None:
        if not loading:  # as a script would: start as soon as the file is reported read
            workspace.generate()

    workspace.items_input.loading_changed.connect(analyse_when_read)
    with qtbot.waitSignal(workspace.generated, timeout=RUN_TIMEOUT_MS):
        workspace.items_input.tabs.setCurrentIndex(1)
        workspace.items_input.load_file(source)
    assert workspace.items_input.column_combo.currentText() == "comment"  # guessed from its name
    status = workspace.items_input.file_status.text()
    assert "2 item(s) from reviews.csv" in status and "1 row(s) with an empty cell skipped" in status
    assert cells(workspace, 0) == ["2", "4"]  # the rows as a spreadsheet numbers them
    assert workspace.draft_title() == "Feedback: reviews.csv"


def test_a_workbook_with_several_sheets_offers_a_sheet_picker(
    workspace: FeedbackWorkspace, qtbot: QtBot, tmp_path: Path
) -> None:
    path = write_workbook(
        tmp_path / "two.xlsx",
        {
            "March": [["text"], ["I love it"]],
            "April": [["text"], ["It arrived broken"], ["The parcel was late"]],
        },
    )
    items = workspace.items_input
    items.tabs.setCurrentIndex(1)
    items.load_file(path)
    qtbot.waitUntil(lambda: items.items().texts == ("I love it",), timeout=10_000)
    assert not items.sheet_combo.isHidden()
    assert [items.sheet_combo.itemText(i) for i in range(items.sheet_combo.count())] == ["March", "April"]
    assert "2 sheets" in items.file_status.text()
    items.sheet_combo.setCurrentIndex(1)
    items.sheet_combo.activated.emit(1)
    qtbot.waitUntil(lambda: len(items.items().texts) == 2, timeout=10_000)
    assert items.state()["sheet"] == "April"
    # a draft reopens on its sheet, with the picker still offering the others
    again = FeedbackWorkspace(workspace.task, workspace.bridge, SamplingOptions)
    qtbot.addWidget(again)
    again.load(json.loads(json.dumps(workspace.inputs())), {})
    restored = again.items_input
    qtbot.waitUntil(lambda: len(restored.items().texts) == 2, timeout=10_000)
    assert restored.sheet_combo.currentText() == "April" and not restored.sheet_combo.isHidden()


def test_an_unclear_encoding_asks_and_the_answer_is_used(
    workspace: FeedbackWorkspace, qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes("text\ncafé au lait\n".encode() + b"na\xefve review\n")
    items = workspace.items_input
    items.tabs.setCurrentIndex(1)
    items.load_file(path)
    qtbot.waitUntil(lambda: not items.encoding_combo.isHidden(), timeout=10_000)
    assert "mix two encodings" in items.file_status.text()
    assert items.problem() is not None
    workspace.generate()
    assert not workspace.bridge.busy  # nothing to analyse until the encoding is chosen
    at = items.encoding_combo.findData("cp1252")
    assert at > 0
    items.encoding_combo.setCurrentIndex(at)
    items.encoding_combo.activated.emit(at)
    qtbot.waitUntil(lambda: len(items.items().texts) == 2, timeout=10_000)
    assert items.items().texts[1] == "naïve review"


def test_nothing_to_analyse_says_what_to_do(workspace: FeedbackWorkspace, qtbot: QtBot) -> None:
    qtbot.mouseClick(workspace.generate_button, Qt.MouseButton.LeftButton)
    assert not workspace.bridge.busy
    assert any("Paste some items first" in notice for notice in workspace.notices())


def test_a_bad_team_list_is_refused_before_any_run(workspace: FeedbackWorkspace) -> None:
    workspace.items_input.paste_edit.setPlainText("fine")
    workspace.form.set_values({"teams": "Support: help\nsupport: again"})
    workspace.generate()
    assert not workspace.bridge.busy
    assert any("already defined" in notice for notice in workspace.notices())


def test_an_item_too_long_for_the_context_is_reported_and_the_run_goes_on(
    workspace: FeedbackWorkspace, qtbot: QtBot
) -> None:
    huge = "The parcel was late. " * 1200
    analyse(workspace, qtbot, ["I love it", huge, "It arrived broken"])
    rows = workspace.dashboard.rows()
    assert [row.item is not None for row in rows] == [True, False, True]
    assert "too long" in rows[1].error and "tokens" in rows[1].error
    assert rows[1].text == huge.strip()  # kept whole, never cut


def test_topics_and_teams_are_kept_for_the_next_draft(
    workspace: FeedbackWorkspace,
    qtbot: QtBot,
    fake_bridge: EngineBridge,
    builtin_tasks: dict[str, TaskDefinition],
) -> None:
    workspace.form.set_values(
        {"topics": ["fit", "colour"], "teams": "Returns: sends things back\nCare: the rest"}
    )
    analyse(workspace, qtbot, ["I love it"])
    data_dir = app_paths().data_dir
    qtbot.waitUntil(lambda: load_lists(data_dir)[0].topics == ("fit", "colour"), timeout=10_000)
    assert [team.name for team in load_lists(data_dir)[0].teams] == ["Returns", "Care"]
    later = FeedbackWorkspace(builtin_tasks["feedback"], fake_bridge, SamplingOptions)
    qtbot.addWidget(later)
    assert later.form.values()["topics"] == ["fit", "colour"]
    later.load({}, {})  # a new draft starts from the lists last used too
    assert later.form.values()["teams"].startswith("Returns: sends things back")


# ---------------------------------------------------------------- the real model


@pytest.mark.model
@pytest.mark.slow
def test_real_model_fills_the_table_with_valid_analyses(
    qtbot: QtBot, model_bridge: EngineBridge, builtin_tasks: dict[str, TaskDefinition]
) -> None:
    task = builtin_tasks["feedback"]
    workspace = FeedbackWorkspace(task, model_bridge, SamplingOptions)
    qtbot.addWidget(workspace)
    items = [
        "The blender broke after two days and support never answered my e-mails.",
        "Fast delivery and the price was fair. Very happy!",
        "How do I change the billing address on my account?",
    ]
    workspace.items_input.paste_edit.setPlainText("\n".join(items))
    with qtbot.waitSignal(workspace.generated, timeout=MODEL_TIMEOUT_MS) as done:
        workspace.generate()
    assert done.args is not None and done.args[0]["items"] == 3
    rows = workspace.dashboard.rows()
    assert [row.text for row in rows] == items
    setup = FeedbackSetup.from_values(workspace.form.values())
    teams = {team.name for team in setup.teams}
    for row in rows:
        assert row.item is not None, row.error  # the grammar makes every answer valid
        assert row.item.sentiment in SENTIMENTS and row.item.urgency in URGENCIES
        assert set(row.item.topics) <= set(setup.all_topics) and row.item.topics
        assert row.item.team in teams and 0 <= row.item.score <= 100 and row.item.summary
    assert sum(bar.count for bar in workspace.dashboard.sentiment_chart.bars()) == 3
    assert cells(workspace, 2) == [row.item.sentiment for row in rows if row.item is not None]


@pytest.mark.model
@pytest.mark.slow
def test_real_model_stop_mid_run_keeps_finished_items(
    qtbot: QtBot, model_bridge: EngineBridge, builtin_tasks: dict[str, TaskDefinition]
) -> None:
    workspace = FeedbackWorkspace(builtin_tasks["feedback"], model_bridge, SamplingOptions)
    qtbot.addWidget(workspace)
    items = [f"Review {n}: the kettle is fine but the lid is loose." for n in range(1, 9)]
    workspace.items_input.paste_edit.setPlainText("\n".join(items))
    workspace.generate()
    qtbot.waitUntil(lambda: len(workspace.dashboard.rows()) >= 1, timeout=MODEL_TIMEOUT_MS)
    stopped_at = time.monotonic()
    with qtbot.waitSignal(workspace.generated, timeout=10_000):
        workspace.stop()
    assert time.monotonic() - stopped_at < 3.0
    kept = workspace.dashboard.rows()
    assert 1 <= len(kept) < len(items)
    assert [row.text for row in kept] == items[: len(kept)]
    assert all(row.item is not None for row in kept)
