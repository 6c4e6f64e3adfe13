"""GPU offload planning: automatic when it fits, CPU with a stated reason when it does not."""

from __future__ import annotations

from dataclasses import replace

from app.core.engine.offload import GIB, kv_cache_bytes, plan_offload
from app.core.hardware import GpuInfo, HardwareInfo

CPU_ONLY = HardwareInfo(
    cpu_model="Test CPU",
    physical_cores=8,
    logical_cores=16,
    performance_cores=8,
    cpu_features=("AVX2",),
    backend="CPU",
    gpu_offload=False,
    gpus=(),
    ram_total_bytes=32 * GIB,
    ram_available_bytes=20 * GIB,
    os_platform="Linux",
)
CUDA = replace(CPU_ONLY, backend="CUDA", gpu_offload=True, gpus=(GpuInfo("Test GPU", 24 * GIB, 20 * GIB),))


def test_cpu_build_never_offloads_and_says_why() -> None:
    plan = plan_offload(None, 1 * GIB, CPU_ONLY)
    assert plan.gpu_layers == 0
    assert "no GPU backend" in plan.note


def test_model_that_fits_goes_entirely_to_the_gpu() -> None:
    plan = plan_offload(None, 8 * GIB, CUDA)
    assert plan.gpu_layers == -1
    assert "CUDA" in plan.note


def test_model_too_big_for_free_vram_falls_back_with_the_numbers() -> None:
    plan = plan_offload(None, 19 * GIB, CUDA)
    assert plan.gpu_layers == 0
    assert "19.0 GiB" in plan.note and "20.0 GiB" in plan.note


def test_metal_uses_unified_memory() -> None:
    metal = replace(CPU_ONLY, backend="Metal", gpu_offload=True, gpus=())
    assert plan_offload(None, 4 * GIB, metal).gpu_layers == -1
    assert plan_offload(None, 30 * GIB, metal).gpu_layers == 0


def test_user_setting_wins_but_not_on_a_cpu_build() -> None:
    assert plan_offload(10, 100 * GIB, CUDA).gpu_layers == 10
    assert plan_offload(0, 1 * GIB, CUDA).gpu_layers == 0
    refused = plan_offload(-1, 1 * GIB, CPU_ONLY)
    assert refused.gpu_layers == 0 and "CPU only" in refused.note


def test_kv_cache_estimate_follows_grouped_query_attention() -> None:
    # SmolLM2-135M: 30 layers, 576 wide, 9 heads, 3 KV heads; f16 keys and values.
    assert kv_cache_bytes(30, 576, 9, 3, 2048) == 2 * 30 * 2048 * 192 * 2
    assert kv_cache_bytes(0, 576, 9, 3, 2048) == 0
