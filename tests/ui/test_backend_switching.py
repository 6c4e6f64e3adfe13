"""Each workspace runs on this computer or on a saved server; the status bar always says which.

The server is the loopback one from ``tests/support/openai_fault_server.py``: it answers like an
OpenAI-compatible server (and fails on demand), so these tests need no model and stay fast.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.core.remote.endpoints import save_endpoint
from app.core.runtime import Runtime
from app.core.settings import RemoteEndpoint, RemoteSection
from app.ui.launch import AppParts, build_app
from app.ui.workspaces.chat import ChatWorkspace
from tests.support.llama_cpp_server import free_port
from tests.support.openai_fault_server import FaultServer, drop_after, ok

pytestmark = [pytest.mark.gui]


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer(models=("team-model",), context_size=3072) as running:
        yield running


def _parts(qtbot: QtBot, *endpoints: RemoteEndpoint) -> AppParts:
    runtime = Runtime.open()
    section = RemoteSection()
    for endpoint in endpoints:
        section = save_endpoint(section, endpoint)
    runtime.save(dataclasses.replace(runtime.settings, remote=section))
    parts = build_app(runtime, load_model=False)
    qtbot.addWidget(parts.window)
    parts.window.show()
    return parts


def _edit_servers(parts: AppParts, remote: RemoteSection) -> None:
    """What the settings dialog does on OK: save, then tell the switcher."""
    parts.runtime.save(dataclasses.replace(parts.runtime.settings, remote=remote))
    parts.window.switcher.settings_changed()


def _choose(parts: AppParts, name: str) -> None:
    picker = parts.window.backend_picker
    picker.setCurrentIndex(picker.findData(name))
    picker.activated.emit(picker.currentIndex())


def test_a_workspace_runs_on_a_server_and_the_status_bar_says_so(server: FaultServer, qtbot: QtBot) -> None:
    parts = _parts(qtbot, RemoteEndpoint(name="team", base_url=server.base_url))
    try:
        window = parts.window
        chat = window.show_workspace("chat")
        assert isinstance(chat, ChatWorkspace)
        assert window.backend_picker.isEnabled() and window.backend_picker.chosen() == ""
        assert not chat.generate_button.isEnabled(), "no local model was loaded"

        _choose(parts, "team")
        assert chat.bridge.remote
        qtbot.waitUntil(lambda: window.model_label.text() == "team-model · server team", timeout=5_000)
        assert window.context_meter.maximum() == 3072
        assert chat.generate_button.isEnabled()

        server.script(ok("Hello from the team server."))
        chat.input.setPlainText("Hi!")
        with qtbot.waitSignal(chat.run_ended, timeout=10_000) as ended:
            chat.generate()
        assert ended.args == [True], chat.notices()
        assert "Hello from the team server." in chat.transcript.toPlainText()

        # the other workspaces still run here, and the choice is remembered
        window.show_workspace("product")
        assert window.backend_picker.chosen() == "" and not window.workspaces["product"].bridge.remote
        assert "server" not in window.model_label.text()
        assert parts.runtime.settings.remote.workspace_backends == {"chat": "team"}
        window.show_workspace("chat")
        assert window.backend_picker.chosen() == "team"
    finally:
        parts.shutdown()


def test_the_choice_survives_a_restart(server: FaultServer, qtbot: QtBot) -> None:
    first = _parts(qtbot, RemoteEndpoint(name="team", base_url=server.base_url))
    first.window.show_workspace("rewrite")
    _choose(first, "team")
    first.shutdown()
    second = build_app(Runtime.open(), load_model=False)
    qtbot.addWidget(second.window)
    try:
        window = second.window
        window.show_workspace("rewrite")
        assert window.workspaces["rewrite"].bridge.remote
        qtbot.waitUntil(lambda: "server team" in window.model_label.text(), timeout=5_000)
    finally:
        second.shutdown()


def test_a_server_that_is_down_says_so_and_picking_it_again_retries(qtbot: QtBot) -> None:
    port = free_port()
    parts = _parts(qtbot, RemoteEndpoint(name="office", base_url=f"http://127.0.0.1:{port}/v1", timeout_s=2))
    try:
        window = parts.window
        chat = window.show_workspace("chat")
        _choose(parts, "office")
        qtbot.waitUntil(lambda: window.model_label.text() == "Server office: not connected", timeout=10_000)
        assert "Could not connect" in window.model_label.toolTip()
        assert any("Could not connect to the server" in n for n in chat.notices())
        assert not chat.generate_button.isEnabled()

        with FaultServer(models=("late-model",)) as late:
            endpoint = RemoteEndpoint(name="office", base_url=late.base_url)
            _edit_servers(parts, RemoteSection((endpoint,), {"chat": "office"}))
            qtbot.waitUntil(lambda: window.model_label.text() == "late-model · server office", timeout=5_000)
            assert chat.generate_button.isEnabled()
    finally:
        parts.shutdown()


def test_a_cut_answer_keeps_its_text_and_says_it_is_incomplete(server: FaultServer, qtbot: QtBot) -> None:
    parts = _parts(qtbot, RemoteEndpoint(name="team", base_url=server.base_url))
    try:
        window = parts.window
        chat = window.show_workspace("chat")
        assert isinstance(chat, ChatWorkspace)
        _choose(parts, "team")
        qtbot.waitUntil(chat.generate_button.isEnabled, timeout=5_000)
        server.script(drop_after(3, text="one two three four five"))
        chat.input.setPlainText("Hi!")
        with qtbot.waitSignal(chat.run_ended, timeout=10_000) as ended:
            chat.generate()
        assert ended.args == [False]
        assert "one two three" in chat.transcript.toPlainText()
        assert any("incomplete" in n for n in chat.notices()), chat.notices()
    finally:
        parts.shutdown()


def test_removing_a_server_brings_its_workspaces_home(server: FaultServer, qtbot: QtBot) -> None:
    parts = _parts(qtbot, RemoteEndpoint(name="team", base_url=server.base_url))
    try:
        window = parts.window
        product = window.show_workspace("product")
        _choose(parts, "team")
        assert product.bridge is not window.bridge
        _edit_servers(parts, RemoteSection())
        assert product.bridge is window.bridge
        assert not window.backend_picker.isEnabled()
        assert window.model_label.text() == "No model"
    finally:
        parts.shutdown()


def test_editing_requests_in_flight_keeps_the_connection(server: FaultServer, qtbot: QtBot) -> None:
    parts = _parts(qtbot, RemoteEndpoint(name="team", base_url=server.base_url))
    try:
        window = parts.window
        chat = window.show_workspace("chat")
        _choose(parts, "team")
        qtbot.waitUntil(chat.generate_button.isEnabled, timeout=5_000)
        connected = chat.bridge
        remote = parts.runtime.settings.remote
        edited = dataclasses.replace(remote.endpoints[0], in_flight=8)
        _edit_servers(parts, dataclasses.replace(remote, endpoints=(edited,)))
        assert chat.bridge is connected, "no reconnect, no stopped answer"
        moved = dataclasses.replace(edited, timeout_s=30.0)
        _edit_servers(parts, dataclasses.replace(remote, endpoints=(moved,)))
        assert chat.bridge is not connected and chat.bridge.remote
        qtbot.waitUntil(chat.generate_button.isEnabled, timeout=5_000)
        window.switcher.keys_changed(["team"])
        assert chat.bridge.remote and chat.bridge.loading_name == "team", "a new key means a new connection"
    finally:
        parts.shutdown()
