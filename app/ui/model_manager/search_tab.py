"""Search tab: GGUF repositories on the Hub, then every GGUF file of the chosen one with quant, size and
SHA-256, its licence and whether it is gated, a fit check and Download. Every Hub call runs on a worker
thread; an answer that arrives after a newer question is dropped."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Slot
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
from app.ui.model_manager.context import ManagerContext
from app.ui.model_manager.fit_badge import FitBadge, FitQuery
from app.ui.model_manager.formatting import error_style, human_bytes
from app.ui.model_manager.network_dialog import NetworkDialog
from app.ui.model_manager.tables import fill_table, make_table, selected_row

REPO_COLUMNS = ("Repository", "Downloads", "Likes", "Licence", "Access", "Architecture", "Updated")
FILE_COLUMNS = ("File", "Quant", "Size", "Parts", "SHA-256")


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
        self.query.setPlaceholderText("Search GGUF models on the Hub, e.g. qwen instruct")
        self.search_button = QPushButton("Search")
        self.network_button = QPushButton("Connection…")
        self.network_button.setToolTip("Hub mirror and proxy")
        self.token_button = QPushButton("Hub token…")
        self.token_button.setToolTip(
            "A Hugging Face token for gated models, kept in the system keyring (never in a file)"
        )
        self.status = QLabel(f"Hub: {context.services.network.endpoint}")
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)
        self.repo_table = make_table(REPO_COLUMNS, "repoTable")
        self.file_table = make_table(FILE_COLUMNS, "fileTable")
        self.repo_info = QLabel()
        self.repo_info.setWordWrap(True)
        self.repo_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fit = FitBadge()
        self.download_button = QPushButton("Download")
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
            "Hugging Face token",
            "Token for gated models (leave empty to delete the stored one):",
            QLineEdit.EchoMode.Password,
        )
        if not accepted:
            return
        token = text.strip()

        def op() -> str:
            # The keyring may talk to a desktop service over D-Bus: never on the GUI thread.
            if token:
                store_token(token)
                return "Token stored in the system keyring; gated models will use it."
            return "Stored token deleted." if delete_token() else "No token was stored."

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
            self._say(f"Could not save the connection settings: {exc}", error=True)
            return
        assert dialog.result_network is not None
        self._ctx.services.network = dialog.result_network
        self._say(f"Hub: {dialog.result_network.endpoint}. Downloads use the new settings after a restart.")

    # ------------------------------------------------------------------ search

    @Slot()
    def search(self) -> None:
        text = self.query.text().strip()
        self._search_request += 1
        request = self._search_request
        services = self._ctx.services
        network, make_client, token = services.network, services.hub_client, services.token
        self._say(f"Searching {network.endpoint} for {text or 'popular GGUF models'}…")

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
                    repo.license or "not stated",
                    "gated: needs a token" if repo.gated else "open",
                    repo.architecture or "",
                    repo.last_modified.date().isoformat() if repo.last_modified else "",
                )
                for repo in repos
            ],
        )
        self._say(f"{len(repos)} repositories found." if repos else "No GGUF repositories match.")

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
        self.repo_info.setText(f"Listing the files of {repo.repo_id}…")

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
        licence = detail.license_name or detail.license or "not stated"
        lines = [f"{detail.repo_id} · licence: {licence} · {len(detail.files)} GGUF files"]
        if detail.gated:
            lines.append("Gated: accept the licence on the Hub and add an access token before downloading.")
        if detail.refused:
            names = ", ".join(bad.name for bad in detail.refused)
            lines.append(f"Not offered because their names are unsafe: {names}")
        self.repo_info.setStyleSheet(error_style() if detail.refused else "")
        self.repo_info.setText("\n".join(lines))
        fill_table(
            self.file_table,
            [
                (
                    entry.name,
                    f"{entry.quant} (vision projector)" if entry.is_projector else entry.quant,
                    human_bytes(entry.size),
                    f"{len(entry.parts)} of {entry.expected_parts}" if entry.is_split else "1",
                    (entry.parts[0].sha256 or "from the server")[:16]
                    if len(entry.parts) == 1
                    else "per part",
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
            "" if usable else "A vision projector or an incomplete split model cannot be used on its own"
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
            self._say(f"Could not start the download: {error}", error=True)

        self._say(f"Queued {entry.name} from {detail.repo_id}; progress is in the downloads list below.")
        self._ctx.background.run(op, self._queue, failed, name="hub-download")

    def _queue(self, specs: list[DownloadSpec]) -> None:
        self._ctx.submit_downloads(specs)
