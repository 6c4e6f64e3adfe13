"""The glossary editor: editing, row errors, saving per pair or project, CSV/TBX import, CSV export."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from app.core.translation.glossary import Glossary, Term
from app.core.translation.glossary_io import read_glossary
from app.core.translation.glossary_store import GlossaryStore, load_file, save_file
from app.ui.translation.glossary_dialog import GlossaryDialog
from app.ui.translation.glossary_table import DNT, NOTE, SOURCE, TARGET

pytestmark = pytest.mark.gui

TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en">
<text><body>
<termEntry id="t1">
  <langSet xml:lang="en"><tig><term>invoice</term></tig></langSet>
  <langSet xml:lang="de"><tig><term>Rechnung</term></tig></langSet>
</termEntry>
<termEntry id="t2">
  <descrip type="doNotTranslate">yes</descrip>
  <langSet xml:lang="en"><tig><term>Copydesk</term></tig></langSet>
</termEntry>
<termEntry id="t3">
  <langSet xml:lang="en"><tig><term>log in</term>
    <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet>
  <langSet xml:lang="de"><tig><term>einloggen</term></tig></langSet>
</termEntry>
</body></text>
</martif>
"""


@pytest.fixture
def store(tmp_path: Path) -> GlossaryStore:
    return GlossaryStore(tmp_path / "glossaries")


def open_dialog(qtbot: QtBot, store: GlossaryStore, project_file: Path | None = None) -> GlossaryDialog:
    dialog = GlossaryDialog(store, "en", "de", project_file=project_file)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.busy)
    return dialog


def wait_idle(qtbot: QtBot, dialog: GlossaryDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy)


def rows(dialog: GlossaryDialog) -> list[tuple[str, str, bool]]:
    model = dialog.model
    return [
        (model.row(n).source, model.row(n).target, model.row(n).do_not_translate)
        for n in range(model.rowCount())
    ]


def set_cell(dialog: GlossaryDialog, row: int, column: int, value: object) -> None:
    role = Qt.ItemDataRole.CheckStateRole if column == DNT else Qt.ItemDataRole.EditRole
    assert dialog.model.setData(dialog.model.index(row, column), value, role)


def test_add_edit_remove_save_and_reload(qtbot: QtBot, store: GlossaryStore) -> None:
    dialog = open_dialog(qtbot, store)
    assert rows(dialog) == []
    assert not dialog.save_button.isEnabled()

    # Add term opens the new row's source cell for typing; what is typed there lands in the row.
    qtbot.mouseClick(dialog.editor.add_button, Qt.MouseButton.LeftButton)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.setText("Copydesk")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.model.row(0).source == "Copydesk")
    set_cell(dialog, 0, DNT, Qt.CheckState.Checked.value)  # what the view sends for a click on the box
    dialog.editor.add_term()
    set_cell(dialog, 1, SOURCE, "invoice")
    set_cell(dialog, 1, TARGET, "Rechnung")
    set_cell(dialog, 1, NOTE, "Accounting")
    dialog.editor.add_term()
    set_cell(dialog, 2, SOURCE, "draft")
    set_cell(dialog, 2, TARGET, "Entwurf")
    assert rows(dialog) == [
        ("Copydesk", "", True),
        ("invoice", "Rechnung", False),
        ("draft", "Entwurf", False),
    ]
    assert dialog.editor.count_label.text() == "3 term(s)"

    with qtbot.waitSignal(dialog.glossary_changed) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    glossary = saved.args[0]
    assert isinstance(glossary, Glossary)
    assert [t.source for t in glossary.terms] == ["Copydesk", "invoice", "draft"]
    assert glossary.terms[1].note == "Accounting"
    assert store.load("en", "de") == glossary
    assert "Saved 3 term(s)" in dialog.status.text()
    assert not dialog.save_button.isEnabled()  # nothing left to save

    dialog.editor.table.selectRow(2)
    qtbot.mouseClick(dialog.editor.remove_button, Qt.MouseButton.LeftButton)
    set_cell(dialog, 1, TARGET, "Faktura")
    with qtbot.waitSignal(dialog.glossary_changed):
        dialog.save()

    again = open_dialog(qtbot, store)
    assert rows(again) == [("Copydesk", "", True), ("invoice", "Faktura", False)]
    assert again.model.row(1).note == "Accounting"


def test_a_term_without_translation_or_dnt_is_a_row_error_not_a_crash(
    qtbot: QtBot, store: GlossaryStore
) -> None:
    dialog = open_dialog(qtbot, store)
    dialog.editor.add_term()
    set_cell(dialog, 0, SOURCE, "dashboard")
    assert dialog.editor.row_problems.isVisible()
    assert "row 1" in dialog.editor.row_problems.text()
    assert "translation" in dialog.editor.row_problems.text()
    assert dialog.model.headerData(0, Qt.Orientation.Vertical) == "⚠ 1"
    tip = dialog.model.data(dialog.model.index(0, TARGET), Qt.ItemDataRole.ToolTipRole)
    assert "Do not translate" in tip
    assert not dialog.save_button.isEnabled()
    dialog.save()  # refused quietly: nothing written
    assert not store.path_for("en", "de").exists()

    dialog.editor.add_term()
    set_cell(dialog, 1, SOURCE, "Dashboard")
    set_cell(dialog, 1, TARGET, "Übersicht")
    assert "same term is on row 1" in dialog.editor.row_problems.text()

    set_cell(dialog, 0, DNT, Qt.CheckState.Checked.value)
    dialog.model.remove([1])
    assert not dialog.editor.row_problems.isVisible()
    assert dialog.save_button.isEnabled()


def test_csv_import_lists_bad_rows_by_line_and_keeps_the_good_ones(
    qtbot: QtBot, store: GlossaryStore, tmp_path: Path
) -> None:
    store.save(Glossary("en", "de", (Term("invoice", "Rechnung"),)))
    dialog = open_dialog(qtbot, store)
    csv_file = tmp_path / "terms.csv"
    csv_file.write_text(
        "source,target,dnt\n"  # line 1
        "cloud,Wolke,\n"  # 2
        ",Speicher,\n"  # 3: no source term
        "dashboard,,\n"  # 4: no translation, not DNT
        "API,,yes\n"  # 5
        "invoice,Faktura,\n",  # 6: already in the glossary
        encoding="utf-8",
    )

    dialog.import_file(csv_file)
    wait_idle(qtbot, dialog)

    assert rows(dialog) == [("invoice", "Rechnung", False), ("cloud", "Wolke", False), ("API", "", True)]
    details = dialog.details.toPlainText().splitlines()
    assert [line.split(":")[0] for line in details] == ["Line 3", "Line 4"]
    assert "dashboard" in details[1]
    assert dialog.details.isVisible()
    status = dialog.status.text()
    assert (
        "2 term(s) added" in status
        and "1 already here, left unchanged" in status
        and "2 entry(ies)" in status
    )
    assert dialog.model.is_modified()
    assert store.load("en", "de").terms == (Term("invoice", "Rechnung"),)  # not saved until Save

    dialog.import_box.replace_radio.setChecked(True)
    dialog.import_file(csv_file)
    wait_idle(qtbot, dialog)
    assert rows(dialog)[0] == ("invoice", "Faktura", False)
    assert "1 replaced" in dialog.status.text()


def test_tbx_import_takes_preferred_and_dnt_terms_and_skips_deprecated_ones(
    qtbot: QtBot, store: GlossaryStore, tmp_path: Path
) -> None:
    tbx = tmp_path / "terms.tbx"
    tbx.write_text(TBX, encoding="utf-8")
    dialog = open_dialog(qtbot, store)

    dialog.import_file(tbx)
    wait_idle(qtbot, dialog)

    assert rows(dialog) == [("invoice", "Rechnung", False), ("Copydesk", "", True)]
    assert "2 term(s) added" in dialog.status.text()
    with qtbot.waitSignal(dialog.glossary_changed):
        dialog.save()
    assert len(store.load("en", "de").terms) == 2


def test_an_unreadable_import_says_why_and_changes_nothing(
    qtbot: QtBot, store: GlossaryStore, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, store)
    broken = tmp_path / "broken.tbx"
    broken.write_text("<martif><text><body><termEntry>", encoding="utf-8")
    dialog.import_file(broken)
    wait_idle(qtbot, dialog)
    assert dialog.status.text().startswith("Nothing imported:")
    assert "broken.tbx" in dialog.status.text()
    assert rows(dialog) == []


def test_an_unclear_csv_encoding_is_offered_and_the_choice_imports(
    qtbot: QtBot, store: GlossaryStore, tmp_path: Path
) -> None:
    path = tmp_path / "jp.csv"
    path.write_bytes("source,target\n田中,東京\n鈴木,大阪\n".encode("shift_jis"))
    dialog = open_dialog(qtbot, store)

    dialog.import_file(path)
    wait_idle(qtbot, dialog)
    box = dialog.import_box
    assert box.encoding_combo.isVisible()
    assert "jp.csv" in dialog.status.text()
    index = box.encoding_combo.findData("cp932")
    assert index > 0

    box.encoding_combo.setCurrentIndex(index)
    box.encoding_combo.activated.emit(index)  # as a user's pick does
    wait_idle(qtbot, dialog)
    assert rows(dialog) == [("田中", "東京", False), ("鈴木", "大阪", False)]
    assert not box.encoding_combo.isVisible()


def test_export_csv_round_trip(qtbot: QtBot, store: GlossaryStore, tmp_path: Path) -> None:
    terms = (
        Term("cloud", "Wolke", note='weather, "not" computing'),
        Term("sign in\n(button)", "Anmelden"),
        Term("Copydesk", do_not_translate=True, case_sensitive=True),
    )
    store.save(Glossary("en", "de", terms))
    dialog = open_dialog(qtbot, store)
    out = tmp_path / "out.csv"

    dialog.export_csv(out)
    wait_idle(qtbot, dialog)

    assert "Exported 3 term(s) to out.csv" in dialog.status.text()
    assert read_glossary(out, "en", "de").glossary.terms == terms
    other = open_dialog(qtbot, GlossaryStore(tmp_path / "other"))
    other.import_file(out)
    wait_idle(qtbot, other)
    assert other.glossary().terms == terms
    assert other.details.toPlainText() == ""


def test_project_scope_saves_to_the_project_file(qtbot: QtBot, store: GlossaryStore, tmp_path: Path) -> None:
    project = tmp_path / "book.glossary.json"
    store.save(Glossary("en", "de", (Term("invoice", "Rechnung"),)))
    dialog = open_dialog(qtbot, store, project_file=project)
    assert dialog.scope() == "pair"  # no project glossary yet
    assert dialog.project_radio.isVisible()

    dialog.select_scope("project")
    wait_idle(qtbot, dialog)
    assert dialog.scope() == "project"
    assert rows(dialog) == []
    dialog.editor.add_term()
    set_cell(dialog, 0, SOURCE, "chapter")
    set_cell(dialog, 0, TARGET, "Kapitel")
    assert not dialog.pair_radio.isEnabled()  # unsaved changes: no switching away from them
    dialog.select_scope("pair")
    assert dialog.scope() == "project" and dialog.project_radio.isChecked()
    assert rows(dialog) == [("chapter", "Kapitel", False)]
    with qtbot.waitSignal(dialog.glossary_changed) as saved:
        dialog.save()

    assert load_file(project).terms == (Term("chapter", "Kapitel"),)
    assert saved.args[0].terms == (Term("chapter", "Kapitel"),)
    assert store.load("en", "de").terms == (Term("invoice", "Rechnung"),)
    assert dialog.pair_radio.isEnabled()
    reopened = open_dialog(qtbot, store, project_file=project)
    assert reopened.scope() == "project"
    assert rows(reopened) == [("chapter", "Kapitel", False)]


def test_a_damaged_project_glossary_is_never_saved_over(
    qtbot: QtBot, store: GlossaryStore, tmp_path: Path
) -> None:
    project = tmp_path / "book.glossary.json"
    project.write_text('{"format": "copydesk-glossary", "version": 1, "terms": [', encoding="utf-8")
    dialog = open_dialog(qtbot, store, project_file=project)

    assert dialog.scope() == "project"
    assert "book.glossary.json" in dialog.status.text()
    assert "will not be saved over" in dialog.status.text()
    assert not dialog.editor.table.isEnabled()
    assert not dialog.import_box.isEnabled()
    dialog.save()
    assert project.read_text(encoding="utf-8").endswith("[")


def test_closing_with_unsaved_changes_needs_a_second_close(qtbot: QtBot, store: GlossaryStore) -> None:
    dialog = open_dialog(qtbot, store)
    dialog.editor.add_term()
    set_cell(dialog, 0, SOURCE, "API")
    set_cell(dialog, 0, DNT, True)

    dialog.reject()
    assert dialog.isVisible()
    assert "unsaved changes" in dialog.status.text()
    dialog.reject()
    assert not dialog.isVisible()
    assert not store.path_for("en", "de").exists()


def test_a_pair_mismatch_in_a_project_file_is_said(
    qtbot: QtBot, store: GlossaryStore, tmp_path: Path
) -> None:
    project = tmp_path / "fr.json"
    save_file(Glossary("en", "fr", (Term("invoice", "facture"),)), project)
    dialog = open_dialog(qtbot, store, project_file=project)
    assert rows(dialog) == [("invoice", "facture", False)]
    assert "en → fr" in dialog.status.text()
