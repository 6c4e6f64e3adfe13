"""Download throughput of our resumable downloader against plain clients, on loopback, in one run.

A generated file (512 MB by default, fixed seed) is served by the test Hub server in a separate process
(so the server does not share the client's interpreter). Rows, each the median of ``--runs``:
- ``ours``: `Downloader.download` into a file: inline SHA-256, write, then fsync and rename;
- ``ours (transfer)``: the same runs up to the last byte (hash and write included, fsync not);
- ``httpx2``: a plain streamed GET with default settings, bytes discarded (no disk, no hash);
- ``curl``: ``curl -o FILE`` (when curl exists), same disk, no hash, no fsync;
- ``curl + verify``: curl's time plus a separate SHA-256 pass over the file, i.e. a verified download
  done the plain way, which is what ours does in one pass.
The SHA-256 pass is also printed on its own.

Target: ours / httpx2 and ours / curl >= 0.9.
Usage: ``python bench/download_speed.py [--size-mb 512] [--runs 3] [--json OUT]``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx2

from app.core.models.download import Downloader, DownloadOptions, DownloadProgress, DownloadSpec
from app.core.models.verified_files import discard

_BLOCK = 16 * 1024 * 1024


def generate(path: Path, size: int, seed: int = 512) -> str:
    """Write ``size`` pseudo-random bytes (incompressible, reproducible) and return their SHA-256."""
    rng = random.Random(seed)
    digest = hashlib.sha256()
    with path.open("wb") as handle:
        left = size
        while left:
            block = rng.randbytes(min(_BLOCK, left))
            digest.update(block)
            handle.write(block)
            left -= len(block)
    return digest.hexdigest()


def start_server(path: Path, sha256: str) -> tuple[subprocess.Popen[str], str]:
    root = Path(__file__).resolve().parent.parent
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.hub_server", "--file", str(path), "--sha256", sha256],
        cwd=root,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    _endpoint, url, _sha = process.stdout.readline().split()
    return process, url


def run_ours(url: str, dest: Path, sha256: str, size: int) -> tuple[float, float]:
    """(total seconds, seconds until the last byte was written)."""
    discard(dest)
    marks: dict[str, float] = {}

    def note(progress: DownloadProgress) -> None:
        marks.setdefault(progress.phase, time.perf_counter())

    options = DownloadOptions(progress_interval=0.25)
    with Downloader(options=options) as downloader:
        started = time.perf_counter()
        downloader.download(DownloadSpec(url, dest, size=size, sha256=sha256), on_progress=note)
        total = time.perf_counter() - started
    return total, marks.get("verifying", started + total) - started


def run_httpx(url: str) -> float:
    with httpx2.Client() as client:
        started = time.perf_counter()
        with client.stream("GET", url, headers={"Accept-Encoding": "identity"}) as response:
            for _ in response.iter_raw():
                pass
        return time.perf_counter() - started


def run_curl(curl: str, url: str, dest: Path) -> float:
    dest.unlink(missing_ok=True)
    started = time.perf_counter()
    subprocess.run([curl, "-sS", "-f", "-o", str(dest), url], check=True)
    return time.perf_counter() - started


def time_hash(path: Path) -> float:
    started = time.perf_counter()
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_BLOCK):
            digest.update(chunk)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size-mb", type=int, default=512)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()
    size = args.size_mb * 1024 * 1024
    curl = shutil.which("curl")
    with tempfile.TemporaryDirectory(prefix="copydesk-bench-") as folder:
        work = Path(folder)
        source = work / "served.bin"
        sha256 = generate(source, size)
        server, url = start_server(source, sha256)
        try:
            times: dict[str, list[float]] = {"ours": [], "ours (transfer)": [], "httpx2": []}
            if curl:
                times["curl"] = []
            run_httpx(url)  # warm-up: page cache, connection setup paths
            for _ in range(args.runs):  # interleaved, so drift in machine load hits every row alike
                total, transfer = run_ours(url, work / "ours.bin", sha256, size)
                times["ours"].append(total)
                times["ours (transfer)"].append(transfer)
                times["httpx2"].append(run_httpx(url))
                if curl:
                    times["curl"].append(run_curl(curl, url, work / "curl.bin"))
            verify = time_hash(work / "ours.bin")
        finally:
            server.terminate()
            server.wait(10)
    results = report(times, size, verify, args.runs)
    out = (
        args.json
        or Path(__file__).resolve().parent
        / "results"
        / f"download_speed-{time.strftime('%Y%m%d-%H%M%S')}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written {out}")
    return 0


def report(times: dict[str, list[float]], size: int, verify: float, runs: int) -> dict[str, Any]:
    if "curl" in times:
        times["curl + verify"] = [t + verify for t in times["curl"]]
    mb_s = {name: size / 1e6 / statistics.median(values) for name, values in times.items()}
    references = [name for name in ("httpx2", "curl", "curl + verify") if name in mb_s]
    ratios = {
        f"{ours} / {ref}": mb_s[ours] / mb_s[ref]
        for ours in ("ours", "ours (transfer)")
        for ref in references
    }
    finish = statistics.median(a - b for a, b in zip(times["ours"], times["ours (transfer)"], strict=True))
    print(f"{size / 1048576:.0f} MiB on loopback, median of {runs} runs")
    for name, speed in mb_s.items():
        print(f"  {name:<18} {speed:8.0f} MB/s")
    for name, ratio in ratios.items():
        print(f"  {name:<32} {ratio:5.2f}  (target >= 0.9)")
    print(f"  SHA-256 of the file from disk: {verify:.2f} s ({size / 1e6 / verify:.0f} MB/s)")
    print(f"  ours, after the last byte (fsync, rename): {finish:.2f} s")
    return {
        "bench": "download_speed",
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {"platform": platform.platform(), "python": platform.python_version()},
        "size_bytes": size,
        "runs": runs,
        "seconds": times,
        "mb_per_s": mb_s,
        "ratios": ratios,
        "sha256_verify_seconds": verify,
        "finish_seconds": finish,
    }


if __name__ == "__main__":
    raise SystemExit(main())
