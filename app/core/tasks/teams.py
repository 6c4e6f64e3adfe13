"""Teams that feedback and unanswered questions are routed to, each with a one-line description.

The model only sees the names and descriptions, so the description is what lets it pick the right team.
Users edit the list as plain text ("Name: description" per line); ``parse_teams`` and ``format_teams``
convert both ways so a text box round-trips.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Team:
    name: str
    description: str = ""


DEFAULT_TEAMS: tuple[Team, ...] = (
    Team("Support", "Help with using the product, accounts and how-to questions."),
    Team("Billing", "Invoices, payments, refunds, prices and subscriptions."),
    Team("Shipping", "Delivery times, lost or damaged parcels, returns and tracking."),
    Team("Product", "Bugs, missing features, quality problems and ideas for the product."),
    Team("Sales", "Quotes, bulk orders, partnerships and questions before buying."),
)


def parse_teams(text: str) -> tuple[Team, ...]:
    """Read "Name: description" lines; blank lines are skipped, a line without ":" is a bare name.

    Raises ``ValueError`` naming the line for an empty name or a name used twice (case-insensitive),
    because two teams with one name cannot be told apart in the model's answer.
    """
    teams: list[Team] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        name, _, description = line.partition(":")
        name = " ".join(name.split())
        if not name:
            raise ValueError(f"Line {number}: a team needs a name before the ':' ({line!r}).")
        key = name.casefold()
        if key in seen:
            raise ValueError(
                f"Line {number}: team {name!r} is already defined on line {seen[key]}; "
                "give each team a different name."
            )
        seen[key] = number
        teams.append(Team(name, " ".join(description.split())))
    return tuple(teams)


def format_teams(teams: Iterable[Team]) -> str:
    """The inverse of ``parse_teams``: one "Name: description" line per team."""
    return "\n".join(f"{t.name}: {t.description}" if t.description else t.name for t in teams)
