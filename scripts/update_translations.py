"""Extract the interface's strings and build the translation files in ``resources/translations``.

Usage: ``.venv/bin/python scripts/update_translations.py``

- ``copydesk_<lang>.ts`` (for translators) is refreshed from ``app/ui`` with ``pyside6-lupdate``.
- ``copydesk_en.ts`` gets its plural forms filled in automatically ("%n model(s)" becomes "%n model" /
  "%n models"), so English reads naturally; every other language is left to its translator.
- ``copydesk_en.ts`` is compiled to the ``.qm`` the app always loads (``pyside6-lrelease``); another
  language is compiled the same way once it has translations.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "resources" / "translations"
LANGUAGES = ("en", "de")
TOOLS = Path(sys.executable).parent


def english_forms(source: str) -> tuple[str, str]:
    """Singular and plural of an English numerus source written with "(s)" / "(es)" / "y(ies)"."""
    singular = re.sub(r"y\(ies\)", "y", re.sub(r"\((e?s)\)", "", source))
    plural = re.sub(r"y\(ies\)", "ies", re.sub(r"\((e?s)\)", r"\1", source))
    return singular, plural


def fill_english_plurals(ts_file: Path) -> int:
    tree = ET.parse(ts_file)
    filled = 0
    for message in tree.iter("message"):
        if message.get("numerus") != "yes":
            continue
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        translation.attrib.pop("type", None)
        for child in list(translation):
            translation.remove(child)
        for form in english_forms(source):
            ET.SubElement(translation, "numerusform").text = form
        filled += 1
    tree.write(ts_file, encoding="utf-8", xml_declaration=True)
    return filled


def main() -> int:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        ts_file = FOLDER / f"copydesk_{language}.ts"
        subprocess.run(
            [
                str(TOOLS / "pyside6-lupdate"),
                "-extensions",
                "py",
                "-no-obsolete",
                "-source-language",
                "en",
                "-target-language",
                language,
                str(ROOT / "app" / "ui"),
                "-ts",
                str(ts_file),
            ],
            check=True,
        )
        if language != "en":
            continue  # compiled by its translator once it has translations (see the README here)
        print(f"{ts_file.name}: {fill_english_plurals(ts_file)} plural forms filled")
        subprocess.run(
            [str(TOOLS / "pyside6-lrelease"), str(ts_file), "-qm", str(ts_file.with_suffix(".qm"))],
            check=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
