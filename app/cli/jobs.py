"""What the writing commands share: a model on its worker thread, Ctrl+C as Stop, tidy streaming.

Flows (``app.core.tasks``) run on the engine's thread and report through events; the commands print
those events on the main thread, which stays free to notice Ctrl+C. The first Ctrl+C cancels the job
the way the window's Stop button does, so the flow returns what it had written; a second one gives up.
"""

from __future__ import annotations

import argparse
import queue
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Generic, TextIO, TypeVar

from app.cli.backends import Backend, add_backend_options, choose_backend
from app.cli.common import CliError
from app.core.atomic_files import atomic_write_text
from app.core.engine.types import CancelToken, Engine
from app.core.engine.worker import EngineWorker
from app.core.runtime import Runtime
from app.core.tasks.definitions import Flow, TaskDefinition
from app.core.tasks.inputs import InputError
from app.core.tasks.library import TaskLibrary

T = TypeVar("T")

EventSink = Callable[[object], None]
Job = Callable[[Engine, CancelToken, EventSink], T]
"""Runs on the engine's thread: the engine, the Stop token, and where to send events."""

_POLL_S = 0.1
_INPUT_SOURCES = {"text": "the text to rewrite, from FILE or stdin"}
"""Fields that are not filled from an option of the same name."""


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    """The model options every writing command takes: a local model, or a server (``--endpoint``)."""
    add_backend_options(parser)


def load_task(runtime: Runtime, task_id: str, flow: Flow) -> TaskDefinition:
    """The built-in task, or a custom copy the user made in the app (same flow, their own prompts)."""
    library = TaskLibrary(runtime.paths.data_dir / "tasks")
    try:
        task = library.get(task_id)
    except KeyError:
        known = ", ".join(t.id for t in library.for_flow(flow))
        problems = "".join(f" ({problem})" for problem in library.problems)
        raise CliError(f"there is no task {task_id!r}; tasks for this command: {known}{problems}") from None
    if task.flow != flow:
        raise CliError(f"the task {task_id!r} is a {task.flow} task, not a {flow} task")
    return task


def describe_input_error(exc: InputError) -> str:
    """The form's messages in the terms of the command line: options, not field labels."""
    details = []
    for name, message in exc.problems.items():
        where = _INPUT_SOURCES.get(name, "--" + name.replace("_", "-"))
        details.append(f"{where} ({message})")
    return "missing or invalid: " + ", ".join(details)


def read_text_file(path: Path, what: str) -> str:
    """A UTF-8 text file the user named, with one-line messages for the usual mistakes."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CliError(f"{what} not found: {path}") from None
    except IsADirectoryError:
        raise CliError(f"{what} is a folder, not a file: {path}") from None
    except UnicodeDecodeError:
        raise CliError(f"{what} is not UTF-8 text: {path}") from None
    except OSError as exc:
        raise CliError(f"{what} cannot be read: {path} ({exc.strerror or exc})") from None


def write_text_atomically(path: Path, text: str) -> None:
    """Write next to the target and rename over it, so a crash or Ctrl+C never leaves half a file."""
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror or exc}") from None


@dataclass(frozen=True)
class Finished(Generic[T]):
    result: T
    stopped: bool
    """The user pressed Ctrl+C; ``result`` holds what was written until then."""


class JobRunner:
    """One engine (a loaded model, or a connected server) on an ``EngineWorker`` for the length of a
    command; use it as a context manager."""

    def __init__(self, runtime: Runtime, args: argparse.Namespace, err: TextIO | None = None) -> None:
        self.backend: Backend = choose_backend(runtime, args, err or sys.stderr)
        self._worker: EngineWorker[Engine] | None = None

    def __enter__(self) -> JobRunner:
        self._worker = EngineWorker()
        try:
            self._worker.load(self.backend.load).result()
        except BaseException:
            # Ctrl+C or a bad model while loading: __exit__ will not run, so close the thread here.
            self._worker.shutdown(timeout=self.backend.shutdown_wait_s)
            self._worker = None
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._worker is not None:
            self._worker.shutdown(timeout=self.backend.shutdown_wait_s)
            self._worker = None

    def run(self, job: Job[T], on_event: EventSink) -> Finished[T]:
        """Run ``job`` on the engine's thread and hand each event to ``on_event`` on this one."""
        if self._worker is None:
            raise RuntimeError("JobRunner.run outside its with-block")
        events: queue.Queue[object] = queue.Queue()
        cancel = CancelToken()
        future = self._worker.call(lambda engine: job(engine, cancel, events.put))
        stopped = False
        while True:
            try:
                try:
                    event = events.get(timeout=_POLL_S)
                except queue.Empty:
                    # Events are queued before the job's result is set, so done + empty means all seen.
                    if future.done() and events.empty():
                        break
                    continue
                on_event(event)
            except KeyboardInterrupt:
                if stopped:
                    raise
                stopped = True
                cancel.cancel()
        return Finished(future.result(), stopped)


class TrimmedWriter:
    """Streams text to a terminal without the blank lines and spaces a model puts around its answers.

    Leading whitespace of each segment is dropped, and trailing whitespace is held back until more text
    follows, so what the user watches matches the trimmed text that is saved.
    """

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._started = False
        self._held = ""

    def start(self) -> None:
        self._started = False
        self._held = ""

    def write(self, text: str) -> None:
        if not self._started:
            text = text.lstrip()
            if not text:
                return
            self._started = True
        body = text.rstrip()
        if body:
            self._out.write(self._held + body)
            self._held = text[len(body) :]
        else:
            self._held += text
        self._out.flush()

    def end(self) -> None:
        """Drop what is held; the caller writes its own line end."""
        self._held = ""

    @property
    def wrote_anything(self) -> bool:
        return self._started


class GrowingText:
    """Shows a text that is re-sent whole each time it grows (the outline) by writing only what is new.

    If a new version does not extend what is on screen, nothing is written until ``finish``, which then
    prints the final text in full after a note, so the screen never shows a garbled mix.
    """

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._shown = ""
        self._diverged = False

    def update(self, text: str) -> None:
        text = text.rstrip()
        if self._diverged or not text.startswith(self._shown):
            self._diverged = True
            return
        self._out.write(text[len(self._shown) :])
        self._out.flush()
        self._shown = text

    def finish(self, text: str, err: TextIO) -> None:
        text = text.rstrip()
        if text == self._shown:
            self._out.write("\n")
        else:
            if self._shown:
                self._out.write("\n")
                self._out.flush()
                err.write("copydesk: note: the text changed while it was written; here it is in full\n")
            self._out.write(text + "\n")
        self._out.flush()


def values_from(args: argparse.Namespace, names: Mapping[str, str]) -> dict[str, object]:
    """Form values from the options the user gave (``names`` maps field to option dest); options left
    out are left out, so the task's own defaults apply."""
    return {field: getattr(args, dest) for field, dest in names.items() if getattr(args, dest) is not None}
