"""Saving is all or nothing: a failed save names the file and why, and leaves the older file, no debris."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from app.core.tables import Table, TableError, read_table, write_table, write_with_columns


def disk_full(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def denied(*args: object, **kwargs: object) -> None:
    raise PermissionError(errno.EACCES, "Permission denied")


REAL_OPEN = os.open


def denied_beside_the_target(path: str | Path, flags: int, mode: int = 0o777) -> int:
    """A folder that may be read but not written: creating the temporary file next to the target fails."""
    if Path(path).name.startswith("."):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))
    return REAL_OPEN(path, flags, mode)


def csv_source(folder: Path) -> Table:
    path = folder / "orders.csv"
    path.write_bytes(b"id,text\n1,first\n2,second\n")
    return read_table(path)


def xlsx_source(folder: Path) -> Table:
    path = folder / "orders.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["id", "text"])
    book.active.append([1, "first"])
    book.create_sheet("Other")["A1"] = "keep"
    book.save(path)
    return read_table(path, sheet="Sheet")


@pytest.mark.parametrize("make_source", [csv_source, xlsx_source])
@pytest.mark.parametrize(
    ("target_name", "patched", "failure", "reason"),
    [
        (None, "replace", disk_full, "disk is full"),
        (None, "fsync", disk_full, "disk is full"),
        (None, "replace", denied, "permission was denied"),
        ("copy", "open", denied_beside_the_target, "permission was denied"),
    ],
)
def test_a_failed_save_keeps_the_older_file_and_leaves_no_temporary_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make_source: Callable[[Path], Table],
    target_name: str | None,
    patched: str,
    failure: Callable[..., None],
    reason: str,
) -> None:
    source = make_source(tmp_path)
    target = source.path if target_name is None else source.path.with_stem(target_name)
    if target_name is not None:
        target.write_bytes(b"an older output")
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    monkeypatch.setattr(os, patched, failure)

    with pytest.raises(TableError) as caught:
        write_with_columns(source, target, ["label"], [["x"] for _ in source.rows])

    monkeypatch.undo()
    message = str(caught.value)
    assert target.name in message
    assert reason in message
    assert "unchanged" in message
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == before


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    target = tmp_path / "no such folder" / "out.csv"
    with pytest.raises(TableError) as caught:
        write_table(target, ["a"], [["1"]])
    assert "out.csv" in str(caught.value)
    assert "does not exist" in str(caught.value)


def test_a_folder_in_the_way_is_named(tmp_path: Path) -> None:
    (tmp_path / "out.xlsx").mkdir()
    with pytest.raises(TableError, match=r"out\.xlsx.*a folder has that name"):
        write_table(tmp_path / "out.xlsx", ["a"], [["1"]])
    assert [path.name for path in tmp_path.iterdir()] == ["out.xlsx"]


def test_a_successful_save_replaces_the_file_in_one_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = csv_source(tmp_path)
    seen: list[bytes] = []
    real_replace = os.replace

    def watching_replace(src: str | Path, dst: str | Path) -> None:
        seen.append(Path(dst).read_bytes())  # what a reader sees just before the switch
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", watching_replace)
    write_with_columns(source, source.path, ["label"], [["x"], ["y"]])

    assert seen == [b"id,text\n1,first\n2,second\n"]
    assert source.path.read_bytes() == b"id,text,label\n1,first,x\n2,second,y\n"
    assert [path.name for path in tmp_path.iterdir()] == ["orders.csv"]
