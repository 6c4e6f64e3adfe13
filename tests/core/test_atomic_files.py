"""Atomic writes: readers and crashes see the old file or the new one, never half, never a temp file."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from app.core.atomic_files import atomic_write_bytes, atomic_write_text, fsync_dir


def test_writes_a_new_file(tmp_path: Path) -> None:
    path = tmp_path / "out.bin"
    atomic_write_bytes(path, b"\x00\x01 bytes")
    assert path.read_bytes() == b"\x00\x01 bytes"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_text_is_encoded_and_line_endings_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    atomic_write_text(path, "Grüße\r\nline two\n")
    assert path.read_bytes() == "Grüße\r\nline two\n".encode()
    atomic_write_text(path, "café", encoding="latin-1")
    assert path.read_bytes() == "café".encode("latin-1")


def test_overwrites_an_older_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("old and longer than the new text", encoding="utf-8")
    atomic_write_text(path, "new")
    assert path.read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_overwriting_keeps_the_older_files_permissions(tmp_path: Path) -> None:
    path = tmp_path / "out.md"
    path.write_text("old")
    path.chmod(0o640)
    atomic_write_text(path, "new")
    assert path.stat().st_mode & 0o777 == 0o640


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "new.md", "text")
    finally:
        os.umask(umask)
    assert (tmp_path / "new.md").stat().st_mode & 0o777 == 0o644


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_without_keep_mode_the_new_file_has_its_own_permissions(tmp_path: Path) -> None:
    path = tmp_path / "out.md"
    path.write_text("old")
    path.chmod(0o600)
    umask = os.umask(0o022)
    try:
        atomic_write_bytes(path, b"new", keep_mode=False)
    finally:
        os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o644


def test_a_failed_rename_keeps_the_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "out.txt"
    path.write_text("the older good file", encoding="utf-8")

    def crash(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="No space left"):
        atomic_write_text(path, "new")
    assert path.read_text(encoding="utf-8") == "the older good file"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_failed_fsync_keeps_the_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "out.bin"
    path.write_bytes(b"old")

    def crash(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError, match="Input/output error"):
        atomic_write_bytes(path, b"new")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_an_interrupt_while_writing_leaves_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "out.bin"
    path.write_bytes(b"old")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_bytes(path, b"new")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_a_missing_folder_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        atomic_write_text(tmp_path / "missing" / "out.txt", "text")
    assert not (tmp_path / "missing").exists()


def test_a_taken_temporary_name_is_never_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "out.txt"
    taken = tmp_path / ".out.txt.aaaaaaaa.tmp"
    taken.write_text("someone else's file")
    names = iter(["aaaaaaaa", "bbbbbbbb"])
    monkeypatch.setattr("app.core.atomic_files.secrets.token_hex", lambda _n: next(names))
    atomic_write_text(path, "new")
    assert path.read_text() == "new"
    assert taken.read_text() == "someone else's file"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.txt.aaaaaaaa.tmp", "out.txt"]


def test_fsync_dir_ignores_a_missing_folder(tmp_path: Path) -> None:
    fsync_dir(tmp_path / "missing")
    fsync_dir(tmp_path)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_private_files_are_owner_only_even_over_a_readable_one(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    target.write_text("{}")
    target.chmod(0o644)
    atomic_write_text(target, '{"proxy": "http://user:secret@proxy"}', private=True)
    assert target.stat().st_mode & 0o777 == 0o600


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_saved_settings_are_owner_only(tmp_path: Path) -> None:
    from app.core.settings import Settings, save_settings

    target = tmp_path / "settings.json"
    save_settings(target, Settings())
    assert target.stat().st_mode & 0o777 == 0o600
