"""``copydesk analyze feedback`` and ``analyze classify`` as a user runs them, on the real starter model.

The tiny model's judgement is not tested; what is: every answer is one the schema allows, the summary
printed matches the file written, a killed job resumes with every row exactly once, and bad input is
one readable line before the model even loads.
"""

from __future__ import annotations

import re
import signal
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from app.core.jobs.batch import BatchJob
from app.core.tasks.feedback import SCORE_MAX, SENTIMENTS, URGENCIES
from tests.e2e.test_cli_batch import (
    ERROR,
    assert_one_line_error,
    assert_status_matches_errors,
    copydesk,
    journal_entries,
    read_csv,
    start,
    wait_for_rows,
    write_csv,
)

FEEDBACK = [
    ["id", "text"],
    ["1", "The bottle leaks and support never answered my e-mail."],
    ["2", "Great price, and it arrived a day early. Love it!"],
    ["3", ""],
    ["4", "I was charged twice for one order, please refund me.", "sent from my phone"],
]
TEAMS = "Money: payments, invoices and refunds\nCare: broken products and everything else\n"
COLUMNS = ["sentiment", "sentiment_score", "topics", "summary", "urgency", "team", ERROR]


@pytest.mark.model
def test_feedback_columns_and_a_summary_that_matches_the_file(
    starter_model_path: Path, tmp_path: Path
) -> None:
    source = write_csv(tmp_path / "reviews.csv", FEEDBACK)
    teams = tmp_path / "teams.txt"
    teams.write_text(TEAMS, encoding="utf-8")
    target = tmp_path / "analysed.csv"
    result = copydesk(
        "analyze", "feedback", str(source), "--column", "text", "-o", str(target),
        "--topics", "price,leaks", "--teams-file", str(teams), "--model", str(starter_model_path),
    )  # fmt: skip
    # Bad input that does not stop the job: a ragged row is reported, an empty cell skipped and counted.
    assert re.search(r"warning: (Row|Line) 5\b.*extra", result.stderr), result.stderr
    assert "1 row with empty cells skipped (row 4)" in result.stderr
    header, rows = read_csv(target)
    assert header == ["id", "text", "Column 3", *COLUMNS]
    assert [row["id"] for row in rows] == ["1", "2", "3", "4"]
    assert rows[3]["Column 3"] == "sent from my phone", "the extra cell is kept, not dropped"
    assert all(rows[2][column] == "" for column in COLUMNS), "the empty row is skipped"
    analysed = [row for row in rows if row["text"] and not row[ERROR]]
    for row in analysed:
        assert row["sentiment"] in SENTIMENTS
        assert 0 <= int(row["sentiment_score"]) <= SCORE_MAX
        assert set(row["topics"].split("; ")) <= {"price", "leaks", "other"}
        assert row["summary"].strip() and "\n" not in row["summary"]
        assert row["urgency"] in URGENCIES
        assert row["team"] in {"Money", "Care"}
    assert_status_matches_errors(result, [row for row in rows if row["text"]])

    summary = result.stdout.splitlines()
    assert summary[0].startswith(f"Analysed {len(analysed)} rows")
    assert "1 empty, skipped (row 4)" in summary[0]
    sentiments = Counter(row["sentiment"] for row in analysed)
    assert summary[1] == "Sentiment: " + ", ".join(f"{name} {sentiments[name]}" for name in SENTIMENTS)
    teams_used = Counter(row["team"] for row in analysed)
    assert sorted(summary[4].removeprefix("Teams: ").split(", ")) == sorted(
        f"{name} {count}" for name, count in teams_used.items()
    )


TICKETS = [
    ["id", "text", "truth"],
    ["1", "I was charged twice for my order, please refund me", "billing"],
    ["2", "My parcel never arrived and tracking shows nothing", "shipping"],
    ["3", "The zipper broke after one week of use", "product"],
    ["4", "Where is my package? It is a week late", "Shipping "],
]
LABELS = ("billing", "shipping", "product")


@pytest.mark.model
def test_classify_with_a_true_column_prints_accuracy_and_a_confusion_table(
    starter_model_path: Path, tmp_path: Path
) -> None:
    source = write_csv(tmp_path / "tickets.csv", TICKETS)
    target = tmp_path / "labelled.xlsx"
    result = copydesk(
        "analyze", "classify", str(source), "--column", "text", "--labels", ",".join(LABELS),
        "-o", str(target), "--true-column", "truth", "--model", str(starter_model_path),
    )  # fmt: skip
    book = openpyxl.load_workbook(target, read_only=True)
    cells = [[str(cell or "") for cell in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    assert cells[0] == ["id", "text", "truth", "label", ERROR]
    predicted = {row[0]: row[3] for row in cells[1:]}
    assert list(predicted) == ["1", "2", "3", "4"]
    assert all(label in LABELS for label in predicted.values()), predicted
    assert result.returncode == 0, result.stderr

    truth = {row[0]: row[2].strip().lower() for row in cells[1:]}
    correct = sum(predicted[key] == truth[key] for key in truth)
    lines = result.stdout.splitlines()
    counts = Counter(predicted.values())
    assert lines[1] == "Labels: " + ", ".join(f"{label} {counts[label]}" for label in LABELS)
    assert lines[2] == f"Accuracy: {correct / 4:.1%} ({correct} of 4 rows)"
    assert lines[3].split()[3:] == list(LABELS)
    table = {line.split()[0]: [int(n) for n in line.split()[1:]] for line in lines[4:7]}
    for true_label in LABELS:
        expected = [sum(1 for k in truth if truth[k] == true_label and predicted[k] == p) for p in LABELS]
        assert table[true_label] == expected
    assert sum(line.startswith(tuple(f"{label}: precision" for label in LABELS)) for line in lines) == 3


@pytest.mark.model
def test_a_killed_analysis_resumes_with_every_row_exactly_once(
    starter_model_path: Path, tmp_path: Path
) -> None:
    texts = [
        "I was charged twice, refund me",
        "My parcel never arrived",
        "The zipper broke",
        "Wrong size delivered",
        "Invoice shows the wrong amount",
        "Screen cracked on arrival",
    ]
    source = write_csv(tmp_path / "in.csv", [["id", "text"], *([str(n), t] for n, t in enumerate(texts, 1))])
    target = tmp_path / "out.csv"
    command = [
        "analyze", "classify", str(source), "--column", "text", "--labels", ",".join(LABELS),
        "-o", str(target), "--model", str(starter_model_path),
    ]  # fmt: skip
    process = start(*command)
    wait_for_rows(process, target, 2)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    kept = journal_entries(target)
    assert 2 <= len(kept) < len(texts) and not target.exists()

    resumed = copydesk(*command)
    assert resumed.returncode == 0, resumed.stderr
    assert f"Resuming: {len(kept)} of 6 rows already done" in resumed.stderr
    header, rows = read_csv(target)
    assert header == ["id", "text", "label", ERROR]
    assert [row["id"] for row in rows] == [str(n) for n in range(1, 7)]  # no row lost or repeated
    assert [row["text"] for row in rows] == texts
    assert all(row["label"] in LABELS for row in rows)
    for entry in kept:
        out = entry["out"]
        assert isinstance(out, dict)
        assert rows[int(str(entry["i"]))]["label"] == out["label"]
    assert resumed.stdout.startswith("Classified 6 rows")
    counts = Counter(row["label"] for row in rows)  # the summary counts the rows of both runs
    assert resumed.stdout.splitlines()[1] == "Labels: " + ", ".join(f"{n} {counts[n]}" for n in LABELS)
    assert not BatchJob.journal_path(target).exists()


def two_sheets(path: Path) -> Path:
    book = openpyxl.Workbook()
    reviews = book.active
    assert reviews is not None
    reviews.title = "Reviews"
    reviews.append(["text"])
    reviews.append(["Lovely"])
    book.create_sheet("Notes").append(["note"])
    book.save(path)
    return path


def test_bad_analysis_input_is_one_line_before_the_model_loads(tmp_path: Path) -> None:
    """No model is installed here: each mistake must be caught (and named) before loading one."""
    reviews = write_csv(tmp_path / "reviews.csv", FEEDBACK[:3])
    out = str(tmp_path / "out.csv")
    feedback = ["analyze", "feedback"]
    classify = ["analyze", "classify"]

    missing = copydesk(*feedback, str(reviews), "--column", "review", "-o", out)
    assert_one_line_error(missing, "reviews.csv", "review", "“id”, “text”")

    book = two_sheets(tmp_path / "book.xlsx")
    sheets = copydesk(*feedback, str(book), "--column", "text", "-o", out)
    assert_one_line_error(sheets, "book.xlsx has several sheets: Reviews, Notes; choose one with --sheet")

    garbled = tmp_path / "garbled.csv"
    garbled.write_bytes(b"text\n\x81\x8d\x8f\x90\x9d\x81\x8d\n")
    assert_one_line_error(copydesk(*feedback, str(garbled), "--column", "text", "-o", out), "--encoding")

    taken = tmp_path / "taken.csv"
    taken.write_text("someone else's file\n", encoding="utf-8")
    exists = copydesk(*feedback, str(reviews), "--column", "text", "-o", str(taken))
    assert_one_line_error(exists, "taken.csv already exists", "--overwrite")
    assert taken.read_text(encoding="utf-8") == "someone else's file\n"

    teams = tmp_path / "teams.txt"
    teams.write_text("Billing: money\nbilling: again\n", encoding="utf-8")
    twice = copydesk(*feedback, str(reviews), "--column", "text", "-o", out, "--teams-file", str(teams))
    assert_one_line_error(twice, "teams.txt", "Line 2", "billing")

    truth = copydesk(
        *classify, str(reviews), "--column", "text", "--labels", "a,b", "-o", out, "--true-column", "gold"
    )
    assert_one_line_error(truth, "no column “gold”", "“id”, “text”")
    one = copydesk(*classify, str(reviews), "--column", "text", "--labels", "billing", "-o", out)
    assert_one_line_error(one, "at least 2 labels", "--labels")
    assert not Path(out).exists()


@pytest.mark.model
def test_restart_replaces_the_progress_of_another_job(starter_model_path: Path, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", TICKETS[:4])
    target = tmp_path / "out.csv"
    command = ["analyze", "classify", str(source), "--column", "text", "-o", str(target)]
    model = ["--model", str(starter_model_path)]
    process = start(*command, "--labels", ",".join(LABELS), *model)
    wait_for_rows(process, target, 1)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)

    other_labels = ["--labels", "money,parcel,item"]
    refused = copydesk(*command, *other_labels, *model)
    assert_one_line_error(refused, "different job", "the task's settings", "--restart")
    restarted = copydesk(*command, *other_labels, "--restart", *model)
    assert restarted.returncode == 0, restarted.stderr
    assert "starting again from the first row (--restart)" in restarted.stderr
    assert "Resuming" not in restarted.stderr
    _header, rows = read_csv(target)
    assert [row["id"] for row in rows] == ["1", "2", "3"]
    assert all(row["label"] in {"money", "parcel", "item"} for row in rows)
