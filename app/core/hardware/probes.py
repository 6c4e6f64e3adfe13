"""OS probes for the CPU, its cores, system RAM and NVIDIA GPUs (side effects; each one degrades).

A failure leaves that field "unknown" (strings) or 0 (byte counts) and never raises, because a
missing ``nvidia-smi`` or an odd ``/proc`` must not stop the app from starting.
"""

from __future__ import annotations

import ctypes
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from app.core.hardware.info import UNKNOWN, GpuInfo
from app.core.hardware.parsing import (
    parse_cpuinfo_model,
    parse_cpuinfo_physical_cores,
    parse_cpulist,
    parse_meminfo,
    parse_nvidia_smi,
    parse_vm_stat,
)

NVIDIA_SMI_TIMEOUT_S = 2.0

_T = TypeVar("_T")


def best_effort(probe: Callable[[], _T], fallback: _T) -> _T:
    """Run one probe; any failure means "unknown", never a crash at startup."""
    try:
        return probe()
    except Exception:
        return fallback


def _run_text(cmd: Sequence[str], timeout: float = NVIDIA_SMI_TIMEOUT_S) -> str | None:
    """Output of a small helper tool, or None when it is missing, fails or hangs."""
    if shutil.which(cmd[0]) is None:
        return None
    try:
        proc = subprocess.run(
            list(cmd),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            # A windowed (frozen) app on Windows would otherwise flash a console per call.
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


def _sysctl(key: str) -> str | None:
    out = _run_text(["sysctl", "-n", key])
    return out.strip() if out and out.strip() else None


def _sysctl_int(key: str) -> int:
    value = _sysctl(key)
    return int(value) if value and value.isdigit() else 0


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def logical_cores_usable() -> int:
    """CPUs the scheduler lets this process use (taskset, cgroup cpusets), not the machine's count."""
    if hasattr(os, "sched_getaffinity"):
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except OSError:
            pass
    return max(1, os.cpu_count() or 1)


def linux_core_counts(sys_cpu: Path = Path("/sys/devices/system/cpu")) -> tuple[int, int]:
    """``(physical, performance)`` cores from sysfs topology; 0s when it cannot be read.

    A physical core is a distinct thread-siblings set, which holds on x86 and ARM alike. Intel
    hybrid CPUs list their P-cores' logical CPUs in ``/sys/devices/cpu_core/cpus``.
    """
    online_file = sys_cpu / "online"
    if online_file.is_file():
        cpus = parse_cpulist(_read(online_file))
    else:
        cpus = {int(p.name[3:]) for p in sys_cpu.glob("cpu[0-9]*") if p.name[3:].isdigit()}
    siblings: dict[int, str] = {}
    for cpu in cpus:
        topology = sys_cpu / f"cpu{cpu}" / "topology"
        for name in ("core_cpus_list", "thread_siblings_list"):
            if (topology / name).is_file():
                siblings[cpu] = _read(topology / name).strip()
                break
    physical = len(set(siblings.values()))
    performance = physical
    p_core_file = sys_cpu.parent.parent / "cpu_core" / "cpus"  # /sys/devices/cpu_core/cpus
    if physical and p_core_file.is_file():
        p_cpus = parse_cpulist(_read(p_core_file))
        p_cores = {siblings[cpu] for cpu in p_cpus if cpu in siblings}
        if p_cores:
            performance = len(p_cores)
    return physical, performance


def _windows_physical_cores() -> int:
    """Count RelationProcessorCore entries from GetLogicalProcessorInformation (no WMI, no wait)."""
    if sys.platform == "win32":

        class _Info(ctypes.Structure):
            _fields_ = [
                ("mask", ctypes.c_size_t),
                ("relationship", ctypes.c_int),
                ("union", ctypes.c_ulonglong * 2),
            ]

        get_info = ctypes.windll.kernel32.GetLogicalProcessorInformation
        size = ctypes.c_ulong(0)
        get_info(None, ctypes.byref(size))
        count = size.value // ctypes.sizeof(_Info)
        buffer = (_Info * count)()
        if get_info(buffer, ctypes.byref(size)):
            return sum(1 for entry in buffer if entry.relationship == 0)
    return 0


def _windows_cpu_model() -> str:
    if sys.platform == "win32":
        import winreg

        key = r"HARDWARE\DESCRIPTION\System\CentralProcessor\0"
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, key) as handle:
            value, _ = winreg.QueryValueEx(handle, "ProcessorNameString")
        return str(value).strip() or UNKNOWN
    return UNKNOWN


def _windows_ram() -> tuple[int, int]:
    if sys.platform == "win32":

        class _MemoryStatus(ctypes.Structure):
            _fields_ = [
                ("length", ctypes.c_ulong),
                ("load", ctypes.c_ulong),
                ("total_phys", ctypes.c_ulonglong),
                ("avail_phys", ctypes.c_ulonglong),
                ("total_page", ctypes.c_ulonglong),
                ("avail_page", ctypes.c_ulonglong),
                ("total_virtual", ctypes.c_ulonglong),
                ("avail_virtual", ctypes.c_ulonglong),
                ("avail_extended", ctypes.c_ulonglong),
            ]

        status = _MemoryStatus()
        status.length = ctypes.sizeof(_MemoryStatus)
        if ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):
            return int(status.total_phys), int(status.avail_phys)
    return 0, 0


def probe_cpu_model() -> str:
    """Marketing name of the CPU, for display and the fingerprint."""
    if sys.platform == "darwin":
        return _sysctl("machdep.cpu.brand_string") or UNKNOWN
    if sys.platform == "win32":
        return best_effort(_windows_cpu_model, UNKNOWN)
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        model = parse_cpuinfo_model(_read(cpuinfo))
        if model != UNKNOWN:
            return model
    return platform.processor() or platform.machine() or UNKNOWN


def probe_core_counts() -> tuple[int, int, int]:
    """``(physical, logical usable, performance)``; unknown physical falls back to the logical count."""
    logical = logical_cores_usable()
    physical = performance = 0
    if sys.platform == "darwin":
        physical = _sysctl_int("hw.physicalcpu")
        performance = _sysctl_int("hw.perflevel0.physicalcpu")  # P-cores; absent on Intel Macs
    elif sys.platform == "win32":
        physical = best_effort(_windows_physical_cores, 0)
    else:
        physical, performance = best_effort(linux_core_counts, (0, 0))
        if not physical and Path("/proc/cpuinfo").is_file():
            physical = parse_cpuinfo_physical_cores(_read(Path("/proc/cpuinfo")))
    physical = physical or max(1, os.cpu_count() or logical)
    performance = min(performance, physical) if performance else physical
    return physical, logical, performance


def probe_ram() -> tuple[int, int]:
    """``(total, available)`` bytes of system RAM; 0 where the OS would not say."""
    if sys.platform == "win32":
        return best_effort(_windows_ram, (0, 0))
    if sys.platform == "darwin":
        total = _sysctl_int("hw.memsize")
        vm_stat = _run_text(["vm_stat"])
        return total, parse_vm_stat(vm_stat) if vm_stat else 0
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        total, available = parse_meminfo(_read(meminfo))
        if total:
            return total, available
    page = os.sysconf("SC_PAGE_SIZE")
    total = page * os.sysconf("SC_PHYS_PAGES")
    available = page * os.sysconf("SC_AVPHYS_PAGES") if "SC_AVPHYS_PAGES" in os.sysconf_names else 0
    return total, available


def probe_nvidia_gpus() -> tuple[GpuInfo, ...]:
    """NVIDIA GPUs via ``nvidia-smi`` (2 s cap): no CUDA context, and it works for CPU-only builds
    too, so the UI can say "you have a GPU but this build cannot use it"."""
    out = _run_text(
        [
            "nvidia-smi",
            "--query-gpu=name,memory.total,memory.free",
            "--format=csv,noheader,nounits",
        ]
    )
    return parse_nvidia_smi(out) if out else ()
