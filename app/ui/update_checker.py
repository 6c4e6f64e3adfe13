"""Help ▸ Check for updates, and the once-a-day check at start when the user turned it on.

The feed is fetched off the GUI thread (`Background`); the answer goes to the status bar: a link to the
release page when a newer version exists, a short message otherwise. Nothing is downloaded or run, and
nothing blocks: a failed automatic check is only logged, a failed manual one is said in the status bar.
"""

from __future__ import annotations

import dataclasses
import html
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import QLabel, QStatusBar

from app.core.runtime import Runtime
from app.core.settings import SettingsError
from app.core.updates import UpdateStatus, check_is_due, fetch_update_status, timestamp
from app.ui.background import Background

log = logging.getLogger(__name__)

Fetch = Callable[[], UpdateStatus]


class UpdateChecker(QObject):
    """Owns the status bar's update label and runs the checks; lives on the GUI thread."""

    startup_delay_ms = 3000
    """The automatic check waits this long after the window is shown, so start-up work comes first."""
    message_ms = 8000

    def __init__(
        self, runtime: Runtime, background: Background, status_bar: QStatusBar, parent: QObject
    ) -> None:
        super().__init__(parent)
        self._runtime = runtime
        self._background = background
        self._status_bar = status_bar
        self._running = False
        self._scheduled = False
        self.label = QLabel()
        self.label.setObjectName("updateLabel")
        self.label.setAccessibleName(self.tr("New version"))
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setOpenExternalLinks(True)  # the user's click opens the page in their browser
        self.label.hide()
        status_bar.addPermanentWidget(self.label)

    @property
    def running(self) -> bool:
        return self._running

    # ------------------------------------------------------------ entry points

    def schedule_startup_check(self) -> None:
        """Once per window: an automatic check a little after it is shown, if turned on and due."""
        if self._scheduled:
            return
        self._scheduled = True
        QTimer.singleShot(self.startup_delay_ms, self, self.check_if_due)

    @Slot()
    def check_if_due(self) -> None:
        updates = self._runtime.settings.updates
        if self._running or not updates.check_for_updates or not updates.feed_url.strip():
            return
        if not check_is_due(updates.last_checked):
            return
        self._start(manual=False)

    @Slot()
    def check_now(self) -> None:
        if not self._runtime.settings.updates.feed_url.strip():
            self._say(
                self.tr(
                    "No release feed is set. Add its address under Tools ▸ Settings ▸ Updates to check "
                    "for new versions."
                )
            )
            return
        if self._running:
            self._say(self.tr("Already checking for a new version…"))
            return
        self._say(self.tr("Checking for a new version…"))
        self._start(manual=True)

    # ------------------------------------------------------------ the check

    def _start(self, *, manual: bool) -> None:
        settings = self._runtime.settings
        url = settings.updates.feed_url
        network = settings.network
        proxy = network.proxy.strip() or None
        trust_env = network.use_system_proxy

        def fetch() -> UpdateStatus:  # on a worker thread: plain values only
            return fetch_update_status(url, proxy=proxy, trust_env=trust_env)

        self._running = True
        self._background.run(
            fetch,
            lambda status: self._on_status(status, manual),
            lambda exc: self._on_failure(exc, manual),
            name="update-check",
        )

    def _on_status(self, status: UpdateStatus, manual: bool) -> None:
        self._running = False
        self._remember_check()
        if status.newer:
            link_text = self.tr("release page")
            link = f'<a href="{html.escape(status.page_url, quote=True)}">{html.escape(link_text)}</a>'
            self.label.setText(
                self.tr("Copydesk %1 is available — %2")
                .replace("%1", html.escape(status.latest))
                .replace("%2", link)
            )
            self.label.setToolTip(status.page_url)
            self.label.show()
            if manual:
                self._say(self.tr("Copydesk %1 is available.").replace("%1", status.latest))
        elif manual:
            self.label.hide()
            self._say(self.tr("You have the latest version (%1).").replace("%1", status.current))

    def _on_failure(self, exc: BaseException, manual: bool) -> None:
        self._running = False
        if manual:
            self._say(self.tr("Could not check for a new version: %1").replace("%1", str(exc)))
        else:
            log.warning("Automatic update check failed: %s", exc)

    def _remember_check(self) -> None:
        """Stamp the check, so the automatic one waits a day; a read-only settings file is left alone."""
        if not self._runtime.settings_writable:
            return
        current = self._runtime.settings
        updates = dataclasses.replace(current.updates, last_checked=timestamp())
        try:
            self._runtime.save(dataclasses.replace(current, updates=updates))
        except (OSError, SettingsError) as exc:
            log.warning("Could not record the update check: %s", exc)

    def _say(self, text: str) -> None:
        self._status_bar.showMessage(text, self.message_ms)
