"""FAQ workspace: load a FAQ, ask a customer question, get an answer that cites its entries or a route.

The FAQ file is read off the GUI thread (a large workbook takes a while) and its BM25 index is built
there too, once per file, so each question only pays for the answer. The answer shows which entries it
used (click one to read it whole), or a plain "Not covered — route to: Billing" banner, and how the
entries were chosen (the whole FAQ, or the best BM25 matches when it is too long for the context).

Drafts store the FAQ file's path with the inputs and the cited entries with the outputs, so an opened
draft shows its sources even when the file has moved since.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.documents.export import BulletList, ExportDocument, Heading, Paragraph
from app.core.engine.types import CancelToken, Engine, SamplingOptions
from app.core.tables.errors import EncodingUnclearError
from app.core.tables.reading import list_sheets
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.events import Emit
from app.core.tasks.faq import FaqAnswer, answer_question
from app.core.tasks.faq_retrieval import FaqIndex
from app.core.tasks.faq_source import FaqEntry, FaqFile, read_faq
from app.core.tasks.inputs import clean_inputs
from app.core.tasks.teams import parse_teams
from app.ui.background import Background
from app.ui.engine_bridge import EngineBridge
from app.ui.i18n import fill
from app.ui.workspaces.base import Job, Workspace

_COVERED_STYLE = "QLabel { background: #e8f5e9; color: #1b5e20; padding: 6px; border-radius: 4px; }"
_ROUTED_STYLE = "QLabel { background: #fff3e0; color: #e65100; padding: 6px; border-radius: 4px; }"


@dataclass(frozen=True)
class LoadedFaq:
    """A FAQ read in the background, with its index built there too."""

    file: FaqFile
    index: FaqIndex
    sheet: str | None
    """The worksheet read, for a workbook; None for other files."""
    sheets: tuple[str, ...] = ()
    """Every worksheet of a workbook, so the user can pick another one."""


def _read(path: Path, sheet: str | None, encoding: str | None) -> LoadedFaq:
    """Off the GUI thread: a workbook with several sheets is read at its first sheet unless one is named."""
    sheets = list_sheets(path) if path.suffix.lower() == ".xlsx" else ()
    if sheet is None and len(sheets) > 1:
        sheet = sheets[0]
    faq = read_faq(path, sheet=sheet, encoding=encoding)
    return LoadedFaq(faq, FaqIndex(faq.entries), sheet, sheets)


class FaqWorkspace(Workspace):
    def __init__(
        self,
        task: TaskDefinition,
        bridge: EngineBridge,
        sampling: Callable[[], SamplingOptions],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(task, bridge, sampling, parent, variants=False, generate_label=self.tr("Answer"))
        self.background = Background(self)
        self.faq: LoadedFaq | None = None
        self._loading_path: Path | None = None
        self._load_serial = 0
        self._cited: list[dict[str, Any]] = []
        self._answer: dict[str, Any] = {}
        self._build_faq_box()
        self._build_output()

    # ------------------------------------------------------------ layout

    def _build_faq_box(self) -> None:
        self.faq_path_edit = QLineEdit()
        self.faq_path_edit.setObjectName("faqPath")
        self.faq_path_edit.setAccessibleName(self.tr("FAQ file"))
        self.faq_path_edit.setPlaceholderText(
            self.tr("A CSV, XLSX or Markdown file of questions and answers")
        )
        self.faq_path_edit.returnPressed.connect(self._on_path_entered)
        self.browse_button = QPushButton(self.tr("Open FAQ…"))
        self.browse_button.setObjectName("faqBrowse")
        self.browse_button.setAccessibleName(self.tr("Open a FAQ file"))
        self.browse_button.clicked.connect(self.choose_faq_file)
        self.faq_sheet = QComboBox()
        self.faq_sheet.setObjectName("faqSheet")
        self.faq_sheet.setAccessibleName(self.tr("Worksheet of the FAQ"))
        self.faq_sheet.hide()
        self.faq_sheet.activated.connect(self._on_sheet_chosen)
        self.faq_encoding = QComboBox()
        self.faq_encoding.setObjectName("faqEncoding")
        self.faq_encoding.setAccessibleName(self.tr("Text encoding of the FAQ"))
        self.faq_encoding.hide()
        self.faq_encoding.activated.connect(self._on_encoding_chosen)
        self.faq_status = QLabel(self.tr("No FAQ loaded yet."))
        self.faq_status.setObjectName("faqStatus")
        self.faq_status.setWordWrap(True)
        self.faq_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        row = QHBoxLayout()
        row.addWidget(self.faq_path_edit, 1)
        row.addWidget(self.browse_button)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 6)
        column.addWidget(QLabel(self.tr("<b>FAQ</b>")))
        column.addLayout(row)
        column.addWidget(self.faq_sheet)
        column.addWidget(self.faq_encoding)
        column.addWidget(self.faq_status)
        holder = self.form.parentWidget()
        layout = holder.layout() if holder is not None else None
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(0, box)

    def _build_output(self) -> None:
        self.banner = QLabel()
        self.banner.setObjectName("faqBanner")
        self.banner.setAccessibleName(self.tr("Whether the FAQ covers the question"))
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.answer_edit = QPlainTextEdit()
        self.answer_edit.setObjectName("faqAnswer")
        self.answer_edit.setAccessibleName(self.tr("Answer"))
        self.answer_edit.setPlaceholderText(self.tr("The answer appears here."))
        self.answer_edit.textChanged.connect(self._on_answer_edited)
        self.sources_list = QListWidget()
        self.sources_list.setObjectName("faqSources")
        self.sources_list.setAccessibleName(self.tr("FAQ entries the answer cites"))
        self.sources_list.setMaximumHeight(120)
        self.sources_list.currentItemChanged.connect(self._show_entry)
        self.entry_view = QTextBrowser()
        self.entry_view.setObjectName("faqEntry")
        self.entry_view.setAccessibleName(self.tr("The chosen FAQ entry"))
        self.entry_view.setPlaceholderText(self.tr("Click a cited entry to read it whole."))
        self.retrieval_label = QLabel()
        self.retrieval_label.setObjectName("faqRetrieval")
        self.retrieval_label.setWordWrap(True)
        self.retrieval_label.setStyleSheet("color: palette(placeholder-text);")
        self.output_layout.addWidget(self.banner)
        self.output_layout.addWidget(self.answer_edit, 2)
        self.output_layout.addWidget(QLabel(self.tr("Cited entries")))
        self.output_layout.addWidget(self.sources_list)
        self.output_layout.addWidget(self.entry_view, 2)
        self.output_layout.addWidget(self.retrieval_label)

    # ------------------------------------------------------------ the FAQ file

    @Slot()
    def choose_faq_file(self) -> None:
        start = self.faq_path_edit.text().strip() or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open a FAQ"),
            start,
            self.tr("FAQ files (*.csv *.tsv *.xlsx *.md *.markdown);;All files (*)"),
        )
        if path:
            self.load_faq_file(Path(path), user=True)

    @Slot()
    def _on_path_entered(self) -> None:
        text = self.faq_path_edit.text().strip()
        if text:
            self.load_faq_file(Path(text), user=True)

    @Slot(int)
    def _on_sheet_chosen(self, _index: int) -> None:
        path = self.faq_path_edit.text().strip()
        if path:
            self.load_faq_file(Path(path), sheet=self.faq_sheet.currentText(), user=True)

    @Slot(int)
    def _on_encoding_chosen(self, index: int) -> None:
        encoding = self.faq_encoding.itemData(index)
        if isinstance(encoding, str) and self.faq_path_edit.text().strip():
            self.load_faq_file(Path(self.faq_path_edit.text().strip()), encoding=encoding, user=True)

    def load_faq_file(
        self, path: Path, *, sheet: str | None = None, encoding: str | None = None, user: bool = False
    ) -> None:
        """Read ``path`` in the background; the status line says how it went. ``user`` marks a change
        worth saving in the draft (not one made by opening a draft)."""
        self.faq_path_edit.setText(str(path))
        self._loading_path = path
        self.faq = None  # the path shown is the one the next answer must come from
        self._load_serial += 1
        serial = self._load_serial
        self.faq_status.setText(fill(self.tr("Reading %1…"), path.name))
        self.faq_status.setStyleSheet("")
        if encoding is None:
            self.faq_encoding.hide()
        self.background.run(
            lambda: _read(path, sheet, encoding),
            lambda loaded: self._on_faq_loaded(serial, loaded, user),
            lambda error: self._on_faq_failed(serial, path, error),
            name="faq-read",
        )

    def _on_faq_loaded(self, serial: int, loaded: LoadedFaq, user: bool) -> None:
        if serial != self._load_serial:
            return  # another file or sheet was chosen meanwhile
        self._loading_path = None
        self.faq = loaded
        self._show_sheets(loaded.sheets, loaded.sheet)
        entries = len(loaded.file.entries)
        text = self.tr("%n entries loaded from %1.", "", entries).replace("%1", loaded.file.path.name)
        problems = loaded.file.problems
        if problems:
            shown = "\n".join(f"• {problem}" for problem in problems[:5])
            text += "\n" + self.tr("%n part(s) skipped:", "", len(problems)) + "\n" + shown
            if len(problems) > 5:
                text += "\n" + self.tr("…and %n more.", "", len(problems) - 5)
        self.faq_status.setText(text)
        self.faq_status.setStyleSheet("color: #e65100;" if problems else "")
        if user:
            self._on_user_edit()

    def _on_faq_failed(self, serial: int, path: Path, error: BaseException) -> None:
        if serial != self._load_serial:
            return
        self._loading_path = None
        self.faq = None
        if isinstance(error, EncodingUnclearError):
            self.faq_encoding.clear()
            self.faq_encoding.addItem(self.tr("Choose the text encoding…"), None)
            for candidate in error.candidates:
                self.faq_encoding.addItem(candidate, candidate)
            self.faq_encoding.show()
        message = str(error) if isinstance(error, ValueError | OSError) else repr(error)
        self.faq_status.setText(fill(self.tr("The FAQ %1 could not be used: %2"), path.name, message))
        self.faq_status.setStyleSheet("color: #c62828;")

    def _show_sheets(self, sheets: Sequence[str], current: str | None) -> None:
        self.faq_sheet.blockSignals(True)
        self.faq_sheet.clear()
        self.faq_sheet.addItems(list(sheets))
        if current is not None:
            self.faq_sheet.setCurrentText(current)
        self.faq_sheet.blockSignals(False)
        self.faq_sheet.setVisible(len(sheets) > 1)

    def entries(self) -> tuple[FaqEntry, ...]:
        return self.faq.file.entries if self.faq is not None else ()

    # ------------------------------------------------------------ Workspace

    def make_job(self) -> Job | None:
        values = clean_inputs(self.task, self.form.values())  # an empty question is shown at its field
        if self.faq is None:
            if self._loading_path is not None:
                raise ValueError(self.tr("The FAQ is still being read; try again in a moment."))
            raise ValueError(self.tr("Open a FAQ file first: the answer may only come from it."))
        try:
            teams = parse_teams(str(values.get("teams", "")))
            if not teams:
                raise ValueError(self.tr("Add at least one team, as “Name: what the team handles”."))
        except ValueError as exc:
            self.form.show_problems({"teams": str(exc).rstrip(".")})
            return None
        task, loaded, question = self.task, self.faq, str(values["question"])

        def job(engine: Engine, cancel: CancelToken, emit: Emit) -> FaqAnswer:
            return answer_question(
                engine, task, loaded.file.entries, teams, question, cancel, emit=emit, index=loaded.index
            )

        return job

    def before_run(self) -> None:
        self._show_answer({})

    def on_delta(self, part: str, variant: int, text: str) -> None:
        if part == "answer":
            self.answer_edit.blockSignals(True)
            self.answer_edit.setPlainText(self.answer_edit.toPlainText() + text)
            self.answer_edit.blockSignals(False)

    def on_result(self, result: object) -> dict[str, Any]:
        assert isinstance(result, FaqAnswer)
        by_number = {entry.number: entry for entry in self.entries()}
        cited = [
            {"number": n, "question": by_number[n].question, "answer": by_number[n].answer}
            for n in result.sources
            if n in by_number
        ]
        self._show_answer(
            {
                "answer": result.answer,
                "covered": result.covered,
                "sources": list(result.sources),
                "route_to": result.route_to,
                "retrieval": result.retrieval,
                "offered": len(result.offered),
                "faq_entries": len(by_number),
                "cited": cited,
            }
        )
        return {"covered": result.covered, "retrieval": result.retrieval}

    def inputs(self) -> dict[str, Any]:
        values = self.form.values()
        values["faq_file"] = self.faq_path_edit.text().strip()
        values["faq_sheet"] = (self.faq.sheet or "") if self.faq is not None else ""
        return values

    def load(self, inputs: dict[str, Any], outputs: dict[str, Any]) -> None:
        super().load(inputs, outputs)
        path = str(inputs.get("faq_file") or "").strip()
        sheet = str(inputs.get("faq_sheet") or "") or None
        if not path:
            return
        if self.faq is not None and str(self.faq.file.path) == path and self.faq.sheet == sheet:
            self.faq_path_edit.setText(path)
            return
        self.load_faq_file(Path(path), sheet=sheet)  # a file that has gone is said in the status line

    def outputs(self) -> dict[str, Any]:
        return {**self._answer, "answer": self.answer_edit.toPlainText()}

    def load_outputs(self, outputs: dict[str, Any]) -> None:
        self._show_answer(dict(outputs))

    def export_document(self) -> ExportDocument:
        question = str(self.form.values().get("question", "")).strip()
        title = self.draft_title()
        blocks: list[Any] = [Heading(title, 1)]
        if question and question != title:
            blocks.append(Paragraph(question))
        if self.banner.isVisible():
            blocks.append(Paragraph(self.banner.text()))
        if self.answer_edit.toPlainText().strip():
            blocks.append(Paragraph(self.answer_edit.toPlainText().strip()))
        if self._cited:
            blocks.append(Heading(self.tr("Sources"), 2))
            blocks.append(BulletList(tuple(f"[{c['number']}] {c['question']}" for c in self._cited)))
        return ExportDocument(title, tuple(blocks))

    def draft_title(self) -> str:
        question = " ".join(str(self.form.values().get("question", "")).split())
        return question[:80] or self.tr(self.task.name)

    # ------------------------------------------------------------ showing an answer

    def _show_answer(self, outputs: Mapping[str, Any]) -> None:
        self._answer = {key: value for key, value in outputs.items() if key != "answer"}
        self.answer_edit.blockSignals(True)
        self.answer_edit.setPlainText(str(outputs.get("answer", "")))
        self.answer_edit.blockSignals(False)
        self._cited = [c for c in outputs.get("cited") or [] if isinstance(c, dict) and "number" in c]
        self.sources_list.clear()
        for cited in self._cited:
            item = QListWidgetItem(f"[{cited['number']}] {cited.get('question', '')}")
            item.setData(Qt.ItemDataRole.UserRole, cited)
            self.sources_list.addItem(item)
        self.entry_view.clear()
        self._show_banner(outputs)
        self._show_retrieval(outputs)

    def _show_banner(self, outputs: Mapping[str, Any]) -> None:
        if "covered" not in outputs:
            self.banner.hide()
            return
        if outputs.get("covered"):
            numbers = ", ".join(str(n) for n in outputs.get("sources") or [])
            self.banner.setText(fill(self.tr("Answered from the FAQ, citing: %1."), numbers))
            self.banner.setStyleSheet(_COVERED_STYLE)
        else:
            team = str(outputs.get("route_to") or "")
            self.banner.setText(fill(self.tr("Not covered — route to: %1"), team))
            self.banner.setStyleSheet(_ROUTED_STYLE)
        self.banner.show()

    def _show_retrieval(self, outputs: Mapping[str, Any]) -> None:
        method = str(outputs.get("retrieval") or "")
        total = int(outputs.get("faq_entries") or 0)
        offered = int(outputs.get("offered") or 0)
        if method == "whole":
            text = self.tr("Retrieval: the whole FAQ (%n entries) was given to the model.", "", total)
        elif method == "bm25":
            text = fill(
                self.tr(
                    "Retrieval: BM25, the top %1 of %2 entries (the whole FAQ does not fit the context)."
                ),
                offered,
                total,
            )
        elif method:
            text = self.tr("Retrieval: no FAQ entry shares a word with the question, so none was offered.")
        else:
            text = ""
        self.retrieval_label.setText(text)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _show_entry(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is None:
            self.entry_view.clear()
            return
        cited = current.data(Qt.ItemDataRole.UserRole)
        if not isinstance(cited, dict):
            return
        question = html.escape(str(cited.get("question", "")))
        self.entry_view.setMarkdown(f"**[{cited['number']}] {question}**\n\n{cited.get('answer', '')}")

    def cited_numbers(self) -> Sequence[int]:
        return [int(c["number"]) for c in self._cited]

    @Slot()
    def _on_answer_edited(self) -> None:
        if not self.running:
            self._on_user_edit()
