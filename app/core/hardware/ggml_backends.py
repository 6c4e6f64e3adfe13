"""Which backend llama.cpp was built with and which devices it sees, read from ggml's registry.

The registry is reached through ctypes because the bindings do not wrap it; ``choose_backend``
is the pure rule that names the build from what the registry lists.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from app.core.hardware.info import UNKNOWN
from app.core.hardware.parsing import cpu_features_from_system_info, parse_system_info
from app.core.hardware.probes import best_effort

# ggml_backend_dev_type (ggml-backend.h)
DEVICE_CPU, DEVICE_GPU, DEVICE_IGPU, DEVICE_ACCEL, DEVICE_META = range(5)

_REGISTRY_DISPLAY_NAMES = {"MTL": "Metal"}
# Registries that never decide the backend: the CPU itself, BLAS helpers, and RPC (a network shim).
_NOT_A_BACKEND = {"CPU", "BLAS"}


def choose_backend(registries: Iterable[tuple[str, Sequence[int]]]) -> str:
    """Name the build's accelerator from ggml's registry: ``(registry name, device types)`` pairs.

    A registry with a GPU (or integrated GPU) device wins; otherwise a compiled-in accelerator with
    no usable device still names the build (a CUDA build on a machine without a GPU says "CUDA",
    and ``gpu_offload`` is False); otherwise the build is "CPU". CPU, BLAS and RPC registries, and
    registries holding only CPU-side accelerator devices, never decide.
    """
    compiled: list[str] = []
    for raw_name, device_types in registries:
        name = _REGISTRY_DISPLAY_NAMES.get(raw_name, raw_name)
        if name in _NOT_A_BACKEND or name.upper().startswith("RPC"):
            continue
        if any(kind in (DEVICE_GPU, DEVICE_IGPU) for kind in device_types):
            return name
        if device_types and all(kind in (DEVICE_CPU, DEVICE_ACCEL) for kind in device_types):
            continue
        compiled.append(name)
    return compiled[0] if compiled else "CPU"


@dataclass(frozen=True)
class _Device:
    registry: str
    name: str
    description: str
    kind: int
    handle: int


class _GgmlRegistry:
    """Read ggml's backend registry through the libraries llama-cpp-python already loaded.

    The bindings (0.3.36) expose no ``ggml_backend_*`` functions, but the registry is the only
    source that names every backend (Vulkan, for one, reports no features in the system-info
    string). Fresh function pointers are made here, so the bindings' own ctypes objects are
    never changed.
    """

    def __init__(self) -> None:
        import llama_cpp.llama_cpp as bindings

        self._libs: list[ctypes.CDLL] = [bindings._lib]
        # dlsym through libllama finds ggml's symbols on Linux and macOS; Windows needs each DLL.
        for name in ("ggml", "ggml-base"):
            try:
                from llama_cpp._ctypes_extensions import load_shared_library

                self._libs.append(load_shared_library(name, bindings._base_path))
            except Exception:
                continue

    def _fn(self, name: str, restype: Any, *argtypes: Any) -> Callable[..., Any]:
        prototype = ctypes.CFUNCTYPE(restype, *argtypes)
        for lib in self._libs:
            try:
                return prototype((name, lib))
            except AttributeError:
                continue
        raise AttributeError(name)

    def devices(self) -> tuple[list[tuple[str, list[int]]], list[_Device]]:
        """Registries with their device types, and the devices themselves."""
        ptr, size_t, text = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p
        reg_count = self._fn("ggml_backend_reg_count", size_t)
        reg_get = self._fn("ggml_backend_reg_get", ptr, size_t)
        reg_name = self._fn("ggml_backend_reg_name", text, ptr)
        reg_dev_count = self._fn("ggml_backend_reg_dev_count", size_t, ptr)
        reg_dev_get = self._fn("ggml_backend_reg_dev_get", ptr, ptr, size_t)
        dev_name = self._fn("ggml_backend_dev_name", text, ptr)
        dev_description = self._fn("ggml_backend_dev_description", text, ptr)
        dev_type = self._fn("ggml_backend_dev_type", ctypes.c_int, ptr)

        registries: list[tuple[str, list[int]]] = []
        devices: list[_Device] = []
        for i in range(int(reg_count())):
            reg = reg_get(i)
            if not reg:
                continue
            name = _decode(reg_name(reg))
            kinds: list[int] = []
            for j in range(int(reg_dev_count(reg))):
                dev = reg_dev_get(reg, j)
                if not dev:
                    continue
                kind = int(dev_type(dev))
                kinds.append(kind)
                devices.append(
                    _Device(name, _decode(dev_name(dev)), _decode(dev_description(dev)), kind, int(dev))
                )
            registries.append((name, kinds))
        return registries, devices

    def memory(self, device: _Device) -> tuple[int, int]:
        """``(free, total)`` bytes. For CUDA this creates the device context: call it sparingly."""
        dev_memory = self._fn(
            "ggml_backend_dev_memory",
            None,
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_size_t),
            ctypes.POINTER(ctypes.c_size_t),
        )
        free, total = ctypes.c_size_t(0), ctypes.c_size_t(0)
        dev_memory(ctypes.c_void_p(device.handle), ctypes.byref(free), ctypes.byref(total))
        return int(free.value), int(total.value)


def _decode(value: bytes | None) -> str:
    return value.decode("utf-8", errors="replace") if value else ""


@dataclass(frozen=True)
class LlamaFacts:
    """What ``probe_llama`` learned; the registry is kept so GPU memory can be asked for later."""

    features: tuple[str, ...]
    backend: str
    gpu_offload: bool
    gpu_devices: tuple[_Device, ...]
    registry: _GgmlRegistry | None


def probe_llama() -> LlamaFacts:
    """Ask the installed llama.cpp what it was built with and which devices it sees."""
    try:
        import llama_cpp
    except Exception:
        return LlamaFacts((), UNKNOWN, False, (), None)

    # First: with dynamically loaded backends this is what loads them into the registry.
    gpu_offload = bool(best_effort(llama_cpp.llama_supports_gpu_offload, False))
    info_text: bytes = best_effort(llama_cpp.llama_print_system_info, b"")
    features = cpu_features_from_system_info(info_text)

    registry = best_effort(_GgmlRegistry, None)
    found = best_effort(registry.devices, None) if registry is not None else None
    if found is not None:
        registries, devices = found
        backend = choose_backend(registries)
        gpus = tuple(d for d in devices if d.kind in (DEVICE_GPU, DEVICE_IGPU))
    else:  # Fall back to the section names of the system-info string.
        sections = parse_system_info(info_text)
        backend = choose_backend((name, ()) for name in sections)
        gpus = ()
    return LlamaFacts(features, backend, gpu_offload, gpus, registry)
