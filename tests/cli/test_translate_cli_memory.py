"""``copydesk translate`` with a glossary, a TMX file and the translation memory, and an engine that
fails part way (nothing written unless ``--partial``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.engine.llama_engine import LlamaEngine
from app.core.engine.types import CancelToken, Chunk, EngineError, GenerationRequest
from app.core.translation.memory import default_memory_path
from tests.cli.translate_helpers import SENTENCES, lend, tmx, translate, write
from tests.core.tasks.helpers import LentEngine

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
