"""Dashboard numbers: fixed-order sentiment and urgency counts, ranked topics and teams, filters."""

from __future__ import annotations

from app.core.tasks.feedback import FeedbackItem
from app.core.tasks.feedback_summary import filter_items, summarize


def item(
    sentiment: str, topics: tuple[str, ...], urgency: str = "low", team: str = "Support"
) -> FeedbackItem:
    return FeedbackItem(sentiment, 50, topics, "s", urgency, team)


ITEMS = [
    item("negative", ("delivery", "support"), "high", "Shipping"),
    item("negative", ("delivery",), "medium", "Shipping"),
    item("positive", ("price",)),
    item("negative", ("price", "delivery"), "high", "Billing"),
]


def test_counts_for_the_charts() -> None:
    summary = summarize(ITEMS)
    assert summary.total == 4
    assert list(summary.sentiment_counts.items()) == [("positive", 1), ("neutral", 0), ("negative", 3)]
    assert list(summary.urgency_counts.items()) == [("low", 1), ("medium", 1), ("high", 2)]
    assert list(summary.topic_counts.items()) == [("delivery", 3), ("price", 2), ("support", 1)]
    assert list(summary.team_counts.items()) == [("Shipping", 2), ("Support", 1), ("Billing", 1)]


def test_the_setups_lists_add_zero_bars_and_order_ties() -> None:
    summary = summarize(ITEMS, topics=("quality", "support", "price", "delivery"), teams=("Sales", "Billing"))
    assert list(summary.topic_counts.items()) == [
        ("delivery", 3),
        ("price", 2),
        ("support", 1),
        ("quality", 0),
    ]
    assert list(summary.team_counts.items()) == [
        ("Shipping", 2),
        ("Billing", 1),
        ("Support", 1),
        ("Sales", 0),
    ]


def test_nothing_to_count() -> None:
    summary = summarize([])
    assert summary.total == 0
    assert summary.sentiment_counts == {"positive": 0, "neutral": 0, "negative": 0}
    assert summary.topic_counts == {} and summary.team_counts == {}


def test_filters_give_the_items_behind_a_chart_selection() -> None:
    assert filter_items(ITEMS) == [0, 1, 2, 3]
    assert filter_items(ITEMS, sentiment="negative") == [0, 1, 3]
    assert filter_items(ITEMS, topic="Delivery") == [0, 1, 3]
    assert filter_items(ITEMS, sentiment="negative", topic="price") == [3]
    assert filter_items(ITEMS, urgency="high", team="shipping") == [0]
    assert filter_items(ITEMS, sentiment="neutral") == []
    # the counts and the filters agree for every bar
    summary = summarize(ITEMS)
    for topic, count in summary.topic_counts.items():
        assert len(filter_items(ITEMS, topic=topic)) == count
    for sentiment, count in summary.sentiment_counts.items():
        assert len(filter_items(ITEMS, sentiment=sentiment)) == count
