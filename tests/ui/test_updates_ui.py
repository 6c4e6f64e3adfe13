"""Help ▸ Check for updates, the once-a-day check at start, and the Updates settings tab, against a real
loopback feed whose requests are counted."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from app import __version__
from app.core.runtime import Runtime
from app.core.settings import UpdateSettings
from app.core.updates import check_is_due
from app.ui.launch import AppParts, build_app
from app.ui.settings_dialog import SettingsDialog
from app.ui.update_checker import UpdateChecker
from tests.support.feed_server import FeedServer
from tests.ui.test_settings_dialog import MACHINE, click_ok

pytestmark = pytest.mark.gui


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    with FeedServer() as server:
        yield server


@pytest.fixture(autouse=True)
def quick_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(UpdateChecker, "startup_delay_ms", 50)


def runtime_with(**updates: object) -> Runtime:
    runtime = Runtime.open()
    section = dataclasses.replace(runtime.settings.updates, **updates)  # type: ignore[arg-type]
    runtime.save(dataclasses.replace(runtime.settings, updates=section))
    return runtime


def open_window(qtbot: QtBot, runtime: Runtime) -> AppParts:
    parts = build_app(runtime, load_model=False)
    qtbot.addWidget(parts.window)
    parts.window.show()
    return parts


@pytest.fixture
def started() -> Iterator[list[AppParts]]:
    opened: list[AppParts] = []
    yield opened
    for parts in opened:
        parts.shutdown()


def status_text(parts: AppParts) -> str:
    return parts.window.statusBar().currentMessage()


def test_the_menu_check_shows_a_newer_version(
    qtbot: QtBot, feed_server: FeedServer, started: list[AppParts]
) -> None:
    url = feed_server.feed("/latest.json", "99.0.0", page_url="https://example.org/copydesk/99")
    parts = open_window(qtbot, runtime_with(feed_url=url))
    started.append(parts)
    label = parts.window.updates.label
    assert not label.isVisible()
    parts.window.check_updates_action.trigger()
    qtbot.waitUntil(label.isVisible, timeout=5_000)
    assert "Copydesk 99.0.0 is available" in label.text()
    assert 'href="https://example.org/copydesk/99"' in label.text()
    assert label.openExternalLinks()
    assert label.accessibleName() == "New version"
    assert "99.0.0" in status_text(parts)
    assert feed_server.count() == 1


def test_the_menu_check_says_when_this_is_the_latest(
    qtbot: QtBot, feed_server: FeedServer, started: list[AppParts]
) -> None:
    url = feed_server.feed("/latest.json", __version__)
    parts = open_window(qtbot, runtime_with(feed_url=url))
    started.append(parts)
    parts.window.check_updates_action.trigger()
    qtbot.waitUntil(lambda: "You have the latest version" in status_text(parts), timeout=5_000)
    assert __version__ in status_text(parts)
    assert not parts.window.updates.label.isVisible()
    assert check_is_due(parts.runtime.settings.updates.last_checked) is False  # the check was recorded


def test_the_menu_check_says_what_went_wrong(
    qtbot: QtBot, feed_server: FeedServer, started: list[AppParts]
) -> None:
    parts = open_window(qtbot, runtime_with(feed_url=feed_server.url("/gone.json")))
    started.append(parts)
    parts.window.check_updates_action.trigger()
    qtbot.waitUntil(lambda: "Could not check for a new version" in status_text(parts), timeout=5_000)
    assert "HTTP 404" in status_text(parts)
    assert parts.runtime.settings.updates.last_checked == ""  # a failed check does not count


def test_without_a_feed_the_menu_says_where_to_set_one(
    qtbot: QtBot, feed_server: FeedServer, started: list[AppParts]
) -> None:
    parts = open_window(qtbot, Runtime.open())
    started.append(parts)
    parts.window.check_updates_action.trigger()
    assert "No release feed is set" in status_text(parts)
    assert not parts.window.updates.running


def test_off_by_default_means_no_request_at_start(
    qtbot: QtBot, feed_server: FeedServer, started: list[AppParts]
) -> None:
    assert Runtime.open().settings.updates.check_for_updates is False
    url = feed_server.feed("/latest.json", "99.0.0")
    parts = open_window(qtbot, runtime_with(feed_url=url))  # an address, but checking is off
    started.append(parts)
    qtbot.wait(600)  # well past the start-up delay
    assert feed_server.count() == 0
    assert not parts.window.updates.label.isVisible()


def test_when_on_it_checks_at_start_at_most_once_a_day(
    qtbot: QtBot, feed_server: FeedServer, started: list[AppParts]
) -> None:
    url = feed_server.feed("/latest.json", "99.0.0")
    first = open_window(qtbot, runtime_with(feed_url=url, check_for_updates=True))
    started.append(first)
    qtbot.waitUntil(first.window.updates.label.isVisible, timeout=5_000)
    assert feed_server.count() == 1
    assert first.runtime.settings.updates.last_checked  # stamped and saved
    first.window.hide()
    first.window.show()  # shown again: still one check per window
    qtbot.wait(300)
    assert feed_server.count() == 1

    second = open_window(qtbot, Runtime.open())  # a restart the same day
    started.append(second)
    qtbot.wait(600)
    assert feed_server.count() == 1
    assert not second.window.updates.label.isVisible()


def test_a_failed_check_at_start_stays_quiet(
    qtbot: QtBot, feed_server: FeedServer, started: list[AppParts]
) -> None:
    url = feed_server.serve("/latest.json", "{broken")
    parts = open_window(qtbot, runtime_with(feed_url=url, check_for_updates=True))
    started.append(parts)
    qtbot.waitUntil(lambda: feed_server.count() == 1, timeout=5_000)
    qtbot.waitUntil(lambda: not parts.window.updates.running, timeout=5_000)
    assert status_text(parts) == ""
    assert not parts.window.updates.label.isVisible()


# ---------------------------------------------------------------------- the settings tab


def open_settings(qtbot: QtBot, runtime: Runtime) -> SettingsDialog:
    dialog = SettingsDialog(runtime, hardware=MACHINE)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_updates_tab_is_off_and_empty_by_default(qtbot: QtBot) -> None:
    dialog = open_settings(qtbot, Runtime.open())
    assert dialog.tabs.tabText(dialog.tabs.indexOf(dialog.updates_tab)) == "&Updates"
    assert not dialog.check_for_updates.isChecked()
    assert dialog.feed_url.text() == ""
    assert dialog.check_for_updates.accessibleName() == "Check for new versions"
    assert dialog.feed_url.accessibleName() == "Release feed address"


def test_the_updates_tab_saves_and_keeps_the_last_check(qtbot: QtBot) -> None:
    runtime = runtime_with(last_checked="2026-12-01T09:00:00+00:00")
    dialog = open_settings(qtbot, runtime)
    dialog.tabs.setCurrentWidget(dialog.updates_tab)
    dialog.check_for_updates.click()
    qtbot.keyClicks(dialog.feed_url, "  https://example.org/copydesk/latest.json ")
    click_ok(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert Runtime.open().settings.updates == UpdateSettings(
        check_for_updates=True,
        feed_url="https://example.org/copydesk/latest.json",
        last_checked="2026-12-01T09:00:00+00:00",
    )


@pytest.mark.parametrize(
    ("checked", "url", "message"),
    [
        (True, "", "Enter the release feed address"),
        (True, "http://example.org/latest.json", "https://"),
        (False, "ftp://example.org/latest.json", "cannot be used"),
    ],
)
def test_the_updates_tab_refuses_an_unusable_feed(
    qtbot: QtBot, checked: bool, url: str, message: str
) -> None:
    dialog = open_settings(qtbot, Runtime.open())
    dialog.check_for_updates.setChecked(checked)
    dialog.feed_url.setText(url)
    click_ok(qtbot, dialog)
    assert dialog.isVisible()  # stays open, nothing typed is lost
    assert message in dialog.problem.text()
    assert Runtime.open().settings.updates == UpdateSettings()
