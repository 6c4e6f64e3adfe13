"""Search tab: GGUF repositories on the Hub, then every GGUF file of the chosen one with quant, size and
SHA-256, its licence and whether it is gated, a fit check and Download. Every Hub call runs on a worker
thread; an answer that arrives after a newer question is dropped."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.models.download_spec import DownloadSpec
from app.core.models.fit import FitEstimate
from app.core.models.hub import HubRepo, HubRepoDetail, download_specs
from app.core.models.hub_files import HubModelFile
from app.core.models.hub_token import delete_token, store_token
from app.core.models.remote_names import hub_file_url
from app.core.settings import SettingsError
from app.ui.i18n import fill
from app.ui.model_manager.context import ManagerContext
from app.ui.model_manager.fit_badge import FitBadge, FitQuery
from app.ui.model_manager.formatting import error_style, human_bytes
from app.ui.model_manager.network_dialog import NetworkDialog
from app.ui.model_manager.tables import fill_table, make_table, selected_row

REPO_COLUMNS = (
    QT_TRANSLATE_NOOP("SearchTab", "Repository"),
    QT_TRANSLATE_NOOP("SearchTab", "Downloads"),
    QT_TRANSLATE_NOOP("SearchTab", "Likes"),
    QT_TRANSLATE_NOOP("SearchTab", "Licence"),
    QT_TRANSLATE_NOOP("SearchTab", "Access"),
    QT_TRANSLATE_NOOP("SearchTab", "Architecture"),
    QT_TRANSLATE_NOOP("SearchTab", "Updated"),
)
FILE_COLUMNS = (
    QT_TRANSLATE_NOOP("SearchTab", "File"),
    QT_TRANSLATE_NOOP("SearchTab", "Quant"),
    QT_TRANSLATE_NOOP("SearchTab", "Size"),
    QT_TRANSLATE_NOOP("SearchTab", "Parts"),
    QT_TRANSLATE_NOOP("SearchTab", "SHA-256"),
)
"""The column headers in English; the tables show them translated."""


class SearchTab(QWidget):
    def __init__(self, context: ManagerContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = context
        self.repos: list[HubRepo] = []
        self.detail: HubRepoDetail | None = None
        self._search_request = 0
        self._files_request = 0
        self._fit_request = 0

        self.query = QLineEdit()
        self.query.setObjectName("searchQuery")
        self.query.setPlaceholderText(self.tr("Search GGUF models on the Hub, e.g. qwen instruct"))
        self.search_button = QPushButton(self.tr("Search"))
        self.network_button = QPushButton(self.tr("Connection…"))
        self.network_button.setToolTip(self.tr("Hub mirror and proxy"))
        self.token_button = QPushButton(self.tr("Hub token…"))
        self.token_button.setToolTip(
            self.tr("A Hugging Face token for gated models, kept in the system keyring (never in a file)")
        )
        self.status = QLabel(self.tr("Hub: %1").replace("%1", context.services.network.endpoint))
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)
        self.repo_table = make_table(tuple(self.tr(str(column)) for column in REPO_COLUMNS), "repoTable")
        self.file_table = make_table(tuple(self.tr(str(column)) for column in FILE_COLUMNS), "fileTable")
        self.repo_info = QLabel()
        self.repo_info.setWordWrap(True)
        self.repo_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fit = FitBadge()
        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.setEnabled(False)

        bar = QHBoxLayout()
        bar.addWidget(self.query, 1)
        bar.addWidget(self.search_button)
        bar.addWidget(self.token_button)
        bar.addWidget(self.network_button)
        files = QWidget()
        files_column = QVBoxLayout(files)
        files_column.setContentsMargins(0, 0, 0, 0)
        files_column.addWidget(self.repo_info)
        files_column.addWidget(self.file_table, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.fit, 1)
        actions.addWidget(self.download_button)
        files_column.addLayout(actions)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.repo_table)
        splitter.addWidget(files)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)

        self.query.returnPressed.connect(self.search)
        self.search_button.clicked.connect(self.search)
        self.token_button.clicked.connect(self.edit_token)
        self.network_button.clicked.connect(self.edit_network)
        self.repo_table.itemSelectionChanged.connect(self._on_repo)
        self.file_table.itemSelectionChanged.connect(self._on_file)
        self.download_button.clicked.connect(self.download)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setStyleSheet(error_style() if error else "")
        self.status.setText(text)

    # ------------------------------------------------------------------ token

    @Slot()
    def edit_token(self) -> None:
        """Ask for a token and keep it in the OS keyring; an empty answer deletes the stored one."""
        text, accepted = QInputDialog.getText(
            self,
            self.tr("Hugging Face token"),
            self.tr("Token for gated models (leave empty to delete the stored one):"),
            QLineEdit.EchoMode.Password,
        )
        if not accepted:
            return
        token = text.strip()
        # Translated here, on the GUI thread; the worker only picks one.
        stored = self.tr("Token stored in the system keyring; gated models will use it.")
        deleted = self.tr("Stored token deleted.")
        none_stored = self.tr("No token was stored.")

        def op() -> str:
            # The keyring may talk to a desktop service over D-Bus: never on the GUI thread.
            if token:
                store_token(token)
                return stored
            return deleted if delete_token() else none_stored

        def failed(error: BaseException) -> None:
            self._say(str(error), error=True)

        self._ctx.background.run(op, self._say, failed, name="hub-token")

    @Slot()
    def edit_network(self) -> None:
        """Change the mirror and proxy; new searches use them at once, downloads once the app restarts."""
        dialog = NetworkDialog(self._ctx.runtime.settings, self)
        if dialog.exec() != NetworkDialog.DialogCode.Accepted or dialog.result_settings is None:
            return
        try:
            self._ctx.runtime.save(dialog.result_settings)
        except (OSError, SettingsError) as exc:
            self._say(
                self.tr("Could not save the connection settings: %1").replace("%1", str(exc)), error=True
            )
            return
        assert dialog.result_network is not None
        self._ctx.services.network = dialog.result_network
        self._say(
            self.tr("Hub: %1. Downloads use the new settings after a restart.").replace(
                "%1", dialog.result_network.endpoint
            )
        )

    # ------------------------------------------------------------------ search

    @Slot()
    def search(self) -> None:
        text = self.query.text().strip()
        self._search_request += 1
        request = self._search_request
        services = self._ctx.services
        network, make_client, token = services.network, services.hub_client, services.token
        self._say(
            fill(self.tr("Searching %1 for %2…"), network.endpoint, text)
            if text
            else self.tr("Searching %1 for popular GGUF models…").replace("%1", network.endpoint)
        )

        def op() -> list[HubRepo]:
            with make_client(network, token()) as client:
                return client.search_gguf(text)

        def done(repos: list[HubRepo]) -> None:
            if request == self._search_request:
                self._show_repos(repos)

        def failed(error: BaseException) -> None:
            if request == self._search_request:
                self._say(str(error), error=True)

        self._ctx.background.run(op, done, failed, name="hub-search")

    def _show_repos(self, repos: list[HubRepo]) -> None:
        self.repos = repos
        self.detail = None
        fill_table(self.file_table, [])
        self.repo_info.clear()
        fill_table(
            self.repo_table,
            [
                (
                    repo.repo_id,
                    f"{repo.downloads:,}",
                    f"{repo.likes:,}",
                    repo.license or self.tr("not stated"),
                    self.tr("gated: needs a token") if repo.gated else self.tr("open"),
                    repo.architecture or "",
                    repo.last_modified.date().isoformat() if repo.last_modified else "",
                )
                for repo in repos
            ],
        )
        self._say(
            self.tr("%n repositories found.", "", len(repos))
            if repos
            else self.tr("No GGUF repositories match.")
        )

    # ------------------------------------------------------------------ files of one repo

    def selected_repo(self) -> HubRepo | None:
        row = selected_row(self.repo_table, len(self.repos))
        return None if row is None else self.repos[row]

    @Slot()
    def _on_repo(self) -> None:
        repo = self.selected_repo()
        if repo is None:
            return
        self._files_request += 1
        request = self._files_request
        services = self._ctx.services
        network, make_client, token = services.network, services.hub_client, services.token
        self.detail = None
        fill_table(self.file_table, [])
        self.download_button.setEnabled(False)
        self.fit.clear_badge()
        self.repo_info.setText(self.tr("Listing the files of %1…").replace("%1", repo.repo_id))

        def op() -> HubRepoDetail:
            with make_client(network, token()) as client:
                return client.repo_files(repo.repo_id)

        def done(detail: HubRepoDetail) -> None:
            if request == self._files_request:
                self._show_files(detail)

        def failed(error: BaseException) -> None:
            if request == self._files_request:
                self.repo_info.setText(str(error))
                self.repo_info.setStyleSheet(error_style())

        self._ctx.background.run(op, done, failed, name="hub-files")

    def _show_files(self, detail: HubRepoDetail) -> None:
        self.detail = detail
        licence = detail.license_name or detail.license or self.tr("not stated")
        lines = [
            fill(
                self.tr("%1 · licence: %2 · %n GGUF file(s)", "", len(detail.files)), detail.repo_id, licence
            )
        ]
        if detail.gated:
            lines.append(
                self.tr("Gated: accept the licence on the Hub and add an access token before downloading.")
            )
        if detail.refused:
            names = ", ".join(bad.name for bad in detail.refused)
            lines.append(self.tr("Not offered because their names are unsafe: %1").replace("%1", names))
        self.repo_info.setStyleSheet(error_style() if detail.refused else "")
        self.repo_info.setText("\n".join(lines))
        fill_table(
            self.file_table,
            [
                (
                    entry.name,
                    self.tr("%1 (vision projector)").replace("%1", entry.quant)
                    if entry.is_projector
                    else entry.quant,
                    human_bytes(entry.size),
                    fill(self.tr("%1 of %2"), len(entry.parts), entry.expected_parts)
                    if entry.is_split
                    else "1",
                    (entry.parts[0].sha256 or "")[:16] or self.tr("from the server")
                    if len(entry.parts) == 1
                    else self.tr("per part"),
                )
                for entry in detail.files
            ],
        )

    def selected_file(self) -> HubModelFile | None:
        if self.detail is None:
            return None
        row = selected_row(self.file_table, len(self.detail.files))
        return None if row is None else self.detail.files[row]

    @Slot()
    def _on_file(self) -> None:
        entry, detail = self.selected_file(), self.detail
        if entry is None or detail is None:
            self.download_button.setEnabled(False)
            return
        usable = entry.complete and not entry.is_projector
        self.download_button.setEnabled(usable)
        self.download_button.setToolTip(
            ""
            if usable
            else self.tr("A vision projector or an incomplete split model cannot be used on its own")
        )
        self._check_fit(detail, entry)

    def _check_fit(self, detail: HubRepoDetail, entry: HubModelFile) -> None:
        self._fit_request += 1
        request = self._fit_request
        context, gpu_layers = self._ctx.fit_settings()
        services = self._ctx.services
        url = hub_file_url(
            services.network.endpoint, detail.repo_id, entry.filename, detail.revision or "main"
        )
        query = FitQuery(
            url=url,
            context_size=context,
            gpu_layers=gpu_layers,
            hardware=self._ctx.hardware,
            weights_bytes=entry.size if entry.is_split else None,
        )
        token = services.token
        self.fit.clear_badge()
        self.fit.show_pending()

        def done(estimate: FitEstimate) -> None:
            if request == self._fit_request:
                self.fit.show_estimate(estimate, approximate=False)

        def failed(error: BaseException) -> None:
            if request == self._fit_request:
                self.fit.show_failure(str(error))

        def op() -> FitEstimate:
            return dataclasses.replace(query, token=token()).run()

        self._ctx.background.run(op, done, failed, name="hub-fit")

    # ------------------------------------------------------------------ download

    @Slot()
    def download(self) -> None:
        entry, detail = self.selected_file(), self.detail
        if entry is None or detail is None:
            return
        services = self._ctx.services
        network, folder, token = services.network, self._ctx.runtime.paths.models_dir, services.token

        def op() -> list[DownloadSpec]:
            return download_specs(detail, entry, folder, network, token=token())

        def failed(error: BaseException) -> None:
            self._say(self.tr("Could not start the download: %1").replace("%1", str(error)), error=True)

        self._say(
            fill(
                self.tr("Queued %1 from %2; progress is in the downloads list below."),
                entry.name,
                detail.repo_id,
            )
        )
        self._ctx.background.run(op, self._queue, failed, name="hub-download")

    def _queue(self, specs: list[DownloadSpec]) -> None:
        self._ctx.submit_downloads(specs)
