"""Engine speed against llama.cpp itself, measured in one run on one model with the same threads.

Rows:
- ``engine``: our lean decode loop (sampling and detokenizing included), generation tok/s and TTFT;
- ``high-level``: llama-cpp-python's ``create_chat_completion(stream=True)``, same library build;
- ``llama-bench``: llama.cpp's own benchmark binary built from the same vendored commit (tg = decode only);
- prefix cache: TTFT of a regenerate over TTFT of a cold ~500-token prompt;
- thread tune: the auto-tune's pick against the best fixed thread count measured here.

Targets: engine / llama-bench >= 0.97 (CPU), >= 0.95 (GPU); regenerate / cold TTFT <= 0.2.
Usage: ``python bench/engine_speed.py [--model PATH] [--threads N] [--tokens 128] [--json OUT]``
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import llama_cpp

from app.core.engine.llama_engine import LlamaEngine, LoadOptions, measure_decode_speed
from app.core.engine.thread_tune import candidate_counts, tune
from app.core.engine.types import GenerationRequest, Message, SamplingOptions
from app.core.hardware import detect_hardware
from app.core.models.starter import fetch_starter, model_cache_dir
from app.core.paths import app_paths
from bench.llama_bench import find_or_build_llama_bench, run_llama_bench

QUESTION = "Write a detailed product description for a stainless steel insulated water bottle."
NO_EOS_PENALTY = -1000.0


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


WARM_UP = "Warm up."


def engine_run(engine: LlamaEngine, tokens: int, banned: list[int]) -> tuple[float, float]:
    # Like llama-bench's own warm-up run: touch the weights first. A different prompt also empties the
    # prefix cache, so the TTFT below is a cold one, comparable with the high-level API's.
    list(engine.stream(GenerationRequest(prompt=WARM_UP, max_tokens=4)))
    request = GenerationRequest(
        messages=(Message("user", QUESTION),),
        max_tokens=tokens,
        sampling=SamplingOptions(logit_bias=dict.fromkeys(banned, NO_EOS_PENALTY)),
    )
    final = None
    for chunk in engine.stream(request):
        final = chunk
    assert final is not None and final.timings is not None
    return final.timings.tokens_per_second, final.timings.ttft_s


def high_level_run(llm: Any, tokens: int, banned: list[int]) -> tuple[float, float]:
    llm.reset()
    llm.create_completion(WARM_UP, max_tokens=4)
    llm.reset()  # no prefix reuse: a cold prompt, like the engine's
    started = time.perf_counter()
    first = 0.0
    pieces = 0
    stream = llm.create_chat_completion(
        messages=[{"role": "user", "content": QUESTION}],
        stream=True,
        max_tokens=tokens,
        logit_bias={str(t): NO_EOS_PENALTY for t in banned},
        seed=int(time.time_ns() % 2**31),
    )
    for chunk in stream:
        if chunk["choices"][0]["delta"].get("content"):
            pieces += 1
            if not first:
                first = time.perf_counter()
    elapsed = time.perf_counter() - first
    return ((pieces - 1) / elapsed if pieces > 1 else 0.0), first - started


def high_level_child(setup: dict[str, Any], tokens: int) -> int:
    """One high-level run in this (child) process; prints ``[tok/s, ttft]`` as JSON."""
    llm = llama_cpp.Llama(
        model_path=setup["model"],
        n_ctx=2048,
        n_threads=setup["threads"],
        n_gpu_layers=setup["gpu_layers"],
        verbose=False,
    )
    print(json.dumps(high_level_run(llm, tokens, setup["banned"])))
    return 0


def prefix_cache_ratio(engine: LlamaEngine, repetitions: int) -> dict[str, float]:
    notes = " ".join(f"Note {i}: the bottle keeps drinks cold for {i + 10} hours." for i in range(40))
    request = GenerationRequest.chat(notes + "\n\nSummarise these notes.", max_tokens=1)
    cold, warm = [], []
    for _ in range(repetitions):
        list(engine.stream(GenerationRequest(prompt="Unrelated text to evict the cache.", max_tokens=1)))
        cold.append(_ttft(engine, request))
        warm.append(_ttft(engine, request))
    return {
        "prompt_tokens": float(engine.count_tokens(request)),
        "cold_ttft_s": median(cold),
        "regenerate_ttft_s": median(warm),
        "ratio": median(warm) / median(cold),
    }


def _ttft(engine: LlamaEngine, request: GenerationRequest) -> float:
    final = list(engine.stream(request))[-1]
    assert final.timings is not None
    return final.timings.ttft_s


def interleaved(runs: dict[str, Callable[[], float]], repetitions: int) -> dict[str, list[float]]:
    """Alternate the contenders, in a shuffled order each round, so load spikes on a shared machine and
    any after-effect of the previous contender hit them all alike."""
    results: dict[str, list[float]] = {name: [] for name in runs}
    order = list(runs)
    shuffler = random.Random(20261128)
    for _ in range(repetitions):
        shuffler.shuffle(order)
        for name in order:
            results[name].append(runs[name]())
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", type=Path, help="GGUF file (default: the starter model)")
    parser.add_argument("--threads", type=int, help="generation threads for every contender (default: tuned)")
    parser.add_argument("--tokens", type=int, default=128, help="tokens to generate per run")
    parser.add_argument("--repetitions", type=int, default=11)
    parser.add_argument("--gpu-layers", type=int, default=None, help="-1 all, 0 CPU (default: automatic)")
    parser.add_argument(
        "--llama-bench", type=Path, help="a llama-bench binary (default: build from the sdist)"
    )
    parser.add_argument("--skip-high-level", action="store_true")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--high-level-child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.high_level_child:
        return high_level_child(json.loads(args.high_level_child), args.tokens)

    model = args.model or fetch_starter(model_cache_dir(app_paths()))
    hw = detect_hardware()
    bench_binary = args.llama_bench or find_or_build_llama_bench()
    print(f"model {model.name}; {hw.cpu_model}; {hw.logical_cores} cores; backend {hw.backend}", flush=True)

    engine = LlamaEngine.load(
        model, LoadOptions(context_size=2048, threads=args.threads, gpu_layers=args.gpu_layers)
    )
    gpu_layers = engine.info.gpu_layers
    banned = engine.end_of_generation_tokens()

    candidates = candidate_counts(hw.logical_cores)
    tuned = tune(lambda n: measure_decode_speed(engine, n), candidates)
    threads = args.threads or tuned.best
    engine.set_threads(threads)
    print(
        f"thread tune: {[(t.threads, round(t.tokens_per_second, 1)) for t in tuned.trials]} -> {tuned.best}"
    )

    fixed = {
        n: run_llama_bench(bench_binary, model, n, 0, args.tokens, 3, n_gpu_layers=gpu_layers)[0]["avg_ts"]
        for n in candidates
    }
    best_fixed = max(fixed, key=lambda n: fixed[n])

    high_level_command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--high-level-child",
        json.dumps({"model": str(model), "threads": threads, "gpu_layers": gpu_layers, "banned": banned}),
        "--tokens",
        str(args.tokens),
    ]

    engine_ttft: list[float] = []
    high_ttft: list[float] = []

    def ours() -> float:
        speed, ttft = engine_run(engine, args.tokens, banned)
        engine_ttft.append(ttft)
        return speed

    def theirs() -> float:
        # In a process of its own, like llama-bench: a second model and context in this process measurably
        # slowed the engine's own runs (memory and cache pressure), which would flatter the comparison.
        done = subprocess.run(high_level_command, capture_output=True, text=True, check=True)
        speed, ttft = json.loads(done.stdout.strip().splitlines()[-1])
        high_ttft.append(ttft)
        return float(speed)

    def reference() -> float:
        return float(
            run_llama_bench(bench_binary, model, threads, 0, args.tokens, 1, n_gpu_layers=gpu_layers)[0][
                "avg_ts"
            ]
        )

    contenders: dict[str, Callable[[], float]] = {"engine": ours, "llama-bench": reference}
    if not args.skip_high_level:
        contenders["high-level"] = theirs
    ours()  # warm-up: page in weights, settle caches
    engine_ttft.clear()
    speeds = interleaved(contenders, args.repetitions)
    cache = prefix_cache_ratio(engine, args.repetitions)
    tuned_speed = fixed.get(tuned.best, 0.0)

    ref = median(speeds["llama-bench"])
    results: dict[str, Any] = {
        "model": model.name,
        "machine": f"{platform.machine()}, {hw.cpu_model}, {hw.logical_cores} cores, {hw.backend}",
        "threads": threads,
        "gpu_layers": gpu_layers,
        "tokens": args.tokens,
        "repetitions": args.repetitions,
        "tok_s": {name: median(values) for name, values in speeds.items()},
        "tok_s_best": {name: max(values) for name, values in speeds.items()},
        "tok_s_runs": speeds,
        "ttft_s": {"engine": median(engine_ttft), "high-level": median(high_ttft)},
        "ratio_engine_vs_llama_bench": median(speeds["engine"]) / ref if ref else 0.0,
        # Each round's engine run sits next to its llama-bench run: their ratio cancels slow drifts in load.
        "paired_ratio_engine_vs_llama_bench": median(
            [
                ours / theirs
                for ours, theirs in zip(speeds["engine"], speeds["llama-bench"], strict=True)
                if theirs
            ]
        ),
        "ratio_high_level_vs_llama_bench": (
            median(speeds["high-level"]) / ref if ref and not args.skip_high_level else None
        ),
        "prefix_cache": cache,
        "thread_tune": {
            "choice": tuned.best,
            "trials": {t.threads: t.tokens_per_second for t in tuned.trials},
            "llama_bench_by_threads": fixed,
            "best_fixed": best_fixed,
            "ratio_choice_vs_best_fixed": tuned_speed / fixed[best_fixed] if fixed[best_fixed] else 0.0,
        },
    }
    engine.close()
    print_table(results)
    out = (
        args.json
        or Path(__file__).resolve().parent / "results" / f"engine_speed-{time.strftime('%Y%m%d-%H%M%S')}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(f"written {out}")
    return 0


def print_table(r: dict[str, Any]) -> None:
    ref = r["tok_s"]["llama-bench"]
    print(
        f"\n{r['model']} on {r['machine']}, {r['threads']} threads, gpu_layers {r['gpu_layers']}, "
        f"tg{r['tokens']}, median of {r['repetitions']}"
    )
    print(f"{'contender':<14}{'tok/s':>10}{'vs llama-bench':>16}{'TTFT ms':>10}")
    for name, speed in r["tok_s"].items():
        ttft = r["ttft_s"].get(name)
        ttft_text = f"{ttft * 1000:>10.0f}" if ttft else f"{'-':>10}"
        print(f"{name:<14}{speed:>10.1f}{speed / ref if ref else 0:>15.3f}x{ttft_text}")
    best = r["tok_s_best"]
    paired = r["paired_ratio_engine_vs_llama_bench"]
    best_ratio = best["engine"] / best["llama-bench"]
    print(f"engine / llama-bench: median of per-round ratios {paired:.3f}; best runs {best_ratio:.3f}")
    cache = r["prefix_cache"]
    print(
        f"prefix cache: {cache['prompt_tokens']:.0f}-token prompt, "
        f"cold TTFT {cache['cold_ttft_s'] * 1000:.0f} ms, "
        f"regenerate {cache['regenerate_ttft_s'] * 1000:.0f} ms, ratio {cache['ratio']:.3f}"
    )
    tune_result = r["thread_tune"]
    print(
        f"thread tune: chose {tune_result['choice']}, best fixed (llama-bench) {tune_result['best_fixed']}, "
        f"ratio {tune_result['ratio_choice_vs_best_fixed']:.3f}"
    )


if __name__ == "__main__":
    sys.exit(main())
