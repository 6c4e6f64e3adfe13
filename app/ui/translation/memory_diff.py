"""What a memory match's source does not share with the segment being translated, for the match list.

A fuzzy match is only useful when the translator sees at once what to change in its translation, so the
stored source is shown with its differing words marked, and the segment's words it lacks struck through.
Words, not characters, are compared: a changed word reads better marked whole.
"""

from __future__ import annotations

import difflib
import html
import re
from typing import Final, Literal

__all__ = ["DiffPart", "diff_html", "diff_parts"]

Kind = Literal["same", "changed", "missing"]
DiffPart = tuple[Kind, str]
"""``changed``: text of the stored source that the segment lacks or has otherwise; ``missing``: text of
the segment that the stored source lacks."""
_TOKENS: Final = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


def diff_parts(current: str, stored: str) -> list[DiffPart]:
    """The stored source, in order, split into what matches ``current`` and what does not."""
    ours, theirs = _TOKENS.findall(current), _TOKENS.findall(stored)
    parts: list[DiffPart] = []
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(parts, "same", "".join(theirs[j1:j2]))
            continue
        if tag in ("replace", "delete"):
            _append(parts, "missing", "".join(ours[i1:i2]))
        if tag in ("replace", "insert"):
            _append(parts, "changed", "".join(theirs[j1:j2]))
    return parts


def diff_html(current: str, stored: str, *, changed_background: str, missing_colour: str) -> str:
    """`diff_parts` as rich text: changed text underlined on a tint, missing text struck through (the
    marks differ in shape too, so they read without colour)."""
    changed = f"background-color:{changed_background}; text-decoration:underline;"
    missing = f"color:{missing_colour}; text-decoration:line-through;"
    out: list[str] = []
    for kind, text in diff_parts(current, stored):
        shown = html.escape(text)
        if kind == "changed" and text.strip():
            out.append(f'<span style="{changed}">{shown}</span>')
        elif kind == "missing" and text.strip():
            out.append(f'<span style="{missing}">{shown}</span>')
        elif kind != "missing":
            out.append(shown)
    return "".join(out)


def _append(parts: list[DiffPart], kind: Kind, text: str) -> None:
    if not text:
        return
    if parts and parts[-1][0] == kind:
        parts[-1] = (kind, parts[-1][1] + text)
    else:
        parts.append((kind, text))
