"""The form for one inference server: its address, model, API key, TLS and limits, and a connection test.

Nothing here touches the keyring or the network on the GUI thread: whether a key is stored, and the
connection test, run through `Background`. The dialog never stores a key itself; it says what should
change (`api_key_change`) and the settings dialog applies that after OK, so Cancel leaves the keyring
as it was.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.engine.remote import RemoteError
from app.core.remote.api_keys import ApiKeyError, has_api_key
from app.core.remote.connection_check import (
    ConnectionReport,
    KeyChange,
    check_connection,
    key_for_test,
)
from app.core.remote.endpoints import EndpointError, endpoint_problems, normalize_base_url
from app.core.settings import RemoteEndpoint
from app.ui.background import Background
from app.ui.settings.controls import name_control, ok_cancel_buttons

EXAMPLE_URL = "http://10.0.0.5:8080/v1"


class EndpointDialog(QDialog):
    """Adds or edits one endpoint. ``others`` are the endpoints it must not clash with; ``key_owner`` is
    the name a stored key of the edited endpoint is filed under, and ``pending_key`` a key change made
    earlier in this settings session and not applied yet."""

    def __init__(
        self,
        others: tuple[RemoteEndpoint, ...],
        endpoint: RemoteEndpoint | None = None,
        *,
        key_owner: str = "",
        pending_key: KeyChange = ...,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._others = others
        self._key_owner = key_owner
        self._pending_key = pending_key
        self._background = Background(self)
        self._file_dialog: QFileDialog | None = None
        editing = endpoint is not None
        start = endpoint or RemoteEndpoint()
        title = self.tr("Edit server") if editing else self.tr("Add server")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._build_fields(start)
        self._build_key_fields()
        self._build_tls_fields(start)
        self._build_test_row()
        self.problem = QLabel()
        self.problem.setObjectName("endpointProblem")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(self.tr("Problem"))
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.hide()
        self.buttons = self._button_box()
        self._lay_out()
        self._show_key_state(isinstance(pending_key, str))
        if pending_key is ... and key_owner:
            owner = key_owner
            self._background.run(lambda: has_api_key(owner), self._show_key_state, name="has-api-key")

    # -- what the form says -----------------------------------------------------------------------

    def endpoint(self) -> RemoteEndpoint:
        """The endpoint as the form describes it (the address normalized when it can be)."""
        base_url = self.base_url.text().strip()
        with contextlib.suppress(EndpointError):  # if it cannot, endpoint_problems says why
            base_url = normalize_base_url(base_url)
        return RemoteEndpoint(
            name=self.name.text().strip(),
            base_url=base_url,
            model=self.model.currentText().strip(),
            timeout_s=self.timeout.value(),
            verify_tls=self.verify_tls.isChecked(),
            ca_file=self.ca_file.text().strip(),
            in_flight=self.in_flight.value(),
            context_size=self.context_size.value(),
            api_key_env=self.api_key_env.text().strip(),
        )

    def api_key_change(self) -> KeyChange:
        """A typed key to store, None to forget the stored one, ``...`` to leave the keyring alone."""
        typed = self.api_key.text().strip()
        if typed:
            return typed
        if self.forget_key.isChecked():
            return None
        return ...

    def problems(self) -> list[str]:
        found = endpoint_problems(self.endpoint(), self._others)
        typed = self.api_key.text().strip()
        if typed and (any(ch.isspace() for ch in typed) or not typed.isprintable()):
            found.append(self.tr("API key: a key has no spaces or line breaks."))
        return found

    # -- closing ----------------------------------------------------------------------------------

    def accept(self) -> None:
        """Close only with an endpoint that can be saved; otherwise say what to change."""
        problems = self.problems()
        if problems:
            self._show_problem("\n".join(problems))
            return
        super().accept()

    def done(self, result: int) -> None:
        """A test still running has nobody to report to any more."""
        self._background.close()
        if self._file_dialog is not None:
            self._file_dialog.reject()
        super().done(result)

    # -- building ---------------------------------------------------------------------------------

    def _build_fields(self, start: RemoteEndpoint) -> None:
        self.name = QLineEdit(start.name)
        self.name.setPlaceholderText(self.tr("team"))
        name_control(
            self.name, self.tr("Name"), self.tr("A short name for this server, shown in workspaces.")
        )
        self.base_url = QLineEdit(start.base_url)
        self.base_url.setPlaceholderText(EXAMPLE_URL)
        name_control(
            self.base_url,
            self.tr("Base URL"),
            self.tr("The server's API root, usually ending in /v1 (http or https)."),
        )
        self.model = QComboBox()
        self.model.setEditable(True)
        self.model.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.model.setCurrentText(start.model)
        line = self.model.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("the server's first model"))
        name_control(
            self.model,
            self.tr("Model"),
            self.tr("A model id the server offers. Test connection lists them; empty uses the first one."),
        )
        self.timeout = QDoubleSpinBox()
        self.timeout.setRange(1.0, 3600.0)
        self.timeout.setDecimals(1)
        self.timeout.setSuffix(self.tr(" s"))
        self.timeout.setValue(start.timeout_s)
        name_control(
            self.timeout,
            self.tr("Timeout"),
            self.tr("The longest wait for a connection or for the next bytes of an answer."),
        )
        self.in_flight = QSpinBox()
        self.in_flight.setRange(1, 64)
        self.in_flight.setValue(start.in_flight)
        name_control(
            self.in_flight,
            self.tr("Requests in flight"),
            self.tr("How many requests a batch job keeps running at once: the server's parallel slots."),
        )
        self.context_size = QSpinBox()
        self.context_size.setRange(0, 10_000_000)
        self.context_size.setSingleStep(1024)
        self.context_size.setSpecialValueText(self.tr("Ask the server"))
        self.context_size.setSuffix(self.tr(" tokens"))
        self.context_size.setValue(start.context_size)
        name_control(
            self.context_size,
            self.tr("Context size"),
            self.tr("Tokens the server's context holds. Leave it on Ask the server unless it reports wrong."),
        )
        self.api_key_env = QLineEdit(start.api_key_env)
        self.api_key_env.setPlaceholderText(self.tr("for example TEAM_LLM_KEY"))
        name_control(
            self.api_key_env,
            self.tr("Key from environment variable"),
            self.tr("Read the API key from this variable on each run; it wins over the stored key."),
        )

    def _build_key_fields(self) -> None:
        self.api_key = QLineEdit()
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        name_control(
            self.api_key,
            self.tr("API key"),
            self.tr("Kept in the system keyring, never in the settings file."),
        )
        self.forget_key = QCheckBox(self.tr("Remove stored key"))
        name_control(self.forget_key, self.tr("Remove stored key"))
        self.forget_key.toggled.connect(self._forget_toggled)

    def _build_tls_fields(self, start: RemoteEndpoint) -> None:
        self.verify_tls = QCheckBox(self.tr("&Verify the server's certificate"))
        self.verify_tls.setChecked(start.verify_tls)
        name_control(
            self.verify_tls,
            self.tr("Verify TLS"),
            self.tr("Check that an https server is who it claims to be. Leave this on."),
        )
        self.tls_warning = QLabel(
            self.tr(
                "Without verification, anyone on the network between you and the server can read and "
                "change what is sent, the API key included. Prefer a CA file."
            )
        )
        self.tls_warning.setWordWrap(True)
        self.tls_warning.setAccessibleName(self.tr("TLS warning"))
        self.ca_file = QLineEdit(start.ca_file)
        self.ca_file.setPlaceholderText(self.tr("the system's certificates"))
        name_control(
            self.ca_file,
            self.tr("CA file"),
            self.tr("A PEM file with the certificate authority that signed the server's certificate."),
        )
        self.browse_ca = QPushButton(self.tr("&Browse…"))
        self.browse_ca.setAutoDefault(False)  # Enter means OK
        name_control(self.browse_ca, self.tr("Browse for a CA file"))
        self.browse_ca.clicked.connect(self._browse_ca)
        self.verify_tls.toggled.connect(self._verify_toggled)
        self._verify_toggled(start.verify_tls)

    def _build_test_row(self) -> None:
        self.test_button = QPushButton(self.tr("&Test connection"))
        self.test_button.setObjectName("testConnection")
        self.test_button.setAutoDefault(False)  # Enter means OK
        name_control(
            self.test_button,
            self.tr("Test connection"),
            self.tr("Connect with these settings and list the server's models; nothing is saved."),
        )
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QLabel()
        self.test_result.setObjectName("testResult")
        self.test_result.setWordWrap(True)
        self.test_result.setAccessibleName(self.tr("Test result"))
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def _button_box(self) -> QDialogButtonBox:
        return ok_cancel_buttons(
            self,
            self.tr("Keep this server (saved when the settings are)"),
            self.tr("Close without keeping changes"),
        )

    def _lay_out(self) -> None:
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(self.browse_ca)
        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("Base &URL"), self.base_url)
        form.addRow(self.tr("&Model"), self.model)
        form.addRow(self.tr("API &key"), self.api_key)
        form.addRow("", self.forget_key)
        form.addRow(self.tr("Key from &environment variable"), self.api_key_env)
        form.addRow(self.tr("T&imeout"), self.timeout)
        form.addRow("", self.verify_tls)
        form.addRow("", self.tls_warning)
        form.addRow(self.tr("&CA file"), ca_row)
        form.addRow(self.tr("Requests in &flight"), self.in_flight)
        form.addRow(self.tr("Con&text size"), self.context_size)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(test_row)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    # -- reacting -----------------------------------------------------------------------------------

    def _show_key_state(self, stored: bool) -> None:
        if stored:
            self.api_key.setPlaceholderText(self.tr("•••• stored (leave empty to keep)"))
        else:
            self.api_key.setPlaceholderText(self.tr("optional; stored in the system keyring"))
        self.forget_key.setEnabled(stored)
        if not stored:
            self.forget_key.setChecked(False)

    def _forget_toggled(self, forget: bool) -> None:
        if forget:
            self.api_key.clear()
        self.api_key.setEnabled(not forget)

    def _verify_toggled(self, verify: bool) -> None:
        self.tls_warning.setVisible(not verify)
        self.ca_file.setEnabled(verify)
        self.browse_ca.setEnabled(verify)

    def _browse_ca(self) -> None:
        if self._file_dialog is not None:
            self._file_dialog.raise_()
            return
        dialog = QFileDialog(self, self.tr("Choose a CA file"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([self.tr("Certificates (*.pem *.crt *.cer)"), self.tr("All files (*)")])
        dialog.fileSelected.connect(self._ca_chosen)
        dialog.finished.connect(self._file_dialog_closed)
        self._file_dialog = dialog
        dialog.open()

    def _ca_chosen(self, path: str) -> None:
        if path:
            self.ca_file.setText(path)

    def _file_dialog_closed(self, _result: int) -> None:
        if self._file_dialog is not None:
            self._file_dialog.deleteLater()
            self._file_dialog = None

    def _show_problem(self, text: str) -> None:
        self.problem.setStyleSheet(f"QLabel {{ color: {self._error_colour()}; }}")
        self.problem.setText(text)
        self.problem.show()

    def _error_colour(self) -> str:
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        return "#ff8a80" if dark else "#b3261e"

    # -- the connection test ------------------------------------------------------------------------

    def test_connection(self) -> None:
        """Connect with what the form says, off the GUI thread; the answer shows beside the button."""
        endpoint = self.endpoint()
        try:
            normalize_base_url(endpoint.base_url)
        except EndpointError as exc:
            self._show_test_result(str(exc), ok=False)
            return
        typed, pending, owner = self.api_key.text().strip(), self._pending_key, self._key_owner
        forget = self.forget_key.isChecked()

        def op() -> ConnectionReport:
            return check_connection(endpoint, key_for_test(endpoint, typed, pending, owner, forget))

        self.test_button.setEnabled(False)
        self.test_result.setStyleSheet("")
        self.test_result.setText(self.tr("Connecting…"))
        self._background.run(op, self._test_passed, self._test_failed, name="test-server")

    def _test_passed(self, report: ConnectionReport) -> None:
        self.test_button.setEnabled(True)
        typed = self.model.currentText()  # kept: empty means "the server's first model", whichever it is
        self.model.clear()
        self.model.addItems(list(report.models))
        self.model.setCurrentText(typed)
        if report.problem:
            self._show_test_result(report.problem, ok=False)
            return
        text = (
            self.tr("Connected: model %1, context %2 tokens. Models on the server: %3.")
            .replace("%1", report.model)
            .replace("%2", str(report.context_size))
            .replace("%3", str(len(report.models)))
        )
        self._show_test_result(text, ok=True)

    def _test_failed(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        if isinstance(exc, RemoteError | ApiKeyError):
            text = str(exc)
        else:
            text = self.tr("The test failed: %1").replace("%1", str(exc) or type(exc).__name__)
        self._show_test_result(text, ok=False)

    def _show_test_result(self, text: str, *, ok: bool) -> None:
        colour = ("#81c995" if self._is_dark() else "#1e7b34") if ok else self._error_colour()
        self.test_result.setStyleSheet(f"QLabel {{ color: {colour}; }}")
        self.test_result.setText(text)

    def _is_dark(self) -> bool:
        return self.palette().color(QPalette.ColorRole.Window).lightness() < 128
