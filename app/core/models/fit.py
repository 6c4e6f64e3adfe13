"""Will this model fit? An estimate from the GGUF header alone, before anything is downloaded or loaded.

Memory a loaded model takes is three parts, all readable from the header:

- **weights**: the tensor bytes (the file minus its header); on the CPU they are memory-mapped and all
  of them are touched while generating, so they count in full;
- **KV cache**: keys and values for every layer at the chosen context (`kv_cache_bytes`, f16);
- **compute buffer**: scratch memory for one batch, see `compute_buffer_bytes`.

The estimate is compared with free RAM, or free VRAM when this llama.cpp can offload and the GPU plan
(`plan_offload`, as the loader uses it) would put the model there, and turned into a verdict the user
can read: "needs 5.1 GiB, 6.3 GiB free: tight". It leans high on purpose: a check that says "fits" and
is wrong costs a frozen computer; one that says "tight" and is wrong costs a moment's hesitation.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from app.core.engine.offload import kv_cache_bytes, plan_offload
from app.core.hardware import HardwareInfo, detect_hardware, refresh_memory
from app.core.models.gguf_header import GGUFHeader, read_gguf_header
from app.core.models.remote_header import RangeFetcher, read_remote_header

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "FITS_FRACTION",
    "GPU_RUNTIME_OVERHEAD_BYTES",
    "FitEstimate",
    "MemoryNeed",
    "Verdict",
    "compute_buffer_bytes",
    "estimate_local",
    "estimate_need",
    "estimate_remote",
    "judge_fit",
]

GIB: Final = 1024**3
DEFAULT_BATCH_SIZE: Final = 512
"""The engine's ``LoadOptions.batch_size`` (n_batch = n_ubatch), which sizes the compute buffer."""
FITS_FRACTION: Final = 0.8
"""Up to this share of free memory is "fits"; the rest is left to the OS, other programs and growth."""
GPU_RUNTIME_OVERHEAD_BYTES: Final = 512 * 1024**2
"""CUDA/Vulkan context, cuBLAS workspace and host staging: the same allowance `plan_offload` keeps."""
_COMPUTE_MARGIN: Final = 1.05


class Verdict(enum.StrEnum):
    FITS = "fits"
    TIGHT = "tight"
    WONT_FIT = "wont_fit"

    @property
    def label(self) -> str:
        return "won't fit" if self is Verdict.WONT_FIT else self.value


@dataclass(frozen=True)
class MemoryNeed:
    weights_bytes: int
    kv_cache_bytes: int
    compute_bytes: int
    context_size: int
    """The context the estimate is for (capped at the model's trained length, as the loader does)."""
    batch_size: int

    @property
    def total_bytes(self) -> int:
        return self.weights_bytes + self.kv_cache_bytes + self.compute_bytes


@dataclass(frozen=True)
class FitEstimate:
    verdict: Verdict
    need: MemoryNeed
    device: str
    """Where the numbers were judged: ``"GPU"``, ``"RAM"`` or ``"unified memory"`` (Apple)."""
    required_bytes: int
    """`MemoryNeed.total_bytes` plus the GPU runtime allowance when judged against VRAM."""
    free_bytes: int
    """Free memory on `device`; 0 when the OS did not say."""
    explanation: str
    """One line for people: "needs 5.1 GiB, 6.3 GiB free: tight"."""


def compute_buffer_bytes(header: GGUFHeader, context_size: int, batch_size: int = DEFAULT_BATCH_SIZE) -> int:
    """Scratch memory llama.cpp reserves for evaluating one batch ("compute buffer size" in its log).

    llama.cpp sizes this buffer for the worst batch: ``batch_size`` tokens that all want logits. Its
    graph allocator reuses memory between operations, so the size is the widest point of the graph:

    - the output layer: logits of ``n_vocab`` floats per token, next to the normalised hidden state and
      the residual (``n_embd`` floats each);
    - or, for models whose feed-forward layer is wider than the vocabulary, gate, up and activation of
      ``n_ff`` floats each;
    - plus the f16 attention mask of ``n_ctx`` x ``batch_size`` (flash attention, which llama.cpp picks
      by itself on the CPU, CUDA and Metal, never builds the full ``n_head`` x ``n_ctx`` score matrix).

    That is ``4 * batch * (max(n_vocab, 3 * n_ff) + 2 * n_embd) + 2 * n_ctx * batch``, plus 5 %.
    Measured with the pinned llama.cpp on the starter model (n_vocab 49,152, n_embd 576, n_ff 1,536):
    102.5 MiB at n_ctx 2048 / batch 512 (formula: 105.3), 98.3 at 8192 / 512 (111.6), 51.3 at
    2048 / 256 (52.7), 24.6 at 8192 / 128 (27.8). For Llama-3-8B-class vocabularies (128k) the logits
    alone are 250 MiB at batch 512, which is why the buffer matters next to small models.
    """
    if batch_size <= 0 or context_size <= 0:
        raise ValueError("batch_size and context_size must be positive")
    n_vocab = header.vocab_size
    n_embd = header.embedding_length
    n_ff = header.arch_int("feed_forward_length")
    widest = max(n_vocab, 3 * n_ff)
    raw = 4 * batch_size * (widest + 2 * n_embd) + 2 * context_size * batch_size
    return math.ceil(raw * _COMPUTE_MARGIN)


def estimate_need(
    header: GGUFHeader,
    context_size: int,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    weights_bytes: int | None = None,
) -> MemoryNeed:
    """Memory a model needs at ``context_size``, from its header.

    ``weights_bytes`` overrides the weights of this file, for split models whose other parts hold more
    tensors (pass the sum of all parts' sizes).
    """
    if context_size <= 0:
        raise ValueError("context_size must be positive")
    context = min(context_size, header.context_length) if header.context_length else context_size
    if weights_bytes is None:
        weights_bytes = (
            header.tensor_bytes if header.size_is_exact else max(header.file_size - header.data_offset, 0)
        )
    kv = kv_cache_bytes(
        header.block_count, header.embedding_length, header.head_count, header.head_count_kv, context
    )
    return MemoryNeed(
        weights_bytes=weights_bytes,
        kv_cache_bytes=kv,
        compute_bytes=compute_buffer_bytes(header, context, batch_size),
        context_size=context,
        batch_size=batch_size,
    )


def judge_fit(need: MemoryNeed, hardware: HardwareInfo, *, gpu_layers: int | None = None) -> FitEstimate:
    """Compare ``need`` with the memory where the model would run, as the loader would plan it.

    ``gpu_layers`` is the user's setting (``None`` automatic, 0 CPU only, -1 all layers). Partial
    offload is judged as GPU; the weights it leaves on the CPU are then counted against neither, which
    is the one case this check cannot size well.
    """
    plan = plan_offload(gpu_layers, need.weights_bytes + need.kv_cache_bytes, hardware)
    if plan.gpu_layers != 0 and hardware.backend == "Metal":
        return _judge(need, need.total_bytes, hardware.ram_available_bytes, "unified memory", "")
    if plan.gpu_layers != 0:
        gpu_free = max((gpu.free_bytes for gpu in hardware.gpus), default=0)
        on_gpu = _judge(need, need.total_bytes + GPU_RUNTIME_OVERHEAD_BYTES, gpu_free, "GPU", "GPU has ")
        if on_gpu.verdict is not Verdict.WONT_FIT or gpu_layers is not None:
            return on_gpu
        # The automatic plan falls back to the CPU when a GPU load fails; judge that.
        return _on_cpu(need, hardware, f"too big for the GPU ({_gib(gpu_free)} free); on the CPU ")
    if hardware.gpu_offload and gpu_layers is None and hardware.gpus and hardware.backend != "Metal":
        gpu_free = max(gpu.free_bytes for gpu in hardware.gpus)
        return _on_cpu(need, hardware, f"too big for the GPU ({_gib(gpu_free)} free); on the CPU ")
    return _judge(need, need.total_bytes, hardware.ram_available_bytes, "RAM", "", hardware=hardware)


def estimate_local(
    path: Path,
    context_size: int,
    *,
    hardware: HardwareInfo | None = None,
    gpu_layers: int | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> FitEstimate:
    """Fit of a GGUF file on disk, against memory free right now. Raises `GGUFError`, `OSError`."""
    header = read_gguf_header(path)
    hw = hardware if hardware is not None else refresh_memory(detect_hardware())
    return judge_fit(estimate_need(header, context_size, batch_size=batch_size), hw, gpu_layers=gpu_layers)


def estimate_remote(
    url: str,
    context_size: int,
    fetch: RangeFetcher,
    *,
    hardware: HardwareInfo | None = None,
    gpu_layers: int | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> FitEstimate:
    """Fit of a GGUF file on a server, from its header alone (a ranged GET of the first few MB).

    Raises `RemoteHeaderError` for transfer problems and `GGUFError` for a file that is not a GGUF model.
    """
    header = read_remote_header(url, fetch)
    hw = hardware if hardware is not None else refresh_memory(detect_hardware())
    return judge_fit(estimate_need(header, context_size, batch_size=batch_size), hw, gpu_layers=gpu_layers)


def _on_cpu(need: MemoryNeed, hardware: HardwareInfo, prefix: str) -> FitEstimate:
    """The CPU fallback of a machine with a GPU: slower than the user may expect, so never "fits"."""
    judged = _judge(need, need.total_bytes, hardware.ram_available_bytes, "RAM", "", hardware=hardware)
    verdict = Verdict.TIGHT if judged.verdict is Verdict.FITS else judged.verdict
    return FitEstimate(
        verdict=verdict,
        need=need,
        device="RAM",
        required_bytes=judged.required_bytes,
        free_bytes=judged.free_bytes,
        explanation=f"{prefix}needs {_gib(judged.required_bytes)}, {_gib(judged.free_bytes)} free: "
        f"{verdict.label}",
    )


def _judge(
    need: MemoryNeed,
    required: int,
    free: int,
    device: str,
    free_prefix: str,
    *,
    hardware: HardwareInfo | None = None,
) -> FitEstimate:
    """``hardware`` is given when judging RAM, so an unknown free amount can fall back to the total."""
    if free <= 0:
        # The OS did not say what is free; the total is the best bound left, and never better than tight.
        known_total = hardware.ram_total_bytes if hardware is not None else 0
        if known_total and required > known_total:
            verdict, text = (
                Verdict.WONT_FIT,
                f"needs {_gib(required)}, more than the {_gib(known_total)} here",
            )
        else:
            verdict, text = Verdict.TIGHT, f"needs {_gib(required)}; free {device} is unknown"
        return FitEstimate(verdict, need, device, required, 0, f"{text}: {verdict.label}")
    if required <= free * FITS_FRACTION:
        verdict = Verdict.FITS
    elif required <= free:
        verdict = Verdict.TIGHT
    else:
        verdict = Verdict.WONT_FIT
    explanation = f"needs {_gib(required)}, {free_prefix}{_gib(free)} free: {verdict.label}"
    return FitEstimate(verdict, need, device, required, free, explanation)


def _gib(n: int) -> str:
    """GiB with one decimal, MiB below a tenth of a GiB so small models do not all read "0.1 GiB"."""
    if n < GIB // 10:
        return f"{n / 1024**2:.0f} MiB"
    return f"{n / GIB:.1f} GiB"
