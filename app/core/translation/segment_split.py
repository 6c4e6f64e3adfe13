"""Split a segment into pieces that fit a token budget, whatever the text looks like.

``tasks.splitting.split_to_budget`` stops at sentences and raises for an overlong one, which is right for
a rewrite the user can fix, but a long document must be translated whole and never truncated. So an
overlong unit is split further, level by level: paragraphs and sentences (the patterns of
``tasks.splitting``), then clause punctuation, then between words, then, for a single enormous "word",
between characters. The pieces keep their exact separators, never cut a placeholder of ``protect`` (so
masked text can be split) and never separate a combining mark from its base letter.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from app.core.tasks.splitting import PARAGRAPH_BREAK, SENTENCE_BREAK, pieces_with_separators
from app.core.translation.protect import PLACEHOLDER_PATTERN

Count = Callable[[str], int]

_CLAUSE_BREAK = re.compile(r"((?<=[,;:–—])\s+|(?<=[，；：、])\s*)")
_WORD_BREAK = re.compile(r"(\s+)")
_LEVELS = (PARAGRAPH_BREAK, SENTENCE_BREAK, _CLAUSE_BREAK, _WORD_BREAK)


def split_for_budget(text: str, budget_tokens: int, count: Count) -> list[tuple[str, str]]:
    """Greedy groups of units within ``budget_tokens``, as ``[(piece, separator_after), ...]``.

    Never raises for long text: ``"".join(piece + sep for piece, sep in result) == text`` always, and
    every piece fits unless a single character (or placeholder) is itself over the budget.
    """
    budget = max(1, budget_tokens)
    units = _units(text, "", 0, budget, count)
    return _pack(units, budget, count)


def _units(text: str, separator: str, level: int, budget: int, count: Count) -> list[tuple[str, str]]:
    """``text`` broken at the coarsest level that makes each unit fit; ``separator`` follows the last."""
    if count(text) <= budget:
        return [(text, separator)]
    if level == len(_LEVELS):
        return _characters(text, separator, budget, count)
    parts = pieces_with_separators(text, _LEVELS[level])
    if len(parts) == 1:
        return _units(text, separator, level + 1, budget, count)
    units: list[tuple[str, str]] = []
    for part, part_separator in parts:
        units += _units(part, part_separator, level + 1, budget, count)
    last, last_separator = units[-1]
    units[-1] = (last, last_separator + separator)
    return units


def _pack(units: list[tuple[str, str]], budget: int, count: Count) -> list[tuple[str, str]]:
    """Join neighbouring units while the group still fits (the same greedy rule as ``split_to_budget``).

    A blank unit after a group joins that group's separator, so no piece is blank unless the text starts
    with whitespace that does not fit with what follows (a caller passes such a piece through as is).
    """
    groups: list[tuple[str, str]] = []
    current: str | None = None
    current_separator = ""
    for unit, separator in units:
        if current is None:
            current, current_separator = unit, separator
            continue
        if not unit.strip():
            current_separator += unit + separator
            continue
        candidate = current + current_separator + unit
        if count(candidate) > budget:
            groups.append((current, current_separator))
            current, current_separator = unit, separator
        else:
            current, current_separator = candidate, separator
    groups.append((current or "", current_separator))
    return groups


def _characters(text: str, separator: str, budget: int, count: Count) -> list[tuple[str, str]]:
    """Cut a unit with no breaks at all into the longest runs that fit (binary search keeps it cheap)."""
    protected = [(m.start(), m.end()) for m in PLACEHOLDER_PATTERN.finditer(text)]
    pieces: list[tuple[str, str]] = []
    start = 0
    while start < len(text):
        low, high = start + 1, len(text)
        while low < high:  # the longest end with count(text[start:end]) <= budget, at least one character
            middle = (low + high + 1) // 2
            if count(text[start:middle]) <= budget:
                low = middle
            else:
                high = middle - 1
        end = _safe_cut(text, start, low, protected)
        pieces.append((text[start:end], ""))
        start = end
    pieces[-1] = (pieces[-1][0], separator)
    return pieces


def _safe_cut(text: str, start: int, end: int, protected: list[tuple[int, int]]) -> int:
    """Move a cut back out of a placeholder or off a combining mark; forward if nothing would be left."""
    cut = end
    while start < cut < len(text):
        inside = next((s for s, e in protected if s < cut < e), None)
        if inside is not None:
            cut = inside
        elif unicodedata.combining(text[cut]):
            cut -= 1
        else:
            return cut
    if cut > start:
        return cut
    cut = end  # the first placeholder or letter alone is over budget: keep it whole
    while cut < len(text):
        inside = next((e for s, e in protected if s < cut < e), None)
        if inside is not None:
            cut = inside
        elif unicodedata.combining(text[cut]):
            cut += 1
        else:
            break
    return cut
