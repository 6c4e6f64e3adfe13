"""Which FAQ entries the model is shown for a question: the whole FAQ when it fits, else the best by BM25.

Words are Unicode ``\\w+`` runs, case-folded, with a short list of English stopwords removed and a light,
conservative English suffix stripping ("refunds", "refunded" and "refunding" all become "refund"), so a
paraphrase that shares a word stem with an entry finds it. The question's words count twice in an entry's
text, because a customer's question usually resembles the FAQ's question more than its answer.

BM25Okapi gives a word found in more than half of the entries a negative IDF, and its floor for those
(a fraction of the average IDF) is itself negative in a small FAQ where most words are shared. Here every
IDF is floored at a small positive value, so a shared word never counts against an entry and a score
above zero means exactly "shares at least one word with the question" (``shares_words``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from rank_bm25 import BM25Okapi

from app.core.tasks.faq_source import FaqEntry

_WORD = re.compile(r"\w+")
_STOPWORD_TEXT = """
    a an the and or but if then else of to in on at by for with from into onto about as than so
    is are was were be been being am do does did doing done have has had having will would shall should
    can could may might must i me my mine we us our ours you your yours he him his she her hers it its
    they them their theirs this that these those there here what which who whom whose when where why how
    not no yes all any some each every more most other such only own same too very just also s t
    get got please hi hello thanks thank
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
"""Words too common to tell FAQ entries apart; question words are here so "how do I" matches nothing."""

Retrieval = Literal["whole", "bm25"]
_IDF_FLOOR_SHARE = 0.25


def _stem(word: str) -> str:
    """Strip one common English ending, then a doubled last letter and a final "e", so that "ship",
    "ships", "shipped" and "shipping" meet at "ship". Short words are left alone."""
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith("ing") and len(word) >= 6:
        word = word[:-3]
    elif word.endswith("ed") and len(word) >= 6:
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) >= 4:
        word = word[:-1]
    if len(word) >= 4 and word[-1] == word[-2] and word[-1].isalpha() and word[-1] not in "aeiosy":
        word = word[:-1]
    if len(word) >= 4 and word.endswith("e"):
        word = word[:-1]
    return word


def tokenize(text: str) -> list[str]:
    """The words of ``text`` that carry meaning, normalised for matching."""
    return [_stem(word) for word in _WORD.findall(text.casefold()) if word not in STOPWORDS]


def entry_tokens(entry: FaqEntry) -> list[str]:
    """An entry's words as indexed: its question twice, then its answer."""
    question = tokenize(entry.question)
    return question + question + tokenize(entry.answer)


def shares_words(question: str, entries: Iterable[FaqEntry]) -> bool:
    """True when the question has at least one meaningful word in common with some entry.

    This is the retrieval gate: a question that shares no word with the FAQ cannot be answered from it.
    """
    words = set(tokenize(question))
    return bool(words) and any(words.intersection(entry_tokens(entry)) for entry in entries)


class FaqIndex:
    """BM25 over the entries, built once and then only read (safe to share between threads)."""

    def __init__(self, entries: Sequence[FaqEntry]) -> None:
        self.entries = tuple(entries)
        corpus = [entry_tokens(entry) for entry in self.entries]
        # rank_bm25 divides by the corpus's word count: an FAQ of stopwords only has nothing to rank
        self._bm25: BM25Okapi | None = BM25Okapi(corpus) if any(corpus) else None
        if self._bm25 is not None:
            idf: dict[str, float] = self._bm25.idf
            positive = [value for value in idf.values() if value > 0]
            floor = _IDF_FLOOR_SHARE * (sum(positive) / len(positive) if positive else 1.0)
            for word, value in idf.items():
                idf[word] = max(value, floor)

    def rank(self, question: str, k: int) -> list[tuple[FaqEntry, float]]:
        """The ``k`` best entries for ``question``, best first; only entries that share a word with it."""
        words = tokenize(question)
        if self._bm25 is None or not words or k <= 0:
            return []
        scores = self._bm25.get_scores(words)
        order = sorted(range(len(self.entries)), key=lambda i: (-float(scores[i]), i))
        return [(self.entries[i], float(scores[i])) for i in order[:k] if scores[i] > 0]


@dataclass(frozen=True)
class Selection:
    entries: tuple[FaqEntry, ...]
    """What the model is shown: the whole FAQ in file order, or the BM25 ranking, best first."""
    method: Retrieval
    dropped: int
    """Entries left out (not matching, or not fitting the context)."""


def select_entries(
    entries: Sequence[FaqEntry],
    question: str,
    fits: Callable[[Sequence[FaqEntry]], bool],
    *,
    index: FaqIndex | None = None,
) -> Selection:
    """The whole FAQ when ``fits`` accepts it, else as many BM25-ranked entries as fit.

    ``fits`` must be monotonic (fewer entries never fit worse), which prompt token counts are; the
    count is found by binary search, so a large FAQ costs a handful of token counts, not one per entry.
    Pass ``index`` to reuse one built for the same entries.
    """
    everything = tuple(entries)
    if fits(everything):
        return Selection(everything, "whole", 0)
    ranked = [entry for entry, _ in (index or FaqIndex(everything)).rank(question, len(everything))]
    low, high = 0, len(ranked)  # fits(ranked[:low]) is known (or taken) to hold; find the largest
    while low < high:
        middle = (low + high + 1) // 2
        if fits(ranked[:middle]):
            low = middle
        else:
            high = middle - 1
    return Selection(tuple(ranked[:low]), "bm25", len(everything) - low)
