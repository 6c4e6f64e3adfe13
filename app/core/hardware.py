"""What this machine offers llama.cpp: CPU, cores, RAM, GPUs and the backend compiled into the bindings.

Used for defaults (threads), for the model fit check and for the diagnostics page. Every probe is
best effort: a failure leaves that field "unknown" (strings) or 0 (byte counts) and never raises,
because a missing ``nvidia-smi`` or an odd ``/proc`` must not stop the app from starting.
Parsers take text so they can be tested without the machine they were written for.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

UNKNOWN = "unknown"
NVIDIA_SMI_TIMEOUT_S = 2.0
GENERATION_THREAD_CAP = 8
"""Token generation is memory-bandwidth bound; past ~8 threads extra workers only add barrier waits."""

# ggml_backend_dev_type (ggml-backend.h)
DEVICE_CPU, DEVICE_GPU, DEVICE_IGPU, DEVICE_ACCEL, DEVICE_META = range(5)

_REGISTRY_DISPLAY_NAMES = {"MTL": "Metal"}
# Registries that never decide the backend: the CPU itself, BLAS helpers, and RPC (a network shim).
_NOT_A_BACKEND = {"CPU", "BLAS"}
_MIB = 1024 * 1024
_NO_GPUS: tuple[GpuInfo, ...] = ()

_T = TypeVar("_T")


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


# --------------------------------------------------------------------------------------------------
# Parsers (pure)
# --------------------------------------------------------------------------------------------------


def parse_system_info(text: str | bytes) -> dict[str, dict[str, str]]:
    """Split ``llama_print_system_info()`` into ``{backend: {feature: value}}``.

    The string is one ``NAME : KEY = VALUE | KEY = VALUE | NAME2 : ...`` run per registered backend
    that reports features. Older builds had no ``NAME :`` prefix; those keys land under "CPU".
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    sections: dict[str, dict[str, str]] = {}
    current = "CPU"
    for raw in text.split("|"):
        token = raw.strip()
        if not token:
            continue
        if " : " in token:
            name, token = (part.strip() for part in token.split(" : ", 1))
            current = name or "CPU"
            sections.setdefault(current, {})
        if "=" not in token:
            continue
        key, value = (part.strip() for part in token.split("=", 1))
        if key:
            sections.setdefault(current, {})[key] = value
    return sections


def cpu_features_from_system_info(text: str | bytes) -> tuple[str, ...]:
    """CPU features (and CPU build options such as OPENMP) that the library reports as ``= 1``."""
    cpu = parse_system_info(text).get("CPU", {})
    return tuple(key for key, value in cpu.items() if value == "1")


def parse_meminfo(text: str) -> tuple[int, int]:
    """``(total, available)`` bytes from ``/proc/meminfo``; 0 for what is missing.

    ``MemAvailable`` (kernel >= 3.14) counts reclaimable cache; without it, free + buffers + cached
    is the usual approximation.
    """
    values: dict[str, int] = {}
    for line in text.splitlines():
        match = re.match(r"^(\w+):\s+(\d+)\s*(kB)?", line)
        if match:
            factor = 1024 if match.group(3) else 1
            values[match.group(1)] = int(match.group(2)) * factor
    total = values.get("MemTotal", 0)
    available = values.get("MemAvailable")
    if available is None:
        available = sum(values.get(key, 0) for key in ("MemFree", "Buffers", "Cached"))
    return total, available


def parse_nvidia_smi(text: str) -> tuple[GpuInfo, ...]:
    """Rows of ``--query-gpu=name,memory.total,memory.free --format=csv,noheader,nounits`` (MiB)."""
    gpus: list[GpuInfo] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, _, rest = line.rpartition(",")  # names may contain commas; the numbers never do
        name, _, total = name.rpartition(",")
        if not name.strip():
            continue
        gpus.append(GpuInfo(name.strip(), _mib_to_bytes(total), _mib_to_bytes(rest)))
    return tuple(gpus)


def _mib_to_bytes(field: str) -> int:
    """nvidia-smi prints ``[N/A]`` or ``[Not Supported]`` for what a GPU cannot report."""
    try:
        return int(float(field.strip()) * _MIB)
    except ValueError:
        return 0


def parse_vm_stat(text: str) -> int:
    """Available bytes from macOS ``vm_stat``: free + inactive + speculative pages.

    Inactive and speculative pages are file cache the kernel hands out on demand, like
    Linux's MemAvailable; the page size is in the header (16 KiB on Apple silicon).
    """
    page = re.search(r"page size of (\d+) bytes", text)
    page_size = int(page.group(1)) if page else 4096
    pages = 0
    for key in ("Pages free", "Pages inactive", "Pages speculative"):
        match = re.search(rf"^{key}:\s+(\d+)", text, re.MULTILINE)
        if match:
            pages += int(match.group(1))
    return pages * page_size


def parse_cpulist(text: str) -> set[int]:
    """Linux cpulist syntax (``0-3,8,10-11``) as a set of CPU numbers; junk yields what parsed."""
    cpus: set[int] = set()
    for part in text.strip().split(","):
        part = part.strip()
        if not part:
            continue
        first, _, last = part.partition("-")
        try:
            cpus.update(range(int(first), int(last or first) + 1))
        except ValueError:
            continue
    return cpus


def parse_cpuinfo_model(text: str) -> str:
    """The CPU name from ``/proc/cpuinfo`` (x86 "model name"; some ARM kernels say "Hardware")."""
    for key in ("model name", "Model", "Hardware", "Processor", "cpu model"):
        match = re.search(rf"^{key}\s*:\s*(.+)$", text, re.MULTILINE)
        if match and match.group(1).strip():
            return match.group(1).strip()
    return UNKNOWN


def parse_cpuinfo_physical_cores(text: str) -> int:
    """Distinct (physical id, core id) pairs; 0 when the kernel does not list them (most ARM)."""
    pairs: set[tuple[str, str]] = set()
    for block in text.split("\n\n"):
        phys = re.search(r"^physical id\s*:\s*(\d+)", block, re.MULTILINE)
        core = re.search(r"^core id\s*:\s*(\d+)", block, re.MULTILINE)
        if phys and core:
            pairs.add((phys.group(1), core.group(1)))
    return len(pairs)


def choose_backend(registries: Iterable[tuple[str, Sequence[int]]]) -> str:
    """Name the build's accelerator from ggml's registry: ``(registry name, device types)`` pairs.

    A registry with a GPU (or integrated GPU) device wins; otherwise a compiled-in accelerator with
    no usable device still names the build (a CUDA build on a machine without a GPU says "CUDA",
    and ``gpu_offload`` is False); otherwise the build is "CPU". CPU, BLAS and RPC registries, and
    registries holding only CPU-side accelerator devices, never decide.
    """
    compiled: list[str] = []
    for raw_name, device_types in registries:
        name = _REGISTRY_DISPLAY_NAMES.get(raw_name, raw_name)
        if name in _NOT_A_BACKEND or name.upper().startswith("RPC"):
            continue
        if any(kind in (DEVICE_GPU, DEVICE_IGPU) for kind in device_types):
            return name
        if device_types and all(kind in (DEVICE_CPU, DEVICE_ACCEL) for kind in device_types):
            continue
        compiled.append(name)
    return compiled[0] if compiled else "CPU"


# --------------------------------------------------------------------------------------------------
# Thread rules
# --------------------------------------------------------------------------------------------------


def _usable_cores(info: HardwareInfo) -> int:
    """Cores worth a compute thread: hyperthreads and efficiency cores excluded, affinity respected."""
    return max(1, min(info.performance_cores, info.physical_cores, info.logical_cores))


def default_thread_count(info: HardwareInfo) -> int:
    """Generation threads when nothing was tuned: usable physical cores minus one, within 1..8.

    llama.cpp's CPU threads meet at a barrier after every op, many times per token, so a token is
    as slow as the slowest worker. With one worker per core, any other runnable thread (our own
    GUI repainting the streamed text, the browser, an indexer) preempts a worker and every other
    worker waits for it: measured on a 2-core machine, 2 threads give ~100 tok/s idle but ~7 tok/s
    with one core busy, while 1 thread gives ~50 either way. Leaving one core free costs at most
    1/n of the peak (less, since generation is memory-bound) and removes that cliff. Hyperthreads
    and efficiency cores are not counted because a barrier waits for the slowest worker. The cap
    of 8 reflects that a desktop's memory bandwidth is saturated well before that. A measured
    tune, or the user, overrides this.
    """
    return max(1, min(_usable_cores(info) - 1, GENERATION_THREAD_CAP))


def batch_thread_count(info: HardwareInfo) -> int:
    """Prompt-processing threads: every usable physical core.

    Prompt batches are large matrix products: compute-bound, long between barriers and split
    into chunks that idle workers take over, so a briefly busy core hurts far less than in
    generation, and all cores pay off. SMT siblings share the FMA units, so they add nothing.
    """
    return max(1, min(info.physical_cores, info.logical_cores))


def machine_fingerprint(info: HardwareInfo) -> str:
    """A short stable id of what a thread tune depends on: CPU, core counts and backend.

    RAM and free memory are left out on purpose: they change without making a tune stale.
    """
    key = "|".join((info.cpu_model, str(info.physical_cores), str(info.logical_cores), info.backend))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------------------------------
# Probes (side effects; each one degrades instead of raising)
# --------------------------------------------------------------------------------------------------


def _safe(probe: Callable[[], _T], fallback: _T) -> _T:
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
        return _safe(_windows_cpu_model, UNKNOWN)
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
        physical = _safe(_windows_physical_cores, 0)
    else:
        physical, performance = _safe(linux_core_counts, (0, 0))
        if not physical and Path("/proc/cpuinfo").is_file():
            physical = parse_cpuinfo_physical_cores(_read(Path("/proc/cpuinfo")))
    physical = physical or max(1, os.cpu_count() or logical)
    performance = min(performance, physical) if performance else physical
    return physical, logical, performance


def probe_ram() -> tuple[int, int]:
    """``(total, available)`` bytes of system RAM; 0 where the OS would not say."""
    if sys.platform == "win32":
        return _safe(_windows_ram, (0, 0))
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


@dataclass(frozen=True)
class _Device:
    registry: str
    name: str
    description: str
    kind: int
    handle: int


class _GgmlRegistry:
    """Read ggml's backend registry through the libraries llama-cpp-python already loaded.

    The bindings (0.3.36) expose no ``ggml_backend_*`` functions, but the registry is the only
    source that names every backend (Vulkan, for one, reports no features in the system-info
    string). Fresh function pointers are made here, so the bindings' own ctypes objects are
    never changed.
    """

    def __init__(self) -> None:
        import llama_cpp.llama_cpp as bindings

        self._libs: list[ctypes.CDLL] = [bindings._lib]
        # dlsym through libllama finds ggml's symbols on Linux and macOS; Windows needs each DLL.
        for name in ("ggml", "ggml-base"):
            try:
                from llama_cpp._ctypes_extensions import load_shared_library

                self._libs.append(load_shared_library(name, bindings._base_path))
            except Exception:
                continue

    def _fn(self, name: str, restype: Any, *argtypes: Any) -> Callable[..., Any]:
        prototype = ctypes.CFUNCTYPE(restype, *argtypes)
        for lib in self._libs:
            try:
                return prototype((name, lib))
            except AttributeError:
                continue
        raise AttributeError(name)

    def devices(self) -> tuple[list[tuple[str, list[int]]], list[_Device]]:
        """Registries with their device types, and the devices themselves."""
        ptr, size_t, text = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p
        reg_count = self._fn("ggml_backend_reg_count", size_t)
        reg_get = self._fn("ggml_backend_reg_get", ptr, size_t)
        reg_name = self._fn("ggml_backend_reg_name", text, ptr)
        reg_dev_count = self._fn("ggml_backend_reg_dev_count", size_t, ptr)
        reg_dev_get = self._fn("ggml_backend_reg_dev_get", ptr, ptr, size_t)
        dev_name = self._fn("ggml_backend_dev_name", text, ptr)
        dev_description = self._fn("ggml_backend_dev_description", text, ptr)
        dev_type = self._fn("ggml_backend_dev_type", ctypes.c_int, ptr)

        registries: list[tuple[str, list[int]]] = []
        devices: list[_Device] = []
        for i in range(int(reg_count())):
            reg = reg_get(i)
            if not reg:
                continue
            name = _decode(reg_name(reg))
            kinds: list[int] = []
            for j in range(int(reg_dev_count(reg))):
                dev = reg_dev_get(reg, j)
                if not dev:
                    continue
                kind = int(dev_type(dev))
                kinds.append(kind)
                devices.append(
                    _Device(name, _decode(dev_name(dev)), _decode(dev_description(dev)), kind, int(dev))
                )
            registries.append((name, kinds))
        return registries, devices

    def memory(self, device: _Device) -> tuple[int, int]:
        """``(free, total)`` bytes. For CUDA this creates the device context: call it sparingly."""
        dev_memory = self._fn(
            "ggml_backend_dev_memory",
            None,
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_size_t),
            ctypes.POINTER(ctypes.c_size_t),
        )
        free, total = ctypes.c_size_t(0), ctypes.c_size_t(0)
        dev_memory(ctypes.c_void_p(device.handle), ctypes.byref(free), ctypes.byref(total))
        return int(free.value), int(total.value)


def _decode(value: bytes | None) -> str:
    return value.decode("utf-8", errors="replace") if value else ""


@dataclass(frozen=True)
class _LlamaFacts:
    features: tuple[str, ...]
    backend: str
    gpu_offload: bool
    gpu_devices: tuple[_Device, ...]
    registry: _GgmlRegistry | None


def probe_llama() -> _LlamaFacts:
    """Ask the installed llama.cpp what it was built with and which devices it sees."""
    try:
        import llama_cpp
    except Exception:
        return _LlamaFacts((), UNKNOWN, False, (), None)

    # First: with dynamically loaded backends this is what loads them into the registry.
    gpu_offload = bool(_safe(llama_cpp.llama_supports_gpu_offload, False))
    info_text: bytes = _safe(llama_cpp.llama_print_system_info, b"")
    features = cpu_features_from_system_info(info_text)

    registry = _safe(_GgmlRegistry, None)
    found = _safe(registry.devices, None) if registry is not None else None
    if found is not None:
        registries, devices = found
        backend = choose_backend(registries)
        gpus = tuple(d for d in devices if d.kind in (DEVICE_GPU, DEVICE_IGPU))
    else:  # Fall back to the section names of the system-info string.
        sections = parse_system_info(info_text)
        backend = choose_backend((name, ()) for name in sections)
        gpus = ()
    return _LlamaFacts(features, backend, gpu_offload, gpus, registry)


def _probe_gpus(facts: _LlamaFacts, ram_total: int, ram_available: int) -> tuple[GpuInfo, ...]:
    """nvidia-smi first; Apple unified memory next; else whatever ggml's GPU devices report."""
    nvidia = _safe(probe_nvidia_gpus, _NO_GPUS)
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
    cpu_model = _safe(probe_cpu_model, UNKNOWN)
    fallback_cores = max(1, os.cpu_count() or 1)
    physical, logical, performance = _safe(
        probe_core_counts, (fallback_cores, fallback_cores, fallback_cores)
    )
    ram_total, ram_available = _safe(probe_ram, (0, 0))
    facts = _safe(probe_llama, _LlamaFacts((), UNKNOWN, False, (), None))
    gpus = _safe(lambda: _probe_gpus(facts, ram_total, ram_available), _NO_GPUS)
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
        os_platform=_safe(platform.platform, UNKNOWN),
    )


def refresh_memory(info: HardwareInfo) -> HardwareInfo:
    """The same machine with current free RAM/VRAM, for a fit check right before loading a model.

    NVIDIA numbers come fresh from nvidia-smi and Apple's from RAM; GPUs known only through ggml
    keep their snapshot, since asking again would mean a call into the backend.
    """
    ram_total, ram_available = _safe(probe_ram, (info.ram_total_bytes, info.ram_available_bytes))
    gpus = info.gpus
    nvidia = _safe(probe_nvidia_gpus, _NO_GPUS)
    if nvidia:
        gpus = nvidia
    elif info.backend == "Metal" and gpus:
        gpus = tuple(replace(gpu, total_bytes=ram_total, free_bytes=ram_available) for gpu in gpus)
    return replace(info, ram_total_bytes=ram_total, ram_available_bytes=ram_available, gpus=gpus)
