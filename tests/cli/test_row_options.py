"""Parsing ``--map`` and ``--option``, table errors in option terms, and the confusion table's layout."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from app.cli.analyze import confusion_lines
from app.cli.backends import Backend
from app.cli.batch import parse_map, parse_options, rows_in_flight, split_names
from app.cli.common import CliError
from app.cli.table_options import table_errors_as_options
from app.core.engine.types import Engine
from app.core.remote.connect import RemoteChoice
from app.core.settings import RemoteEndpoint
from app.core.tables.errors import EncodingUnclearError, SheetChoiceNeeded, TableError
from app.core.tasks.confusion import NOT_A_LABEL, confusion_matrix


def test_map_pairs_split_on_commas_that_start_a_field() -> None:
    assert parse_map(["name=Product,features=Key features"]) == {
        "name": "Product",
        "features": "Key features",
    }
    # A column name with a comma stays whole; --map may be repeated.
    assert parse_map(["name=Name, size", "features = Features"]) == {
        "name": "Name, size",
        "features": "Features",
    }


@pytest.mark.parametrize("value", ["name", "=Product", "name=", "name=A,name=B"])
def test_bad_map_values_are_one_line_errors(value: str) -> None:
    with pytest.raises(CliError, match="--map"):
        parse_map([value])


def test_options_keep_commas_and_equals_in_values() -> None:
    assert parse_options(["labels=a,b,c", "instruction=x = y"]) == {"labels": "a,b,c", "instruction": "x = y"}
    with pytest.raises(CliError, match="FIELD=VALUE"):
        parse_options(["mode"])


def test_names_split_on_commas_semicolons_and_lines() -> None:
    assert split_names("price, quality;delivery\n support ,") == ("price", "quality", "delivery", "support")


def test_table_questions_name_the_option_that_answers_them(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    with pytest.raises(CliError) as sheet, table_errors_as_options(path):
        raise SheetChoiceNeeded("book.xlsx has 2 sheets; choose one.", ("A", "B"))
    assert str(sheet.value) == "book.xlsx has several sheets: A, B; choose one with --sheet"
    with pytest.raises(CliError) as encoding, table_errors_as_options(path):
        raise EncodingUnclearError(
            "The text encoding of x.csv cannot be told for sure.", ("cp1252", "latin_1")
        )
    assert "--encoding" in str(encoding.value) and "cp1252, latin_1" in str(encoding.value)
    with pytest.raises(TableError, match="other"), table_errors_as_options(path):
        raise TableError("other")  # already a message for the user: passed on as it is


def test_confusion_lines_line_up_and_add_up() -> None:
    matrix = confusion_matrix(
        ["billing", "shipping", "shipping", "product", ""],
        ["billing", "product", "shipping", "product", "billing"],
        ["billing", "shipping", "product"],
    )
    lines = confusion_lines(matrix)
    assert lines[0] == "Accuracy: 75.0% (3 of 4 rows; 1 row without a true label or a prediction left out)"
    header, *rows = lines[1 : 4 + 1]
    assert header.split() == ["true", "\\", "predicted", "billing", "shipping", "product"]
    assert [row.split() for row in rows] == [
        ["billing", "1", "0", "0"],
        ["shipping", "0", "1", "1"],
        ["product", "0", "0", "1"],
    ]
    assert len({len(line) for line in lines[1:5]}) == 1  # a right-aligned table
    assert "product: precision 50.0%, recall 100.0%" in lines


def test_rows_in_flight_follow_the_server_and_stay_one_locally() -> None:
    def never() -> Engine:
        raise AssertionError("not loaded here")

    local = Backend(never, "model.gguf")
    server = Backend(
        never, "team", RemoteChoice(RemoteEndpoint(name="team", base_url="http://x/v1", in_flight=6))
    )
    err = io.StringIO()
    assert rows_in_flight(None, local, err) == 1 and not err.getvalue()
    assert rows_in_flight(4, local, err) == 1 and "one row at a time" in err.getvalue()
    assert rows_in_flight(None, server, err) == 6
    assert rows_in_flight(2, server, err) == 2


def test_values_outside_the_labels_get_a_row_but_no_precision_line() -> None:
    lines = confusion_lines(
        confusion_matrix(["billing", "refunds"], ["billing", "billing"], ["billing", "shipping"])
    )
    assert lines[0] == "Accuracy: 50.0% (1 of 2 rows)"
    assert lines[1].split()[-1] == NOT_A_LABEL.split()[-1]
    assert [line.split()[0] for line in lines[2:5]] == ["billing", "shipping", "(not"]
    assert [line for line in lines if "precision" in line] == [
        "billing: precision 50.0%, recall 100.0%",
        "shipping: precision 0.0%, recall 0.0%",
    ]
