"""What this machine offers llama.cpp: CPU, cores, RAM, GPUs and the backend compiled into the bindings.

Used for defaults (threads), for the model fit check and for the diagnostics page. Every probe is
best effort: a failure leaves that field "unknown" (strings) or 0 (byte counts) and never raises,
because a missing ``nvidia-smi`` or an odd ``/proc`` must not stop the app from starting.

The package re-exports its public names so callers import from ``app.core.hardware`` alone:
``info`` holds the dataclasses, ``parsing`` the pure text parsers, ``probes`` the OS probes,
``ggml_backends`` llama.cpp's backend registry, ``threads`` the thread rules and ``detect``
puts it all together.
"""

from __future__ import annotations

from app.core.hardware.detect import detect_hardware, refresh_memory
from app.core.hardware.ggml_backends import (
    DEVICE_ACCEL,
    DEVICE_CPU,
    DEVICE_GPU,
    DEVICE_IGPU,
    DEVICE_META,
    choose_backend,
    probe_llama,
)
from app.core.hardware.info import UNKNOWN, GpuInfo, HardwareInfo
from app.core.hardware.parsing import (
    cpu_features_from_system_info,
    parse_cpuinfo_model,
    parse_cpuinfo_physical_cores,
    parse_cpulist,
    parse_meminfo,
    parse_nvidia_smi,
    parse_system_info,
    parse_vm_stat,
)
from app.core.hardware.probes import (
    NVIDIA_SMI_TIMEOUT_S,
    linux_core_counts,
    logical_cores_usable,
    probe_core_counts,
    probe_cpu_model,
    probe_nvidia_gpus,
    probe_ram,
)
from app.core.hardware.threads import (
    GENERATION_THREAD_CAP,
    batch_thread_count,
    default_thread_count,
    machine_fingerprint,
)

__all__ = [
    "DEVICE_ACCEL",
    "DEVICE_CPU",
    "DEVICE_GPU",
    "DEVICE_IGPU",
    "DEVICE_META",
    "GENERATION_THREAD_CAP",
    "NVIDIA_SMI_TIMEOUT_S",
    "UNKNOWN",
    "GpuInfo",
    "HardwareInfo",
    "batch_thread_count",
    "choose_backend",
    "cpu_features_from_system_info",
    "default_thread_count",
    "detect_hardware",
    "linux_core_counts",
    "logical_cores_usable",
    "machine_fingerprint",
    "parse_cpuinfo_model",
    "parse_cpuinfo_physical_cores",
    "parse_cpulist",
    "parse_meminfo",
    "parse_nvidia_smi",
    "parse_system_info",
    "parse_vm_stat",
    "probe_core_counts",
    "probe_cpu_model",
    "probe_llama",
    "probe_nvidia_gpus",
    "probe_ram",
    "refresh_memory",
]
