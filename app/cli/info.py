"""``copydesk info``: what this machine and this install can do."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from app import __version__
from app.cli.common import Parser
from app.core.build_info import current_build_info
from app.core.engine.offload import GIB
from app.core.engine.types import EngineError
from app.core.hardware import default_thread_count, detect_hardware
from app.core.runtime import Runtime


def register(commands: argparse._SubParsersAction[Parser]) -> None:
    info = commands.add_parser("info", help="version, hardware, backend, directories, default model")
    info.add_argument("--json", action="store_true", help="machine-readable output")
    info.set_defaults(handler=cmd_info)


def cmd_info(args: argparse.Namespace, runtime: Runtime, out: TextIO, _err: TextIO) -> int:
    hw = detect_hardware()
    threads, source = runtime.thread_choice(hw)
    try:
        default_model: str = str(runtime.resolve_model(None))
    except EngineError as exc:
        default_model = f"none ({exc})"
    build = current_build_info()
    facts: dict[str, Any] = {
        "version": __version__,
        "build": build.as_dict(),
        "backend": hw.backend,
        "gpu_offload": hw.gpu_offload,
        "cpu": hw.cpu_model,
        "cpu_features": list(hw.cpu_features),
        "cores": {"physical": hw.physical_cores, "usable": hw.logical_cores},
        "gpus": [
            {"name": g.name, "total_gib": g.total_bytes / GIB, "free_gib": g.free_bytes / GIB}
            for g in hw.gpus
        ],
        "ram_total_gib": round(hw.ram_total_bytes / GIB, 1),
        "ram_available_gib": round(hw.ram_available_bytes / GIB, 1),
        "threads": threads or default_thread_count(hw),
        "threads_source": source,
        "context_size": runtime.settings.engine.context_size,
        "directories": {
            "config": str(runtime.paths.config_dir),
            "data": str(runtime.paths.data_dir),
            "models": str(runtime.paths.models_dir),
            "cache": str(runtime.paths.cache_dir),
            "logs": str(runtime.paths.log_dir),
        },
        "default_model": default_model,
    }
    if args.json:
        out.write(json.dumps(facts, indent=2) + "\n")
        return 0
    gpus = ", ".join(
        f"{g['name']} ({g['free_gib']:.1f}/{g['total_gib']:.1f} GiB free)" for g in facts["gpus"]
    )
    lines = [
        f"Copydesk {__version__}",
        f"Build:          {'source checkout' if not build.is_packaged else build.describe()}",
        f"Backend:        {hw.backend}{' (GPU offload available)' if hw.gpu_offload else ''}",
        f"CPU:            {hw.cpu_model} ({hw.physical_cores} physical cores, {hw.logical_cores} usable)",
        f"CPU features:   {' '.join(hw.cpu_features) or 'unknown'}",
        f"GPU:            {gpus or 'none found'}",
        f"RAM:            {facts['ram_available_gib']} GiB free of {facts['ram_total_gib']} GiB",
        f"Threads:        {facts['threads']} ({source})",
        f"Context size:   {facts['context_size']} tokens",
        f"Default model:  {default_model}",
        *(f"{name.capitalize() + ' dir:':<16}{path}" for name, path in facts["directories"].items()),
    ]
    out.write("\n".join(lines) + "\n")
    return 0
