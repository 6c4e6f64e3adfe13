"""Translation helpers: filling ``%1``-style placeholders and loading the interface's translation.

User-visible text is written as whole literals for Qt's ``tr`` / ``QCoreApplication.translate``, so
``pyside6-lupdate`` can extract it, with numbered placeholders a translator may reorder. `fill` puts the
values in, all in one pass, so a value that itself contains ``%2`` is never substituted again.

`install_translator` loads ``resources/translations/copydesk_<locale>.qm`` for the system locale when such
a file ships; without one the interface stays in English (see ``resources/translations/README.md``).
"""

from __future__ import annotations

import logging
import re
from typing import Final

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from app.core.resources import resources_root

__all__ = ["TRANSLATIONS_DIRNAME", "TRANSLATION_NAME", "fill", "install_translator"]

log = logging.getLogger(__name__)

TRANSLATIONS_DIRNAME: Final = "translations"
TRANSLATION_NAME: Final = "copydesk"
"""Translation files are ``copydesk_<locale>.qm``, e.g. ``copydesk_de.qm``."""
_PLACEHOLDER: Final = re.compile(r"%([1-9])")


def fill(text: str, *values: object) -> str:
    """Replace ``%1`` .. ``%9`` in ``text`` with ``values`` (as ``str``); unknown numbers stay as they are."""

    def value(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        return str(values[index]) if index < len(values) else match.group(0)

    return _PLACEHOLDER.sub(value, text)


def install_translator(app: QCoreApplication, locale: QLocale | None = None) -> QTranslator | None:
    """Install the translation for ``locale`` (the system's by default) when one ships; None otherwise.

    Qt tries the locale's UI languages in order (``de_AT`` then ``de``, …). A missing folder or file is
    the normal case for English and is skipped silently. The translator is parented to ``app`` so it lives
    as long as the application.
    """
    folder = resources_root() / TRANSLATIONS_DIRNAME
    if not folder.is_dir():
        return None
    # English first, as the base: it only holds plural forms ("1 thread" / "2 threads"); a translation
    # installed after it is searched first.
    english = QTranslator(app)
    if english.load(str(folder / f"{TRANSLATION_NAME}_en.qm")):
        app.installTranslator(english)
    else:
        english.deleteLater()
    translator = QTranslator(app)
    if not translator.load(locale or QLocale.system(), TRANSLATION_NAME, "_", str(folder), ".qm"):
        translator.deleteLater()
        return None
    if not app.installTranslator(translator):
        log.warning("Could not install the translation %s", translator.filePath())
        translator.deleteLater()
        return None
    return translator
