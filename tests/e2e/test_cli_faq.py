"""``copydesk faq`` as a user runs it: answers cite entries that exist, out-of-scope questions route."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.tasks.teams import DEFAULT_TEAMS
from tests.e2e.test_cli_analyze import two_sheets
from tests.e2e.test_cli_batch import assert_one_line_error, copydesk, write_csv

FAQ = [
    ["Question", "Answer"],
    [
        "How do I reset my password?",
        "Click 'Forgot password' on the sign-in page and follow the link we e-mail.",
    ],
    ["How long does delivery take?", "Orders arrive in 3 to 5 working days within the EU."],
    ["Can I return an item?", "Yes, within 30 days, unused and in its original box."],
    ["Do you ship outside the EU?", "Yes, to the UK, Norway and Switzerland, in 5 to 8 working days."],
]
FAQ_MD = """# Acme help

## How do I reset my password?
Click *Forgot password* on the sign-in page.

## How long does delivery take?
Orders arrive in 3 to 5 working days.
"""


@pytest.mark.model
def test_an_answer_cites_existing_entries_and_prints_their_questions(
    starter_model_path: Path, tmp_path: Path
) -> None:
    faq = write_csv(tmp_path / "faq.csv", FAQ)
    question = "How long does delivery take to Germany?"
    as_json = copydesk("faq", "--faq", str(faq), question, "--json", "--model", str(starter_model_path))
    assert as_json.returncode == 0, as_json.stderr
    answer = json.loads(as_json.stdout)
    questions = {number: row[0] for number, row in enumerate(FAQ[1:], start=1)}
    if answer["covered"]:
        assert answer["sources"] and set(answer["sources"]) <= set(answer["offered"]) <= set(questions)
        assert answer["cited"] == [{"number": n, "question": questions[n]} for n in answer["sources"]]
        assert answer["route_to"] == ""
    else:
        assert answer["sources"] == [] and answer["route_to"] in {team.name for team in DEFAULT_TEAMS}

    printed = copydesk("faq", "--faq", str(faq), question, "--model", str(starter_model_path))
    assert printed.returncode == 0, printed.stderr
    if answer["covered"]:  # greedy decoding: the same question gets the same answer
        numbers = ", ".join(f"#{n}" for n in answer["sources"])
        cited = "".join(f"  #{n} {questions[n]}\n" for n in answer["sources"])
        assert printed.stdout == f"{answer['answer']}\n\nSources: {numbers}\n{cited}"
    else:
        assert printed.stdout == f"Not covered by the FAQ: routed to {answer['route_to']}\n"


@pytest.mark.model
def test_an_out_of_scope_question_is_routed_to_one_of_the_teams(
    starter_model_path: Path, tmp_path: Path
) -> None:
    faq = tmp_path / "faq.md"
    faq.write_text(FAQ_MD, encoding="utf-8")
    teams = tmp_path / "teams.txt"
    teams.write_text("Accounts: sign-in and passwords\nLogistics: parcels and delivery\n", encoding="utf-8")
    result = copydesk(
        "faq", "--faq", str(faq), "--teams-file", str(teams), "--model", str(starter_model_path),
        stdin="What is the capital of Mongolia?\n",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    routed = result.stdout.removeprefix("Not covered by the FAQ: routed to ")
    assert routed != result.stdout and routed.rstrip("\n") in {"Accounts", "Logistics"}
    assert "routed without an answer" in result.stderr


def test_bad_faq_input_is_one_line_before_the_model_loads(tmp_path: Path) -> None:
    missing = copydesk("faq", "--faq", str(tmp_path / "nope.csv"), "Where is my parcel?")
    assert_one_line_error(missing, "nope.csv", "not found")

    empty = write_csv(tmp_path / "empty.csv", [["Question", "Answer"], ["", "an answer without a question"]])
    assert_one_line_error(copydesk("faq", "--faq", str(empty), "Hi?"), "empty.csv", "no usable")

    faq = write_csv(tmp_path / "faq.csv", FAQ)
    assert_one_line_error(copydesk("faq", "--faq", str(faq), stdin="  \n"), "question is empty")

    notes = tmp_path / "faq.pdf"
    notes.write_bytes(b"%PDF-1.4")
    assert_one_line_error(copydesk("faq", "--faq", str(notes), "a?"), "faq.pdf", ".md")

    book = two_sheets(tmp_path / "faq.xlsx")
    assert_one_line_error(
        copydesk("faq", "--faq", str(book), "a?"), "several sheets: Reviews, Notes", "--sheet"
    )
