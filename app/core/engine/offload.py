"""Decides how many layers go to the GPU, and says why in words the user can read."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.hardware import HardwareInfo

GIB = 1024**3
# Headroom for compute buffers, the CUDA/Metal context and other programs' use of the GPU.
_GPU_HEADROOM_BYTES = 512 * 1024**2
_GPU_HEADROOM_FRACTION = 0.10


@dataclass(frozen=True)
class OffloadPlan:
    gpu_layers: int
    """-1 means every layer."""
    note: str


def kv_cache_bytes(
    n_layers: int, n_embd: int, n_head: int, n_head_kv: int, context_size: int, bytes_per_value: int = 2
) -> int:
    """Keys and values for every layer at full context (f16 by default), the part of memory that grows
    with the context setting."""
    if n_layers <= 0 or n_embd <= 0:
        return 0
    heads = n_head if n_head > 0 else 1
    kv_heads = n_head_kv if n_head_kv > 0 else heads
    embd_gqa = n_embd * kv_heads // heads
    return 2 * n_layers * context_size * embd_gqa * bytes_per_value


def plan_offload(requested: int | None, need_bytes: int, hardware: HardwareInfo) -> OffloadPlan:
    """``requested=None`` is automatic: all layers when the build can offload and the model fits."""
    if requested is not None:
        if requested != 0 and not hardware.gpu_offload:
            return OffloadPlan(
                0, "GPU layers were requested, but this build of llama.cpp runs on the CPU only"
            )
        where = "all layers" if requested < 0 else f"{requested} layers"
        return OffloadPlan(requested, f"{where} on the GPU as set" if requested else "CPU only, as set")
    if not hardware.gpu_offload:
        return OffloadPlan(0, "CPU: this build of llama.cpp has no GPU backend")
    if hardware.backend == "Metal":
        # Unified memory: the GPU shares RAM, so fitting in RAM is fitting on the GPU.
        free = hardware.ram_available_bytes
    elif hardware.gpus:
        free = max(gpu.free_bytes for gpu in hardware.gpus)
    else:
        return OffloadPlan(-1, f"{hardware.backend}: all layers (free GPU memory unknown)")
    usable = free * (1 - _GPU_HEADROOM_FRACTION) - _GPU_HEADROOM_BYTES
    if need_bytes <= usable:
        return OffloadPlan(
            -1, f"{hardware.backend}: all layers ({need_bytes / GIB:.1f} GiB of {free / GIB:.1f} free)"
        )
    return OffloadPlan(
        0,
        f"CPU: the model needs about {need_bytes / GIB:.1f} GiB but the GPU has {free / GIB:.1f} GiB free",
    )
