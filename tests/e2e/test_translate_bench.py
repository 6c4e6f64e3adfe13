"""``bench/translate_throughput.py`` kept runnable: its document, and one tiny round on the real model.

Speed is never asserted (it is measured and recorded in docs/benchmarks.md); what is checked is that
both contenders run over the same segments and that the report adds up.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from app.core.engine.llama_engine import LlamaEngine
from app.core.formats.markdown_text import open_markdown
from app.core.jobs.document_progress import count_words
from bench.translate_throughput import format_report, main, make_markdown, measure


def _segments(tmp_path: Path, words: int) -> list[str]:
    path = tmp_path / "doc.md"
    path.write_text(make_markdown(words), encoding="utf-8")
    return [segment.text for segment in open_markdown(path).segments]


def test_the_document_is_the_same_every_time_and_holds_what_the_pipeline_protects(tmp_path: Path) -> None:
    text = make_markdown(400)
    assert text == make_markdown(400)
    segments = _segments(tmp_path, 400)
    assert len(set(segments)) == len(segments), "a repeated segment would be translated once by the pipeline"
    assert 400 <= sum(count_words(segment) for segment in segments) < 480
    body = "\n".join(segments)
    assert "https://example.com/" in body
    assert re.search(r"`[^`]+`", body)
    assert "Copydesk" in body and "invoice" in body
    assert re.search(r"\d+\.\d+", body)


def test_bad_arguments_are_refused_before_the_model_loads(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--words", "0"])
    assert exit_info.value.code == 2
    assert "--words and --rounds must be at least 1" in capsys.readouterr().err


@pytest.mark.model
@pytest.mark.slow
def test_one_round_compares_both_contenders_on_the_same_segments(engine: LlamaEngine, tmp_path: Path) -> None:
    said: list[str] = []
    report = measure(engine, words=5, rounds=1, say=said.append)

    segments = _segments(tmp_path, 5)
    assert report["segments"] == len(segments)
    assert report["words"] == sum(count_words(segment) for segment in segments)
    raw, pipeline = report["raw"]["rounds"][0], report["pipeline"]["rounds"][0]
    assert raw["requests"] == len(segments) and raw["retries"] == 0
    assert pipeline["requests"] == len(segments) + pipeline["retries"]
    assert raw["generated"] > 0 and pipeline["generated"] > 0
    flagged = report["pipeline"]["flagged"][0]
    assert 0 <= flagged <= len(segments)
    assert sum(report["pipeline"]["flag_reasons"].values()) >= flagged
    assert (pipeline["retry_s"] > 0) == (pipeline["retries"] > 0)
    assert 0 < pipeline["prompt_s"] < pipeline["engine_s"] <= report["pipeline"]["seconds"][0]
    for key in ("ratio_words_per_s", "ratio_generated_tokens_per_s"):
        assert math.isfinite(report[key]) and report[key] > 0
    assert [line.split(":")[0] for line in said[1:]] == ["round 1", "round 1"]
    assert "pipeline / raw, words/s" in format_report(report)
    json.dumps(report)
