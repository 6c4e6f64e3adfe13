"""Mask what a translation must not touch, and put it back afterwards.

Before the model sees a segment, every protected span (do-not-translate terms, URLs, e-mail addresses,
inline code, Markdown link targets, ``{name}``/``%s`` placeholders, tags, HTML entities; see
``protect_patterns``) is replaced by a numbered placeholder ``[1]``, ``[2]``, ...; after translation the
placeholders are replaced by the original text, so a DNT term comes back exactly as the source wrote it.

Why ``[N]``: measured with the starter model (SmolLM2-135M-Instruct Q4_1, greedy), translating 20 English
sentences with 1-3 placeholders into German, the prompt asking to copy markers "such as [1]" (in the form
under test) unchanged; "exact" = every placeholder back exactly once and none invented, "tolerant" = each
found exactly once by a lenient pattern like the one ``restore`` uses:

    form      system-prompt instruction    instruction in the user message
              exact   tolerant             exact   tolerant
    [1]       7/20    10/20                12/20   16/20
    ⟦1⟧       7/20     7/20                 3/20    3/20
    {1}       6/20     6/20                 6/20    6/20
    <x1/>     3/20     4/20                 2/20    7/20
    __1__     3/20     3/20                   -       -
    @@1@@     2/20     3/20                   -       -

The tiny model often answers something else entirely, so no form is reliable; that is why ``restore``
reports what is missing and the translation step checks and retries. ``[N]`` is the best of the forms.

Collisions: a bracketed number already in the source (a footnote "[1]", "［2］") is itself a protected
span, so every bracketed number in the masked text is ours. ``restore`` accepts what small models do to
a placeholder (inner spaces, full-width or lenticular brackets) but never invents: a number that is not
ours is reported in ``extra`` and left out of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.translation.glossary import Glossary
from app.core.translation.protect_patterns import BRACKET_NUMBER, SpanKind, find_spans

PLACEHOLDER_PATTERN = re.compile(r"\[\d+\]")
"""The exact form ``protect`` writes; ``segment_split`` never cuts inside one."""

_RESTORE = re.compile(r"(?P<lead>[ \t])?" + BRACKET_NUMBER.pattern)
_CLOSING_PUNCTUATION = ".,;:!?)]}»"


@dataclass(frozen=True)
class Protected:
    """``masked`` is sent to the model; ``spans[i]`` is the original text behind placeholder ``[i+1]``."""

    masked: str
    spans: tuple[str, ...]
    kinds: tuple[SpanKind, ...]


@dataclass(frozen=True)
class Restored:
    """``missing``: originals whose placeholder did not come back (nor the original text itself);
    ``extra``: placeholders that came back more than once or that were never ours, as written."""

    text: str
    missing: tuple[str, ...]
    extra: tuple[str, ...]
    problems: tuple[str, ...]
    """What a check of ``text`` cannot see any more: invented markers, which were left out."""

    @property
    def ok(self) -> bool:
        return not self.missing and not self.extra


def placeholder(index: int) -> str:
    """The placeholder for ``spans[index]``."""
    return f"[{index + 1}]"


def protect(text: str, glossary: Glossary | None) -> Protected:
    parts: list[str] = []
    spans: list[str] = []
    kinds: list[SpanKind] = []
    position = 0
    for span in find_spans(text, glossary):
        parts += [text[position : span.start], placeholder(len(spans))]
        spans.append(text[span.start : span.end])
        kinds.append(span.kind)
        position = span.end
    parts.append(text[position:])
    return Protected("".join(parts), tuple(spans), tuple(kinds))


def restore(protected: Protected, translated: str) -> Restored:
    spans = protected.spans
    seen: set[int] = set()
    extra: list[str] = []
    problems: list[str] = []

    def put_back(match: re.Match[str]) -> str:
        lead = match.group("lead") or ""
        token = match.group()[len(lead) :]
        number = int(match.group("number"))
        if 1 <= number <= len(spans):
            if number in seen:
                extra.append(token)
            seen.add(number)
            return lead + spans[number - 1]
        extra.append(token)
        problems.append(f"The translation added a marker {token} that is not in the source; it was left out")
        following = match.string[match.end() : match.end() + 1]
        if lead and (not following or following.isspace() or following in _CLOSING_PUNCTUATION):
            return ""
        return lead

    text = _RESTORE.sub(put_back, translated)
    missing = tuple(
        original
        for number, original in enumerate(spans, start=1)
        if number not in seen and original not in translated
    )
    return Restored(text, missing, tuple(extra), tuple(problems))
