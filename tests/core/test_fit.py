"""The fit estimate: its parts, its verdicts, and a check against the memory a real load takes."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from types import MappingProxyType

import pytest

from app.core.engine.llama_loader import LoadOptions
from app.core.engine.offload import kv_cache_bytes
from app.core.hardware import GpuInfo, HardwareInfo
from app.core.models.fit import (
    DEFAULT_BATCH_SIZE,
    GPU_RUNTIME_OVERHEAD_BYTES,
    MemoryNeed,
    Verdict,
    compute_buffer_bytes,
    estimate_local,
    estimate_need,
    estimate_remote,
    judge_fit,
)
from app.core.models.gguf_header import GGUFHeader, MetadataValue, read_gguf_header
from app.core.models.remote_header import RangeResponse
from tests.core.gguf_samples import write_sample_gguf

GIB = 1024**3
MIB = 1024**2


def header(
    *,
    vocab: int = 49_152,
    n_embd: int = 576,
    n_ff: int = 1_536,
    layers: int = 30,
    heads: int = 9,
    kv_heads: int = 3,
    context_length: int = 8_192,
    tensor_bytes: int = 96_576_768,
) -> GGUFHeader:
    """A header with the starter model's shape unless told otherwise (no file needed)."""
    metadata: dict[str, MetadataValue] = {
        "general.architecture": "llama",
        "llama.block_count": layers,
        "llama.embedding_length": n_embd,
        "llama.feed_forward_length": n_ff,
        "llama.attention.head_count": heads,
        "llama.attention.head_count_kv": kv_heads,
        "llama.context_length": context_length,
    }
    return GGUFHeader(
        version=3,
        tensor_count=0,
        kv_count=len(metadata),
        metadata=MappingProxyType(metadata),
        array_lengths=MappingProxyType({"tokenizer.ggml.tokens": vocab}),
        tensors=(),
        alignment=32,
        data_offset=1_785_664,
        tensor_bytes=tensor_bytes,
        expected_size=1_785_664 + tensor_bytes,
        file_size=1_785_664 + tensor_bytes,
    )


def machine(
    *,
    ram_free: int = 16 * GIB,
    ram_total: int = 32 * GIB,
    backend: str = "CPU",
    gpus: tuple[GpuInfo, ...] = (),
) -> HardwareInfo:
    return HardwareInfo(
        cpu_model="Test CPU",
        physical_cores=4,
        logical_cores=8,
        performance_cores=4,
        cpu_features=(),
        backend=backend,
        gpu_offload=backend != "CPU",
        gpus=gpus,
        ram_total_bytes=ram_total,
        ram_available_bytes=ram_free,
        os_platform="test",
    )


def need(total_gib: float) -> MemoryNeed:
    """A need of ``total_gib``, split the way a mid-size model's would be."""
    total = int(total_gib * GIB)
    return MemoryNeed(
        weights_bytes=total * 8 // 10,
        kv_cache_bytes=total // 10,
        compute_bytes=total - total * 8 // 10 - total // 10,
        context_size=4096,
        batch_size=512,
    )


# ----------------------------------------------------------------------------- the parts


@pytest.mark.parametrize(
    ("n_ctx", "batch", "measured_mib"),
    # "CPU compute buffer size" logged by the pinned llama.cpp loading the starter model (CPU build).
    [(2048, 512, 102.51), (8192, 512, 98.25), (2048, 256, 51.26), (8192, 128, 24.56)],
)
def test_compute_buffer_covers_what_llama_cpp_reserves(n_ctx: int, batch: int, measured_mib: float) -> None:
    estimate = compute_buffer_bytes(header(), n_ctx, batch) / MIB
    assert measured_mib <= estimate <= measured_mib * 1.15


def test_compute_buffer_follows_the_widest_layer() -> None:
    narrow_vocab = header(vocab=1_000, n_ff=20_000)
    assert compute_buffer_bytes(narrow_vocab, 512) > 4 * 512 * 3 * 20_000
    with pytest.raises(ValueError, match="positive"):
        compute_buffer_bytes(header(), 2048, 0)


def test_default_batch_is_the_engines() -> None:
    assert LoadOptions().batch_size == DEFAULT_BATCH_SIZE


def test_need_adds_weights_kv_and_compute() -> None:
    h = header()
    result = estimate_need(h, 2048)
    assert result.weights_bytes == h.tensor_bytes
    assert result.kv_cache_bytes == kv_cache_bytes(30, 576, 9, 3, 2048) == 47_185_920
    assert result.compute_bytes == compute_buffer_bytes(h, 2048)
    assert result.total_bytes == result.weights_bytes + result.kv_cache_bytes + result.compute_bytes


def test_context_is_capped_at_the_trained_length_like_the_loader() -> None:
    capped = estimate_need(header(context_length=4096), 32_768)
    assert capped.context_size == 4096
    assert capped.kv_cache_bytes == kv_cache_bytes(30, 576, 9, 3, 4096)


def test_split_models_take_the_weights_of_all_parts() -> None:
    assert estimate_need(header(), 2048, weights_bytes=5 * GIB).weights_bytes == 5 * GIB


# ----------------------------------------------------------------------------- verdicts


@pytest.mark.parametrize(
    ("total", "free", "verdict", "text"),
    [
        (4.0, 16.0, Verdict.FITS, "needs 4.0 GiB, 16.0 GiB free: fits"),
        (5.1, 6.3, Verdict.TIGHT, "needs 5.1 GiB, 6.3 GiB free: tight"),
        (9.0, 6.3, Verdict.WONT_FIT, "needs 9.0 GiB, 6.3 GiB free: won't fit"),
    ],
)
def test_cpu_verdicts(total: float, free: float, verdict: Verdict, text: str) -> None:
    result = judge_fit(need(total), machine(ram_free=int(free * GIB)))
    assert result.verdict is verdict
    assert result.device == "RAM"
    assert result.explanation == text
    assert result.free_bytes == int(free * GIB)


def test_small_models_are_shown_in_mib() -> None:
    result = judge_fit(need(0.05), machine())
    assert result.explanation.startswith("needs 51 MiB, 16.0 GiB free")


def test_gpu_that_fits_is_judged_on_vram() -> None:
    gpu = GpuInfo("Test GPU", 24 * GIB, 20 * GIB)
    result = judge_fit(need(6.0), machine(backend="CUDA", gpus=(gpu,), ram_free=2 * GIB))
    assert result.verdict is Verdict.FITS
    assert result.device == "GPU"
    assert result.required_bytes == need(6.0).total_bytes + GPU_RUNTIME_OVERHEAD_BYTES
    assert result.explanation == "needs 6.5 GiB, GPU has 20.0 GiB free: fits"


def test_model_too_big_for_the_gpu_runs_on_the_cpu_and_is_never_better_than_tight() -> None:
    gpu = GpuInfo("Small GPU", 4 * GIB, 3 * GIB)
    result = judge_fit(need(6.0), machine(backend="CUDA", gpus=(gpu,), ram_free=64 * GIB))
    assert result.verdict is Verdict.TIGHT
    assert result.device == "RAM"
    assert (
        result.explanation
        == "too big for the GPU (3.0 GiB free); on the CPU needs 6.0 GiB, 64.0 GiB free: tight"
    )


def test_gpu_layers_set_by_the_user_are_judged_where_they_go() -> None:
    gpu = GpuInfo("Small GPU", 4 * GIB, 3 * GIB)
    hw = machine(backend="CUDA", gpus=(gpu,), ram_free=64 * GIB)
    forced = judge_fit(need(6.0), hw, gpu_layers=-1)
    assert forced.device == "GPU" and forced.verdict is Verdict.WONT_FIT
    cpu_only = judge_fit(need(6.0), hw, gpu_layers=0)
    assert cpu_only.device == "RAM" and cpu_only.verdict is Verdict.FITS


def test_apple_unified_memory_is_judged_against_ram() -> None:
    apple = machine(backend="Metal", gpus=(GpuInfo("Apple M2", 16 * GIB, 10 * GIB),), ram_free=10 * GIB)
    result = judge_fit(need(9.0), apple)
    assert result.device == "unified memory"
    assert result.verdict is Verdict.TIGHT


def test_unknown_free_memory_is_never_better_than_tight() -> None:
    unknown = machine(ram_free=0, ram_total=8 * GIB)
    assert judge_fit(need(2.0), unknown).verdict is Verdict.TIGHT
    assert "unknown" in judge_fit(need(2.0), unknown).explanation
    too_big = judge_fit(need(9.0), unknown)
    assert too_big.verdict is Verdict.WONT_FIT
    assert too_big.explanation == "needs 9.0 GiB, more than the 8.0 GiB here: won't fit"


# ----------------------------------------------------------------------------- local and remote files


def test_local_and_remote_files_give_the_same_estimate(tmp_path: Path) -> None:
    path = write_sample_gguf(tmp_path / "m.gguf", vocab=50_000)
    data = path.read_bytes()

    def fetch(url: str, start: int, end: int) -> RangeResponse:
        return RangeResponse(data[start : end + 1], len(data))

    hw = machine()
    local = estimate_local(path, 2048, hardware=hw)
    remote = estimate_remote("https://hub.example/m.gguf", 2048, fetch, hardware=hw)
    assert local == remote
    assert local.verdict is Verdict.FITS
    assert local.need.weights_bytes == read_gguf_header(path).tensor_bytes


# ----------------------------------------------------------------------------- against a real load

_MEASURE = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path

    def rss():
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise SystemExit("no VmRSS")

    from app.core.engine.llama_engine import LlamaEngine, LoadOptions
    from app.core.engine.llama_loader import ensure_backend
    from app.core.engine.types import GenerationRequest
    from app.core.hardware import detect_hardware

    # Libraries, the backend and the hardware probe first, so only the model counts.
    ensure_backend()
    detect_hardware()
    before = rss()
    engine = LlamaEngine.load(Path(sys.argv[1]), LoadOptions(context_size=2048, gpu_layers=0))
    after_load = rss()
    # A prompt of about a full batch touches the compute buffer as real use does.
    for _ in engine.stream(GenerationRequest(prompt="word " * 450, max_tokens=8)):
        pass
    after_use = rss()
    print(json.dumps({"before": before, "after_load": after_load, "after_use": after_use}))
    """
)


@pytest.mark.model
def test_estimate_brackets_the_memory_a_real_load_takes(starter_model_path: Path) -> None:
    """The band: measured <= estimate <= measured + compute buffer.

    The lower bound is the promise that matters: the estimate never says less than the load takes.
    The upper bound says the whole surplus is the compute buffer, which llama.cpp reserves at its
    worst-case size (logits for every token of a full batch) but a real prompt touches only in part,
    so on the CPU it is reserved address space rather than resident memory (on a GPU it is all taken).
    """
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(starter_model_path)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr[-2000:]
    numbers = json.loads(result.stdout.strip().splitlines()[-1])
    measured = max(numbers["after_load"], numbers["after_use"]) - numbers["before"]
    estimate = estimate_need(read_gguf_header(starter_model_path), 2048)
    print(
        f"\nstarter at n_ctx 2048: measured RSS growth {measured / MIB:.1f} MiB "
        f"(after load {(numbers['after_load'] - numbers['before']) / MIB:.1f}); "
        f"estimate {estimate.total_bytes / MIB:.1f} MiB = weights {estimate.weights_bytes / MIB:.1f} "
        f"+ KV {estimate.kv_cache_bytes / MIB:.1f} + compute {estimate.compute_bytes / MIB:.1f}"
    )
    assert measured <= estimate.total_bytes <= measured + estimate.compute_bytes
