"""The user's topics, teams and labels, kept between runs in one small JSON file in the data folder.

A file that cannot be read never stops the app: each list that is missing or broken falls back to
its default, and ``load_lists`` returns a warning for the user. A broken file is first copied aside
(``analysis_lists.json.broken``) so that the next save does not destroy what the user may want back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.atomic_files import atomic_write_bytes, atomic_write_text
from app.core.tasks.classify import DEFAULT_LABELS, Label
from app.core.tasks.feedback import DEFAULT_TOPICS, check_names
from app.core.tasks.teams import DEFAULT_TEAMS, Team

FILE_NAME = "analysis_lists.json"
VERSION = 1


@dataclass(frozen=True)
class AnalysisLists:
    topics: tuple[str, ...] = DEFAULT_TOPICS
    teams: tuple[Team, ...] = DEFAULT_TEAMS
    labels: tuple[Label, ...] = DEFAULT_LABELS


def lists_file(data_dir: Path) -> Path:
    return data_dir / FILE_NAME


def _names(raw: Any, kind: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(item, str) and item.strip() for item in raw):
        raise ValueError(f"{kind} is not a list of names")
    names = tuple(item.strip() for item in raw)
    check_names(kind.rstrip("s"), names)
    return names


def _pairs(raw: Any, kind: str) -> list[tuple[str, str]]:
    if not isinstance(raw, list):
        raise ValueError(f"{kind} is not a list")
    pairs = []
    for entry in raw:
        if not isinstance(entry, dict):
            raise ValueError(f"an entry of {kind} is not an object")
        name, description = entry.get("name"), entry.get("description", "")
        if not isinstance(name, str) or not name.strip() or not isinstance(description, str):
            raise ValueError(f"an entry of {kind} has no name")
        pairs.append((name.strip(), description.strip()))
    check_names(kind.rstrip("s"), [name for name, _ in pairs])
    return pairs


def load_lists(data_dir: Path) -> tuple[AnalysisLists, str | None]:
    """The saved lists and ``None``, or the defaults (for the unreadable parts) and a warning to show.

    A missing file is not a problem: it gives the defaults and no warning.
    """
    path = lists_file(data_dir)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return AnalysisLists(), None
    except OSError as exc:
        return AnalysisLists(), f"{path} cannot be read ({exc.strerror}); the default lists are used."
    try:
        table = json.loads(data.decode("utf-8"))
        if not isinstance(table, dict):
            raise ValueError("it does not hold an object")
    except (UnicodeDecodeError, ValueError) as exc:
        return AnalysisLists(), _broken(path, data, f"it is not valid JSON ({exc})", "lists")
    defaults = AnalysisLists()
    topics, teams, labels = defaults.topics, defaults.teams, defaults.labels
    problems: dict[str, str] = {}
    if "topics" in table:
        try:
            topics = _names(table["topics"], "topics")
        except ValueError as exc:
            problems["topics"] = str(exc)
    if "teams" in table:
        try:
            teams = tuple(Team(n, d) for n, d in _pairs(table["teams"], "teams"))
        except ValueError as exc:
            problems["teams"] = str(exc)
    if "labels" in table:
        try:
            labels = tuple(Label(n, d) for n, d in _pairs(table["labels"], "labels"))
        except ValueError as exc:
            problems["labels"] = str(exc)
    lists = AnalysisLists(topics, teams, labels)
    if not problems:
        return lists, None
    return lists, _broken(path, data, "; ".join(problems.values()), " and ".join(problems))


def _broken(path: Path, data: bytes, why: str, what: str) -> str:
    backup = path.with_name(path.name + ".broken")
    try:
        atomic_write_bytes(backup, data)
        kept = f" The file was copied to {backup.name}."
    except OSError:
        kept = ""
    return f"{path.name} could not be read fully: {why}. The default {what} are used.{kept}"


def save_lists(data_dir: Path, lists: AnalysisLists) -> None:
    """Write the lists in one step (a crash leaves the old file or the new one, never half of one)."""
    table = {
        "version": VERSION,
        "topics": list(lists.topics),
        "teams": [{"name": t.name, "description": t.description} for t in lists.teams],
        "labels": [{"name": lb.name, "description": lb.description} for lb in lists.labels],
    }
    data_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_text(lists_file(data_dir), json.dumps(table, ensure_ascii=False, indent=2) + "\n")
