"""Check a translated segment against its source: what must come back unchanged, and glossary use.

Failures (``problems``) are what breaks the document or the user's promise: an empty translation; a
number, URL, e-mail address, placeholder, inline code, link target or tag of the source that is missing,
duplicated or changed; a do-not-translate term missing or in another casing. Preferred glossary
translations that were not used and a text that came back unchanged are warnings: a translator may have
good reasons, and names or short labels legitimately stay the same.

A model's answer is more than a translation to check: it may repeat the prompt around the text
(:func:`repeated_instructions`), open with a label such as "German:" (:func:`strip_label`), or break a
one-paragraph text into several (:func:`added_paragraphs`). These look at the raw answer of one request.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from app.core.translation.glossary import Glossary, Term
from app.core.translation.protect_patterns import KIND_NAMES, Span, find_spans, term_pattern

_NUMBER = re.compile(r"(?<!\w)\d+(?:(?:[.,'’]|[ \u00a0\u202f\u2009])\d{3}(?!\d))*(?:[.,]\d+)?")
"""A number as written in any common locale: "1,234.5", "1.234,5", "1 234,5", "1'234.5"."""
_SPACE_GROUP = re.compile(r"[ \u00a0\u202f\u2009]")
_SOURCE_PLURAL = r"(?:e?s)?"
_TARGET_INFLECTION = r"(?:s|e|n|en|es|er|ern|em|ens|nen)?"
"""Endings a preferred translation may take in the target (German, Dutch, Romance plurals, ...)."""
_LETTER_WORD = re.compile(r"[^\W\d_]+")
_ADDED_IS_FINE = {"entity"}
"""Kinds the translation may add on its own (a ``&nbsp;`` before a French colon)."""
UNTRANSLATED_MIN_WORDS = 4
INSTRUCTIONS_REPEATED = "The answer repeats the instructions"
PARAGRAPHS_ADDED = "The answer has paragraphs the source does not have"
SCAFFOLD_MIN_WORDS = 2
"""A prompt line shorter than this ("Text:") may be an ordinary word of a translation."""
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_LIST_MARK = re.compile(r"^(?:[-*•]\s+)+")
_SOURCE_LABEL = re.compile(r"^\s*[^\W\d_][^\W_]*(?:[ '’-][^\W_]+){0,3}\s*:(?!\S)")
"""A text that itself opens with a short label ("Note:", "Step 2:"): its translation keeps one."""


@dataclass(frozen=True)
class CheckResult:
    problems: tuple[str, ...]
    """Failures, in words the user reads."""
    term_misses: tuple[Term, ...] = ()
    """Preferred glossary translations the source called for but the translation does not use."""
    untranslated: bool = False
    """The translation is the source copied unchanged (a warning: names and labels may stay the same)."""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def warnings(self) -> tuple[str, ...]:
        notes = [
            f"The preferred translation {t.target!r} for {t.source!r} was not used" for t in self.term_misses
        ]
        if self.untranslated:
            notes.append("The text came back untranslated")
        return tuple(notes)


def check_translation(source: str, translated: str, glossary: Glossary | None) -> CheckResult:
    if not translated.strip():
        return CheckResult(() if not source.strip() else ("The translation is empty",))
    source_spans = find_spans(source)
    translated_spans = find_spans(translated)
    problems = _span_problems(source, source_spans, translated, translated_spans)
    problems += _number_problems(_blank(source, source_spans), _blank(translated, translated_spans))
    misses: tuple[Term, ...] = ()
    if glossary is not None:
        problems += _dnt_problems(source, translated, glossary)
        misses = _term_misses(source, translated, glossary)
    return CheckResult(tuple(problems), misses, _is_untranslated(source, translated))


def _span_problems(source: str, source_spans: list[Span], translated: str, spans: list[Span]) -> list[str]:
    wanted = Counter(source[s.start : s.end] for s in source_spans)
    kinds = {source[s.start : s.end]: s.kind for s in source_spans}
    found = Counter(translated[s.start : s.end] for s in spans)
    problems: list[str] = []
    for text, count in wanted.items():
        name = f"{KIND_NAMES[kinds[text]]} {_short(text)}"
        if not found[text]:
            problems.append(f"The {name} is missing")
        elif found[text] != count:
            problems.append(_miscount(name, found[text], count))
    for span in spans:
        text = translated[span.start : span.end]
        if text not in wanted and span.kind not in _ADDED_IS_FINE:
            problems.append(
                f"The translation has a {KIND_NAMES[span.kind]} {_short(text)} that the source does not have"
            )
            wanted[text] = 1  # report each added text once
    return problems


def _number_problems(source: str, translated: str) -> list[str]:
    """Digit sequences compared as numbers: separators may follow the target's conventions, and a date
    or a number may be regrouped ("12/31" -> "31.12.") as long as the digits are there."""
    written = [(match.group(), _digits(match.group())) for match in _NUMBER.finditer(source)]
    wanted = Counter(value for _, value in written)
    whole = Counter(_digits(match.group()) for match in _NUMBER.finditer(translated))
    runs = Counter(_digits(run) for run in re.findall(r"\d+", translated))
    problems: list[str] = []
    reported: set[str] = set()
    for text, value in written:
        have = max(whole[value], runs[value])
        if value in reported or have >= wanted[value]:
            continue
        parts = [_digits(part) for part in _SPACE_GROUP.split(text)]
        if len(parts) > 1 and all(whole[part] or runs[part] for part in parts):
            continue  # "2024 100" read as one grouped number in the source, two numbers in the target
        reported.add(value)
        if have:
            problems.append(_miscount(f"number {text}", have, wanted[value]))
        else:
            problems.append(f"The number {text} is missing")
    return problems


def _dnt_problems(source: str, translated: str, glossary: Glossary) -> list[str]:
    problems: list[str] = []
    for term in glossary.dnt_terms:
        pattern = term_pattern(term.source, term.case_sensitive)
        written = [match.group() for match in pattern.finditer(source)]
        if not written:
            continue
        found = [match.group() for match in pattern.finditer(translated)]
        if not found:
            problems.append(f"The term {written[0]} is missing")
        elif len(found) < len(written):
            problems.append(_miscount(f"term {written[0]}", len(found), len(written)))
        else:
            exact = Counter(found)
            problems += [
                f"The term {form} was changed"
                for form, count in Counter(written).items()
                if exact[form] < count
            ]
    return problems


def _term_misses(source: str, translated: str, glossary: Glossary) -> tuple[Term, ...]:
    misses: list[Term] = []
    for term in glossary.preferred_terms:
        if not term_pattern(term.source, term.case_sensitive, _SOURCE_PLURAL).search(source):
            continue
        if not term_pattern(term.target, False, _TARGET_INFLECTION).search(translated):
            misses.append(term)
    return tuple(misses)


def _is_untranslated(source: str, translated: str) -> bool:
    if len(_LETTER_WORD.findall(source)) < UNTRANSLATED_MIN_WORDS:
        return False
    return " ".join(source.split()).casefold() == " ".join(translated.split()).casefold()


def _blank(text: str, spans: list[Span]) -> str:
    """``text`` with the protected spans replaced by spaces, so their digits are not counted as numbers."""
    parts: list[str] = []
    position = 0
    for span in spans:
        parts += [text[position : span.start], " "]
        position = span.end
    parts.append(text[position:])
    return "".join(parts)


def _digits(number: str) -> str:
    """The number's digits as ASCII, without leading zeros: separators and scripts do not matter."""
    return "".join(str(unicodedata.decimal(ch)) for ch in number if ch.isdecimal()).lstrip("0") or "0"


def _miscount(name: str, found: int, wanted: int) -> str:
    return f"The {name} appears {_times(found)} in the translation, {_times(wanted)} in the source"


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ------------------------------------------------------------------ the raw answer of one request


def _flat(text: str) -> str:
    """Casefolded, one space between words, list marks and closing colon or stop left off."""
    return " ".join(_LIST_MARK.sub("", text.strip()).casefold().split()).rstrip(":.").strip()


def repeated_instructions(source: str, answer: str, scaffold: Iterable[str]) -> tuple[str, ...]:
    """The lines of the prompt around the text (instructions, glossary lines, context) that the answer
    repeats although the source does not contain them: a small model often answers with its prompt, and
    such an answer keeps every number and term, so no other check sees it. Lines of fewer than
    ``SCAFFOLD_MIN_WORDS`` words are left out; they may be ordinary words of the translation."""
    flat_answer = " ".join(answer.casefold().split())
    flat_source = " ".join(source.casefold().split())
    found: list[str] = []
    for line in scaffold:
        flat = _flat(line)
        if len(_LETTER_WORD.findall(flat)) < SCAFFOLD_MIN_WORDS or line in found:
            continue
        pattern = re.compile(rf"(?<!\w){re.escape(flat)}(?!\w)")
        if pattern.search(flat_answer) and not pattern.search(flat_source):
            found.append(line)
    return tuple(found)


@lru_cache(maxsize=64)
def _label_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    name = "(?:" + "|".join(r"\s+".join(map(re.escape, n.split())) for n in names if n.strip()) + ")"
    to = r"\s+(?:in|into|to)\s+"
    kinds = (
        rf"(?:(?:the|a|your)\s+)?(?:{name}\s+)?translation(?:{to}{name})?",
        rf"translated{to}{name}",
        r"(?:the\s+)?translated\s+(?:text|version|sentence)",
        rf"translate{to}{name}",
        rf"(?:(?:the|in)\s+)?{name}(?:\s+(?:text|version))?",
    )
    return re.compile(
        rf"^\s*(?:here(?:\s+is|'s|’s)\s+)?(?:{'|'.join(kinds)})\s*:[^\S\n]*(?:\n|(?=\S))",
        re.IGNORECASE,
    )


def strip_label(answer: str, source: str, target_names: Sequence[str]) -> str:
    """``answer`` without one leading label naming the translation or the target language ("German:",
    "The German:", "Translation:", "Here is the German translation:", "Translate into German:").

    Narrow on purpose: only at the very start, only these shapes, only the target language's names, one
    label at most, and never when the source itself opens with a short label (a source "German: Deutsch"
    translated into German keeps its "Deutsch:"). An answer that is nothing but a label is left as is."""
    if not target_names or _SOURCE_LABEL.match(source):
        return answer
    match = _label_pattern(tuple(target_names)).match(answer)
    if match is None or not answer[match.end() :].strip():
        return answer
    return answer[match.end() :].strip()


_QUOTE_PAIRS = {'"': '"', "“": "”", "„": "“", "«": "»", "»": "«", "‚": "‘", "'": "'", "「": "」"}


def strip_quotes(answer: str, source: str) -> str:
    """``answer`` without one pair of quotation marks around all of it, when the source has none there:
    small models often quote their translation ("The translated text: \"…\"")."""
    text = answer.strip()
    if len(text) < 2 or source.strip()[:1] in _QUOTE_PAIRS:
        return answer
    closing = _QUOTE_PAIRS.get(text[0])
    inner = text[1:-1]
    if closing is None or text[-1] != closing or text[0] in inner or closing in inner:
        return answer
    return inner.strip() or answer


def join_lines(source: str, answer: str) -> str:
    """A one-line source's answer on one line: a single line break there is a label or a wrap the model
    added, and a format would keep it (a PO msgstr, a subtitle, a table cell). Blank lines are left for
    :func:`added_paragraphs` to fail."""
    if "\n" in source.strip() or _BLANK_LINE.search(answer.strip()):
        return answer
    return " ".join(line.strip() for line in answer.splitlines() if line.strip())


def added_paragraphs(source: str, answer: str) -> bool:
    """Whether a one-paragraph source got an answer of several paragraphs. A format rebuilds its text
    from the translation, so a blank line would become a new paragraph (plain text) or change the
    block (Markdown); and what a small model puts after a blank line is mostly a note, a second
    attempt or the source again, which joining would keep as translation."""
    return not _BLANK_LINE.search(source.strip()) and bool(_BLANK_LINE.search(answer.strip()))
