"""What the feedback dashboard shows, computed without Qt: counts per sentiment, topic, urgency, team,
and the items behind a chart selection.

Sentiments and urgencies keep their fixed order with zeros included, so a chart's bars never move;
topics and teams are sorted by count (ties in the order given, then first seen), so the biggest is first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.core.tasks.feedback import SENTIMENTS, URGENCIES, FeedbackItem


@dataclass(frozen=True)
class FeedbackSummary:
    total: int
    sentiment_counts: dict[str, int]
    topic_counts: dict[str, int]
    """An item with several topics counts once under each; so the counts may add up to more than ``total``."""
    urgency_counts: dict[str, int]
    team_counts: dict[str, int]


def _ranked(values: Iterable[str], seed: Sequence[str]) -> dict[str, int]:
    """Counts of ``values`` with every ``seed`` name present (zeros kept), largest first; the sort is
    stable, so ties keep the seed's order, then first appearance."""
    counts = dict.fromkeys(seed, 0)
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return dict(sorted(counts.items(), key=lambda pair: -pair[1]))


def summarize(
    items: Sequence[FeedbackItem], *, topics: Sequence[str] = (), teams: Sequence[str] = ()
) -> FeedbackSummary:
    """Counts for the charts. ``topics`` and ``teams`` (the setup's lists) add zero bars for names no
    item used, so the chart shows what was possible, not only what happened."""
    sentiment_counts = dict.fromkeys(SENTIMENTS, 0)
    urgency_counts = dict.fromkeys(URGENCIES, 0)
    for item in items:
        sentiment_counts[item.sentiment] = sentiment_counts.get(item.sentiment, 0) + 1
        urgency_counts[item.urgency] = urgency_counts.get(item.urgency, 0) + 1
    return FeedbackSummary(
        total=len(items),
        sentiment_counts=sentiment_counts,
        topic_counts=_ranked((topic for item in items for topic in item.topics), topics),
        urgency_counts=urgency_counts,
        team_counts=_ranked((item.team for item in items), teams),
    )


def filter_items(
    items: Sequence[FeedbackItem],
    *,
    sentiment: str | None = None,
    topic: str | None = None,
    urgency: str | None = None,
    team: str | None = None,
) -> list[int]:
    """Indices of the items matching every given selection (``None`` matches all), in order.

    Names match ignoring case, so a chart label and a hand-edited cell agree.
    """

    def same(value: str, wanted: str | None) -> bool:
        return wanted is None or value.casefold() == wanted.casefold()

    return [
        index
        for index, item in enumerate(items)
        if same(item.sentiment, sentiment)
        and same(item.urgency, urgency)
        and same(item.team, team)
        and (topic is None or any(same(t, topic) for t in item.topics))
    ]
