"""The confusion view: predicted labels against a "true label" column, with accuracy, precision, recall.

Labels are matched ignoring case and runs of spaces, because a hand-typed true label ("Billing ",
"billing") means the same label. A true or predicted value outside the label set is counted under an
extra ``"(not a label)"`` row/column rather than dropped, so the totals match the rows compared.
For a multi-label prediction ("billing; shipping") only the first label counts: a confusion matrix
compares one label with one label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

NOT_A_LABEL = "(not a label)"


def _key(value: str) -> str:
    return " ".join(value.split()).casefold()


def first_label(predicted: str) -> str:
    """The first label of a ``"; "``-joined prediction."""
    return predicted.split(";", 1)[0].strip()


@dataclass(frozen=True)
class ConfusionMatrix:
    labels: tuple[str, ...]
    """Row (true) and column (predicted) order; ends with ``NOT_A_LABEL`` when any value fell outside."""
    counts: tuple[tuple[int, ...], ...]
    """``counts[t][p]``: items whose true label is ``labels[t]`` and predicted label is ``labels[p]``."""
    total: int
    """Pairs compared; pairs with an empty true or predicted cell are left out (see ``skipped``)."""
    skipped: int = 0

    @property
    def correct(self) -> int:
        return sum(self.counts[i][i] for i, label in enumerate(self.labels) if label != NOT_A_LABEL)

    @property
    def accuracy(self) -> float:
        """Share of compared pairs predicted right; 0.0 when nothing was compared."""
        return self.correct / self.total if self.total else 0.0

    def _index(self, label: str) -> int:
        wanted = _key(label)
        for index, name in enumerate(self.labels):
            if _key(name) == wanted:
                return index
        raise KeyError(label)

    def precision(self, label: str) -> float:
        """Of the items predicted ``label``, the share that truly are; 0.0 when none was predicted."""
        column = self._index(label)
        predicted = sum(row[column] for row in self.counts)
        return self.counts[column][column] / predicted if predicted else 0.0

    def recall(self, label: str) -> float:
        """Of the items that truly are ``label``, the share predicted so; 0.0 when there are none."""
        row = self._index(label)
        actual = sum(self.counts[row])
        return self.counts[row][row] / actual if actual else 0.0


def confusion_matrix(true: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> ConfusionMatrix:
    """Count (true, predicted) pairs over ``labels``; ``ValueError`` when the columns differ in length."""
    if len(true) != len(predicted):
        raise ValueError(
            f"The true and predicted columns differ in length ({len(true)} and {len(predicted)} rows)."
        )
    names: list[str] = []
    index: dict[str, int] = {}
    for name in labels:
        key = _key(name)
        if key and key not in index:
            index[key] = len(names)
            names.append(name.strip())
    outside = len(names)
    pairs: list[tuple[int, int]] = []
    skipped = 0
    for raw_true, raw_predicted in zip(true, predicted, strict=True):
        guess = first_label(raw_predicted)
        if not raw_true.strip() or not guess:
            skipped += 1
            continue
        pairs.append((index.get(_key(raw_true), outside), index.get(_key(guess), outside)))
    if any(outside in pair for pair in pairs):
        names.append(NOT_A_LABEL)
    size = len(names)
    grid = [[0] * size for _ in range(size)]
    for row, column in pairs:
        grid[row][column] += 1
    return ConfusionMatrix(tuple(names), tuple(tuple(row) for row in grid), len(pairs), skipped)
