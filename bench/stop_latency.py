"""How long Stop takes: from ``CancelToken.cancel()`` on another thread (the GUI's case) to the stream's end.

Usage: ``python bench/stop_latency.py [--model PATH] [--trials 10]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.engine.llama_engine import LlamaEngine, LoadOptions
from app.core.engine.types import CancelToken, GenerationRequest
from app.core.models.starter import fetch_starter, model_cache_dir
from app.core.paths import app_paths


def one_trial(engine: LlamaEngine, delay_s: float) -> float:
    cancel = CancelToken()
    fired_at = [0.0]

    def fire() -> None:
        fired_at[0] = time.perf_counter()
        cancel.cancel()

    timer = threading.Timer(delay_s, fire)
    timer.start()
    for _chunk in engine.stream(GenerationRequest.chat("Write a long story.", max_tokens=2000), cancel):
        pass
    timer.join()
    return (time.perf_counter() - fired_at[0]) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path)
    parser.add_argument("--trials", type=int, default=10)
    args = parser.parse_args()
    model = args.model or fetch_starter(model_cache_dir(app_paths()))
    engine = LlamaEngine.load(model, LoadOptions(context_size=4096))
    # Staggered delays so the cancel lands at different points inside a token's decode.
    latencies = [one_trial(engine, 0.3 + i * 0.013) for i in range(args.trials)]
    print(
        f"{model.name}, {engine.threads} threads: Stop to end of stream, {args.trials} trials: "
        f"median {statistics.median(latencies):.1f} ms, max {max(latencies):.1f} ms"
    )
    engine.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
