"""Ask the llama.cpp in this process whether it can build a model of a given architecture.

The answer must come from the llama.cpp that will load the model, so it is asked directly: a tiny GGUF
file that names only the architecture is loaded with ``vocab_only=True`` and llama.cpp's log is read
for "unknown model architecture" (a name llama.cpp has never heard of) or "unsupported model
architecture" (a name it knows but cannot build, such as ``gptj``). llama.cpp decides this in
``llama_model_create`` right after parsing the header, so the probe reads no weights, touches no GPU (it
is given an empty device list) and takes a few milliseconds; verdicts are cached per name. A probe with a
made-up name runs first and must be refused, which proves the log capture works before any verdict is
trusted.

The alternatives were worse. ``gguf.MODEL_ARCH_NAMES`` comes from the separately released ``gguf``
package: gguf 0.19.0 lacks 27 of the 153 names the llama.cpp in llama-cpp-python 0.3.36 knows
(``qwen4exp``, ``deepseek32``, ``minimax-m3``, ...), so it would turn away models that load fine; and it
lists ``gptj``, which this llama.cpp refuses. Loading the user's own file with ``vocab_only`` would also
work but costs a full vocabulary parse per check. llama.cpp has no call that lists its architectures, so
`supported_architectures` can only confirm candidates (gguf's list): it is a lower bound, while
`llama_cpp_knows_architecture` answers exactly for any one name.

The probe reads llama.cpp's verdict from its log through ``llama_log.capture()``; lines logged while a
capture is open are kept out of the application log, since a probe's expected refusals are not errors.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import os
import struct
import tempfile
import threading
import uuid
from pathlib import Path
from typing import Any, Final

from app.core.models.gguf_header import GGUF_MAGIC

__all__ = ["llama_cpp_knows_architecture", "supported_architectures"]

logger = logging.getLogger(__name__)

_REFUSED_ARCH: Final = ("unknown model architecture", "unsupported model architecture")
# Messages llama.cpp logs only after it has accepted the architecture name.
_PAST_ARCH_CHECK: Final = (
    "error loading model hyperparameters",
    "error loading model vocabulary",
    "CLIP cannot be used as main model",
)

_probe_lock = threading.Lock()


def llama_cpp_knows_architecture(name: str) -> bool:
    """Whether the llama.cpp in this process can build a model of architecture ``name``.

    When llama.cpp cannot be asked (the native library fails to load) this falls back to the ``gguf``
    package's list. When it can be asked but the answer is unclear, the name is allowed: the real load
    then reports llama.cpp's own error, which beats turning away a model that would have worked.
    """
    if not name:
        return False
    verdict = _llama_cpp_verdict(name) if _probe_works() else None
    if verdict is not None:
        return verdict
    if _llama_cpp_module() is None:
        return name in _gguf_architecture_names()
    logger.warning("could not tell whether llama.cpp knows architecture %r; allowing it", name)
    return True


def supported_architectures() -> frozenset[str]:
    """Architecture names confirmed by this llama.cpp, out of the ``gguf`` package's list.

    A lower bound: llama.cpp cannot list its architectures, so a name it knows but the ``gguf`` package
    does not is missing here (`llama_cpp_knows_architecture` still accepts it). About 0.5 s the first time.
    """
    return frozenset(n for n in _gguf_architecture_names() if n != "clip" and llama_cpp_knows_architecture(n))


def _gguf_architecture_names() -> frozenset[str]:
    from gguf import MODEL_ARCH_NAMES

    return frozenset(MODEL_ARCH_NAMES.values())


@functools.cache
def _llama_cpp_module() -> Any:
    """``llama_cpp``, imported on first need so that validating a file does not load the native library."""
    try:
        import llama_cpp
    except (ImportError, OSError, RuntimeError) as error:
        logger.warning("llama.cpp is not available (%s); using the gguf package's architecture list", error)
        return None
    return llama_cpp


@functools.cache
def _probe_works() -> bool:
    """A made-up architecture must be refused, or the probe cannot be trusted in this build."""
    works = _llama_cpp_verdict(f"copydesk-no-such-arch-{uuid.uuid4().hex[:8]}") is False
    if not works and _llama_cpp_module() is not None:
        logger.warning("llama.cpp's architecture check could not be observed; not relying on it")
    return works


@functools.cache
def _llama_cpp_verdict(name: str) -> bool | None:
    """True/False as llama.cpp decides; ``None`` when the probe could not tell."""
    llama_cpp = _llama_cpp_module()
    if llama_cpp is None:
        return None
    try:
        with tempfile.TemporaryDirectory(prefix="copydesk-arch-") as folder:
            probe = Path(folder) / "probe.gguf"
            probe.write_bytes(_architecture_only_gguf(name))
            loaded, lines = _load_vocab_only(llama_cpp, probe)
    except (OSError, ctypes.ArgumentError, AttributeError, TypeError) as error:
        logger.warning("llama.cpp architecture probe failed: %s", error)
        return None
    log = "".join(lines)
    if any(mark in log for mark in _REFUSED_ARCH):
        return False
    if loaded or any(mark in log for mark in _PAST_ARCH_CHECK):
        return True
    logger.debug("inconclusive architecture probe for %r: %s", name, log[-500:])
    return None


def _architecture_only_gguf(architecture: str) -> bytes:
    """A valid GGUF v3 file with no tensors and a single key, ``general.architecture``."""
    key, value = b"general.architecture", architecture.encode("utf-8")
    return b"".join(
        (
            GGUF_MAGIC,
            struct.pack("<IQQ", 3, 0, 1),
            struct.pack("<Q", len(key)),
            key,
            struct.pack("<IQ", 8, len(value)),  # 8: string
            value,
        )
    )


def _load_vocab_only(llama_cpp: Any, path: Path) -> tuple[bool, list[str]]:
    """Load ``path`` with ``vocab_only`` on no device; return (loaded, llama.cpp's log lines)."""
    from app.core.engine import llama_log

    params = llama_cpp.llama_model_default_params()
    params.vocab_only = True
    params.n_gpu_layers = 0
    no_devices = (ctypes.c_void_p * 1)()  # an empty, NULL-terminated device list: no GPU is touched
    params.devices = ctypes.cast(no_devices, ctypes.c_void_p)
    with _probe_lock, llama_log.capture() as lines:
        model = llama_cpp.llama_model_load_from_file(os.fsencode(path), params)
        if model:
            llama_cpp.llama_model_free(model)
    return bool(model), lines
