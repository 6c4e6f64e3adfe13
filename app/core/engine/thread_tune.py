"""A quick measured choice of generation threads.

No fixed count is right everywhere: on a 2-core machine 2 threads give ~100 tok/s when idle but ~7 tok/s
when another process keeps a core busy (OpenMP workers wait on each other), while 1 thread gives ~50 in
both cases. So we measure a few counts on the real model, right now, and keep the fastest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.core.engine.types import GenerationRequest, SamplingOptions


@dataclass(frozen=True)
class ThreadTrial:
    threads: int
    tokens_per_second: float


@dataclass(frozen=True)
class ThreadTune:
    best: int
    trials: tuple[ThreadTrial, ...]

    def speed_of(self, threads: int) -> float:
        return max((t.tokens_per_second for t in self.trials if t.threads == threads), default=0.0)


def candidate_counts(usable_cores: int) -> list[int]:
    """Every count up to 4, then powers of two, then all cores: enough coverage for a few seconds' probe."""
    cores = max(1, usable_cores)
    counts = {n for n in range(1, min(cores, 4) + 1)}
    power = 8
    while power < cores:
        counts.add(power)
        power *= 2
    counts.add(cores)
    return sorted(counts)


def tune(measure: Callable[[int], float], candidates: list[int], rounds: int = 2) -> ThreadTune:
    """Measure each candidate ``rounds`` times, interleaved so a passing load spike hits them alike;
    keep each count's best, pick the fastest (the smaller count on a near tie, it leaves a core free)."""
    best_speed: dict[int, float] = {}
    for _ in range(rounds):
        for threads in candidates:
            speed = measure(threads)
            best_speed[threads] = max(speed, best_speed.get(threads, 0.0))
    trials = tuple(ThreadTrial(n, best_speed[n]) for n in candidates)
    top = max(best_speed.values())
    best = min(n for n, speed in best_speed.items() if speed >= top * 0.97)
    return ThreadTune(best, trials)


def probe_request(end_tokens: list[int], tokens: int = 32) -> GenerationRequest:
    """Greedy, fixed prompt, end-of-answer tokens banned: every trial decodes the same ``tokens`` tokens,
    and the prompt stays cached between trials so only generation is timed."""
    return GenerationRequest(
        prompt="Write a short product description for a stainless steel water bottle.",
        sampling=SamplingOptions(temperature=0.0, seed=1, logit_bias=dict.fromkeys(end_tokens, -1000.0)),
        max_tokens=tokens,
    )
