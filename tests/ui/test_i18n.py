"""Placeholders are filled in one pass, and a shipped ``.qm`` for the locale is loaded (and a missing one is
skipped without a word)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from app.ui import i18n
from app.ui.i18n import fill, install_translator

pytestmark = pytest.mark.gui

GERMAN_TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>FitBadge</name>
    <message>
        <source>Fit: choose a file</source>
        <translation>Passung: Datei wählen</translation>
    </message>
</context>
<context>
    <name>CatalogTab</name>
    <message>
        <source>Sizes</source>
        <translation>Größen</translation>
    </message>
</context>
<context>
    <name>ModelFormatting</name>
    <message>
        <source>%1 left</source>
        <translation>noch %1</translation>
    </message>
</context>
</TS>
"""


def _lrelease() -> str | None:
    beside_python = Path(sys.executable).with_name("pyside6-lrelease")
    if beside_python.is_file():
        return str(beside_python)
    return shutil.which("pyside6-lrelease") or shutil.which("lrelease")


@pytest.fixture
def resources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(i18n, "resources_root", lambda: tmp_path)
    return tmp_path


@pytest.fixture
def installed(qapp: QApplication) -> Iterator[list[QTranslator]]:
    """Translators a test installed; removed afterwards so other tests stay in English."""
    translators: list[QTranslator] = []
    yield translators
    for translator in translators:
        qapp.removeTranslator(translator)


def test_fill_puts_values_in_one_pass() -> None:
    assert fill("%1 of %2", "3 MB", "9 MB") == "3 MB of 9 MB"
    assert fill("%2, then %1", "a", "b") == "b, then a"  # a translation may reorder them
    assert fill("%1 and %2", "100%2", "x") == "100%2 and x"  # a value is never substituted again
    assert fill("%1 and %3", "a") == "a and %3"


def test_no_translations_folder_is_skipped_silently(qapp: QApplication, resources: Path) -> None:
    assert install_translator(qapp, QLocale("de")) is None


def test_a_locale_without_a_file_is_skipped(qapp: QApplication, resources: Path) -> None:
    (resources / "translations").mkdir()
    (resources / "translations" / "copydesk_fr.qm").write_bytes(b"")
    assert install_translator(qapp, QLocale("de_DE")) is None


def test_the_locale_s_translation_is_installed(
    qapp: QApplication, resources: Path, installed: list[QTranslator]
) -> None:
    lrelease = _lrelease()
    if lrelease is None:
        pytest.skip("no lrelease to compile a .qm with")
    folder = resources / "translations"
    folder.mkdir()
    source = folder / "copydesk_de.ts"
    source.write_text(GERMAN_TS, encoding="utf-8")
    subprocess.run([lrelease, str(source), "-qm", str(folder / "copydesk_de.qm")], check=True)

    translator = install_translator(qapp, QLocale("de_AT"))  # falls back from de_AT to de
    assert translator is not None
    installed.append(translator)

    from app.ui.model_manager.fit_badge import FitBadge
    from app.ui.model_manager.formatting import human_duration

    badge = FitBadge()
    assert badge.text() == "Passung: Datei wählen"
    assert QCoreApplication.translate("CatalogTab", "Sizes") == "Größen"  # a QT_TRANSLATE_NOOP header
    assert human_duration(75) == "noch 1:15"
    badge.deleteLater()


def test_shipped_english_gives_natural_plurals(qapp: QApplication) -> None:
    from app.core.resources import resource_path

    english = QTranslator()
    assert english.load(str(resource_path("translations/copydesk_en.qm")))
    qapp.installTranslator(english)
    try:
        assert QCoreApplication.translate("BackendPicker", "CPU, %n thread(s)", None, 1) == "CPU, 1 thread"
        assert QCoreApplication.translate("BackendPicker", "CPU, %n thread(s)", None, 2) == "CPU, 2 threads"
    finally:
        qapp.removeTranslator(english)


def test_english_plural_forms_cover_every_plural_string_in_the_code(tmp_path: Path) -> None:
    """A new ``%n`` string needs ``scripts/update_translations.py`` run, or English shows "(s)"."""
    import xml.etree.ElementTree as ET

    from app.core.resources import resource_path

    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.is_file():
        pytest.skip("pyside6-lupdate is not installed")
    fresh = tmp_path / "fresh.ts"
    app_ui = Path(__file__).resolve().parents[2] / "app" / "ui"
    subprocess.run(
        [str(lupdate), "-extensions", "py", str(app_ui), "-ts", str(fresh)], check=True, capture_output=True
    )

    def plurals(path: Path) -> set[tuple[str, str]]:
        found = set()
        for context in ET.parse(path).iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                if message.get("numerus") == "yes":
                    found.add((name, message.findtext("source") or ""))
        return found

    shipped = plurals(resource_path("translations/copydesk_en.ts"))
    missing = plurals(fresh) - shipped
    assert not missing, f"run scripts/update_translations.py; missing plural forms for {sorted(missing)}"
