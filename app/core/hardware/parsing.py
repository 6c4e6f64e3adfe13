"""Pure parsers for what the OS and llama.cpp print about the machine.

They take text rather than reading it, so each one can be tested on any machine with output
captured from the machine it was written for.
"""

from __future__ import annotations

import re

from app.core.hardware.info import UNKNOWN, GpuInfo

_MIB = 1024 * 1024


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
