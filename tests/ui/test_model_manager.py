"""The model manager dialog driven like a user would: real files, a real loopback Hub, real downloads.

Every slow step must happen off the GUI thread, so the tests wait for what the user would see (a row in
a table, a message, a progress bar) instead of calling the core directly, and one test checks that the
event loop keeps running while a download is stalled.
"""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from huggingface_hub import constants
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.core.hardware import HardwareInfo
from app.core.models.catalog import Catalog, parse_catalog
from app.core.models.discovery import DiscoveryRoots
from app.core.models.download import Downloader, DownloadOptions, hub_download_spec, part_path
from app.core.runtime import Runtime
from app.core.settings import ModelSettings
from app.ui.background import Background
from app.ui.model_manager import ModelManagerDialog
from app.ui.model_manager.downloads_panel import DownloadRow
from tests.core.gguf_samples import write_sample_gguf
from tests.support.hub_server import HubServer

pytestmark = pytest.mark.gui

GIB = 1024**3
REPO = "test/Tiny-GGUF"
FILE = "tiny-Q8_0.gguf"
GATED = "other/Gated-GGUF"
NOWHERE = "http://127.0.0.1:9"
FAST = DownloadOptions(backoff_base=0.02, backoff_max=0.05, progress_interval=0.02, stall_timeout=10.0)
MACHINE = HardwareInfo(
    cpu_model="test CPU",
    physical_cores=2,
    logical_cores=2,
    performance_cores=2,
    cpu_features=(),
    backend="CPU",
    gpu_offload=False,
    gpus=(),
    ram_total_bytes=16 * GIB,
    ram_available_bytes=12 * GIB,
    os_platform="test",
)


def tiny_catalog() -> Catalog:
    return parse_catalog(
        {
            "schema_version": 1,
            "models": [
                {
                    "id": "tiny",
                    "name": "Tiny Test Model",
                    "repo": REPO,
                    "license": "MIT",
                    "architecture": "llama",
                    "params_billion": 0.001,
                    "context_length": 4096,
                    "languages": ["en", "de"],
                    "tasks": ["chat", "rewrite"],
                    "description": "A few megabytes of test model.",
                    "files": [{"quant": "Q8_0", "file": FILE}],
                }
            ],
        }
    )


@pytest.fixture(scope="module")
def sample_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real, loadable-looking GGUF of 3.5 MB (a big vocabulary makes the header large, as real ones are)."""
    return write_sample_gguf(tmp_path_factory.mktemp("sample") / FILE, vocab=150_000)


@pytest.fixture
def runtime() -> Runtime:
    return Runtime.open()


@pytest.fixture
def hub(hub_server: HubServer, sample_model: Path, monkeypatch: pytest.MonkeyPatch) -> HubServer:
    """The suite runs with HF_HUB_OFFLINE=1; these Hub calls go to loopback only."""
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    hub_server.add_repo(REPO, downloads=10, license="mit")
    hub_server.add_file(REPO, FILE, sample_model)
    hub_server.add_repo(GATED, downloads=99, license="llama3.2", gated_token="hf_secret")
    hub_server.add_file(GATED, "gated-Q4_K_M.gguf", sample_model)
    return hub_server


OpenDialog = Callable[..., ModelManagerDialog]


def delete_now(obj: QObject) -> None:
    """Destroy a Qt object on this (the GUI) thread now. Left to Python's cyclic garbage collector, a
    top-level object may be destroyed on whichever thread happens to collect, a worker's included."""
    if shiboken6.isValid(obj):
        obj.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def open_dialog(qtbot: QtBot, runtime: Runtime) -> Iterator[OpenDialog]:
    """Dialogs are closed and deleted here rather than by ``qtbot.addWidget``: they delete themselves
    when closed, which qtbot's own close would then trip over."""
    opened: list[tuple[ModelManagerDialog, Downloader]] = []

    def make(**kwargs: Any) -> ModelManagerDialog:
        downloader = Downloader(options=FAST)
        kwargs.setdefault("endpoint", NOWHERE)
        kwargs.setdefault("hardware", MACHINE)
        kwargs.setdefault("token_provider", lambda: None)
        kwargs.setdefault("discovery_roots", DiscoveryRoots())
        kwargs.setdefault("catalog", tiny_catalog())
        dialog = ModelManagerDialog(runtime, downloader=downloader, **kwargs)
        dialog.show()
        opened.append((dialog, downloader))
        return dialog

    yield make
    for dialog, downloader in opened:
        if shiboken6.isValid(dialog):
            dialog.close()
        delete_now(dialog)
        downloader.close()


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isEnabled(), f"{button.text()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None, f"no cell at {row}, {column}"
    return item.text()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class ThreadProbe(QObject):
    """Records the thread each download update is delivered on (a QObject slot, as the UI uses)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.threads: set[int | None] = set()

    @Slot(object)
    def record(self, _item: object) -> None:
        self.threads.add(threading.get_ident())


def start_hub_download(
    qtbot: QtBot, dialog: ModelManagerDialog, repo: str, before: Callable[[], None] = lambda: None
) -> DownloadRow:
    """Search, pick the repo and its only file, wait for the fit check (its ranged GET would take a
    fault meant for the download), call ``before``, press Download; the new row in the downloads list."""
    tab = dialog.search_tab
    tab.query.setText("gguf")
    click(qtbot, tab.search_button)
    qtbot.waitUntil(lambda: len(tab.repos) == 2)
    tab.repo_table.selectRow([r.repo_id for r in tab.repos].index(repo))
    qtbot.waitUntil(lambda: tab.file_table.rowCount() == 1)
    tab.file_table.selectRow(0)
    qtbot.waitUntil(lambda: not tab.fit.pending)
    before()
    click(qtbot, tab.download_button)
    panel = dialog.downloads_panel
    qtbot.waitUntil(lambda: len(panel.rows) == 1)
    return next(iter(panel.rows.values()))


# ---------------------------------------------------------------------- Installed tab


def test_installed_lists_a_model_placed_in_the_models_folder(
    qtbot: QtBot,
    open_dialog: OpenDialog,
    runtime: Runtime,
    sample_model: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shutil.copy(sample_model, runtime.paths.models_dir / "mine.gguf")
    tab = open_dialog().installed_tab
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1)
    cells = [cell(tab.table, 0, c) for c in range(4)]
    assert cells == ["mine", "3.5 MB", "", "models folder"]
    opened: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    click(qtbot, tab.open_folder_button)
    assert [url.toLocalFile() for url in opened] == [str(runtime.paths.models_dir)]


def test_set_default_updates_the_settings(
    qtbot: QtBot, open_dialog: OpenDialog, runtime: Runtime, sample_model: Path
) -> None:
    for name in ("a.gguf", "b.gguf"):
        shutil.copy(sample_model, runtime.paths.models_dir / name)
    dialog = open_dialog()
    tab = dialog.installed_tab
    qtbot.waitUntil(lambda: tab.table.rowCount() == 2)
    tab.table.selectRow(1)
    with qtbot.waitSignal(dialog.default_changed, timeout=2_000) as changed:
        click(qtbot, tab.default_button)
    assert changed.args == ["b"]
    assert runtime.settings.models.default_model == "b.gguf"
    assert Runtime.open().settings.models.default_model == "b.gguf"  # saved, not only in memory
    qtbot.waitUntil(lambda: "default" in cell(tab.table, 1, 2))
    assert cell(tab.table, 0, 2) == ""
    assert not tab.default_button.isEnabled()  # b is selected again and already the default


def test_remove_asks_first_and_deletes_only_on_yes(
    qtbot: QtBot,
    open_dialog: OpenDialog,
    runtime: Runtime,
    sample_model: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = runtime.paths.models_dir / "doomed.gguf"
    shutil.copy(sample_model, target)
    runtime.save(dataclasses.replace(runtime.settings, models=ModelSettings(default_model="doomed.gguf")))
    tab = open_dialog().installed_tab
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1)
    questions: list[str] = []
    answer = QMessageBox.StandardButton.No

    def ask(_parent: QWidget, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        questions.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", ask)
    tab.table.selectRow(0)
    click(qtbot, tab.remove_button)
    qtbot.wait(200)
    assert len(questions) == 1 and "doomed" in questions[0] and "cannot be undone" in questions[0]
    assert target.exists() and tab.table.rowCount() == 1

    answer = QMessageBox.StandardButton.Yes
    click(qtbot, tab.remove_button)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 0)
    assert len(questions) == 2
    assert not target.exists()
    assert runtime.settings.models.default_model == ""  # it was the default: cleared and saved
    assert Runtime.open().settings.models.default_model == ""


@pytest.mark.model
def test_import_copies_a_valid_gguf(
    qtbot: QtBot,
    open_dialog: OpenDialog,
    runtime: Runtime,
    starter_model_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(starter_model_path), ""))
    tab = open_dialog().installed_tab
    click(qtbot, tab.import_button)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=20_000)
    copied = runtime.paths.models_dir / starter_model_path.name
    assert copied.stat().st_size == starter_model_path.stat().st_size
    assert cell(tab.table, 0, 0) == starter_model_path.stem
    assert "Imported" in tab.message.text()
    assert starter_model_path.exists()  # a copy, the original stays


def test_import_refuses_a_bogus_file_with_a_visible_error(
    qtbot: QtBot, open_dialog: OpenDialog, runtime: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bogus = tmp_path / "page.gguf"
    bogus.write_text("<html>sign in</html>")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(bogus), ""))
    dialog = open_dialog()
    tab = dialog.installed_tab
    dialog.tabs.setCurrentWidget(tab)
    click(qtbot, tab.import_button)
    qtbot.waitUntil(lambda: "Could not import page.gguf" in tab.message.text())
    assert "GGUF" in tab.message.text()
    assert tab.message.isVisible() and "color" in tab.message.styleSheet()
    assert list(runtime.paths.models_dir.iterdir()) == []
    assert tab.table.rowCount() == 0


def test_discover_finds_an_lm_studio_model_and_uses_it_in_place(
    qtbot: QtBot,
    open_dialog: OpenDialog,
    runtime: Runtime,
    sample_model: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lm_studio = tmp_path / "lmstudio" / "models"
    found_file = lm_studio / "lmstudio-community" / "Tiny-GGUF" / "tiny-Q8_0.gguf"
    found_file.parent.mkdir(parents=True)
    shutil.copy(sample_model, found_file)
    dialog = open_dialog(discovery_roots=DiscoveryRoots(lm_studio=(lm_studio,)))
    tab = dialog.installed_tab
    dialog.tabs.setCurrentWidget(tab)
    click(qtbot, tab.discover_button)
    box = tab.found_box
    qtbot.waitUntil(lambda: box.table.rowCount() == 1)
    assert box.isVisible()
    assert cell(box.table, 0, 0) == "LM Studio"
    assert cell(box.table, 0, 1) == "lmstudio-community/Tiny-GGUF tiny-Q8_0.gguf"
    box.table.selectRow(0)
    click(qtbot, box.use_button)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1)
    assert cell(tab.table, 0, 3) == f"used in place: {found_file.resolve()}"
    assert list(runtime.paths.models_dir.iterdir()) == []  # nothing was copied

    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    tab.table.selectRow(0)
    assert tab.remove_button.text() == "Forget…"
    click(qtbot, tab.remove_button)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 0)
    assert found_file.exists()  # another app's file is forgotten, never deleted


# ---------------------------------------------------------------------- Catalog and Search tabs


def test_catalog_shows_entries_with_an_approximate_then_an_exact_fit(
    qtbot: QtBot, open_dialog: OpenDialog, hub: HubServer
) -> None:
    tab = open_dialog(endpoint=hub.endpoint).catalog_tab
    assert tab.table.rowCount() == 1
    cells = [cell(tab.table, 0, c) for c in range(6)]
    assert cells[:5] == ["Tiny Test Model", "Q8_0 ≈ 1.1 MB", "MIT", "en, de", "chat, rewrite"]
    assert cells[5] == "≈ fits"  # from the size alone, marked approximate
    tab.table.selectRow(0)
    assert "approximate" in tab.size_label.text()
    qtbot.waitUntil(lambda: tab.fit.exact)
    assert tab.fit.text().startswith("Fits — needs ") and "12.0 GiB free" in tab.fit.text()
    assert cell(tab.table, 0, 5) == "fits"  # the header was read: no longer approximate


def test_search_lists_repos_and_every_gguf_file(
    qtbot: QtBot, open_dialog: OpenDialog, hub: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_ENDPOINT", NOWHERE)  # the constructor's endpoint wins over the environment
    dialog = open_dialog(endpoint=hub.endpoint)
    tab = dialog.search_tab
    dialog.tabs.setCurrentWidget(tab)
    qtbot.keyClicks(tab.query, "gguf")
    qtbot.keyClick(tab.query, Qt.Key.Key_Return)  # searches, and must not press the dialog's buttons
    qtbot.waitUntil(lambda: tab.repo_table.rowCount() == 2)
    assert dialog.isVisible() and not dialog.closed
    rows = [[cell(tab.repo_table, r, c) for c in (0, 1, 3, 4)] for r in range(2)]
    assert rows == [
        [GATED, "99", "llama3.2", "gated: needs a token"],
        [REPO, "10", "mit", "open"],
    ]
    tab.repo_table.selectRow(1)
    qtbot.waitUntil(lambda: tab.file_table.rowCount() == 1)
    assert [cell(tab.file_table, 0, c) for c in range(4)] == [FILE, "Q8_0", "3.5 MB", "1"]
    assert "licence: mit" in tab.repo_info.text()
    tab.file_table.selectRow(0)
    qtbot.waitUntil(lambda: tab.fit.exact)
    assert tab.fit.text().startswith("Fits")
    assert any("/api/models" in request for request in hub.api_requests)


# ---------------------------------------------------------------------- downloads


def test_a_download_shows_progress_and_ends_installed(
    qtbot: QtBot, open_dialog: OpenDialog, hub: HubServer, runtime: Runtime, sample_model: Path
) -> None:
    served = hub.repos[REPO].files[FILE]
    dialog = open_dialog(endpoint=hub.endpoint)
    probe = ThreadProbe(dialog)
    dialog.downloads.item_changed.connect(probe.record)
    # Half the file, a pause, a dropped connection; then the rest, resumed.
    row = start_hub_download(qtbot, dialog, REPO, lambda: served.stall(after=served.size // 2, seconds=1.0))
    qtbot.waitUntil(lambda: 0 < row.bar.value() < 1000 and " of 3.5 MB" in row.detail.text())
    with qtbot.waitSignal(dialog.models_changed, timeout=10_000):
        qtbot.waitUntil(lambda: row.detail.text().startswith("Installed"), timeout=10_000)
    assert row.bar.value() == 1000 and not row.error.isVisible()
    assert probe.threads == {threading.main_thread().ident}  # never the queue's worker thread
    installed = runtime.paths.models_dir / FILE
    assert sha256(installed) == sha256(sample_model)
    assert served.range_headers[-1] not in (None, "bytes=0-")  # the second request resumed
    tab = dialog.installed_tab
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1)
    assert cell(tab.table, 0, 0) == FILE.removesuffix(".gguf")
    tab.table.selectRow(0)
    click(qtbot, tab.verify_button)  # against the SHA-256 this download was verified with
    qtbot.waitUntil(lambda: "OK, SHA-256 matches" in tab.message.text())


def test_a_file_from_a_repo_subfolder_is_stored_in_the_models_folder_itself(
    qtbot: QtBot, open_dialog: OpenDialog, hub: HubServer, runtime: Runtime, sample_model: Path
) -> None:
    hub.add_file(REPO, "Q4_K_M/tiny-Q4_K_M.gguf", sample_model)
    dialog = open_dialog(endpoint=hub.endpoint)
    folder = runtime.paths.models_dir
    spec = hub_download_spec(dialog.context.services.network, REPO, "Q4_K_M/tiny-Q4_K_M.gguf", folder)
    assert spec.dest == folder / "tiny-Q4_K_M.gguf"
    dialog.context.submit_downloads([spec])
    qtbot.waitUntil(lambda: len(dialog.downloads_panel.rows) == 1)
    row = next(iter(dialog.downloads_panel.rows.values()))
    qtbot.waitUntil(lambda: row.detail.text().startswith("Installed"), timeout=5_000)
    assert (folder / "tiny-Q4_K_M.gguf").is_file() and not (folder / "Q4_K_M").exists()
    qtbot.waitUntil(lambda: dialog.installed_tab.table.rowCount() == 1)  # listed, unlike a subfolder


def test_cancel_stops_a_stalled_download_while_the_gui_keeps_running(
    qtbot: QtBot, open_dialog: OpenDialog, hub: HubServer, runtime: Runtime
) -> None:
    served = hub.repos[REPO].files[FILE]
    dialog = open_dialog(endpoint=hub.endpoint)
    catalog = dialog.catalog_tab  # this time from the catalog
    catalog.table.selectRow(0)
    qtbot.waitUntil(lambda: not catalog.fit.pending)
    served.stall(after=1 << 20, seconds=30)
    click(qtbot, catalog.download_button)
    panel = dialog.downloads_panel
    qtbot.waitUntil(lambda: len(panel.rows) == 1 and next(iter(panel.rows.values())).bar.value() > 0)
    row = next(iter(panel.rows.values()))

    ticks = 0

    def tick() -> None:
        nonlocal ticks
        ticks += 1

    timer = QTimer(dialog)
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    qtbot.wait(400)
    timer.stop()
    assert ticks >= 15, f"the event loop ran only {ticks} times in 400 ms"
    dialog.tabs.setCurrentWidget(dialog.installed_tab)  # still usable while the transfer hangs
    assert dialog.tabs.currentWidget() is dialog.installed_tab

    dest = runtime.paths.models_dir / FILE
    assert part_path(dest).exists()
    started = time.monotonic()
    click(qtbot, row.cancel_button)
    qtbot.waitUntil(lambda: row.detail.text().startswith("Cancelled"), timeout=3_000)
    assert time.monotonic() - started < 2.0
    qtbot.waitUntil(lambda: not part_path(dest).exists())
    assert not dest.exists()
    assert not row.resume_button.isEnabled() and not row.cancel_button.isEnabled()


def test_pause_keeps_the_partial_file_and_resume_finishes_it(
    qtbot: QtBot, open_dialog: OpenDialog, hub: HubServer, runtime: Runtime, sample_model: Path
) -> None:
    served = hub.repos[REPO].files[FILE]
    dialog = open_dialog(endpoint=hub.endpoint)
    row = start_hub_download(qtbot, dialog, REPO, lambda: served.stall(after=1 << 20, seconds=30))
    qtbot.waitUntil(lambda: row.bar.value() > 0)
    click(qtbot, row.pause_button)
    qtbot.waitUntil(lambda: row.detail.text().startswith("Paused"), timeout=3_000)
    dest = runtime.paths.models_dir / FILE
    kept = part_path(dest).stat().st_size
    assert kept > 0
    click(qtbot, row.resume_button)
    qtbot.waitUntil(lambda: row.detail.text().startswith("Installed"), timeout=10_000)
    assert sha256(dest) == sha256(sample_model)
    assert served.range_headers[-1] == f"bytes={kept}-"


def test_a_refused_download_says_why_in_its_row(
    qtbot: QtBot, open_dialog: OpenDialog, hub: HubServer, runtime: Runtime
) -> None:
    row = start_hub_download(qtbot, open_dialog(endpoint=hub.endpoint), GATED)
    qtbot.waitUntil(lambda: row.error.isVisible(), timeout=5_000)
    assert "gated" in row.error.text() and "token" in row.error.text()
    assert row.resume_button.text() == "Retry" and row.resume_button.isEnabled()
    assert not (runtime.paths.models_dir / "gated-Q4_K_M.gguf").exists()


# ---------------------------------------------------------------------- the background helper


def test_background_calls_back_on_the_gui_thread_and_never_after_close(qtbot: QtBot) -> None:
    owner = QObject()
    background = Background(owner)
    seen: list[tuple[str, object, int]] = []
    background.run(threading.get_ident, lambda worker: seen.append(("ok", worker, threading.get_ident())))

    def boom() -> None:
        raise ValueError("no good")

    background.run(boom, lambda _v: None, lambda exc: seen.append(("failed", exc, threading.get_ident())))

    def counting(report: Callable[[int], None]) -> str:
        for step in range(3):
            report(step)
        return "counted"

    steps: list[int] = []
    background.run_with_progress(counting, steps.append, lambda v: seen.append(("done", v, 0)))
    qtbot.waitUntil(lambda: len(seen) == 3 and not background.busy)
    main = threading.main_thread().ident
    by_kind = {kind: (value, thread) for kind, value, thread in seen}
    assert by_kind["ok"][0] != main and by_kind["ok"][1] == main
    assert isinstance(by_kind["failed"][0], ValueError) and by_kind["failed"][1] == main
    assert steps == [0, 1, 2] and by_kind["done"][0] == "counted"

    release = threading.Event()
    late: list[object] = []
    background.run(lambda: release.wait(5), late.append)
    background.close()
    release.set()
    qtbot.wait(200)
    assert late == [] and not background.busy
    with pytest.raises(RuntimeError, match="closed"):
        background.run(lambda: None, late.append)
    delete_now(owner)


def test_hub_token_is_stored_in_the_keyring_and_a_missing_keyring_is_explained(
    qtbot: QtBot, open_dialog: OpenDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring
    from keyring.backends import fail

    from tests.core.test_hub_token import MemoryKeyring

    memory = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(memory)
    try:
        answers = iter([("hf_secretTokenForGatedModels", True), ("hf_anotherSecretToken123", True)])
        monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: next(answers))
        dialog = open_dialog()
        tab = dialog.search_tab
        dialog.tabs.setCurrentWidget(tab)
        click(qtbot, tab.token_button)
        qtbot.waitUntil(lambda: "Token stored" in tab.status.text())
        assert memory.secrets == {("copydesk", "huggingface"): "hf_secretTokenForGatedModels"}
        keyring.set_keyring(fail.Keyring())
        click(qtbot, tab.token_button)
        qtbot.waitUntil(lambda: "HF_TOKEN" in tab.status.text())
        assert "color" in tab.status.styleSheet()
    finally:
        keyring.set_keyring(previous)


def test_connection_settings_are_checked_saved_and_used_for_new_searches(
    qtbot: QtBot, open_dialog: OpenDialog, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui.model_manager.network_dialog import NetworkDialog

    probe = NetworkDialog(runtime.settings)
    qtbot.addWidget(probe)
    probe.proxy.setText("proxy-without-scheme:3128")
    probe.accept()
    assert probe.result_settings is None and "http://host:port" in probe.problem.text()

    def fill_and_accept(self: NetworkDialog) -> int:
        self.endpoint.setText("https://mirror.example")
        self.proxy.setText("http://proxy.example:3128")
        self.accept()
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(NetworkDialog, "exec", fill_and_accept)
    dialog = open_dialog()
    tab = dialog.search_tab
    click(qtbot, tab.network_button)
    assert runtime.settings.network.hub_endpoint == "https://mirror.example"
    assert Runtime.open(runtime.paths).settings.network.proxy == "http://proxy.example:3128"
    assert dialog.context.services.network.endpoint == "https://mirror.example"
    assert "mirror.example" in tab.status.text()


def test_a_verified_download_that_is_not_a_model_is_removed_and_says_so(
    qtbot: QtBot, open_dialog: OpenDialog, hub: HubServer, runtime: Runtime
) -> None:
    hub.add_file(REPO, "page.gguf", b"<html>sign in to download</html>" * 50)
    dialog = open_dialog(endpoint=hub.endpoint)
    folder = runtime.paths.models_dir
    dialog.context.submit_downloads(
        [hub_download_spec(dialog.context.services.network, REPO, "page.gguf", folder)]
    )
    qtbot.waitUntil(lambda: len(dialog.downloads_panel.rows) == 1)
    row = next(iter(dialog.downloads_panel.rows.values()))
    qtbot.waitUntil(lambda: "was removed" in row.error.text(), timeout=5_000)
    assert not (folder / "page.gguf").exists()
    qtbot.waitUntil(lambda: dialog.installed_tab.table.rowCount() == 0)
