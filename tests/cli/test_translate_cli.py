"""``copydesk translate``: each format through the real starter model.

The model is tiny, so its German is not judged. What is checked is what the command guarantees: the
same kind of file comes back with its structure, every segment is accounted for in the summary, and
the exit status says whether any segment was flagged.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
from pathlib import Path

import polib
import pytest
import srt

from app.core.engine.llama_engine import LlamaEngine
from tests.cli.translate_helpers import MARKDOWN, TABLE, translate, write

# ------------------------------------------------------------------------------------------ formats


@pytest.mark.model
def test_markdown_comes_back_with_code_links_and_numbers(session_engine: LlamaEngine, tmp_path: Path) -> None:
    source = write(tmp_path / "guide.md", MARKDOWN)
    result = translate("--from", "en", "--to", "de", str(source))
    assert result.summary().total == 3
    output = (tmp_path / "guide.de.md").read_text(encoding="utf-8")
    assert '```\nkeep = "this code"\n```\n' in output
    assert "(https://example.com/settings)" in output and "3" in output
    assert output.startswith("# ")
    assert "guide.md (Markdown, 3 segments" in result.err
    assert source.read_text(encoding="utf-8") == MARKDOWN


PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#: app.py:1
msgid "Save the file"
msgstr ""

#: app.py:2
#, python-format
msgid "Hello %(name)s"
msgstr ""

msgid "One file"
msgid_plural "%d files"
msgstr[0] ""
msgstr[1] ""
"""


@pytest.mark.model
def test_po_catalog_is_valid_for_gettext(session_engine: LlamaEngine, tmp_path: Path) -> None:
    source = write(tmp_path / "app.po", PO)
    result = translate("--from", "en", "--to", "de", str(source))
    summary = result.summary()
    assert summary.total == 4  # two messages, and a plural entry's two forms
    output = tmp_path / "app.de.po"
    check = subprocess.run(
        ["msgfmt", "--check", "-o", os.devnull, str(output)], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stderr
    catalog = polib.pofile(str(output))
    assert [entry.msgid for entry in catalog] == ["Save the file", "Hello %(name)s", "One file"]
    assert catalog.metadata["Language"] == "de"
    assert len(catalog.fuzzy_entries()) >= summary.flagged  # a flagged message is marked for review


SUBTITLES = """1
00:00:01,000 --> 00:00:02,500
Hello there.

2
00:00:03,000 --> 00:00:05,000
Where is the station?

3
00:00:06,100 --> 00:00:08,000
It is near the bridge.
"""


@pytest.mark.model
def test_subtitles_keep_their_timings(session_engine: LlamaEngine, tmp_path: Path) -> None:
    source = write(tmp_path / "episode.srt", SUBTITLES)
    result = translate("--from", "en", "--to", "de", str(source), "-o", str(tmp_path / "out.srt"))
    assert result.summary().total == 3
    before = list(srt.parse(SUBTITLES))
    after = list(srt.parse((tmp_path / "out.srt").read_text(encoding="utf-8")))
    assert [(c.index, c.start, c.end) for c in after] == [(c.index, c.start, c.end) for c in before]
    assert all(cue.content.strip() for cue in after)


@pytest.mark.model
def test_csv_translates_only_the_chosen_column(session_engine: LlamaEngine, tmp_path: Path) -> None:
    source = write(tmp_path / "products.csv", TABLE)
    result = translate("--from", "en", "--to", "de", "--columns", "Description", str(source))
    assert result.summary().total == 3
    with (tmp_path / "products.de.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    original = list(csv.reader(io.StringIO(TABLE)))
    assert rows[0] == original[0] and len(rows) == len(original)
    assert [(row[0], row[2]) for row in rows] == [(row[0], row[2]) for row in original]
    assert all(row[1].strip() for row in rows)
