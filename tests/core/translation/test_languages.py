"""The language table: lookups people actually type, helpful errors, and gettext plural rules that hold."""

from __future__ import annotations

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.models.catalog import load_catalog
from app.core.resources import resource_path
from app.core.translation.languages import (
    LANGUAGES_RESOURCE,
    Language,
    UnknownLanguageError,
    all_languages,
    catalog_language_support,
    language,
    load_languages,
    plural_forms_header,
    primary_subtag,
)

CONTRACT_CODES = {
    *("en", "de", "fr", "es", "it", "pt", "pt-BR", "nl", "pl", "ru", "uk", "cs", "sk", "sl", "hr", "sr"),
    *("bg", "ro", "hu", "el", "tr", "ar", "he", "fa", "hi", "bn", "ur", "th", "vi", "id", "ms", "ja"),
    *("ko", "zh", "zh-Hant", "sv", "da", "no", "fi", "et", "lv", "lt", "ga", "ca", "eu", "gl"),
}
MSGFMT = shutil.which("msgfmt")


def test_the_table_holds_the_common_languages_once_each_sorted_by_name() -> None:
    languages = all_languages()
    codes = [item.code for item in languages]
    assert len(languages) >= 45
    assert CONTRACT_CODES.issubset(codes)
    assert len(set(codes)) == len(codes)
    assert [item.name.casefold() for item in languages] == sorted(item.name.casefold() for item in languages)
    assert all(item.native_name.strip() and item.name.strip() for item in languages)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("de", "de"),
        ("DE", "de"),
        (" fr ", "fr"),
        ("pt_BR", "pt-BR"),
        ("pt-br", "pt-BR"),
        ("PT-BR", "pt-BR"),
        ("pt-PT", "pt"),
        ("de-DE", "de"),
        ("de_AT", "de"),
        ("de_DE.UTF-8", "de"),
        ("sr_RS@latin", "sr"),
        ("sr-Latn-RS", "sr"),
        ("zh-Hant", "zh-Hant"),
        ("zh-TW", "zh-Hant"),
        ("zh_HK", "zh-Hant"),
        ("zh-Hant-TW", "zh-Hant"),
        ("zh-CN", "zh"),
        ("zh-Hans-CN", "zh"),
        ("nb", "no"),
        ("iw", "he"),
        ("German", "de"),
        ("german", "de"),
        ("Deutsch", "de"),
        ("日本語", "ja"),
        ("Chinese", "zh"),
        ("Portuguese (Brazil)", "pt-BR"),
    ],
)
def test_lookup_accepts_the_shapes_people_type(given: str, expected: str) -> None:
    assert language(given).code == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("ger", "Unknown language 'ger'; did you mean de (German)?"),
        ("Frnch", "Unknown language 'Frnch'; did you mean fr (French)?"),
        ("portug", "Unknown language 'portug'; did you mean pt (Portuguese) or pt-BR (Portuguese (Brazil))?"),
        ("xx", "Unknown language 'xx'. Give a code such as en, de or pt-BR, or a language name."),
        ("Klingon", "Unknown language 'Klingon'. Give a code such as en, de or pt-BR, or a language name."),
        ("", "No language was given. Give a code such as en, de or pt-BR, or a language name."),
    ],
)
def test_unknown_languages_fail_with_the_closest_matches(given: str, message: str) -> None:
    with pytest.raises(UnknownLanguageError) as caught:
        language(given)
    assert str(caught.value) == message
    assert isinstance(caught.value, ValueError)


def test_the_error_carries_its_suggestions_for_a_picker() -> None:
    with pytest.raises(UnknownLanguageError) as caught:
        language("Spansh")
    assert caught.value.given == "Spansh"
    assert caught.value.suggestions[0] == language("es")


def test_plural_forms_header_is_what_a_po_file_carries() -> None:
    assert plural_forms_header("en") == "nplurals=2; plural=(n != 1);"
    assert plural_forms_header("ja") == "nplurals=1; plural=0;"
    assert plural_forms_header("pt_BR") == "nplurals=2; plural=(n > 1);"
    assert plural_forms_header("fr") == "nplurals=2; plural=(n > 1);"
    assert plural_forms_header("ar").startswith("nplurals=6; plural=")
    with pytest.raises(UnknownLanguageError):
        plural_forms_header("qq")


@pytest.mark.parametrize("item", all_languages(), ids=lambda item: item.code)
def test_every_plural_expression_gives_each_form_and_never_one_out_of_range(item: Language) -> None:
    rule = gettext.c2py(item.plural)  # the stdlib's own evaluator of gettext plural expressions
    indexes = [rule(n) for n in range(201)]
    assert all(0 <= index < item.nplurals for index in indexes)
    assert set(indexes) == set(range(item.nplurals)), "a plural form that no number uses"


# Form indexes from the CLDR plural rules for integers (cldr.unicode.org, "Language Plural Rules"),
# in the order gettext lists the forms for these languages.
CLDR_CASES = {
    "en": {0: 1, 1: 0, 2: 1, 11: 1},
    "fr": {0: 0, 1: 0, 2: 1, 100: 1},
    "pt-BR": {0: 0, 1: 0, 2: 1},
    "pt": {0: 1, 1: 0, 2: 1},
    "ja": {0: 0, 1: 0, 7: 0},
    "ru": {0: 2, 1: 0, 2: 1, 4: 1, 5: 2, 11: 2, 12: 2, 14: 2, 21: 0, 22: 1, 25: 2, 101: 0, 111: 2, 112: 2},
    "uk": {1: 0, 3: 1, 11: 2, 21: 0, 24: 1},
    "hr": {1: 0, 2: 1, 5: 2, 31: 0, 32: 1},
    "pl": {0: 2, 1: 0, 2: 1, 4: 1, 5: 2, 12: 2, 21: 2, 22: 1, 25: 2, 112: 2, 122: 1},
    "cs": {0: 2, 1: 0, 2: 1, 4: 1, 5: 2, 22: 2},
    "sk": {1: 0, 3: 1, 101: 2},
    "sl": {0: 3, 1: 0, 2: 1, 3: 2, 4: 2, 5: 3, 101: 0, 102: 1, 103: 2, 111: 3},
    "lt": {0: 2, 1: 0, 2: 1, 9: 1, 10: 2, 11: 2, 12: 2, 21: 0, 22: 1, 30: 2},
    "lv": {0: 2, 1: 0, 2: 1, 11: 1, 21: 0, 111: 1},
    "ro": {0: 1, 1: 0, 2: 1, 19: 1, 20: 2, 101: 1, 119: 1, 120: 2},
    "ga": {0: 4, 1: 0, 2: 1, 3: 2, 6: 2, 7: 3, 10: 3, 11: 4, 100: 4},
    "ar": {0: 0, 1: 1, 2: 2, 3: 3, 10: 3, 11: 4, 99: 4, 100: 5, 102: 5, 103: 3, 111: 4},
    "is": {1: 0, 2: 1, 11: 1, 21: 0, 111: 1},
}


@pytest.mark.parametrize(("code", "cases"), CLDR_CASES.items(), ids=list(CLDR_CASES))
def test_plural_forms_pick_the_cldr_category(code: str, cases: dict[int, int]) -> None:
    rule = gettext.c2py(language(code).plural)
    assert {n: rule(n) for n in cases} == cases


def _po_with_header(code: str, plural_forms: str, nplurals: int) -> str:
    fields = {
        "Project-Id-Version": "check 1.0",
        "PO-Revision-Date": "2024-01-01 00:00+0000",
        "Last-Translator": "Check <check@example.org>",
        "Language-Team": "Check <check@example.org>",
        "Language": code.replace("-", "_"),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms,
    }
    header = "".join(f'"{name}: {value}\\n"\n' for name, value in fields.items())
    forms = "".join(f'msgstr[{index}] "form {index}"\n' for index in range(nplurals))
    return f'msgid ""\nmsgstr ""\n{header}\nmsgid "one file"\nmsgid_plural "%d files"\n{forms}'


def _msgfmt_check(tmp_path: Path, text: str) -> subprocess.CompletedProcess[str]:
    assert MSGFMT is not None
    po = tmp_path / "check.po"
    po.write_text(text, encoding="utf-8")
    return subprocess.run(
        [MSGFMT, "--check", "-o", str(tmp_path / "check.mo"), str(po)],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )


@pytest.mark.skipif(MSGFMT is None, reason="GNU gettext's msgfmt is not installed")
def test_msgfmt_accepts_every_plural_forms_header(tmp_path: Path) -> None:
    failures = {}
    for item in all_languages():
        result = _msgfmt_check(
            tmp_path, _po_with_header(item.code, plural_forms_header(item.code), item.nplurals)
        )
        if result.returncode != 0 or result.stderr:
            failures[item.code] = result.stderr
    assert failures == {}


@pytest.mark.skipif(MSGFMT is None, reason="GNU gettext's msgfmt is not installed")
def test_the_msgfmt_check_catches_a_wrong_header(tmp_path: Path) -> None:
    result = _msgfmt_check(tmp_path, _po_with_header("de", "nplurals=2; plural=(n % 10);", 2))
    assert result.returncode != 0


@pytest.mark.parametrize(
    ("model_languages", "code", "support"),
    [
        (["en", "de", "fr"], "de", "listed"),
        (["en", "de", "fr"], "de-AT", "listed"),
        (["en", "pt"], "pt_BR", "listed"),
        (["en", "zh"], "zh-Hant", "listed"),
        (["en", "nb"], "no", "listed"),
        (["*"], "sw", "many"),
        (["*"], "xx", "many"),
        (["en", "*"], "en", "listed"),
        (["en"], "de", "unlisted"),
        ([], "de", "unlisted"),
    ],
)
def test_catalog_language_support(model_languages: list[str], code: str, support: str) -> None:
    assert catalog_language_support(model_languages, code) == support


def test_catalog_language_support_reads_the_shipped_catalog() -> None:
    entries = load_catalog().entries
    many = next(entry for entry in entries if entry.languages == ("*",))
    starter = next(entry for entry in entries if entry.id == "smollm2-135m-instruct")
    assert catalog_language_support(many.languages, "ga") == "many"
    assert catalog_language_support(starter.languages, "en-GB") == "listed"
    assert catalog_language_support(starter.languages, "ja") == "unlisted"


def test_primary_subtag() -> None:
    assert primary_subtag("pt_BR") == "pt"
    assert primary_subtag("nb") == "no"
    assert primary_subtag("xx-YY") == "xx"


def test_the_table_is_found_in_a_frozen_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "bundle"
    (bundle / "resources").mkdir(parents=True)
    shutil.copy(resource_path(LANGUAGES_RESOURCE), bundle / "resources" / LANGUAGES_RESOURCE)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert resource_path(LANGUAGES_RESOURCE).is_relative_to(bundle)
    assert load_languages() == all_languages()


BAD_TABLES = {
    "duplicate": ("[[languages]]\n{entry}\n[[languages]]\n{entry}\n", "the code 'de' is listed twice"),
    "nplurals": ("[[languages]]\n{bad_nplurals}\n", "nplurals must be a whole number from 1 to 6"),
    "plural": ("[[languages]]\n{bad_plural}\n", "the plural expression may only use n, numbers"),
    "alias": ("[aliases]\nger = 'xx'\n[[languages]]\n{entry}\n", "the alias 'ger' points to an unknown code"),
    "missing": ("[[languages]]\ncode = 'de'\n", "'name' must be a non-empty string"),
    "code": ("[[languages]]\n{bad_code}\n", "is not a BCP 47 language tag"),
}
ENTRY = "code = 'de'\nname = 'German'\nnative_name = 'Deutsch'\nnplurals = 2\nplural = '(n != 1)'"


@pytest.mark.parametrize(("template", "message"), BAD_TABLES.values(), ids=list(BAD_TABLES))
def test_a_broken_table_names_the_mistake(tmp_path: Path, template: str, message: str) -> None:
    body = template.format(
        entry=ENTRY,
        bad_nplurals=ENTRY.replace("nplurals = 2", "nplurals = 9"),
        bad_plural=ENTRY.replace("(n != 1)", "(n != 1); import os"),
        bad_code=ENTRY.replace("'de'", "'de DE'"),
    )
    path = tmp_path / "languages.toml"
    path.write_text("schema_version = 1\n" + body, encoding="utf-8")
    with pytest.raises(ValueError, match=r"languages\.toml") as caught:
        load_languages(path)
    assert message in str(caught.value)
