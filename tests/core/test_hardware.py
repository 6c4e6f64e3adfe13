"""Hardware probing: parsers fed fixed text, the thread rules on made-up machines, one real probe."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from app.core import hardware
from app.core.hardware import (
    DEVICE_ACCEL,
    DEVICE_CPU,
    DEVICE_GPU,
    DEVICE_IGPU,
    GpuInfo,
    HardwareInfo,
    batch_thread_count,
    choose_backend,
    cpu_features_from_system_info,
    default_thread_count,
    detect,
    detect_hardware,
    linux_core_counts,
    machine_fingerprint,
    parse_cpuinfo_model,
    parse_cpuinfo_physical_cores,
    parse_cpulist,
    parse_meminfo,
    parse_nvidia_smi,
    parse_system_info,
    parse_vm_stat,
    probes,
)

CPU_ONLY = (
    b"CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | BMI2 = 1 | "
    b"AVX512 = 0 | LLAMAFILE = 1 | OPENMP = 1 | REPACK = 1 | "
)
CUDA_BUILD = (
    "CUDA : ARCHS = 500,610,700,750,800,860,890,900 | USE_GRAPHS = 1 | PEER_MAX_BATCH_SIZE = 128 | "
    "CPU : SSE3 = 1 | AVX = 1 | AVX2 = 1 | OPENMP = 1 | "
)
OLD_STYLE = "AVX = 1 | AVX_VNNI = 0 | AVX2 = 1 | NEON = 0 | ARM_FMA = 0 | "


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    detect_hardware.cache_clear()
    yield
    detect_hardware.cache_clear()


def make_info(
    physical: int,
    logical: int | None = None,
    performance: int | None = None,
    backend: str = "CPU",
    cpu_model: str = "Test CPU",
) -> HardwareInfo:
    return HardwareInfo(
        cpu_model=cpu_model,
        physical_cores=physical,
        logical_cores=physical if logical is None else logical,
        performance_cores=physical if performance is None else performance,
        cpu_features=("AVX2",),
        backend=backend,
        gpu_offload=backend != "CPU",
        gpus=(),
        ram_total_bytes=16 * 2**30,
        ram_available_bytes=8 * 2**30,
        os_platform="Test-OS",
    )


# ---- system info ---------------------------------------------------------------------------------


def test_system_info_cpu_only_bytes() -> None:
    sections = parse_system_info(CPU_ONLY)
    assert list(sections) == ["CPU"]
    assert sections["CPU"]["AVX512"] == "0"
    assert cpu_features_from_system_info(CPU_ONLY) == (
        "SSE3",
        "SSSE3",
        "AVX",
        "AVX2",
        "F16C",
        "FMA",
        "BMI2",
        "LLAMAFILE",
        "OPENMP",
        "REPACK",
    )


def test_system_info_with_cuda_section_keeps_commas_and_order() -> None:
    sections = parse_system_info(CUDA_BUILD)
    assert list(sections) == ["CUDA", "CPU"]
    assert sections["CUDA"]["ARCHS"] == "500,610,700,750,800,860,890,900"
    assert cpu_features_from_system_info(CUDA_BUILD) == ("SSE3", "AVX", "AVX2", "OPENMP")


def test_system_info_old_format_counts_as_cpu() -> None:
    assert cpu_features_from_system_info(OLD_STYLE) == ("AVX", "AVX2")


def test_system_info_garbage_and_empty() -> None:
    assert parse_system_info("") == {}
    assert parse_system_info(b"\xff\xfe | nonsense |") == {}
    assert cpu_features_from_system_info("Metal : EMBED_LIBRARY = 1 | ") == ()


# ---- backend choice ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("registries", "expected"),
    [
        ([("CPU", [DEVICE_CPU])], "CPU"),
        ([("CUDA", [DEVICE_GPU, DEVICE_GPU]), ("CPU", [DEVICE_CPU])], "CUDA"),
        ([("MTL", [DEVICE_GPU]), ("BLAS", [DEVICE_ACCEL]), ("CPU", [DEVICE_CPU])], "Metal"),
        ([("Vulkan", [DEVICE_IGPU]), ("CPU", [DEVICE_CPU])], "Vulkan"),
        # Compiled in, but no device on this machine: the build is still named.
        ([("CUDA", []), ("CPU", [DEVICE_CPU])], "CUDA"),
        # A device wins over a compiled-in backend without one.
        ([("CUDA", []), ("Vulkan", [DEVICE_GPU]), ("CPU", [DEVICE_CPU])], "Vulkan"),
        ([("RPC", []), ("BLAS", [DEVICE_ACCEL]), ("CPU", [DEVICE_CPU])], "CPU"),
        ([("zDNN", [DEVICE_ACCEL]), ("CPU", [DEVICE_CPU])], "CPU"),
        ([], "CPU"),
    ],
)
def test_choose_backend(registries: list[tuple[str, list[int]]], expected: str) -> None:
    assert choose_backend(registries) == expected


# ---- memory --------------------------------------------------------------------------------------

MEMINFO = """MemTotal:       24684092 kB
MemFree:        21941772 kB
MemAvailable:   23410836 kB
Buffers:          123456 kB
Cached:          1000000 kB
HugePages_Total:       0
"""


def test_parse_meminfo() -> None:
    assert parse_meminfo(MEMINFO) == (24684092 * 1024, 23410836 * 1024)


def test_parse_meminfo_without_memavailable_sums_free_and_cache() -> None:
    text = "\n".join(line for line in MEMINFO.splitlines() if not line.startswith("MemAvailable"))
    assert parse_meminfo(text) == (24684092 * 1024, (21941772 + 123456 + 1000000) * 1024)


def test_parse_meminfo_empty() -> None:
    assert parse_meminfo("") == (0, 0)


VM_STAT = """Mach Virtual Memory Statistics: (page size of 16384 bytes)
Pages free:                               12000.
Pages active:                            400000.
Pages inactive:                           30000.
Pages speculative:                         1000.
Pages wired down:                        150000.
"""


def test_parse_vm_stat() -> None:
    assert parse_vm_stat(VM_STAT) == (12000 + 30000 + 1000) * 16384


# ---- GPUs ----------------------------------------------------------------------------------------


def test_parse_nvidia_smi() -> None:
    text = "NVIDIA H200, 143771, 143252\nNVIDIA GeForce RTX 3060, 12288, [N/A]\n\n"
    assert parse_nvidia_smi(text) == (
        GpuInfo("NVIDIA H200", 143771 * 2**20, 143252 * 2**20),
        GpuInfo("NVIDIA GeForce RTX 3060", 12288 * 2**20, 0),
    )


def test_parse_nvidia_smi_name_with_comma_and_junk() -> None:
    text = "Odd, Name GPU, 8192, 4096\nnot a row\n"
    assert parse_nvidia_smi(text) == (GpuInfo("Odd, Name GPU", 8192 * 2**20, 4096 * 2**20),)


# ---- CPU topology --------------------------------------------------------------------------------


def test_parse_cpulist() -> None:
    assert parse_cpulist("0-3,8,10-11\n") == {0, 1, 2, 3, 8, 10, 11}
    assert parse_cpulist("") == set()
    assert parse_cpulist("x,2") == {2}


CPUINFO = """processor\t: 0
model name\t: AMD EPYC
physical id\t: 0
core id\t\t: 0

processor\t: 1
model name\t: AMD EPYC
physical id\t: 0
core id\t\t: 0

processor\t: 2
model name\t: AMD EPYC
physical id\t: 0
core id\t\t: 1
"""


def test_parse_cpuinfo() -> None:
    assert parse_cpuinfo_model(CPUINFO) == "AMD EPYC"
    assert parse_cpuinfo_physical_cores(CPUINFO) == 2
    assert parse_cpuinfo_model("processor : 0\nBogoMIPS : 48.00\n") == hardware.UNKNOWN
    assert parse_cpuinfo_physical_cores("processor : 0\n") == 0


def _fake_sysfs(root: Path, siblings: dict[int, str], p_cores: str | None = None) -> Path:
    cpu_dir = root / "devices" / "system" / "cpu"
    cpu_dir.mkdir(parents=True)
    (cpu_dir / "online").write_text(f"0-{max(siblings)}\n")
    for cpu, sibling_list in siblings.items():
        topology = cpu_dir / f"cpu{cpu}" / "topology"
        topology.mkdir(parents=True)
        (topology / "thread_siblings_list").write_text(sibling_list + "\n")
    if p_cores is not None:
        (root / "devices" / "cpu_core").mkdir()
        (root / "devices" / "cpu_core" / "cpus").write_text(p_cores + "\n")
    return cpu_dir


def test_linux_core_counts_smt(tmp_path: Path) -> None:
    cpu_dir = _fake_sysfs(tmp_path, {0: "0,2", 1: "1,3", 2: "0,2", 3: "1,3"})
    assert linux_core_counts(cpu_dir) == (2, 2)


def test_linux_core_counts_intel_hybrid(tmp_path: Path) -> None:
    # 2 P-cores with SMT (cpus 0-3) and 4 E-cores (cpus 4-7).
    siblings = {0: "0-1", 1: "0-1", 2: "2-3", 3: "2-3", 4: "4", 5: "5", 6: "6", 7: "7"}
    cpu_dir = _fake_sysfs(tmp_path, siblings, p_cores="0-3")
    assert linux_core_counts(cpu_dir) == (6, 2)


def test_linux_core_counts_missing_tree(tmp_path: Path) -> None:
    assert linux_core_counts(tmp_path / "nope") == (0, 0)


# ---- thread rules --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("physical", "logical", "performance", "generation", "batch"),
    [
        (1, 1, None, 1, 1),
        (2, 2, None, 1, 2),  # the 2-core case: 1 thread survives a busy core, 2 collapse
        (4, 8, None, 3, 4),  # hyperthreads are not cores
        (8, 16, None, 7, 8),
        (32, 64, None, 8, 32),  # generation capped, prompt processing uses everything
        (16, 2, None, 1, 2),  # affinity limited to 2 CPUs
        (12, 12, 8, 7, 12),  # Apple 8P + 4E: efficiency cores only slow the barrier
    ],
)
def test_thread_rules(
    physical: int, logical: int, performance: int | None, generation: int, batch: int
) -> None:
    info = make_info(physical, logical, performance)
    assert default_thread_count(info) == generation
    assert batch_thread_count(info) == batch


def test_thread_rules_never_zero() -> None:
    info = make_info(0, 0, 0)
    assert default_thread_count(info) == 1
    assert batch_thread_count(info) == 1


# ---- fingerprint ---------------------------------------------------------------------------------


def test_fingerprint_is_stable_and_ignores_memory() -> None:
    info = make_info(4, 8)
    same = replace(info, ram_available_bytes=1, gpus=(GpuInfo("x", 1, 1),))
    assert machine_fingerprint(info) == machine_fingerprint(same)
    assert len(machine_fingerprint(info)) == 16
    assert machine_fingerprint(info) != machine_fingerprint(replace(info, backend="CUDA"))
    assert machine_fingerprint(info) != machine_fingerprint(replace(info, logical_cores=4))
    assert machine_fingerprint(info) != machine_fingerprint(replace(info, cpu_model="Other"))


# ---- failure handling ----------------------------------------------------------------------------


def test_detect_hardware_degrades_when_every_probe_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom() -> None:
        raise RuntimeError("probe exploded")

    for name in ("probe_cpu_model", "probe_core_counts", "probe_ram", "probe_llama", "probe_nvidia_gpus"):
        monkeypatch.setattr(detect, name, boom)
    info = detect_hardware()
    assert info.cpu_model == hardware.UNKNOWN
    assert info.backend == hardware.UNKNOWN
    assert info.physical_cores >= 1
    assert info.logical_cores >= 1
    assert info.ram_total_bytes == 0
    assert info.gpus == ()
    assert default_thread_count(info) >= 1


def test_probe_llama_without_bindings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # makes `import llama_cpp` fail
    facts = hardware.probe_llama()
    assert facts.backend == hardware.UNKNOWN
    assert not facts.gpu_offload


def test_missing_tool_is_none() -> None:
    assert probes._run_text(["copydesk-no-such-tool-xyz"]) is None


# ---- the real machine ----------------------------------------------------------------------------


def test_detect_hardware_on_this_machine() -> None:
    llama_cpp = pytest.importorskip("llama_cpp")
    info = detect_hardware()
    assert detect_hardware() is info  # cached
    assert info.physical_cores >= 1
    assert info.logical_cores >= 1
    assert 1 <= info.performance_cores <= info.physical_cores
    assert info.ram_total_bytes > 0
    assert 0 < info.ram_available_bytes <= info.ram_total_bytes
    assert info.cpu_model
    assert info.os_platform != hardware.UNKNOWN
    assert info.cpu_features  # every CPU build reports at least its build options
    assert 1 <= default_thread_count(info) <= batch_thread_count(info)

    accelerators = set(parse_system_info(llama_cpp.llama_print_system_info())) - {"CPU", "BLAS"}
    if not info.gpu_offload and not accelerators:
        assert info.backend == "CPU"
    else:
        assert info.backend not in ("CPU", hardware.UNKNOWN)

    fresh = hardware.refresh_memory(info)
    assert fresh.ram_total_bytes == info.ram_total_bytes
    assert machine_fingerprint(fresh) == machine_fingerprint(info)
