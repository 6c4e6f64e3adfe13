"""N variants of the same job, each with a fresh seed, for side-by-side comparison.

The prompt is identical for every variant, so the engine's prefix cache makes every variant after the
first start writing almost at once; only the seed differs. The seed each variant used is reported, so a
favourite can be reproduced.
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Callable
from typing import TypeVar

from app.core.engine.types import MAX_SEED, CancelToken, SamplingOptions

T = TypeVar("T")


def variant_seeds(count: int, base: SamplingOptions) -> list[int]:
    """Distinct seeds; a fixed base seed gives a reproducible series (seed, seed+1, ...)."""
    if base.seed is not None:
        return [(base.seed + index) % MAX_SEED for index in range(count)]
    seeds: list[int] = []
    while len(seeds) < count:
        seed = secrets.randbelow(MAX_SEED)
        if seed not in seeds:
            seeds.append(seed)
    return seeds


def run_variants(
    count: int,
    base: SamplingOptions,
    cancel: CancelToken,
    run_one: Callable[[int, SamplingOptions], T],
) -> list[T]:
    """Run ``run_one(variant_index, sampling)`` for each variant in turn; stops after the one that was
    running when the user pressed Stop, returning what was finished (the partial one included)."""
    if count < 1:
        raise ValueError("ask for at least one variant")
    results: list[T] = []
    for index, seed in enumerate(variant_seeds(count, base)):
        results.append(run_one(index, dataclasses.replace(base, seed=seed)))
        if cancel.cancelled():
            break
    return results
