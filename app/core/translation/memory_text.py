"""How the translation memory compares texts and language codes.

Exact matching forgives what a translator never means: runs of spaces, tabs and line breaks, leading and
trailing space, and composed versus decomposed accents (NFC). It keeps letter case, since "May" and "may"
can need different translations. Language codes compare without case and with ``_`` read as ``-``, so
``pt_BR``, ``pt-br`` and ``PT-BR`` are one language.

The full-text index sees words: runs of letters, digits and combining marks (:data:`TOKENIZER`; the
default tokenizer would cut Hindi words at their vowel signs). Scripts written without spaces between
words (Chinese, Japanese, Thai, Lao, Khmer, Myanmar) are indexed one character (with its marks) per token,
so a sentence in those scripts still finds its neighbours by the characters it shares with them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACE = re.compile(r"\s+")
_LANGUAGE = re.compile(r"^[a-z]{2,8}(-[a-z0-9]{1,8})*$")
_CJK = (
    "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3040-\u3098\u309b-\u30ff\u31f0-\u31ff"  # radicals, kana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"  # ideographs
)
_SPLIT_BLOCKS = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF))  # Thai, Lao, Myanmar, Khmer


def _chars(marks: bool) -> str:
    """The letters (or the combining marks) of the scripts written without spaces that have marks."""
    return "".join(
        chr(code)
        for low, high in _SPLIT_BLOCKS
        for code in range(low, high + 1)
        if unicodedata.category(chr(code)).startswith("M") == marks
        and unicodedata.category(chr(code)) != "Cn"
    )


# One "character" of an unspaced script: a letter with the marks that sit on it.
_UNSPACED = re.compile(f"((?:[{_CJK}]|[{re.escape(_chars(False))}])[{re.escape(_chars(True))}\u3099\u309a]*)")
# Letters, digits, private use and combining marks, as the index's tokenizer is configured (its
# ``categories``). Python's ``\w`` has no marks, so the mark blocks are listed; where the two still differ,
# this side keeps a character the tokenizer splits on, which only makes a query a phrase.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    "\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff\u1ab0-\u1aff\u1dc0-\u1dff"
    "\u20d0-\u20ff\u3099\u309a\ufe00-\ufe0f\ufe20-\ufe2f\ue000-\uf8ff"
)
_TOKEN = re.compile(f"(?:[^\\W_]|[{_MARKS}])+")
TOKENIZER = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
MAX_QUERY_WORDS = 64
TERM_BUDGET = 4000
"""Postings a fuzzy lookup may ask for: about 4 ms of SQLite and 2 ms of scoring on a slow machine."""


def normalise(text: str) -> str:
    """The form two sources share when they are the same segment: NFC, whitespace collapsed and trimmed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def text_key(source_lang: str, target_lang: str, norm: str) -> int:
    """A 64-bit hash of a pair and a normalised source: a small indexed column for exact lookups (the text
    is compared too, so a collision can never return the wrong entry)."""
    digest = hashlib.blake2b(f"{source_lang}\x00{target_lang}\x00{norm}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def language_key(code: str) -> str:
    """The stored form of a language code: ``pt_BR`` -> ``pt-br``. Raises ``ValueError`` for a code that is
    not shaped like a BCP 47 tag, so a typo never creates a language pair of its own."""
    key = code.strip().replace("_", "-").lower()
    if not _LANGUAGE.match(key):
        raise ValueError(f"{code!r} is not a language code (expected something like 'en', 'pt-BR')")
    return key


def primary_subtag(code: str) -> str:
    """``pt-br`` -> ``pt``: the language without region or script."""
    return code.split("-", 1)[0]


def display_language(code: str) -> str:
    """The conventional spelling of a stored code, as files exchanged with other tools expect it:
    ``pt-br`` -> ``pt-BR``, ``zh-hant`` -> ``zh-Hant``, ``es-419`` stays."""
    first, *rest = code.split("-")
    parts = [first]
    for part in rest:
        if len(part) == 4 and part.isalpha():
            parts.append(part.title())
        elif len(part) == 2 and part.isalpha():
            parts.append(part.upper())
        else:
            parts.append(part)
    return "-".join(parts)


def search_text(norm: str) -> str:
    """What the full-text index stores for a source: its text with unspaced scripts split per character."""
    return _UNSPACED.sub(r" \1 ", norm)


def index_terms(norm: str) -> list[str]:
    """The distinct words of a source, lower case as the index folds them (``ß`` stays), sorted."""
    return sorted(set(_TOKEN.findall(search_text(norm).lower())))


def candidate_query(terms: list[str], doc_counts: dict[str, int], budget: int = TERM_BUDGET) -> str | None:
    """An FTS5 query for entries that may resemble a source with these words (None: nothing can).

    Searching for every word would visit nearly every entry through words such as "the". A sentence that
    shares at least 75% of its characters with the source shares most of its words, rare ones included,
    so the query asks for the rarest words the memory holds, as many as fit in ``budget`` postings. One
    word alone is never enough (it may be the very word that was changed): when the budget admits only
    one, the query asks for entries with two of the three rarest words, which stays selective and still
    finds a sentence with any one of them changed.
    """
    held = sorted((term for term in terms if doc_counts.get(term, 0) > 0), key=lambda t: (doc_counts[t], t))
    if not held:
        return None
    chosen: list[str] = []
    total = 0
    for term in held[:MAX_QUERY_WORDS]:
        if chosen and total + doc_counts[term] > budget:
            break
        chosen.append(term)
        total += doc_counts[term]
    if len(chosen) == 1 and len(held) >= 3:
        a, b, c = (_quoted(term) for term in held[:3])
        return f"({a} AND {b}) OR ({a} AND {c}) OR ({b} AND {c})"
    return " OR ".join(_quoted(term) for term in (held if len(chosen) == 1 else chosen))


def _quoted(term: str) -> str:
    """A word as an FTS5 string, so no word is read as an operator."""
    return '"' + term.replace('"', '""') + '"'


def length_window(length: int, threshold: float) -> tuple[int, int]:
    """Lengths a candidate can have and still reach ``threshold``: the ratio is at most
    ``200 * shorter / (shorter + longer)``, so lengths too far apart are left out before scoring."""
    if threshold <= 0:
        return 0, 2**62
    threshold = min(threshold, 100.0)
    low = int(length * threshold / (200 - threshold))
    high = int(length * (200 - threshold) / threshold) + 1
    return low, high
