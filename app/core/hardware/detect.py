"""Put the probes together into one ``HardwareInfo``, and refresh its free-memory numbers later.

The probes are looked up in this module's namespace, so a test replaces them here.
"""

from __future__ import annotations

import contextlib
import functools
import os
import platform
from dataclasses import replace

from app.core.hardware.ggml_backends import LlamaFacts, probe_llama
from app.core.hardware.info import UNKNOWN, GpuInfo, HardwareInfo
from app.core.hardware.probes import (
    best_effort,
    probe_core_counts,
    probe_cpu_model,
    probe_nvidia_gpus,
    probe_ram,
)

_NO_GPUS: tuple[GpuInfo, ...] = ()


def _probe_gpus(facts: LlamaFacts, ram_total: int, ram_available: int) -> tuple[GpuInfo, ...]:
    """nvidia-smi first; Apple unified memory next; else whatever ggml's GPU devices report."""
    nvidia = best_effort(probe_nvidia_gpus, _NO_GPUS)
    if nvidia:
        return nvidia
    if facts.backend == "Metal":
        name = facts.gpu_devices[0].description if facts.gpu_devices else ""
        # Unified memory: the GPU's memory is the system RAM.
        return (GpuInfo(name or "Apple GPU", ram_total, ram_available),)
    gpus: list[GpuInfo] = []
    for device in facts.gpu_devices:
        free = total = 0
        if facts.registry is not None:
            with contextlib.suppress(Exception):
                free, total = facts.registry.memory(device)
        gpus.append(GpuInfo(device.description or device.name, total, free))
    return tuple(gpus)


@functools.lru_cache(maxsize=1)
def detect_hardware() -> HardwareInfo:
    """Probe once per process: llama.cpp's registry and the helper tools are not free to ask."""
    cpu_model = best_effort(probe_cpu_model, UNKNOWN)
    fallback_cores = max(1, os.cpu_count() or 1)
    physical, logical, performance = best_effort(
        probe_core_counts, (fallback_cores, fallback_cores, fallback_cores)
    )
    ram_total, ram_available = best_effort(probe_ram, (0, 0))
    facts = best_effort(probe_llama, LlamaFacts((), UNKNOWN, False, (), None))
    gpus = best_effort(lambda: _probe_gpus(facts, ram_total, ram_available), _NO_GPUS)
    return HardwareInfo(
        cpu_model=cpu_model,
        physical_cores=physical,
        logical_cores=logical,
        performance_cores=performance,
        cpu_features=facts.features,
        backend=facts.backend,
        gpu_offload=facts.gpu_offload,
        gpus=gpus,
        ram_total_bytes=ram_total,
        ram_available_bytes=ram_available,
        os_platform=best_effort(platform.platform, UNKNOWN),
    )


def refresh_memory(info: HardwareInfo) -> HardwareInfo:
    """The same machine with current free RAM/VRAM, for a fit check right before loading a model.

    NVIDIA numbers come fresh from nvidia-smi and Apple's from RAM; GPUs known only through ggml
    keep their snapshot, since asking again would mean a call into the backend.
    """
    ram_total, ram_available = best_effort(probe_ram, (info.ram_total_bytes, info.ram_available_bytes))
    gpus = info.gpus
    nvidia = best_effort(probe_nvidia_gpus, _NO_GPUS)
    if nvidia:
        gpus = nvidia
    elif info.backend == "Metal" and gpus:
        gpus = tuple(replace(gpu, total_bytes=ram_total, free_bytes=ram_available) for gpu in gpus)
    return replace(info, ram_total_bytes=ram_total, ram_available_bytes=ram_available, gpus=gpus)
