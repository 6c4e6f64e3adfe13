"""How many threads llama.cpp should use on a machine, and the id that a measured tune is stored under.

Pure functions of a ``HardwareInfo``, so the rules can be checked on made-up machines.
"""

from __future__ import annotations

import hashlib

from app.core.hardware.info import HardwareInfo

GENERATION_THREAD_CAP = 8
"""Token generation is memory-bandwidth bound; past ~8 threads extra workers only add barrier waits."""


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
