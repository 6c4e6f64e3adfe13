"""Parts of a workbook that openpyxl does not carry over when it loads and saves the file.

Saving results into a workbook goes through openpyxl, which keeps cells, styles, formulas, other sheets,
charts, notes and pivot tables, but drops some parts. Writing into the user's own file must not lose
them silently, so they are listed first: in place that is refused, a copy says what it lacks.
"""

from __future__ import annotations

import importlib.util
import re
import warnings
import zipfile
from pathlib import Path

_SHAPE = re.compile(rb"<(?:\w+:)?sp[\s>]")
_HARMLESS = ("Workbook contains no", "Title is more than 31 characters")
_FOLDER_PARTS = (
    ("xl/embeddings/", "embedded objects"),
    ("xl/ctrlProps/", "form controls"),
    ("xl/activeX/", "form controls"),
    ("xl/slicers/", "slicers"),
    ("xl/slicerCaches/", "slicers"),
    ("xl/timelines/", "timelines"),
    ("xl/threadedComments/", "threaded comments"),
)


def dropped_parts(path: Path, *, keep_vba: bool) -> list[str]:
    """What saving ``path`` through openpyxl would lose, in words (empty when nothing)."""
    found: list[str] = []
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        for prefix, words in _FOLDER_PARTS:
            if any(name.startswith(prefix) for name in names) and words not in found:
                found.append(words)
        if not keep_vba and "xl/vbaProject.bin" in names:
            found.append("macros")
        if any(name.startswith("xl/media/") for name in names) and importlib.util.find_spec("PIL") is None:
            found.append("pictures")
        drawings = [name for name in names if name.startswith("xl/drawings/") and name.endswith(".xml")]
        if any(_SHAPE.search(archive.read(name)) for name in drawings):
            found.append("shapes and text boxes")
    return found


def warned_parts(caught: list[warnings.WarningMessage]) -> list[str]:
    """openpyxl warns when it skips something on load (extensions such as data validation lists or
    sparklines, unreadable charts or rules); only the notes about its own default styles are harmless."""
    found: list[str] = []
    for item in caught:
        text = str(item.message).strip()
        if not text.startswith(_HARMLESS) and text not in found:
            found.append(text)
    return found
