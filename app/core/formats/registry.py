"""Which translatable format a file is, by its extension, and where its translation goes by default.

Format modules are imported when a file of theirs is opened, so a missing optional dependency of one
format never stops the others from working.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

from app.core.formats.document import FormatError, TranslatableDocument

SUPPORTED: Mapping[str, str] = MappingProxyType(
    {
        ".txt": "Plain text",
        ".md": "Markdown",
        ".markdown": "Markdown",
        ".html": "HTML",
        ".htm": "HTML",
        ".docx": "Word document",
        ".srt": "SubRip subtitles",
        ".po": "Gettext PO",
        ".pot": "Gettext PO template",
        ".xlf": "XLIFF",
        ".xliff": "XLIFF",
        ".csv": "CSV table",
        ".xlsx": "Excel workbook",
    }
)
"""Extension (lower case, with the dot) -> the format's name as shown to the user."""

# A template's translation is a catalog: "messages.pot" -> "messages.de.po".
_OUTPUT_SUFFIX = {".pot": ".po"}


def open_document(
    path: Path, *, columns: Sequence[str] = (), sheet: str | None = None, encoding: str | None = None
) -> TranslatableDocument:
    """Open ``path`` as the format its extension names; ``columns`` and ``sheet`` apply to tables,
    ``encoding`` to the text-based formats. Raises FormatError with a message for the user."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        listed = ", ".join(SUPPORTED)
        kind = f"“{path.suffix}” files" if path.suffix else "files without an extension"
        raise FormatError(f"{path.name}: {kind} cannot be translated. Supported: {listed}.")
    _check_readable(path)
    if suffix == ".txt":
        from app.core.formats.plain_text import open_plain_text

        return open_plain_text(path, encoding=encoding)
    if suffix in (".md", ".markdown"):
        from app.core.formats.markdown_text import open_markdown

        return open_markdown(path, encoding=encoding)
    if suffix in (".html", ".htm"):
        from app.core.formats.html_page import open_html

        return open_html(path, encoding=encoding)
    if suffix == ".docx":
        from app.core.formats.docx_file import open_docx

        return open_docx(path)
    if suffix == ".srt":
        from app.core.formats.subtitles import open_srt

        return open_srt(path, encoding=encoding)
    if suffix in (".po", ".pot"):
        from app.core.formats.gettext_po import open_po

        return open_po(path)
    if suffix in (".xlf", ".xliff"):
        from app.core.formats.xliff import open_xliff

        return open_xliff(path)
    from app.core.formats.table_columns import open_table_columns

    return open_table_columns(path, columns=columns, sheet=sheet, encoding=encoding)


def default_output_path(path: Path, target_language: str) -> Path:
    """The translation beside the source, named by language: "guide.md" -> "guide.de.md"."""
    suffix = path.suffix.lower()
    output_suffix = _OUTPUT_SUFFIX.get(suffix, path.suffix)
    return path.with_name(f"{path.stem}.{target_language}{output_suffix}")


def _check_readable(path: Path) -> None:
    """The messages every format would otherwise phrase its own way."""
    if path.is_dir():
        raise FormatError(f"{path} is a folder, not a file.")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise FormatError(f"{path} does not exist.") from None
    except OSError as exc:
        raise FormatError(f"{path} cannot be read: {exc.strerror or exc}.") from None
    if size == 0:
        raise FormatError(f"{path.name} is empty: there is nothing to translate.")
