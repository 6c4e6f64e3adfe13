"""UI latency: event-loop gaps while the real model streams, and cold start to a shown, responsive window.

1. **Event-loop gaps.** The real app (``build_app``, its garbage-collector timer and theme) runs in this
   process with a throwaway ``COPYDESK_HOME`` holding the model, which it loads as it does at start. A
   5 ms repeating timer records every tick while the product workspace (JSON under a grammar, fixed
   seeds; a run ends when the JSON is complete or at its token budget) and the chat workspace (fixed seed,
   end-of-answer tokens banned, so a full ``reply_tokens`` reply) stream real generations. Reference, in
   the same run: the same app idle for as long as each run took, right after it. Target: longest gap
   <= 50 ms. Also: engine tok/s with the window against the same jobs re-run with the GUI thread asleep.
2. **Cold start.** Fresh child processes run the real ``launch_gui`` with the model installed (it loads
   in the background and is not waited for) and say when the main window has been shown and a 0 ms timer
   has fired after it. Reference, in the same run: a bare ``QApplication`` + empty ``QMainWindow`` shown
   the same way (the floor set by Qt itself), and a bare interpreter. Target: <= 1.0 s. One extra run
   under ``-X importtime`` says where the app's imports spend their time.

Usage: ``python bench/ui_latency.py [--model PATH] [--threads N] [--runs 3] [--cold-runs 5] [--stacks]
[--platform offscreen|native] [--skip-headless] [--skip-gaps] [--skip-cold-start] [--json OUT]``

``--stacks`` samples every thread's Python stack during long gaps, to name the call that blocks.
Writes the full results to ``bench/results/ui_latency-<timestamp>.json``.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import faulthandler
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Only the standard library at module level: the cold-start child times its Qt and app imports itself.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from app.core.engine.types import Chunk, SamplingOptions
    from app.ui.launch import AppParts
    from app.ui.workspaces.base import Workspace

READY = "shown-and-responsive"
GAP_TARGET_MS = 50.0
COLD_START_TARGET_S = 1.0
TICK_MS = 5
LONG_GAP_MS = 25.0
"""With ``--stacks``, the threads' stacks are sampled once a gap has lasted this long."""
COLD_KINDS = ("python", "qt", "app")
PRODUCT_FORM: dict[str, Any] = {
    "name": "Trail bottle",
    "category": "Outdoor gear",
    "features": ["keeps drinks cold 24 hours", "BPA-free", "fits cup holders", "leak-proof lid"],
    "keywords": ["insulated water bottle", "hiking", "stainless steel"],
    "channel": "generic",
    "length": "short",
}
CHAT_MESSAGE = "Write a long story about a lighthouse keeper who finds a message in a bottle."


# ---------------------------------------------------------------- cold start: the child process


def cold_start_child(kind: str) -> int:
    """Start like a user would, print ``READY`` and timings (ms from just before ``import PySide6``)."""
    started = time.perf_counter()
    marks: dict[str, float] = {}

    def mark(name: str) -> None:
        marks.setdefault(name, (time.perf_counter() - started) * 1000)

    if kind == "python":
        print(READY, json.dumps({"kind": kind, "marks": marks}), flush=True)
        return 0

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    mark("qt_imported")

    class ShowWatcher(QObject):
        """Notes the moment a main window receives its Show event."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Show and isinstance(watched, QMainWindow):
                mark("shown")
            return False

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    mark("qapplication")
    watcher = ShowWatcher(app)
    app.installEventFilter(watcher)

    def first_tick() -> None:
        shown = [w for w in app.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]
        if not shown:
            QTimer.singleShot(0, first_tick)
            return
        mark("first_tick")
        app.processEvents()  # offscreen shows at once; let what the show posted be handled too
        mark("events_processed")
        print(READY, json.dumps({"kind": kind, "marks": marks}), flush=True)
        app.quit()

    # Fires on the event loop's first pass, which begins after the window has been shown.
    QTimer.singleShot(0, first_tick)
    if kind == "qt":
        window = QMainWindow()
        window.resize(1280, 820)
        window.show()
        return app.exec()

    from app.ui import launch

    mark("app_imported")
    build_app = launch.build_app

    def timed_build(*args: Any, **kwargs: Any) -> AppParts:
        parts = build_app(*args, **kwargs)
        mark("app_built")
        return parts

    launch.build_app = timed_build  # only to time this step
    return launch.launch_gui()


# ---------------------------------------------------------------- cold start: the parent


def cold_start_once(kind: str, env: dict[str, str]) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child-cold-start", kind]
    with tempfile.TemporaryFile("w+") as errors:
        spawned = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True, env=env)
        assert child.stdout is not None
        wall_ms = None
        report: dict[str, Any] = {}
        for line in child.stdout:
            if line.startswith(READY):
                wall_ms = (time.perf_counter() - spawned) * 1000
                report = json.loads(line[len(READY) :])
                break
        child.stdout.read()
        try:
            code = child.wait(timeout=60)
        except subprocess.TimeoutExpired:
            child.kill()
            code = child.wait()
        if wall_ms is None or code != 0:
            errors.seek(0)
            raise RuntimeError(f"cold start child {kind!r} failed (exit {code}):\n{errors.read()[-3000:]}")
    return {"wall_ms": wall_ms, **report["marks"]}


def import_breakdown(env: dict[str, str]) -> dict[str, Any]:
    """One extra, uncounted app start under ``-X importtime``: where ``import app.ui.launch`` spends time."""
    command = [sys.executable, "-X", "importtime", str(Path(__file__).resolve()), "--child-cold-start", "app"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=True)
    rows: list[tuple[int, int, str]] = []  # (depth, cumulative us, module)
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self_us, cumulative_us, module = line[len("import time:") :].split("|")
        depth = (len(module) - len(module.lstrip())) // 2
        rows.append((depth, int(cumulative_us), module.strip()))
    launch = next(((d, c) for d, c, n in rows if n == "app.ui.launch"), None)
    if launch is None:
        return {}
    index = next(i for i, (_d, _c, n) in enumerate(rows) if n == "app.ui.launch")
    # importtime prints children before their parent, one level deeper
    children: list[tuple[str, float]] = []
    for depth, cumulative, name in reversed(rows[:index]):
        if depth <= launch[0]:
            break
        if depth == launch[0] + 1:
            children.append((name, cumulative / 1000))
    third_party = sorted(
        (
            (n, c / 1000)
            for _d, c, n in rows
            if "." not in n and n not in sys.stdlib_module_names and n != "app"
        ),
        key=lambda item: -item[1],
    )
    return {
        "app_ui_launch_ms": launch[1] / 1000,
        "launch_children_ms": dict(sorted(children, key=lambda item: -item[1])[:12]),
        "third_party_ms": dict(third_party[:10]),
    }


def cold_start(env: dict[str, str], runs: int) -> dict[str, Any]:
    """``runs`` rounds, each kind once per round in a shuffled order, after one uncounted warm-up each."""
    warm_up = {kind: cold_start_once(kind, env) for kind in COLD_KINDS}
    results: dict[str, list[dict[str, Any]]] = {kind: [] for kind in COLD_KINDS}
    order = list(COLD_KINDS)
    shuffler = random.Random(20261128)
    for _ in range(runs):
        shuffler.shuffle(order)
        for kind in order:
            results[kind].append(cold_start_once(kind, env))
    summary: dict[str, Any] = {}
    for kind, trials in results.items():
        keys = sorted({key for trial in trials for key in trial})
        summary[kind] = {
            key: {
                "median": statistics.median(t[key] for t in trials),
                "max": max(t[key] for t in trials),
            }
            for key in keys
        }
    app, qt = summary["app"], summary["qt"]
    return {
        "runs": runs,
        "warm_up": warm_up,
        "trials": results,
        "summary": summary,
        "ratio_app_vs_qt_wall": app["wall_ms"]["median"] / qt["wall_ms"]["median"],
        "ratio_app_vs_qt_first_tick": app["first_tick"]["median"] / qt["first_tick"]["median"],
        "imports": import_breakdown(env),
        "target_s": COLD_START_TARGET_S,
        "target_met_median": app["wall_ms"]["median"] <= COLD_START_TARGET_S * 1000,
        "target_met_max": app["wall_ms"]["max"] <= COLD_START_TARGET_S * 1000,
    }


# ---------------------------------------------------------------- event-loop gaps


@dataclasses.dataclass
class Phase:
    name: str
    start: float
    end: float = 0.0
    tokens: int = 0
    generation_s: float = 0.0
    finished: bool = False


class GapDumper:
    """``faulthandler`` re-armed at every tick: once a gap has lasted ``LONG_GAP_MS`` (and every
    ``LONG_GAP_MS`` after that), every thread's Python stack is written to a file. It needs no GIL, so it
    also names a thread that holds the GIL inside C or C++. The tick that ends a long gap writes a marker
    after that gap's dumps, so each dump is tied to its gap."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile("w+b")  # noqa: SIM115 - open for the whole run
        self._fd = self._file.fileno()

    def tick(self, previous: float | None, now: float) -> None:
        if previous is not None and (now - previous) * 1000 >= LONG_GAP_MS:
            os.write(self._fd, f"\n@@gap-end {previous!r}\n".encode())
        faulthandler.dump_traceback_later(LONG_GAP_MS / 1000, repeat=True, file=self._fd)

    def pause(self) -> None:
        """Until the next tick (the ticker is stopped on purpose)."""
        faulthandler.cancel_dump_traceback_later()

    def stop(self) -> dict[float, collections.Counter[str]]:
        """The dumps of each long gap, by the time of the tick that began it; identical dumps counted."""
        faulthandler.cancel_dump_traceback_later()
        self._file.seek(0)
        text = self._file.read().decode(errors="replace")
        self._file.close()
        names = {f"0x{t.ident:016x}": t.name for t in threading.enumerate() if t.ident is not None}
        names[f"0x{threading.main_thread().ident or 0:016x}"] = "GUI thread"
        for ident, name in names.items():
            text = text.replace(f"Thread {ident}", f"Thread {ident} [{name}]")
        dumps: dict[float, collections.Counter[str]] = {}
        pending = ""
        for line in text.splitlines(keepends=True):
            if line.startswith("@@gap-end "):
                found = [d.strip() for d in pending.split("Timeout (") if d.strip()]
                dumps[float(line.split()[1])] = collections.Counter(_tidy(d) for d in found)
                pending = ""
            else:
                pending += line
        return dumps


def _tidy(dump: str) -> str:
    """A dump without its header, thread bootstrap frames, and the benchmark's own frames but the
    innermost (for the GUI thread, that one says "inside the Qt event loop")."""
    keep: list[str] = []
    in_bench = False
    for line in dump.splitlines()[1:]:
        if "threading.py" in line or not line.strip():
            continue
        if "ui_latency.py" in line:
            if in_bench:
                continue
            in_bench = True
        elif line.startswith("Thread"):
            in_bench = False
        keep.append(line.rstrip())
    return "\n".join(keep)


def _spin(quit_on: Sequence[SignalInstance], timeout_ms: int) -> bool:
    """Run an event loop, as ``app.exec()`` would, until one of ``quit_on`` fires or the timeout."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    fired = [False]

    def stop(*_args: object) -> None:  # signals emitted on the GUI thread only
        fired[0] = True
        loop.quit()

    for signal in quit_on:
        signal.connect(stop)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(timeout_ms)
    loop.exec()
    timer.stop()
    for signal in quit_on:
        signal.disconnect(stop)
    return fired[0]


def _gaps(ticks: list[float], phase: Phase) -> list[float]:
    """Gaps (ms) ending inside the phase: the first one covers whatever ran when the phase began."""
    inside = [i for i, t in enumerate(ticks) if phase.start < t <= phase.end]
    return [(ticks[i] - ticks[i - 1]) * 1000 for i in inside if i > 0]


def _stats(gaps: list[float]) -> dict[str, float]:
    if not gaps:
        return {"ticks": 0, "max_ms": 0.0, "p99_ms": 0.0, "median_ms": 0.0}
    ordered = sorted(gaps)
    return {
        "ticks": len(gaps),
        "max_ms": ordered[-1],
        "p99_ms": ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
        "median_ms": statistics.median(ordered),
    }


def none_leak_per_call() -> float:
    """References to ``None`` that one Qt call returning nothing drops (PySide6 6.12.0 on CPython 3.11
    drops one each time, and the app then aborts with "none_dealloc" within seconds of streaming)."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(100):
        probe.setObjectName("probe")
    return (before - sys.getrefcount(None)) / 100


def _speed(phases: list[Phase]) -> float:
    generation_s = sum(p.generation_s for p in phases)
    return sum(p.tokens for p in phases) / generation_s if generation_s else 0.0


def _no_end(parts: AppParts, seed: int, ends: list[int]) -> SamplingOptions:
    """The app's own sampling with a fixed seed, never ending on its own: a reply of ``reply_tokens``."""
    return dataclasses.replace(parts.runtime.sampling(seed), logit_bias=dict.fromkeys(ends, -1000.0))


def event_loop_gaps(runs: int, with_stacks: bool, with_headless: bool) -> dict[str, Any]:
    """Measure in this process; ``COPYDESK_HOME`` must already name a home with the model installed."""
    import PySide6
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from app.core.engine.types import CancelToken
    from app.core.runtime import Runtime
    from app.core.tasks.events import StepFinished
    from app.ui.gc_guard import GarbageCollector
    from app.ui.launch import build_app
    from app.ui.theme import apply_theme
    from app.ui.workspaces.chat import ChatWorkspace

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    if none_leak_per_call() > 0.5:
        raise RuntimeError(
            f"PySide6 {PySide6.__version__} drops a reference to None on every call that returns nothing; "
            "the app aborts (none_dealloc) within seconds of streaming. Install another version."
        )
    GarbageCollector(app)  # the app's own GUI-thread collector, as launch_gui sets it up
    runtime = Runtime.open()
    apply_theme(app, runtime.settings.appearance.theme)
    parts = build_app(runtime)  # loads the default model in the background, as the app does
    parts.window.show()
    if parts.bridge.model_info is None and not _spin([parts.bridge.model_loaded], 120_000):
        raise RuntimeError("the model did not load within 120 s")
    from app.core.engine.llama_loader import ModelInfo

    info = parts.bridge.model_info
    assert isinstance(info, ModelInfo), "the local bridge holds a local model"

    # Found once, on the engine's thread, before anything is timed: a scan of the whole vocabulary.
    ends = parts.worker.call(lambda engine: engine.end_of_generation_tokens()).result(60)
    ticks: list[float] = []
    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.setInterval(TICK_MS)
    dumper = GapDumper() if with_stacks else None

    def on_tick() -> None:  # a GUI-thread timer: runs there
        now = time.perf_counter()
        if dumper is not None:
            dumper.tick(ticks[-1] if ticks else None, now)
        ticks.append(now)

    ticker.timeout.connect(on_tick)
    ticker.start()
    _spin([], 500)  # settle after the load

    phases: list[Phase] = []
    current: list[Phase] = []

    def on_step(chunk: Chunk) -> None:
        if current and chunk.timings is not None:
            current[0].tokens += chunk.timings.generated_tokens
            current[0].generation_s += chunk.timings.generation_s

    def prepare(flow: str, seed: int) -> Workspace:
        workspace = parts.window.show_workspace(flow)
        if isinstance(workspace, ChatWorkspace):
            workspace.sampling = lambda: _no_end(parts, seed, ends)
            workspace.new_chat()
            workspace.input.setPlainText(CHAT_MESSAGE)
        else:  # JSON under a grammar: it ends when the object is complete, or at its token budget
            workspace.sampling = lambda: parts.runtime.sampling(seed)
            workspace.form.set_values(PRODUCT_FORM)
        _spin([], 200)
        return workspace

    def stream(flow: str, seed: int) -> None:
        workspace = prepare(flow, seed)
        phase = Phase(f"{flow} streaming", time.perf_counter())
        current[:] = [phase]
        workspace.step_finished.connect(on_step)
        workspace.generate()
        phase.finished = _spin([workspace.generated, parts.bridge.task_failed], 600_000)
        phase.end = time.perf_counter()
        workspace.step_finished.disconnect(on_step)
        current.clear()
        phases.append(phase)
        # The reference: the same app, idle, for as long as the run took.
        idle = Phase(f"{flow} idle", time.perf_counter())
        _spin([], int((phase.end - phase.start) * 1000))
        idle.end = time.perf_counter()
        phases.append(idle)

    def headless(flow: str, seed: int) -> None:
        """The same job on the same engine with the GUI thread asleep: the speed without a window."""
        job = prepare(flow, seed).make_job()
        assert job is not None
        ticker.stop()
        if dumper is not None:
            dumper.pause()
        phase = Phase(f"{flow} headless", time.perf_counter())

        def emit(event: object) -> None:  # on the engine's thread; the GUI thread waits meanwhile
            if isinstance(event, StepFinished) and event.chunk.timings is not None:
                phase.tokens += event.chunk.timings.generated_tokens
                phase.generation_s += event.chunk.timings.generation_s

        parts.worker.run(lambda engine, cancel: job(engine, cancel, emit), CancelToken()).result(600)
        phase.end = time.perf_counter()
        phase.finished = True
        phases.append(phase)
        ticker.start()
        _spin([], 200)

    for run in range(runs):
        for flow, seed in (("product", 11 + run), ("chat", 21 + run)):
            stream(flow, seed)
            if with_headless:
                headless(flow, seed)

    ticker.stop()
    stacks = dumper.stop() if dumper is not None else {}
    engine = parts.worker.engine
    threads = (engine.threads, info.batch_threads) if engine is not None else (info.threads, 0)
    python_threads = threading.active_count()
    parts.window.close()
    parts.shutdown()

    streaming = [p for p in phases if p.name.endswith("streaming")]
    idle = [p for p in phases if p.name.endswith("idle")]
    stream_gaps = [g for p in streaming for g in _gaps(ticks, p)]
    idle_gaps = [g for p in idle for g in _gaps(ticks, p)]
    tokens = sum(p.tokens for p in streaming)
    stream_s = sum(p.end - p.start for p in streaming)
    generation_s = sum(p.generation_s for p in streaming)
    streaming_stats, idle_stats = _stats(stream_gaps), _stats(idle_gaps)
    quiet = [p for p in phases if p.name.endswith("headless")]
    quiet_tokens = sum(p.tokens for p in quiet)
    quiet_generation_s = sum(p.generation_s for p in quiet)
    quiet_speed = quiet_tokens / quiet_generation_s if quiet_generation_s else 0.0
    by_flow = {
        flow: {
            kind: _speed([p for p in phases if p.name == f"{flow} {kind}"])
            for kind in ("streaming", "headless")
        }
        for flow in ("product", "chat")
    }

    longest: list[dict[str, Any]] = []
    for phase in (*streaming, *idle):
        for index, t in enumerate(ticks):
            if index and phase.start < t <= phase.end:
                gap = (t - ticks[index - 1]) * 1000
                longest.append(
                    {
                        "phase": phase.name,
                        "gap_ms": gap,
                        "ends_at_s_into_phase": t - phase.start,
                        "phase_length_s": phase.end - phase.start,
                        "stacks": dict(stacks.get(ticks[index - 1], {})),
                    }
                )
    longest.sort(key=lambda g: -float(g["gap_ms"]))
    return {
        "model": info.name,
        "threads": {"generation": threads[0], "prompt": threads[1], "python_threads": python_threads},
        "runs_per_workspace": runs,
        "phases": [dataclasses.asdict(p) for p in phases],
        "all_finished": all(p.finished for p in streaming),
        "streaming": streaming_stats,
        "idle": idle_stats,
        "ratio_max": streaming_stats["max_ms"] / idle_stats["max_ms"] if idle_stats["max_ms"] else 0.0,
        "ratio_p99": streaming_stats["p99_ms"] / idle_stats["p99_ms"] if idle_stats["p99_ms"] else 0.0,
        "ratio_median": (
            streaming_stats["median_ms"] / idle_stats["median_ms"] if idle_stats["median_ms"] else 0.0
        ),
        "tokens": tokens,
        "streaming_s": stream_s,
        "tok_s_wall": tokens / stream_s if stream_s else 0.0,
        "tok_s_engine": tokens / generation_s if generation_s else 0.0,
        "tok_s_engine_headless": quiet_speed,
        "ratio_tok_s_gui_vs_headless": (tokens / generation_s) / quiet_speed if quiet_speed else 0.0,
        "tok_s_by_flow": by_flow,
        "longest_gaps": longest[:8],
        "target_ms": GAP_TARGET_MS,
        "target_met": streaming_stats["max_ms"] <= GAP_TARGET_MS,
    }


# ---------------------------------------------------------------- setup, report


def prepare_home(model: Path | None, threads: int | None) -> tuple[Path, Path]:
    """A throwaway home with the model as its default; returns (home, model path)."""
    from app.core.models.starter import fetch_starter, install_starter, model_cache_dir
    from app.core.paths import app_paths
    from app.core.runtime import Runtime

    cache = model_cache_dir(app_paths())  # the user's own cache, resolved before the home changes
    path = model or fetch_starter(cache)
    home = Path(tempfile.mkdtemp(prefix="copydesk-ui-latency-"))
    paths = app_paths({"COPYDESK_HOME": str(home)}).ensure()
    if model is None:
        path = install_starter(paths, cache)
    runtime = Runtime.open(paths)
    models = dataclasses.replace(runtime.settings.models, default_model=str(path.resolve()))
    runtime.save(dataclasses.replace(runtime.settings, models=models))
    if threads:
        runtime.update_engine(threads=threads)
    return home, path


def machine() -> str:
    from app.core.hardware import detect_hardware

    hw = detect_hardware()
    return f"{platform.machine()}, {hw.cpu_model}, {hw.logical_cores} cores, {hw.backend}"


def print_gaps(r: dict[str, Any]) -> None:
    s, i = r["streaming"], r["idle"]
    t = r["threads"]
    print(
        f"\nEvent-loop gaps ({TICK_MS} ms timer), {r['model']}, generation threads {t['generation']}, "
        f"prompt threads {t['prompt']}, {t['python_threads']} Python threads, "
        f"{r['runs_per_workspace']} runs each of product and chat"
    )
    print(f"{'':<12}{'ticks':>8}{'max ms':>10}{'p99 ms':>10}{'median ms':>11}")
    for name, stats in (("streaming", s), ("idle (ref)", i)):
        print(
            f"{name:<12}{stats['ticks']:>8}{stats['max_ms']:>10.1f}{stats['p99_ms']:>10.1f}"
            f"{stats['median_ms']:>11.2f}"
        )
    print(f"{'ratio':<12}{'':>8}{r['ratio_max']:>9.2f}x{r['ratio_p99']:>9.2f}x{r['ratio_median']:>10.2f}x")
    print(
        f"streamed {r['tokens']} tokens in {r['streaming_s']:.1f} s: {r['tok_s_wall']:.1f} tok/s wall, "
        f"{r['tok_s_engine']:.1f} tok/s engine; all runs finished: {r['all_finished']}"
    )
    if r["tok_s_engine_headless"]:
        flows = ", ".join(
            f"{flow} {v['streaming']:.1f} vs {v['headless']:.1f}" for flow, v in r["tok_s_by_flow"].items()
        )
        print(
            f"engine tok/s with the window vs the same jobs headless: {r['tok_s_engine']:.1f} vs "
            f"{r['tok_s_engine_headless']:.1f} = {r['ratio_tok_s_gui_vs_headless']:.2f}x ({flows})"
        )
    for phase in r["phases"]:
        length = phase["end"] - phase["start"]
        print(f"  {phase['name']:<18} {length:6.2f} s, {phase['tokens']:5d} tokens")
    verdict = "met" if r["target_met"] else "NOT met"
    print(f"target: max gap <= {GAP_TARGET_MS:.0f} ms while streaming: {verdict} ({s['max_ms']:.1f} ms)")
    print("longest gaps:")
    for gap in r["longest_gaps"][:5]:
        print(
            f"  {gap['gap_ms']:7.1f} ms  {gap['phase']}, ending {gap['ends_at_s_into_phase']:.2f} s into "
            f"a {gap['phase_length_s']:.2f} s phase"
        )
        for stack, count in sorted(gap["stacks"].items(), key=lambda kv: -kv[1])[:2]:
            print(f"    sampled {count}x in:\n" + "\n".join("      " + ln for ln in stack.splitlines()))


def print_cold(r: dict[str, Any]) -> None:
    print(f"\nCold start, {r['runs']} runs per kind (median / max, ms)")
    columns = ("wall_ms", "qt_imported", "qapplication", "app_imported", "app_built", "shown", "first_tick")
    print(f"{'kind':<8}" + "".join(f"{c:>20}" for c in columns))
    for kind in COLD_KINDS:
        row = r["summary"][kind]
        cells = [f"{row[c]['median']:.0f} / {row[c]['max']:.0f}" if c in row else "-" for c in columns]
        print(f"{kind:<8}" + "".join(f"{cell:>20}" for cell in cells))
    print(
        "wall_ms: parent-observed, spawn to the child's line; the rest: in the child, from just before "
        "`import PySide6`"
    )
    print(
        f"app / bare Qt: wall {r['ratio_app_vs_qt_wall']:.2f}x, "
        f"in-child to first tick {r['ratio_app_vs_qt_first_tick']:.2f}x"
    )
    imports = r["imports"]
    if imports:
        print(
            f"import app.ui.launch under -X importtime (one extra run): "
            f"{imports['app_ui_launch_ms']:.0f} ms; heaviest parts: "
            + ", ".join(f"{name} {ms:.0f}" for name, ms in list(imports["launch_children_ms"].items())[:6])
        )
        print(
            "heaviest third-party packages (ms, where first imported): "
            + ", ".join(f"{name} {ms:.0f}" for name, ms in imports["third_party_ms"].items())
        )
    app = r["summary"]["app"]["wall_ms"]
    print(
        f"target: shown and responsive <= {COLD_START_TARGET_S:.1f} s: median "
        f"{'met' if r['target_met_median'] else 'NOT met'} ({app['median']:.0f} ms), max "
        f"{'met' if r['target_met_max'] else 'NOT met'} ({app['max']:.0f} ms)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", type=Path, help="GGUF file (default: the starter model)")
    parser.add_argument("--threads", type=int, help="generation threads (default: the app's own choice)")
    parser.add_argument("--runs", type=int, default=3, help="streaming runs per workspace")
    parser.add_argument("--cold-runs", type=int, default=5, help="cold starts per kind")
    parser.add_argument("--stacks", action="store_true", help="dump every thread's stack in long gaps")
    parser.add_argument(
        "--platform",
        choices=("offscreen", "native"),
        default="offscreen",
        help="Qt platform: offscreen, or whatever this session's display offers",
    )
    parser.add_argument(
        "--skip-headless", action="store_true", help="skip re-running each job headless (tok/s reference)"
    )
    parser.add_argument("--skip-gaps", action="store_true")
    parser.add_argument("--skip-cold-start", action="store_true")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--child-cold-start", choices=COLD_KINDS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_cold_start:
        return cold_start_child(args.child_cold_start)

    if args.platform == "offscreen":
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    home, model = prepare_home(args.model, args.threads)
    env = {**os.environ, "COPYDESK_HOME": str(home)}
    where = machine()
    load_before = os.getloadavg()
    print(f"model {model.name}; {where}; Qt platform {os.environ.get('QT_QPA_PLATFORM', 'native')}")
    print(f"load average before: {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}", flush=True)

    results: dict[str, Any] = {
        "model": model.name,
        "machine": where,
        "qt_platform": os.environ.get("QT_QPA_PLATFORM", "native"),
        "load_average_before": load_before,
    }
    if not args.skip_cold_start:
        results["cold_start"] = cold_start(env, args.cold_runs)
        print_cold(results["cold_start"])
    if not args.skip_gaps:
        os.environ["COPYDESK_HOME"] = str(home)
        results["event_loop"] = event_loop_gaps(args.runs, args.stacks, not args.skip_headless)
        print_gaps(results["event_loop"])
    shutil.rmtree(home, ignore_errors=True)
    results["load_average_after"] = os.getloadavg()
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in results['load_average_after'])}")

    out = (
        args.json
        or Path(__file__).resolve().parent / "results" / f"ui_latency-{time.strftime('%Y%m%d-%H%M%S')}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
