"""Character limits: count the way the channels count, and cut where a reader would not notice.

Marketplaces count characters (code points) of the visible text; so do we. A cut prefers the end of a
sentence, then the end of a word, and never leaves dangling punctuation or an opening bracket behind.
"""

from __future__ import annotations

import re
import unicodedata

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s|$)|[。！？][」』\"'”’)\]）]*")
"""A sentence end: Western punctuation before a space (so "1.5" is not one), CJK punctuation anywhere."""
_TRAILING_JUNK = " \t\n,;:-–—/(\"'“‘[{&"


def char_count(text: str) -> int:
    """Characters as a person (and Amazon, Shopify, Etsy) counts them: NFC code points."""
    return len(unicodedata.normalize("NFC", text))


def cut_at_sentence(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters: at the last sentence end that keeps at least a
    third of the allowance, else at the last word end, else hard. Text within the limit is returned
    as it is (trimmed)."""
    text = unicodedata.normalize("NFC", text).strip()
    if limit <= 0:
        return ""
    if len(text) <= limit:
        return text
    window = text[:limit]
    # matched in the whole text: what follows the window decides whether a '.' ends a sentence
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, limit + 1) if m.end() <= limit]
    if ends and ends[-1] >= limit // 3:
        return window[: ends[-1]].strip()
    # the character after the window tells whether the window ends inside a word
    if not text[limit].isspace():
        space = max((i for i, char in enumerate(window) if char.isspace()), default=-1)
        if space >= limit // 3:
            window = window[:space]
    return window.rstrip(_TRAILING_JUNK) or window[:limit].strip()


def keyword_present(keyword: str, text: str) -> bool:
    """Case-insensitive whole-word match that tolerates plurals ("bottle" in "bottles")."""
    words = [re.escape(part) for part in keyword.casefold().split()]
    if not words:
        return True
    pattern = r"(?<!\w)" + r"[\s\-]+".join(words) + r"(?:s|es)?(?!\w)"
    return re.search(pattern, text.casefold()) is not None


def missing_keywords(keywords: list[str], texts: list[str]) -> list[str]:
    joined = "\n".join(texts)
    return [keyword for keyword in keywords if not keyword_present(keyword, joined)]
