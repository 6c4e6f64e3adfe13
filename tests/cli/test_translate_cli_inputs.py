"""``copydesk translate`` refusing bad input: it fails before the model, with one line naming the
problem, and no file touched.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.engine.types import Engine
from app.core.translation.memory import TranslationMemory, default_memory_path
from tests.cli.translate_helpers import MARKDOWN, SENTENCES, TABLE, Result, lend_loader, tmx, translate, write


@pytest.fixture
def no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails the test if the command starts loading a model."""

    def load() -> Engine:
        pytest.fail("the command loaded the model before refusing the input")

    lend_loader(monkeypatch, load)


# ------------------------------------------------------------------------------------------ bad input


def one_error_line(result: Result, *needles: str) -> str:
    assert result.status == 1, result.err
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) == 1, result.err
    assert lines[0].startswith("copydesk: error: ")
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


MIXED = "Grüße aus München, schön.\n".encode() * 5 + b"Caf\xe9 au lait.\n"
BAD_INPUTS: dict[str, tuple[str, str | bytes, list[str], list[str]]] = {
    "unknown language": ("guide.md", MARKDOWN, ["--to", "germn"], ["--to", "did you mean de (German)?"]),
    "unknown extension": ("report.pdf", "Some text.", [], ["report.pdf", "Supported: .txt"]),
    "empty file": ("empty.md", "", [], ["empty.md is empty"]),
    "malformed PO": ("bad.po", 'msgid "a"\nmsgstr "b"\n\nnot po at all\n', [], ["bad.po", "line 4"]),
    "malformed XLIFF": ("bad.xlf", '<xliff version="1.2"><file><body>\n', [], ["bad.xlf", "XML"]),
    "malformed DOCX": ("bad.docx", "not a zip file", [], ["bad.docx", "Word document"]),
    "table without columns": ("t.csv", TABLE, [], ["“Description”", "--columns"]),
    "misspelt column": ("t.csv", TABLE, ["--columns", "Descr"], ["Did you mean “Description”?"]),
    "wrong encoding": ("mixed.txt", MIXED, [], ["mixed.txt", "line 6", "--encoding"]),
    "same language": ("guide.md", MARKDOWN, ["--to", "English"], ["--from and --to are both en"]),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_fails_before_the_model_and_touches_nothing(
    case: str, no_model: None, tmp_path: Path
) -> None:
    name, content, extra, needles = BAD_INPUTS[case]
    data = content if isinstance(content, bytes) else content.encode()
    source = tmp_path / name
    source.write_bytes(data)
    one_error_line(translate("--from", "en", "--to", "de", *extra, str(source)), *needles)
    assert list(tmp_path.iterdir()) == [source]
    assert source.read_bytes() == data


def test_an_existing_output_or_the_input_itself_is_never_replaced(no_model: None, tmp_path: Path) -> None:
    source = write(tmp_path / "guide.md", MARKDOWN)
    existing = write(tmp_path / "guide.de.md", "an older translation\n")
    one_error_line(translate("--from", "en", "--to", "de", str(source)), "guide.de.md", "--overwrite")
    assert existing.read_text(encoding="utf-8") == "an older translation\n"
    line = one_error_line(
        translate("--from", "en", "--to", "de", "--overwrite", str(source), "-o", str(source)), "input"
    )
    assert "guide.md" in line
    assert source.read_text(encoding="utf-8") == MARKDOWN


def test_bad_glossary_tmx_and_empty_stdin(
    no_model: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write(tmp_path / "guide.md", MARKDOWN)
    useless = write(tmp_path / "terms.csv", "source,target\n,nothing\n")
    one_error_line(
        translate("--from", "en", "--to", "de", "--glossary", str(useless), str(source)), "terms.csv"
    )
    broken = write(tmp_path / "old.tmx", tmx([(SENTENCES[0], "Die Katze.")]).replace("</body>", ""))
    one_error_line(
        translate("--from", "en", "--to", "de", "--tm", str(broken), str(source)), "old.tmx", "line"
    )
    with TranslationMemory(default_memory_path()) as memory:
        assert memory.count() == 0  # a malformed file stores nothing
    one_error_line(
        translate("--from", "en", "--to", "de", "-", stdin="  \n", monkeypatch=monkeypatch), "stdin"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["guide.md", "old.tmx", "terms.csv"]
