"""The first window, driven like a user would, with the real model (offscreen Qt)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.engine.llama_engine import LlamaEngine, LoadOptions
from app.core.engine.types import SamplingOptions
from app.core.runtime import Runtime
from app.ui.launch import AppParts, build_app

pytestmark = [pytest.mark.gui, pytest.mark.model]


@pytest.fixture
def parts(qtbot: QtBot, starter_model_path: Path) -> Iterator[AppParts]:
    app_parts = build_app(Runtime.open(), load_model=False)
    qtbot.addWidget(app_parts.window)
    app_parts.window.show()
    with qtbot.waitSignal(app_parts.bridge.model_loaded, timeout=60_000):
        app_parts.bridge.load_model(
            starter_model_path.stem,
            lambda: LlamaEngine.load(starter_model_path, LoadOptions(context_size=1024)),
        )
    yield app_parts
    app_parts.shutdown()


class ThreadProbe(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.threads: set[int] = set()

    @Slot(str)
    def record(self, _text: str) -> None:
        self.threads.add(threading.get_ident())


def test_window_streams_a_reply_on_the_gui_thread(parts: AppParts, qtbot: QtBot) -> None:
    window = parts.window
    assert window.send_button.isEnabled()
    assert "SmolLM2" in window.model_label.text()
    probe = ThreadProbe()
    parts.bridge.text_ready.connect(probe.record)
    window.input.setPlainText("Write one sentence about tea.")
    with qtbot.waitSignal(parts.bridge.generation_finished, timeout=60_000):
        qtbot.mouseClick(window.send_button, Qt.MouseButton.LeftButton)
        assert window.stop_button.isEnabled()
    reply = window.transcript.toPlainText().split("Assistant:", 1)[1]
    assert reply.strip()
    assert probe.threads == {threading.main_thread().ident}
    assert window.context_meter.value() > 0
    assert "tok/s" in window.speed_label.text()
    assert window.send_button.isEnabled() and not window.stop_button.isEnabled()


def test_stop_button_stops_quickly_and_the_next_message_works(parts: AppParts, qtbot: QtBot) -> None:
    window = parts.window
    end_tokens = parts.worker.call(lambda engine: engine.end_of_generation_tokens()).result(10)
    # The answer cannot end by itself before Stop: end-of-answer tokens are banned for this reply.
    window.sampling = SamplingOptions(seed=7, logit_bias=dict.fromkeys(end_tokens, -1000.0))
    window.input.setPlainText("Write a very long essay about the history of paper.")
    qtbot.mouseClick(window.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: len(window.transcript.toPlainText().split("Assistant:", 1)[1]) > 20, timeout=30_000
    )
    with qtbot.waitSignal(parts.bridge.generation_finished, timeout=2_000) as finished:
        started = time.perf_counter()
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    # The engine's own bound is 100 ms (tests/core/test_engine.py); here the GUI's event delivery adds to it.
    assert time.perf_counter() - started < 0.2
    window.sampling = SamplingOptions()
    assert finished.args is not None and finished.args[0].finish_reason == "cancelled"
    assert "[stopped]" in window.transcript.toPlainText()
    window.input.setPlainText("Thanks. Now say hello.")
    with qtbot.waitSignal(parts.bridge.generation_finished, timeout=60_000):
        qtbot.keyClick(window.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.transcript.toPlainText().count("Assistant:") == 2


def test_settings_warning_is_visible_in_the_window(qtbot: QtBot, isolated_home: Path) -> None:
    settings = isolated_home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text("not json")
    app_parts = build_app(Runtime.open(), load_model=False)
    qtbot.addWidget(app_parts.window)
    assert "Default settings are in use" in app_parts.window.transcript.toPlainText()
    app_parts.shutdown()


def test_overflow_keeps_the_users_text_and_new_chat_starts_over(parts: AppParts, qtbot: QtBot) -> None:
    window = parts.window
    long_text = "word " * 1500  # more than the fixture's 1,024-token context
    window.input.setPlainText(long_text)
    with qtbot.waitSignal(parts.bridge.generation_failed, timeout=30_000) as failed:
        window.send()
    assert failed.args is not None and "context" in failed.args[0]
    assert window.input.toPlainText() == long_text.strip()
    assert "holds 1024" in window.transcript.toPlainText()
    qtbot.mouseClick(window.new_chat_button, Qt.MouseButton.LeftButton)
    assert window.transcript.toPlainText() == ""
    window.input.setPlainText("Say hello.")
    with qtbot.waitSignal(parts.bridge.generation_finished, timeout=60_000):
        window.send()
    assert window.transcript.toPlainText().count("Assistant:") == 1


def test_first_run_without_models_opens_the_model_manager(qtbot: QtBot) -> None:
    from app.ui.model_manager.dialog import ModelManagerDialog

    app_parts = build_app(Runtime.open())
    try:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ModelManagerDialog)]
        assert len(dialogs) == 1 and dialogs[0].isVisible()
        assert "No model is installed yet" in app_parts.window.transcript.toPlainText()
        assert not app_parts.window.send_button.isEnabled()
        dialogs[0].close()
    finally:
        app_parts.shutdown()
        app_parts.window.close()
        app_parts.window.deleteLater()


def test_models_button_opens_the_manager(parts: AppParts, qtbot: QtBot) -> None:
    from app.ui.model_manager.dialog import ModelManagerDialog

    qtbot.mouseClick(parts.window.models_button, Qt.MouseButton.LeftButton)
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ModelManagerDialog)]
    assert any(d.isVisible() for d in dialogs)
    for dialog in dialogs:
        dialog.close()
