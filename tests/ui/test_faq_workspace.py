"""The FAQ workspace: loading a FAQ, answering with citations or a route, and the drafts round trip.

The scripted engine gives fixed answers, so each way an answer can look (covered with sources, not
covered with a team) is shown exactly; the last tests ask the real model.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.documents.export import to_plain_text
from app.core.engine.llama_engine import LlamaEngine
from app.core.engine.types import SamplingOptions
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.library import load_builtin_tasks
from app.ui.workspaces.faq import FaqWorkspace
from tests.core.tasks.helpers import Answer, LentEngine, ScriptedEngine
from tests.support.ui_fakes import running_bridge

pytestmark = pytest.mark.gui

WAIT_MS = 10_000
FAQ_CSV = (
    "Question,Answer\n"
    "How long does delivery take?,Delivery takes 3 to 5 working days within the EU.\n"
    "How can I reset my password?,Click 'Forgot password' on the sign-in page and follow the link.\n"
    'Can I return a product?,"Yes, any product within 30 days, for a full refund."\n'
)
TEAMS = "Support: accounts and how-to\nBilling: invoices, payments and refunds\nShipping: parcels"


class Scripted(ScriptedEngine):
    """A scripted engine the bridge can load (the bridge reads ``info``)."""

    info = SimpleNamespace(name="scripted", context_size=4096)


@pytest.fixture(scope="module")
def faq_task() -> TaskDefinition:
    return next(task for task in load_builtin_tasks() if task.id == "faq")


def _workspace(qtbot: QtBot, task: TaskDefinition, engine: Any) -> Iterator[FaqWorkspace]:
    with running_bridge(qtbot, lambda: engine, name="test", timeout_ms=WAIT_MS) as bridge:
        workspace = FaqWorkspace(task, bridge, SamplingOptions, None)
        qtbot.addWidget(workspace)
        workspace.show()
        yield workspace


@pytest.fixture
def scripted(qtbot: QtBot, faq_task: TaskDefinition) -> Iterator[tuple[FaqWorkspace, Scripted]]:
    engine = Scripted([])
    for workspace in _workspace(qtbot, faq_task, engine):
        yield workspace, engine


@pytest.fixture
def faq_file(tmp_path: Path) -> Path:
    path = tmp_path / "faq.csv"
    path.write_text(FAQ_CSV, encoding="utf-8")
    return path


def load(qtbot: QtBot, workspace: FaqWorkspace, path: Path) -> None:
    workspace.load_faq_file(path, user=True)
    qtbot.waitUntil(
        lambda: workspace.faq is not None or "could not" in workspace.faq_status.text(), timeout=WAIT_MS
    )


def ask(qtbot: QtBot, workspace: FaqWorkspace, question: str, timeout: int = WAIT_MS) -> bool:
    workspace.form.set_values({"question": question, "teams": TEAMS})
    with qtbot.waitSignal(workspace.run_ended, timeout=timeout) as ended:
        qtbot.mouseClick(workspace.generate_button, Qt.MouseButton.LeftButton)
    return bool(ended.args and ended.args[0])


def test_a_faq_is_read_in_the_background_with_its_problems(
    qtbot: QtBot, scripted: tuple[FaqWorkspace, Scripted], tmp_path: Path
) -> None:
    workspace, _engine = scripted
    broken = tmp_path / "broken.csv"
    broken.write_text(FAQ_CSV + "What about gift cards?,\n", encoding="utf-8")
    with qtbot.waitSignal(workspace.edited, timeout=WAIT_MS):  # a FAQ the user opened is worth saving
        load(qtbot, workspace, broken)
    assert len(workspace.entries()) == 3
    status = workspace.faq_status.text()
    assert "3 entries loaded from broken.csv" in status and "1 part(s) skipped" in status
    assert "5" in status  # the skipped row's number

    markdown = tmp_path / "faq.md"
    markdown.write_text(
        "# Shop\n\n## How do I pay?\n\nBy card or invoice.\n\n## Do you ship abroad?\n\nYes.\n"
    )
    load(qtbot, workspace, markdown)
    assert [e.question for e in workspace.entries()] == ["How do I pay?", "Do you ship abroad?"]

    useless = tmp_path / "nothing.csv"
    useless.write_text("Question,Answer\n", encoding="utf-8")
    workspace.load_faq_file(useless)
    qtbot.waitUntil(lambda: "could not be used" in workspace.faq_status.text(), timeout=WAIT_MS)
    assert workspace.faq is None and "nothing.csv" in workspace.faq_status.text()


def test_answering_needs_a_faq_and_valid_teams(
    qtbot: QtBot, scripted: tuple[FaqWorkspace, Scripted], faq_file: Path
) -> None:
    workspace, engine = scripted
    workspace.form.set_values({"question": "How long does delivery take?"})
    workspace.generate()
    assert any("Open a FAQ file first" in notice for notice in workspace.notices())
    load(qtbot, workspace, faq_file)
    workspace.form.set_values({"teams": "Billing: money\nbilling: again"})
    workspace.generate()
    assert (
        workspace.form.messages["teams"].isVisible()
        and "already defined" in workspace.form.messages["teams"].text()
    )
    workspace.form.set_values({"question": "", "teams": TEAMS})
    workspace.generate()
    assert workspace.form.messages["question"].isVisible()
    assert engine.requests == [] and not workspace.bridge.busy


def test_a_covered_answer_shows_its_cited_entries(
    qtbot: QtBot, scripted: tuple[FaqWorkspace, Scripted], faq_file: Path
) -> None:
    workspace, engine = scripted
    load(qtbot, workspace, faq_file)
    reply = {
        "covered": True,
        "sources": [2],
        "answer": "Use Forgot password on the sign-in page.",
        "route_to": "",
    }
    engine.answers.append(Answer(json.dumps(reply)))
    assert ask(qtbot, workspace, "How do I reset my password?")
    assert workspace.answer_edit.toPlainText() == reply["answer"]
    assert workspace.banner.isVisible() and workspace.banner.text() == "Answered from the FAQ, citing: 2."
    assert workspace.sources_list.count() == 1
    item = workspace.sources_list.item(0)
    assert item.text() == "[2] How can I reset my password?"
    workspace.sources_list.setCurrentItem(item)
    assert "Forgot password" in workspace.entry_view.toPlainText()
    assert "whole FAQ (3 entries)" in workspace.retrieval_label.text()
    # the model was shown every entry, numbered as cited
    prompt = engine.requests[0].messages[0].content
    assert "[1] Q: How long does delivery take?" in prompt and "[3] Q: Can I return a product?" in prompt


def test_an_uncovered_question_is_routed(
    qtbot: QtBot, scripted: tuple[FaqWorkspace, Scripted], faq_file: Path
) -> None:
    workspace, engine = scripted
    load(qtbot, workspace, faq_file)
    engine.answers.append(
        Answer(json.dumps({"covered": False, "sources": [], "answer": "-", "route_to": "Billing"}))
    )
    assert ask(qtbot, workspace, "Why was my refund for the product smaller?")
    assert workspace.banner.text() == "Not covered — route to: Billing"
    assert workspace.answer_edit.toPlainText() == "The FAQ does not cover this. Routed to Billing."
    assert workspace.sources_list.count() == 0
    # a question that shares no word with the FAQ is routed without an answer being tried
    engine.answers.append(Answer(json.dumps({"team": "Support"})))
    assert ask(qtbot, workspace, "What is the capital of Mongolia?")
    assert workspace.banner.text() == "Not covered — route to: Support"
    assert "no FAQ entry shares a word" in workspace.retrieval_label.text()
    assert any("routed without an answer" in notice for notice in workspace.notices())


def test_drafts_round_trip(
    qtbot: QtBot, scripted: tuple[FaqWorkspace, Scripted], faq_file: Path, faq_task: TaskDefinition
) -> None:
    workspace, engine = scripted
    load(qtbot, workspace, faq_file)
    engine.answers.append(
        Answer(json.dumps({"covered": True, "sources": [1, 3], "answer": "3 to 5 days.", "route_to": ""}))
    )
    assert ask(qtbot, workspace, "How long does delivery take, and can I return it?")
    workspace.answer_edit.setPlainText("3 to 5 working days; returns within 30 days.")  # a hand edit
    inputs, outputs = workspace.inputs(), workspace.outputs()
    assert inputs["faq_file"] == str(faq_file) and inputs["teams"] == TEAMS
    json.dumps([inputs, outputs])  # what the drafts library stores must be plain JSON
    exported = to_plain_text(workspace.export_document())
    assert "returns within 30 days" in exported and "[3] Can I return a product?" in exported

    for other in _workspace(qtbot, faq_task, Scripted([])):
        other.load(inputs, outputs)
        assert other.answer_edit.toPlainText() == "3 to 5 working days; returns within 30 days."
        assert other.banner.text() == "Answered from the FAQ, citing: 1, 3."
        assert [other.sources_list.item(i).text() for i in range(other.sources_list.count())] == [
            "[1] How long does delivery take?",
            "[3] Can I return a product?",
        ]
        assert other.form.values()["question"] == "How long does delivery take, and can I return it?"
        qtbot.waitUntil(lambda: other.faq is not None, timeout=WAIT_MS)  # noqa: B023 - used at once  # the FAQ is read again
        assert other.outputs() == outputs and other.inputs() == inputs

    faq_file.unlink()  # a draft whose FAQ has gone still shows its answer and sources
    for third in _workspace(qtbot, faq_task, Scripted([])):
        third.load(inputs, outputs)
        qtbot.waitUntil(lambda: "could not be used" in third.faq_status.text(), timeout=WAIT_MS)  # noqa: B023
        assert "faq.csv" in third.faq_status.text() and third.faq is None
        assert third.sources_list.count() == 2 and third.banner.isVisible()
        assert third.inputs()["faq_file"] == str(faq_file)  # kept, so the draft still names it


@pytest.fixture
def real(qtbot: QtBot, faq_task: TaskDefinition, engine: LlamaEngine) -> Iterator[FaqWorkspace]:
    yield from _workspace(qtbot, faq_task, LentEngine(engine))


@pytest.mark.model
def test_real_model_cites_an_existing_entry_and_routes_an_out_of_scope_question(
    qtbot: QtBot, real: FaqWorkspace, faq_file: Path
) -> None:
    load(qtbot, real, faq_file)
    numbers = {entry.number for entry in real.entries()}
    assert ask(qtbot, real, "How long does delivery take?", timeout=120_000), real.notices()
    outputs = real.outputs()
    assert outputs["covered"] is True, outputs
    assert outputs["sources"] and set(outputs["sources"]) <= numbers
    assert real.sources_list.count() == len(outputs["sources"])
    assert real.banner.text().startswith("Answered from the FAQ")

    assert ask(qtbot, real, "What is the capital of Mongolia?", timeout=120_000), real.notices()
    outputs = real.outputs()
    assert outputs["covered"] is False and outputs["sources"] == []
    assert outputs["route_to"] in {"Support", "Billing", "Shipping"}
    assert real.banner.text() == f"Not covered — route to: {outputs['route_to']}"
    assert real.sources_list.count() == 0


def test_every_control_has_an_accessible_name(scripted: tuple[FaqWorkspace, Scripted]) -> None:
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox

    workspace, _engine = scripted
    missing = [
        f"{type(widget).__name__} {widget.objectName()!r}"
        for kind in (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox, QSpinBox)
        for widget in workspace.findChildren(kind)
        if not widget.accessibleName()
        and not widget.objectName().startswith("qt_")
        and not (isinstance(widget, QLineEdit) and isinstance(widget.parent(), QComboBox | QSpinBox))
    ]
    assert not missing, missing
