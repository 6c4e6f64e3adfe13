"""A batch job in a process of its own, for tests that kill it.

Run as ``python -m tests.support.batch_child SPEC.json``.

SPEC.json names the model, the input and output files, the mapping and the rewrite options; see
``ChildSpec``. The child loads the real model, runs a ``RewriteRows`` batch and reports what it does on
stdout, one flushed line per event, so the test can pick its moment to send SIGKILL:

- ``STARTED`` (before the heavy imports), ``LOADING``, ``LOADED``;
- ``ROW <index>`` once a row is in the progress file;
- ``TORN <index>`` with ``--torn-stall S``: the first row line of this run is written in two halves with
  S seconds between them, so a kill leaves a torn last line;
- ``ASSEMBLING`` / ``ASSEMBLED`` with ``--assembly-stall S``: S seconds before and after the output is
  written, the two moments a crash at the end of a job can hit;
- ``DONE <summary as JSON>`` at the end.
"""

from __future__ import annotations

print("STARTED", flush=True)

import argparse  # noqa: E402 - STARTED goes out before anything slow
import dataclasses  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import time  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from app.core.engine.llama_engine import LlamaEngine, LoadOptions  # noqa: E402
from app.core.engine.types import CancelToken, SamplingOptions  # noqa: E402
from app.core.jobs import batch_output  # noqa: E402
from app.core.jobs.batch import BatchJob, BatchSpec, RowOutcome  # noqa: E402
from app.core.jobs.journal import JournalWriter  # noqa: E402
from app.core.jobs.text_rows import RewriteRows  # noqa: E402
from app.core.tables.model import Table  # noqa: E402
from app.core.tables.writing import write_with_columns  # noqa: E402
from app.core.tasks.library import load_builtin_tasks  # noqa: E402


@dataclasses.dataclass(frozen=True)
class ChildSpec:
    model: str
    input: str
    output: str
    mapping: dict[str, str]
    options: dict[str, str]
    """Rewrite options for every row, e.g. ``{"mode": "shorten"}``."""
    ratio: float = 0.6
    """Output allowance of the rewrite mode (tokens out per token in, plus 32): keeps rows short."""
    context_size: int = 1024
    temperature: float = 0.0


def say(line: str) -> None:
    print(line, flush=True)


def stall_torn_writes(seconds: float) -> None:
    """Write the first row line of this run in two halves, with a pause (and a report) in between."""
    original = JournalWriter._write
    stalled = False

    def torn(self: JournalWriter, line: bytes) -> None:
        nonlocal stalled
        if stalled or not line.startswith(b'{"i":'):
            original(self, line)
            return
        stalled = True
        half = len(line) // 2
        handle = self._handle
        handle.write(line[:half])
        handle.flush()
        os.fsync(handle.fileno())
        say(f"TORN {json.loads(line)['i']}")
        time.sleep(seconds)
        handle.write(line[half:])
        handle.flush()
        os.fsync(handle.fileno())

    JournalWriter._write = torn  # type: ignore[method-assign]


def stall_assembly(seconds: float) -> None:
    def slow(
        source: Table, target: Path, new_header: Sequence[str], new_rows: Sequence[Sequence[str]]
    ) -> str | None:
        say("ASSEMBLING")
        time.sleep(seconds)
        note = write_with_columns(source, target, new_header, new_rows)
        say("ASSEMBLED")
        time.sleep(seconds)
        return note

    batch_output.write_with_columns = slow  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("spec", type=Path)
    parser.add_argument("--torn-stall", type=float, default=0.0)
    parser.add_argument("--assembly-stall", type=float, default=0.0)
    args = parser.parse_args(argv)
    spec = ChildSpec(**json.loads(args.spec.read_text(encoding="utf-8")))
    if args.torn_stall:
        stall_torn_writes(args.torn_stall)
    if args.assembly_stall:
        stall_assembly(args.assembly_stall)

    rewrite = {task.id: task for task in load_builtin_tasks()}["rewrite"]
    ratio = {**rewrite.options.get("ratio", {}), spec.options.get("mode", "shorten"): spec.ratio}
    task = RewriteRows(
        dataclasses.replace(rewrite, options={**rewrite.options, "ratio": ratio}),
        spec.options,
        SamplingOptions(temperature=spec.temperature),
    )
    job = BatchJob(BatchSpec(Path(spec.input), Path(spec.output), spec.mapping), task)
    say("LOADING")
    engine = LlamaEngine.load(Path(spec.model), LoadOptions(context_size=spec.context_size))
    say("LOADED")
    try:

        def on_row(outcome: RowOutcome) -> None:
            say(f"ROW {outcome.index}")

        summary = job.run(engine, cancel=CancelToken(), on_row=on_row)
    finally:
        engine.close()
    report: dict[str, Any] = {
        "done": summary.done,
        "failed": summary.failed,
        "rows": summary.rows,
        "cancelled": summary.cancelled,
    }
    say(f"DONE {json.dumps(report)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
