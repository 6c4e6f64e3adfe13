"""Where Hub searches and downloads go: a mirror, a proxy, and whether to honour the system's proxy."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.models.download_spec import NetworkSettings
from app.core.models.network import network_settings
from app.core.settings import NetworkSection, Settings
from app.ui.model_manager.formatting import error_style


class NetworkDialog(QDialog):
    """Edits the ``network`` settings section; `accept` only with values that work."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Hub connection"))
        self._settings = settings
        section = settings.network
        self.endpoint = QLineEdit(section.hub_endpoint)
        self.endpoint.setPlaceholderText(self.tr("https://huggingface.co (or HF_ENDPOINT when set)"))
        self.proxy = QLineEdit(section.proxy)
        self.proxy.setPlaceholderText(self.tr("http://host:port, empty for none"))
        self.system_proxy = QCheckBox(self.tr("Also use the system's proxy settings (HTTPS_PROXY, NO_PROXY)"))
        self.system_proxy.setChecked(section.use_system_proxy)
        self.problem = QLabel()
        self.problem.setStyleSheet(error_style())
        self.problem.setWordWrap(True)
        self.problem.hide()
        form = QFormLayout()
        form.addRow(self.tr("Hub address"), self.endpoint)
        form.addRow(self.tr("Proxy"), self.proxy)
        form.addRow("", self.system_proxy)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.result_settings: Settings | None = None
        self.result_network: NetworkSettings | None = None

    def accept(self) -> None:
        section = NetworkSection(
            hub_endpoint=self.endpoint.text().strip(),
            proxy=self.proxy.text().strip(),
            use_system_proxy=self.system_proxy.isChecked(),
        )
        settings = dataclasses.replace(self._settings, network=section)
        try:
            network = network_settings(settings)
        except ValueError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        self.result_settings, self.result_network = settings, network
        super().accept()
