"""The confusion view's numbers, checked by hand on small tables."""

from __future__ import annotations

import pytest

from app.core.tasks.confusion import NOT_A_LABEL, confusion_matrix

LABELS = ("billing", "shipping", "product")


def test_counts_accuracy_precision_and_recall() -> None:
    true = ["billing", "billing", "billing", "shipping", "shipping", "product"]
    pred = ["billing", "billing", "shipping", "shipping", "billing", "product"]
    matrix = confusion_matrix(true, pred, LABELS)
    assert matrix.labels == LABELS
    assert matrix.counts == ((2, 1, 0), (1, 1, 0), (0, 0, 1))
    assert matrix.total == 6 and matrix.correct == 4 and matrix.skipped == 0
    assert matrix.accuracy == pytest.approx(4 / 6)
    assert matrix.precision("billing") == pytest.approx(2 / 3)  # predicted billing 3 times, 2 right
    assert matrix.recall("billing") == pytest.approx(2 / 3)  # truly billing 3 times, 2 found
    assert matrix.precision("shipping") == pytest.approx(1 / 2)
    assert matrix.recall("shipping") == pytest.approx(1 / 2)
    assert matrix.precision("product") == matrix.recall("product") == 1.0


def test_labels_match_ignoring_case_and_spaces_and_multi_answers_use_the_first() -> None:
    true = ["Billing ", "SHIPPING", "  product"]
    pred = ["billing", "shipping; billing", "billing;product"]
    matrix = confusion_matrix(true, pred, ["Billing", "Shipping", "Product"])
    assert matrix.labels == ("Billing", "Shipping", "Product")
    assert matrix.counts == ((1, 0, 0), (0, 1, 0), (1, 0, 0))
    assert matrix.precision("billing") == pytest.approx(1 / 2)
    assert matrix.recall("PRODUCT") == 0.0


def test_values_outside_the_labels_get_their_own_row_and_column() -> None:
    true = ["billing", "refund", "refund", "shipping"]
    pred = ["billing", "billing", "shipping", "spam"]
    matrix = confusion_matrix(true, pred, LABELS)
    assert matrix.labels == (*LABELS, NOT_A_LABEL)
    outside = matrix.labels.index(NOT_A_LABEL)
    assert matrix.counts[outside] == (1, 1, 0, 0)  # the two "refund" rows
    assert [row[outside] for row in matrix.counts] == [0, 1, 0, 0]  # "spam" predicted for shipping
    assert sum(map(sum, matrix.counts)) == matrix.total == 4
    assert matrix.correct == 1  # a true "refund" predicted as another outsider would not count as right
    assert matrix.accuracy == pytest.approx(1 / 4)
    outsiders = confusion_matrix(["refund"], ["spam"], LABELS)
    assert outsiders.correct == 0 and outsiders.accuracy == 0.0


def test_empty_cells_are_skipped_and_counted() -> None:
    matrix = confusion_matrix(["billing", "", "shipping"], ["billing", "billing", ""], LABELS)
    assert matrix.total == 1 and matrix.skipped == 2 and matrix.accuracy == 1.0
    nothing = confusion_matrix([], [], LABELS)
    assert nothing.total == 0 and nothing.accuracy == 0.0
    assert nothing.precision("billing") == 0.0 and nothing.recall("billing") == 0.0


def test_duplicate_labels_collapse_and_unknown_names_and_lengths_are_refused() -> None:
    matrix = confusion_matrix(["a"], ["a"], ["a", "A ", "b"])
    assert matrix.labels == ("a", "b") and matrix.counts == ((1, 0), (0, 0))
    with pytest.raises(KeyError):
        matrix.precision("c")
    with pytest.raises(ValueError, match=r"differ in length \(2 and 1 rows\)"):
        confusion_matrix(["a", "b"], ["a"], ["a", "b"])
