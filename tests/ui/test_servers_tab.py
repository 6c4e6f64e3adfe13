"""The Servers tab and its endpoint form, driven like a user would, against real loopback servers and an
in-memory keyring."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Iterator

import keyring
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.core.keyring_backend import SERVICE_NAME
from app.core.runtime import Runtime
from app.core.settings import RemoteEndpoint, RemoteSection, Settings
from app.ui.settings.endpoint_dialog import EndpointDialog
from app.ui.settings.servers_tab import ServersTab, apply_key_changes
from app.ui.settings_dialog import SettingsDialog
from tests.core.test_hub_token import LockedKeyring, MemoryKeyring
from tests.support.openai_fault_server import FaultServer
from tests.ui.test_settings_dialog import MACHINE

pytestmark = pytest.mark.gui

TEAM = RemoteEndpoint(name="team", base_url="http://10.0.0.5:8080/v1", model="writer")
LAB = RemoteEndpoint(name="lab", base_url="http://10.0.0.6:8000/v1")
KEY = "sk-test-0123456789"


@pytest.fixture
def memory() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def account(name: str) -> tuple[str, str]:
    return (SERVICE_NAME, f"server:{name}")


def make_tab(qtbot: QtBot, section: RemoteSection) -> ServersTab:
    tab = ServersTab(section)
    qtbot.addWidget(tab)
    tab.show()
    return tab


def make_dialog(
    qtbot: QtBot, endpoint: RemoteEndpoint | None = None, *, key_owner: str = ""
) -> EndpointDialog:
    dialog = EndpointDialog((), endpoint, key_owner=key_owner)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill(dialog: EndpointDialog, name: str | None = None, url: str | None = None, key: str = "") -> None:
    if name is not None:
        dialog.name.setText(name)
    if url is not None:
        dialog.base_url.setText(url)
    dialog.api_key.setText(key)


def click(qtbot: QtBot, button: QAbstractButton | None) -> None:
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def open_form(tab: ServersTab) -> EndpointDialog:
    dialog = tab.endpoint_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def saved_names(runtime: Runtime) -> list[str]:
    return [e.name for e in runtime.settings.remote.endpoints]


def press_ok(qtbot: QtBot, buttons: QDialogButtonBox) -> None:
    click(qtbot, buttons.button(QDialogButtonBox.StandardButton.Ok))


def select(tab: ServersTab, name: str) -> None:
    for row in range(tab.server_list.count()):
        if tab.server_list.item(row).text().startswith(f"{name} —"):
            tab.server_list.setCurrentRow(row)
            return
    raise AssertionError(f"{name} is not listed")


def listed(tab: ServersTab) -> list[str]:
    return [tab.server_list.item(row).text() for row in range(tab.server_list.count())]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


# ---------------------------------------------------------------------- the list


def test_add_edit_and_remove_keep_workspaces_in_step(qtbot: QtBot, memory: MemoryKeyring) -> None:
    current = RemoteSection((TEAM,), {"notes": "team", "mail": ""})
    tab = make_tab(qtbot, current)
    assert listed(tab) == ["team — http://10.0.0.5:8080/v1"]
    assert tab.findChild(QWidget, "serverList") is tab.server_list

    click(qtbot, tab.findChild(QAbstractButton, "addServer"))
    dialog = open_form(tab)
    fill(dialog, "lab", "http://10.0.0.6:8000/")
    dialog.in_flight.setValue(8)
    dialog.context_size.setValue(16384)
    press_ok(qtbot, dialog.buttons)
    assert tab.endpoint_dialog is None and not dialog.isVisible()
    assert listed(tab) == ["team — http://10.0.0.5:8080/v1", "lab — http://10.0.0.6:8000/v1"]
    saved = tab.section(current)
    assert saved.endpoint("lab") == RemoteEndpoint(
        name="lab", base_url="http://10.0.0.6:8000/v1", in_flight=8, context_size=16384
    )
    assert saved.workspace_backends == {"notes": "team", "mail": ""}

    select(tab, "team")
    click(qtbot, tab.findChild(QAbstractButton, "editServer"))
    dialog = open_form(tab)
    assert (dialog.name.text(), dialog.model.currentText()) == ("team", "writer")
    fill(dialog, "crew")
    press_ok(qtbot, dialog.buttons)
    saved = tab.section(current)
    assert [e.name for e in saved.endpoints] == ["crew", "lab"]
    assert saved.endpoint("crew") == dataclasses.replace(TEAM, name="crew")
    assert saved.workspace_backends == {"notes": "crew", "mail": ""}, "a renamed server keeps its workspaces"

    select(tab, "crew")
    click(qtbot, tab.findChild(QAbstractButton, "removeServer"))
    saved = tab.section(current)
    assert [e.name for e in saved.endpoints] == ["lab"]
    assert saved.workspace_backends == {"mail": ""}, "its workspaces run on this computer again"
    assert tab.pending_key_changes() == {"team": None}, "a removed server's stored key goes too"


def test_cancel_keeps_nothing(qtbot: QtBot, memory: MemoryKeyring) -> None:
    tab = make_tab(qtbot, RemoteSection((TEAM,)))
    dialog = tab.add_server()
    fill(dialog, "lab", "http://10.0.0.6:8000/v1", KEY)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert listed(tab) == ["team — http://10.0.0.5:8080/v1"]
    assert tab.pending_key_changes() == {} and tab.pending_key_moves() == {}


def test_enter_in_the_form_keeps_the_server(qtbot: QtBot) -> None:
    tab = make_tab(qtbot, RemoteSection())
    dialog = tab.add_server()
    fill(dialog, "lab", "http://10.0.0.6:8000/v1")
    dialog.activateWindow()
    dialog.base_url.setFocus()
    qtbot.keyClick(dialog.base_url, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert listed(tab) == ["lab — http://10.0.0.6:8000/v1"]


def test_edit_and_remove_need_a_selection(qtbot: QtBot) -> None:
    tab = make_tab(qtbot, RemoteSection())
    assert not tab.edit_button.isEnabled() and not tab.remove_button.isEnabled()
    assert tab.edit_server() is None


@pytest.mark.parametrize(
    ("name", "url", "expected"),
    [
        ("lab", "10.0.0.6:8000", "not a server address"),
        ("lab", "ftp://10.0.0.6/v1", "not a server address"),
        ("Team", "http://10.0.0.6:8000/v1", "already a server called"),
        ("", "http://10.0.0.6:8000/v1", "short name"),
    ],
)
def test_a_bad_endpoint_keeps_the_form_open(
    qtbot: QtBot, memory: MemoryKeyring, name: str, url: str, expected: str
) -> None:
    tab = make_tab(qtbot, RemoteSection((TEAM,)))
    dialog = tab.add_server()
    fill(dialog, name, url)
    problem = dialog.findChild(QWidget, "endpointProblem")
    assert problem is dialog.problem and not problem.isVisible()
    press_ok(qtbot, dialog.buttons)
    assert dialog.isVisible() and tab.endpoint_dialog is dialog
    assert problem.isVisible()
    assert expected in dialog.problem.text()
    assert listed(tab) == ["team — http://10.0.0.5:8080/v1"]
    fill(dialog, "lab", "http://10.0.0.6:8000/v1")
    press_ok(qtbot, dialog.buttons)
    assert not dialog.isVisible() and len(listed(tab)) == 2


def test_a_key_with_spaces_is_refused_in_the_form(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot)
    fill(dialog, "lab", "http://10.0.0.6:8000/v1", "sk one two")
    press_ok(qtbot, dialog.buttons)
    assert dialog.isVisible() and "API key" in dialog.problem.text()


def test_turning_off_tls_verification_warns(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot)
    assert dialog.verify_tls.isChecked() and not dialog.tls_warning.isVisible()
    assert dialog.ca_file.isEnabled()
    dialog.verify_tls.setChecked(False)
    assert dialog.tls_warning.isVisible() and "API key" in dialog.tls_warning.text()
    assert not dialog.ca_file.isEnabled()
    fill(dialog, "lab", "https://10.0.0.6/v1")
    assert dialog.endpoint().verify_tls is False


def test_the_form_shows_the_endpoints_values(qtbot: QtBot) -> None:
    endpoint = RemoteEndpoint(
        name="team",
        base_url="https://llm.example.internal/v1",
        model="writer",
        timeout_s=300.0,
        verify_tls=True,
        in_flight=6,
        context_size=8192,
        api_key_env="TEAM_LLM_KEY",
    )
    dialog = make_dialog(qtbot, endpoint)
    assert dialog.endpoint() == endpoint
    assert dialog.api_key.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.api_key_change() is ...
    dialog.context_size.setValue(0)
    assert dialog.context_size.text() == "Ask the server"


def interactive(widget: QWidget) -> bool:
    return (
        isinstance(widget, QAbstractButton | QComboBox | QAbstractSpinBox | QLineEdit | QAbstractItemView)
        or widget.focusPolicy() != Qt.FocusPolicy.NoFocus
    )


def test_every_control_has_an_accessible_name(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot)
    tab = make_tab(qtbot, RemoteSection((TEAM,)))
    for window in (dialog, tab):
        checked = [w for w in window.findChildren(QWidget) if interactive(w)]
        unnamed = [
            f"{type(w).__name__} {w.objectName()!r}" for w in checked if not w.accessibleName().strip()
        ]
        assert checked and unnamed == []


# ---------------------------------------------------------------------- the connection test


def test_test_connection_lists_the_servers_models(qtbot: QtBot) -> None:
    with FaultServer(models=("test-model", "other-model"), context_size=2048) as server:
        dialog = make_dialog(qtbot)
        fill(dialog, "local", server.base_url)
        button = dialog.findChild(QAbstractButton, "testConnection")
        result = dialog.findChild(QWidget, "testResult")
        assert button is dialog.test_button and result is dialog.test_result
        click(qtbot, button)
        assert not button.isEnabled(), "one test at a time"
        qtbot.waitUntil(lambda: "Connected" in dialog.test_result.text(), timeout=10_000)
        text = dialog.test_result.text()
        assert "test-model" in text and "2048" in text and "Models on the server: 2" in text
        assert button.isEnabled()
        assert [dialog.model.itemText(i) for i in range(dialog.model.count())] == [
            "test-model",
            "other-model",
        ]
        assert dialog.model.currentText() == "", "empty still means the server's first model"
        assert all("authorization" not in r.headers for r in server.requests)


def test_test_connection_sends_the_typed_key_and_names_a_missing_model(
    qtbot: QtBot, memory: MemoryKeyring
) -> None:
    with FaultServer(models=("test-model", "other-model")) as server:
        dialog = make_dialog(qtbot)
        fill(dialog, "local", server.base_url, KEY)
        dialog.model.setCurrentText("missing-model")
        click(qtbot, dialog.test_button)
        qtbot.waitUntil(lambda: "missing-model" in dialog.test_result.text(), timeout=10_000)
        assert "other-model" in dialog.test_result.text()
        assert dialog.model.count() == 2 and dialog.model.currentText() == "missing-model"
        assert server.requests and all(
            r.headers.get("authorization") == f"Bearer {KEY}" for r in server.requests
        )
    assert memory.secrets == {}, "a test stores nothing"


def test_test_connection_uses_the_stored_key_of_a_renamed_server(qtbot: QtBot, memory: MemoryKeyring) -> None:
    memory.secrets[account("team")] = KEY
    with FaultServer() as server:
        dialog = make_dialog(qtbot, RemoteEndpoint(name="team", base_url=server.base_url), key_owner="team")
        qtbot.waitUntil(lambda: "stored" in dialog.api_key.placeholderText())
        fill(dialog, "crew")
        click(qtbot, dialog.test_button)
        qtbot.waitUntil(lambda: "Connected" in dialog.test_result.text(), timeout=10_000)
        assert all(r.headers.get("authorization") == f"Bearer {KEY}" for r in server.requests)


def test_test_connection_to_a_closed_port_says_so(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot)
    fill(dialog, "local", f"http://127.0.0.1:{closed_port()}/v1")
    click(qtbot, dialog.test_button)
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=10_000)
    assert "Could not connect" in dialog.test_result.text()


def test_test_connection_with_a_bad_address_does_not_connect(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot)
    fill(dialog, "local", "nowhere")
    click(qtbot, dialog.test_button)
    assert dialog.test_button.isEnabled() and "not a server address" in dialog.test_result.text()


def test_closing_the_form_during_a_test_is_safe(qtbot: QtBot) -> None:
    with socket.socket() as silent:  # accepts connections (in the backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        port = silent.getsockname()[1]
        dialog = make_dialog(qtbot)
        fill(dialog, "local", f"http://127.0.0.1:{port}/v1")
        dialog.timeout.setValue(1.0)
        click(qtbot, dialog.test_button)
        dialog.reject()
        qtbot.wait(1800)  # the test times out on its thread; nobody is told
        assert dialog.test_result.text() == "Connecting…"
        dialog.deleteLater()
        qtbot.wait(50)


# ---------------------------------------------------------------------- API keys


def test_a_stored_key_can_be_kept_replaced_or_removed(qtbot: QtBot, memory: MemoryKeyring) -> None:
    memory.secrets[account("team")] = KEY
    dialog = make_dialog(qtbot, TEAM, key_owner="team")
    qtbot.waitUntil(lambda: dialog.forget_key.isEnabled())
    assert dialog.api_key.placeholderText() == "•••• stored (leave empty to keep)"
    assert dialog.api_key_change() is ...
    dialog.api_key.setText(" sk-new ")
    assert dialog.api_key_change() == "sk-new"
    dialog.forget_key.setChecked(True)
    assert dialog.api_key.text() == "" and not dialog.api_key.isEnabled()
    assert dialog.api_key_change() is None

    plain = make_dialog(qtbot, LAB, key_owner="lab")
    qtbot.wait(100)
    assert not plain.forget_key.isEnabled()
    assert "system keyring" in plain.api_key.placeholderText()


def test_key_changes_follow_renames_and_removals(qtbot: QtBot, memory: MemoryKeyring) -> None:
    memory.secrets[account("team")] = "sk-team"
    memory.secrets[account("lab")] = "sk-lab"
    tab = make_tab(qtbot, RemoteSection((TEAM, LAB)))
    # Swap the two names through a third.
    for old, new in (("team", "tmp"), ("lab", "team"), ("tmp", "lab")):
        select(tab, old)
        dialog = tab.edit_server()
        assert dialog is not None
        fill(dialog, new)
        press_ok(qtbot, dialog.buttons)
    assert tab.pending_key_moves() == {"lab": "team", "team": "lab"}
    assert tab.pending_key_changes() == {"team": None, "lab": None}
    apply_key_changes(tab.pending_key_changes(), tab.pending_key_moves())
    assert memory.secrets == {account("team"): "sk-lab", account("lab"): "sk-team"}

    tab = make_tab(qtbot, RemoteSection((TEAM, LAB)))
    select(tab, "lab")
    tab.remove_server()
    select(tab, "team")
    dialog = tab.edit_server()
    assert dialog is not None
    fill(dialog, "lab", key="sk-fresh")
    press_ok(qtbot, dialog.buttons)
    assert tab.pending_key_moves() == {}
    assert tab.pending_key_changes() == {"team": None, "lab": "sk-fresh"}


def open_settings(qtbot: QtBot, runtime: Runtime) -> SettingsDialog:
    dialog = SettingsDialog(runtime, hardware=MACHINE)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def add_through_settings(qtbot: QtBot, dialog: SettingsDialog, name: str, url: str, key: str = "") -> None:
    form = dialog.servers_tab.add_server()
    fill(form, name, url, key)
    press_ok(qtbot, form.buttons)
    assert not form.isVisible()


def test_settings_round_trip_keeps_the_key_out_of_the_file(qtbot: QtBot, memory: MemoryKeyring) -> None:
    runtime = Runtime.open()
    dialog = open_settings(qtbot, runtime)
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert tabs.index("&Servers") == tabs.index("&Engine") + 1
    add_through_settings(qtbot, dialog, "team", "http://10.0.0.5:8080", KEY)
    with qtbot.waitSignal(dialog.settings_saved) as saved:
        press_ok(qtbot, dialog.buttons)
    assert isinstance(saved.args[0], Settings)
    team = RemoteEndpoint(name="team", base_url="http://10.0.0.5:8080/v1")
    assert runtime.settings.remote.endpoints == (team,)
    assert Runtime.open().settings.remote.endpoints == (team,)
    qtbot.waitUntil(lambda: memory.secrets.get(account("team")) == KEY)
    assert KEY not in runtime.paths.settings_file.read_text(encoding="utf-8")

    # Renamed in a later session: the key goes with it. Removed: the key is forgotten.
    dialog = open_settings(qtbot, runtime)
    select(dialog.servers_tab, "team")
    form = dialog.servers_tab.edit_server()
    assert form is not None
    qtbot.waitUntil(lambda: "stored" in form.api_key.placeholderText())
    fill(form, "crew")
    press_ok(qtbot, form.buttons)
    press_ok(qtbot, dialog.buttons)
    qtbot.waitUntil(lambda: memory.secrets == {account("crew"): KEY})
    dialog = open_settings(qtbot, runtime)
    select(dialog.servers_tab, "crew")
    dialog.servers_tab.remove_server()
    press_ok(qtbot, dialog.buttons)
    assert saved_names(runtime) == []
    qtbot.waitUntil(lambda: memory.secrets == {})


def test_cancelling_the_settings_leaves_servers_and_keys_alone(qtbot: QtBot, memory: MemoryKeyring) -> None:
    runtime = Runtime.open()
    dialog = open_settings(qtbot, runtime)
    add_through_settings(qtbot, dialog, "team", "http://10.0.0.5:8080/v1", KEY)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.wait(100)
    assert runtime.settings.remote == RemoteSection()
    assert memory.secrets == {}


def test_a_key_the_keyring_refuses_is_reported_without_blocking(qtbot: QtBot, qapp: QApplication) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(LockedKeyring())
    try:
        runtime = Runtime.open()
        dialog = open_settings(qtbot, runtime)
        add_through_settings(qtbot, dialog, "team", "http://10.0.0.5:8080/v1", KEY)
        press_ok(qtbot, dialog.buttons)
        assert runtime.settings.remote.endpoints[0].name == "team", "the settings are saved regardless"

        def warning() -> QMessageBox | None:
            boxes = [w for w in qapp.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
            return boxes[0] if boxes else None

        qtbot.waitUntil(lambda: warning() is not None)
        box = warning()
        assert box is not None
        assert "API key" in box.text() and "locked" in box.text()
        box.close()
    finally:
        keyring.set_keyring(previous)
