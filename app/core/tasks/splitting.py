"""Split text into pieces that fit a token budget, at paragraph, then sentence boundaries.

Used wherever a text may be longer than the model's context (rewrite now, long documents later). Pieces
keep the exact separators between them, so joining the rewritten pieces keeps the document's shape.
"""

from __future__ import annotations

import re
from collections.abc import Callable

PARAGRAPH_BREAK = re.compile(r"(\n\s*\n)")
SENTENCE_BREAK = re.compile(r"(?<=[.!?…。！？])(\s+)")


class PieceTooLongError(ValueError):
    """A single sentence is longer than the budget; only the user can decide what to do with it."""

    def __init__(self, tokens: int, budget: int, start: str) -> None:
        self.tokens = tokens
        self.budget = budget
        super().__init__(
            f"One sentence has {tokens} tokens, more than the {budget} that fit in one request "
            f"(it starts: {start[:60]!r}). Break it up, or use a model with a larger context."
        )


def pieces_with_separators(text: str, pattern: re.Pattern[str]) -> list[tuple[str, str]]:
    """``[(piece, separator_after), ...]``; the separators are kept verbatim."""
    parts = pattern.split(text)
    pairs: list[tuple[str, str]] = []
    for index in range(0, len(parts), 2):
        separator = parts[index + 1] if index + 1 < len(parts) else ""
        pairs.append((parts[index], separator))
    return pairs


def split_to_budget(text: str, budget: int, count: Callable[[str], int]) -> list[tuple[str, str]]:
    """Greedy groups of paragraphs (or sentences, for an overlong paragraph) whose token count stays
    within ``budget``; each item is ``(piece, separator_after)``."""
    groups: list[tuple[str, str]] = []
    current, current_sep = "", ""
    started = False  # a leading empty piece (the text starts with blank lines) still carries its separator
    for paragraph, separator in pieces_with_separators(text, PARAGRAPH_BREAK):
        units = [(paragraph, separator)]
        if count(paragraph) > budget:
            units = _sentences(paragraph, budget, count)
            units[-1] = (units[-1][0], units[-1][1] + separator)
        for unit, unit_sep in units:
            if not started:
                current, current_sep, started = unit, unit_sep, True
                continue
            candidate = current + current_sep + unit
            if current and count(candidate) > budget:
                groups.append((current, current_sep))
                current, current_sep = unit, unit_sep
            else:
                current, current_sep = candidate, unit_sep
    if started or not groups:
        groups.append((current, current_sep))
    return groups


def _sentences(paragraph: str, budget: int, count: Callable[[str], int]) -> list[tuple[str, str]]:
    sentences = pieces_with_separators(paragraph, SENTENCE_BREAK)
    for sentence, _sep in sentences:
        tokens = count(sentence)
        if tokens > budget:
            raise PieceTooLongError(tokens, budget, sentence)
    return sentences
