"""Where a command's model runs: this computer (``--model``), or a server (``--endpoint``).

Every generating command takes the same options, so a script switches between a laptop and the team's
server by adding one flag.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from app.cli.common import CliError, positive_int
from app.core.engine.types import Engine
from app.core.runtime import Runtime

if TYPE_CHECKING:  # the HTTP stack loads only when a command runs on a server
    from app.core.remote.connect import RemoteChoice


def add_backend_options(parser: argparse.ArgumentParser) -> None:
    """The model options of every generating command: a local model, or a server."""
    local = parser.add_argument_group("this computer")
    local.add_argument("--model", help="model path, file name or name (default: the default model)")
    local.add_argument(
        "--context", type=positive_int, metavar="N", help="context size in tokens (default: from settings)"
    )
    local.add_argument(
        "--threads", type=positive_int, metavar="N", help="generation threads (default: from settings)"
    )
    remote = parser.add_argument_group("a server (OpenAI-compatible: llama-server, vLLM, Ollama, LM Studio)")
    remote.add_argument(
        "--endpoint",
        metavar="URL|NAME",
        help="run on this server: a base URL such as http://10.0.0.5:8080/v1, or a saved server's name",
    )
    remote.add_argument("--remote-model", metavar="NAME", help="model id on the server (default: its first)")
    remote.add_argument(
        "--api-key-env", metavar="VAR", help="read the server's API key from this environment variable"
    )


@dataclass(frozen=True)
class Backend:
    """A way to build the engine (on the engine's thread) and a name for it."""

    load: Callable[[], Engine]
    label: str
    remote: RemoteChoice | None = None

    @property
    def shutdown_wait_s(self) -> float:
        """How long to wait for the engine thread at exit: a local one may be inside llama.cpp and must
        be joined; a server's may be waiting on the network, and as a daemon it can simply be left."""
        return 0.5 if self.remote is not None else 10.0


def choose_backend(runtime: Runtime, args: argparse.Namespace, err: TextIO) -> Backend:
    """The backend the options ask for; local options given with ``--endpoint`` are noted, not used."""
    if not getattr(args, "endpoint", None):
        if getattr(args, "remote_model", None) or getattr(args, "api_key_env", None):
            raise CliError("--remote-model and --api-key-env need --endpoint")
        options = runtime.load_options(context_size=args.context, threads=args.threads)
        path = runtime.resolve_model(args.model)

        def load_local() -> Engine:
            from app.core.engine.llama_engine import LlamaEngine

            return LlamaEngine.load(path, options)

        return Backend(load_local, path.name)
    ignored = [f"--{name}" for name in ("model", "context", "threads") if getattr(args, name, None)]
    if ignored:
        err.write(f"copydesk: note: {', '.join(ignored)} apply to this computer; the server decides them\n")
    from app.core.remote.connect import remote_choice
    from app.core.remote.endpoints import EndpointError

    try:
        choice = remote_choice(
            runtime.settings.remote,
            args.endpoint,
            model=args.remote_model or "",
            api_key_env=args.api_key_env or "",
        )
    except EndpointError as exc:
        raise CliError(str(exc)) from None
    return Backend(choice.connect, choice.label, choice)


def describe_engine(engine: Engine, backend: Backend) -> str:
    """``[model, where, threads]`` for ``--stats``."""
    from app.core.engine.remote import RemoteEngine

    if isinstance(engine, RemoteEngine):
        return f"[{engine.model_name} on {backend.label}, context {engine.context_size}]"
    info = getattr(engine, "info", None)
    if info is None:
        return f"[{backend.label}]"
    return f"[{info.name}, {info.backend}, {info.threads} threads]"
