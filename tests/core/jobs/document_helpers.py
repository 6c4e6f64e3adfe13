"""The settings, paragraphs and small views the document translation tests share."""

from __future__ import annotations

from pathlib import Path

from app.core.formats.markdown_text import MarkdownDocument, open_markdown
from app.core.jobs.document_translation import DocumentResult
from app.core.tasks.translate import TranslateSettings
from app.core.translation.protect import protect

SETTINGS = TranslateSettings("en", "de")
PARAGRAPHS = [
    "Your order ships within 2 working days from our store in Leeds.",
    "Returns are free for 30 days; see https://example.com/returns for the form.",
    "Every bottle holds 750 ml and keeps drinks cold for 24 hours.",
    "Write to help@example.com if a part is missing or damaged.",
    "We plant 1 tree for every 10 orders, and we publish the numbers each year.",
]


def write_markdown(path: Path, blocks: list[str]) -> MarkdownDocument:
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return open_markdown(path)


def masked(text: str) -> str:
    return protect(text, None).masked


def statuses(result: DocumentResult) -> list[str]:
    return [segment.status for segment in result.segments.values()]
