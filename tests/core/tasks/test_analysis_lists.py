"""The user's topics, teams and labels survive a restart; a broken file costs defaults, not the app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.tasks.analysis_lists import AnalysisLists, lists_file, load_lists, save_lists
from app.core.tasks.classify import DEFAULT_LABELS, Label
from app.core.tasks.feedback import DEFAULT_TOPICS
from app.core.tasks.teams import DEFAULT_TEAMS, Team

MINE = AnalysisLists(
    topics=("Passform", "Stoff", "Größe"),
    teams=(Team("Retouren", "Umtausch und Rücksendungen"), Team("VIP")),
    labels=(Label("lob"), Label("ärger", "Beschwerden aller Art")),
)


def test_missing_file_gives_the_defaults_quietly(tmp_path: Path) -> None:
    lists, warning = load_lists(tmp_path / "not yet")
    assert lists == AnalysisLists(DEFAULT_TOPICS, DEFAULT_TEAMS, DEFAULT_LABELS)
    assert warning is None


def test_saved_lists_load_back_unchanged(tmp_path: Path) -> None:
    data = tmp_path / "data"
    save_lists(data, MINE)
    assert load_lists(data) == (MINE, None)
    assert "Größe" in lists_file(data).read_text("utf-8")  # readable, not \\u-escaped
    save_lists(data, AnalysisLists())
    assert load_lists(data) == (AnalysisLists(), None)
    assert [p.name for p in data.iterdir()] == [lists_file(data).name]  # no temporary files left


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe\x00", b"[1, 2]", b""])
def test_a_corrupt_file_gives_defaults_a_warning_and_a_kept_copy(tmp_path: Path, content: bytes) -> None:
    lists_file(tmp_path).write_bytes(content)
    lists, warning = load_lists(tmp_path)
    assert lists == AnalysisLists()
    assert warning is not None
    assert "analysis_lists.json could not be read" in warning and "The default lists are used" in warning
    backup = tmp_path / "analysis_lists.json.broken"
    assert backup.read_bytes() == content and backup.name in warning
    save_lists(tmp_path, MINE)  # saving afterwards works and leaves the copy alone
    assert load_lists(tmp_path) == (MINE, None)
    assert backup.read_bytes() == content


def test_one_broken_list_does_not_cost_the_others(tmp_path: Path) -> None:
    save_lists(tmp_path, MINE)
    table = json.loads(lists_file(tmp_path).read_text("utf-8"))
    table["teams"] = [{"description": "no name"}]
    lists_file(tmp_path).write_text(json.dumps(table), "utf-8")
    lists, warning = load_lists(tmp_path)
    assert lists == AnalysisLists(MINE.topics, DEFAULT_TEAMS, MINE.labels)
    assert warning is not None
    assert "an entry of teams has no name" in warning and "The default teams are used" in warning


def test_a_file_from_an_older_version_fills_in_what_it_lacks(tmp_path: Path) -> None:
    lists_file(tmp_path).write_text(json.dumps({"topics": ["fit"]}), "utf-8")
    assert load_lists(tmp_path) == (AnalysisLists(topics=("fit",)), None)


def test_names_a_setup_would_refuse_are_caught_on_load(tmp_path: Path) -> None:
    table = {"topics": ["fit", "Fit"], "labels": [{"name": 'say "hi"'}, {"name": "ok"}]}
    lists_file(tmp_path).write_text(json.dumps(table), "utf-8")
    lists, warning = load_lists(tmp_path)
    assert lists == AnalysisLists()
    assert warning is not None
    assert "topic 'Fit' is listed twice" in warning and "cannot be used in names" in warning
