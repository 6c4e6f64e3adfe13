"""``copydesk models ...``: the installed models and how to get more."""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from app.cli.common import Parser
from app.core.models.starter import install_starter, model_cache_dir
from app.core.models.store import list_installed
from app.core.runtime import Runtime


def register(commands: argparse._SubParsersAction[Parser]) -> None:
    models = commands.add_parser("models", help="installed models")
    models.set_defaults(handler=cmd_models)
    model_commands = models.add_subparsers(dest="models_command", metavar="ACTION", parser_class=Parser)
    listing = model_commands.add_parser("list", help="list installed models")
    listing.add_argument("--json", action="store_true")
    model_commands.add_parser("install-starter", help="fetch, verify and install the small starter model")


def cmd_models(args: argparse.Namespace, runtime: Runtime, out: TextIO, err: TextIO) -> int:
    if args.models_command == "install-starter":

        def report(message: str) -> None:
            err.write(f"{message}\n")

        path = install_starter(runtime.paths, model_cache_dir(runtime.paths), progress=report)
        out.write(f"Starter model ready: {path}\n")
        return 0
    models = list_installed(runtime.paths, runtime.settings)
    if getattr(args, "json", False):
        rows = [
            {"name": m.name, "path": str(m.path), "size": m.size_bytes, "default": m.is_default}
            for m in models
        ]
        out.write(json.dumps(rows, indent=2) + "\n")
        return 0
    if not models:
        out.write(f"No models in {runtime.paths.models_dir}. Run: copydesk models install-starter\n")
        return 0
    for model in models:
        mark = "*" if model.is_default else " "
        out.write(f"{mark} {model.name:<40} {model.size_bytes / 1024**2:>9.1f} MiB  {model.path}\n")
    return 0
