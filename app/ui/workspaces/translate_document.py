"""The document behind the Translate workspace: pasted text or an opened file, opened and saved off the
GUI thread, and its segments matched with the rows the user already has.

Opening a file again (a draft shown after a restart, another sheet chosen) must not lose translations:
`merge_rows` keeps a row's translation when its segment is still there (same key and text), or when
the same text is found elsewhere in the new document. A file that cannot be opened leaves the rows as
they were; the message says why.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog

from app.core.documents.export import ExportDocument, Paragraph, document_from_text
from app.core.formats.document import FormatError, Segment, TranslatableDocument, Translation
from app.core.formats.registry import SUPPORTED, default_output_path
from app.core.formats.table_columns import TableChoiceNeeded
from app.ui.background import Background
from app.ui.i18n import fill
from app.ui.translation.segment_model import CHECK_FAILED, NEW, SegmentRow
from app.ui.workspaces.translate_io import SourceSpec, open_source, pasted_document, save_translation
from app.ui.workspaces.translate_source import SourcePane


def merge_rows(segments: Iterable[Segment], rows: Sequence[SegmentRow]) -> list[SegmentRow]:
    """One row per segment, keeping the work of ``rows`` whose text is still in the document."""
    by_key = {row.key: row for row in rows}
    by_text: dict[str, list[SegmentRow]] = {}
    for row in rows:
        if row.status != NEW:
            by_text.setdefault(row.source, []).append(row)
    merged: list[SegmentRow] = []
    for segment in segments:
        old = by_key.get(segment.key)
        if old is None or old.source != segment.text:
            same_text = by_text.get(segment.text)
            old = same_text[0] if same_text else None
        if old is None:
            merged.append(SegmentRow(segment.key, segment.text, note=segment.note))
        else:
            merged.append(dataclasses.replace(old, key=segment.key, note=segment.note))
    return merged


def translations_of(rows: Iterable[SegmentRow]) -> dict[str, Translation]:
    """What a saved file gets: every translated row; a flagged one keeps its source, marked for review,
    until the user edits or confirms it (as the command line does)."""
    chosen: dict[str, Translation] = {}
    for row in rows:
        if row.status == CHECK_FAILED:
            chosen[row.key] = Translation(row.source, needs_review=True)
        elif row.done:
            chosen[row.key] = Translation(row.translation)
    return chosen


def export_rows(title: str, rows: Sequence[SegmentRow], *, both: bool) -> ExportDocument:
    """For File > Export: the translation alone, or (``both``) each source paragraph above its own."""
    if not both:
        return document_from_text(
            title, "\n\n".join(row.translation for row in rows if row.translation.strip())
        )
    return ExportDocument(title, tuple(Paragraph(f"{row.source}\n{row.translation}".strip()) for row in rows))


class DocumentHolder(QObject):
    """Opens what `SourcePane` shows, asks the table questions in it, and saves the translation."""

    opened = Signal(bool)
    """A document is ready (``quiet``: a draft shown again, not a change by the user); rows to merge."""
    message = Signal(str)
    saved = Signal(str)

    def __init__(self, background: Background, pane: SourcePane, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._background = background
        self.pane = pane
        self.spec = SourceSpec()
        self.document: TranslatableDocument | None = None
        self._asked = SourceSpec()
        self._reads = 0
        self.opening = False
        pane.choice_made.connect(self._on_choice)

    def use_text(self, text: str, *, quiet: bool = True) -> None:
        """Pasted text: segmenting it is quick string work, done here at once."""
        self._reads += 1  # a file still being read is no longer wanted
        self.opening = False
        self.spec = SourceSpec(text=text)
        self.document = pasted_document(text)
        self.pane.show_paste(text)
        self.opened.emit(quiet)

    def open_file(self, spec: SourceSpec, *, quiet: bool = False) -> None:
        """Open ``spec``'s file on a background thread; only the newest request is shown.

        A ``quiet`` open shows a draft again: the draft names this file even when it cannot be opened
        now, so the spec is taken at once (and kept for the next try). A file the user chose replaces
        the document only once it is open; one that fails leaves everything as it was. Either way the
        pasted text stays in the spec, for "Paste text instead"."""
        self._reads += 1
        read_id = self._reads
        self.opening = True
        if quiet:
            self.pane.set_text(spec.text)
            self.spec, self.document = spec, None
        else:
            spec = dataclasses.replace(spec, text=self.pane.text())
        name = Path(spec.path).name
        self.pane.show_file(fill(self.tr("Opening %1…"), name), spec.path)

        def opened(document: TranslatableDocument) -> None:
            if read_id == self._reads:
                self.opening = False
                self.spec, self.document = spec, document
                self._show_open_file(document)
                self.opened.emit(quiet)

        def failed(exc: BaseException) -> None:
            if read_id == self._reads:
                self.opening = False
                self._on_failed(spec, exc, quiet=quiet)

        self._background.run(lambda: open_source(spec), opened, failed, name="open-document")

    def _show_open_file(self, document: TranslatableDocument) -> None:
        name = Path(self.spec.path).name
        self.pane.show_file(
            self.pane.describe_file(name, document.format_name, len(document.segments)), self.spec.path
        )

    @Slot()
    def choose_file(self) -> None:
        patterns = " ".join(f"*{suffix}" for suffix in SUPPORTED)
        path, _ = QFileDialog.getOpenFileName(
            self.pane, self.tr("Open a file to translate"), "", fill(self.tr("Documents (%1)"), patterns)
        )
        if path:
            self.open_file(SourceSpec(path=path))

    def ask_save_path(self, target: str) -> Path | None:
        """Where the translation goes (beside the source, "guide.de.md", to start with); None: nowhere."""
        if self.document is None:
            self.message.emit(self.tr("Paste some text or open a file first."))
            return None
        start = (
            default_output_path(Path(self.spec.path), target)
            if self.spec.is_file
            else Path.home() / f"translation.{target}.txt"
        )
        path, _ = QFileDialog.getSaveFileName(self.pane, self.tr("Save the translation"), str(start))
        return Path(path) if path else None

    def save(self, path: Path, rows: Sequence[SegmentRow], target: str) -> None:
        """Render and write the translation off the GUI thread; `saved` or a `message` when done."""
        document = self.document
        if document is None:
            self.message.emit(self.tr("Paste some text or open a file first."))
            return
        chosen: Mapping[str, Translation] = translations_of(rows)
        untranslated = sum(1 for row in rows if row.status == CHECK_FAILED or not row.done)

        def done(written: Path) -> None:
            text = fill(self.tr("Saved the translation to %1."), written)
            if untranslated:
                text += " " + self.tr("%n segment(s) still hold the source text.", "", untranslated)
            self.message.emit(text)
            self.saved.emit(str(written))

        def failed(exc: BaseException) -> None:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.message.emit(fill(self.tr("Could not save %1: %2. Nothing was lost."), path.name, reason))

        self._background.run(
            lambda: save_translation(document, chosen, target, path), done, failed, name="save-translation"
        )

    def _on_failed(self, spec: SourceSpec, exc: BaseException, *, quiet: bool) -> None:
        name = Path(spec.path).name
        if isinstance(exc, TableChoiceNeeded):
            self._asked = spec
            chosen = spec.columns if exc.what == "columns" else ()
            self.pane.show_file(name, spec.path)
            self.pane.ask(str(exc), exc.what, exc.options, chosen)
            return
        if quiet or self.document is None:
            self.pane.show_file(fill(self.tr("%1 could not be opened."), name), spec.path)
        elif self.spec.is_file:
            self._show_open_file(self.document)
        else:
            self.pane.show_paste()
        if isinstance(exc, FormatError | ValueError | OSError):
            self.message.emit(str(exc))
        else:
            self.message.emit(fill(self.tr("%1 could not be opened: %2"), name, exc))

    @Slot(str, object)
    def _on_choice(self, what: str, value: object) -> None:
        spec = self._asked
        if what == "columns" and isinstance(value, tuple):
            spec = dataclasses.replace(spec, columns=tuple(str(v) for v in value))
        elif what == "sheet":
            spec = dataclasses.replace(spec, sheet=str(value), columns=())
        elif what == "encoding":
            spec = dataclasses.replace(spec, encoding=str(value))
        self.open_file(spec)
