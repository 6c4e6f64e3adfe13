"""``copydesk batch`` as a script runs it: any task over the rows of a file, Ctrl+C and resume, bad input.

Inputs are a few rows, so a run on the real starter model takes seconds; the model's answers are not
judged, only what the job guarantees (every row once, in order, valid columns, errors recorded).
"""

from __future__ import annotations

import csv
import json
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest

from app.core.jobs.batch import BatchJob
from app.core.paths import app_paths
from app.core.tasks.classify import parse_labels
from app.core.tasks.definitions import parse_task
from app.core.tasks.library import TaskLibrary
from tests.e2e.test_cli_models import env_for
from tests.support.llama_cpp_server import LlamaCppServer

ERROR = "copydesk_error"


def copydesk(*args: str, stdin: str | None = None, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=env_for(),
        timeout=timeout,
        check=False,
    )


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "app", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env_for(),
    )


def write_csv(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    return header, [dict(zip(header, row, strict=True)) for row in rows[1:]]


def journal_entries(output: Path) -> list[dict[str, object]]:
    """The finished rows in a job's progress file (a torn last line, mid-write, is not one)."""
    path = BatchJob.journal_path(output)
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if "i" in record:
            entries.append(record)
    return entries


def wait_for_rows(process: subprocess.Popen[str], output: Path, rows: int, timeout: float = 200) -> int:
    """Wait until the running job has journaled at least ``rows`` rows; fail if it ends first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = len(journal_entries(output))
        if done >= rows:
            return done
        if process.poll() is not None:
            _out, err = process.communicate()
            pytest.fail(f"the job ended before {rows} rows were done: {err}")
        time.sleep(0.02)
    process.kill()
    pytest.fail(f"fewer than {rows} rows were done in {timeout} s")


def assert_one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("copydesk: error: ")
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def assert_status_matches_errors(
    result: subprocess.CompletedProcess[str], rows: list[dict[str, str]]
) -> None:
    """Exit status 0 when every row succeeded, 3 when some failed (and then each was reported)."""
    failed = [row for row in rows if row[ERROR]]
    assert result.returncode == (3 if failed else 0), result.stderr
    for row in failed:  # each failure was reported as it happened, with the error the file keeps
        assert f"failed: {row[ERROR]}" in result.stderr


PRODUCTS = [
    ["Product", "Features", "Notes"],
    ["Trail bottle 750 ml", "keeps drinks cold 24 hours; steel", "keep me"],
    ["Canvas tote", "recycled cotton; inner pocket", "me too"],
]


@pytest.mark.model
def test_product_copy_for_each_row_from_mapped_columns(starter_model_path: Path, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "products.csv", PRODUCTS)
    target = tmp_path / "copy.csv"
    result = copydesk(
        "batch", "--task", "product", str(source), "--map", "name=Product,features=Features",
        "--option", "length=short", "-o", str(target), "--model", str(starter_model_path),
    )  # fmt: skip
    header, rows = read_csv(target)
    assert header == ["Product", "Features", "Notes", "title", "bullets", "description", ERROR]
    assert [[row["Product"], row["Features"], row["Notes"]] for row in rows] == [r for r in PRODUCTS[1:]]
    for row in rows:
        if not row[ERROR]:
            assert row["title"].strip() and row["description"].strip() and row["bullets"].strip()
    assert_status_matches_errors(result, rows)
    assert f"wrote {target}: 2 of 2 rows done" in result.stderr
    assert "2/2 rows" in result.stderr  # the progress line's last state, written to a log
    assert not BatchJob.journal_path(target).exists()


REVIEWS = [
    ["id", "text"],
    ["1", "Our shop is open from nine in the morning until six in the evening, every day but Sunday."],
    ["2", "Please bring your receipt when you come back to return something you bought here."],
    ["3", "We are happy to say that our new store opens next month in the city centre."],
    ["4", "Thank you for shopping with us; we hope to see you again very soon."],
]


@pytest.mark.model
def test_ctrl_c_keeps_finished_rows_and_the_same_command_resumes_in_place(
    starter_model_path: Path, tmp_path: Path
) -> None:
    source = write_csv(tmp_path / "texts.csv", REVIEWS)
    original = source.read_bytes()
    command = [
        "batch", "--task", "rewrite", str(source), "--map", "text=text", "--option", "mode=shorten",
        "-o", str(source), "--model", str(starter_model_path),
    ]  # fmt: skip
    process = start(*command)
    wait_for_rows(process, source, 1)
    process.send_signal(signal.SIGINT)
    _out, stopped = process.communicate(timeout=120)
    assert process.returncode == 130, stopped
    assert "run the same command again to resume" in stopped and "Traceback" not in stopped
    assert source.read_bytes() == original, "the input is only replaced once every row is done"
    kept = journal_entries(source)
    assert 1 <= len(kept) < 4

    other_job = copydesk(*[("mode=expand" if arg == "mode=shorten" else arg) for arg in command])
    assert_one_line_error(other_job, "different job", "--restart")
    assert len(journal_entries(source)) == len(kept), "a refused job leaves the progress alone"

    resumed = copydesk(*command)
    assert f"Resuming: {len(kept)} of 4 rows already done" in resumed.stderr
    header, rows = read_csv(source)
    assert header == ["id", "text", "rewritten", ERROR]
    assert [[row["id"], row["text"]] for row in rows] == REVIEWS[1:]  # every row once, in order
    for entry in kept:  # rows done before Ctrl+C are not redone
        index = int(str(entry["i"]))
        out = entry["out"]
        assert isinstance(out, dict)
        assert rows[index]["rewritten"] == out.get("rewritten", "")
        assert rows[index][ERROR] == (entry["error"] or "")
    for row in rows:
        assert bool(row["rewritten"].strip()) != bool(row[ERROR])
    assert_status_matches_errors(resumed, rows)
    assert not BatchJob.journal_path(source).exists()


TAGLINE = {
    "id": "tagline",
    "name": "Tagline",
    "flow": "generic",
    "fields": [
        {"name": "product", "label": "Product", "required": True},
        {"name": "mood", "label": "Mood", "default": "cheerful"},
    ],
    "prompts": {
        "system": "You write short taglines.",
        "user": "Write one {{ mood }} tagline for {{ product }}. Reply with the tagline only.",
    },
    "options": {"max_tokens": 40},
}


@pytest.mark.model
def test_a_custom_task_and_classification_run_by_task_id(starter_model_path: Path, tmp_path: Path) -> None:
    TaskLibrary(app_paths().data_dir / "tasks").save(
        parse_task(TAGLINE, source="tagline.toml", builtin=False)
    )
    source = write_csv(tmp_path / "in.csv", [["text"], ["Trail bottle"], ["Canvas tote"]])
    tagged = tmp_path / "taglines.csv"
    result = copydesk(
        "batch", "--task", "tagline", str(source), "--map", "product=text", "--option", "mood=bold",
        "-o", str(tagged), "--model", str(starter_model_path), "--seed", "3",
    )  # fmt: skip
    header, rows = read_csv(tagged)
    assert header == ["text", "text (2)", ERROR]  # the output column is renamed, the input's kept
    assert [row["text"] for row in rows] == ["Trail bottle", "Canvas tote"]
    assert all(bool(row["text (2)"].strip()) != bool(row[ERROR]) for row in rows)
    assert_status_matches_errors(result, rows)

    labelled = tmp_path / "labels.xlsx"
    result = copydesk(
        "batch", "--task", "classify", str(source), "--map", "text=text",
        "--option", "labels=gear,clothing,food", "-o", str(labelled), "--model", str(starter_model_path),
    )  # fmt: skip
    assert result.returncode in (0, 3), result.stderr
    book = openpyxl.load_workbook(labelled, read_only=True)
    sheet = book.worksheets[0]
    values = [[str(cell or "") for cell in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    assert values[0] == ["text", "label", ERROR]
    assert [row[0] for row in values[1:]] == ["Trail bottle", "Canvas tote"]
    names = {label.name for label in parse_labels("gear,clothing,food")}
    for row in values[1:]:
        assert row[1] in names or row[2], row


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--task", "product", "--map", "nme=Product"], ["no field 'nme'", "name (required)", "features"]),
        (
            ["--task", "product", "--map", "name=Prod,features=Features"],
            ["no column", "Prod", "Product", "Notes"],
        ),
        (["--task", "product", "--map", "name=Product"], ["--map features=COLUMN"]),
        (["--task", "nope", "--map", "name=Product"], ["no task 'nope'", "product", "rewrite", "classify"]),
        (["--task", "rewrite", "--map", "text=Notes", "--option", "colour=red"], ["no field colour", "mode"]),
        (["--task", "rewrite", "--map", "text=Notes", "--option", "mode=sideways"], ["sideways"]),
        (["--task", "faq", "--map", "question=Product"], ["--faq FILE"]),
        (["--task", "classify", "--map", "text=Notes", "--option", "labels=one"], ["at least 2 labels"]),
        (["--task", "product", "--map", "name,features=Features"], ["--map", "FIELD=COLUMN"]),
    ],
)
def test_bad_batch_requests_are_one_line_errors(tmp_path: Path, args: list[str], needles: list[str]) -> None:
    source = write_csv(tmp_path / "products.csv", PRODUCTS)
    target = tmp_path / "out.csv"
    assert_one_line_error(copydesk("batch", str(source), "-o", str(target), *args), *needles)
    assert not target.exists() and not BatchJob.journal_path(target).exists()


def test_an_output_that_is_not_a_table_is_refused_before_any_row(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "products.csv", PRODUCTS)
    result = copydesk(
        "batch", "--task", "product", str(source), "--map", "name=Product,features=Features",
        "-o", str(tmp_path / "out.pdf"),
    )  # fmt: skip
    assert_one_line_error(result, "out.pdf", ".csv", ".xlsx")


@pytest.mark.model
@pytest.mark.slow
def test_rows_sent_to_a_server_in_parallel_come_back_in_order(
    openai_server: LlamaCppServer, tmp_path: Path
) -> None:
    texts = ["I was charged twice", "My parcel is lost", "The zip broke", "Refund please", "Where is my box?"]
    source = write_csv(tmp_path / "in.csv", [["id", "text"], *([str(n), t] for n, t in enumerate(texts, 1))])
    target = tmp_path / "out.csv"
    result = copydesk(
        "batch", "--task", "classify", str(source), "--map", "text=text", "--option",
        "labels=billing,shipping,product", "-o", str(target), "--endpoint", openai_server.base_url,
        "--in-flight", "3",
    )  # fmt: skip
    header, rows = read_csv(target)
    assert header == ["id", "text", "label", ERROR]
    assert [row["text"] for row in rows] == texts
    for row in rows:
        assert row["label"] in {"billing", "shipping", "product"} or row[ERROR]
    assert_status_matches_errors(result, rows)
