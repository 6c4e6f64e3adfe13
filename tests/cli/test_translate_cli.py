"""``copydesk translate``: each format through the real starter model, bad input, the memory, Ctrl+C.

The model is tiny, so its German is not judged. What is checked is what the command guarantees: the
same kind of file comes back with its structure, every segment is accounted for in the summary, the
exit status says whether any segment was flagged, and bad input fails before the model with one line
and no file touched. In-process runs use the session's engine; two runs are real processes (stdin to
stdout, and Ctrl+C).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import polib
import pytest
import srt

import app.cli.jobs
from app.cli.backends import Backend
from app.cli.main import run_cli
from app.cli.translate_progress import TranslateProgress, describe_progress
from app.cli.translate_report import show_key
from app.core.engine.llama_engine import LlamaEngine
from app.core.engine.types import CancelToken, Chunk, Engine, EngineError, GenerationRequest
from app.core.jobs.document_progress import DocumentProgress
from app.core.runtime import Runtime
from app.core.translation.memory import TranslationMemory, default_memory_path
from tests.core.tasks.helpers import LentEngine

SUMMARY = re.compile(
    r"copydesk: wrote (?P<where>.+?): (?P<total>\d+) segments?: (?P<translated>\d+) translated, "
    r"(?P<reused>\d+) reused from memory, (?P<flagged>\d+) flagged; (?P<tokens>\d+) tokens? generated"
)
SENTENCES = ("The cat sleeps on the sofa.", "The dog runs in the park.", "Birds sing in the morning.")


@dataclass(frozen=True)
class Summary:
    total: int
    translated: int
    reused: int
    flagged: int
    tokens: int


@dataclass(frozen=True)
class Result:
    status: int
    out: str
    err: str

    def summary(self) -> Summary:
        """The end line, checked for what always holds: every segment counted once, the exit status
        matching the flags."""
        found = SUMMARY.search(self.err)
        assert found is not None, self.err
        numbers = {name: int(value) for name, value in found.groupdict().items() if name != "where"}
        summary = Summary(**numbers)
        assert summary.translated + summary.reused + summary.flagged == summary.total, self.err
        assert self.status == (3 if summary.flagged else 0), self.err
        return summary


def translate(*args: str, stdin: str | None = None, monkeypatch: pytest.MonkeyPatch | None = None) -> Result:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    out, err = io.StringIO(), io.StringIO()
    status = run_cli(["translate", *args], out, err)
    return Result(status, out.getvalue(), err.getvalue())


def lend_loader(monkeypatch: pytest.MonkeyPatch, load: Callable[[], Engine]) -> None:
    def backend(runtime: Runtime, args: argparse.Namespace, err: TextIO) -> Backend:
        return Backend(load, "the session's engine")

    monkeypatch.setattr(app.cli.jobs, "choose_backend", backend)


def lend(monkeypatch: pytest.MonkeyPatch, engine: Engine) -> None:
    """Commands run on ``engine`` instead of loading a model."""
    lend_loader(monkeypatch, lambda: engine)


@pytest.fixture
def session_engine(engine: LlamaEngine, monkeypatch: pytest.MonkeyPatch) -> LlamaEngine:
    """The command runs on the session's engine (lent, so the command's end does not close it)."""
    lend(monkeypatch, LentEngine(engine))
    return engine


@pytest.fixture
def no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails the test if the command starts loading a model."""

    def load() -> Engine:
        pytest.fail("the command loaded the model before refusing the input")

    lend_loader(monkeypatch, load)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


def paragraphs(text: str) -> list[str]:
    return [part for part in re.split(r"\n\s*\n", text.strip()) if part.strip()]


# ------------------------------------------------------------------------------------------ formats

MARKDOWN = """# Welcome

Open the [settings](https://example.com/settings) page and click **Save**.

```
keep = "this code"
```

We ship 3 boxes every Monday.
"""


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


TABLE = (
    "Name,Description,Price\nLamp,A warm reading lamp.,12\nMug,A big blue mug.,5\nPen,A smooth black pen.,2\n"
)


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


# ------------------------------------------------------------------------------------------ glossary, memory

GLOSSARY = """source,target,dnt
Copydesk,,yes
,Zeile,
Widget,,
Save,Speichern,
"""


@pytest.mark.model
def test_glossary_bad_rows_are_named_and_dnt_terms_survive(
    session_engine: LlamaEngine, tmp_path: Path
) -> None:
    source = write(tmp_path / "notes.txt", "Copydesk saves your work.\n\nOpen Copydesk and click Save.\n")
    glossary = write(tmp_path / "terms.csv", GLOSSARY)
    result = translate("--from", "en", "--to", "de", "--glossary", str(glossary), str(source))
    result.summary()
    warnings = [line for line in result.err.splitlines() if "terms.csv: line" in line]
    assert [number for line in warnings for number in re.findall(r"line (\d+)", line)] == ["3", "4"]
    assert "glossary: terms.csv, 2 terms (1 do not translate, 1 preferred)" in result.err
    output = (tmp_path / "notes.de.txt").read_text(encoding="utf-8")
    assert output.count("Copydesk") >= 2  # in each segment, whatever the model wrote around it


def tmx(pairs: list[tuple[str, str]]) -> str:
    units = "".join(
        f'<tu><tuv xml:lang="en"><seg>{en}</seg></tuv><tuv xml:lang="de"><seg>{de}</seg></tuv></tu>\n'
        for en, de in pairs
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
        '<header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="none" '
        'adminlang="en" srclang="en" datatype="plaintext"/>\n'
        f"<body>\n{units}</body>\n</tmx>\n"
    )


@pytest.mark.model
def test_tmx_matches_are_reused_without_the_model(session_engine: LlamaEngine, tmp_path: Path) -> None:
    source = write(tmp_path / "three.txt", "\n\n".join(SENTENCES) + "\n")
    known = [(SENTENCES[0], "Die Katze schläft auf dem Sofa."), (SENTENCES[2], "Vögel singen am Morgen.")]
    memory_file = tmp_path / "known.tmx"
    write(memory_file, tmx(known))
    # --no-memory --tm: the TMX serves this run only; nothing is stored.
    once = translate("--from", "en", "--to", "de", "--no-memory", "--tm", str(memory_file), str(source))
    assert once.summary().reused == 2
    assert not default_memory_path().exists()
    first = translate("--from", "en", "--to", "de", "--tm", str(memory_file), "--overwrite", str(source))
    assert "2 pairs added to the translation memory" in first.err
    run1 = first.summary()
    assert run1.reused == 2
    output = (tmp_path / "three.de.txt").read_text(encoding="utf-8")
    assert output.startswith(known[0][1] + "\n\n") and output.endswith("\n\n" + known[1][1] + "\n")
    # The model's passing translation was stored too, so the rerun has nothing left for the model.
    second = translate("--from", "en", "--to", "de", "--overwrite", str(source)).summary()
    assert second.reused == 2 + run1.translated
    if run1.flagged:
        assert second.tokens > 0  # a flagged segment is never stored, so it is tried again
    else:
        assert second.tokens == 0


class FailsOnTheDog(LentEngine):
    """The real engine, failing like a server that went away when asked to translate the second sentence."""

    def stream(self, request: GenerationRequest, cancel: CancelToken | None = None) -> Iterator[Chunk]:
        if SENTENCES[1] in request.messages[-1].content:
            raise EngineError("the server closed the connection")
        return super().stream(request, cancel)


@pytest.mark.model
def test_a_failing_engine_writes_nothing_unless_partial(
    engine: LlamaEngine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    lend(monkeypatch, FailsOnTheDog(engine))
    source = write(tmp_path / "three.txt", "\n\n".join(SENTENCES) + "\n")
    stopped = translate("--from", "en", "--to", "de", str(source))
    assert stopped.status == 1
    assert "copydesk: error: the translation stopped: the server closed the connection" in stopped.err
    assert "1 of 3 segments were done" in stopped.err and "--partial" in stopped.err
    assert not (tmp_path / "three.de.txt").exists()
    kept = translate("--from", "en", "--to", "de", "--partial", str(source))
    assert kept.status == 1 and "wrote the partial translation to" in kept.err
    output = (tmp_path / "three.de.txt").read_text(encoding="utf-8")
    assert output.endswith("\n\n" + SENTENCES[1] + "\n\n" + SENTENCES[2] + "\n")  # unfinished: source


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


# ------------------------------------------------------------------------------------------ real processes


def copydesk(*args: str) -> list[str]:
    return [sys.executable, "-m", "app", "translate", *args]


@pytest.mark.model
@pytest.mark.slow
def test_stdin_to_stdout_in_a_pipe(starter_model_path: Path) -> None:
    text = "\n\n".join(SENTENCES) + "\n"
    done = subprocess.run(
        copydesk("--from", "en", "--to", "de", "--model", str(starter_model_path), "-"),
        input=text,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    result = Result(done.returncode, done.stdout, done.stderr)
    assert result.summary().total == 3
    assert len(paragraphs(done.stdout)) == 3  # only the translation on stdout
    assert "copydesk:" not in done.stdout and "Traceback" not in done.stderr


def memory_entries() -> int:
    path = default_memory_path()
    if not path.exists():
        return 0
    with TranslationMemory(path) as memory:
        return memory.count("en", "de")


@pytest.mark.model
@pytest.mark.slow
def test_ctrl_c_stops_after_a_segment_and_a_rerun_resumes(
    starter_model_path: Path, session_engine: LlamaEngine, tmp_path: Path
) -> None:
    sentences = (*SENTENCES, "The river flows to the sea.")
    source = write(tmp_path / "four.txt", "\n\n".join(sentences) + "\n")
    process = subprocess.Popen(
        copydesk("--from", "en", "--to", "de", "--model", str(starter_model_path), str(source)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 200
    while memory_entries() == 0:  # a segment is finished and stored
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"no segment was stored before the run ended: {process.communicate()[1]}")
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "running the same command again resumes" in err and "Traceback" not in err
    assert not (tmp_path / "four.de.txt").exists()  # nothing written without --partial
    stored = memory_entries()
    assert 1 <= stored < len(sentences)
    rerun = translate("--from", "en", "--to", "de", str(source)).summary()
    assert (rerun.total, rerun.reused) == (len(sentences), stored)
    assert (tmp_path / "four.de.txt").read_text(encoding="utf-8").strip()


# ------------------------------------------------------------------------------------------ the progress line


def test_the_progress_line_names_segments_words_speed_eta_reuse_and_flags() -> None:
    line = describe_progress(DocumentProgress(3, 6, 40, 120, 85.0, 62.0, reused=2, flagged=1))
    assert line.startswith("[" + "#" * 8 + "-" * 16 + "] 3/6 segments, 40/120 words")
    for part in ("85.0 words/min", "ETA 1m02s", "2 reused", "1 flagged"):
        assert part in line
    assert "ETA" not in describe_progress(DocumentProgress(6, 6, 120, 120, 85.0, 0.0))


def test_a_log_gets_a_line_every_few_seconds_and_the_last_state() -> None:
    stream, now = io.StringIO(), [0.0]
    bar = TranslateProgress(stream, live=False, clock=lambda: now[0])
    for done in range(5):
        now[0] = done * 2.0
        bar.update(DocumentProgress(done, 10, done * 5, 50, 30.0, 10.0))
    bar.finish()
    counts = [line.split("] ")[1].split(" segments")[0] for line in stream.getvalue().splitlines()]
    assert counts == ["0/10", "3/10", "4/10"]
    assert "\r" not in stream.getvalue()


def test_segment_keys_are_shown_on_one_short_line() -> None:
    assert show_key("b12") == "b12"
    assert show_key("menu\x04Open the file\x00plural") == "menu | Open the file | plural"
    assert len(show_key("word " * 40)) <= 48
