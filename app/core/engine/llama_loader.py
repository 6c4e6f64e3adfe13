"""Loading a GGUF model into llama.cpp: validation, GPU offload plan, threads, context.

Kept apart from generation so the token loop stays small, and so a failed or cancelled load is handled
in one place: a GPU load that fails falls back to the CPU and says why; a cancel is never retried.
"""

from __future__ import annotations

import ctypes
import dataclasses
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import llama_cpp

from app.core.engine import llama_log
from app.core.engine.offload import kv_cache_bytes, plan_offload
from app.core.engine.types import ModelLoadError
from app.core.hardware import (
    HardwareInfo,
    batch_thread_count,
    default_thread_count,
    detect_hardware,
    refresh_memory,
)
from app.core.models.gguf_header import GGUFHeader
from app.core.models.validation import validate_model_file

log = logging.getLogger(__name__)
_backend_ready = False


class ModelLoadCancelledError(ModelLoadError):
    """The user cancelled a load through the progress callback; not a failure to fall back from."""


@dataclass(frozen=True)
class LoadOptions:
    context_size: int = 4096
    threads: int | None = None
    """Generation threads; ``None`` picks a safe default for this machine."""
    batch_threads: int | None = None
    """Prompt-processing threads; ``None`` uses every usable core."""
    gpu_layers: int | None = None
    """``None`` is automatic; 0 is CPU only; -1 is all layers."""
    batch_size: int = 512


@dataclass(frozen=True)
class ModelInfo:
    path: Path
    name: str
    architecture: str
    size_bytes: int
    context_size: int
    trained_context: int
    has_chat_template: bool
    threads: int
    batch_threads: int
    gpu_layers: int
    offload_note: str
    backend: str
    load_seconds: float


@dataclass(frozen=True)
class LoadedModel:
    """Raw llama.cpp handles plus what we know about them; the engine takes ownership."""

    model: Any
    ctx: Any
    header: GGUFHeader
    info: ModelInfo
    batch_size: int


def ensure_backend() -> None:
    global _backend_ready
    if not _backend_ready:
        llama_log.install()
        llama_cpp.llama_backend_init()
        _backend_ready = True


def load_model(
    path: Path,
    options: LoadOptions | None = None,
    *,
    hardware: HardwareInfo | None = None,
    progress: Callable[[float], bool] | None = None,
) -> LoadedModel:
    """Validate the file, plan GPU offload, load. ``progress`` gets 0..1 and returns False to abort."""
    options = options or LoadOptions()
    header = validate_model_file(path)
    # Free memory changes while the app runs; the cached hardware snapshot's figure may be stale.
    hw = refresh_memory(hardware or detect_hardware())
    ensure_backend()
    if header.context_length and options.context_size > header.context_length:
        # Past its trained length a model's output turns to noise; the smaller window is honest.
        log.warning(
            "context %d is beyond %s's trained %d tokens; using %d",
            options.context_size,
            path.name,
            header.context_length,
            header.context_length,
        )
        options = dataclasses.replace(options, context_size=header.context_length)
    kv_bytes = kv_cache_bytes(
        header.block_count,
        header.embedding_length,
        header.head_count,
        header.head_count_kv,
        options.context_size,
    )
    plan = plan_offload(options.gpu_layers, header.file_size + kv_bytes, hw)
    threads = options.threads or default_thread_count(hw)
    batch_threads = options.batch_threads or batch_thread_count(hw)
    started = time.perf_counter()
    gpu_layers, note = plan.gpu_layers, plan.note
    try:
        model, ctx = _load(path, gpu_layers, options, threads, batch_threads, progress)
    except ModelLoadCancelledError:
        raise
    except ModelLoadError:
        if gpu_layers == 0:
            raise
        # A failed GPU load (driver, out of memory) should not leave the user with nothing.
        reason = last_error_line()
        model, ctx = _load(path, 0, options, threads, batch_threads, progress)
        gpu_layers, note = 0, f"CPU: loading on the GPU failed ({reason})"
    info = ModelInfo(
        path=path,
        name=path.stem,
        architecture=header.architecture,
        size_bytes=header.file_size,
        context_size=int(llama_cpp.llama_n_ctx(ctx)),
        trained_context=header.context_length,
        has_chat_template=bool(llama_cpp.llama_model_chat_template(model, None)),
        threads=threads,
        batch_threads=batch_threads,
        gpu_layers=gpu_layers,
        offload_note=note,
        backend=hw.backend if gpu_layers else "CPU",
        load_seconds=time.perf_counter() - started,
    )
    return LoadedModel(model, ctx, header, info, options.batch_size)


def _load(
    path: Path,
    gpu_layers: int,
    options: LoadOptions,
    threads: int,
    batch_threads: int,
    progress: Callable[[float], bool] | None,
) -> tuple[Any, Any]:
    model = _load_weights(path, gpu_layers, progress)
    try:
        return model, _new_context(model, options, threads, batch_threads)
    except BaseException:
        llama_cpp.llama_model_free(model)
        raise


def _load_weights(path: Path, gpu_layers: int, progress: Callable[[float], bool] | None) -> Any:
    params = llama_cpp.llama_model_default_params()
    params.n_gpu_layers = gpu_layers if gpu_layers >= 0 else 2**31 - 1
    callback = None
    cancelled = [False]
    if progress is not None:

        def on_progress(fraction: float, _data: ctypes.c_void_p) -> bool:
            keep_going = bool(progress(float(fraction)))
            cancelled[0] = not keep_going
            return keep_going

        callback = llama_cpp.llama_progress_callback(on_progress)
        params.progress_callback = callback
    llama_log.clear()
    model = llama_cpp.llama_model_load_from_file(str(path).encode("utf-8"), params)
    del callback  # used only during the call above
    if cancelled[0]:
        raise ModelLoadCancelledError(f"Loading {path.name} was cancelled.")
    if not model:
        raise ModelLoadError(f"llama.cpp could not load {path.name}: {last_error_line()}")
    return model


def _new_context(model: Any, options: LoadOptions, threads: int, batch_threads: int) -> Any:
    params = llama_cpp.llama_context_default_params()
    params.n_ctx = options.context_size
    params.n_batch = options.batch_size
    params.n_ubatch = options.batch_size
    params.n_threads = threads
    params.n_threads_batch = batch_threads
    params.no_perf = True
    ctx = llama_cpp.llama_init_from_model(model, params)
    if not ctx:
        raise ModelLoadError(
            f"llama.cpp could not create a context of {options.context_size} tokens "
            f"({last_error_line()}). Try a smaller context size."
        )
    return ctx


def last_error_line() -> str:
    lines = [line for line in llama_log.recent_lines() if line.strip()]
    for line in reversed(lines):
        lowered = line.lower()
        if "error" in lowered or "failed" in lowered or "unknown" in lowered:
            return line.strip()
    return lines[-1].strip() if lines else "no details from llama.cpp"
