"""The snapshot of the machine that the rest of the app reads: plain frozen dataclasses, no probing.

Kept apart from the probes so code that only reads a ``HardwareInfo`` (the engine, the fit check,
tests with made-up machines) never pulls in subprocess or ctypes.
"""

from __future__ import annotations

from dataclasses import dataclass

UNKNOWN = "unknown"
"""What a text field says when its probe failed; byte counts use 0 instead."""


@dataclass(frozen=True)
class GpuInfo:
    """One GPU as the fit check needs it; byte counts are 0 when the driver did not say."""

    name: str
    total_bytes: int
    free_bytes: int


@dataclass(frozen=True)
class HardwareInfo:
    """A snapshot of the machine. ``ram_*``/``gpus`` free bytes age; see ``refresh_memory``."""

    cpu_model: str
    physical_cores: int
    logical_cores: int
    """Logical CPUs this process may run on (its affinity mask), not the machine's total."""
    performance_cores: int
    """Physical performance cores on hybrid CPUs (Apple P-cores, Intel P-cores); else physical_cores."""
    cpu_features: tuple[str, ...]
    backend: str
    """The accelerator backend compiled into llama.cpp ("CUDA", "Metal", "Vulkan", ...), else "CPU"."""
    gpu_offload: bool
    """Whether llama.cpp found a device it can offload layers to (``llama_supports_gpu_offload``)."""
    gpus: tuple[GpuInfo, ...]
    ram_total_bytes: int
    ram_available_bytes: int
    os_platform: str
