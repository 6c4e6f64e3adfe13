"""The settings dialog's Servers tab: the shared inference servers jobs can run on.

Edits go to a working copy of the remote section and to a list of API key changes; both take effect only
when the settings dialog is saved, so Cancel undoes everything, the keyring included. A renamed server
keeps its workspaces and its stored key; a removed one loses both.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.remote.api_keys import ApiKeyError, delete_api_key, read_api_key, store_api_key
from app.core.remote.connection_check import KeyChange
from app.core.remote.endpoints import EndpointError, remove_endpoint, save_endpoint
from app.core.settings import RemoteEndpoint, RemoteSection
from app.ui.settings.controls import name_control
from app.ui.settings.endpoint_dialog import EndpointDialog

log = logging.getLogger(__name__)

_NAME_ROLE = Qt.ItemDataRole.UserRole


def apply_key_changes(changes: dict[str, str | None], moves: dict[str, str]) -> None:
    """Blocking (keyring): carry renamed servers' keys over, then forget and store keys.

    ``moves`` maps a new name to the name its key is filed under now; every key is read before anything
    is deleted or stored, so servers that swapped names keep their own keys. Raises `ApiKeyError` naming every
    step that failed, after trying them all.
    """
    moved = {new: read_api_key(RemoteEndpoint(name=old)) for new, old in moves.items()}
    failures: list[str] = []
    for name, key in changes.items():
        if key is None:
            try:
                delete_api_key(name)
            except ApiKeyError as exc:
                failures.append(f"{name}: {exc}")
    stores = {name: key for name, key in moved.items() if key} | {
        name: key for name, key in changes.items() if key is not None
    }
    for name, key in stores.items():
        try:
            store_api_key(name, key)
        except ApiKeyError as exc:
            failures.append(f"{name}: {exc}")
    if failures:
        raise ApiKeyError("\n".join(failures))


class ServersTab(QWidget):
    """Lists the saved servers and adds, edits and removes them through `EndpointDialog`."""

    def __init__(self, section: RemoteSection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._section = RemoteSection(section.endpoints, dict(section.workspace_backends))
        self._original_names = tuple(e.name for e in section.endpoints)
        self._origin: dict[str, str] = {name: name for name in self._original_names}
        """Current name -> the name it had when the tab opened (where its stored key is filed)."""
        self._key_changes: dict[str, str | None] = {}
        """Current name -> a key typed for it, or None to forget its key."""
        self._editing: str | None = None
        self.endpoint_dialog: EndpointDialog | None = None
        """The add/edit form while it is open."""

        explanation = QLabel(
            self.tr(
                "Jobs can run on a shared server that speaks the OpenAI API: llama.cpp's llama-server, "
                "vLLM, Ollama or LM Studio. Texts sent to a server leave this computer. Setting one up is "
                "described in docs/team-server.md. Changes here are kept when you press OK."
            )
        )
        explanation.setWordWrap(True)
        explanation.setAccessibleName(self.tr("About servers"))
        self.server_list = QListWidget()
        self.server_list.setObjectName("serverList")
        name_control(self.server_list, self.tr("Saved servers"), self.tr("Double-click a server to edit it."))
        self.add_button = self._button("addServer", self.tr("&Add…"), self.tr("Add server"))
        self.edit_button = self._button("editServer", self.tr("&Edit…"), self.tr("Edit server"))
        self.remove_button = self._button("removeServer", self.tr("&Remove"), self.tr("Remove server"))
        self.remove_button.setToolTip(self.tr("Forget this server and its stored API key"))
        self.add_button.clicked.connect(self.add_server)
        self.edit_button.clicked.connect(self.edit_server)
        self.remove_button.clicked.connect(self.remove_server)
        self.server_list.itemDoubleClicked.connect(self.edit_server)
        self.server_list.currentRowChanged.connect(self._selection_changed)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.server_list, 1)
        layout.addLayout(buttons)
        self._refresh()

    # -- what the settings dialog saves -------------------------------------------------------------

    def section(self, current: RemoteSection) -> RemoteSection:
        """The servers as edited, with ``current``'s workspaces: renamed servers keep theirs, and a
        workspace whose server is gone runs on this computer again."""
        renamed = {old: new for new, old in self._origin.items()}
        backends = {
            workspace: renamed[name] if name else name
            for workspace, name in current.workspace_backends.items()
            if not name or name in renamed
        }
        return RemoteSection(self._section.endpoints, backends)

    def pending_key_changes(self) -> dict[str, str | None]:
        """Server name -> API key to store, or None to forget the stored one (a removed server's, or the
        old name of a renamed one, whose key `pending_key_moves` carries over)."""
        kept = {name for name, old in self._origin.items() if name == old}
        changes: dict[str, str | None] = {name: None for name in self._original_names if name not in kept}
        changes |= self._key_changes
        return changes

    def pending_key_moves(self) -> dict[str, str]:
        """New name -> old name, for renamed servers whose stored key goes with them."""
        return {
            name: old for name, old in self._origin.items() if old != name and name not in self._key_changes
        }

    # -- the buttons --------------------------------------------------------------------------------

    def add_server(self) -> EndpointDialog:
        """Open the form for a new server (it does not block); OK adds it to the list."""
        return self._open_dialog(None)

    def edit_server(self) -> EndpointDialog | None:
        """Open the form for the selected server; OK puts the result in its place."""
        name = self._selected_name()
        return self._open_dialog(name) if name is not None else None

    def remove_server(self) -> None:
        name = self._selected_name()
        if name is None:
            return
        try:
            self._section = remove_endpoint(self._section, name)
        except EndpointError as exc:  # already gone: nothing to do but say so in the log
            log.warning("%s", exc)
            return
        self._origin.pop(name, None)
        self._key_changes.pop(name, None)
        self._refresh()

    # -- the form -----------------------------------------------------------------------------------

    def _open_dialog(self, name: str | None) -> EndpointDialog:
        if self.endpoint_dialog is not None:
            self.endpoint_dialog.raise_()
            return self.endpoint_dialog
        endpoint = self._section.endpoint(name) if name is not None else None
        others = tuple(e for e in self._section.endpoints if e.name != name)
        pending: KeyChange = self._key_changes.get(name, ...) if name is not None else ...
        dialog = EndpointDialog(
            others,
            endpoint,
            key_owner=self._origin.get(name, "") if name is not None else "",
            pending_key=pending,
            parent=self,
        )
        dialog.finished.connect(self._dialog_finished)
        self._editing = name
        self.endpoint_dialog = dialog
        dialog.open()
        return dialog

    def _dialog_finished(self, result: int) -> None:
        dialog, old = self.endpoint_dialog, self._editing
        self.endpoint_dialog, self._editing = None, None
        if dialog is None:
            return
        if result == QDialog.DialogCode.Accepted:
            self._keep(dialog.endpoint(), dialog.api_key_change(), old)
        dialog.deleteLater()

    def _keep(self, endpoint: RemoteEndpoint, key: KeyChange, old: str | None) -> None:
        try:
            self._section = save_endpoint(self._section, endpoint, replacing=old)
        except EndpointError as exc:  # the form checked the same rules; only a race could get here
            log.warning("Could not keep the server %s: %s", endpoint.name, exc)
            return
        if old is not None:
            origin = self._origin.pop(old, None)
            pending = self._key_changes.pop(old, ...)
            if origin is not None:
                self._origin[endpoint.name] = origin
            if pending is not ...:
                self._key_changes[endpoint.name] = pending
        if key is not ...:
            self._key_changes[endpoint.name] = key
        self._refresh(select=endpoint.name)

    # -- the list -----------------------------------------------------------------------------------

    def _button(self, object_name: str, text: str, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(object_name)
        button.setAutoDefault(False)  # Enter anywhere in the dialog means OK, never Add
        name_control(button, name)
        return button

    def _refresh(self, select: str | None = None) -> None:
        selected = select or self._selected_name()
        self.server_list.clear()
        for endpoint in self._section.endpoints:
            item = QListWidgetItem(f"{endpoint.name} — {endpoint.base_url}")
            item.setData(_NAME_ROLE, endpoint.name)
            self.server_list.addItem(item)
            if endpoint.name == selected:
                self.server_list.setCurrentItem(item)
        if self.server_list.currentItem() is None and self.server_list.count():
            self.server_list.setCurrentRow(0)
        self._selection_changed()

    def _selected_name(self) -> str | None:
        item = self.server_list.currentItem()
        return str(item.data(_NAME_ROLE)) if item is not None else None

    def _selection_changed(self) -> None:
        chosen = self._selected_name() is not None
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)
