"""Fetch, build and run llama.cpp's own ``llama-bench`` at the commit the pinned bindings vendor.

Benchmarks print ratios against ``llama-bench``, so the reference must be the same llama.cpp source
built the same way as the library llama-cpp-python loads; otherwise a ratio measures compiler flags,
not our overhead. The source is taken from the llama-cpp-python sdist of the pinned version
(``vendor/llama.cpp``), so the commit matches by construction.

Build parity, as read from the 0.3.36 sdist (``CMakeLists.txt``, ``pyproject.toml``) and from the
``CMakeCache.txt`` of a real ``pip install llama-cpp-python==0.3.36`` on Linux:

* scikit-build-core builds ``Release`` (``-O3 -DNDEBUG``) with Ninja; the sdist's CMakeLists adds
  llama.cpp as a subdirectory with ``BUILD_SHARED_LIBS=On``, forces ``LLAMA_BUILD_COMMON=ON`` and
  ``LLAMA_CURL=OFF``, and leaves every ggml option at its default.
* ggml defaults that matter for speed: ``GGML_NATIVE=ON`` (``-march=native``; ggml switches it off
  only when cross-compiling or when ``SOURCE_DATE_EPOCH`` is set), ``GGML_OPENMP=ON``,
  ``GGML_LLAMAFILE=ON``, ``GGML_CPU_REPACK=ON``, ``GGML_BACKEND_DL=OFF``.
* On macOS the bindings force ``GGML_METAL=ON`` with ``GGML_METAL_EMBED_LIBRARY=ON``, and on Intel
  Macs switch off ``GGML_AVX``/``AVX2``/``FMA``/``F16C``.

So we configure the standalone tree with ``Release``, shared libraries and ``GGML_NATIVE=ON`` spelled
out (an ambient ``SOURCE_DATE_EPOCH`` must not silently turn native code off for one side only), the
same macOS overrides, and everything else at the defaults both builds share. Whatever ``CMAKE_ARGS``
the bindings were installed with (``-DGGML_CUDA=on`` ...) must be passed as ``cmake_args`` too; the
command line defaults to ``$CMAKE_ARGS`` for that reason. Extra arguments come last, so they win.
Tests, examples and the server are switched off and only the ``llama-bench`` target is built. The
sdist's submodule commit is passed as ``LLAMA_BUILD_COMMIT`` (the copied tree has no git metadata),
so llama-bench's ``build_commit`` shows which llama.cpp it measured (0.3.36: ``0c1e57098``).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_VERSION = "0.3.36"
BINARY_ENV = "LLAMA_BENCH"
CACHE_ENV = "COPYDESK_BENCH_CACHE"
_DONE_MARKER = ".extracted"
_COMMIT_FILE = "COMMIT"
_RECORD_KEYS = ("avg_ts", "stddev_ts", "n_prompt", "n_gen", "n_threads")


class BenchBuildError(RuntimeError):
    """Raised when the reference binary cannot be fetched or built; the message says which step."""


def _say(message: str) -> None:
    """Progress goes to stderr so stdout stays clean for the printed path or JSON."""
    print(f"[llama-bench] {message}", file=sys.stderr, flush=True)


def default_cache_root() -> Path:
    """Outside the repo: the build is ~100 MB and shared by every checkout on the machine."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    return Path.home() / ".cache" / "copydesk-bench"


def normalize_cmake_args(cmake_args: str) -> list[str]:
    """Split like a shell so that spacing differences do not produce a different cache entry."""
    return shlex.split(cmake_args)


def build_dir_name(version: str, cmake_args: str = "") -> str:
    """``llama.cpp-<version>`` for the default build, plus a short hash when extra args change it."""
    args = normalize_cmake_args(cmake_args)
    if not args:
        return f"llama.cpp-{version}"
    digest = hashlib.sha256("\0".join(args).encode()).hexdigest()[:10]
    return f"llama.cpp-{version}-{digest}"


def parity_cmake_args() -> list[str]:
    """The configure flags that make the standalone build match llama-cpp-python's (see module doc)."""
    args = [
        "-DCMAKE_BUILD_TYPE=Release",
        "-DBUILD_SHARED_LIBS=ON",
        "-DGGML_NATIVE=ON",
        "-DLLAMA_BUILD_COMMON=ON",
        "-DLLAMA_BUILD_TOOLS=ON",
        "-DLLAMA_CURL=OFF",
        "-DLLAMA_BUILD_TESTS=OFF",
        "-DLLAMA_BUILD_EXAMPLES=OFF",
        "-DLLAMA_BUILD_SERVER=OFF",
    ]
    if sys.platform == "darwin":
        args += ["-DGGML_METAL=ON", "-DGGML_METAL_EMBED_LIBRARY=ON"]
        if platform.machine() == "x86_64":
            args += ["-DGGML_AVX=OFF", "-DGGML_AVX2=OFF", "-DGGML_FMA=OFF", "-DGGML_F16C=OFF"]
    return args


def _binary_candidates(build_dir: Path, tool: str = "llama-bench") -> list[Path]:
    """Single-config generators put tools in ``bin/``; Visual Studio adds a ``Release/`` level."""
    exe = f"{tool}.exe" if sys.platform == "win32" else tool
    return [build_dir / "bin" / exe, build_dir / "bin" / "Release" / exe]


def _find_built(build_dir: Path, tool: str = "llama-bench") -> Path | None:
    for candidate in _binary_candidates(build_dir, tool):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def _run_logged(cmd: list[str], log: Path, cwd: Path | None = None) -> None:
    """Build tools are chatty: keep their output in a log and show its tail only on failure."""
    with log.open("a", encoding="utf-8") as fh:
        fh.write(f"\n$ {shlex.join(cmd)}\n")
        fh.flush()
        proc = subprocess.run(cmd, cwd=cwd, stdout=fh, stderr=subprocess.STDOUT, check=False)
    if proc.returncode != 0:
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-40:])
        raise BenchBuildError(f"command failed ({proc.returncode}): {shlex.join(cmd)}\n{tail}")


def _download_sdist(version: str, dest: Path, log: Path) -> Path:
    """Use pip itself, so indexes, proxies and certificates are whatever the user configured.

    ``--no-binary llama-cpp-python`` (rather than ``:all:``) forces the sdist for this package only;
    pip still has to prepare its metadata, and letting the build backend come as a wheel keeps that
    step to seconds instead of compiling scikit-build-core's own dependencies from source.
    """
    if importlib.util.find_spec("pip") is not None:
        pip = [sys.executable, "-m", "pip"]
    else:  # e.g. a uv-made venv without pip: use whichever pip is on PATH
        found_pip = shutil.which("pip3") or shutil.which("pip")
        if found_pip is None:
            raise BenchBuildError("pip is needed to fetch the llama-cpp-python sdist")
        pip = [found_pip]
    cmd = [
        *pip,
        "download",
        "--no-deps",
        "--no-binary",
        "llama-cpp-python",
        f"llama-cpp-python=={version}",
        "-d",
        str(dest),
    ]
    _run_logged(cmd, log)
    found = sorted(dest.glob("llama_cpp_python-*.tar.gz")) + sorted(dest.glob("llama-cpp-python-*.tar.gz"))
    if not found:
        raise BenchBuildError(f"pip download left no sdist in {dest}")
    return found[0]


def _extract_vendor(sdist: Path, target: Path) -> None:
    """Copy only ``vendor/llama.cpp`` out of the sdist, flattened into ``target``.

    The submodule's git metadata stays behind, so its commit (from the sdist's
    ``.git/modules/vendor/llama.cpp/HEAD``) is written to ``COMMIT`` for the build to embed.
    """
    with tarfile.open(sdist, "r:gz") as tar:
        members: list[tarfile.TarInfo] = []
        for member in tar.getmembers():
            parts = Path(member.name).parts
            # The submodule's ``.git`` file points into the sdist's git dir, which is not copied.
            if len(parts) > 3 and parts[1:3] == ("vendor", "llama.cpp") and parts[3:] != (".git",):
                member.name = "/".join(parts[3:])
                members.append(member)
            elif parts[1:] == (".git", "modules", "vendor", "llama.cpp", "HEAD") and member.isfile():
                head = tar.extractfile(member)
                commit = head.read().decode("ascii", errors="replace").strip() if head else ""
                if re.fullmatch(r"[0-9a-f]{40}", commit):
                    target.mkdir(parents=True, exist_ok=True)
                    (target / _COMMIT_FILE).write_text(commit + "\n", encoding="utf-8")
        if not members:
            raise BenchBuildError(f"{sdist.name} has no vendor/llama.cpp")
        if hasattr(tarfile, "data_filter"):
            tar.extractall(target, members=members, filter="data")
        else:  # Python < 3.11.4: no filters; the names were already stripped of their prefix.
            tar.extractall(target, members=members)


def find_or_build_llama_bench(
    version: str = DEFAULT_VERSION, cache_root: Path | None = None, cmake_args: str = ""
) -> Path:
    """Return a ``llama-bench`` for ``version``: ``$LLAMA_BENCH``, else the cache, else build it once.

    The build happens in place under the cache (its RPATH points at the build tree, so the tree
    cannot be moved afterwards); an interrupted build resumes on the next call.
    """
    return find_or_build_tool(
        ToolBuild("llama-bench", BINARY_ENV, "build", "build.log"), version, cache_root, cmake_args
    )


@dataclass(frozen=True)
class ToolBuild:
    """One llama.cpp tool built from the pinned source: its target, the variable that names a ready
    binary instead, its own build folder and log, and the CMake switches it needs on top of parity."""

    target: str
    env: str
    build_subdir: str
    log_name: str
    extra_cmake_args: tuple[str, ...] = ()


def find_or_build_tool(
    tool: ToolBuild, version: str = DEFAULT_VERSION, cache_root: Path | None = None, cmake_args: str = ""
) -> Path:
    """``$<tool.env>``, else a cached build, else build the target once from the sdist's llama.cpp with
    the parity flags (then the tool's switches, then the user's ``cmake_args``, which win)."""
    given = os.environ.get(tool.env)
    if given:
        path = Path(given).expanduser()
        if not path.is_file():
            raise BenchBuildError(f"${tool.env} points at {path}, which is not a file")
        return path

    root = (cache_root or default_cache_root()).expanduser()
    tree = root / build_dir_name(version, cmake_args)
    build_dir = tree / tool.build_subdir
    cached = _find_built(build_dir, tool.target)
    if cached is not None:
        _say(f"cached: {cached}")
        return cached

    if shutil.which("cmake") is None:
        raise BenchBuildError("cmake is not on PATH; install CMake >= 3.21 and a C++17 compiler")
    tree.mkdir(parents=True, exist_ok=True)
    log = tree / tool.log_name
    started = time.monotonic()

    if not (tree / _DONE_MARKER).is_file():
        with tempfile.TemporaryDirectory(prefix="sdist-", dir=root) as tmp:
            _say(f"downloading llama-cpp-python=={version} sdist (log: {log})")
            sdist = _download_sdist(version, Path(tmp), log)
            _say(f"extracting vendor/llama.cpp from {sdist.name} into {tree}")
            _extract_vendor(sdist, tree)
        (tree / _DONE_MARKER).write_text(f"{version}\n", encoding="utf-8")

    configure = ["cmake", "-S", str(tree), "-B", str(build_dir)]
    if shutil.which("ninja") and not (build_dir / "CMakeCache.txt").exists():
        configure += ["-G", "Ninja"]
    configure += parity_cmake_args()
    commit_file = tree / _COMMIT_FILE
    if commit_file.is_file():  # no .git in the tree: name the commit so the tool reports it
        configure.append(f"-DLLAMA_BUILD_COMMIT={commit_file.read_text(encoding='utf-8').strip()[:9]}")
    configure += [*tool.extra_cmake_args, *normalize_cmake_args(cmake_args)]
    _say("configuring: " + shlex.join(configure[5:]))
    _run_logged(configure, log)

    jobs = str(os.cpu_count() or 1)
    _say(f"building target {tool.target} with -j {jobs} (several minutes on a small machine)")
    _run_logged(
        ["cmake", "--build", str(build_dir), "--config", "Release", "--target", tool.target, "-j", jobs],
        log,
    )
    built = _find_built(build_dir, tool.target)
    if built is None:
        raise BenchBuildError(f"build finished but no {tool.target} under {build_dir}; see {log}")
    _say(f"built in {time.monotonic() - started:.0f} s: {built}")
    return built


def run_llama_bench(
    binary: Path,
    model: Path,
    threads: int,
    n_prompt: int,
    n_gen: int,
    repetitions: int = 3,
    n_gpu_layers: int = 0,
    timeout: float | None = None,
) -> list[dict[str, Any]]:
    """Run one llama-bench configuration and return its JSON records (one per pp/tg test).

    ``-ngl`` is always passed because llama-bench defaults to offloading every layer, unlike the
    bindings; a comparison has to state it on both sides.
    """
    cmd = [
        str(binary),
        "-m",
        str(model),
        "-t",
        str(threads),
        "-p",
        str(n_prompt),
        "-n",
        str(n_gen),
        "-r",
        str(repetitions),
        "-ngl",
        str(n_gpu_layers),
        "-o",
        "json",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"llama-bench failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
    records = json.loads(proc.stdout)
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise RuntimeError(f"unexpected llama-bench output: {proc.stdout[:500]}")
    for record in records:
        missing = [key for key in _RECORD_KEYS if key not in record]
        if missing:
            raise RuntimeError(f"llama-bench record lacks {missing}: {record}")
    return records


def _summary(record: dict[str, Any]) -> str:
    test = f"pp{record['n_prompt']}" if record["n_gen"] == 0 else f"tg{record['n_gen']}"
    return f"{test} t={record['n_threads']}: {record['avg_ts']:.1f} ± {record['stddev_ts']:.1f} tok/s"


def main(argv: list[str] | None = None) -> int:
    """``--build`` prints the binary path; ``--model`` also runs it, one line per record."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--build", action="store_true", help="find or build llama-bench, print its path")
    parser.add_argument("--version", default=DEFAULT_VERSION, help="llama-cpp-python version to match")
    parser.add_argument(
        "--cmake-args",
        default=os.environ.get("CMAKE_ARGS", ""),
        help="extra CMake arguments; defaults to $CMAKE_ARGS, as llama-cpp-python's install reads it",
    )
    parser.add_argument("--cache-root", type=Path, default=None)
    parser.add_argument("--model", type=Path, help="GGUF model to benchmark")
    parser.add_argument("--threads", type=int, nargs="+", default=[1])
    parser.add_argument("-p", "--n-prompt", type=int, default=0)
    parser.add_argument("-n", "--n-gen", type=int, default=64)
    parser.add_argument("-r", "--repetitions", type=int, default=3)
    parser.add_argument("-ngl", "--n-gpu-layers", type=int, default=0)
    args = parser.parse_args(argv)
    if not args.build and args.model is None:
        parser.error("nothing to do: pass --build and/or --model")

    try:
        binary = find_or_build_llama_bench(args.version, args.cache_root, args.cmake_args)
    except BenchBuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(binary)
    if args.model is not None:
        for threads in args.threads:
            records = run_llama_bench(
                binary,
                args.model,
                threads,
                args.n_prompt,
                args.n_gen,
                args.repetitions,
                args.n_gpu_layers,
            )
            for record in records:
                print(_summary(record))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
