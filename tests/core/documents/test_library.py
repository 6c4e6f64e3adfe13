"""The drafts library: every operation, and the ways it must never lose the user's work."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.documents import library as library_module
from app.core.documents.library import (
    SCHEMA_VERSION,
    DraftLibrary,
    DraftNotFoundError,
    DraftNotInTrashError,
    LibraryDiskFullError,
    LibraryError,
    LibraryReadOnlyError,
    NewerLibraryError,
    VersionNotFoundError,
)
from app.core.paths import app_paths

PRODUCT_OUTPUTS = {"title": "Crunchy Müsli", "bullets": ["Oats", "Hazelnuts"], "description": "Breakfast."}


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "drafts.sqlite3"


@pytest.fixture
def lib(library_path: Path) -> Iterator[DraftLibrary]:
    opened = DraftLibrary.open(library_path)
    yield opened
    opened.close()


def _raw(path: Path) -> sqlite3.Connection:
    """A plain connection for inspecting or tampering with the file behind the library's back."""
    return sqlite3.connect(path, isolation_level=None)


# -- opening ----------------------------------------------------------------------------------------


def test_open_creates_a_wal_library_in_the_app_data_dir() -> None:
    path = app_paths().data_dir / "drafts.sqlite3"
    with DraftLibrary.open(path) as lib:
        assert lib.warnings == ()
        assert lib.list_drafts() == []
    conn = _raw(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        conn.close()


def test_reopening_after_close_keeps_everything(library_path: Path) -> None:
    with DraftLibrary.open(library_path) as lib:
        draft = lib.create("product", "Müsli", {"name": "Müsli"}, PRODUCT_OUTPUTS)
        lib.checkpoint(draft.id, "generation", {"model": "smol", "seed": 7})
        lib.save(draft.id, outputs={"title": "Edited", "bullets": [], "description": "ok"})
        trashed = lib.create("blog", "Old post")
        lib.trash(trashed.id)
    with DraftLibrary.open(library_path) as lib:
        again = lib.get(draft.id)
        assert again.outputs == {"title": "Edited", "bullets": [], "description": "ok"}
        assert again.inputs == {"name": "Müsli"}
        [version] = lib.versions(draft.id)
        assert version.outputs == PRODUCT_OUTPUTS
        assert version.meta == {"model": "smol", "seed": 7}
        assert [d.id for d in lib.list_drafts(trashed=True)] == [trashed.id]


def test_garbage_file_is_moved_aside_with_a_warning(library_path: Path) -> None:
    library_path.parent.mkdir(parents=True)
    garbage = b"\x00\xffnot a database at all" * 500
    library_path.write_bytes(garbage)
    library_path.with_name(library_path.name + "-wal").write_bytes(b"wal garbage")
    with DraftLibrary.open(library_path) as lib:
        assert len(lib.warnings) == 1
        backups = sorted(library_path.parent.glob("drafts.sqlite3.corrupt-*"))
        main_backup = next(p for p in backups if not p.name.endswith("-wal"))
        assert main_backup.read_bytes() == garbage  # the user's file is kept, byte for byte
        assert Path(main_backup.name + "-wal").name in {p.name for p in backups}
        assert str(main_backup) in lib.warnings[0]
        assert "damaged" in lib.warnings[0]
        draft = lib.create("blog", "Fresh start")
        assert lib.get(draft.id).title == "Fresh start"


def test_damaged_pages_are_detected_by_the_integrity_check(library_path: Path) -> None:
    with DraftLibrary.open(library_path) as lib:
        for number in range(40):
            lib.create("blog", f"Post {number}", outputs={"text": "words " * 2000})
    data = bytearray(library_path.read_bytes())
    data[8192 : 8192 + 4096] = b"\x55" * 4096  # overwrite a page in the middle
    library_path.write_bytes(bytes(data))
    with DraftLibrary.open(library_path) as lib:
        assert len(lib.warnings) == 1
        assert lib.list_drafts() == []
    assert len(list(library_path.parent.glob("drafts.sqlite3.corrupt-*"))) == 1


def test_a_truncated_library_is_moved_aside(library_path: Path) -> None:
    with DraftLibrary.open(library_path) as lib:
        for number in range(20):
            lib.create("blog", f"Post {number}", outputs={"text": "words " * 2000})
    whole = library_path.read_bytes()
    library_path.write_bytes(whole[: len(whole) // 3])  # e.g. a copy that stopped halfway
    with DraftLibrary.open(library_path) as lib:
        assert len(lib.warnings) == 1
        assert lib.list_drafts() == []
    [backup] = library_path.parent.glob("drafts.sqlite3.corrupt-*")
    assert backup.read_bytes() == whole[: len(whole) // 3]


def test_a_newer_schema_is_refused_and_left_untouched(library_path: Path) -> None:
    with DraftLibrary.open(library_path) as lib:
        lib.create("blog", "Written by the future")
    conn = _raw(library_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = library_path.read_bytes()
    with pytest.raises(NewerLibraryError, match="newer Copydesk"):
        DraftLibrary.open(library_path)
    assert library_path.read_bytes() == before
    assert list(library_path.parent.glob("*.corrupt-*")) == []


def test_migrations_run_from_the_stored_version(library_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with DraftLibrary.open(library_path) as lib:
        lib.create("blog", "Kept across the upgrade")
    seen: list[int] = []

    def add_column(conn: sqlite3.Connection) -> None:
        seen.append(1)
        conn.execute("ALTER TABLE drafts ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0")

    monkeypatch.setattr(library_module, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(library_module.MIGRATIONS, 1, add_column)
    with DraftLibrary.open(library_path) as lib:
        assert [d.title for d in lib.list_drafts()] == ["Kept across the upgrade"]
    with DraftLibrary.open(library_path):
        pass
    assert seen == [1]  # ran once, not on every open


# -- drafts -----------------------------------------------------------------------------------------


def test_create_and_get(lib: DraftLibrary) -> None:
    draft = lib.create("product", "Müsli", {"name": "Müsli", "tone": "warm"}, PRODUCT_OUTPUTS)
    assert draft.id > 0
    assert draft.task_id == "product"
    assert draft.trashed_at is None
    assert draft.created_at == draft.updated_at
    assert lib.get(draft.id) == draft
    assert list(lib.get(draft.id).outputs) == ["title", "bullets", "description"]  # order kept


@pytest.mark.parametrize("title", ["", "   "])
def test_empty_title_becomes_untitled(lib: DraftLibrary, title: str) -> None:
    assert lib.create("chat", title).title == "Untitled"


def test_titles_are_kept_as_given(lib: DraftLibrary) -> None:
    assert lib.create("chat", "  Ünïcode <b>title</b> ").title == "  Ünïcode <b>title</b> "


def test_get_missing_draft(lib: DraftLibrary) -> None:
    with pytest.raises(DraftNotFoundError):
        lib.get(999)


def test_save_updates_in_place_without_a_version(lib: DraftLibrary) -> None:
    draft = lib.create("blog", "Post", {"topic": "tea"}, {"text": "one"})
    saved = lib.save(draft.id, outputs={"text": "two"})
    assert saved.outputs == {"text": "two"}
    assert saved.inputs == {"topic": "tea"}
    assert saved.title == "Post"
    assert saved.updated_at > draft.updated_at
    assert lib.versions(draft.id) == []
    renamed = lib.save(draft.id, title="New title", inputs={"topic": "coffee"})
    assert (renamed.title, renamed.inputs, renamed.outputs) == (
        "New title",
        {"topic": "coffee"},
        {"text": "two"},
    )


def test_saving_identical_content_changes_nothing(lib: DraftLibrary) -> None:
    draft = lib.create("blog", "Post", outputs={"text": "same"})
    assert lib.save(draft.id, outputs={"text": "same"}) == draft


def test_save_missing_draft(lib: DraftLibrary) -> None:
    with pytest.raises(DraftNotFoundError):
        lib.save(42, outputs={"text": "lost?"})


def test_unserialisable_values_fail_before_writing(lib: DraftLibrary) -> None:
    draft = lib.create("blog", "Post", outputs={"text": "kept"})
    with pytest.raises(TypeError):
        lib.save(draft.id, outputs={"text": object()})
    assert lib.get(draft.id).outputs == {"text": "kept"}


def test_rename(lib: DraftLibrary) -> None:
    draft = lib.create("blog", "Old")
    assert lib.rename(draft.id, "New").title == "New"
    assert lib.rename(draft.id, "").title == "Untitled"
    assert lib.get(draft.id).title == "Untitled"


def test_duplicate_copies_content_but_not_history(lib: DraftLibrary) -> None:
    draft = lib.create("product", "Müsli", {"name": "Müsli"}, PRODUCT_OUTPUTS)
    lib.checkpoint(draft.id, "generation")
    copy = lib.duplicate(draft.id)
    assert copy.id != draft.id
    assert copy.title == "Müsli (copy)"
    assert (copy.task_id, copy.inputs, copy.outputs) == ("product", draft.inputs, draft.outputs)
    assert lib.versions(copy.id) == []
    assert len(lib.versions(draft.id)) == 1
    assert [d.id for d in lib.list_drafts("copy")] == [copy.id]
    lib.save(copy.id, outputs={"text": "changed"})
    assert lib.get(draft.id).outputs == PRODUCT_OUTPUTS


def test_list_is_newest_updated_first_and_filters_by_task(lib: DraftLibrary) -> None:
    first = lib.create("blog", "First")
    second = lib.create("product", "Second")
    third = lib.create("blog", "Third")
    assert [d.id for d in lib.list_drafts()] == [third.id, second.id, first.id]
    lib.save(first.id, outputs={"text": "touched"})
    assert [d.id for d in lib.list_drafts()] == [first.id, third.id, second.id]
    assert [d.id for d in lib.list_drafts(task_id="blog")] == [first.id, third.id]
    assert lib.list_drafts(task_id="rewrite") == []


@pytest.mark.parametrize(
    "query",
    ["müsli", "MÜSLI", "Müsli", "café", "CAFÉ", "cafe\u0301", "straße", "STRASSE", "oats", "hazel"],
)
def test_search_is_case_insensitive_for_non_ascii_text(lib: DraftLibrary, query: str) -> None:
    match = lib.create(
        "product",
        "Crunchy Müsli",
        {"notes": "Serve in the Café on the Hauptstraße"},
        {"bullets": ["Rolled oats", "Hazelnuts"]},
    )
    lib.create("blog", "Unrelated", {"topic": "tea"}, {"text": "nothing to see"})
    assert [d.id for d in lib.list_drafts(query)] == [match.id]


def test_search_matches_every_word_and_ignores_json_syntax(lib: DraftLibrary) -> None:
    draft = lib.create("blog", "Green tea", {"topic": "brewing"}, {"text": "Use water at 80 degrees."})
    assert [d.id for d in lib.list_drafts("tea 80")] == [draft.id]
    assert lib.list_drafts("tea coffee") == []
    assert lib.list_drafts("topic") == []  # keys are not the user's text
    assert lib.list_drafts('"') == []
    assert lib.list_drafts("%") == []  # no LIKE wildcards
    assert [d.id for d in lib.list_drafts("   ")] == [draft.id]


def test_search_respects_trash_and_task(lib: DraftLibrary) -> None:
    live = lib.create("blog", "Apple pie")
    gone = lib.create("product", "Apple juice")
    lib.trash(gone.id)
    assert [d.id for d in lib.list_drafts("apple")] == [live.id]
    assert [d.id for d in lib.list_drafts("apple", trashed=True)] == [gone.id]
    assert lib.list_drafts("apple", task_id="product") == []


# -- trash ------------------------------------------------------------------------------------------


def test_trash_and_restore(lib: DraftLibrary) -> None:
    draft = lib.create("blog", "Post", outputs={"text": "keep me"})
    trashed = lib.trash(draft.id)
    assert trashed.in_trash
    assert lib.list_drafts() == []
    assert [d.id for d in lib.list_drafts(trashed=True)] == [draft.id]
    assert lib.trash(draft.id).trashed_at == trashed.trashed_at  # trashing twice keeps the first time
    restored = lib.restore(draft.id)
    assert restored.trashed_at is None
    assert restored.outputs == {"text": "keep me"}
    assert [d.id for d in lib.list_drafts()] == [draft.id]


def test_delete_forever_only_from_the_trash(lib: DraftLibrary) -> None:
    draft = lib.create("blog", "Precious")
    lib.checkpoint(draft.id, "edit")
    with pytest.raises(DraftNotInTrashError, match="not in the trash"):
        lib.delete_forever(draft.id)
    assert lib.get(draft.id).title == "Precious"
    lib.trash(draft.id)
    lib.delete_forever(draft.id)
    with pytest.raises(DraftNotFoundError):
        lib.get(draft.id)
    with pytest.raises(DraftNotFoundError):
        lib.versions(draft.id)
    with pytest.raises(DraftNotFoundError):
        lib.delete_forever(draft.id)


def test_empty_trash_deletes_only_trashed_drafts_and_their_versions(
    lib: DraftLibrary, library_path: Path
) -> None:
    keep = lib.create("blog", "Keep")
    lib.checkpoint(keep.id, "edit")
    for title in ("a", "b", "c"):
        draft = lib.create("blog", title)
        lib.checkpoint(draft.id, "generation")
        lib.trash(draft.id)
    assert lib.empty_trash() == 3
    assert lib.empty_trash() == 0
    assert [d.id for d in lib.list_drafts()] == [keep.id]
    assert lib.list_drafts(trashed=True) == []
    conn = _raw(library_path)
    try:
        assert conn.execute("SELECT count(*) FROM versions").fetchone()[0] == 1
    finally:
        conn.close()


# -- versions ---------------------------------------------------------------------------------------


def test_checkpoint_copies_the_current_state(lib: DraftLibrary) -> None:
    draft = lib.create("product", "Müsli", {"name": "Müsli"}, PRODUCT_OUTPUTS)
    version = lib.checkpoint(draft.id, "generation", {"model": "smol", "tok_s": 98.5})
    assert (version.draft_id, version.kind) == (draft.id, "generation")
    assert (version.inputs, version.outputs) == (draft.inputs, draft.outputs)
    assert version.meta == {"model": "smol", "tok_s": 98.5}
    assert lib.versions(draft.id) == [version]


def test_checkpoint_skips_an_identical_duplicate(lib: DraftLibrary) -> None:
    draft = lib.create("blog", "Post", outputs={"text": "one"})
    first = lib.checkpoint(draft.id, "edit")
    assert lib.checkpoint(draft.id, "edit") == first
    other_kind = lib.checkpoint(draft.id, "generation")
    assert other_kind.id != first.id
    lib.save(draft.id, outputs={"text": "two"})
    second = lib.checkpoint(draft.id, "edit")
    assert [v.id for v in lib.versions(draft.id)] == [second.id, other_kind.id, first.id]


def test_checkpoint_rejects_unknown_kinds_and_missing_drafts(lib: DraftLibrary) -> None:
    draft = lib.create("blog", "Post")
    with pytest.raises(ValueError, match="unknown version kind"):
        lib.checkpoint(draft.id, "autosave")  # type: ignore[arg-type]
    with pytest.raises(DraftNotFoundError):
        lib.checkpoint(draft.id + 1, "edit")


def test_restore_version_keeps_the_unsaved_state_first(lib: DraftLibrary) -> None:
    draft = lib.create("blog", "Post", {"topic": "tea"}, {"text": "generated one"})
    one = lib.checkpoint(draft.id, "generation", {"seed": 1})
    lib.save(draft.id, outputs={"text": "generated two"})
    lib.checkpoint(draft.id, "generation", {"seed": 2})
    lib.save(draft.id, inputs={"topic": "green tea"}, outputs={"text": "hand edited, never checkpointed"})

    restored = lib.restore_version(one.id)

    assert restored.outputs == {"text": "generated one"}
    assert restored.inputs == {"topic": "tea"}
    assert lib.get(draft.id) == restored
    history = lib.versions(draft.id)
    assert [v.kind for v in history] == ["restore", "edit", "generation", "generation"]
    assert history[0].meta == {"restored_from": one.id}
    assert history[0].outputs == {"text": "generated one"}
    assert history[1].outputs == {"text": "hand edited, never checkpointed"}  # nothing lost
    assert history[1].inputs == {"topic": "green tea"}

    back = lib.restore_version(history[1].id)
    assert back.outputs == {"text": "hand edited, never checkpointed"}


def test_restore_version_adds_no_edit_when_the_state_is_already_kept(lib: DraftLibrary) -> None:
    draft = lib.create("blog", "Post", outputs={"text": "one"})
    one = lib.checkpoint(draft.id, "generation")
    lib.save(draft.id, outputs={"text": "two"})
    two = lib.checkpoint(draft.id, "generation")
    lib.restore_version(one.id)
    assert [v.kind for v in lib.versions(draft.id)] == ["restore", "generation", "generation"]
    assert lib.restore_version(one.id) == lib.get(draft.id)  # already there: nothing to do
    assert len(lib.versions(draft.id)) == 3
    assert lib.restore_version(two.id).outputs == {"text": "two"}


def test_restore_missing_version(lib: DraftLibrary) -> None:
    with pytest.raises(VersionNotFoundError):
        lib.restore_version(123)


# -- failures ---------------------------------------------------------------------------------------


def test_disk_full_raises_a_clear_error_and_keeps_the_saved_draft(lib: DraftLibrary) -> None:
    draft = lib.create("blog", "Post", outputs={"text": "saved before"})
    conn = lib._conn
    assert conn is not None
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # the file can barely grow: a full disk
    huge = {"text": "x" * 2_000_000}
    with pytest.raises(LibraryDiskFullError, match="is full") as caught:
        lib.save(draft.id, outputs=huge)
    assert str(lib.path) in str(caught.value)
    assert huge == {"text": "x" * 2_000_000}  # the caller's data is untouched
    assert lib.get(draft.id).outputs == {"text": "saved before"}
    with pytest.raises(LibraryDiskFullError):
        lib.create("blog", "Big", outputs=huge)
    assert [d.id for d in lib.list_drafts()] == [draft.id]
    assert lib.save(draft.id, outputs={"text": "small fits"}).outputs == {"text": "small fits"}


def test_read_only_library_raises_a_clear_error(lib: DraftLibrary) -> None:
    draft = lib.create("blog", "Post", outputs={"text": "saved before"})
    conn = lib._conn
    assert conn is not None
    conn.execute("PRAGMA query_only = ON")  # as if the file had become read-only
    with pytest.raises(LibraryReadOnlyError, match="cannot be written"):
        lib.save(draft.id, outputs={"text": "new"})
    assert lib.get(draft.id).outputs == {"text": "saved before"}
    assert lib.list_drafts()[0].id == draft.id


def test_a_failed_write_leaves_nothing_half_written(
    lib: DraftLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = lib.create("blog", "Post", outputs={"text": "one"})
    lib.checkpoint(draft.id, "generation")
    lib.save(draft.id, outputs={"text": "two"})

    def explode(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(DraftLibrary, "_add_version", explode)
    with pytest.raises(LibraryDiskFullError):
        lib.restore_version(lib.versions(draft.id)[0].id)
    monkeypatch.undo()
    assert lib.get(draft.id).outputs == {"text": "two"}
    assert len(lib.versions(draft.id)) == 1


def test_use_after_close_is_a_library_error(library_path: Path) -> None:
    lib = DraftLibrary.open(library_path)
    lib.close()
    lib.close()  # closing twice is harmless
    with pytest.raises(LibraryError, match="closed"):
        lib.list_drafts()


def test_unwritable_folder_is_a_library_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(LibraryError, match="cannot be created"):
        DraftLibrary.open(blocker / "drafts.sqlite3")


# -- concurrency ------------------------------------------------------------------------------------


def test_two_threads_share_one_library(lib: DraftLibrary) -> None:
    errors: list[BaseException] = []
    created: dict[str, list[int]] = {"a": [], "b": []}

    def work(name: str) -> None:
        try:
            for number in range(40):
                draft = lib.create("blog", f"{name}{number}", outputs={"text": f"{name} draft {number}"})
                lib.save(draft.id, outputs={"text": f"{name} saved {number}"})
                lib.checkpoint(draft.id, "edit")
                lib.list_drafts(name)
                created[name].append(draft.id)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(name,)) for name in created]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(lib.list_drafts()) == 80
    for name, ids in created.items():
        for number, draft_id in enumerate(ids):
            draft = lib.get(draft_id)
            assert draft.outputs == {"text": f"{name} saved {number}"}
            assert [v.outputs for v in lib.versions(draft_id)] == [draft.outputs]


def test_two_connections_to_one_file_see_each_others_writes(library_path: Path) -> None:
    with DraftLibrary.open(library_path) as ui, DraftLibrary.open(library_path) as cli:
        draft = cli.create("rewrite", "From the CLI", outputs={"text": "hello"})
        assert ui.get(draft.id).outputs == {"text": "hello"}
        ui.save(draft.id, outputs={"text": "edited in the window"})
        assert cli.get(draft.id).outputs == {"text": "edited in the window"}
