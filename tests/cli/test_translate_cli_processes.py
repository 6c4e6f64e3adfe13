"""``copydesk translate`` as a real process: stdin to stdout in a pipe, and Ctrl+C with a rerun that
resumes from the memory.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.engine.llama_engine import LlamaEngine
from app.core.translation.memory import TranslationMemory, default_memory_path
from tests.cli.translate_helpers import SENTENCES, Result, paragraphs, translate, write

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
