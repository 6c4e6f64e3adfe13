"""The settings dialog's Updates tab: whether to look for new versions, and where."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QWidget

from app.core.settings import UpdateSettings
from app.core.updates import feed_url_problem
from app.ui.settings.controls import name_control, set_form


class UpdatesTab(QWidget):
    def __init__(self, section: UpdateSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check_for_updates = QCheckBox(self.tr("Check for new versions"))
        self.check_for_updates.setChecked(section.check_for_updates)
        name_control(
            self.check_for_updates,
            self.tr("Check for new versions"),
            self.tr("At most once a day, when Copydesk starts. Nothing is downloaded or installed."),
        )
        self.feed_url = QLineEdit(section.feed_url)
        self.feed_url.setPlaceholderText(self.tr("https://example.org/copydesk/latest.json"))
        name_control(
            self.feed_url,
            self.tr("Release feed address"),
            self.tr("A small JSON file that names the latest version; it must start with https://"),
        )
        self.privacy = QLabel(
            self.tr(
                "The check fetches this one file. It sends no identifier, settings or usage data: only "
                "the name and version of Copydesk, as every web request does. Help ▸ Check for updates "
                "asks at once."
            )
        )
        self.privacy.setWordWrap(True)
        self.privacy.setAccessibleName(self.tr("What the update check sends"))
        self.privacy.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow("", self.check_for_updates)
        form.addRow(self.tr("Release &feed"), self.feed_url)
        form.addRow("", self.privacy)
        set_form(self, form)

    def section(self, current: UpdateSettings) -> tuple[UpdateSettings, list[str]]:
        """The section the form describes (keeping when the last check ran), and what is wrong with it."""
        url = self.feed_url.text().strip()
        enabled = self.check_for_updates.isChecked()
        problems: list[str] = []
        if enabled and not url:
            problems.append(self.tr("Enter the release feed address, or turn off checking for new versions."))
        elif url:
            problem = feed_url_problem(url)
            if problem is not None:
                problems.append(
                    self.tr("The release feed address cannot be used: %1.").replace("%1", problem)
                )
        section = dataclasses.replace(current, check_for_updates=enabled, feed_url=url)
        return section, problems
