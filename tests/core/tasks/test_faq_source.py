"""Loading FAQs from CSV, XLSX and Markdown: good files, and bad ones reported with row or line numbers."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.core.tables.errors import SheetChoiceNeeded
from app.core.tasks.faq_source import FaqEntry, FaqError, load_faq, markdown_pairs, read_faq


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[str | None]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    book.close()
    return path


def pairs(entries: tuple[FaqEntry, ...]) -> list[tuple[int, str, str]]:
    return [(entry.number, entry.question, entry.answer) for entry in entries]


# --- CSV and XLSX -------------------------------------------------------------------------------------


def test_a_csv_faq_loads_in_file_order_with_line_numbers(tmp_path: Path) -> None:
    path = write(
        tmp_path / "faq.csv",
        'Question,Answer\nHow long is delivery?,2 to 3 days.\n"Can I pay by invoice?","Yes, with Klarna."\n',
    )
    faq = read_faq(path)
    assert pairs(faq.entries) == [
        (1, "How long is delivery?", "2 to 3 days."),
        (2, "Can I pay by invoice?", "Yes, with Klarna."),
    ]
    assert [entry.line for entry in faq.entries] == [2, 3]
    assert faq.problems == () and faq.path == path
    assert load_faq(path) == faq.entries


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ID;Antwort;Frage", ("Wie lange?", "Drei Tage.")),
        ("id;A;Q", ("Wie lange?", "Drei Tage.")),
        ("Nr;Our reply;Customer question", ("Wie lange?", "Drei Tage.")),
        ("Nr;RESPUESTA;Pregunta", ("Wie lange?", "Drei Tage.")),
    ],
)
def test_columns_are_found_by_name_in_any_order(
    tmp_path: Path, header: str, expected: tuple[str, str]
) -> None:
    path = write(tmp_path / "faq.csv", f"{header}\n7;Drei Tage.;Wie lange?\n")
    faq = read_faq(path)
    assert [(e.question, e.answer) for e in faq.entries] == [expected]
    assert faq.problems == ()


def test_without_known_column_names_the_first_two_columns_are_used_and_said(tmp_path: Path) -> None:
    path = write(tmp_path / "faq.csv", "Topic,Text\nWhere is the store?,In Berlin.\n")
    faq = read_faq(path)
    assert pairs(faq.entries) == [(1, "Where is the store?", "In Berlin.")]
    assert len(faq.problems) == 1
    assert "first two columns" in faq.problems[0] and "'Topic'" in faq.problems[0]


def test_rows_with_an_empty_cell_are_skipped_and_reported_with_their_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path / "faq.csv",
        "question,answer\n"
        "Good one?,Yes.\n"
        ",An answer without a question.\n"
        "\n"
        "A question without an answer?,\n"
        "Another good one?,Also yes.\n",
    )
    faq = read_faq(path)
    assert pairs(faq.entries) == [(1, "Good one?", "Yes."), (2, "Another good one?", "Also yes.")]
    assert [entry.line for entry in faq.entries] == [2, 6]
    assert faq.problems == (
        "line 3: the question is empty, so it was skipped.",
        "line 5: the answer is empty, so it was skipped.",
    )


def test_a_short_row_is_reported_by_the_table_reader_and_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "faq.csv", "question,answer\nNo comma here\nOk?,Fine.\n")
    faq = read_faq(path)
    assert pairs(faq.entries) == [(1, "Ok?", "Fine.")]
    assert any(p.startswith("line 2 has 1 cell") for p in faq.problems)
    assert "line 2: the answer is empty, so it was skipped." in faq.problems


def test_a_csv_in_a_legacy_encoding_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path / "faq.csv", "Frage;Antwort\nGibt es Rückgaberecht?;Ja, 30 Tage für alle Käufe.\n", "cp1252"
    )
    assert pairs(load_faq(path)) == [(1, "Gibt es Rückgaberecht?", "Ja, 30 Tage für alle Käufe.")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", r"faq\.csv is empty"),
        (
            "question,answer\n",
            r"faq\.csv has no usable question and answer pairs\. Give it a question column",
        ),
        (
            "question\nHow?\n",
            r"faq\.csv has 1 column\(s\); a FAQ needs a question column and an answer column",
        ),
        (
            "question,answer\n,Only answers here.\nNo answer?,\n",
            r"faq\.csv has no usable .* Line 2: the question is empty.* Line 3: the answer is empty",
        ),
    ],
)
def test_unusable_csv_files_are_errors_that_say_why(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "faq.csv", text)
    with pytest.raises(FaqError, match=message):
        read_faq(path)


def test_an_xlsx_faq_needs_a_sheet_chosen_when_it_has_several(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "faq.xlsx",
        {
            "Notes": [["nothing", "here"]],
            "FAQ": [["Question", "Answer"], ["Do you ship to Norway?", "Yes."], ["Empty?", None]],
        },
    )
    with pytest.raises(SheetChoiceNeeded) as raised:
        read_faq(path)
    assert raised.value.sheets == ("Notes", "FAQ")
    faq = read_faq(path, sheet="FAQ")
    assert pairs(faq.entries) == [(1, "Do you ship to Norway?", "Yes.")]
    assert faq.problems[-1] == "row 3: the answer is empty, so it was skipped."


def test_an_unknown_extension_and_a_missing_file_are_errors(tmp_path: Path) -> None:
    with pytest.raises(FaqError, match=r"faq\.pdf: a FAQ must be a \.csv, .*\.md.* not \.pdf"):
        read_faq(write(tmp_path / "faq.pdf", "Q: x\nA: y\n"))
    with pytest.raises(FaqError, match="was not found"):
        read_faq(tmp_path / "missing.csv")
    with pytest.raises(FaqError, match=r"missing\.md cannot be read"):
        read_faq(tmp_path / "missing.md")


# --- Markdown -----------------------------------------------------------------------------------------

HEADINGS = """\
# Acme FAQ

Welcome! These are the questions we hear most.

## Shipping

### How long does *delivery* take?
Two to three **working days** in Germany.

- EU: 4 to 7 days
- Switzerland: 5 days

### Can I track my parcel?
Yes, with the link in your email.

## Is my payment safe?

Yes. We never store card numbers.

### Card payments
Handled by our payment provider.

Setext question
---------------
Thirty days, no questions asked.

## Empty heading
## Last question
Done.
"""


def test_markdown_headings_are_questions_and_the_markdown_under_them_answers() -> None:
    found, problems = markdown_pairs(HEADINGS)
    assert found == [
        (
            7,
            "How long does delivery take?",
            "Two to three **working days** in Germany.\n\n- EU: 4 to 7 days\n- Switzerland: 5 days",
        ),
        (13, "Can I track my parcel?", "Yes, with the link in your email."),
        (
            16,
            "Is my payment safe?",
            "Yes. We never store card numbers.\n\n### Card payments\nHandled by our payment provider.",
        ),
        (23, "Setext question", "Thirty days, no questions asked."),
        (28, "Last question", "Done."),
    ]
    assert problems == ["line 27: the heading 'Empty heading' has no answer under it."]


QA_PAIRS = """\
# Billing

**Q:** Which cards do you take?
**A:** Visa and Mastercard.

**Quick tip:** PayPal works too.

```
Q: this is code, not a question
```

Q: Do you send
paper invoices?
A: Only on request.

## Shipping

A: An answer with no question.

**Q: Do you ship abroad?**

**A:** Within Europe.

Q: A question nobody answered?
"""


def test_markdown_q_and_a_paragraphs_are_pairs_and_mistakes_are_reported_by_line() -> None:
    found, problems = markdown_pairs(QA_PAIRS)
    assert found == [
        (
            3,
            "Which cards do you take?",
            "Visa and Mastercard.\n\n**Quick tip:** PayPal works too.\n\n"
            "```\nQ: this is code, not a question\n```",
        ),
        (12, "Do you send paper invoices?", "Only on request."),
        (20, "Do you ship abroad?", "Within Europe."),
    ]
    assert problems == [
        "line 18: an answer with no question ('Q:') before it.",
        "line 24: the question 'A question nobody answered?' has no 'A:' answer.",
    ]


def test_a_markdown_file_loads_into_numbered_entries(tmp_path: Path) -> None:
    path = write(tmp_path / "faq.md", "\ufeff" + QA_PAIRS.replace("\n", "\r\n"))
    faq = read_faq(path)
    assert [(e.number, e.line, e.question) for e in faq.entries] == [
        (1, 3, "Which cards do you take?"),
        (2, 12, "Do you send paper invoices?"),
        (3, 20, "Do you ship abroad?"),
    ]
    assert len(faq.problems) == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", r"faq\.md is empty"),
        ("  \n\n", r"faq\.md is empty"),
        ("Just a paragraph of text.\n", r"faq\.md has no usable .* as a heading with its answer below"),
        ("# Title\n## Only headings\n", r"Line 2: the heading 'Only headings' has no answer under it"),
    ],
)
def test_unusable_markdown_files_are_errors_that_say_why(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(FaqError, match=message):
        read_faq(write(tmp_path / "faq.md", text))


def test_a_workbook_saved_as_markdown_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "book.xlsx", {"S": [["q", "a"]]})
    renamed = tmp_path / "faq.md"
    renamed.write_bytes(path.read_bytes())
    with pytest.raises(FaqError, match=r"faq\.md is not a text file"):
        read_faq(renamed)
