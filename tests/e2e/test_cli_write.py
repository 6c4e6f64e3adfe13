"""``copydesk write product``, ``write blog`` and ``rewrite`` as a user runs them, on the real starter model.

Every run uses short lengths and a fixed seed, so the file stays within about two minutes on two cores.
"""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from app.cli.jobs import GrowingText, TrimmedWriter, write_text_atomically
from app.core.tasks.limits import char_count, keyword_present
from tests.e2e.test_cli_models import env_for

NONSENSE = "vexqorblint"
PRODUCT = ("--name", "Trailhead insulated bottle 750 ml", "--features", "keeps drinks cold 24 hours; steel")


def copydesk(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=env_for(),
        timeout=180,
        check=False,
    )


def with_model(model: Path, *args: str, seed: int = 8) -> list[str]:
    """The real starter model and a fixed seed, one under which the tiny model finishes its copy."""
    return [*args, "--model", str(model), "--seed", str(seed)]


def assert_within_limits(report: dict[str, Any]) -> None:
    parts, limits = report["parts"], report["limits"]
    assert set(parts) == {"title", "bullets", "description"}
    assert parts["title"].strip()
    assert char_count(parts["title"]) <= limits["title"]
    assert len(parts["bullets"]) == limits["bullets"], parts["bullets"]
    for bullet in parts["bullets"]:
        assert 0 < char_count(bullet) <= limits["bullet"], bullet
    assert parts["description"].strip()
    if limits["description"]:
        assert char_count(parts["description"]) <= limits["description"]
    assert isinstance(report["complete"], bool)
    assert isinstance(report["seed"], int)
    for fix in report["fixes"]:
        assert fix["after"] < fix["before"]


def assert_missing_keywords_reported(report: dict[str, Any], keywords: list[str]) -> None:
    """Exactly the keywords the copy does not contain are listed."""
    parts = report["parts"]
    text = "\n".join([parts["title"], *parts["bullets"], parts["description"]])
    expected = [keyword for keyword in keywords if not keyword_present(keyword, text)]
    assert report["missing_keywords"] == expected


@pytest.mark.model
@pytest.mark.parametrize("channel", ["generic", "amazon", "shopify", "etsy"])
def test_product_json_keeps_every_channel_limit(starter_model_path: Path, channel: str) -> None:
    keywords = ["bottle", NONSENSE]
    args = ["write", "product", *PRODUCT, "--keywords", ", ".join(keywords), "--channel", channel]
    result = copydesk(*with_model(starter_model_path, *args, "--length", "short", "--json"))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["limits"]["bullets"] == 5
    assert report["seed"] == 8
    assert_within_limits(report)
    assert_missing_keywords_reported(report, keywords)
    assert NONSENSE in report["missing_keywords"]


@pytest.mark.model
def test_product_variants_json_for_meta_descriptions(starter_model_path: Path) -> None:
    keywords = [NONSENSE]
    args = ["write", "product", *PRODUCT, "--keywords", NONSENSE, "--channel", "meta", "--variants", "2"]
    result = copydesk(*with_model(starter_model_path, *args, "--json", seed=6))
    assert result.returncode == 0, result.stderr
    reports = json.loads(result.stdout)
    assert isinstance(reports, list) and len(reports) == 2
    assert [report["seed"] for report in reports] == [6, 7]
    for report in reports:
        assert report["limits"] == {"title": 60, "bullet": 0, "bullets": 0, "description": 155}
        assert_within_limits(report)
        assert_missing_keywords_reported(report, keywords)
        assert NONSENSE in report["missing_keywords"]


@pytest.mark.model
def test_product_streams_labelled_parts(starter_model_path: Path) -> None:
    args = ["write", "product", *PRODUCT, "--length", "short", "--keywords", NONSENSE]
    result = copydesk(*with_model(starter_model_path, *args))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Title: ")
    assert "\nBullet points:\n- " in result.stdout
    assert "\nDescription:\n" in result.stdout
    assert "{" not in result.stdout.splitlines()[0]  # parts, not the model's raw JSON
    assert f"Keywords not used: {NONSENSE}" in result.stderr
    assert "seed 8" in result.stderr


def test_product_without_required_fields_names_them() -> None:
    result = copydesk("write", "product", "--tone", "friendly")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "--name" in result.stderr and "--features" in result.stderr


@pytest.mark.model
def test_blog_outline_only_prints_an_editable_outline(starter_model_path: Path) -> None:
    args = [
        "write",
        "blog",
        "--topic",
        "Choosing a water bottle for hikes",
        "--words",
        "150",
        "--outline-only",
    ]
    result = copydesk(*with_model(starter_model_path, *args, seed=3))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("# ") and len(lines[0]) > 2
    assert any(line.startswith("## ") for line in lines)
    assert "writing" not in result.stderr  # stopped after the outline


@pytest.mark.model
def test_blog_writes_markdown_with_the_outline_headings(starter_model_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    args = ["write", "blog", "--topic", "Packing for a day hike", "--words", "150", "-o", str(target)]
    result = copydesk(*with_model(starter_model_path, *args, seed=3))
    assert result.returncode == 0, result.stderr
    saved = target.read_text(encoding="utf-8")
    headings = [line for line in saved.splitlines() if line.startswith("## ")]
    printed = [line for line in result.stdout.splitlines() if line.startswith("## ")]
    assert headings and printed == headings + headings  # in the outline, then over each section
    assert saved.startswith("# ")
    assert len(saved.split()) > 3 * len(headings)  # text under the headings, not just the outline
    assert "saved" in result.stderr and not list(tmp_path.glob(".*.tmp"))


EDITED_OUTLINE = """# My own title

## First heading I wrote
- why it matters

## Second heading, with a comma
- one point
- another point
"""


@pytest.mark.model
def test_blog_from_an_edited_outline_stopped_by_ctrl_c(starter_model_path: Path, tmp_path: Path) -> None:
    outline = tmp_path / "edited.md"
    outline.write_text(EDITED_OUTLINE, encoding="utf-8")
    target = tmp_path / "post.md"
    args = ["write", "blog", "--outline", str(outline), "--words", "600", "-o", str(target)]
    process = subprocess.Popen(
        [sys.executable, "-m", "app", *with_model(starter_model_path, *args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env_for(),
    )
    assert process.stdout is not None
    headings = 0
    while headings < 3:  # two in the printed outline, then the first section's
        line = process.stdout.readline()
        assert line, "the command ended before writing a section"
        headings += line.startswith("## ")
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    _rest, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "partial" in stderr and "Traceback" not in stderr
    saved = target.read_text(encoding="utf-8").splitlines()
    assert saved[0] == "# My own title"  # the topic came from the outline's title
    assert [line for line in saved if line.startswith("## ")] == [
        "## First heading I wrote",
        "## Second heading, with a comma",
    ]


@pytest.mark.model
def test_rewrite_grammar_from_stdin_and_from_a_file(starter_model_path: Path, tmp_path: Path) -> None:
    text = "Their going to the store tomorow, it are raining."
    piped = copydesk(*with_model(starter_model_path, "rewrite", "--mode", "grammar"), stdin=text)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.strip()
    source = tmp_path / "draft.txt"
    source.write_text(text, encoding="utf-8")
    target = tmp_path / "fixed.txt"
    args = ["rewrite", "--mode", "grammar", str(source), "-o", str(target)]
    from_file = copydesk(*with_model(starter_model_path, *args))
    assert from_file.returncode == 0, from_file.stderr
    assert from_file.stdout.strip() == piped.stdout.strip()  # same seed, same text, same answer
    assert target.read_text(encoding="utf-8").strip() == from_file.stdout.strip()


def test_rewrite_of_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = copydesk("rewrite", "--mode", "grammar", str(tmp_path / "nope.txt"))
    assert result.returncode == 1
    assert result.stderr.strip() == f"copydesk: error: input file not found: {tmp_path / 'nope.txt'}"


def test_rewrite_custom_needs_an_instruction() -> None:
    result = copydesk("rewrite", "--mode", "custom", stdin="Some text.")
    assert result.returncode == 2
    assert "--instruction" in result.stderr and "Traceback" not in result.stderr


def test_streamed_text_is_trimmed_like_the_saved_text() -> None:
    out = io.StringIO()
    writer = TrimmedWriter(out)
    writer.start()
    for piece in ["\n  ", "Hello", " world", ".\n\n", "  Next.", "\n\n"]:
        writer.write(piece)
    writer.end()
    assert out.getvalue() == "Hello world.\n\n  Next."


def test_a_growing_outline_is_written_once() -> None:
    out, err = io.StringIO(), io.StringIO()
    shown = GrowingText(out)
    for version in ["#", "# Ti", "# Title\n", "# Title\n\n## One\n- a", "# Title\n\n## One\n- a\n"]:
        shown.update(version)
    shown.finish("# Title\n\n## One\n- a\n", err)
    assert out.getvalue() == "# Title\n\n## One\n- a\n" and not err.getvalue()
    changed = GrowingText(out := io.StringIO())
    changed.update("#")
    changed.update("# Topic")
    changed.finish("# Other\n", err)
    assert out.getvalue() == "# Topic\n# Other\n" and "in full" in err.getvalue()


def test_saving_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "post.md"
    target.write_text("old", encoding="utf-8")
    write_text_atomically(target, "# New\n")
    assert target.read_text(encoding="utf-8") == "# New\n"
    assert [path.name for path in tmp_path.iterdir()] == ["post.md"]
