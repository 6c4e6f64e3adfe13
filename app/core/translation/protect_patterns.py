"""Find the spans of a text that a translation must carry over unchanged.

These are tokens, not a document grammar, so regular expressions are the right tool: URLs, e-mail
addresses, inline code, Markdown link targets, format placeholders, printf directives, tags, HTML
entities, bracketed numbers (they look like our own placeholders, see ``protect``) and do-not-translate
glossary terms. Overlapping matches are resolved leftmost first, then longest, so a URL that contains a
term stays one URL and "Acme Cloud Sync" wins over "Acme".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from app.core.translation.glossary import Glossary, Term

SpanKind = Literal[
    "term", "url", "email", "code", "link", "placeholder", "printf", "tag", "entity", "reference"
]

KIND_NAMES: dict[SpanKind, str] = {
    "term": "term",
    "url": "URL",
    "email": "e-mail address",
    "code": "inline code",
    "link": "link target",
    "placeholder": "placeholder",
    "printf": "placeholder",
    "tag": "tag",
    "entity": "HTML entity",
    "reference": "reference",
}
"""How each kind is named in messages the user reads."""

BRACKET_NUMBER = re.compile(r"[\[［【]\s{0,3}(?P<number>\d{1,6})\s{0,3}[\]］】]")
"""Our placeholder ``[N]`` and the forms a small model turns it into (spaces, full-width brackets)."""

_URL = re.compile(r"(?:(?:https?|ftp)://|www\.)[^\s<>\"'`]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?'\"»›)]}"
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")
# A code span ends at a backtick run as long as the one that opened it, and never crosses a blank line.
_CODE = re.compile(r"(?<!`)(`{1,2})(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.DOTALL)
_LINK_TARGET = re.compile(r"(?<=\])\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\)")
_PLACEHOLDER = re.compile(
    r"\$?\{\{\s*[\w.\-]+\s*\}\}"  # {{var}} ${{var}}
    r"|\$?\{[\w.\-\[\]]*(?:![rsa])?(?::[^{}\s]*)?\}"  # {name} {0} {} {0:.2f} ${var}
)
# "%%" is matched so that it is consumed (and skipped): "%%s" is a literal percent sign and an "s".
_PRINTF = re.compile(
    r"%%|%(?:\(\w+\)|\d+\$)?[-+0#]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|z|j|t|q)?[diouxXeEfFgGcsp@]"
)
_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s+(?:[^<>\"']|\"[^\"]*\"|'[^']*')*)?/?>")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: SpanKind
    term: Term | None = None


def find_spans(text: str, glossary: Glossary | None = None) -> list[Span]:
    """Non-overlapping protected spans of ``text`` in order; DNT terms only when a glossary is given."""
    candidates: list[Span] = [*_token_spans(text)]
    if glossary is not None:
        candidates += term_spans(text, glossary.dnt_terms)
    candidates.sort(key=lambda span: (span.start, -(span.end - span.start)))
    chosen: list[Span] = []
    end = 0
    for span in candidates:
        if span.start >= end and span.end > span.start:
            chosen.append(span)
            end = span.end
    return chosen


def term_spans(text: str, terms: Iterable[Term]) -> Iterator[Span]:
    """Every occurrence of each term as a whole word, in any casing unless the term is case-sensitive."""
    for term in terms:
        for match in term_pattern(term.source, term.case_sensitive).finditer(text):
            yield Span(match.start(), match.end(), "term", term)


@functools.lru_cache(maxsize=8192)  # a big glossary is matched against every segment of a document
def term_pattern(source: str, case_sensitive: bool, suffix: str = "") -> re.Pattern[str]:
    """Whole-word pattern for a term: any run of whitespace between its words, metacharacters literal.

    A boundary is only required where the term itself starts or ends with a word character, so "C++" and
    ".NET" match, and "Copydesk-based" or "Copydesk's" contain the term. ``suffix`` (a regex) may follow.
    """
    words = source.split()
    body = r"\s+".join(re.escape(word) for word in words)
    start = r"(?<!\w)" if re.match(r"\w", words[0]) else ""
    end = r"(?!\w)" if re.search(r"\w$", words[-1]) else ""
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(f"{start}{body}{suffix}{end}", flags)


def _token_spans(text: str) -> Iterator[Span]:
    for match in _URL.finditer(text):
        end = match.start() + len(_trim_url(match.group()))
        yield Span(match.start(), end, "url")
    yield from _simple(_EMAIL, text, "email")
    yield from _simple(_CODE, text, "code")
    yield from _simple(_LINK_TARGET, text, "link")
    yield from _simple(_PLACEHOLDER, text, "placeholder")
    for match in _PRINTF.finditer(text):
        if match.group() != "%%":
            yield Span(match.start(), match.end(), "printf")
    yield from _simple(_TAG, text, "tag")
    yield from _simple(_ENTITY, text, "entity")
    yield from _simple(BRACKET_NUMBER, text, "reference")


def _simple(pattern: re.Pattern[str], text: str, kind: SpanKind) -> Iterator[Span]:
    for match in pattern.finditer(text):
        yield Span(match.start(), match.end(), kind)


def _trim_url(url: str) -> str:
    """Drop sentence punctuation after a URL, but keep a closing bracket the URL itself opened."""
    while url and url[-1] in _URL_TRAILING:
        last = url[-1]
        opener = {")": "(", "]": "[", "}": "{"}.get(last)
        if opener and url.count(opener) >= url.count(last):
            break
        url = url[:-1]
    return url
