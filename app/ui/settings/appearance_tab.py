"""The settings dialog's Appearance tab: the colour theme."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QWidget

from app.core.settings import AppearanceSettings
from app.ui.settings.controls import name_control, set_form


class AppearanceTab(QWidget):
    def __init__(self, section: AppearanceSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = QComboBox()
        self.theme.addItem(self.tr("System"), "system")
        self.theme.addItem(self.tr("Light"), "light")
        self.theme.addItem(self.tr("Dark"), "dark")
        self.theme.setCurrentIndex(max(0, self.theme.findData(section.theme)))
        name_control(self.theme, self.tr("Theme"), self.tr("System follows your desktop's colours."))
        form = QFormLayout()
        form.addRow(self.tr("&Theme"), self.theme)
        set_form(self, form)

    def section(self) -> AppearanceSettings:
        return AppearanceSettings(theme=str(self.theme.currentData()))
