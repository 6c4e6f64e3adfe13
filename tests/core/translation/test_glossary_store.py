"""Saved glossaries: one JSON file per language pair, atomic saves, and damaged files kept, never lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.translation import glossary_store
from app.core.translation.glossary import Glossary, GlossaryError, Term
from app.core.translation.glossary_store import GlossaryStore, default_glossary_folder, load_file, save_file

GLOSSARY = Glossary(
    "en",
    "de",
    (
        Term("cloud", "Wolke", note='weather, "not" computing'),
        Term("sign in\n(button)", "Anmelden"),
        Term("API", do_not_translate=True, case_sensitive=True),
        Term("street", "Straße"),
    ),
)


def test_a_pair_without_a_file_is_an_empty_glossary_and_creates_nothing(tmp_path: Path) -> None:
    store = GlossaryStore(tmp_path / "glossaries")
    loaded = store.load_with_warning("EN", "pt_br")
    assert loaded.glossary == Glossary("en", "pt-BR")
    assert loaded.warning is None
    assert not (tmp_path / "glossaries").exists()


def test_save_and_load_round_trip_under_the_pair_name(tmp_path: Path) -> None:
    store = GlossaryStore(tmp_path / "glossaries")
    path = store.save(GLOSSARY)
    assert path == tmp_path / "glossaries" / "en-de.json"
    assert store.load("en", "de") == GLOSSARY
    assert store.load("EN", "de-DE") == GLOSSARY
    assert store.load("de", "en") == Glossary("de", "en")
    assert [item.name for item in path.parent.iterdir()] == ["en-de.json"], "no temporary file left"


def test_the_file_is_readable_json_that_keeps_every_field(tmp_path: Path) -> None:
    path = GlossaryStore(tmp_path).save(GLOSSARY)
    text = path.read_text(encoding="utf-8")
    assert "Straße" in text
    data = json.loads(text)
    assert data["format"] == "copydesk-glossary"
    assert data["version"] == 1
    assert (data["source_language"], data["target_language"]) == ("en", "de")
    assert data["terms"][2] == {
        "source": "API",
        "target": "",
        "do_not_translate": True,
        "note": "",
        "case_sensitive": True,
    }


def test_region_codes_are_spelled_as_the_language_table_does(tmp_path: Path) -> None:
    store = GlossaryStore(tmp_path)
    path = store.save(Glossary("en", "pt_br", (Term("sign in", "entrar"),)))
    assert path.name == "en-pt-BR.json"
    assert store.load("en", "PT-BR") == Glossary("en", "pt-BR", (Term("sign in", "entrar"),))
    assert store.path_for("en", "xx").name == "en-xx.json"


@pytest.mark.parametrize("code", ["../de", "de/../../x", "", "de de"])
def test_a_code_that_is_not_a_language_tag_cannot_name_a_file(tmp_path: Path, code: str) -> None:
    with pytest.raises(GlossaryError, match="is not a language code"):
        GlossaryStore(tmp_path).path_for("en", code)


def test_saving_replaces_the_older_file(tmp_path: Path) -> None:
    store = GlossaryStore(tmp_path)
    store.save(GLOSSARY)
    smaller = GLOSSARY.without(0)
    store.save(smaller)
    assert store.load("en", "de") == smaller


DAMAGED = {
    "json": ('{"format": "copydesk-glossary",\n  "version": 1,\n  "terms": [\n}', "line 4, column 1"),
    "not-utf8": ("café".encode("cp1252"), "is not UTF-8 text"),
    "other-json": ('["cloud", "Wolke"]', "is not a Copydesk glossary file"),
    "version": (
        '{"format": "copydesk-glossary", "version": 7, "source_language": "en", "target_language": "de", '
        '"terms": []}',
        "has glossary format version 7; this Copydesk reads version 1",
    ),
    "no-translation": (
        '{"format": "copydesk-glossary", "version": 1, "source_language": "en", "target_language": "de", '
        '"terms": [{"source": "cloud", "target": "Wolke"}, {"source": "printer"}]}',
        "en-de.json, term 2: the term 'printer' needs a translation",
    ),
    "flag-type": (
        '{"format": "copydesk-glossary", "version": 1, "source_language": "en", "target_language": "de", '
        '"terms": [{"source": "API", "do_not_translate": "yes"}]}',
        "term 1: 'do_not_translate' must be true or false",
    ),
    "text-type": (
        '{"format": "copydesk-glossary", "version": 1, "source_language": "en", "target_language": "de", '
        '"terms": [{"source": 5, "target": "fünf"}]}',
        "term 1: 'source' must be text",
    ),
    "terms": (
        '{"format": "copydesk-glossary", "version": 1, "source_language": "en", "target_language": "de"}',
        "has no list of terms",
    ),
    "languages": (
        '{"format": "copydesk-glossary", "version": 1, "source_language": "../x", "target_language": "de", '
        '"terms": []}',
        "does not say which languages it is for",
    ),
    "other-pair": (
        '{"format": "copydesk-glossary", "version": 1, "source_language": "fr", "target_language": "de", '
        '"terms": []}',
        "en-de.json holds fr→de terms, not en→de",
    ),
}


@pytest.mark.parametrize(("content", "reason"), DAMAGED.values(), ids=list(DAMAGED))
def test_a_damaged_file_is_kept_aside_and_an_empty_glossary_started(
    tmp_path: Path, content: str | bytes, reason: str
) -> None:
    store = GlossaryStore(tmp_path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    (tmp_path / "en-de.json").write_bytes(data)
    loaded = store.load_with_warning("en", "de")
    assert loaded.glossary == Glossary("en", "de")
    [aside] = [item for item in tmp_path.iterdir() if item.name.startswith("en-de.json.damaged-")]
    assert aside.read_bytes() == data, "the damaged file is kept byte for byte"
    assert not (tmp_path / "en-de.json").exists()
    assert loaded.warning is not None
    assert reason in loaded.warning
    assert loaded.warning.startswith("The en→de glossary could not be read (")
    assert loaded.warning.endswith(
        f"It was kept as {aside.name} in the same folder, and an empty glossary was started."
    )
    store.save(GLOSSARY)
    assert store.load("en", "de") == GLOSSARY
    assert aside.read_bytes() == data


def test_each_damaged_copy_gets_its_own_name(tmp_path: Path) -> None:
    store = GlossaryStore(tmp_path)
    for content in ("{broken", "[also broken"):
        (tmp_path / "en-de.json").write_text(content, encoding="utf-8")
        assert store.load("en", "de") == Glossary("en", "de")  # plain load still keeps the file aside
    kept = sorted(item.read_text(encoding="utf-8") for item in tmp_path.iterdir())
    assert kept == ["[also broken", "{broken"]


def test_a_damaged_file_that_cannot_be_moved_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "en-de.json").write_text("{broken", encoding="utf-8")

    def refuse(self: Path, target: Path) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "rename", refuse)
    with pytest.raises(GlossaryError, match=r"could not be moved aside \(Permission denied\)\. It was left"):
        GlossaryStore(tmp_path).load_with_warning("en", "de")
    assert (tmp_path / "en-de.json").read_text(encoding="utf-8") == "{broken"


def test_project_files_round_trip_and_report_damage_without_moving(tmp_path: Path) -> None:
    path = tmp_path / "project.glossary.json"
    save_file(GLOSSARY, path)
    assert load_file(path) == GLOSSARY
    path.write_text('{"format": "copydesk-glossary",\n "version": 1,,\n}', encoding="utf-8")
    with pytest.raises(
        GlossaryError,
        match=r"project\.glossary\.json is not valid JSON \(line 2, column 15: Expecting property name",
    ):
        load_file(path)
    assert path.exists()
    with pytest.raises(GlossaryError, match="was not found"):
        load_file(tmp_path / "none.json")


def test_a_failed_save_says_why_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "project.json"
    with pytest.raises(GlossaryError, match=r"Could not save the glossary project\.json: .*older file"):
        save_file(GLOSSARY, target)
    assert not target.parent.exists()
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    with pytest.raises(GlossaryError, match="Could not create the glossary folder"):
        GlossaryStore(blocked / "glossaries").save(GLOSSARY)


def test_the_default_folder_is_in_the_app_data_folder(isolated_home: Path) -> None:
    assert default_glossary_folder() == isolated_home.resolve() / "data" / "glossaries"
    assert glossary_store.FILE_VERSION == 1
